"""Chapter 3, The Motel: the lure, the drink, the fight that scars Choi, the student, and what it costs."""

from __future__ import annotations

import pytest
from conftest import assert_in_order, canon_text, play, play_canon

from game.engine import Session, Story
from game.engine.model import all_passages


def at_motel(story: Story) -> Session:
    s = Session(story)
    s.start_chapter("motel")
    return s



def test_the_beats_of_the_motel_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "The usual. Nobody bothers you there",  # 8: the lure to the usual motel
        "MOTEL LUNA",
        "a small black box with a lens",  # 9: the camera
        "It comes on like a tide",  # the drug
        "You were trained for exactly this second",  # she knew his methods and came prepared
        "The blade goes across his face from cheekbone to jaw",  # 10: the scar
        "The door bangs open",  # 11: the gang interferes
        "You will not finish him tonight",
        "grey school tracksuit jacket",  # 12: the student
        "They don't watch the laundry door",
        "hands him an envelope",  # police paid for protection
        "They sell girls there",  # what the motel is, said once
    ]
    assert_in_order(canon_text(story, "motel"), beats)


def test_the_motel_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "motel").split()) >= 1_800
    assert sum(1 for sc in story.scenes.values() if sc.chapter == "motel") >= 14


def test_the_student_s_situation_is_stated_once(story: Story) -> None:
    passages = [p for sc in story.scenes.values() for p in all_passages(sc.text)]
    text = "\n".join(p.text + (p.gentle or "") for p in passages)
    assert text.count("They sell girls there") == 1


@pytest.mark.parametrize(("choice", "wound", "phrase"), [
    ("prepare_fully", 0, "Everything is slow in him and sharp in you"),
    ("motel_lure", 1, "it opens your forearm"),
    ("go_tonight", 2, "it goes into your side"),
])
def test_preparation_decides_the_wound(story: Story, choice: str, wound: int, phrase: str) -> None:
    s = at_motel(story)
    play(s, choice)
    assert s.values["wound"] == wound
    play_canon(s, until_scene="motel_fight")
    assert phrase in "\n".join(s.paragraphs)


def test_the_wound_is_carried_into_the_next_chapters(story: Story) -> None:
    s = at_motel(story)
    play(s, "go_tonight")
    play_canon(s, until_scene="boss_opening")
    assert s.values["wound"] == 2
    assert "Your side has stuck to your shirt" in "\n".join(s.paragraphs)


def test_the_fight_has_tactical_choices(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_drugged")
    assert {c.target for c in s.choices} == {"motel_camera", "motel_fight"}
    play_canon(s, until_scene="motel_fight")
    assert len(s.choices) == 2
    play_canon(s, until_scene="motel_interrupted")
    assert {c.target for c in s.choices} == {"motel_corridor", "motel_window"}


def test_going_for_the_camera_keeps_the_card(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_drugged")
    play(s, "motel_camera", "next")
    assert s.values["motel_went_for_camera"] is True
    assert "The card is still in your teeth" in "\n".join(s.paragraphs)


def test_the_window_is_open_only_to_the_prepared(story: Story) -> None:
    ready = play(at_motel(story), "prepare_fully")
    play_canon(ready, until_scene="motel_interrupted")
    play(ready, "motel_window")
    assert "The window that does not lock" in "\n".join(ready.paragraphs)
    rushed = play(at_motel(story), "go_tonight")
    play_canon(rushed, until_scene="motel_interrupted")
    play(rushed, "motel_window")
    assert "The window is locked" in "\n".join(rushed.paragraphs)


def test_the_film_s_route_earns_the_student_s_trust(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="boss_opening")
    assert s.values["trust"] >= 2


def test_a_cold_escape_leaves_her_without_trust(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_student")
    play(s, "motel_alone", "next", "motel_run", "next", "motel_silence", "next", "motel_locked", "next")
    assert s.scene_id == "boss_opening"
    assert s.values["trust"] < 2
    assert "She does not get up" in "\n".join(s.paragraphs)
