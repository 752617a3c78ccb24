"""A fresh play-test's bugs, one Pilot test each: every one failed before its fix."""

from __future__ import annotations

import pytest
from tui_pilot import STORIES, app_for, keys_at_once, new_game

from game.engine import Story, load_story

SIZE = (80, 24)


@pytest.fixture
def small() -> Story:
    return load_story(STORIES / "good")


@pytest.mark.parametrize("second", ["1", "enter"])
async def test_1_a_key_pressed_twice_fast_never_chooses_in_a_scene_not_yet_shown(small, data_dir, second):
    app = app_for(small, data_dir)  # text at once: nothing to type, so nothing to finish
    async with app.run_test(size=SIZE) as pilot:
        await new_game(pilot)
        keys_at_once(app, "1", second)  # in one read, as `tmux send-keys 1 1`
        await pilot.pause()
        assert app.session.scene_id == "one_middle"
        assert len(app.session.choice_ids) == 1
        await pilot.press(second)  # once the scene is on the screen, the key chooses
        assert len(app.session.choice_ids) == 2
