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
    """A modal screen that can be dismissed only once.

    Fast keys (Escape and Enter in one read, or a click and a key) can reach a dialog after it
    has asked to close. A second dismiss would hand its caller a second result and pop the
    screen below it, so it is ignored.
    """

    def __init__(self, *, classes: str = "dialog-screen") -> None:
        super().__init__(classes=classes)
        self._dismissed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys queued behind the one that closed the dialog find no dialog to act on.
        return not self._dismissed

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if self._dismissed or not self.is_current:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)
