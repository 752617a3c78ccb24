"""The collector's passes: held for the reader's pauses once a game shows, and made there."""

from __future__ import annotations

import gc

import pytest

from game.engine import memory


@pytest.fixture
def held():
    """passes_in_pauses for one test: the process's collector as it was afterwards."""
    threshold = gc.get_threshold()
    memory.passes_in_pauses()
    try:
        yield
    finally:
        memory._held = False
        gc.set_threshold(*threshold)
        gc.unfreeze()


def young_objects(n: int) -> list[list[int]]:
    """`n` objects the collector tracks, alive and new."""
    return [[i] for i in range(n)]


def test_a_pause_makes_no_pass_unless_they_are_held():
    for _ in range(memory.FULL_PASS_DUE):
        gc.collect(1)
    kept = young_objects(100)
    before = gc.get_count()
    assert memory.collect_in_pause() is None
    assert gc.get_count()[0] >= before[0] and len(kept)  # no pass emptied the young objects


def test_once_held_the_collector_rarely_makes_a_pass_itself(held):
    assert gc.get_threshold()[0] == memory.YOUNG_PASS_AFTER
    assert gc.get_threshold()[2] == memory.FULL_PASS_BACKSTOP
    assert gc.get_freeze_count() > 0
    # As many new objects as a scene's redraw leaves, and then some: no pass of its own among them.
    passes = gc.get_stats()[0]["collections"]
    kept = young_objects(memory.YOUNG_PASS_AFTER // 2)
    assert gc.get_stats()[0]["collections"] == passes and len(kept)


def test_a_pause_passes_over_the_young_objects(held):
    kept = young_objects(1000)
    assert gc.get_count()[0] >= len(kept)
    assert memory.collect_in_pause() == 0
    assert gc.get_count()[0] < 100 and len(kept)


def test_a_pause_makes_the_pass_due_as_the_collector_counts_them(held):
    assert memory.collect_in_pause() == 0  # (a full one was just made by passes_in_pauses)
    for _ in range(gc.get_threshold()[1]):
        gc.collect(0)  # each pass over the young objects counts towards one over the middle ones
    assert memory.collect_in_pause() == 1
    assert memory.collect_in_pause() == 0
    for _ in range(memory.FULL_PASS_DUE):
        gc.collect(1)  # each pass over the middle objects counts towards a full one
    assert memory.collect_in_pause() == 2
    assert memory.collect_in_pause() == 0
