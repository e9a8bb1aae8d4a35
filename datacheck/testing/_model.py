"""The model of the data a suite accepts: columns, types, domains, groups and relations.

Built once per strategy from the suite's checks:

1. **columns** — every column a check reads, the suite's key, the ``required_columns`` and
   the ``schema=`` columns, in that order of first mention;
2. **types** — from ``schema=`` if given, else from the checks (``between`` bounds,
   ``in_set`` values, text checks → ``String``, ``fresh``/``not_future`` → ``Date``, or
   ``Datetime`` for names ending in ``_at``), from given reference frames, from the other
   columns an ``expression`` compares a column with, and finally from the name (``*_date``,
   ``*_on`` → ``Date``; ``*_at`` → ``Datetime``); anything else is ``String``;
3. **domains** — what non-null values are drawn from, the most specific first: a finite
   set (``in_set`` ∩ catalogue ∩ unit codes, filtered by every other check of the column),
   an identifier (``cccd``, ``mst``, ``phone_vn``, ``plate_vn``, ``bhxh_code``,
   ``bhyt_card``), names (``name_vn``), addresses (``no_district_level``), a pattern,
   a range (``between``, ``fresh``, ``not_future``), clean Vietnamese words (text checks),
   or anything of the type;
4. **groups** — columns drawn together (:mod:`datacheck.testing._groups`);
5. **relations** — the reference datasets the cross-database checks read.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl

from datacheck import catalogues
from datacheck._time import day_start, next_day_start, parse_as_of, temporal_literal, zone
from datacheck.checks import (
    AgreesWith,
    Between,
    Check,
    ExistsIn,
    Expression,
    Fresh,
    InSet,
    Lifecycle,
    NormalizedText,
    NotBlank,
    NotFuture,
    NotNull,
    Pattern,
    RowCheck,
    RowCount,
    Unique,
)
from datacheck.checks.base import CompileContext
from datacheck.checks.shared import InCatalogue
from datacheck.engine.plan import Plan
from datacheck.errors import DatacheckError
from datacheck.suite import Suite
from datacheck.testing._domains import (
    AddressDomain,
    BhxhDomain,
    BhytDomain,
    Booleans,
    CccdDomain,
    Choice,
    Dates,
    Datetimes,
    Domain,
    Floats,
    Integers,
    MstDomain,
    NamesDomain,
    PhoneDomain,
    PlainText,
    PlateDomain,
    RegexDomain,
    WordsDomain,
)
from datacheck.testing._groups import (
    BhytGroup,
    CccdGroup,
    Group,
    RefGroup,
    RefIndex,
    SingleGroup,
    UnitGroup,
    split_by,
)
from datacheck.testing._regex import UnsupportedPatternError, parse_regex
from datacheck.testing._verify import Judge, Verifier
from datacheck.vn.admin_units import (
    AdminUnit,
    AdminUnitCurrent,
    Level,
    NoDistrictLevel,
    UnitInProvince,
    codes,
    units,
)
from datacheck.vn.identifiers import (
    MOBILE_PREFIXES,
    PLATE_PROVINCES,
    BhxhCode,
    BhytCard,
    Cccd,
    CccdConsistent,
    IdPlaceholder,
    Mst,
    PhoneVn,
    PlateVn,
)
from datacheck.vn.text import LookalikeChars, Mojibake, NameVn, ToneStyleConsistent

__all__ = [
    "ColumnSpec",
    "GenerationError",
    "LifecycleSpec",
    "Model",
    "RefSpec",
    "build_model",
]


class GenerationError(DatacheckError):
    """The strategy cannot generate what was asked: names the check and says why."""


# ----------------------------------------------------------------------------- the model


@dataclass
class ColumnSpec:
    """One generated column.

    ``low``/``high`` are the inclusive bounds every range check of the column allows (in
    the column's type) and ``step`` its smallest increment; violations step outside them.
    """

    name: str
    dtype: pl.DataType
    nullable: bool
    domain: Domain | None
    distinct: bool = False
    low: Any = None
    high: Any = None
    step: Any = None


@dataclass(frozen=True)
class LifecycleSpec:
    """A ``lifecycle`` check's statuses: own column and values, reference column and values."""

    status: str
    ref_status: str
    active: tuple[Any, ...]
    ended: tuple[Any, ...]


@dataclass(frozen=True)
class RefSpec:
    """How the data under test relates to one reference on one key.

    ``agreed`` pairs own columns with the reference columns that must hold the same values.
    """

    reference: str
    own_key: tuple[str, ...]
    ref_key: tuple[str, ...]
    agreed: tuple[tuple[str, str], ...] = ()
    lifecycles: tuple[LifecycleSpec, ...] = ()


@dataclass
class Model:
    """Everything the generator needs to know about a suite (see the module docstring)."""

    suite: Suite
    as_of: datetime
    columns: dict[str, ColumnSpec]
    groups: list[Group]
    components: dict[str, tuple[str, ...]]
    ref_specs: list[RefSpec]
    given: dict[str, pl.DataFrame] | None
    ref_schemas: dict[str, pl.Schema]
    verifier: Verifier
    plan: Plan
    null_probability: float
    comparisons: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    check_bounds: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    ref_indexes: dict[RefSpec, RefIndex] = field(default_factory=dict)
    _judges: dict[tuple[str, ...], Judge] = field(default_factory=dict, repr=False)

    @property
    def schema(self) -> pl.Schema:
        """The generated frame's schema."""
        return pl.Schema({name: spec.dtype for name, spec in self.columns.items()})

    def judge(self, columns: Sequence[str]) -> Judge:
        """A :class:`Judge` of candidate values of ``columns``."""
        key = tuple(columns)
        found = self._judges.get(key)
        if found is None:
            ctx = self.verifier.context(self.schema, self.ref_schemas)
            found = self._judges[key] = Judge(self.plan, self.schema, columns, ctx)
        return found

    def capacity(self) -> tuple[int, str] | None:
        """The most rows a ``unique`` key allows, and why, when its values are few.

        A key over non-null columns whose values come from a small set (``in_set``, a
        catalogue, the keys of a given reference) cannot repeat, so it bounds the row count.
        """
        tightest: tuple[int, str] | None = None
        for check in self.suite.checks:
            if not isinstance(check, Unique):
                continue
            columns = list(check.columns)
            if any(self.columns[c].nullable for c in columns):
                continue
            total = 1
            for group in self.groups:
                if isinstance(group, RefGroup) and set(group.key) <= set(columns):
                    total *= len(group.index.entries)
                    columns = [c for c in columns if c not in group.key]
            for column in columns:
                domain = self.columns[column].domain
                size = domain.size() if domain is not None else 0
                if size is None:
                    total = -1
                    break
                total *= size
            if total >= 0 and (tightest is None or total < tightest[0]):
                tightest = (total, check.result_ids()[0])
        return tightest

    @property
    def row_count(self) -> tuple[int | None, int | None]:
        """The tightest ``row_count`` bounds of the suite."""
        low: int | None = None
        high: int | None = None
        for check in self.suite.checks:
            if isinstance(check, RowCount):
                if check.min is not None:
                    low = check.min if low is None else max(low, check.min)
                if check.max is not None:
                    high = check.max if high is None else min(high, check.max)
        return low, high


# ----------------------------------------------------------------------------- columns


_TEXT_KINDS = (
    Pattern,
    NormalizedText,
    NameVn,
    LookalikeChars,
    Mojibake,
    ToneStyleConsistent,
    NoDistrictLevel,
    Cccd,
    Mst,
    PhoneVn,
    PlateVn,
    BhxhCode,
    BhytCard,
    InCatalogue,
    CccdConsistent,
    IdPlaceholder,
    NotBlank,
)
_ATTRIBUTES = ("column", "columns", "key", "status", "birth_date", "sex", "province", "district")


def _check_columns(check: Check) -> list[str]:
    """Every column of the data under test a check reads."""
    out: list[str] = []
    if isinstance(check, RowCheck):
        for column in check.columns:
            out.extend((column, *check.extra_inputs(column)))
        return out
    if isinstance(check, Expression):
        named = [check.column] if check.column is not None else []
        return [*named, *check.referenced()]
    if isinstance(check, RowCount):
        return []
    for attribute in _ATTRIBUTES:
        value = getattr(check, attribute, None)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out.extend(value)
    return out


def _frame_columns(suite: Suite, schema: Mapping[str, Any]) -> list[str]:
    found: dict[str, None] = dict.fromkeys(schema)
    found.update(dict.fromkeys(suite.key))
    for check in suite.checks:
        found.update(dict.fromkeys(_check_columns(check)))
    return list(found)


# ----------------------------------------------------------------------------- types


def _value_dtype(value: Any) -> pl.DataType | None:
    if isinstance(value, bool):
        return pl.Boolean()
    if isinstance(value, int):
        return pl.Int64()
    if isinstance(value, float):
        return pl.Float64()
    if isinstance(value, str):
        return pl.String()
    if isinstance(value, datetime):
        return pl.Datetime("us")
    if isinstance(value, date):
        return pl.Date()
    return None


def _values_dtype(values: Sequence[Any]) -> pl.DataType | None:
    kinds = [d for d in (_value_dtype(v) for v in values if v is not None) if d is not None]
    if not kinds:
        return None
    if all(k == pl.Int64 for k in kinds):
        return pl.Int64()
    if all(k.is_numeric() for k in kinds):
        return pl.Float64()
    return kinds[0]


def _bound_hint(bound: Any) -> str | pl.DataType | None:
    """The column type a ``between`` bound implies."""
    if not isinstance(bound, str):
        return None if bound is None else _value_dtype(bound)
    text = bound.strip()
    if text.lower() == "today":
        return pl.Date()
    if text.lower() == "now":
        return _HINT_TEMPORAL
    try:
        if "T" in text or " " in text:
            datetime.fromisoformat(text)
            return pl.Datetime("us")
        date.fromisoformat(text)
    except ValueError:
        return pl.String()
    return pl.Date()


_HINT_TEMPORAL = "temporal"
_HINT_STRING = "string"
_HINT_CODE = "code"  # administrative-unit codes: strings, or integers if typed so
_HINT_YEAR = "birth"  # a birth date: a date, or an integer year if typed so


def _name_hint(column: str) -> pl.DataType | None:
    lowered = column.lower()
    if lowered.endswith(("_at", "_time", "_ts")) or lowered in {"timestamp", "time"}:
        return pl.Datetime("us")
    if lowered.endswith(("_date", "_on", "_day")) or lowered in {"date", "dob"}:
        return pl.Date()
    return None


def _hints(
    suite: Suite, given: Mapping[str, pl.DataFrame] | None
) -> dict[str, list[tuple[Any, str]]]:
    """Type hints per column: (dtype or hint word, the check giving it)."""
    hints: dict[str, list[tuple[Any, str]]] = {}

    def add(column: str, hint: Any, check: Check) -> None:
        if hint is not None:
            label = check.result_ids()[0] if check.result_ids() else check.kind
            hints.setdefault(column, []).append((hint, label))

    for check in suite.checks:
        if isinstance(check, _TEXT_KINDS) and isinstance(check, RowCheck):
            for column in check.columns:
                add(column, _HINT_STRING, check)
        if isinstance(check, AdminUnit | AdminUnitCurrent | UnitInProvince):
            for column in check.columns:
                add(column, _HINT_CODE, check)
        if isinstance(check, UnitInProvince):
            add(check.province, _HINT_CODE, check)
            if check.district is not None:
                add(check.district, _HINT_CODE, check)
        if isinstance(check, AdminUnitCurrent) and check.name_column is not None:
            add(check.name_column, _HINT_STRING, check)
        if isinstance(check, BhytCard) and check.bhxh_column is not None:
            add(check.bhxh_column, _HINT_CODE, check)
        if isinstance(check, CccdConsistent):
            add(check.birth_date, _HINT_YEAR, check)
            if check.sex is not None:
                add(check.sex, _values_dtype([check.male, check.female]), check)
        if isinstance(check, InSet):
            for column in check.columns:
                add(column, _values_dtype(check.values), check)
        if isinstance(check, Between):
            for column in check.columns:
                for bound in (check.min, check.max):
                    add(column, _bound_hint(bound), check)
        if isinstance(check, Fresh | NotFuture):
            for column in check.columns:
                add(column, _HINT_TEMPORAL, check)
        if isinstance(check, Lifecycle):
            add(check.status, _values_dtype(check.active), check)
        if given is not None:
            _reference_hints(check, given, add)
    return hints


def _reference_hints(check: Check, given: Mapping[str, pl.DataFrame], add: Any) -> None:
    pairs: list[tuple[str, str, str]] = []
    if isinstance(check, ExistsIn):
        pairs.append((check.column, check.reference, check.reference_column or check.column))
    elif isinstance(check, AgreesWith):
        for own, theirs in zip(
            (*check.key, *check.columns),
            (*(check.reference_key or check.key), *(check.reference_columns or check.columns)),
            strict=True,
        ):
            pairs.append((own, check.reference, theirs))
    elif isinstance(check, Lifecycle):
        for own, theirs in zip(check.key, check.reference_key or check.key, strict=True):
            pairs.append((own, check.reference, theirs))
    for own, reference, theirs in pairs:
        frame = given.get(reference)
        # an all-null column (type Null) says nothing about the type
        if frame is not None and theirs in frame.schema and frame.schema[theirs] != pl.Null:
            add(own, frame.schema[theirs], check)


def _resolve(column: str, hints: list[tuple[Any, str]]) -> pl.DataType | str | None:
    concrete = [(h, label) for h, label in hints if isinstance(h, pl.DataType)]
    words = {h for h, _ in hints if isinstance(h, str)}
    chosen: pl.DataType | None = None
    for dtype, label in concrete:
        if chosen is None or dtype == chosen:
            chosen = dtype
        elif chosen.is_numeric() and dtype.is_numeric():
            chosen = pl.Float64() if not (chosen.is_integer() and dtype.is_integer()) else chosen
        elif {type(chosen), type(dtype)} == {pl.Date, pl.Datetime}:
            chosen = dtype if isinstance(dtype, pl.Datetime) else chosen
        else:
            others = ", ".join(sorted({lbl for _, lbl in hints}))
            raise GenerationError(
                f"column '{column}': the checks disagree on its type ({chosen} and {dtype}, "
                f"from {others}); pass schema={{'{column}': ...}}",
                f"cột '{column}': các phép kiểm tra không thống nhất kiểu ({chosen} và {dtype}, "
                f"từ {others}); hãy truyền schema={{'{column}': ...}}",
            )
        del label
    if chosen is not None:
        bad = (
            (_HINT_STRING in words and chosen != pl.String)
            or (_HINT_TEMPORAL in words and not chosen.is_temporal())
            or (_HINT_CODE in words and not (chosen == pl.String or chosen.is_integer()))
            or (_HINT_YEAR in words and not (chosen.is_temporal() or chosen.is_integer()))
        )
        if bad:
            others = ", ".join(sorted({lbl for _, lbl in hints}))
            raise GenerationError(
                f"column '{column}': type {chosen} does not suit all of its checks ({others}); "
                f"pass schema={{'{column}': ...}}",
                f"cột '{column}': kiểu {chosen} không hợp với mọi phép kiểm tra ({others}); "
                f"hãy truyền schema={{'{column}': ...}}",
            )
        return chosen
    if _HINT_TEMPORAL in words or _HINT_YEAR in words:
        named = _name_hint(column)
        return named if named is not None else pl.Date()
    if _HINT_STRING in words or _HINT_CODE in words:
        return pl.String()
    return None


def _infer_types(
    suite: Suite,
    names: list[str],
    schema: Mapping[str, Any],
    given: Mapping[str, pl.DataFrame] | None,
) -> dict[str, pl.DataType]:
    hints = _hints(suite, given)
    types: dict[str, pl.DataType] = {}
    for column in names:
        if column in schema:
            dtype = schema[column]
            types[column] = dtype() if isinstance(dtype, type) else dtype
            continue
        resolved = _resolve(column, hints.get(column, []))
        if isinstance(resolved, pl.DataType):
            types[column] = resolved
    # an expression compares columns: an untyped one takes the type of the typed ones
    changed = True
    while changed:
        changed = False
        for check in suite.checks:
            if not isinstance(check, Expression):
                continue
            referenced = [c for c in dict.fromkeys(_check_columns(check)) if c in names]
            typed = {types[c] for c in referenced if c in types}
            if len(typed) != 1:
                continue
            (dtype,) = typed
            for column in referenced:
                if column not in types:
                    named = _name_hint(column) if dtype.is_temporal() else None
                    types[column] = named if named is not None else dtype
                    changed = True
    for column in names:
        if column not in types:
            types[column] = _name_hint(column) or pl.String()
    return types


# ----------------------------------------------------------------------------- bounds


@dataclass
class _Facts:
    """What the checks say about one column's values."""

    finite: list[tuple[Any, ...]] = field(default_factory=list)
    soft: tuple[Any, ...] = ()
    identifier: Domain | None = None
    names: bool = False
    address: bool = False
    words: bool = False
    style: str | None = None
    patterns: list[str] = field(default_factory=list)
    low: Any = None
    high: Any = None
    always_null: bool = False


def _step(dtype: pl.DataType) -> Any:
    if isinstance(dtype, pl.Date):
        return timedelta(days=1)
    if isinstance(dtype, pl.Datetime):
        return timedelta(milliseconds=1) if dtype.time_unit == "ms" else timedelta(microseconds=1)
    if dtype.is_integer():
        return 1
    return None


def _literal(
    dtype: pl.DataType, instant: datetime, timezone: str, *, round_up: bool = False
) -> Any:
    """The value of ``dtype`` a check compares with ``instant`` (as the engine does).

    ``round_up`` for a lower limit: the first value of the column's unit at or after it.
    """
    return pl.select(temporal_literal(dtype, instant, timezone, round_up=round_up)).item()


def _temporal_bound(
    bound: Any, side: str, dtype: pl.DataType, as_of: datetime, timezone: str
) -> Any:
    """The inclusive limit a ``between`` bound puts on a temporal column."""
    kind = "instant"
    if isinstance(bound, str):
        word = bound.strip().lower()
        if word == "now":
            instant = as_of
        elif word == "today":
            kind, instant = "day", day_start(as_of.date(), timezone)
        elif "T" in bound or " " in bound.strip():
            parsed = datetime.fromisoformat(bound)
            instant = parsed if parsed.tzinfo else parsed.replace(tzinfo=as_of.tzinfo)
        else:
            kind, instant = "day", day_start(date.fromisoformat(bound), timezone)
    elif isinstance(bound, datetime):
        instant = bound if bound.tzinfo else bound.replace(tzinfo=as_of.tzinfo)
    elif isinstance(bound, date):
        kind, instant = "day", day_start(bound, timezone)
    else:
        return None
    if side == "min":
        return _literal(dtype, instant, timezone, round_up=True)
    if kind == "day" and isinstance(dtype, pl.Datetime):
        end = next_day_start(instant.astimezone(as_of.tzinfo).date(), timezone)
        if end is None:
            return None
        return _literal(dtype, end, timezone) - _step(dtype)
    return _literal(dtype, instant, timezone)


def _check_bounds(
    check: Check, dtype: pl.DataType, as_of: datetime, timezone: str, margin: timedelta
) -> tuple[Any, Any]:
    """The inclusive range one range check allows on a column of ``dtype``."""
    if isinstance(check, Between):
        if dtype.is_temporal():
            low = _temporal_bound(check.min, "min", dtype, as_of + margin, timezone)
            high = _temporal_bound(check.max, "max", dtype, as_of, timezone)
            return low, high
        if dtype.is_numeric():
            low, high = check.min, check.max
            if dtype.is_integer():
                low = None if low is None else math.ceil(float(low))  # type: ignore[arg-type]
                high = None if high is None else math.floor(float(high))  # type: ignore[arg-type]
            return low, high
        return None, None
    if isinstance(check, Fresh) and dtype.is_temporal():
        shift = min(margin, check.age_limit / 2)
        try:
            instant = (as_of + shift).astimezone(UTC) - check.age_limit
        except OverflowError:
            return None, None
        return _literal(dtype, instant, timezone, round_up=True), None
    if isinstance(check, NotFuture) and dtype.is_temporal():
        return None, _literal(dtype, as_of, timezone)
    return None, None


def _tighten(facts: _Facts, low: Any, high: Any) -> None:
    if low is not None:
        facts.low = low if facts.low is None else max(facts.low, low)
    if high is not None:
        facts.high = high if facts.high is None else min(facts.high, high)


# ----------------------------------------------------------------------------- facts


_Facts_ = dict[str, _Facts]


def _code_values(values: Sequence[str], dtype: pl.DataType) -> tuple[Any, ...]:
    if dtype.is_integer():
        return tuple(dict.fromkeys(int(v) for v in values))
    return tuple(values)


@dataclass(frozen=True)
class _Context:
    """What the per-check fact rules read: column types, the as-of instant, the margin."""

    types: Mapping[str, pl.DataType]
    as_of: datetime
    timezone: str
    margin: timedelta
    bounds: dict[str, tuple[Any, Any]]


def _identifier(
    domain: Callable[[Any, _Context], Domain],
) -> Callable[[Any, _Facts_, _Context], None]:
    """A fact rule giving each column of the check an identifier domain (first one wins)."""

    def rule(check: Any, facts: _Facts_, ctx: _Context) -> None:
        for column in check.columns:
            facts[column].identifier = facts[column].identifier or domain(check, ctx)

    return rule


def _flag(name: str) -> Callable[[Any, _Facts_, _Context], None]:
    """A fact rule setting a flag (``names``, ``address``, ``words``) on each column."""

    def rule(check: Any, facts: _Facts_, ctx: _Context) -> None:
        del ctx
        for column in check.columns:
            setattr(facts[column], name, True)

    return rule


def _in_set(check: InSet, facts: _Facts_, ctx: _Context) -> None:
    del ctx
    for column in check.columns:
        facts[column].finite.append(tuple(check.values))


def _in_catalogue(check: InCatalogue, facts: _Facts_, ctx: _Context) -> None:
    del ctx
    values = tuple(sorted(catalogues.values(check.catalogue, check.field)))
    for column in check.columns:
        facts[column].finite.append(values)


def _admin_unit(check: AdminUnit, facts: _Facts_, ctx: _Context) -> None:
    for column in check.columns:
        found = codes(check.vintage, check.level)
        facts[column].finite.append(_code_values(found, ctx.types[column]))


def _admin_unit_current(check: AdminUnitCurrent, facts: _Facts_, ctx: _Context) -> None:
    for column in check.columns:
        found = codes("2025", check.level)
        facts[column].finite.append(_code_values(found, ctx.types[column]))


def _unit_in_province(check: UnitInProvince, facts: _Facts_, ctx: _Context) -> None:
    levels: list[tuple[str, Level]] = [(c, "commune") for c in check.columns]
    levels.append((check.province, "province"))
    if check.district is not None:
        levels.append((check.district, "district"))
    for column, level in levels:
        found = _code_values(codes(check.vintage, level), ctx.types[column])
        facts[column].soft = facts[column].soft or found


def _ranges(check: Between | Fresh | NotFuture, facts: _Facts_, ctx: _Context) -> None:
    for column in check.columns:
        dtype = ctx.types[column]
        if isinstance(check, Between) and dtype == pl.String:
            ends = tuple(v for v in (check.min, check.max) if isinstance(v, str))
            facts[column].finite.append(ends)
            continue
        low, high = _check_bounds(check, dtype, ctx.as_of, ctx.timezone, ctx.margin)
        ctx.bounds[check.result_id((column,))] = (low, high)
        _tighten(facts[column], low, high)


def _pattern(check: Pattern, facts: _Facts_, ctx: _Context) -> None:
    del ctx
    for column in check.columns:
        facts[column].patterns.append(check.pattern)


def _cccd_consistent(check: CccdConsistent, facts: _Facts_, ctx: _Context) -> None:
    _identifier(lambda _c, x: CccdDomain(1900, x.as_of.year))(check, facts, ctx)
    birth = ctx.types[check.birth_date]
    if birth.is_integer():
        _tighten(facts[check.birth_date], 1900, ctx.as_of.year)
    elif isinstance(birth, pl.Date):
        _tighten(facts[check.birth_date], date(1900, 1, 1), date(ctx.as_of.year, 12, 31))
    if check.sex is not None:
        facts[check.sex].soft = facts[check.sex].soft or (check.male, check.female)


def _bhyt_card(check: BhytCard, facts: _Facts_, ctx: _Context) -> None:
    _identifier(lambda _c, _x: BhytDomain())(check, facts, ctx)
    if check.bhxh_column is not None:
        column = facts[check.bhxh_column]
        column.identifier = column.identifier or BhxhDomain()


def _tone_style(check: ToneStyleConsistent, facts: _Facts_, ctx: _Context) -> None:
    del ctx
    for column in check.columns:
        facts[column].words = True
        facts[column].style = "new" if check.style == "new" else "old"


def _lifecycle(check: Lifecycle, facts: _Facts_, ctx: _Context) -> None:
    del ctx
    if not facts[check.status].soft:
        extra = ("inactive",) if all(isinstance(v, str) for v in check.active) else ()
        facts[check.status].soft = (*check.active, *extra)


#: What each kind of check says about its columns' values (checks not listed say nothing:
#: their values come from the column's type, and the verifier keeps what passes them).
_FACT_RULES: tuple[tuple[type[Check], Callable[[Any, _Facts_, _Context], None]], ...] = (
    (InSet, _in_set),
    (InCatalogue, _in_catalogue),
    (AdminUnit, _admin_unit),
    (AdminUnitCurrent, _admin_unit_current),
    (UnitInProvince, _unit_in_province),
    (Between, _ranges),
    (Fresh, _ranges),
    (NotFuture, _ranges),
    (Pattern, _pattern),
    (Cccd, _identifier(lambda _c, x: CccdDomain(1900, x.as_of.year))),
    (CccdConsistent, _cccd_consistent),
    (Mst, _identifier(lambda _c, _x: MstDomain())),
    (
        PhoneVn,
        _identifier(
            lambda c, _x: PhoneDomain(
                c.mobile_prefixes or MOBILE_PREFIXES, landline=c.allow_landline
            )
        ),
    ),
    (PlateVn, _identifier(lambda c, _x: PlateDomain(c.provinces or PLATE_PROVINCES))),
    (BhxhCode, _identifier(lambda _c, _x: BhxhDomain())),
    (BhytCard, _bhyt_card),
    (NameVn, _flag("names")),
    (NoDistrictLevel, _flag("address")),
    (ToneStyleConsistent, _tone_style),
    (NormalizedText, _flag("words")),
    (LookalikeChars, _flag("words")),
    (Mojibake, _flag("words")),
    (NotBlank, _flag("words")),
    (Lifecycle, _lifecycle),
)


def _gather(suite: Suite, ctx: _Context) -> dict[str, _Facts]:
    facts: dict[str, _Facts] = {c: _Facts() for c in ctx.types}
    for check in suite.checks:
        for kind, rule in _FACT_RULES:
            if isinstance(check, kind):
                rule(check, facts, ctx)
                break
    return facts


# ----------------------------------------------------------------------------- domains


def _default_range(dtype: pl.DataType, facts: _Facts, as_of: datetime, timezone: str) -> Domain:
    low, high = facts.low, facts.high
    if isinstance(dtype, pl.Date):
        local = as_of.astimezone(zone(timezone)).date()
        low = low if low is not None else min(date(1900, 1, 1), high or date(1900, 1, 1))
        high = high if high is not None else max(local + timedelta(days=3650), low)
        return Dates(low, high)
    if isinstance(dtype, pl.Datetime):
        tz = zone(dtype.time_zone) if dtype.time_zone else None
        local = as_of.astimezone(tz or zone(timezone)).replace(tzinfo=None)
        naive_low = (
            None
            if low is None
            else low.replace(tzinfo=None)
            if tz is None
            else (low.astimezone(tz).replace(tzinfo=None))
        )
        naive_high = (
            None
            if high is None
            else high.replace(tzinfo=None)
            if tz is None
            else (high.astimezone(tz).replace(tzinfo=None))
        )
        start = datetime(1900, 1, 1)
        if dtype.time_unit == "ns":
            start = datetime(1678, 1, 1) if naive_low is None else start
        naive_low = naive_low if naive_low is not None else min(start, naive_high or start)
        naive_high = (
            naive_high if naive_high is not None else max(local + timedelta(days=3650), naive_low)
        )
        return Datetimes(naive_low, naive_high, tz, _step(dtype))
    if dtype.is_integer():
        bits = _INTEGER_BITS.get(type(dtype), 64)
        signed = dtype.is_signed_integer()
        smallest = -(2 ** (bits - 1)) if signed else 0
        largest = 2 ** (bits - 1) - 1 if signed else 2**bits - 1
        low = max(-1_000_000, smallest) if low is None else int(low)
        high = min(low + 2_000_000, largest) if high is None else int(high)
        if facts.low is None and facts.high is not None:
            low = max(high - 2_000_000, smallest)
        return Integers(max(low, smallest), min(high, largest))
    if dtype.is_float():
        low = -1e6 if low is None else float(low)
        high = low + 2e6 if high is None else float(high)
        if facts.low is None and facts.high is not None:
            low = high - 2e6
        return Floats(low, high)
    if isinstance(dtype, pl.Boolean):
        return Booleans()
    return PlainText()


_INTEGER_BITS: dict[type[pl.DataType], int] = {
    pl.Int8: 8,
    pl.Int16: 16,
    pl.Int32: 32,
    pl.Int64: 64,
    pl.UInt8: 8,
    pl.UInt16: 16,
    pl.UInt32: 32,
    pl.UInt64: 64,
}


def _empty_range(facts: _Facts) -> bool:
    return facts.low is not None and facts.high is not None and facts.low > facts.high


def _choose_domain(
    column: str,
    dtype: pl.DataType,
    facts: _Facts,
    *,
    judge: Judge,
    as_of: datetime,
    timezone: str,
) -> Domain | None:
    if facts.always_null or _empty_range(facts):
        return None
    if isinstance(dtype, pl.Enum):
        facts.finite.append(tuple(dtype.categories.to_list()))
    if facts.finite or facts.soft:
        sets = facts.finite or [facts.soft]
        values = list(sets[0])
        for other in sets[1:]:
            kept = {_key(v) for v in other}
            values = [v for v in values if _key(v) in kept]
        values = [v for v in values if v is not None and _within(v, facts)]
        values = _typed_values(values, dtype)
        if values:
            flags = judge.passing({column: values})
            values = [v for v, ok in zip(values, flags, strict=True) if ok]
        return Choice(tuple(values)) if values else None
    if facts.identifier is not None:
        return facts.identifier
    if facts.names:
        return NamesDomain(style=facts.style)  # type: ignore[arg-type]
    if facts.address:
        return AddressDomain()
    if facts.patterns:
        try:
            parse_regex(facts.patterns[0])
        except UnsupportedPatternError as error:
            raise GenerationError(
                f"column '{column}': cannot generate values for pattern "
                f"{facts.patterns[0]!r}: {error}; give the column an in_set or a schema",
                f"cột '{column}': không sinh được giá trị cho mẫu {facts.patterns[0]!r}: {error}",
            ) from None
        return RegexDomain(facts.patterns[0])
    if dtype == pl.String and facts.words:
        return WordsDomain(style=facts.style or "old")  # type: ignore[arg-type]
    if isinstance(dtype, pl.String | pl.Categorical):
        return PlainText()
    return _default_range(dtype, facts, as_of, timezone)


def _key(value: Any) -> Any:
    return (type(value).__name__ if not isinstance(value, int | float) else "n", str(value))


def _within(value: Any, facts: _Facts) -> bool:
    try:
        if facts.low is not None and value < facts.low:
            return False
        return not (facts.high is not None and value > facts.high)
    except TypeError:
        return True


def _typed_values(values: list[Any], dtype: pl.DataType) -> list[Any]:
    """Values that a column of ``dtype`` can hold (strings for string columns …)."""
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum | pl.Categorical):
        return [v for v in values if isinstance(v, str)]
    if dtype.is_integer():
        return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if dtype.is_float():
        return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if isinstance(dtype, pl.Boolean):
        return [v for v in values if isinstance(v, bool)]
    if isinstance(dtype, pl.Datetime):
        return [v for v in values if isinstance(v, datetime)]
    if isinstance(dtype, pl.Date):
        return [v for v in values if isinstance(v, date) and not isinstance(v, datetime)]
    return values


# ----------------------------------------------------------------------------- relations


def _ref_specs(suite: Suite) -> list[RefSpec]:
    merged: dict[tuple[str, tuple[str, ...], tuple[str, ...]], dict[str, Any]] = {}

    def entry(reference: str, own: tuple[str, ...], theirs: tuple[str, ...]) -> dict[str, Any]:
        return merged.setdefault((reference, own, theirs), {"agreed": {}, "lifecycles": []})

    for check in suite.checks:
        if isinstance(check, ExistsIn):
            entry(check.reference, (check.column,), (check.reference_column or check.column,))
        elif isinstance(check, AgreesWith):
            spec = entry(check.reference, tuple(check.key), tuple(check.reference_key or check.key))
            for own, theirs in zip(
                check.columns, check.reference_columns or check.columns, strict=True
            ):
                spec["agreed"].setdefault(own, theirs)
        elif isinstance(check, Lifecycle):
            spec = entry(check.reference, tuple(check.key), tuple(check.reference_key or check.key))
            spec["lifecycles"].append(
                LifecycleSpec(
                    check.status,
                    check.reference_status or check.status,
                    tuple(check.active),
                    tuple(check.ended),
                )
            )
    return [
        RefSpec(
            reference=reference,
            own_key=own,
            ref_key=theirs,
            agreed=tuple(spec["agreed"].items()),
            lifecycles=tuple(spec["lifecycles"]),
        )
        for (reference, own, theirs), spec in merged.items()
    ]


def _generated_ref_schemas(
    specs: list[RefSpec], types: Mapping[str, pl.DataType]
) -> dict[str, pl.Schema]:
    schemas: dict[str, dict[str, pl.DataType]] = {}
    for spec in specs:
        columns = schemas.setdefault(spec.reference, {})
        for own, theirs in zip(spec.own_key, spec.ref_key, strict=True):
            columns.setdefault(theirs, types[own])
        for own, theirs in spec.agreed:
            columns.setdefault(theirs, types[own])
        for life in spec.lifecycles:
            columns.setdefault(life.ref_status, _values_dtype(life.ended) or pl.String())
    return {name: pl.Schema(columns) for name, columns in schemas.items()}


def _ref_index(spec: RefSpec, frame: pl.DataFrame, judge: Judge) -> RefIndex:
    """The reference's usable keys for one relation (unambiguous, passing own checks)."""
    aggs: list[pl.Expr] = []
    for position, (_, theirs) in enumerate(spec.agreed):
        values = pl.col(theirs).drop_nulls()
        aggs += [values.n_unique().alias(f"__n{position}"), values.first().alias(f"__v{position}")]
    for position, life in enumerate(spec.lifecycles):
        ended = [str(v) for v in life.ended]
        aggs.append(
            pl.col(life.ref_status).cast(pl.String).is_in(ended).any().alias(f"__e{position}")
        )
    keys = list(spec.ref_key)
    table = frame.lazy().drop_nulls(keys).group_by(keys, maintain_order=True)
    grouped = (table.agg(aggs) if aggs else table.agg(pl.len().alias("__len"))).collect()
    for position in range(len(spec.agreed)):
        grouped = grouped.filter(pl.col(f"__n{position}") <= 1)
    grouped = grouped.head(200_000)
    own_columns = [*spec.own_key, *(own for own, _ in spec.agreed)]
    candidates: dict[str, list[Any]] = {}
    for own, theirs in zip(spec.own_key, spec.ref_key, strict=True):
        candidates[own] = grouped[theirs].to_list()
    for position, (own, _) in enumerate(spec.agreed):
        candidates.setdefault(own, grouped[f"__v{position}"].to_list())
    flags = judge.passing({c: candidates[c] for c in own_columns}) if grouped.height else []
    entries: list[tuple[tuple[Any, ...], Mapping[str, Any], tuple[bool, ...]]] = []
    for row in range(grouped.height):
        if not flags[row]:
            continue
        key = tuple(candidates[c][row] for c in spec.own_key)
        agreed = {own: candidates[own][row] for own, _ in spec.agreed}
        over = tuple(bool(grouped[f"__e{p}"][row]) for p in range(len(spec.lifecycles)))
        entries.append((key, agreed, over))
    by_key = {entry[0]: position for position, entry in enumerate(entries)}
    all_keys = frozenset(tuple(r) for r in frame.select(keys).drop_nulls().unique().rows())
    return RefIndex(
        entries=tuple(entries),
        by_key=by_key,
        ended=tuple(i for i, e in enumerate(entries) if any(e[2])),
        keys=all_keys,
    )


# ----------------------------------------------------------------------------- groups


def _groups(model: _Partial, ref_groups: list[RefGroup]) -> list[Group]:
    groups: list[Group] = list(ref_groups)
    for check in model.suite.checks:
        if isinstance(check, CccdConsistent):
            groups.extend(
                CccdGroup(column, check.birth_date, check.sex, check.male, check.female)
                for column in check.columns
            )
        elif isinstance(check, UnitInProvince):
            groups.extend(_unit_group(check, column, model) for column in check.columns)
        elif isinstance(check, BhytCard) and check.bhxh_column is not None:
            bhxh = check.bhxh_column
            groups.extend(BhytGroup(column, bhxh) for column in check.columns)
    covered = {c for g in groups for c in g.columns}
    groups.extend(SingleGroup(c) for c in model.columns if c not in covered)
    # every column also gets a single group, filling whatever the joint groups left unset
    groups.extend(SingleGroup(c) for c in model.columns if c in covered)
    return groups


def _unit_group(check: UnitInProvince, column: str, model: _Partial) -> UnitGroup:
    schema, columns = model.schema, model.columns
    frame = units().filter(vintage=check.vintage, level="commune")
    commune = frame["code"].to_list()
    province = frame["province"].to_list()
    district = frame["parent"].to_list() if check.district is not None else None
    names = [column, check.province] + ([check.district] if check.district is not None else [])

    def typed(name: str, codes_: list[str]) -> list[Any]:
        return [int(c) for c in codes_] if schema[name].is_integer() else codes_

    values: dict[str, list[Any]] = {
        column: typed(column, commune),
        check.province: typed(check.province, province),
    }
    if check.district is not None and district is not None:
        values[check.district] = typed(check.district, district)
    ok = [True] * len(commune)
    for name in names:
        domain = columns[name].domain
        allowed = None
        if isinstance(domain, Choice):
            allowed = {_key(v) for v in domain.values}
        flags = model.judge([name]).passing({name: values[name]})
        ok = [
            a and f and (allowed is None or _key(v) in allowed)
            for a, f, v in zip(ok, flags, values[name], strict=True)
        ]
    tuples = tuple(tuple(values[n][i] for n in names) for i in range(len(commune)) if ok[i])
    return UnitGroup(
        commune=column,
        province=check.province,
        district=check.district,
        units=tuples,
        by_commune={t[0]: t for t in tuples},
        by_province=split_by(tuples, 1),
    )


def _components(columns: Sequence[str], groups: Sequence[Group]) -> dict[str, tuple[str, ...]]:
    parent = {c: c for c in columns}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for group in groups:
        inside = [c for c in group.columns if c in parent]
        for other in inside[1:]:
            parent[find(other)] = find(inside[0])
    members: dict[str, list[str]] = {}
    for column in columns:
        members.setdefault(find(column), []).append(column)
    return {c: tuple(members[find(c)]) for c in columns}


_COMPARISON = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$"
)


# ----------------------------------------------------------------------------- build


def build_model(
    suite: Suite,
    *,
    schema: Mapping[str, Any] | None,
    as_of: str | date | datetime | None,
    references: Mapping[str, Any] | None,
    generate_references: bool,
    null_probability: float,
) -> Model:
    """Build the :class:`Model` of ``suite`` (see the module docstring).

    Raises
    ------
    GenerationError
        When the checks contradict each other, a type cannot be inferred consistently, a
        needed reference is missing, or a check cannot run on the inferred schema.
    """
    instant = parse_as_of(as_of, suite.timezone)
    margin = timedelta(days=1) if as_of is None else timedelta(0)
    schema = dict(schema or {})
    given = None if generate_references else _given_references(suite, references)
    specs = _ref_specs(suite)
    if given is not None:
        missing = sorted({s.reference for s in specs} - set(given))
        if missing:
            raise GenerationError(
                f"suite '{suite.name}' checks data against reference(s) {', '.join(missing)}: "
                "pass references={name: DataFrame} to draw values from them, or use "
                "datacheck.testing.datasets(...), which generates consistent references",
                f"bộ '{suite.name}' đối chiếu với dữ liệu tham chiếu {', '.join(missing)}: hãy "
                "truyền references={tên: DataFrame}, hoặc dùng datacheck.testing.datasets(...)",
            )
    names = _frame_columns(suite, schema)
    types = _infer_types(suite, names, schema, given)
    for column, dtype in types.items():
        if not _supported(dtype):
            raise GenerationError(
                f"column '{column}' has type {dtype}, which datacheck.testing cannot generate",
                f"cột '{column}' có kiểu {dtype}, datacheck.testing không sinh được",
            )
    nonnull = {
        c for check in suite.checks if isinstance(check, NotNull | NotBlank) for c in check.columns
    }
    distinct = {
        check.columns[0]
        for check in suite.checks
        if isinstance(check, Unique) and len(check.columns) == 1
    }
    frame_schema = pl.Schema(types)
    if given is not None:
        ref_schemas = {n: f.schema for n, f in given.items()}
    else:
        ref_schemas = _generated_ref_schemas(specs, types)
    verifier = Verifier(suite, instant)
    plan = verifier.plan(frame_schema, ref_schemas)
    ctx = verifier.context(frame_schema, ref_schemas)
    problems = [r for r in plan.results if r.error is not None]
    if problems:
        listed = "; ".join(f"{r.id}: {r.error.en}" for r in problems if r.error is not None)
        raise GenerationError(
            f"suite '{suite.name}' cannot run on the generated schema: {listed}",
            f"bộ '{suite.name}' không chạy được trên lược đồ sinh ra: {listed}",
        )
    bounds: dict[str, tuple[Any, Any]] = {}
    facts = _gather(suite, _Context(types, instant, suite.timezone, margin, bounds))
    partial = _Partial(suite, frame_schema, plan, ctx, {})
    for column in names:
        partial.columns[column] = _column_spec(column, types[column], facts[column], partial)
    partial.columns = {
        c: dataclasses.replace(spec, nullable=c not in nonnull, distinct=c in distinct)
        for c, spec in partial.columns.items()
    }
    for column, spec in partial.columns.items():
        if spec.domain is None and not spec.nullable:
            raise GenerationError(
                f"column '{column}' must not be null, but no value passes all of its checks",
                f"cột '{column}' không được rỗng nhưng không giá trị nào qua được mọi phép "
                "kiểm tra của nó",
            )
    ref_indexes: dict[RefSpec, RefIndex] = {}
    if given is not None:
        for relation in specs:
            own = [*relation.own_key, *(o for o, _ in relation.agreed)]
            frame = given[relation.reference]
            ref_indexes[relation] = _ref_index(relation, frame, partial.judge(own))
    for relation, index in ref_indexes.items():
        required = [c for c in relation.own_key if not partial.columns[c].nullable]
        if required and not index.entries:
            read = ", ".join([*relation.own_key, *(o for o, _ in relation.agreed)])
            raise GenerationError(
                f"reference '{relation.reference}' holds no key usable for "
                f"{', '.join(relation.own_key)}: no row of it passes the suite's checks on "
                f"{read}",
                f"tham chiếu '{relation.reference}' không có khoá nào dùng được cho "
                f"{', '.join(relation.own_key)}",
            )
    ref_groups = [
        RefGroup(
            key=spec.own_key,
            agreed=tuple(o for o, _ in spec.agreed),
            lifecycles=tuple((life.status, life.active) for life in spec.lifecycles),
            index=index,
        )
        for spec, index in ref_indexes.items()
    ]
    groups = _groups(partial, ref_groups)
    return Model(
        suite=suite,
        as_of=instant,
        columns=partial.columns,
        groups=groups,
        components=_components(names, groups),
        ref_specs=specs,
        given=given,
        ref_schemas=ref_schemas,
        verifier=verifier,
        plan=plan,
        null_probability=null_probability,
        comparisons=_comparisons(suite, types),
        check_bounds=bounds,
        ref_indexes=ref_indexes,
    )


@dataclass
class _Partial:
    """The model while it is built: what groups and domains need to consult."""

    suite: Suite
    schema: pl.Schema
    plan: Plan
    ctx: CompileContext
    columns: dict[str, ColumnSpec]

    def judge(self, columns: Sequence[str]) -> Judge:
        """A judge of candidate values of ``columns``."""
        return Judge(self.plan, self.schema, columns, self.ctx)


def _column_spec(column: str, dtype: pl.DataType, facts: _Facts, model: _Partial) -> ColumnSpec:
    domain = _choose_domain(
        column,
        dtype,
        facts,
        judge=model.judge([column]),
        as_of=model.ctx.as_of,
        timezone=model.suite.timezone,
    )
    return ColumnSpec(
        name=column,
        dtype=dtype,
        nullable=True,
        domain=domain,
        low=facts.low,
        high=facts.high,
        step=_step(dtype),
    )


def _comparisons(suite: Suite, types: Mapping[str, pl.DataType]) -> dict[str, tuple[str, str, str]]:
    """Expressions comparing two columns (``a >= b``): repaired by swapping the values."""
    out: dict[str, tuple[str, str, str]] = {}
    for check in suite.checks:
        if isinstance(check, Expression):
            match = _COMPARISON.match(check.expr)
            if match and match.group(1) in types and match.group(3) in types:
                out[check.result_ids()[0]] = (match.group(1), match.group(2), match.group(3))
    return out


def _supported(dtype: pl.DataType) -> bool:
    kinds = pl.String | pl.Boolean | pl.Date | pl.Datetime | pl.Categorical | pl.Enum
    return (dtype.is_numeric() or isinstance(dtype, kinds)) and not isinstance(dtype, pl.Decimal)


def _given_references(
    suite: Suite, references: Mapping[str, Any] | None
) -> dict[str, pl.DataFrame]:
    """The reference frames to draw from: those passed, else the suite's in-memory ones."""
    out: dict[str, pl.DataFrame] = {}
    sources: dict[str, Any] = {
        name: value
        for name, value in suite.references.items()
        if isinstance(value, pl.DataFrame | pl.LazyFrame)
    }
    sources.update(references or {})
    for name, value in sources.items():
        if isinstance(value, pl.DataFrame):
            out[name] = value
        elif isinstance(value, pl.LazyFrame):
            out[name] = value.collect()
        else:
            from datacheck.sources import to_lazyframe  # noqa: PLC0415

            out[name] = to_lazyframe(value).collect()
    return out
