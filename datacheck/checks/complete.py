"""Checks of the *complete* (Đủ) dimension: required values present, population covered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from datacheck._text import casefold, strip
from datacheck.checks.base import (
    ANY,
    STRING,
    Check,
    ColumnKind,
    CompileContext,
    Measure,
    RowCheck,
    RowRule,
    register,
)
from datacheck.dimensions import Dimension
from datacheck.engine.stages import ROW_STAGE
from datacheck.errors import CheckDefinitionError

__all__ = ["NotBlank", "NotNull", "RequiredColumns", "RowCount"]


@register("not_null")
@dataclass(frozen=True, kw_only=True)
class NotNull(RowCheck):
    """Every row is evaluated; null values fail.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"a": [1, None, 3]})
    >>> r = dc.run(dc.Suite(name="s", checks=[NotNull(columns=["a"])]), df, as_of="2026-01-01")
    >>> r.check("not_null:a").failed
    1
    """

    default_dimension: ClassVar[Dimension] = Dimension.COMPLETE
    summary: ClassVar[tuple[str, str]] = (
        "giá trị không được để trống (null)",
        "values must not be null",
    )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Evaluate every row; fail nulls."""
        del ctx
        return RowRule(applies=None, fails=pl.col(column).is_null())


@register("not_blank")
@dataclass(frozen=True, kw_only=True)
class NotBlank(RowCheck):
    """Every row is evaluated; null, empty, whitespace-only and placeholder values fail.

    Placeholders (the suite's list plus this check's) are compared trimmed and case-folded.
    On non-string columns only nulls fail.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["An", "  ", None, "n/a", "Bình"]})
    >>> check = NotBlank(columns=["name"], placeholders=["N/A"])
    >>> dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "not_blank:name").failed
    3
    """

    default_dimension: ClassVar[Dimension] = Dimension.COMPLETE
    summary: ClassVar[tuple[str, str]] = (
        "không rỗng, không chỉ có khoảng trắng, không phải giá trị giữ chỗ (N/A, -)",
        "not null, empty, whitespace-only or a placeholder such as N/A",
    )

    placeholders: Sequence[str] = ()

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Evaluate every row; fail null, blank and placeholder values."""
        value = pl.col(column)
        dtype = ctx.schema.get(column)
        if dtype is None or not STRING.accepts(dtype):
            return RowRule(applies=None, fails=value.is_null())
        text = strip(value.cast(pl.String))
        folded = sorted({p.strip().casefold() for p in (*ctx.placeholders, *self.placeholders)})
        fails = value.is_null() | (text.str.len_bytes() == 0)
        if folded:
            fails = fails | casefold(text).is_in(folded)
        return RowRule(applies=None, fails=fails)


@register("required_columns")
@dataclass(frozen=True, kw_only=True)
class RequiredColumns(Check):
    """The dataset has every listed column (dataset-level: evaluated = 1).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"a": [1]})
    >>> r = dc.run(dc.Suite(name="s", checks=[RequiredColumns(columns=["a", "b"])]), df,
    ...            as_of="2026-01-01")
    >>> r.check("required_columns:a+b").details["missing"]
    ['b']
    """

    default_dimension: ClassVar[Dimension] = Dimension.COMPLETE
    summary: ClassVar[tuple[str, str]] = (
        "bảng có đủ các cột bắt buộc",
        "the dataset has every required column",
    )

    columns: Sequence[str]

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result about all the listed columns."""
        return [tuple(self.columns)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """A dataset-level measure computed from the schema."""
        missing = [c for c in self.columns if c not in ctx.schema]
        return [
            Measure(
                check=self,
                columns=tuple(self.columns),
                stage=ROW_STAGE,
                evaluated=pl.lit(1, dtype=pl.Int64),
                failed=pl.lit(1 if missing else 0, dtype=pl.Int64),
                details={"missing": pl.lit(missing, dtype=pl.List(pl.String))},
            )
        ]


@register("row_count")
@dataclass(frozen=True, kw_only=True)
class RowCount(Check):
    """The number of rows lies in ``[min, max]`` (dataset-level: evaluated = 1).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"a": [1, 2]})
    >>> r = dc.run(dc.Suite(name="s", checks=[RowCount(min=3)]), df, as_of="2026-01-01")
    >>> (r.check("row_count").status, r.check("row_count").details["rows"])
    ('fail', 2)
    """

    default_dimension: ClassVar[Dimension] = Dimension.COMPLETE
    summary: ClassVar[tuple[str, str]] = (
        "số bản ghi nằm trong khoảng mong đợi",
        "the number of rows lies in the expected range",
    )
    column_kind: ClassVar[ColumnKind] = ANY

    min: int | None = None
    max: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min is None and self.max is None:
            raise CheckDefinitionError(
                "check 'row_count': give 'min', 'max' or both",
                "phép kiểm tra 'row_count': cần 'min', 'max' hoặc cả hai",
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise CheckDefinitionError(
                f"check 'row_count': 'min' ({self.min}) is greater than 'max' ({self.max})",
                f"phép kiểm tra 'row_count': 'min' ({self.min}) lớn hơn 'max' ({self.max})",
            )

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """A dataset-level measure on the row count."""
        del ctx
        rows = pl.len().cast(pl.Int64)
        bad = pl.lit(value=False)
        if self.min is not None:
            bad = bad | (rows < self.min)
        if self.max is not None:
            bad = bad | (rows > self.max)
        return [
            Measure(
                check=self,
                columns=(),
                stage=ROW_STAGE,
                evaluated=pl.lit(1, dtype=pl.Int64),
                failed=bad.cast(pl.Int64),
                details={"rows": rows},
            )
        ]
