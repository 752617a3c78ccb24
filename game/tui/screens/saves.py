"""Save and load: named slots with their chapter, scene and time; player-typed names stay plain text."""

from __future__ import annotations

import textwrap
import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ...engine import SaveStore, Session, Story
from ...engine.model import Passage
from ...engine.saves import SlotInfo, SlotName, play_time
from ..widgets.menu import Menu, MenuItem
from .dialog import Dialog, unless_closed


def opening_line(story: Story, scene_id: str) -> str:
    """The first line of a scene's text as anyone reads it (no condition, nothing intense), short."""
    scene = story.scenes.get(scene_id)
    first = next((p for p in scene.text if isinstance(p, Passage) and p.gentle is None), None) if scene else None
    return textwrap.shorten(first.text, 66, placeholder=" …") if first is not None else ""


def describe_slot(story: Story, slot: SlotInfo) -> str:
    """A slot: its name (or Autosave), chapter, scene and when it was saved; under it, the first
    line of the scene's text, to tell saves apart."""
    try:
        chapter = story.chapter(slot.chapter).title
    except (KeyError, ValueError):
        chapter = slot.chapter or "?"
    scene = story.scenes[slot.scene].place if slot.scene in story.scenes else None
    when = saved_when(slot.saved_at)
    name = "Autosave" if slot.autosave else slot.name
    where = f"{chapter}, {scene}" if scene else chapter
    line = opening_line(story, slot.scene)
    played = f"  ·  played {play_time(slot.play_seconds)}" if slot.play_seconds else ""
    return f"{name}  ·  {where}  ·  {when}{played}" + (f"\n“{line}”" if line else "")


def saved_when(saved_at: float) -> str:
    """When a save was made, as a clock shows it; a time no clock can show (from a hand edit,
    or a file dated out of range) is said to be unknown, never an error."""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(saved_at))
    except (OverflowError, ValueError, OSError):
        return "time unknown"


class Confirm(Dialog[bool]):
    """A yes-or-no question."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]
    """y says yes; n or Escape says no."""

    AUTO_FOCUS = "#no"
    """No has the focus: a stray Enter changes nothing."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(Text(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SaveDialog(Dialog[str | None]):
    """Save this run under a name; an existing name is overwritten only after a yes."""

    BINDINGS = [Binding("escape", "dismiss_none", "Back")]
    """Escape goes back without saving."""

    AUTO_FOCUS = "#save-name"
    """The name is ready to type over."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store: SaveStore | None = session.saves
        self.slots = [s for s in self.store.slots() if not s.autosave] if self.store else []

    def compose(self) -> ComposeResult:
        story = self.session.story
        default = f"{self.session.chapter.title}, {time.strftime('%d %b %H:%M')}"
        with Vertical(classes="dialog", id="save-dialog"):
            yield Static(Text("Save", style="bold"), classes="dialog-title")
            yield Input(value=default, placeholder="A name for this save", max_length=60, id="save-name")
            yield Static("", id="save-error", classes="dialog-error")
            with VerticalScroll(classes="dialog-body"):
                if self.slots:
                    yield Static(Text("Or pick a save to overwrite:", style="dim"))
                    yield Menu([MenuItem(s.name, describe_slot(story, s)) for s in self.slots], id="save-slots")
                else:
                    yield Static(Text("No saves yet.", style="dim"))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save-ok", variant="primary")
                yield Button("Cancel", id="save-cancel")

    @on(Input.Submitted, "#save-name")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.try_save(event.value)

    @on(Button.Pressed, "#save-ok")
    def ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.try_save(self.query_one("#save-name", Input).value)

    @on(Button.Pressed, "#save-cancel")
    def cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    @on(Menu.Picked)
    def overwrite(self, event: Menu.Picked) -> None:
        """A save picked in the list is overwritten in its own file (its listed name may make another)."""
        event.stop()
        slot = self.slots[event.index]
        self.query_one("#save-name", Input).value = slot.name
        self.try_save(slot.key)

    def try_save(self, name: str) -> None:
        if isinstance(name, SlotName):  # picked in the list: there, under the name it is listed by
            held: str | None = name
        else:
            name = name.strip()
            # "A b" and "a-b" are one file: ask about the save that is there, by the name it was given.
            held = self.store.name_in_file(name) if self.store is not None else None
        if held is not None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self._save(name)

            self.app.push_screen(Confirm(f"Overwrite the save “{held}”?"), answered)
        else:
            self._save(name)

    def _save(self, name: str) -> None:
        try:
            self.session.save(name)
        except (ValueError, OSError) as e:
            message = str(e) if isinstance(e, ValueError) else f"could not write the save ({e.strerror or e})"
            self.query_one("#save-error", Static).update(Text(f"Not saved: {message}."))
            return
        self.dismiss(name)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class LoadDialog(Dialog[str | None]):
    """Pick a save to resume, newest first, the autosave among them; d deletes after a yes."""

    BINDINGS = [Binding("escape", "dismiss_none", "Back"), Binding("d,delete", "delete", "Delete")]
    """Escape goes back; d deletes the save under the cursor."""

    def __init__(self, store: SaveStore, story: Story) -> None:
        super().__init__()
        self.store = store
        self.story = story
        #: The saves as listed, one for each item of the menu: each is loaded and deleted by its
        #: own file (two files can be listed under one name).
        self.slots: list[SlotInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="load-dialog"):
            yield Static(Text("Load", style="bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="load-body"):
                yield Menu(self._items(), id="load-slots")
                yield Static(Text("No saves yet.", style="dim"), id="load-empty")
            yield Static(Text("Enter loads · d deletes · Escape goes back", style="dim"), classes="dialog-hint")

    def _items(self) -> list[MenuItem]:
        self.slots = self.store.slots()
        return [MenuItem(s.key, describe_slot(self.story, s)) for s in self.slots]

    AUTO_FOCUS = "Menu"
    """The list of saves takes the keys."""

    @unless_closed
    def on_mount(self) -> None:
        self._show_empty()
        for message in self.store.messages:
            self.notify(message, severity="warning", markup=False)
        self.store.messages.clear()

    def _show_empty(self) -> None:
        menu = self.query_one(Menu)
        self.query_one("#load-empty", Static).display = not menu.items

    @on(Menu.Picked)
    def picked(self, event: Menu.Picked) -> None:
        event.stop()
        self.dismiss(self.slots[event.index].key)

    @unless_closed
    def action_delete(self) -> None:
        menu = self.query_one(Menu)
        if not menu.items:
            return
        item, slot = menu.items[menu.cursor], self.slots[menu.cursor]

        async def answered(yes: bool | None) -> None:
            if yes:
                at = menu.cursor
                self.store.delete(slot.key)
                await menu.set_items(self._items())
                if menu.items:  # the cursor stays where it was, on the next save down
                    menu.cursor = min(at, len(menu.items) - 1)
                self._show_empty()

        self.app.push_screen(Confirm(f"Delete the save “{item.label.split('  ·  ')[0]}”?"), answered)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
