"""What a suggestion is made of: column profiles, suggested checks and their bilingual evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from datacheck.checks.base import Check
from datacheck.errors import Lang
from datacheck.i18n import format_int, format_number, format_percent

__all__ = ["ColumnProfile", "Evidence", "SuggestedCheck"]


@dataclass(frozen=True)
class Evidence:
    """Why a check was suggested, in English and Vietnamese.

    Examples
    --------
    >>> Evidence("0 nulls in 3 rows", "0 giá trị null trong 3 bản ghi").text("vi")
    '0 giá trị null trong 3 bản ghi'
    """

    en: str
    vi: str

    def text(self, lang: Lang) -> str:
        """The evidence in ``lang``."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class SuggestedCheck:
    """One suggested check with its evidence.

    Parameters
    ----------
    check
        The check, as it appears in :attr:`Suggestion.suite`.
    column
        The column it is about (``None`` for dataset-level checks).
    why
        The evidence (the comment written above it in the YAML).
    expected
        ``(evaluated, failed)`` the check gives on the profiled data, when the profile
        measured them exactly (``None`` otherwise: ``unique`` with duplicates, where only a
        bound is known).
    """

    check: Check
    column: str | None
    why: Evidence
    expected: tuple[int, int] | None = None


@dataclass(frozen=True)
class ColumnProfile:
    """What profiling measured about one column.

    Parameters
    ----------
    name, dtype
        The column and its Polars type (as text).
    rows, nulls
        Rows profiled and null values among them.
    distinct
        Exact number of distinct non-null values (text and integer columns), else ``None``.
    minimum, maximum
        Observed range (numbers, dates and date-times; ``None`` otherwise).
    values
        Value counts, most frequent first, of a low-cardinality text column (from the
        second, bounded query), else ``None``.
    matches
        ``(evaluated, failed)`` of each candidate check measured on the column, by label
        (``cccd``, ``mst``, ``phone_vn``, ``province``, ``ethnic_groups``, ``name_vn`` …).
    kind
        The content detected (a label of ``matches``, or ``digits``), else ``None``.
    """

    name: str
    dtype: str
    rows: int
    nulls: int
    distinct: int | None = None
    minimum: Any = None
    maximum: Any = None
    values: tuple[tuple[str, int], ...] | None = None
    matches: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    kind: str | None = None

    @property
    def non_null(self) -> int:
        """Non-null values."""
        return self.rows - self.nulls

    def share(self, label: str) -> float:
        """Share of the evaluated values that pass the candidate ``label`` (0 if none).

        Examples
        --------
        >>> ColumnProfile("p", "String", 4, 0, matches={"cccd": (4, 1)}).share("cccd")
        0.75
        """
        evaluated, failed = self.matches.get(label, (0, 0))
        return (evaluated - failed) / evaluated if evaluated else 0.0


# ------------------------------------------------------------------------- formatting


@dataclass(frozen=True)
class Int:
    """An integer written with the thousands separator of each language.

    With ``one``, English also writes the noun, singular or plural (``many``, default
    ``one + "s"``); Vietnamese templates write their noun themselves (no plural).
    """

    value: int
    one: str = ""
    many: str = ""

    def english(self) -> str:
        """The number, and the noun in English if any."""
        number = format_int(self.value, "en")
        if not self.one:
            return number
        return f"{number} {self.one if self.value == 1 else (self.many or self.one + 's')}"


@dataclass(frozen=True)
class Pct:
    """A fraction written as a percentage (never rounded onto 0 % or 100 %)."""

    value: float


@dataclass(frozen=True)
class Num:
    """A number written with the decimal mark of each language."""

    value: float
    decimals: int = 3


def fmt(value: Any, lang: Lang) -> str:
    """Write one evidence parameter in ``lang``.

    Examples
    --------
    >>> fmt(Int(20000), "vi"), fmt(Pct(0.9995), "en"), fmt(Num(0.999), "vi")
    ('20.000', '99.95%', '0,999')
    >>> fmt(Int(1, "null"), "en"), fmt(Int(3, "null"), "en"), fmt(Int(3, "null"), "vi")
    ('1 null', '3 nulls', '3')
    """
    if isinstance(value, Int):
        return value.english() if lang == "en" else format_int(value.value, lang)
    if isinstance(value, Pct):
        return format_percent(value.value, lang)
    if isinstance(value, Num):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format_number(value, lang, 6)
    if isinstance(value, int):
        return format_int(value, lang)
    return str(value)


def ev(en: str, vi: str, **params: Any) -> Evidence:
    """Evidence from two templates, each parameter written the way its language writes it.

    Examples
    --------
    >>> ev("{n} rows", "{n} bản ghi", n=Int(1234)).text("vi")
    '1.234 bản ghi'
    """
    return Evidence(
        en.format(**{k: fmt(v, "en") for k, v in params.items()}),
        vi.format(**{k: fmt(v, "vi") for k, v in params.items()}),
    )


def join(*parts: Evidence) -> Evidence:
    """Sentences joined with ``; `` (empty parts skipped)."""
    return Evidence("; ".join(p.en for p in parts if p.en), "; ".join(p.vi for p in parts if p.vi))


NOTHING = Evidence("", "")


def threshold_for(passed: int, evaluated: int) -> float:
    """The observed pass rate rounded down to 0.001 (1.0 when every value passes).

    Examples
    --------
    >>> threshold_for(19_985, 20_000), threshold_for(5, 5), threshold_for(999, 1000)
    (0.999, 1.0, 0.999)
    """
    if evaluated <= 0 or passed >= evaluated:
        return 1.0
    return (passed * 1000 // evaluated) / 1000


def tolerated(failed: int, evaluated: int) -> Evidence:
    """The sentence about exceptions and the threshold set from them (empty if none)."""
    if failed == 0 or evaluated == 0:
        return NOTHING
    return ev(
        "{failed} ({share}) → threshold {threshold}",
        "{failed} ngoại lệ ({share}) → ngưỡng {threshold}",
        failed=Int(failed, "exception"),
        share=Pct(failed / evaluated),
        threshold=Num(threshold_for(evaluated - failed, evaluated)),
    )


def with_threshold(check: Check, passed: int, evaluated: int) -> Check:
    """``check`` with its threshold set to the observed pass rate, rounded down."""
    threshold = threshold_for(passed, evaluated)
    return check if threshold == 1.0 else replace(check, threshold=threshold)
