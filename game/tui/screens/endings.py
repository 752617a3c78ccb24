"""The endings gallery: the endings reached, the others locked; a reached ending can be replayed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...engine import Progress, Story
from ...engine.storymap import locked_label
from ..widgets.menu import Menu, MenuItem
from .dialog import Dialog


class EndingGallery(Dialog[str | None]):
    """Every ending in the story's order; picking a reached one dismisses with its id to replay it."""

    BINDINGS = [Binding("escape", "dismiss_none", "Back")]
    """Escape goes back."""

    AUTO_FOCUS = "Menu"
    """The list of endings takes the keys."""

    def __init__(self, story: Story, progress: Progress) -> None:
        super().__init__()
        self.story = story
        self.reached = set(progress.endings)

    def compose(self) -> ComposeResult:
        items = []
        for n, ending in enumerate(self.story.endings, 1):
            if ending.id in self.reached:
                label = ending.title + ("  (the film's ending)" if ending.true_ending else "")
            else:
                # No title: a locked ending gives nothing away but its hint.
                label = f"? {locked_label(ending.hint)}"
            items.append(MenuItem(ending.id, label, str(n)))
        count = sum(1 for e in self.story.endings if e.id in self.reached)
        with Vertical(classes="dialog", id="ending-gallery"):
            yield Static(Text("Endings", style="bold"), classes="dialog-title")
            yield Static(Text(f"{count} of {len(self.story.endings)} endings reached"), id="endings-count")
            with VerticalScroll(classes="dialog-body"):
                yield Menu(items, numbered=True, id="ending-menu")
            yield Static(Text("Enter replays a reached ending from the decision that leads to it.", style="dim"),
                         classes="dialog-hint")

    def on_mount(self) -> None:  # (Textual calls Dialog's own on_mount too)
        # The cursor starts on the first ending reached (Enter replays it), not on a locked one.
        first = next((n for n, e in enumerate(self.story.endings) if e.id in self.reached), 0)
        self.query_one(Menu).cursor = first

    @on(Menu.Picked)
    def picked(self, event: Menu.Picked) -> None:
        event.stop()
        if event.item.id in self.reached:
            self.dismiss(event.item.id)
        else:
            self.notify("That ending is still locked: reach it in play first.", severity="warning")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
