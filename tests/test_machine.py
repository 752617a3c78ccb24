"""The story machine: one verb for every scene, choices played through it, and its callbacks' bookkeeping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import STORIES, go_in, play

from game.engine import Progress, SaveStore, Session, Story, load_story
from game.engine.machine import HISTORY_LIMIT, Stage, story_machine
from game.engine.opening import Game


def test_one_event_serves_every_scene_and_its_transitions_are_keyed_by_their_scene(story: Story) -> None:
    machine = story_machine(story)
    assert list(machine.events) == ["choose"]  # not one event per choice: asking costs no more as the story grows
    by_scene = machine.events["choose"].transitions
    for scene in story.scenes.values():
        assert [t.choice for t in by_scene.get(scene.id, [])] == list(scene.choices)
    assert story_machine(story) is machine  # built once, shared by every playthrough


def test_the_machines_callbacks_keep_the_step_the_visit_and_the_chapter_crossed(small_story: Story) -> None:
    stage = Stage(small_story, small_story.start_values(), Progress())
    blue = small_story.scenes["one_opening"].choices[1]
    assert stage.choose(blue)
    assert stage.state == "one_middle" and stage.values["colour"] == "blue"
    assert [(s.scene, s.choice) for s in stage.steps] == [("one_opening", blue)]
    assert stage.steps[0].values["colour"] == "none"  # kept as it was before the choice's effects
    assert stage.visited == {"one_middle"} and stage.entered is None
    assert stage.choose(small_story.scenes["one_middle"].choices[0])
    assert stage.entered is not None and stage.entered.id == "two"
    assert Progress().seen == {"one_middle", "two_opening"}


def test_a_closed_choice_or_another_scenes_choice_does_not_move_the_machine(small_story: Story) -> None:
    stage = Stage(small_story, small_story.start_values())
    give_up = small_story.scenes["one_middle"].choices[1]  # if: one_flag
    assert not stage.may_choose(give_up)
    stage.choose(small_story.scenes["one_opening"].choices[0])  # red: one_flag stays false
    assert not stage.may_choose(give_up) and not stage.choose(give_up)
    assert stage.state == "one_middle" and len(stage.steps) == 1


def test_the_session_plays_its_choices_through_the_machine(small_story: Story) -> None:
    s = play(Session(small_story), "blue", "two_opening")
    assert s.entered is not None and s.entered.id == "two"
    assert s.visited == {"one_opening", "one_middle", "two_opening"}
    assert [step.choice.trigger for step in s.path if step.choice] == s.choice_ids == [
        "one_opening.blue", "one_middle.two_opening"]


def test_undo_goes_back_across_a_chapter_with_its_variables(small_story: Story) -> None:
    s = play(Session(small_story), "one_middle", "two_opening")
    assert s.entered is not None and s.chapter.id == "two"
    assert s.undo() == 1 and s.entered is None  # back in chapter one: no chapter was crossed into
    play(s, "two_opening", "next")
    assert s.undo(2) == 2
    assert s.chapter.id == "one" and s.scene_id == "one_middle" and s.values["coins"] == 2
    play(s, "two_opening")
    assert s.entered is not None and s.entered.id == "two"


def _looping_story(folder: Path) -> Story:
    """The small story with a hall one can walk around 400 times: a run as deep as one likes."""
    shutil.copytree(STORIES / "good", folder)
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace(
        "      - label: Go on.\n        to: two_opening\n",
        "      - label: Go on.\n        to: two_opening\n        canon: true\n"
        "      - {label: Walk around., to: one_middle, id: lap, if: coins < 400, do: [coins += 1]}\n"))
    return load_story(folder)


def test_a_save_stays_small_and_holds_a_bounded_trail_at_any_depth(tmp_path: Path) -> None:
    story = _looping_story(tmp_path / "story")
    sizes = []
    for laps in (HISTORY_LIMIT, 3 * HISTORY_LIMIT):
        saves = SaveStore(tmp_path / f"saves-{laps}")
        s = play(Session(story, saves=saves), "one_middle", *["lap"] * laps)
        s.save("deep")
        data = json.loads(saves.path_for("deep").read_text())
        assert len(data["history"]) == HISTORY_LIMIT
        sizes.append(saves.path_for("deep").stat().st_size)
        t = Session(story, saves=saves)
        assert t.load("deep") and t.scene_id == "one_middle" and t.values["coins"] == 2 + laps
        assert t.undo(10 * HISTORY_LIMIT) == HISTORY_LIMIT  # undo reaches as far back as the trail
        assert t.values["coins"] == 2 + laps - HISTORY_LIMIT
    assert abs(sizes[0] - sizes[1]) < 50  # only the digits of the counter differ


def test_a_format_1_save_still_loads_with_undo_and_is_written_back_as_format_2(small_story: Story) -> None:
    g = Game(small_story)
    saves, s = g.saves, g.session
    saves.root.mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "saves" / "format1-small-story.json", saves.path_for("old game"))
    assert go_in(g, slot="old game") and s.notices == []
    assert s.scene_id == "two_choice" and s.values == {"coins": 0, "colour": "blue", "one_flag": True}
    assert s.choice_ids == ["one_opening.blue", "one_middle.two_opening", "two_opening.next"]
    assert s.undo(3) == 3 and s.scene_id == "one_opening"
    data = json.loads(saves.path_for("autosave").read_text())
    assert data["format"] == 2 and data["scene"] == "one_opening"


def test_the_steps_a_save_says_were_played_for_the_player_cannot_be_undone(
    small_story: Story,
) -> None:
    s = Session(small_story)
    s.restore({"format": 2, "scene": "two_opening", "chapter": "two", "story_version": "0.1",
               "variables": {"coins": 2, "colour": "red"}, "replayed": 99,
               "from": {"scene": "one_opening", "variables": {}}, "history": ["one_opening.one_middle",
                                                                              "one_middle.two_opening"]})
    assert s.scene_id == "two_opening" and not s.can_undo  # all of them were played for the player
    assert [e.replayed for e in s.history] == [True, True, False]


def test_undo_depth_counts_only_the_players_own_choices(small_story: Story) -> None:
    from game.engine.route import Step

    s = Session(small_story)
    s.start_chapter("two")  # the film's two choices to chapter two, played for the player
    assert s.undo_depth == 0 and len(s.path) == 2
    play(s, "next")
    assert s.undo_depth == 1
    s.play_for_player([*s.path, Step("two_choice", s.values, None)])  # as the story map goes back
    assert s.scene_id == "two_choice" and s.undo_depth == 0 and not s.can_undo


def test_transitions_still_calls_the_per_scene_hook_the_machine_overrides(small_story: Story) -> None:
    """StoryMachine._add_model_to_state overrides a private transitions hook to make a new playthrough
    cost nothing per scene: if an upgrade renames or stops calling it, this fails (not just the speed)."""
    import transitions.core

    from game.engine.machine import StoryMachine

    assert callable(getattr(transitions.core.Machine, "_add_model_to_state", None))
    machine = story_machine(small_story)
    calls: list[str] = []
    real = StoryMachine._add_model_to_state
    StoryMachine._add_model_to_state = lambda self, state, model: calls.append(state.name)  # type: ignore[method-assign]
    try:
        stage = Stage(small_story, small_story.start_values())
    finally:
        StoryMachine._add_model_to_state = real  # type: ignore[method-assign]
    assert sorted(calls) == sorted(small_story.scenes)  # called per scene, and nothing bound for any
    assert not any(hasattr(stage, f"is_{sid}") for sid in small_story.scenes)
    machine.remove_model(stage)


def test_a_playthrough_neither_changes_the_transitions_log_level_nor_logs_its_override_notes(
    small_story: Story, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    changed: list[object] = []
    real = logging.Logger.setLevel

    def spy(self: logging.Logger, level: int | str) -> None:
        if self.name.startswith("transitions"):
            changed.append(level)
        real(self, level)

    monkeypatch.setattr(logging.Logger, "setLevel", spy)
    with caplog.at_level(logging.DEBUG, logger="transitions.core"):
        changed.clear()
        for _ in range(3):
            Session(small_story)
        assert changed == []
    assert not [r for r in caplog.records if "override" in r.getMessage()]
