"""The story as one finite-state machine: scenes are states, and one verb, `choose`, plays every choice.

transitions keeps an event's transitions keyed by their source state, so an event shared by every
scene costs only the few choices of the scene it is asked in, however long the story; an event per
choice made every `may_<choice>` scan all of them (STYLE.md). A transition's condition and effects
are its choice's own (`Choice.is_open`, `Choice.apply`): the checker and the routes walk the story
through those same two functions. The machine's callbacks keep the bookkeeping every front end
needs: the steps taken (for undo and history), the scenes visited, the chapter crossed into, and
the player's progress.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING, Any

from transitions import Machine, Transition

from .expr import Value
from .memory import gc_paused
from .model import Chapter, Choice, Story
from .route import Step

if TYPE_CHECKING:
    from .saves import Progress

#: transitions' EventData, as its callbacks receive it (its stubs type the model and transition loosely).
Event = Any

#: How many steps back undo and the history reach; saves keep as many. Ren'Py's rollback keeps 128 too.
HISTORY_LIMIT = 128


class ChoiceTransition(Transition):
    """A transition that knows the choice it plays."""

    def __init__(self, source: str, dest: str, conditions: Any = None, unless: Any = None, before: Any = None,
                 after: Any = None, prepare: Any = None, choice: Choice | None = None) -> None:
        super().__init__(source, dest, conditions, unless, before, after, prepare)
        #: The choice this transition plays.
        self.choice = choice


def _is_open(event: Event) -> bool:
    """The condition of every transition: this is the choice asked for, and it is open now."""
    choice = event.transition.choice
    return event.args[0] is choice and choice.is_open(event.model.values)


def _apply(event: Event) -> None:
    """The effects of a transition whose choice has some."""
    event.transition.choice.apply(event.model.values)


class StoryMachine(Machine):
    """One machine per story, shared by every playthrough of it (each one a `Stage` model)."""

    transition_cls = ChoiceTransition

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        """Bind nothing per scene. transitions would offer each model `is_<scene>` and look for
        `on_enter_<scene>`/`on_exit_<scene>` methods on it, scene by scene: with model_override a
        Stage declares none of them, so the only effect was a new playthrough costing time in
        proportion to the story (15 ms at 5,000 scenes). This overrides a private hook (transitions
        0.9's core.Machine.add_model calls it per state; upstream knows add_model as slow, e.g.
        pytransitions/transitions#434, and offers no public switch): test_machine.py fails if
        transitions stops calling it, so an upgrade cannot bring the cost back unseen."""


class _NoOverrideNotes(logging.Filter):
    """model_override makes transitions log each name it leaves unbound (`trigger`, `may_trigger`)
    on every add_model: that is what it is asked to do, so those lines are dropped. Installed once
    here, rather than the logger's level changed around each playthrough (which is not thread-safe
    and would hide transitions' other warnings meanwhile)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "model override policy" not in str(record.msg)


logging.getLogger("transitions.core").addFilter(_NoOverrideNotes())


class Stage:
    """The machine's model for one playthrough: the scene (`state`), the variables, and what the
    machine's callbacks keep of the run.

    A plain object on purpose, and `model_override`: transitions binds only the methods declared
    here (`choose`, `may_choose`), never `is_<scene>` or anything that could clash with a UI object.
    """

    state: str

    def __init__(self, story: Story, values: dict[str, Value], progress: Progress | None = None) -> None:
        self.story = story
        self.values = values
        #: The steps taken, oldest first: at most HISTORY_LIMIT of them.
        self.steps: deque[Step] = deque(maxlen=HISTORY_LIMIT)
        #: The first `replayed` of `steps` were played for the player (a chapter jump, an ending replay).
        self.replayed = 0
        #: Scenes reached in this run.
        self.visited: set[str] = set()
        #: The chapter the last choice crossed into, if it crossed one.
        self.entered: Chapter | None = None
        #: Where scenes seen and endings reached are kept between runs (None: nowhere).
        self.progress = progress
        story_machine(story).add_model(self, initial=story.start)

    def release(self) -> None:
        """Leave the story's shared machine (a playthrough that is over): its list of models would
        otherwise keep every Stage ever played, and add_model looks through that list."""
        machine = self.story.machine
        if isinstance(machine, StoryMachine) and self in machine.models:
            machine.remove_model(self)

    def choose(self, choice: Choice) -> bool:
        """Play `choice` from the current scene (bound by the machine)."""
        raise NotImplementedError("bound by the machine")

    def may_choose(self, choice: Choice) -> bool:
        """Whether `choice` can be played now (bound by the machine)."""
        raise NotImplementedError("bound by the machine")

    # ---- the machine's callbacks ------------------------------------------------------
    def leave(self, event: Event) -> None:
        """Before the choice's effects: keep the step as it was taken, for undo and history."""
        steps = self.steps
        if len(steps) == steps.maxlen and self.replayed:
            self.replayed -= 1
        steps.append(Step(self.state, dict(self.values), event.args[0]))

    def arrive(self, event: Event) -> None:
        """In the new scene: count it as visited, note a chapter crossed, keep the progress."""
        story = self.story
        scene = story.scenes[self.state]
        self.visited.add(scene.id)
        before = story.scenes[event.transition.source].chapter
        self.entered = story.chapter(scene.chapter) if scene.chapter != before else None
        if self.progress is not None:
            self.progress.record({scene.id}, scene.ending)

    # ---- moves the player did not choose ----------------------------------------------
    def stand(self, scene_id: str, values: dict[str, Value]) -> None:
        """Stand in a scene with these variables, without playing a choice (undo, a jump, a load)."""
        self.values.clear()
        self.values.update(values)
        self.state = scene_id
        self.entered = None


def story_machine(story: Story) -> StoryMachine:
    """The story's machine, built on first use; linear in the number of scenes and choices."""
    machine = story.machine
    if not isinstance(machine, StoryMachine):
        with gc_paused():
            machine = story.machine = _build(story)
    return machine


def _build(story: Story) -> StoryMachine:
    transitions = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            spec: dict[str, Any] = {"trigger": "choose", "source": scene.id, "dest": choice.target,
                                    "conditions": _is_open, "choice": choice}
            if choice.effects:
                spec["before"] = _apply
            transitions.append(spec)
    return StoryMachine(
        model=None,
        states=list(story.scenes),
        transitions=transitions,
        initial=story.start,
        auto_transitions=False,  # a transition from every scene to every scene: seconds and hundreds of MB
        ignore_invalid_triggers=False,
        send_event=True,
        model_override=True,
        before_state_change="leave",
        after_state_change="arrive",
    )
