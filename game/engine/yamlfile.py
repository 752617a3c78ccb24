"""Reads a YAML file with PyYAML's safe C parser into plain values that remember their lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .files import NotAFile, TooLarge, read_regular_file
from .problems import Problem
from .text import CONTROL

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

#: A story file larger than this is not a story file (the whole shipped story is about 200 KB).
MAX_FILE_BYTES = 20_000_000

#: One escape of a double-quoted YAML string, for counting columns and finding control characters.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_ONE_LETTER_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
                       "e": "\x1b", "N": "\x85"}


class At(NamedTuple):
    """Where a value stands in its file."""

    line: int
    col: int
    #: The text as written, when YAML read plain text as something else (a number, a flag, a date).
    raw: str | None = None
    #: The value as written, quotes included, when it sits on one line: a column inside the value
    #: is counted through it (an escape such as \e is one character of the value, two of the file).
    written: str | None = None

    def column(self, offset: int) -> int:
        """The file's column of the character at `offset` in the value (its first column when
        the value spans lines, where a column in the text is not one in the file)."""
        written = self.written
        if written is None:
            return self.col
        if not written.startswith(("'", '"')):
            return self.col + offset
        i, n = 1, 0
        while n < offset and i < len(written) - 1:
            if written[0] == '"' and written[i] == "\\":
                m = _ESCAPE.match(written, i)
                i = m.end() if m else i + 1
            else:
                i += 2 if written[0] == "'" and written.startswith("''", i) else 1
            n += 1
        return self.col + i - 1


class _Marks:
    """Where the values of a mapping or list stand, worked out only when someone asks."""

    __slots__ = ("nodes", "index", "text")

    def __init__(self, nodes: Any, text: str, index: int | None = None) -> None:
        self.nodes = nodes
        self.text = text
        self.index = index

    def __getitem__(self, key: Any) -> At:
        node = self.nodes[key]
        return _at(node if self.index is None else node[self.index], self.text)


class YMap(dict[str, Any]):
    """A YAML mapping that knows where it, each key and each value stand."""

    __slots__ = ("file", "node", "text", "key_at", "value_at")

    file: str
    node: Any
    text: str
    key_at: Any
    value_at: Any

    @property
    def at(self) -> At:
        return _at(self.node, self.text)


class YList(list[Any]):
    """A YAML sequence that knows where it and each item stand."""

    __slots__ = ("file", "at", "item_at")

    file: str
    at: At
    item_at: Any


def _at(node: yaml.Node, text: str) -> At:
    mark = node.start_mark
    raw = None
    col = mark.column + 1
    written = None
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR and not node.style:
            raw = node.value
        elif node.style in ("'", '"') and text.startswith(("'", '"'), mark.index):
            col += 1  # point inside the quotes, where the text itself starts (not at a tag before them)
        # A block (| or >) starts on the next line, and plain or quoted text over several lines is
        # folded: either way a column in the text is not a column in the file.
        if node.style not in ("|", ">") and mark.line == node.end_mark.line:
            written = text[mark.index:node.end_mark.index]
            if written.startswith(("!", "&")):  # a tag or an anchor stands before the text
                written = None
    return tuple.__new__(At, (mark.line + 1, col, raw, written))  # At(...) without NamedTuple's slower __new__


def _control_escape(written: str) -> re.Match[str] | None:
    """The first escape in a double-quoted string that writes a control character."""
    for m in _ESCAPE.finditer(written):
        code = m.group(1)
        char = chr(int(code[1:], 16)) if len(code) > 1 else _ONE_LETTER_ESCAPES.get(code, "")
        if CONTROL.match(char):
            return m
    return None


class _Builder:
    def __init__(self, loader: Any, file: str, text: str, problems: list[Problem]) -> None:
        self.loader = loader
        self.file = file
        self.text = text
        self.problems = problems
        # An alias (*name) needs an anchor (&name): a file without '&' has none, and its nodes
        # need not be remembered.
        self.anchored = "&" in text
        # Nodes built so far: the composer hands out the same node again for an alias.
        self.built: set[int] = set()
        #: Whether the file uses an alias (*name): they are found, where they stand, afterwards.
        self.aliased = False

    def problem(self, node: yaml.Node, message: str, at: At | None = None) -> None:
        at = at or _at(node, self.text)
        self.problems.append(Problem(self.file, at.line, at.col, message))

    def build(self, node: yaml.Node) -> Any:
        cls = node.__class__
        if self.anchored:
            if id(node) in self.built:
                # Aliases can repeat a part of the file exponentially (or in a loop); the format has
                # no need of them. The composer does not say where one stands: _alias_problems does.
                self.aliased = True
                return None
            self.built.add(id(node))
        if cls is yaml.ScalarNode:
            if node.tag == _STR:
                if node.style == '"':  # type: ignore[attr-defined]
                    self.no_control(node)
                return node.value
            try:
                return self.loader.construct_object(node)
            except Exception:
                # '=' and '<<' (YAML 1.1's "value" and merge keys), a number past Python's 4,300 digits,
                # or a tag that cannot read its text (!!bool maybe, !!int "", !!timestamp foo): PyYAML's
                # constructors fail with whatever error their parsing meets first.
                shown = node.value if len(node.value) <= 24 else node.value[:20] + "..."
                if self.text.startswith("!", node.start_mark.index):
                    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                    self.problem(node, f"the YAML tag {tag} cannot read {shown!r}; the story format needs no tags, so "
                                       "leave it out (and put text in quotes)")
                else:
                    self.problem(node, f"YAML cannot read {shown!r} here; if it is text, put it in quotes")
                return node.value
        if cls is yaml.MappingNode:
            return self.mapping(node)  # type: ignore[arg-type]
        if cls is yaml.SequenceNode:
            build = self.build
            items = node.value
            out = YList([build(item) for item in items])
            out.file = self.file
            out.at = _at(node, self.text)
            out.item_at = _Marks(items, self.text)
            return out
        raise TypeError(node)  # pragma: no cover - PyYAML has only these three kinds

    def no_control(self, node: yaml.Node) -> None:
        """A double-quoted escape such as \\e or \\x1b writes a control character: a terminal
        would obey it (clear the screen, rename the window, write the clipboard), not show it."""
        if CONTROL.search(node.value) is None:
            return
        start = node.start_mark.index
        written = self.text[start:node.end_mark.index]
        m = _control_escape(written)
        if m is None:  # pragma: no cover - only an escape can put one in a quoted string
            self.problem(node, "this text holds a control character; remove it")
            return
        offset = start + m.start()
        line = self.text.count("\n", 0, offset) + 1
        col = offset - self.text.rfind("\n", 0, offset)
        self.problems.append(Problem(
            self.file, line, col,
            f'the escape "{m.group(0)}" writes a control character, which a terminal obeys instead of showing '
            "(it could clear the screen or take over the window); remove it",
        ))

    def mapping(self, node: yaml.MappingNode) -> YMap:
        out = YMap()
        out.file = self.file
        out.node = node
        out.text = self.text
        nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        out.key_at = _Marks(nodes, self.text, 0)
        out.value_at = _Marks(nodes, self.text, 1)
        build = self.build
        for pair in node.value:
            knode = pair[0]
            if knode.__class__ is yaml.ScalarNode and knode.tag == _STR:
                key = knode.value
                if self.anchored:
                    self.aliased = self.aliased or id(knode) in self.built
                    self.built.add(id(knode))
                if knode.style == '"':
                    self.no_control(knode)
            elif knode.__class__ is not yaml.ScalarNode:
                self.problem(knode, "a key must be a plain word, not a list or mapping")
                continue
            else:
                key = str(self.build(knode))
                if not knode.style and key != knode.value:
                    self.problem(knode, f"YAML reads the key {knode.value!r} as {key!r}; put it in quotes")
            if key in nodes:
                first = _at(nodes[key][0], self.text).line
                self.problem(knode, f"{key!r} is written twice in this mapping (first on line {first}); keep one")
                continue
            nodes[key] = pair
            out[key] = build(pair[1])
        return out


def read_yaml(path: Path, label: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns the document (None if unreadable) and the problems found."""
    file = label or str(path)
    problems: list[Problem] = []
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except NotAFile as e:
        return None, [Problem(file, 1, 1, f"this is {e.what}, not a file; a story file is a .yaml text file")]
    except TooLarge:
        return None, [Problem(file, 1, 1, f"this file is larger than {MAX_FILE_BYTES:,} bytes, far too large to be a "
                                          "story file")]
    except OSError as e:
        return None, [Problem(file, 1, 1, f"cannot read this file: {e.strerror or e}")]
    try:
        text = data.decode("utf-8-sig")  # the parser's marks do not count a byte-order mark
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        return None, [Problem(file, line, col, "this file is not UTF-8 text (a byte here is not); save it as UTF-8")]
    loader = _Loader(data)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 1, 1, "this file is empty; a story file needs at least one mapping")]
        builder = _Builder(loader, file, text, problems)
        doc = builder.build(node)
        if builder.aliased:
            # The format has no aliases: the file is read no further than where each one stands.
            return None, problems + _alias_problems(data, file)
        return doc, problems
    except yaml.reader.ReaderError as e:
        line, col = _line_col(data, e.position)
        return None, [Problem(file, line, col, f"this is not valid YAML: {e.reason} (character #x{e.character:04x})")]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x)
        return None, [Problem(file, line, col, f"this is not valid YAML: {what}")]
    except yaml.YAMLError as e:
        return None, [Problem(file, 1, 1, f"this is not valid YAML: {' '.join(str(e).split())}")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "this file nests lists and mappings too deeply to be a story")]
    finally:
        loader.dispose()


def _alias_problems(data: bytes, file: str) -> list[Problem]:
    """One problem where each alias (*name) stands: the composer only says where its anchor is."""
    out = []
    for event in yaml.parse(data, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            if mark is None:  # pragma: no cover - the parser marks every event
                continue
            out.append(Problem(file, mark.line + 1, mark.column + 1,
                               f"*{event.anchor} repeats a part of the file through a YAML alias; the story format has "
                               "no aliases, so write it out where it is needed"))
    return out


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of a byte offset, columns counted in characters."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1
