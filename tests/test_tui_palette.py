"""The command palette under fast keys and long searches (issue 16.8), and its commands."""

from __future__ import annotations

import random
import time

import pytest
from textual.command import CommandPalette
from tui_pilot import STORIES, app_for, keys_at_once

from game.engine import Story, load_story
from game.tui.commands import MAX_SEARCH

SIZE = (100, 30)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


async def test_paging_the_palette_before_its_list_is_laid_out_does_not_close_the_game(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys_at_once(app, "ctrl+p", "pagedown", "pageup")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
    assert app.return_code in (None, 0)


async def test_thousands_of_typed_characters_are_capped_and_stay_quick(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        start = time.perf_counter()
        keys_at_once(app, *("a" * 3000))
        await pilot.pause()
        await pilot.pause()
        elapsed = time.perf_counter() - start
        value = app.screen.query_one("CommandInput").value  # type: ignore[attr-defined]
        assert len(value) == MAX_SEARCH
        assert elapsed < 20, elapsed


async def test_the_palette_finds_a_setting_by_name_and_toggles_it(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"gentle")
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.settings["gentle"] is True and app.session.gentle
        await pilot.press("ctrl+p", *"gentle")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        listed = str(palette.query_one("CommandList").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert "Gentle mode: On" in listed


PALETTE_FUZZ = ["ctrl+p", "ctrl+p", "enter", "escape", "down", "up", "pagedown", "pageup", "c", "h", "a", "e",
                "s", "l", "o", "g", "1", "2", "n", "backspace", "space", "tab", "u", "q", "y"]


@pytest.mark.parametrize("seed", [16, 8, 309])
async def test_pressing_palette_commands_and_reopening_it_fast_never_crashes(small, data_dir, seed):
    rng = random.Random(seed)
    pressed = 0
    while pressed < 1500:
        app = app_for(small, data_dir)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n", "enter")
            while pressed < 1500 and app.is_running:
                keys_at_once(app, *(rng.choice(PALETTE_FUZZ) for _ in range(rng.randint(1, 12))))
                pressed += 12
                # A real typing delay now and then lets the search worker start before the next burst.
                await pilot.pause(rng.choice([0, 0, 0.01, 0.03]))
        assert app.return_code in (None, 0)


async def test_the_palette_offers_the_games_commands_not_textuals_tools(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        options = app.screen.query_one("CommandList")
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert any("Chapters" in t for t in listed) and any("Quit" in t for t in listed)
        assert not any(word in t for t in listed for word in ("Screenshot", "Maximize", "Keys", "Change theme"))


async def test_chapter_jumps_from_the_palette_do_not_pile_up_chapter_notes(small, data_dir):
    from game.tui.screens.chapter_note import ChapterNote

    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("ctrl+p", *"chapter 2")
            await pilot.pause(0.3)
            await pilot.press("down", "enter")
            await pilot.pause()
        assert isinstance(app.screen, ChapterNote)
        assert sum(isinstance(s, ChapterNote) for s in app.screen_stack) == 1


async def test_settings_from_the_palette_open_over_a_chapter_note_and_leave_it_there(small, data_dir):
    from game.tui.screens.chapter_note import ChapterNote

    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("ctrl+p", *"settings")
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, ChapterNote)
