"""The story as one finite-state machine: scenes are states, choices are conditional transitions."""

from __future__ import annotations

from typing import Any

from transitions import Machine

from .expr import Value
from .loader import gc_paused
from .model import Choice, Story


class Stage:
    """The machine's one model: which scene we are in (`state`) and the story's variables.

    A plain object on purpose: transitions attaches `is_<scene>`, `may_<choice>` and a
    trigger per choice to it, names that would clash on a UI object.
    """

    state: str

    def __init__(self, values: dict[str, Value]) -> None:
        self.values = values


def _condition(choice: Choice, stage: Stage) -> Any:
    cond = choice.condition
    assert cond is not None
    evaluate = cond.evaluate
    return lambda: bool(evaluate(stage.values))


def _effects(choice: Choice, stage: Stage) -> Any:
    return lambda: choice.apply(stage.values)


def build_machine(story: Story, stage: Stage) -> Machine:
    """One Machine over the whole story; linear in the number of scenes and choices."""
    with gc_paused():
        return _machine(story, stage)


def _machine(story: Story, stage: Stage) -> Machine:
    transitions = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            spec: dict[str, Any] = {"trigger": choice.trigger, "source": scene.id, "dest": choice.target}
            if choice.condition is not None:
                spec["conditions"] = [_condition(choice, stage)]
            if choice.effects:
                spec["before"] = [_effects(choice, stage)]
            transitions.append(spec)
    return Machine(
        model=stage,
        states=list(story.scenes),
        transitions=transitions,
        initial=story.start,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        send_event=False,
    )
