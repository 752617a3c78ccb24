"""Where a story's files are, and what tells one version of them from another (without reading YAML)."""

from __future__ import annotations

import hashlib
from pathlib import Path

STORY_FILE = "story.yaml"


def default_scenes_dir() -> Path:
    """The shipped scenes: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "scenes", here.parent / "scenes"):
        if (candidate / STORY_FILE).is_file():
            return candidate
    return here / "scenes"


def story_files(root: Path) -> list[Path]:
    """The files a story folder is read from, in the order they are read."""
    return sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml"))


def source_key(root: Path, salt: str) -> str:
    """A hash of every story file's name and bytes, and of `salt` (the engine's version): any edit,
    added or removed file, or new engine gives another key."""
    digest = hashlib.sha256(salt.encode())
    for path in story_files(root):
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
