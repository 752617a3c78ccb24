"""The story engine: YAML scenes, checked strictly, played through one state machine. No UI here."""

from typing import TYPE_CHECKING

from .compiled import load_story
from .model import Chapter, Choice, Ending, Scene, Story
from .problems import StoryError
from .saves import Progress, SaveError, SaveStore, Settings, data_dir
from .session import HistoryEntry, Session
from .sources import default_scenes_dir

if TYPE_CHECKING:
    from .checker import check_story, story_stats
    from .loader import read_story


def __getattr__(name: str) -> object:
    """The reader (and YAML) and the checker load only when asked for: playing a compiled story
    needs neither."""
    if name in ("check_story", "story_stats"):
        from . import checker

        return getattr(checker, name)
    if name == "read_story":
        from .loader import read_story

        return read_story
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
