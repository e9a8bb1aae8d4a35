"""Checks of the *correct* (Đúng) dimension: format, domain and range of values.

Value checks never evaluate nulls: missing values are counted by ``not_null``/``not_blank``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Final

import polars as pl

from datacheck._fast import digit_pattern, equals_any, matches_digit_pattern
from datacheck._time import compare_with_instant, day_start, next_day_start
from datacheck.checks._sql import sql_row_expr
from datacheck.checks.base import (
    ANY,
    ORDERED,
    STRING,
    Check,
    ColumnKind,
    CompileContext,
    Measure,
    RowCheck,
    RowRule,
    register,
    row_measure,
)
from datacheck.engine.stages import ROW_STAGE
from datacheck.errors import CheckDefinitionError

__all__ = ["Between", "Expression", "InSet", "Pattern"]

Bound = int | float | str | date | datetime


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "booleans"
    if isinstance(value, int | float):
        return "numbers"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def as_text(column: str) -> pl.Expr:
    """The column as strings (categoricals and enums included)."""
    return pl.col(column).cast(pl.String)


@register("pattern")
@dataclass(frozen=True, kw_only=True)
class Pattern(RowCheck):
    r"""Non-null values match a regular expression (Rust syntax, searched).

    Anchor with ``^...$`` to match the whole value.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"phone": ["0912345678", "12345", None]})
    >>> check = Pattern(columns=["phone"], pattern=r"^0\d{9}$")
    >>> r = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01")
    >>> (r.check("pattern:phone").evaluated, r.check("pattern:phone").failed)
    (2, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "giá trị khớp biểu thức chính quy",
        "values match a regular expression",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    pattern: str

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            pl.select(pl.lit("", dtype=pl.String).str.contains(self.pattern)).item()
        except pl.exceptions.ComputeError as error:
            first = str(error).strip().splitlines()
            detail = " ".join(line.strip() for line in first[:4] if line.strip())
            raise CheckDefinitionError(
                f"check 'pattern': invalid regular expression {self.pattern!r}: {detail}",
                "phép kiểm tra 'pattern': biểu thức chính quy không hợp lệ "
                f"{self.pattern!r}: {detail}",
                key="pattern",
            ) from None

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail non-null values the pattern does not find.

        A pattern of the shape ``^P[0-9]{n}$`` (``P`` a literal of ASCII digits) is
        evaluated without the regex engine, by an exactly equivalent test (see
        :mod:`datacheck._fast`).
        """
        del ctx
        value = as_text(column)
        return RowRule(applies=value.is_not_null(), fails=~self.matches(value))

    def matches(self, value: pl.Expr) -> pl.Expr:
        """Whether each non-null string of ``value`` matches the pattern.

        Examples
        --------
        >>> import polars as pl
        >>> s = pl.Series(["0912345678", "０912345678", "+912345678", "091234567"])
        >>> check = Pattern(columns=["x"], pattern=r"^0[0-9]{9}$")
        >>> pl.select(check.matches(pl.lit(s))).to_series().to_list()
        [True, False, False, False]
        """
        digits = digit_pattern(self.pattern)
        if digits is not None:
            return matches_digit_pattern(value, *digits)
        return value.str.contains(self.pattern)


@register("in_set")
@dataclass(frozen=True, kw_only=True)
class InSet(RowCheck):
    """Non-null values belong to a set.

    Membership is equality: text is compared as written (case and Unicode form count), and
    numbers exactly, integers and floats alike (``2.0`` is in ``[1, 2]``, ``2.5`` in no set
    of integers).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"gender": ["Nam", "Nữ", "nam", None]})
    >>> check = InSet(columns=["gender"], values=["Nam", "Nữ"])
    >>> dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "in_set:gender").failed
    1
    """

    summary: ClassVar[tuple[str, str]] = (
        "giá trị thuộc danh sách cho phép",
        "values belong to an allowed set",
    )
    column_kind: ClassVar[ColumnKind] = ANY

    values: Sequence[Any]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.values:
            raise CheckDefinitionError(
                "check 'in_set': 'values' must list at least one value",
                "phép kiểm tra 'in_set': 'values' phải có ít nhất một giá trị",
                key="values",
            )
        kinds = {_value_kind(v) for v in self.values if v is not None}
        if len(kinds) > 1:
            raise CheckDefinitionError(
                f"check 'in_set': 'values' mixes {' and '.join(sorted(kinds))}; in YAML, quote "
                "codes such as '01' so they stay text",
                f"phép kiểm tra 'in_set': 'values' trộn lẫn {' và '.join(sorted(kinds))}; "
                "trong YAML hãy "
                "đặt mã như '01' trong dấu nháy để giữ dạng chuỗi",
                key="values",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail non-null values outside the set."""
        dtype = ctx.schema.get(column)
        value = pl.col(column)
        if isinstance(dtype, pl.Categorical | pl.Enum):
            value = value.cast(pl.String)
        found = None
        if dtype is not None and (
            dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
        ):
            found = equals_any(value, self.values)  # a few strings: ``==`` beats hashing
        members = numeric_members(self.values, dtype)
        if found is None and members is not None:
            found = value.is_in(members) if len(members) else pl.lit(value=False)
        if found is None:
            found = value.is_in(self.values)
        return RowRule(applies=pl.col(column).is_not_null(), fails=~found)


_INT_RANGE: Final = (-(2**63), 2**64 - 1)
"""Every integer column's values lie in this range (Int64's least to UInt64's greatest)."""


def numeric_members(values: Sequence[Any], dtype: pl.DataType | None) -> pl.Series | None:
    """The numbers of ``values`` that a value of an integer or float column can equal.

    Polars' ``is_in`` refuses floats against an integer column and integers against a float
    one. Equality is exact either way: an integer column equals ``2.0`` but never ``2.5``,
    and a float column equals the integer ``3`` (as ``3.0``) but never an integer no float
    can hold; those values are left out. ``None`` for other columns (Decimal included) and
    for values that are not all numbers, which are used as given.

    Examples
    --------
    >>> import polars as pl
    >>> numeric_members([1, 2.0, 2.5], pl.Int32()).to_list()
    [1, 2]
    >>> numeric_members([1, 2.5, 2**53 + 1], pl.Float64()).to_list()
    [1.0, 2.5]
    >>> numeric_members(["a"], pl.String()) is None
    True
    """
    if dtype is None or not (dtype.is_integer() or dtype.is_float()):
        return None
    numbers = [v for v in values if v is not None]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
        return None  # text or dates against numbers: the comparison's own error says so
    if dtype.is_integer():
        whole = [int(v) for v in numbers if isinstance(v, int) or v.is_integer()]
        low, high = _INT_RANGE
        return pl.Series([v for v in whole if low <= v <= high])
    held: list[float] = []
    for v in numbers:
        try:
            if isinstance(v, float) or float(v) == v:
                held.append(float(v))
        except OverflowError:  # beyond every float
            continue
    return pl.Series(held, dtype=pl.Float64)


def _resolve_bound(
    bound: Bound, dtype: pl.DataType, ctx: CompileContext, side: str, column: str
) -> pl.Expr | tuple[str, datetime]:
    """Turn a bound into a literal comparable with the column, or a temporal marker."""
    temporal = isinstance(dtype, pl.Date | pl.Datetime)
    if isinstance(bound, str) and temporal:
        word = bound.strip().lower()
        if word == "now":
            return ("instant", ctx.as_of)
        if word == "today":
            return ("day", day_start(ctx.as_of.date(), ctx.timezone))
        try:
            bound = (
                datetime.fromisoformat(bound)
                if "T" in bound or " " in bound
                else (date.fromisoformat(bound))
            )
        except ValueError:
            raise CheckDefinitionError(
                f"check 'between' on column '{column}': '{side}' expected a date, 'today' or "
                f"'now', found {bound!r}",
                f"phép kiểm tra 'between' trên cột '{column}': '{side}' cần một ngày, 'today' hoặc "
                f"'now', nhận được {bound!r}",
            ) from None
    if temporal:
        if isinstance(bound, datetime):
            aware = bound if bound.tzinfo else bound.replace(tzinfo=ctx.as_of.tzinfo)
            return ("instant", aware)
        if isinstance(bound, date):
            return ("day", day_start(bound, ctx.timezone))
        raise CheckDefinitionError(
            f"check 'between' on date column '{column}': '{side}' expected a date, found {bound!r}",
            f"phép kiểm tra 'between' trên cột ngày '{column}': '{side}' cần một ngày, nhận "
            f"được {bound!r}",
        )
    dated = isinstance(bound, date) or (
        isinstance(bound, str) and bound.strip().lower() in ("today", "now")
    )
    if dated and not dtype.is_numeric():
        # a date (or today/now) against text would compare strings: silently wrong counts
        raise CheckDefinitionError(
            f"check 'between' on column '{column}' of type {dtype}: '{side}' is a date "
            f"({bound!s}) but the column is not a date or datetime column",
            f"phép kiểm tra 'between' trên cột '{column}' kiểu {dtype}: '{side}' là một ngày "
            f"({bound!s}) nhưng cột không phải cột ngày hoặc ngày-giờ",
        )
    if dtype.is_numeric() and not (isinstance(bound, int | float) and not isinstance(bound, bool)):
        raise CheckDefinitionError(
            f"check 'between' on numeric column '{column}': '{side}' expected a number, "
            f"found {bound!r}",
            f"phép kiểm tra 'between' trên cột số '{column}': '{side}' cần một số, nhận "
            f"được {bound!r}",
        )
    return pl.lit(exact_bound(bound, dtype, side))


def exact_bound(bound: Any, dtype: pl.DataType, side: str) -> Any:
    """A numeric bound the column's values compare with exactly, as ``side`` uses it.

    Polars compares an integer column with a float (and a float column with an integer)
    as floats, which cannot hold every 64-bit integer: ``2**53 + 1`` would equal
    ``2.0**53``. On whole numbers of one type, ``value < bound`` is ``value < the least
    value at or above bound`` and ``value > bound`` is ``value > the greatest at or below``,
    so ``min`` is rounded up and ``max`` down to the column's type. Other bounds, and
    infinities and NaN, are returned as given.

    Examples
    --------
    >>> import polars as pl
    >>> exact_bound(2.5, pl.Int64(), "min"), exact_bound(2.5, pl.Int64(), "max")
    (3, 2)
    >>> exact_bound(2**53 + 1, pl.Float64(), "min") == 2.0**53 + 2
    True
    """
    if isinstance(bound, bool) or not isinstance(bound, int | float):
        return bound
    if dtype.is_integer() and isinstance(bound, float) and math.isfinite(bound):
        return math.ceil(bound) if side == "min" else math.floor(bound)
    if dtype.is_float() and isinstance(bound, int):
        try:
            near = float(bound)
        except OverflowError:  # beyond every float
            return math.inf if bound > 0 else -math.inf
        if near == bound:
            return near
        up = near if near > bound else math.nextafter(near, math.inf)
        down = near if near < bound else math.nextafter(near, -math.inf)
        return up if side == "min" else down
    return bound


def _outside(
    value: pl.Expr,
    dtype: pl.DataType,
    bound: pl.Expr | tuple[str, datetime],
    side: str,
    ctx: CompileContext,
) -> pl.Expr:
    if isinstance(bound, pl.Expr):
        return value < bound if side == "min" else value > bound
    kind, instant = bound
    if side == "min":
        return compare_with_instant(value, dtype, instant, ctx.timezone, "lt")
    if kind == "day" and isinstance(dtype, pl.Datetime):
        # a date as the maximum of a date-time column includes that whole day
        end = next_day_start(instant.astimezone(ctx.as_of.tzinfo).date(), ctx.timezone)
        return compare_with_instant(value, dtype, end, ctx.timezone, "ge")
    return compare_with_instant(value, dtype, instant, ctx.timezone, "gt")


def _comparable(low: Any, high: Any) -> bool:
    """Whether two bounds compare as they are: numbers, dates or date-times alike.

    Texts (which may be dates, compared once the column's type is known, or words such as
    ``today``), dates against date-times and naive against aware date-times are left to the
    run.
    """
    if low is None or high is None or isinstance(low, bool) or isinstance(high, bool):
        return False
    if isinstance(low, int | float) and isinstance(high, int | float):
        return True
    if isinstance(low, datetime) and isinstance(high, datetime):
        return (low.tzinfo is None) == (high.tzinfo is None)
    if isinstance(low, datetime) or isinstance(high, datetime):
        return False
    return isinstance(low, date) and isinstance(high, date)


@register("between")
@dataclass(frozen=True, kw_only=True)
class Between(RowCheck):
    """Non-null values lie in ``[min, max]`` (inclusive; either side optional).

    On date and date-time columns the bounds may be dates, date-times, ``today`` (the
    as-of date) or ``now`` (the as-of instant). A date as ``max`` of a date-time column
    includes that whole day. Comparisons are exact: a float bound on an integer column, a
    large integer bound on a float column and a sub-millisecond instant on a millisecond
    column are never rounded into a wrong answer. The column is numeric, text, a date or a
    date-time (not a duration or a time of day); ``min`` above ``max`` is refused.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from datetime import date
    >>> df = pl.DataFrame({"d": [date(1890, 1, 1), date(2000, 1, 1), date(2030, 1, 1)]})
    >>> check = Between(columns=["d"], min=date(1900, 1, 1), max="today")
    >>> dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-06-30").check(
    ...     "between:d").failed
    2
    """

    summary: ClassVar[tuple[str, str]] = (
        "giá trị nằm trong khoảng [min, max]",
        "values lie within [min, max]",
    )
    column_kind: ClassVar[ColumnKind] = ORDERED

    min: Bound | None = None
    max: Bound | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min is None and self.max is None:
            raise CheckDefinitionError(
                "check 'between': give 'min', 'max' or both",
                "phép kiểm tra 'between': cần 'min', 'max' hoặc cả hai",
            )
        if _comparable(self.min, self.max) and self.min > self.max:  # type: ignore[operator]
            raise CheckDefinitionError(
                f"check 'between': 'min' ({self.min}) is above 'max' ({self.max}); expected "
                "min <= max (no value could pass)",
                f"phép kiểm tra 'between': 'min' ({self.min}) lớn hơn 'max' ({self.max}); cần "
                "min <= max (không giá trị nào có thể đạt)",
                key="min",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail non-null values below ``min`` or above ``max``."""
        dtype = ctx.schema.get(column)
        value = pl.col(column)
        if dtype is None:
            return RowRule(applies=value.is_not_null(), fails=pl.lit(value=False))
        if isinstance(dtype, pl.Enum | pl.Categorical):
            # compare the values themselves, not the order of the categories
            value, dtype = value.cast(pl.String), pl.String()
        fails = pl.lit(value=False)
        for side, bound in (("min", self.min), ("max", self.max)):
            if bound is None:
                continue
            resolved = _resolve_bound(bound, dtype, ctx, side, column)
            fails = fails | _outside(value, dtype, resolved, side, ctx)
        return RowRule(applies=value.is_not_null(), fails=fails)


@register("expression")
@dataclass(frozen=True, kw_only=True)
class Expression(Check):
    """A SQL boolean expression holds (parsed by ``polars.sql_expr``; never ``eval``).

    Rows are evaluated where every column the expression references is non-null; a row
    fails where the expression is false (or null).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"a": [1, 5, None], "b": [2, 3, 1]})
    >>> check = Expression(name="a_le_b", expr="a <= b", column="a")
    >>> dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "a_le_b").failed
    1
    """

    supports_where: ClassVar[bool] = True
    summary: ClassVar[tuple[str, str]] = (
        "biểu thức SQL đúng với bản ghi (ví dụ death_date >= birth_date)",
        "a SQL expression holds for each record (e.g. death_date >= birth_date)",
    )

    expr: str
    column: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.parsed()

    def parsed(self) -> pl.Expr:
        """The expression as a Polars expression (no subquery, no file access)."""
        return sql_row_expr(self.expr, self.kind, "expr")

    def referenced(self) -> tuple[str, ...]:
        """The columns the expression reads."""
        return tuple(dict.fromkeys(self.parsed().meta.root_names()))

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result, about ``column`` if given, else the referenced columns."""
        return [(self.column,) if self.column is not None else self.referenced()]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One row-stage measure."""
        del ctx
        referenced = self.referenced()
        applies = (
            pl.all_horizontal([pl.col(c).is_not_null() for c in referenced]) if referenced else None
        )
        fails = ~self.parsed().fill_null(value=False)
        rule = RowRule(applies=applies, fails=fails)
        named = [self.column] if self.column is not None else []
        inputs = tuple(dict.fromkeys([*named, *referenced]))
        (columns,) = self.result_columns()
        return [row_measure(self, columns, rule, ROW_STAGE, ANY, inputs)]
