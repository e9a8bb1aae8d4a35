"""Checks of the *live* (Sống) dimension: data up to date and reflecting current state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, ClassVar, cast

import polars as pl

from datacheck._coerce import format_duration
from datacheck._time import compare_with_instant
from datacheck.checks.base import (
    TEMPORAL,
    Check,
    ColumnKind,
    CompileContext,
    Measure,
    RowCheck,
    RowRule,
    register,
)
from datacheck.dimensions import Dimension
from datacheck.engine.stages import REF_FOUND, JoinStage
from datacheck.errors import CheckDefinitionError

__all__ = ["Fresh", "Lifecycle", "NotFuture"]


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

    max_age: timedelta | str

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.age_limit <= timedelta(0):
            shown = format_duration(self.age_limit)
            raise CheckDefinitionError(
                f"check 'fresh': 'max_age' must be positive, found {shown}",
                f"phép kiểm tra 'fresh': 'max_age' phải dương, nhận được {shown}",
            )

    @property
    def age_limit(self) -> timedelta:
        """``max_age`` as a duration (text such as ``"365d"`` is parsed when the check is built).

        Examples
        --------
        >>> Fresh(columns=["updated_at"], max_age="2d").age_limit
        datetime.timedelta(days=2)
        """
        return cast("timedelta", self.max_age)

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values older than the cut-off."""
        value = pl.col(column)
        dtype = ctx.schema.get(column)
        if dtype is None:
            return RowRule(applies=value.is_not_null(), fails=pl.lit(value=False))
        # elapsed time, not wall-clock time: subtract in UTC so a DST change cannot shift it
        try:
            instant = ctx.as_of.astimezone(UTC) - self.age_limit
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


def _ended_name(column: str) -> str:
    return f"__datacheck_ref_ended__{column}"


@register("lifecycle")
@dataclass(frozen=True, kw_only=True)
class Lifecycle(Check):
    """A record is not active here while the reference says its subject has ended.

    For example, a person whose status in the population master is ``deceased`` must not be
    ``active`` in insurance; a business ``dissolved`` in the registry must not be ``active``
    in tax. A row is evaluated when its key is found in the reference and both statuses are
    non-null; it fails when its own status is one of ``active`` and the reference holds one
    of ``ended`` for that key (any of its rows).

    Parameters
    ----------
    key
        The key columns in the data under test.
    reference
        The name of a reference dataset declared in the suite's ``references``.
    status
        The record's own status column.
    active
        Own status values that mean "active".
    reference_status
        The status column in the reference (defaults to ``status``).
    ended
        Reference status values that mean the subject has ended (e.g. ``deceased``).
    reference_key
        The key columns in the reference (defaults to ``key``).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> people = pl.DataFrame({"pid": ["1", "2"], "status": ["alive", "deceased"]})
    >>> cards = pl.DataFrame({"pid": ["1", "2", "3"], "state": ["active"] * 3})
    >>> check = Lifecycle(key=["pid"], reference="people", status="state", active=["active"],
    ...                   reference_status="status", ended=["deceased"])
    >>> r = dc.run(dc.Suite(name="s", references={"people": people}, checks=[check]), cards,
    ...            as_of="2026-01-01").check("lifecycle:state")
    >>> (r.evaluated, r.failed)
    (2, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.LIVE
    summary: ClassVar[tuple[str, str]] = (
        "bản ghi không còn hoạt động khi cơ sở dữ liệu gốc ghi nhận đã kết thúc "
        "(ví dụ người đã mất)",
        "records are not active while the reference says the subject has ended (e.g. deceased)",
    )

    key: Sequence[str]
    reference: str
    status: str
    active: Sequence[Any]
    ended: Sequence[Any]
    reference_status: str | None = None
    reference_key: Sequence[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.key:
            raise CheckDefinitionError(
                "check 'lifecycle': 'key' must name at least one column",
                "phép kiểm tra 'lifecycle': 'key' phải có ít nhất một cột",
                key="key",
            )
        for name in ("active", "ended"):
            if not getattr(self, name):
                raise CheckDefinitionError(
                    f"check 'lifecycle': '{name}' must list at least one status value",
                    f"phép kiểm tra 'lifecycle': '{name}' phải có ít nhất một giá trị trạng thái",
                    key=name,
                )
        if self.reference_key is not None and len(self.reference_key) != len(self.key):
            raise CheckDefinitionError(
                f"check 'lifecycle': 'reference_key' must have {len(self.key)} column(s), "
                f"found {len(self.reference_key)}",
                f"phép kiểm tra 'lifecycle': 'reference_key' phải có {len(self.key)} cột, "
                f"nhận được {len(self.reference_key)}",
                key="reference_key",
            )

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result about the record's status column."""
        return [(self.status,)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One measure in the join stage with the reference."""
        del ctx
        theirs = self.reference_status or self.status
        stage = JoinStage(self.reference, tuple(self.key), tuple(self.reference_key or self.key))
        ended_flag = _ended_name(theirs)
        ref_status = pl.col(theirs).cast(pl.String)
        own = pl.col(self.status)
        own_text = own.cast(pl.String)
        applies = pl.col(REF_FOUND) & own.is_not_null() & pl.col(ended_flag).is_not_null()
        failing = applies & own_text.is_in([str(v) for v in self.active]) & pl.col(ended_flag)
        ended_values = [str(v) for v in self.ended]
        return [
            Measure(
                check=self,
                columns=(self.status,),
                stage=stage,
                evaluated=applies.fill_null(value=False).sum().cast(pl.Int64),
                failed=failing.fill_null(value=False).sum().cast(pl.Int64),
                group_aggs={
                    # null when the reference has no status for the key, else "any ended?"
                    ended_flag: pl.when(ref_status.drop_nulls().len() > 0).then(
                        ref_status.is_in(ended_values).any()
                    ),
                },
                failing=failing.fill_null(value=False),
                sample_columns={**{c: pl.col(c) for c in self.key}, self.status: own},
                inputs=(*self.key, self.status),
                reference_inputs=tuple(
                    (self.reference, c) for c in (*(self.reference_key or self.key), theirs)
                ),
            )
        ]
