"""One way to open a game, for both front ends: the player's files, the session, where play
starts, and when the autosave is written (the policy the session no longer holds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .model import Chapter, Ending, Story
from .route import Step
from .saves import AUTOSAVE, Progress, SaveStore, Settings, data_dir, story_folder
from .session import Place, Session
from .sources import default_scenes_dir


@dataclass(frozen=True)
class WayIn:
    """A way into the story, worked out but not yet taken (see `Game.way_in`). A front end may
    show `note` first, where the player can still turn back, then `Game.take` goes in."""

    kind: Literal["new", "chapter", "ending", "save"]
    #: The chapter whose note comes before the first scene: the one play stands in at the start
    #: of (a new game, a jump, a save made at a chapter's first scene) or is replayed in. None:
    #: straight into the scene, as a save in the middle of a chapter is.
    note: Chapter | None
    #: Where play will stand.
    place: Place
    #: The ending replayed, or the save resumed.
    ending: Ending | None = None
    slot: str | None = None

    @property
    def news(self) -> str | None:
        """What to tell the player once in (news, not a warning), if anything."""
        if self.ending is not None:
            return f"Replaying “{self.ending.title}” from the decision that leads to it."
        if self.slot is not None and self.slot != AUTOSAVE:
            return f"Loaded “{self.slot}”."
        return None


class Game:
    """A story opened for one player: settings, progress, saves and the session over them, and
    the autosave policy. Front ends play through `session` and open, continue, load and leave
    through this."""

    def __init__(self, story: Story, *, gentle: bool = False, data_root: Path | None = None,
                 writes_after: Callable[[Callable[[], object]], object] | None = None) -> None:
        root = data_root if data_root is not None else data_dir()
        self.story = story
        self.settings = Settings(root)
        folder = story_folder(story.root, default_scenes_dir(), root)
        self.progress = Progress(folder)
        self.saves = SaveStore(folder / "saves")
        #: --gentle on the command line: gentle mode for this run whatever the settings say.
        self.gentle_forced = gentle
        self.session = Session(story, gentle=gentle or self.settings["gentle"], saves=self.saves,
                               progress=self.progress)
        self.session.listeners.append(self._heard)
        #: True once the player has chosen or undone something in this run: only then is there
        #: anything for the autosave to keep. Starting, jumping or loading leaves it as it was.
        self.acted = False
        #: True when the autosave on disk is this run's (written by it, or the one it continues).
        #: Until then, the first autosave keeps the one there as "Previous autosave".
        self.owns_autosave = False
        #: How a front end has the disk writes of a move made later (the TUI: once the frame that
        #: paints the new scene is drawn, so no choice waits on the disk); None: at once.
        self.writes_after = writes_after
        self.progress.held = writes_after is not None
        #: The autosave a move owes, as the game stood then, until `write` writes it.
        self._owed: dict[str, Any] | None = None
        #: Why the last autosave could not be written (None: it was, or none was tried).
        self.autosave_failed: str | None = None
        self._write_asked = False

    @property
    def under_way(self) -> bool:
        """A game the player has moved in and not finished: leaving it for another asks first."""
        return self.acted and self.session.ending is None

    @property
    def messages(self) -> list[str]:
        """What went wrong reading the settings and progress files (each already set aside)."""
        return [m for m in (self.settings.message, self.progress.message) if m]

    def _heard(self, what: str) -> None:
        if what == "moved":  # a choice or an undo: the game in progress changed
            self.acted = True
            self._owed = self.session.snapshot()
        else:  # a new run: the autosave is not its own until it writes one
            if self._owed is not None:  # the last move of the game before comes first
                self.autosave(self._owed)
                self._owed = None
            self.acted = False
            self.owns_autosave = False
        if self.writes_after is None:
            self.write()
        elif not self._write_asked:
            self._write_asked = True
            self.writes_after(self.write)

    def write(self) -> None:
        """Write what the moves since the last write owe: the progress, and the autosave as the
        game stood after the last of them."""
        self._write_asked = False
        self.progress.flush()
        if self._owed is not None:
            owed, self._owed = self._owed, None
            self.autosave(owed)

    # ---- ways in ----------------------------------------------------------------------
    def way_in(self, *, chapter: str | int | None = None, ending: str | None = None,
               slot: str | None = None) -> WayIn | None:
        """Work out a way in, this run unchanged: a chapter to jump to, an ending to replay (its
        id, or "" for the true ending), a save to resume, or else a new game. None, with a
        notice, if the save is not there or cannot be used here (then it is set aside).
        UnknownChapter or UnknownEnding for a key the story does not have."""
        session, story = self.session, self.story
        if chapter is not None:
            jump = story.chapter(chapter)
            return WayIn("chapter", jump, session.place_of_chapter(jump.id))
        if ending is not None:
            replayed, place = session.place_of_ending(ending or None)
            return WayIn("ending", self._chapter_of(place), place, ending=replayed)
        if slot is None:
            return self._new_game()
        if slot == AUTOSAVE and not self.saves.exists(AUTOSAVE):
            session.notices.append("There is no autosave yet: start a new game, or pick a chapter.")
            return None
        return self._save_way(slot)

    def way_asked(self, *, chapter: str | None = None, ending: str | None = None, resume: bool = False) -> WayIn | None:
        """The way in the command line asks for: a chapter, an ending, or (--continue) the
        autosave's game, a new game with a notice if there is none to go on from. None if it
        asks for none of them (a front end opens on its title, or a new game)."""
        if not resume:
            return None if chapter is None and ending is None else self.way_in(chapter=chapter, ending=ending)
        if not self.saves.exists(AUTOSAVE):
            self.session.notices.append("There is no autosave to continue: a new game begins.")
            return self._new_game()
        return self._save_way(AUTOSAVE, going_on="a new game begins") or self._new_game()

    def take(self, way: WayIn) -> None:
        """Go in: stand where the way leads. A new game, a jump or a replay leaves the autosave as
        it was until the player chooses; a resumed slot becomes the game in progress at once
        (Continue goes on from it), keeping the autosave there if it held another game not yet
        finished."""
        self.session.stand(way.place)
        if way.slot is not None:
            self.owns_autosave = way.slot == AUTOSAVE
            if not self.owns_autosave:
                self.autosave()

    def _new_game(self) -> WayIn:
        story = self.story
        return WayIn("new", story.chapters[0], Place([], Step(story.start, story.start_values(), None)))

    def _save_way(self, slot: str, going_on: str = "the game goes on") -> WayIn | None:
        """A save's way in: its chapter's note first if it stands at the chapter's first scene.
        None, with a notice ending in `going_on`, if it cannot be used (see place_of_save)."""
        self.write()  # a move's autosave still owed is on disk before any save is read
        place = self.session.place_of_save(slot, going_on=going_on)
        if place is None:
            return None
        chapter = self._chapter_of(place)
        return WayIn("save", chapter if chapter.entry == place.at.scene else None, place, slot=slot)

    def _chapter_of(self, place: Place) -> Chapter:
        return self.story.chapter(self.story.scenes[place.at.scene].chapter)

    # ---- the autosave -------------------------------------------------------------------
    def autosave(self, data: dict[str, Any] | None = None) -> bool:
        """Write the autosave (the game as it stands, or as `data` holds it); a failure becomes a
        notice (and False), never an error. The first one of a new run keeps the autosave of the
        game before as "Previous autosave"."""
        notices = self.session.notices
        try:
            if not self.owns_autosave:
                kept = self.saves.keep_previous_autosave(self._finished)
                if kept:
                    notices.append(kept)
                self.owns_autosave = True
            self.saves.write(AUTOSAVE, data if data is not None else self.session.snapshot())
        except (OSError, ValueError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            notices.append(f"The autosave could not be written ({reason}).")
            self.autosave_failed = reason
            return False
        self.autosave_failed = None
        return True

    def leave(self) -> bool:
        """Before quitting or going back to the title: autosave if the player moved in this run
        (a run that chose nothing leaves the autosave as it was). True if it was written. The
        writes held for later are made now."""
        self._owed = None
        self.write()
        return self.acted and self.autosave()

    def farewell(self, again: str) -> str | None:
        """The line a front end leaves on quitting (after `leave`): where this game is autosaved
        and `again`, the command that goes on from it. None if the autosave on disk is not this
        game's (nothing chosen in a new game). If this game's last autosave could not be
        written, it says so: the player must not go away believing it kept."""
        if self.autosave_failed is not None:
            return f"Your game could not be autosaved ({self.autosave_failed}): it is not kept on disk."
        if not self.owns_autosave or not self.saves.exists(AUTOSAVE):
            return None
        return f"Your game is autosaved in {self.saves.path_for(AUTOSAVE)}. To go on from there: {again}"

    def _finished(self, data: dict[str, Any]) -> bool:
        """Whether save data stands at one of this story's endings (a game with nothing left)."""
        scene = self.story.scenes.get(data.get("scene"))  # type: ignore[arg-type]
        return scene is not None and scene.ending is not None
