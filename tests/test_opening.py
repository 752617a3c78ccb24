"""Opening a game: the player's files, where play starts, and the autosave policy (one place for both front ends)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import go_in, play

from game.engine import Progress, Story
from game.engine.opening import Game


def test_every_choice_autosaves_by_choice_id(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue", "two_opening")
    data = json.loads(g.saves.path_for("autosave").read_text())
    assert data["format"] == 2 and data["story_version"] == "0.1"
    assert data["scene"] == "two_opening" and data["chapter"] == "two"
    assert data["history"] == ["one_opening.blue", "one_middle.two_opening"]
    assert data["variables"]["one_flag"] is True


def test_a_symlinked_autosave_is_replaced_not_followed_and_never_stops_the_game(
    small_story: Story, tmp_path: Path
) -> None:
    g = Game(small_story)
    g.saves.root.mkdir(parents=True)
    outside = tmp_path / "outside.json"
    (g.saves.root / "autosave.json").symlink_to(outside)
    play(g.session, "blue")
    assert g.session.notices == [] and not outside.exists()
    assert not (g.saves.root / "autosave.json").is_symlink()
    assert json.loads((g.saves.root / "autosave.json").read_text())["scene"] == "one_middle"


def test_starting_jumping_and_replaying_leave_the_autosave_alone(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue")
    before = g.saves.path_for("autosave").read_bytes()
    again = Game(small_story)
    for way in (again.way_in(), again.way_in(chapter="two"), again.way_in(ending="bad")):
        assert way is not None
        again.take(way)
    assert not again.leave()  # nothing chosen in this run: nothing written on the way out
    assert g.saves.path_for("autosave").read_bytes() == before


def test_a_loaded_save_becomes_the_game_in_progress_and_the_one_before_is_kept(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue")
    g.session.save("early")
    play(g.session, "two_opening")  # the game goes on: the autosave is in chapter two
    t = Game(small_story)
    assert go_in(t, slot="early")
    assert t.saves.slot("autosave").scene == "one_middle"  # Continue goes on from the loaded save
    assert t.saves.slot("Previous autosave").scene == "two_opening"


def test_a_finished_game_is_not_kept_and_three_unfinished_ones_are(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "one_middle")
    g.session.start_chapter("two")
    play(g.session, "next", "good_end")  # an ending: the autosave holds a finished game
    for first in ("one_middle", "blue", "one_middle", "blue"):  # four new games, each left unfinished
        fresh = Game(small_story)
        play(fresh.session, first)
    saves = g.saves
    assert [saves.slot(n).scene for n in ("Previous autosave", "Previous autosave 2", "Previous autosave 3")] == [
        "one_middle"] * 3
    assert saves.slot("Previous autosave 4") is None and fresh.session.scene_id == "one_middle"


def test_a_new_run_keeps_the_last_games_autosave_and_a_continued_one_replaces_it(small_story: Story) -> None:
    play(Game(small_story).session, "blue")  # game one, in one_middle
    again = Game(small_story)
    assert go_in(again, slot="autosave")
    play(again.session, "two_opening")  # game one goes on: nothing to keep
    assert not again.saves.exists("Previous autosave")
    fresh = Game(small_story)
    play(fresh.session, "one_middle")  # game two's first choice
    assert 'kept as "Previous autosave"' in fresh.session.notices[0]
    kept = Game(small_story)
    assert go_in(kept, slot="Previous autosave") and kept.session.scene_id == "two_opening"
    with pytest.raises(ValueError, match="kept for the autosaves of the games before"):
        fresh.session.save("previous autosave")


def test_the_farewell_names_this_games_autosave_and_never_another_games(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue")
    g.leave()
    line = g.farewell("ballerina --continue")
    assert line == f"Your game is autosaved in {g.saves.path_for('autosave')}. To go on from there: ballerina --continue"
    fresh = Game(small_story)
    go_in(fresh)  # a new game, nothing chosen: the autosave on disk is the game before's
    fresh.leave()
    assert fresh.farewell("ballerina --continue") is None
    again = Game(small_story)
    go_in(again, slot="autosave")  # continued: that autosave is this game's, chosen in or not
    assert again.farewell("x") is not None


def test_a_new_game_in_the_same_run_keeps_the_game_before(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue", "two_opening")
    g.session.restart()  # the title's New game, in the same run
    play(g.session, "one_middle")
    assert g.saves.slot("Previous autosave").scene == "two_opening"
    assert g.saves.slot("autosave").scene == "one_middle"


def test_an_autosave_from_a_newer_game_is_kept_not_overwritten(small_story: Story) -> None:
    g = Game(small_story)
    g.saves.root.mkdir(parents=True)
    newer = '{"format": 9, "min_format": 9, "scene": "x", "variables": {}, "history": [], "name": "autosave"}'
    g.saves.path_for("autosave").write_text(newer)
    play(g.session, "blue")
    # Issue 16.6: not among this game's "Previous autosave"s (which it rotates and drops), but beside.
    assert not g.saves.path_for("Previous autosave").exists()
    (kept,) = g.saves.root.glob("autosave.newer-game-*.json")
    assert kept.read_text() == newer
    assert json.loads(g.saves.path_for("autosave").read_text())["scene"] == "one_middle"


def test_a_resumed_chapter_jump_counts_only_what_the_player_read(small_story: Story) -> None:
    g = Game(small_story)
    go_in(g, chapter="two")
    play(g.session, "next")
    t = Game(small_story)
    assert go_in(t, slot="autosave") and t.session.visited == {"two_opening", "two_choice"}


def test_continuing_without_an_autosave_starts_a_new_game_and_says_so(small_story: Story) -> None:
    g = Game(small_story)
    way = g.way_asked(resume=True)
    assert way is not None and way.kind == "new" and way.note == small_story.chapters[0]
    assert g.session.notices == ["There is no autosave to continue: a new game begins."]
    assert g.way_asked() is None  # nothing asked: the front end opens on its title, or a new game


def test_an_unusable_autosave_is_set_aside_and_a_new_game_begins_said_in_one_notice(small_story: Story) -> None:
    g = Game(small_story)
    g.saves.root.mkdir(parents=True)
    g.saves.path_for("autosave").write_text("{")
    way = g.way_asked(resume=True)
    assert way is not None and way.kind == "new" and len(g.session.notices) == 1
    assert "moved aside" in g.session.notices[0] and g.session.notices[0].endswith("and a new game begins.")
    # One that reads but does not fit the story: the same, before any chapter note is shown.
    g.saves.path_for("autosave").write_text(json.dumps(
        {"format": 2, "scene": "two_opening", "chapter": "two", "variables": {"one_flag": "not a flag"}, "history": []}))
    way = g.way_asked(resume=True)
    assert way is not None and way.kind == "new" and g.session.notices[-1].endswith("and a new game begins.")


def test_replaying_an_ending_is_one_of_the_ways_in(small_story: Story) -> None:
    g = Game(small_story)
    way = g.way_asked(ending="")
    assert way is not None and way.ending is not None and way.ending.true_ending
    assert way.news == f"Replaying “{way.ending.title}” from the decision that leads to it."
    assert way.note is not None and way.note.id == "two"  # the decision's chapter: its note, as plain mode's heading
    g.take(way)
    assert g.session.scene_id == "two_choice"


def test_a_way_in_changes_nothing_until_it_is_taken(small_story: Story) -> None:
    """A front end shows the chapter's note between the two: turning back there leaves the game
    as it was, whichever way in it was."""
    g = Game(small_story)
    play(g.session, "blue")
    g.session.save("early")
    play(g.session, "two_opening")
    before = (g.session.scene_id, g.session.choice_ids, g.saves.path_for("autosave").read_bytes())
    ways = [g.way_in(), g.way_in(chapter="one"), g.way_in(chapter=2), g.way_in(ending=""), g.way_in(slot="early")]
    assert [w.kind for w in ways if w] == ["new", "chapter", "chapter", "ending", "save"]
    assert (g.session.scene_id, g.session.choice_ids, g.saves.path_for("autosave").read_bytes()) == before
    assert [w.note.id if w and w.note else None for w in ways] == ["one", "one", "two", "two", None]
    g.take(ways[2])  # type: ignore[arg-type]
    assert g.session.scene_id == "two_opening"


def test_a_save_at_a_chapters_start_comes_with_that_chapters_note(small_story: Story) -> None:
    g = Game(small_story)
    play(g.session, "blue", "two_opening")  # the first scene of chapter two
    way = Game(small_story).way_in(slot="autosave")
    assert way is not None and way.note is not None and way.note.id == "two" and way.news is None
    g.session.save("mine")
    assert (g.way_in(slot="mine") or way).news == "Loaded “mine”."


def test_a_save_whose_scene_is_gone_resumes_at_its_chapters_start_after_that_chapters_note(small_story: Story) -> None:
    g = Game(small_story)
    g.saves.root.mkdir(parents=True)
    g.saves.path_for("gone").write_text(json.dumps(
        {"format": 2, "scene": "cut_scene", "chapter": "two", "variables": {}, "history": []}))
    way = g.way_in(slot="gone")
    assert way is not None and way.note is not None and way.note.id == "two" and g.session.notices == []
    g.take(way)
    assert g.session.scene_id == "two_opening" and "no longer in the story" in g.session.notices[-1]


def test_a_missing_or_broken_save_is_no_way_in_and_says_why(small_story: Story) -> None:
    g = Game(small_story)
    assert g.way_in(slot="autosave") is None
    assert g.session.notices == ["There is no autosave yet: start a new game, or pick a chapter."]
    assert g.way_in(slot="nowhere") is None and g.session.notices[-1] == "There is no save called 'nowhere'."
    g.saves.root.mkdir(parents=True)
    g.saves.path_for("broken").write_text("[1]")
    assert g.way_in(slot="broken") is None and "moved aside" in g.session.notices[-1]
    assert g.session.scene_id == "one_opening"


def test_the_player_files_of_a_story_folder_are_its_own(small_story: Story, data_dir: Path) -> None:
    g = Game(small_story)
    play(g.session, "blue")
    assert data_dir in g.saves.root.parents and g.saves.root.parent != data_dir  # not the shipped game's folder
    assert Progress(g.saves.root.parent).seen == {"one_middle"}


def test_an_autosave_that_cannot_be_written_is_a_notice_and_play_goes_on(small_story: Story) -> None:
    g = Game(small_story)
    g.saves.root.parent.mkdir(parents=True, exist_ok=True)
    g.saves.root.write_text("a file where the save folder should be")
    play(g.session, "blue")
    assert g.session.scene_id == "one_middle"
    assert g.session.notices and g.session.notices[-1].startswith("The autosave could not be written")
    assert not g.leave()


def test_writes_held_for_later_wait_for_the_front_end_and_keep_the_last_move(small_story: Story) -> None:
    later: list[Callable[[], object]] = []
    g = Game(small_story, writes_after=later.append)
    play(g.session, "blue")
    autosave, progress = g.saves.path_for("autosave"), g.progress.path
    assert not autosave.exists() and not progress.exists()  # nothing on disk before the paint
    play(g.session, "two_opening")
    assert len(later) == 1  # one write for the moves made before it runs
    later.pop()()
    assert json.loads(autosave.read_text())["scene"] == "two_opening"
    assert {"one_middle", "two_opening"} <= set(json.loads(progress.read_text())["seen"])


def test_a_new_run_writes_the_last_move_of_the_game_before_first(small_story: Story) -> None:
    later: list[Callable[[], object]] = []
    g = Game(small_story, writes_after=later.append)
    play(g.session, "blue")  # the move's autosave is owed...
    g.take(g.way_in(chapter="two"))  # type: ignore[arg-type]  # ...when a jump begins a new run
    assert json.loads(g.saves.path_for("autosave").read_text())["scene"] == "one_middle"
    play(g.session, "next")
    while later:
        later.pop()()
    assert g.saves.slot("Previous autosave").scene == "one_middle"  # kept, as the policy says
    assert g.saves.slot("autosave").scene == "two_choice"


def test_leaving_writes_what_is_held(small_story: Story) -> None:
    g = Game(small_story, writes_after=lambda write: None)  # a front end that never gets to write
    play(g.session, "blue")
    assert g.leave()
    assert json.loads(g.saves.path_for("autosave").read_text())["scene"] == "one_middle"
    assert "one_middle" in json.loads(g.progress.path.read_text())["seen"]


def test_a_failed_autosave_is_said_on_the_way_out_not_a_false_saved(small_story: Story) -> None:
    play(Game(small_story).session, "blue")  # game A on disk
    g = Game(small_story)
    write = g.saves.write

    def full_disk(name: str, data: dict[str, object]) -> object:
        if name == "autosave":
            raise OSError(28, "No space left on device")
        return write(name, data)

    g.saves.write = full_disk  # type: ignore[method-assign]
    play(g.session, "one_middle")  # game B's first choice: its autosave fails
    assert not g.leave()
    assert g.farewell("ballerina --continue") == (
        "Your game could not be autosaved (No space left on device): it is not kept on disk.")


def test_a_save_read_while_a_moves_autosave_is_owed_comes_after_that_write(small_story: Story) -> None:
    play(Game(small_story).session, "blue", "two_opening")  # game A on disk
    later: list[Callable[[], object]] = []
    g = Game(small_story, writes_after=later.append)
    play(g.session, "one_middle")  # game B moves: its autosave is owed
    way = g.way_in(slot="Previous autosave")  # the owed write made first: A kept there, then read
    assert way is not None and way.place.at.scene == "two_opening"
    assert g.saves.slot("autosave").scene == "one_middle"  # B is on disk, not lost


def test_loading_a_save_that_stands_at_an_ending_does_not_unlock_it(small_story: Story) -> None:
    g = Game(small_story)
    g.saves.root.mkdir(parents=True)
    g.saves.path_for("made").write_text(json.dumps(
        {"format": 2, "scene": "bad_end", "chapter": "two", "variables": {}, "history": []}))
    assert go_in(g, slot="made") and g.session.scene_id == "bad_end"
    assert g.progress.endings == []
