"""The engine's layers call only down: reading, checking and loading one way, and play without YAML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "game" / "engine"

#: Each module may import only the ones below it (lower layers first).
LAYERS = [
    {"expr", "files", "memory", "problems", "text"},
    {"sources"},
    {"model", "yamlfile"},
    {"route", "saves", "loader"},
    {"checker", "machine", "ways"},
    {"session", "compiled"},
    {"opening", "storymap"},
]


def _imports(module: str) -> set[str]:
    source = (ENGINE / f"{module}.py").read_text()
    return set(re.findall(r"^\s*from \.(\w+) import", source, re.M))


def test_every_engine_module_imports_only_the_layers_below_it() -> None:
    level = {m: n for n, layer in enumerate(LAYERS) for m in layer}
    modules = {p.stem for p in ENGINE.glob("*.py")} - {"__init__"}
    assert modules <= set(level), f"place {sorted(modules - set(level))} in LAYERS"  # none exempt by omission
    upward = [(m, d) for m in modules for d in _imports(m) if level[d] >= level[m]]
    assert upward == []


def test_no_engine_modules_import_each_other_in_a_circle() -> None:
    graph = {p.stem: _imports(p.stem) for p in ENGINE.glob("*.py") if p.stem != "__init__"}
    done: set[str] = set()

    def walk(module: str, path: list[str]) -> None:
        for dep in graph.get(module, ()):
            assert dep not in path, f"an import cycle: {' -> '.join([*path[path.index(dep):], dep])}"
            if dep not in done:
                walk(dep, [*path, dep])
        done.add(module)

    for module in graph:
        walk(module, [module])


def test_playing_a_compiled_story_imports_neither_yaml_nor_the_checker(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from game.engine import load_story, Session\n"
        f"story = load_story({str(Path(__file__).parent / 'stories' / 'good')!r})\n"
        "print(Session(story).scene_id, 'yaml' in sys.modules, 'game.engine.checker' in sys.modules)\n"
    )
    env = dict(os.environ, BALLERINA_CACHE_DIR=str(tmp_path / "cache"))
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split() == ["one_opening", "True", "True"]  # read, checked and compiled
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert again.stdout.split() == ["one_opening", "False", "False"]
