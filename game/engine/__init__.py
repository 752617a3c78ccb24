"""The story engine: YAML scenes, checked strictly, played through one state machine. No UI here."""

from .checker import check_story, story_stats
from .loader import StoryError, default_scenes_dir, load_story, read_story
from .model import Chapter, Choice, Ending, Scene, Story
from .saves import Progress, SaveError, SaveStore, Settings, data_dir
from .session import HistoryEntry, Session

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
