"""The checker names the file, the line and the fix for every way a story can be broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import StoryError, check_story, load_story, read_story

GOOD = Path(__file__).parent / "stories" / "good"


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the good fixture story with one edit; the edit must apply."""
    folder = tmp_path / "story"
    shutil.copytree(GOOD, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    story, found = read_story(folder)
    if story is not None:
        found = check_story(story).problems
    return [f"{Path(p.file).name}:{p.line}:{p.col}: {p.message}" for p in found]


def only(folder: Path) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def test_the_good_fixture_has_no_problems() -> None:
    assert problems(GOOD) == []


def test_a_misspelt_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", "    choices:\n      - label: Pick red.", "    choises:\n      - label: Pick red.")
    found = problems(folder)
    assert any(p.startswith("1-one.yaml:16:5: unknown key 'choises'") and 'did you mean "choices"' in p for p in found)


def test_a_duplicate_key_is_rejected_not_silently_overwritten(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", "    place: \"Seoul, 5:40 a.m.\"\n", "    place: \"Seoul\"\n    place: \"Busan\"\n")
    assert "1-one.yaml:12:5: 'place' is written twice in this mapping (first on line 11); keep one" in problems(folder)


@pytest.mark.parametrize(
    ("raw", "reads_as"),
    [("no", "false"), ("on", "true"), ("1:30", "the number 90"), ("012", "the number 10")],
)
def test_yaml_surprises_where_text_is_expected(tmp_path: Path, raw: str, reads_as: str) -> None:
    folder = broken(tmp_path, "1-one.yaml", 'place: "Seoul, 5:40 a.m."', f"place: {raw}")
    message = only(folder)
    assert message.startswith("1-one.yaml:11:12:")
    assert f"YAML reads {raw} as {reads_as}" in message
    assert f'put it in quotes: "{raw}"' in message


def test_a_missing_target_is_named_with_a_suggestion(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "to: good_end", "to: god_end")
    message = only(folder)
    assert "leads to 'god_end', which does not exist" in message and 'did you mean "good_end"' in message


def test_an_unreachable_scene_is_reported(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "  good_end:",
                    "  lost:\n    text: [Nobody reads this.]\n    next: good_end\n  good_end:")
    assert any("scene 'lost' can never be reached" in p for p in problems(folder))


def test_an_unreachable_ending_is_reported(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "        to: bad_end\n", "        to: good_end\n        id: walk\n")
    folder_text = (folder / "1-one.yaml").read_text()
    (folder / "1-one.yaml").write_text(folder_text.replace("to: bad_end", "to: two_opening\n        id: give_up"))
    assert any("scene 'bad_end' can never be reached, so the ending 'bad' is never seen" in p for p in problems(folder))


def test_a_dead_end_names_the_state_it_is_reached_in(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "      - label: Walk.\n        to: bad_end\n",
                    "      - label: Walk.\n        to: bad_end\n        if: coins > 5\n")
    message = only(folder)
    assert message.startswith("2-two.yaml:")
    assert "dead end: scene 'two_choice' can be reached (with coins = 0) when none of its choices is open" in message


def test_a_loop_without_a_way_out_is_reported(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "    next: two_choice", "    choices:\n      - {label: Round., to: two_loop}\n"
                    "      - {label: On., to: two_choice, if: coins > 100}\n  two_loop:\n    text: [Again.]\n"
                    "    next: two_opening")
    found = problems(folder)
    assert any("no way out: from scene 'two_opening'" in p for p in found), found


def test_a_variable_that_grows_without_limit_is_caught_not_explored_for_ever(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "    next: two_choice",
                    "    choices:\n      - {label: Again., to: two_opening, do: [coins += 1]}\n"
                    "      - {label: On., to: two_choice}")
    assert any("distinct states" in p and "caps it" in p for p in problems(folder))


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("coinz > 1", "unknown variable 'coinz' (did you mean \"coins\"?)"),
        ("coins > \"two\"", "'>' needs a number, not text"),
        ("colour == \"rde\"", "'colour' is never 'rde'; it can be \"none\", \"red\" or \"blue\" (did you mean \"red\"?)"),
        ("coins", "a condition must be true or false, but this is a number"),
        ("coins = 2", "'=' sets a value; to compare, write '=='"),
        ("(coins > 1", "a '(' is never closed with ')'"),
        ("coins > 1 &&", "unexpected character '&'"),
    ],
)
def test_conditions_are_parsed_and_type_checked_at_load(tmp_path: Path, expr: str, message: str) -> None:
    folder = broken(tmp_path, "2-two.yaml", "if: coins >= 2", f"if: '{expr}'")
    found = only(folder)
    assert found.startswith("2-two.yaml:18:")
    assert message in found


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ('colour = "green"', "'colour' is never 'green'"),
        ("coins = true", "'coins' is a number, but this sets it to a flag"),
        ("one_flag += 1", "'+=' works on numbers"),
        ("nobody = 1", "unknown variable 'nobody'"),
    ],
)
def test_effects_are_type_checked(tmp_path: Path, effect: str, message: str) -> None:
    folder = broken(tmp_path, "1-one.yaml", 'do: [colour = "red", coins += 2]', f"do: ['{effect}']")
    assert message in only(folder)


def test_the_canonical_route_must_reach_the_true_ending(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "        canon: true\n", "")
    folder_text = (folder / "2-two.yaml").read_text()
    (folder / "2-two.yaml").write_text(folder_text.replace("to: bad_end", "to: bad_end\n        canon: true"))
    assert any("the canonical route ends at 'bad', not at the true ending 'good'" in p for p in problems(folder))


def test_a_scene_with_two_open_choices_and_no_canon_is_named(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", "        canon: true\n", "")
    assert "none is marked 'canon: true'" in only(folder)


def test_every_chapter_entry_must_lie_on_the_canonical_route(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", "      - label: Go on.\n        to: two_opening",
                    "      - label: Go on.\n        to: two_choice")
    found = problems(folder)
    assert any("never passes the entry of chapter 'two' ('two_opening')" in p for p in found), found


def test_an_ending_without_a_scene_and_an_undeclared_ending(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "ending: bad", "ending: badd")
    found = problems(folder)
    assert any("'badd', which story.yaml does not declare (did you mean \"bad\"?)" in p for p in found)
    assert any("ending 'bad' has no scene" in p for p in found)


def test_unknown_theme_and_undeclared_chapter(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", "themes: [grief]", "themes: [greif]")
    assert "theme 'greif' is not in story.yaml's themes (did you mean \"grief\"?)" in only(folder)


def test_duplicate_scene_ids_across_files(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "  good_end:", "  one_middle:\n    text: [Twice.]\n    next: good_end\n  good_end:")
    assert any("scene id 'one_middle' is already used in" in p for p in problems(folder))


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "    text: [It ends well.]", "    text: [It ends well.\n")
    message = only(folder)
    assert message.startswith("2-two.yaml:") and "this is not valid YAML" in message


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", 'place: "Seoul, 5:40 a.m."', "place: no\n    colour: red")
    text = (folder / "2-two.yaml").read_text().replace("to: good_end", "to: nowhere")
    (folder / "2-two.yaml").write_text(text)
    assert len(problems(folder)) >= 3


def test_load_story_raises_with_every_problem(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "to: good_end", "to: god_end")
    with pytest.raises(StoryError) as info:
        load_story(folder)
    assert "god_end" in str(info.value)


def test_check_command_prints_file_line_col_and_exits_1_without_a_traceback(tmp_path: Path) -> None:
    folder = broken(tmp_path, "1-one.yaml", 'place: "Seoul, 5:40 a.m."', "place: 1:30")
    run = subprocess.run([sys.executable, "-m", "game", "check", str(folder)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "1-one.yaml:11:12:" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_check_stats_counts_scenes_words_and_the_canonical_route() -> None:
    run = subprocess.run([sys.executable, "-m", "game", "check", str(GOOD), "--stats"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Scenes: 6" in run.stdout
    assert "Endings: 2" in run.stdout
    assert "Words on the canonical route:" in run.stdout


def test_a_canonical_route_that_loops_through_a_counter_nothing_reads_is_reported_not_followed(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "    next: two_choice",
                    "    choices:\n      - {label: Pace., to: two_opening, canon: true, do: [coins += 1]}\n"
                    "      - {label: On., to: two_choice}")
    text = (folder / "2-two.yaml").read_text().replace("        if: coins >= 2\n", "")
    (folder / "2-two.yaml").write_text(text)
    found = problems(folder)
    assert any("the canonical route comes back to scene 'two_opening'" in p for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("coins: {type: number, start: 0}", "coins: {type: number, start: " + "9" * 5000 + "}",
         "story.yaml:19:32:", "YAML cannot read '99999999999999999999...' here"),
        ("if: coins >= 2", "if: coins >= " + "9" * 40, "2-two.yaml:18:", "too large a number"),
    ],
)
def test_a_number_too_large_for_python_is_a_located_problem(tmp_path: Path, old: str, new: str, where: str,
                                                            message: str) -> None:
    file = "story.yaml" if "coins:" in old else "2-two.yaml"
    found = only(broken(tmp_path, file, old, new))
    assert found.startswith(where) and message in found


def test_yaml_aliases_are_refused_where_they_stand_even_in_a_loop(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "    text: [It ends badly.]", "    text: &x [It ends badly., *x]")
    found = problems(folder)
    assert any("YAML alias" in p for p in found), found
    folder = broken(tmp_path / "b", "2-two.yaml", "    text: [It ends badly.]", "    text: *nothing")
    assert "not valid YAML" in only(folder)


def test_a_yaml_1_1_value_sign_where_text_belongs_gets_the_quotes_hint(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "    text: [It ends badly.]", "    text:\n      - =\n"))
    assert found.startswith("2-two.yaml:27:9:") and "put it in quotes" in found


def test_a_file_that_is_not_utf_8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "title: Two", "title: Two")
    path = folder / "2-two.yaml"
    path.write_bytes(path.read_bytes().replace(b"blurb: The second.", b"blurb: The s\xe9cond."))
    found = only(folder)
    assert found.startswith("2-two.yaml:4:15:") and "not UTF-8" in found and "\n" not in found


def test_a_control_character_names_its_line(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "blurb: The second.", "blurb: The se\x07cond."))
    assert found.startswith("2-two.yaml:4:") and "control characters" in found and "\n" not in found


def test_a_chapter_listed_twice_is_named(tmp_path: Path) -> None:
    found = problems(broken(tmp_path, "story.yaml", "chapters: [one, two]", "chapters: [one, two, one]"))
    assert any("chapter 'one' is listed twice" in p for p in found), found


@pytest.mark.parametrize("raw", ["012", "1_000", "0x10", "1:30"])
def test_a_number_yaml_1_1_reads_its_own_way_is_refused_as_a_start(tmp_path: Path, raw: str) -> None:
    found = only(broken(tmp_path, "story.yaml", "coins: {type: number, start: 0}", f"coins: {{type: number, start: {raw}}}"))
    assert f"YAML reads {raw} as the number" in found


def test_a_wrongly_declared_variable_is_one_problem_not_one_per_use(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "story.yaml", "coins: {type: number, start: 0}", "coins: {type: numbr, start: 0}"))
    assert "has type 'numbr' (did you mean \"number\"?)" in found
    found = only(broken(tmp_path / "b", "story.yaml", "coins: {type: number, start: 0}",
                        "coins: {type: number, start: 1.5}"))
    assert "holds whole numbers, so its start cannot be the number 1.5" in found


def test_a_condition_over_several_lines_is_reported_on_its_first_line(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "if: coins >= 2", "if: >-\n          coins >= 2 and\n          coinz > 1"))
    assert found.startswith("2-two.yaml:18:13:") and "unknown variable 'coinz'" in found


def test_a_missing_target_is_reported_where_the_target_is_written(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "to: good_end", "to: god_end"))
    assert found.startswith("2-two.yaml:17:13:")


def test_one_text_variable_set_from_another_must_fit_its_values(tmp_path: Path) -> None:
    folder = broken(tmp_path, "story.yaml", "  colour: {type: text, start: none, values: [none, red, blue]}",
                    "  colour: {type: text, start: none, values: [none, red, blue]}\n"
                    "  mood: {type: text, start: calm, values: [calm, angry]}")
    text = (folder / "1-one.yaml").read_text().replace('do: [colour = "red", coins += 2]', "do: [colour = mood]")
    (folder / "1-one.yaml").write_text(text)
    assert "'colour' can only be \"none\", \"red\" or \"blue\", but 'mood' can be \"calm\" or \"angry\"" in only(folder)


@pytest.mark.parametrize(("values", "message"), [("[]", "lists no values"), ("[none, red, red]", "'red' is listed twice")])
def test_values_must_be_listed_once_each(tmp_path: Path, values: str, message: str) -> None:
    folder = broken(tmp_path, "story.yaml", "values: [none, red, blue]", f"values: {values}")
    assert any(message in p for p in problems(folder))


def test_a_condition_too_long_to_be_one_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "if: coins >= 2", "if: " + " or ".join(["coins >= 2"] * 300)))
    assert "longer than a condition can be" in found


def test_a_chapter_file_without_its_chapter_does_not_also_lose_every_scene_in_it(tmp_path: Path) -> None:
    found = problems(broken(tmp_path, "2-two.yaml", "chapter:\n", "chaptre:\n"))
    assert any("unknown key 'chaptre'" in p and 'did you mean "chapter"' in p for p in found)
    assert all(p.startswith("2-two.yaml:1:1:") for p in found), found


def test_text_where_a_flag_belongs_is_named_as_text(tmp_path: Path) -> None:
    found = only(broken(tmp_path, "2-two.yaml", "    interlude: true", '    interlude: "true"'))
    assert "must be true or false, not the text 'true'" in found


def test_two_missing_keys_are_two_problems(tmp_path: Path) -> None:
    folder = broken(tmp_path, "2-two.yaml", "  title: Two\n", "")
    text = (folder / "2-two.yaml").read_text().replace("  entry: two_opening\n", "")
    (folder / "2-two.yaml").write_text(text)
    found = problems(folder)
    assert any("'chapter' needs 'title'" in p for p in found) and any("'chapter' needs 'entry'" in p for p in found)


def test_an_ending_hint_and_a_scene_title_are_read(tmp_path: Path) -> None:
    hinted = "    title: The Bad End\n    hint: \"Chapter 2: a wrong turn.\"\n"
    folder = broken(tmp_path, "story.yaml", "    title: The Bad End\n", hinted)
    chapter = folder / "1-one.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("  one_opening:\n", "  one_opening:\n    title: Waking\n", 1), encoding="utf-8")
    story = load_story(folder)
    assert story.ending("bad").hint == "Chapter 2: a wrong turn."
    assert story.ending("good").hint == ""
    assert story.scenes["one_opening"].title == "Waking"
