"""The command palette's own commands: jump to a chapter, replay a reached ending, save, load..."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches

if TYPE_CHECKING:
    from .app import BallerinaApp


class SafeCommandPalette(CommandPalette):
    """Textual's palette, made safe where Textual 8.2.8 is not under fast keys; each of these
    closed the whole game in a key-fuzz run: paging its list before the list is laid out
    (KeyError), moving in or showing its list after the palette closed (NoMatches), and a second
    close once another screen had taken it off the stack (ScreenStackError)."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except NoMatches:
            pass
        except KeyError:
            if action not in ("page_up", "page_down"):
                raise

    def _action_cursor_down(self) -> None:
        try:
            super()._action_cursor_down()
        except NoMatches:
            pass

    def _watch__list_visible(self) -> None:
        try:
            super()._watch__list_visible()
        except NoMatches:
            pass

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)


class StoryCommands(Provider):
    """Commands for the story: chapters, reached endings and the game's screens."""

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Every command as (name, help, what it does)."""
        app = cast("BallerinaApp", self.app)
        story = app.story
        out: list[tuple[str, str, Callable[[], object]]] = []
        for chapter in story.chapters:
            out.append((f"Chapter {chapter.number}: {chapter.title}", f"Jump to the start of chapter {chapter.number}",
                        partial(app.start_chapter, chapter.id)))
        reached = set(app.progress.endings)
        for ending in story.endings:
            if ending.id in reached:
                out.append((f"Replay ending: {ending.title}", "From the decision that leads to it",
                            partial(app.replay_ending, ending.id)))
        for action, name, help_text in (
            ("chapters", "Chapters", "The five chapters, to start one"),
            ("endings", "Endings", "The endings reached, and the ones still locked"),
            ("map", "Story map", "The film's route and yours; go back to a decision you have seen"),
            ("save", "Save", "Save your place to a named slot"),
            ("load", "Load", "Resume a saved game"),
            ("settings", "Settings", "Text speed, gentle mode, chapter notes, theme"),
            ("history", "History", "Everything read so far"),
            ("help", "Help", "The keys, and where to find help"),
            ("content_note", "Content note", "What the story holds, and help lines"),
        ):
            out.append((name, help_text, partial(app.run_action, action)))
        # A command closes the dialogs that are open first: they never pile up under one another.
        return [(name, help_text, partial(app.from_palette, run)) for name, help_text, run in out]

    async def discover(self) -> Hits:
        for name, help_text, run in self.commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
