"""A fresh play-test's bugs, one Pilot test each: every one failed before its fix."""

from __future__ import annotations

import io
import shutil

import pytest
from rich.console import Console
from test_tui_bugs import footer_offers
from textual.widgets import Button, Static
from tui_pilot import STORIES, app_for, keys_at_once, new_game, settled

from game.engine import Story, load_story
from game.engine.saves import PREVIOUS_AUTOSAVES
from game.engine.sources import default_scenes_dir
from game.tui.app import make_app
from game.tui.screens.chapter_note import ChapterNote
from game.tui.screens.content_note import ContentNoteScreen
from game.tui.screens.saves import Confirm
from game.tui.screens.story import StoryScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.status import StatusLine

SIZE = (80, 24)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


@pytest.mark.parametrize("second", ["1", "enter"])
async def test_1_a_key_pressed_twice_fast_never_chooses_in_a_scene_not_yet_shown(small, data_dir, second):
    app = app_for(small, data_dir)  # text at once: nothing to type, so nothing to finish
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        keys_at_once(app, "1", second)  # in one read, as `tmux send-keys 1 1`
        await pilot.pause()
        assert app.session.scene_id == "one_middle"
        assert len(app.session.choice_ids) == 1
        await pilot.press(second)  # once the scene is on the screen, the key chooses
        assert len(app.session.choice_ids) == 2


async def test_2_f9_asks_before_it_replaces_a_game_under_way_and_keeps_it_as_the_previous_autosave(small, data_dir):
    settled(data_dir, chapter_notes=False)
    app = make_app(small, data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "f5", "1")
        assert app.session.scene_id == "two_opening"
        await pilot.press("f9")
        assert isinstance(app.screen, Confirm)  # asked, and nothing replaced yet
        await pilot.press("n")
        assert app.session.scene_id == "two_opening"
        await pilot.press("f9", "y")
        await pilot.pause()
        assert app.session.scene_id == "one_middle"
        assert app.saves.read(PREVIOUS_AUTOSAVES[0])["scene"] == "two_opening"  # the game given up, kept


async def test_3_the_first_content_note_at_50x14_keeps_the_focus_on_a_marked_button_and_tab_among_them(data_dir):
    app = app_for(load_story(default_scenes_dir()), data_dir, first_launch=True)
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        note = app.screen
        assert isinstance(note, ContentNoteScreen)
        title = str(note.query_one(".dialog-title", Static).render())
        assert "▼" in title  # the text goes on below: said in a sign that needs no colour
        for keys in [(), ("down",), ("tab",), ("tab",)]:  # down, tab, tab: as the play-tester did
            await pilot.press(*keys)
            focused = app.focused
            assert isinstance(focused, Button), keys  # never a container the player cannot see
            assert str(focused.label).startswith("▸"), keys  # marked, without colour
            assert all(not str(b.label).startswith("▸") for b in note.query(Button) if b is not focused)
            assert focused.region.bottom <= 14 and focused.region.height >= 1
        assert app.focused.id == "content-note-ok"  # type: ignore[union-attr]  (tab went round the two)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ContentNoteScreen)


async def test_4_a_live_resize_keeps_the_choices_in_view_if_they_were(small, tmp_path, data_dir):
    folder = tmp_path / "long"
    shutil.copytree(STORIES / "good", folder)
    one = folder / "1-one.yaml"
    paragraphs = "".join(f"      - Paragraph {n}, long enough to wrap at sixty columns, and to scroll the page.\n"
                         for n in range(30))
    one.write_text(one.read_text().replace("  one_middle:\n    text:\n", "  one_middle:\n    text:\n" + paragraphs))
    app = app_for(load_story(folder), data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await pilot.press("1", "end")
        await pilot.pause()
        lines = [line for line in screen.query(".menu-line") if line.display]
        assert screen.page.max_scroll_y > 0 and all(screen.can_view_entire(line) for line in lines)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        assert all(screen.can_view_entire(line) for line in lines)
        await pilot.press("home")  # and the top stays the top
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.page.scroll_y == 0



@pytest.mark.parametrize("size", [(80, 24), (50, 14)])
async def test_5_the_chapter_card_keeps_its_buttons_in_view_and_says_when_it_scrolls(data_dir, size):
    app = app_for(load_story(default_scenes_dir()), data_dir)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        note = app.screen
        assert isinstance(note, ChapterNote)
        await pilot.pause()
        for button in note.query(Button):
            assert note.can_view_entire(button), (size, button.id)
        page = note.query_one("#note-page")
        if page.max_scroll_y > 0:
            assert "▼" in str(note.query_one("#note-more", Static).render())
        await pilot.press("enter")
        assert isinstance(app.screen, StoryScreen)


async def test_5_the_chapter_card_a_choice_walks_into_says_that_back_is_the_title(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("1", "enter")  # Go on: into chapter two, through its note
        note = app.screen
        assert isinstance(note, ChapterNote)
        offers = footer_offers(app)
        assert "esc Title" in offers and not any(o.endswith("Back") for o in offers), offers
        assert [str(b.label) for b in note.query(Button)][1] == "Title"
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)


async def test_6_a_notice_goes_when_the_player_makes_the_next_choice(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        app.notify("Skip stopped: a decision.")
        await pilot.pause()
        status = screen.query_one("#status", StatusLine)
        assert "Skip stopped" in status.message
        await pilot.press("1")
        assert app.session.scene_id == "one_middle"
        assert "Skip stopped" not in status.message and not status.display


async def test_7_the_help_screen_says_what_the_tick_on_a_choice_means(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("question_mark")
        console = Console(width=100, record=True, file=io.StringIO())
        for widget in app.screen.query_one("#help-keys").query(Static):
            console.print(widget.content)
        shown = " ".join(console.export_text().split())
        assert "✓" in shown and "earlier" in shown.split("✓", 1)[1][:120]


async def test_8_the_count_of_scenes_seen_never_goes_down(small, data_dir):
    app = app_for(small, data_dir)

    def seen() -> int:
        said = str(app.screen.query_one("#progress-line", Static).render())
        return int(said.split(" of ")[0])

    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        assert seen() == 1
        await pilot.press("2")
        assert seen() == 2
        app.replay_ending("")  # from the endings screen: stands at the decision that leads there
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote)  # the decision's chapter: its note first
        await pilot.press("enter")
        assert app.session.scene_id == "two_choice"
        assert seen() == 3  # that decision, and the two scenes read before: seen all the same
