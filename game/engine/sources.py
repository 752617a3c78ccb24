"""Where a story's files are, and what tells one version of them from another (without reading YAML)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .files import NotAFile, TooLarge, read_regular_file

STORY_FILE = "story.yaml"
#: The largest story file the reader takes (yamlfile.MAX_FILE_BYTES): a larger one is never read.
MAX_FILE_BYTES = 20_000_000


def default_scenes_dir() -> Path:
    """The shipped scenes: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "scenes", here.parent / "scenes"):
        if (candidate / STORY_FILE).is_file():
            return candidate
    return here / "scenes"


def story_files(root: Path) -> list[Path]:
    """story.yaml and the chapter files, in name order, as the reader takes them: a hidden file (an
    editor's `.#x.yaml` lock, a copy's `._x.yaml`) is not a chapter, and `.YAML` and `.yml` are read
    like `.yaml`. OSError when the folder cannot be listed."""
    names = sorted(entry.name for entry in os.scandir(root))
    return [root / n for n in names if not n.startswith(".") and n.lower().endswith((".yaml", ".yml"))]


def source_key(root: Path, salt: str) -> str:
    """A hash of every story file's name and bytes, and of `salt` (the engine's version): any edit,
    added or removed file, or new engine gives another key. A file the reader would refuse (a pipe,
    a device, one too large) is never read: its name and the reason stand in for it."""
    digest = hashlib.sha256(salt.encode())
    for path in story_files(root):
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except (NotAFile, TooLarge) as e:
            data = f"unread: {e}".encode()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
