"""Story-wide checks: reachability, dead ends, traps and the canonical route, over the real state space."""

from __future__ import annotations

from dataclasses import dataclass, field

from .expr import Value
from .memory import gc_paused
from .model import Story, all_passages, render
from .problems import Problem
from .route import MAX_STATES, RouteError, StateGraph, Step, canonical_route, live_variables


@dataclass
class CheckResult:
    """What the checker found, and the numbers `check --stats` prints."""

    problems: list[Problem] = field(default_factory=list)
    states: int = 0
    route: list[Step] | None = None


def _show(values: dict[str, Value], names: tuple[str, ...]) -> str:
    """' (with x = 1, seen = true)': the values that made a state, in the story's own words."""
    if not names:
        return ""
    return " (with " + ", ".join(f"{n} = {_word(values[n])}" for n in names) + ")"


def _word(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def check_story(story: Story) -> CheckResult:
    """Explore every reachable (scene, variables) state and report what a player could trip on."""
    with gc_paused():
        return _check_story(story)


def _check_story(story: Story) -> CheckResult:
    result = CheckResult()
    problems = result.problems
    scenes = story.scenes
    live = live_variables(story)
    graph = StateGraph(story, MAX_STATES)
    result.states = len(graph.scene)
    if graph.truncated:
        problems.append(Problem(
            scenes[story.start].file, 1, 1,
            f"the story has more than {MAX_STATES:,} distinct states, so it cannot be checked; a number that keeps "
            "growing (say 'x += 1' on a way back) needs a condition that caps it",
        ))
        return result

    dead_ends: set[str] = set()
    for n, sid in enumerate(graph.scene):
        scene = scenes[sid]
        if not scene.ending and not graph.edges[n] and sid not in dead_ends:
            dead_ends.add(sid)
            problems.append(Problem(
                scene.file, scene.line, scene.col,
                f"dead end: scene {sid!r} can be reached{_show(graph.values[n], live[sid])} when none of its choices "
                "is open; add a choice without a condition, or loosen one",
            ))

    reached = set(graph.scene)
    for sid, scene in scenes.items():
        if sid not in reached:
            what = f"the ending {scene.ending!r}" if scene.ending else "it"
            problems.append(Problem(
                scene.file, scene.line, scene.col,
                f"scene {sid!r} can never be reached, so {what} is never seen; lead a choice to it or remove it",
            ))

    # Traps: states from which no ending can be reached (a loop without a way out). Dead ends are
    # reported already; counting them as ends keeps the report to the cause.
    can_end = graph.can_reach({n for n, sid in enumerate(graph.scene) if scenes[sid].ending or not graph.edges[n]})
    trapped: set[str] = set()
    for n, ok in enumerate(can_end):
        sid = graph.scene[n]
        if not ok and sid not in trapped:
            trapped.add(sid)
            scene = scenes[sid]
            problems.append(Problem(
                scene.file, scene.line, scene.col,
                f"no way out: from scene {sid!r}{_show(graph.values[n], live[sid])} the choices only loop and "
                "never reach an ending; give the loop an exit",
            ))

    try:
        route = canonical_route(story)
    except RouteError as e:
        problems.append(Problem(e.scene.file, e.scene.line, e.scene.col, str(e)))
    else:
        result.route = route
        last = scenes[route[-1].scene]
        if last.ending != story.true_ending.id:
            problems.append(Problem(
                last.file, last.line, last.col,
                f"the canonical route ends at {last.ending!r}, not at the true ending {story.true_ending.id!r}; "
                "check the 'canon: true' choices on the way",
            ))
        visited = [s.scene for s in route]
        position = 0
        for chapter in story.chapters:
            try:
                position = visited.index(chapter.entry, position)
            except ValueError:
                entry = scenes[chapter.entry]
                problems.append(Problem(
                    entry.file, entry.line, entry.col,
                    f"the canonical route never passes the entry of chapter {chapter.id!r} ({chapter.entry!r}) "
                    "after the chapters before it; lead the previous chapter's canon choices there",
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
