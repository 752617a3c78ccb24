"""Saves edited, copied or renamed by hand (issue 16): the Load and Save lists never crash on
one, and a listed save is loaded and deleted from the very file it was listed from."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import go_in
from tui_pilot import settled

from game.engine import SaveStore, Story, default_scenes_dir, load_story
from game.engine.opening import Game
from game.engine.saves import AUTOSAVE, SlotInfo, story_folder
from game.plain import play_plain
from game.tui.app import make_app
from game.tui.screens.saves import describe_slot

GOOD = Path(__file__).parent / "stories" / "good"
#: `saved_at` as a hand edit can leave it, written into the JSON as these exact characters.
BAD_TIMES = ["1" + "0" * 400, "1e300", "-1e300", "NaN", "Infinity", "-1", "8589934592", "true", '"noon"', "null"]
#: Each as a test's id (10**400 would be an id of 401 characters).
TIME_IDS = ["10**400", *BAD_TIMES[1:]]


def save_data(scene: str) -> dict[str, object]:
    return {"chapter": scene.split("_")[0], "scene": scene, "variables": {}, "history": []}


def saves_of(story: Story, data_dir: Path) -> SaveStore:
    """The save folder play_plain and the TUI use for `story`."""
    return SaveStore(story_folder(story.root, default_scenes_dir(), data_dir) / "saves")


def with_saved_at(path: Path, raw: str) -> None:
    """Set a save's `saved_at` to `raw`, as it would be typed into the file."""
    text = path.read_text()
    data = json.loads(text)
    path.write_text(text.replace(f'"saved_at": {json.dumps(data["saved_at"])}', f'"saved_at": {raw}'))


def hand_made(saves: SaveStore) -> dict[str, str]:
    """Saves copied and renamed by hand beside one the game made, each at a scene of its own:
    file name -> scene."""
    saves.write("mine", save_data("one_opening"))
    made = {"slot-mine.json": "one_opening", "slot-My Game.json": "one_middle", "slot-UPPER.json": "two_opening",
            "slot-Mine.json": "two_choice"}
    for file, scene in made.items():
        if file != "slot-mine.json":
            (saves.root / file).write_text(json.dumps(dict(json.loads(saves.path_for("mine").read_text()),
                                                           scene=scene)))
    return made


# ---- H4: saved_at ---------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", BAD_TIMES, ids=TIME_IDS)
def test_a_saved_at_out_of_range_is_listed_at_the_files_time(data_dir: Path, raw: str) -> None:
    saves = SaveStore(data_dir / "saves")
    path = saves.write("odd", save_data("one_middle"))
    with_saved_at(path, raw)
    (slot,) = saves.slots()
    assert slot.saved_at == path.stat().st_mtime and saves.messages == []


def test_a_saved_at_in_range_is_kept(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    path = saves.write("fine", save_data("one_middle"))
    with_saved_at(path, "1000")
    assert [s.saved_at for s in saves.slots()] == [1000.0]


@pytest.mark.parametrize("raw", BAD_TIMES[:4], ids=TIME_IDS[:4])
def test_plain_load_lists_a_save_with_any_saved_at(data_dir: Path, raw: str) -> None:
    story = load_story(GOOD)
    saves = saves_of(story, data_dir)
    with_saved_at(saves.write("odd", save_data("one_middle")), raw)
    out = io.StringIO()
    assert play_plain(story, out=out, inp=io.StringIO("l\n1\n")) == 0
    assert "1. odd (One)" in out.getvalue() and "Blue it is." in out.getvalue()


@pytest.mark.parametrize("raw", BAD_TIMES[:4], ids=TIME_IDS[:4])
async def test_the_tui_load_and_save_lists_show_a_save_with_any_saved_at(data_dir: Path, raw: str) -> None:


    settled(data_dir, chapter_notes=False)
    story = load_story(GOOD)
    app = make_app(story, data_dir=data_dir)
    with_saved_at(saves_of(story, data_dir).write("odd", save_data("one_middle")), raw)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "LoadDialog"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # a new game, then its Save list
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SaveDialog"
        await pilot.press("escape")
        await pilot.pause()


def test_a_time_no_clock_can_show_is_described_without_one() -> None:
    story = load_story(GOOD)
    for when in (1e300, float("nan"), float("inf"), -1e300):
        slot = SlotInfo(name="odd", file="slot-odd.json", path=Path("slot-odd.json"), chapter="one",
                        scene="one_middle", saved_at=when)
        assert describe_slot(story, slot).startswith("odd  ·  One  ·  time unknown")


# ---- H5: saves copied or renamed by hand -----------------------------------------------------------
def test_each_listed_save_loads_from_its_own_file(data_dir: Path) -> None:
    story = load_story(GOOD)
    game = Game(story)
    made = hand_made(game.saves)
    slots = game.saves.slots()
    assert sorted(s.path.name for s in slots) == sorted(made)
    for slot in slots:
        assert go_in(game, slot=slot.key), (slot, game.session.notices)
        assert game.session.scene_id == made[slot.path.name], slot
        assert slot.path.is_file()  # loading neither set it aside nor moved it


def test_deleting_a_listed_save_deletes_that_file_and_no_other(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    made = hand_made(saves)
    for file in made:
        (slot,) = [s for s in saves.slots() if s.path.name == file]
        saves.delete(slot.key)
        left = {p.name for p in saves.root.glob("slot-*.json")}
        assert file not in left and len(left) == len(made) - 1, (file, left)
        saves.write("mine", save_data("one_opening"))  # put back what was deleted (by a typed name)
        if file != "slot-mine.json":
            (saves.root / file).write_text(json.dumps(dict(saves.read("mine"), scene=made[file])))


def test_a_typed_name_still_overwrites_the_file_it_names(data_dir: Path) -> None:
    saves = SaveStore(data_dir / "saves")
    hand_made(saves)
    saves.write("MINE", save_data("one_middle"))  # "MINE" is typed: it names slot-mine.json
    assert saves.read("mine")["scene"] == "one_middle"
    assert json.loads((saves.root / "slot-Mine.json").read_text())["scene"] == "two_choice"


def test_plain_loads_a_save_renamed_by_hand(data_dir: Path) -> None:
    story = load_story(GOOD)
    saves = saves_of(story, data_dir)
    saves.write("mine", save_data("one_opening"))
    (saves.root / "slot-mine.json").rename(saves.root / "slot-My Game.json")
    saves.write("other", save_data("one_opening"))
    listed = [s.file for s in saves.slots()]
    out = io.StringIO()
    play_plain(story, out=out, inp=io.StringIO(f"l\n{listed.index('slot-My Game.json') + 1}\n"))
    text = out.getvalue()
    assert "There is no save called" not in text
    assert "You wake." in text.split("Load which?")[1]


async def pick_in_load_dialog(pilot, app, file: str) -> None:  # type: ignore[no-untyped-def]
    """Open Load and put the cursor on the save listed from `file`."""
    await pilot.press("l")
    await pilot.pause()
    assert type(app.screen).__name__ == "LoadDialog"
    at = [s.file for s in app.saves.slots()].index(file)
    for _ in range(at):
        await pilot.press("down")


@pytest.mark.parametrize("file", ["slot-My Game.json", "slot-UPPER.json", "slot-Mine.json", "slot-mine.json"])
async def test_the_tui_loads_and_deletes_the_save_it_lists(data_dir: Path, file: str) -> None:


    settled(data_dir)
    story = load_story(GOOD)
    app = make_app(story, data_dir=data_dir)
    made = hand_made(app.saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick_in_load_dialog(pilot, app, file)
        await pilot.press("enter")
        await pilot.pause()
        at_start = any(c.entry == made[file] for c in story.chapters)
        assert (type(app.screen).__name__ == "ChapterNote") == at_start  # a save at a chapter's start: its note first
        if at_start:
            await pilot.press("enter")
            await pilot.pause()
        assert app.session.scene_id == made[file], app.session.notices
        await pick_in_load_dialog(pilot, app, file)
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
    left = {p.name for p in app.saves.root.glob("slot-*.json")}
    assert left == set(made) - {file}


def test_a_slot_named_autosave_by_hand_is_not_taken_for_the_autosave(data_dir: Path) -> None:
    """Loaded as if it were the autosave, the game would think the autosave its own and write
    over the game in progress there without keeping it."""
    story = load_story(GOOD)
    game = Game(story)
    game.saves.write(AUTOSAVE, save_data("one_middle"))
    (game.saves.root / "slot-autosave.json").write_text(json.dumps(dict(game.saves.read(AUTOSAVE), scene="two_opening",
                                                                        name="Autosave ")))
    (slot,) = [s for s in game.saves.slots() if not s.autosave]
    assert slot.name == "slot-autosave"
    assert go_in(game, slot=slot.key) and game.session.scene_id == "two_opening"
    assert game.saves.read("Previous autosave")["scene"] == "one_middle"  # the game in progress, kept


@pytest.mark.parametrize("file", ["slot-My Game.json", "slot-Mine.json"])
async def test_the_tui_overwrites_the_save_picked_in_the_save_list(data_dir: Path, file: str) -> None:
    settled(data_dir, chapter_notes=False)
    app = make_app(load_story(GOOD), data_dir=data_dir)
    made = hand_made(app.saves)
    before = {p.name: p.read_bytes() for p in app.saves.root.glob("slot-*.json")}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("1")  # Pick red: at one_middle
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SaveDialog"
        app.screen.query_one("#save-slots").focus()  # from the name to the list of saves
        for _ in range([s.file for s in app.saves.slots() if not s.autosave].index(file)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
    after = {p.name: p.read_bytes() for p in app.saves.root.glob("slot-*.json")}
    assert set(after) == set(made)  # no new file for the name the list shows
    assert json.loads(after[file])["scene"] == "one_middle"
    assert {k: v for k, v in after.items() if k != file} == {k: v for k, v in before.items() if k != file}
