"""The content note: what the story holds and where to find help, before any story text."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...engine import Story
from .dialog import Dialog, more_below, unless_closed, watch_more


def bullets(heading: str, lines: list[Text]) -> Group:
    """A bold heading over a list whose lines wrap under themselves, not under the bullet."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("  • ", line)
    return Group(Text(heading, style="bold"), grid)


def themes_list(story: Story, ids: list[str] | None = None) -> Group:
    """The themes the story (or a chapter: `ids`) holds, by the names the content note gives."""
    names = [story.themes.get(t, t) for t in ids] if ids is not None else list(story.themes.values())
    return bullets("This story holds:" if ids is None else "This chapter holds:", [Text(n) for n in names])


def help_lines(story: Story) -> Group:
    """Where to talk to someone, one line a place."""
    lines = []
    for h in story.content_note.help:
        line = Text(f"{h.where}: ", style="bold")
        line.append(h.line, style="")
        lines.append(line)
    return bullets("You can talk to someone now:", lines)


def content_note_text(story: Story) -> Group:
    """The whole note in one piece (the help screen's tab): the note, the help lines, the themes."""
    return Group(Text(story.content_note.text.strip()), Text(), help_lines(story), Text(), themes_list(story))


class ContentNoteScreen(Dialog[bool | str]):
    """The content note. On a first launch it must be acknowledged; later, Escape closes it.

    The help lines stand outside the part that scrolls, over the button: however small the
    window, nobody can acknowledge the note without them in view.
    """

    BINDINGS = [
        Binding("escape", "close", "Back", show=True),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "End", show=False),
    ]
    """Escape closes the note when it is not the first launch; arrows and pages scroll it while
    the button keeps the focus."""

    AUTO_FOCUS = "#content-note-ok"
    """The button has the focus; the arrows scroll the note all the same."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Under 24 rows the frame packs tighter, so the help lines and the button both fit."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    """Under 72 columns the two buttons of the first note stand one over the other."""

    def __init__(self, story: Story, *, first_launch: bool) -> None:
        super().__init__()
        self.story = story
        self.first_launch = first_launch
        self.footer = not first_launch  # no key but the buttons: the footer would be an empty row

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="content-note"):
            yield Static(classes="dialog-title")
            # Not focusable: Tab goes between the buttons only, and the arrows scroll the text.
            with VerticalScroll(classes="dialog-body", id="content-note-body", can_focus=False):
                yield Static(Group(Text(self.story.content_note.text.strip()), Text(), themes_list(self.story)),
                             id="content-note-text")
                if self.first_launch:
                    yield Static(Text("This note stays reachable from the title screen and from help (?).",
                                      style="italic"), classes="dialog-hint")
            yield Static(help_lines(self.story), id="content-note-help")
            label = "I understand, continue" if self.first_launch else "Back"
            with Horizontal(id="content-note-buttons"):
                yield Button(label, id="content-note-ok", variant="primary")
                if self.first_launch:
                    yield Button("Turn on gentle mode and continue", id="content-note-gentle")

    def on_mount(self) -> None:  # (Dialog's runs too: Textual calls each class's handler)
        watch_more(self, self.query_one("#content-note-body", VerticalScroll), self.show_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_more)

    @unless_closed
    def show_more(self) -> None:
        """The title says when the text goes on below the view: a sign that needs no colour
        (a scrollbar's thumb is drawn in colour only)."""
        title = Text("Before you begin" if self.first_launch else "Content note", style="bold")
        if more_below(self.query_one("#content-note-body", VerticalScroll)):
            title.append("  ▼ more: ↓ PgDn", style="")
        self.query_one(".dialog-title", Static).update(title)

    def on_descendant_focus(self) -> None:
        self.mark_focus()

    def on_descendant_blur(self) -> None:
        self.mark_focus()

    @unless_closed
    def mark_focus(self) -> None:
        """The focused button is marked ▸ as well as in colour: at small sizes the buttons have
        no border, and a marker is the one sign that reads without colour."""
        for button in self.query(Button):
            label = str(button.label).lstrip("▸ ")
            button.label = f"▸ {label}" if button.has_focus else f"  {label}"

    @unless_closed
    def action_scroll(self, how: str) -> None:
        body = self.query_one("#content-note-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Continue dismisses True; the gentle button "gentle" (the app turns gentle mode on)."""
        event.stop()
        self.dismiss("gentle" if event.button.id == "content-note-gentle" else True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close" and self.first_launch:
            return False  # read before anything else: no Back (and the footer does not offer one)
        return super().check_action(action, parameters)

    def action_close(self) -> None:
        if not self.first_launch:
            self.dismiss(True)
