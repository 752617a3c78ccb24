"""A vertical menu of lines (title menu, a scene's choices): arrows, Enter, mouse, with a ▸ marker."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ...engine.text import printable


@dataclass(frozen=True)
class MenuItem:
    """One line of a menu: what it is called, what it says, and its key hint (shown, not bound)."""

    id: str
    label: str
    key: str = ""
    taken: bool = False
    """Its scene read already (in this reading or an earlier one): dim, with a ✓ (a sign that reads without colour)."""


class MenuLine(Static):
    """One line of a menu; clicking it picks it."""

    def __init__(self, item: MenuItem, index: int, numbered: bool) -> None:
        super().__init__(classes="menu-line -first" if index == 0 else "menu-line")
        self.item = item
        self.index = index
        self.numbered = numbered

    def show(self, current: bool) -> None:
        """Redraw with or without the cursor; the ▸ marker means the cursor without colour."""
        self.set_class(current, "-cursor")
        head = Text("▸ " if current else "  ", style="bold" if current else "")
        if self.numbered:
            head.append(f"{self.item.key}. ", style="bold")
        # The label is the author's or the player's text: a Text, never markup, and no control
        # character (a terminal would obey it: Rich drops BEL, not ESC).
        label = Text(printable(self.item.label), style="bold" if current else ("dim" if self.item.taken else ""))
        if self.item.taken:
            label.append("  ✓", style="dim")
        if self.item.key and not self.numbered:
            label.append(f"  ({self.item.key})", style="dim")
        # Two columns, so that a long label wraps under itself, not under the marker.
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(head, label)
        self.update(grid)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        menu = self.parent
        if isinstance(menu, Menu):
            menu.cursor = self.index
            menu.pick()

    def on_enter(self, event: events.Enter) -> None:
        menu = self.parent
        if isinstance(menu, Menu):
            menu.cursor = self.index


class Menu(Vertical, can_focus=True):
    """A list of items, one under the cursor; Enter or a click picks it."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "pick", "Choose", show=False),
    ]
    """Arrows move the cursor, Enter picks."""

    DEFAULT_CSS = """
    Menu { height: auto; }
    Menu > .menu-line { height: auto; padding: 0 1; }
    """
    """A menu is as tall as its lines."""

    cursor: reactive[int] = reactive(0, init=False)
    """The index of the item under the cursor."""

    class Picked(Message):
        """An item was picked (Enter, a click, or its key)."""

        def __init__(self, menu: Menu, index: int, item: MenuItem, key_time: float | None = None) -> None:
            super().__init__()
            self.menu = menu
            self.index = index
            self.item = item
            self.key_time = key_time
            """When the key that picked it was pressed (None for a click)."""

    def __init__(self, items: list[MenuItem], *, numbered: bool = False, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items = items
        self.numbered = numbered
        self._hidden = False

    def compose(self):  # type: ignore[override]
        for i, item in enumerate(self.items):
            yield MenuLine(item, i, self.numbered)

    def on_mount(self) -> None:
        self._redraw()

    async def set_items(self, items: list[MenuItem]) -> None:
        """Replace the items and put the cursor on the first."""
        self.items = items
        lines = self._all_lines()
        # Reuse the lines there are, and keep spare ones hidden rather than removed: mounting and
        # removing widgets is the slow part of drawing a new scene.
        for i, (line, item) in enumerate(zip(lines, items, strict=False)):
            line.item, line.index = item, i
        if len(items) > len(lines):
            await self.mount_all([MenuLine(item, i, self.numbered) for i, item in enumerate(items) if i >= len(lines)])
        self.set_reactive(Menu.cursor, 0)
        self.hide_lines(self._hidden)

    def relabel(self, index: int, label: str) -> None:
        """Change what one item says (a setting's new value), keeping its place and the cursor."""
        item = self.items[index]
        self.items[index] = MenuItem(item.id, label, item.key, item.taken)
        lines = self._lines()
        if index < len(lines):  # (before the lines are mounted, they will be drawn from `items`)
            lines[index].item = self.items[index]
            lines[index].show(index == self.cursor)

    def hide_lines(self, hidden: bool) -> None:
        """Hide or show the lines, keeping the menu itself (and its focus): refocusing is slow.
        Hidden lines are drawn when they show again, not before."""
        self._hidden = hidden
        for i, line in enumerate(self._all_lines()):
            line.display = not hidden and i < len(self.items)
        if not hidden:
            self._redraw()

    def _all_lines(self) -> list[MenuLine]:
        """Every line widget, the spare ones too."""
        return list(self.query_children(MenuLine))

    def _lines(self) -> list[MenuLine]:
        """The lines that stand for an item now."""
        return self._all_lines()[: len(self.items)]

    def _redraw(self) -> None:
        for line in self._lines():
            line.show(line.index == self.cursor)

    def watch_cursor(self, old: int, new: int) -> None:
        lines = self._lines()
        if 0 <= old < len(lines):
            lines[old].show(False)
        if 0 <= new < len(lines):
            lines[new].show(True)
            # After the next layout: the line's place is only sure once the cursor's redraw is in.
            self.call_after_refresh(self._bring_into_view, lines[new])

    def _scroller(self) -> Widget | None:
        """The nearest ancestor that scrolls (the page of a long scene, a dialog's body)."""
        return next((w for w in self.ancestors if isinstance(w, Widget) and w.allow_vertical_scroll), None)

    def _bring_into_view(self, line: MenuLine) -> None:
        """Scroll just enough for the whole line to show. (Textual's scroll_visible stopped a row
        short here, leaving the last choice under the footer.)"""
        scroller = self._scroller()
        if scroller is None or not line.is_mounted:
            return
        view = scroller.scrollable_content_region
        below = line.region.bottom - view.bottom
        above = view.y - line.region.y
        if below > 0:
            scroller.scroll_relative(y=below, animate=False)
        elif above > 0:
            scroller.scroll_relative(y=-above, animate=False)

    def action_move(self, step: int) -> None:
        if self.items and not self._read_on(step):
            self.cursor = (self.cursor + step) % len(self.items)

    def _read_on(self, step: int) -> bool:
        """In a page that scrolls (a long scene above its choices), the arrows read on first:
        Down scrolls while the line under the cursor is still below the view, and Up at the
        first line scrolls back up. True if it scrolled."""
        scroller = self._scroller()
        lines = self._lines()
        if scroller is None or not lines:
            return False
        line = lines[self.cursor]
        if step > 0 and line.region.bottom > scroller.region.bottom and scroller.scroll_y < scroller.max_scroll_y:
            scroller.scroll_down(animate=False)
            return True
        if step < 0 and self.cursor == 0 and scroller.scroll_y > 0:
            scroller.scroll_up(animate=False)
            return True
        return False

    def action_move_to(self, index: int) -> None:
        if self.items:
            self.cursor = index % len(self.items)

    def action_pick(self) -> None:
        # Enter never takes a line the reader has not seen: the first Enter brings it into view.
        lines = self._lines()
        if lines and self._scroller() is not None and not self.screen.can_view_entire(lines[self.cursor]):
            self._bring_into_view(lines[self.cursor])
            return
        self.pick(key_time=getattr(self.app, "key_time", None))  # the app's: when Enter was pressed

    def pick(self, index: int | None = None, *, key_time: float | None = None) -> None:
        """Pick the item at `index` (the cursor's by default), by a key pressed at `key_time`."""
        index = self.cursor if index is None else index
        if 0 <= index < len(self.items):
            self.post_message(self.Picked(self, index, self.items[index], key_time))
