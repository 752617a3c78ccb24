"""The content note: what the story holds and where to find help, before any story text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...engine import Story


def content_note_text(story: Story) -> Text:
    """The note, the themes and the help lines, as plain text with a little weight (no colour needed)."""
    note = story.content_note
    out = Text()
    out.append(note.text.strip() + "\n\n")
    # The help lines come before the list of themes: in a short window they are what must show.
    if note.help:
        out.append("You can talk to someone now:\n", style="bold")
        for line in note.help:
            out.append(f"  • {line.where}: ", style="bold")
            out.append(f"{line.line}\n")
        out.append("\n")
    if story.themes:
        out.append("This story holds:\n", style="bold")
        for name in story.themes.values():
            out.append(f"  • {name}\n")
    out.rstrip()
    return out


class ContentNoteScreen(ModalScreen[bool]):
    """The content note. On a first launch it must be acknowledged; later, Escape closes it."""

    BINDINGS = [Binding("escape", "close", "Back", show=True)]
    """Escape closes the note when it is not the first launch."""

    def __init__(self, story: Story, *, first_launch: bool) -> None:
        super().__init__(classes="dialog-screen")
        self.story = story
        self.first_launch = first_launch

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="content-note"):
            yield Static(Text("Before you begin" if self.first_launch else "Content note", style="bold"),
                         classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(content_note_text(self.story), id="content-note-text")
                if self.first_launch:
                    yield Static(Text("This note stays reachable from the title screen and from help (?).",
                                      style="italic"), classes="dialog-hint")
            label = "I understand, continue" if self.first_launch else "Back"
            yield Button(label, id="content-note-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#content-note-ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    def action_close(self) -> None:
        if not self.first_launch:
            self.dismiss(True)
