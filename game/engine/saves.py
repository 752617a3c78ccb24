"""Save slots, the autosave, progress and settings: small JSON files written atomically."""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .files import NotAFile, TooLarge, read_regular_file
from .text import printable

#: The save format this build writes, and the oldest game format that can read what it writes
#: (ink's kInkSaveStateVersion and kMinCompatibleLoadVersion). Format 2 holds state and a bounded
#: trail; format 1 held every choice from the start, and still loads (Session.restore migrates it).
SAVE_FORMAT = 2
MIN_SAVE_FORMAT = 2
#: Anything larger is not a save of ours.
MAX_FILE_BYTES = 2_000_000
#: A save's history longer than this is not ours (and a game is never saved with a longer one).
MAX_HISTORY = 100_000
#: A temporary file of a write older than this was left by a game that was killed mid-write.
STALE_TEMP_SECONDS = 60
AUTOSAVE = "autosave"
#: The slots the autosaves of the games before are kept in, newest first, when a new game's
#: first choice replaces the autosave of one still in progress.
PREVIOUS_AUTOSAVES = ("Previous autosave", "Previous autosave 2", "Previous autosave 3")


class SaveError(Exception):
    """A save that cannot be used; the message is one line a player can read."""


class NewerSaveError(SaveError):
    """A save written by a newer version of the game: kept where it is, for that version."""


def data_dir() -> Path:
    """Where saves and progress live: $BALLERINA_DATA_DIR, or the user data folder."""
    override = os.environ.get("BALLERINA_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("ballerina", appauthor=False))


def story_folder(story_root: Path | None, shipped_root: Path, base: Path | None = None) -> Path:
    """Where a story's saves and progress live: the data folder itself for the shipped story,
    and a folder of its own for a story played with --scenes, so that an author trying out a
    chapter never overwrites their own autosave of the real game."""
    base = base if base is not None else data_dir()
    if story_root is None or story_root.resolve() == shipped_root.resolve():
        return base
    import hashlib

    where = story_root.resolve()
    slug = re.sub(r"[^\w-]+", "-", where.name).strip("-") or "story"
    return base / "other-stories" / f"{slug}-{hashlib.sha256(str(where).encode()).hexdigest()[:10]}"


def write_atomically(path: Path, data: Any) -> None:
    """Write JSON to a temp file beside `path`, fsync it, then os.replace: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        # What read_json would refuse is never written: the file there stays as it was.
        raise ValueError(f"{path.name} would be {len(text.encode('utf-8')):,} bytes, more than a save can be")
    # A fresh name that no one else can hold (O_EXCL), without importing tempfile at start-up.
    tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system lets a folder be synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: Path) -> None:
    """Remove what a write killed between its temp file and the rename left behind: a temp file
    whose game has ended, or older than any write takes. Another game's write in progress stays."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = _TEMP_FILE.fullmatch(entry.name)
        if m is None:
            continue
        try:
            if _running(int(m["pid"])) and now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue
            os.unlink(entry.path)
        except OSError:
            pass


#: The name write_atomically gives its temp file.
_TEMP_FILE = re.compile(r"\..+\.(?P<pid>[0-9]{1,10})\.[0-9a-f]{12}\.tmp")


def _running(pid: int) -> bool:
    """Whether a process of that id is running (this one included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # someone else's process, or a system that cannot say: leave its file be
    return True


def set_aside(path: Path, why: str = "unreadable") -> str | None:
    """Move an unusable file out of the way, beside it; returns its new name (None if it stays)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        target = path.with_name(f"{path.stem}.{why}-{stamp}{f'-{n}' if n else ''}{path.suffix}")
        if target.exists():
            continue
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target.name
    return None


def read_json(path: Path) -> Any:
    """Read a small JSON file; SaveError says, in one line, why it cannot be used."""
    try:
        return json.loads(read_regular_file(path, MAX_FILE_BYTES).decode("utf-8"))
    except NotAFile:  # a folder, or a pipe that would block the game
        raise SaveError(f"{path.name} is not a file") from None
    except TooLarge as e:
        raise SaveError(f"{path.name} is {e.size:,} bytes, far too large to be a save") from None
    except UnicodeDecodeError:
        raise SaveError(f"{path.name} is not text") from None
    except (json.JSONDecodeError, RecursionError) as e:
        raise SaveError(f"{path.name} is not valid JSON ({getattr(e, 'msg', 'nested too deeply')})") from None
    except ValueError:  # a number of more than 4,300 digits
        raise SaveError(f"{path.name} holds a number far too large") from None
    except OSError as e:
        raise SaveError(f"{path.name} cannot be read ({e.strerror or e})") from None


def slot_file_name(name: str) -> str:
    """A player's slot name as a file name that cannot leave the save folder."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise ValueError("a save needs a name")
    if len(cleaned) > 60:
        raise ValueError("a save name can be at most 60 characters")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise ValueError("a save name cannot hold control characters")
    slug = re.sub(r"[^\w-]+", "-", cleaned.casefold(), flags=re.UNICODE).strip("-._")
    if not slug:
        raise ValueError("a save name needs at least one letter or digit")
    return f"slot-{slug}.json"


def reserved_name(name: str) -> str | None:
    """Why a player cannot save under `name` (it is the autosave's, or one of the kept autosaves',
    or no slot name at all), or None when they can."""
    if name.strip().casefold() == AUTOSAVE:
        return "that name is kept for the autosave"
    try:
        file = slot_file_name(name)
    except ValueError as e:
        return str(e)
    if file in {slot_file_name(kept) for kept in PREVIOUS_AUTOSAVES}:
        return "that name is kept for the autosaves of the games before"
    return None


#: The last second a save's own `saved_at` can name (in 2242): a later one, or one that is no
#: finite number, came from a hand edit, and the file's time stands in for it.
LAST_SAVED_AT = 2**33


class SlotInfo(NamedTuple):
    """What the save and load lists show of a slot, and the file it was listed from."""

    name: str
    file: str
    path: Path
    chapter: str
    scene: str
    saved_at: float
    autosave: bool = False
    play_seconds: int = 0

    @property
    def key(self) -> SlotName:
        """The name to load or delete this save by: it leads to this very file."""
        return SlotName(self)


class SlotName(str):
    """A save's name as a list shows it (AUTOSAVE for the autosave), holding the file it was
    listed from: the store reads, deletes or sets aside that file, never the one the name would
    make. A save copied or renamed by hand ("slot-My Game.json", "slot-Mine.json" beside
    "slot-mine.json") is listed under a name whose own file is another, or none."""

    slot: SlotInfo

    def __new__(cls, slot: SlotInfo) -> SlotName:
        named = super().__new__(cls, AUTOSAVE if slot.autosave else slot.name)
        named.slot = slot
        return named


def _check_shape(data: dict[str, Any], file: str) -> None:
    """SaveError unless the save holds what this game needs to read it."""
    for key, kind in (("scene", str), ("variables", dict), ("history", list)):
        if not isinstance(data.get(key), kind):
            raise SaveError(f"{file} has no usable {key!r}")
    if len(data["history"]) > MAX_HISTORY:
        raise SaveError(f"{file} holds a history of more than {MAX_HISTORY:,} choices")


class SaveStore:
    """The save folder: named slots, the autosave, and anything set aside as unreadable."""

    def __init__(self, root: Path | None = None) -> None:
        #: The folder the slots live in (saves/ under the data folder by default).
        self.root = root if root is not None else data_dir() / "saves"
        #: One-line messages about saves set aside while listing them, for the front end to show once.
        self.messages: list[str] = []
        remove_stale_temp_files(self.root)

    def path_for(self, name: str) -> Path:
        """The file of a slot: the one it was listed from for a SlotName, else the one its name
        makes. Only the folder is resolved: a slot that is a symbolic link is replaced by the
        atomic write, never followed out of the folder."""
        if isinstance(name, SlotName):
            return name.slot.path
        file = f"{AUTOSAVE}.json" if name == AUTOSAVE else slot_file_name(name)
        return self.root.resolve() / file

    def write(self, name: str, data: dict[str, Any]) -> Path:
        """Write a slot; ValueError (and the file as it was) for data this game could not read back."""
        data = dict(data, name=name, format=SAVE_FORMAT, min_format=MIN_SAVE_FORMAT, saved_at=time.time())
        path = self.path_for(name)
        try:
            _check_shape(data, path.name)
        except SaveError as e:
            raise ValueError(str(e)) from None
        write_atomically(path, data)
        return path

    def exists(self, name: str) -> bool:
        try:
            return self.path_for(name).is_file()
        except ValueError:
            return False

    def name_in_file(self, name: str) -> str | None:
        """The name the save in `name`'s file was made under: "A b" and "a-b" share a file, so a
        front end asks before one overwrites the other. None when there is no readable save (and
        for the autosave's own name, which is not a slot)."""
        if name.strip().casefold() == AUTOSAVE:
            return None
        try:
            data = read_json(self.path_for(name))
        except (SaveError, ValueError):
            return None
        held = data.get("name") if isinstance(data, dict) else None
        return printable(held) if isinstance(held, str) else None

    def read(self, name: str) -> dict[str, Any]:
        """A save's data, checked for shape; SaveError if it cannot be used (the caller sets it aside)."""
        return self.read_path(self.path_for(name))

    def read_path(self, path: Path) -> dict[str, Any]:
        data = read_json(path)
        if not isinstance(data, dict):
            raise SaveError(f"{path.name} is not a save (no fields)")
        fmt = data.get("format")
        if not isinstance(fmt, int) or isinstance(fmt, bool):
            raise SaveError(f"{path.name} has no save-format version")
        minimum = data.get("min_format", fmt)
        if not isinstance(minimum, int) or isinstance(minimum, bool):
            raise SaveError(f"{path.name} has no usable save-format version")
        if minimum > SAVE_FORMAT:
            raise NewerSaveError(f"{path.name} was written by a newer version of the game (save format {fmt})")
        _check_shape(data, path.name)
        return data

    def keep_newer(self, path: Path) -> str:
        """A save of a newer game where this one must write: renamed beside it, never deleted."""
        moved = set_aside(path, "newer-game")
        if moved is None:
            raise ValueError(f"{path.name} was written by a newer version of the game and cannot be moved aside")
        return printable(f"{path.name} was written by a newer version of the game; it is kept as {moved} for that version.")

    def set_aside(self, name_or_path: str | Path, error: SaveError, *, going_on: str = "the game goes on") -> str:
        """Move an unusable save out of the way so it never stops the game; returns the message,
        which ends saying `going_on` (what happens instead).

        A save from a newer game is not broken: it stays where it is, for that game.
        """
        path = name_or_path if isinstance(name_or_path, Path) else self.path_for(name_or_path)
        if isinstance(error, NewerSaveError):
            message = f"A save cannot be used here ({error}); it stays where it is, and {going_on}."
        else:
            moved = set_aside(path)
            where = f"moved aside as {moved}" if moved else "left where it is"
            message = f"A save could not be used ({error}); it was {where}, and {going_on}."
        return printable(message)

    def slots(self) -> list[SlotInfo]:
        """Every readable save, newest first; unreadable ones are set aside with a message."""
        out: list[SlotInfo] = []
        if not self.root.is_dir():
            return out
        for path in sorted(self.root.glob("*.json")):
            if path.stem != AUTOSAVE and not path.stem.startswith("slot-") or "." in path.stem:
                continue
            try:
                out.append(self._info(path))
            except SaveError as e:
                self.messages.append(self.set_aside(path, e))
        out.sort(key=lambda s: s.saved_at, reverse=True)
        return out

    def keep_previous_autosave(self, finished: Callable[[dict[str, Any]], bool]) -> str | None:
        """Before a new run's first autosave: if the autosave holds a game still in progress
        (`finished` says which are not), keep it as "Previous autosave", the ones kept before
        moving down a place (three are kept). A finished game needs no keeping; one this game
        cannot read is set aside. Returns a message for the player, or None."""
        path = self.path_for(AUTOSAVE)
        if not path.is_file():
            return None
        try:
            data = self.read_path(path)
        except NewerSaveError:
            # Not this game's to keep among its own, nor to overwrite: kept beside, for the newer game.
            return self.keep_newer(path)
        except SaveError as e:
            return self.set_aside(path, e)
        if finished(data):
            return None
        notes = []
        for older, newer in zip(reversed(PREVIOUS_AUTOSAVES[1:]), reversed(PREVIOUS_AUTOSAVES[:-1]), strict=True):
            source, target = self.path_for(newer), self.path_for(older)
            if target.is_file() and self._is_newer(target):
                notes.append(self.keep_newer(target))
            if source.is_file():
                try:
                    write_atomically(target, dict(self.read_path(source), name=older))
                except NewerSaveError:
                    notes.append(self.keep_newer(source))
                except SaveError:
                    os.replace(source, target)
        kept = self.path_for(PREVIOUS_AUTOSAVES[0])
        if kept.is_file() and self._is_newer(kept):
            notes.append(self.keep_newer(kept))
        write_atomically(kept, dict(data, name=PREVIOUS_AUTOSAVES[0]))
        notes.append(f"The autosave of the game you were playing is kept as \"{PREVIOUS_AUTOSAVES[0]}\": Load has it.")
        return " ".join(notes)

    def _is_newer(self, path: Path) -> bool:
        try:
            self.read_path(path)
        except NewerSaveError:
            return True
        except SaveError:
            pass
        return False

    def slot(self, name: str) -> SlotInfo | None:
        """What the list would show of one save; None if there is none or it cannot be read
        (it is left for loading to set aside, with its message)."""
        try:
            return self._info(self.path_for(name))
        except (SaveError, ValueError):
            return None

    def _info(self, path: Path) -> SlotInfo:
        data = self.read_path(path)
        name = data.get("name")
        if path.stem == AUTOSAVE:
            name = AUTOSAVE
        elif not isinstance(name, str) or self._file_of(name) != path.name:
            # Copied or renamed by hand: listed by its file's name (its SlotName leads back to it).
            name = path.stem.removeprefix("slot-")
        if path.stem != AUTOSAVE and name.strip().casefold() == AUTOSAVE:
            name = path.stem  # a slot made by hand is never listed, nor loaded, as the autosave
        # What a list shows came from a file anyone can edit: no control character reaches a screen.
        return SlotInfo(
            name=printable(name),
            file=printable(path.name),
            path=path,
            chapter=printable(str(data.get("chapter", ""))),
            scene=printable(str(data["scene"])),
            saved_at=_saved_at(data.get("saved_at"), path),
            autosave=path.stem == AUTOSAVE,
            play_seconds=int(play_seconds(data.get("play_seconds"))),
        )

    @staticmethod
    def _file_of(name: str) -> str | None:
        try:
            return slot_file_name(name)
        except ValueError:
            return None

    def delete(self, name: str) -> None:
        """Delete a slot: a SlotName's own file, or the one a typed name makes."""
        try:
            self.path_for(name).unlink()
        except (FileNotFoundError, ValueError):
            pass


#: The longest play time a save may claim (a century): anything else is a hand edit, read as none.
MAX_PLAY_SECONDS = 100 * 365 * 24 * 3600


def play_seconds(value: object) -> float:
    """A save's play time in seconds, if it is one a person could have played; else 0."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= MAX_PLAY_SECONDS:
        return float(value)  # (NaN fails the comparison; a huge int never reaches float())
    return 0.0


def play_time(seconds: float) -> str:
    """Play time as a list shows it: '1 h 05 min', '12 min', 'under a minute'."""
    minutes = int(seconds) // 60
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _saved_at(value: object, path: Path) -> float:
    """When a save was made: its own `saved_at` if that is a time a clock can show (a finite
    number from 0 to LAST_SAVED_AT), else the file's time (0 if even that cannot be had)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < LAST_SAVED_AT:
        return float(value)  # (NaN fails the comparison; a huge int never reaches float())
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class JsonRecord:
    """A small JSON file of plain fields, read once, written atomically on change.

    An unreadable file is set aside with a message and the defaults are used.
    """

    FILE = ""

    def __init__(self, root: Path | None = None) -> None:
        self.path = (root or data_dir()) / self.FILE
        remove_stale_temp_files(self.path.parent)
        self.message: str | None = None
        self.data: dict[str, Any] = self.defaults()
        if self.path.exists():
            try:
                loaded = read_json(self.path)
                if not isinstance(loaded, dict):
                    raise SaveError(f"{self.path.name} holds no fields")
                self.data.update(self.clean(loaded))
            except SaveError as e:
                moved = set_aside(self.path)
                where = f"it was moved aside as {moved}" if moved else "it was left where it is"
                self.message = f"{e}; {where}, and the game starts it afresh."

    def defaults(self) -> dict[str, Any]:
        return {}

    def clean(self, loaded: dict[str, Any]) -> dict[str, Any]:
        """Keep only known fields of the right type: the file may have been edited by hand."""
        defaults = self.defaults()
        return {k: v for k, v in loaded.items() if k in defaults and type(v) is type(defaults[k])}

    def save(self) -> None:
        try:
            write_atomically(self.path, self.data)
        except OSError as e:
            self.message = f"could not write {self.path.name} ({e.strerror or e})"
        except ValueError as e:  # more than read_json would read back: the file stays as it was
            self.message = f"could not write {e}"


class Progress(JsonRecord):
    """What persists across playthroughs: endings reached and scenes seen."""

    FILE = "progress.json"

    #: While True, changes wait for `flush` (a front end writes them once the new scene is painted).
    held = False
    _unwritten = False

    def defaults(self) -> dict[str, Any]:
        return {"endings": [], "seen": [], "paths": {}}

    def save(self) -> None:
        if self.held:
            self._unwritten = True
        else:
            super().save()

    def flush(self) -> None:
        """Write the changes held back (see `held`), if there are any."""
        if self._unwritten:
            self._unwritten = False
            super().save()

    def clean(self, loaded: dict[str, Any]) -> dict[str, Any]:
        out = super().clean(loaded)
        for key in ("endings", "seen"):
            if key in out:
                out[key] = [x for x in out[key] if isinstance(x, str)][:100_000]
        if "paths" in out:
            out["paths"] = {k: v for k, v in list(out["paths"].items())[:100_000]
                            if isinstance(v, list) and v and all(isinstance(x, str) for x in v)}
        return out

    @property
    def paths(self) -> dict[str, list[str]]:
        """Per decision scene seen, the way that first reached it: [the decision before it, or ""
        for the start, then the choices since] (game/engine/storymap.py reads and writes these)."""
        return self.data["paths"]  # type: ignore[no-any-return]

    def remember_path(self, scene: str, way: list[str]) -> None:
        """Keep the way that first reached a decision scene (only the first is kept)."""
        if scene not in self.data["paths"]:
            self.data["paths"][scene] = way
            self.save()

    @property
    def endings(self) -> list[str]:
        return list(self.data["endings"])

    @property
    def seen(self) -> set[str]:
        return set(self.data["seen"])

    #: The scenes in "seen" as a set, made once: the machine records every scene reached, and a
    #: choice must not cost more as the list grows.
    _known: set[str] | None = None

    def record(self, scenes: set[str], ending: str | None = None) -> None:
        """Add what a player has now seen; write only when something is new."""
        if self._known is None:
            self._known = set(self.data["seen"])
        new = scenes - self._known
        changed = bool(new)
        if new:
            self._known |= new
            self.data["seen"].extend(sorted(new))
        if ending and ending not in self.data["endings"]:
            self.data["endings"].append(ending)
            changed = True
        if changed:
            self.save()


#: Text speeds in characters a second, slowest first; 0 means instant.
TEXT_SPEEDS = {"slow": 40, "normal": 120, "fast": 240, "very fast": 480, "instant": 0}


class Settings(JsonRecord):
    """The player's settings, kept between runs."""

    FILE = "settings.json"

    def defaults(self) -> dict[str, Any]:
        return {
            "text_speed": "normal",
            "gentle": False,
            "chapter_notes": True,
            "theme": "stage",
            "auto_advance": False,
            "content_note_seen": False,
        }

    def clean(self, loaded: dict[str, Any]) -> dict[str, Any]:
        out = super().clean(loaded)
        if out.get("text_speed") not in TEXT_SPEEDS:
            out.pop("text_speed", None)
        return out

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.save()
