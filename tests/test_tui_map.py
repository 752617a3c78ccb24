"""The story map in the terminal game, the locked endings in its gallery, and the ending's divergence line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hinted_copy

from game.engine import Settings, Story, load_story
from game.tui.app import BallerinaApp, make_app
from game.tui.screens.chapter_note import ChapterNote
from game.tui.screens.map import MapScreen
from game.tui.screens.story import StoryScreen
from game.tui.screens.title import TitleScreen

SIZE = (100, 30)


@pytest.fixture
def hinted(tmp_path: Path) -> Story:
    return load_story(hinted_copy(tmp_path))


def app_for(story: Story, data_dir: Path, **settings: object) -> BallerinaApp:
    s = Settings(data_dir)
    s.data.update({"content_note_seen": True, "text_speed": "instant", "chapter_notes": False, **settings})
    s.save()
    return make_app(story, data_dir=data_dir)


def map_lines(app: BallerinaApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, MapScreen), type(screen).__name__
    return [("  " * line.depth) + line.text for line in screen.story_map.lines]


async def test_m_opens_the_map_where_you_stand_and_a_seen_decision_takes_you_back(hinted, data_dir):
    app = app_for(hinted, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("2", "m")  # blue: to the middle, then the map
        lines = map_lines(app)
        assert "  ◆ Seoul, 5:40 a.m." in lines and "  ▶ The middle  (you are here)" in lines
        options = app.screen.query_one("#map-lines")
        assert options.highlighted == lines.index("  ▶ The middle  (you are here)") - 1  # (the title is the heading)
        await pilot.press("up", "enter")  # the first decision: this game is under way, so it asks
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session.scene_id == "one_opening" and app.session.undo_depth == 0


async def test_the_map_opens_from_the_title_and_the_palette_and_goes_back_to_a_decision_of_a_game_before(
        hinted, data_dir):
    from game.tui.commands import StoryCommands

    app = app_for(hinted, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "2")  # blue, give up: the bad ending
        assert app.session.ending is not None
        await pilot.press("escape", "m")  # the title's m: the game just played is still the one held
        assert "    ▶ Ending: The Bad End  (you are here)" in map_lines(app)
    app = make_app(hinted, data_dir=data_dir)  # a later launch: no game under way
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        lines = map_lines(app)
        assert "    ■ Ending: The Bad End" in lines and not any(line.endswith("(you are here)") for line in lines)
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        names = [name for name, _, _ in StoryCommands(app.screen).commands()]
        assert "Story map" in names
        run = dict((n, r) for n, _, r in StoryCommands(app.screen).commands())["Story map"]
        await run()  # type: ignore[misc]
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapScreen)
        middle = next(n for n, line in enumerate(screen.story_map.lines[1:]) if line.scene == "one_middle")
        screen.query_one("#map-lines").highlighted = middle
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session.scene_id == "one_middle" and app.session.values["colour"] == "blue"


async def test_a_line_that_is_not_a_decision_does_not_go_back(hinted, data_dir):
    app = app_for(hinted, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "m")
        screen = app.screen
        assert isinstance(screen, MapScreen)
        shown = [line.text for line in screen.story_map.lines]
        assert "○ 1 scene not yet seen" in shown and "The middle" not in " ".join(shown)
        for n, line in enumerate(screen.story_map.lines[1:]):
            if line.kind == "unseen":  # the film's scenes not yet seen, counted
                screen.query_one("#map-lines").highlighted = n
                await pilot.press("enter")
                assert app.screen is screen and app.session.scene_id == "one_opening"


async def test_the_map_fits_and_scrolls_in_the_smallest_terminal(data_dir, story):
    from textual.widgets import OptionList

    from game.tui.commands import StoryCommands  # noqa: F401  (the palette module loads with the app)

    app = app_for(story, data_dir)
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.press("n")
        if isinstance(app.screen, ChapterNote):
            await pilot.press("enter")
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MapScreen)
        options = screen.query_one(OptionList)
        assert options.region.height >= 3 and screen.query_one(".dialog-hint").region.bottom <= 14
        assert options.max_scroll_y > 0
        # Without colour: the cursor's line is reversed, and where you stand is marked in words.
        assert options.get_component_rich_style("option-list--option-highlighted").reverse
        assert any(line.here and line.text.startswith("▶") for line in screen.story_map.lines)
        await pilot.press("end")
        await pilot.pause()
        assert options.scroll_y == options.max_scroll_y
        assert options.highlighted == options.option_count - 1


async def test_the_gallery_shows_a_locked_endings_hint_and_the_ending_says_where_you_left_the_film(hinted, data_dir):
    app = app_for(hinted, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "2")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        heading = str(screen.query_one("#ending-title").render())
        assert "You left the film in chapter 1, One, at the middle, when you chose “Give up.”" in heading
        await pilot.press("e")
        labels = [item.label for item in app.screen.query_one("#ending-menu").items]  # type: ignore[attr-defined]
        assert labels == ["? Locked · Chapter 2: spend wisely.", "The Bad End"]


def test_the_map_screen(snap_compare, hinted, data_dir, monkeypatch):
    """A snapshot: blue picked, standing at the middle; fixed size, animation off."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    app = app_for(hinted, data_dir)
    app.animation_level = "none"
    assert snap_compare(app, press=["n", "2", "m"], terminal_size=(72, 24))
