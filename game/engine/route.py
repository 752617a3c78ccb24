"""Routes through the story: its states, the film's route, and the way to any scene that strays least from it.

A state is a scene and the variables that can still change which choices open from there on
(`live_variables`): two states that differ only in other variables play the same from then on.
The checker, the film's route and the search for an ending all use that one key, so a counter
nothing reads can never make one of them run for ever.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from .expr import Value
from .model import Choice, Scene, Story

StateKey = tuple[object, ...]

#: Past this many distinct states a story cannot be explored (the checker says so and why).
MAX_STATES = 250_000


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


def live_variables(story: Story) -> dict[str, tuple[str, ...]]:
    """For each scene, the variables whose value can still change which choices open later.

    Worked out once per story (a fixed point over the scenes, backwards along the choices).
    """
    if story.live is not None:
        return story.live
    preds: dict[str, list[str]] = {sid: [] for sid in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.target in preds:
                preds[choice.target].append(scene.id)
    live: dict[str, frozenset[str]] = {sid: frozenset() for sid in story.scenes}
    work = deque(story.scenes)
    queued = set(story.scenes)
    while work:
        sid = work.popleft()
        queued.discard(sid)
        now: set[str] = set()
        for choice in story.scenes[sid].choices:
            if choice.condition is not None:
                now |= choice.condition.reads
            after = set(live.get(choice.target, ()))
            for effect in reversed(choice.effects):
                if effect.target in after:
                    after.discard(effect.target)
                    after |= effect.reads
            now |= after
        if now != live[sid]:
            live[sid] = frozenset(now)
            for p in preds[sid]:
                if p not in queued:
                    queued.add(p)
                    work.append(p)
    story.live = {sid: tuple(sorted(vs)) for sid, vs in live.items()}
    return story.live


def state_key(story: Story, scene_id: str, values: dict[str, Value]) -> StateKey:
    """What tells two states apart: the scene, and the variables still live there."""
    return (scene_id, *(values[n] for n in live_variables(story)[scene_id]))


class StateGraph:
    """Every (scene, live variables) state reachable from the start, and the choices between them."""

    def __init__(self, story: Story, limit: int) -> None:
        self.story = story
        #: State index -> its scene, the variables it was first reached with, and its way out.
        self.scene: list[str] = []
        self.values: list[dict[str, Value]] = []
        self.edges: list[list[tuple[Choice, int]]] = []
        self.index: dict[StateKey, int] = {}
        #: True when exploring stopped at `limit` states.
        self.truncated = False
        self._explore(limit)

    def _explore(self, limit: int) -> None:
        scenes = self.story.scenes
        live = live_variables(self.story)
        index, scene_of, values_of, edges = self.index, self.scene, self.values, self.edges

        def intern(scene_id: str, values: dict[str, Value]) -> int:
            # state_key, inlined: this runs once for every choice in every state.
            key = (scene_id, *[values[n] for n in live[scene_id]])
            n = index.get(key)
            if n is None:
                n = index[key] = len(scene_of)
                scene_of.append(scene_id)
                values_of.append(values)
                edges.append([])
            return n

        intern(self.story.start, self.story.start_values())
        i = 0
        while i < len(scene_of):
            if len(scene_of) > limit:
                self.truncated = True
                return
            scene, values = scenes[scene_of[i]], values_of[i]
            if not scene.ending:
                out = edges[i]
                for choice in scene.choices:
                    # The machine's transitions play a choice through these same two functions.
                    if choice.is_open(values):
                        if choice.effects:
                            nv = dict(values)
                            choice.apply(nv)
                        else:
                            nv = values
                        out.append((choice, intern(choice.target, nv)))
            i += 1

    def can_reach(self, goals: set[int]) -> list[bool]:
        """For each state, whether some way from it leads to one of `goals`."""
        back: list[list[int]] = [[] for _ in self.scene]
        for src, outs in enumerate(self.edges):
            for _, dst in outs:
                back[dst].append(src)
        ok = [False] * len(self.scene)
        work = deque(goals)
        for n in goals:
            ok[n] = True
        while work:
            n = work.popleft()
            for p in back[n]:
                if not ok[p]:
                    ok[p] = True
                    work.append(p)
        return ok


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


def canonical_route(story: Story) -> list[Step]:
    """Every step of the film's route from the start to an ending."""
    scene_id = story.start
    values = story.start_values()
    steps: list[Step] = []
    seen: set[StateKey] = set()
    while True:
        scene = story.scenes[scene_id]
        key = state_key(story, scene_id, values)
        if key in seen:
            raise RouteError(scene, f"the canonical route comes back to scene {scene_id!r} with nothing changed that "
                             "matters, so it loops for ever; mark another choice 'canon: true' on the way")
        seen.add(key)
        if scene.ending:
            steps.append(Step(scene_id, values, None))
            return steps
        choice = canon_choice(scene, values)
        steps.append(Step(scene_id, values, choice))
        values = dict(values)
        choice.apply(values)
        scene_id = choice.target


def path_to_scene(story: Story, goal: str, graph: StateGraph | None = None) -> list[Step] | None:
    """A way from the start to the scene `goal` that strays least from the film: it follows the
    film's route for as long as `goal` can still be reached from it, then takes the fewest
    choices off the film's route (a 0-1 search over the states)."""
    graph = graph or StateGraph(story, MAX_STATES)
    goals = {n for n, sid in enumerate(graph.scene) if sid == goal}
    if not goals:
        return None
    reach = graph.can_reach(goals)
    here = 0  # the start
    taken: list[Choice] = []
    seen = {here}
    while graph.scene[here] != goal:
        try:
            canon = canon_choice(story.scenes[graph.scene[here]], graph.values[here])
        except RouteError:
            break
        nxt = next((dst for choice, dst in graph.edges[here] if choice is canon), None)
        if nxt is None or not reach[nxt] or nxt in seen:
            break
        taken.append(canon)
        seen.add(nxt)
        here = nxt
    taken.extend(_fewest_strays(story, graph, here, goals, reach))
    # Every choice taken is open where it is taken, so the replay goes all the way (with every
    # variable as it really is: the graph keeps only the first values of each state).
    return replay(story, [c.trigger for c in taken])


def _fewest_strays(story: Story, graph: StateGraph, start: int, goals: set[int], reach: list[bool]) -> list[Choice]:
    """The choices from state `start` to one of `goals` with the fewest off the film's route."""
    cost = {start: 0}
    parent: dict[int, tuple[int, Choice]] = {}
    queue = deque([start])
    found = start
    while queue:
        n = queue.popleft()
        if n in goals:
            found = n
            break
        try:
            canon: Choice | None = canon_choice(story.scenes[graph.scene[n]], graph.values[n])
        except RouteError:
            canon = None
        for choice, dst in graph.edges[n]:
            if not reach[dst]:
                continue
            step = cost[n] + (0 if choice is canon else 1)
            if dst not in cost or step < cost[dst]:
                cost[dst] = step
                parent[dst] = (n, choice)
                (queue.appendleft if step == cost[n] else queue.append)(dst)
    out: list[Choice] = []
    while found != start:
        found, choice = parent[found]
        out.append(choice)
    out.reverse()
    return out


def replay(story: Story, triggers: list[str], scene_id: str | None = None,
           values: dict[str, Value] | None = None) -> list[Step] | None:
    """The steps these choices make from a scene and its variables (the start by default), the
    last one where they lead; None for a scene the story lacks, or once a choice is not open."""
    values = story.start_values() if values is None else values
    scene = story.scenes.get(story.start if scene_id is None else scene_id)
    if scene is None:
        return None
    steps: list[Step] = []
    for trigger in triggers:
        choice = next((c for c in open_choices(scene, values) if c.trigger == trigger), None)
        if choice is None:
            return None
        steps.append(Step(scene.id, values, choice))
        values = dict(values)
        choice.apply(values)
        scene = story.scenes[choice.target]
    steps.append(Step(scene.id, values, None))
    return steps


def ending_replay(story: Story, goal: str) -> tuple[list[Step], int] | None:
    """The way to the scene `goal` (see path_to_scene) and where on it the player decided on it:
    the last step where another open choice could still have ended the story elsewhere. Steps
    after it only lead to `goal` whatever is chosen (0 when the goal was never avoidable)."""
    graph = StateGraph(story, MAX_STATES)
    path = path_to_scene(story, goal, graph)
    if path is None:
        return None
    elsewhere = graph.can_reach({n for n, sid in enumerate(graph.scene) if story.scenes[sid].ending and sid != goal})
    decision = 0
    for i, step in enumerate(path[:-1]):
        here = graph.index[state_key(story, step.scene, step.values)]
        if any(elsewhere[dst] for choice, dst in graph.edges[here] if choice is not step.choice):
            decision = i
    return path, decision
