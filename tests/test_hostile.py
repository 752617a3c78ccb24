"""Hostile stories, saves and input (issue 16): each is a located problem or handled cleanly, and
nothing from a file ever drives the player's terminal."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from test_checker import problems

from game.__main__ import main
from game.engine import Story, default_scenes_dir, load_story
from game.engine.model import Chapter, ContentNote, Ending, HelpLine, Passage, Scene
from game.engine.saves import AUTOSAVE, MAX_HISTORY, SaveStore, story_folder
from game.engine.text import printable
from game.plain import HINT, play_plain, wrap

HERE = Path(__file__).parent
GOOD = HERE / "stories" / "good"
CORPUS = HERE / "hostile"
#: What a hostile story or save writes into its strings: OSC (window title, clipboard), CSI, C1 CSI, BEL.
INJECTED = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b2J\r"
#: A control character on its way to the terminal (newline and tab are text).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def copy_of_good(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(GOOD, folder)
    return folder


# ---- the corpus: one hostile story per case, each with what check must say -------------------
def story_cases() -> list[str]:
    return sorted(p.stem for p in (CORPUS / "stories").glob("*.yaml"))


@pytest.mark.parametrize("case", story_cases())
def test_every_hostile_story_in_the_corpus_gets_its_located_problems(tmp_path: Path, case: str) -> None:
    spec = yaml.safe_load((CORPUS / "stories" / f"{case}.yaml").read_text(encoding="utf-8"))
    folder = copy_of_good(tmp_path)
    for edit in spec["edits"]:
        path = folder / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"the edit does not apply: {edit['old']!r}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    found = problems(folder)
    assert len(found) == len(spec["expect"]), found
    for line, expected in zip(found, spec["expect"], strict=True):
        assert line.startswith(expected), found
        assert "\n" not in line


# ---- special files and folders ---------------------------------------------------------------
def test_a_chapter_linked_to_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    (folder / "3-zero.yaml").symlink_to("/dev/zero")
    assert problems(folder) == ["3-zero.yaml:1:1: this is a device, a pipe or a socket, not a file; a story file "
                                "is a .yaml text file"]


def test_a_fifo_does_not_hang_check(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    os.mkfifo(folder / "3-pipe.yaml")
    run = subprocess.run([sys.executable, "-m", "game", "check", str(folder)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "3-pipe.yaml:1:1: this is a device, a pipe or a socket, not a file" in run.stdout


def test_a_folder_named_like_a_chapter_and_a_huge_file_are_problems(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    (folder / "3-folder.yaml").mkdir()
    with open(folder / "4-huge.yaml", "wb") as f:
        f.truncate(50_000_000)  # sparse: it says 50 MB and is never read
    found = problems(folder)
    assert found == ["3-folder.yaml:1:1: this is a folder, not a file; a story file is a .yaml text file",
                     "4-huge.yaml:1:1: this file is larger than 20,000,000 bytes, far too large to be a story file"]


def test_hidden_files_are_not_chapters_and_upper_case_yaml_is_read(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    (folder / ".#2-two.yaml").write_text("an editor's lock: not YAML at all: [")
    (folder / "._1-one.yaml").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    (folder / "2-two.yaml").rename(folder / "2-two.YAML")
    assert problems(folder) == []
    assert len(load_story(folder).scenes) == 6


def test_an_unreadable_story_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_of_good(tmp_path)
    if os.geteuid() != 0:
        folder.chmod(0)
    else:  # root reads any folder: make the listing fail as it does for everyone else
        real = os.scandir

        def scandir(path):  # type: ignore[no-untyped-def]
            if Path(path) == folder:
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        found = problems(folder)
    finally:
        folder.chmod(0o755)
    assert found == ["story:1:1: this story folder cannot be read (Permission denied); check that it is yours to read"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p, "there is no such folder"),
    (lambda p: (p.write_text("x"), p)[1], "this is a file, not a folder"),
])
def test_a_story_folder_that_is_not_one_says_so(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = make(tmp_path / "story")
    (found,) = problems(folder)
    assert message in found


# ---- counting alike ------------------------------------------------------------------------------
def test_check_and_scenes_count_the_same_problems(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("    text: [It ends badly.]", "    text: &x [It ends badly.]\n"
                                           "  other:\n    text: *x\n    next: bad_end\n  more:\n    text: *x\n"
                                           "    next: bad_end"))
    check = subprocess.run([sys.executable, "-m", "game", "check", str(folder)], capture_output=True, text=True)
    play = subprocess.run([sys.executable, "-m", "game", "chapters", "--scenes", str(folder)], capture_output=True, text=True)
    assert check.returncode == play.returncode == 1
    listed = [line for line in check.stdout.splitlines() if line.strip()]
    assert len(listed) == 2 and check.stderr.strip() == "2 problems."
    assert f"the story has {len(listed)} problem(s)" in play.stderr


# ---- escapes never reach the terminal, whatever the story or save holds ---------------------------
def hostile_story() -> Story:
    """The good story with control sequences in every string a front end shows, as a story read
    some other way than through the checker (an old cache, a future loader) could hold them."""
    good = load_story(GOOD)

    def bad(text: str) -> str:
        return text + INJECTED

    scenes = {}
    for sid, scene in good.scenes.items():
        choices = tuple(c._replace(label=bad(c.label)) for c in scene.choices)
        text = tuple(Passage(bad(p.text), bad(p.gentle) if p.gentle else None) if isinstance(p, Passage) else p
                     for p in scene.text)
        scenes[sid] = Scene(**{**scene._asdict(), "text": text, "choices": choices,
                               "place": bad(scene.place or "Somewhere")})
    return Story(
        title=bad(good.title), version=good.version, credits=tuple(bad(c) for c in good.credits),
        content_note=ContentNote(bad(good.content_note.text), tuple(HelpLine(bad(h.where), bad(h.line))
                                                                   for h in good.content_note.help)),
        themes={k: bad(v) for k, v in good.themes.items()},
        chapters=tuple(Chapter(**{**c._asdict(), "title": bad(c.title), "blurb": bad(c.blurb)}) for c in good.chapters),
        endings=tuple(Ending(**{**e._asdict(), "title": bad(e.title), "hint": bad(e.hint or "A hint.")})
                      for e in good.endings),
        variables=good.variables, scenes=scenes, root=good.root,
    )


def assert_clean(out: str) -> None:
    assert out, "nothing was printed"
    assert CONTROL.search(out) is None, repr(CONTROL.findall(out)[:5])
    assert "\ufffd" in out  # shown, not silently dropped


def test_plain_mode_shows_no_control_character_from_the_story() -> None:
    out = io.StringIO()
    play_plain(hostile_story(), out=out, inp=io.StringIO("1\nh\n2\n"))
    assert_clean(out.getvalue())


@pytest.mark.parametrize("command", [["walkthrough"], ["chapters"], ["endings"], ["endings", "--spoilers"], ["map"],
                                     ["graph", "--format", "dot"], ["--plain"]])
def test_every_command_shows_no_control_character_from_the_story(
        command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import game.engine

    monkeypatch.setattr(game.engine, "load_story", lambda *a, **k: hostile_story())
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main(command) == 0
    assert_clean(capsys.readouterr().out)


def test_check_shows_no_control_character_from_a_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of_good(tmp_path)
    (folder / f"3-{INJECTED.replace('/', '')}.yaml").write_text("chapter: [")
    assert main(["check", str(folder)]) == 1
    captured = capsys.readouterr()
    assert_clean(captured.out)
    assert CONTROL.search(captured.err) is None


def test_a_wrong_story_from_the_command_line_shows_no_control_character(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of_good(tmp_path)
    (folder / f"3-{INJECTED.replace('/', '')}.yaml").write_text("chapter: [")
    assert main(["chapters", "--scenes", str(folder)]) == 1
    assert_clean(capsys.readouterr().err)


def hostile_saves(folder: Path) -> None:
    """The corpus's hostile saves, copied into a save folder, and two whose file names carry the
    escapes (git would not hold those names well): one readable, one that is not JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (CORPUS / "saves").glob("*.json"):
        shutil.copy(path, folder / path.name)
    readable = json.loads((CORPUS / "saves" / "slot-older-hands.json").read_text())
    (folder / f"slot-named{INJECTED.replace('/', '')}.json").write_text(json.dumps(dict(readable, name="x")))
    (folder / f"slot-broken{INJECTED.replace('/', '')}.json").write_text("{not json")


def test_plain_load_lists_no_control_character_from_a_save(data_dir: Path) -> None:
    story = load_story(GOOD)
    hostile_saves(story_folder(story.root, default_scenes_dir(), data_dir) / "saves")  # play_plain's
    out = io.StringIO()
    play_plain(story, out=out, inp=io.StringIO("l\n\n"))  # list the saves, load none, end
    listing = out.getvalue()[out.getvalue().index("> "):]  # what follows the first prompt
    assert_clean(listing)
    assert "older-hands" in listing  # listed by its file's name, which leads back to it
    assert "could not be used" in listing  # the broken one, set aside with its name in the message


def rendered(*widgets) -> str:  # type: ignore[no-untyped-def]
    """Every character the widgets render, as the driver would write them to the terminal."""
    from textual.geometry import Region

    out = []
    for widget in widgets:
        for child in [widget, *widget.walk_children()]:
            width, height = child.outer_size
            if child.display and width and height:
                out.extend(segment.text for line in child.render_lines(Region(0, 0, width, height)) for segment in line)
    return "".join(out)


def settled_tui(data_dir: Path, **settings: object) -> None:
    from game.engine import Settings

    s = Settings(data_dir)
    s.data.update({"content_note_seen": True, "text_speed": "instant", **settings})
    s.save()


async def test_the_tui_load_dialog_shows_no_control_character_from_a_save(data_dir: Path) -> None:
    from game.tui.app import make_app

    settled_tui(data_dir)
    app = make_app(load_story(GOOD), data_dir=data_dir)
    hostile_saves(app.saves.root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "LoadDialog"
        screen = app.export_screenshot()  # the whole screen, as it would be written
    assert CONTROL.search(screen) is None, repr(CONTROL.findall(screen)[:5])
    assert "older-hands" in html.unescape(screen).replace("\xa0", " ")


async def test_the_tui_types_no_control_character_from_the_story(data_dir: Path) -> None:
    """The scene text is retyped every frame (an OSC 52 in it would write the clipboard 30 times
    a second) and the choices are the story's own words: neither sends a control character."""
    from game.tui.app import make_app

    settled_tui(data_dir, text_speed="slow", chapter_notes=False)
    app = make_app(hostile_story(), data_dir=data_dir)
    frames = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        for _ in range(3):  # frame by frame, while it types
            await pilot.pause(0.1)
            frames.append(rendered(app.screen.query_one("#text")))
        await pilot.press("space")  # the whole text, and the choices
        await pilot.pause()
        frames.append(rendered(app.screen.query_one("#text"), app.screen.query_one("#choices")))
    assert "You wake" in frames[-1] and "Pick red" in frames[-1]
    for frame in frames:
        assert_clean(frame)


# ---- saves -----------------------------------------------------------------------------------------
def test_an_autosave_the_game_could_not_read_back_is_never_written(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    saves.write(AUTOSAVE, {"scene": "one_middle", "variables": {}, "history": ["one_opening.blue"]})
    before = saves.path_for(AUTOSAVE).read_text()
    too_long = {"scene": "one_middle", "variables": {}, "history": ["one_opening.blue"] * (MAX_HISTORY + 1)}
    with pytest.raises(ValueError, match="history of more than 100,000 choices"):
        saves.write(AUTOSAVE, too_long)
    assert saves.path_for(AUTOSAVE).read_text() == before


def test_a_save_too_large_to_read_back_is_refused(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    with pytest.raises(ValueError, match="more than a save can be"):
        saves.write("huge", {"scene": "x", "variables": {"v": "x" * 3_000_000}, "history": []})
    assert not saves.exists("huge")


def test_temp_files_left_by_a_killed_write_go_at_the_next_start(data_dir: Path) -> None:
    folder = data_dir / "saves"
    folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = folder / f".autosave.json.{dead.stdout.strip()}.0123456789ab.tmp"
    old = folder / f".slot-a.json.{os.getpid()}.0123456789ab.tmp"
    mine = folder / f".slot-b.json.{os.getpid()}.ba9876543210.tmp"
    for path in (left, old, mine):
        path.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    (data_dir / f".progress.json.{dead.stdout.strip()}.0123456789ab.tmp").write_text("{")
    SaveStore(folder)
    from game.engine import Progress

    Progress(data_dir)
    assert not left.exists() and not old.exists()
    assert mine.exists()  # a write still going on (here, this process's own) is left alone
    assert not list(data_dir.glob(".progress*.tmp"))


def test_a_newer_games_kept_autosaves_are_never_rotated_away(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    saves.root.mkdir(parents=True)
    newer = (CORPUS / "saves" / "newer" / "slot-previous-autosave-3.json").read_text()
    saves.path_for("Previous autosave 3").write_text(newer)
    for n in range(5):  # five games in turn, each leaving an unfinished autosave behind
        saves.keep_previous_autosave(lambda data: False)
        saves.write(AUTOSAVE, {"scene": f"scene_{n}", "variables": {}, "history": []})
    kept = list(saves.root.glob("*newer-game*.json"))
    assert [p.read_text() for p in kept] == [newer]
    assert saves.read("Previous autosave 3")["scene"] == "scene_1"  # this game's own, rotated as before


def test_plain_refuses_a_reserved_name_before_asking_to_overwrite(small_story: Story, data_dir: Path) -> None:
    saves = SaveStore(story_folder(small_story.root, default_scenes_dir(), data_dir) / "saves")  # play_plain's
    saves.write("Previous autosave", {"scene": "one_middle", "variables": {}, "history": ["one_opening.blue"]})
    out = io.StringIO()
    play_plain(small_story, out=out, inp=io.StringIO("s\nPrevious autosave\ny\n"))
    text = out.getvalue()
    assert "Not saved: that name is kept for the autosaves of the games before." in text
    assert "Overwrite" not in text


# ---- plain mode's input ---------------------------------------------------------------------------
def test_invalid_utf_8_on_stdin_gets_the_hint_and_earlier_answers_are_kept(data_dir: Path) -> None:
    # A UTF-8 locale reads stdin strictly (the C locale would escape the bytes instead).
    env = dict(os.environ, BALLERINA_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8:strict")
    run = subprocess.run([sys.executable, "-m", "game", "--plain", "--scenes", str(GOOD)],
                         input=b"2\n\xff\xfe\x80\n", capture_output=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode()
    assert HINT in " ".join(out.split()) and "something went wrong" not in out + run.stderr.decode()  # (wrapped)
    assert "Blue it is." in out
    saved = next((data_dir / "other-stories").glob("*/saves/autosave.json"))
    assert json.loads(saved.read_text())["scene"] == "one_middle"


@pytest.mark.parametrize("line", ["x" * 2_000_000, " " * 2_000_000 + "x", "x\u00a0" * 1_000_000])
def test_wrapping_a_pathological_word_takes_linear_time(line: str) -> None:
    start = time.perf_counter()
    wrapped = wrap(line)
    assert time.perf_counter() - start < 1.5  # textwrap alone: 9 s for the spaces, 1 s for the word
    assert max(len(x) for x in wrapped.splitlines()) <= 72


# ---- the pure function --------------------------------------------------------------------------------
def test_printable_keeps_text_newlines_and_tabs_and_one_character_for_each_control() -> None:
    assert printable("Ok-joo\tMin-hee\n민희") == "Ok-joo\tMin-hee\n민희"
    assert printable("a\x1b[2Jb\x9bc\x7f") == "a\ufffd[2Jb\ufffdc\ufffd"


# ---- errors are types (issue 15.6) -------------------------------------------------------------------
def test_an_unknown_chapter_or_ending_is_the_players_to_correct(small_story: Story,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from game.engine.model import NotInStory, UnknownChapter, UnknownEnding

    with pytest.raises(UnknownChapter, match=r"^there is no chapter 'nine'; the chapters are one, two"):
        small_story.chapter("nine")
    with pytest.raises(UnknownEnding, match=r"^there is no ending 'happy'"):
        small_story.ending("happy")
    assert issubclass(UnknownChapter, NotInStory) and issubclass(NotInStory, LookupError)
    assert main(["--plain", "--scenes", str(GOOD), "--ending", "happy"]) == 2
    # (issue 11.6: the endings not reached are not named; none is reached here)
    assert capsys.readouterr().err == ("ballerina: there is no ending 'happy'; you have not reached any ending yet. "
                                       "'ballerina endings' lists them all, by hint.\n")


def test_a_programming_error_is_never_printed_as_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import game.__main__

    def broken(args: object) -> int:
        return {}["a key the code forgot"]  # type: ignore[no-any-return]

    monkeypatch.setitem(game.__main__.COMMANDS, "chapters", broken)
    assert main(["chapters"]) == 1
    assert "something went wrong (KeyError" in capsys.readouterr().err


def test_progress_too_large_to_read_back_is_not_written_and_the_game_goes_on(data_dir: Path) -> None:
    from game.engine import Progress

    progress = Progress(data_dir)
    progress.record({"a_scene"})
    before = progress.path.read_text()
    progress.record({f"scene_{n:07d}_{'x' * 30}" for n in range(60_000)})  # about 3 MB of ids
    assert progress.message is not None and "more than a save can be" in progress.message
    assert progress.path.read_text() == before


def test_a_byte_order_mark_does_not_shift_the_columns(tmp_path: Path) -> None:
    folder = copy_of_good(tmp_path)
    two = folder / "2-two.yaml"
    two.write_text("\ufeff" + two.read_text().replace("if: coins >= 2", 'if: "coins\\t>= 2 and coinz > 1"'),
                   encoding="utf-8")
    (found,) = problems(folder)
    assert found.startswith("2-two.yaml:18:30: in the condition"), found
