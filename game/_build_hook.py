"""Build hook: the wheel carries the shipped story compiled (plain JSON), so a fresh install's first
start reads no YAML and runs no check. Anything that goes wrong only leaves it out, with a line."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledStoryHook(BuildHookInterface):
    """Compile scenes/ into the wheel as game/scenes.compiled.json (engine.compiled.carried_path)."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = Path(tempfile.mkdtemp(prefix="ballerina-compiled-"))
        out = self._folder / "compiled.json"
        sys.path.insert(0, self.root)
        try:
            from game.engine.compiled import CARRIED, compile_folder

            compile_folder(Path(self.root) / "scenes", out)
        except Exception as e:  # the wheel works without it: it only starts slower the first time
            print(f"ballerina build: the story is not shipped compiled ({type(e).__name__}: {e})", file=sys.stderr)
            return
        finally:
            sys.path.remove(self.root)
        build_data["force_include"][str(out)] = f"game/scenes{CARRIED}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
