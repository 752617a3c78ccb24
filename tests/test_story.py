"""The shipped story as a whole: it checks clean, every path ends, and it keeps the bible's rules."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import canon_text

from game.engine import Session, Story, check_story, default_scenes_dir, story_stats
from game.engine.model import all_passages
from game.engine.route import canonical_route, path_to_scene

ROOT = Path(__file__).resolve().parent.parent


def test_the_story_checks_clean_over_its_whole_state_space(story: Story) -> None:
    result = check_story(story)
    assert result.problems == []
    assert result.states >= len(story.scenes)


def test_the_five_chapters_in_the_film_s_order(story: Story) -> None:
    assert [c.id for c in story.chapters] == ["friendship", "note", "motel", "boss", "beach"]
    assert [c.title for c in story.chapters] == ["Friendship", "The Note", "The Motel", "The Boss", "The Beach"]
    for chapter in story.chapters:
        assert chapter.themes, f"{chapter.id} declares no themes"
        assert chapter.blurb


def test_the_canonical_route_passes_every_chapter_in_order_to_fish_in_the_next_life(story: Story) -> None:
    route = canonical_route(story)
    scenes = [s.scene for s in route]
    entries = [scenes.index(c.entry) for c in story.chapters]
    assert entries == sorted(entries)
    last = story.scenes[scenes[-1]]
    assert last.ending == "fish_in_the_next_life"
    assert story.true_ending.title == "Fish in the Next Life"


def test_every_ending_is_reached_by_some_path(story: Story) -> None:
    for ending in story.endings:
        path = path_to_scene(story, ending.scene)
        assert path is not None, ending.id
        s = Session(story)
        for step in path[:-1]:
            assert step.choice is not None
            s.choose_id(step.choice.id)
        assert s.ending == ending


def test_every_ending_can_be_replayed_from_its_decision(story: Story) -> None:
    for ending in story.endings:
        s = Session(story)
        s.replay_ending(ending.id)
        assert s.ending is None and len(s.choices) > 1, ending.id


def test_the_story_is_long_enough(story: Story) -> None:
    stats = story_stats(story, check_story(story))
    assert stats.scenes >= 80
    assert stats.endings >= 5
    assert stats.words >= 22_000
    assert stats.canon_words >= 9_000


def test_each_ending_has_an_epilogue_of_at_least_250_words(story: Story) -> None:
    for ending in story.endings:
        scene = story.scenes[ending.scene]
        path = path_to_scene(story, scene.id)
        assert path is not None
        s = Session(story)
        s._play_for_player(path)  # stand in the ending with the values of a real way there
        words = sum(len(p.split()) for p in s.paragraphs)
        assert words >= 250, f"{ending.id}: {words} words"


def test_every_intense_passage_has_a_short_gentle_version(story: Story) -> None:
    for scene in story.scenes.values():
        for passage in all_passages(scene.text):
            if passage.gentle is not None:
                assert len(passage.gentle.split()) <= 60, f"{scene.id}: the gentle version is long"
                assert passage.gentle != passage.text


def test_no_placeholder_text_in_the_scenes() -> None:
    pattern = re.compile(r"lorem|ipsum|\bTODO\b|\bTBD\b|placeholder|FIXME|XXX", re.IGNORECASE)
    for path in default_scenes_dir().glob("*.yaml"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not pattern.search(line), f"{path.name}:{n}: {line.strip()}"


def test_the_content_note_names_the_themes_and_the_crisis_lines(story: Story) -> None:
    note = story.content_note
    for theme in ("suicide", "sexual exploitation", "trafficking of a minor", "torture"):
        assert theme in note.text
    lines = " ".join(f"{h.where} {h.line}" for h in note.help)
    for must in ("109", "988", "116 123", "findahelpline.com"):
        assert must in lines


def test_the_credits_name_the_film_its_writer_director_and_cast(story: Story) -> None:
    credits = " ".join(story.credits)
    for must in ("Ballerina (2023)", "Lee Chung-hyun", "Jeon Jong-seo", "Kim Ji-hoon", "Shin Se-hwi", "unofficial"):
        assert must in credits


def test_the_student_is_never_given_a_name(story: Story) -> None:
    text = canon_text(story)
    assert "the student" in text.lower() or "the girl" in text.lower()
    assert "Jun Jong-seo" not in text


def test_the_gentle_route_reads_through_too(story: Story) -> None:
    assert len(canon_text(story, gentle=True)) < len(canon_text(story))


def test_the_wheel_ships_the_scenes(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if run.returncode != 0 and "No matching distribution" in run.stderr:
        pytest.skip("the build backend cannot be fetched here")
    assert run.returncode == 0, run.stderr
    (wheel,) = tmp_path.glob("ballerina-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("game/scenes/")}
    assert shipped == {p.name for p in default_scenes_dir().glob("*.yaml")}
    assert "game/tui/app.tcss" in names or not (ROOT / "game" / "tui" / "app.tcss").exists()
