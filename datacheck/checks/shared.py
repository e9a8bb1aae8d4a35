"""Checks of the *shared* (Dùng chung) dimension: shared keys and national catalogues.

``exists_in`` looks values up in another database (a person id in the population database);
``in_catalogue`` looks them up in a national catalogue shipped with datacheck (ethnic groups,
ISO 3166-1 countries, the 2025 administrative units; see :mod:`datacheck.catalogues`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from datacheck import catalogues
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
    row_measure,
)
from datacheck.dimensions import Dimension
from datacheck.engine.stages import REF_FOUND, JoinStage
from datacheck.errors import CheckDefinitionError

__all__ = ["ExistsIn", "InCatalogue"]


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

    supports_where: ClassVar[bool] = True
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


@register("in_catalogue")
@dataclass(frozen=True, kw_only=True)
class InCatalogue(RowCheck):
    """Non-null values are values of a national catalogue (ethnic groups, countries, units).

    ``catalogue`` is one of ``ethnic_groups`` (the 54 ethnic groups of Quyết định
    1019/QĐ-TCTK, codes ``"01"``-``"54"``), ``countries`` (ISO 3166-1), ``provinces_2025``
    and ``communes_2025`` (the administrative units in force from 2025-07-01); ``field`` picks
    the catalogue's column to compare with (default: its code field — ``code``, or ``alpha2``
    for countries; see :func:`datacheck.catalogues.describe`). A value passes when it
    equals a value of that field exactly: no trimming, no case folding (``"vnm"`` is not
    ``"VNM"``). Columns must hold strings (codes keep their leading zeros: ``"01"``, not
    ``1``). The details give ``missing_distinct``, the number of distinct failing values.
    See :mod:`datacheck.catalogues` for the sources.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"nationality": ["VNM", "LAO", "vnm", "XXX", "XXX", None]})
    >>> check = InCatalogue(columns=["nationality"], catalogue="countries", field="alpha3")
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "in_catalogue:nationality")
    >>> (c.evaluated, c.failed, c.details["missing_distinct"])
    (5, 3, 2)
    """

    default_dimension: ClassVar[Dimension] = Dimension.SHARED
    summary: ClassVar[tuple[str, str]] = (
        "mã thuộc danh mục dùng chung quốc gia (dân tộc, quốc gia, đơn vị hành chính 2025)",
        "codes come from a national catalogue (ethnic groups, countries, 2025 units)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    catalogue: str
    field: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            catalogues.get(self.catalogue).field_or_default(self.field)
        except catalogues.CatalogueError as error:
            key = "catalogue" if self.catalogue not in catalogues.names() else "field"
            raise CheckDefinitionError(
                f"check 'in_catalogue': {error.en}",
                f"phép kiểm tra 'in_catalogue': {error.vi}",
                key=key,
            ) from None

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail non-null values that are not values of the catalogue's field."""
        dtype = ctx.schema.get(column)
        value = pl.col(column)
        if isinstance(dtype, pl.Categorical | pl.Enum):
            value = value.cast(pl.String)
        known = pl.Series(sorted(catalogues.values(self.catalogue, self.field)), dtype=pl.String)
        member = self.derived_name([column], "known")
        applies = pl.col(column).is_not_null()
        fails = ~pl.col(member)
        return RowRule(
            applies=applies,
            fails=fails,
            details={"missing_distinct": value.filter(applies & fails).n_unique().cast(pl.Int64)},
            derived={member: value.is_in(pl.lit(known).implode()).fill_null(value=False)},
        )
