"""Chapter select: the five chapters with a spoiler-free line each; picking one starts it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...engine import Progress, Story
from ..widgets.menu import Menu, MenuItem
from .dialog import Dialog


class ChapterSelect(Dialog[str | None]):
    """Pick a chapter: Enter, a click or its number dismisses with its id; Escape with None."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]
    """Escape goes back; a number picks that chapter."""

    AUTO_FOCUS = "Menu"
    """The list of chapters takes the keys."""

    def __init__(self, story: Story, progress: Progress) -> None:
        super().__init__()
        self.story = story
        self.progress = progress

    def compose(self) -> ComposeResult:
        seen = self.progress.seen
        counts: dict[str, list[int]] = {c.id: [0, 0] for c in self.story.chapters}
        for scene in self.story.scenes.values():
            count = counts.get(scene.chapter)
            if count is not None:
                count[0] += scene.id in seen
                count[1] += 1
        items = []
        for chapter in self.story.chapters:
            read, total = counts[chapter.id]
            mark = f"  ({read} of {total} scenes seen)" if read else ""
            blurb = f"\n{chapter.blurb}" if chapter.blurb else ""
            items.append(MenuItem(chapter.id, f"{chapter.title}{mark}{blurb}", str(chapter.number)))
        with Vertical(classes="dialog", id="chapter-select"):
            yield Static(Text("Chapters", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Menu(items, numbered=True, id="chapter-menu")
            yield Static(Text("Starting a chapter plays the film's route up to it for you.", style="dim"),
                         classes="dialog-hint")

    @on(Menu.Picked)
    def picked(self, event: Menu.Picked) -> None:
        event.stop()
        self.dismiss(event.item.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.story.chapters):
            self.dismiss(self.story.chapters[number - 1].id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
