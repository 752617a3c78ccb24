"""Shared fixtures: the shipped story, fixture stories, a private data folder, and ways to play."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.engine import Session, Story, load_story
from game.engine.opening import Game
from game.engine.route import canonical_route

STORIES = Path(__file__).parent / "stories"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own saves, progress and settings folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BALLERINA_DATA_DIR", str(folder))
    monkeypatch.setenv("BALLERINA_CACHE_DIR", str(tmp_path / "cache"))  # compiled stories too
    return folder


_STORY: Story | None = None


@pytest.fixture
def story() -> Story:
    """The shipped story, loaded and checked once for the whole run.

    BALLERINA_TEST_SCENES points it at another folder (a writer testing one chapter alone).
    """
    global _STORY
    if _STORY is None:
        other = os.environ.get("BALLERINA_TEST_SCENES")
        _STORY = load_story(Path(other) if other else None)
    return _STORY


@pytest.fixture
def small_story() -> Story:
    return load_story(STORIES / "good")


def canon_text(story: Story, chapter: str | None = None, gentle: bool = False) -> str:
    """The text of the film's route (one chapter's, or all of it), choices as '> label' lines."""
    from game.engine.model import render

    parts: list[str] = []
    for step in canonical_route(story):
        scene = story.scenes[step.scene]
        if chapter is not None and scene.chapter != chapter:
            continue
        parts.extend(render(scene.text, step.values, gentle))
        if step.choice is not None:
            parts.append(f"> {step.choice.label}")
    return "\n".join(parts)


def play(session: Session, *choice_ids: str) -> Session:
    """Take choices by their ids ('next' for a Continue); fails loudly if one is not open."""
    for cid in choice_ids:
        session.choose_id(cid)
    return session


def play_canon(session: Session, until_scene: str | None = None, until_chapter: str | None = None) -> Session:
    """Follow the film's route from where the session stands, until a scene or chapter (or an ending)."""
    while session.ending is None:
        if until_scene is not None and session.scene_id == until_scene:
            break
        if until_chapter is not None and session.scene.chapter == until_chapter:
            break
        index = session.canon_index
        assert index is not None, f"no canonical choice in {session.scene_id}"
        session.choose(index)
    return session


def go_in(game: Game, **way: object) -> bool:
    """Take a way in at once, as plain mode does (`Game.way_in`'s arguments); False if there is none."""
    found = game.way_in(**way)  # type: ignore[arg-type]
    if found is not None:
        game.take(found)
    return found is not None


def read_all(session: Session) -> str:
    """Everything read so far in this session, as one string."""
    return "\n".join("\n".join(e.paragraphs) for e in session.history)


def assert_in_order(text: str, beats: list[str]) -> None:
    """Every beat is in the text (case and line breaks aside), in the order given."""
    flat = " ".join(text.split()).lower()
    positions = {beat: flat.find(" ".join(beat.split()).lower()) for beat in beats}
    missing = [beat for beat, at in positions.items() if at < 0]
    assert not missing, f"beats not found: {missing}"
    found = list(positions.values())
    assert found == sorted(found), f"beats out of order: {sorted(positions, key=positions.__getitem__)}"


def hinted_copy(tmp_path: Path) -> Path:
    """The small test story, copied, with hints on its endings and short titles on two scenes
    (a copy: other tests check line numbers in the original)."""
    folder = tmp_path / "hinted"
    shutil.copytree(STORIES / "good", folder)
    story = folder / "story.yaml"
    text = story.read_text()
    text = text.replace("    true_ending: true\n", "    true_ending: true\n    hint: \"Chapter 2: spend wisely.\"\n")
    bad_hint = "    hint: \"Chapter 1: a colour, then giving up.\"\n"
    text = text.replace("    title: The Bad End\n", "    title: The Bad End\n" + bad_hint)
    story.write_text(text)
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace("  one_middle:\n", "  one_middle:\n    title: The middle\n"))
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("  two_choice:\n", "  two_choice:\n    title: The purse\n"))
    return folder
