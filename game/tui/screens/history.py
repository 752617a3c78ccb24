"""History: everything read and chosen in this run, scrollable, opening at the end."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...engine import Session
from .dialog import Dialog, unless_closed
from .story import place_line


class HistoryScreen(Dialog[None]):
    """The run so far, oldest first: headings, paragraphs, and the choice made at each scene."""

    BINDINGS = [Binding("escape,h", "close", "Close")]
    """Escape or h closes the history."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        story = self.session.story
        with Vertical(classes="dialog wide", id="history"):
            yield Static(Text("History", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="history-body"):
                chapter = None
                for entry in self.session.history:
                    if entry.chapter != chapter:
                        chapter = entry.chapter
                        try:
                            title = story.chapter(chapter).title
                        except KeyError:
                            title = chapter
                        yield Static(Text(f"— {title} —", style="bold"), classes="history-chapter")
                    head = Text()
                    if entry.interlude:
                        head.append("Meanwhile. ", style="bold italic")
                    place = place_line(story.scenes[entry.scene]) if entry.scene in story.scenes else entry.place
                    if place:
                        head.append(place, style="italic")
                    if entry.replayed:
                        head.append("  (played for you)", style="dim")
                    if head:
                        yield Static(head, classes="history-place")
                    for paragraph in entry.paragraphs:
                        yield Static(Text(paragraph), classes="history-paragraph")
                    if entry.choice:
                        yield Static(Text(f"▸ {entry.choice}", style="bold"), classes="history-choice")

    AUTO_FOCUS = "#history-body"
    """The history scrolls with the arrows and pages."""

    @unless_closed
    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#history-body", VerticalScroll).scroll_end, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
