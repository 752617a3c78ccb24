"""Chapter 2, The Note: the loss by the content rules, the note, what Choi did, the search, and two exits."""

from __future__ import annotations

import re

from conftest import assert_in_order, canon_text, play, play_canon, read_all

from game.engine import Session, Story
from game.engine.route import path_to_scene


def at_chapter(story: Story, chapter: str = "note") -> Session:
    s = Session(story)
    s.start_chapter(chapter)
    return s



def test_the_beats_of_the_note_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "Min-hee died. They said she took her own life",  # 4: the death, stated, not shown
        "Please don't think you could have done",  # never the player's fault
        "please make him pay",  # 5: the note asks for revenge
        "His page is\nchoi.pro",
        "Then there is a\nnight she does not remember",  # 6: drugged, filmed, extorted
        "belongs to him",
        "white German sedan",  # 7: from the profile to his address
        "Hannam-dong",
        "You watch him",  # days of watching
        "the usual motel",
    ]
    assert_in_order(canon_text(story, "note"), beats)


def test_the_note_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "note").split()) >= 1_800


def test_the_death_is_never_a_choice(story: Story) -> None:
    opening = story.scenes["note_opening"]
    assert len(opening.choices) == 1
    # Every way into the chapter passes through the same news; nothing in chapter 1 leads around it.
    for scene in story.scenes.values():
        if scene.chapter == "friendship":
            for choice in scene.choices:
                assert story.scenes[choice.target].chapter == "friendship" or choice.target == "note_opening"


def test_the_death_is_told_without_method_in_both_modes(story: Story) -> None:
    for gentle in (False, True):
        s = at_chapter(story)
        s.gentle = gentle
        text = "\n".join(s.paragraphs).lower()
        assert "took her own life" in text
        for word in ("pills", "rope", "jumped", "bridge", "blood", "body"):
            assert not re.search(rf"\b{word}\b", text), word


def test_the_keepsake_is_recalled_in_grief(story: Story) -> None:
    texts = {}
    for choice in ("friendship_keyring", "friendship_sea", "friendship_truth"):
        s = play_canon(Session(story), until_scene="friendship_keepsake")
        play(s, choice)
        play_canon(s, until_scene="note_funeral")
        texts[choice] = "\n".join(s.paragraphs)
    assert "tin fish" in texts["friendship_keyring"]
    assert "learn to swim" in texts["friendship_sea"]
    assert "the only person you ever told" in texts["friendship_truth"]


def test_going_to_the_police_closes_the_file(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_phone")
    play(s, "note_police", "note_waiting", "note_closed_file")
    assert s.ending is not None and s.ending.id == "closed_file"
    assert "The file is closed" in read_all(s) or "file closed" in read_all(s)


def test_after_the_police_fail_she_can_still_go_on_alone(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_phone")
    play(s, "note_police")
    assert {c.target for c in s.choices} == {"note_waiting", "note_profile"}
    play(s, "note_profile")
    assert s.values["note_went_to_police"] is True
    assert "goes private for an\nafternoon" in "\n".join(s.paragraphs) or "goes private" in "\n".join(s.paragraphs)


def test_walking_away_from_the_note_is_its_own_ending(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_envelope")
    play(s, "note_drawer", "note_weeks", "note_unanswered")
    assert s.ending is not None and s.ending.id == "unanswered_note"
    # and from the last night too
    s = play_canon(at_chapter(story), until_scene="note_watching")
    play(s, "note_doubt", "note_unanswered")
    assert s.ending is not None and s.ending.id == "unanswered_note"


def test_both_exits_have_epilogues_of_at_least_250_words(story: Story) -> None:
    for ending in ("closed_file", "unanswered_note"):
        scene = story.scenes[story.ending(ending).scene]
        path = path_to_scene(story, scene.id)
        assert path is not None
        from game.engine.model import render

        words = len(" ".join(render(scene.text, path[-1].values, False)).split())
        assert words >= 250, (ending, words)


def test_the_drawer_can_give_the_note_back(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_envelope")
    play(s, "note_drawer", "note_letter")
    assert "Ok-joo," in s.paragraphs[0]
