"""Stages: the frames measures aggregate over.

There are three, and every check compiles to one of them:

* :data:`ROW_STAGE` — the lazy scan itself. Every row-level measure of a suite becomes two
  aggregates of ONE ``select`` over it.
* :class:`GroupStage` — one ``group_by`` per key; measures add per-group aggregates and then
  aggregate over the groups (uniqueness, conflicting values).
* :class:`JoinStage` — one left join per (reference, key) with the reference grouped by its
  key; measures add per-key aggregates of the reference (existence, agreement).

A stage is hashable: measures with equal stages share one query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import polars as pl

from datacheck.engine.digit_capture import CapturedGroups, captured_groups
from datacheck.engine.digit_keys import (
    SortedGroups,
    digit_code,
    digit_code_column,
    sorted_groups,
)

if TYPE_CHECKING:
    from datacheck.checks.base import Measure

__all__ = [
    "GROUP_SIZE",
    "RANK_NEEDS",
    "RANK_UNUSABLE",
    "REF_FOUND",
    "ROW_STAGE",
    "GroupStage",
    "JoinStage",
    "RowStage",
    "Stage",
    "matched_keys",
]

GROUP_SIZE = "__datacheck_group_size"
"""Column holding the number of rows of each group in a :class:`GroupStage` frame."""

RANK_NEEDS = "__datacheck_rank_needs"
"""Column of a ranked :class:`GroupStage` frame: the group's records of tier rank 1 so far."""

RANK_UNUSABLE = "__datacheck_rank_unusable"
"""Column of a ranked :class:`GroupStage` frame: the group's records of tier rank 2 so far."""

_RANK_COUNTS = {RANK_NEEDS: 1, RANK_UNUSABLE: 2}
_Grouped = TypeVar("_Grouped", SortedGroups, CapturedGroups)

REF_FOUND = "__datacheck_ref_found"
"""Column that is true where a :class:`JoinStage` row's key was found in the reference."""


class Stage:
    """Base of the three stages."""

    def frame(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
        keep: Sequence[str] = (),
        *,
        ordered: bool = False,
    ) -> pl.LazyFrame:
        """Return the lazy frame the measures' aggregates are evaluated in.

        ``keep`` names extra source columns a row-shaped frame must carry (for samples);
        ``ordered`` keeps the scan's row order (deterministic samples).
        """
        raise NotImplementedError

    def describe(self) -> str:
        """A short description for plans and logs."""
        raise NotImplementedError


@dataclass(frozen=True)
class RowStage(Stage):
    """The scan itself."""

    def frame(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
        keep: Sequence[str] = (),
        *,
        ordered: bool = False,
    ) -> pl.LazyFrame:
        """Return the scan, with the measures' derived columns."""
        del references, keep, ordered
        return with_derived(base, measures)

    def describe(self) -> str:
        """Describe the stage."""
        return "scan"


ROW_STAGE = RowStage()


def with_derived(frame: pl.LazyFrame, measures: Sequence[Measure]) -> pl.LazyFrame:
    """Add the measures' derived row columns (each computed once) to ``frame``."""
    derived: dict[str, pl.Expr] = {}
    for measure in measures:
        for name, expr in measure.derived.items():
            derived.setdefault(name, expr.alias(name))
    return frame.with_columns(list(derived.values())) if derived else frame


def _merged(measures: Sequence[Measure]) -> list[pl.Expr]:
    seen: dict[str, pl.Expr] = {}
    for measure in measures:
        for name, expr in measure.group_aggs.items():
            seen.setdefault(name, expr.alias(name))
    return list(seen.values())


@dataclass(frozen=True)
class GroupStage(Stage):
    """One ``group_by`` over the scan by ``key`` (all rows, null keys included).

    A one-column string key whose measures have no per-group aggregates and do not read the
    key of one-row groups (``unique``'s) is grouped by sorting integer codes of its digit-string
    values (:mod:`datacheck.engine.digit_keys`): the same groups and sizes, with one-row groups
    of digit keys keyed ``""``.
    """

    key: tuple[str, ...]

    def frame(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
        keep: Sequence[str] = (),
        *,
        ordered: bool = False,
        rank: str | None = None,
    ) -> pl.LazyFrame:
        """Group the scan by the key, with each group's size and the measures' aggregates.

        ``rank`` names a column of the records' tier ranks so far (0, 1 or 2): the frame then
        counts each group's records of rank 1 (:data:`RANK_NEEDS`) and 2
        (:data:`RANK_UNUSABLE`).
        """
        del keep, ordered
        return self.frame_and_codes(base, references, measures, rank=rank)[0]

    def frame_and_codes(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
        *,
        rank: str | None = None,
        with_codes: bool = False,
    ) -> tuple[pl.LazyFrame, pl.LazyFrame | None]:
        """:meth:`frame`, and with ``with_codes`` the rows' digit codes in file order.

        The codes (:attr:`~datacheck.engine.digit_keys.SortedGroups.codes`) come when the
        key is grouped by sorting digit codes, else ``None``; the records of given keys are
        then found among them (:func:`~datacheck.engine.digit_keys.records_by_code`).
        """
        del references
        groups = self.sorted_parts(base, measures, rank=rank, with_codes=with_codes)
        if groups is not None:
            return groups.frame, groups.codes
        return self.hashed(base, measures, rank=rank), None

    def hashed(
        self, base: pl.LazyFrame, measures: Sequence[Measure], *, rank: str | None = None
    ) -> pl.LazyFrame:
        """:meth:`frame` by a hash ``group_by`` of the key, whatever the key's values.

        The way of every key that is not grouped by sorting digit codes, and the cheaper way
        for a digit key over few rows (the sort's query has more nodes to set up; see
        :data:`datacheck.engine.local.DIGIT_SORT_MIN_ROWS`). Both ways give the same groups.

        Examples
        --------
        >>> import polars as pl
        >>> frame = GroupStage(("id",)).hashed(pl.LazyFrame({"id": ["7", "7", None]}), [])
        >>> sorted(frame.collect().rows(), key=str)
        [('7', 2), (None, 1)]
        """
        frame = with_derived(base, measures)
        counts_aggs = (
            []
            if rank is None
            else [
                (pl.col(rank) == value).sum().cast(pl.Int64).alias(name)
                for name, value in _RANK_COUNTS.items()
            ]
        )
        return frame.group_by(list(self.key)).agg(
            pl.len().cast(pl.Int64).alias(GROUP_SIZE), *_merged(measures), *counts_aggs
        )

    def sorted_parts(
        self,
        base: pl.LazyFrame,
        measures: Sequence[Measure],
        *,
        rank: str | None = None,
        with_codes: bool = False,
    ) -> SortedGroups | None:
        """The group frame in parts, for a key grouped by sorting digit codes; else ``None``.

        The one-row groups come apart, a row per rank with their number
        (:class:`~datacheck.engine.digit_keys.SortedGroups`); :meth:`frame` is the two parts
        together.
        """
        return self._by_digit_codes(sorted_groups, base, measures, rank, with_codes)

    def captured(
        self,
        base: pl.LazyFrame,
        measures: Sequence[Measure],
        *,
        rank: str | None = None,
        with_codes: bool = False,
    ) -> CapturedGroups | None:
        """:meth:`frame_and_codes` in two steps, sorting after the scan; ``None`` if hashed.

        For a key grouped by sorting digit codes, the codes are taken from the scan and
        sorted in place once it has ended (:mod:`datacheck.engine.digit_capture`); other
        keys give ``None`` (their ``group_by`` runs in the scan).
        """
        return self._by_digit_codes(captured_groups, base, measures, rank, with_codes)

    def _by_digit_codes(
        self,
        build: Callable[..., _Grouped],
        base: pl.LazyFrame,
        measures: Sequence[Measure],
        rank: str | None,
        with_codes: bool,
    ) -> _Grouped | None:
        """``build`` (one way of grouping by digit codes) over the key, or ``None`` if hashed."""
        frame = with_derived(base, measures)
        if not self._sorts_digits(frame, measures):
            return None
        named = digit_code_column(self.key[0])
        return build(
            frame,
            self.key[0],
            GROUP_SIZE,
            rank=rank,
            rank_counts=_RANK_COUNTS if rank is not None else None,
            code=named if named in frame.collect_schema() else None,
            with_codes=with_codes,
        )

    def prepared(self, frame: pl.LazyFrame, measures: Sequence[Measure]) -> dict[str, pl.Expr]:
        """Row columns this stage reads if the frame it groups already has them.

        Computed in the same ``with_columns`` as the row checks' masks, they share their
        subexpressions (a digit-key code parses the key once with the pattern check's mask).

        Examples
        --------
        >>> from datetime import UTC, datetime
        >>> import polars as pl
        >>> from datacheck.checks import Unique
        >>> from datacheck.checks.base import CompileContext
        >>> frame = pl.LazyFrame({"id": ["1", "2"]})
        >>> ctx = CompileContext(schema=frame.collect_schema(), as_of=datetime.now(UTC))
        >>> (measure,) = Unique(columns=["id"]).measures(ctx)
        >>> list(GroupStage(("id",)).prepared(frame, [measure]))
        ['__datacheck_digit_code__id']
        """
        if not self._sorts_digits(with_derived(frame, measures), measures):
            return {}
        (key,) = self.key
        return {digit_code_column(key): digit_code(pl.col(key))}

    def _sorts_digits(self, frame: pl.LazyFrame, measures: Sequence[Measure]) -> bool:
        """Whether the digit-key sort gives these measures the hash ``group_by``'s answers."""
        if len(self.key) != 1 or not measures:
            return False
        if any(m.group_aggs or m.reads_single_keys for m in measures):
            return False
        return frame.collect_schema().get(self.key[0]) == pl.String

    def describe(self) -> str:
        """Describe the stage."""
        return f"group_by({', '.join(self.key)})"


def matched_keys(
    left: pl.LazyFrame,
    right: pl.LazyFrame,
    left_on: Sequence[str],
    right_on: Sequence[str],
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """``left`` and ``right`` with join keys of types a join accepts, values unchanged.

    A key column of nothing but nulls (Parquet stores it as type ``Null``) takes the other
    side's type, and a ``Categorical`` or ``Enum`` key facing a string (or another
    categorical) is compared as ``String``; other pairs are left as they are (integers of
    different widths join as they are; a string facing a number stays an error of the join,
    which names both types).

    Examples
    --------
    >>> import polars as pl
    >>> left = pl.LazyFrame({"k": [None, None]})
    >>> right = pl.LazyFrame({"k": pl.Series(["a"], dtype=pl.Categorical)})
    >>> a, b = matched_keys(left, right, ["k"], ["k"])
    >>> a.collect_schema()["k"], b.collect_schema()["k"]
    (String, String)
    """
    try:
        left_schema, right_schema = left.collect_schema(), right.collect_schema()
    except pl.exceptions.PolarsError:  # a missing column: the join itself says which
        return left, right
    left_casts: dict[str, pl.DataType] = {}
    right_casts: dict[str, pl.DataType] = {}
    for a, b in zip(left_on, right_on, strict=True):
        if a not in left_schema or b not in right_schema:
            continue
        left_type, right_type = left_schema[a], right_schema[b]
        if left_type == right_type:
            continue
        textual = (pl.String, pl.Categorical, pl.Enum)
        if isinstance(left_type, pl.Null):
            left_type = right_type
        elif isinstance(right_type, pl.Null):
            right_type = left_type
        if isinstance(left_type, textual) and isinstance(right_type, textual):
            left_type = right_type = pl.String()
        if left_type != left_schema[a]:
            left_casts[a] = left_type
        if right_type != right_schema[b]:
            right_casts[b] = right_type
    if left_casts:
        left = left.with_columns(pl.col(c).cast(t) for c, t in left_casts.items())
    if right_casts:
        right = right.with_columns(pl.col(c).cast(t) for c, t in right_casts.items())
    return left, right


@dataclass(frozen=True)
class JoinStage(Stage):
    """One left join of the scan with a reference grouped by its key.

    Rows whose key is null never match (nulls are not equal in joins).
    """

    reference: str
    left_on: tuple[str, ...]
    right_on: tuple[str, ...]

    def frame(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
        keep: Sequence[str] = (),
        *,
        ordered: bool = False,
    ) -> pl.LazyFrame:
        """Join the scan with the grouped reference."""
        right = self.right(references, measures)
        inputs = dict.fromkeys(c for m in measures for c in m.inputs)
        inputs.update(dict.fromkeys(self.left_on))
        inputs.update(dict.fromkeys(keep))
        inputs.update(dict.fromkeys(c for m in measures for c in m.derived))
        left = with_derived(base, measures).select(list(inputs))
        left, right = matched_keys(left, right, self.left_on, self.right_on)
        return left.join(
            right,
            left_on=list(self.left_on),
            right_on=list(self.right_on),
            how="left",
            coalesce=True,
            suffix="__datacheck_ref",
            maintain_order="left" if ordered else None,
        ).with_columns(pl.col(REF_FOUND).fill_null(value=False))

    @property
    def grouped_name(self) -> str:
        """The name under which ``references`` may hold this join's grouped reference.

        Partitioned runs group the reference once and pass the result under this name to
        every partition (see :mod:`datacheck.engine.partitioned`).
        """
        return f"__datacheck_grouped__{self.describe()}"

    def right(
        self, references: Mapping[str, pl.LazyFrame], measures: Sequence[Measure]
    ) -> pl.LazyFrame:
        """The reference grouped by its key, with the measures' per-key aggregates.

        A frame passed under :attr:`grouped_name` (grouped with these measures or more) is
        used as is.
        """
        grouped = references.get(self.grouped_name)
        if grouped is not None:
            return grouped
        return (
            references[self.reference]
            .group_by(list(self.right_on))
            .agg(pl.lit(value=True).alias(REF_FOUND), *_merged(measures))
        )

    def references_matching(
        self,
        base: pl.LazyFrame,
        references: Mapping[str, pl.LazyFrame],
        measures: Sequence[Measure],
    ) -> dict[str, pl.LazyFrame]:
        """``references`` with this stage's reference cut to the rows whose key is in ``base``.

        Every key of ``base`` keeps all its reference rows, so :meth:`frame` over ``base``
        is unchanged; only the groups no row of ``base`` can match are left out. Worth it
        when ``base`` is small beside the reference (the leading rows a sample lookup reads):
        the reference is then filtered as it streams past a hash set of those keys instead of
        being grouped in full.

        Examples
        --------
        >>> import polars as pl
        >>> stage = JoinStage("people", ("pid",), ("id",))
        >>> refs = {"people": pl.LazyFrame({"id": ["1", "2", "2", None], "x": [1, 2, 3, 4]})}
        >>> cut = stage.references_matching(pl.LazyFrame({"pid": ["2", None]}), refs, [])
        >>> cut["people"].collect().rows()
        [('2', 2), ('2', 3)]
        """
        keys = with_derived(base, measures).select(list(self.left_on))
        reference, keys = matched_keys(
            references[self.reference], keys, self.right_on, self.left_on
        )
        matching = reference.join(
            keys, left_on=list(self.right_on), right_on=list(self.left_on), how="semi"
        )
        return {**references, self.reference: matching}

    def describe(self) -> str:
        """Describe the stage."""
        pairs = ", ".join(f"{a}={b}" for a, b in zip(self.left_on, self.right_on, strict=True))
        return f"join({self.reference} on {pairs})"
