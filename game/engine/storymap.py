"""The story map: the film's route as a spine, the scenes a player has seen hanging off it, and where they left the film.

Nothing here shows what a player has not seen: a branch not taken is only counted, so are the film's
scenes not yet seen (a run of them one line), and an ending not reached shows its hint. The map is
pure data and lines of text; both front ends draw it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from .expr import Value
from .model import Scene, Story
from .route import RouteError, StateGraph, Step, canon_choice, canonical_route, open_choices, path_to_scene, replay
from .ways import first_path, is_decision

if TYPE_CHECKING:
    from .saves import Progress
    from .session import Session

#: Markers that carry the map's meaning without colour.
HERE, SEEN, DECISION, UNSEEN, ENDING, NOT_TAKEN = "▶", "●", "◆", "○", "■", "?"
LEGEND = f"{SEEN} seen   {DECISION} a decision you can go back to   {UNSEEN} not yet   {NOT_TAKEN} ways not taken"

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count(n: int, thing: str, things: str | None = None) -> str:
    """'one choice', 'three choices', '12 choices': numbers as a sentence says them."""
    word = NUMBERS[n] if n < len(NUMBERS) else str(n)
    return f"{word} {thing if n == 1 else things or thing + 's'}"


#: What the map calls a scene with no title, no place and no known way in: never its id.
A_SCENE = "a scene"


def scene_name(scene: Scene, way_in: str | None = None) -> str:
    """What a player sees a scene called: its short title, else its place, else the choice that
    led there (`way_in`, a label), else a neutral word. Never its id: that is the author's name."""
    name = scene.title or scene.place
    if name:
        return name
    return f"after “{way_in.strip()}”" if way_in and way_in.strip() else A_SCENE


def film_spine(story: Story) -> list[str]:
    """The scenes of the film's route, in order, each once."""
    out: dict[str, None] = {}
    for step in canonical_route(story):
        out.setdefault(step.scene, None)
    return list(out)


# ---- where you left the film ----------------------------------------------------------------
#: Words that start a name and read in lower case inside a sentence ("at your stairs at dawn").
LOWER_FIRST = ("The ", "A ", "An ", "Your ", "Her ", "His ", "Their ", "Our ", "My ")


def _at(scene: Scene) -> str:
    """'at the police station' from a title such as 'The police station'; '' for a scene with no
    title or place (the sentence then names the choice alone, never the scene's id)."""
    name = scene.title or scene.place
    if not name:
        return ""
    return "at " + (name[0].lower() + name[1:] if name.startswith(LOWER_FIRST) else name)


def where_you_left_the_film(story: Story, path: list[Step], spine: Iterable[str] | None = None,
                            replayed: int = 0) -> str:
    """One or two plain sentences: where this run left the film's route and by which choice, or
    that it followed the film, and how many choices of its own coloured it. `path` is the run's
    steps, oldest first, the last one the scene stood in (see `trail`); the first `replayed` were
    played for the player (an ending replay's way to its decision), so none of them is their own."""
    on_spine = set(spine if spine is not None else film_spine(story))
    own = given = 0  # choices off the film's: the player's own, and those a replay made for them
    left: int | None = None
    own_before_leaving = given_before_leaving = 0
    for i, step in enumerate(path):
        choice = step.choice
        if choice is None:
            continue
        scene = story.scenes[step.scene]
        try:
            canon = canon_choice(scene, step.values)
        except RouteError:
            canon = None
        strays = len(open_choices(scene, step.values)) > 1 and (canon is None or choice.trigger != canon.trigger)
        if choice.target not in on_spine and step.scene in on_spine:
            left, own_before_leaving, given_before_leaving = i, own, given
        elif choice.target in on_spine:
            left = None
        if i >= replayed:
            own += strays
        else:
            given += strays
    last = story.scenes[path[-1].scene] if path else story.scenes[story.start]
    ended = last.ending is not None
    if left is None:
        if last.id not in on_spine:
            # A trail that starts off the film's route (an old save): say only what is known.
            return f"This game is away from the film's route; {count(own, 'choice')} of your own coloured it."
        if ended:
            tail = ("taking the film's choice at every turn." if own == 0 else
                    f"with {count(own, 'choice')} of your own along the way.")
            return f"You followed the film to the end, {tail}"
        if own == 0:
            if given:
                return "So far you have followed the film since the replay set you here."
            return "So far you have followed the film, taking its choice at every turn."
        return f"So far you have followed the film, with {count(own, 'choice')} of your own along the way."
    step = path[left]
    scene = story.scenes[step.scene]
    chapter = story.chapter(scene.chapter)
    assert step.choice is not None
    label = step.choice.label.strip()
    stop = "" if label.endswith((".", "!", "?", "…")) else "."
    at = _at(scene)
    sentence = (f"You left the film in chapter {chapter.number}, {chapter.title}, {at + ', ' if at else ''}"
                f"when you chose “{label}”{stop}")
    if own_before_leaving == 0:
        if given_before_leaving:
            return sentence + " The replay had chosen the way there for you."
        return sentence + " Until then you had followed it choice for choice."
    return sentence + f" Before that, {count(own_before_leaving, 'choice')} of your own had coloured it."


# ---- the map --------------------------------------------------------------------------------
class MapLine(NamedTuple):
    """One line of the map as both front ends draw it."""

    #: 0 for the spine and headings; one more for each step off the film's route.
    depth: int
    #: The line's words, its marker first (it reads without colour).
    text: str
    #: "title", "sentence", "legend", "chapter", "spine", "unseen" (film's scenes not yet seen, counted), "branch",
    #: "not-taken", "endings", "ending", "locked".
    kind: str
    #: The scene this line stands for, if any.
    scene: str | None = None
    #: True for a decision the player has seen: choosing the line goes back there.
    can_return: bool = False
    #: True for the scene the player stands in.
    here: bool = False


class StoryMap(NamedTuple):
    """The map of one player's story: its lines, and the sentence on where they left the film."""

    lines: list[MapLine]
    sentence: str

    @property
    def decisions(self) -> list[MapLine]:
        """The lines a player can go back to, in the map's order."""
        return [line for line in self.lines if line.can_return]

    def text(self, width: int = 0, numbered: bool = False) -> str:
        """The map as plain text, for pipes and screen readers: wrapped at `width` (0: not at all),
        and with `numbered`, each decision followed by its number in `decisions`, from 1."""
        import textwrap

        out = []
        n = 0
        for line in self.lines:
            indent = "  " * line.depth
            words = line.text
            if numbered and line.can_return:
                n += 1
                words += f"  [{n}]"
            if width:
                out.append(textwrap.fill(words, width, initial_indent=indent, break_on_hyphens=False,
                                         subsequent_indent=indent + ("  " if line.depth else "")))
            else:
                out.append(indent + words)
        return "\n".join(out)


def _attach(story: Story, spine: list[str], seen: set[str]) -> dict[str, str]:
    """For each scene off the film's route, the scene it hangs from: a 0-1 search out from the
    spine that crosses as few unseen scenes as it can, so a seen scene hangs under seen ones."""
    on_spine = set(spine)
    cost = dict.fromkeys(spine, 0)
    parent: dict[str, str] = {}
    work = deque(spine)
    scenes = story.scenes
    while work:
        sid = work.popleft()
        here = cost[sid]
        for choice in scenes[sid].choices:
            target = choice.target
            if target in on_spine:
                continue
            step = here + (0 if target in seen else 1)
            if target not in cost or step < cost[target]:
                cost[target] = step
                parent[target] = sid
                (work.appendleft if step == here else work.append)(target)
    return parent


def build_map(
    story: Story,
    *,
    seen: Iterable[str],
    endings: Iterable[str],
    here: str | None = None,
    path: list[Step] | None = None,
    spine: list[str] | None = None,
    replayed: int = 0,
    stood: Iterable[Step] = (),
) -> StoryMap:
    """The map for a player who has seen `seen` and reached `endings`, standing at `here`, whose run
    so far is `path` (None when there is no game: no sentence then), its first `replayed` steps
    played for the player. `stood` are other states the player is known to have stood in (see
    `kept_states`): with `path`, they say which choices each scene offered this player."""
    scenes = story.scenes
    spine = spine if spine is not None else film_spine(story)
    seen_set = {s for s in seen if s in scenes}
    if here is not None:
        seen_set.add(here)
    parent = _attach(story, spine, seen_set)
    offered, way_in = _offered(story, [*stood, *(path or ())])
    on_spine = set(spine)
    could: dict[str, set[str]] | None = None  # what each scene opens in some reachable state, if asked

    def not_taken(sid: str) -> int:
        """The ways out of `sid` this player did not take and the map does not draw, where it was
        a decision: the choices open where they stood there; for a scene stood in only in a state not kept (or not at
        all), the choices open there in some reachable state."""
        nonlocal could
        targets = offered.get(sid)
        if targets is None:
            if could is None:
                could = _reachable_offers(story)
            targets = could.get(sid, set()) if could else {c.target for c in scenes[sid].choices}
        if len(targets) < 2:  # one way on is no choice: nothing there was passed over
            return 0
        return sum(1 for t in targets if t not in shown and t not in on_spine)
    children: dict[str, list[str]] = {}
    for sid in list(spine) + list(parent):
        kids: list[str] = []
        for choice in scenes[sid].choices:
            if parent.get(choice.target) == sid and choice.target not in kids:
                kids.append(choice.target)
        if kids:
            children[sid] = kids
    # A scene off the route is drawn when it was seen or leads to one that was (bottom up).
    shown: set[str] = set()
    for sid in reversed(_preorder(spine, children)):
        if sid in seen_set or any(k in shown for k in children.get(sid, ())):
            shown.add(sid)

    reached = [e for e in story.endings if e.id in set(endings)]
    sentence = where_you_left_the_film(story, path, spine, replayed) if path else ""
    lines = [MapLine(0, f"The story map · {story.title}", "title")]
    if sentence:
        lines.append(MapLine(0, sentence, "sentence"))
    lines.append(MapLine(0, LEGEND + f"   {HERE} you are here", "legend"))

    def node(sid: str, depth: int, spine_stop: bool) -> None:
        """A scene's line, then (depth first, without recursion: chains can be long) what hangs off it."""
        stack: list[tuple[str, int, bool, int]] = [(sid, depth, spine_stop, -1)]
        while stack:
            sid, depth, spine_stop, hidden = stack.pop()
            if hidden >= 0:
                lines.append(MapLine(depth, f"{NOT_TAKEN} {count(hidden, 'way')} not taken", "not-taken", sid))
                continue
            lines.append(line_for(sid, depth, spine_stop))
            kids = children.get(sid, [])
            # Ways out of a scene never stood in were not passed over (and would say where the film turns).
            hidden = not_taken(sid) if not scenes[sid].ending and sid in seen_set else 0
            if hidden:
                stack.append((sid, depth + 1, False, hidden))
            stack.extend((kid, depth + 1, False, -1) for kid in reversed(kids) if kid in shown)

    def not_yet_seen(n: int) -> MapLine:
        """One line for `n` scenes of the film's route in a row that the player has not seen (in figures:
        a chapter can hold 11, and 'ten' over '11' reads badly down a column)."""
        return MapLine(1, f"{UNSEEN} {n} scene{'' if n == 1 else 's'} not yet seen", "unseen")

    def line_for(sid: str, depth: int, spine_stop: bool) -> MapLine:
        scene = scenes[sid]
        is_seen = sid in seen_set
        ending = story.ending(scene.ending) if scene.ending else None
        at = sid == here
        can_return = is_seen and is_decision(scene) and ending is None and not at
        if ending is not None and is_seen:
            words = f"{ENDING} Ending: {ending.title}"
        elif not is_seen and spine_stop:
            return not_yet_seen(1)  # a seen way hangs from it: on a line of its own, so it hangs from the right one
        elif not is_seen:
            words = f"{NOT_TAKEN} a scene not seen"
        else:
            words = f"{DECISION if can_return else SEEN} {scene_name(scene, way_in.get(sid))}"
        if at:
            words = f"{HERE} {words[2:]}  (you are here)"
        return MapLine(depth, words, "spine" if spine_stop else "branch", sid, can_return, at)

    chapter_of: dict[str, list[str]] = {}
    for sid in spine:
        chapter_of.setdefault(scenes[sid].chapter, []).append(sid)
    for chapter in story.chapters:
        lines.append(MapLine(0, f"Chapter {chapter.number} · {chapter.title}", "chapter"))
        run = 0  # the film's scenes not yet seen, since the last line drawn: counted, never named
        for sid in chapter_of.get(chapter.id, []):
            if sid not in seen_set and not any(kid in shown for kid in children.get(sid, ())):
                run += 1
                continue
            if run:
                lines.append(not_yet_seen(run))
                run = 0
            node(sid, 1, True)
        if run:
            lines.append(not_yet_seen(run))

    lines.append(MapLine(0, f"Endings · {len(reached)} of {len(story.endings)} reached", "endings"))
    got = {e.id for e in reached}
    for ending in story.endings:
        if ending.id in got:
            lines.append(MapLine(1, f"{ENDING} {ending.title}" + ("  (the film's ending)" if ending.true_ending else ""),
                                 "ending", ending.scene))
        else:
            lines.append(MapLine(1, f"{NOT_TAKEN} {locked_label(ending.hint)}", "locked"))
    return StoryMap(lines, sentence)


def _offered(story: Story, stood: Iterable[Step]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """From states a player stood in: per scene, where the choices open there led (what it offered
    them), and per scene, the label of the first choice seen to lead there (a 'Continue' aside)."""
    offered: dict[str, set[str]] = {}
    way_in: dict[str, str] = {}
    scenes = story.scenes
    for step in stood:
        scene = scenes.get(step.scene)
        if scene is None:
            continue
        offered.setdefault(scene.id, set()).update(c.target for c in open_choices(scene, step.values))
        choice = step.choice
        if choice is not None and choice.id != "next":
            way_in.setdefault(choice.target, choice.label)
    return offered, way_in


#: Past this many states the map stops asking which choices some reachable state opens, and
#: counts the choices as written (a map must open at once, whatever the story).
REACHABLE_LIMIT = 50_000


def _reachable_offers(story: Story) -> dict[str, set[str]] | None:
    """Per scene, where the choices open there in some reachable state lead; None if the story has
    too many states to explore for a map."""
    graph = StateGraph(story, REACHABLE_LIMIT)
    if graph.truncated:
        return None
    out: dict[str, set[str]] = {}
    for n, sid in enumerate(graph.scene):
        out.setdefault(sid, set()).update(choice.target for choice, _ in graph.edges[n])
    return out


def kept_states(story: Story, paths: Mapping[str, list[str]]) -> list[Step]:
    """The states a player stood in on the way kept to each decision they have seen (see
    Progress.paths and ways.remember_decision), found by replaying those ways: each kept way
    starts at the decision before it, replayed once. A way this story can no longer play adds nothing."""
    at: dict[str, dict[str, Value] | None] = {}  # a decision -> its variables when first reached
    out: list[Step] = []
    for goal in paths:
        chain: list[str] = []
        sid = goal
        while sid and sid not in at and sid in paths and sid not in chain:
            chain.append(sid)
            sid = paths[sid][0]
        for decision in reversed(chain):
            anchor, *since = paths[decision]
            values = story.start_values() if not anchor else at.get(anchor)
            steps = replay(story, since, anchor or None, values) if values is not None else None
            if steps is None or steps[-1].scene != decision:
                at[decision] = None
                continue
            at[decision] = steps[-1].values
            out.extend(steps)  # (an anchor stands twice: once reached, once left by the way on)
    return out


def locked_label(hint: str) -> str:
    """How a locked ending is named: by its hint, never its title."""
    return f"Locked · {hint}" if hint else "Locked"


def _preorder(spine: list[str], children: dict[str, list[str]]) -> list[str]:
    """Every scene of the forest, each parent before its children (no recursion: chains can be long)."""
    out: list[str] = []
    stack = list(reversed(spine))
    while stack:
        sid = stack.pop()
        out.append(sid)
        stack.extend(reversed(children.get(sid, [])))
    return out


def trail(session: Session) -> list[Step]:
    """This run's kept steps, oldest first, and last the scene stood in (with no choice yet)."""
    return [*session.path, Step(session.scene_id, session.values, None)]


def left_the_film(session: Session) -> str:
    """Where the game being played left the film, and how many choices of the player's own coloured it."""
    path = trail(session)
    return where_you_left_the_film(session.story, path, replayed=len(path) - 1 - session.undo_depth)


def session_map(session: Session) -> StoryMap:
    """The map of the game being played: its progress, the scene stood in and this run's path."""
    progress = session.progress
    seen = set(session.visited) | (progress.seen if progress is not None else set())
    endings = progress.endings if progress is not None else []
    if session.ending is not None:
        endings = [*endings, session.ending.id]
    path = trail(session)
    stood = kept_states(session.story, progress.paths) if progress is not None else []
    return build_map(session.story, seen=seen, endings=endings, here=session.scene_id, path=path,
                     replayed=len(path) - 1 - session.undo_depth, stood=stood)


def progress_map(story: Story, progress: Progress) -> StoryMap:
    """The map with no game under way: what the games before have seen and reached."""
    return build_map(story, seen=progress.seen, endings=progress.endings, stood=kept_states(story, progress.paths))


# ---- going back ------------------------------------------------------------------------------
class NotADecision(LookupError):
    """The map was asked to go back to a scene the player cannot go back to; the message says why."""


def goes_back_in_this_run(session: Session, scene_id: str) -> bool:
    """Whether going back to `scene_id` is an undo within this run (the player's own choices)."""
    path = session.path
    return any(path[-back].scene == scene_id for back in range(1, session.undo_depth + 1))


def go_back_question(session: Session, scene_id: str) -> str:
    """What a front end asks before going back to a decision from a game under way (see
    `Game.under_way`): whether the choices since are undone, or the game is left for another."""
    name = scene_name(session.story.scenes[scene_id])
    if goes_back_in_this_run(session, scene_id):
        return f"Go back to “{name}”? The choices since are undone."
    return f"Leave this game for “{name}”? It stays in Load as the previous autosave."


def go_back(session: Session, scene_id: str) -> str:
    """Stand again at a decision the player has seen, the state rebuilt by replaying the choices
    that led there: this run's own (an undo), else the ones that first reached it, else the way
    that strays least from the film. Returns a line for the player; NotADecision if it cannot."""
    story = session.story
    scene = story.scenes.get(scene_id)
    progress = session.progress
    seen = set(session.visited) | (progress.seen if progress is not None else set())
    if scene is None or not is_decision(scene) or scene_id not in seen:
        raise NotADecision("That is not a decision you have seen.")
    at = _at(scene) or "at that decision"  # "at the dealer"
    path = session.path
    for back in range(1, session.undo_depth + 1):
        if path[-back].scene == scene_id:
            session.undo(back)
            return f"Back {at}, as you left it."
    steps = None
    if progress is not None:
        kept = [] if scene_id == story.start else first_path(progress, scene_id)
        steps = replay(story, kept) if kept is not None else None
    how = "the way you first came"
    if steps is None or steps[-1].scene != scene_id:
        steps, how = path_to_scene(story, scene_id), "the way closest to the film"
    if steps is None:
        raise NotADecision("That decision can no longer be reached in this version of the story.")
    session.play_for_player(steps)
    return f"Back {at}, replayed {how}."


# ---- the whole story, for authors --------------------------------------------------------------
class GraphNode(NamedTuple):
    """A scene as the graph draws it."""

    id: str
    label: str
    chapter: str
    film: bool
    ending: bool


class GraphEdge(NamedTuple):
    """A transition of the story's machine: a choice from one scene to another."""

    source: str
    dest: str
    label: str
    film: bool


def _quoted(text: str) -> str:
    """Text safe inside a mermaid label's quotes (entity codes, as mermaid reads them)."""
    return (text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("|", "#124;").replace("\n", " "))


def _dot_quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


class StoryGraph(NamedTuple):
    """Every scene (or one chapter's, and where they lead) and every transition between them."""

    story: Story
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    start: str

    def _chapters(self) -> list[tuple[str, str, list[GraphNode]]]:
        """(id, heading, nodes) per chapter, in the story's order."""
        out = []
        for chapter in self.story.chapters:
            nodes = [n for n in self.nodes if n.chapter == chapter.id]
            if nodes:
                out.append((chapter.id, f"Chapter {chapter.number}: {chapter.title}", nodes))
        return out

    def mermaid(self) -> str:
        """A mermaid flowchart: one subgraph per chapter (a flowchart, not a state diagram: mermaid's
        state diagrams cannot draw a transition between states inside two different groups)."""
        out = ["flowchart TD", '  start(["Start"])']
        for cid, heading, nodes in self._chapters():
            out.append(f'  subgraph c_{cid}["{_quoted(heading)}"]')
            out.append("    direction TB")
            for n in nodes:
                shape = ('(["', '"])') if n.ending else ('["', '"]')
                out.append(f"    s_{n.id}{shape[0]}{_quoted(n.label)}{shape[1]}")
            out.append("  end")
        out.append(f"  start ==> s_{self.start}")
        for e in self.edges:
            arrow = "==>" if e.film else "-->"
            out.append(f'  s_{e.source} {arrow}|"{_quoted(e.label)}"| s_{e.dest}')
        out.append("  classDef film stroke-width:3px")
        out.append("  classDef ending stroke-dasharray:4 2")
        for kind, ids in (("film", [n.id for n in self.nodes if n.film]),
                          ("ending", [n.id for n in self.nodes if n.ending])):
            if ids:
                out.append(f"  class {','.join('s_' + i for i in ids)} {kind}")
        return "\n".join(out) + "\n"

    def dot(self) -> str:
        """Graphviz dot, as text: a cluster per chapter, the film's route bold, endings doubled."""
        out = ["digraph story {", "  rankdir=TB;", '  node [shape=box, style=rounded];',
               '  start [label="Start", shape=circle];']
        for cid, heading, nodes in self._chapters():
            out.append(f"  subgraph cluster_{cid} {{")
            out.append(f'    label="{_dot_quoted(heading)}";')
            for n in nodes:
                extra = ", penwidth=3" if n.film else ""
                extra += ", peripheries=2" if n.ending else ""
                out.append(f'    "{n.id}" [label="{_dot_quoted(n.label)}"{extra}];')
            out.append("  }")
        out.append(f'  start -> "{self.start}" [penwidth=3];')
        for e in self.edges:
            extra = ", penwidth=3" if e.film else ""
            out.append(f'  "{e.source}" -> "{e.dest}" [label="{_dot_quoted(e.label)}"{extra}];')
        out.append("}")
        return "\n".join(out) + "\n"


def story_graph(story: Story, chapter: str | None = None) -> StoryGraph:
    """The story as its state machine holds it: the machine's states are the scenes and its
    transitions the choices, labelled from the story; `chapter` keeps one chapter's scenes and
    the scenes they lead to."""
    from .machine import story_machine

    machine = story_machine(story)
    route = canonical_route(story)
    film_scenes = {s.scene for s in route}
    film_moves = {(s.scene, s.choice.target) for s in route if s.choice is not None}
    labels: dict[tuple[str, str], list[str]] = {}
    for event in machine.events.values():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                dest = transition.dest or source
                choice = getattr(transition, "choice", None)  # the choice each transition plays
                if choice is not None:
                    found = [choice.label]
                else:  # a transition of the machine's own: every choice between the two scenes
                    found = [c.label for c in story.scenes[source].choices if c.target == dest]
                held = labels.setdefault((source, dest), [])
                held.extend(label for label in found if label not in held)
    keep = {sid for sid, s in story.scenes.items() if chapter is None or s.chapter == chapter}
    edges = [GraphEdge(src, dst, " / ".join(ls), (src, dst) in film_moves)
             for (src, dst), ls in labels.items() if src in keep]
    order = {sid: n for n, sid in enumerate(story.scenes)}
    edges.sort(key=lambda e: (order[e.source], order[e.dest]))
    wanted = keep | {e.dest for e in edges}
    nodes = []
    for state in machine.states:
        if state not in wanted:
            continue
        scene = story.scenes[state]
        label = scene.title or scene.place or scene.id  # for authors, the id is a name
        if scene.ending:
            ending = story.ending(scene.ending)
            label = f"Ending: {ending.title}" + (" (the film's ending)" if ending.true_ending else "")
        elif label != scene.id:
            label = f"{label} ({scene.id})"
        nodes.append(GraphNode(scene.id, label, scene.chapter, scene.id in film_scenes, scene.ending is not None))
    start = story.chapter(chapter).entry if chapter else story.start
    return StoryGraph(story, nodes, edges, start)
