"""The small language of conditions and effects: parsed and type-checked at load, never eval'd."""


import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

Value = int | bool | str
Vars = Mapping[str, Value]

#: The types a story variable can have, in the words authors write.
TYPES = ("number", "flag", "text")


class VarType(NamedTuple):
    """A declared variable's type, and for text the values it may hold (empty: any)."""

    kind: str
    values: tuple[str, ...] = ()


#: The type of a variable whose declaration is wrong (and reported): using it is not another error.
POISONED = VarType("unknown")

#: More tokens than this in one condition or effect is not a story's condition (and evaluating
#: a chain of thousands of closures would overflow the stack).
MAX_TOKENS = 200


class ExprError(Exception):
    """A condition or effect that cannot be parsed or does not type-check.

    `quiet` errors follow from a mistake reported elsewhere (a variable declared wrongly).
    """

    def __init__(self, message: str, offset: int = 0, *, quiet: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.quiet = quiet


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>[0-9]+)
      | (?P<str>"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')
      | (?P<op>\+=|-=|==|!=|<=|>=|[<>()+\-=])
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
# Numbers are ASCII digits only: `\d` would also take '٣' or '３', which int() reads as 3.
_KEYWORDS = {"and", "or", "not", "true", "false"}


class _Tok(NamedTuple):
    kind: str
    text: str
    pos: int


def _tokens(source: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.end() == m.start():
            break
        kind = m.lastgroup or "bad"
        text = m.group(kind)
        start = m.start(kind)
        if kind == "bad":
            hint = " (use == to compare, and quotes around text)" if text in "!&|" else ""
            raise ExprError(f"unexpected character {text!r}{hint}", start)
        if kind == "name" and text in _KEYWORDS:
            kind = text
        out.append(_Tok(kind, text, start))
        pos = m.end()
    if source[pos:].strip():
        raise ExprError("cannot read the end of this expression", pos)
    if len(out) > MAX_TOKENS:
        raise ExprError(f"this is longer than a condition can be ({MAX_TOKENS} words and signs); split it, or "
                        "keep the reasoning in a variable")
    out.append(_Tok("end", "", len(source)))
    return out


# A compiled expression: a function of the variables, and its static type.
Compiled = Callable[[Vars], Any]


class Expr(NamedTuple):
    """A parsed, type-checked expression: its source, type, variables read and evaluator."""

    source: str
    type: str
    reads: frozenset[str]
    evaluate: Compiled


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class _Parser:
    def __init__(self, source: str, variables: Mapping[str, VarType]) -> None:
        self.source = source
        self.toks = _tokens(source)
        self.i = 0
        self.variables = variables

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self, kind: str) -> _Tok:
        tok = self.tok
        if tok.kind != kind:
            want = {"end": "the end of the expression", "name": "a variable name"}.get(kind, repr(kind))
            got = "the end" if tok.kind == "end" else repr(tok.text)
            raise ExprError(f"expected {want} but found {got}", tok.pos)
        self.i += 1
        return tok

    # expr := or
    def parse_or(self) -> Expr:
        left = self.parse_and()
        while self.tok.kind == "or":
            pos = self.tok.pos
            self.i += 1
            right = self.parse_and()
            self._need(left, "flag", "or", pos)
            self._need(right, "flag", "or", pos)
            lf, rf = left.evaluate, right.evaluate
            left = Expr(self.source, "flag", left.reads | right.reads, lambda v, lf=lf, rf=rf: lf(v) or rf(v))
        return left

    def parse_and(self) -> Expr:
        left = self.parse_not()
        while self.tok.kind == "and":
            pos = self.tok.pos
            self.i += 1
            right = self.parse_not()
            self._need(left, "flag", "and", pos)
            self._need(right, "flag", "and", pos)
            lf, rf = left.evaluate, right.evaluate
            left = Expr(self.source, "flag", left.reads | right.reads, lambda v, lf=lf, rf=rf: lf(v) and rf(v))
        return left

    def parse_not(self) -> Expr:
        if self.tok.kind == "not":
            pos = self.tok.pos
            self.i += 1
            inner = self.parse_not()
            self._need(inner, "flag", "not", pos)
            f = inner.evaluate
            return Expr(self.source, "flag", inner.reads, lambda v, f=f: not f(v))
        return self.parse_compare()

    def parse_compare(self) -> Expr:
        left = self.parse_sum()
        if self.tok.kind == "op" and self.tok.text in _COMPARE:
            op = self.tok
            self.i += 1
            right = self.parse_sum()
            if op.text in ("==", "!="):
                if left.type != right.type:
                    raise ExprError(
                        f"cannot compare {left.type} with {right.type} using {op.text}", op.pos
                    )
                self._check_text_value(left, right, op.pos)
                self._check_text_value(right, left, op.pos)
            else:
                self._need(left, "number", op.text, op.pos)
                self._need(right, "number", op.text, op.pos)
            fn, lf, rf = _COMPARE[op.text], left.evaluate, right.evaluate
            return Expr(
                self.source, "flag", left.reads | right.reads, lambda v, fn=fn, lf=lf, rf=rf: fn(lf(v), rf(v))
            )
        if self.tok.kind == "op" and self.tok.text == "=":
            raise ExprError("'=' sets a value; to compare, write '=='", self.tok.pos)
        return left

    def parse_sum(self) -> Expr:
        left = self.parse_atom()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.tok
            self.i += 1
            right = self.parse_atom()
            self._need(left, "number", op.text, op.pos)
            self._need(right, "number", op.text, op.pos)
            fn = operator.add if op.text == "+" else operator.sub
            lf, rf = left.evaluate, right.evaluate
            left = Expr(
                self.source, "number", left.reads | right.reads, lambda v, fn=fn, lf=lf, rf=rf: fn(lf(v), rf(v))
            )
        return left

    def parse_atom(self) -> Expr:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            if len(tok.text) > 15:
                raise ExprError(f"{tok.text[:20]}... is too large a number for a story", tok.pos)
            n = int(tok.text)
            return Expr(self.source, "number", frozenset(), lambda v, n=n: n)
        if tok.kind == "str":
            self.i += 1
            s = _unquote(tok.text)
            return Expr(self.source, "text", frozenset(), lambda v, s=s: s)
        if tok.kind in ("true", "false"):
            self.i += 1
            b = tok.kind == "true"
            return Expr(self.source, "flag", frozenset(), lambda v, b=b: b)
        if tok.kind == "name":
            self.i += 1
            vt = self.variable(tok)
            name = tok.text
            return Expr(self.source, vt.kind, frozenset((name,)), lambda v, name=name: v[name])
        if tok.kind == "op" and tok.text == "(":
            self.i += 1
            inner = self.parse_or()
            if self.tok.text != ")":
                raise ExprError("a '(' is never closed with ')'", self.tok.pos)
            self.i += 1
            return inner
        if tok.kind == "op" and tok.text == "-":
            self.i += 1
            inner = self.parse_atom()
            self._need(inner, "number", "-", tok.pos)
            f = inner.evaluate
            return Expr(self.source, "number", inner.reads, lambda v, f=f: -f(v))
        got = "the end" if tok.kind == "end" else repr(tok.text)
        raise ExprError(f"expected a value (a number, true, false, quoted text or a variable) but found {got}", tok.pos)

    def variable(self, tok: _Tok) -> VarType:
        vt = self.variables.get(tok.text)
        if vt is None:
            raise ExprError(f"unknown variable {tok.text!r}{did_you_mean(tok.text, self.variables)}", tok.pos)
        if vt is POISONED:
            raise ExprError(f"{tok.text!r} is declared wrongly", tok.pos, quiet=True)
        return vt

    def _need(self, e: Expr, kind: str, op: str, pos: int) -> None:
        if e.type != kind:
            raise ExprError(f"{op!r} needs {_article(kind)}, not {_article(e.type)}", pos)

    def _check_text_value(self, var: Expr, lit: Expr, pos: int) -> None:
        """`keepsake == "keyrng"`: catch a text value the variable can never hold."""
        if var.type != "text" or len(var.reads) != 1 or lit.reads:
            return
        (name,) = var.reads
        allowed = self.variables[name].values
        value = lit.evaluate({})
        if allowed and value not in allowed:
            raise ExprError(
                f"{name!r} is never {value!r}; it can be {_or_list(allowed)}{did_you_mean(value, allowed)}", pos
            )


def _article(kind: str) -> str:
    return {"number": "a number", "flag": "a flag (true or false)", "text": "text"}[kind]


def _or_list(items: Sequence[str]) -> str:
    quoted = [f'"{x}"' for x in items]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def did_you_mean(word: str, options: Any) -> str:
    """A ' (did you mean "x"?)' suffix when one of the options is close to the word."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def parse_condition(source: str, variables: Mapping[str, VarType]) -> Expr:
    """Parse a condition; it must be a flag (true or false)."""
    p = _Parser(source, variables)
    e = p.parse_or()
    p.take("end")
    if e.type != "flag":
        raise ExprError(f"a condition must be true or false, but this is {_article(e.type)}")
    return e


class Effect(NamedTuple):
    """One change to a variable: `name = value`, `name += n` or `name -= n`."""

    source: str
    target: str
    op: str
    value: Expr

    @property
    def reads(self) -> frozenset[str]:
        return self.value.reads | ({self.target} if self.op != "=" else frozenset())

    def apply(self, values: dict[str, Value]) -> None:
        v = self.value.evaluate(values)
        if self.op == "=":
            values[self.target] = v
        elif self.op == "+=":
            values[self.target] = values[self.target] + v  # type: ignore[operator]
        else:
            values[self.target] = values[self.target] - v  # type: ignore[operator]


def parse_effect(source: str, variables: Mapping[str, VarType]) -> Effect:
    """Parse an effect such as `trust += 1` or `kit = "two_guns"`."""
    p = _Parser(source, variables)
    name = p.take("name")
    vt = p.variable(name)
    op = p.tok
    if op.kind != "op" or op.text not in ("=", "+=", "-="):
        raise ExprError("an effect is 'name = value', 'name += number' or 'name -= number'", op.pos)
    p.i += 1
    value = p.parse_or()
    p.take("end")
    if op.text in ("+=", "-=") and vt.kind != "number":
        raise ExprError(f"{op.text!r} works on numbers, and {name.text!r} is {_article(vt.kind)}", op.pos)
    if value.type != vt.kind:
        raise ExprError(f"{name.text!r} is {_article(vt.kind)}, but this sets it to {_article(value.type)}", op.pos)
    if vt.kind == "text" and vt.values:
        if not value.reads:
            p._check_text_value(Expr(name.text, "text", frozenset((name.text,)), lambda v: None), value, op.pos)
        else:
            # `colour = mood`: every value the source can hold must be one the target may hold.
            for source_name in value.reads:
                held = variables[source_name].values
                stray = [v for v in held if v not in vt.values] if held else None
                if stray is None or stray:
                    can = _or_list(stray) if stray else "any text"
                    raise ExprError(f"{name.text!r} can only be {_or_list(vt.values)}, but {source_name!r} can be "
                                    f"{can}", op.pos)
    return Effect(source, name.text, op.text, value)
