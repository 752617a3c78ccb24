"""Pilot tests of what only the terminal game does: its screens, keys and flows."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from textual import events
from tui_pilot import app_for, keys_at_once, settled

from game.engine import Settings, Story, load_story
from game.engine.saves import AUTOSAVE
from game.tui.app import BallerinaApp, TooSmallScreen, make_app
from game.tui.screens.chapter_note import ChapterNote
from game.tui.screens.story import StoryScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.too_small import TooSmall

STORIES = Path(__file__).parent / "stories"
SIZE = (100, 30)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


def shown(widget) -> str:  # type: ignore[no-untyped-def]
    """What a widget shows on screen, its lines joined by spaces (whatever it renders from)."""
    from textual.geometry import Region

    width, height = widget.content_size
    return " ".join(" ".join(line.text.split()) for line in widget.render_lines(Region(0, 0, width, height)))


def story_text(app: BallerinaApp) -> str:
    screen = app.screen
    assert isinstance(screen, StoryScreen), type(screen).__name__
    return str(screen.query_one("#text").text)  # type: ignore[attr-defined]


async def new_game(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    assert isinstance(pilot.app.screen, ChapterNote)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, StoryScreen)


async def test_first_launch_shows_the_content_note_before_any_story_text_and_only_once(small, data_dir):
    app = app_for(small, data_dir, first_launch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ContentNoteScreen"
        assert not any(isinstance(s, (StoryScreen, TitleScreen)) for s in app.screen_stack)
        app.screen.dismiss(True)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
    assert Settings(data_dir)["content_note_seen"] is True
    again = make_app(small, data_dir=data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, TitleScreen)


async def test_a_new_game_goes_through_the_chapter_note_and_choices_move_the_story(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        note_text = ""
        await pilot.press("n")
        note = app.screen
        assert isinstance(note, ChapterNote)
        note_text = " ".join(shown(w) for w in note.query("Static"))
        assert "Grief" in note_text and "Gentle mode is off" in note_text and "findahelpline.com" in note_text
        await pilot.press("enter")
        assert "You wake." in story_text(app)
        await pilot.press("1")
        assert app.session.scene_id == "one_middle"
        assert "Red it is." in story_text(app)
        assert app.saves.exists(AUTOSAVE) and app.saves.root.is_relative_to(data_dir)
        await pilot.press("down", "up", "enter")  # Go on: into chapter two, through its note
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "two"
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        assert screen.query_one("#meanwhile").display  # an interlude is framed
        assert screen.query_one("#page").has_class("-interlude")


async def test_the_key_that_completes_the_typewriter_does_not_also_choose(small, data_dir):
    settled(data_dir, text_speed="slow")
    app = make_app(small, data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        if app.animation_level == "none":
            pytest.skip("animations are off here, so the text shows at once")
        assert screen.typing
        await pilot.press("1")
        assert not screen.typing
        assert app.session.scene_id == "one_opening"
        await pilot.press("1")
        assert app.session.scene_id == "one_middle"


async def test_undo_goes_back_a_choice(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2")
        assert app.session.scene_id == "one_middle" and "Blue it is." in story_text(app)
        await pilot.press("u")
        assert app.session.scene_id == "one_opening"
        await pilot.press("1", "ctrl+z")
        assert app.session.scene_id == "one_opening"
        await pilot.press("u")  # nothing left to undo: a message, no crash
        assert app.session.scene_id == "one_opening"


async def test_history_opens_over_the_story(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.action_history()  # no game yet: a message, nothing opens
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await new_game(pilot)
        await pilot.press("1", "h")
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_a_chapter_jump_from_the_command_line_and_from_the_chapter_list(small, data_dir):
    app = app_for(small, data_dir, chapter="two")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("enter")
        assert app.session.scene_id == "two_opening"
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("c")  # c is Chapters on the title as in the story
        assert type(app.screen).__name__ == "ChapterSelect"
        app.screen.dismiss("one")
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("escape")  # Back: not now
        assert isinstance(app.screen, TitleScreen)
        assert app.session.scene_id == "two_opening"


async def test_turning_back_at_a_jumps_chapter_note_leaves_the_game_under_way_as_it_was(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2")  # Blue: a game under way, autosaved
        autosave = app.saves.path_for(AUTOSAVE).read_bytes()
        await pilot.press("c")
        app.screen.dismiss("two")
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "two"
        await pilot.press("escape")  # Back: the jump is not taken
        assert isinstance(app.screen, StoryScreen) and "Blue it is." in story_text(app)
        assert app.session.scene_id == "one_middle" and app.session.choice_ids == ["one_opening.blue"]
        assert app.saves.path_for(AUTOSAVE).read_bytes() == autosave
        await pilot.press("1")  # and the game goes on from where it was
        assert app.session.scene_id != "one_middle"


async def test_continue_from_the_command_line_with_no_autosave_begins_a_new_game_as_plain_mode_does(small, data_dir):
    app = app_for(small, data_dir, resume=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "one"
        assert "There is no autosave to continue: a new game begins." in str(app.screen.query_one("#status").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.scene_id == "one_opening"


async def test_loading_a_save_at_a_chapters_start_shows_that_chapters_note_first(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "1")  # Blue, then on into chapter two, through its note
        await pilot.press("enter")
        assert app.session.scene_id == "two_opening"
        app.session.save("at two")
        await pilot.press("u", "u")
        assert app.session.scene_id == "one_opening"
        await pilot.press("l")  # the Load dialog, newest first: the cursor down to "at two"
        assert type(app.screen).__name__ == "LoadDialog"
        for _ in range([slot.name for slot in app.saves.slots()].index("at two")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "two"
        assert app.session.scene_id == "one_opening"  # nothing loaded while the note is read
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.scene_id == "two_opening" and "Loaded “at two”." in str(app.screen.query_one("#status").render())


async def at_the_ending(pilot) -> StoryScreen:  # type: ignore[no-untyped-def]
    """From an ending replay's chapter note, through its decision to the ending: its story screen."""
    await pilot.press("enter", "1")
    screen = pilot.app.screen
    assert isinstance(screen, StoryScreen) and pilot.app.session.ending is not None
    return screen


async def test_an_interlude_ending_is_framed_unbroken_from_its_first_band_to_its_last(tmp_path, data_dir):
    import shutil

    folder = tmp_path / "framed"
    shutil.copytree(STORIES / "good", folder)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("    text: [It ends well.]\n", "    text: [It ends well.]\n    interlude: true\n"))
    app = app_for(load_story(folder), data_dir, ending="")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_ending(pilot)
        assert screen.query_one("#page").has_class("-interlude")
        bands = [band for band in screen.query("#page > .column") if band.display]
        assert [band.id for band in bands] == ["column-top", "meanwhile", "ending-head", "text", "credits-band",
                                               "choices", "ending-buttons", "column-end"]
        # The bands are shaded one by one: a margin between two would leave a gap in the frame.
        for above, below in zip(bands, bands[1:], strict=False):
            assert above.region.bottom == below.region.y, (above.id, below.id)


async def test_a_late_done_from_the_writer_leaves_an_ending_shown_at_once_as_the_player_left_it(small, data_dir):
    from game.tui.widgets.typewriter import Typewriter

    app = app_for(small, data_dir, ending="")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_ending(pilot)
        screen.query_one("#to-title").focus()  # the player moved on to the second button
        await pilot.pause()
        # The writer's Done for this text, arriving after the scene was complete (keys pressed
        # fast): the scene's ending buttons were shown already, and the focus stays.
        screen.writer.post_message(Typewriter.Done())
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "to-title"


async def test_tab_at_an_ending_goes_between_its_buttons(small, data_dir):
    app = app_for(small, data_dir, ending="")
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_ending(pilot)
        assert app.focused is not None and app.focused.id == "to-endings"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "to-title"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "to-endings"
        assert not screen.skipping and "Skip" not in str(screen.query_one("#status").render())


async def test_an_ending_replay_ends_with_the_title_the_credits_and_the_way_back(small, data_dir):
    app = app_for(small, data_dir, ending="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "two"  # the decision's chapter
        await pilot.press("enter")
        assert app.session.scene_id == "two_choice"
        await pilot.press("1")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        heading = str(screen.query_one("#ending-title").render())
        assert "Ending 1 of 2: The Good End" in heading and "Endings reached: 1 of 2" in heading
        assert "Written for the tests." in str(screen.query_one("#credits").render())
        assert app.progress.endings == ["good"]
        await pilot.press("enter")  # the focused button: the endings gallery
        assert type(app.screen).__name__ == "EndingGallery"
        app.screen.dismiss("good")
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("enter")
        assert app.session.scene_id == "two_choice"


async def test_save_and_load(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "s")
        assert type(app.screen).__name__ == "SaveDialog"
        app.session.save("Before the door")
        app.screen.dismiss("Before the door")
        await pilot.pause()
        await pilot.press("1")
        assert app.session.scene_id == "two_opening"
        await pilot.press("escape", "l")  # load from the title
        assert type(app.screen).__name__ == "LoadDialog"
        app.screen.dismiss("Before the door")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session.scene_id == "one_middle" and "Blue it is." in story_text(app)


async def test_settings_are_kept_between_runs(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("down", "right")  # gentle mode: on
        await pilot.press("down", "down", "enter")  # theme: paper
        assert app.session.gentle and app.theme == "paper"  # at once, with the settings still open
        gentle_line = app.screen.query_one("#settings-menu").items[1].label  # type: ignore[attr-defined]
        assert gentle_line.startswith("Gentle mode") and "◂ On ▸" in gentle_line
        await pilot.press("escape")
    again = make_app(small, data_dir=data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        assert again.theme == "paper"
        assert "A hard thing happens." in story_text(again) and "in detail" not in story_text(again)


async def test_quitting_autosaves_and_continue_resumes(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "q")
    assert app.return_value == 0
    again = make_app(small, data_dir=data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [i.id for i in again.screen.query_one("#title-menu").items][:2] == ["continue_game", "new_game"]  # type: ignore[attr-defined]
        await pilot.press("enter")  # Continue is first, under the cursor
        assert again.session.scene_id == "one_middle" and "Blue it is." in story_text(again)


async def test_a_window_too_small_says_so_and_the_game_comes_back(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one(TooSmall).render())
        assert "at least 50×14, now 40×12" in message
        await pilot.press("n")  # keys do nothing under the notice
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_the_palette_lists_reached_endings_only(small, data_dir):
    from game.tui.commands import StoryCommands

    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = StoryCommands(app.screen)
        names = [name for name, _, _ in provider.commands()]
        assert "Chapter 2: Two" in names and "Settings" in names
        assert not any(n.startswith("Replay ending") for n in names)
        app.progress.record(set(), "bad")
        names = [name for name, _, _ in provider.commands()]
        assert "Replay ending: The Bad End" in names
        run = dict((n, r) for n, _, r in provider.commands())["Chapter 2: Two"]
        await run()  # type: ignore[misc]
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote)


FUZZ_KEYS = ["1", "2", "3", "enter", "enter", "escape", "up", "down", "tab", "space", "u", "h", "s", "l",
             "c", "e", "n", "o", "w", "y", "d", "question_mark", "ctrl+z", "a", "x", "left", "right", "backspace",
             "ctrl+p", "pageup", "pagedown", "home", "end", "f5", "f9"]


async def test_a_few_thousand_random_keys_never_crash_the_game(small, data_dir):
    # Quit is on the title menu, so a run may end: then the next run starts (from the autosave
    # and settings the last one left). Any exception inside the app fails the test at `async with`.
    rng = random.Random(20231006)
    pressed = runs = 0
    settled(data_dir)
    while pressed < 3000:
        app = make_app(small, data_dir=data_dir)
        runs += 1
        async with app.run_test(size=SIZE) as pilot:
            while pressed < 3000 and app.is_running:
                # Straight into the app's queue, a burst at a time: Pilot.press waits ~60 ms a key.
                for key in (rng.choice(FUZZ_KEYS) for _ in range(25)):
                    app.post_message(events.Key(key, key if len(key) == 1 else ("?" if key == "question_mark" else None)))
                    pressed += 1
                await pilot.pause()
        assert app.return_code in (None, 0), f"run {runs} ended with {app.return_code}"


async def test_a_new_game_keeps_the_game_in_progress_as_the_previous_autosave(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "1", "escape")  # a game in progress, autosaved in chapter two
        await pilot.press("n")
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("enter", "1")  # the new game's first choice
        kept = app.saves.slot("Previous autosave")
        assert kept is not None and kept.scene == "two_opening"
        assert app.saves.slot(AUTOSAVE).scene == "one_middle"  # and the new game's own


async def test_a_dialog_closed_twice_closes_once(small, data_dir):
    from game.tui.screens.saves import Confirm

    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        answers: list[bool | None] = []
        app.push_screen(Confirm("Sure?"), answers.append)
        await pilot.pause()
        confirm = app.screen
        confirm.dismiss(True)
        confirm.dismiss(False)  # a second key queued behind the first
        await pilot.pause()
        assert answers == [True] and isinstance(app.screen, TitleScreen)


@pytest.fixture
def long_scene(tmp_path: Path) -> Story:
    import shutil

    folder = tmp_path / "long"
    shutil.copytree(STORIES / "good", folder)
    one = folder / "1-one.yaml"
    paragraphs = "".join(f"      - Paragraph {n} of a long scene, long enough to need the page to scroll.\n"
                         for n in range(1, 15))
    one.write_text(one.read_text().replace("      - You wake.\n", "      - You wake.\n" + paragraphs))
    return load_story(folder)


async def test_in_a_long_scene_the_arrows_read_on_down_to_the_choices(long_scene, data_dir):
    app = app_for(long_scene, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        page, menu = screen.page, screen.query_one("#choices")
        assert page.scroll_y == 0 and "more below" in str(screen.query_one("#more-below").render())
        first_line = menu.children[0]
        for _ in range(60):
            if screen.can_view_entire(first_line):
                break
            await pilot.press("down")
        assert screen.can_view_entire(first_line) and menu.cursor == 0  # Down scrolled; the cursor stayed
        await pilot.press("down")
        await pilot.pause()
        assert menu.cursor == 1 and screen.can_view_entire(menu.children[1])
        await pilot.press("enter")
        assert app.session.scene_id == "one_middle"


async def test_the_content_note_keeps_its_help_lines_and_button_in_view_in_a_small_window(small, data_dir):
    app = app_for(small, data_dir, first_launch=True)
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        note = app.screen
        assert type(note).__name__ == "ContentNoteScreen"
        assert note.can_view_entire(note.query_one("#content-note-help"))
        assert note.can_view_entire(note.query_one("#content-note-ok"))
        assert "findahelpline.com" in shown(note.query_one("#content-note-help"))


async def test_a_corrupt_autosave_takes_continue_off_the_title(small, data_dir):
    app = app_for(small, data_dir)
    app.saves.root.mkdir(parents=True, exist_ok=True)
    (app.saves.root / "autosave.json").write_text("{garbage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#title-menu").items[0].id == "continue_game"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "continue_game" not in [i.id for i in app.screen.query_one("#title-menu").items]  # type: ignore[attr-defined]


async def test_korean_signs_lay_out_in_the_column_at_their_double_width(story, data_dir):
    from conftest import play_canon
    from textual.geometry import Region

    app = app_for(story, data_dir, chapter="1")
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.press("enter")
        play_canon(app.session, until_scene="friendship_birthday")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        await screen.show_scene()
        await pilot.pause()
        text = screen.query_one("#text")
        width, height = text.region.size  # its padding too (the column's margins): render_lines draws them
        lines = text.render_lines(Region(0, 0, width, height))
        assert any("손맛 베이커리" in line.text for line in lines)
        # Measured at two cells a syllable, every word wraps inside the column: none is cut off.
        shown = " ".join(" ".join(line.text.split()) for line in lines)
        for paragraph in app.session.paragraphs:
            assert " ".join(paragraph.split()) in shown


async def test_continue_from_the_command_line_with_a_broken_autosave_says_so_and_offers_a_new_game(small, data_dir):
    app = app_for(small, data_dir, resume=True)
    app.saves.root.mkdir(parents=True, exist_ok=True)
    (app.saves.root / "autosave.json").write_text("{garbage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "one"  # as plain mode: a new game
        said = str(app.screen.query_one("#status").render())
        assert "moved aside" in said and "a new game begins." in said  # told on the note, not after it
        await pilot.press("escape")  # Back: the title, where Continue is gone with the broken file
        assert isinstance(app.screen, TitleScreen)
        assert "continue_game" not in [i.id for i in app.screen.query_one("#title-menu").items]  # type: ignore[attr-defined]
    assert app.return_code in (None, 0)


async def test_the_palette_cannot_jump_past_the_first_content_note(small, data_dir):
    app = app_for(small, data_dir, first_launch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert type(app.screen).__name__ == "ContentNoteScreen"


async def test_a_choice_is_painted_before_its_autosave_is_written_and_a_failed_write_is_told_at_once(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        await screen.take(1)  # Blue: drawn, not yet painted
        assert "Blue it is." in story_text(app) and not app.saves.path_for(AUTOSAVE).exists()
        await pilot.pause()  # the frame painted: then the disk
        assert json.loads(app.saves.path_for(AUTOSAVE).read_text())["scene"] == "one_middle"
        app.saves.path_for(AUTOSAVE).unlink()
        app.saves.root.rmdir()
        app.saves.root.write_text("a file where the save folder should be")
        await pilot.press("1")
        await pilot.pause()
        assert "The autosave could not be written" in str(app.screen.query_one("#status").render())


async def test_continue_during_a_game_goes_back_to_it_and_does_not_load_it_again(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "1", "enter")  # Blue, then into chapter two through its note
        await pilot.pause()
        assert app.session.scene_id == "two_opening" and app.game.owns_autosave
        await pilot.press("h")  # a dialog over the story, as the palette may leave
        app.action_continue_game()  # the palette's Continue: this game is the autosave's
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)  # back to it: not loaded again, no chapter note again
        assert app.session.choice_ids == ["one_opening.blue", "one_middle.two_opening"]


async def test_auto_advance_turned_on_before_a_game_is_said_in_its_header_from_the_start(small, data_dir):
    settled(data_dir, auto_advance=True)
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        assert "▶ auto" in str(app.screen.query_one("#mode").render())


async def test_the_endings_gallery_opens_on_the_first_ending_reached(small, data_dir):
    app = app_for(small, data_dir)
    app.progress.record({"bad_end"}, "bad")  # only the second ending reached
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert type(app.screen).__name__ == "EndingGallery"
        await pilot.press("enter")  # the reached one: replayed (through its chapter's note), not "still locked"
        await pilot.pause()
        assert type(app.screen).__name__ == "ChapterNote"


async def test_u_on_a_chapter_card_takes_back_the_choice_that_walked_into_the_chapter(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "1")  # Blue, then on into chapter two: its card
        assert isinstance(app.screen, ChapterNote) and app.session.scene_id == "two_opening"
        await pilot.press("u")  # a slip of the finger: taken back
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.session.scene_id == "one_middle"
        assert "Blue it is." in story_text(app)
        await pilot.press("c")
        app.screen.dismiss("two")  # a jump's card: no choice of the player's to take back
        await pilot.pause()
        await pilot.press("u")
        assert isinstance(app.screen, ChapterNote) and app.session.scene_id == "one_middle"


async def test_load_pressed_with_a_choice_lists_the_autosave_as_that_choice_left_it(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        keys_at_once(app, "2", "l")  # Blue and Load in one read: Load opens before the paint's write
        await pilot.pause()
        assert type(app.screen).__name__ == "LoadDialog"
        assert [slot.scene for slot in app.screen.slots if slot.name == AUTOSAVE] == ["one_middle"]


async def test_a_chapter_card_left_for_the_title_comes_again_with_continue_and_q_quits_from_it(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        await pilot.press("2", "1")  # into chapter two: its card
        assert isinstance(app.screen, ChapterNote)
        await pilot.press("escape")  # Title: the card not read
        assert isinstance(app.screen, TitleScreen)
        app.action_continue_game()
        await pilot.pause()
        assert isinstance(app.screen, ChapterNote) and app.screen.chapter.id == "two"
        await pilot.press("q")
        assert app.quitting  # q quits from the card, as from the story
    assert app.saves.slot(AUTOSAVE).scene == "two_opening"


async def test_a_quicksave_that_cannot_be_written_says_why_in_words(small, data_dir):
    app = app_for(small, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        app.saves.root.mkdir(parents=True, exist_ok=True)
        app.saves.path_for("Quicksave").mkdir()  # a folder where the quicksave's file must go
        await pilot.press("f5")
        said = str(app.screen.query_one("#status").render())
        assert "Not saved:" in said and "[Errno" not in said, said
