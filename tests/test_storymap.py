"""The story map: the film's route as a spine, your path off it, where you left the film, and going back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import hinted_copy, play, play_canon

from game.engine import Progress, Session, Story, load_story
from game.engine.route import canonical_route, path_to_scene, replay
from game.engine.storymap import (
    A_SCENE,
    MapLine,
    NotADecision,
    build_map,
    film_spine,
    first_path,
    go_back,
    left_the_film,
    scene_name,
    session_map,
    where_you_left_the_film,
)


@pytest.fixture
def hinted(tmp_path: Path) -> Story:
    return load_story(hinted_copy(tmp_path))


def lines_of(story_map) -> list[str]:  # type: ignore[no-untyped-def]
    return [("  " * line.depth) + line.text for line in story_map.lines]


def test_the_films_route_is_the_spine_chapter_by_chapter_with_titles_places_and_ways_in(hinted: Story) -> None:
    s = play_canon(Session(hinted, progress=Progress()))
    text = session_map(s).text()
    spine = [line for line in lines_of(session_map(s)) if line.startswith("Chapter") or line.startswith("  ") and
             not line.startswith("    ")]
    assert spine[:8] == [
        "Chapter 1 · One",
        "  ◆ Seoul, 5:40 a.m.",  # a place when there is no title
        "  ◆ The middle",  # the title when there is one
        "Chapter 2 · Two",
        "  ● after “Go on.”",  # the choice that led there when there is neither (never the id)
        "  ◆ The purse",
        "  ▶ Ending: The Good End  (you are here)",
        "  ■ The Good End  (the film's ending)",
    ]
    assert "You followed the film to the end, taking the film's choice at every turn." in text
    assert "Endings · 1 of 2 reached" in text


def test_an_unseen_branch_is_only_counted_and_a_locked_ending_shows_its_hint(hinted: Story) -> None:
    text = build_map(hinted, seen=[], endings=[]).text()
    assert "Chapter 1 · One\n  ○ 2 scenes not yet seen\nChapter 2 · Two\n  ○ 3 scenes not yet seen\n" in text
    assert "not taken" not in text.split("Chapter 1")[1]  # no way out of a scene never stood in was passed over
    assert "The middle" not in text and "The purse" not in text and "Seoul" not in text
    assert "Bad" not in text and "bad_end" not in text and "badly" not in text
    assert "? Locked · Chapter 1: a colour, then giving up." in text
    assert "Good End" not in text


def test_an_early_exit_hangs_off_the_spine_where_it_left_and_says_by_which_choice(hinted: Story) -> None:
    s = play(Session(hinted, progress=Progress()), "blue", "bad_end")
    story_map = session_map(s)
    lines = lines_of(story_map)
    at = lines.index("  ◆ The middle")
    assert lines[at + 1] == "    ▶ Ending: The Bad End  (you are here)"
    assert story_map.sentence == ("You left the film in chapter 1, One, at the middle, when you chose “Give up.” "
                                  "Before that, one choice of your own had coloured it.")
    # The film's ending is still locked: its hint, never its title.
    assert "? Locked · Chapter 2: spend wisely." in story_map.text()


def test_a_seen_scene_is_drawn_under_the_way_the_player_came_even_past_an_unseen_one(tmp_path: Path) -> None:
    folder = hinted_copy(tmp_path)
    chapter = folder / "2-two.yaml"
    chapter.write_text(chapter.read_text().replace(
        "      - label: Walk.\n        to: bad_end\n",
        "      - label: Walk.\n        to: two_walk\n      - label: Run.\n        to: two_run\n",
    ).replace("  good_end:\n", "  two_walk:\n    text: [You walk.]\n    next: two_far\n"
              "  two_run:\n    text: [You run.]\n    next: two_far\n"
              "  two_far:\n    text: [Far away.]\n    next: bad_end\n  good_end:\n"))
    story = load_story(folder)
    s = play_canon(Session(story, progress=Progress()), until_scene="two_choice")
    play(s, "two_run", "next")
    lines = lines_of(session_map(s))
    at = lines.index("  ◆ The purse")
    assert lines[at + 1:at + 4] == ["    ● after “Run.”", "      ▶ a scene  (you are here)", "    ? one way not taken"]
    # Set down past a scene never read (as a replay does): the way there is drawn, never named.
    fresh = Session(story, progress=Progress(tmp_path / "other"))
    route = [st.choice.trigger for st in canonical_route(story)[:3] if st.choice]
    steps = replay(story, [*route, "two_choice.two_walk", "two_walk.next"])
    assert steps is not None
    fresh.play_for_player(steps)
    lines = lines_of(session_map(fresh))
    # The purse, never read, is only counted; the way hangs from it alone, its ways out not counted.
    at = lines.index("Chapter 2 · Two")
    assert lines[at + 1:at + 5] == ["  ○ 1 scene not yet seen", "  ○ 1 scene not yet seen", "    ? a scene not seen",
                                    "      ▶ a scene  (you are here)"]
    assert lines[at + 5] == "  ○ 1 scene not yet seen"  # the film's ending


def test_going_back_within_this_run_is_an_undo_and_plays_on_to_a_second_ending(hinted: Story) -> None:
    progress = Progress()
    s = play(Session(hinted, progress=progress), "blue", "two_opening", "next", "bad_end")
    assert s.ending is not None and s.ending.id == "bad"
    said = go_back(s, "one_middle")
    assert said == "Back at the middle, as you left it."
    assert s.scene_id == "one_middle" and s.values["colour"] == "blue" and s.undo_depth == 1
    go_back(s, "one_opening")
    play(s, "one_middle", "two_opening", "next", "good_end")
    assert progress.endings == ["bad", "good"]
    assert "one way not taken" not in session_map(s).text().split("Chapter 2")[0].split("The middle")[1]


def test_going_back_to_a_decision_of_an_earlier_run_replays_the_way_that_first_reached_it(hinted: Story) -> None:
    progress = Progress()
    play(Session(hinted, progress=progress), "blue")  # one_middle, first reached having picked blue
    play_canon(Session(hinted, progress=progress))  # then a run along the film
    again = Session(hinted, progress=Progress())  # a later launch: the record was written to disk
    said = go_back(again, "one_middle")
    assert said == "Back at the middle, replayed the way you first came."
    assert again.values["colour"] == "blue" and [c.id for c in again.choices] == ["two_opening", "bad_end"]
    assert again.undo_depth == 0  # played for the player: undo stops here, as after a chapter jump


def test_only_a_seen_decision_can_be_gone_back_to(hinted: Story) -> None:
    s = Session(hinted, progress=Progress())
    with pytest.raises(NotADecision):
        go_back(s, "one_middle")  # not seen yet
    play_canon(s)
    with pytest.raises(NotADecision):
        go_back(s, "two_opening")  # seen, but a single Continue
    assert [line.scene for line in session_map(s).lines if line.can_return] == ["one_opening", "one_middle",
                                                                                 "two_choice"]


def test_a_decision_forgotten_or_unreachable_is_replayed_the_way_closest_to_the_film(hinted: Story) -> None:
    progress = Progress()
    play_canon(Session(hinted, progress=progress))
    # Records an older story wrote: a choice it no longer has, and a way that now stops short.
    for way in (["", "one_opening.nowhere"], ["", "one_opening.one_middle"]):
        progress.data["paths"]["two_choice"] = way
        s = Session(hinted, progress=progress)
        assert go_back(s, "two_choice") == "Back at the purse, replayed the way closest to the film."
        assert s.scene_id == "two_choice" and s.values["coins"] == 2


def test_the_way_to_each_decision_is_kept_small_and_replays_exactly(story: Story) -> None:
    progress = Progress()
    play_canon(Session(story, progress=progress))
    route = canonical_route(story)
    triggers = [step.choice.trigger for step in route if step.choice]
    decisions = [(i, step.scene) for i, step in enumerate(route) if len(story.scenes[step.scene].choices) > 1]
    assert decisions
    for i, scene in decisions:
        assert (first_path(progress, scene) if scene != story.start else []) == triggers[:i], scene
    # Each record holds the decision before it and the choices since, not the whole way.
    assert all(len(way) <= 1 + max(b[0] - a[0] for a, b in zip(decisions, decisions[1:], strict=False))
               for way in progress.paths.values())
    assert len(json.dumps(progress.data["paths"])) < 20 * len(decisions) * 40


def test_a_hand_edited_loop_of_ways_is_not_followed(hinted: Story, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "progress.json").write_text(json.dumps({"paths": {"a": ["b", "x"], "b": ["a", "y"], "c": "no"}}))
    progress = Progress()
    assert first_path(progress, "a") is None and "c" not in progress.paths


SENTENCE = re.compile(r"You left the film in chapter (\d), ([^,]+), at (.+), when you chose “(.+)”\.? (.+)")


def test_every_ending_of_the_story_says_where_it_left_the_film(story: Story) -> None:
    spine = film_spine(story)
    for ending in story.endings:
        steps = path_to_scene(story, ending.scene)
        assert steps is not None
        sentence = where_you_left_the_film(story, steps, spine)
        if ending.true_ending:
            assert sentence.startswith("You followed the film to the end, "), sentence
            continue
        found = SENTENCE.fullmatch(sentence)
        assert found, sentence
        number, title, _, label = found.groups()[:4]
        chapter = story.chapter(int(number))
        assert chapter.title == title
        left = next(s for s in reversed(steps) if s.scene in spine and s.choice is not None)
        assert story.scenes[left.scene].chapter == chapter.id and left.choice is not None
        assert left.choice.label.strip() == label
        assert chapter.number <= story.chapter(story.scenes[ending.scene].chapter).number


def test_choices_a_replay_made_for_the_player_are_not_counted_as_their_own(tmp_path: Path) -> None:
    folder = hinted_copy(tmp_path)
    two = folder / "2-two.yaml"
    walk = "      - label: Walk.\n        to: bad_end\n"
    two.write_text(two.read_text().replace(walk, walk.replace("bad_end", "good_end\n        id: walk")))  # bad: by blue
    s = Session(load_story(folder), progress=Progress())
    s.replay_ending("bad")  # blue is picked for the player, who stands at the middle
    assert "So far you have followed the film since the replay set you here." in session_map(s).text()
    play(s, "bad_end")
    assert left_the_film(s) == ("You left the film in chapter 1, One, at the middle, when you chose “Give up.” "
                                "The replay had chosen the way there for you.")


def test_random_games_map_every_seen_scene_once_and_name_no_unseen_one(story: Story) -> None:
    import random

    rng = random.Random(14)
    progress = Progress()
    for _ in range(25):
        s = Session(story, progress=progress)
        for _ in range(rng.randrange(5, 120)):
            if s.ending is not None:
                break
            s.choose(rng.randrange(len(s.choices)))
        seen = progress.seen | s.visited
        lines = session_map(s).lines
        scenes = [line.scene for line in lines if line.kind in ("spine", "branch")]
        assert len(scenes) == len(set(scenes)), "a scene drawn twice"
        assert seen <= set(scenes), f"seen but not drawn: {seen - set(scenes)}"
        assert_the_spine_names_only_what_was_seen_and_counts_the_rest(story, lines, seen)
        for line in lines:
            if line.kind == "branch" and line.scene not in seen:
                assert line.text == "? a scene not seen"  # a way to a seen scene, never named
        assert [line.scene for line in lines if line.here] == [s.scene_id]
        assert all(line.scene in seen and line.scene != s.scene_id for line in lines if line.can_return)


UNSEEN_RUN = re.compile(r"○ (\d+) scenes? not yet seen")


def assert_the_spine_names_only_what_was_seen_and_counts_the_rest(story: Story, lines: list[MapLine],
                                                                  seen: set[str]) -> None:
    """Every chapter heading drawn; under each, its seen scenes of the film's route named and the
    unseen ones counted, the two adding up to the chapter's part of the route; no unseen one named."""
    spine = film_spine(story)
    headings = [n for n, line in enumerate(lines) if line.kind == "chapter"]
    assert [lines[n].text for n in headings] == [f"Chapter {c.number} · {c.title}" for c in story.chapters]
    for chapter, start, stop in zip(story.chapters, headings, [*headings[1:], len(lines)], strict=True):
        part = [sid for sid in spine if story.scenes[sid].chapter == chapter.id]
        under = lines[start + 1:stop]
        named = [line.scene for line in under if line.kind == "spine"]
        assert named == [sid for sid in part if sid in seen], chapter.title
        counted = [int(found.group(1)) for line in under if line.kind == "unseen"
                   for found in [UNSEEN_RUN.fullmatch(line.text)] if found]
        assert len(counted) == sum(line.kind == "unseen" for line in under), "an unseen run that does not count"
        assert all(n > 0 for n in counted)
        assert sum(counted) + len(named) == len(part), chapter.title
    text = "\n".join(line.text for line in lines)
    names_seen = {scene_name(story.scenes[sid]) for sid in seen}
    unseen = {scene_name(story.scenes[sid]) for sid in spine if sid not in seen} - names_seen - {A_SCENE}
    assert not [name for name in unseen if name in text]


def test_a_fresh_map_of_the_film_names_no_scene_and_counts_every_one_chapter_by_chapter(story: Story) -> None:
    story_map = build_map(story, seen=[], endings=[])
    assert_the_spine_names_only_what_was_seen_and_counts_the_rest(story, story_map.lines, set())
    text = story_map.text()
    assert "The fall" in map(scene_name, story.scenes.values()) and "The fall" not in text
    assert not [sid for sid in film_spine(story) if scene_name(story.scenes[sid]) in text]
    # One line a chapter: the film still reads as a spine, every chapter there, nothing of it named.
    assert [line.kind for line in story_map.lines[2:2 + 2 * len(story.chapters)]] == ["chapter", "unseen"] * len(
        story.chapters)


def test_a_map_part_way_along_the_film_names_what_was_read_and_counts_the_rest(story: Story) -> None:
    s = play_canon(Session(story, progress=Progress()), until_scene=film_spine(story)[5])
    story_map = session_map(s)
    assert_the_spine_names_only_what_was_seen_and_counts_the_rest(story, story_map.lines, set(s.visited))
    here = next(n for n, line in enumerate(story_map.lines) if line.here)
    after = [line for line in story_map.lines[here + 1:] if line.kind != "not-taken"]
    assert after[0].kind == "unseen" and after[1].kind == "chapter"  # the rest of chapter 1: one line
