"""Records: which rows fail which checks, as row-shaped streaming frames.

Every record-level measure has a ``failing`` expression in the frame of its stage. This module
lines them up per record, for the failing-record export (:mod:`datacheck.failures`) and for
record quality tiers (:mod:`datacheck.tiers`):

* **row stage** — ``failing`` is a row expression over the scan;
* **group stage, key-only** — a ``failing`` that reads only the group key (e.g.
  ``admin_unit_current``: the code itself is current or not) is evaluated row by row;
* **join stage** — the stage's frame is the scan left-joined with the reference grouped by
  its key, one row per record, so joins are chained: each adds its masks and passes the
  record on (order kept when asked);
* **group stage, grouped** — a ``failing`` that needs the group (``unique``: its size) is
  computed per group first; the records of the failing groups are then marked by a left join
  on the key with the (small) table of failing keys.

No step collects the data: the failing-key tables hold failing groups only, and everything
else streams. Dataset-level measures (``row_count``, ``required_columns``) have no
``failing`` expression and mark no record.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> from datetime import datetime, timezone
>>> from datacheck.checks.base import CompileContext
>>> from datacheck.engine.plan import compile_plan
>>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"]),
...                                    dc.checks.Unique(columns=["a"]),
...                                    dc.checks.RowCount(min=1)])
>>> ctx = CompileContext(schema=pl.Schema({"a": pl.Int64}),
...                      as_of=datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> stages = RecordStages.of(compile_plan(suite, ctx))
>>> stages.row, list(stages.grouped.values()), stages.indices
((0,), [(1,)], (0, 1))
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import polars as pl

from datacheck.checks.base import Measure
from datacheck.engine.plan import Plan
from datacheck.engine.stages import (
    RANK_NEEDS,
    RANK_UNUSABLE,
    ROW_STAGE,
    GroupStage,
    JoinStage,
    with_derived,
)

__all__ = [
    "ROW_INDEX",
    "RecordStages",
    "failing_key_queries",
    "mask_name",
    "rank_expr",
    "record_frame",
    "tier_count_query",
]

ROW_INDEX: Final = "__datacheck_row"
"""The record's position in the source (0-based), added before anything else."""

RANK: Final = "__datacheck_rank"
"""Per-record tier rank column (0 usable, 1 needs correction, 2 unusable)."""

TIER_NEEDS: Final = "__datacheck_tier_needs_correction"
TIER_UNUSABLE: Final = "__datacheck_tier_unusable"


def mask_name(index: int) -> str:
    """The column holding the failing mask of the planned result at ``index``."""
    return f"__datacheck_fail_{index}"


def evaluated_name(index: int) -> str:
    """The column holding the rows the planned result at ``index`` evaluates (a boolean)."""
    return f"__datacheck_evaluated_{index}"


def value_name(index: int, position: int) -> str:
    """The column holding the ``position``-th shown value of result ``index`` (failing rows)."""
    return f"__datacheck_value_{index}_{position}"


def reads_only_key(measure: Measure) -> bool:
    """Whether a group-stage measure's ``failing`` reads nothing but the group key."""
    stage = measure.stage
    if measure.failing is None or not isinstance(stage, GroupStage):
        return False
    return set(measure.failing.meta.root_names()) <= set(stage.key)


@dataclass(frozen=True)
class RecordStages:
    """The record-level results of a plan (those with a ``failing`` mask), by how they mark rows.

    Attributes
    ----------
    row
        Row-stage results and key-only group results: masks evaluated on the scan's rows.
    joins
        Join-stage results, by join, in plan order.
    grouped
        Group-stage results whose mask needs the group, by group key, in plan order.
    """

    row: tuple[int, ...] = ()
    joins: Mapping[JoinStage, tuple[int, ...]] = field(default_factory=dict)
    grouped: Mapping[GroupStage, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan, include: Collection[int] | None = None) -> RecordStages:
        """Classify the plan's record-level results (only ``include``, when given)."""
        row: list[int] = []
        joins: dict[JoinStage, list[int]] = {}
        grouped: dict[GroupStage, list[int]] = {}
        for stage, indices in plan.stages.items():
            for index in indices:
                measure = plan.results[index].measure
                if measure is None or measure.failing is None:
                    continue
                if include is not None and index not in include:
                    continue
                if stage == ROW_STAGE or reads_only_key(measure):
                    row.append(index)
                elif isinstance(stage, JoinStage):
                    joins.setdefault(stage, []).append(index)
                elif isinstance(stage, GroupStage):
                    grouped.setdefault(stage, []).append(index)
        return cls(
            row=tuple(sorted(row)),
            joins={s: tuple(v) for s, v in joins.items()},
            grouped={s: tuple(v) for s, v in grouped.items()},
        )

    @property
    def indices(self) -> tuple[int, ...]:
        """Every record-level result, in suite order."""
        found = [*self.row]
        for values in (*self.joins.values(), *self.grouped.values()):
            found.extend(values)
        return tuple(sorted(found))

    def __bool__(self) -> bool:
        return bool(self.indices)


def _measure(plan: Plan, index: int) -> Measure:
    measure = plan.results[index].measure
    assert measure is not None
    return measure


def _failing(plan: Plan, index: int) -> pl.Expr:
    failing = _measure(plan, index).failing
    assert failing is not None
    return failing.fill_null(value=False)


def rank_expr(masks: Sequence[tuple[pl.Expr, int]], start: pl.Expr | None = None) -> pl.Expr:
    """The worst rank among the true masks (``start`` for none), as ``UInt8``.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"a": [True, False, False], "b": [True, True, False]})
    >>> df.select(rank_expr([(pl.col("a"), 2), (pl.col("b"), 1)]).alias("r"))["r"].to_list()
    [2, 1, 0]
    """
    # UInt8 literals throughout: an integer literal would widen the column to Int64 and back
    one, two = pl.lit(1, dtype=pl.UInt8), pl.lit(2, dtype=pl.UInt8)
    expr = pl.lit(0, dtype=pl.UInt8) if start is None else start.cast(pl.UInt8)
    needs = [mask for mask, r in masks if r == 1]
    unusable = [mask for mask, r in masks if r == 2]
    if needs:
        expr = pl.when(pl.any_horizontal(needs)).then(pl.max_horizontal(expr, one)).otherwise(expr)
    if unusable:
        expr = pl.when(pl.any_horizontal(unusable)).then(two).otherwise(expr)
    return expr.cast(pl.UInt8)


def tier_sums(rank: pl.Expr) -> list[pl.Expr]:
    """Aggregates counting records of rank 1 and 2 (the tier count columns)."""
    return [
        (rank == 1).sum().cast(pl.Int64).alias(TIER_NEEDS),
        (rank == 2).sum().cast(pl.Int64).alias(TIER_UNUSABLE),
    ]


def group_tier_parts(rank: pl.Expr) -> list[pl.Expr]:
    """Per-group aggregates: how many of the group's records already have rank 1 and 2."""
    return [
        (rank == 1).sum().cast(pl.Int64).alias(RANK_NEEDS),
        (rank == 2).sum().cast(pl.Int64).alias(RANK_UNUSABLE),
    ]


def group_tier_sums(group_rank: pl.Expr, size: pl.Expr) -> list[pl.Expr]:
    """Tier counts over groups, from each group's own rank and its records' ranks."""
    needs, unusable = pl.col(RANK_NEEDS), pl.col(RANK_UNUSABLE)
    return [
        pl.when(group_rank == 2)
        .then(0)
        .when(group_rank == 1)
        .then(size - unusable)
        .otherwise(needs)
        .sum()
        .cast(pl.Int64)
        .alias(TIER_NEEDS),
        pl.when(group_rank == 2)
        .then(size)
        .otherwise(unusable)
        .sum()
        .cast(pl.Int64)
        .alias(TIER_UNUSABLE),
    ]


def _inputs(measures: Sequence[Measure]) -> list[str]:
    return list(dict.fromkeys(c for m in measures for c in m.inputs))


def failing_key_queries(
    plan: Plan,
    stages: RecordStages,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
) -> list[pl.LazyFrame]:
    """For each grouped stage: its failing keys with one mask column per result.

    Each query is one ``group_by`` on the key (holding the key columns, as the run does)
    whose output keeps only failing groups.
    """
    queries = []
    for stage, indices in stages.grouped.items():
        measures = [_measure(plan, i) for i in indices]
        masks = [_failing(plan, i).alias(mask_name(i)) for i in indices]
        names = [mask_name(i) for i in indices]
        queries.append(
            stage.frame(base, references, measures)
            .with_columns(masks)
            .filter(pl.any_horizontal(names))
            .select([*stage.key, *names])
        )
    return queries


ValueBuilder = Callable[[int, Measure], Mapping[str, pl.Expr]]
"""Given a result index and its measure (whose mask column exists), extra columns to add."""


def record_frame(
    plan: Plan,
    stages: RecordStages,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    failing_keys: Sequence[pl.DataFrame],
    carry: Sequence[str] = (),
    values: ValueBuilder | None = None,
    ordered: bool = False,
) -> tuple[pl.LazyFrame, list[str]]:
    """One row per record of ``base`` with a mask column per record-level result.

    Parameters
    ----------
    plan, stages
        The compiled plan and its record-level results.
    base
        The data (with :data:`ROW_INDEX` already added when the caller needs it).
    references
        Named reference datasets.
    failing_keys
        The collected outputs of :func:`failing_key_queries`, in the same order.
    carry
        Source columns to keep in the output (e.g. the row index and the record key).
    values
        Called for each result once its mask exists; its columns are added and carried.
    ordered
        Keep the scan's row order through the joins.

    Returns
    -------
    tuple
        The frame and the names of the columns it carries (``carry``, masks, values).
    """
    row_measures = [_measure(plan, i) for i in stages.row]
    grouped_measures = [_measure(plan, i) for v in stages.grouped.values() for i in v]
    frame = with_derived(base, [*row_measures, *grouped_measures])
    kept = list(dict.fromkeys(carry))

    def add_values(indices: Sequence[int], frame: pl.LazyFrame) -> pl.LazyFrame:
        extra: dict[str, pl.Expr] = {}
        for i in indices if values is not None else ():
            assert values is not None
            extra.update(values(i, _measure(plan, i)))
        kept.extend(extra)
        return frame.with_columns([e.alias(n) for n, e in extra.items()]) if extra else frame

    frame = frame.with_columns([_failing(plan, i).alias(mask_name(i)) for i in stages.row])
    kept.extend(mask_name(i) for i in stages.row)
    frame = add_values(stages.row, frame)
    # what the grouped stages read later: their keys, inputs, derived columns, shown values
    grouped_needs = [c for stage in stages.grouped for c in stage.key]
    for measure in grouped_measures:
        grouped_needs.extend(measure.inputs)
        grouped_needs.extend(measure.derived)
        for expr in shown_columns(measure).values():
            grouped_needs.extend(expr.meta.root_names())
    joins = list(stages.joins.items())
    for position, (stage, indices) in enumerate(joins):
        later = [_measure(plan, i) for _, v in joins[position + 1 :] for i in v]
        later_needs = [c for m in later for c in m.inputs]
        later_needs.extend(
            c for m in later for e in m.derived.values() for c in e.meta.root_names()
        )
        later_needs.extend(c for s, _ in joins[position + 1 :] for c in s.left_on)
        needed = list(dict.fromkeys([*later_needs, *grouped_needs]))
        measures = [_measure(plan, i) for i in indices]
        frame = stage.frame(frame, references, measures, keep=[*kept, *needed], ordered=ordered)
        frame = frame.with_columns([_failing(plan, i).alias(mask_name(i)) for i in indices])
        kept.extend(mask_name(i) for i in indices)
        frame = add_values(indices, frame)
        frame = frame.select(list(dict.fromkeys([*kept, *needed])))
    for (group, indices), table in zip(stages.grouped.items(), failing_keys, strict=True):
        names = [mask_name(i) for i in indices]
        frame = frame.join(
            table.lazy(),
            on=list(group.key),
            how="left",
            nulls_equal=True,
            maintain_order="left" if ordered else None,
        ).with_columns([pl.col(n).fill_null(value=False) for n in names])
        kept.extend(names)
        frame = add_values(indices, frame)
    return frame, kept


def tier_count_query(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    ranks: Mapping[int, int],
    failing_keys: Sequence[pl.DataFrame],
    stages: RecordStages,
) -> pl.LazyFrame:
    """The exact tier counts as one streaming query (given the collected failing keys).

    The general path, used when the metrics query cannot carry the tiers (two or more
    grouped stages, or a run retried check by check).
    """
    frame, _ = record_frame(plan, stages, base, references, failing_keys=failing_keys)
    rank = rank_expr([(pl.col(mask_name(i)), ranks.get(i, 0)) for i in stages.indices])
    return frame.select(tier_sums(rank))


def read_tiers(frames: Sequence[pl.DataFrame]) -> tuple[int, int] | None:
    """The (needs correction, unusable) counts from whichever frame carries them."""
    for frame in frames:
        if TIER_NEEDS in frame.columns and frame.height:
            return int(frame.item(0, TIER_NEEDS) or 0), int(frame.item(0, TIER_UNUSABLE) or 0)
    return None


def shown_columns(measure: Measure) -> dict[str, pl.Expr]:
    """What a failing record shows for this measure: its sample columns, else its inputs."""
    if measure.sample_columns:
        return dict(measure.sample_columns)
    return {c: pl.col(c) for c in measure.inputs}


def as_text(value: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
    """A value as text: nested values as JSON, binary as hex, everything else cast."""
    if dtype is not None and dtype.is_nested():
        encoded = pl.struct(value.alias("v")).struct.json_encode()
        text = encoded.str.strip_prefix('{"v":').str.strip_suffix("}")
        return pl.when(value.is_null()).then(None).otherwise(text)
    if dtype == pl.Binary:
        return value.bin.encode("hex")
    return value.cast(pl.String)
