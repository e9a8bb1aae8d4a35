"""The few SQL expression shapes the bridges translate, rendered and recognised exactly.

pandera and Great Expectations have value rules datacheck expresses as an ``expression``
check: strict bounds (``age > 0``), forbidden values (``status NOT IN ('x')``), string
lengths, a negated regular expression and comparisons of two columns. This module renders
those rules as SQL text that ``polars.sql_expr`` parses, and recognises the same shapes in
an ``expression`` check (hand-written or not), so they translate back. Anything else is not
recognised (``parse`` returns ``None``) and the bridge says it skipped it.

Examples
--------
>>> form = parse('"age" > 0 AND "age" <= 120')
>>> form
Range(column='age', low=0, low_strict=True, high=120, high_strict=False)
>>> render(form)
'"age" > 0 AND "age" <= 120'
>>> parse("death_date >= birth_date")
ColumnCompare(left='death_date', op='>=', right='birth_date')
>>> parse("upper(name) = 'A'") is None
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

__all__ = [
    "ColumnCompare",
    "Compare",
    "Form",
    "Length",
    "NotIn",
    "NotMatch",
    "Range",
    "UnrenderableError",
    "literal",
    "parse",
    "quote",
    "render",
]


class UnrenderableError(ValueError):
    """A value has no exact SQL literal (NaN, infinity, a time-zone-aware time …)."""


@dataclass(frozen=True)
class Range:
    """``low <(=) column <(=) high``; either side may be missing (``None``)."""

    column: str
    low: Any = None
    low_strict: bool = False
    high: Any = None
    high_strict: bool = False


@dataclass(frozen=True)
class Compare:
    """``column = value`` or ``column <> value``."""

    column: str
    op: str
    value: Any


@dataclass(frozen=True)
class NotIn:
    """``column NOT IN (values)``."""

    column: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Length:
    """``LENGTH(column)`` (characters) within ``[low, high]``; either side may be missing."""

    column: str
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class NotMatch:
    """``column !~ 'pattern'``: the regular expression is not found."""

    column: str
    pattern: str


@dataclass(frozen=True)
class ColumnCompare:
    """``left op right`` for two columns (``op`` one of ``> >= < <= = <>``)."""

    left: str
    op: str
    right: str


Form = Range | Compare | NotIn | Length | NotMatch | ColumnCompare

# ---------------------------------------------------------------------------- rendering


def quote(name: str) -> str:
    """A column name as a quoted SQL identifier.

    Examples
    --------
    >>> quote('a"b')
    '"a""b"'
    """
    return '"' + name.replace('"', '""') + '"'


def literal(value: Any) -> str:
    """A value as an SQL literal ``polars.sql_expr`` reads back to the same value.

    Raises
    ------
    UnrenderableError
        For values with no exact literal (NaN, infinities, time-zone-aware date-times,
        other types).

    Examples
    --------
    >>> literal("it's"), literal(1.5), literal(date(2026, 6, 30))
    ("'it''s'", '1.5', "DATE '2026-06-30'")
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            msg = f"{value!r} has no SQL literal"
            raise UnrenderableError(msg)
        return repr(number)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            msg = f"time-zone-aware date-time {value.isoformat()} has no SQL literal"
            raise UnrenderableError(msg)
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    msg = f"{type(value).__name__} value {value!r} has no SQL literal"
    raise UnrenderableError(msg)


def render(form: Form) -> str:
    r"""SQL text for a form (``parse(render(f)) == f``).

    Examples
    --------
    >>> render(NotIn("status", ("x", "y")))
    '"status" NOT IN (\'x\', \'y\')'
    >>> render(Length("name", 1, 50))
    'LENGTH("name") BETWEEN 1 AND 50'
    """
    if isinstance(form, Range):
        column = quote(form.column)
        parts = []
        if form.low is not None:
            parts.append(f"{column} {'>' if form.low_strict else '>='} {literal(form.low)}")
        if form.high is not None:
            parts.append(f"{column} {'<' if form.high_strict else '<='} {literal(form.high)}")
        if not parts:
            msg = "a range needs a low or a high bound"
            raise UnrenderableError(msg)
        return " AND ".join(parts)
    if isinstance(form, Compare):
        return f"{quote(form.column)} {form.op} {literal(form.value)}"
    if isinstance(form, NotIn):
        return f"{quote(form.column)} NOT IN ({', '.join(literal(v) for v in form.values)})"
    if isinstance(form, Length):
        length = f"LENGTH({quote(form.column)})"
        if form.low is not None and form.high is not None:
            if form.low == form.high:
                return f"{length} = {form.low}"
            return f"{length} BETWEEN {form.low} AND {form.high}"
        if form.low is not None:
            return f"{length} >= {form.low}"
        if form.high is not None:
            return f"{length} <= {form.high}"
        msg = "a length rule needs a low or a high bound"
        raise UnrenderableError(msg)
    if isinstance(form, NotMatch):
        return f"{quote(form.column)} !~ {literal(form.pattern)}"
    return f"{quote(form.left)} {form.op} {quote(form.right)}"


# ---------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ident>"(?:[^"]|"")+")
      | (?P<string>'(?:[^']|'')*')
      | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
      | (?P<op>>=|<=|<>|!=|!~|=|<|>|\(|\)|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"AND", "NOT", "IN", "BETWEEN", "LENGTH", "CHAR_LENGTH", "DATE", "TIMESTAMP"}
_KEYWORDS |= {"TRUE", "FALSE", "NULL", "OR", "IS"}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "<>": "<>"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokens(text: str) -> list[_Tok] | None:
    out: list[_Tok] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            return None
        kind = match.lastgroup or ""
        out.append(_Tok(kind, match.group(kind)))
        position = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.peek()
        if token is None:
            raise _NoMatchError
        self.index += 1
        return token

    def keyword(self, *words: str) -> str:
        token = self.take()
        if token.kind != "word" or token.text.upper() not in words:
            raise _NoMatchError
        return token.text.upper()

    def symbol(self, *symbols: str) -> str:
        token = self.take()
        if token.kind != "op" or token.text not in symbols:
            raise _NoMatchError
        return "<>" if token.text == "!=" else token.text

    def at_keyword(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text.upper() == word

    def ident(self) -> str:
        token = self.take()
        if token.kind == "ident":
            return token.text[1:-1].replace('""', '"')
        if token.kind == "word" and token.text.upper() not in _KEYWORDS:
            return token.text
        raise _NoMatchError

    def at_ident(self) -> bool:
        token = self.peek()
        if token is None:
            return False
        return token.kind == "ident" or (
            token.kind == "word" and token.text.upper() not in _KEYWORDS
        )

    def literal(self) -> Any:
        token = self.take()
        if token.kind == "number":
            text = token.text
            if re.fullmatch(r"-?\d+", text):
                return int(text)
            return float(text)
        if token.kind == "string":
            return token.text[1:-1].replace("''", "'")
        if token.kind == "word":
            word = token.text.upper()
            if word in ("TRUE", "FALSE"):
                return word == "TRUE"
            if word in ("DATE", "TIMESTAMP"):
                inner = self.take()
                if inner.kind != "string":
                    raise _NoMatchError
                text = inner.text[1:-1]
                try:
                    if word == "DATE":
                        return date.fromisoformat(text)
                    value = datetime.fromisoformat(text)
                except ValueError:
                    raise _NoMatchError from None
                if value.tzinfo is not None:
                    raise _NoMatchError
                return value
        raise _NoMatchError

    def integer(self) -> int:
        value = self.literal()
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _NoMatchError
        return value

    def done(self) -> bool:
        return self.index == len(self.tokens)


class _NoMatchError(Exception):
    pass


def _term(p: _Parser) -> Form:
    if p.at_keyword("LENGTH") or p.at_keyword("CHAR_LENGTH"):
        p.take()
        p.symbol("(")
        column = p.ident()
        p.symbol(")")
        if p.at_keyword("BETWEEN"):
            p.take()
            low = p.integer()
            p.keyword("AND")
            return Length(column, low, p.integer())
        op = p.symbol(">=", "<=", "=", ">", "<")
        n = p.integer()
        if op == "=":
            return Length(column, n, n)
        if op in (">=", ">"):
            return Length(column, n + (op == ">"), None)
        if op == "<" and n == 0:
            raise _NoMatchError
        return Length(column, None, n - (op == "<"))
    if not p.at_ident():
        # literal op column
        value = p.literal()
        op = p.symbol(">", ">=", "<", "<=", "=", "<>", "!=")
        return _compare(p.ident(), _FLIP[op], value)
    column = p.ident()
    if p.at_keyword("NOT"):
        p.take()
        p.keyword("IN")
        p.symbol("(")
        values = [p.literal()]
        while p.symbol(",", ")") == ",":
            values.append(p.literal())
        return NotIn(column, tuple(values))
    if p.at_keyword("BETWEEN"):
        p.take()
        low = p.literal()
        p.keyword("AND")
        return Range(column, low, low_strict=False, high=p.literal(), high_strict=False)
    op = p.symbol(">", ">=", "<", "<=", "=", "<>", "!=", "!~")
    if op == "!~":
        pattern = p.literal()
        if not isinstance(pattern, str):
            raise _NoMatchError
        return NotMatch(column, pattern)
    if p.at_ident():
        return ColumnCompare(column, op, p.ident())
    return _compare(column, op, p.literal())


def _compare(column: str, op: str, value: Any) -> Form:
    if op in ("=", "<>"):
        return Compare(column, op, value)
    if op in (">", ">="):
        return Range(column, low=value, low_strict=op == ">")
    return Range(column, high=value, high_strict=op == "<")


def _combine(first: Form, second: Form) -> Form:
    if isinstance(first, Range) and isinstance(second, Range) and first.column == second.column:
        if first.low is not None and first.high is None and second.low is None:
            return Range(first.column, first.low, first.low_strict, second.high, second.high_strict)
        if first.high is not None and first.low is None and second.high is None:
            return Range(first.column, second.low, second.low_strict, first.high, first.high_strict)
    if isinstance(first, Length) and isinstance(second, Length) and first.column == second.column:
        if first.low is not None and first.high is None and second.low is None:
            return Length(first.column, first.low, second.high)
        if first.high is not None and first.low is None and second.high is None:
            return Length(first.column, second.low, first.high)
    raise _NoMatchError


def parse(text: str) -> Form | None:
    """Recognise one of the translatable shapes in an SQL expression, else ``None``.

    Identifiers may be quoted (``"my col"``) or bare; literals are numbers, ``'text'``,
    ``TRUE``/``FALSE``, ``DATE '…'`` and ``TIMESTAMP '…'``.

    Examples
    --------
    >>> parse("status NOT IN ('x', 'y')")
    NotIn(column='status', values=('x', 'y'))
    >>> parse("0 < age")
    Range(column='age', low=0, low_strict=True, high=None, high_strict=False)
    >>> parse("LENGTH(code) = 5")
    Length(column='code', low=5, high=5)
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    p = _Parser(tokens)
    try:
        form = _term(p)
        if p.at_keyword("AND"):
            p.take()
            form = _combine(form, _term(p))
        if not p.done():
            return None
    except _NoMatchError:
        return None
    return form
