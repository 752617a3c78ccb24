"""The ballerina command leaves without freeing the story object by object, and loses none of its output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GOOD = Path(__file__).parent / "stories" / "good"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for a player
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env, timeout=60)


def test_everything_printed_reaches_a_pipe_before_the_process_leaves() -> None:
    run = _run("walkthrough", "--scenes", str(GOOD))
    assert run.returncode == 0
    assert run.stdout.rstrip().endswith("Written for the tests.")  # the credits, printed last


def test_the_exit_code_and_the_error_line_survive_the_quick_exit() -> None:
    run = _run("--plain", "--scenes", str(GOOD), "--chapter", "nine")
    assert run.returncode == 2
    assert "there is no chapter 'nine'" in run.stderr
