"""A save carries its play time (issue 13): it grows across loads, a hand edit cannot break it,
and the Load lists of both front ends say it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from game.engine import SaveStore, Session, Story, default_scenes_dir
from game.engine.saves import play_time, story_folder
from game.plain import play_plain
from game.tui.screens.saves import describe_slot


def test_a_loaded_game_keeps_counting_from_the_time_its_save_had(small_story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    first = Session(small_story, saves=store)
    first.choose(0)
    data = first.snapshot()
    assert 0 <= data["play_seconds"] < 60
    data["play_seconds"] = 3900
    store.write("long game", data)
    later = Session(small_story, saves=store)
    assert later.load("long game")
    assert later.snapshot()["play_seconds"] >= 3900
    assert store.slot("long game").play_seconds == 3900


@pytest.mark.parametrize("raw", ["1e300", "-5", "true", '"an hour"', "null", "1" + "0" * 400])
def test_a_hand_edited_play_time_reads_as_none(small_story: Story, tmp_path: Path, raw: str) -> None:
    store = SaveStore(tmp_path / "saves")
    data = Session(small_story).snapshot()
    data["play_seconds"] = 0
    path = store.write("edited", data)
    path.write_text(path.read_text().replace('"play_seconds": 0', f'"play_seconds": {raw}'))
    assert json.loads(path.read_text())  # still a save the game can read
    assert store.slot("edited").play_seconds == 0
    later = Session(small_story, saves=store)
    assert later.load("edited")
    assert later.snapshot()["play_seconds"] < 60


def test_a_new_game_or_a_chapter_jump_starts_its_own_clock(small_story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    s = Session(small_story, saves=store)
    data = s.snapshot()
    data["play_seconds"] = 500
    store.write("old", data)
    assert s.load("old")
    s.start_chapter(2)
    assert s.snapshot()["play_seconds"] < 60
    assert s.load("old")
    s.restart()
    assert s.snapshot()["play_seconds"] < 60


def test_both_load_lists_say_how_long_a_game_was_played(small_story: Story, data_dir: Path) -> None:
    assert play_time(3900) == "1 h 05 min" and play_time(720) == "12 min" and play_time(30) == "under a minute"
    store = SaveStore(story_folder(small_story.root, default_scenes_dir(), data_dir) / "saves")
    data = Session(small_story).snapshot()
    data["play_seconds"] = 3900
    store.write("long game", data)
    slot = store.slot("long game")
    assert "played 1 h 05 min" in describe_slot(small_story, slot)
    listed = io.StringIO()
    play_plain(small_story, out=listed, inp=io.StringIO("l\n"))
    assert "played 1 h 05 min" in listed.getvalue()
