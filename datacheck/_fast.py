r"""Exact, cheaper Polars expressions for common rule shapes.

Every function here returns an expression that gives **exactly** the same answer as the
general one it replaces, on every string (tests prove it with hypothesis over adversarial
text: full-width and other Unicode digits, signs, spaces, leading zeros, mixed lengths,
nulls); where equivalence cannot be shown for a given input, it returns ``None`` and the
caller keeps the general expression.

Facts the equivalences rest on:

* A string cast to ``pl.UInt64`` (``strict=False``) parses the language of Rust's
  ``u64::from_str``: an optional ``+`` then one or more ASCII digits ``0-9``; anything else
  (a ``-``, a space, ``_``, full-width or Arabic-Indic digits, an empty string) is null, and
  so is an overflow — impossible for at most 19 digits. Hence "at most 18 bytes, parsed, and
  not starting with ``+``" is exactly "one to 18 ASCII digits". (The cast parses with SIMD;
  ``str.to_integer(strict=False, dtype=pl.UInt64)`` gives the same answers and costs about
  1.6 times as much.)
* Polars orders strings by their UTF-8 bytes, so for a non-empty ASCII ``prefix`` whose last
  byte is below ``0x7f``, a string starts with ``prefix`` exactly when
  ``prefix <= s < successor`` (``successor`` is ``prefix`` with its last byte plus one);
  two comparisons against a literal cost less than ``str.starts_with``. Among strings the
  parse accepts (a ``+`` or a digit first), ``s >= "0"`` alone tells the digits apart.
* In Rust's regex syntax without flags, ``^`` and ``$`` anchor at the ends of the whole
  value (no multi-line mode, no allowance for a trailing newline) and ``[0-9]`` is the ten
  ASCII digits (unlike ``\d``, which is Unicode).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import polars as pl

__all__ = [
    "EQUALS_MAX_VALUES",
    "MAX_DIGITS",
    "as_unsigned",
    "ascii_digits",
    "begins_with",
    "digit_pattern",
    "equals_any",
    "matches_digit_pattern",
    "unsigned_is_digits",
]

MAX_DIGITS: Final = 18
"""The longest digit string the fast paths take (10**18 fits an Int64 with room to spare)."""

EQUALS_MAX_VALUES: Final = 8
"""Sets up to this size are tested by a chain of ``==`` (cheaper than ``is_in``'s hashing)."""

# ^ then an optional literal of ASCII digits, then [0-9]{n}, then $ — and nothing else
_DIGIT_PATTERN: Final = re.compile(r"\^([0-9]*)\[0-9\]\{([0-9]{1,2})\}\$")


def as_unsigned(value: pl.Expr) -> pl.Expr:
    """A string parsed as ``u64::from_str`` would: an optional ``+``, then ASCII digits; else null.

    Every digit fast path builds its parse here, so equal parses of one column in one query
    are one common subexpression (a ``pattern`` check and the ``unique`` digit code share it).
    ``value`` must be a ``String`` expression (a cast would read another type's values
    differently).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["007", "+7", "-7", "７", ""])
    >>> pl.select(as_unsigned(pl.lit(s))).to_series().to_list()
    [7, 7, None, None, None]
    """
    return value.cast(pl.UInt64, strict=False)


def unsigned_is_digits(value: pl.Expr) -> pl.Expr:
    """Among strings :func:`as_unsigned` parses, true exactly on those of ASCII digits alone.

    Those strings start with a ``+`` (``0x2b``) or a digit (``0x30``-``0x39``), so one
    comparison with ``"0"`` tells them apart. On other strings the answer means nothing:
    combine it with the parse's success.

    The comparison is wrapped in ``== True`` (the same answer, null included) so that
    Polars' optimizer keeps it as written under a negation: a failed ``pattern`` check
    negates it and a ``unique`` digit code does not, and both then share one comparison
    of the column instead of computing ``< "0"`` beside ``>= "0"``.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["012", "+12"])
    >>> pl.select(unsigned_is_digits(pl.lit(s))).to_series().to_list()
    [True, False]
    """
    return (value >= "0").eq(other=True)


def begins_with(value: pl.Expr, prefix: str) -> pl.Expr:
    """``value.str.starts_with(prefix)`` for an ASCII prefix, by two comparisons (cheaper).

    A null gives null, as ``str.starts_with`` does.

    Parameters
    ----------
    value
        A string expression.
    prefix
        One or more ASCII characters, the last one below ``DEL`` (``0x7f``).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["09", "0", "1", "", "/9", "０", None])
    >>> pl.select(begins_with(pl.lit(s), "0")).to_series().to_list()
    [True, True, False, False, False, False, None]
    """
    if not prefix or not prefix.isascii() or prefix[-1] == "\x7f":
        msg = f"prefix must be ASCII, not empty and not end in DEL, got {prefix!r}"
        raise ValueError(msg)
    successor = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (value >= prefix) & (value < successor)


def ascii_digits(value: pl.Expr, length: int) -> pl.Expr:
    """True where a string is exactly ``length`` ASCII digits ``0-9``.

    Equal to ``value.str.contains(f"^[0-9]{{{length}}}$")`` on every non-null string,
    without running a regex (a null gives false: callers evaluate non-null values only).

    Parameters
    ----------
    value
        A string expression.
    length
        The number of digits, 1 to :data:`MAX_DIGITS`.

    Returns
    -------
    polars.Expr
        A boolean expression.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["0123", "+123", "１２３4", "123", None])
    >>> pl.select(ascii_digits(pl.lit(s), 4)).to_series().to_list()
    [True, False, False, False, False]
    """
    if not 1 <= length <= MAX_DIGITS:
        msg = f"length must be 1 to {MAX_DIGITS}, got {length}"
        raise ValueError(msg)
    parsed = as_unsigned(value)
    return (value.str.len_bytes() == length) & unsigned_is_digits(value) & parsed.is_not_null()


def digit_pattern(pattern: str) -> tuple[str, int] | None:
    r"""Recognise ``^P[0-9]{n}$`` (``P`` a literal of ASCII digits): return ``(P, len(P) + n)``.

    Such a pattern matches exactly the strings of ``len(P) + n`` ASCII digits starting with
    ``P``. Any other pattern (flags, ``\d``, classes, alternations …) gives ``None``.

    Examples
    --------
    >>> digit_pattern("^0[0-9]{9}$"), digit_pattern("^[0-9]{12}$"), digit_pattern(r"^\d{12}$")
    (('0', 10), ('', 12), None)
    """
    found = _DIGIT_PATTERN.fullmatch(pattern)
    if found is None:
        return None
    prefix, count = found.group(1), int(found.group(2))
    length = len(prefix) + count
    if count < 1 or length > MAX_DIGITS:
        return None
    return prefix, length


def matches_digit_pattern(value: pl.Expr, prefix: str, length: int) -> pl.Expr:
    """True where a string is ``length`` ASCII digits starting with ``prefix`` (null: false).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["0912345678", "912345678", "+912345678", None])
    >>> pl.select(matches_digit_pattern(pl.lit(s), "0", 10)).to_series().to_list()
    [True, False, False, False]
    """
    if not prefix:
        return ascii_digits(value, length)
    # a string starting with the (digit) prefix does not start with "+": parsing alone then
    # tells ASCII digits apart
    parsed = as_unsigned(value)
    return (value.str.len_bytes() == length) & begins_with(value, prefix) & parsed.is_not_null()


def equals_any(value: pl.Expr, values: Sequence[Any]) -> pl.Expr | None:
    """``value == v1 | value == v2 | …`` for a small set of strings, else ``None``.

    Exactly ``value.is_in(values)`` on a string column for every non-null value (string
    equality is byte equality either way; a ``None`` in the set matches no non-null value).
    Only for at most :data:`EQUALS_MAX_VALUES` strings; other sets give ``None``.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["Nam", "Nữ", "nam", None])
    >>> pl.select(equals_any(pl.lit(s), ["Nam", "Nữ"])).to_series().to_list()
    [True, True, False, None]
    """
    present = [v for v in values if v is not None]
    if not present or len(present) > EQUALS_MAX_VALUES:
        return None
    if not all(isinstance(v, str) for v in present):
        return None
    return pl.any_horizontal([value == pl.lit(v, dtype=pl.String) for v in dict.fromkeys(present)])
