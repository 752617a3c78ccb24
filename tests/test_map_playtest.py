"""What a play-tester found in the story map: a scene's id shown to a player, and ways 'not taken'
that were never offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hinted_copy, play, play_canon

from game.engine import Progress, Session, Story, load_story
from game.engine.storymap import build_map, session_map


@pytest.fixture
def hinted(tmp_path: Path) -> Story:
    return load_story(hinted_copy(tmp_path))


def after(text: str, heading: str, stop: str) -> str:
    """The map's lines from `heading` up to the next line that starts with `stop`."""
    rest = text.split(heading, 1)[1]
    return rest.split(stop, 1)[0]


def test_a_scene_with_no_title_or_place_is_named_by_the_choice_that_led_there_never_its_id(hinted: Story) -> None:
    s = play_canon(Session(hinted, progress=Progress()), until_scene="two_choice")
    text = session_map(s).text()
    assert "● after “Go on.”" in text  # two_opening: neither title nor place
    fresh = build_map(hinted, seen=[], endings=[]).text()
    assert "○ 2 scenes not yet seen" in fresh and "○ 3 scenes not yet seen" in fresh  # unseen: counted, not named
    assert "a scene" not in fresh.replace("a scene not", "") and "an ending" not in fresh
    for sid in hinted.scenes:
        assert sid not in text and sid not in fresh


def test_a_way_never_offered_is_not_counted_as_not_taken(hinted: Story, tmp_path: Path) -> None:
    # Red: "Give up." (if one_flag) was never open at the middle; "Walk." was, at the purse.
    s = play_canon(Session(hinted, progress=Progress()), until_scene="two_choice")
    play(s, "good_end")
    text = session_map(s).text()
    assert "not taken" not in after(text, "The middle", "Chapter 2")
    assert "? one way not taken" in after(text, "The purse", "Endings")
    # A later launch knows the middle only by the way kept to it: still the red state.
    later = Session(hinted, progress=Progress())
    later.restart()
    assert "not taken" not in after(session_map(later).text(), "The middle", "Chapter 2")
    # Blue opened "Give up.": now it was offered, and not taken.
    blue = play(Session(hinted, progress=Progress(tmp_path / "other")), "blue")
    assert "? one way not taken" in after(session_map(blue).text(), "The middle", "Chapter 2")


def test_ballerina_map_counts_only_what_the_kept_ways_offered(tmp_path: Path, data_dir: Path) -> None:
    from test_plain import ballerina

    from game.engine import default_scenes_dir
    from game.engine.saves import story_folder

    folder = hinted_copy(tmp_path)
    ballerina("--plain", "--scenes", str(folder), stdin="1\n1\n1\n1\n")  # red, along the film, to its ending
    (story_folder(folder, default_scenes_dir(), data_dir) / "saves" / "autosave.json").unlink()
    out = ballerina("map", "--scenes", str(folder)).stdout
    assert "No game in progress" in out  # the map knows the middle only by the way kept to it
    assert "not taken" not in after(out, "The middle", "Chapter 2")
    assert "? one way not taken" in after(out, "The purse", "Endings")


async def test_the_tui_map_with_no_game_under_way_counts_only_what_the_kept_ways_offered(
        hinted: Story, data_dir: Path) -> None:
    from game.engine import Settings, default_scenes_dir
    from game.engine.saves import story_folder
    from game.tui.app import make_app
    from game.tui.screens.map import MapScreen

    progress = Progress(story_folder(hinted.root, default_scenes_dir(), data_dir))
    play_canon(Session(hinted, progress=progress))  # a game before, red, along the film
    settings = Settings(data_dir)
    settings.data.update({"content_note_seen": True, "text_speed": "instant", "chapter_notes": False})
    settings.save()
    app = make_app(hinted, data_dir=data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MapScreen)
        text = screen.story_map.text()
    assert "not taken" not in after(text, "The middle", "Chapter 2")
    assert "after “Go on.”" in text


def test_where_you_left_the_film_and_going_back_never_name_a_scene_by_its_id(small_story: Story) -> None:
    s = play(Session(small_story, progress=Progress()), "blue", "bad_end")  # one_middle: no title, no place
    assert session_map(s).sentence == ("You left the film in chapter 1, One, when you chose “Give up.” "
                                       "Before that, one choice of your own had coloured it.")
    from game.engine.storymap import go_back

    assert go_back(s, "one_middle") == "Back at that decision, as you left it."
