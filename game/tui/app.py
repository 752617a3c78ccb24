"""The Textual app: builds the session from the data folder and moves between the game's screens."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from ..engine import Chapter, Story
from ..engine.memory import passes_in_pauses
from ..engine.opening import Game, WayIn
from ..engine.saves import AUTOSAVE
from ..engine.saves import data_dir as default_data_dir
from .screens.title import TitleScreen
from .widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall, too_small_message

if TYPE_CHECKING:
    from textual.command import Provider

#: The slot F5 saves to and F9 goes back to (an ordinary slot, listed in Load).
QUICKSAVE = "Quicksave"

#: The default look: a dark stage, near black, with one muted ballet-pink accent.
STAGE = Theme(
    name="stage",
    primary="#c98b9a",
    secondary="#8c6b74",
    accent="#c98b9a",
    foreground="#e6e0dc",
    background="#0e0c0d",
    surface="#161314",
    panel="#221d1f",
    success="#8fb39a",
    warning="#d8b07a",
    error="#d07a7a",
    dark=True,
)
#: The light look: ink on paper, the same rose accent, darker.
PAPER = Theme(
    name="paper",
    primary="#8a4a5a",
    secondary="#6f5a60",
    accent="#8a4a5a",
    foreground="#2a2425",
    background="#f4efe6",
    surface="#ebe4d8",
    panel="#e0d7c8",
    success="#3f6f4f",
    warning="#8a6a2a",
    error="#9a3a3a",
    dark=False,
)
#: High contrast: white on black, a yellow accent, for low vision and bright glare.
CONTRAST = Theme(
    name="contrast",
    primary="#ffd700",
    secondary="#ffffff",
    accent="#ffd700",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#3a3a3a",
    success="#7fff7f",
    warning="#ffd700",
    error="#ff7f7f",
    dark=True,
)
THEMES = {"stage": STAGE, "paper": PAPER, "contrast": CONTRAST}


def story_commands() -> type[Provider]:
    """The palette's story commands, imported only when the palette opens."""
    from .commands import StoryCommands

    return StoryCommands


class TooSmallScreen(Screen[None]):
    """Shown over everything while the terminal is below the minimum size."""

    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]
    """Only quitting works while the window is too small."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(classes="too-small")
        self.start_size = (width, height)

    def compose(self) -> ComposeResult:
        yield TooSmall(too_small_message(*self.start_size))

    def show_size(self, width: int, height: int) -> None:
        self.query_one(TooSmall).update(too_small_message(width, height))

    def on_key(self, event: Any) -> None:
        event.stop()
        event.prevent_default()


class BallerinaApp(App[int]):
    """The game in the terminal. The session owns the story's state; the app only shows it."""

    CSS_PATH = ["app.tcss", "screens.tcss"]
    """The app's look, and the dialogs' (screens.tcss)."""

    TITLE = "Ballerina"
    """The window title."""

    ENABLE_COMMAND_PALETTE = True
    """ctrl+p opens the palette: chapters, endings, save, load, settings and more."""

    COMMANDS = {story_commands}
    """The story's commands only (game/tui/actions.py has Quit among them): Textual's theme picker
    offers themes the settings do not know, and Maximize, Keys and Screenshot are tools for
    developers that leave a reader in a strange screen or a file in the working folder."""

    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, show=False)]
    """ctrl+q quits from anywhere, after an autosave."""

    NOTIFICATION_TIMEOUT = 4
    """Notices stay four seconds on the status line (warnings eight): long enough to read."""

    def __init__(
        self,
        story: Story,
        *,
        chapter: str | None = None,
        ending: str | None = None,
        resume: bool = False,
        gentle: bool | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.story = story
        #: The game opened for the player (the engine's one way to open one, as plain mode's):
        #: settings, progress, saves, the session and the autosave policy.
        self.game = Game(story, gentle=bool(gentle), data_root=data_dir or default_data_dir(),
                         writes_after=self.write_after_paint)
        self.settings = self.game.settings
        self.progress = self.game.progress
        self.saves = self.game.saves
        self.session = self.game.session
        #: Settings the command line gives this run only (--gentle); the settings screen shows them,
        #: and changing one there replaces it.
        self.this_run: dict[str, Any] = {"gentle": True} if gentle else {}
        #: Scenes read in earlier runs: shown at once, not typed out again (the story screen adds
        #: the ones read in this run).
        self.read_before: set[str] = self.progress.seen
        #: Set once quitting has begun: from then on no key acts.
        self.quitting = False
        #: When the key being handled was pressed (Textual's clock, as `events.Key.time`).
        self.key_time = 0.0
        #: Where the command line asks play to open (--chapter, --ending, --continue): over the title.
        self.way_asked = partial(self.game.way_asked, chapter=chapter, ending=ending, resume=resume)
        #: True once a game is under way (new, continued, loaded or jumped to): save and history need one.
        self.playing = False
        #: Set by run_app: SIGTERM and SIGHUP autosave and exit.
        self.handle_signals = False
        #: Set by run_app: once the first screen is painted, the collector's passes wait for
        #: the reader's pauses (engine/memory.py). Not in tests: it changes the whole process.
        self.collect_in_pauses = False
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = self.settings["theme"] if self.settings["theme"] in THEMES else "stage"
        # Under NO_COLOR the cursor row is shown in reverse video: the ▸ alone is a thin mark.
        self.set_class(bool(os.environ.get("NO_COLOR")), "-no-color")

    def write_after_paint(self, write: Callable[[], object]) -> None:
        """The game's disk writes for a move (the autosave, the progress), made once the frame
        that paints the new scene is drawn: a choice never waits on the disk. What the autosave
        has to say (a full disk, the game before kept) shows at once."""

        def now() -> None:
            write()
            self.show_notices()

        self.call_after_refresh(now)

    def setting(self, key: str) -> Any:
        """A setting as it stands in this run (the command line's first, then the saved one)."""
        return self.this_run.get(key, self.settings[key])

    # ---- start-up ---------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
                try:
                    loop.add_signal_handler(signum, self.on_hangup)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass
        if not self.settings["content_note_seen"]:
            from .screens.content_note import ContentNoteScreen

            self.push_screen(ContentNoteScreen(self.story, first_launch=True), self._content_note_read)
        else:
            self.open_start()
        self.check_size(self.size.width, self.size.height)
        if self.collect_in_pauses:
            self.call_after_refresh(passes_in_pauses)

    def _content_note_read(self, answer: bool | str | None) -> None:
        self.settings["content_note_seen"] = True
        if answer == "gentle":
            self.settings["gentle"] = True
            self.apply_settings()
        self.open_start()

    def open_start(self) -> None:
        """The title, and over it the chapter or ending asked for on the command line."""
        self.push_screen(TitleScreen(self.story, self.saves))
        # Files set aside at start-up are told here, on the screen that stays: a notice raised
        # under the content note left its marks on the title when it went.
        for message in self.game.messages:
            self.notify(message, severity="warning", timeout=8, markup=False)
        asked = self.way_asked()
        if asked is not None:
            self.open_way(asked)

    def on_hangup(self) -> None:
        """SIGTERM, SIGHUP or SIGQUIT: autosave and exit, the terminal put back as it was. If the
        app cannot finish closing (its terminal gone mid-write), the process still ends: the
        autosave is already on disk."""
        self.save_and_exit()
        # A timer thread, not the event loop: with its terminal gone, the loop's own thread can block
        # in Textual's driver (a put on its bounded write queue, the writer thread no longer taking;
        # a play-tester's gdb stack showed it after a window closed just after a choice), and the
        # process must end all the same.
        timer = threading.Timer(5, os._exit, (0,))
        timer.daemon = True
        timer.start()

    def save_and_exit(self) -> None:
        """Autosave (if a game is under way) and exit cleanly: for quit and for the signals.
        Keys already on their way (q then u in one read) act no more."""
        from .screens.story import StoryScreen

        self.quitting = True
        for screen in self.screen_stack:
            if isinstance(screen, StoryScreen):
                screen.closed = True
        if self.playing:
            self.game.leave()
        self.exit(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.quitting

    async def on_event(self, event: events.Event) -> None:
        # Keys still queued as the app closes do nothing: Textual 8.2.8 looks up the top screen for
        # each one and raised ScreenStackError once the screens were gone (the palette fuzz, seed 309).
        if isinstance(event, events.InputEvent) and (self.quitting or not self.screen_stack):
            return
        if isinstance(event, events.Key):
            # Read by the bindings' actions this key runs: a choice refuses a key pressed before
            # its scene was on the screen.
            self.key_time = event.time
        await super().on_event(event)

    def farewell(self) -> str | None:
        """The line left in the shell after quitting a game: where it was saved, how to go on."""
        return self.game.farewell("ballerina --continue")

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Notices go to the status line of the screen on top (never over the text being read);
        a screen without one hands them to the one below. A screen just pushed may not have built
        its line yet: then the notice waits for the next refresh."""
        wait = timeout if timeout is not None else (8 if severity != "information" else self.NOTIFICATION_TIMEOUT)
        warning = severity != "information"
        if not self._to_status_line(message, warning, wait):
            self.call_after_refresh(self._to_status_line, message, warning, wait, True)

    def _to_status_line(self, message: str, warning: bool, wait: float, last_try: bool = False) -> bool:
        from .widgets.status import StatusLine

        for screen in reversed(self.screen_stack if last_try else self.screen_stack[-1:]):
            try:
                line = screen.query_one(StatusLine)
            except NoMatches:
                continue
            line.show(message, warning=warning, timeout=wait)
            return True
        if last_try:  # no screen with a status line (the window too small): Textual's notice
            super().notify(message, severity="warning" if warning else "information", timeout=wait, markup=False)
        return False

    # ---- too small --------------------------------------------------------------------
    def on_resize(self, event: Any) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int, height: int) -> None:
        """Cover the game with a notice below the minimum size; take it away when there is room."""
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen_stack[-1] if self.screen_stack else None
        if small:
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen(width, height))
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    # ---- moving between screens -------------------------------------------------------
    def show_notices(self) -> None:
        """Show the session's and the save folder's messages once, then forget them."""
        from .widgets.status import pending_notices

        for notice in pending_notices(self.session):
            self.notify(notice, severity="warning", timeout=8, markup=False)

    def show_story(self) -> None:
        """Show the session's scene: redraw the story screen if it is on top, or open it."""
        from .screens.story import StoryScreen

        self.playing = True
        below = [screen for screen in self.screen_stack if isinstance(screen, StoryScreen)]
        if below:
            # Close whatever is over the story (a palette command may come from a dialog).
            while self.screen is not below[-1]:
                self.pop_screen()
            # A callable, not a coroutine: a worker cancelled before it starts (exclusive) never
            # awaits a coroutine handed to it, and Python warns. (Textual's types want Never here.)
            self.run_worker(below[-1].show_scene, group="show", exclusive=True)  # type: ignore[arg-type]
        else:
            self.push_screen(StoryScreen(self.session, self.settings, self.read_before))

    def open_way(self, way: WayIn | None) -> None:
        """Go into the story by a way the engine worked out (`Game.way_in`; None: there is none,
        and the notices say why): its chapter's note first, where the player can still turn back
        and nothing has changed, then the story and the way's news."""
        if way is None:
            self.could_not_open()
            return

        def go_in() -> None:
            self.game.take(way)
            self.show_story()
            if way.news:
                self.notify(way.news, markup=False)

        if way.note is None:
            go_in()
        else:
            self.through_note(way.note, go_in)
            self.show_notices()  # on the note (why a new game begins), not held back until after it

    def could_not_open(self) -> None:
        """A save that is not there or cannot be used: say why; the title's menu may have changed."""
        self.show_notices()
        if isinstance(self.screen, TitleScreen):
            self.run_worker(self.screen.refresh_menu, group="title")  # type: ignore[arg-type]

    def through_note(self, chapter: Chapter, begin: Callable[[], object], *, back_to_title: bool = False) -> None:
        """Show a chapter's note (if the settings want notes), then `begin`; Back leaves all as it was
        (or, with `back_to_title`, goes to the title)."""

        def after(go_on: bool | str | None) -> None:
            if go_on == "undo":  # the choice that walked in, taken back: its scene again
                self.session.undo()
                self.show_story()
            elif go_on:
                begin()
            elif back_to_title:
                self.action_title()

        if self.settings["chapter_notes"]:
            from .screens.chapter_note import ChapterNote

            self.push_screen(ChapterNote(self.story, chapter, gentle=self.session.gentle, back_to_title=back_to_title),
                             after)
        else:
            after(True)

    def start_chapter(self, key: str) -> None:
        """Jump to a chapter's start (through its note), its state rebuilt along the film's route."""
        self.open_way(self.game.way_in(chapter=key))

    def replay_ending(self, key: str) -> None:
        """Stand at the decision that leads to an ending ("": the true ending)."""
        self.open_way(self.game.way_in(ending=key))

    def on_story_screen_chapter_entered(self, event: Any) -> None:
        """Play has just walked into a new chapter: its note first; Back goes to the title."""
        self.through_note(event.chapter, self.show_story, back_to_title=True)

    async def on_story_screen_wants(self, event: Any) -> None:
        await self.run_action(event.action)

    async def on_title_screen_picked(self, event: TitleScreen.Picked) -> None:
        await self.run_action(event.action)

    # ---- actions: the title menu, the story screen's keys and the palette share these ----
    def action_new_game(self) -> None:
        self.open_way(self.game.way_in())

    def action_continue_game(self) -> None:
        if self.playing and self.game.owns_autosave:  # the autosave is this game's: back to it, not again
            from .screens.story import StoryScreen

            chapter = self.session.chapter
            if self.session.scene_id == chapter.entry and not any(isinstance(s, StoryScreen) for s in self.screen_stack):
                self.through_note(chapter, self.show_story)  # from the title at a chapter's start: its note
            else:
                self.show_story()
            return
        self.open_way(self.game.way_in(slot=AUTOSAVE))

    def action_title(self) -> None:
        """Back to the title screen (the autosave keeps your place)."""
        if self.playing:
            self.game.leave()
        while len(self.screen_stack) > 1 and not isinstance(self.screen_stack[-1], (TitleScreen, TooSmallScreen)):
            self.pop_screen()

    async def action_quit(self) -> None:
        self.save_and_exit()

    def _need_game(self, what: str) -> bool:
        if not self.playing:
            self.notify(f"Start or continue a game first; then you can {what}.", severity="warning")
        return self.playing

    def action_chapters(self) -> None:
        from .screens.chapters import ChapterSelect

        def picked(chapter_id: str | None) -> None:
            if chapter_id:
                self.start_chapter(chapter_id)

        self.push_screen(ChapterSelect(self.story, self.progress), picked)

    def action_endings(self) -> None:
        from .screens.endings import EndingGallery

        def picked(ending_id: str | None) -> None:
            if ending_id:
                self.replay_ending(ending_id)

        self.push_screen(EndingGallery(self.story, self.progress), picked)

    def action_map(self) -> None:
        """The story map; picking a seen decision goes back there (asking first if a game is under way)."""
        from ..engine.storymap import progress_map, session_map
        from .screens.map import MapScreen

        session = self.session
        if self.playing:
            story_map = session_map(session)
        else:
            story_map = progress_map(self.story, self.progress)

        def picked(scene_id: str | None) -> None:
            if scene_id:
                self.back_to_decision(scene_id)

        self.push_screen(MapScreen(story_map), picked)

    def under_way(self) -> bool:
        """A game the player has moved in and not finished: leaving it for another asks first."""
        return self.playing and self.game.under_way

    def back_to_decision(self, scene_id: str, *, sure: bool = False) -> None:
        """Stand again at a seen decision. Leaving a game under way asks first: its autosave is kept
        as the previous one once the player chooses, but the player should know they are leaving."""
        from ..engine.storymap import NotADecision, go_back, go_back_question

        session = self.session
        if not sure and self.under_way():
            from .screens.saves import Confirm

            question = go_back_question(session, scene_id)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.back_to_decision(scene_id, sure=True)

            self.push_screen(Confirm(question), answered)
            return
        try:
            said = go_back(session, scene_id)
        except NotADecision as e:
            self.notify(str(e), severity="warning")
            return
        self.show_story()
        self.notify(said, markup=False)

    def action_save(self) -> None:
        if not self._need_game("save"):
            return
        from .screens.saves import SaveDialog

        def saved(name: str | None) -> None:
            if name:
                self.notify(f"Saved as “{name}”.", markup=False)

        self.push_screen(SaveDialog(self.session), saved)

    def action_load(self) -> None:
        from .screens.saves import LoadDialog

        self.game.write()  # a choice's autosave still owed (l pressed with it) is listed as it now stands

        def picked(name: str | None) -> None:
            if name:
                self.open_way(self.game.way_in(slot=name))

        self.push_screen(LoadDialog(self.saves, self.story), picked)

    def action_history(self) -> None:
        if not self._need_game("read the history"):
            return
        from .screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.session))

    def action_settings(self) -> None:
        from .screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings, self.this_run))

    def on_settings_screen_changed(self, event: Any) -> None:
        self.this_run.pop(event.key, None)  # kept in the settings now: the command line's gives way
        self.apply_settings()

    def change_setting(self, key: str, value: Any) -> None:
        """Keep a setting (this run's command-line value gives way) and apply it at once."""
        from .screens.settings import SETTINGS

        self.settings[key] = value
        self.this_run.pop(key, None)
        self.apply_settings()
        name, words = next((name, dict(values)) for k, name, values, _ in SETTINGS if k == key)
        self.notify(f"{name}: {words.get(value, value)}.", markup=False)

    def apply_settings(self) -> None:
        """A setting changed: the theme, and the screens under the settings, show it at once."""
        from .screens.chapter_note import ChapterNote
        from .screens.story import StoryScreen

        gentle = bool(self.setting("gentle"))
        changed = gentle != self.session.gentle
        self.session.gentle = gentle
        theme = self.settings["theme"]
        if theme in THEMES and theme != self.theme:
            self.theme = theme
        for screen in self.screen_stack:
            if isinstance(screen, StoryScreen):
                screen.show_mode()
            if changed and isinstance(screen, StoryScreen):
                self.run_worker(partial(screen.show_scene, retype=False, keep_place=True), group="show", exclusive=True)  # type: ignore[arg-type]
            elif isinstance(screen, ChapterNote):
                screen.show_gentle(gentle)

    def action_command_palette(self) -> None:
        """The palette, guarded against a Textual 8.2 fault: paging its list before the list
        is laid out (ctrl+p and PageDown in one read) raised KeyError and closed the game."""
        from textual.command import CommandPalette

        from .commands import SafeCommandPalette
        from .screens.content_note import ContentNoteScreen

        for screen in self.screen_stack:
            if isinstance(screen, CommandPalette):
                return
            if isinstance(screen, ContentNoteScreen) and screen.first_launch:
                return  # the note is read before anything else: no jumping past it
        if self.use_command_palette:
            # No id: a palette still closing would hold it, and a second one would clash.
            self.push_screen(SafeCommandPalette())

    async def from_palette(self, run: Callable[[], object], *, over_a_note: bool = False) -> None:
        """Run a palette command from the screen under the dialogs, closing those first so that
        they never pile up; a chapter note is closed too (two jumps left two notes), unless the
        command belongs over it (`over_a_note`: settings, help, the content note)."""
        from .screens.dialog import ClosesOnce, Dialog

        closes = Dialog if over_a_note else ClosesOnce
        while len(self.screen_stack) > 1 and isinstance(self.screen, closes):
            await self.pop_screen()
        result = run()
        if asyncio.iscoroutine(result):
            await result

    def action_help(self) -> None:
        from .actions import help_rows
        from .screens.help import HelpScreen
        from .screens.story import READING_KEYS, SIGNS

        self.push_screen(HelpScreen(self.story, [
            ("Reading", READING_KEYS),
            ("Signs", SIGNS),
            ("In the story", [*help_rows("story"), ("ctrl+p", "commands: chapters, endings, settings by name")]),
            ("On the title", [("up / down, Enter", "move and pick (Continue is first when there is an autosave)"),
                              *help_rows("title")]),
        ]))

    def action_quicksave(self) -> None:
        if not self._need_game("quicksave"):
            return
        try:
            self.session.save(QUICKSAVE)
        except (ValueError, OSError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            self.notify(f"Not saved: {reason}.", severity="warning", markup=False)
            return
        self.notify(f"Saved to “{QUICKSAVE}” (F9 goes back to it).", markup=False)

    def action_quickload(self, *, sure: bool = False) -> None:
        """Back to the quicksave. Leaving a game under way asks first, as the map does: the game
        given up stays in Load as the previous autosave (the opening's policy for a load)."""
        if not self.saves.exists(QUICKSAVE):
            self.notify("There is no quicksave yet: F5 makes one.", severity="warning")
            return
        if not sure and self.under_way():
            from .screens.saves import Confirm

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_quickload(sure=True)

            self.push_screen(Confirm("Go back to the quicksave? This game stays in Load as the previous autosave."),
                             answered)
            return
        self.open_way(self.game.way_in(slot=QUICKSAVE))

    def action_content_note(self) -> None:
        from .screens.content_note import ContentNoteScreen

        self.push_screen(ContentNoteScreen(self.story, first_launch=False))


#: The one way to build the app, for the command line and the tests alike.
make_app = BallerinaApp


def run_app(story: Story, **start: Any) -> int:
    """Run the game in this terminal until the player quits; returns the exit code. `start` is
    BallerinaApp's: chapter, ending, resume, gentle."""
    app = make_app(story, **start)
    app.handle_signals = True
    app.collect_in_pauses = True
    result = app.run()
    line = app.farewell()
    if line:
        try:
            print(line, flush=True)
        except OSError:  # the terminal closed with the game (SIGHUP): the autosave is on disk all the same
            pass
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0
