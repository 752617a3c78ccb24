"""The base of every dialog: a modal screen that closes once, whatever keys are queued behind."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.css.query import NoMatches
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")
Handler = TypeVar("Handler", bound=Callable[..., Any])


def unless_closed(handler: Handler) -> Handler:
    """For a screen's mount handler: a screen can be closed by keys queued behind the one that
    opened it before its handlers run, and then its widgets are gone (NoMatches). Nothing to do."""

    @wraps(handler)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except NoMatches:
            return None

    return run  # type: ignore[return-value]


class Dialog(ModalScreen[ResultT]):
    """A modal dialog of the game, centred over the screen below, that closes once.

    Fast keys (Escape and Enter in one read, a click and a key) can reach a screen after it has
    asked to close. Dismissing again would hand its caller a second result and pop whatever is
    on top now, so only the screen on top of the stack can close, or act on a key. (ChapterNote
    and SafeCommandPalette hold to the same rule; Textual's styles follow a single line of
    bases, so this is not a mixin.)
    """

    def __init__(self, *, classes: str = "dialog-screen") -> None:
        super().__init__(classes=classes)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_active

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)
