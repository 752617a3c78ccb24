"""Reading a file a story or a player handed us: a regular file of a sane size, never a pipe or a device."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotAFile(OSError):
    """A folder, a device, a pipe or a socket where a file was expected; `what` names which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(OSError):
    """A file larger than a reader takes; `size` is what it says it holds (or at least holds)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size:,} bytes")
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A link to /dev/zero would read until
    memory ran out and a FIFO would wait for ever: opened without blocking, they are refused unread."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile("a folder" if stat.S_ISDIR(info.st_mode) else "a device, a pipe or a socket")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1)  # the size a file says it has may not be what it holds
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
