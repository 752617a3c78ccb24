"""Turns the YAML files under scenes/ into a Story, holding every key to a strict schema."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

from .expr import POISONED, TYPES, Effect, Expr, ExprError, VarType, did_you_mean, parse_condition, parse_effect
from .memory import gc_paused
from .model import (
    Branch,
    Chapter,
    Choice,
    ContentNote,
    Ending,
    HelpLine,
    Item,
    Passage,
    Scene,
    Story,
    Variable,
)
from .problems import Problem, StoryError
from .sources import STORY_FILE, default_scenes_dir, story_files
from .yamlfile import At, YList, YMap, read_yaml

__all__ = ["Problem", "StoryError", "default_scenes_dir", "read_story"]

def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (list, YList)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__


class _Reader:
    """Reads mappings against the schema and collects problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Where reading the YAML itself found a value it could not read (or an alias): the
        # schema's complaints about what it then got there would only repeat the cause.
        self.unreadable: set[tuple[str, int, int]] = set()

    def yaml_problems(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        self.unreadable.update((p.file, p.line, p.col) for p in problems)

    def problem(self, file: str, at: At, message: str) -> None:
        if (file, at.line, at.col) not in self.unreadable:
            self.problems.append(Problem(file, at.line, at.col, message))

    def keys(self, m: YMap, allowed: tuple[str, ...], required: tuple[str, ...], what: str) -> None:
        for key in m:
            if key not in allowed:
                self.problem(
                    m.file,
                    m.key_at[key],
                    f"unknown key {key!r} in {what}{did_you_mean(key, allowed)}; the keys are {', '.join(allowed)}",
                )
        for key in required:
            if key not in m:
                self.problem(m.file, m.at, f"{what} needs {key!r}")

    def is_map(self, value: Any, file: str, at: At, what: str) -> TypeGuard[YMap]:
        if isinstance(value, YMap):
            return True
        self.problem(file, at, f"{what} must be a mapping (key: value lines), not {_describe(value)}")
        return False

    def is_list(self, value: Any, file: str, at: At, what: str) -> TypeGuard[YList]:
        if isinstance(value, YList):
            return True
        self.problem(file, at, f"{what} must be a list (lines starting with '- '), not {_describe(value)}")
        return False

    def text_value(self, value: Any, file: str, at: At, what: str) -> str | None:
        if isinstance(value, str):
            if not value.strip():
                self.problem(file, at, f"{what} is empty; write the text")
                return None
            return value
        raw = at.raw
        if raw is not None and value is not None:
            self.problem(
                file, at, f'{what} should be text, but YAML reads {raw} as {_describe(value)}; put it in quotes: "{raw}"'
            )
        else:
            self.problem(file, at, f"{what} should be text, not {_describe(value)}")
        return None

    def text(self, m: YMap, key: str, what: str) -> str | None:
        if key not in m:
            return None
        value = m[key]
        if value.__class__ is str and value.strip():
            return value  # the common case, without working out where it stands
        return self.text_value(value, m.file, m.value_at[key], f"{key!r} in {what}")

    def flag(self, m: YMap, key: str, what: str) -> bool:
        if key not in m:
            return False
        value = m[key]
        if isinstance(value, bool):
            return value
        self.problem(m.file, m.value_at[key], f"{key!r} in {what} must be true or false, not {_describe(value)}")
        return False

    def ident(self, m: YMap, key: str, what: str) -> str | None:
        value = self.text(m, key, what)
        if value is not None and not _is_ident(value):
            self.problem(m.file, m.value_at[key], f"{key!r} in {what} must be an id: letters, digits and _ only")
            return None
        return value


#: How a whole number is written in a story: YAML 1.1 also reads 012, 0x10, 1_000 and 1:30 as numbers.
_WHOLE_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)")


def _is_ident(text: str) -> bool:
    return text.replace("_", "a").isalnum() and text.isascii() and not text[0].isdigit()


class ListedChapter(NamedTuple):
    """A chapter id as story.yaml lists it, and where."""

    id: str
    at: At


class DeclaredEnding(NamedTuple):
    """An ending as story.yaml declares it, and the mapping it is written in."""

    ending: Ending
    source: YMap


class StoryMeta(NamedTuple):
    """What story.yaml says of the whole story."""

    title: str
    version: str
    credits: tuple[str, ...]
    content_note: ContentNote
    themes: dict[str, str]
    chapters: list[ListedChapter]
    endings: list[DeclaredEnding]


class ChapterFile(NamedTuple):
    """A chapter file: its 'chapter' head and the whole document."""

    head: YMap
    doc: YMap


class SceneSource(NamedTuple):
    """A scene as written, before it is read: its id, mapping, chapter, and where its id stands."""

    id: str
    source: YMap
    chapter: str
    at: At


class _StoryReader(_Reader):
    """Reads a story folder pass by pass: its files, story.yaml, each chapter's head and variables,
    then the scenes, the chapters and the endings, collecting every problem on the way."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: dict[str, Variable] = {}
        self.var_types: dict[str, VarType] = {}
        # Each distinct condition or effect is parsed once: a story repeats a few of them many times.
        self.conditions: dict[str, Expr] = {}
        self.effects: dict[str, Effect] = {}

    # ---- story.yaml -------------------------------------------------------------------
    def story_file(self, doc: YMap) -> StoryMeta:
        what = "story.yaml"
        self.keys(
            doc,
            ("title", "version", "credits", "content_note", "themes", "chapters", "endings", "variables"),
            ("title", "version", "content_note", "chapters", "endings"),
            what,
        )
        meta = StoryMeta(
            title=self.text(doc, "title", what) or "",
            version=self.text(doc, "version", what) or "",
            credits=self.paragraph_list(doc, "credits", what),
            content_note=self.content_note(doc),
            themes=self.themes(doc),
            chapters=self.listed_chapters(doc),
            endings=self.declared_endings(doc),
        )
        self.declare_variables(doc, what)
        return meta

    def content_note(self, doc: YMap) -> ContentNote:
        note = doc.get("content_note")
        if "content_note" not in doc or not self.is_map(note, doc.file, doc.value_at["content_note"], "content_note"):
            return ContentNote("", ())
        self.keys(note, ("text", "help"), ("text", "help"), "content_note")
        lines = []
        helps = note.get("help")
        if "help" in note and self.is_list(helps, note.file, note.value_at["help"], "content_note's help"):
            for i, h in enumerate(helps):
                if self.is_map(h, helps.file, helps.item_at[i], "a help line"):
                    self.keys(h, ("where", "line"), ("where", "line"), "a help line")
                    where, line = self.text(h, "where", "a help line"), self.text(h, "line", "a help line")
                    if where and line:
                        lines.append(HelpLine(where, line))
        return ContentNote(self.text(note, "text", "content_note") or "", tuple(lines))

    def themes(self, doc: YMap) -> dict[str, str]:
        out: dict[str, str] = {}
        themes = doc.get("themes")
        if "themes" in doc and self.is_map(themes, doc.file, doc.value_at["themes"], "themes"):
            for key in themes:
                text = self.text(themes, key, "themes")
                if text:
                    out[key] = text
        return out

    def listed_chapters(self, doc: YMap) -> list[ListedChapter]:
        out: list[ListedChapter] = []
        chapters = doc.get("chapters")
        if "chapters" in doc and self.is_list(chapters, doc.file, doc.value_at["chapters"], "chapters"):
            for i, c in enumerate(chapters):
                cid = self.text_value(c, chapters.file, chapters.item_at[i], "a chapter id")
                if cid and cid in {listed.id for listed in out}:
                    self.problem(chapters.file, chapters.item_at[i], f"chapter {cid!r} is listed twice")
                elif cid:
                    out.append(ListedChapter(cid, chapters.item_at[i]))
        return out

    def declared_endings(self, doc: YMap) -> list[DeclaredEnding]:
        out: list[DeclaredEnding] = []
        endings = doc.get("endings")
        if "endings" not in doc or not self.is_list(endings, doc.file, doc.value_at["endings"], "endings"):
            return out
        seen: set[str] = set()
        unknown = False  # an ending whose true_ending YAML could not read: the count cannot be told
        for i, e in enumerate(endings):
            if not self.is_map(e, endings.file, endings.item_at[i], "an ending"):
                continue
            self.keys(e, ("id", "title", "true_ending", "hint"), ("id", "title"), "an ending")
            if "true_ending" in e:
                at = e.value_at["true_ending"]
                unknown = unknown or (e.file, at.line, at.col) in self.unreadable
            eid, title = self.ident(e, "id", "an ending"), self.text(e, "title", "an ending")
            if eid in seen:
                self.problem(e.file, e.value_at["id"], f"ending {eid!r} is declared twice")
            elif eid and title:
                seen.add(eid)
                true_ending = self.flag(e, "true_ending", "an ending")
                hint = self.text(e, "hint", "an ending") or ""
                out.append(DeclaredEnding(Ending(eid, title, true_ending, hint=hint), e))
        trues = [d for d in out if d.ending.true_ending]
        if len(trues) != 1 and not unknown:
            self.problem(
                endings.file, endings.at,
                f"exactly one ending must say 'true_ending: true' (the film's ending); {len(trues)} do",
            )
        return out

    def paragraph_list(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        if key not in m:
            return ()
        value = m[key]
        if isinstance(value, str):
            value = YList([value])
            value.file, value.at, value.item_at = m.file, m.value_at[key], [m.value_at[key]]
        if not self.is_list(value, m.file, m.value_at[key], f"{key!r} in {what}"):
            return ()
        out = [self.text_value(v, value.file, value.item_at[i], f"a paragraph of {key!r}") for i, v in enumerate(value)]
        return tuple(p for p in out if p)

    def declare_variables(self, doc: YMap, what: str) -> None:
        if "variables" not in doc:
            return
        block = doc["variables"]
        if not self.is_map(block, doc.file, doc.value_at["variables"], "variables"):
            return
        for name, spec in block.items():
            at = block.key_at[name]
            if not _is_ident(name):
                self.problem(block.file, at, f"variable {name!r} must be an id: letters, digits and _ only")
                continue
            if name in self.variables:
                self.problem(block.file, at, f"variable {name!r} is declared twice; keep one declaration")
                continue
            if not self.is_map(spec, block.file, block.value_at[name], f"variable {name!r}"):
                continue
            vwhat = f"variable {name!r}"
            self.keys(spec, ("type", "start", "values"), ("type", "start"), vwhat)
            kind = self.text(spec, "type", vwhat)
            if kind is None:
                continue
            if kind not in TYPES:
                self.problem(spec.file, spec.value_at["type"],
                             f"{vwhat} has type {kind!r}{did_you_mean(kind, TYPES)}; the types are number, flag, text")
                self.var_types[name] = POISONED
                continue
            values: tuple[str, ...] = ()
            if "values" in spec:
                if kind != "text":
                    self.problem(spec.file, spec.key_at["values"], f"only text variables list 'values'; {vwhat} is a {kind}")
                elif self.is_list(spec["values"], spec.file, spec.value_at["values"], f"{vwhat}'s values"):
                    vs = spec["values"]
                    if not vs:
                        self.problem(spec.file, spec.value_at["values"],
                                     f"{vwhat} lists no values; list the values it can hold, or leave 'values' out")
                    for i, v in enumerate(vs):
                        if self.text_value(v, vs.file, vs.item_at[i], f"a value of {vwhat}") is None:
                            continue
                        if v in values:
                            self.problem(vs.file, vs.item_at[i], f"{v!r} is listed twice in the values of {vwhat}")
                            continue
                        values += (v,)
            # From here on the name is declared, right or wrong: a mistake in its start must not also
            # turn every use of it into an "unknown variable".
            self.var_types[name] = VarType(kind, values)
            if "start" not in spec:
                continue
            start, sat = spec["start"], spec.value_at["start"]
            ok = {
                "number": isinstance(start, int) and not isinstance(start, bool),
                "flag": isinstance(start, bool),
                "text": isinstance(start, str),
            }[kind]
            if ok and kind == "number" and sat.raw is not None and not _WHOLE_NUMBER.fullmatch(sat.raw):
                self.problem(spec.file, sat, f"YAML reads {sat.raw} as the number {start}; write the number you mean "
                                             "with digits only (no leading zero, colon or underscore)")
                continue
            if not ok:
                if kind == "text":
                    self.text_value(start, spec.file, sat, f"the start of {vwhat}")
                elif kind == "number":
                    self.problem(spec.file, sat, f"{vwhat} holds whole numbers, so its start cannot be {_describe(start)}")
                else:
                    self.problem(spec.file, sat, f"{vwhat} is a flag, so its start is true or false, not {_describe(start)}")
                continue
            if values and start not in values:
                self.problem(spec.file, sat, f"the start of {vwhat} must be one of its values: {', '.join(values)}")
                continue
            self.variables[name] = Variable(name, self.var_types[name], start)

    # ---- chapter files ----------------------------------------------------------------
    def chapter_head(self, doc: YMap) -> YMap | None:
        self.keys(doc, ("chapter", "variables", "scenes"), ("chapter", "scenes"), "a chapter file")
        head = doc.get("chapter")
        if "chapter" not in doc or not self.is_map(head, doc.file, doc.value_at["chapter"], "'chapter'"):
            return None
        self.keys(head, ("id", "title", "blurb", "entry", "themes"), ("id", "title", "blurb", "entry", "themes"), "'chapter'")
        self.declare_variables(doc, doc.file)
        return head

    def expression(self, m: YMap, key: str, what: str) -> Expr | None:
        source = self.text(m, key, what)
        if source is None:
            return None
        known = self.conditions.get(source)
        if known is not None:
            return known
        try:
            expr = self.conditions[source] = parse_condition(source, self.var_types)
            return expr
        except ExprError as e:
            self.expr_problem(m.file, m.value_at[key], e, f"the condition {' '.join(source.split())!r}")
            return None

    def expr_problem(self, file: str, at: At, e: ExprError, what: str) -> None:
        if e.quiet:  # it reads a variable whose declaration is already reported
            return
        self.problems.append(Problem(file, at.line, at.column(e.offset), f"in {what}: {e.message}"))

    def items(self, m: YMap, key: str, what: str) -> tuple[Item, ...]:
        """The paragraphs under `key` in `m`: a text, or a list of texts and conditional maps."""
        value = m[key]
        if value.__class__ is str and value.strip():
            return (Passage(value),)
        if not isinstance(value, YList):
            self.text_value(value, m.file, m.value_at[key], what)
            return ()
        out: list[Item] = []
        for i, item in enumerate(value):
            if item.__class__ is str and item.strip():
                out.append(Passage(item))
            elif isinstance(item, YMap):
                parsed = self.item_map(item)
                if parsed:
                    out.append(parsed)
            else:
                text = self.text_value(item, value.file, value.item_at[i], "a paragraph")
                if text:
                    out.append(Passage(text))
        return tuple(out)

    def item_map(self, m: YMap) -> Item | None:
        if "intense" in m or "gentle" in m:
            self.keys(m, ("intense", "gentle", "if"), ("intense", "gentle"), "an intense passage")
            passage = None
            intense, gentle = self.text(m, "intense", "an intense passage"), self.text(m, "gentle", "an intense passage")
            if intense and gentle:
                passage = Passage(intense, gentle)
            if "if" in m:
                cond = self.expression(m, "if", "an intense passage")
                return Branch(cond, (passage,)) if cond and passage else None
            return passage
        what = "a conditional paragraph"
        self.keys(m, ("if", "text", "else"), ("if", "text"), what)
        cond = self.expression(m, "if", what)
        then = self.items(m, "text", f"'text' in {what}") if "text" in m else ()
        otherwise = self.items(m, "else", f"'else' in {what}") if "else" in m else ()
        return Branch(cond, then, otherwise) if cond else None

    def scene(self, sid: str, m: YMap, chapter: str, at: At) -> Scene | None:
        what = f"scene {sid!r}"
        self.keys(m, ("text", "choices", "next", "ending", "place", "interlude", "title"), ("text",), what)
        text = self.items(m, "text", f"the text of {what}") if "text" in m else ()
        choices: list[Choice] = []
        ending = self.ident(m, "ending", what)
        exits = [k for k in ("choices", "next", "ending") if k in m]
        if len(exits) != 1:
            self.problem(
                m.file, at,
                f"{what} needs exactly one of 'choices', 'next' or 'ending'"
                + (f"; it has {' and '.join(exits)}" if exits else ""),
            )
        if "next" in m:
            target = self.ident(m, "next", what)
            if target:
                choices.append(Choice(sid, "next", "Continue", target, target_at=m.value_at["next"][:2]))
        if "choices" in m:
            block = m["choices"]
            if self.is_list(block, m.file, m.value_at["choices"], f"the choices of {what}"):
                if not block:
                    self.problem(m.file, m.value_at["choices"], f"{what} has an empty list of choices")
                ids: dict[str, int] = {}
                for i, c in enumerate(block):
                    if self.is_map(c, block.file, block.item_at[i], "a choice"):
                        choice = self.choice(sid, c)
                        if choice is None:
                            continue
                        if choice.id in ids:
                            self.problem(
                                c.file, c.at,
                                f"two choices of {what} have the id {choice.id!r} (the other is on line "
                                f"{ids[choice.id]}); give one of them its own 'id:'",
                            )
                            continue
                        ids[choice.id] = c.at.line
                        choices.append(choice)
        return Scene(
            id=sid,
            chapter=chapter,
            text=text,
            choices=tuple(choices),
            place=self.text(m, "place", what),
            ending=ending,
            interlude=self.flag(m, "interlude", what),
            title=self.text(m, "title", what),
            file=m.file,
            line=at.line,
            col=at.col,
        )

    def choice(self, sid: str, c: YMap) -> Choice | None:
        what = "a choice"
        self.keys(c, ("label", "to", "if", "do", "canon", "id"), ("label", "to"), what)
        label, target = self.text(c, "label", what), self.ident(c, "to", what)
        cid = self.ident(c, "id", what) if "id" in c else target
        cond = self.expression(c, "if", what) if "if" in c else None
        effects: list[Effect] = []
        if "do" in c:
            block = c["do"]
            if isinstance(block, str):
                block = YList([block])
                block.file, block.at, block.item_at = c.file, c.value_at["do"], [c.value_at["do"]]
            if self.is_list(block, c.file, c.value_at["do"], "'do'"):
                for i, src in enumerate(block):
                    source = self.text_value(src, block.file, block.item_at[i], "an effect")
                    if source is None:
                        continue
                    try:
                        effect = self.effects.get(source)
                        if effect is None:
                            effect = self.effects[source] = parse_effect(source, self.var_types)
                        effects.append(effect)
                    except ExprError as e:
                        self.expr_problem(block.file, block.item_at[i], e, f"the effect {source!r}")
        if not (label and target and cid):
            return None
        return Choice(sid, cid, label, target, cond, tuple(effects), self.flag(c, "canon", what), c.value_at["to"][:2])

    # ---- the passes over a story folder ----------------------------------------------
    def story_files(self, root: Path) -> tuple[Path | None, list[Path]]:
        """story.yaml and the chapter files, as sources.story_files lists them (the one listing
        the compiled cache's key is made from too)."""
        where = _label(root)
        try:
            paths = story_files(root)
        except FileNotFoundError:
            self.problems.append(Problem(where, 1, 1, "there is no such folder; give the folder that holds story.yaml"))
            return None, []
        except NotADirectoryError:
            self.problems.append(Problem(where, 1, 1, "this is a file, not a folder; give the folder that holds story.yaml"))
            return None, []
        except OSError as e:
            self.problems.append(Problem(where, 1, 1, f"this story folder cannot be read ({e.strerror or e}); "
                                                      "check that it is yours to read"))
            return None, []
        story_path = next((p for p in paths if p.name.lower() == STORY_FILE), None)
        if story_path is None:
            self.problems.append(Problem(where, 1, 1, f"there is no {STORY_FILE} in this folder; a story folder needs one"))
        return story_path, [p for p in paths if p != story_path]

    def story_yaml(self, path: Path) -> StoryMeta | None:
        doc, problems = read_yaml(path, _label(path))
        self.yaml_problems(problems)
        if not isinstance(doc, YMap):
            if doc is not None:
                self.problem(_label(path), At(1, 1), "story.yaml must be a mapping of keys")
            return None
        return self.story_file(doc)

    def chapter_files(self, paths: list[Path]) -> tuple[dict[str, ChapterFile], list[SceneSource]] | None:
        """Every chapter file's head and variables, and its scenes as written (read later);
        None when a file's chapter cannot be told."""
        unreadable = False
        files: dict[str, ChapterFile] = {}
        sources: list[SceneSource] = []
        for path in paths:
            cdoc, problems = read_yaml(path, _label(path))
            self.yaml_problems(problems)
            if cdoc is None:
                unreadable = True
                continue
            if not isinstance(cdoc, YMap):
                self.problem(_label(path), At(1, 1), "a chapter file must be a mapping with 'chapter' and 'scenes'")
                unreadable = True
                continue
            head = self.chapter_head(cdoc)
            cid = self.ident(head, "id", "'chapter'") if head is not None else None
            if head is None or cid is None:
                unreadable = True
                continue
            if cid in files:
                self.problem(head.file, head.value_at["id"], f"chapter {cid!r} is already written in {files[cid].head.file}")
                continue
            files[cid] = ChapterFile(head, cdoc)
            scenes = cdoc.get("scenes")
            if "scenes" in cdoc and self.is_map(scenes, cdoc.file, cdoc.value_at["scenes"], "'scenes'"):
                for sid, sm in scenes.items():
                    sat = scenes.key_at[sid]
                    if not _is_ident(sid):
                        self.problem(scenes.file, sat, f"scene id {sid!r} must be letters, digits and _ only")
                    elif self.is_map(sm, scenes.file, scenes.value_at[sid], f"scene {sid!r}"):
                        sources.append(SceneSource(sid, sm, cid, sat))
        return None if unreadable else (files, sources)

    def scenes(self, sources: list[SceneSource]) -> dict[str, Scene]:
        out: dict[str, Scene] = {}
        for source in sources:
            sid = source.id
            if sid in out:
                other = out[sid]
                self.problem(source.source.file, source.at,
                             f"scene id {sid!r} is already used in {other.file}:{other.line}; scene ids are unique")
                continue
            scene = self.scene(sid, source.source, source.chapter, source.at)
            if scene:
                out[sid] = scene
        return out

    def chapters(self, meta: StoryMeta, files: dict[str, ChapterFile], scenes: dict[str, Scene],
                 story_file: str) -> tuple[Chapter, ...]:
        """The chapters in story.yaml's order, each from its file."""
        out: list[Chapter] = []
        order = [listed.id for listed in meta.chapters]
        for n, (cid, at) in enumerate(meta.chapters, start=1):
            if cid not in files:
                self.problem(story_file, at, f"chapter {cid!r} has no file; add one with 'chapter: {{id: {cid}, ...}}'")
                continue
            head = files[cid].head
            what = f"chapter {cid!r}"
            themes: list[str] = []
            tv = head.get("themes")
            if "themes" in head and self.is_list(tv, head.file, head.value_at["themes"], f"the themes of {what}"):
                for i, t in enumerate(tv):
                    theme = self.text_value(t, tv.file, tv.item_at[i], "a theme")
                    if theme and theme not in meta.themes:
                        self.problem(tv.file, tv.item_at[i],
                                     f"theme {theme!r} is not in story.yaml's themes{did_you_mean(theme, meta.themes)}")
                    elif theme:
                        themes.append(theme)
            entry = self.ident(head, "entry", what)
            if entry and entry not in scenes:
                self.problem(head.file, head.value_at["entry"],
                             f"the entry scene {entry!r} does not exist{did_you_mean(entry, scenes)}")
            elif entry and scenes[entry].chapter != cid:
                self.problem(head.file, head.value_at["entry"], f"the entry scene {entry!r} belongs to another chapter")
            out.append(Chapter(cid, n, self.text(head, "title", what) or cid, self.text(head, "blurb", what) or "",
                               entry or "", tuple(themes), head.file))
        for cid, file in files.items():
            if cid not in order:
                self.problem(file.head.file, file.head.value_at["id"],
                             f"chapter {cid!r} is not listed in story.yaml's chapters{did_you_mean(cid, order)}")
        return tuple(out)

    def endings(self, meta: StoryMeta, scenes: dict[str, Scene]) -> tuple[Ending, ...]:
        """Every choice's target checked, and each declared ending tied to its one scene."""
        declared = {d.ending.id: d for d in meta.endings}
        ending_scene: dict[str, Scene] = {}
        for scene in scenes.values():
            for choice in scene.choices:
                if choice.target not in scenes:
                    self.problems.append(Problem(
                        scene.file, *choice.target_at,
                        f"scene {scene.id!r} leads to {choice.target!r}, which does not exist"
                        f"{did_you_mean(choice.target, scenes)}",
                    ))
            if scene.ending:
                if scene.ending not in declared:
                    self.problems.append(Problem(
                        scene.file, scene.line, scene.col,
                        f"scene {scene.id!r} is the ending {scene.ending!r}, which story.yaml does not declare"
                        f"{did_you_mean(scene.ending, declared)}",
                    ))
                elif scene.ending in ending_scene:
                    self.problems.append(Problem(
                        scene.file, scene.line, scene.col,
                        f"ending {scene.ending!r} is already the scene {ending_scene[scene.ending].id!r}; "
                        "an ending has one scene (lead other scenes to it)",
                    ))
                else:
                    ending_scene[scene.ending] = scene
        out: list[Ending] = []
        for eid, d in declared.items():
            if eid not in ending_scene:
                self.problem(d.source.file, d.source.at, f"ending {eid!r} has no scene; add a scene with 'ending: {eid}'")
            else:
                out.append(d.ending._replace(scene=ending_scene[eid].id))
        return tuple(out)


def read_story(root: Path | None = None) -> tuple[Story | None, list[Problem]]:
    """Read and validate every file. Returns the story (None if it cannot be built) and problems."""
    with gc_paused():
        return _read_story(root)


def _read_story(root: Path | None) -> tuple[Story | None, list[Problem]]:
    root = Path(root) if root is not None else default_scenes_dir()
    reader = _StoryReader()
    story_path, chapter_paths = reader.story_files(root)
    if story_path is None:
        return None, _in_order(reader.problems)
    meta = reader.story_yaml(story_path)
    if meta is None:
        return None, _in_order(reader.problems)
    files = reader.chapter_files(chapter_paths)
    if files is None:
        # A file whose chapter cannot be told: checks across files would only echo its missing
        # scenes and variables as many more problems.
        return None, _in_order(reader.problems)
    chapter_files, sources = files
    # Scenes are read after every file's variables are declared, so any chapter may read any variable.
    scenes = reader.scenes(sources)
    chapters = reader.chapters(meta, chapter_files, scenes, _label(story_path))
    endings = reader.endings(meta, scenes)
    if reader.problems:
        return None, _in_order(reader.problems)
    story = Story(
        title=meta.title,
        version=meta.version,
        credits=meta.credits,
        content_note=meta.content_note,
        themes=meta.themes,
        chapters=chapters,
        endings=endings,
        variables=reader.variables,
        scenes=scenes,
        root=root,
    )
    return story, []


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file and line, each once: `check` and a failed load count them alike."""
    return sorted(set(problems))


def _label(p: Path) -> str:
    """A path as a problem names it: relative to where the command was run, when it is below it."""
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)
