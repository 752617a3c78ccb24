"""Chapter 1, Friendship: the beats on the film's route, and the keepsake the last chapter recalls."""

from __future__ import annotations

import pytest
from conftest import assert_in_order, canon_text, play, read_all

from game.engine import Session, Story


def test_the_beats_of_friendship_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "You count the exits",  # 1: a guarded, numb life
        "the last job",  # what the past left in her
        "Jang Ok-joo,\" she says",  # 2: the chance meeting
        "Sonmat Bakery",  # the bakery's early shift
        "Salt bread",
        "first position",  # ballet: the Saturday class
        "In my next life,\" she says, \"I'm going to be a fish",  # 3: the fish
        "dance in the sea",
        "Same time tomorrow",  # the last good day
    ]
    assert_in_order(canon_text(story, "friendship"), beats)


def test_friendship_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "friendship").split()) >= 1_800


def test_friendship_offers_at_least_three_decisions_on_the_film_s_route(story: Story) -> None:
    s = Session(story)
    decisions = 0
    while s.scene.chapter == "friendship":
        decisions += len(s.choices) > 1
        s.choose(s.canon_index or 0)
    assert decisions >= 3


@pytest.mark.parametrize(("choice", "keepsake", "phrase"), [
    ("friendship_keyring", "keyring", "two small tin fish"),
    ("friendship_sea", "sea", "The sea. You and me."),
    ("friendship_truth", "truth", "You have never told anyone."),
])
def test_what_ok_joo_shares_with_min_hee_is_kept(story: Story, choice: str, keepsake: str, phrase: str) -> None:
    s = Session(story)
    while s.scene_id != "friendship_keepsake":
        s.choose(s.canon_index or 0)
    play(s, choice)
    assert s.values["keepsake"] == keepsake
    assert phrase in "\n".join(s.paragraphs)
    while s.scene.chapter == "friendship":
        s.choose(0)
    assert s.scene_id == "note_opening" and s.values["keepsake"] == keepsake


def test_the_last_good_day_remembers_the_keepsake(story: Story) -> None:
    seen = {}
    for choice in ("friendship_keyring", "friendship_sea", "friendship_truth"):
        s = Session(story)
        while s.scene_id != "friendship_keepsake":
            s.choose(s.canon_index or 0)
        play(s, choice, "next")
        assert s.scene_id == "friendship_last_day"
        seen[choice] = "\n".join(s.paragraphs)
    assert len(set(seen.values())) == 3
    assert "tin fish" in seen["friendship_keyring"]
    assert "Twelve weeks till summer" in seen["friendship_sea"]
    assert "the scarred one" in seen["friendship_truth"]


def test_watching_the_street_changes_how_min_hee_walks_in(story: Story) -> None:
    stacked = play(Session(story), "friendship_counter")
    watched = play(Session(story), "friendship_window", "next")
    assert "stacking milk" in "\n".join(stacked.paragraphs)
    assert "You watch her come in before the bell rings" in "\n".join(watched.paragraphs)


def test_staying_silent_at_the_counter_is_its_own_scene(story: Story) -> None:
    s = play(Session(story), "friendship_counter", "friendship_silent")
    assert "pretend you're a wall" in "\n".join(s.paragraphs)
    play(s, "next")
    assert s.scene_id == "friendship_reunion"


def test_asking_about_the_messages_is_remembered_as_the_question_not_asked(story: Story) -> None:
    s = Session(story)
    while s.scene_id != "friendship_days":
        s.choose(s.canon_index or 0)
    play(s, "friendship_asked")
    assert "A man I met once at a party" in read_all(s)
