"""Locked endings, `--ending` and `--spoilers`, `ballerina map` and `ballerina graph`, and the map in plain mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import hinted_copy

from game.engine import Story, load_story
from game.engine.route import canonical_route
from game.engine.storymap import story_graph


def ballerina(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))


@pytest.fixture
def hinted(tmp_path: Path) -> Path:
    return hinted_copy(tmp_path)


def test_a_locked_ending_is_listed_by_its_hint_never_its_title_or_id(hinted: Path) -> None:
    out = ballerina("endings", "--scenes", str(hinted)).stdout
    assert "Locked · Chapter 1: a colour, then giving up. [not yet]" in out
    assert "Locked · Chapter 2: spend wisely. [not yet]" in out
    assert "Bad End" not in out and "bad" not in out.replace("not yet", "")
    ballerina("--plain", "--scenes", str(hinted), stdin="2\n2\n")  # blue, give up: the bad ending
    out = ballerina("endings", "--scenes", str(hinted)).stdout
    assert re.search(r"^bad +The Bad End \[reached\]$", out, re.M)
    assert "Good End" not in out and "Locked · Chapter 2: spend wisely." in out
    assert "The Good End (the film's ending) [not yet]" in ballerina("endings", "--scenes", str(hinted), "--spoilers").stdout


def test_replaying_an_ending_not_reached_says_so_with_its_hint_unless_spoilers(hinted: Path) -> None:
    run = ballerina("--plain", "--scenes", str(hinted), "--ending", "bad")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == ("ballerina: you have not reached that ending yet. Hint: Chapter 1: a colour, then giving up. "
                          "Play on to find it, or add --spoilers to replay it anyway.\n")
    run = ballerina("--plain", "--scenes", str(hinted), "--ending")
    assert run.returncode == 2 and "not reached the film's ending yet. Hint: Chapter 2: spend wisely." in run.stderr
    run = ballerina("--plain", "--scenes", str(hinted), "--ending", "bad", "--spoilers")
    assert run.returncode == 0 and "Replaying “The Bad End”" in run.stdout
    ballerina("--plain", "--scenes", str(hinted), stdin="2\n2\n")
    assert "Replaying “The Bad End”" in ballerina("--plain", "--scenes", str(hinted), "--ending", "bad").stdout


def test_an_unknown_ending_names_only_the_endings_reached(hinted: Path) -> None:
    run = ballerina("--plain", "--scenes", str(hinted), "--ending", "nope")
    assert run.returncode == 2
    assert "there is no ending 'nope'; you have not reached any ending yet." in run.stderr
    assert "good" not in run.stderr and "bad" not in run.stderr
    ballerina("--plain", "--scenes", str(hinted), stdin="2\n2\n")
    run = ballerina("--plain", "--scenes", str(hinted), "--ending", "nope")
    assert "the endings you have reached are bad." in run.stderr and "good" not in run.stderr


def test_plain_mode_ends_with_where_you_left_the_film_and_the_hints_of_the_endings_still_locked(hinted: Path) -> None:
    out = ballerina("--plain", "--scenes", str(hinted), stdin="2\n2\n").stdout
    ending = out[out.index("== Ending: The Bad End =="):]
    assert " ".join(ending.split()).startswith(
        "== Ending: The Bad End == You left the film in chapter 1, One, at the middle, when you chose “Give up.” "
        "Before that, one choice of your own had coloured it. Endings reached: 1 of 2. "
        "? Locked · Chapter 2: spend wisely. ■ The Bad End")
    assert "Good End" not in out


def test_plain_mode_m_shows_the_map_and_goes_back_to_a_decision_to_reach_a_second_ending(hinted: Path) -> None:
    # blue, then the map: back to the first decision (1), asked first (y), then the film's route to its end.
    out = ballerina("--plain", "--scenes", str(hinted), stdin="2\nm\n1\ny\n1\n1\n1\n1\n").stdout
    shown = out[out.index("-- Story map --"):out.index("Go back to a decision?")]
    assert "◆ Seoul, 5:40 a.m.  [1]" in shown and "▶ The middle  (you are here)" in shown
    assert "Go back to “Seoul, 5:40 a.m.”? The choices since are undone. (y/n)" in out
    assert "[Back at Seoul, 5:40 a.m., as you left it.]" in out
    assert "== Ending: The Good End ==" in out
    assert "You followed the film to the end, taking the film's choice at every turn." in " ".join(out.split())


def test_plain_mode_asks_before_the_map_undoes_a_game_under_way_and_a_stray_number_loses_nothing(hinted: Path) -> None:
    out = ballerina("--plain", "--scenes", str(hinted), stdin="2\nm\n1\n1\nq\n").stdout  # "1" meant as a choice
    assert "The choices since are undone. (y/n)" in out and "Back at" not in out
    assert ballerina("map", "--scenes", str(hinted)).stdout.count("▶ The middle  (you are here)") == 1


def test_ballerina_map_prints_the_map_of_the_game_in_progress(hinted: Path) -> None:
    out = ballerina("map", "--scenes", str(hinted)).stdout
    assert "○ 2 scenes not yet seen" in out and "No game in progress" in out and "Locked · Chapter 1" in out
    assert "The middle" not in out and "The purse" not in out
    ballerina("--plain", "--scenes", str(hinted), stdin="2\nq\n")  # blue, then quit: autosaved at the middle
    out = ballerina("map", "--scenes", str(hinted)).stdout
    assert out.splitlines()[:3] == [
        "The story map · A Small Test",
        "So far you have followed the film, with one choice of your own along the",
        "way.",
    ]
    assert "  ◆ Seoul, 5:40 a.m.\n  ▶ The middle  (you are here)\n    ? one way not taken\n" in out
    assert "No game in progress" not in out
    assert all(len(line) <= 72 for line in out.splitlines())


MERMAID_LINE = re.compile(
    r"flowchart TD"
    r"|(?P<sub>subgraph) (?P<sid>\w+)\[\"[^\"]*\"\]"
    r"|(?P<end>end)"
    r"|direction TB"
    r"|(?P<node>\w+)(?:\[\"[^\"]*\"\]|\(\[\"[^\"]*\"\]\))"
    r"|(?P<src>\w+) (?:-->|==>)(?:\|\"[^\"]*\"\|)? (?P<dst>\w+)"
    r"|classDef \w+ [\w:-]+(?: \d+)?"
    r"|class (?P<members>\w+(?:,\w+)*) \w+"
)


def check_mermaid(text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Read a mermaid flowchart the way its grammar does, line by line: every line one known
    statement, subgraphs closed, every edge and class between nodes that were declared."""
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    depth = 0
    for line in text.strip().splitlines():
        found = MERMAID_LINE.fullmatch(line.strip())
        assert found, f"not mermaid: {line!r}"
        if found["sub"]:
            depth += 1
        elif found["end"]:
            depth -= 1
            assert depth >= 0
        elif found["node"]:
            assert found["node"] not in nodes, f"{found['node']} twice"
            assert found["node"] != "end"
            nodes.add(found["node"])
        elif found["src"]:
            edges.append((found["src"], found["dst"]))
        elif found["members"]:
            assert set(found["members"].split(",")) <= nodes
    assert depth == 0
    assert {n for edge in edges for n in edge} <= nodes
    return nodes, edges


def test_the_graph_names_every_scene_of_the_story_groups_chapters_and_marks_the_film(story: Story) -> None:
    graph = story_graph(story)
    text = graph.mermaid()
    nodes, edges = check_mermaid(text)
    assert nodes == {f"s_{sid}" for sid in story.scenes} | {"start"}
    assert len(edges) == len({(c.scene, c.target) for s in story.scenes.values() for c in s.choices}) + 1
    for chapter in story.chapters:
        assert f'subgraph c_{chapter.id}["Chapter {chapter.number}: ' in text
    for ending in story.endings:
        assert f's_{ending.scene}(["Ending: {ending.title}' in text
    film = [line for line in text.splitlines() if "==>" in line]
    assert len(film) == len({(s.scene, s.choice.target) for s in canonical_route(story) if s.choice}) + 1


def test_the_graph_of_one_chapter_and_as_dot(small_story: Story) -> None:
    text = story_graph(small_story, "one").mermaid()
    nodes, _ = check_mermaid(text)
    assert nodes == {"start", "s_one_opening", "s_one_middle", "s_two_opening", "s_bad_end"}
    assert 's_one_opening ==>|"Pick red. / Pick blue."| s_one_middle' in text
    assert "subgraph c_two" in text  # where chapter one leads, drawn in its own chapter
    dot = story_graph(small_story).dot()
    assert dot.startswith("digraph story {") and dot.rstrip().endswith("}")
    assert dot.count("subgraph cluster_") == 2 and dot.count("{") == dot.count("}")
    assert '"two_choice" -> "good_end" [label="Spend.", penwidth=3];' in dot
    assert '"good_end" [label="Ending: The Good End (the film\'s ending)", penwidth=3, peripheries=2];' in dot


def test_graph_labels_that_would_break_mermaid_are_escaped(tmp_path: Path) -> None:
    folder = hinted_copy(tmp_path)
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace("label: Pick red.", "label: 'Pick \"red\" | <b> #1'"))
    text = story_graph(load_story(folder)).mermaid()
    check_mermaid(text)
    assert "Pick #quot;red#quot; #124; #lt;b#gt; #35;1" in text


def test_graph_command_line(hinted: Path) -> None:
    run = ballerina("graph", "--scenes", str(hinted), "--format", "dot", "--chapter", "2")
    assert run.returncode == 0 and run.stdout.startswith("digraph story {") and "cluster_one" not in run.stdout
    assert ballerina("graph", "--scenes", str(hinted)).stdout.startswith("flowchart TD\n")
    run = ballerina("graph", "--scenes", str(hinted), "--chapter", "9")
    assert run.returncode == 2 and "there is no chapter '9'" in run.stderr
