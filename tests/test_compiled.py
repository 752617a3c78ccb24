"""The compiled story in the user cache: used when the files are unchanged, ignored and rebuilt otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import STORIES, play

from game.engine import Session, Story, load_story
from game.engine.compiled import cache_dir, compile_story


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the small story that a test may edit."""
    shutil.copytree(STORIES / "good", tmp_path / "story")
    return tmp_path / "story"


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, reading YAML or checking fails the test."""
    import game.engine.checker
    import game.engine.loader

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the story was read or checked again")

    monkeypatch.setattr(game.engine.loader, "read_story", refuse)
    monkeypatch.setattr(game.engine.checker, "check_story", refuse)


def _compiled(folder: Path) -> list[Path]:
    return sorted(cache_dir().glob("story-*.json"))


def test_the_next_start_loads_the_compiled_story_without_yaml_or_the_check(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_story(folder)
    (cached,) = _compiled(folder)
    _no_reading(monkeypatch)
    again = load_story(folder)
    key = json.loads(cached.read_text())["key"]
    assert compile_story(again, key, checked=True) == compile_story(first, key, checked=True)
    s = play(Session(again), "blue", "two_opening", "next")
    assert [c.id for c in s.choices] == ["bad_end"]  # blue spent no coins: the condition works as it did


def test_an_edited_story_is_read_again_not_taken_from_the_cache(folder: Path) -> None:
    load_story(folder)
    two = folder / "2-two.yaml"
    two.write_text(two.read_text().replace("[It ends well.]", "[It ends WELL.]"))  # the same size
    story = load_story(folder)
    assert story.scenes["good_end"].text[0].text == "It ends WELL."
    assert len(_compiled(folder)) == 1  # the old version replaced, not kept beside it
    assert load_story(folder).scenes["good_end"].text[0].text == "It ends WELL."


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "not-json", "empty", "foreign", "other-format",
                                    "lost-target", "lost-entry", "wrong-start", "title-not-text", "label-not-text",
                                    "flag-not-bool", "dead-end", "theme-not-text", "ending-leads-on",
                                    "ending-elsewhere"])
def test_a_damaged_or_foreign_cache_is_ignored_and_written_again(folder: Path, tmp_path: Path, damage: str) -> None:
    load_story(folder)
    (cached,) = _compiled(folder)
    good = cached.read_bytes()
    data = json.loads(good)
    if damage == "truncated":
        cached.write_bytes(good[: len(good) // 2])
    elif damage == "corrupt":
        data["scenes"][0][3] = [["x", "y"]]  # a choice with most of its fields gone
        cached.write_text(json.dumps(data))
    elif damage == "not-json":
        cached.write_bytes(b"\x00\xff" * 40)
    elif damage == "empty":
        cached.write_bytes(b"")
    elif damage == "foreign":  # another story's compiled form under this one's name
        other = tmp_path / "other"
        shutil.copytree(folder, other)
        (other / "story.yaml").write_text((other / "story.yaml").read_text().replace("A Small Test", "Another"))
        load_story(other)
        (theirs,) = [p for p in _compiled(other) if p != cached]
        cached.write_bytes(theirs.read_bytes())
    elif damage == "lost-target":  # edited by hand: a choice leads to a scene that is not there
        data["scenes"][0][3][0][2] = "nowhere"
        cached.write_text(json.dumps(data))
    elif damage == "lost-entry":
        data["chapters"][1][3] = "nowhere"
        cached.write_text(json.dumps(data))
    elif damage == "wrong-start":
        data["variables"][0][3] = "lots"  # coins is a number
        cached.write_text(json.dumps(data))
    elif damage == "title-not-text":  # the TUI would call a string method on it
        data["title"] = 12
        cached.write_text(json.dumps(data))
    elif damage == "label-not-text":
        data["scenes"][0][3][0][1] = ["Pick", "red"]
        cached.write_text(json.dumps(data))
    elif damage == "flag-not-bool":
        data["scenes"][0][3][0][5] = "yes"  # canon
        cached.write_text(json.dumps(data))
    elif damage == "dead-end":  # a scene that is no ending and has no choice: play would stop there
        data["scenes"][0][3] = []
        cached.write_text(json.dumps(data))
    elif damage == "ending-leads-on":  # an ending scene with a choice as well
        end = next(s for s in data["scenes"] if s[5] is not None)
        end[3] = data["scenes"][0][3]
        cached.write_text(json.dumps(data))
    elif damage == "ending-elsewhere":  # an ending tied to a scene that is not it
        data["endings"][0][3] = data["scenes"][0][0]
        cached.write_text(json.dumps(data))
    elif damage == "theme-not-text":
        data["chapters"][0][4] = [None]
        cached.write_text(json.dumps(data))
    else:
        data["compiled"] = 99
        cached.write_text(json.dumps(data))
    story = load_story(folder)
    assert story.title == "A Small Test" and [c.id for c in Session(story).choices] == ["one_middle", "blue"]
    assert cached.read_bytes() == good  # rebuilt as it was


def test_an_unwritable_cache_folder_only_costs_speed(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("BALLERINA_CACHE_DIR", str(blocked / "cache"))
    story = load_story(folder)
    assert Session(story).scene_id == "one_opening"
    assert blocked.read_text() == "not a folder"


def test_a_story_compiled_unchecked_is_checked_before_a_checked_start_uses_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_story(folder, check=False)
    import game.engine.checker

    checked: list[Story] = []
    real = game.engine.checker.check_story

    def spy(story: Story) -> object:
        checked.append(story)
        return real(story)

    monkeypatch.setattr(game.engine.checker, "check_story", spy)
    load_story(folder)
    assert len(checked) == 1
    load_story(folder)  # now compiled as checked
    assert len(checked) == 1


def test_the_shipped_story_round_trips_through_its_compiled_form(story: Story, tmp_path: Path) -> None:
    from game.engine.compiled import read_compiled, write_compiled

    write_compiled(tmp_path / "story.json", story, "k", checked=True)
    again = read_compiled(tmp_path / "story.json", "k", story.root or Path(), need_check=True)
    assert again is not None
    assert compile_story(again, "k", checked=True) == compile_story(story, "k", checked=True)


def test_each_distinct_condition_and_effect_is_parsed_once_whether_read_or_compiled(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace(
        "      - label: Give up.\n        to: bad_end\n        if: one_flag\n",
        "      - label: Give up.\n        to: bad_end\n        if: one_flag\n"
        "      - {label: Give in., to: bad_end, id: give_in, if: one_flag, do: [coins += 2]}\n"))
    for _ in range(2):  # read from YAML, then from the compiled form
        story = load_story(folder, check=False)
        give_up, give_in = story.scenes["one_middle"].choices[1:]
        assert give_up.condition is give_in.condition  # the same text, one parse
        assert give_in.effects[0] is story.scenes["one_opening"].choices[0].effects[1]  # coins += 2
    assert len(_compiled(folder)) == 1


def test_a_story_folder_may_carry_its_compiled_form_as_the_wheel_does(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.engine.compiled as compiled
    from game.engine.compiled import carried_path, compile_folder

    monkeypatch.setattr(compiled, "default_scenes_dir", lambda: folder)  # as if it were the shipped story
    compile_folder(folder, carried_path(folder))
    assert carried_path(folder).name == "story.compiled.json" and carried_path(folder).parent == folder.parent
    with monkeypatch.context() as patched:
        _no_reading(patched)
        assert load_story(folder).title == "A Small Test"  # from the folder's own compiled form
    assert _compiled(folder) == []  # nothing to add to the cache
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace("You wake.", "You rise."))  # now the carried form is stale
    assert load_story(folder).scenes["one_opening"].text[0].text == "You rise."


def test_a_cache_tampered_with_a_terminal_escape_is_ignored_and_the_story_read_again(folder: Path) -> None:
    load_story(folder)
    (cached,) = _compiled(folder)
    for tampered in ("A Small Test\u001b[2J", "A Small Test\u009b2J"):
        data = json.loads(cached.read_text())
        data["title"] = tampered
        cached.write_text(json.dumps(data, ensure_ascii=False))
        assert load_story(folder).title == "A Small Test"


def test_a_story_file_that_is_a_pipe_is_never_read_for_the_cache_key(folder: Path) -> None:
    import os

    from game.engine.sources import source_key

    before = source_key(folder, "engine")
    os.mkfifo(folder / "3-three.yaml")  # read, it would wait for ever
    assert source_key(folder, "engine") != before  # the reader, not the key, says what is wrong with it


def test_hidden_files_are_not_chapters_and_do_not_change_the_key(folder: Path) -> None:
    load_story(folder)
    (cached,) = _compiled(folder)
    before = cached.read_bytes()
    (folder / ".#2-two.yaml").write_text("an editor's lock file")
    assert load_story(folder).title == "A Small Test"
    assert cached.read_bytes() == before


def test_a_backslash_written_in_the_story_is_not_taken_for_a_control_character(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = folder / "1-one.yaml"
    one.write_text(one.read_text().replace("- You wake.", "- You wake. The note says C:\\\\u001b\\\\r."))
    first = load_story(folder)
    _no_reading(monkeypatch)
    assert load_story(folder).scenes["one_opening"].text == first.scenes["one_opening"].text
    assert "C:\\\\u001b\\\\r" in first.scenes["one_opening"].text[0].text


def test_another_engine_never_takes_the_compiled_story_of_this_one(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.engine.compiled as compiled

    load_story(folder)
    (cached,) = _compiled(folder)
    before = json.loads(cached.read_text())["key"]
    monkeypatch.setattr(compiled, "COMPILED_FORMAT", compiled.COMPILED_FORMAT + 1)
    assert load_story(folder).title == "A Small Test"
    assert json.loads(cached.read_text())["key"] != before  # compiled again, for the new engine


def test_a_story_named_as_dot_or_dot_dot_loads_and_its_carried_form_stands_beside_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from game.engine.compiled import carried_path

    monkeypatch.chdir(folder)
    assert load_story(Path(".")).title == "A Small Test"
    assert carried_path(Path(".")) == folder.parent / "story.compiled.json"
    run = subprocess.run([sys.executable, "-m", "game", "--plain", "--scenes", "."], input="", capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0 and "You wake." in run.stdout, run.stderr
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder / "sub")
    assert load_story(Path("..")).title == "A Small Test"
    assert carried_path(Path("..")) == folder.parent / "story.compiled.json"  # beside the story, not the cwd


def test_a_compiled_form_carried_beside_a_folder_handed_to_scenes_is_never_trusted(folder: Path) -> None:
    from game.engine.compiled import carried_path, compile_folder

    compile_folder(folder, carried_path(folder))
    data = json.loads(carried_path(folder).read_text())
    data["title"] = "Forged"
    data["scenes"][0][3] = []  # and a dead end, which the check would refuse
    carried_path(folder).write_text(json.dumps(data))
    story = load_story(folder)
    assert story.title == "A Small Test" and [c.id for c in Session(story).choices] == ["one_middle", "blue"]


@pytest.mark.parametrize("what", ["pipe", "device", "too-large"])
def test_a_cache_file_that_is_a_pipe_a_device_or_too_large_is_not_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    import os
    import threading

    import game.engine.compiled as compiled

    load_story(folder)
    (cached,) = _compiled(folder)
    if what == "too-large":
        monkeypatch.setattr(compiled, "MAX_COMPILED_BYTES", 100)
    else:
        cached.unlink()
        os.mkfifo(cached) if what == "pipe" else cached.symlink_to("/dev/zero")  # read: waits, or eats memory
    loaded: list[Story] = []
    reader = threading.Thread(target=lambda: loaded.append(load_story(folder)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert [s.title for s in loaded] == ["A Small Test"]  # read from the YAML, without waiting


def test_a_story_edited_while_it_is_read_is_not_kept_under_the_key_of_the_files_before(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.engine.loader

    two = folder / "2-two.yaml"
    before = two.read_text()
    real = game.engine.loader.read_story

    def saved_meanwhile(root: Path) -> object:  # an editor saves after the key was hashed
        two.write_text(before.replace("[It ends well.]", "[It ends WELL.]"))
        return real(root)

    with monkeypatch.context() as patched:
        patched.setattr(game.engine.loader, "read_story", saved_meanwhile)
        assert load_story(folder).scenes["good_end"].text[0].text == "It ends WELL."
    two.write_text(before)  # and back: the cache must not answer with what was read in between
    assert load_story(folder).scenes["good_end"].text[0].text == "It ends well."


def test_every_engine_module_is_part_of_the_engine_the_cache_key_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.engine.compiled as compiled

    before = compiled._salt()
    real = Path.read_bytes
    for name in sorted(p.name for p in Path(compiled.__file__).parent.glob("*.py")):
        with monkeypatch.context() as patched:
            patched.setattr(Path, "read_bytes", lambda self: real(self) + (b"#" if self.name == name else b""))
            assert compiled._salt() != before, f"{name} is edited and the key does not change"


def test_a_killed_write_leaves_no_temp_file_and_the_cache_keeps_only_the_newest_stories(folder: Path) -> None:
    import os

    import game.engine.compiled as compiled

    cache = cache_dir()
    cache.mkdir(parents=True)
    left = cache / ".story-0123456789abcdef.json.4999999.0123456789ab.tmp"  # no process has that id
    left.write_text("half a story")
    for n in range(compiled.KEEP_COMPILED + 5):  # folders played long ago
        old = cache / f"story-{n:016x}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    load_story(folder)
    assert not left.exists()
    kept = _compiled(folder)
    assert len(kept) == compiled.KEEP_COMPILED and compiled.compiled_path(folder) in kept
    assert cache / f"story-{compiled.KEEP_COMPILED + 4:016x}.json" in kept  # the newest old ones
    assert cache / f"story-{0:016x}.json" not in kept
