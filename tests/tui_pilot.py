"""What the Pilot tests share: a settled data folder, the app built on it, keys in one read."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual import events

from game.engine import Settings, Story
from game.tui.app import BallerinaApp, make_app
from game.tui.screens.story import StoryScreen

STORIES = Path(__file__).parent / "stories"


def settled(data_dir: Path, **settings: object) -> Path:
    """A data folder where the content note has been read and text appears at once (by default)."""
    s = Settings(data_dir)
    s.data.update({"content_note_seen": True, "text_speed": "instant", **settings})
    s.save()
    return data_dir


def app_for(story: Story, data_dir: Path, *, first_launch: bool = False, speed: str = "instant",
            **kw: object) -> BallerinaApp:
    """The app on `story`, its content note read (unless `first_launch`) and text at `speed`."""
    if not first_launch:
        settled(data_dir, text_speed=speed)
    return make_app(story, data_dir=data_dir, **kw)  # type: ignore[arg-type]


def keys_at_once(app: BallerinaApp, *keys: str) -> None:
    """Keys that arrive in one read of the terminal: all queued before any is handled."""
    for key in keys:
        char = key if len(key) == 1 else {"question_mark": "?", "space": " "}.get(key)
        app.post_message(events.Key(key, char))


async def new_game(pilot) -> StoryScreen:  # type: ignore[no-untyped-def]
    """From the title screen, a new game: its story screen."""
    await pilot.press("n", "enter")
    screen = pilot.app.screen
    assert isinstance(screen, StoryScreen)
    return screen


def long_story(tmp_path: Path, after: str) -> Path:
    """The fixture story with thirty paragraphs put in after the line `after`: a scene that scrolls."""
    folder = tmp_path / "long"
    shutil.copytree(STORIES / "good", folder)
    one = folder / "1-one.yaml"
    paragraphs = "".join(f"      - Paragraph {n}, long enough to scroll.\n" for n in range(30))
    text = one.read_text()
    assert after in text, after
    one.write_text(text.replace(after, after + paragraphs, 1))
    return folder
