"""Reads a YAML file with PyYAML's safe C parser into plain values that remember their lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# Where a value stands: (line, column, the raw text when YAML read plain text as something else,
# whether its text sits on that one line as written, so a column inside it can be counted).
At = tuple[int, int, "str | None", bool]


class _Marks:
    """Where the values of a mapping or list stand, worked out only when someone asks."""

    __slots__ = ("nodes", "index")

    def __init__(self, nodes: Any, index: int | None = None) -> None:
        self.nodes = nodes
        self.index = index

    def __getitem__(self, key: Any) -> At:
        node = self.nodes[key]
        return _at(node if self.index is None else node[self.index])


class YMap(dict[str, Any]):
    """A YAML mapping that knows where it, each key and each value stand."""

    __slots__ = ("file", "node", "key_at", "value_at")

    file: str
    node: Any
    key_at: Any
    value_at: Any

    @property
    def at(self) -> At:
        return _at(self.node)


class YList(list[Any]):
    """A YAML sequence that knows where it and each item stand."""

    __slots__ = ("file", "at", "item_at")

    file: str
    at: At
    item_at: Any


def _at(node: yaml.Node) -> At:
    mark = node.start_mark
    raw = None
    col = mark.column + 1
    one_line = False
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _STR and not node.style:
            raw = node.value
        elif node.style in ("'", '"'):
            col += 1  # point inside the quotes, where the text itself starts
        # A block (| or >) starts on the next line, and plain or quoted text over several lines is
        # folded: either way a column in the text is not a column in the file.
        one_line = node.style not in ("|", ">") and mark.line == node.end_mark.line
    return (mark.line + 1, col, raw, one_line)


class _Builder:
    def __init__(self, loader: Any, file: str, problems: list[Problem]) -> None:
        self.loader = loader
        self.file = file
        self.problems = problems
        # Nodes built so far: the composer hands out the same node again for an alias (*name).
        self.built: set[int] = set()

    def problem(self, node: yaml.Node, message: str) -> None:
        line, col, _, _ = _at(node)
        self.problems.append(Problem(self.file, line, col, message))

    def build(self, node: yaml.Node) -> Any:
        cls = node.__class__
        if id(node) in self.built:
            # Aliases can repeat a part of the file exponentially (or in a loop); the format has no
            # need of them.
            self.problem(node, "this part is used again through a YAML alias (*name); the story format has no "
                               "aliases, so write it out where it is needed")
            return node.value if cls is yaml.ScalarNode else (YMap() if cls is yaml.MappingNode else YList())
        self.built.add(id(node))
        if cls is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            try:
                return self.loader.construct_object(node)
            except (yaml.YAMLError, ValueError):
                # '=' and '<<' (YAML 1.1's "value" and merge keys), or a number past Python's 4,300 digits.
                shown = node.value if len(node.value) <= 24 else node.value[:20] + "..."
                self.problem(node, f"YAML cannot read {shown!r} here; if it is text, put it in quotes")
                return node.value
        if cls is yaml.MappingNode:
            return self.mapping(node)  # type: ignore[arg-type]
        if cls is yaml.SequenceNode:
            build = self.build
            items = node.value
            out = YList([build(item) for item in items])
            out.file = self.file
            out.at = _at(node)
            out.item_at = _Marks(items)
            return out
        raise TypeError(node)  # pragma: no cover - PyYAML has only these three kinds

    def mapping(self, node: yaml.MappingNode) -> YMap:
        out = YMap()
        out.file = self.file
        out.node = node
        nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        out.key_at = _Marks(nodes, 0)
        out.value_at = _Marks(nodes, 1)
        build = self.build
        for pair in node.value:
            knode = pair[0]
            if knode.__class__ is yaml.ScalarNode and knode.tag == _STR:
                key = knode.value
            elif knode.__class__ is not yaml.ScalarNode:
                line, col, _, _ = _at(knode)
                self.problems.append(Problem(self.file, line, col, "a key must be a plain word, not a list or mapping"))
                continue
            else:
                key = str(self.build(knode))
                if not knode.style and key != knode.value:
                    kat = _at(knode)
                    self.problems.append(Problem(
                        self.file, kat[0], kat[1], f"YAML reads the key {knode.value!r} as {key!r}; put it in quotes"
                    ))
            if key in nodes:
                kat = _at(knode)
                first = _at(nodes[key][0])[0]
                self.problems.append(Problem(
                    self.file, kat[0], kat[1], f"{key!r} is written twice in this mapping (first on line {first}); keep one"
                ))
                continue
            nodes[key] = pair
            out[key] = build(pair[1])
        return out


def read_yaml(path: Path, label: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns the document (None if unreadable) and the problems found."""
    file = label or str(path)
    problems: list[Problem] = []
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [Problem(file, 1, 1, f"cannot read this file: {e.strerror or e}")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        return None, [Problem(file, line, col, "this file is not UTF-8 text (a byte here is not); save it as UTF-8")]
    loader = _Loader(data)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(file, 1, 1, "this file is empty; a story file needs at least one mapping")]
        return _Builder(loader, file, problems).build(node), problems
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


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of a byte offset, columns counted in characters."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1
