"""Chapter 2, The Note: the night of the call by the content rules, the note, what Choi did, the hunt, and two exits."""

from __future__ import annotations

import re

import pytest
from conftest import assert_in_order, canon_text, play, play_canon, read_all

from game.engine import Session, Story
from game.engine.model import all_passages, render


def at_chapter(story: Story, chapter: str = "note") -> Session:
    s = Session(story)
    s.start_chapter(chapter)
    return s


def text(s: Session) -> str:
    return " ".join("\n".join(s.paragraphs).split())


def test_the_beats_of_the_note_come_in_the_film_s_order(story: Story) -> None:
    beats = [
        "a bag of drinks",  # 4: she comes with the drinks from that store
        "her ringtone plays, and plays, and stops",  # nobody answers
        "you let yourself in",
        "On the bed there is a shoebox",  # the box on the bed
        "Inside are her pointe shoes",  # the pointe shoes and the note
        "an envelope with your name on it",
        "Min-hee is dead. She has taken her own life",  # one plain sentence, then the cut
        "make him pay",  # 5: the note asks her to avenge her
        "There is a man who calls himself Choi Pro",  # names him
        "his ID is choi.pro",  # and gives his online ID
        "I don't remember the rest of that night. He filmed it",  # 6: drugged, filmed
        "Five hundred thousand won",  # extorted
        "Every message is his",
        "Hannam-dong",  # 7: from the profile to his address
        "something small and white",  # she sees him sell drugs
        "press the code",
        "two devices",  # the bugs
        "USB drives",  # the drawer of drives labelled with nicknames
        "BALLERINA",
        "Heaven",  # the club, heard through the bugs
    ]
    assert_in_order(canon_text(story, "note"), beats)


def test_the_note_is_long_enough_on_the_film_s_route(story: Story) -> None:
    assert len(canon_text(story, "note").split()) >= 1_800


def test_the_death_is_never_a_choice(story: Story) -> None:
    opening = story.scenes["note_opening"]
    assert len(opening.choices) == 1
    # Every way into the chapter passes through the same night; nothing in chapter 1 leads around it.
    for scene in story.scenes.values():
        if scene.chapter == "friendship":
            for choice in scene.choices:
                assert story.scenes[choice.target].chapter == "friendship" or choice.target == "note_opening"


def test_the_death_is_told_without_method_in_both_modes(story: Story) -> None:
    for gentle in (False, True):
        s = at_chapter(story)
        s.gentle = gentle
        said = text(s).lower()
        assert "she has taken her own life" in said
        for word in ("pills", "rope", "jumped", "bridge", "blood", "body", "bathroom", "hanging"):
            assert not re.search(rf"\b{word}\b", said), word
        # the text cuts away: the next scene starts elsewhere, later
        play(s, "next")
        assert s.scene.place is not None and "2 a.m." in s.scene.place


def test_every_route_passes_someone_reaching_out_on_the_stairs(story: Story) -> None:
    assert [c.target for c in story.scenes["note_opening"].choices] == ["note_night"]
    night = story.scenes["note_night"]
    assert {c.target for c in night.choices} == {"note_funeral"}
    said = "\n".join(p.text for p in all_passages(night.text))
    assert "puts a blanket round your shoulders" in " ".join(said.split()) or "blanket" in said
    assert "sits down on the step beside" in " ".join(said.split())


def test_the_keepsake_is_recalled_in_grief(story: Story) -> None:
    texts = {}
    for choice in ("friendship_keyring", "friendship_sea", "friendship_truth"):
        s = play_canon(Session(story), until_scene="friendship_keepsake")
        play(s, choice)
        play_canon(s, until_scene="note_funeral")
        texts[choice] = text(s)
    assert "tin fish" in texts["friendship_keyring"]
    assert "The sea this summer" in texts["friendship_sea"]
    assert "the only person you ever told" in texts["friendship_truth"]


def test_she_takes_nothing_from_his_drawer_and_leaves_for_heaven(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_breakin")
    assert "You do not touch that one" in text(s)
    gentle = " ".join(render(story.scenes["note_breakin"].text, s.values, True))
    assert "BALLERINA" in gentle and "leave them where they are" in gentle
    for choice in story.scenes["note_breakin"].choices:
        assert all(e.target in {"note_drawer_photo"} for e in choice.effects)
    play_canon(s, until_chapter="motel")
    assert s.scene_id == "motel_opening"
    assert "Friday" in read_all(s) and "Heaven" in read_all(s)


def test_someone_says_plainly_that_the_fault_is_choi_s(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_company")
    said = text(s)
    assert '"He did this," you say. "Choi did.' in said and "Then it isn't yours either" in said
    assert "None of this is yours. It's his." in " ".join(read_all(s).split())


def test_going_to_the_police_closes_the_file(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_phone")
    play(s, "note_police", "note_waiting", "note_closed_file")
    assert s.ending is not None and s.ending.id == "closed_file"
    assert "The file is closed. You are not." in text(s)
    assert "This is Choi's" in text(s)


def test_the_drug_squad_is_another_way_to_a_closed_file(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_watching")
    play(s, "note_drugs_squad")
    assert "puts them face down on the desk" in text(s)
    play(s, "note_closed_file")
    assert s.ending is not None and s.ending.id == "closed_file"
    assert "Nobody on the drug squad's floor has heard of one" in text(s)
    # or on, and Choi laughs about the tip-off on the bugs
    s = play_canon(at_chapter(story), until_scene="note_watching")
    play(s, "note_drugs_squad", "note_breakin")
    play_canon(s, until_scene="note_heaven")
    assert "a friend at Yongsan who called him about her" in text(s)


def test_after_the_police_fail_she_can_still_go_on_alone(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_phone")
    play(s, "note_police")
    assert {c.target for c in s.choices} == {"note_waiting", "note_profile"}
    play(s, "note_waiting", "note_profile")
    assert s.values["note_went_to_police"] is True
    assert "gone private once" in text(s)
    play_canon(s, until_scene="note_heaven")
    assert "a friend of some dancer" in text(s)


def test_walking_away_from_the_note_is_its_own_ending(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_funeral")
    play(s, "note_drawer", "note_weeks", "note_unanswered")
    assert s.ending is not None and s.ending.id == "unanswered_note"
    assert "You never learn what the envelope said" in text(s)
    # and from the last night too
    s = play_canon(at_chapter(story), until_scene="note_heaven")
    play(s, "note_doubt", "note_unanswered")
    assert s.ending is not None and s.ending.id == "unanswered_note"
    assert "You know his ID" in text(s)


def test_the_drawer_can_give_the_note_back_weeks_late(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_funeral")
    play(s, "note_drawer", "note_weeks", "note_letter")
    assert "gone soft at the corners in the drawer" in text(s)
    assert "Ok-joo," in s.paragraphs


# Someone says plainly whose fault it is, in every epilogue (lower case).
FAULT = ("this is choi's", "it was choi", "choi who did this", "whose doing it was")

ENDING_ROUTES = {
    # "@scene" follows the film's route up to that scene; the rest are choice ids
    "closed_file": [
        ["@note_funeral", "note_letter", "police_with_note", "note_waiting", "note_closed_file"],
        ["@note_funeral", "note_mother_stay", "next", "note_phone", "note_tell_mother", "police_with_mother",
         "note_waiting", "note_closed_file"],
        ["@note_watching", "note_drugs_squad", "note_closed_file"],
    ],
    "unanswered_note": [
        ["@note_funeral", "note_drawer", "note_weeks", "note_unanswered"],
        ["@note_heaven", "note_doubt", "note_unanswered"],
        ["@note_phone", "note_tell_mother", "find_out", "@note_heaven", "note_doubt", "note_unanswered"],
    ],
}


@pytest.mark.parametrize("keepsake", ["friendship_keyring", "friendship_sea", "friendship_truth"])
def test_both_exits_have_their_own_epilogues_of_at_least_250_words(story: Story, keepsake: str) -> None:
    epilogues: dict[str, list[str]] = {}
    for ending, routes in ENDING_ROUTES.items():
        for choices in routes:
            s = play_canon(Session(story), until_scene="friendship_keepsake")
            play(s, keepsake)
            for step in choices:
                if step.startswith("@"):
                    play_canon(s, until_scene=step[1:])
                else:
                    play(s, step)
            assert s.ending is not None and s.ending.id == ending, (ending, choices)
            paragraphs = s.paragraphs
            assert len(" ".join(paragraphs).split()) >= 250, (ending, choices)
            epilogues.setdefault(ending, []).extend(paragraphs)
            said = " ".join(" ".join(paragraphs).split()).lower()
            # never Ok-joo at an edge; someone reaches her; someone says whose fault it is
            for edge in ("edge of the water", "water's edge", "shore", "cliff", "roof", "bridge at night"):
                assert edge not in said, (ending, edge)
            assert any(fault in said for fault in FAULT), (ending, choices)
    closed, unanswered = (set(epilogues[e]) for e in ENDING_ROUTES)
    assert not closed & unanswered  # no paragraph shared between the two exits


def test_side_trips_record_what_later_chapters_read(story: Story) -> None:
    s = play_canon(at_chapter(story), until_scene="note_funeral")
    play(s, "note_drawer")
    assert s.values["note_drawer_shut"] is True
    play(s, "note_letter")
    play_canon(s, until_scene="note_heaven")
    assert "the one that held her letter for a while" in text(s)
    s = play_canon(at_chapter(story), until_scene="note_funeral")
    play(s, "note_mother_stay")
    assert s.values["note_mother"] == "stayed" and "Then you have me" in text(s)
    play(s, "next", "note_phone", "note_tell_mother")
    assert s.values["note_mother"] == "told" and '"It was him," she says' in text(s)
    s = play_canon(at_chapter(story), until_scene="note_profile")
    play(s, "note_follow")
    assert s.values["note_knows_motel"] is True and "MOTEL LUNA" in text(s)
    s = play_canon(at_chapter(story), until_scene="note_heaven")
    play(s, "note_doubt", "pick_up_knife")
    assert s.values["note_doubted"] is True and s.scene_id == "motel_opening"
    canon = play_canon(at_chapter(story), until_chapter="motel")
    assert canon.values["note_took_shoes"] is True and canon.values["note_drawer_photo"] is True
    assert canon.values["note_went_to_police"] is False and canon.values["note_knows_motel"] is False
