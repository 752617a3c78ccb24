"""One way to open a game, for both front ends: the player's files, the session, where play
starts, and when the autosave is written (the policy the session no longer holds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .model import Chapter, Ending, Story
from .saves import AUTOSAVE, QUICKSAVE, Progress, SaveStore, Settings, data_dir, story_folder
from .session import Session
from .sources import default_scenes_dir


@dataclass(frozen=True)
class Opening:
    """A way into the story, resolved but not yet taken (see `Game.opening`). A front end may show
    `note` first, where the player can still turn back (nothing has changed), then `Game.open`
    takes it."""

    kind: Literal["new", "chapter", "ending", "save"]
    #: The chapter whose note comes before the first scene: the one a new game or a jump begins,
    #: or the one a save stands at the start of. None: straight into the scene.
    note: Chapter | None = None
    #: The ending being replayed.
    ending: Ending | None = None
    #: The save resumed, and its data as read when the way was resolved.
    slot: str | None = None
    data: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def told(self) -> str | None:
        """What to tell the player once it is taken (news, not a warning), if anything."""
        if self.kind == "ending" and self.ending is not None:
            return f"Replaying “{self.ending.title}” from the decision that leads to it."
        if self.slot == QUICKSAVE:
            return "Back at the quicksave."
        if self.kind == "save" and self.slot != AUTOSAVE:
            return f"Loaded “{self.slot}”."
        return None


class Game:
    """A story opened for one player: settings, progress, saves and the session over them, and
    the autosave policy. Front ends play through `session` and open, continue, load and leave
    through this."""

    def __init__(self, story: Story, *, gentle: bool = False, data_root: Path | None = None) -> None:
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

    @property
    def messages(self) -> list[str]:
        """What went wrong reading the settings and progress files (each already set aside)."""
        return [m for m in (self.settings.message, self.progress.message) if m]

    def _heard(self, what: str) -> None:
        if what == "moved":  # a choice or an undo: the game in progress changed
            self.acted = True
            self.autosave()
        else:  # a new run: the autosave is not its own until it writes one
            self.acted = False
            self.owns_autosave = False

    # ---- opening ------------------------------------------------------------------------
    def opening(self, *, chapter: str | int | None = None, ending: str | None = None,
                slot: str | None = None) -> Opening | None:
        """Resolve a way in, changing nothing yet: a chapter to jump to, an ending to replay (its
        id, or "" for the true ending), a save to resume (its data read now), or else a new game.
        None, with a notice, if the save is not there or cannot be read (it is set aside).
        UnknownChapter or UnknownEnding for a key the story does not have."""
        story = self.story
        if chapter is not None:
            return Opening("chapter", note=story.chapter(chapter))
        if ending is not None:
            return Opening("ending", ending=story.ending(ending) if ending else story.true_ending)
        if slot is None:
            return Opening("new", note=story.chapters[0])
        if slot == AUTOSAVE and not self.saves.exists(AUTOSAVE):
            self.session.notices.append("There is no autosave yet: start a new game, or pick a chapter.")
            return None
        data = self.session.read_save(slot)
        if data is None:
            return None
        scene_id = data.get("scene")
        scene = story.scenes.get(scene_id) if isinstance(scene_id, str) else None
        at_entry = scene is not None and story.chapter(scene.chapter).entry == scene.id
        return Opening("save", note=story.chapter(scene.chapter) if scene and at_entry else None, slot=slot, data=data)

    def asked(self, *, chapter: str | None = None, ending: str | None = None, resume: bool = False) -> Opening:
        """Where the command line asks play to open: a chapter, an ending, the autosave's game
        (--continue: a new game, with a notice, if there is none to go on), or a new game."""
        if resume and not self.saves.exists(AUTOSAVE):
            self.session.notices.append("There is no autosave to continue: a new game begins.")
            return Opening("new", note=self.story.chapters[0])
        found = self.opening(slot=AUTOSAVE) if resume else self.opening(chapter=chapter, ending=ending)
        if found is None:  # an autosave that cannot be read (set aside, with a notice)
            self.session.notices.append("Starting a new game.")
            found = Opening("new", note=self.story.chapters[0])
        return found

    def open(self, opening: Opening) -> bool:
        """Take a way in: stand where it leads. A new game, a jump or a replay leaves the autosave
        as it was until the player chooses; a resumed slot becomes the game in progress at once
        (Continue goes on from it), keeping the autosave there if it held another game not yet
        finished. False, with a notice, if a save does not fit the story (it is set aside)."""
        session = self.session
        if opening.kind == "save" and opening.slot is not None and opening.data is not None:
            if not session.resume(opening.slot, opening.data):
                return False
            self.owns_autosave = opening.slot == AUTOSAVE
            if not self.owns_autosave:
                self.autosave()
        elif opening.kind == "chapter" and opening.note is not None:
            session.start_chapter(opening.note.id)
        elif opening.kind == "ending" and opening.ending is not None:
            session.replay_ending(opening.ending.id)
        elif opening.kind == "new":
            session.restart()
        else:
            raise ValueError(f"{opening!r} lacks what its kind needs: make openings with Game.opening")
        return True

    def start(self, *, chapter: str | None = None, ending: str | None = None, resume: bool = False) -> Opening:
        """Open where the command line asks (see `asked`), at once: for a front end with no note
        to show first. Returns the way taken; its `told` and the notices say the rest."""
        opening = self.asked(chapter=chapter, ending=ending, resume=resume)
        if not self.open(opening):  # the autosave did not fit the story: a new game instead
            self.session.notices.append("Starting a new game.")
            opening = Opening("new", note=self.story.chapters[0])
            self.open(opening)
        return opening

    def continue_game(self) -> bool:
        """Go on from the autosave; False (with a notice) if there is none or it cannot be used."""
        return self.load(AUTOSAVE)

    def load(self, name: str = AUTOSAVE) -> bool:
        """Resume a save at once; False (with a notice) if it is not there or cannot be used."""
        opening = self.opening(slot=name)
        return opening is not None and self.open(opening)

    # ---- the autosave -------------------------------------------------------------------
    def autosave(self) -> bool:
        """Write the autosave; a failure becomes a notice (and False), never an error. The first
        one of a new run keeps the autosave of the game before as "Previous autosave"."""
        notices = self.session.notices
        try:
            if not self.owns_autosave:
                kept = self.saves.keep_previous_autosave(self._finished)
                if kept:
                    notices.append(kept)
                self.owns_autosave = True
            self.saves.write(AUTOSAVE, self.session.snapshot())
        except (OSError, ValueError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            notices.append(f"The autosave could not be written ({reason}).")
            return False
        return True

    def leave(self) -> bool:
        """Before quitting or going back to the title: autosave if the player moved in this run
        (a run that chose nothing leaves the autosave as it was). True if it was written."""
        return self.acted and self.autosave()

    def _finished(self, data: dict[str, Any]) -> bool:
        """Whether save data stands at one of this story's endings (a game with nothing left)."""
        scene = self.story.scenes.get(data.get("scene"))  # type: ignore[arg-type]
        return scene is not None and scene.ending is not None
