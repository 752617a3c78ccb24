"""The way that first reached each decision scene, kept with the player's progress: the story map
goes back to a decision by replaying it (game/engine/storymap.py), and the session keeps it as the
player plays. Below the session, so that both can use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Scene, Story
from .route import Step

if TYPE_CHECKING:
    from .saves import Progress


def is_decision(scene: Scene) -> bool:
    """A scene where the player chooses between two or more ways on (as written: some may be closed)."""
    return len(scene.choices) > 1


def remember_decision(progress: Progress, story: Story, path: list[Step]) -> None:
    """Keep, for a decision scene reached for the first time, the choices that led to it: as the
    decision before it in this run (whose own way is kept) and the choices since, so the record
    stays small at any depth."""
    if not path:
        return
    sid = path[-1].scene
    paths = progress.paths
    if sid in paths or not is_decision(story.scenes[sid]):
        return
    triggers = [s.choice.trigger for s in path[:-1] if s.choice is not None]
    from_start = path[0].scene == story.start
    anchor, since = "", triggers
    for i in range(len(path) - 2, -1, -1):
        earlier = path[i].scene
        if earlier in paths and is_decision(story.scenes[earlier]):
            if not from_start or first_path(progress, earlier) == triggers[:i]:
                anchor, since = earlier, triggers[i:]
                break
    if not from_start and not anchor:
        return  # neither the start nor a kept decision: this way cannot be replayed
    progress.remember_path(sid, [anchor, *since])


def first_path(progress: Progress, scene: str) -> list[str] | None:
    """The choices, from the start, that first reached a decision scene (None if not kept)."""
    paths = progress.paths
    parts: list[list[str]] = []
    seen: set[str] = set()
    while scene:
        entry = paths.get(scene)
        if not entry or scene in seen:  # missing, or a loop written by hand
            return None
        seen.add(scene)
        parts.append(entry[1:])
        scene = entry[0]
    return [t for part in reversed(parts) for t in part]

