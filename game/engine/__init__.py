"""The story engine: YAML scenes, checked strictly, played through one state machine. No UI here."""

from typing import TYPE_CHECKING

from .loader import StoryError, default_scenes_dir, load_story, read_story
from .model import Chapter, Choice, Ending, Scene, Story
from .saves import Progress, SaveError, SaveStore, Settings, data_dir
from .session import HistoryEntry, Session

if TYPE_CHECKING:
    from .checker import check_story, story_stats


def __getattr__(name: str) -> object:
    """The checker loads only when asked for: playing a story never needs it."""
    if name in ("check_story", "story_stats"):
        from . import checker

        return getattr(checker, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Chapter",
    "Choice",
    "Ending",
    "HistoryEntry",
    "Progress",
    "SaveError",
    "SaveStore",
    "Scene",
    "Session",
    "Settings",
    "Story",
    "StoryError",
    "check_story",
    "data_dir",
    "default_scenes_dir",
    "load_story",
    "read_story",
    "story_stats",
]
