"""Linked synthetic Vietnamese national databases with injected defects and a manifest.

The generator builds a population master (``dan_cu``) and an insurance database
(``bao_hiem``) that references it by personal id, injects a known number of defects of
every kind the suites ``suites/dan_cu.yaml`` and ``suites/bao_hiem.yaml`` detect, and
returns a **manifest**: for every check of both suites, the exact ``evaluated`` and
``failed`` counts datacheck must report (plus ``groups`` and ``surplus`` for ``unique``).

How the counts stay exact
-------------------------
* The base data is clean by construction for every check: names are built from NFC,
  single-word pools joined by one space; phones are drawn from real mobile prefixes; dates
  lie inside their ranges; person ids are made unique by regenerating colliding suffixes;
  ``updated_at`` lies strictly inside the freshness window.
* Every defect is injected at rows drawn without replacement from one pool per table, so
  no row carries two defects (the rows of a duplicated key are taken from the same pool).
  Rows used for boundary values (exactly ``as_of``, exactly the freshness cut-off, ...)
  are reserved too.
* Each injection adjusts a ledger of expected counts from what it wrote, following the
  semantics of DESIGN.md ("Check semantics" and "Suites"). Nothing is measured back from
  the generated frames, so the manifest is an independent ground truth; the tests
  recompute every count from the frames with plain Polars/Python and compare.

Everything is vectorised (numpy + Polars); the only Python loops run over defect kinds,
value pools and collision rounds, never over rows.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import polars as pl

from samples import vn_data as vn

__all__ = [
    "BAO_HIEM_CHECKS",
    "BAO_HIEM_DEFECTS",
    "BAO_HIEM_MIN_ROWS",
    "BIRTH_MIN",
    "DAN_CU_CHECKS",
    "DAN_CU_DEFECTS",
    "DAN_CU_MIN_ROWS",
    "DEFAULT_AS_OF",
    "DEFAULT_DEFECT_RATE",
    "DEFAULT_INSURANCE_SHARE",
    "MANIFEST_VERSION",
    "MAX_AGE",
    "PART_ROWS",
    "PLACEHOLDERS",
    "SCALE_ROWS",
    "TIMEZONE",
    "Samples",
    "generate_samples",
    "is_blank",
    "is_normalized",
    "parse_as_of",
    "write_samples",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MANIFEST_VERSION: Final = 1
TIMEZONE: Final = "Asia/Ho_Chi_Minh"
DEFAULT_AS_OF: Final = "2026-06-30"
#: Suite-wide placeholders (``placeholders:`` in both suites).
PLACEHOLDERS: Final[tuple[str, ...]] = ("N/A", "-", "Không rõ")
#: ``fresh: max_age: 365d`` on ``updated_at`` in both suites.
MAX_AGE: Final = timedelta(days=365)
#: ``between: min`` on ``birth_date`` in both suites.
BIRTH_MIN: Final = date(1900, 1, 1)
#: ``row_count: min`` of each suite.
DAN_CU_MIN_ROWS: Final = 1000
BAO_HIEM_MIN_ROWS: Final = 500
#: Default share of rows per unit weight of a defect kind (0.0005 -> 100 rows per 200,000).
DEFAULT_DEFECT_RATE: Final = 0.0005
#: Share of the population master's rows that have an insurance record.
DEFAULT_INSURANCE_SHARE: Final = 0.5

#: Rows per Parquet file of a written dataset (each dataset has at least two files).
PART_ROWS: Final = 500_000
#: Population rows at scale 1 (``--scale``).
SCALE_ROWS: Final = 1_000_000

GENDERS: Final[tuple[str, ...]] = ("Nam", "Nữ")
DAN_CU_STATUSES: Final[tuple[str, ...]] = ("active", "deceased", "emigrated")
BAO_HIEM_STATUSES: Final[tuple[str, ...]] = ("active", "inactive")

#: Check ids of ``suites/dan_cu.yaml`` (the manifest has one entry per id).
DAN_CU_CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:person_id",
    "not_null:full_name",
    "not_null:birth_date",
    "not_blank:full_name",
    "normalized_text:full_name",
    "unique:person_id",
    "pattern:person_id",
    "pattern:phone",
    "in_set:gender",
    "in_set:status",
    "in_set:province_code",
    "in_catalogue:ethnicity_code",
    "between:birth_date",
    "not_future:birth_date",
    "not_future:death_date",
    "not_future:updated_at",
    "fresh:updated_at",
    "death_after_birth",
)
#: Check ids of ``suites/bao_hiem.yaml``.
BAO_HIEM_CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:bhxh_code",
    "not_null:person_id",
    "unique:bhxh_code",
    "pattern:bhxh_code",
    "pattern:person_id",
    "in_set:status",
    "not_blank:full_name",
    "normalized_text:full_name",
    "between:birth_date",
    "exists_in:person_id",
    "birth_date_matches_population",
    "deceased_still_active",
    "fresh:updated_at",
    "not_future:updated_at",
)
_KEY_CHECKS: Final = frozenset({"unique:person_id", "unique:bhxh_code"})

#: Defect kinds of ``dan_cu`` and their weight: a kind injects
#: ``round(rows * defect_rate * weight)`` rows (at least 1 when the rate is positive). For
#: the ``duplicate_*`` kinds the count is the number of duplicated keys (groups).
DAN_CU_DEFECTS: Final[dict[str, float]] = {
    "duplicate_person_id_pair": 1.0,
    "duplicate_person_id_triple": 0.25,
    "null_person_id": 1.0,
    "person_id_letter_o": 0.5,
    "null_full_name": 1.0,
    "blank_full_name": 0.5,
    "placeholder_full_name": 0.5,
    "name_double_space": 1.0,
    "name_untrimmed": 1.0,
    "name_nfd": 0.5,
    "name_nbsp": 0.25,
    "phone_short": 0.5,
    "phone_long": 0.5,
    "phone_letter": 0.5,
    "phone_international": 0.5,
    "phone_spaced": 0.5,
    "gender_out_of_set": 0.5,
    "status_out_of_set": 0.25,
    "province_legacy_code": 1.0,
    "ethnicity_not_in_catalogue": 0.5,
    "birth_before_1900": 0.5,
    "birth_in_future": 0.5,
    "death_before_birth": 0.5,
    "death_in_future": 0.25,
    "stale_updated_at": 2.0,
    "future_updated_at": 0.5,
}
#: Defect kinds of ``bao_hiem`` (counts relative to its own rows).
BAO_HIEM_DEFECTS: Final[dict[str, float]] = {
    "deceased_still_active": 1.0,
    "null_person_id": 1.0,
    "person_id_absent": 1.0,
    "birth_date_mismatch": 1.0,
    "duplicate_bhxh_code_pair": 0.5,
    "bhxh_code_malformed": 0.5,
    "placeholder_full_name": 0.25,
    "name_untrimmed": 0.5,
    "stale_updated_at": 1.0,
}

_DESCRIPTIONS: Final[dict[str, str]] = {
    "duplicate_person_id_pair": "a whole record entered twice (same person_id, same values)",
    "duplicate_person_id_triple": "one person_id shared by three different people",
    "null_person_id": "person_id missing",
    "person_id_letter_o": "person_id starting with the letter O instead of the digit 0",
    "null_full_name": "full_name missing",
    "blank_full_name": "full_name empty or whitespace only",
    "placeholder_full_name": "full_name is a placeholder (N/A, -, Không rõ in any case/padding)",
    "name_double_space": "two spaces between name parts",
    "name_untrimmed": "leading and/or trailing spaces",
    "name_nfd": "name in Unicode NFD (decomposed diacritics)",
    "name_nbsp": "a non-breaking space (U+00A0) between name parts",
    "phone_short": "phone with 9 digits",
    "phone_long": "phone with 11 digits",
    "phone_letter": "phone with the letter O in place of a digit",
    "phone_international": "phone written +84...",
    "phone_spaced": "phone written with spaces (0912 345 678)",
    "gender_out_of_set": "gender outside {Nam, Nữ} (M, F, nam, NFD Nữ, ...)",
    "status_out_of_set": "status outside the allowed set",
    "province_legacy_code": "residence province code abolished by the 2025 merger",
    "ethnicity_not_in_catalogue": (
        "ethnic group code not in the national catalogue (1, Kinh, 55, 00, ...)"
    ),
    "birth_before_1900": "birth_date before 1900-01-01 (first one: 1899-12-31)",
    "birth_in_future": "birth_date after the as-of date (first one: as-of + 1 day)",
    "death_before_birth": "death_date before birth_date (first one: the day before)",
    "death_in_future": "death_date after the as-of date",
    "stale_updated_at": "updated_at older than as_of - max_age (first one: 1 s older)",
    "future_updated_at": "updated_at after as_of (first one: 1 s after)",
    "deceased_still_active": "person deceased in dan_cu but status active in bao_hiem",
    "person_id_absent": "well-formed person_id that does not exist in dan_cu",
    "birth_date_mismatch": "birth_date differs from dan_cu by 1-365 days",
    "duplicate_bhxh_code_pair": "one bhxh_code given to two insured people",
    "bhxh_code_malformed": "bhxh_code prefixed with 'BH'",
}

_BLANK_VALUES: Final[tuple[str, ...]] = ("", " ", "   ", "\t")
_PLACEHOLDER_VALUES: Final[tuple[str, ...]] = (
    "N/A",
    "n/a",
    " N/A ",
    "-",
    "Không rõ",
    "không rõ",
    "KHÔNG RÕ",
)
_BAD_GENDERS: Final[tuple[str, ...]] = (
    "M",
    "F",
    "nam",
    "nữ",
    "NAM",
    unicodedata.normalize("NFD", "Nữ"),
    "Khác",
)
_BAD_STATUSES: Final[tuple[str, ...]] = ("Active", "ACTIVE", "dead", "đã mất")

_EPOCH_DAY: Final = date(1970, 1, 1)
_EPOCH: Final = datetime(1970, 1, 1)
_US_PER_S: Final = 1_000_000
_DAY_S: Final = 86_400
_ADULT_DAYS: Final = 6575  # 18 years


# ---------------------------------------------------------------------------------------
# public helpers


@dataclass(frozen=True)
class Samples:
    """The generated databases and their manifest.

    Attributes
    ----------
    dan_cu
        The population master.
    bao_hiem
        The insurance database, referencing ``dan_cu`` by ``person_id``.
    manifest
        Expected check counts, generation parameters and injected defects (JSON-ready).
    linked
        The other databases by name (see ``samples/databases/``), referencing ``dan_cu`` by
        personal id and each other by shared keys; each is also an attribute
        (``samples.thue``).
    """

    dan_cu: pl.DataFrame
    bao_hiem: pl.DataFrame
    manifest: dict[str, Any]
    linked: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pl.DataFrame:
        """A linked database by name (``samples.ho_tich``)."""
        linked = self.__dict__.get("linked", {})
        if name in linked:
            frame: pl.DataFrame = linked[name]
            return frame
        msg = f"{type(self).__name__!r} has no database or attribute {name!r}"
        raise AttributeError(msg)

    @property
    def tables(self) -> dict[str, pl.DataFrame]:
        """Every database by name, in the order of the manifest."""
        return {"dan_cu": self.dan_cu, "bao_hiem": self.bao_hiem, **self.linked}


def parse_as_of(value: str | date | datetime) -> datetime:
    """Return the as-of instant as a naive local time in ``Asia/Ho_Chi_Minh``.

    Parameters
    ----------
    value
        A date (midnight at the start of that day), a naive datetime (local time) or an
        aware datetime, or an ISO 8601 string of either.

    Returns
    -------
    datetime
        Naive wall-clock time in Vietnam, comparable with the naive ``updated_at`` columns.

    Examples
    --------
    >>> parse_as_of("2026-06-30")
    datetime.datetime(2026, 6, 30, 0, 0)
    >>> parse_as_of("2026-06-29T17:00:00+00:00")
    datetime.datetime(2026, 6, 30, 0, 0)
    """
    if isinstance(value, str):
        text = value.strip()
        if "T" in text or " " in text:
            value = datetime.fromisoformat(text)
        else:
            value = date.fromisoformat(text)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(TIMEZONE)).replace(tzinfo=None)
        return value
    return datetime.combine(value, time())


def is_blank(value: str | None, placeholders: Sequence[str] = PLACEHOLDERS) -> bool:
    """Whether ``not_blank`` fails ``value`` (null, empty, whitespace-only or placeholder).

    Examples
    --------
    >>> [is_blank(v) for v in (None, "", "  ", " n/a ", "KHÔNG RÕ", "An")]
    [True, True, True, True, True, False]
    """
    if value is None:
        return True
    text = value.strip()
    return not text or text.casefold() in {p.strip().casefold() for p in placeholders}


def is_normalized(value: str) -> bool:
    """Whether ``normalized_text`` passes ``value`` (NFC, trimmed, single spaces).

    Examples
    --------
    >>> [is_normalized(v) for v in ("Lê Văn An", "Lê  Văn An", " Lê", "", "  ")]
    [True, False, False, True, False]
    """
    return value == " ".join(unicodedata.normalize("NFC", value).split())


# ---------------------------------------------------------------------------------------
# bookkeeping


@dataclass
class _Ledger:
    """Expected counts of one suite, adjusted by every injection."""

    table: str
    checks: dict[str, dict[str, int]] = field(default_factory=dict)
    defects: list[dict[str, Any]] = field(default_factory=list)
    descriptions: Mapping[str, str] = field(default_factory=lambda: _DESCRIPTIONS)

    def expect(self, check_id: str, evaluated: int, failed: int = 0) -> None:
        entry = {"evaluated": evaluated, "failed": failed}
        if check_id in _KEY_CHECKS or check_id.startswith("unique:"):
            entry |= {"groups": 0, "surplus": 0}
        self.checks[check_id] = entry

    def record(
        self,
        kind: str,
        column: str,
        rows: int,
        effects: Mapping[str, Mapping[str, int]],
        **extra: Any,
    ) -> None:
        """Apply the count changes of one injected defect kind and list it."""
        for check_id, delta in effects.items():
            entry = self.checks[check_id]  # KeyError = a typo in a check id
            for measure, value in delta.items():
                entry[measure] += value
        self.defects.append(
            {
                "table": self.table,
                "kind": kind,
                "column": column,
                "rows": rows,
                **extra,
                "fails": sorted(c for c, d in effects.items() if d.get("failed", 0) > 0),
                "description": self.descriptions[kind],
            }
        )


class _Rows:
    """Hands out disjoint random rows of one table, so no row carries two defects."""

    def __init__(self, n: int, rng: np.random.Generator, table: str) -> None:
        self.used: BoolArray = np.zeros(n, dtype=np.bool_)
        self.rng = rng
        self.table = table

    def take(self, k: int, eligible: BoolArray | None = None, what: str = "") -> IntArray:
        if k == 0:
            return np.empty(0, dtype=np.int64)
        free = ~self.used if eligible is None else eligible & ~self.used
        candidates = np.flatnonzero(free)
        if candidates.size < k:
            msg = (
                f"{self.table}: cannot place {k} rows of {what!r}: only {candidates.size} "
                "eligible rows are left; generate more rows or lower the defect rate"
            )
            raise ValueError(msg)
        picked = self.rng.choice(candidates, size=k, replace=False).astype(np.int64)
        self.used[picked] = True
        return picked


def _defect_counts(weights: Mapping[str, float], rows: int, rate: float) -> dict[str, int]:
    if rate <= 0:
        return dict.fromkeys(weights, 0)
    return {kind: max(1, round(rows * rate * w)) for kind, w in weights.items()}


def _spread(k: int, size: int, rng: np.random.Generator) -> IntArray:
    """``k`` indices into a pool of ``size`` values, each value used (when ``k >= size``)."""
    return rng.permutation(np.resize(np.arange(size, dtype=np.int64), k))


def _pool_failures(assign: IntArray, pool: Sequence[str], fails: Callable[[str], bool]) -> int:
    per_value = np.bincount(assign, minlength=len(pool))
    return int(sum(int(per_value[i]) for i, v in enumerate(pool) if fails(v)))


def _duplicate_mask(values: IntArray) -> BoolArray:
    """True on every occurrence of a value except its first (stable order)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    later = np.zeros(values.size, dtype=np.bool_)
    later[1:] = ordered[1:] == ordered[:-1]
    mask = np.zeros(values.size, dtype=np.bool_)
    mask[order[later]] = True
    return mask


def _in_sorted(values: IntArray, pool: IntArray) -> BoolArray:
    """Membership of ``values`` in the sorted array ``pool``."""
    if pool.size == 0:
        return np.zeros(values.size, dtype=np.bool_)
    pos = np.minimum(np.searchsorted(pool, values), pool.size - 1)
    found: BoolArray = pool[pos] == values
    return found


def _unique_codes(
    prefix: IntArray,
    modulus: int,
    rng: np.random.Generator,
    exclude: IntArray | None = None,
) -> IntArray:
    """``prefix * modulus + random suffix``, all distinct and none in ``exclude``.

    Colliding rows (every occurrence after the first) draw a new suffix until no collision
    is left; only the first round sorts all codes, later rounds only look the few redrawn
    codes up.
    """
    codes = prefix * modulus + rng.integers(0, modulus, prefix.size)
    blocked = np.sort(exclude) if exclude is not None else np.empty(0, dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    later = np.zeros(codes.size, dtype=np.bool_)
    later[1:] = ordered[1:] == ordered[:-1]
    redo_mask = np.zeros(codes.size, dtype=np.bool_)
    redo_mask[order[later]] = True
    redo_mask |= _in_sorted(codes, blocked)
    taken = ordered[~later]  # sorted and distinct
    added = np.empty(0, dtype=np.int64)
    redo = np.flatnonzero(redo_mask)
    for _ in range(200):
        if redo.size == 0:
            return codes
        fresh = prefix[redo] * modulus + rng.integers(0, modulus, redo.size)
        clash = _duplicate_mask(fresh) | _in_sorted(fresh, taken)
        clash |= _in_sorted(fresh, blocked) | _in_sorted(fresh, added)
        codes[redo[~clash]] = fresh[~clash]
        added = np.sort(np.concatenate([added, fresh[~clash]]))
        redo = redo[clash]
    msg = "could not draw unique codes: too many rows share a prefix"
    raise RuntimeError(msg)


# ---------------------------------------------------------------------------------------
# time and type helpers


def _day(d: date) -> int:
    return (d - _EPOCH_DAY).days


def _us(t: datetime) -> int:
    return (t - _EPOCH) // timedelta(microseconds=1)


def _birth_years(days: IntArray) -> IntArray:
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    return years + 1970


def _with_nulls(name: str, values: pl.Series, valid: BoolArray) -> pl.Series:
    return pl.select(pl.when(pl.lit(pl.Series(valid))).then(pl.lit(values)).alias(name)).to_series()


def _date_series(name: str, days: IntArray, valid: BoolArray | None = None) -> pl.Series:
    values = pl.Series(name, days.astype(np.int32)).cast(pl.Date)
    return values if valid is None else _with_nulls(name, values, valid)


def _datetime_series(name: str, micros: IntArray) -> pl.Series:
    return pl.Series(name, micros.astype("datetime64[us]"))


def _lookup(name: str, pool: Sequence[str], idx: npt.NDArray[Any]) -> pl.Series:
    return pl.Series(name, list(pool), dtype=pl.String).gather(idx.astype(np.int64))


def _scatter(series: pl.Series, idx: IntArray, values: pl.Series | None) -> None:
    if idx.size:
        series.scatter(idx, values)


def _transform(series: pl.Series, idx: IntArray, fn: Callable[[pl.Series], pl.Series]) -> None:
    if idx.size:
        series.scatter(idx, fn(series.gather(idx)))


def _concat(*parts: pl.Series | str) -> pl.Series:
    exprs = [pl.lit(p) for p in parts]
    return pl.select(pl.concat_str(exprs).alias("v")).to_series()


def _cccd_prefix(legacy: IntArray, female: BoolArray, birth_days: IntArray) -> IntArray:
    """First six CCCD digits as an integer: province, century/sex digit, 2-digit year."""
    years = _birth_years(birth_days)
    digit = (years - 1900) // 100 * 2 + female.astype(np.int64)
    return (legacy * 10 + digit) * 100 + years % 100


def _id_strings(name: str, ids: IntArray, width: int) -> pl.Series:
    return pl.Series(name, ids).cast(pl.String).str.zfill(width)


# ---------------------------------------------------------------------------------------
# injection context and string defects shared by both tables


@dataclass
class _Table:
    """Injection context of one table: its row pool, defect counts and ledger."""

    rows: _Rows
    counts: dict[str, int]
    ledger: _Ledger

    @property
    def rng(self) -> np.random.Generator:
        return self.rows.rng

    def take(self, kind: str, eligible: BoolArray | None = None) -> IntArray:
        """Fresh rows for ``counts[kind]`` defects of ``kind``."""
        return self.rows.take(self.counts[kind], eligible, kind)

    def record(
        self, kind: str, column: str, rows: int, effects: Mapping[str, Mapping[str, int]]
    ) -> None:
        """Record one defect kind (see :meth:`_Ledger.record`)."""
        self.ledger.record(kind, column, rows, effects)


def _inject_pool(
    series: pl.Series, idx: IntArray, pool: Sequence[str], rng: np.random.Generator
) -> IntArray:
    """Write values of ``pool`` at ``idx`` (each used once before any repeats)."""
    assign = _spread(idx.size, len(pool), rng)
    _scatter(series, idx, pl.Series(list(pool), dtype=pl.String).gather(assign))
    return assign


def _inject_name_pool(t: _Table, kind: str, names: pl.Series, pool: Sequence[str]) -> None:
    """Blank or placeholder names; counts come from evaluating each pool value."""
    idx = t.take(kind)
    assign = _inject_pool(names, idx, pool, t.rng)
    t.ledger.record(
        kind,
        "full_name",
        idx.size,
        {
            "not_blank:full_name": {"failed": _pool_failures(assign, pool, is_blank)},
            "normalized_text:full_name": {
                "failed": _pool_failures(assign, pool, lambda v: not is_normalized(v))
            },
        },
        values=sorted(set(pool)),
    )


def _inject_untrimmed(t: _Table, names: pl.Series) -> None:
    """Leading, trailing or both spaces around a name."""
    idx = t.take("name_untrimmed")
    variant = _spread(idx.size, 3, t.rng)
    _transform(names, idx[variant == 0], lambda s: _concat(" ", s))
    _transform(names, idx[variant == 1], lambda s: _concat(s, " "))
    _transform(names, idx[variant == 2], lambda s: _concat("  ", s, " "))
    t.record("name_untrimmed", "full_name", idx.size, {"normalized_text:full_name": _fails(idx)})


def _fails(idx: IntArray) -> dict[str, int]:
    return {"failed": int(idx.size)}


def _later(rng: np.random.Generator, size: int, high: int) -> IntArray:
    """0 for the first injected row (the boundary case), random in ``[0, high)`` after."""
    return rng.integers(0, high, size) * (np.arange(size) > 0)


# ---------------------------------------------------------------------------------------
# population master


@dataclass
class _People:
    """Numpy columns of the population master before they become strings and dates."""

    female: BoolArray
    birth: IntArray  # days since 1970-01-01
    dead: BoolArray
    death: IntArray  # meaningful where dead
    has_phone: BoolArray
    phone: IntArray  # 9 digits after the leading 0
    legacy: IntArray  # index into LEGACY_PROVINCES (province of birth registration)
    residence: IntArray  # index into PROVINCES_2025
    family: IntArray
    middle: IntArray  # index into MIDDLE_MALE + MIDDLE_FEMALE
    given: IntArray  # index into GIVEN_MALE + GIVEN_FEMALE
    house: IntArray
    street: IntArray
    ward: IntArray
    status: IntArray  # index into DAN_CU_STATUSES
    updated: IntArray  # microseconds since 1970-01-01, naive local time
    person_id: IntArray

    def copy_rows(self, src: IntArray, dst: IntArray) -> None:
        """Make rows ``dst`` exact copies of rows ``src``."""
        for f in fields(self):
            column = getattr(self, f.name)
            column[dst] = column[src]


_MIDDLES: Final = (*vn.MIDDLE_MALE, *vn.MIDDLE_FEMALE)
_GIVENS: Final = (*vn.GIVEN_MALE, *vn.GIVEN_FEMALE)
_LEGACY_CODES: Final = tuple(vn.LEGACY_PROVINCES)
_LEGACY_INT: Final = np.array([int(c) for c in _LEGACY_CODES], dtype=np.int64)
_CODES_2025: Final = tuple(vn.PROVINCES_2025)


def _draw_people(n: int, rng: np.random.Generator, as_of: datetime) -> _People:
    """Clean base records: realistic ages, deaths, phones, provinces and names."""
    as_of_day = _day(as_of.date())
    band_w = np.asarray(vn.AGE_BAND_WEIGHTS) / sum(vn.AGE_BAND_WEIGHTS)
    band = rng.choice(band_w.size, size=n, p=band_w)
    age_days = np.floor((band * 5 + rng.random(n) * 5) * 365.2425).astype(np.int64)
    female = rng.random(n) < 0.505
    birth = as_of_day - age_days
    dead = rng.random(n) < np.asarray(vn.AGE_BAND_DEATH_RATE)[band]
    low = np.maximum(birth, as_of_day - 5 * 365)  # deaths of the last five years
    death = low + np.floor(rng.random(n) * (as_of_day - low + 1)).astype(np.int64)
    prefixes = np.asarray(vn.MOBILE_PREFIXES, dtype=np.int64)
    legacy_w = np.array([5.0 if c in ("01", "79") else 1.0 for c in _LEGACY_CODES])
    legacy = rng.choice(len(_LEGACY_CODES), size=n, p=legacy_w / legacy_w.sum())
    merged = np.array([_CODES_2025.index(vn.LEGACY_TO_2025[c]) for c in _LEGACY_CODES])
    family_w = np.asarray(vn.FAMILY_WEIGHTS) / sum(vn.FAMILY_WEIGHTS)
    n_mm, n_gm = len(vn.MIDDLE_MALE), len(vn.GIVEN_MALE)
    return _People(
        female=female,
        birth=birth,
        dead=dead,
        death=death,
        has_phone=(age_days >= 14 * 365) & (rng.random(n) < 0.95),
        phone=prefixes[rng.integers(0, prefixes.size, n)] * 10**7 + rng.integers(0, 10**7, n),
        legacy=legacy,
        residence=np.where(
            rng.random(n) < 0.8, merged[legacy], rng.integers(0, len(_CODES_2025), n)
        ),
        family=rng.choice(family_w.size, size=n, p=family_w),
        middle=np.where(
            female, n_mm + rng.integers(0, len(vn.MIDDLE_FEMALE), n), rng.integers(0, n_mm, n)
        ),
        given=np.where(
            female, n_gm + rng.integers(0, len(vn.GIVEN_FEMALE), n), rng.integers(0, n_gm, n)
        ),
        house=rng.integers(1, 500, n),
        street=rng.integers(0, len(vn.STREETS), n),
        ward=rng.integers(0, len(vn.WARDS), n),
        status=np.where(dead, 1, np.where(~dead & (rng.random(n) < 0.002), 2, 0)),
        updated=_us(as_of) - rng.integers(60, 300 * _DAY_S, n) * _US_PER_S,
        person_id=np.zeros(n, dtype=np.int64),
    )


def _pin_boundaries(p: _People, t: _Table, as_of: datetime) -> list[dict[str, Any]]:
    """Put values exactly on the checks' limits on six reserved rows (they all pass)."""
    if p.birth.size < 64:
        return []
    as_of_day = _day(as_of.date())
    b = t.rows.take(6, what="boundary rows")
    p.birth[b[0]], p.dead[b[0]], p.has_phone[b[0]], p.status[b[0]] = as_of_day, False, False, 0
    p.birth[b[1]], p.dead[b[1]], p.status[b[1]] = _day(BIRTH_MIN), False, 0
    p.birth[b[2]] = p.death[b[2]] = as_of_day - 100
    p.dead[b[2]], p.has_phone[b[2]], p.status[b[2]] = True, False, 1
    p.death[b[3]], p.dead[b[3]], p.status[b[3]] = as_of_day, True, 1
    p.updated[b[4]] = _us(as_of - MAX_AGE)
    p.updated[b[5]] = _us(as_of)
    day = as_of.date().isoformat()
    return [
        {"column": "birth_date", "value": day, "passes": ["between", "not_future"]},
        {"column": "birth_date", "value": BIRTH_MIN.isoformat(), "passes": ["between"]},
        {"column": "death_date", "value": "= birth_date", "passes": ["death_after_birth"]},
        {"column": "death_date", "value": day, "passes": ["not_future"]},
        {"column": "updated_at", "value": (as_of - MAX_AGE).isoformat(), "passes": ["fresh"]},
        {"column": "updated_at", "value": as_of.isoformat(), "passes": ["not_future"]},
    ]


def _duplicate_people(p: _People, t: _Table) -> None:
    """Whole records entered twice (pairs) and one id shared by three people (triples)."""
    from samples.databases import _common as c  # noqa: PLC0415 (it imports this module)

    triples = t.counts["duplicate_person_id_triple"]
    p.copy_rows(*c.take_pairs(t, "duplicate_person_id_pair", "duplicate pair"))
    src3 = t.rows.take(triples, what="duplicate triple sources")
    dst3 = t.rows.take(2 * triples, what="duplicate triple copies")
    p.person_id[dst3] = p.person_id[np.repeat(src3, 2)]
    c.record_pairs(t, "duplicate_person_id_pair", "person_id", "person_id")
    t.ledger.record(
        "duplicate_person_id_triple",
        "person_id",
        3 * triples,
        {"unique:person_id": {"failed": 3 * triples, "groups": triples, "surplus": 2 * triples}},
        groups=triples,
    )


def _date_defects(p: _People, t: _Table, as_of: datetime) -> None:
    """Out-of-range birth dates, impossible death dates, stale and future timestamps."""
    as_of_day, as_of_us, cutoff_us = _day(as_of.date()), _us(as_of), _us(as_of - MAX_AGE)
    rng, alive = t.rng, ~p.dead

    idx = t.take("birth_before_1900", alive)
    p.birth[idx] = _day(date(1899, 12, 31)) - _later(rng, idx.size, 50 * 365)
    t.record("birth_before_1900", "birth_date", idx.size, {"between:birth_date": _fails(idx)})

    idx = t.take("birth_in_future", alive)
    p.birth[idx] = as_of_day + 1 + _later(rng, idx.size, 3650)
    effects = {"between:birth_date": _fails(idx), "not_future:birth_date": _fails(idx)}
    t.record("birth_in_future", "birth_date", idx.size, effects)

    idx = t.take("death_before_birth", p.dead)
    p.death[idx] = p.birth[idx] - 1 - _later(rng, idx.size, 3650)
    t.record("death_before_birth", "death_date", idx.size, {"death_after_birth": _fails(idx)})

    idx = t.take("death_in_future", p.dead)
    p.death[idx] = as_of_day + 1 + _later(rng, idx.size, 365)
    t.record("death_in_future", "death_date", idx.size, {"not_future:death_date": _fails(idx)})

    idx = t.take("stale_updated_at")
    p.updated[idx] = cutoff_us - _US_PER_S * (1 + _later(rng, idx.size, 5 * 365 * _DAY_S))
    t.record("stale_updated_at", "updated_at", idx.size, {"fresh:updated_at": _fails(idx)})

    idx = t.take("future_updated_at")
    p.updated[idx] = as_of_us + _US_PER_S * (1 + _later(rng, idx.size, 60 * _DAY_S))
    t.record("future_updated_at", "updated_at", idx.size, {"not_future:updated_at": _fails(idx)})


def _people_strings(p: _People) -> dict[str, pl.Series]:
    """The string columns of the (still clean) records."""
    province_names = [vn.PROVINCES_2025[c] for c in _CODES_2025]
    return {
        "person_id": _id_strings("person_id", p.person_id, 12),
        "full_name": _concat(
            _lookup("f", vn.FAMILY_NAMES, p.family),
            " ",
            _lookup("m", _MIDDLES, p.middle),
            " ",
            _lookup("g", _GIVENS, p.given),
        ),
        "gender": _lookup("gender", GENDERS, p.female.astype(np.int64)),
        "phone": _concat("0", pl.Series(p.phone).cast(pl.String)),
        "province_code": _lookup("province_code", _CODES_2025, p.residence),
        "address": _concat(
            "Số ",
            pl.Series(p.house).cast(pl.String),
            " ",
            _lookup("s", vn.STREETS, p.street),
            ", ",
            _lookup("w", vn.WARDS, p.ward),
            ", ",
            _lookup("p", province_names, p.residence),
        ),
        "status": _lookup("status", DAN_CU_STATUSES, p.status),
    }


def _id_and_name_defects(cols: dict[str, pl.Series], p: _People, t: _Table) -> None:
    """Missing and malformed person ids; missing, blank and un-normalised names."""
    pid, names = cols["person_id"], cols["full_name"]
    idx = t.take("null_person_id")
    _scatter(pid, idx, None)
    t.record(
        "null_person_id",
        "person_id",
        idx.size,
        {
            "not_null:person_id": _fails(idx),
            "pattern:person_id": {"evaluated": -idx.size},
            "unique:person_id": {"evaluated": -idx.size},
        },
    )
    idx = t.take("person_id_letter_o")
    _transform(pid, idx, lambda s: _concat("O", s.str.slice(1)))  # injective: stays unique
    t.record("person_id_letter_o", "person_id", idx.size, {"pattern:person_id": _fails(idx)})

    idx = t.take("null_full_name")
    _scatter(names, idx, None)
    t.record(
        "null_full_name",
        "full_name",
        idx.size,
        {
            "not_null:full_name": _fails(idx),
            "not_blank:full_name": _fails(idx),
            "normalized_text:full_name": {"evaluated": -idx.size},
        },
    )
    _inject_name_pool(t, "blank_full_name", names, _BLANK_VALUES)
    _inject_name_pool(t, "placeholder_full_name", names, _PLACEHOLDER_VALUES)
    _inject_untrimmed(t, names)

    def decomposes(pool: Sequence[str]) -> BoolArray:
        return np.array([unicodedata.normalize("NFD", v) != v for v in pool])

    # only names with a decomposable letter change under NFD ("Đ" alone does not)
    nfd_ok = decomposes(vn.FAMILY_NAMES)[p.family] | decomposes(_MIDDLES)[p.middle]
    nfd_ok |= decomposes(_GIVENS)[p.given]
    forms: tuple[tuple[str, BoolArray | None, Callable[[pl.Series], pl.Series]], ...] = (
        ("name_double_space", None, lambda s: s.str.replace(" ", "  ", literal=True)),
        ("name_nfd", nfd_ok, lambda s: s.str.normalize("NFD")),
        ("name_nbsp", None, lambda s: s.str.replace(" ", "\u00a0", literal=True)),
    )
    for kind, eligible, form in forms:
        idx = t.take(kind, eligible)
        _transform(names, idx, form)
        t.record(kind, "full_name", idx.size, {"normalized_text:full_name": _fails(idx)})


def _phone_and_code_defects(cols: dict[str, pl.Series], p: _People, t: _Table) -> None:
    """Malformed phones; genders, statuses and province codes outside their sets."""
    phone_forms: dict[str, Callable[[pl.Series], pl.Series]] = {
        "phone_short": lambda s: s.str.slice(0, 9),
        "phone_long": lambda s: _concat(s, s.str.slice(9, 1)),
        "phone_letter": lambda s: _concat(s.str.slice(0, 4), "O", s.str.slice(5)),
        "phone_international": lambda s: _concat("+84", s.str.slice(1)),
        "phone_spaced": lambda s: _concat(
            s.str.slice(0, 4), " ", s.str.slice(4, 3), " ", s.str.slice(7)
        ),
    }
    for kind, form in phone_forms.items():
        idx = t.take(kind, p.has_phone)
        _transform(cols["phone"], idx, form)
        t.record(kind, "phone", idx.size, {"pattern:phone": _fails(idx)})

    legacy_only = sorted(set(vn.LEGACY_PROVINCES) - set(vn.PROVINCES_2025))
    for kind, column, pool in (
        ("gender_out_of_set", "gender", _BAD_GENDERS),
        ("status_out_of_set", "status", _BAD_STATUSES),
        ("province_legacy_code", "province_code", legacy_only),
    ):
        idx = t.take(kind)
        _inject_pool(cols[column], idx, pool, t.rng)
        t.record(kind, column, idx.size, {f"in_set:{column}": _fails(idx)})


@dataclass
class _Population:
    frame: pl.DataFrame
    ledger: _Ledger
    rows: _Rows
    people: _People
    boundaries: list[dict[str, Any]]


#: Shares of the largest ethnic groups by code (1999/2019 censuses, rounded); the remaining
#: share is spread evenly over the other codes of the catalogue.
_ETHNIC_SHARES: Final[dict[str, float]] = {
    "01": 0.853,  # Kinh
    "02": 0.019,  # Tày
    "03": 0.019,  # Thái
    "04": 0.015,  # Mường
    "05": 0.014,  # Khmer
    "06": 0.008,  # Hoa
    "07": 0.011,  # Nùng
    "08": 0.014,  # Mông
    "09": 0.009,  # Dao
    "10": 0.005,  # Gia Rai
}
_BAD_ETHNICITY_CODES: Final[tuple[str, ...]] = ("1", "Kinh", "55", "00", "KINH", " 01", "1.0")


def _ethnicity_codes(person_ids: IntArray) -> pl.Series:
    """Ethnic group codes (``ethnic_groups`` catalogue), a function of the person id.

    Derived from the id (not from the random stream), so whole-record duplicates share it
    and adding the column changed no other generated value.
    """
    from datacheck import catalogues  # noqa: PLC0415 (only the generator needs it)

    codes = sorted(catalogues.values("ethnic_groups"))
    rest = [c for c in codes if c not in _ETHNIC_SHARES]
    other = (1 - sum(_ETHNIC_SHARES.values())) / len(rest)
    weights = np.array([_ETHNIC_SHARES.get(c, other) for c in codes])
    mixed = (person_ids.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(11)
    uniform = mixed.astype(np.float64) / float(1 << 53)
    index = np.searchsorted(np.cumsum(weights) / weights.sum(), uniform, side="right")
    return _lookup("ethnicity_code", codes, np.minimum(index, len(codes) - 1))


def _population(n: int, rng: np.random.Generator, as_of: datetime, rate: float) -> _Population:
    t = _Table(_Rows(n, rng, "dan_cu"), _defect_counts(DAN_CU_DEFECTS, n, rate), _Ledger("dan_cu"))
    p = _draw_people(n, rng, as_of)
    boundaries = [{"table": "dan_cu", **b} for b in _pin_boundaries(p, t, as_of)]
    p.person_id = _unique_codes(_cccd_prefix(_LEGACY_INT[p.legacy], p.female, p.birth), 10**6, rng)

    # expected counts of the base data; every injection below adjusts them
    for check_id in DAN_CU_CHECKS:
        t.ledger.expect(check_id, n)
    t.ledger.expect("enough_rows", 1, int(n < DAN_CU_MIN_ROWS))
    t.ledger.expect("has_required_columns", 1)
    _duplicate_people(p, t)  # before counting: whole-record copies change who has a phone
    t.ledger.expect("pattern:phone", int(p.has_phone.sum()))
    t.ledger.expect("not_future:death_date", int(p.dead.sum()))
    t.ledger.expect("death_after_birth", int(p.dead.sum()))

    _date_defects(p, t, as_of)
    cols = _people_strings(p)
    _id_and_name_defects(cols, p, t)
    _phone_and_code_defects(cols, p, t)
    cols["ethnicity_code"] = _ethnicity_codes(p.person_id)
    idx = t.take("ethnicity_not_in_catalogue")
    _inject_pool(cols["ethnicity_code"], idx, _BAD_ETHNICITY_CODES, t.rng)
    effects = {"in_catalogue:ethnicity_code": _fails(idx)}
    t.record("ethnicity_not_in_catalogue", "ethnicity_code", idx.size, effects)
    frame = pl.DataFrame(
        [
            cols["person_id"].alias("person_id"),
            cols["full_name"].alias("full_name"),
            cols["gender"].alias("gender"),
            _date_series("birth_date", p.birth),
            _date_series("death_date", p.death, p.dead),
            _with_nulls("phone", cols["phone"], p.has_phone),
            cols["province_code"].alias("province_code"),
            cols["address"].alias("address"),
            cols["status"].alias("status"),
            cols["ethnicity_code"].alias("ethnicity_code"),
            _datetime_series("updated_at", p.updated),
        ]
    )
    return _Population(frame, t.ledger, t.rows, p, boundaries)


# ---------------------------------------------------------------------------------------
# insurance database


@dataclass
class _Insured:
    """Numpy columns of the insurance database, one row per insured person."""

    person: IntArray  # row of the person in dan_cu
    master: pl.DataFrame  # those dan_cu rows (all clean)
    dead: BoolArray
    female: BoolArray
    birth: IntArray
    bhxh: IntArray
    active: BoolArray
    updated: IntArray


def _draw_insured(
    pop: _Population, rng: np.random.Generator, as_of: datetime, share: float
) -> _Insured:
    """Insured people: adults whose dan_cu record carries no defect.

    So their person_id is unique in dan_cu and the birth_date there is the true one.
    """
    p = pop.people
    eligible = np.flatnonzero(~pop.rows.used & (p.birth <= _day(as_of.date()) - _ADULT_DAYS))
    m = min(round(pop.frame.height * share), eligible.size)
    person = rng.choice(eligible, size=m, replace=False).astype(np.int64)
    master = pop.frame[person]
    dead = p.dead[person]
    province = master["province_code"].cast(pl.Int64).to_numpy()
    return _Insured(
        person=person,
        master=master,
        dead=dead,
        female=p.female[person],
        birth=p.birth[person].copy(),
        bhxh=province * 10**8 + _unique_codes(np.zeros(m, dtype=np.int64), 10**8, rng),
        active=~dead & (rng.random(m) < 0.85),
        updated=_us(as_of) - rng.integers(60, 200 * _DAY_S, m) * _US_PER_S,
    )


def _insured_numeric_defects(s: _Insured, t: _Table, as_of: datetime) -> int:
    """Deceased-but-active, disagreeing birth dates, shared codes, stale rows.

    Returns the number of deceased people left active.
    """
    from samples.databases import _common as c  # noqa: PLC0415 (it imports this module)

    still_active = int(c.set_flag(t, "deceased_still_active", s.active, s.dead).size)
    # adults: a later birth date stays before as_of
    c.inject_birth_date_mismatch(t, s.birth, None, later=True)
    c.duplicate_rows(
        t, "duplicate_bhxh_code_pair", "bhxh_code", "bhxh_code", (s.bhxh,), what="duplicate bhxh"
    )
    c.inject_stale_updated_at(t, s.updated, as_of)
    return still_active


def _insured_person_id_defects(
    s: _Insured, t: _Table, pid: pl.Series, population_ids: IntArray
) -> IntArray:
    """Dossiers without a person id, and ids that do not exist in dan_cu.

    Returns the rows that no longer link to dan_cu.
    """
    unlinked = t.take("null_person_id")
    _scatter(pid, unlinked, None)
    t.record(
        "null_person_id",
        "person_id",
        unlinked.size,
        {
            "not_null:person_id": _fails(unlinked),
            "pattern:person_id": {"evaluated": -unlinked.size},
            "exists_in:person_id": {"evaluated": -unlinked.size},
            "birth_date_matches_population": {"evaluated": -unlinked.size},
            "deceased_still_active": {"evaluated": -unlinked.size},
        },
    )
    absent = t.take("person_id_absent")
    if absent.size:  # well-formed ids, consistent with the row's sex and birth year
        legacy = _LEGACY_INT[t.rng.integers(0, _LEGACY_INT.size, absent.size)]
        prefix = _cccd_prefix(legacy, s.female[absent], s.birth[absent])
        ids = _unique_codes(prefix, 10**6, t.rng, exclude=population_ids)
        _scatter(pid, absent, _id_strings("", ids, 12))
    t.record(
        "person_id_absent",
        "person_id",
        absent.size,
        {
            "exists_in:person_id": _fails(absent),
            "birth_date_matches_population": {"evaluated": -absent.size},
            "deceased_still_active": {"evaluated": -absent.size},
        },
    )
    return np.concatenate([unlinked, absent])


def _insurance(
    pop: _Population, rng: np.random.Generator, as_of: datetime, rate: float, share: float
) -> tuple[pl.DataFrame, _Ledger, dict[str, int], list[dict[str, Any]]]:
    s = _draw_insured(pop, rng, as_of, share)
    m = s.person.size
    t = _Table(
        _Rows(m, rng, "bao_hiem"), _defect_counts(BAO_HIEM_DEFECTS, m, rate), _Ledger("bao_hiem")
    )
    for check_id in BAO_HIEM_CHECKS:
        t.ledger.expect(check_id, m)
    t.ledger.expect("enough_rows", 1, int(m < BAO_HIEM_MIN_ROWS))
    t.ledger.expect("has_required_columns", 1)

    boundaries: list[dict[str, Any]] = []
    if m >= 64:
        b = t.rows.take(2, what="boundary rows")
        s.updated[b[0]], s.updated[b[1]] = _us(as_of - MAX_AGE), _us(as_of)
        boundaries = [
            {
                "table": "bao_hiem",
                "column": "updated_at",
                "value": (as_of - MAX_AGE).isoformat(),
                "passes": ["fresh"],
            },
            {
                "table": "bao_hiem",
                "column": "updated_at",
                "value": as_of.isoformat(),
                "passes": ["not_future"],
            },
        ]

    still_active = _insured_numeric_defects(s, t, as_of)
    code = _id_strings("bhxh_code", s.bhxh, 10)
    pid = s.master["person_id"].clone()
    names = s.master["full_name"].clone()
    gone = _insured_person_id_defects(s, t, pid, pop.people.person_id)
    idx = t.take("bhxh_code_malformed")
    _transform(code, idx, lambda c: _concat("BH", c))  # injective: stays unique
    t.record("bhxh_code_malformed", "bhxh_code", idx.size, {"pattern:bhxh_code": _fails(idx)})
    _inject_name_pool(t, "placeholder_full_name", names, _PLACEHOLDER_VALUES)
    _inject_untrimmed(t, names)

    linked_deceased = int(s.dead.sum()) - int(s.dead[gone].sum())
    facts = {
        "rows": m,
        "rows_linked_to_population": m - gone.size,
        "rows_linked_to_deceased": linked_deceased,
        "deceased_still_active": still_active,
        "deceased_inactive": linked_deceased - still_active,
    }
    frame = pl.DataFrame(
        [
            code.alias("bhxh_code"),
            pid.alias("person_id"),
            names.alias("full_name"),
            s.master["gender"],
            _date_series("birth_date", s.birth),
            s.master["province_code"],
            _lookup("status", BAO_HIEM_STATUSES, (~s.active).astype(np.int64)),
            _datetime_series("updated_at", s.updated),
        ]
    )
    return frame, t.ledger, facts, boundaries


# ---------------------------------------------------------------------------------------
# entry points


def generate_samples(
    rows: int = 200_000,
    seed: int = 7,
    as_of: str | date | datetime = DEFAULT_AS_OF,
    *,
    defect_rate: float = DEFAULT_DEFECT_RATE,
    insurance_share: float = DEFAULT_INSURANCE_SHARE,
) -> Samples:
    """Generate the linked databases and their manifest.

    Parameters
    ----------
    rows
        Rows of the population master ``dan_cu``.
    seed
        Seed of the random generator; the same arguments always give identical frames.
    as_of
        The run's as-of instant the manifest's counts are computed for (a bare date is
        midnight at the start of that day in ``Asia/Ho_Chi_Minh``).
    defect_rate
        Injected rows per row and unit weight of each defect kind (see ``DAN_CU_DEFECTS``
        and ``BAO_HIEM_DEFECTS``); ``0`` generates clean data on which every check passes.
    insurance_share
        Share of ``rows`` that get an insurance record (at most the number of adults
        without defects).

    Returns
    -------
    Samples
        The two frames and the manifest.

    Raises
    ------
    ValueError
        On bad arguments, or when there are too few rows to place the defects disjointly.

    Examples
    --------
    >>> s = generate_samples(20_000, seed=1)
    >>> s.dan_cu.height, s.bao_hiem.height
    (20000, 10000)
    >>> s.manifest["suites"]["dan_cu"]["checks"]["not_null:person_id"]
    {'evaluated': 20000, 'failed': 10}
    """
    if rows < 1:
        msg = f"rows must be positive, got {rows}"
        raise ValueError(msg)
    if not 0 <= defect_rate < 0.02:
        msg = f"defect_rate must be in [0, 0.02), got {defect_rate}"
        raise ValueError(msg)
    if not 0 <= insurance_share <= 1:
        msg = f"insurance_share must be in [0, 1], got {insurance_share}"
        raise ValueError(msg)
    when = parse_as_of(as_of)
    rng = np.random.default_rng(seed)
    pop = _population(rows, rng, when, defect_rate)
    bao_hiem, bh_ledger, facts, bh_bounds = _insurance(pop, rng, when, defect_rate, insurance_share)
    from samples.databases import generate_linked  # noqa: PLC0415 (they import this module)

    linked = generate_linked(pop, seed, when, defect_rate)
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else str(as_of).strip()
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "generator": "samples.generator",
        "parameters": {
            "rows": rows,
            "seed": seed,
            "as_of": as_of_text,
            "timezone": TIMEZONE,
            "defect_rate": defect_rate,
            "insurance_share": insurance_share,
            "shares": linked.shares,
        },
        "tables": {
            name: {"path": name, "files": _part_count(frame.height), "rows": frame.height}
            for name, frame in {"dan_cu": pop.frame, "bao_hiem": bao_hiem, **linked.frames}.items()
        },
        "suites": {
            "dan_cu": {
                "suite": "suites/dan_cu.yaml",
                "source": "dan_cu",
                "checks": pop.ledger.checks,
            },
            "bao_hiem": {
                "suite": "suites/bao_hiem.yaml",
                "source": "bao_hiem",
                "references": {"population": "dan_cu"},
                "checks": bh_ledger.checks,
            },
            **linked.suites,
        },
        "defects": pop.ledger.defects + bh_ledger.defects + linked.defects,
        "cross": {"bao_hiem": facts, **linked.cross},
        "boundaries": pop.boundaries + bh_bounds,
    }
    return Samples(pop.frame, bao_hiem, manifest, linked.frames)


def _part_count(rows: int) -> int:
    """Files of a written dataset: one per ``PART_ROWS`` rows, at least two."""
    return max(2, -(-rows // PART_ROWS))


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _write_dataset(frame: pl.DataFrame, folder: Path) -> None:
    """Write ``frame`` as ``folder/part-00000.parquet``, … (row order kept across files).

    The files are written to a temporary folder that then replaces ``folder`` (see
    :func:`_replace_folder`), so a crash never leaves a half-written dataset, or none, under
    the final name, and no file of an earlier, larger run survives.
    """
    parts = _part_count(frame.height)
    size = -(-frame.height // parts) if frame.height else 0
    tmp, staged, old = (
        folder.with_name(f".{folder.name}.{os.getpid()}.{suffix}")
        for suffix in ("tmp", "new", "old")
    )
    for stale in (tmp, staged, old):
        if stale.exists():
            shutil.rmtree(stale)
    tmp.mkdir(parents=True)
    try:
        for i in range(parts):
            frame.slice(i * size, size).write_parquet(tmp / f"part-{i:05d}.parquet")
        tmp.rename(staged)  # complete: from here on a crash leaves a whole copy
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        _replace_folder(staged, folder, old)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _replace_folder(staged: Path, folder: Path, old: Path) -> None:
    """Put the complete folder ``staged`` under the name ``folder``; delete what it replaced.

    Where the system can (Linux, glibc 2.28 or later, a file system that supports it), an
    existing ``folder`` is swapped with ``staged`` in one atomic
    ``renameat2(RENAME_EXCHANGE)``: a crash at any point leaves the previous or the new
    complete folder under the final name, and the previous one, now under the staged name,
    is deleted. Elsewhere two renames do it (``folder`` -> ``old``, ``staged`` -> ``folder``),
    and a crash between them leaves the previous version only as the hidden ``old``.
    """
    if folder.is_file():
        folder.unlink()
    if not folder.exists():
        staged.rename(folder)
    elif _exchange(staged, folder):
        shutil.rmtree(staged)  # the previous version
    else:
        # no atomic exchange here (not Linux, an old libc, or the file system refuses it)
        folder.rename(old)
        try:
            staged.rename(folder)
        except BaseException:
            old.rename(folder)  # the previous version back under its name
            raise
        shutil.rmtree(old)


_AT_FDCWD: Final = -100
_RENAME_EXCHANGE: Final = 2
#: ``renameat2`` errors that mean "no atomic exchange here", not "this exchange failed".
_NO_EXCHANGE: Final = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP})


@cache
def _renameat2() -> Callable[..., int] | None:
    """Libc's ``renameat2`` (Linux, glibc 2.28 or later), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    function.restype = ctypes.c_int
    renameat2: Callable[..., int] = function
    return renameat2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths atomically; False where the system cannot.

    Raises
    ------
    OSError
        The exchange is supported but failed (a missing path, no permission, ...).
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    code = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if code == 0:
        return True
    error = ctypes.get_errno()
    if error in _NO_EXCHANGE:
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def write_samples(samples: Samples, out: str | os.PathLike[str]) -> dict[str, Path]:
    """Write one partitioned Parquet dataset per database and ``manifest.json``.

    Each database is a folder of files ``part-00000.parquet``, … (at least two, one per
    ``PART_ROWS`` rows); read it back with ``pl.scan_parquet(folder)`` or give the folder
    to datacheck as a source. Each dataset and the manifest are written to a temporary name
    and renamed, so a crash never leaves a half-written file.

    Parameters
    ----------
    samples
        What :func:`generate_samples` returned.
    out
        Output folder (created if missing).

    Returns
    -------
    dict[str, Path]
        The written paths by name (one folder per database, and ``manifest``).
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in samples.tables}
    paths["manifest"] = folder / "manifest.json"
    for name, frame in samples.tables.items():
        _write_dataset(frame, paths[name])
    text = json.dumps(samples.manifest, ensure_ascii=False, indent=2) + "\n"
    _atomic_write(paths["manifest"], lambda p: _write_text(p, text))
    return paths
