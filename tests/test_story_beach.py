"""Chapter 5, The Beach: the last fight, the payoffs of every earlier choice, and three endings."""

from __future__ import annotations

import pytest
from conftest import assert_in_order, canon_text, play, play_canon, read_all

from game.engine import Session, Story
from game.engine.model import render


def run(story: Story, *detours: tuple[str, str], until_scene: str = "beach_opening") -> Session:
    """Follow the film's route, but at each (scene, choice) pair take that choice instead."""
    s = Session(story)
    turns = dict(detours)
    while s.scene_id != until_scene and s.ending is None:
        if s.scene_id in turns:
            s.choose_id(turns.pop(s.scene_id))
        else:
            s.choose(s.canon_index or 0)
    return s


def ending_text(s: Session) -> str:
    return "\n".join(s.paragraphs)


def test_the_beats_of_the_beach_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "her head hanging",  # 19: the student, unconscious from torture
        "It takes you in the left arm",  # the shot to the arm
        "You run, bent double",  # she runs for cover
        "A hundred million, Choi",  # 20: the chemist hunts for the money
        "Choi walks up behind him",  # the betrayal
        "She picks it up",  # 21: the student's shot
        "the small pistol is in your good hand",  # the other gun
        "You shoot Choi in the hand",  # disarmed
        "down a track to the beach",  # 22: the beach
        "From the car, far off, it is only a fire on a beach",  # seen from a distance
        "hard drives",  # 23: the recordings
        "a notebook. Times and places",
        "The sun is going down into the sea",  # 24: the drive into the sunset
        "dancing in the ocean",
    ]
    assert_in_order(canon_text(story, "beach"), beats)


def test_the_beach_is_long_enough(story: Story) -> None:
    assert len(canon_text(story, "beach").split()) >= 2_000
    assert sum(1 for sc in story.scenes.values() if sc.chapter == "beach") >= 16


def test_the_film_s_route_ends_in_fish_in_the_next_life(story: Story) -> None:
    s = run(story, until_scene="")
    assert s.ending is not None and s.ending.id == "fish_in_the_next_life" and s.ending.true_ending


@pytest.mark.parametrize(("choice", "phrase"), [
    ("friendship_keyring", "You never take the little tin fish off"),
    ("friendship_sea", "You learn to swim"),
    ("friendship_truth", "Min-hee was the first person you ever told"),
])
def test_the_chapter_one_memory_returns_in_the_true_ending(story: Story, choice: str, phrase: str) -> None:
    s = run(story, ("friendship_keepsake", choice), until_scene="beach_sunset")
    assert s.values["keepsake"] == choice.removeprefix("friendship_")
    sunset = "\n".join(s.paragraphs)
    play(s, "next")
    assert s.ending is not None and s.ending.id == "fish_in_the_next_life"
    assert phrase in ending_text(s)
    assert sunset  # and the sunset itself read it too
    others = {
        "friendship_keyring": "tin fish",
        "friendship_sea": "promised her the sea",
        "friendship_truth": "told her the truth",
    }
    assert others[choice] in sunset


def test_without_her_trust_the_student_cannot_act(story: Story) -> None:
    s = run(story, ("motel_student", "motel_alone"), ("motel_lot", "motel_run"), ("motel_bus", "motel_silence"),
            ("motel_dawn", "motel_locked"), ("boss_opening", "boss_orders"), until_scene="beach_betrayal")
    assert s.values["trust"] < 2
    assert [c.target for c in s.choices] == ["beach_alone"]
    play(s, "alone")
    assert "She does not pick up the gun" in "\n".join(s.paragraphs)
    play(s, "face_him", "next", "next")
    assert s.ending is not None and s.ending.id == "no_one_at_your_back"
    assert "The girl in the grey jacket is never found" in ending_text(s)


def test_with_her_trust_she_picks_up_the_gun(story: Story) -> None:
    s = run(story, until_scene="beach_betrayal")
    assert s.values["trust"] >= 2
    assert [c.target for c in s.choices] == ["beach_student_acts"]


@pytest.mark.parametrize(("kit", "scene", "phrase"), [
    ("boss_kit_two_guns", "beach_second_gun", "Always one more than they think"),
    ("boss_kit_vest", "beach_chemist_gun", "hits the vest square"),
    ("boss_kit_knife", "beach_knife", "the knife comes out of your sleeve"),
])
def test_the_kit_from_mi_sook_decides_how_the_fight_turns(story: Story, kit: str, scene: str, phrase: str) -> None:
    s = run(story, ("boss_back_room", kit), until_scene="beach_student_acts")
    assert [c.target for c in s.choices] == [scene]
    s.choose(0)
    assert phrase in "\n".join(s.paragraphs)
    play_canon(s, until_scene="beach_shore")


def test_the_wound_slows_her_at_the_beach(story: Story) -> None:
    s = run(story, ("motel_opening", "go_tonight"), until_scene="beach_hunt")
    assert "slow is smooth" in "\n".join(s.paragraphs)
    s = run(story, until_scene="beach_hunt")
    assert "slow is smooth" not in "\n".join(s.paragraphs)


def test_handing_choi_to_the_police_is_due_process(story: Story) -> None:
    s = run(story, ("beach_shore", "police"), until_scene="")
    assert s.ending is not None and s.ending.id == "due_process"
    text = ending_text(s)
    assert "Choi is charged. So are you." in text
    assert "knows Choi's name before you say it" in text  # honest about paid officers


def test_the_burning_is_never_shown_up_close(story: Story) -> None:
    fire = story.scenes["beach_fire"]
    for gentle in (False, True):
        text = " ".join(render(fire.text, {}, gentle))
        assert "far off" in text or "do not watch" in text
        for word in ("scream", "skin", "flesh", "smell"):
            assert word not in text.lower()


def test_every_ending_of_the_beach_has_an_epilogue_and_credits_follow(story: Story) -> None:
    for detours in ((), (("beach_shore", "police"),)):
        s = run(story, *detours, until_scene="")
        assert s.ending is not None
        assert len(ending_text(s).split()) >= 250
    assert "Lee Chung-hyun" in " ".join(story.credits)


def test_the_whole_run_reads_back_in_history(story: Story) -> None:
    s = run(story, until_scene="")
    text = read_all(s)
    assert "You count the exits" in text and "dancing in the ocean" in text
