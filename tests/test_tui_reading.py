"""Reading comfort (issue 13): text read before, skip, marks on choices taken, speed, the way out."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_pilot import STORIES, app_for, long_story, new_game, settled

from game.engine import Progress, Settings, Story, load_story
from game.engine.saves import AUTOSAVE, story_folder
from game.tui.app import make_app
from game.tui.screens import story as story_screen
from game.tui.screens.story import StoryScreen

SIZE = (100, 30)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


def have_read(story: Story, data_dir: Path, *scenes: str) -> None:
    """Progress as if earlier runs had read these scenes."""
    from game.engine import default_scenes_dir

    Progress(story_folder(story.root, default_scenes_dir(), data_dir)).record(set(scenes))


def needs_typing(app) -> None:  # type: ignore[no-untyped-def]
    if app.animation_level == "none":
        pytest.skip("animations are off here, so the text shows at once")


def shown(widget) -> str:  # type: ignore[no-untyped-def]
    from textual.geometry import Region

    width, height = widget.outer_size
    return " ".join(line.text for line in widget.render_lines(Region(0, 0, width, height)))


async def test_a_scene_read_in_an_earlier_run_shows_at_once_and_a_new_one_types(small, data_dir):
    have_read(small, data_dir, "one_opening")
    app = app_for(small, data_dir, speed="slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        needs_typing(app)
        assert not screen.typing  # read before: all there
        await pilot.press("1")
        assert app.session.scene_id == "one_middle" and screen.typing  # new text types


async def test_a_scene_shown_at_once_shows_its_choices_with_it_in_one_frame(small, data_dir):
    have_read(small, data_dir, "one_middle")
    app = app_for(small, data_dir, speed="slow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        screen.finish_typing()
        await pilot.pause()
        await screen.take(0)  # into a scene read before, no message handled since: nothing waits
        assert app.session.scene_id == "one_middle" and not screen.typing
        lines = list(screen.query_one("#choices").children)[: len(app.session.choices)]
        assert lines and all(line.display for line in lines)


async def test_a_new_scene_is_drawn_from_its_top_even_in_its_first_frame(data_dir, tmp_path):
    story = load_story(long_story(tmp_path, "      - You wake.\n"))
    app = app_for(story, data_dir)
    async with app.run_test(size=(60, 14)) as pilot:
        screen = await new_game(pilot)
        await pilot.press("end")  # down at the choices of a scene longer than the page
        page = screen.page
        assert page.scroll_y > 0
        await screen.take(0)  # no frame yet: the new text must not be painted at the old place
        assert page.scroll_y == 0


async def test_skip_runs_through_scenes_read_before_and_stops_at_a_decision(small, data_dir):
    have_read(small, data_dir, "two_opening", "two_choice")
    settled(data_dir, chapter_notes=False)
    app = make_app(small, data_dir=data_dir, chapter="two")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.scene_id == "two_opening"
        await pilot.press("tab")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        assert app.session.scene_id == "two_choice" and not screen.skipping
        assert "Skip stopped: a decision" in str(screen.query_one("#status").render())


async def test_skip_stopped_at_a_decision_read_before_shows_its_choices(tmp_path, data_dir):
    story = load_story(long_story(tmp_path, "      - You wake.\n"))  # the first decision scrolls
    have_read(story, data_dir, "one_opening")
    app = app_for(story, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_game(pilot)
        assert screen.page.scroll_y == 0
        await pilot.press("tab")
        await pilot.pause(0.3)
        assert "Skip stopped: a decision" in str(screen.query_one("#status").render())
        assert screen.page.scroll_y > 0 and screen.page.scroll_y == screen.page.max_scroll_y


async def test_skip_stops_at_text_not_read_before(small, data_dir):
    settled(data_dir, chapter_notes=False)
    app = make_app(small, data_dir=data_dir, chapter="two")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause(0.3)
        assert app.session.scene_id == "two_opening"
        assert "Skip stopped: new text" in str(app.screen.query_one("#status").render())


async def test_a_choice_taken_before_is_dim_with_a_mark_that_reads_without_colour(small, data_dir):
    have_read(small, data_dir, "bad_end")
    settled(data_dir, chapter_notes=False)
    app = make_app(small, data_dir=data_dir, ending="good")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.scene_id == "two_choice"
        lines = list(app.screen.query_one("#choices").children)
        assert "Walk." in shown(lines[1]) and "✓" in shown(lines[1])
        assert "Spend." in shown(lines[0]) and "✓" not in shown(lines[0])


async def test_space_pages_down_once_the_text_is_all_there(tmp_path, data_dir):
    folder = long_story(tmp_path, "      - You wake.\n")
    app = app_for(load_story(folder), data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter")
        screen = app.screen
        assert isinstance(screen, StoryScreen) and screen.page.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.page.scroll_y > 5


async def test_quitting_a_game_leaves_one_line_saying_where_it_is_saved_and_how_to_go_on(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.farewell() is None  # no game played: nothing to say
        await pilot.press("n", "enter", "2", "q")
    line = app.farewell()
    assert line is not None and str(app.saves.path_for(AUTOSAVE)) in line and "ballerina --continue" in line


async def test_high_contrast_is_a_theme_in_the_settings(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "down", "down", "down", "right", "right")
        assert app.theme == "contrast" and Settings(data_dir)["theme"] == "contrast"


async def test_under_no_color_the_cursor_row_is_in_reverse_video(small, data_dir, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cursor = app.screen.query_one("#title-menu").query(".-cursor").first()
        assert cursor.styles.text_style.reverse


async def test_the_first_content_note_offers_gentle_mode_directly(small, data_dir):
    app = app_for(small, data_dir, first_launch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ContentNoteScreen"
        await pilot.click("#content-note-gentle")
        await pilot.pause()
        assert Settings(data_dir)["gentle"] is True and app.session.gentle


async def test_the_chapter_list_counts_the_scenes_seen_in_each_chapter(small, data_dir):
    have_read(small, data_dir, "one_opening", "two_opening", "two_choice")
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        items = app.screen.query_one("#chapter-menu").items  # type: ignore[attr-defined]
        assert "(1 of 2 scenes seen)" in items[0].label and "(2 of 4 scenes seen)" in items[1].label


async def test_quicksave_and_quickload(small, data_dir):
    settled(data_dir, chapter_notes=False)
    app = make_app(small, data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "2", "f5")
        await pilot.press("1")
        assert app.session.scene_id == "two_opening"
        await pilot.press("f9", "y")  # yes, leave this game for the quicksave
        await pilot.pause()
        assert app.session.scene_id == "one_middle" and "Blue it is." in str(app.screen.query_one("#text").text)  # type: ignore[attr-defined]


async def test_auto_advance_goes_on_from_a_continue_after_a_wait(small, data_dir, monkeypatch):
    monkeypatch.setattr(story_screen, "AUTO_BASE", 0.05)
    monkeypatch.setattr(story_screen, "AUTO_CHARS", 10_000)
    settled(data_dir, chapter_notes=False, auto_advance=True)
    app = make_app(small, data_dir=data_dir, chapter="two")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.4)
        assert app.session.scene_id == "two_choice"  # and stops at the decision
        await pilot.pause(0.2)
        assert app.session.scene_id == "two_choice"


async def test_the_save_dialog_saves_under_the_name_typed(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter", "2", "s")
        assert type(app.screen).__name__ == "SaveDialog"
        await pilot.press(*"Before the door", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.saves.slot("Before the door").scene == "one_middle"  # type: ignore[union-attr]
        await pilot.press("s", *"Before the door", "enter")  # the same name: asks first
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)


async def test_a_save_in_the_load_list_carries_a_line_of_its_scene(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter", "s", "enter")
        await pilot.pause()
        await pilot.press("l")
        labels = [item.label for item in app.screen.query_one("#load-slots").items]  # type: ignore[attr-defined]
        assert any("“You wake.”" in label for label in labels), labels
