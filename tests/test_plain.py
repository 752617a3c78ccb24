"""The plain front end and the commands that print: transcripts checked by key phrases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import default_scenes_dir
from game.engine.saves import story_folder

GOOD = Path(__file__).parent / "stories" / "good"


def good_saves(data_dir: Path) -> Path:
    """The fixture story's save folder: a story played with --scenes keeps its own."""
    return story_folder(GOOD, default_scenes_dir(), data_dir) / "saves"


def ballerina(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, timeout=60,
        env=env or dict(os.environ),
    )


def plain(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return ballerina("--plain", "--scenes", str(GOOD), *args, stdin=stdin)


def test_plain_mode_shows_the_content_note_first_then_text_and_numbered_choices() -> None:
    run = plain("")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.index("CONTENT NOTE") < out.index("You wake.")
    assert "findahelpline.com" in out
    assert "== Chapter 1: One ==" in out and "(This chapter holds: Grief.)" in out
    assert "  1. Pick red.\n  2. Pick blue.\n> " in out


def test_the_content_note_is_shown_once() -> None:
    plain("")
    assert "CONTENT NOTE" not in plain("").stdout


def test_a_whole_playthrough_to_an_ending_with_credits() -> None:
    run = plain("1\n1\n1\n1\n")
    assert run.returncode == 0, run.stderr
    assert "Red it is." in run.stdout
    assert "[Meanwhile]" in run.stdout
    assert "== Ending: The Good End ==" in run.stdout
    assert "Written for the tests." in run.stdout and "THE END" in run.stdout


def test_anything_else_gets_a_one_line_hint_and_the_question_again() -> None:
    run = plain("7\nhello\n\n2\n")
    assert run.stdout.count("Type a choice's number") == 3
    assert "Blue it is." in run.stdout


def test_undo_history_and_save_from_the_prompt(data_dir: Path) -> None:
    run = plain("2\nu\n1\nh\ns\nmy save\n")
    out = run.stdout
    assert out.count("Blue it is.") == 1 and "Red it is." in out
    assert "-- History --" in out and "> Pick red." in out
    assert "Saved as 'my save'." in out
    assert (good_saves(data_dir) / "slot-my-save.json").is_file()


def test_end_of_input_autosaves_and_continue_resumes(data_dir: Path) -> None:
    first = plain("2\n")
    assert first.returncode == 0 and "Your game is autosaved in" in first.stdout
    assert "To go on from there: ballerina --plain --continue" in first.stdout
    second = plain("", "--continue")
    assert "Blue it is." in second.stdout
    assert "You wake." not in second.stdout.split("== Chapter")[-1]


def test_q_quits_with_an_autosave(data_dir: Path) -> None:
    run = plain("1\nq\n")
    assert run.returncode == 0
    assert (good_saves(data_dir) / "autosave.json").is_file()


def test_chapter_and_ending_flags() -> None:
    assert "Meanwhile elsewhere." in plain("", "--chapter", "2").stdout
    assert "Meanwhile elsewhere." in plain("", "--chapter", "two").stdout
    replay = plain("", "--ending", "--spoilers")  # not reached yet: only an author's --spoilers replays it
    assert "Replaying “The Good End”" in replay.stdout and "You have some coins." in replay.stdout


def test_a_wrong_chapter_is_one_line_not_a_traceback() -> None:
    run = plain("", "--chapter", "9")
    assert run.returncode == 2
    assert "there is no chapter '9'" in run.stderr and "Traceback" not in run.stderr


def test_a_corrupt_autosave_on_continue_is_set_aside_and_a_new_game_starts(data_dir: Path) -> None:
    (good_saves(data_dir)).mkdir(parents=True)
    (good_saves(data_dir) / "autosave.json").write_text("{{{{")
    run = plain("", "--continue")
    assert run.returncode == 0
    assert "moved aside" in run.stdout and "You wake." in run.stdout


def test_plain_output_has_no_colour_codes_or_cursor_moves() -> None:
    out = plain("1\n1\n1\n1\n").stdout
    assert "\x1b" not in out


def test_a_broken_story_is_reported_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "story.yaml").write_text("title: [unclosed\n")
    run = ballerina("--plain", "--scenes", str(folder))
    assert run.returncode == 1
    assert "story.yaml:" in run.stderr and "not valid YAML" in run.stderr and "Traceback" not in run.stderr


def test_walkthrough_prints_the_canonical_route_with_chapter_headings() -> None:
    run = ballerina("walkthrough", "--scenes", str(GOOD))
    assert run.returncode == 0
    out = run.stdout
    assert out.index("== Chapter 1: One ==") < out.index("> Pick red.") < out.index("== Chapter 2: Two ==")
    assert "== Ending: The Good End ==" in out


def test_chapters_and_endings_lists() -> None:
    assert "2. two" in ballerina("chapters", "--scenes", str(GOOD)).stdout
    out = ballerina("endings", "--scenes", str(GOOD), "--spoilers").stdout
    assert "The Good End (the film's ending) [not yet]" in out


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(GOOD)],
        ["walkthrough", "--scenes", str(GOOD)],
        ["--plain", "--scenes", str(GOOD)],
    ],
)
def test_the_engine_and_the_plain_commands_never_import_textual_or_rich(args: list[str]) -> None:
    code = (
        "import sys, io\n"
        "sys.stdin = io.StringIO('1\\n')\n"
        "from game.__main__ import main\n"
        f"main({args!r})\n"
        "import game.engine, game.plain\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("clean")


def test_a_digit_that_is_not_a_number_gets_the_hint_not_a_crash() -> None:
    run = plain("²\n" + "9" * 5000 + "\n2\n")
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("Type a choice's number") == 2 and "Blue it is." in run.stdout


def test_a_corrupt_autosave_on_continue_is_reported_once(data_dir: Path) -> None:
    good_saves(data_dir).mkdir(parents=True)
    (good_saves(data_dir) / "autosave.json").write_text("{{{{")
    out = plain("", "--continue").stdout
    assert out.count("moved aside") == 1 and "There is no autosave" not in out


def test_the_input_ending_at_the_save_prompt_saves_nothing(data_dir: Path) -> None:
    run = plain("2\ns\n")
    assert run.returncode == 0 and "Saved as" not in run.stdout
    assert not list(good_saves(data_dir).glob("slot-*.json"))


def test_saving_over_another_name_asks_first_and_the_autosave_name_is_kept(data_dir: Path) -> None:
    run = plain("s\nBefore motel\n2\ns\nbefore.motel\nn\ns\nautosave\n")
    out = run.stdout
    assert "Saved as 'Before motel'." in out
    assert "Overwrite the save 'Before motel'? (y/n)" in out and "Not saved." in out
    assert "Not saved: that name is kept for the autosave." in out


def test_load_lists_the_saves_and_resumes_the_one_picked(data_dir: Path) -> None:
    plain("2\ns\nblue\n")
    # A new game: its first choice keeps the last game's autosave as "Previous autosave".
    run = plain("1\nl\n3\n")
    assert 'The autosave of the game you were playing is kept as "Previous autosave"' in run.stdout
    out = run.stdout.split("-- Saves --")[-1]
    assert "1. Autosave" in out and "2. Previous autosave" in out and "3. blue" in out
    assert "[Loaded “blue”.]" in out and "Blue it is." in out  # the same news as the TUI's


def test_continue_and_a_chapter_cannot_both_be_asked_for() -> None:
    run = plain("", "--continue", "--chapter", "2")
    assert run.returncode == 2 and "--continue and --chapter cannot be asked for together" in run.stderr


def test_a_story_played_with_scenes_keeps_its_own_saves_and_counts_its_own_endings(data_dir: Path) -> None:
    assert good_saves(data_dir).parent != data_dir
    run = plain("1\n1\n1\n1\n")
    assert "Endings reached: 1 of 2." in run.stdout
    assert not (data_dir / "saves").exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {}),
        (["--plain", "--gentle"], {"plain": True, "gentle": True}),
        (["--chapter", "3"], {"chapter": "3"}),
        (["--chapter=motel", "--plain"], {"chapter": "motel", "plain": True}),
        (["--ending"], {"ending": ""}),
        (["--ending", "--plain"], {"ending": "", "plain": True}),
        (["--ending", "closed_file"], {"ending": "closed_file"}),
        (["--ending=due_process"], {"ending": "due_process"}),
        (["--ending", "bad", "--spoilers"], {"ending": "bad", "spoilers": True}),
        (["--continue", "--scenes", "here"], {"resume": True, "scenes": Path("here")}),
    ],
)
def test_the_play_command_line(argv: list[str], expected: dict[str, object]) -> None:
    from game.__main__ import PlayArgs, parse_play

    args = vars(parse_play(argv))
    assert args == dict(vars(PlayArgs()), **expected)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--chapter"], "--chapter needs a value"),
        (["--scenes", "--plain"], "--scenes needs a value"),
        (["--plian"], "unrecognized argument '--plian'"),
        (["--ending", "--chapter", "2"], "--ending and --chapter cannot be asked for together"),
    ],
)
def test_a_wrong_play_command_line_is_one_line_and_exit_2(argv: list[str], message: str) -> None:
    run = ballerina(*argv)
    assert run.returncode == 2 and f"ballerina: error: {message}" in run.stderr and "Traceback" not in run.stderr


def test_help_and_version() -> None:
    assert "--chapter ID|N" in ballerina("--help").stdout
    assert ballerina("--version").stdout.startswith("ballerina ")
