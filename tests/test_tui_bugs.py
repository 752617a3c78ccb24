"""The play-test's bugs (issue 13), one Pilot test each: every one failed before its fix."""

from __future__ import annotations

import shutil

import pytest
from tui_pilot import STORIES, app_for, keys_at_once, long_story, new_game, settled

from game.engine import Story, load_story
from game.engine.saves import AUTOSAVE
from game.tui.app import BallerinaApp
from game.tui.screens.story import StoryScreen

SIZE = (100, 30)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


def needs_typing(app: BallerinaApp) -> None:
    if app.animation_level == "none":
        pytest.skip("animations are off here, so the text shows at once")


def footer_offers(app: BallerinaApp) -> list[str]:
    """What the bottom row of the screen on top offers, whole keys only: 'esc Title', ..."""
    screen = app.screen
    width, height = app.size
    found: list[str] = []
    for x in range(width):
        try:
            widget, region = screen.get_widget_at(x, height - 1)
        except Exception:
            continue
        if type(widget).__name__ == "FooterKey" and region.right <= width:
            label = " ".join(str(widget.render()).split())
            if label not in found:
                found.append(label)
    return found


async def test_1_keys_that_arrive_after_q_do_nothing(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2")
        taken = app.session.choice_ids
        keys_at_once(app, "q", "u", "1")
        await pilot.pause()
    assert app.session.choice_ids == taken  # not undone, and no choice taken unseen
    assert app.saves.read(AUTOSAVE)["history"] == taken


async def test_2_gentle_from_the_command_line_shows_in_settings_and_can_be_turned_off(small, data_dir):
    app = app_for(small, data_dir, gentle=True)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        assert "in detail" not in str(app.screen.query_one("#text").text)  # type: ignore[attr-defined]
        await pilot.press("o")
        menu = app.screen.query_one("#settings-menu")
        assert "◂ On ▸" in menu.items[1].label  # type: ignore[attr-defined]
        await pilot.press("down", "right")
        assert "◂ Off ▸" in menu.items[1].label  # type: ignore[attr-defined]
        assert not app.session.gentle
        await pilot.press("escape")
        await pilot.pause()
        assert "in detail" in str(app.screen.query_one("#text").text)  # type: ignore[attr-defined]


async def test_3_space_and_a_number_together_never_show_choices_under_half_typed_text(small, data_dir):
    app = app_for(small, data_dir, speed="slow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        needs_typing(app)
        assert screen.typing
        keys_at_once(app, "space", "1")
        await pilot.pause()
        assert app.session.scene_id == "one_middle"
        menu = screen.query_one("#choices")
        if screen.typing:
            assert not any(line.display for line in menu.children)


async def test_4_notices_go_to_a_status_line_never_over_the_text_and_do_not_stack(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        app.notify("The first notice.")
        app.notify("The second notice.")
        await pilot.pause()
        assert not app.query("Toast")  # no toast floating over the page
        status = screen.query_one("#status")
        said = str(status.render())
        assert said.count("notice") == 2 and "\n" not in said  # one line, both there, none lost
        assert not status.region.overlaps(screen.query_one("#page").region)
        assert not status.region.overlaps(screen.query_one("Footer").region)


async def test_5_the_text_does_not_shift_when_the_page_gets_a_scrollbar(small, tmp_path, data_dir):
    folder = long_story(tmp_path, "  one_middle:\n    text:\n")
    app = app_for(load_story(folder), data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        short = screen.query_one("#text").region
        await pilot.press("1")  # red: the long scene
        await pilot.pause()
        assert screen.page.max_scroll_y > 0
        assert screen.query_one("#text").region.x == short.x
        assert screen.query_one("#text").region.width == short.width


async def test_6_hotkeys_act_while_the_text_types(small, data_dir):
    app = app_for(small, data_dir, speed="slow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        needs_typing(app)
        assert screen.typing
        await pilot.press("h")
        assert type(app.screen).__name__ == "HistoryScreen"
        assert not screen.typing  # finished first
        await pilot.press("escape", "enter")  # Enter on the choices now shown: the first
        assert app.session.scene_id == "one_middle"


async def test_7_an_interlude_says_meanwhile_once(small, tmp_path, data_dir):
    folder = tmp_path / "meanwhile"
    shutil.copytree(STORIES / "good", folder)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("    interlude: true\n",
                                           "    interlude: true\n    place: \"Meanwhile: the seventh floor\"\n"))
    app = app_for(load_story(folder), data_dir, chapter="two")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        column = " ".join(str(w.render()) for w in screen.query_one("#page").query("Static") if w.display)
        assert column.count("Meanwhile") == 1 + str(screen.query_one("#text").render()).count("Meanwhile")
        assert "the seventh floor" in column.lower()
        await pilot.press("h")  # and so does the history
        heads = " ".join(str(w.render()) for w in app.screen.query(".history-place"))
        assert heads.count("Meanwhile") == 1 and "seventh floor" in heads


async def test_8_the_footer_keeps_title_and_quit_at_80_columns_and_a_dialog_shows_its_own_keys(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        offers = footer_offers(app)
        assert any(o.endswith("Title") for o in offers) and any(o.endswith("Quit") for o in offers), offers
        await pilot.resize_terminal(50, 14)  # the smallest window: the way out still shows
        await pilot.pause()
        offers = footer_offers(app)
        assert any(o.endswith("Title") for o in offers) and any(o.endswith("Quit") for o in offers), offers
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("o")
        offers = footer_offers(app)
        assert offers and not any(o.endswith("Settings") for o in offers), offers


async def test_4_a_notice_raised_as_a_screen_opens_lands_on_its_status_line(small, data_dir):
    settled(data_dir, chapter_notes=False)
    app = app_for(small, data_dir, ending="")  # "Replaying ..." is said as the story screen opens
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        assert not app.query("Toast")
        assert "Replaying" in str(screen.query_one("#status").render())
