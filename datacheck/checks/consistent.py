"""Checks of the *consistent* (Thống nhất) dimension: the same fact agrees across databases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from datacheck.checks.base import Check, CompileContext, Measure, register
from datacheck.dimensions import Dimension
from datacheck.engine.stages import REF_FOUND, JoinStage
from datacheck.errors import CheckDefinitionError

__all__ = ["AgreesWith"]


def _distinct_name(column: str) -> str:
    return f"__datacheck_ref_distinct__{column}"


def _value_name(column: str) -> str:
    return f"__datacheck_ref_value__{column}"


@register("agrees_with")
@dataclass(frozen=True, kw_only=True)
class AgreesWith(Check):
    """Records with the same key carry the same values in a reference dataset.

    One result per column. A row is evaluated when its key is found in the reference and
    both values are non-null; it fails when they differ. A key with several distinct
    (non-null) values in the reference fails.

    Parameters
    ----------
    key
        The key columns in the data under test.
    reference
        The name of a reference dataset declared in the suite's ``references``.
    columns
        The columns compared (same names in the reference unless ``reference_columns``).
    reference_key
        The key columns in the reference (defaults to ``key``).
    reference_columns
        The compared columns' names in the reference, in the order of ``columns``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from datetime import date
    >>> master = pl.DataFrame({"pid": ["1", "2"], "born": [date(1990, 1, 1), date(1991, 1, 1)]})
    >>> other = pl.DataFrame({"pid": ["1", "2", "3"],
    ...                       "born": [date(1990, 1, 1), date(1999, 9, 9), date(2000, 1, 1)]})
    >>> suite = dc.Suite(name="s", references={"master": master}, checks=[
    ...     AgreesWith(key=["pid"], reference="master", columns=["born"])])
    >>> c = dc.run(suite, other, as_of="2026-01-01").check("agrees_with:born")
    >>> (c.evaluated, c.failed)
    (2, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CONSISTENT
    summary: ClassVar[tuple[str, str]] = (
        "cùng khoá thì cùng giá trị với cơ sở dữ liệu tham chiếu",
        "the same key has the same values in a reference dataset",
    )

    key: Sequence[str]
    reference: str
    columns: Sequence[str]
    reference_key: Sequence[str] | None = None
    reference_columns: Sequence[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.key or not self.columns:
            raise CheckDefinitionError(
                "check 'agrees_with': 'key' and 'columns' must each name at least one column",
                "phép kiểm tra 'agrees_with': 'key' và 'columns' phải có ít nhất một cột",
            )
        for own, theirs, label in (
            (self.key, self.reference_key, "reference_key"),
            (self.columns, self.reference_columns, "reference_columns"),
        ):
            if theirs is not None and len(theirs) != len(own):
                raise CheckDefinitionError(
                    f"check 'agrees_with': '{label}' must have {len(own)} column(s), "
                    f"found {len(theirs)}",
                    f"phép kiểm tra 'agrees_with': '{label}' phải có {len(own)} cột, "
                    f"nhận được {len(theirs)}",
                )

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result per compared column."""
        return [(column,) for column in self.columns]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One measure per column in the join stage with the reference."""
        right_key = self.reference_key or self.key
        right_columns = self.reference_columns or self.columns
        stage = JoinStage(self.reference, tuple(self.key), tuple(right_key))
        del ctx
        measures = []
        for column, theirs in zip(self.columns, right_columns, strict=True):
            # per-key aggregates are named after the REFERENCE column, so checks sharing
            # the join share them only when they read the same reference column
            distinct = pl.col(_distinct_name(theirs))
            other = pl.col(_value_name(theirs))
            mine = pl.col(column)
            applies = pl.col(REF_FOUND) & mine.is_not_null() & (distinct > 0)
            failing = applies & ((distinct > 1) | (mine != other))
            group_aggs = {
                _distinct_name(theirs): pl.col(theirs).drop_nulls().n_unique().cast(pl.Int64),
                _value_name(theirs): pl.col(theirs).drop_nulls().first(),
            }
            measures.append(
                Measure(
                    check=self,
                    columns=(column,),
                    stage=stage,
                    evaluated=applies.fill_null(value=False).sum().cast(pl.Int64),
                    failed=failing.fill_null(value=False).sum().cast(pl.Int64),
                    details={
                        "ambiguous_keys": (applies & (distinct > 1))
                        .fill_null(value=False)
                        .sum()
                        .cast(pl.Int64),
                    },
                    group_aggs=group_aggs,
                    failing=failing.fill_null(value=False),
                    sample_columns={
                        **{c: pl.col(c) for c in self.key},
                        column: mine,
                        f"{column} (reference)": other,
                    },
                    inputs=(*self.key, column),
                    reference_inputs=tuple((self.reference, c) for c in (*right_key, theirs)),
                )
            )
        return measures
