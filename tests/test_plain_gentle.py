"""Plain mode has no settings screen: it says how gentle mode is turned on there, and each
chapter note says whether it is on (as the TUI's chapter card does). Screen-reader users rely on it."""

from __future__ import annotations

import json
from pathlib import Path

from test_plain import plain


def note_and_first_chapter(out: str) -> tuple[str, str]:
    """The content note (up to the first chapter heading) and the first chapter's note (to its text)."""
    note, chapter = out.split("== Chapter 1: One ==", 1)
    return note, chapter.split("You wake.", 1)[0]


def test_the_content_note_says_how_plain_mode_turns_gentle_mode_on() -> None:
    note, _ = note_and_first_chapter(plain("").stdout)
    flat = " ".join(note.split())
    assert "--gentle" in flat
    assert "ballerina --plain --gentle" in flat and "settings of the full-screen game" in flat


def test_each_chapter_note_says_whether_gentle_mode_is_on() -> None:
    _, off = note_and_first_chapter(plain("").stdout)
    assert "Gentle mode is off" in " ".join(off.split()) and "--gentle" in off
    _, on = note_and_first_chapter(plain("", "--gentle").stdout)
    assert "Gentle mode is on" in " ".join(on.split())
    out = plain("1\n1\n").stdout  # chapter 2's note too
    assert " ".join(out.split("== Chapter 2: Two ==", 1)[1].split()).count("Gentle mode is off") == 1


def test_gentle_mode_set_in_the_tui_carries_over_and_plain_mode_says_so(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"gentle": True}))
    out = plain("").stdout
    _, chapter = note_and_first_chapter(out)
    assert "Gentle mode is on" in " ".join(chapter.split())
    assert "A hard thing happens." in out and "in detail" not in out
