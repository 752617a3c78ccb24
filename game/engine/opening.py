"""One way to open a game, for both front ends: the player's files, the session, where play
starts, and when the autosave is written (the policy the session no longer holds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Ending, Story
from .saves import AUTOSAVE, Progress, SaveStore, Settings, data_dir, story_folder
from .session import Session
from .sources import default_scenes_dir


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
    def start(self, *, chapter: str | None = None, ending: str | None = None, resume: bool = False) -> Ending | None:
        """Open where the command line asks: the autosave's game (a new one if it cannot be
        continued), a chapter, an ending's deciding moment (its id, or "" for the true ending),
        or a new game. Returns the ending being replayed, if one is; notices say the rest."""
        if resume:
            if not self.continue_game():
                self.session.notices.append("Starting a new game.")
                self.session.restart()
        elif chapter is not None:
            self.session.start_chapter(chapter)
        elif ending is not None:
            return self.session.replay_ending(ending or None)
        else:
            self.session.restart()
        return None

    def continue_game(self) -> bool:
        """Go on from the autosave; False (with a notice) if there is none or it cannot be used."""
        if not self.saves.exists(AUTOSAVE):
            self.session.notices.append("There is no autosave to continue.")
            return False
        return self.load(AUTOSAVE)

    def load(self, name: str = AUTOSAVE) -> bool:
        """Resume a save. Continuing the autosave's game, its next autosave replaces it; a loaded
        slot becomes the game in progress at once (Continue goes on from it), keeping the
        autosave there if it held another game not yet finished."""
        if not self.session.load(name):
            return False
        self.owns_autosave = name == AUTOSAVE
        if not self.owns_autosave:
            self.autosave()
        return True

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
