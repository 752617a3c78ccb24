"""The base of every dialog: a modal screen that closes once, whatever keys are queued behind."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

try:  # for Textualize/textual#6665 (on_unmount); a private module, so its absence is no error
    from textual._styles_cache import StylesCache
except ImportError:  # pragma: no cover (textual is pinned to a version that has it)
    StylesCache = None  # type: ignore[assignment, misc]
from textual.await_complete import AwaitComplete
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from ..widgets.footer import Footer
from ..widgets.status import StatusLine

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


def watch_more(screen: Screen[Any], scroller: Widget, show: Callable[[], None]) -> None:
    """Call `show` (which says whether `scroller` goes on below its view) now and as it changes."""
    screen.watch(scroller, "scroll_y", show, init=False)
    screen.watch(scroller, "virtual_size", show, init=False)
    screen.call_after_refresh(show)


def more_below(scroller: Widget) -> bool:
    """True while a scrolling part goes on below its view: a sign is due (a thumb shows in colour only)."""
    return scroller.max_scroll_y - scroller.scroll_y >= 1


class ClosesOnce:
    """For a screen: it closes once, and only from the top of the stack.

    Fast keys (Escape and Enter in one read, a click and a key) can reach a screen after it has
    asked to close. Dismissing again would hand its caller a second result and pop whatever is
    on top now, so only the screen on top of the stack can close, or act on a key. A plain mixin:
    Textual's styles follow the DOM bases only (`DOMNode._css_bases` skips the others), so a
    screen's CSS type stays its own.
    """

    is_active: bool

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_active

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc, no-any-return]


class Dialog(ClosesOnce, ModalScreen[ResultT]):
    """A modal dialog of the game, centred over the screen below, that closes once; its own
    footer says its keys and its own status line its notices (the story's are under it)."""

    def __init__(self, *, classes: str = "dialog-screen") -> None:
        super().__init__(classes=classes)
        #: Whether the dialog has a footer (one with no key to offer gives its row to the dialog).
        self.footer = True

    def on_mount(self) -> None:
        self.mount(StatusLine(), *([Footer()] if self.footer else []))

    def on_unmount(self) -> None:
        # Textual keeps the last 1,024 widgets' style caches, every line they drew included, in an
        # lru_cache on a method (Textualize/textual#6665): a closed dialog's widgets would live on
        # there. The cache only saves working out two styles again: it is emptied as a dialog goes.
        clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
        if clear is not None:
            clear()
