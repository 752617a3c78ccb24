"""Text from a file made safe to print: no control character ever reaches the terminal."""

from __future__ import annotations

import re

#: C0 and C1 control characters and DEL, but not newline and tab: ESC, CSI and OSC drive a
#: terminal (clear the screen, rename the window, write the clipboard), CR and BS overwrite.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: What a control character is shown as: one character for one, so positions keep.
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """`text` with every control character (other than newline and tab) shown as U+FFFD."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(REPLACEMENT, text)
