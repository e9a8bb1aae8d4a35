"""Checks of the *clean* (Sạch) dimension: no duplicates, standard text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from datacheck.checks.base import (
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
from datacheck.engine.stages import GROUP_SIZE, GroupStage
from datacheck.errors import CheckDefinitionError

__all__ = ["NormalizedText", "Unique", "normalized"]

# Python's str.split() splits on Unicode White_Space and on the four ASCII information
# separators U+001C..U+001F; Rust's \s is Unicode White_Space. Together: the same set.
_SPACE = r"[\s\x1c-\x1f]"
# leading, trailing or doubled spaces, or any whitespace other than U+0020
_BAD_SPACING = r"^ | $|  |[^\S ]|[\x1c-\x1f]"


def normalized(value: pl.Expr) -> pl.Expr:
    r"""``" ".join(unicodedata.normalize("NFC", v).split())`` as a Polars expression.

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(normalized(pl.lit("  Nguyễn   Văn\tA "))).item()
    'Nguyễn Văn A'
    """
    return (
        value.str.normalize("NFC")
        .str.replace_all(f"^{_SPACE}+|{_SPACE}+$", "")
        .str.replace_all(f"{_SPACE}+", " ")
    )


@register("normalized_text")
@dataclass(frozen=True, kw_only=True)
class NormalizedText(RowCheck):
    """Non-null text is NFC, trimmed, with single spaces between words.

    A value fails unless it equals ``" ".join(nfc(value).split())``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["Lê Thị Hoa", "Lê  Thị Hoa", " Lê Thị Hoa", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[NormalizedText(columns=["name"])]), df,
    ...            as_of="2026-01-01")
    >>> r.check("normalized_text:name").failed
    2
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "văn bản chuẩn NFC, không thừa khoảng trắng",
        "text is NFC, trimmed, single-spaced",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values that change under normalisation.

        Equivalent to ``normalized(value) != value`` but cheaper: a value is unchanged
        exactly when it is NFC and has no leading, trailing, doubled or non-space
        whitespace (NFC never turns a non-space character into whitespace).
        """
        del ctx
        value = pl.col(column).cast(pl.String)
        spacing = value.str.contains(_BAD_SPACING)
        return RowRule(
            applies=value.is_not_null(),
            fails=spacing | (value.str.normalize("NFC") != value),
        )


@register("unique")
@dataclass(frozen=True, kw_only=True)
class Unique(Check):
    """No two rows share the key ``columns`` (one compound key).

    Rows whose key has a null part are not evaluated. Every row of a duplicated key fails;
    the details give the number of duplicated key groups and the surplus rows
    (rows − distinct keys).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"id": [1, 1, 1, 2, None, None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[Unique(columns=["id"])]), df, as_of="2026-01-01")
    >>> c = r.check("unique:id")
    >>> (c.evaluated, c.failed, c.details["groups"], c.details["surplus"])
    (4, 3, 1, 2)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "không có bản ghi trùng khoá",
        "no two records share the key",
    )

    columns: Sequence[str]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.columns:
            raise CheckDefinitionError(
                "check 'unique': 'columns' must name the key's columns",
                "phép kiểm tra 'unique': 'columns' phải nêu các cột của khoá",
            )
        repeated = sorted({c for c in self.columns if self.columns.count(c) > 1})
        if repeated:
            names = ", ".join(f"'{c}'" for c in repeated)
            raise CheckDefinitionError(
                f"check 'unique': 'columns' lists {names} more than once; expected each column "
                "of the key once",
                f"phép kiểm tra 'unique': 'columns' liệt kê {names} nhiều lần; mỗi cột của "
                "khoá chỉ "
                "được nêu một lần",
                key="columns",
            )

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result about the compound key."""
        return [tuple(self.columns)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One measure in the group-by stage of the key."""
        del ctx
        size = pl.col(GROUP_SIZE)
        complete = pl.all_horizontal([pl.col(c).is_not_null() for c in self.columns])
        duplicated = complete & (size > 1)
        return [
            Measure(
                check=self,
                columns=tuple(self.columns),
                stage=GroupStage(tuple(self.columns)),
                evaluated=size.filter(complete).sum().cast(pl.Int64),
                failed=size.filter(duplicated).sum().cast(pl.Int64),
                details={
                    "groups": duplicated.sum().cast(pl.Int64),
                    "surplus": (size - 1).filter(duplicated).sum().cast(pl.Int64),
                },
                failing=duplicated,  # samples: records of the smallest duplicated keys
                inputs=tuple(self.columns),
                reads_single_keys=False,  # a one-row group's key is read for nullness only
            )
        ]
