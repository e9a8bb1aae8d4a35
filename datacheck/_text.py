"""Text helpers compiled to Polars expressions.

Examples
--------
>>> import polars as pl
>>> pl.select(casefold(pl.lit("Straße N/A"))).item()
'strasse n/a'
"""

from __future__ import annotations

import functools
import sys

import polars as pl

__all__ = ["WHITESPACE", "casefold", "strip"]

WHITESPACE = "".join(chr(c) for c in range(0x2030) if chr(c).isspace()) + "\u205f\u3000"
"""Every character Python's ``str.isspace`` accepts (and ``str.split``/``strip`` use)."""


def strip(value: pl.Expr) -> pl.Expr:
    r"""Python's ``str.strip()`` as a Polars expression.

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(strip(pl.lit("\x1f  An\u00a0"))).item()
    'An'
    """
    return value.str.strip_chars(WHITESPACE)


@functools.cache
def _casefold_table() -> dict[str, str]:
    """Lower-case characters whose case folding differs from themselves (ß → ss, ς → σ)."""
    table = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if char.lower() == char and char.casefold() != char:
            table[char] = char.casefold()
    return table


def casefold(value: pl.Expr) -> pl.Expr:
    """Python's ``str.casefold`` as a Polars expression (lower-case, then full folding)."""
    table = _casefold_table()
    return value.str.to_lowercase().str.replace_many(list(table), list(table.values()))
