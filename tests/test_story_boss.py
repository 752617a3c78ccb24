"""Chapter 4, The Boss: the old firm, Mi-sook and the arms dealers, the gang's moves, the window, the fight, the exit."""

from __future__ import annotations

import pytest
from conftest import assert_in_order, canon_text, play, play_canon, read_all
from test_story_motel import chapter_passages, states

from game.engine import Session, Story
from game.engine.model import Passage, all_passages
from game.engine.route import canonical_route


def at_boss(story: Story) -> Session:
    s = Session(story)
    s.start_chapter("boss")
    return s


def from_motel(story: Story, *choices: str) -> Session:
    """Play chapter 3 on the film's route except for the given choices (taken where they open)."""
    s = Session(story)
    s.start_chapter("motel")
    wanted = list(choices)
    while s.scene.chapter == "motel" and s.ending is None:
        ids = {c.id for c in s.choices} | {c.target for c in s.choices}
        pick = next((c for c in wanted if c in ids), None)
        if pick is not None:
            wanted.remove(pick)
            play(s, pick)
        else:
            s.choose(s.canon_index or 0)
    assert not wanted, wanted
    return s


def test_the_beats_of_the_boss_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "You make ramyeon",  # 13: regrouping with the student
        "We protect clients",  # the old firm will not help
        "Ahn Mi-sook",  # the one who plans with her
        "I know two people who do",  # the arms-dealing couple
        "married, they tell you in the first minute, for fifty-one years",
        "A stair is a line",
        '"Then find nobody," he says, "and bring her to me',  # 14: the boss's order
        "A hundred million won",  # 15: the chemist hired
        "He looks for how she left",  # how they find her home
        "The lock gives on the second kick",  # 16: the student taken from the flat
        "five men in your one room",  # they wait; she is surprised
        "You go for the open window",  # the escape through the window
        "in the ground in the mountains past Yangpyeong",  # 17: Choi's lie
        "You shoot him twice",  # 18: the boss killed
        "One of them will know where Choi goes",  # she demands where Choi is
        "Thirty, more",  # through more than thirty men
        "A fish warehouse",  # until one talks
    ]
    assert_in_order(canon_text(story, "boss"), beats)


def test_the_boss_is_long_enough(story: Story) -> None:
    assert len(canon_text(story, "boss").split()) >= 3_393
    assert sum(1 for sc in story.scenes.values() if sc.chapter == "boss") >= 28


def test_the_gang_s_scenes_are_marked_as_meanwhile(story: Story) -> None:
    interludes = [
        step.scene for step in canonical_route(story)
        if story.scenes[step.scene].chapter == "boss" and story.scenes[step.scene].interlude
    ]
    assert interludes == ["boss_meanwhile_gang", "boss_meanwhile_flat"]
    for scene_id in interludes:
        scene = story.scenes[scene_id]
        assert scene.place and scene.place.startswith("Meanwhile")
        narration = " ".join(p.text for p in scene.text if hasattr(p, "text") and not p.text.startswith('"'))
        assert " you " not in f" {narration} ".lower(), scene_id


def test_how_they_find_her_home_holds_on_every_route_that_reaches_it(story: Story) -> None:
    # Every way out of the motel is the night bus, and every way to the flat passes the chemist's search.
    for scene_id, _, _ in states(story, "motel_opening", {"motel_bus"}):
        assert scene_id != "boss_opening"
    for scene_id, _, _ in states(story, "boss_opening", {"boss_meanwhile_gang"}):
        assert scene_id not in ("boss_homecoming", "boss_meanwhile_flat")
    text = " ".join(" ".join(p.text.split()) for p in _passages(story, "boss_meanwhile_gang"))
    assert "the N-26 to Sindorim" in text and "the N-16" in text and "The laundromat next door" in text
    assert "N-26 stops at the ramp" in " ".join(" ".join(p.text.split()) for p in _passages(story, "motel_bus"))


def _passages(story: Story, scene_id: str) -> list[Passage]:
    return all_passages(story.scenes[scene_id].text)


def test_the_flat_is_one_room_and_the_window_is_open_not_shattered(story: Story) -> None:
    words = " ".join(p.text + " " + (p.gentle or "") for p in chapter_passages(story, "boss")).lower()
    for wrong in ("bedroom", "glass explodes", "window shatters", "through the glass"):
        assert wrong not in words, wrong
    assert "Nobody thinks to close the window" in canon_text(story, "boss")
    assert "But it is open a hand's width" in canon_text(story, "boss")


def test_mi_sook_is_set_up_before_chapter_4_and_introduced_once(story: Story) -> None:
    for scene_id, _, text in states(story, "motel_opening", {"boss_opening"}):
        if scene_id == "motel_opening":
            assert "AHN MI-SOOK" in "\n".join(text)
    every = " ".join(p.text for p in chapter_passages(story, "motel", "boss", "beach"))
    assert every.count("Mi-sook led your team") == 1
    assert every.count("She is fifty-six now") == 1


def test_mottos_are_said_once(story: Story) -> None:
    mine = " ".join(p.text for p in chapter_passages(story, "motel", "boss"))
    assert mine.count("A stair is a line") == 1
    assert mine.count("Always one more than they think") == 1
    labels = " ".join(c.label for sc in story.scenes.values() if sc.chapter == "boss" for c in sc.choices)
    assert "A stair is a line" not in labels


@pytest.mark.parametrize(("choice", "kit", "fitted"), [
    ("boss_kit_two_guns", "two_guns", "Always one more than they think"),
    ("boss_kit_vest", "gun_and_vest", "It'll stop what it stops"),
    ("boss_kit_knife", "gun_and_knife", "You're good close"),
])
def test_what_she_buys_from_the_couple_is_recorded_and_fitted(story: Story, choice: str, kit: str, fitted: str) -> None:
    s = play_canon(at_boss(story), until_scene="boss_dealers")
    play(s, choice)
    assert s.values["kit"] == kit
    play_canon(s, until_scene="boss_club")
    assert fitted in read_all(s)
    play_canon(s, until_scene="beach_opening")
    assert s.values["kit"] == kit


def test_the_kit_and_the_wound_change_the_fight(story: Story) -> None:
    texts = {}
    for kit in ("boss_kit_two_guns", "boss_kit_vest", "boss_kit_knife"):
        s = play_canon(at_boss(story), until_scene="boss_dealers")
        play(s, kit)
        play_canon(s, until_scene="boss_fight_stairs")
        texts[kit] = "\n".join(s.paragraphs)
    assert "The vest takes it" in texts["boss_kit_vest"]
    assert "the knife is already in your hand" in texts["boss_kit_knife"]
    assert "you do not reach for the one at your ankle" in texts["boss_kit_two_guns"]

    by_wound = {}
    for prep, wound in (("prepare_fully", 0), ("motel_club", 1), ("go_tonight", 2)):
        s = from_motel(story, prep)
        play_canon(s, until_scene="boss_chairman")
        assert s.values["wound"] == wound
        by_wound[wound] = s
    assert "You are whole and you are fast" in canon_after(by_wound[0], "boss_fight_stairs")
    assert "The cut on your forearm opens" in canon_after(by_wound[1], "boss_fight_stairs")


def canon_after(s: Session, scene_id: str) -> str:
    play_canon(s, until_scene=scene_id)
    return "\n".join(s.paragraphs)


def test_the_wound_closes_ways_through_the_building(story: Story) -> None:
    looked = set()
    for wound in (0, 1, 2):
        for scene_id, values, text in states(story, "boss_opening", {"beach_opening"},
                                             first={**story.start_values(), "wound": wound, "trust": 2}):
            open_ids = {c.target for c in story.scenes[scene_id].choices if c.is_open(values)}
            if scene_id == "boss_chairman":
                assert ("boss_descend" in open_ids) == (wound < 2)
                told = "Your side will not take you down seven floors" in "\n".join(text)
                assert told == (wound == 2)
                looked.add(("descend", wound))
            if scene_id == "boss_fight_stairs":
                assert ("boss_fight_last" in open_ids) == (wound < 2)
                assert "boss_fight_kitchen" in open_ids
                if values["kit"] == "gun_and_knife":
                    assert ("boss_knife_dark" in open_ids) == (wound < 2)
                looked.add(("stairs", wound))
    assert len(looked) == 6


def test_the_badly_hurt_must_take_the_kitchen_and_it_costs_her(story: Story) -> None:
    s = from_motel(story, "go_tonight")
    play_canon(s, until_scene="boss_fight_stairs")
    assert "You will not survive the open floor" in "\n".join(s.paragraphs)
    assert [c.target for c in s.choices] == ["boss_fight_kitchen"]
    play(s, "boss_fight_kitchen")
    assert "it costs you" in "\n".join(s.paragraphs)


def test_her_trust_shows_in_the_bowls_and_in_what_she_does_when_they_come(story: Story) -> None:
    looked = set()
    for trust in (1, 2, 3, 4):
        for scene_id, values, text in states(story, "boss_opening", {"boss_club"},
                                             first={**story.start_values(), "trust": trust}):
            shown = "\n".join(text)
            if scene_id == "boss_opening":
                assert ("I can find a bowl" in shown) == (values["trust"] >= 2)
                looked.add(("bowls", values["trust"] >= 2))
            if scene_id == "boss_meanwhile_flat":
                assert ("DON'T COME UP" in shown) == (values["trust"] >= 3)
                looked.add(("receipt", values["trust"] >= 3))
            if scene_id == "boss_window":
                assert ("DON'T COME UP" in shown) == (values["trust"] >= 3)
            if scene_id == "boss_fight_last":
                assert ("boss_receipt" in {c.target for c in story.scenes[scene_id].choices if c.is_open(values)}) == (
                    values["trust"] >= 3)
    assert looked == {("bowls", True), ("bowls", False), ("receipt", True), ("receipt", False)}


@pytest.mark.parametrize(("motel_choices", "echo", "where"), [
    (("motel_question", "next"), "That is not a misunderstanding, Choi. That is a visit", "boss_meanwhile_gang"),
    (("motel_dancer", "next"), "She told me she used to dance", "boss_meanwhile_gang"),
    (("gave_key",), "You gave me the key", "boss_opening"),
    (("motel_window", "next"), "The second window this week", "boss_window"),
    (("motel_number", "next"), "patrol car 27, a sergeant with a wedding ring", "boss_police_call"),
])
def test_what_she_did_at_the_motel_is_remembered_in_chapter_4(
    story: Story, motel_choices: tuple[str, ...], echo: str, where: str
) -> None:
    s = from_motel(story, *motel_choices)
    assert s.scene_id == "boss_opening"
    while s.scene_id != where:
        targets = {c.target for c in s.choices}
        if "boss_police_call" in targets:
            play(s, "boss_police_call")
        else:
            s.choose(s.canon_index or 0)
    assert echo in "\n".join(s.paragraphs)
    plain = from_motel(story)
    play_canon(plain, until_chapter="beach")
    assert echo not in read_all(plain)


def test_telling_her_about_min_hee_on_the_bus_is_remembered_when_they_come(story: Story) -> None:
    told = from_motel(story)
    play_canon(told, until_scene="boss_homecoming")
    assert "the one who wanted to be a fish" in read_all(told)
    silent = from_motel(story, "motel_silence", "next")
    play_canon(silent, until_scene="boss_homecoming")
    assert "the one who wanted to be a fish" not in read_all(silent)


def test_what_mi_sook_knows_is_recorded(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_euljiro")
    play(s, "boss_misook_guarded", "next")
    assert s.values["misook_knows"] is False
    play_canon(s, until_scene="boss_club")
    assert "whoever it is you won't tell me about" in "\n".join(read_all(s).split("\n")[-30:])
    assert play_canon(at_boss(story), until_scene="boss_dealers").values["misook_knows"] is True


def test_the_police_call_fails_and_the_night_goes_on(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_window")
    play(s, "boss_police_call")
    assert s.values["boss_called_police"] is True
    assert "We'll send somebody round to the flat in the morning" in "\n".join(s.paragraphs)
    play(s, "next")
    assert s.scene_id == "boss_club"


def test_the_fight_through_the_men_is_a_run_of_decisions(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_club")
    decisions = 0
    while s.scene.chapter == "boss":
        decisions += len(s.choices) > 1
        s.choose(s.canon_index or 0)
    assert decisions >= 4


def test_silence_opens_the_chairman_s_bargain_an_ending_of_its_own(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_club")
    play(s, "boss_silence", "boss_bargain_call", "next")
    assert s.ending is not None and s.ending.id == "the_chairmans_bargain"
    epilogue = " ".join(s.paragraphs)
    assert len(epilogue.split()) >= 250
    assert "It was Choi who did it to Min-hee" in epilogue


def test_the_new_endings_share_no_sentence_with_any_other_ending(story: Story) -> None:
    def sentences(scene_id: str) -> set[str]:
        words = " ".join(p.text for p in _passages(story, scene_id))
        return {s.strip() for s in words.replace("\n", " ").split(". ") if len(s.split()) >= 6}

    ending_scenes = {e.id: e.scene for e in story.endings}
    mine = [ending_scenes["somewhere_safe"], ending_scenes["the_chairmans_bargain"]]
    for scene_id in mine:
        for other in ending_scenes.values():
            if other != scene_id:
                assert not sentences(scene_id) & sentences(other), (scene_id, other)
    assert story.ending("somewhere_safe").hint.startswith("Chapter 3")
    assert story.ending("the_chairmans_bargain").hint.startswith("Chapter 4")


def test_with_the_patrol_car_s_number_she_tells_mi_sook_about_min_hee_once_and_first(story: Story) -> None:
    s = from_motel(story, "motel_number", "next")
    play_canon(s, until_scene="boss_euljiro")
    play(s, "boss_car_27", "next")
    text = " ".join(read_all(s).split())
    assert text.count("You tell her about Min-hee") == 1
    assert text.index("You tell her about Min-hee") < text.index("patrol car 27") < text.index("What was her name?")


def test_showing_him_the_receipt_is_recorded(story: Story) -> None:
    s = play_canon(at_boss(story), until_scene="boss_fight_last")
    assert s.values["trust"] >= 3
    play(s, "boss_receipt")
    assert s.values["boss_showed_receipt"] is True
    assert "She's sixteen" in "\n".join(s.paragraphs)
