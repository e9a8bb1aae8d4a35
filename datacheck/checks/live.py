"""Checks of the *live* (Sống) dimension: data up to date and reflecting current state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import ClassVar

import polars as pl

from datacheck._coerce import format_duration
from datacheck._time import compare_with_instant
from datacheck.checks.base import TEMPORAL, ColumnKind, CompileContext, RowCheck, RowRule, register
from datacheck.dimensions import Dimension
from datacheck.errors import CheckDefinitionError

__all__ = ["Fresh", "NotFuture"]


@register("fresh")
@dataclass(frozen=True, kw_only=True)
class Fresh(RowCheck):
    """Non-null dates are no older than ``max_age`` before the run's as-of instant.

    A value fails when it is earlier than ``as_of − max_age`` (for date columns: earlier
    than that instant's date in the suite's timezone).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from datetime import date
    >>> df = pl.DataFrame({"updated": [date(2026, 6, 1), date(2024, 1, 1), None]})
    >>> check = Fresh(columns=["updated"], max_age="365d")
    >>> dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-06-30").check(
    ...     "fresh:updated").failed
    1
    """

    default_dimension: ClassVar[Dimension] = Dimension.LIVE
    summary: ClassVar[tuple[str, str]] = (
        "dữ liệu được cập nhật trong khoảng thời gian cho phép (max_age)",
        "values are no older than max_age before the as-of instant",
    )
    column_kind: ClassVar[ColumnKind] = TEMPORAL

    max_age: timedelta

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.max_age <= timedelta(0):
            raise CheckDefinitionError(
                f"check 'fresh': 'max_age' must be positive, found {format_duration(self.max_age)}",
                f"check 'fresh': 'max_age' phải dương, nhận được {format_duration(self.max_age)}",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values older than the cut-off."""
        value = pl.col(column)
        dtype = ctx.schema.get(column)
        if dtype is None:
            return RowRule(applies=value.is_not_null(), fails=pl.lit(value=False))
        # elapsed time, not wall-clock time: subtract in UTC so a DST change cannot shift it
        try:
            instant = ctx.as_of.astimezone(UTC) - self.max_age
        except OverflowError:  # a cut-off before year 1: nothing is that old
            return RowRule(applies=value.is_not_null(), fails=pl.lit(value=False))
        fails = compare_with_instant(value, dtype, instant, ctx.timezone, "lt")
        return RowRule(applies=value.is_not_null(), fails=fails)


@register("not_future")
@dataclass(frozen=True, kw_only=True)
class NotFuture(RowCheck):
    """Non-null dates are not after the run's as-of instant (date columns: its date).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from datetime import date
    >>> df = pl.DataFrame({"born": [date(2026, 6, 30), date(2026, 7, 1)]})
    >>> r = dc.run(dc.Suite(name="s", checks=[NotFuture(columns=["born"])]), df,
    ...            as_of="2026-06-30")
    >>> r.check("not_future:born").failed
    1
    """

    default_dimension: ClassVar[Dimension] = Dimension.LIVE
    summary: ClassVar[tuple[str, str]] = (
        "ngày tháng không nằm trong tương lai",
        "dates are not in the future",
    )
    column_kind: ClassVar[ColumnKind] = TEMPORAL

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values after the as-of instant."""
        value = pl.col(column)
        dtype = ctx.schema.get(column)
        if dtype is None:
            return RowRule(applies=value.is_not_null(), fails=pl.lit(value=False))
        return RowRule(
            applies=value.is_not_null(),
            fails=compare_with_instant(value, dtype, ctx.as_of, ctx.timezone, "gt"),
        )
