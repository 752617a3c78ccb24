"""The title screen: the story's name, calm and large, and the menu under it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ...engine import SaveStore, Story
from ...engine.saves import AUTOSAVE
from ..actions import title_actions, title_bindings
from ..widgets.footer import Footer
from ..widgets.menu import Menu, MenuItem
from ..widgets.status import StatusLine


def spaced(title: str) -> str:
    """The title with its letters spread out, the way a theatre bill sets it."""
    return " ".join(title.upper()) if title.isascii() else title


class TitleScreen(Screen[None]):
    """The first screen: title, subtitle and the menu."""

    BINDINGS = [*title_bindings()]
    """Each menu item's key picks it (Continue is the first item: Enter)."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    """Below 22 rows the rule and subtitle make way for the menu."""

    AUTO_FOCUS = "Menu"
    """The menu takes the keys."""

    def __init__(self, story: Story, saves: SaveStore) -> None:
        super().__init__(classes="title")
        self.story = story
        self.saves = saves

    def items(self) -> list[MenuItem]:
        """The menu as it stands: Continue only when there is an autosave to continue."""
        has_autosave = self.saves.exists(AUTOSAVE)
        return [MenuItem(a.id, a.label, a.key_sign or "↵")
                for a in title_actions() if a.id != "continue_game" or has_autosave]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-stage"):
            yield Static(Text(spaced(self.story.title), style="bold"), id="title-name")
            yield Static("──────  ◇  ──────", id="title-rule")
            yield Static(Text("an interactive retelling, in five chapters" if len(self.story.chapters) == 5
                              else "an interactive retelling"), id="title-subtitle")
            with Center():
                yield Menu(self.items(), id="title-menu")
        yield StatusLine()
        yield Footer()

    async def on_screen_resume(self) -> None:
        await self.refresh_menu()

    async def refresh_menu(self) -> None:
        """Show Continue, or not, as the autosave now stands."""
        try:
            menu = self.query_one(Menu)
        except NoMatches:
            return  # not built yet: compose reads the autosave itself
        ids = [item.id for item in menu.items]
        fresh = self.items()
        if [item.id for item in fresh] != ids:
            await menu.set_items(fresh)
        menu.focus()

    class Picked(Message):
        """An item of the menu was picked: the app runs the action of that id."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def on_menu_picked(self, event: Menu.Picked) -> None:
        event.stop()
        self.post_message(self.Picked(event.item.id))
