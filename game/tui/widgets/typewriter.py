"""A scene's text revealed a few characters at a time; any key or click shows it all."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from ...engine.text import printable

#: How often the reveal advances, in seconds (30 frames a second is smooth and cheap).
TICK = 1 / 30


class Typewriter(Static):
    """Text that types itself out at a speed in characters a second (0: all at once)."""

    class Done(Message):
        """The whole text is showing."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = Text()
        self.shown = 0
        self._timer: Timer | None = None
        self._carry = 0.0
        self.speed = 0

    @property
    def typing(self) -> bool:
        """True while some of the text is still hidden."""
        return self.shown < len(self.text)

    def type_out(self, text: Text, speed: int) -> None:
        """Start revealing `text` at `speed` characters a second; 0 shows it all now."""
        self.stop_timer()
        clean = printable(text.plain)
        if clean is not text.plain:
            # Retyped every frame, an escape in the text would reach the terminal 30 times a
            # second (Rich drops BEL, not ESC): shown as U+FFFD, one for one, so styles keep.
            text = text.copy()
            text.plain = clean
        self.text = text
        self.speed = speed
        self._carry = 0.0
        if speed <= 0 or not len(text):
            self.finish()
            return
        self.shown = 0
        self._timer = self.set_interval(TICK, self._tick)
        self._tick()  # the first characters show at once; the rest follow the timer

    def _tick(self) -> None:
        self._carry += self.speed * TICK
        step = int(self._carry)
        if step:
            self._carry -= step
            self.shown = min(len(self.text), self.shown + step)
            self.update(self.text[: self.shown])
        if not self.typing:
            self.finish()

    def stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def finish(self) -> None:
        """Show the whole text now."""
        self.stop_timer()
        self.shown = len(self.text)
        self.update(self.text)
        self.post_message(self.Done())
