"""The status line: the game's notices, one line over the footer, never over the text being read."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

if TYPE_CHECKING:
    from ...engine import Session

#: Notices that arrive within this many seconds of each other show together, not one over another.
TOGETHER = 1.0


class StatusLine(Static):
    """Shows the latest notices for a few seconds, then empties; a warning is marked with "!"
    (readable without colour). Notices never pile up: new ones replace old, or join them."""

    DEFAULT_CSS = """
    StatusLine { dock: bottom; height: auto; max-height: 3; margin: 0 0 1 0; padding: 0 2; display: none; }
    """
    """Docked over the footer (the margin keeps its row); takes a row only while it has something to say."""

    def __init__(self) -> None:
        super().__init__(id="status")
        self._timer: Timer | None = None
        self._shown: list[tuple[str, bool]] = []
        self._since = 0.0

    def show(self, message: str, *, warning: bool, timeout: float) -> None:
        """Show a notice (plain text: never read as markup) for `timeout` seconds."""
        now = time.monotonic()
        if now - self._since > TOGETHER:
            self._shown = []
        self._since = now
        if (message, warning) not in self._shown:
            self._shown.append((message, warning))
        line = Text()
        for n, (text, warn) in enumerate(self._shown[-3:]):
            if n:
                line.append("  ·  ")
            if warn:
                line.append("! ", style="bold")
            line.append(text)
        self.update(line)
        self.set_class(any(w for _, w in self._shown), "-warning")
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        """Say nothing (the row goes)."""
        # Even when it is clear already (every choice clears it), the update asks for a layout of
        # the screen, and that stays: skipping it (tried for speed) left the terminal unpainted in
        # a play-test. After a choice from a scene into an interlude read before, End moved the
        # page (its header and scrollbar followed) but the terminal kept showing the top of the
        # text. Why the layout matters there is not found yet.
        self._shown = []
        self.update("")
        self.display = False

    @property
    def message(self) -> str:
        """What the line says now."""
        return "  ·  ".join(text for text, _ in self._shown)



def pending_notices(session: Session) -> list[str]:
    """The session's and its save folder's messages, each taken once (the caller shows them)."""
    found = [*session.notices, *(session.saves.messages if session.saves is not None else [])]
    session.notices.clear()
    if session.saves is not None:
        session.saves.messages.clear()
    return found
