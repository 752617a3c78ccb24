"""The collector's full passes: held for the reader's pauses once a game shows, and made there."""

from __future__ import annotations

import gc

import pytest

from game.engine import memory


@pytest.fixture
def held():
    """full_passes_in_pauses for one test: the process's collector as it was afterwards."""
    threshold = gc.get_threshold()
    memory.full_passes_in_pauses()
    try:
        yield
    finally:
        memory._held = False
        gc.set_threshold(*threshold)
        gc.unfreeze()


def test_a_pause_makes_no_full_pass_unless_they_are_held():
    for _ in range(memory.FULL_PASS_DUE):
        gc.collect(1)
    assert not memory.collect_in_pause()


def test_once_held_the_collector_rarely_makes_a_full_pass_itself(held):
    assert gc.get_threshold()[2] == memory.FULL_PASS_BACKSTOP
    assert gc.get_freeze_count() > 0


def test_a_pause_makes_a_full_pass_when_one_is_due_and_only_then(held):
    assert not memory.collect_in_pause()  # (the one just made by full_passes_in_pauses)
    for _ in range(memory.FULL_PASS_DUE):
        gc.collect(1)  # each pass over the younger objects counts towards a full one
    assert memory.collect_in_pause()
    assert not memory.collect_in_pause()
