"""Chapter 4, The Boss: the regrouping, Mi-sook's weapons, the gang's moves seen from outside, and the fight."""

from __future__ import annotations

import pytest
from conftest import assert_in_order, canon_text, play, play_canon

from game.engine import Session, Story
from game.engine.route import canonical_route


def at_boss(story: Story) -> Session:
    s = Session(story)
    s.start_chapter("boss")
    return s



def test_the_beats_of_the_boss_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "You make ramyeon",  # 13: regrouping with the student
        "Ahn Mi-sook",  # the old friend: weapons and strategy
        "A stair is a line",
        "Then find nobody,\" the Chairman says, \"and bring her to me",  # 14: the boss's order
        "A hundred million won",  # 15: the chemist hired
        "The lock gives on the second kick",  # 16: the student taken from the flat
        "bedroom window",  # the escape through the window
        "in the mountains",  # 17: Choi's lie
        "You shoot him twice",  # 18: the boss killed
        "One of them knows where Choi has taken the girl",
        "Thirty, more",  # through more than thirty men
        "A fish warehouse",  # until one talks
    ]
    assert_in_order(canon_text(story, "boss"), beats)


def test_the_boss_is_long_enough(story: Story) -> None:
    assert len(canon_text(story, "boss").split()) >= 2_200
    assert sum(1 for sc in story.scenes.values() if sc.chapter == "boss") >= 16


def test_the_gang_s_scenes_are_marked_as_meanwhile(story: Story) -> None:
    interludes = [
        step.scene for step in canonical_route(story)
        if story.scenes[step.scene].chapter == "boss" and story.scenes[step.scene].interlude
    ]
    assert interludes == ["boss_meanwhile_chairman", "boss_meanwhile_chemist", "boss_meanwhile_flat", "boss_meanwhile_lie"]
    for scene_id in interludes:
        scene = story.scenes[scene_id]
        assert scene.place and scene.place.startswith("Meanwhile")
        # Third person: Ok-joo is not there, so nobody is "you" in the narration.
        narration = " ".join(p.text for p in scene.text if hasattr(p, "text") and not p.text.startswith('"'))
        assert " you " not in f" {narration} ".lower(), scene_id


@pytest.mark.parametrize(("choice", "kit"), [
    ("boss_kit_two_guns", "two_guns"),
    ("boss_kit_vest", "gun_and_vest"),
    ("boss_kit_knife", "gun_and_knife"),
])
def test_what_she_takes_from_mi_sook_is_recorded(story: Story, choice: str, kit: str) -> None:
    s = play_canon(at_boss(story), until_scene="boss_back_room")
    play(s, choice)
    assert s.values["kit"] == kit
    play_canon(s, until_scene="beach_opening")
    assert s.values["kit"] == kit


def test_the_kit_and_the_wound_change_the_fight(story: Story) -> None:
    texts = {}
    for kit in ("boss_kit_two_guns", "boss_kit_vest", "boss_kit_knife"):
        s = play_canon(at_boss(story), until_scene="boss_back_room")
        play(s, kit)
        play_canon(s, until_scene="boss_fight_stairs")
        texts[kit] = "\n".join(s.paragraphs)
    assert "The vest takes it" in texts["boss_kit_vest"]
    assert "the knife is already in your hand" in texts["boss_kit_knife"]
    assert "always one more than they think" in texts["boss_kit_two_guns"].lower()
    assert len(set(texts.values())) == 3

    by_wound = {}
    for prep, wound in (("prepare_fully", 0), ("motel_lure", 1), ("go_tonight", 2)):
        s = Session(story)
        s.start_chapter("motel")
        play(s, prep)
        play_canon(s, until_scene="boss_fight_stairs")
        assert s.values["wound"] == wound
        by_wound[wound] = "\n".join(s.paragraphs)
    assert "You are whole and you are fast" in by_wound[0]
    assert "The cut on your forearm opens" in by_wound[1]
    assert "Your side is a white burn" in by_wound[2]


def test_the_fight_through_the_men_is_a_run_of_decisions(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_club")
    decisions = 0
    while s.scene.chapter == "boss":
        decisions += len(s.choices) > 1
        s.choose(s.canon_index or 0)
    assert decisions >= 3


def test_a_worse_wound_costs_more_in_the_kitchen(story: Story) -> None:
    s = Session(story)
    s.start_chapter("motel")
    play(s, "go_tonight")
    play_canon(s, until_scene="boss_fight_stairs")
    play(s, "boss_fight_kitchen")
    assert "it costs you" in "\n".join(s.paragraphs)


def test_the_police_call_fails_and_the_night_goes_on(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_decision")
    play(s, "boss_police_call")
    assert "We'll send somebody round to the flat in the morning" in "\n".join(s.paragraphs)
    play(s, "next")
    assert s.scene_id == "boss_club"
