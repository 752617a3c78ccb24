"""The title screen: the story's name, calm and large, and the menu under it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine import SaveStore, Story
from ...engine.saves import AUTOSAVE
from ..widgets.menu import Menu, MenuItem

#: Every item of the title menu: (id, label, key). Continue shows only when an autosave exists,
#: first, under the cursor. The letters are the story screen's where both have the thing:
#: c chapters, e endings, m map, l load, o settings, ? help, q quit.
TITLE_ITEMS = [
    ("continue", "Continue", "enter"),
    ("new_game", "New game", "n"),
    ("chapters", "Chapters", "c"),
    ("endings", "Endings", "e"),
    ("map", "Story map", "m"),
    ("load", "Load", "l"),
    ("settings", "Settings", "o"),
    ("content_note", "Content note", "w"),
    ("help", "Help", "?"),
    ("quit", "Quit", "q"),
]
#: The title's keys as the help screen lists them.
TITLE_KEYS = [
    ("up / down, Enter", "move and pick (Continue is first when there is an autosave)"),
    *((key, label.lower()) for item, label, key in TITLE_ITEMS if key != "enter"),
]
#: The key names Textual gives the keys shown above.
KEY_NAMES = {"?": "question_mark"}


def spaced(title: str) -> str:
    """The title with its letters spread out, the way a theatre bill sets it."""
    return " ".join(title.upper()) if title.isascii() else title


class TitleScreen(Screen[None]):
    """The first screen: title, subtitle and the menu."""

    BINDINGS = [Binding(KEY_NAMES.get(key, key), f"pick('{item}')", label, show=False)
                for item, label, key in TITLE_ITEMS if key != "enter"]
    """Each menu item's letter picks it (Continue is the first item: Enter)."""

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
        return [MenuItem(i, label, "↵" if key == "enter" else key)
                for i, label, key in TITLE_ITEMS if i != "continue" or has_autosave]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-stage"):
            yield Static(Text(spaced(self.story.title), style="bold"), id="title-name")
            yield Static("──────  ◇  ──────", id="title-rule")
            yield Static(Text("an interactive retelling, in five chapters" if len(self.story.chapters) == 5
                              else "an interactive retelling"), id="title-subtitle")
            with Center():
                yield Menu(self.items(), id="title-menu")
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

    async def on_menu_picked(self, event: Menu.Picked) -> None:
        event.stop()
        await self.action_pick(event.item.id)

    async def action_pick(self, item: str) -> None:
        """Do what a menu item says, through the app's actions."""
        action = {"new_game": "new_game", "continue": "continue_game", "chapters": "chapters",
                  "endings": "endings", "map": "map", "load": "load", "settings": "settings",
                  "content_note": "content_note", "help": "help", "quit": "quit"}[item]
        await self.app.run_action(action)
