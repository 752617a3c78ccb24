"""The story screen: a scene's place and text typed out in a calm column, its choices, its ending."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from ...engine.saves import TEXT_SPEEDS
from ...engine.storymap import left_the_film
from ..widgets.menu import Menu, MenuItem
from ..widgets.typewriter import Typewriter
from .dialog import unless_closed

if TYPE_CHECKING:
    from ..app import BallerinaApp

#: The keys of the story screen as the help screen lists them: (key, what it does).
STORY_KEYS = [
    ("1-9", "choose"),
    ("up / down, Enter", "read on down to the choices, move between them and choose"),
    ("page up / down, home / end", "scroll a long scene"),
    ("any key or click", "show the whole text at once while it types"),
    ("u, ctrl+z", "undo the last choice"),
    ("h", "history: everything read so far"),
    ("s", "save"),
    ("l", "load"),
    ("c", "chapters"),
    ("e", "endings"),
    ("m", "the story map: the film's route and yours; go back to a decision"),
    ("o", "settings: text speed, gentle mode, chapter notes, theme"),
    ("?", "help"),
    ("ctrl+p", "commands: jump to a chapter, replay an ending, settings"),
    ("escape", "back to the title (your place is autosaved)"),
    ("q, ctrl+q", "quit (your place is autosaved)"),
]


#: Keys that leave the story work even while the text is typing (the others only complete it).
LEAVING_KEYS = {"escape", "q", "ctrl+q"}


class StoryScreen(Screen[None]):
    """Where the story is read: header, place, text, choices, and at the end the credits."""

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", f"Choice {n}", show=False) for n in range(1, 10)),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("h", "app.history", "History"),
        Binding("s", "app.save", "Save"),
        Binding("l", "app.load", "Load"),
        Binding("c", "app.chapters", "Chapters"),
        Binding("e", "app.endings", "Endings", show=False),
        Binding("m", "app.map", "Map", show=False),
        Binding("o", "app.settings", "Settings", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "app.title", "Title"),
        Binding("home", "page('home')", "Top", show=False, priority=True),
        Binding("end", "page('end')", "End", show=False, priority=True),
        Binding("q", "app.quit", "Quit"),
    ]
    """Numbers choose; letters open the game's other screens."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    """Under 72 columns the header keeps the chapter and drops the count of scenes seen."""

    def __init__(self) -> None:
        super().__init__(classes="story")
        #: The chapter whose scenes are showing (a new one brings its note first).
        self.chapter_shown: str | None = None
        #: The scene's text, typing out.
        self.writer = Typewriter(id="text")
        #: While the text types, the page scrolls with it, until the reader scrolls away or skips.
        self.following = False

    @property
    def game(self) -> BallerinaApp:
        """The app, typed."""
        return cast("BallerinaApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="story-header"):
            yield Static(id="chapter-line")
            yield Static(id="more-below")
            yield Static(id="progress-line")
        with VerticalScroll(id="page"):
            with Vertical(id="column"):
                yield Static(Text("── Meanwhile ──", style="bold italic"), id="meanwhile")
                yield Static(id="ending-title")
                yield Static(id="place")
                yield self.writer
                yield Static(id="credits")
                yield Menu([], numbered=True, id="choices")
                with Horizontal(id="ending-buttons"):
                    yield Button("Endings gallery", id="to-endings", variant="primary")
                    yield Button("Title", id="to-title")
        yield Footer()

    async def on_mount(self) -> None:
        try:
            self.watch(self.page, "scroll_y", self._scrolled, init=False)
            self.watch(self.page, "virtual_size", self._grew, init=False)
        except NoMatches:
            return  # closed as soon as it opened (keys queued behind the one that opened it)
        await self.show_scene()

    @property
    def page(self) -> VerticalScroll:
        """The scrolling page that holds the scene."""
        return self.query_one("#page", VerticalScroll)

    @unless_closed
    def _scrolled(self, old: float, new: float) -> None:
        if self.typing and new < old:
            self.following = False  # the reader went back up: stop pulling the page down
        self.show_more_below()

    @unless_closed
    def show_more_below(self) -> None:
        """'▼ more below' in the header while the page goes on under the view (no colour needed)."""
        page = self.page
        below = page.max_scroll_y - page.scroll_y > 1  # the column's last row is only padding
        self.query_one("#more-below", Static).update(Text("▼ more below  ", style="bold") if below else "")

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_more_below)

    @unless_closed
    def _grew(self) -> None:
        """The page's content changed height (a line typed, the choices shown, a new scene):
        follow it down while following, and say whether more lies below."""
        if self.following:
            self.page.scroll_end(animate=False)
        self.show_more_below()

    def text_speed(self) -> int:
        """Characters a second from the settings; 0 (instant) when animation is off."""
        if self.app.animation_level == "none" or os.environ.get("TEXTUAL_ANIMATIONS", "").lower() in ("none", "disabled"):
            return 0
        return TEXT_SPEEDS.get(self.game.settings["text_speed"], 0)

    async def show_scene(self, *, retype: bool = True, keep_place: bool = False) -> None:
        """Draw the session's current scene; its text types out unless `retype` is False, and
        the page goes back to its top unless `keep_place` (the same scene, redrawn in place)."""
        try:
            # One paint for the whole scene: a frame between the menu and the text would show
            # the new choices' lines under the old scene's text.
            with self.app.batch_update():
                await self._draw(retype, keep_place)
        except NoMatches:
            pass  # this screen is being closed (keys queued behind escape): nothing to draw

    async def _draw(self, retype: bool, keep_place: bool) -> None:
        game = self.game
        session = game.session
        story = session.story
        scene = session.scene
        chapter = session.chapter
        self.chapter_shown = chapter.id
        self.query_one("#chapter-line", Static).update(
            Text(f"Chapter {chapter.number} of {len(story.chapters)} · {chapter.title}", style="bold"))
        seen = len(game.progress.seen | session.visited)
        self.query_one("#progress-line", Static).update(Text(f"{seen} of {len(story.scenes)} scenes seen"))
        column = self.query_one("#column")
        column.set_class(scene.interlude, "-interlude")
        self.query_one("#meanwhile").display = scene.interlude
        place = self.query_one("#place", Static)
        place.display = bool(scene.place)
        place.update(Text(scene.place or "", style="italic"))
        ending = session.ending
        heading = self.query_one("#ending-title", Static)
        heading.display = ending is not None
        if ending is not None:
            number = next(i for i, e in enumerate(story.endings, start=1) if e.id == ending.id)
            line = Text(f"Ending {number} of {len(story.endings)}: {ending.title}", style="bold")
            if ending.true_ending:
                line.append("\nThe film's ending.", style="italic")
            line.append("\n" + left_the_film(session), style="italic")
            line.append(f"\nEndings reached: {len(game.progress.endings)} of {len(story.endings)}")
            heading.update(line)
        menu = self.query_one("#choices", Menu)
        await menu.set_items([MenuItem(c.id, c.label, str(n)) for n, c in enumerate(session.choices, start=1)])
        self._show_after_text(False)
        if not keep_place:
            self.page.scroll_home(animate=False)
        text = Text("\n\n".join(session.paragraphs))
        speed = self.text_speed() if retype else 0
        # Text that types out is read as it comes, so the page follows it down; text shown at
        # once is read from the top.
        self.following = speed > 0
        self.writer.type_out(text, speed)
        game.show_notices()

    def _show_after_text(self, shown: bool) -> None:
        """Choices (or the credits and buttons at an ending) show once the text is all there."""
        session = self.game.session
        at_end = session.ending is not None
        menu = self.query_one("#choices", Menu)
        menu.hide_lines(not shown)
        credits = self.query_one("#credits", Static)
        credits.display = shown and at_end
        buttons = self.query_one("#ending-buttons")
        buttons.display = shown and at_end
        if shown and at_end:
            credits.update(Text("\n\n".join(session.story.credits), style="italic"))
            self.query_one("#to-endings", Button).focus()
        elif not at_end and self.focused is not menu:
            menu.focus(scroll_visible=False)  # the page stays where the reader is

    def on_typewriter_done(self, event: Typewriter.Done) -> None:
        event.stop()
        try:
            self._show_after_text(True)
        except NoMatches:
            return  # closing
        # Typed to the end with the page following: the choices come up with the next layout (_grew).

    @property
    def typing(self) -> bool:
        """True while the text is still typing out."""
        return self.writer.typing

    def finish_typing(self) -> None:
        """Skip: the whole text at once, the page left where the reader is."""
        self.following = False
        self.writer.finish()

    def on_key(self, event: events.Key) -> None:
        # Any key completes the typewriter and does nothing else: a key pressed to skip must not
        # also pick a choice. The keys that leave the story still leave at once.
        if self.typing and event.key not in LEAVING_KEYS:
            event.stop()
            event.prevent_default()
            self.finish_typing()

    def on_click(self, event: events.Click) -> None:
        if self.typing:
            event.stop()
            self.finish_typing()

    async def on_menu_picked(self, event: Menu.Picked) -> None:
        event.stop()
        # A pick queued before the scene changed (fast keys) must not choose in the new scene.
        choices = self.game.session.choices
        if event.index < len(choices) and choices[event.index].id == event.item.id and not self.typing:
            await self.take(event.index)

    async def action_choose(self, number: int) -> None:
        if not self.is_current:  # a key queued before this screen was closed
            return
        if self.typing:
            self.finish_typing()
            return
        if 1 <= number <= len(self.game.session.choices):
            await self.take(number - 1)

    async def take(self, index: int) -> None:
        """Take a choice; the session autosaves and records progress. A new chapter brings its note."""
        game = self.game
        session = game.session
        if not self.is_current or not 0 <= index < len(session.choices):
            return
        before = session.chapter
        session.choose(index)
        after = session.chapter
        if after.number > before.number and game.settings["chapter_notes"]:
            game.cross_into_chapter(after)
        else:
            await self.show_scene()

    def action_page(self, where: str) -> None:
        """Home and End: the top of the scene, or its end and the choices."""
        if self.typing:
            self.finish_typing()
        getattr(self.page, f"scroll_{where}")(animate=False)

    async def action_undo(self) -> None:
        if not self.is_current:
            return
        if self.typing:
            self.finish_typing()
            return
        if self.game.session.undo():
            await self.show_scene(retype=False)
        else:
            self.notify("There is nothing to undo here.", severity="warning")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "to-endings":
            await self.app.run_action("endings")
        elif event.button.id == "to-title":
            await self.app.run_action("title")
