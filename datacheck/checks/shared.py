"""Checks of the *shared* (Dùng chung) dimension: shared keys found in other databases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from datacheck.checks.base import (
    ANY,
    Check,
    CompileContext,
    Measure,
    RowRule,
    register,
    row_measure,
)
from datacheck.dimensions import Dimension
from datacheck.engine.stages import REF_FOUND, JoinStage

__all__ = ["ExistsIn"]


@register("exists_in")
@dataclass(frozen=True, kw_only=True)
class ExistsIn(Check):
    """Non-null values are found in a column of a reference dataset.

    Parameters
    ----------
    column
        The column under test.
    reference
        The name of a reference dataset declared in the suite's ``references``.
    reference_column
        The column of the reference to look in (defaults to ``column``).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> people = pl.DataFrame({"pid": ["1", "2"]})
    >>> cards = pl.DataFrame({"pid": ["1", "3", None]})
    >>> suite = dc.Suite(name="s", references={"people": people},
    ...                  checks=[ExistsIn(column="pid", reference="people")])
    >>> dc.run(suite, cards, as_of="2026-01-01").check("exists_in:pid").failed
    1
    """

    default_dimension: ClassVar[Dimension] = Dimension.SHARED
    summary: ClassVar[tuple[str, str]] = (
        "giá trị có trong cơ sở dữ liệu tham chiếu (ví dụ số định danh có trong CSDL dân cư)",
        "values are found in a reference dataset (e.g. person ids in the population database)",
    )

    column: str
    reference: str
    reference_column: str | None = None

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result about ``column``."""
        return [(self.column,)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One measure in the join stage with the reference."""
        del ctx
        target = self.reference_column or self.column
        stage = JoinStage(self.reference, (self.column,), (target,))
        value = pl.col(self.column)
        missing = value.is_not_null() & ~pl.col(REF_FOUND)
        rule = RowRule(
            applies=value.is_not_null(),
            fails=~pl.col(REF_FOUND),
            details={"missing_distinct": value.filter(missing).n_unique().cast(pl.Int64)},
        )
        return [
            row_measure(
                self,
                (self.column,),
                rule,
                stage,
                ANY,
                (self.column,),
                reference_inputs=((self.reference, target),),
            )
        ]
