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


#: A full pass is due once the collector has made this many passes over the younger objects since
#: the last full one: CPython's own threshold for its oldest generation.
FULL_PASS_DUE = 10

#: While full passes wait for the reader's pauses, the collector still makes one of its own after
#: this many passes over the younger objects: a stretch of play with no pause never grows unbounded.
FULL_PASS_BACKSTOP = 100

_held = False


def full_passes_in_pauses() -> None:
    """From now on (a game is started and showing), the collector's full passes wait for the
    reader to pause (`collect_in_pause`). A full pass walks every object the program holds (40 ms
    at the end of the story on this machine, more than two frames): made by the collector itself,
    it falls on whatever runs then, a choice's redraw among others. What exists now (the story,
    the started app) is collected once and then frozen: no later pass walks it again."""
    global _held
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_PASS_BACKSTOP)
    _held = True


def collect_in_pause() -> bool:
    """A full pass now, if one is due and `full_passes_in_pauses` holds them for pauses like this
    one (the reader has the whole text in front of them); True if it ran."""
    if not _held or gc.get_count()[2] < FULL_PASS_DUE:
        return False
    gc.collect()
    return True
