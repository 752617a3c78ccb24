"""Help: the keys, the content note and the credits."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from ...engine import Story
from .content_note import content_note_text
from .dialog import Dialog


class HelpScreen(Dialog[None]):
    """Three tabs: Keys, Content note, Credits. Escape or ? closes."""

    BINDINGS = [Binding("escape,question_mark", "close", "Close")]
    """Escape or ? closes help."""

    def __init__(self, story: Story, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.story = story
        self.keys = keys

    def compose(self) -> ComposeResult:
        # Two columns, so that what a key does wraps beside it, not under it.
        keys = Table.grid(padding=(0, 2, 0, 0))
        keys.add_column(no_wrap=True, style="bold")
        keys.add_column(ratio=1)
        for key, what in self.keys:
            keys.add_row(key, what)
        credits = Text(f"{self.story.title}, version {self.story.version}\n\n", style="bold")
        for paragraph in self.story.credits:
            credits.append(paragraph.strip() + "\n\n", style="")
        with Vertical(classes="dialog wide", id="help"):
            yield Static(Text("Help", style="bold"), classes="dialog-title")
            with TabbedContent(id="help-tabs"):
                with TabPane("Keys", id="help-keys"), VerticalScroll():
                    yield Static(keys)
                with TabPane("Content note", id="help-note"), VerticalScroll():
                    yield Static(content_note_text(self.story))
                with TabPane("Credits", id="help-credits"), VerticalScroll():
                    yield Static(credits)
            yield Static(Text("Left and right switch tabs · Escape closes", style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
