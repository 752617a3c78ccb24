"""The story screen: a scene's place and text typed out in a calm column, its choices, its ending.

It is handed the session and the settings (attributes down) and posts messages for what only the
app can do (messages up): open a chapter's note, or one of the app's actions from a button.
"""

from __future__ import annotations

import os
import re
from functools import partial

from rich.text import Text
from textual import events
from textual._time import get_time  # the clock of events.Key.time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from ...engine import Chapter, Scene, Session, Settings
from ...engine.memory import collect_in_pause
from ...engine.saves import TEXT_SPEEDS
from ...engine.storymap import left_the_film
from ..actions import story_bindings
from ..widgets.footer import Footer
from ..widgets.menu import Menu, MenuItem
from ..widgets.status import StatusLine, pending_notices
from ..widgets.typewriter import Typewriter
from .dialog import unless_closed

#: The reading keys, which are not actions of their own, as the help screen lists them.
READING_KEYS = [
    ("1-9", "choose"),
    ("up / down, Enter", "read on down to the choices, move between them and choose"),
    ("space", "page down (while text types: show it all)"),
    ("page up / down, home / end", "scroll a long scene"),
    ("any other key or click", "show the whole text at once while it types"),
]

#: What the signs on the story screen mean (no colour needed for any), as the help screen lists them.
SIGNS = [
    ("▸", "the choice under the cursor"),
    ("✓ after a choice", "the scene it leads to has been read already (in this reading or an earlier one)"),
    ("▼ more below", "the scene goes on under the view"),
    ("▶▶ skipping, ▶ auto", "skip mode (tab) or auto-advance is on"),
]

#: Seconds between scenes while skipping: fast, but each scene is glimpsed.
SKIP_PAUSE = 0.08

#: Auto-advance waits this long on a single-Continue scene, plus a second for every
#: `AUTO_CHARS` characters of its text, once the text is all there.
AUTO_BASE = 2.0
AUTO_CHARS = 25

#: The keys of the registry's actions: while text types they complete it and act as well.
ACTING_KEYS = frozenset(key for binding in story_bindings() for key in binding.key.split(","))

_MEANWHILE = re.compile(r"meanwhile\s*[:,.—–-]\s*", re.IGNORECASE)


def place_line(scene: Scene) -> str:
    """The scene's place line; in an interlude, without a "Meanwhile:" the frame already says."""
    place = scene.place or ""
    if scene.interlude:
        rest = _MEANWHILE.match(place)
        if rest:
            place = place[rest.end():]
            place = place[:1].upper() + place[1:]
    return place


class Page(VerticalScroll):
    """The page that scrolls: when its size changes (the window, the status line), the text
    wraps anew, and the story screen keeps the reader's place in it."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, StoryScreen):
            screen.call_after_refresh(screen.restore_place)


class StoryScreen(Screen[None]):
    """Where the story is read: header, place, text, choices, and at the end the credits."""

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", f"Choice {n}", show=False) for n in range(1, 10)),
        *story_bindings(),
        Binding("space", "space", "Page down", show=False),
        Binding("home", "page('home')", "Top", show=False, priority=True),
        Binding("end", "page('end')", "End", show=False, priority=True),
    ]
    """Numbers choose; the registry's keys (game/tui/actions.py) do the rest."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    """Under 72 columns the header keeps the chapter and drops the count of scenes seen."""

    class ChapterEntered(Message):
        """A choice has walked into a new chapter: the app shows its note before the scene."""

        def __init__(self, chapter: Chapter) -> None:
            super().__init__()
            self.chapter = chapter

    class Wants(Message):
        """The reader asked for one of the app's actions (a button at an ending)."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def __init__(self, session: Session, settings: Settings, read_before: set[str]) -> None:
        super().__init__(classes="story")
        self.session = session
        self.settings = settings
        #: Scenes the reader has read, in any run: they show at once, and skip runs through them.
        self.known = read_before
        #: The scene showing was read before this visit.
        self.read_before = False
        #: The scene's text, typing out.
        self.writer = Typewriter(id="text", classes="column")
        #: While the text types, the page scrolls with it, until the reader scrolls away or skips.
        self.following = False
        #: Skip mode: on through scenes already read, to new text or a decision.
        self.skipping = False
        #: Set as the game quits: nothing acts any more (keys queued behind q).
        self.closed = False
        #: A choice has left this scene and its redraw (or a chapter note) is on the way.
        self.moving = False
        #: When the scene showing was first drawn on the screen (None until then): a number or
        #: Enter pressed before it was meant for the scene before, and chooses nothing here.
        self.shown_at: float | None = None
        #: The page's size when the reader's place was taken, at the end or not, and how far down.
        self._place: tuple[Size, bool, float] | None = None
        #: End was pressed while the text typed: the page goes on down to the choices once they show.
        self._end_after_text = False
        self._auto: Timer | None = None
        #: The scene's whole text is showing, and what comes after it (the choices) is shown too.
        self._complete = False
        self._said: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="story-header"):
            yield Static(id="chapter-line")
            yield Static(id="mode")
            yield Static(id="more-below")
            yield Static(id="progress-line")
        # The scene's column: each of its parts sits on the page itself, as a band of the column's
        # width (class "column"), with no container of its own to lay out and paint under the text
        # (one cost a third of the frame that paints a scene). The bands stack into one column;
        # the two with a border (the ending's title, the credits) have a plain band around them.
        with Page(id="page"):
            yield Static(id="column-top", classes="column")
            yield Static(Text("── Meanwhile ──", style="bold italic"), id="meanwhile", classes="column")
            with Vertical(id="ending-head", classes="column"):
                yield Static(id="ending-title")
            yield Static(id="place", classes="column")
            yield self.writer
            with Vertical(id="credits-band", classes="column"):
                yield Static(id="credits")
            yield Menu([], numbered=True, id="choices", classes="column")
            with Horizontal(id="ending-buttons", classes="column"):
                yield Button("Endings gallery", id="to-endings", variant="primary")
                yield Button("Title", id="to-title")
            yield Static(id="column-end", classes="column")
        yield StatusLine()
        yield Footer()

    async def on_mount(self) -> None:
        try:
            self.watch(self.page, "scroll_y", self._scrolled, init=False)
            self.watch(self.page, "virtual_size", self._grew, init=False)
        except NoMatches:
            return  # closed as soon as it opened (keys queued behind the one that opened it)
        self.show_mode()  # auto-advance turned on before this game: the header says so from the start
        await self.show_scene()

    @property
    def page(self) -> VerticalScroll:
        """The scrolling page that holds the scene."""
        return self.query_one("#page", VerticalScroll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.closed

    @unless_closed
    def _scrolled(self, old: float, new: float) -> None:
        if self.typing and new < old:
            self.following = False  # the reader went back up: stop pulling the page down
        self._remember_place()
        self.show_more_below()

    def _remember_place(self) -> None:
        """Where the reader is on the page, for a resize to keep: at its end (the choices in
        view), or how far down. Not while the page has changed size and the place is not back
        (`restore_place` comes next: the page's Resize event)."""
        page = self.page
        if self._place is not None and self._place[0] != page.size:
            return
        at_end = page.max_scroll_y - page.scroll_y <= 1
        self._place = (page.size, at_end, page.scroll_y / page.max_scroll_y if page.max_scroll_y else 0.0)

    @unless_closed
    def restore_place(self) -> None:
        """After a resize the text wraps anew: the same place, not the same row number."""
        page, place = self.page, self._place
        if place is not None and place[0] != page.size:
            _, at_end, down = place
            if at_end:
                page.scroll_end(animate=False, immediate=True)
            else:
                page.scroll_to(y=round(down * page.max_scroll_y), animate=False, immediate=True)
            self._place = None
        self._remember_place()
        self.show_more_below()

    @unless_closed
    def show_more_below(self) -> None:
        """'▼ more below' in the header while the page goes on under the view (no colour needed)."""
        page = self.page
        below = page.max_scroll_y - page.scroll_y > 1  # the column's last row is its end band, blank
        self.query_one("#more-below", Static).update(Text("▼ more below  ", style="bold") if below else "")

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_more_below)

    @unless_closed
    def _grew(self) -> None:
        """The page's content changed height (a line typed, the choices shown, a new scene):
        follow it down while following, and say whether more lies below."""
        if self.following:
            self.page.scroll_end(animate=False)
        self._remember_place()
        self.show_more_below()

    def text_speed(self) -> int:
        """Characters a second from the settings; 0 (instant) when animation is off."""
        if self.app.animation_level == "none" or os.environ.get("TEXTUAL_ANIMATIONS", "").lower() in ("none", "disabled"):
            return 0
        return TEXT_SPEEDS.get(self.settings["text_speed"], 0)

    async def show_scene(self, *, retype: bool = True, keep_place: bool = False) -> None:
        """Draw the session's current scene; new text types out (text read before, or with
        `retype` False, shows at once), and the page goes back to its top unless `keep_place`."""
        try:
            # One paint for the whole scene: a frame between the menu and the text would show
            # the new choices' lines under the old scene's text.
            with self.app.batch_update():
                await self._draw(retype, keep_place)
        except NoMatches:
            pass  # this screen is being closed (keys queued behind escape): nothing to draw

    async def _draw(self, retype: bool, keep_place: bool) -> None:
        session = self.session
        story = session.story
        scene = session.scene
        chapter = session.chapter
        self.moving = False
        self.shown_at = None
        self._end_after_text = False
        self.call_after_refresh(self._shown)
        self._stop_auto()
        self.read_before = scene.id in self.known
        self.known.add(scene.id)
        self._say("#chapter-line", f"Chapter {chapter.number} of {len(story.chapters)} · {chapter.title}", "bold")
        progress = session.progress
        if progress is not None:
            # The scene on the screen has been seen (a new game's first scene is not recorded by
            # the session); the count is of scenes seen in any run, so it never goes down.
            progress.record({scene.id})
        seen = len(progress.seen) if progress is not None else len(session.visited)
        self._say("#progress-line", f"{seen} of {len(story.scenes)} scenes seen")
        self.page.set_class(scene.interlude, "-interlude")
        self.query_one("#meanwhile").display = scene.interlude
        line = place_line(scene)
        self.query_one("#place").display = bool(line)
        self._say("#place", line, "italic")
        ending = session.ending
        heading = self.query_one("#ending-title", Static)
        self.query_one("#ending-head").display = ending is not None
        if ending is not None:
            number = next(i for i, e in enumerate(story.endings, start=1) if e.id == ending.id)
            title = Text(f"Ending {number} of {len(story.endings)}: {ending.title}", style="bold")
            if ending.true_ending:
                title.append("\nThe film's ending.", style="italic")
            title.append("\n" + left_the_film(session), style="italic")
            reached = len(progress.endings) if progress is not None else 1
            title.append(f"\nEndings reached: {reached} of {len(story.endings)}")
            heading.update(title)
        menu = self.query_one("#choices", Menu)
        self._show_after_text(False)  # hidden first: the new lines are drawn when they show
        choices = session.choices
        targets = [c.target for c in choices]
        # A choice whose scene has been read (and no other choice here leads there) was taken before.
        await menu.set_items([MenuItem(c.id, c.label, str(n), taken=c.target in self.known and targets.count(c.target) == 1)
                              for n, c in enumerate(choices, start=1)])
        if not keep_place:
            # At once, not after the next refresh: that frame would paint the new text where the
            # last scene had been scrolled to, and jump to the top a frame later.
            self.page.scroll_home(animate=False, immediate=True)
        text = Text("\n\n".join(session.paragraphs))
        speed = self.text_speed() if retype and not self.read_before and not self.skipping else 0
        # Text that types out is read as it comes, so the page follows it down; text shown at
        # once is read from the top.
        self.following = speed > 0
        self._complete = False
        self.writer.type_out(text, speed)
        if not self.writer.typing:
            # Shown at once: the choices come with it, in the same frame (waiting for the writer's
            # Done message painted the text alone first, and the choices a frame or two later).
            self._text_complete()
        for notice in pending_notices(session):
            self.notify(notice, severity="warning", timeout=8, markup=False)
        if self.skipping:
            self.set_timer(SKIP_PAUSE, self._skip_on)

    def _shown(self) -> None:
        self.shown_at = get_time()

    def unseen(self, key_time: float | None) -> bool:
        """True if a key pressed at `key_time` came before this scene was on the screen: two keys
        in one read (`1 1`), the second arriving during the change of scene. It chooses nothing."""
        return key_time is not None and (self.shown_at is None or key_time < self.shown_at)

    def _say(self, where: str, text: str, style: str = "") -> None:
        """Update a line of the screen only when it says something new: each update costs a
        layout in the frame that paints the scene."""
        if self._said.get(where) != text:
            self._said[where] = text
            self.query_one(where, Static).update(Text(text, style=style))

    def _show_after_text(self, shown: bool) -> None:
        """Choices (or the credits and buttons at an ending) show once the text is all there."""
        session = self.session
        at_end = session.ending is not None
        menu = self.query_one("#choices", Menu)
        menu.hide_lines(not shown)
        credits = self.query_one("#credits", Static)
        self.query_one("#credits-band").display = shown and at_end
        buttons = self.query_one("#ending-buttons")
        buttons.display = shown and at_end
        if shown and at_end:
            credits.update(Text("\n\n".join(session.story.credits), style="italic"))
            self.query_one("#to-endings", Button).focus()
        elif not at_end and self.focused is not menu:
            menu.focus(scroll_visible=False)  # the page stays where the reader is

    def on_typewriter_done(self, event: Typewriter.Done) -> None:
        event.stop()
        if self.writer.typing or self._complete:
            # The last scene's, arriving after this one began (its choices are not due yet), or
            # this one's, shown at once and complete already.
            return
        self._text_complete()

    def _text_complete(self) -> None:
        """The whole text is showing: its choices (or the credits) show under it."""
        self._complete = True
        # The reader has the whole text to read: a pause for the collector, once it is painted.
        self.call_after_refresh(collect_in_pause)
        try:
            self._show_after_text(True)
        except NoMatches:
            return  # closing
        if self._end_after_text:
            self._end_after_text = False
            self.call_after_refresh(self.page.scroll_end, animate=False)
        # Typed to the end with the page following: the choices come up with the next layout (_grew).
        if self.settings["auto_advance"] and not self.skipping:
            self._start_auto()

    @property
    def typing(self) -> bool:
        """True while the text is still typing out."""
        return self.writer.typing

    def finish_typing(self) -> None:
        """The whole text at once, the page left where the reader is."""
        self.following = False
        self.writer.finish()

    def on_key(self, event: events.Key) -> None:
        self._stop_auto()
        # Any key completes the typewriter; the number keys, Enter and the arrows do nothing
        # else (a key pressed to see the text must not also pick a choice). The actions' keys
        # (history, save, quit...) act as well, on the whole text.
        if self.typing:
            self.finish_typing()
            if event.key not in ACTING_KEYS:
                event.stop()
                event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        self._stop_auto()
        if self.typing:
            event.stop()
            self.finish_typing()

    async def on_menu_picked(self, event: Menu.Picked) -> None:
        event.stop()
        # A pick queued before the scene changed (fast keys) must not choose in the new scene.
        choices = self.session.choices
        if (event.index < len(choices) and choices[event.index].id == event.item.id and not self.typing
                and not self.unseen(event.key_time)):
            await self.take(event.index)

    async def action_choose(self, number: int) -> None:
        if not self.is_current or self.unseen(getattr(self.app, "key_time", None)):
            return  # a key queued before this screen was closed, or before its scene showed
        if 1 <= number <= len(self.session.choices):
            await self.take(number - 1)

    async def take(self, index: int) -> None:
        """Take a choice; the session autosaves and records progress. A new chapter brings its note."""
        session = self.session
        if self.closed or self.moving or not self.is_current or not 0 <= index < len(session.choices):
            return
        self.query_one(StatusLine).clear()  # a notice was about the scene being left: it goes with it
        before = session.chapter
        session.choose(index)
        after = session.chapter
        if after.number > before.number and self.settings["chapter_notes"]:
            self.moving = True  # until the note has been read and the scene drawn
            self.skipping = False
            self.show_mode()
            self.post_message(self.ChapterEntered(after))
        else:
            await self.show_scene()

    def action_page(self, where: str) -> None:
        """Home and End: the top of the scene, or its end and the choices."""
        if self.typing:
            self.finish_typing()
            self._end_after_text = where == "end"  # the choices are not there yet: End goes to them too
        getattr(self.page, f"scroll_{where}")(animate=False)

    def action_space(self) -> None:
        """Space, once the text is all there: a page down."""
        self.page.scroll_page_down(animate=False)

    async def action_undo(self) -> None:
        if not self.is_current:
            return
        if self.session.undo():
            await self.show_scene(retype=False)
        else:
            self.notify("There is nothing to undo here.", severity="warning")

    # ---- skip and auto-advance -------------------------------------------------------
    def action_skip(self) -> None:
        """Skip mode on or off: through scenes read before, stopping at new text or a decision."""
        if self.typing:
            self.finish_typing()  # (tab is a priority key: on_key never sees it)
        elif self.session.ending is not None:
            # At an ending there is nothing to skip to: tab goes between its two buttons, as in a dialog.
            self.focus_next(Button)
            return
        self.skipping = not self.skipping
        self.show_mode()
        if self.skipping:
            self._skip_on()

    def show_mode(self) -> None:
        """Say in the header when skip or auto-advance is on (in words: no colour needed)."""
        mode = "▶▶ skipping  " if self.skipping else ("▶ auto  " if self.settings["auto_advance"] else "")
        try:
            self.query_one("#mode", Static).update(Text(mode, style="bold"))
        except NoMatches:
            pass

    def _skip_on(self) -> None:
        """One step of skip mode: on if this scene was read and has only a Continue."""
        if not self.skipping or self.closed or not self.is_current:
            return
        session = self.session
        reason = None
        if session.ending is not None or len(session.choices) != 1:
            reason = "a decision" if session.ending is None else "an ending"
        elif not self.read_before:
            reason = "new text"
        if reason is not None:
            self.skipping = False
            self.show_mode()
            self.notify(f"Skip stopped: {reason}.")
            if reason == "a decision" and self.read_before:  # its text read before: on to the choices
                self.call_after_refresh(self.page.scroll_end, animate=False)
            return
        # A callable, not a coroutine: one cancelled before it starts would never be awaited.
        self.run_worker(partial(self.take, 0), group="skip", exclusive=True)  # type: ignore[arg-type]

    def _start_auto(self) -> None:
        session = self.session
        if session.ending is not None or len(session.choices) != 1:
            return
        wait = AUTO_BASE + len(self.writer.text) / AUTO_CHARS
        scene = session.scene_id
        self._stop_auto()  # one wait at a time
        self._auto = self.set_timer(wait, lambda: self._auto_on(scene))

    def _auto_on(self, scene: str) -> None:
        self._auto = None
        if self.session.scene_id == scene and not self.typing and self.is_current:
            self.run_worker(partial(self.take, 0), group="skip", exclusive=True)  # type: ignore[arg-type]

    def _stop_auto(self) -> None:
        if self._auto is not None:
            self._auto.stop()
            self._auto = None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Wants("endings" if event.button.id == "to-endings" else "title"))
