"""Save slots, the autosave, progress and settings: small JSON files written atomically."""

from __future__ import annotations

import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

#: The save format this build writes, and the oldest game format that can read what it writes
#: (ink's kInkSaveStateVersion and kMinCompatibleLoadVersion). Format 2 holds state and a bounded
#: trail; format 1 held every choice from the start, and still loads (Session.restore migrates it).
SAVE_FORMAT = 2
MIN_SAVE_FORMAT = 2
#: Anything larger is not a save of ours.
MAX_FILE_BYTES = 2_000_000
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


def set_aside(path: Path) -> str | None:
    """Move an unusable file out of the way, beside it; returns its new name (None if it stays)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        target = path.with_name(f"{path.stem}.unreadable-{stamp}{f'-{n}' if n else ''}{path.suffix}")
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
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, or a pipe that would block the game
            raise SaveError(f"{path.name} is not a file")
        if info.st_size > MAX_FILE_BYTES:
            raise SaveError(f"{path.name} is {info.st_size:,} bytes, far too large to be a save")
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        return json.loads(raw.decode("utf-8"))
    except SaveError:
        raise
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


class SlotInfo(NamedTuple):
    """What the save and load lists show of a slot."""

    name: str
    file: str
    chapter: str
    scene: str
    saved_at: float
    autosave: bool = False


class SaveStore:
    """The save folder: named slots, the autosave, and anything set aside as unreadable."""

    def __init__(self, root: Path | None = None) -> None:
        #: The folder the slots live in (saves/ under the data folder by default).
        self.root = root if root is not None else data_dir() / "saves"
        #: One-line messages about saves set aside while listing them, for the front end to show once.
        self.messages: list[str] = []

    def path_for(self, name: str) -> Path:
        """The file of a slot. Only the folder is resolved: a slot that is a symbolic link is
        replaced by the atomic write, never followed out of the folder."""
        file = f"{AUTOSAVE}.json" if name == AUTOSAVE else slot_file_name(name)
        return self.root.resolve() / file

    def write(self, name: str, data: dict[str, Any]) -> Path:
        data = dict(data, name=name, format=SAVE_FORMAT, min_format=MIN_SAVE_FORMAT, saved_at=time.time())
        path = self.path_for(name)
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
        return held if isinstance(held, str) else None

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
        for key, kind in (("scene", str), ("variables", dict), ("history", list)):
            if not isinstance(data.get(key), kind):
                raise SaveError(f"{path.name} has no usable {key!r}")
        return data

    def set_aside(self, name_or_path: str | Path, error: SaveError) -> str:
        """Move an unusable save out of the way so it never stops the game; returns the message.

        A save from a newer game is not broken: it stays where it is, for that game.
        """
        path = name_or_path if isinstance(name_or_path, Path) else self.path_for(name_or_path)
        if isinstance(error, NewerSaveError):
            message = f"A save cannot be used here ({error}); it stays where it is, and the game goes on."
        else:
            moved = set_aside(path)
            where = f"moved aside as {moved}" if moved else "left where it is"
            message = f"A save could not be used ({error}); it was {where}, and the game goes on."
        return message

    def slots(self) -> list[SlotInfo]:
        """Every readable save, newest first; unreadable ones are set aside with a message."""
        out: list[SlotInfo] = []
        if not self.root.is_dir():
            return out
        for path in sorted(self.root.glob("*.json")):
            if path.stem != AUTOSAVE and not path.stem.startswith("slot-") or ".unreadable-" in path.stem:
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
            data: dict[str, Any] | None = self.read_path(path)
        except NewerSaveError:
            data = None  # kept as it is, for the newer game
        except SaveError as e:
            return self.set_aside(path, e)
        if data is not None and finished(data):
            return None
        for older, newer in zip(reversed(PREVIOUS_AUTOSAVES[1:]), reversed(PREVIOUS_AUTOSAVES[:-1]), strict=True):
            source = self.path_for(newer)
            if source.is_file():
                try:
                    write_atomically(self.path_for(older), dict(self.read_path(source), name=older))
                except SaveError:
                    os.replace(source, self.path_for(older))
        kept = self.path_for(PREVIOUS_AUTOSAVES[0])
        if data is None:
            os.replace(path, kept)
        else:
            write_atomically(kept, dict(data, name=PREVIOUS_AUTOSAVES[0]))
        return f"The autosave of the game you were playing is kept as \"{PREVIOUS_AUTOSAVES[0]}\": Load has it."

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
            # Copied or renamed by hand: listed by its file's name, which leads back to it.
            name = path.stem.removeprefix("slot-")
        saved_at = data.get("saved_at")
        return SlotInfo(
            name=name,
            file=path.name,
            chapter=str(data.get("chapter", "")),
            scene=str(data["scene"]),
            saved_at=float(saved_at) if isinstance(saved_at, (int, float)) else path.stat().st_mtime,
            autosave=path.stem == AUTOSAVE,
        )

    @staticmethod
    def _file_of(name: str) -> str | None:
        try:
            return slot_file_name(name)
        except ValueError:
            return None

    def delete(self, name: str) -> None:
        try:
            self.path_for(name).unlink()
        except (FileNotFoundError, ValueError):
            pass


class JsonRecord:
    """A small JSON file of plain fields, read once, written atomically on change.

    An unreadable file is set aside with a message and the defaults are used.
    """

    FILE = ""

    def __init__(self, root: Path | None = None) -> None:
        self.path = (root or data_dir()) / self.FILE
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


class Progress(JsonRecord):
    """What persists across playthroughs: endings reached and scenes seen."""

    FILE = "progress.json"

    def defaults(self) -> dict[str, Any]:
        return {"endings": [], "seen": [], "paths": {}}

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


#: Text speeds in characters a second; 0 means instant.
TEXT_SPEEDS = {"slow": 30, "normal": 60, "fast": 120, "instant": 0}


class Settings(JsonRecord):
    """The player's settings, kept between runs."""

    FILE = "settings.json"

    def defaults(self) -> dict[str, Any]:
        return {
            "text_speed": "normal",
            "gentle": False,
            "chapter_notes": True,
            "theme": "stage",
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
