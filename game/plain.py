"""The plain front end: the story as plain lines on stdout, answers read from stdin."""

from __future__ import annotations

import re
import sys
import textwrap
from typing import TextIO

from .engine import Story
from .engine.opening import Game, WayIn
from .engine.saves import play_time, reserved_name
from .engine.storymap import ENDING, NOT_TAKEN, go_back, go_back_question, left_the_film, locked_label, session_map
from .engine.text import printable

#: Plain mode has no settings screen: how gentle mode is turned on here (after the content note).
GENTLE_HOW = ("Plain mode has no settings: start it with 'ballerina --plain --gentle' to turn gentle mode on. "
              "If gentle mode is on in the settings of the full-screen game (ballerina, then o), it is on here too.")

HINT = ("Type a choice's number, or u to undo, s to save, l to load, h for history, w for the content note, "
        "m for the map, q to quit.")


def wrap(text: str, width: int = 72) -> str:
    """A paragraph wrapped for a terminal; single line breaks the author wrote are kept."""
    # Names like Ji-hoon stay whole: a line never breaks at a hyphen.
    return "\n".join(textwrap.fill(_cut_long_words(line, width), width, break_on_hyphens=False) if line.strip() else ""
                     for line in text.splitlines())


def _cut_long_words(line: str, width: int) -> str:
    """A word (or a run of spaces) longer than a line, cut beforehand: textwrap cuts one line off
    it at a time and copies the rest each time, which is quadratic in its length."""
    if len(line) <= width:
        return line
    # textwrap's own idea of a space: ASCII whitespace only (a no-break space is part of a word).
    line = re.sub(rf"[\t\n\v\f\r ]{{{width + 1},}}", " ", line)
    return re.sub(rf"[^\t\n\v\f\r ]{{{width + 1},}}",
                  lambda m: " ".join(m[0][i:i + width] for i in range(0, len(m[0]), width)), line)


class PlainGame:
    """One plain-text playthrough over a Session."""

    def __init__(self, game: Game, out: TextIO, inp: TextIO) -> None:
        self.game = game
        self.session = game.session
        self.settings = game.settings
        self.out = out
        self.inp = inp
        self._chapter_shown: str | None = None

    def say(self, text: str = "") -> None:
        # Whatever a story or a save holds, no control character reaches the terminal.
        self.out.write(printable(text) + "\n")

    def flush_notices(self) -> None:
        for notice in self.session.notices:
            self.say(f"[{notice}]")
        self.session.notices.clear()

    def read(self, prompt: str) -> str | None:
        self.out.write(printable(prompt))
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            return None
        return line.strip()

    def content_note(self) -> None:
        note = self.session.story.content_note
        self.say("CONTENT NOTE")
        self.say(wrap(note.text))
        self.say("\nYou can talk to someone now:")
        for h in note.help:
            self.say(f"  {h.where}: {h.line}")
        themes = self.session.story.themes
        if themes:
            self.say("\nThis story holds:")
            for name in themes.values():
                self.say(f"  {name}")
        self.say()
        self.say(wrap(f"{GENTLE_HOW} It is {'on' if self.session.gentle else 'off'} now."))
        self.say()

    def gentle_line(self) -> str:
        """Whether gentle mode is on now, as the TUI's chapter card says it."""
        if self.session.gentle:
            return "Gentle mode is on: it tells the hardest passages without showing them."
        return "Gentle mode is off; 'ballerina --plain --gentle' turns it on."

    def show_scene(self) -> None:
        s = self.session
        scene = s.scene
        chapter = s.chapter
        if chapter.id != self._chapter_shown:
            self._chapter_shown = chapter.id
            self.say(f"\n== Chapter {chapter.number}: {chapter.title} ==")
            if self.settings["chapter_notes"] and chapter.themes:
                themes = "; ".join(s.story.themes[t] for t in chapter.themes)
                self.say(wrap(f"(This chapter holds: {themes}.)"))
                # As the TUI's chapter note: the way to help stands beside the themes.
                lines = "; ".join(f"{h.where}: {h.line}" for h in s.story.content_note.help)
                if lines:
                    self.say(wrap(f"(If you need someone to talk to: {lines}.)"))
            if self.settings["chapter_notes"]:
                self.say(wrap(f"({self.gentle_line()})"))  # as the TUI's chapter note, every chapter
        self.say()
        if scene.interlude:
            self.say("[Meanwhile]")
        if scene.place:
            self.say(scene.place)
            self.say()
        self.say("\n\n".join(wrap(p) for p in s.paragraphs))
        self.flush_notices()

    def show_choices(self) -> None:
        self.say()
        for n, choice in enumerate(self.session.choices, start=1):
            self.say(f"  {n}. {choice.label}")

    def show_ending(self) -> None:
        s = self.session
        ending = s.ending
        assert ending is not None
        self.say(f"\n== Ending: {ending.title} ==")
        if ending.true_ending:
            self.say("(The film's ending.)")
        self.say(wrap(left_the_film(s)))
        reached = set(s.progress.endings) if s.progress else set()
        count = sum(e.id in reached for e in s.story.endings)
        self.say(f"Endings reached: {count} of {len(s.story.endings)}.")
        for e in s.story.endings:
            # An ending not reached yet is named only by its hint.
            self.say(f"  {ENDING} {e.title}" if e.id in reached else f"  {NOT_TAKEN} {locked_label(e.hint)}")
        self.say("\n-- Credits --\n")
        self.say("\n\n".join(wrap(p) for p in s.story.credits))
        self.say("\nTHE END. Run 'ballerina endings' to see them all, or 'ballerina --plain --ending ID' to replay one.")

    def show_history(self) -> None:
        self.say("\n-- History --")
        for entry in self.session.history[:-1]:
            if entry.replayed:
                continue
            self.say()
            if entry.interlude:
                self.say("[Meanwhile]")
            if entry.place:
                self.say(entry.place)
            self.say("\n\n".join(wrap(p) for p in entry.paragraphs))
            if entry.choice:
                self.say(f"> {entry.choice}")
        self.say("-- Now --")

    def show_map(self) -> bool:
        """The story map, its decisions numbered; a number goes back to that decision. True if it did."""
        story_map = session_map(self.session)
        decisions = story_map.decisions
        self.say("\n-- Story map --")
        self.say(story_map.text(72, numbered=True))
        if not decisions:
            self.say("-- Now --")
            return False
        answer = self.read(f"Go back to a decision? (1 to {len(decisions)}, or Enter to play on) ")
        if not answer or not _number(answer) or not 1 <= int(answer) <= len(decisions):
            self.say("-- Now --" if not answer else f"Nowhere: {answer!r} is not a decision's number.")
            return False
        scene = decisions[int(answer) - 1].scene
        assert scene is not None
        if self.game.under_way:  # as the full-screen game asks: a number typed by mistake loses nothing
            sure = self.read(f"{go_back_question(self.session, scene)} (y/n) ")
            if not sure or sure.lower() not in ("y", "yes"):
                self.say("-- Now --")
                return False
        self.say(f"[{go_back(self.session, scene)}]")
        self._chapter_shown = None
        return True

    def save(self) -> None:
        name = self.read("Name for this save (Enter for 'quick'): ")
        if name is None:  # the input ended: nothing was asked for
            return
        name = name or "quick"
        reserved = reserved_name(name)
        if reserved:
            self.say(f"Not saved: {reserved}.")
            return
        saves = self.session.saves
        held = saves.name_in_file(name) if saves is not None else None
        if held is not None:
            sure = self.read(f"Overwrite the save {held!r}? (y/n) ")
            if not sure or sure.lower() not in ("y", "yes"):
                self.say("Not saved.")
                return
        try:
            self.session.save(name)
            self.say(f"Saved as {name!r}.")
        except (ValueError, OSError) as e:
            self.say(f"Not saved: {e.strerror if isinstance(e, OSError) and e.strerror else e}.")

    def load(self) -> bool:
        """List the saves and resume the one picked; False if none was."""
        saves = self.session.saves
        slots = saves.slots() if saves is not None else []
        self.flush_messages()
        if not slots:
            self.say("There are no saves yet.")
            return False
        self.say("\n-- Saves --")
        for n, slot in enumerate(slots, start=1):
            try:
                chapter = self.session.story.chapter(slot.chapter).title
            except KeyError:
                chapter = "?"
            played = f", played {play_time(slot.play_seconds)}" if slot.play_seconds else ""
            self.say(f"  {n}. {'Autosave' if slot.autosave else slot.name} ({chapter}{played})")
        answer = self.read(f"Load which? (1 to {len(slots)}, or Enter for none) ")
        if not answer or not _number(answer) or not 1 <= int(answer) <= len(slots):
            self.say("Nothing loaded." if not answer else f"Nothing loaded: {answer!r} is not a save's number.")
            return False
        slot = slots[int(answer) - 1]
        return self.go_in(self.game.way_in(slot=slot.key))  # that very file, whatever name it is listed by

    def go_in(self, way: WayIn | None) -> bool:
        """Go into the story by a way the engine worked out (None: there is none; the notices say
        why), and say its news. Plain mode has no chapter note to wait on: the chapter's heading
        and themes come with its first scene."""
        if way is None:
            return False
        self.game.take(way)
        self._chapter_shown = None
        if way.news:
            self.say(f"[{way.news}]")
        return True

    def flush_messages(self) -> None:
        """The session's notices and the save folder's messages, once each."""
        self.flush_notices()
        saves = self.session.saves
        if saves is not None:
            for message in saves.messages:
                self.say(f"[{message}]")
            saves.messages.clear()

    def run(self) -> int:
        """Play until an ending, q, or the end of input. Exit code 0 in every one of those."""
        while True:
            self.show_scene()
            if self.session.ending:
                self.show_ending()
                return 0
            self.show_choices()
            while True:
                answer = self.read("> ")
                if answer is None or answer.lower() in ("q", "quit"):
                    if answer is not None:
                        self.say()  # as at the end of input: what follows stands on a line of its own
                    # Only a run the player has moved in replaces the autosave: a pipe that
                    # sends nothing must not wipe out a game in progress.
                    self.game.leave()
                    self.flush_notices()
                    line = self.game.farewell("ballerina --plain --continue")
                    if line:
                        self.say(line)  # the last line, not wrapped: the path is copied whole
                    return 0
                count = len(self.session.choices)
                if _number(answer) and 1 <= int(answer) <= count:
                    self.session.choose(int(answer) - 1)
                    break
                if answer.lower() in ("u", "undo"):
                    if self.session.undo():
                        break
                    self.say("There is nothing to undo.")
                elif answer.lower() in ("h", "history"):
                    self.show_history()
                    self.show_choices()
                elif answer.lower() in ("m", "map"):
                    if self.show_map():
                        break
                    self.show_choices()
                elif answer.lower() in ("w", "note"):
                    self.content_note()
                    self.show_choices()
                elif answer.lower() in ("s", "save"):
                    self.save()
                elif answer.lower() in ("l", "load"):
                    if self.load():
                        break
                    self.flush_notices()
                    self.show_choices()
                else:
                    numbers = "1" if count == 1 else f"1 to {count}"
                    self.say(wrap(f"{HINT} (Choices: {numbers}.)"))


def _number(answer: str) -> bool:
    """A choice's number as a player types it: a few ASCII digits (not '²', not 5,000 of them)."""
    return answer.isascii() and answer.isdigit() and len(answer) <= 6


def play_plain(
    story: Story,
    *,
    chapter: str | None = None,
    ending: str | None = None,
    resume: bool = False,
    gentle: bool = False,
    out: TextIO | None = None,
    inp: TextIO | None = None,
) -> int:
    """Run the plain front end; every problem with saves becomes a one-line message."""
    out = out or sys.stdout
    inp = inp or sys.stdin
    if hasattr(inp, "reconfigure"):
        # Bytes that are not UTF-8 become an answer that is not a choice (and the hint), not an
        # error that would lose the game.
        inp.reconfigure(errors="replace")
    game = Game(story, gentle=gentle)
    plain = PlainGame(game, out, inp)
    for message in game.messages:
        plain.say(f"[{message}]")
    if not game.settings["content_note_seen"]:
        plain.content_note()
        game.settings["content_note_seen"] = True
    plain.go_in(game.way_asked(chapter=chapter, ending=ending, resume=resume) or game.way_in())
    plain.flush_messages()
    return plain.run()
