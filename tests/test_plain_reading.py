"""Plain mode keeps up with the TUI (issue 13): the content note on w, places in the history,
the help line in a chapter's note."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GOOD = Path(__file__).parent / "stories" / "good"


def plain(stdin: str) -> str:
    run = subprocess.run([sys.executable, "-m", "game", "--plain", "--scenes", str(GOOD)], input=stdin,
                         capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_w_reopens_the_content_note() -> None:
    plain("")  # the first run shows it once
    out = plain("w\n")
    assert out.count("CONTENT NOTE") == 1 and out.index("CONTENT NOTE") > out.index("You wake.")
    assert "findahelpline.com" in out.split("CONTENT NOTE")[1]


def test_the_history_shows_where_each_scene_took_place() -> None:
    history = plain("1\nh\n").split("-- History --")[1]
    assert "Seoul, 5:40 a.m." in history


def test_a_chapter_note_carries_the_help_line() -> None:
    out = plain("")
    note = out[out.index("== Chapter 1: One =="):out.index("You wake.")]
    assert "(This chapter holds: Grief.)" in note and "someone to talk to: Anywhere: findahelpline.com" in note
