"""Small things a play-tester found: one wording for the film's ending everywhere, --spoilers in the
play command's usage, and q and the end of input leaving a game the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hinted_copy
from test_plain import ballerina, plain

FILMS_ENDING = "(the film's ending)"


def test_the_films_ending_is_called_the_same_everywhere(tmp_path: Path) -> None:
    hinted = str(hinted_copy(tmp_path))
    ending = ballerina("--plain", "--scenes", hinted, stdin="1\n1\n1\n1\n").stdout
    assert "(The film's ending.)" in ending
    endings = ballerina("endings", "--scenes", hinted).stdout
    assert f"The Good End {FILMS_ENDING} [reached]" in endings
    assert f"The Good End  {FILMS_ENDING}" in ballerina("map", "--scenes", hinted).stdout
    assert f"Ending: The Good End {FILMS_ENDING}" in ballerina("graph", "--scenes", hinted).stdout
    help_text = ballerina("--help").stdout
    for said in (ending, endings, help_text, ballerina("endings", "--scenes", hinted, "--spoilers").stdout):
        assert "true ending" not in said and "true one" not in said


def test_the_usage_line_names_every_option_of_the_play_command() -> None:
    usage = ballerina("--help").stdout.split("\n\n")[0]
    assert "--spoilers" in usage
    refused = ballerina("--plain", "--nonsense")
    assert "--spoilers" in refused.stderr


@pytest.mark.parametrize("before", ["1\n", "1\nu\n", "2\n1\n"])
def test_q_leaves_a_game_as_the_end_of_input_does(before: str) -> None:
    by_eof = plain(before).stdout.rstrip().splitlines()[-1]
    by_q = plain(before + "q\n").stdout.rstrip().splitlines()[-1]  # the farewell on a line of its own
    assert by_eof.startswith("Your game is autosaved in")
    assert by_q == by_eof
