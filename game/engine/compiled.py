"""The one way to load a story: its compiled form from the user cache, or else the YAML read, checked
and compiled there for the next start.

The compiled form is plain JSON, like ink's story JSON or Ren'Py's .rpyc, never code or a pickle:
loading it runs no YAML parse and no check, and builds each distinct condition or effect once. It
is keyed by a hash of the story files and the engine (its version, and the text of every engine
module), so an edited story, another engine or someone else's file is never
taken for it; a file that cannot be read as one is ignored and
written again. A cache folder that cannot be written only costs the next start its speed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .expr import TYPES, Effect, Expr, ExprError, VarType, parse_condition, parse_effect
from .files import read_regular_file
from .memory import gc_paused
from .model import Branch, Chapter, Choice, ContentNote, Ending, HelpLine, Item, Passage, Scene, Story, Variable
from .problems import StoryError
from .sources import default_scenes_dir, source_key

#: The compiled form's own version: change it whenever what is written here, or what the reading
#: and checking guarantee of a story, changes.
COMPILED_FORMAT = 1
#: A story folder may carry its compiled form beside it, as `<folder>.compiled.json` (the wheel's
#: build hook writes game/scenes.compiled.json): used while its files are the ones it was compiled from.
CARRIED = ".compiled.json"
#: The largest compiled file read: a larger one is not one written here, and the YAML is read instead.
MAX_COMPILED_BYTES = 200_000_000


def carried_path(root: Path) -> Path:
    """Where a story folder's own compiled form stands, beside the folder (the folder resolved
    first: `.` has no name, and `..` is beside the story, not beside the working folder)."""
    root = root.resolve()
    return root.with_name(root.name + CARRIED)


def cache_dir() -> Path:
    """Where compiled stories are kept: $BALLERINA_CACHE_DIR, or the user cache folder."""
    override = os.environ.get("BALLERINA_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("ballerina", appauthor=False))


def compiled_path(root: Path) -> Path:
    """The cache file of a story folder: one per folder, replaced when its files change, so an
    author editing a story never fills the cache with old versions."""
    import hashlib

    where = str(root.resolve())
    return cache_dir() / f"story-{hashlib.sha256(where.encode()).hexdigest()[:16]}.json"


def _salt() -> str:
    """The engine, as the key sees it: its version and the text of every engine module (all of
    them, not a list that a new module the reader imports could be missing from; their text, not
    their times: an installed wheel's files are new, the same as when it was built). An edit to
    any of them (an engine in the making) is another engine, even before the version changes."""
    import hashlib

    from .. import __version__

    digest = hashlib.sha256(f"ballerina {__version__} compiled {COMPILED_FORMAT}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        try:
            data = module.read_bytes()
        except OSError:
            data = b"unread"
        digest.update(f"\0{module.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_story(root: Path | None = None, *, check: bool = True) -> Story:
    """Load a story ready to play: compiled from the cache when its files are unchanged, else read,
    validated and (unless check=False) checked, then compiled for next time. StoryError lists
    every problem of a story that cannot be played."""
    root = Path(root) if root is not None else default_scenes_dir()
    with gc_paused():
        try:
            key = source_key(root, _salt())
        except OSError:
            key = None  # a folder that cannot be listed or read: reading says why
        if key is None:
            return _read_and_check(root, check)
        path = compiled_path(root)
        # Only the shipped story's carried form is taken: one beside a folder handed to --scenes
        # was written by whoever wrote that folder, and says itself that it was checked.
        shipped = root.resolve() == default_scenes_dir().resolve()
        for where in (path, carried_path(root)) if shipped else (path,):
            story = read_compiled(where, key, root, need_check=check)
            if story is not None:
                return story
        story = _read_and_check(root, check)
        try:
            # The files hashed are read again by the reader: an editor saving in between would
            # put the new story under the old key. Stored only if the files are still the ones hashed.
            if source_key(root, _salt()) == key:
                write_compiled(path, story, key, checked=check)
        except (OSError, ValueError):
            pass  # an unwritable cache costs only the next start's speed
        _tidy(path)
        return story


#: How many compiled stories the cache keeps (one per story folder played): the newest.
KEEP_COMPILED = 20


def _tidy(kept: Path) -> None:
    """After a write (never on the fast start): remove what a killed write left behind, and all but
    the newest KEEP_COMPILED compiled stories, so the cache does not grow with every folder played."""
    from .saves import remove_stale_temp_files

    folder = kept.parent
    remove_stale_temp_files(folder)
    try:
        dated = []
        for entry in os.scandir(folder):
            if _CACHE_FILE.fullmatch(entry.name) and entry.name != kept.name:
                dated.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    except OSError:
        return
    for _, old in sorted(dated, reverse=True)[KEEP_COMPILED - 1:]:
        try:
            os.unlink(old)
        except OSError:
            pass


#: The name compiled_path gives a cache file.
_CACHE_FILE = re.compile(r"story-[0-9a-f]{16}\.json")


def compile_folder(root: Path, out: Path) -> None:
    """Read, check and compile the story in `root` to `out` (the build hook's way of shipping it
    compiled); StoryError if it cannot be played."""
    with gc_paused():
        story = _read_and_check(root, True)
        write_compiled(out, story, source_key(root, _salt()), checked=True)


def _read_and_check(root: Path, check: bool) -> Story:
    from .loader import read_story

    story, problems = read_story(root)
    if story is None:
        raise StoryError(problems)
    if check:
        from .checker import check_story

        problems = check_story(story).problems
        if problems:
            raise StoryError(problems)
    return story


# ---- writing ------------------------------------------------------------------------------
def _items(items: tuple[Item, ...]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, Passage):
            out.append(item.text if item.gentle is None else [item.text, item.gentle])
        else:
            out.append({"if": item.condition.source, "then": _items(item.then), "else": _items(item.otherwise)})
    return out


def compile_story(story: Story, key: str, *, checked: bool) -> dict[str, Any]:
    """The story as plain data."""
    return {
        "compiled": COMPILED_FORMAT,
        "key": key,
        "checked": checked,
        "title": story.title,
        "version": story.version,
        "credits": list(story.credits),
        "content_note": [story.content_note.text, [list(h) for h in story.content_note.help]],
        "themes": story.themes,
        "chapters": [[c.id, c.title, c.blurb, c.entry, list(c.themes), c.file] for c in story.chapters],
        "endings": [[e.id, e.title, e.true_ending, e.scene, e.hint] for e in story.endings],
        "variables": [[v.name, v.type.kind, list(v.type.values), v.start] for v in story.variables.values()],
        "scenes": [
            [s.id, s.chapter, _items(s.text),
             [[c.id, c.label, c.target, c.condition.source if c.condition else None, [e.source for e in c.effects],
               c.canon, list(c.target_at)] for c in s.choices],
             s.place, s.ending, s.interlude, s.title, s.file, s.line, s.col]
            for s in story.scenes.values()
        ],
        "live": {sid: list(names) for sid, names in story.live.items()} if story.live is not None else None,
    }


def write_compiled(path: Path, story: Story, key: str, *, checked: bool) -> None:
    """Write the compiled story beside its final name, then rename: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(compile_story(story, key, checked=checked), ensure_ascii=False, separators=(",", ":"))
    # Named as saves.write_atomically names its own, so remove_stale_temp_files knows it.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---- reading ------------------------------------------------------------------------------
#: A control character written as a JSON escape: \u001b, \r, \b or \f (\n and \t are written as
#: such). One after an escaped backslash (\\) is text: `_holds_control` tells them apart.
_ESCAPE = re.compile(r"\\(?:u00[01][0-9a-fA-F]|u00[89][0-9a-fA-F]|u007[fF]|[bfr])")


def _holds_control(raw: bytes) -> bool:
    """Whether a compiled file would put a control character into the story (text.CONTROL's
    set). json.loads already refuses C0 characters written raw inside a string, so what is left
    is DEL and C1 written raw (UTF-8 C2 80 to C2 9F), and any of them written as an escape.
    Byte searches, not a regular expression over every character: this runs on every start."""
    if b"\x7f" in raw:
        return True
    at = raw.find(b"\xc2")
    while at >= 0:
        if at + 1 < len(raw) and 0x80 <= raw[at + 1] <= 0x9F:
            return True
        at = raw.find(b"\xc2", at + 1)
    if b"\\" not in raw:
        return False
    text = raw.decode("utf-8", "replace")
    for m in _ESCAPE.finditer(text):
        before = m.start()
        while before > 0 and text[before - 1] == "\\":
            before -= 1
        if (m.start() - before) % 2 == 0:  # not itself an escaped backslash's second half
            return True
    return False


class _Stale(Exception):
    """This file is not the compiled form of these story files (or not one at all)."""


def read_compiled(path: Path, key: str, root: Path, *, need_check: bool) -> Story | None:
    """The story compiled in `path`, if it is the one for `key`; None if it is missing, stale,
    foreign, truncated or corrupt (the caller compiles it again)."""
    try:
        # Never a plain open(): a pipe in its place would hang the start, a link to /dev/zero eat memory.
        raw = read_regular_file(path, MAX_COMPILED_BYTES)
        # The reader lets no control character into a story; a file that holds one was not
        # written here, and is read again from the YAML (which says where it is).
        if _holds_control(raw):
            raise _Stale
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("compiled") != COMPILED_FORMAT or data.get("key") != key:
            raise _Stale
        if need_check and data.get("checked") is not True:
            raise _Stale
        return _story(data, root)
    except (OSError, ValueError, _Stale, KeyError, TypeError, IndexError, AttributeError, ExprError, RecursionError):
        return None


class _Builder:
    """Rebuilds the records, parsing each distinct condition and effect once."""

    def __init__(self, var_types: dict[str, VarType]) -> None:
        self.var_types = var_types
        self.conditions: dict[str, Expr] = {}
        self.effects: dict[str, Effect] = {}

    def condition(self, source: str) -> Expr:
        expr = self.conditions.get(source)
        if expr is None:
            expr = self.conditions[source] = parse_condition(source, self.var_types)
        return expr

    def effect(self, source: str) -> Effect:
        effect = self.effects.get(source)
        if effect is None:
            effect = self.effects[source] = parse_effect(source, self.var_types)
        return effect

    def items(self, raw: Any) -> tuple[Item, ...]:
        out: list[Item] = []
        for item in _list(raw):
            if item.__class__ is str:
                out.append(Passage(item))
            elif item.__class__ is list:
                if len(item) != 2:
                    raise _Stale
                out.append(Passage(_text(item[0]), _text(item[1])))
            elif item.__class__ is dict:
                out.append(Branch(self.condition(_text(item["if"])), self.items(item["then"]), self.items(item["else"])))
            else:
                raise _Stale
        return tuple(out)


# The field checks: a file edited by hand (or another program's) gives each field the type the
# reader gives it, or it is stale; the TUI and a session then never meet a number for a title.
def _text(value: Any) -> str:
    if value.__class__ is not str:
        raise _Stale
    return value  # type: ignore[no-any-return]


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _flag(value: Any) -> bool:
    if value.__class__ is not bool:
        raise _Stale
    return value  # type: ignore[no-any-return]


def _number(value: Any) -> int:
    if value.__class__ is not int:
        raise _Stale
    return value  # type: ignore[no-any-return]


def _list(value: Any) -> list[Any]:
    if value.__class__ is not list:
        raise _Stale
    return value  # type: ignore[no-any-return]


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(v) for v in _list(value))


def _story(data: dict[str, Any], root: Path) -> Story:
    variables: dict[str, Variable] = {}
    for name, kind, values, start in _list(data["variables"]):
        if kind not in TYPES:  # the start value is checked against it in _whole
            raise _Stale
        variables[_text(name)] = Variable(name, VarType(kind, _texts(values)), start)
    build = _Builder({name: v.type for name, v in variables.items()})
    condition, effect, items = build.condition, build.effect, build.items
    scenes: dict[str, Scene] = {}
    for sid, chapter, text, choices, place, ending, interlude, title, file, line, col in _list(data["scenes"]):
        scenes[_text(sid)] = Scene(
            sid, _text(chapter), items(text),
            tuple(Choice(sid, _text(cid), _text(label), _text(target),
                         condition(_text(cond)) if cond is not None else None,
                         tuple(effect(_text(e)) for e in _list(effects)), _flag(canon),
                         (_number(at[0]), _number(at[1])))
                  for cid, label, target, cond, effects, canon, at in _list(choices)),
            _maybe_text(place), _maybe_text(ending), _flag(interlude), _maybe_text(title), _text(file),
            _number(line), _number(col),
        )
    note_text, helps = _list(data["content_note"])
    story_themes = data["themes"]
    if story_themes.__class__ is not dict:
        raise _Stale
    story = Story(
        title=_text(data["title"]),
        version=_text(data["version"]),
        credits=_texts(data["credits"]),
        content_note=ContentNote(_text(note_text), tuple(HelpLine(_text(w), _text(n)) for w, n in _list(helps))),
        themes={_text(k): _text(v) for k, v in story_themes.items()},
        chapters=tuple(Chapter(_text(cid), n, _text(title), _text(blurb), _text(entry), _texts(themes), _text(file))
                       for n, (cid, title, blurb, entry, themes, file) in enumerate(_list(data["chapters"]), start=1)),
        endings=tuple(Ending(_text(eid), _text(title), _flag(true), _text(scene), _text(hint))
                      for eid, title, true, scene, hint in _list(data["endings"])),
        variables=variables,
        scenes=scenes,
        root=root,
    )
    live = data.get("live")
    if live is not None:
        if live.__class__ is not dict:
            raise _Stale
        story.live = {sid: _texts(names) for sid, names in live.items()}
    _whole(story)
    return story


_KINDS = {"number": int, "flag": bool, "text": str}


def _whole(story: Story) -> None:
    """What the reader guarantees and play relies on, checked again in a line per kind of record
    (a file edited by hand must not fail in the middle of a scene): every name leads somewhere."""
    scenes, chapters, endings = story.scenes, {c.id for c in story.chapters}, {e.id for e in story.endings}
    if not story.chapters or sum(e.true_ending for e in story.endings) != 1:
        raise _Stale
    if any(type(v.start) is not _KINDS[v.type.kind] or (v.type.values and v.start not in v.type.values)
           for v in story.variables.values()):
        raise _Stale
    if any(c.entry not in scenes for c in story.chapters) or any(
            e.scene not in scenes or scenes[e.scene].ending != e.id for e in story.endings):
        raise _Stale
    for scene in scenes.values():
        if scene.chapter not in chapters or (scene.ending is not None and scene.ending not in endings):
            raise _Stale
        if any(c.target not in scenes for c in scene.choices):
            raise _Stale
        if (scene.ending is None) != bool(scene.choices):  # either an ending or a scene that leads on
            raise _Stale
    if story.live is not None and (story.live.keys() != scenes.keys() or any(
            name not in story.variables for names in story.live.values() for name in names)):
        raise _Stale
