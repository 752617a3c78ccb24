"""Chapter 1, Friendship: the film's opening and reunion, the friendship in flashback, and what it leaves to later chapters."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import assert_in_order, canon_text, play, play_canon

from game.engine import Session, Story
from game.engine.expr import Value
from game.engine.model import Branch, Item, Passage, all_passages, render
from game.engine.route import canonical_route, open_choices

CHAPTERS = ("friendship", "note")


def walk_chapter(story: Story, chapter: str = "friendship") -> Iterator[tuple[list[str], dict[str, Value]]]:
    """Every way through a chapter: the scenes read and the variables on leaving it."""
    stack: list[tuple[str, dict[str, Value], list[str]]] = [(story.chapter(chapter).entry, story.start_values(), [])]
    while stack:
        sid, values, seen = stack.pop()
        scene = story.scenes[sid]
        if scene.chapter != chapter or scene.ending is not None:
            yield seen, values
            continue
        for choice in open_choices(scene, values):
            after = dict(values)
            choice.apply(after)
            stack.append((choice.target, after, [*seen, sid]))


def text_at(story: Story, scene: str, values: dict[str, Value], gentle: bool = False) -> str:
    return "\n".join(render(story.scenes[scene].text, values, gentle))


def test_the_beats_of_friendship_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "Come over. Tonight.",  # the night of the call opens the film
        "Two men are at the counter",  # 1: the robbery
        '"Just these," you tell the boy',  # she ignores them and pays
        "the knife drops",  # and takes them apart when they turn on her
        "a cake you bought for nobody",  # into the flashback
        "a person ought to have one cake a year",  # 2: a cake for her own birthday, alone
        '"Jang Ok-joo," she says',  # Min-hee behind the counter knows her
        "It's my birthday",
        "Nobody eats a birthday cake alone",  # and makes it a real birthday
        "Salt bread",  # 3: the bakery
        "First position",  # ballet: the Saturday class
        "In my next life,\" she says, \"I'm going to be a fish",  # the fish
        "I'll dance in the sea",
        "pointe shoes",
        "her ankle goes",  # the fall on stage: the film's image of her breaking
        "Three weeks go by",  # the silence before the call
    ]
    assert_in_order(canon_text(story, "friendship"), beats)


def test_her_skill_is_seen_in_the_first_minutes_in_both_modes(story: Story) -> None:
    for gentle, disarmed in ((False, "the knife drops"), (True, "he is disarmed")):
        words = canon_text(story, "friendship", gentle).split()
        opening = " ".join(words[:600])
        assert "Are you blind?" in opening and disarmed in opening, gentle


def test_min_hee_has_no_surname_and_ok_joo_no_family(story: Story) -> None:
    for scene in story.scenes.values():
        if scene.chapter not in CHAPTERS:
            continue
        for passage in all_passages(scene.text):
            for text in (passage.text, passage.gentle or ""):
                assert not re.search(r"\b(Seo|Choi|Kim|Park|Lee) Min-hee\b", text), scene.id
                assert "your mother" not in text.lower(), scene.id


def test_friendship_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "friendship").split()) >= 1_800


def test_on_the_film_s_route_at_most_one_screen_in_four_is_a_single_continue(story: Story) -> None:
    for chapter in CHAPTERS:
        steps = [s for s in canonical_route(story) if story.scenes[s.scene].chapter == chapter]
        single = [s.scene for s in steps if len(open_choices(story.scenes[s.scene], s.values)) == 1]
        decisions = len(steps) - len(single)
        assert decisions >= 6, chapter
        assert len(single) * 4 <= len(steps), (chapter, single)


def test_every_scene_on_the_film_s_route_has_a_short_title(story: Story) -> None:
    for step in canonical_route(story):
        scene = story.scenes[step.scene]
        if scene.chapter in CHAPTERS:
            assert scene.title and 2 <= len(scene.title.split()) <= 5, scene.id


def test_intense_passages_have_a_short_gentle_version(story: Story) -> None:
    pairs = 0
    for scene in story.scenes.values():
        if scene.chapter in CHAPTERS:
            for passage in all_passages(scene.text):
                if passage.gentle is not None:
                    pairs += 1
                    assert len(re.findall(r"[.!?](?:\s|$)", passage.gentle)) <= 2, scene.id
    assert pairs >= 10


@pytest.mark.parametrize(("choice", "keepsake", "phrase"), [
    ("friendship_keyring", "keyring", "two small tin fish"),
    ("friendship_sea", "sea", "The sea. You and me."),
    ("friendship_truth", "truth", "You have never told anyone."),
])
def test_what_ok_joo_shares_with_min_hee_is_kept(story: Story, choice: str, keepsake: str, phrase: str) -> None:
    s = play_canon(Session(story), until_scene="friendship_keepsake")
    play(s, choice)
    assert s.values["keepsake"] == keepsake
    assert phrase in "\n".join(s.paragraphs)
    play_canon(s, until_chapter="note")
    assert s.scene_id == "note_opening" and s.values["keepsake"] == keepsake


def test_the_robbery_is_remembered_by_the_police_on_the_night_of_the_call(story: Story) -> None:
    waited = play_canon(Session(story), until_scene="note_night")
    shielded = play(play_canon(Session(story), until_scene="friendship_robbery"), "friendship_shield")
    assert "Get down" in "\n".join(shielded.history[-1].paragraphs) or "head bangs" in "\n".join(shielded.paragraphs)
    play_canon(shielded, until_scene="note_night")
    assert "paid for her drinks first" in "\n".join(waited.paragraphs)
    assert "stepped between him and a knife" in "\n".join(shielded.paragraphs)


# Every side trip in chapter 1 is remembered in chapter 2: each flag, in every way through chapter 1.
ECHOES: list[tuple[str, str, str, str | None]] = [
    # (variable and value, as a condition; the chapter-2 scene; the phrase when it holds; the phrase when not)
    ('friendship_drink == "soju"', "note_opening", "peach soju", "banana milks"),
    ("friendship_front_row", "note_opening", "in the front row", "at the back of a theatre"),
    ("friendship_shielded", "note_night", "stepped between him and a knife", "paid for her drinks first"),
    ("friendship_cake_lie", "note_letter", "the cake was for a friend", None),
    ('friendship_next_life == "rock"', "note_letter", "You said you'd be a rock", "You said you'd learn to swim"),
    ("friendship_wrote", "note_letter", "I read every message", "Thank you for leaving me room"),
    ("friendship_wrote", "note_phone", "one a day, each marked read", "She pinned it to the top"),
    ("friendship_asked_phone", "note_phone", "the evening you asked her", "Under every time she turned the phone"),
    ("friendship_counts_doors", "note_breakin", "Three, Min-hee would have said", "You count them the way you always do"),
    ('keepsake == "keyring"', "note_funeral", "the tin fish bites", None),
    ('keepsake == "keyring"', "note_opening", "the other tin fish", None),
    ('keepsake == "sea"', "note_funeral", "the promise has nowhere to go", None),
    ('keepsake == "truth"', "note_funeral", "carry it anyway", None),
]


def holds(condition: str, values: dict[str, Value]) -> bool:
    name, _, wanted = condition.partition(" == ")
    return values[name] == wanted.strip('"') if wanted else bool(values[name])


def test_every_way_through_friendship_is_echoed_in_the_note(story: Story) -> None:
    ways = list(walk_chapter(story))
    assert len(ways) >= 500  # the product of the chapter's choices, every one walked
    seen_both: dict[str, set[bool]] = {}
    for _, values in ways:
        for condition, scene, yes, no in ECHOES:
            text = text_at(story, scene, values)
            on = holds(condition, values)
            seen_both.setdefault(condition + scene, set()).add(on)
            if on:
                assert yes in text, (condition, scene)
                if no is not None:
                    assert no not in text, (condition, scene)
            else:
                assert yes not in text, (condition, scene)
                if no is not None:
                    assert no in text, (condition, scene)
    assert all(v == {True, False} for v in seen_both.values())


def test_no_line_ties_min_hee_s_death_to_a_choice(story: Story) -> None:
    banned = [
        "nobody could", "would not have changed", "could have done", "if you had", "you did not ask",
        "knew how to ask", "should have asked", "nothing could", "your fault", "in time",
    ]
    for scene in story.scenes.values():
        if scene.chapter not in CHAPTERS:
            continue
        for passage in all_passages(scene.text):
            for text in (passage.text.lower(), (passage.gentle or "").lower()):
                for phrase in banned:
                    assert phrase not in text, (scene.id, phrase)


def test_the_question_about_her_phone_is_answered_with_choi_s_threat(story: Story) -> None:
    s = play_canon(Session(story), until_scene="friendship_days")
    play(s, "friendship_asked")
    assert "A man I met at a party" in "\n".join(s.paragraphs)
    assert "It is not the truth." in "\n".join(s.paragraphs)
    # and chapter 2 shows why: he had told her what would happen if she told anyone
    play_canon(s, until_scene="note_phone")
    said = " ".join(" ".join(s.paragraphs).split())
    assert "Twenty minutes before you asked, he had written: Who have you told?" in said


def last_sentence(items: tuple[Item, ...]) -> str | None:
    """The closing sentence of what a branch shows last, if it ends on a paragraph."""
    if not items or not isinstance(items[-1], Passage):
        return None
    sentences = re.split(r"(?<=[.!?\"])\s+", " ".join(items[-1].text.split()))
    return sentences[-1]


def branches(items: tuple[Item, ...]) -> Iterator[Branch]:
    for item in items:
        if isinstance(item, Branch):
            yield item
            yield from branches(item.then)
            yield from branches(item.otherwise)


def test_variants_do_not_share_a_closing_line(story: Story) -> None:
    checked = 0
    for scene in story.scenes.values():
        if scene.chapter not in CHAPTERS:
            continue
        for branch in branches(scene.text):
            then, otherwise = last_sentence(branch.then), last_sentence(branch.otherwise)
            if then and otherwise:
                checked += 1
                assert then != otherwise, (scene.id, then)
    assert checked >= 20
