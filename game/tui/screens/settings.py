"""Settings, kept between runs: text speed, gentle mode, chapter notes and the theme.

Each setting is a line that says its value in words ("Gentle mode  ◂ On ▸"), so nothing rests on
colour: left and right (or Enter) change the line under the cursor, and each change is kept at once.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ...engine import Settings
from ...engine.saves import TEXT_SPEEDS
from ..widgets.menu import Menu, MenuItem
from .dialog import Dialog, unless_closed

#: The themes the app registers, with the names the settings show.
THEME_NAMES = {"stage": "Stage (dark)", "paper": "Paper (light)", "contrast": "High contrast"}

#: Every setting: (key, name, [(value, how it is shown)], what it does).
SETTINGS: list[tuple[str, str, list[tuple[Any, str]], str]] = [
    ("text_speed", "Text speed", [(speed, speed.capitalize()) for speed in TEXT_SPEEDS],
     "How fast a scene's text types itself out. Any key shows it all at once; Instant never types; "
     "text read before always shows at once."),
    ("gentle", "Gentle mode", [(False, "Off"), (True, "On")],
     "The hardest passages told in a sentence or two that say what happens, without showing it."),
    ("chapter_notes", "Chapter notes", [(True, "On"), (False, "Off")],
     "Before each chapter, a page with the themes it holds, and the way back."),
    ("theme", "Theme", list(THEME_NAMES.items()),
     "Stage is a dark room with one rose light; Paper is ink on a page, for bright rooms; "
     "High contrast is white and yellow on black."),
    ("auto_advance", "Auto-advance", [(False, "Off"), (True, "On")],
     "A scene with only Continue goes on by itself, after a wait that grows with its text."),
]


class SettingsScreen(Dialog[None]):
    """The settings as a list of lines; each change is written at once; Escape closes."""

    BINDINGS = [
        Binding("left", "change(-1)", "Previous value"),
        Binding("right", "change(1)", "Next value"),
        Binding("escape", "close", "Close"),
    ]
    """Left and right change the setting under the cursor; Escape closes."""

    class Changed(Message):
        """A setting was changed and kept (the app applies it at once)."""

        def __init__(self, key: str, value: Any) -> None:
            super().__init__()
            self.key = key
            self.value = value

    def __init__(self, settings: Settings, this_run: dict[str, Any]) -> None:
        super().__init__()
        self.settings = settings
        #: Values the command line set for this run only (--gentle): shown, and a change replaces them
        #: (here, and in the app when it hears of the change).
        self.this_run = dict(this_run)

    def value(self, key: str) -> Any:
        """A setting as it stands in this run."""
        return self.this_run.get(key, self.settings[key])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="settings"):
            yield Static(Text("Settings", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Menu([MenuItem(key, self.label(n)) for n, (key, *_) in enumerate(SETTINGS)], id="settings-menu")
                yield Static(id="setting-about")
            yield Static(Text("↑↓ a setting · ←→ or Enter change it · kept at once · Escape closes", style="dim"),
                         classes="dialog-hint")

    def label(self, n: int) -> str:
        """A setting's line: its name and its value in words."""
        key, name, values, _ = SETTINGS[n]
        shown = next((word for value, word in values if value == self.value(key)), values[0][1])
        return f"{name:<14} ◂ {shown} ▸"

    AUTO_FOCUS = "Menu"
    """The list of settings takes the keys."""

    @unless_closed
    def on_mount(self) -> None:
        self.watch(self.query_one(Menu), "cursor", self.show_about)

    def show_about(self, n: int) -> None:
        self.query_one("#setting-about", Static).update(Text(SETTINGS[n][3], style="italic"))

    @on(Menu.Picked)
    def picked(self, event: Menu.Picked) -> None:
        event.stop()
        self.action_change(1)

    @unless_closed
    def action_change(self, step: int) -> None:
        """Move the setting under the cursor to its next (or previous) value, and keep it."""
        menu = self.query_one(Menu)
        key, _, values, _ = SETTINGS[menu.cursor]
        at = next((i for i, (value, _) in enumerate(values) if value == self.value(key)), 0)
        new = values[(at + step) % len(values)][0]
        self.settings[key] = new
        self.this_run.pop(key, None)
        menu.relabel(menu.cursor, self.label(menu.cursor))
        self.post_message(self.Changed(key, new))

    def action_close(self) -> None:
        self.dismiss(None)
