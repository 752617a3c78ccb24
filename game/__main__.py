"""The command line: parse, pick a front end, run. Only the TUI path imports Textual."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    import argparse

    from .engine import Progress, Story



PLAY_HELP = """\
usage: ballerina [--plain] [--chapter ID|N | --ending [ID] [--spoilers] | --continue] [--gentle] [--scenes DIR]
       ballerina check [DIR] [--stats] | walkthrough | chapters | endings | map | graph  (each with -h)

Ballerina: an interactive retelling of the 2023 film, in your terminal.

options:
  --plain          plain lines on stdout, answers on stdin: for pipes and screen readers
  --chapter ID|N   start at a chapter (friendship, note, motel, boss, beach, or 1 to 5)
  --ending [ID]    replay an ending you have reached, from the decision that leads to it (the film's ending if no ID)
  --spoilers       with --ending: replay an ending you have not reached yet (for authors and testers)
  --continue       go on from the autosave
  --gentle         gentle versions of the intense passages
  --scenes DIR     play the story in DIR instead of the shipped one
  --version        the version
  -h, --help       this help
"""


def say(text: str = "", *, err: bool = False) -> None:
    """Print a line. Story titles, scene text and file names come from files: no control
    character in them ever reaches the terminal."""
    from .engine.text import printable

    print(printable(text), file=sys.stderr if err else sys.stdout)


class PlayArgs:
    """How to start the game, read from the command line."""

    def __init__(self) -> None:
        self.plain = False
        self.gentle = False
        self.resume = False
        self.chapter: str | None = None
        self.ending: str | None = None  # "" for the true ending
        self.scenes: Path | None = None
        self.spoilers = False


class UsageError(Exception):
    """A command line the game cannot read: the message says what is wrong."""


def parse_play(argv: list[str]) -> PlayArgs:
    """Read the play command line. Written out rather than with argparse: argparse and the
    gettext and locale modules it pulls in are a twentieth of the plain front end's start-up
    (tests/benchmark.py), and this line has six options. The sub-commands use argparse."""
    args = PlayArgs()
    rest = list(argv)
    starts: list[str] = []
    while rest:
        word = rest.pop(0)
        name, eq, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in ("-h", "--help"):
            print(PLAY_HELP, end="")
            raise SystemExit(0)
        if name == "--version" and not eq:
            print(f"ballerina {__version__}")
            raise SystemExit(0)
        if name in ("--plain", "--gentle", "--continue", "--spoilers") and not eq:
            setattr(args, {"--continue": "resume"}.get(name, name[2:]), True)
        elif name in ("--chapter", "--scenes"):
            if not eq:
                if not rest or rest[0].startswith("-"):
                    raise UsageError(f"{name} needs a value" + (": a chapter id or number" if name == "--chapter" else
                                                                ": a story folder"))
                value = rest.pop(0)
            if name == "--chapter":
                args.chapter = value
            else:
                args.scenes = Path(value)
        elif name == "--ending":
            if not eq and rest and not rest[0].startswith("-"):
                value = rest.pop(0)
            args.ending = value
        else:
            raise UsageError(f"unrecognized argument {word!r}")
        if name in ("--chapter", "--ending", "--continue"):
            starts.append(name)
    if len(starts) > 1:
        raise UsageError(f"{starts[0]} and {starts[1]} cannot be asked for together; choose one way to start")
    return args


def _command_parser(command: str) -> argparse.ArgumentParser:
    import argparse

    p = argparse.ArgumentParser(prog=f"ballerina {command}")
    if command == "check":
        p.description = "Check a story folder and report every problem as file:line:col: message."
        p.add_argument("dir", nargs="?", type=Path, help="the story folder (default: the shipped scenes)")
        p.add_argument("--scenes", metavar="DIR", type=Path, help="the same as DIR, as the other commands say it")
        p.add_argument("--stats", action="store_true", help="count scenes, choices, endings and words")
    else:
        p.add_argument("--scenes", metavar="DIR", type=Path, help="the story folder (default: the shipped scenes)")
        if command == "walkthrough":
            p.description = "Print the film's route as one transcript."
            p.add_argument("--gentle", action="store_true", help="gentle versions of the intense passages")
        elif command == "endings":
            p.description = "List the endings: the ones reached by title, the others by a hint."
            p.add_argument("--spoilers", action="store_true", help="name every ending, reached or not")
        elif command == "map":
            p.description = ("The story map as plain text: the film's route, the scenes you have seen off it, the "
                             "endings reached, and where your game stands.")
        elif command == "graph":
            p.description = "The whole story as a graph, for authors: every scene, by chapter, the film's route marked."
            p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                           help="mermaid (the default: needs no Graphviz) or Graphviz dot, as text")
            p.add_argument("--chapter", metavar="ID|N", help="only this chapter's scenes (and where they lead)")
    return p


def _load(path: Path | None, *, play: bool = False) -> Story:
    """Load and validate a story. The shipped one is checked by the tests, so start-up skips
    the whole-state-space exploration for it; a story folder given by hand gets the full check.
    To play it, its machine is built too, and both are kept out of the collector's sight."""
    from .engine import load_story
    from .engine.memory import kept_for_good

    with kept_for_good():
        story = load_story(path, check=path is not None)
        if play:
            from .engine.machine import story_machine

            story_machine(story)
    return story


def cmd_check(args: argparse.Namespace) -> int:
    from .engine import check_story, read_story, story_stats

    story, problems = read_story(args.dir or args.scenes)
    result = None
    if story is not None:
        result = check_story(story)
        problems = result.problems
    problems = sorted(set(problems))  # counted as a failed load counts them (StoryError)
    for problem in problems:
        say(str(problem))
    if problems:
        say(f"{_count(len(problems), 'problem')}.", err=True)
        return 1
    assert story is not None and result is not None
    if args.stats:
        stats = story_stats(story, result)
        say(f"Scenes: {stats.scenes}")
        say(f"Choices: {stats.choices}")
        say(f"Endings: {stats.endings}")
        say(f"Words: {stats.words}")
        say(f"Words on the canonical route: {stats.canon_words}")
        say(f"States explored: {stats.states}")
        say()
        say(f"{'chapter':<12} {'scenes':>6} {'choices':>7} {'words':>6} {'canon':>6}")
        for c in stats.chapters:
            say(f"{c.id:<12} {c.scenes:>6} {c.choices:>7} {c.words:>6} {c.canon_words:>6}")
    else:
        say(f"{story.title}: {_count(len(story.scenes), 'scene')}, {_count(len(story.endings), 'ending')}, "
              "no problems.")
    return 0


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def cmd_walkthrough(args: argparse.Namespace) -> int:
    from .engine.model import render
    from .engine.route import canonical_route
    from .engine.text import printable
    from .plain import wrap

    story = _load(args.scenes)
    out = sys.stdout
    parts: list[str] = []
    chapter = None
    parts.append(f"{story.title.upper()}\nThe film's route, start to end.\n")
    for step in canonical_route(story):
        scene = story.scenes[step.scene]
        if scene.chapter != chapter:
            chapter = scene.chapter
            c = story.chapter(chapter)
            parts.append(f"\n\n== Chapter {c.number}: {c.title} ==\n")
        parts.append("\n")
        if scene.interlude:
            parts.append("[Meanwhile]\n")
        if scene.place:
            parts.append(f"{scene.place}\n\n")
        parts.append("\n\n".join(wrap(p) for p in render(scene.text, step.values, args.gentle)) + "\n")
        if step.choice is not None and step.choice.label != "Continue":
            parts.append(f"\n> {step.choice.label}\n")
        if scene.ending:
            parts.append(f"\n== Ending: {story.ending(scene.ending).title} ==\n")
    parts.append("\n" + "\n\n".join(wrap(p) for p in story.credits) + "\n")
    out.write(printable("".join(parts)))
    return 0


def cmd_chapters(args: argparse.Namespace) -> int:
    story = _load(args.scenes)
    for c in story.chapters:
        say(f"{c.number}. {c.id:<11} {c.title} - {c.blurb}")
    return 0


def _progress(story: Story) -> Progress:
    """The player's progress with this story (read only), its message told on stderr."""
    from .engine import Progress, default_scenes_dir
    from .engine.saves import story_folder

    progress = Progress(story_folder(story.root, default_scenes_dir()))
    if progress.message:
        say(f"[{progress.message}]", err=True)
    return progress


def cmd_endings(args: argparse.Namespace) -> int:
    from .engine.storymap import locked_label

    story = _load(args.scenes)
    reached = set(_progress(story).endings)
    for e in story.endings:
        star = " (the film's ending)" if e.true_ending else ""
        if e.id in reached or args.spoilers:
            mark = "reached" if e.id in reached else "not yet"
            say(f"{e.id:<24} {e.title}{star} [{mark}]")
        else:
            # Neither its title nor its id: a locked ending gives nothing away but its hint.
            say(f"{'?':<24} {locked_label(e.hint)} [not yet]")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .engine import SaveError, SaveStore, Session
    from .engine.saves import AUTOSAVE
    from .engine.storymap import build_map, kept_states, trail

    story = _load(args.scenes)
    progress = _progress(story)
    saves = SaveStore(progress.path.parent / "saves")
    # The game in progress, read and never written: a map changes nothing.
    session: Session | None = Session(story)
    assert session is not None
    try:
        session.restore(saves.read(AUTOSAVE))
    except (SaveError, OSError, ValueError):
        session = None
    story_map = build_map(
        story, seen=progress.seen | (session.visited if session else set()), endings=progress.endings,
        here=session.scene_id if session else None, path=trail(session) if session else None,
        replayed=len(session.path) - session.undo_depth if session else 0, stood=kept_states(story, progress.paths),
    )
    say(story_map.text(72))
    if session is None:
        say("\nNo game in progress: the map shows what you have seen in the games before.")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .engine.storymap import story_graph

    story = _load(args.scenes)
    chapter = story.chapter(args.chapter).id if args.chapter else None
    graph = story_graph(story, chapter)
    say((graph.mermaid() if args.format == "mermaid" else graph.dot()).rstrip("\n"))
    return 0


COMMANDS = {"check": cmd_check, "walkthrough": cmd_walkthrough, "chapters": cmd_chapters, "endings": cmd_endings,
            "map": cmd_map, "graph": cmd_graph}


def ending_refusal(story: Story, key: str, spoilers: bool) -> str | None:
    """Why `--ending key` cannot be played, or None: an id the story lacks (naming only the endings
    reached), or an ending not yet reached (with its hint) unless --spoilers."""
    reached = _progress(story).endings
    ending = next((e for e in story.endings if e.id == key), None) if key else story.true_ending
    if ending is None:
        known = ", ".join(e.id for e in story.endings if e.id in reached)
        return (f"there is no ending {key!r}; " + (f"the endings you have reached are {known}" if known else
                "you have not reached any ending yet") + ". 'ballerina endings' lists them all, by hint.")
    if ending.id in reached or spoilers:
        return None
    which = "the film's ending" if ending.true_ending and not key else "that ending"
    hint = f" Hint: {ending.hint}" if ending.hint else ""
    return f"you have not reached {which} yet.{hint} Play on to find it, or add --spoilers to replay it anyway."


def _run(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](_command_parser(argv[0]).parse_args(argv[1:]))
    try:
        args = parse_play(argv)
    except UsageError as e:
        print(PLAY_HELP.split("\n\n")[0], file=sys.stderr)
        say(f"ballerina: error: {e}", err=True)
        return 2
    story = _load(args.scenes, play=True)
    if args.chapter is not None:
        story.chapter(args.chapter)  # a wrong id fails here, before any screen opens
    if args.ending is not None:
        refusal = ending_refusal(story, args.ending, args.spoilers)
        if refusal:
            say(f"ballerina: {refusal}", err=True)
            return 2
    if args.plain:
        from .plain import play_plain

        return play_plain(story, chapter=args.chapter, ending=args.ending, resume=args.resume, gentle=args.gentle)
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        print("ballerina: this is not a terminal; use 'ballerina --plain' for pipes and screen readers.",
              file=sys.stderr)
        return 2
    if os.environ.get("TERM") == "dumb":
        print("ballerina: this terminal (TERM=dumb) cannot draw the game; 'ballerina --plain' tells the same "
              "story in plain lines.", file=sys.stderr)
        return 2
    from .tui.app import run_app

    return run_app(story, chapter=args.chapter, ending=args.ending, resume=args.resume, gentle=args.gentle)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; no traceback ever reaches a player."""
    from .engine import StoryError
    from .engine.model import NotInStory

    argv = sys.argv[1:] if argv is None else argv
    # A terminal or pipe that cannot show a character (say LANG=C and a Korean sign) gets a '?'
    # rather than a crash in the middle of a scene.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        return _run(argv)
    except StoryError as e:
        for problem in e.problems:
            say(str(problem), err=True)
        say(f"ballerina: the story has {len(e.problems)} problem(s); 'ballerina check' lists them.", err=True)
        return 1
    except NotInStory as e:  # a chapter or ending the story does not have: the player's to correct
        say(f"ballerina: {e}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`ballerina walkthrough | head`): say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:  # the last line of defence: one line, never a traceback
        if os.environ.get("BALLERINA_DEBUG"):
            raise
        detail = textwrap.shorten(f"{type(e).__name__}: {e}", 200)
        say(f"ballerina: something went wrong ({detail}). Set BALLERINA_DEBUG=1 to see details.", err=True)
        return 1


def entry() -> None:
    """The `ballerina` command: run, flush what was written, and leave without freeing the story
    object by object (at 5,000 scenes that took half a second after the last line). Everything
    that must outlive the process (saves, progress, the terminal restored) is done by then."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
