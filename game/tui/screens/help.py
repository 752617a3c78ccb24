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
from .dialog import Dialog, unless_closed


class HelpScreen(Dialog[None]):
    """Three tabs: Keys, Content note, Credits. Escape or ? closes."""

    BINDINGS = [
        Binding("escape,question_mark", "close", "Close"),
        *(Binding(key, f"scroll('{how}')", show=False) for key, how in (
            ("up", "up"), ("down", "down"), ("pageup", "page_up"), ("pagedown", "page_down"),
            ("home", "home"), ("end", "end"))),
    ]
    """Escape or ? closes help; the arrows and pages scroll the tab that is showing."""

    def __init__(self, story: Story, keys: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.story = story
        #: The keys of each screen: (heading, [(key, what it does)]).
        self.keys = keys

    def compose(self) -> ComposeResult:
        # Two columns, so that what a key does wraps beside it, not under it.
        keys = Table.grid(padding=(0, 2, 0, 0))
        keys.add_column(no_wrap=True, style="bold")
        keys.add_column(ratio=1)
        for n, (heading, rows) in enumerate(self.keys):
            keys.add_row(Text(("\n" if n else "") + heading, style="bold underline"), "")
            for key, what in rows:
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

    @unless_closed
    def action_scroll(self, how: str) -> None:
        tabs = self.query_one(TabbedContent)
        if not tabs.active:
            return  # not laid out yet
        pane = tabs.get_pane(tabs.active)
        getattr(pane.query_one(VerticalScroll), f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
