"""The notice shown instead of the game when the terminal is smaller than the game can lay out."""

from __future__ import annotations

from textual.widgets import Static

#: The smallest terminal the screens are laid out for (cells): the title menu and a scene's
#: header, a few lines of text, a choice and the footer fit in 50x14.
MIN_WIDTH = 50
MIN_HEIGHT = 14


def too_small_message(width: int, height: int) -> str:
    """What the notice says for a terminal this size."""
    return f"The window is too small: at least {MIN_WIDTH}×{MIN_HEIGHT}, now {width}×{height}. Make it larger to go on."


class TooSmall(Static):
    """A centred message saying how large the window must be."""

    DEFAULT_CSS = """
    TooSmall { width: 1fr; height: auto; text-align: center; text-style: bold; padding: 0 1; }
    """
    """Centred, bold, wrapping to any width."""
