"""Chapter 3, The Motel: Heaven, the pretend swallow, the scar, the girl, the exit at dawn, and what is remembered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import assert_in_order, canon_text, play, play_canon

from game.engine import Session, Story
from game.engine.expr import Value
from game.engine.model import Passage, all_passages, render
from game.engine.route import canonical_route

State = tuple[str, tuple[tuple[str, Value], ...]]


def at_motel(story: Story) -> Session:
    s = Session(story)
    s.start_chapter("motel")
    return s


def states(
    story: Story, start: str, stop: set[str], watch: tuple[str, ...] = (), first: dict[str, Value] | None = None
) -> Iterator[tuple[str, dict[str, Value], list[str]]]:
    """Every (scene, values) the player can stand in from `start` until a scene in `stop`, with its text.

    Only the variables some choice's condition reads, and those in `watch`, are told apart; the
    rest are held at their start values, so the walk stays small and no open choice is missed.
    """
    keep = {name for sc in story.scenes.values() for c in sc.choices if c.condition for name in c.condition.reads}
    keep |= set(watch)
    base = story.start_values()
    seen: set[State] = set()
    todo = [(start, dict(first or base))]
    while todo:
        scene_id, values = todo.pop()
        values = {k: (v if k in keep else base[k]) for k, v in values.items()}
        key = (scene_id, tuple(sorted(values.items())))
        if key in seen or scene_id in stop:
            continue
        seen.add(key)
        scene = story.scenes[scene_id]
        yield scene_id, values, render(scene.text, values)
        for choice in scene.choices:
            if choice.is_open(values):
                after = dict(values)
                choice.apply(after)
                todo.append((choice.target, after))


def chapter_passages(story: Story, *chapters: str) -> list[Passage]:
    return [p for sc in story.scenes.values() if sc.chapter in chapters for p in all_passages(sc.text)]


def test_the_beats_of_the_motel_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "Friday, Heaven, the corner booth by the bar",  # 7: the bugs gave her the club
        "AHN MI-SOOK",  # the one who will plan with her, set up before chapter 4
        "Heaven is three floors under",  # 8: the club
        "I'm terrible at leaving people alone",  # he comes to her with a line
        "Then you can let me buy you one",  # she buys him a drink
        "The one where he filmed Min-hee",  # the motel where Min-hee was filmed
        "a small black box with a lens",  # 9: the camera
        "give most of it back to the glass",  # the pretend swallow
        "a red light comes on",  # he starts to film
        "You should have just drunk it",  # Choi, plausible in the fight
        "The blade goes across his face from cheekbone to jaw",  # 10: the scar
        "the door bangs open",  # 11: the gang interferes
        "You will not finish him tonight",
        "grey school tracksuit jacket",  # 12: the student helps her escape
        "They don't watch the laundry door",
        "hands him an envelope",  # the police are paid
        "They sell girls there",  # what the motel is, said once
    ]
    assert_in_order(canon_text(story, "motel"), beats)


def test_the_motel_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "motel").split()) >= 2_137
    assert sum(1 for sc in story.scenes.values() if sc.chapter == "motel") >= 23


def test_no_fake_remedy_anywhere_in_chapters_3_and_4(story: Story) -> None:
    words = " ".join(p.text + " " + (p.gentle or "") for p in chapter_passages(story, "motel", "boss")).lower()
    labels = " ".join(c.label for sc in story.scenes.values() for c in sc.choices).lower()
    for remedy in ("charcoal", "antidote", "pharmacist explained"):
        assert remedy not in words and remedy not in labels, remedy


@pytest.mark.parametrize(("choice", "wound", "swallow", "fight"), [
    ("prepare_fully", 0, "swallow nothing", "Everything is slow in him and sharp in you"),
    ("motel_club", 1, "a mouthful goes down", "it opens your forearm"),
    ("go_tonight", 2, "the rest goes down", "it goes into your side"),
])
def test_preparation_decides_the_swallow_and_the_wound(
    story: Story, choice: str, wound: int, swallow: str, fight: str
) -> None:
    s = at_motel(story)
    play(s, choice)
    assert s.values["wound"] == wound
    play_canon(s, until_scene="motel_fight")
    text = "\n".join(p for e in s.history for p in e.paragraphs)
    assert swallow in text
    assert fight in "\n".join(s.paragraphs)


def test_the_wound_is_carried_into_the_next_chapters(story: Story) -> None:
    s = at_motel(story)
    play(s, "go_tonight")
    play_canon(s, until_scene="boss_opening")
    assert s.values["wound"] == 2
    assert "Your side has stuck to your shirt" in "\n".join(s.paragraphs)


def test_the_girl_s_situation_is_stated_once_in_each_mode(story: Story) -> None:
    everything = chapter_passages(story, "motel", "boss", "beach", "note", "friendship")
    assert sum(p.text.count("They sell girls there") for p in everything) == 1
    assert sum((p.gentle or "").count("the gang sells girls") for p in everything) == 1
    assert canon_text(story, "motel").count("They sell girls there") == 1
    assert canon_text(story, "motel", gentle=True).count("the gang sells girls") == 1


def test_nothing_frames_the_girl_or_ok_joo_so_it_could_be_read_as_sexual(story: Story) -> None:
    words = " ".join(p.text + " " + (p.gentle or "") for p in chapter_passages(story, "motel", "boss")).lower()
    for phrase in ("torn", "girls like her", "ceiling mirror", "mirror on the ceiling", "round bed",
                   "a moment too long", "bruise on her wrist", "name patch"):
        assert phrase not in words, phrase


def test_the_girl_has_a_trait_of_her_own(story: Story) -> None:
    text = canon_text(story, "motel")
    assert "She knows the night buses of the whole city by number" in text
    assert "in the order of the N-16's stops" in canon_text(story, "boss")


def test_the_stairs_image_is_shown_once(story: Story) -> None:
    image = "measuring how far she could run"
    passages = chapter_passages(story, "motel", "boss")
    assert sum(p.text.count(image) for p in passages) == 1
    # ... in a scene every route through chapter 3 crosses once.
    assert image in "\n".join(render(story.scenes["motel_dawn"].text, story.start_values()))


def test_trust_only_ever_rises(story: Story) -> None:
    checked = 0
    for scene in story.scenes.values():
        if scene.chapter not in ("motel", "boss"):
            continue
        for choice in scene.choices:
            for trust in range(5):
                values = {**story.start_values(), "trust": trust}
                choice.apply(values)
                assert values["trust"] >= trust, (scene.id, choice.label)
            checked += 1
    assert checked > 60


@pytest.mark.parametrize("label", [
    "Give her the mattress and take the floor by the door.",
    "Give her the spare key, so the door is hers to open or not.",
])
def test_protecting_her_is_never_scored_as_distrust(story: Story, label: str) -> None:
    choice = next(c for c in story.scenes["motel_dawn"].choices if c.label == label)
    values = story.start_values()
    choice.apply(values)
    assert values["trust"] == 1


def test_where_she_sits_and_whether_she_offers_help_show_her_trust(story: Story) -> None:
    looked = {"bus": set(), "dawn": set()}
    for scene_id, values, text in states(story, "motel_opening", {"boss_opening"}):
        shown = "\n".join(text)
        if scene_id == "motel_bus":
            assert ("sits down next to you" in shown) == (values["trust"] >= 1)
            looked["bus"].add(values["trust"])
        if scene_id == "motel_dawn":
            assert ("I want to help" in shown) == (values["trust"] >= 2)
            looked["dawn"].add(values["trust"])
    assert looked == {"bus": {0, 1}, "dawn": {0, 1, 2}}


def test_the_film_s_route_earns_her_trust_and_the_coldest_route_does_not(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="boss_opening")
    assert s.values["trust"] == 3
    cold = play_canon(at_motel(story), until_scene="motel_student")
    play(cold, "motel_lead", "next", "motel_bus", "motel_silence", "next", "gave_key")
    assert cold.scene_id == "boss_opening"
    assert cold.values["trust"] == 1
    assert "She does not get up" in "\n".join(cold.paragraphs)


def test_going_for_the_camera_keeps_the_card_and_mi_sook_sews_it_into_the_lining(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_room")
    play(s, "motel_camera", "next")
    assert s.values["motel_went_for_camera"] is True
    assert "The card is still in your teeth" in "\n".join(s.paragraphs)
    play_canon(s, until_scene="boss_dealers")
    assert "sews it shut again" in "\n".join(p for e in s.history for p in e.paragraphs)


def test_the_window_is_open_only_to_the_prepared(story: Story) -> None:
    ready = play(at_motel(story), "prepare_fully")
    play_canon(ready, until_scene="motel_interrupted")
    play(ready, "motel_window")
    assert "The window that does not lock" in "\n".join(ready.paragraphs)
    rushed = play(at_motel(story), "go_tonight")
    play_canon(rushed, until_scene="motel_interrupted")
    play(rushed, "motel_window")
    assert "The window is locked" in "\n".join(rushed.paragraphs)


def test_making_him_say_her_name_gets_the_label_not_the_name(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_fight")
    play(s, "motel_her_name")
    assert s.values["choi_said_ballerina"] is True
    assert '"The ballerina?"' in "\n".join(s.paragraphs)


def test_the_exit_at_dawn_ends_at_somewhere_safe(story: Story) -> None:
    s = play_canon(at_motel(story), until_scene="motel_dawn")
    play(s, "motel_shelter", "next")
    assert s.ending is not None and s.ending.id == "somewhere_safe"
    epilogue = " ".join(s.paragraphs)
    assert len(epilogue.split()) >= 250
    assert "that is Choi's doing, not yours" in epilogue


def test_every_scene_on_the_film_s_route_has_a_title_and_few_are_a_single_continue(story: Story) -> None:
    for chapter in ("motel", "boss"):
        route = [step.scene for step in canonical_route(story) if story.scenes[step.scene].chapter == chapter]
        for scene_id in route:
            title = story.scenes[scene_id].title
            assert title and 2 <= len(title.split()) <= 5, scene_id
        singles = [sid for sid in route if len(story.scenes[sid].choices) == 1]
        assert len(singles) * 4 <= len(route), (chapter, singles)


def test_each_chapter_declares_the_themes_it_holds(story: Story) -> None:
    motel = set(story.chapter("motel").themes)
    boss = set(story.chapter("boss").themes)
    assert {"drugging", "exploitation", "trafficking", "violence", "police", "grief"} <= motel
    assert {"violence", "killing", "trafficking", "torture", "police", "exploitation", "grief"} <= boss


# Each wound, death or blow in chapters 3 and 4, by a phrase of its intense text, and a word
# its gentle version must share (the fact both agree on).
PAIRED = [
    ("it opens your forearm", "forearm"),
    ("it goes into your side, under the ribs", "under the ribs"),
    ("The blade goes across his face from cheekbone to jaw", "cheekbone to jaw"),
    ("take the bat across the back", "bat"),
    ("drive your forehead into his nose", "forehead"),
    ("You leave a handprint on every door", "bleeding"),
    ("cut your hands climbing through", "cut your hands"),
    ("The lock gives on the second kick", "fights"),
    ("one of them has a gun against the back of your neck", "back of your neck"),
    ("Mi-sook's stitches tear in the fall", "stitches"),
    ("You shoot him twice", "fish tank"),
    ("filling your shirt", "opened"),
    ("He screws his eyes shut and starts to", "cry"),
    ("marks on her hands and her face", "hurt"),
    ("The first round hits the vest like a fist", "vest"),
    ("nine stitches", "stitches"),
    ("a rib moves when you breathe", "rib"),
    ("a cut across the back of your knife hand", "knife hand"),
]


@pytest.mark.parametrize(("phrase", "shared"), PAIRED)
def test_every_wound_and_death_in_chapters_3_and_4_has_a_gentle_version_that_agrees(
    story: Story, phrase: str, shared: str
) -> None:
    found = [p for p in chapter_passages(story, "motel", "boss") if phrase in " ".join(p.text.split())]
    assert found, phrase
    for passage in found:
        assert passage.gentle is not None, phrase
        assert len(passage.gentle.split(". ")) <= 3, passage.gentle
        assert shared in passage.text and shared in passage.gentle, (phrase, shared)


@pytest.mark.parametrize(("flag", "scene_id", "echo"), [
    ("note_knows_motel", "motel_drive", "the pink crescent moon you saw from the bus"),
    ("note_knows_motel", "motel_recon", "You followed his car there once"),
    ("note_went_to_police", "boss_meanwhile_gang", "It does not look handled"),
    ("friendship_shielded", "boss_meanwhile_gang", "she was standing between him and a knife"),
])
def test_what_she_did_in_chapters_1_and_2_is_remembered_in_chapters_3_and_4(
    story: Story, flag: str, scene_id: str, echo: str
) -> None:
    scene = story.scenes[scene_id]
    with_flag = " ".join(" ".join(p.split()) for p in render(scene.text, {**story.start_values(), flag: True}))
    without = " ".join(" ".join(p.split()) for p in render(scene.text, story.start_values()))
    assert echo in with_flag
    assert echo not in without
