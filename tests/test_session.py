"""The session facade: text, choices, undo, history, chapter jumps, ending replays and saves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import play

from game.engine import Progress, SaveStore, Session, Story
from game.engine.saves import SaveError, slot_file_name, write_atomically


def test_a_new_game_starts_at_the_first_chapter_with_its_text_and_choices(small_story: Story) -> None:
    s = Session(small_story)
    assert s.scene_id == "one_opening"
    assert s.chapter.id == "one"
    assert s.paragraphs == ["You wake.", "A hard thing happens in detail."]
    assert [c.label for c in s.choices] == ["Pick red.", "Pick blue."]


def test_gentle_mode_swaps_in_the_gentle_passage(small_story: Story) -> None:
    s = Session(small_story, gentle=True)
    assert s.paragraphs[-1] == "A hard thing happens."


def test_conditions_choose_the_text_and_hide_closed_choices(small_story: Story) -> None:
    red = play(Session(small_story), "one_middle")
    assert red.paragraphs == ["Red it is."]
    assert [c.label for c in red.choices] == ["Go on."]
    blue = play(Session(small_story), "blue")
    assert blue.paragraphs == ["Blue it is."]
    assert [c.label for c in blue.choices] == ["Go on.", "Give up."]


def test_the_open_choices_come_from_the_machine(small_story: Story) -> None:
    s = Session(small_story)
    opening, bad = small_story.scenes["one_opening"].choices[1], small_story.scenes["two_choice"].choices[1]
    assert s.stage.may_choose(opening) is True
    assert s.stage.may_choose(bad) is False  # not the current scene's


def test_undo_any_number_of_steps_restores_scene_and_variables(small_story: Story) -> None:
    s = play(Session(small_story), "one_middle", "two_opening", "next")
    assert s.values["coins"] == 2
    assert s.undo(2) == 2
    assert s.scene_id == "one_middle"
    assert s.undo(5) == 1
    assert s.scene_id == "one_opening" and s.values["coins"] == 0
    assert not s.can_undo and s.undo() == 0


def test_history_holds_what_was_read_and_chosen(small_story: Story) -> None:
    s = play(Session(small_story), "blue", "two_opening")
    history = s.history
    assert [h.scene for h in history] == ["one_opening", "one_middle", "two_opening"]
    assert history[0].choice == "Pick blue."
    assert history[1].paragraphs == ["Blue it is."]
    assert history[-1].choice is None and history[-1].interlude


def test_a_chapter_jump_replays_the_canonical_route_and_undo_stops_there(small_story: Story) -> None:
    s = Session(small_story)
    s.start_chapter("two")
    assert s.scene_id == "two_opening"
    assert s.values["coins"] == 2 and s.values["colour"] == "red"
    assert not s.can_undo
    assert s.start_chapter(1).id == "one" and s.scene_id == "one_opening"


def test_an_unknown_chapter_names_the_real_ones(small_story: Story) -> None:
    with pytest.raises(KeyError, match="the chapters are one, two"):
        Session(small_story).start_chapter("three")


def test_replaying_an_ending_stands_at_the_decision_that_leads_to_it(small_story: Story) -> None:
    s = Session(small_story)
    assert s.replay_ending().id == "good"
    assert s.scene_id == "two_choice"  # the last scene on the film's route with two open choices
    assert not s.can_undo
    s.replay_ending("bad")  # the way that strays least from the film: walk away at the very end
    assert s.scene_id == "two_choice" and s.values["colour"] == "red"
    play(s, "bad_end")
    assert s.ending is not None and s.ending.title == "The Bad End"


def test_reaching_an_ending_is_kept_in_progress(small_story: Story, data_dir: Path) -> None:
    s = Session(small_story, progress=Progress())
    s.start_chapter("two")
    play(s, "next", "good_end")
    assert Progress().endings == ["good"]
    assert "good_end" in Progress().seen


def test_a_save_round_trips_with_undo_intact(small_story: Story) -> None:
    s = play(Session(small_story, saves=SaveStore()), "blue", "two_opening")
    s.save("before the end")
    t = Session(small_story, saves=SaveStore())
    assert t.load("before the end")
    assert t.scene_id == "two_opening" and t.values == s.values
    assert t.undo() == 1 and t.scene_id == "one_middle"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"format": 1}',
        b'{"format": 1, "scene": "two_opening", "variables": {"coins": "lots"}, "history": []}',
        b'{"format": 1, "scene": "two_opening", "variables": {"colour": "green"}, "history": []}',
        b'{"format": 1, "scene": "two_opening", "variables": {}, "history": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
        b" " * 3_000_000,
    ],
    ids=["broken", "binary", "list", "fieldless", "wrong-type", "wrong-value", "deep", "huge"],
)
def test_a_corrupt_or_hostile_save_is_set_aside_and_the_game_goes_on(
    small_story: Story, data_dir: Path, content: bytes
) -> None:
    saves = SaveStore()
    saves.root.mkdir(parents=True)
    (saves.root / "slot-mine.json").write_bytes(content)
    s = play(Session(small_story, saves=saves), "blue")
    assert not s.load("mine")
    assert s.scene_id == "one_middle"  # nothing lost
    assert len(s.notices) == 1 and "moved aside" in s.notices[0]
    assert not (saves.root / "slot-mine.json").exists()
    assert list(saves.root.glob("slot-mine.unreadable-*.json"))


def test_a_save_from_a_newer_game_stays_where_it_is_for_that_game(small_story: Story) -> None:
    saves = SaveStore()
    saves.root.mkdir(parents=True)
    newer = saves.root / "slot-mine.json"
    newer.write_text('{"format": 99, "min_format": 99, "name": "mine", "scene": "x", "variables": {}, "history": []}')
    s = play(Session(small_story, saves=saves), "blue")
    assert not s.load("mine")
    assert s.scene_id == "one_middle"
    assert len(s.notices) == 1 and "newer version" in s.notices[0] and "stays where it is" in s.notices[0]
    assert newer.exists()


def test_a_save_whose_scene_is_gone_resumes_at_its_chapter_start(small_story: Story) -> None:
    saves = SaveStore()
    write_atomically(saves.path_for("old"), {
        "format": 1, "story_version": "0.0", "chapter": "two", "scene": "a_scene_since_cut",
        "variables": {"coins": 2}, "history": ["one_opening.gone"],
    })
    s = Session(small_story, saves=saves)
    assert s.load("old")
    assert s.scene_id == "two_opening"
    assert "no longer in the story" in s.notices[0] and "chapter 2, Two" in s.notices[0]


def test_a_save_from_an_older_story_with_a_known_scene_resumes_there(small_story: Story) -> None:
    s = Session(small_story)
    s.restore({"format": 1, "story_version": "0.0", "chapter": "two", "scene": "two_choice",
               "variables": {"coins": 5, "retired_variable": 1}, "history": ["nonsense"]})
    assert s.scene_id == "two_choice" and s.values["coins"] == 5
    assert "another version" in s.notices[0]


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/path", "..", "a/b", "nul\x00byte", "   ", "../"])
def test_slot_names_cannot_leave_the_save_folder(name: str) -> None:
    saves = SaveStore()
    try:
        path = saves.path_for(name)
    except ValueError:
        return
    assert path.parent == saves.root.resolve()
    assert path.name.startswith("slot-") and "/" not in path.name[5:]


def test_korean_and_spaced_slot_names_make_safe_files() -> None:
    assert slot_file_name("옥주 before the motel") == "slot-옥주-before-the-motel.json"


def test_a_save_interrupted_before_os_replace_leaves_the_old_save_whole(
    small_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = SaveStore()
    s = play(Session(small_story, saves=saves), "blue")
    s.save("slot")
    before = saves.path_for("slot").read_bytes()

    def power_cut(src: str, dst: str) -> None:
        raise OSError("power cut")

    play(s, "two_opening")
    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        s.save("slot")
    monkeypatch.undo()
    assert saves.path_for("slot").read_bytes() == before
    assert not [p for p in saves.root.iterdir() if p.name.endswith(".tmp")]
    t = Session(small_story, saves=saves)
    assert t.load("slot") and t.scene_id == "one_middle"


def test_slots_list_newest_first_and_set_aside_the_unreadable(small_story: Story) -> None:
    saves = SaveStore()
    s = Session(small_story, saves=saves)
    s.save("first")
    play(s, "one_middle")
    s.save("second")
    (saves.root / "slot-broken.json").write_text("{")
    names = [slot.name for slot in saves.slots()]
    assert [n for n in names if n != "autosave"] == ["second", "first"]
    assert "broken" not in names
    assert any("moved aside" in m for m in saves.messages)


def test_corrupt_settings_and_progress_are_set_aside_and_defaults_used(data_dir: Path) -> None:
    from game.engine import Settings

    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text("{oops")
    (data_dir / "progress.json").write_text('{"endings": "not a list", "seen": [1, "x"]}')
    settings = Settings()
    assert settings["text_speed"] == "normal" and settings.message and "moved aside" in settings.message
    progress = Progress()
    assert progress.endings == [] and progress.seen == {"x"}


def test_a_bad_save_never_raises_from_restore_with_wrong_shapes(small_story: Story) -> None:
    s = Session(small_story)
    for bad in ({}, {"scene": 1, "variables": {}, "history": []}, {"scene": "x", "variables": [], "history": []},
                {"scene": "one_middle", "variables": {}, "history": [1, 2]}):
        with pytest.raises(SaveError):
            s.restore(bad)
    assert s.scene_id == "one_opening"


def test_an_ending_replay_skips_a_last_choice_that_changes_nothing(tmp_path: Path) -> None:
    import shutil

    from game.engine import load_story

    folder = tmp_path / "story"
    shutil.copytree(Path(__file__).parent / "stories" / "good", folder)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace(
        "      - label: Walk.\n        to: bad_end\n",
        "      - label: Walk.\n        to: two_walk\n"
        "  two_walk:\n    text: [You walk. How do you say goodbye?]\n    choices:\n"
        "      - {label: Wave., to: bad_end, id: wave}\n      - {label: Nod., to: bad_end, id: nod}\n"))
    s = Session(load_story(folder))
    s.replay_ending("bad")
    # Waving or nodding, it ends the same: the decision that leads to the bad end is walking away.
    assert s.scene_id == "two_choice"
    assert [c.id for c in s.choices] == ["good_end", "two_walk"]


def test_a_number_too_large_for_python_in_progress_is_set_aside(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "progress.json").write_text('{"endings": [' + "9" * 5000 + "]}")
    progress = Progress()
    assert progress.endings == [] and progress.message and "far too large" in progress.message
    assert list(data_dir.glob("progress.unreadable-*.json"))


def test_a_set_aside_save_is_not_listed_again_and_a_copied_one_is_listed_by_its_file(small_story: Story) -> None:
    saves = SaveStore()
    s = Session(small_story, saves=saves)
    s.save("mine")
    (saves.root / "slot-bad.json").write_text("{")
    (saves.root / "slot-copy.json").write_bytes(saves.path_for("mine").read_bytes())  # copied by hand
    for _ in range(3):
        names = [slot.name for slot in saves.slots()]
    assert sorted(names) == ["copy", "mine"]
    assert len(list(saves.root.glob("slot-bad.unreadable-*.json"))) == 1
    t = Session(small_story, saves=saves)
    assert t.load("copy") and t.scene_id == "one_opening"


def test_a_save_whose_variables_leave_no_choice_open_resumes_at_its_chapter_start(tmp_path: Path) -> None:
    import shutil

    from game.engine import load_story

    folder = tmp_path / "story"
    shutil.copytree(Path(__file__).parent / "stories" / "good", folder)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("        to: bad_end\n", "        to: bad_end\n        if: colour == \"blue\"\n"))
    s = Session(load_story(folder))  # the checker finds no dead end: red always has the coins to spend
    s.restore({"format": 1, "story_version": "0.1", "chapter": "two", "scene": "two_choice",
               "variables": {"coins": 0, "colour": "red"}, "history": []})
    assert s.scene_id == "two_opening" and s.choices
    assert "resume at the start of chapter 2" in s.notices[0]


def test_the_autosave_name_is_kept_for_the_autosave(small_story: Story) -> None:
    s = Session(small_story, saves=SaveStore())
    with pytest.raises(ValueError, match="kept for the autosave"):
        s.save(" Autosave ")


def test_two_names_that_share_a_file_are_told_apart_before_one_overwrites_the_other(small_story: Story) -> None:
    saves = SaveStore()
    s = Session(small_story, saves=saves)
    s.save("Before motel")
    assert saves.name_in_file("before.motel") == "Before motel"
    assert saves.name_in_file("after") is None


def test_a_chapter_jump_counts_only_the_scene_stood_in_as_seen(small_story: Story) -> None:
    s = Session(small_story, progress=Progress())
    s.start_chapter("two")
    assert Progress().seen == {"two_opening"}


def test_a_choice_chapter_or_ending_that_cannot_be_played_is_named_as_not_in_the_story(
    small_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.engine.session
    from game.engine.model import NotInStory

    with pytest.raises(NotInStory) as choice:
        Session(small_story).choose_id("fly")
    assert str(choice.value) == "no open choice 'fly' in scene 'one_opening'; open: one_middle, blue"
    monkeypatch.setattr(game.engine.session, "canonical_route", lambda story: [])  # as an unchecked story may
    with pytest.raises(NotInStory, match="never reaches chapter 'two'"):
        Session(small_story).start_chapter("two")
    monkeypatch.setattr(game.engine.session, "ending_replay", lambda story, goal: None)
    with pytest.raises(NotInStory, match="cannot be reached"):
        Session(small_story).replay_ending()


def test_sessions_discarded_or_replaced_leave_the_shared_machine(small_story: Story) -> None:
    import gc

    from game.engine.machine import story_machine

    machine = story_machine(small_story)
    s = Session(small_story)
    before = len(machine.models)
    for _ in range(50):
        play(Session(small_story), "blue")
        s = Session(small_story)  # the one before is replaced
    gc.collect()
    assert len(machine.models) <= before and s.stage in machine.models


def test_a_new_games_first_scene_counts_as_seen(small_story: Story) -> None:
    s = Session(small_story, progress=Progress())
    s.restart()
    assert small_story.start in Progress().seen
