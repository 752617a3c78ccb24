"""The validated story: chapters, scenes, choices, endings and variables, as plain data.

Records are NamedTuples, not dataclasses: each dataclass costs about a millisecond to create at
import, and the plain front end's start-up goal (tests/benchmark.py) cannot spare twenty of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from .expr import Effect, Expr, Value, VarType


class Passage(NamedTuple):
    """A paragraph; when it is intense, `gentle` says the same thing without showing it."""

    text: str
    gentle: str | None = None


class Branch(NamedTuple):
    """Paragraphs shown only when a condition holds, and others shown when it does not."""

    condition: Expr
    then: tuple[Passage | Branch, ...]
    otherwise: tuple[Passage | Branch, ...] = ()


Item = Passage | Branch


def render(items: tuple[Item, ...], values: Mapping[str, Value], gentle: bool = False) -> list[str]:
    """The paragraphs a reader sees, with conditions applied and gentle mode honoured."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Passage):
            out.append(item.gentle if gentle and item.gentle is not None else item.text)
        else:
            out.extend(render(item.then if item.condition.evaluate(values) else item.otherwise, values, gentle))
    return out


def all_passages(items: tuple[Item, ...]) -> list[Passage]:
    """Every passage, whatever the conditions: for word counts and checks."""
    out: list[Passage] = []
    for item in items:
        if isinstance(item, Passage):
            out.append(item)
        else:
            out.extend(all_passages(item.then))
            out.extend(all_passages(item.otherwise))
    return out


class Choice(NamedTuple):
    """A choice: what the player reads, where it leads, when it is open and what it changes."""

    scene: str
    id: str
    label: str
    target: str
    condition: Expr | None = None
    effects: tuple[Effect, ...] = ()
    canon: bool = False
    #: Where its target is written (line, column), for the checker's messages.
    target_at: tuple[int, int] = (0, 0)

    @property
    def trigger(self) -> str:
        """The choice's name in a save's history and a kept way ("scene.id"), unique in the story.
        (No transition is named so: every choice plays through the machine's one `choose` event.)"""
        return f"{self.scene}.{self.id}"

    def is_open(self, values: Mapping[str, Value]) -> bool:
        return self.condition is None or bool(self.condition.evaluate(values))

    def apply(self, values: dict[str, Value]) -> None:
        for effect in self.effects:
            effect.apply(values)


class Scene(NamedTuple):
    """One scene: its text, and either its choices or the ending it is."""

    id: str
    chapter: str
    text: tuple[Item, ...]
    choices: tuple[Choice, ...] = ()
    place: str | None = None
    ending: str | None = None
    interlude: bool = False
    title: str | None = None
    file: str = ""
    line: int = 0
    col: int = 0


class Chapter(NamedTuple):
    """A chapter: its place in the order, title, entry scene and the themes it holds."""

    id: str
    number: int
    title: str
    blurb: str
    entry: str
    themes: tuple[str, ...]
    file: str = ""


class Ending(NamedTuple):
    """An ending the player can reach; one of them is the film's."""

    id: str
    title: str
    true_ending: bool = False
    scene: str = ""
    hint: str = ""


class Variable(NamedTuple):
    """A declared story variable: its type and the value every new game starts with."""

    name: str
    type: VarType
    start: Value


class HelpLine(NamedTuple):
    """A crisis line from the content note."""

    where: str
    line: str


class ContentNote(NamedTuple):
    """What the story holds, said before any story text, with the help lines."""

    text: str
    help: tuple[HelpLine, ...]


class NotInStory(KeyError):
    """A chapter or an ending asked for by a name the story does not have; the message, for the
    player, says what there is. (A KeyError, as these lookups raised before, so a LookupError.)"""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownChapter(NotInStory):
    """No chapter has that id or number."""


class UnknownEnding(NotInStory):
    """No ending has that id."""


class UnknownChoice(NotInStory):
    """No open choice here has that id."""


class NotReached(NotInStory):
    """A chapter or an ending that no way through the story reaches (the check says why)."""


class Story:
    """The whole story, validated: everything a machine and a session need."""

    __slots__ = ("title", "version", "credits", "content_note", "themes", "chapters", "endings", "variables",
                 "scenes", "root", "live", "machine", "_chapter_by_id", "_ending_by_id")

    def __init__(
        self,
        *,
        title: str,
        version: str,
        credits: tuple[str, ...],
        content_note: ContentNote,
        themes: dict[str, str],
        chapters: tuple[Chapter, ...],
        endings: tuple[Ending, ...],
        variables: dict[str, Variable],
        scenes: dict[str, Scene],
        root: Path | None = None,
    ) -> None:
        self.title = title
        self.version = version
        self.credits = credits
        self.content_note = content_note
        #: Theme id -> how a chapter note names it.
        self.themes = themes
        self.chapters = chapters
        self.endings = endings
        self.variables = variables
        #: Every scene by id, in the order the files were read.
        self.scenes = scenes
        #: The folder the story was read from.
        self.root = root
        #: For each scene, the variables that still decide which choices open (route.live_variables).
        self.live: dict[str, tuple[str, ...]] | None = None
        #: The story's state machine, built when it is first played (machine.story_machine).
        self.machine: object | None = None
        self._chapter_by_id = {c.id: c for c in chapters}
        self._ending_by_id = {e.id: e for e in endings}

    def __repr__(self) -> str:
        return f"<Story {self.title!r} {self.version}: {len(self.scenes)} scenes>"

    @property
    def start(self) -> str:
        """The first scene of a new game: the first chapter's entry."""
        return self.chapters[0].entry

    @property
    def true_ending(self) -> Ending:
        return next(e for e in self.endings if e.true_ending)

    def chapter(self, key: str | int) -> Chapter:
        """A chapter by id or by number (1-based); UnknownChapter names the choices."""
        if isinstance(key, int) or (key.isascii() and key.isdigit() and len(key) < 6):
            n = int(key)
            if 1 <= n <= len(self.chapters):
                return self.chapters[n - 1]
        elif key in self._chapter_by_id:
            return self._chapter_by_id[key]
        names = ", ".join(c.id for c in self.chapters)
        raise UnknownChapter(f"there is no chapter {key!r}; the chapters are {names} (or 1 to {len(self.chapters)})")

    def ending(self, key: str) -> Ending:
        if key in self._ending_by_id:
            return self._ending_by_id[key]
        names = ", ".join(e.id for e in self.endings)
        raise UnknownEnding(f"there is no ending {key!r}; the endings are {names}")

    def start_values(self) -> dict[str, Value]:
        return {name: v.start for name, v in self.variables.items()}
