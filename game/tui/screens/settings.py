"""Settings, kept between runs: text speed, gentle mode, chapter notes and the theme."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static, Switch

from ...engine import Settings
from ...engine.saves import TEXT_SPEEDS

#: The themes the app registers, with the names the settings show.
THEME_NAMES = {"stage": "Stage (dark)", "paper": "Paper (light)"}


class SettingsScreen(ModalScreen[None]):
    """Each change is written at once; Escape closes."""

    BINDINGS = [Binding("escape", "close", "Close")]
    """Escape closes the settings."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(classes="dialog", id="settings"):
            yield Static(Text("Settings", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Text("Text speed", style="bold"), classes="setting-label")
                with RadioSet(id="text-speed"):
                    for speed in TEXT_SPEEDS:
                        yield RadioButton(speed.capitalize(), value=s["text_speed"] == speed, name=speed)
                with Horizontal(classes="setting-row"):
                    yield Switch(value=bool(s["gentle"]), id="gentle")
                    yield Static(Text("Gentle mode: the hardest passages are told in a sentence or two, "
                                      "without being shown."), classes="setting-text")
                with Horizontal(classes="setting-row"):
                    yield Switch(value=bool(s["chapter_notes"]), id="chapter-notes")
                    yield Static(Text("Chapter notes: before each chapter, the themes it holds."),
                                 classes="setting-text")
                yield Static(Text("Theme", style="bold"), classes="setting-label")
                with RadioSet(id="theme"):
                    for theme, name in THEME_NAMES.items():
                        yield RadioButton(name, value=s["theme"] == theme, name=theme)
            yield Static(Text("Changes are kept at once · Escape closes", style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#text-speed", RadioSet).focus()

    @on(RadioSet.Changed, "#text-speed")
    def speed(self, event: RadioSet.Changed) -> None:
        if event.pressed.name in TEXT_SPEEDS:
            self.settings["text_speed"] = event.pressed.name

    @on(RadioSet.Changed, "#theme")
    def theme(self, event: RadioSet.Changed) -> None:
        if event.pressed.name in THEME_NAMES:
            self.settings["theme"] = event.pressed.name

    @on(Switch.Changed, "#gentle")
    def gentle(self, event: Switch.Changed) -> None:
        self.settings["gentle"] = event.value

    @on(Switch.Changed, "#chapter-notes")
    def chapter_notes(self, event: Switch.Changed) -> None:
        self.settings["chapter_notes"] = event.value

    def action_close(self) -> None:
        self.dismiss(None)
