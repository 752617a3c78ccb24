"""Story-wide checks: reachability, dead ends, traps and the canonical route, over the real state space."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .expr import Value
from .loader import gc_paused
from .model import Story, all_passages, render
from .route import RouteError, Step, canonical_route
from .yamlfile import Problem

#: Past this many distinct states the checker stops and says why, rather than run for ever.
MAX_STATES = 250_000


@dataclass
class CheckResult:
    """What the checker found, and the numbers `check --stats` prints."""

    problems: list[Problem] = field(default_factory=list)
    states: int = 0
    route: list[Step] | None = None


def live_variables(story: Story) -> dict[str, tuple[str, ...]]:
    """For each scene, the variables whose value can still change which choices open later.

    Two states that differ only in other variables behave the same from that scene on, so
    the explorer treats them as one: chapter-local flags stop multiplying the states once
    nothing reads them any more.
    """
    preds: dict[str, list[str]] = {sid: [] for sid in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            preds[choice.target].append(scene.id)
    live: dict[str, frozenset[str]] = {sid: frozenset() for sid in story.scenes}
    work = deque(story.scenes)
    queued = set(story.scenes)
    while work:
        sid = work.popleft()
        queued.discard(sid)
        scene = story.scenes[sid]
        now: set[str] = set()
        for choice in scene.choices:
            if choice.condition is not None:
                now |= choice.condition.reads
            after = set(live[choice.target])
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
    return {sid: tuple(sorted(vs)) for sid, vs in live.items()}


def _show(values: dict[str, Value], names: tuple[str, ...]) -> str:
    if not names:
        return ""
    return " (with " + ", ".join(f"{n} = {values[n]!r}".replace("'", '"') for n in names) + ")"


def check_story(story: Story) -> CheckResult:
    """Explore every reachable (scene, variables) state and report what a player could trip on."""
    with gc_paused():
        return _check_story(story)


def _check_story(story: Story) -> CheckResult:
    result = CheckResult()
    problems = result.problems
    scenes = story.scenes
    live = live_variables(story)

    start_values = story.start_values()
    keys: dict[tuple, int] = {}
    state_scene: list[str] = []
    state_values: list[dict[str, Value]] = []
    edges: list[list[int]] = []

    def intern(sid: str, values: dict[str, Value]) -> int:
        key = (sid, *(values[n] for n in live[sid]))
        index = keys.get(key)
        if index is None:
            index = len(state_scene)
            keys[key] = index
            state_scene.append(sid)
            state_values.append(values)
            edges.append([])
        return index

    intern(story.start, start_values)
    dead_ends: set[str] = set()
    i = 0
    too_many = False
    while i < len(state_scene):
        if len(state_scene) > MAX_STATES:
            too_many = True
            break
        sid, values = state_scene[i], state_values[i]
        scene = scenes[sid]
        if not scene.ending:
            out = edges[i]
            for choice in scene.choices:
                if choice.condition is None or choice.condition.evaluate(values):
                    if choice.effects:
                        nv = dict(values)
                        choice.apply(nv)
                    else:
                        nv = values
                    out.append(intern(choice.target, nv))
            if not out and sid not in dead_ends:
                dead_ends.add(sid)
                problems.append(Problem(
                    scene.file, scene.line, 1,
                    f"dead end: scene {sid!r} can be reached{_show(values, live[sid])} when none of its choices "
                    "is open; add a choice without a condition, or loosen one",
                ))
        i += 1
    result.states = len(state_scene)
    if too_many:
        problems.append(Problem(
            scenes[story.start].file, 1, 1,
            f"the story has more than {MAX_STATES:,} distinct states, so it cannot be checked; a number that grows "
            "in a loop (say 'x += 1' on a way back) needs a condition that caps it",
        ))
        return result

    reached = set(state_scene)
    for sid, scene in scenes.items():
        if sid not in reached:
            what = f"the ending {scene.ending!r}" if scene.ending else "it"
            problems.append(Problem(
                scene.file, scene.line, 1,
                f"scene {sid!r} can never be reached, so {what} is never seen; lead a choice to it or remove it",
            ))

    # Traps: states from which no ending can be reached (a loop without a way out).
    back: list[list[int]] = [[] for _ in state_scene]
    for src, outs in enumerate(edges):
        for dst in outs:
            back[dst].append(src)
    can_end = [False] * len(state_scene)
    # Dead ends are reported already; counting them as ends keeps the report to the cause.
    work = deque(n for n, sid in enumerate(state_scene) if scenes[sid].ending or not edges[n])
    for n in work:
        can_end[n] = True
    while work:
        n = work.popleft()
        for p in back[n]:
            if not can_end[p]:
                can_end[p] = True
                work.append(p)
    trapped: set[str] = set()
    for n, ok in enumerate(can_end):
        sid = state_scene[n]
        if not ok and edges[n] and sid not in trapped:
            trapped.add(sid)
            scene = scenes[sid]
            problems.append(Problem(
                scene.file, scene.line, 1,
                f"no way out: from scene {sid!r}{_show(state_values[n], live[sid])} the choices only loop and "
                "never reach an ending; give the loop an exit",
            ))

    try:
        route = canonical_route(story)
    except RouteError as e:
        problems.append(Problem(e.scene.file, e.scene.line, 1, str(e)))
    else:
        result.route = route
        last = scenes[route[-1].scene]
        if last.ending != story.true_ending.id:
            problems.append(Problem(
                last.file, last.line, 1,
                f"the canonical route ends at {last.ending!r}, not at the true ending {story.true_ending.id!r}; "
                "check the 'canon: true' choices on the way",
            ))
        visited = [s.scene for s in route]
        position = 0
        for chapter in story.chapters:
            try:
                position = visited.index(chapter.entry, position)
            except ValueError:
                problems.append(Problem(
                    chapter.file, 1, 1,
                    f"the canonical route never passes chapter {chapter.id!r}'s entry {chapter.entry!r} after the "
                    "chapters before it; lead the previous chapter's canon choices there",
                ))
    return result


@dataclass
class ChapterStats:
    """The numbers for one chapter."""

    id: str
    scenes: int = 0
    choices: int = 0
    words: int = 0
    canon_words: int = 0


@dataclass
class Stats:
    """The numbers `ballerina check --stats` prints, like `inklecate -s`."""

    scenes: int
    choices: int
    endings: int
    words: int
    canon_words: int
    states: int
    chapters: list[ChapterStats]


def _words(text: str) -> int:
    return len(text.split())


def story_stats(story: Story, result: CheckResult) -> Stats:
    per = {c.id: ChapterStats(c.id) for c in story.chapters}
    for scene in story.scenes.values():
        cs = per[scene.chapter]
        cs.scenes += 1
        cs.choices += len(scene.choices)
        cs.words += sum(_words(p.text) for p in all_passages(scene.text))
    for step in result.route or []:
        scene = story.scenes[step.scene]
        per[scene.chapter].canon_words += sum(_words(p) for p in render(scene.text, step.values))
    chapters = list(per.values())
    return Stats(
        scenes=len(story.scenes),
        choices=sum(c.choices for c in chapters),
        endings=len(story.endings),
        words=sum(c.words for c in chapters),
        canon_words=sum(c.canon_words for c in chapters),
        states=result.states,
        chapters=chapters,
    )
