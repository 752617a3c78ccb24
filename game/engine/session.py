"""The one facade every front end uses, in the spirit of ink's Story: read, choose, undo, save."""

from __future__ import annotations

from typing import Any, NamedTuple

from .expr import Value
from .machine import Stage, build_machine
from .model import Chapter, Choice, Ending, Scene, Story, render
from .route import RouteError, Step, canon_choice, canonical_route, ending_replay, open_choices
from .saves import AUTOSAVE, PREVIOUS_AUTOSAVES, Progress, SaveError, SaveStore, slot_file_name
from .ways import is_decision, remember_decision, replay

#: A save's history longer than this is not ours.
MAX_HISTORY = 100_000


class HistoryEntry(NamedTuple):
    """One scene as it was read, and the choice made there (None for the scene being read now)."""

    scene: str
    chapter: str
    place: str | None
    paragraphs: list[str]
    choice: str | None
    interlude: bool = False
    replayed: bool = False


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
        #: Show the gentle version of intense passages.
        self.gentle = gentle
        self.saves = saves
        self.progress = progress
        self.stage = Stage(story.start_values())
        self.machine = build_machine(story, self.stage)
        self._steps: list[Step] = []
        # The first `_replayed` steps were played for the player (a chapter jump, an ending replay).
        self._replayed = 0
        #: Scenes reached in this run.
        self.visited: set[str] = {story.start}
        #: One-line messages for the front end to show once (a save set aside, a resumed chapter).
        self.notices: list[str] = []
        #: True once the player has chosen or undone something in this run: only then is there
        #: anything for the autosave to keep. Starting, jumping or loading leaves it as it was.
        self.acted = False
        #: True when the autosave on disk is this run's (written by it, or the one it continues).
        #: Until then, the first autosave keeps the one there as "Previous autosave".
        self.owns_autosave = False

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
    def paragraphs(self) -> list[str]:
        """The current scene's text, with its conditions applied and gentle mode honoured."""
        return render(self.scene.text, self.stage.values, self.gentle)

    @property
    def choices(self) -> list[Choice]:
        """The choices open now, in the order the author wrote them; asked of the machine."""
        stage = self.stage
        return [c for c in self.scene.choices if getattr(stage, f"may_{c.trigger}")()]

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
        raise KeyError(f"no open choice {choice_id!r} in scene {self.scene_id!r}; open: {ids}")

    def _take(self, choice: Choice) -> Scene:
        before = dict(self.stage.values)
        getattr(self.stage, choice.trigger)()
        self._steps.append(Step(choice.scene, before, choice))
        self.visited.add(self.scene_id)
        self.acted = True
        self._record()
        self.autosave()
        return self.scene

    def _record(self) -> None:
        """Keep what the player has now seen (and the ending, at one) in the progress file."""
        if self.progress is not None:
            self.progress.record(self.visited, self.scene.ending)
            if self.scene_id not in self.progress.paths and is_decision(self.scene):
                remember_decision(self.progress, self.story, [*self.path, Step(self.scene_id, self.values, None)])

    # ---- undo and history -------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return len(self._steps) > self._replayed

    def undo(self, steps: int = 1) -> int:
        """Go back `steps` choices (as far as this run's own choices go); returns how many."""
        n = min(steps, len(self._steps) - self._replayed)
        if n <= 0:
            return 0
        target = self._steps[-n]
        del self._steps[-n:]
        self._set(target.scene, target.values)
        self.acted = True
        self.autosave()
        return n

    def _set(self, scene_id: str, values: dict[str, Value]) -> None:
        self.stage.values.clear()
        self.stage.values.update(values)
        self.machine.set_state(scene_id, model=self.stage)
        self.visited.add(scene_id)

    @property
    def history(self) -> list[HistoryEntry]:
        """Everything read and chosen in this run, oldest first, ending with the scene being read."""
        out = []
        for n, step in enumerate(self._steps):
            scene = self.story.scenes[step.scene]
            out.append(HistoryEntry(
                scene.id, scene.chapter, scene.place, render(scene.text, step.values, self.gentle),
                step.choice.label if step.choice else None, scene.interlude, n < self._replayed,
            ))
        scene = self.scene
        out.append(HistoryEntry(scene.id, scene.chapter, scene.place, self.paragraphs, None, scene.interlude))
        return out

    @property
    def choice_ids(self) -> list[str]:
        """The choices taken so far, by their ids in the story (not by position)."""
        return [s.choice.trigger for s in self._steps if s.choice]

    @property
    def path(self) -> list[Step]:
        """This run's steps, oldest first (those played for the player too): each a scene, the
        variables there and the choice taken. The last one led to the scene being read."""
        return list(self._steps)

    @property
    def undo_depth(self) -> int:
        """How many choices undo can take back (this run's own, not those played for the player)."""
        return len(self._steps) - self._replayed

    def play_for_player(self, steps: list[Step]) -> None:
        """Stand where `steps` (from the start) lead, as a chapter jump does: for the story map."""
        self._play_for_player(steps)

    # ---- jumps ------------------------------------------------------------------------
    def restart(self) -> None:
        """A new game from the first scene (the autosave changes with the first choice)."""
        self._steps.clear()
        self._replayed = 0
        self._set(self.story.start, self.story.start_values())
        self.visited = {self.story.start}
        self.acted = False
        self.owns_autosave = False

    def _play_for_player(self, steps: list[Step]) -> None:
        """Stand where `steps` lead, as if the player had taken them; undo stops there. Only the
        scene stood in counts as seen: the ones played for the player were not read."""
        self._steps = [s for s in steps[:-1]]
        self._replayed = len(self._steps)
        last = steps[-1]
        self._set(last.scene, last.values)
        self.visited = {last.scene}
        self.acted = False
        self.owns_autosave = False
        self._record()

    def start_chapter(self, key: str | int) -> Chapter:
        """Start at a chapter's entry, the state rebuilt by playing the film's route up to it."""
        chapter = self.story.chapter(key)
        route = canonical_route(self.story)
        cut = next((i for i, s in enumerate(route) if s.scene == chapter.entry), None)
        if cut is None:  # the checker makes this impossible for a checked story
            raise KeyError(f"the film's route never reaches chapter {chapter.id!r}; 'ballerina check' says why")
        self._play_for_player(route[: cut + 1])
        return chapter

    def replay_ending(self, key: str | None = None) -> Ending:
        """Stand at the decision that leads to an ending (the true ending by default)."""
        ending = self.story.ending(key) if key else self.story.true_ending
        found = ending_replay(self.story, ending.scene)
        if found is None:  # the checker makes this impossible for a checked story
            raise KeyError(f"the ending {ending.id!r} cannot be reached")
        path, decision = found
        self._play_for_player(path[: decision + 1])
        return ending

    # ---- saves ------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """This run as save data: runtime state only, choices by id."""
        return {
            "story_version": self.story.version,
            "chapter": self.chapter.id,
            "scene": self.scene_id,
            "variables": dict(self.stage.values),
            "history": self.choice_ids,
            "replayed": self._replayed,
        }

    def autosave(self) -> bool:
        """Write the autosave; a failure becomes a notice (and False), never an error. The first
        one of a new run keeps the autosave of the game before as "Previous autosave"."""
        if self.saves is None:
            return False
        try:
            if not self.owns_autosave:
                kept = self.saves.keep_previous_autosave(self._finished)
                if kept:
                    self.notices.append(kept)
                self.owns_autosave = True
            self.saves.write(AUTOSAVE, self.snapshot())
        except (OSError, ValueError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            self.notices.append(f"The autosave could not be written ({reason}).")
            return False
        return True

    def _finished(self, data: dict[str, Any]) -> bool:
        """Whether save data stands at one of this story's endings (a game with nothing left)."""
        scene = self.story.scenes.get(data.get("scene"))  # type: ignore[arg-type]
        return scene is not None and scene.ending is not None

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
        if self.saves is None:
            return False
        if not self.saves.exists(name):
            self.notices.append(f"There is no save called {name!r}.")
            return False
        try:
            self.restore(self.saves.read(name))
        except SaveError as e:
            self.notices.append(self.saves.set_aside(name, e))
            return False
        # Continuing the autosave's game: its next autosave replaces it. A loaded slot becomes
        # the game in progress at once (Continue goes on from it), keeping the autosave there
        # if it held another game not yet finished.
        self.owns_autosave = name == AUTOSAVE
        if not self.owns_autosave:
            self.autosave()
        return True

    def restore(self, data: dict[str, Any]) -> None:
        """Resume from save data. SaveError (nothing changed) if it does not fit this story."""
        story = self.story
        scene_id, values, history = data.get("scene"), data.get("variables"), data.get("history")
        replayed = data.get("replayed", 0)
        if not isinstance(scene_id, str) or not isinstance(values, dict) or not isinstance(history, list):
            raise SaveError("it is missing its scene, variables or history")
        if len(history) > MAX_HISTORY or not all(isinstance(h, str) for h in history):
            raise SaveError("its history is not a list of choices")
        if not isinstance(replayed, int) or isinstance(replayed, bool) or replayed < 0:
            replayed = 0
        clean = story.start_values()
        for name, value in values.items():
            var = story.variables.get(name)
            if var is None:
                continue  # a variable this version of the story no longer has
            kind = var.type.kind
            ok = {"number": type(value) is int, "flag": type(value) is bool, "text": type(value) is str}[kind]
            if not ok or (var.type.values and value not in var.type.values):
                raise SaveError(f"its variable {name!r} holds {value!r}, which this story cannot have")
            clean[name] = value

        # Best case: replay the choices by id, so undo and history work as before.
        steps = self._replay(history)
        if steps is not None and steps[-1].scene == scene_id and steps[-1].values == clean:
            self._steps = steps[:-1]
            self._replayed = min(replayed, len(self._steps))
            self._set(scene_id, clean)
            self.visited = {s.scene for s in steps[self._replayed:]}  # not the ones played for the player
            self.acted = False
            return
        scene = story.scenes.get(scene_id)
        # Variables set by hand, or by another version of the story, may leave no choice open:
        # such a scene is as good as gone.
        if scene is not None and (scene.ending or open_choices(scene, clean)):
            self._steps, self._replayed = [], 0
            self._set(scene_id, clean)
            self.visited = {scene_id}
            self.acted = False
            if data.get("story_version") != story.version:
                self.notices.append("This save comes from another version of the story; undo starts from here.")
            return
        chapter = data.get("chapter")
        try:
            target = story.chapter(chapter) if isinstance(chapter, str) else story.chapters[0]
        except KeyError:
            target = story.chapters[0]
        self.start_chapter(target.id)
        self.notices.append(
            f"The scene this save was made in is no longer in the story as it was, so you resume at the start "
            f"of chapter {target.number}, {target.title}."
        )

    def _replay(self, history: list[str]) -> list[Step] | None:
        return replay(self.story, history)
