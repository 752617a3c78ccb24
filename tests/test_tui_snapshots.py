"""Snapshots of the title, a scene and the chapter list, at a fixed size with animation off."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Settings, load_story
from game.tui.app import BallerinaApp, make_app

STORIES = Path(__file__).parent / "stories"
SIZE = (90, 28)


@pytest.fixture
def still_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> BallerinaApp:
    """The app on the small story: note read, text instant, no animation or blinking."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    settings = Settings(data_dir)
    settings.data.update({"content_note_seen": True, "text_speed": "instant"})
    settings.save()
    app = make_app(load_story(STORIES / "good"), data_dir=data_dir)
    app.animation_level = "none"
    return app


def test_the_title(snap_compare, still_app):
    assert snap_compare(still_app, terminal_size=SIZE)


def test_a_scene_with_its_choices(snap_compare, still_app):
    assert snap_compare(still_app, press=["n", "enter"], terminal_size=SIZE)


def test_an_interlude_is_framed(snap_compare, still_app):
    assert snap_compare(still_app, press=["n", "enter", "1", "1", "enter"], terminal_size=SIZE)


def test_the_chapter_note(snap_compare, still_app):
    assert snap_compare(still_app, press=["n"], terminal_size=SIZE)


def test_the_chapter_list(snap_compare, still_app):
    assert snap_compare(still_app, press=["c"], terminal_size=SIZE)
