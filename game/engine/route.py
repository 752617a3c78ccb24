"""Routes through the story: the film's route, and the way to any ending that strays least from it."""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from .expr import Value
from .model import Choice, Scene, Story


class Step(NamedTuple):
    """A scene as it was reached (with the variables then), and the choice taken there."""

    scene: str
    values: dict[str, Value]
    choice: Choice | None


class RouteError(Exception):
    """The canonical route cannot be followed: the message says where and why."""

    def __init__(self, scene: Scene, message: str) -> None:
        super().__init__(message)
        self.scene = scene


def open_choices(scene: Scene, values: dict[str, Value]) -> list[Choice]:
    return [c for c in scene.choices if c.is_open(values)]


def canon_choice(scene: Scene, values: dict[str, Value]) -> Choice:
    """The film's choice here: the open one marked canon, or the only open one."""
    opened = open_choices(scene, values)
    marked = [c for c in opened if c.canon]
    if len(marked) == 1:
        return marked[0]
    if len(marked) > 1:
        ids = ", ".join(c.id for c in marked)
        raise RouteError(scene, f"scene {scene.id!r} has {len(marked)} open choices marked canon ({ids}); mark one")
    if len(opened) == 1:
        return opened[0]
    if not opened:
        raise RouteError(scene, f"the canonical route reaches scene {scene.id!r} and finds no open choice")
    ids = ", ".join(c.id for c in opened)
    raise RouteError(
        scene, f"the canonical route reaches scene {scene.id!r} with {len(opened)} open choices ({ids}) and none "
        "is marked 'canon: true'"
    )


def canonical_route(story: Story, start: str | None = None, values: dict[str, Value] | None = None) -> list[Step]:
    """Every step of the film's route from `start` (the story's start) to an ending."""
    scene_id = start or story.start
    values = dict(values) if values is not None else story.start_values()
    steps: list[Step] = []
    seen: set[tuple[str, tuple[tuple[str, Value], ...]]] = set()
    while True:
        scene = story.scenes[scene_id]
        key = (scene_id, tuple(sorted(values.items())))
        if key in seen:
            raise RouteError(scene, f"the canonical route comes back to scene {scene_id!r} unchanged: it loops forever")
        seen.add(key)
        if scene.ending:
            steps.append(Step(scene_id, values, None))
            return steps
        choice = canon_choice(scene, values)
        steps.append(Step(scene_id, values, choice))
        values = dict(values)
        choice.apply(values)
        scene_id = choice.target


def path_to_scene(story: Story, goal: str) -> list[Step] | None:
    """The way from the start to `goal` that takes the fewest non-canon choices (0-1 search)."""
    start_values = story.start_values()
    start_key = (story.start, tuple(sorted(start_values.items())))
    parent: dict[tuple, tuple[tuple, Choice] | None] = {start_key: None}
    cost = {start_key: 0}
    values_of = {start_key: start_values}
    queue: deque[tuple] = deque([start_key])
    found = None
    while queue:
        key = queue.popleft()
        scene = story.scenes[key[0]]
        if scene.id == goal:
            found = key
            break
        values = values_of[key]
        opened = open_choices(scene, values)
        canon_ids = set()
        try:
            canon_ids = {canon_choice(scene, values).id} if opened else set()
        except RouteError:
            pass
        for choice in opened:
            nv = dict(values)
            choice.apply(nv)
            nkey = (choice.target, tuple(sorted(nv.items())))
            step_cost = cost[key] + (0 if choice.id in canon_ids else 1)
            if nkey not in cost or step_cost < cost[nkey]:
                cost[nkey] = step_cost
                parent[nkey] = (key, choice)
                values_of[nkey] = nv
                (queue.appendleft if step_cost == cost[key] else queue.append)(nkey)
    if found is None:
        return None
    steps: list[Step] = [Step(found[0], values_of[found], None)]
    key = found
    while parent[key] is not None:
        prev, choice = parent[key]  # type: ignore[misc]
        steps.append(Step(prev[0], values_of[prev], choice))
        key = prev
    steps.reverse()
    return steps
