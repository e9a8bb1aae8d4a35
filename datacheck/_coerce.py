"""Validate and normalise dataclass fields from their type hints.

Checks are built from YAML or from Python; both paths go through :func:`coerce_fields`, so a
list becomes a tuple, ``"critical"`` becomes :class:`Severity.CRITICAL`, ``"365d"`` becomes a
``timedelta``, and a wrong type is a :class:`CheckDefinitionError` that says which parameter
expected what and what it found.

A field's hint names what a caller may pass, so that type checkers accept plain Python
(``columns=["a"]``, ``severity="critical"``); the stored value is its normal form:

* ``Sequence[X]`` is stored as a tuple (a bare string for ``Sequence[str]`` is one item);
* ``Enum | Literal[...]`` of the enum's values is stored as the enum member;
* a union holding ``timedelta`` is a duration: text is parsed, never kept as text.
"""

from __future__ import annotations

import dataclasses
import math
import re
import reprlib
import types
import typing
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from datacheck.errors import CheckDefinitionError

__all__ = [
    "coerce_fields",
    "format_duration",
    "kind_of",
    "parse_duration",
    "short_repr",
    "to_plain",
    "type_name",
]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """Parse ``"365d"``, ``"12h"``, ``"30m"``, ``"45s"`` or ``"2w"`` into a ``timedelta``.

    Examples
    --------
    >>> parse_duration("365d")
    datetime.timedelta(days=365)
    >>> parse_duration("90m")
    datetime.timedelta(seconds=5400)
    """
    match = _DURATION.match(text)
    if match is None:
        msg = f"expected a duration like '365d', '12h', '30m' or '45s', found {text!r}"
        raise ValueError(msg)
    amount, unit = Decimal(match.group(1)), match.group(2)
    micros = amount * _UNIT_SECONDS[unit] * 1_000_000
    if micros != micros.to_integral_value():
        msg = f"expected a duration with at most microsecond precision, found {text!r}"
        raise ValueError(msg)
    try:
        return timedelta(microseconds=int(micros))
    except OverflowError:
        msg = f"duration {text!r} is longer than the longest supported (999999999 days)"
        raise ValueError(msg) from None


def format_duration(value: timedelta) -> str:
    """Format a ``timedelta`` in the largest exact unit.

    Examples
    --------
    >>> format_duration(timedelta(days=365))
    '365d'
    >>> format_duration(timedelta(seconds=5400))
    '90m'
    """
    micros = value // timedelta(microseconds=1)
    for unit in ("d", "h", "m", "s"):
        size = _UNIT_SECONDS[unit] * 1_000_000
        if micros % size == 0:
            return f"{micros // size}{unit}"
    seconds = Decimal(micros).scaleb(-6)
    return f"{seconds:f}s"


_NAMES: dict[Any, tuple[str, str]] = {
    str: ("a string", "một chuỗi"),
    int: ("an integer", "một số nguyên"),
    float: ("a number", "một số"),
    bool: ("true or false", "true hoặc false"),
    date: ("a date (YYYY-MM-DD)", "một ngày (YYYY-MM-DD)"),
    datetime: ("a date-time", "một ngày-giờ"),
    timedelta: ("a duration like '365d'", "một khoảng thời gian như '365d'"),
}
_PLURALS: dict[Any, tuple[str, str]] = {
    str: ("strings", "chuỗi"),
    int: ("integers", "số nguyên"),
    float: ("numbers", "số"),
}
_FOUND: dict[type, tuple[str, str]] = {
    str: ("string", "chuỗi"),
    int: ("integer", "số nguyên"),
    float: ("number", "số"),
    bool: ("boolean", "giá trị đúng/sai"),
    list: ("list", "danh sách"),
    tuple: ("list", "danh sách"),
    dict: ("mapping", "ánh xạ"),
    type(None): ("nothing", "giá trị rỗng"),
}


def type_name(hint: Any, lang: str = "en") -> str:
    """Human name of a type hint for error messages, in English or Vietnamese.

    Examples
    --------
    >>> type_name(tuple[str, ...])
    'a list of strings'
    >>> type_name(float, "vi")
    'một số'
    >>> from collections.abc import Sequence
    >>> from datacheck.dimensions import Severity, SeverityName
    >>> type_name(Sequence[str]), type_name(Severity | SeverityName)
    ('a list of strings', "'normal' or 'critical'")
    """
    vi = lang == "vi"
    joiner = " hoặc " if vi else " or "
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return joiner.join(repr(a) for a in typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if timedelta in args:
            return type_name(timedelta, lang)
        # an enum and the Literal of its values read the same: name them once
        return joiner.join(dict.fromkeys(type_name(a, lang) for a in args))
    if origin in (tuple, Sequence):
        items = typing.get_args(hint)
        item = items[0] if items else Any
        en, vi_word = _PLURALS.get(item, ("values", "giá trị"))
        return f"danh sách {vi_word}" if vi else f"a list of {en}"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return joiner.join(repr(m.value) for m in hint)
    if hint is Any or hint is object:
        return "một giá trị" if vi else "a value"
    if hint in _NAMES:
        return _NAMES[hint][1 if vi else 0]
    return str(getattr(hint, "__name__", hint))


class _ShortRepr(reprlib.Repr):
    """``reprlib.Repr`` that also bounds list and dict subclasses (YAML's located ones)."""

    def repr1(self, x: Any, level: int) -> str:
        if isinstance(x, list) and type(x) is not list:
            return self.repr_list(list(x), level)
        if isinstance(x, dict) and type(x) is not dict:
            return self.repr_dict(dict(x), level)
        return super().repr1(x, level)


_SHORT = _ShortRepr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 40, 40, 40


def short_repr(value: Any) -> str:
    """A bounded ``repr`` for error messages (safe on huge or deeply nested values).

    Examples
    --------
    >>> short_repr(list(range(100)))
    '[0, 1, 2, 3, ...]'
    """
    text = _SHORT.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def kind_of(value: Any, lang: str = "en") -> str:
    """The kind of a (YAML) value in words: ``list`` for a list *and* its subclasses.

    Examples
    --------
    >>> kind_of([1]), kind_of(True), kind_of({}, "vi")
    ('list', 'boolean', 'ánh xạ')
    """
    for cls in type(value).__mro__:
        if cls in _FOUND:
            en, vi = _FOUND[cls]
            return vi if lang == "vi" else en
    return type(value).__name__


def found_text(value: Any, lang: str = "en") -> str:
    """A found value in words for messages: its kind and a short ``repr``.

    Examples
    --------
    >>> found_text([1, 2]), found_text(None), found_text(None, "vi")
    ('list [1, 2]', 'nothing', 'giá trị rỗng')
    """
    if value is None:  # an empty YAML value: "nothing", not "nothing None"
        return kind_of(value, lang)
    return f"{kind_of(value, lang)} {short_repr(value)}"


_found = found_text


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class _MismatchError(Exception):
    pass


def _number(value: Any, hint: Any) -> Any:
    """A finite float, or an integer that fits in 64 bits."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _MismatchError
    if hint is int:
        if isinstance(value, int) and _INT64_MIN <= value <= _INT64_MAX:
            return value
        raise _MismatchError
    try:
        number = float(value)
    except OverflowError:
        raise _MismatchError from None
    if not math.isfinite(number):
        raise _MismatchError
    return number


def coerce_value(value: Any, hint: Any) -> Any:
    """Convert ``value`` to ``hint`` or raise ``_MismatchError``."""
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        if timedelta in args:  # a duration, given as text or as a timedelta
            return coerce_value(value, timedelta)
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce_value(value, arg)
            except _MismatchError:
                continue
        raise _MismatchError
    if origin is typing.Literal:
        if value in typing.get_args(hint):
            return value
        raise _MismatchError
    if origin in (tuple, Sequence):
        (item,) = typing.get_args(hint)[:1] or (Any,)
        if isinstance(value, str) and item is str:
            return (value,)
        if isinstance(value, list | tuple):
            return tuple(coerce_value(v, item) for v in value)
        raise _MismatchError
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise _MismatchError from None
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise _MismatchError
    if hint is float or hint is int:
        return _number(value, hint)
    if hint is timedelta:
        if isinstance(value, timedelta):
            return value
        if isinstance(value, str):
            try:
                return parse_duration(value)
            except (ValueError, OverflowError):
                raise _MismatchError from None
        raise _MismatchError
    if hint is datetime:
        if isinstance(value, datetime):
            return value
        raise _MismatchError
    if hint is date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        raise _MismatchError
    if isinstance(hint, type):
        if isinstance(value, hint):
            return value
        raise _MismatchError
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def coerce_fields(obj: Any) -> None:
    """Validate and normalise every dataclass field of ``obj`` in place (frozen-safe)."""
    hints = _hints(type(obj))
    kind = getattr(obj, "kind", type(obj).__name__)
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        hint = hints.get(f.name, Any)
        try:
            coerced = coerce_value(value, hint)
        except _MismatchError:
            raise CheckDefinitionError(
                f"check '{kind}': parameter '{f.name}' expected {type_name(hint)}, "
                f"found {_found(value)}",
                f"phép kiểm tra '{kind}': tham số '{f.name}' cần {type_name(hint, 'vi')}, "
                f"nhận được {_found(value, 'vi')}",
                key=f.name,
            ) from None
        if coerced is not value:
            object.__setattr__(obj, f.name, coerced)


def to_plain(value: Any) -> Any:
    """Turn a field value into YAML/JSON-friendly plain data.

    Examples
    --------
    >>> to_plain(("a", "b"))
    ['a', 'b']
    >>> to_plain(timedelta(days=2))
    '2d'
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value
