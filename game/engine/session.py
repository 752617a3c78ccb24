"""The one facade every front end uses, in the spirit of ink's Story: read, choose, undo, save."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any, NamedTuple

from .expr import Value
from .machine import HISTORY_LIMIT, Stage
from .model import Chapter, Choice, Ending, NotReached, Scene, Story, UnknownChoice, render
from .route import RouteError, Step, canon_choice, canonical_route, ending_replay, open_choices, replay
from .saves import AUTOSAVE, MAX_HISTORY, PREVIOUS_AUTOSAVES, Progress, SaveError, SaveStore, play_seconds, slot_file_name
from .ways import is_decision, remember_decision


class HistoryEntry(NamedTuple):
    """One scene as it was read, and the choice made there (None for the scene being read now)."""

    scene: str
    chapter: str
    place: str | None
    paragraphs: list[str]
    choice: str | None
    interlude: bool = False
    replayed: bool = False


class Place(NamedTuple):
    """Where a run would stand, worked out without standing there (`Session.stand` goes): the
    steps behind it, the first `replayed` of them played for the player (None: all of them), the
    step stood at, the play time the run starts from, and what to tell the player then."""

    behind: list[Step]
    at: Step
    replayed: int | None = None
    seconds: float = 0.0
    notice: str | None = None


class Session:
    """A playthrough of a story: its text, its open choices, and everything done so far."""

    def __init__(
        self,
        story: Story,
        *,
        gentle: bool = False,
        saves: SaveStore | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.story = story
        self._played_before = 0.0  # seconds of play that a loaded save brought with it
        self._playing_since = time.monotonic()
        #: Show the gentle version of intense passages.
        self.gentle = gentle
        self.saves = saves
        self.progress = progress
        #: The machine's model: the scene, the variables, and the steps, visits and chapter crossed
        #: that the machine's callbacks keep.
        self.stage = Stage(story, story.start_values(), progress)
        self.stage.visited.add(story.start)
        # The story's machine is shared: this playthrough leaves it when the session is discarded.
        weakref.finalize(self, self.stage.release)
        #: One-line messages for the front end to show once (a save set aside, a resumed chapter).
        self.notices: list[str] = []
        #: Told "moved" after each choice or undo the player makes, and "began" when the session
        #: stands somewhere anew (a new game, a jump, a replayed ending, a loaded save): the
        #: autosave policy (opening.Game) listens, so the session holds none.
        self.listeners: list[Callable[[str], None]] = []

    # ---- reading ----------------------------------------------------------------------
    @property
    def scene_id(self) -> str:
        return self.stage.state

    @property
    def scene(self) -> Scene:
        return self.story.scenes[self.stage.state]

    @property
    def chapter(self) -> Chapter:
        return self.story.chapter(self.scene.chapter)

    @property
    def values(self) -> dict[str, Value]:
        """The story's variables now (a copy)."""
        return dict(self.stage.values)

    @property
    def visited(self) -> set[str]:
        """Scenes reached in this run (the ones played for the player by a jump are not)."""
        return self.stage.visited

    @property
    def entered(self) -> Chapter | None:
        """The chapter the last choice crossed into (None if it stayed in its chapter)."""
        return self.stage.entered

    @property
    def paragraphs(self) -> list[str]:
        """The current scene's text, with its conditions applied and gentle mode honoured."""
        return render(self.scene.text, self.stage.values, self.gentle)

    @property
    def choices(self) -> list[Choice]:
        """The choices open now, in the order the author wrote them; asked of the machine."""
        may = self.stage.may_choose
        return [c for c in self.scene.choices if may(c)]

    @property
    def ending(self) -> Ending | None:
        """The ending reached, once the current scene is one."""
        eid = self.scene.ending
        return self.story.ending(eid) if eid else None

    @property
    def canon_index(self) -> int | None:
        """Which of `choices` is the film's route, if the story says."""
        try:
            canon = canon_choice(self.scene, self.stage.values)
        except RouteError:
            return None
        return next((i for i, c in enumerate(self.choices) if c.id == canon.id), None)

    # ---- choosing ---------------------------------------------------------------------
    def choose(self, index: int) -> Scene:
        """Take the open choice at `index` (0-based) and move to its scene."""
        opened = self.choices
        if not 0 <= index < len(opened):
            raise IndexError(f"there are {len(opened)} choices here; {index + 1} is not one of them")
        return self._take(opened[index])

    def choose_id(self, choice_id: str) -> Scene:
        """Take the open choice with this id (its id in the scene, e.g. 'next' or the target)."""
        for choice in self.choices:
            if choice.id == choice_id or choice.trigger == choice_id:
                return self._take(choice)
        ids = ", ".join(c.id for c in self.choices) or "none"
        raise UnknownChoice(f"no open choice {choice_id!r} in scene {self.scene_id!r}; open: {ids}")

    def _take(self, choice: Choice) -> Scene:
        # The machine plays it: condition, effects, and (in its callbacks) the step, the visit,
        # the chapter crossed and the progress.
        self.stage.choose(choice)
        self._tell("moved")
        return self.scene

    def _tell(self, what: str) -> None:
        self._remember_decision()
        for listener in self.listeners:
            listener(what)

    def _remember_decision(self) -> None:
        """The first time a decision scene is reached, keep the choices that led to it in the
        progress (the story map goes back to it by them)."""
        progress = self.progress
        if progress is not None and self.scene_id not in progress.paths and is_decision(self.scene):
            remember_decision(progress, self.story, [*self.path, Step(self.scene_id, self.values, None)])

    # ---- undo and history -------------------------------------------------------------
    @property
    def path(self) -> list[Step]:
        """The steps of this run that are kept (at most HISTORY_LIMIT, oldest first): each a scene,
        the variables there, and the choice taken. The last one led to the scene being read."""
        return list(self.stage.steps)

    @property
    def undo_depth(self) -> int:
        """How many choices undo can take back (this run's own, not those played for the player)."""
        return len(self.stage.steps) - self.stage.replayed

    @property
    def can_undo(self) -> bool:
        return self.undo_depth > 0

    def undo(self, steps: int = 1) -> int:
        """Go back `steps` choices (as far as this run's own, kept choices go); returns how many."""
        kept = self.stage.steps
        n = min(steps, self.undo_depth)
        if n <= 0:
            return 0
        for _ in range(n - 1):
            kept.pop()
        target = kept.pop()
        self._set(target.scene, target.values)
        self._tell("moved")
        return n

    def _set(self, scene_id: str, values: dict[str, Value]) -> None:
        self.stage.stand(scene_id, values)
        self.stage.visited.add(scene_id)

    @property
    def history(self) -> list[HistoryEntry]:
        """What was read and chosen in this run (its last HISTORY_LIMIT choices), oldest first,
        ending with the scene being read."""
        out = []
        replayed = self.stage.replayed
        for n, step in enumerate(self.stage.steps):
            scene = self.story.scenes[step.scene]
            out.append(HistoryEntry(
                scene.id, scene.chapter, scene.place, render(scene.text, step.values, self.gentle),
                step.choice.label if step.choice else None, scene.interlude, n < replayed,
            ))
        scene = self.scene
        out.append(HistoryEntry(scene.id, scene.chapter, scene.place, self.paragraphs, None, scene.interlude))
        return out

    @property
    def choice_ids(self) -> list[str]:
        """The kept choices taken so far, by their ids in the story (not by position)."""
        return [s.choice.trigger for s in self.stage.steps if s.choice]

    # ---- jumps ------------------------------------------------------------------------
    @property
    def play_seconds(self) -> float:
        """How long this game has been played: in this run, and in the runs its save came from."""
        return self._played_before + time.monotonic() - self._playing_since

    def _clock_from(self, seconds: float) -> None:
        self._played_before, self._playing_since = seconds, time.monotonic()

    def restart(self) -> None:
        """A new game from the first scene (the autosave changes with the first choice)."""
        self.stand(Place([], Step(self.story.start, self.story.start_values(), None)))

    def _stand_after(self, steps: list[Step], last: Step, replayed: int | None = None) -> None:
        """Stand at `last`, with `steps` (the kept part of them) behind it; the first `replayed`
        of them were played for the player (all by default). Only the rest, and `last`, count as
        seen."""
        stage = self.stage
        kept = steps[-HISTORY_LIMIT:]
        stage.steps.clear()
        stage.steps.extend(kept)
        cut = len(steps) - len(kept)
        stage.replayed = len(kept) if replayed is None else min(len(kept), max(0, replayed - cut))
        stage.stand(last.scene, last.values)
        stage.visited = {s.scene for s in kept[stage.replayed:]} | {last.scene}
        self._tell("began")

    def play_for_player(self, steps: list[Step]) -> None:
        """Stand where `steps` (from the start) lead, as if the player had taken them, in the same
        game (its play time goes on): the story map's way back to a decision. Undo stops there."""
        self.stand(Place(steps[:-1], steps[-1], seconds=self.play_seconds))

    def start_chapter(self, key: str | int) -> Chapter:
        """Start at a chapter's entry, the state rebuilt by playing the film's route up to it."""
        chapter = self.story.chapter(key)
        self.stand(self.place_of_chapter(chapter.id))
        return chapter

    def place_of_chapter(self, key: str | int) -> Place:
        """Where a jump to a chapter stands (see start_chapter), changing nothing."""
        chapter = self.story.chapter(key)
        route = canonical_route(self.story)
        cut = next((i for i, s in enumerate(route) if s.scene == chapter.entry), None)
        if cut is None:  # the checker makes this impossible for a checked story
            raise NotReached(f"the film's route never reaches chapter {chapter.id!r}; 'ballerina check' says why")
        return Place(route[:cut], route[cut])

    def replay_ending(self, key: str | None = None) -> Ending:
        """Stand at the decision that leads to an ending (the true ending by default)."""
        ending, place = self.place_of_ending(key)
        self.stand(place)
        return ending

    def place_of_ending(self, key: str | None = None) -> tuple[Ending, Place]:
        """An ending (the true one by default) and the decision that leads to it, where a replay
        stands (see replay_ending), changing nothing."""
        ending = self.story.ending(key) if key else self.story.true_ending
        found = ending_replay(self.story, ending.scene)
        if found is None:  # the checker makes this impossible for a checked story
            raise NotReached(f"the ending {ending.id!r} cannot be reached")
        path, decision = found
        return ending, Place(path[:decision], path[decision])

    def stand(self, place: Place) -> None:
        """Stand where a place says, as a new run from there: its play time, undo back to its first
        step, and the scene stood in counted as seen (an ending stood in is not counted reached:
        a save may stand there, made by hand or by another version of the story)."""
        self._clock_from(place.seconds)
        self._stand_after(place.behind, place.at, place.replayed)
        if self.progress is not None:
            self.progress.record({self.scene_id})
        if place.notice:
            self.notices.append(place.notice)

    # ---- saves ------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """This run as save data: runtime state only, the same size at any depth. Where the player
        stands, and the kept steps as the state they start from and the choices taken, by id."""
        stage = self.stage
        first = stage.steps[0] if stage.steps else Step(stage.state, stage.values, None)
        return {
            "story_version": self.story.version,
            "chapter": self.chapter.id,
            "scene": stage.state,
            "variables": dict(stage.values),
            "from": {"scene": first.scene, "variables": dict(first.values)},
            "history": self.choice_ids,
            "replayed": stage.replayed,
            "play_seconds": int(self.play_seconds),
        }

    def save(self, name: str) -> None:
        """Save to a named slot; ValueError for a name that cannot be a slot."""
        if self.saves is None:
            raise ValueError("this session has no save folder")
        if name.strip().casefold() == AUTOSAVE:
            raise ValueError("that name is kept for the autosave")
        if slot_file_name(name) in {slot_file_name(kept) for kept in PREVIOUS_AUTOSAVES}:
            raise ValueError("that name is kept for the autosaves of the games before")
        self.saves.write(name, self.snapshot())

    def load(self, name: str = AUTOSAVE) -> bool:
        """Resume a slot. An unusable save is set aside with a notice, and this run goes on."""
        place = self.place_of_save(name)
        if place is not None:
            self.stand(place)
        return place is not None

    def place_of_save(self, name: str, *, going_on: str = "the game goes on") -> Place | None:
        """Where a slot resumes, this run unchanged; None, with a notice, if there is no such save
        or it cannot be used here: then it is set aside (the notice ends saying `going_on`)."""
        if self.saves is None:
            return None
        if not self.saves.exists(name):
            self.notices.append(f"There is no save called {name!r}.")
            return None
        try:
            return self.place_of(self.saves.read(name))
        except SaveError as e:
            self.notices.append(self.saves.set_aside(name, e, going_on=going_on))
            return None

    def restore(self, data: dict[str, Any]) -> None:
        """Resume from save data. SaveError (nothing changed) if it does not fit this story."""
        self.stand(self.place_of(data))

    def place_of(self, data: dict[str, Any]) -> Place:
        """Where save data resumes, changing nothing; SaveError if it does not fit this story.

        A save of format 2 holds the kept steps from the state in its "from"; one of format 1 held
        every choice from the start of the story: it is played through once and kept as format 2
        from then on.
        """
        story = self.story
        scene_id, values, history = data.get("scene"), data.get("variables"), data.get("history")
        replayed = data.get("replayed", 0)
        if not isinstance(scene_id, str) or not isinstance(values, dict) or not isinstance(history, list):
            raise SaveError("it is missing its scene, variables or history")
        if len(history) > MAX_HISTORY or not all(isinstance(h, str) for h in history):
            raise SaveError("its history is not a list of choices")
        if not isinstance(replayed, int) or isinstance(replayed, bool) or replayed < 0:
            replayed = 0
        clean = self._variables(values)
        seconds = play_seconds(data.get("play_seconds"))

        # Best case: replay the kept choices by id, so undo and history work as before.
        start = data.get("from")
        steps = None
        if start is None:  # format 1: from the start of the story
            steps = replay(story, history)
        elif isinstance(start, dict) and isinstance(start.get("scene"), str) and isinstance(start.get("variables"), dict):
            try:
                steps = replay(story, history, start["scene"], self._variables(start["variables"]))
            except SaveError:
                steps = None
        if steps is not None and steps[-1].scene == scene_id and steps[-1].values == clean:
            return Place(steps[:-1], steps[-1], replayed, seconds)
        scene = story.scenes.get(scene_id)
        # Variables set by hand, or by another version of the story, may leave no choice open:
        # such a scene is as good as gone.
        if scene is not None and (scene.ending or open_choices(scene, clean)):
            other = data.get("story_version") != story.version
            return Place([], Step(scene_id, clean, None), None, seconds,
                         "This save comes from another version of the story; undo starts from here." if other else None)
        chapter = data.get("chapter")
        try:
            target = story.chapter(chapter) if isinstance(chapter, str) else story.chapters[0]
        except KeyError:
            target = story.chapters[0]
        behind, at, *_ = self.place_of_chapter(target.id)
        return Place(behind, at, None, seconds,
                     f"The scene this save was made in is no longer in the story as it was, so you resume at the start "
                     f"of chapter {target.number}, {target.title}.")

    def _variables(self, values: dict[str, Any]) -> dict[str, Value]:
        """Saved variables over the story's starting values; SaveError for a value it cannot hold."""
        clean = self.story.start_values()
        for name, value in values.items():
            var = self.story.variables.get(name)
            if var is None:
                continue  # a variable this version of the story no longer has
            kind = var.type.kind
            ok = {"number": type(value) is int, "flag": type(value) is bool, "text": type(value) is str}[kind]
            if not ok or (var.type.values and value not in var.type.values):
                raise SaveError(f"its variable {name!r} holds {value!r}, which this story cannot have")
            clean[name] = value
        return clean
