"""How the engine treats the garbage collector around a story: paused while one is built, frozen once loaded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic GC while a story is built: it allocates many objects and frees none,
    and the collector's passes over them made loading grow faster than the story."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_loaded() -> None:
    """Move everything alive now (the loaded story, the machine) out of the collector's sight:
    it lives until the process ends, and a full collection in the middle of play would otherwise
    walk every scene again."""
    gc.freeze()
