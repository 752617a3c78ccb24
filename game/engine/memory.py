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


@contextmanager
def kept_for_good() -> Iterator[None]:
    """Build what lives until the process ends (the story a command plays) with the collector
    paused, then freeze it: the collector never walks it again, neither when it is switched back
    on (the first pass would otherwise scan every object just built) nor in the middle of play."""
    with gc_paused():
        yield
        gc.freeze()
