"""A group stage's sample keys and sample records, as branches of the metrics query.

A group-stage measure (``unique``) reports its smallest failing keys (the
:data:`~datacheck.engine.plan.SAMPLE_KEYS` detail); its samples are the first records, in file
order, holding one of those keys. Both come out of the metrics query here:

* the keys are a filter, a sort with a limit and an implode over the group frame
  (:func:`~datacheck.engine.plan.smallest_failing_keys`), a branch of its own rather than an
  aggregate beside the counts, so the group frame streams;
* when the samples show nothing but the key's columns (the suite's record key is the checked
  key, as for ``unique`` on ``person_id`` keyed by ``person_id``), the records are a semi join of
  the rows, in file order, with those keys, then the first ``sample_size`` — the rows are the
  narrow frame the group stage reads anyway, so the source is not read again to find them.

Other measures' samples are looked up after the metrics, by the sample step.

"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from datacheck.checks.base import Measure
from datacheck.engine.decompose import NotMergeable, split_aggregate
from datacheck.engine.digit_keys import WEIGHT_COLUMN, expand_singles, records_by_code
from datacheck.engine.plan import SAMPLE_KEYS, Plan, metric_name, smallest_failing_keys
from datacheck.engine.stages import GroupStage, Stage

__all__ = [
    "SAMPLE_ROWS",
    "group_select",
    "sample_records",
    "scales_with_copies",
    "shown",
    "shows_key_only",
]

SAMPLE_ROWS: Final = "_sample_rows"
"""Metric part of a group-stage measure: its sample records, found in the metrics query."""

_ROW: Final = "__datacheck_single_row"


def shown(measure: Measure, present_key: Sequence[str]) -> dict[str, pl.Expr]:
    """The columns a measure's sample records show: the record key, then its own columns.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from datacheck.checks import Unique
    >>> from datacheck.checks.base import CompileContext
    >>> ctx = CompileContext(schema=pl.Schema({"id": pl.String}), as_of=datetime.now(UTC))
    >>> (measure,) = Unique(columns=["id"]).measures(ctx)
    >>> list(shown(measure, ["person_id"]))
    ['person_id', 'id']
    """
    out: dict[str, pl.Expr] = {c: pl.col(c) for c in present_key}
    if measure.sample_columns:
        out.update(measure.sample_columns)
    else:
        out.update({c: pl.col(c) for c in measure.inputs})
    return out


def shows_key_only(measure: Measure, present_key: Sequence[str]) -> bool:
    """Whether a group-stage measure's sample records show its group key's columns alone.

    Such records are fixed by their keys: the metrics query can find them in the narrow frame
    its group stage reads (see the module's description).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from datacheck.checks import Unique
    >>> from datacheck.checks.base import CompileContext
    >>> ctx = CompileContext(schema=pl.Schema({"id": pl.String}), as_of=datetime.now(UTC))
    >>> (measure,) = Unique(columns=["id"]).measures(ctx)
    >>> shows_key_only(measure, ["id"]), shows_key_only(measure, ["name"])
    (True, False)
    """
    stage = measure.stage
    if not isinstance(stage, GroupStage) or measure.failing is None:
        return False
    if measure.samples is not None or measure.sample_columns or measure.derived:
        return False
    return set(shown(measure, present_key)) <= set(stage.key)


def group_select(
    plan: Plan,
    stage: Stage,
    frame: pl.LazyFrame,
    aggregates: list[pl.Expr],
    *,
    records: pl.LazyFrame | None = None,
    codes: pl.LazyFrame | None = None,
    present_key: Sequence[str] = (),
    shared: bool = True,
    singles: pl.LazyFrame | None = None,
    whole: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """``frame.select(aggregates)``, each :data:`SAMPLE_KEYS` aggregate a branch of its own.

    Parameters
    ----------
    plan
        The plan the aggregates come from.
    stage
        Their stage.
    frame
        The stage's frame (for a group stage, a row per group).
    aggregates
        The aliased aggregates to compute.
    records
        The rows the group frame was built from, in file order, holding the key's columns:
        when given, each measure that :func:`shows_key_only` also gets its sample records
        (column ``metric_name(index, SAMPLE_ROWS)``: a list of structs, read back by
        :func:`sample_records`).
    codes
        Instead of ``records``, the rows' digit codes in file order (a key grouped by sorting
        digit codes, :func:`~datacheck.engine.digit_keys.records_by_code`): the records are
        found among them. When a sample key is not a digit string, none are found there and
        the sample step looks them up.
    present_key
        The suite's record key columns present in the data.
    shared
        Whether the branches read ``frame`` through one cache node (so the scan behind it
        runs once). A frame built from memory is better built again for each branch: the
        cache would hold it whole while the sample-key branch's sort waits (300 MiB at 20M
        rows for a digit key's groups, :mod:`datacheck.engine.digit_capture`).
    singles
        More groups of the stage, as rows standing each for :data:`WEIGHT_COLUMN` equal
        groups (:attr:`~datacheck.engine.digit_keys.SortedGroups.singles`). An aggregate that
        is an integer sum of a row-local input is its sum over ``frame`` plus each such row's
        value times its weight (exact); if any other aggregate is asked for, the rows are
        expanded into ``frame`` instead. The sample keys are looked for in ``frame`` and
        these rows.
    whole
        With ``singles``: ``frame`` and the groups ``singles`` stands for, each a row, used
        instead of expanding them (:attr:`~datacheck.engine.digit_keys.SortedGroups.frame`).

    Returns
    -------
    polars.LazyFrame
        One row: the aggregates other than the sample keys, then for each measure with
        sample keys its records (when found here) and its keys; columns are read by name.
    """
    wanted = {metric_name(i, f"d_{SAMPLE_KEYS}"): i for i in plan.stages.get(stage, [])}
    branched = [a for a in aggregates if a.meta.output_name() in wanted]
    if not branched or plan.sample_size < 1:
        branched = []
    counted = [a for a in aggregates if a.meta.output_name() not in wanted or not branched]
    if singles is not None and not _all_scale(counted, frame):
        if whole is None:
            whole = pl.concat([frame, expand_singles(singles)], how="vertical")
        frame, singles = whole, None
    if shared and branched:
        frame = frame.cache()  # read by the aggregates and by each sample-key branch
    if not branched:
        return _counts(frame, singles, counted)
    if singles is None:
        searched = frame
    else:
        if shared:
            singles = singles.cache()  # read by the counts and by the sample keys
        searched = pl.concat([frame, singles.drop(WEIGHT_COLUMN)], how="vertical")
    parts = [_counts(frame, singles, counted)]
    for aggregate in branched:
        name = aggregate.meta.output_name()
        index = wanted[name]
        measure = plan.results[index].measure
        assert measure is not None
        keys = smallest_failing_keys(searched, measure, plan.sample_size, name)
        if (records is not None or codes is not None) and shows_key_only(measure, present_key):
            keys = keys.cache()  # read by the keys' list and by the records' semi join
            parts.append(
                _records(
                    records,
                    codes,
                    keys,
                    measure=measure,
                    limit=plan.sample_size,
                    present_key=present_key,
                    index=index,
                    keys_column=name,
                )
            )
        parts.append(keys.select(pl.col(name).implode()))
    return pl.concat(parts, how="horizontal")


def scales_with_copies(aggregate: pl.Expr, frame: pl.LazyFrame) -> bool:
    """Whether ``aggregate`` over ``n`` copies of a row of ``frame`` is ``n`` times its value.

    True for an integer sum (or count, or ``pl.len()``) of a row-local input, under integer
    casts alone (:func:`~datacheck.engine.decompose.split_aggregate`'s plain sums): each copy
    adds the row's own value, exactly. Anything else (a float sum, a minimum, a count of
    distinct values) is false.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.LazyFrame({"n": [1, 2], "x": [0.5, 1.0]})
    >>> scales_with_copies(pl.col("n").filter(pl.col("n") > 1).sum().cast(pl.Int64), frame)
    True
    >>> scales_with_copies(pl.col("x").sum().cast(pl.Int64), frame)  # a float sum, rounded
    False
    >>> scales_with_copies(pl.col("n").max(), frame)
    False
    >>> scales_with_copies(pl.lit(0, dtype=pl.Int64), frame)
    False
    """
    try:
        split = split_aggregate(aggregate, "__datacheck_leaf")
    except NotMergeable:
        return False
    if len(split.leaves) != 1:  # a constant (no leaf) is the same over any number of rows
        return False
    (leaf,) = split.leaves
    if leaf.kind != "sum" or leaf.raw is None:
        return False
    (dtype,) = frame.select(leaf.raw).collect_schema().dtypes()
    return dtype.is_integer()


def _all_scale(aggregates: list[pl.Expr], frame: pl.LazyFrame) -> bool:
    """Whether every aggregate :func:`scales_with_copies` over ``frame``'s rows."""
    # types read from an empty frame of the same schema: resolving the group frame's whole
    # plan again for each aggregate would cost about a millisecond each
    typed = pl.LazyFrame(schema=frame.collect_schema())
    return all(scales_with_copies(a, typed) for a in aggregates)


def _counts(
    frame: pl.LazyFrame, singles: pl.LazyFrame | None, aggregates: list[pl.Expr]
) -> pl.LazyFrame:
    """One row: ``aggregates`` over ``frame``, plus each of ``singles``' rows times its weight.

    Every aggregate :func:`scales_with_copies` when ``singles`` is given.
    """
    counted = frame.select(aggregates)
    if singles is None:
        return counted
    weight = pl.col(WEIGHT_COLUMN).first()
    weighted = (
        singles.with_row_index(_ROW)
        .group_by(_ROW)
        .agg([(a * weight).alias(a.meta.output_name()) for a in aggregates])
        .select(pl.exclude(_ROW).sum())
    )
    return pl.concat([counted, weighted], how="vertical_relaxed").select(
        pl.col(name).sum().cast(dtype) for name, dtype in counted.collect_schema().items()
    )


def _records(
    rows: pl.LazyFrame | None,
    codes: pl.LazyFrame | None,
    keys: pl.LazyFrame,
    *,
    measure: Measure,
    limit: int,
    present_key: Sequence[str],
    index: int,
    keys_column: str,
) -> pl.LazyFrame:
    """The first ``limit`` rows, in file order, whose key is one of ``keys``: one list.

    Found among ``codes`` when given (a one-column digit key), else among ``rows``.
    """
    assert isinstance(measure.stage, GroupStage)
    key = list(measure.stage.key)
    wanted = keys.select(pl.col(keys_column).struct.unnest())
    if codes is not None:
        (column,) = key
        found = records_by_code(codes, wanted, column)
    else:
        assert rows is not None
        found = rows.select(key).join(
            wanted,
            on=key,
            how="semi",
            nulls_equal=True,  # as the sample step's lookup (a failing key may hold a null)
            maintain_order="left",
        )
    columns = [e.alias(n) for n, e in shown(measure, present_key).items()]
    return (
        found.head(limit)
        .select(pl.struct(columns).alias("records"))
        .select(pl.col("records").implode().alias(metric_name(index, SAMPLE_ROWS)))
    )


def sample_records(plan: Plan, stage: Stage, frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
    """The sample records a stage's metric frame carries (see :func:`group_select`), by index.

    Examples
    --------
    >>> import polars as pl
    >>> plan = Plan([], {})
    >>> sample_records(plan, GroupStage(("id",)), pl.DataFrame({"x": [1]}))
    {}
    """
    out = {}
    for index in plan.stages.get(stage, []):
        name = metric_name(index, SAMPLE_ROWS)
        if name in frame.columns and frame.height:
            out[index] = frame.get_column(name)[0].struct.unnest()
    return out
