"""How the engine treats the garbage collector around a story: paused while one is built, frozen once
loaded, and in play its passes made in the reader's pauses."""

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


#: A full pass is due once the collector has made this many passes over the middle generation since
#: the last full one: CPython's own threshold for its oldest generation.
FULL_PASS_DUE = 10

#: While full passes wait for the reader's pauses, the collector still makes one of its own after
#: this many passes over the middle generation: a stretch of play with no pause never grows unbounded.
FULL_PASS_BACKSTOP = 100

#: While passes wait for the reader's pauses, the collector makes a pass over the young objects of
#: its own only once this many more of them are alive than at the last pass. CPython's 700 put one
#: to ten such passes, 1 to 4 ms in all, into every choice. Measured over 400 random choices on the
#: story: up to ~10,000 young objects are alive as a choice begins (made since the last pause: the
#: writes and the frames after a paint), a scene's redraw leaves up to ~8,000 more, and the most
#: seen at a pause was ~29,000 (a long text typed out). 50,000 keeps a choice clear of them all.
YOUNG_PASS_AFTER = 50_000

_held = False


def passes_in_pauses() -> None:
    """From now on (a game is started and showing), the collector's passes wait for the reader to
    pause (`collect_in_pause`): the full ones, and those over the young objects. A full pass walks
    every object the program holds (40 ms at the end of the story on this machine, more than two
    frames); a young one, all those made since the last. Made by the collector itself, they fall
    on whatever runs then, a choice's redraw among others. What exists now (the story, the started
    app) is collected once and then frozen: no later pass walks it again."""
    global _held
    gc.collect()
    gc.freeze()
    _, middle, _ = gc.get_threshold()
    gc.set_threshold(YOUNG_PASS_AFTER, middle, FULL_PASS_BACKSTOP)
    _held = True


def collect_in_pause() -> int | None:
    """The pass the collector would make next, made now if `passes_in_pauses` holds them for
    pauses like this one (the reader has the whole text in front of them): a full pass if one is
    due (`FULL_PASS_DUE` middle passes since the last), else one over the middle and young objects
    if that is due (as many young passes as the middle threshold), else one over the young objects.
    The counts are CPython's (gc.get_count); a pass comes due here at the count CPython would
    collect after, a step early. The generation collected (2, 1 or 0), or None."""
    if not _held:
        return None
    _, middle, _ = gc.get_threshold()
    count = gc.get_count()
    generation = 2 if count[2] >= FULL_PASS_DUE else 1 if count[1] >= middle else 0
    gc.collect(generation)
    return generation
