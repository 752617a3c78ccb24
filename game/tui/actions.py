"""The game's actions, written once: each one's id, keys, label and help feed the key bindings,
the title menu, the command palette, the footer and the help screen.

To add one (say a story map on `m`): add an `Action` to `ACTIONS` below, and give the app an
`action_<id>` method (or, with `scope="screen"`, the story screen). Nothing else lists actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

#: How a Textual key name is written for a person.
KEY_SIGNS = {"question_mark": "?", "escape": "esc", "ctrl+z": "^z", "ctrl+q": "^q", "tab": "tab", "enter": "↵",
             "f5": "F5", "f9": "F9"}


@dataclass(frozen=True)
class Action:
    """One thing the player can do, and every place it is offered."""

    id: str
    """The action's name: the app's (or, with scope "screen", the story screen's) `action_<id>`."""
    keys: str
    """Textual key names, comma-separated ("" for none); the first is the one shown."""
    label: str
    """A word or two: the footer, the title menu and the palette show it."""
    help: str
    """What it does, in a line: the help screen and the palette show it."""
    story: bool = True
    """A key on the story screen."""
    title: bool = False
    """An item of the title menu (in the order of `ACTIONS`)."""
    palette: bool = True
    """A command in the palette (ctrl+p)."""
    footer: int = 0
    """Its place in the story screen's footer, 1 first (0: not shown). The footer must fit 80
    columns, and a narrow window cuts it from the right, so the way out comes first."""
    scope: str = "app"
    """Whose action it is: "app", or "screen" for the story screen's own."""

    @property
    def key_sign(self) -> str:
        """The first key as a person reads it ("?" for question_mark)."""
        first = self.keys.split(",")[0] if self.keys else ""
        return KEY_SIGNS.get(first, first)

    @property
    def key_signs(self) -> str:
        """Every key as a person reads it, for the help screen ("u, ^z")."""
        return ", ".join(KEY_SIGNS.get(k, k) for k in self.keys.split(",")) if self.keys else ""


ACTIONS: list[Action] = [
    Action("continue_game", "", "Continue", "go on from the autosave", story=False, title=True),
    Action("new_game", "n", "New game", "start the story from its first scene", story=False, title=True),
    Action("undo", "u,ctrl+z", "Undo", "undo the last choice", footer=4, scope="screen", palette=False),
    Action("skip", "tab", "Skip", "skip through scenes already read, to new text or a decision (at an ending: the next button)",
           scope="screen", palette=False),
    Action("history", "h", "History", "everything read so far", footer=7),
    Action("save", "s", "Save", "save your place to a named slot", footer=5),
    Action("quicksave", "f5", "Quicksave", "save to the quicksave slot at once"),
    Action("quickload", "f9", "Quickload", "go back to the quicksave", story=True),
    Action("chapters", "c", "Chapters", "the chapters, to start one", title=True),
    Action("endings", "e", "Endings", "the endings reached, and the ones still locked", title=True),
    Action("map", "m", "Story map", "the film's route and yours; go back to a decision you have seen", title=True),
    Action("load", "l", "Load", "resume a saved game", title=True, footer=6),
    Action("settings", "o", "Settings", "text speed, gentle mode, chapter notes, theme", title=True),
    Action("content_note", "w", "Content note", "what the story holds, and help lines", title=True),
    Action("help", "question_mark", "Help", "the keys, the content note and the credits", title=True, footer=3),
    Action("title", "escape", "Title", "back to the title (your place is autosaved)", footer=1, palette=False),
    Action("quit", "q", "Quit", "quit (your place is autosaved)", title=True, footer=2),
]
"""Every action, in the order menus and help list them."""


def action(action_id: str) -> Action:
    """The action with this id."""
    return next(a for a in ACTIONS if a.id == action_id)


def story_bindings() -> list[Binding]:
    """The story screen's keys: every story action, shown in the footer or not."""
    shown = sorted((a for a in ACTIONS if a.story and a.keys), key=lambda a: (not a.footer, a.footer))
    return [Binding(a.keys, a.id if a.scope == "screen" else f"app.{a.id}", a.label, show=bool(a.footer),
                    key_display=a.key_sign, id=a.id, priority=a.keys == "tab")
            for a in shown]


def title_bindings() -> list[Binding]:
    """The title screen's keys: each menu item's key picks it."""
    return [Binding(a.keys, f"app.{a.id}", a.label, show=False, id=a.id) for a in ACTIONS if a.title and a.keys]


def title_actions() -> list[Action]:
    """The title menu's items, in order."""
    return [a for a in ACTIONS if a.title]


def palette_actions() -> list[Action]:
    """The palette's commands for the game's screens."""
    return [a for a in ACTIONS if a.palette and a.scope == "app"]


def help_rows(where: str) -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen: "story" or "title"."""
    return [(a.key_signs, f"{a.label}: {a.help}") for a in ACTIONS if a.keys and getattr(a, where)]
