"""The story map: the film's route as a spine, your own path off it; Enter on a seen decision goes back there."""

from __future__ import annotations

from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.storymap import MapLine, StoryMap
from .dialog import Dialog, unless_closed

#: How each kind of line is set; the markers in its words carry the meaning without colour.
STYLES = {"title": "bold", "sentence": "italic", "legend": "dim", "chapter": "bold underline", "endings": "bold underline",
          "not-taken": "dim", "locked": "dim"}


class MapScreen(Dialog[str | None]):
    """The map of this player's story, one line per scene; dismisses with the id of the seen decision
    picked (to go back there), or None."""

    BINDINGS = [Binding("escape,m", "close", "Close")]
    """Escape or m closes the map."""

    CSS = """
    MapScreen.dialog-screen { background: $background; }
    #story-map .dialog-title { padding: 0; }
    #story-map .dialog-hint { padding: 0; }
    #map-lines { height: 1fr; border: none; padding: 0; background: $surface; }
    #map-lines > .option-list--option-highlighted { text-style: bold reverse; }
    """
    """Screen CSS, so that it wins over the dialogs' own: an opaque backdrop (the map fills the
    screen; blending the story under it cost a third of opening it), no spare rows at 50x14, the
    lines in the height left by the title and the hint, and the cursor's line reversed, which
    reads without colour."""

    AUTO_FOCUS = "#map-lines"
    """The lines take the keys: arrows and pages move, Enter goes back to a decision."""

    def __init__(self, story_map: StoryMap) -> None:
        super().__init__()
        #: The map to show, worked out by the engine (game/engine/storymap.py).
        self.story_map = story_map

    def compose(self) -> ComposeResult:
        lines = self.story_map.lines
        # The title is the dialog's own; the rest are lines the cursor can stand on, so the whole
        # map scrolls with the arrows. Only the decisions (◆) do anything when picked.
        options = [Option(self._prompt(line), id=f"line-{n}") for n, line in enumerate(lines) if line.kind != "title"]
        with Vertical(classes="dialog wide", id="story-map"):
            yield Static(Text(lines[0].text if lines else "The story map", style="bold"), classes="dialog-title")
            yield OptionList(*options, id="map-lines")
            yield Static(Text("Enter on a ◆: go back there · Esc: close", style="dim"),
                         classes="dialog-hint")

    @staticmethod
    def _prompt(line: MapLine) -> Text | Padding:
        # Reverse is the cursor's alone; where you stand is told by its ▶ and its words.
        style = "bold" if line.here or line.can_return else STYLES.get(line.kind, "")
        text = Text(line.text, style=style)
        # Indented as a whole, so that a long line wraps under its own words, not under the spine.
        return Padding(text, (0, 0, 0, 2 * line.depth)) if line.depth else text

    @unless_closed
    def on_mount(self) -> None:
        # Open where the player stands, a third of the way down (what led there shows above it),
        # or at the top.
        lines = [line for line in self.story_map.lines if line.kind != "title"]
        here = next((n for n, line in enumerate(lines) if line.here), 0)
        options = self.query_one(OptionList)
        options.highlighted = here
        if here:
            self.call_after_refresh(self._show_here, options)

    def _show_here(self, options: OptionList) -> None:
        options.scroll_to_highlight(top=True)
        options.scroll_relative(y=-(options.scrollable_content_region.height // 3), animate=False, immediate=True)

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int((event.option.id or "line-0").removeprefix("line-"))
        line = self.story_map.lines[index]
        if line.can_return and line.scene is not None:
            self.dismiss(line.scene)
        elif line.here:
            self.notify("You are here already.")
        elif line.scene is not None and line.kind in ("spine", "branch"):
            self.notify("Only a decision you have seen (◆) can be gone back to.", severity="warning")

    def action_close(self) -> None:
        self.dismiss(None)
