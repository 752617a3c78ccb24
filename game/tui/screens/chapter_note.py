"""The note before a chapter: its number and title, the themes it holds, gentle mode and help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...engine import Chapter, Story
from ..widgets.footer import Footer
from ..widgets.status import StatusLine
from .content_note import themes_list
from .dialog import ClosesOnce, more_below, unless_closed, watch_more


class ChapterNote(ClosesOnce, Screen[bool | str]):
    """Before a chapter: what it holds. Dismisses True to go on, False to go back (to the title),
    "undo" to take back the choice that walked into the chapter."""

    BINDINGS = [
        Binding("enter", "go_on", "Continue", priority=True),
        Binding("escape,b", "back", "Back"),
        Binding("escape,b", "title", "Title"),  # the same, said as it is when Back leaves for the title
        Binding("u,ctrl+z", "undo", "Undo"),  # only when a choice walked into the chapter
        Binding("o", "app.settings", "Settings"),
        Binding("q", "app.quit", "Quit"),
        *(Binding(key, f"scroll('{how}')", show=False) for key, how in (
            ("up", "up"), ("down", "down"), ("pageup", "page_up"), ("pagedown", "page_down"))),
    ]
    """Enter goes on; Escape or b goes back (to the title, and then says so); u undoes the choice
    that walked into the chapter; o opens the settings (gentle mode, notes); q quits (as in the
    story); the arrows scroll the note in a small window."""

    AUTO_FOCUS = None
    """Continue takes the focus without scrolling to it (on_mount): the note is read from its top."""

    def __init__(self, story: Story, chapter: Chapter, *, gentle: bool, back_to_title: bool = False) -> None:
        super().__init__(classes="chapter-note")
        self.story = story
        self.chapter = chapter
        self.gentle = gentle
        #: Going back leaves for the title screen (a choice walked into this chapter): Back says "Title".
        self.back_to_title = back_to_title

    def compose(self) -> ComposeResult:
        story, chapter = self.story, self.chapter
        with VerticalScroll(id="note-page"):
            yield Static(Text(f"Chapter {chapter.number} of {len(story.chapters)}", style="bold"), classes="note-number")
            yield Static(Text(chapter.title, style="bold"), classes="note-title")
            if chapter.blurb:
                yield Static(Text(chapter.blurb, style="italic"), classes="note-blurb")
            if chapter.themes:
                yield Static(themes_list(story, list(chapter.themes)), id="note-themes")
            else:
                yield Static(Text("This chapter holds none of the story's heavier themes."), id="note-themes")
            yield Static(self.gentle_line(), id="note-gentle")
            help_line = Text("If you need someone to talk to: ")
            help_line.append("; ".join(f"{h.where}: {h.line}" for h in story.content_note.help) + ".")
            yield Static(help_line, id="note-help")
        # Under the page, not in it: the buttons show at any size, and a sign says there is more.
        with Horizontal(id="note-bar"), Horizontal(id="note-buttons"):
            yield Button("Continue", id="note-continue", variant="primary")
            yield Button("Title" if self.back_to_title else "Back", id="note-back")
            yield Static(id="note-more")
        yield StatusLine()
        yield Footer()

    def gentle_line(self) -> Text:
        mode = "on" if self.gentle else "off"
        return Text(f"Gentle mode is {mode}: it tells the hardest passages without showing them. "
                    "Change it in Settings (o, or ctrl+p).")

    @unless_closed
    def on_mount(self) -> None:
        self.query_one("#note-continue", Button).focus(scroll_visible=False)
        watch_more(self, self.query_one("#note-page", VerticalScroll), self.show_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_more)

    @unless_closed
    def show_more(self) -> None:
        """'▼ more' beside the buttons while the note goes on below the view (no colour needed)."""
        more = more_below(self.query_one("#note-page", VerticalScroll))
        self.query_one("#note-more", Static).update(Text("▼ more: ↓ PgDn", style="bold") if more else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "title") and (action == "title") != self.back_to_title:
            return False  # the footer offers one of the two, by where going back goes
        if action == "undo" and not self.back_to_title:
            return False  # a jump or a new game: no choice of the player's to take back
        return super().check_action(action, parameters)

    @unless_closed
    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#note-page", VerticalScroll), f"scroll_{how}")(animate=False)

    @unless_closed
    def show_gentle(self, gentle: bool) -> None:
        """The settings changed while the note was open."""
        self.gentle = gentle
        self.query_one("#note-gentle", Static).update(self.gentle_line())

    def close(self, go_on: bool) -> None:
        self.dismiss(go_on)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.close(event.button.id == "note-continue")

    def action_go_on(self) -> None:
        self.close(not (isinstance(self.focused, Button) and self.focused.id == "note-back"))

    def action_back(self) -> None:
        self.close(False)

    def action_title(self) -> None:
        self.close(False)  # (the app goes to the title)

    def action_undo(self) -> None:
        """Take back the choice that walked into this chapter (a slip of the finger): the scene
        before it again, this note not read."""
        self.dismiss("undo")
