"""The local runner: execute a plan with Polars' streaming engine.

All stage queries go to ONE ``polars.collect_all`` call (the row stage is one ``select``
over the scan; key and join stages add one query each). Samples come from a second,
bounded step that runs only for results with failures: each sample query filters the
failing rows and stops after ``sample_size`` of them. A key check's smallest failing keys,
and the records of those keys when the key alone makes them up, come out of the metrics
query itself (:mod:`datacheck.engine.group_samples`).

If the combined run fails (for instance one expression errors on a value), stages and then
measures are retried one by one, so the failure is pinned to the one check that caused it
and every other result is still exact.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl

from datacheck._fast import equals_any
from datacheck.checks.base import Measure, SampleInputs
from datacheck.engine.decompose import is_row_local
from datacheck.engine.digit_capture import CaptureError
from datacheck.engine.group_samples import group_select, sample_records, shown, shows_key_only
from datacheck.engine.plan import SAMPLE_KEYS, Plan, metric_name, polars_reason, redact
from datacheck.engine.records import (
    RANK,
    RecordStages,
    evaluated_name,
    failing_key_queries,
    group_tier_sums,
    mask_name,
    rank_expr,
    read_tiers,
    tier_count_query,
    tier_sums,
)
from datacheck.engine.stages import (
    GROUP_SIZE,
    ROW_STAGE,
    GroupStage,
    JoinStage,
    Stage,
    with_derived,
)
from datacheck.errors import DatacheckError, SourceError

__all__ = [
    "DIGIT_SORT_MIN_ROWS",
    "NUMPY_SORT_MIN_ROWS",
    "ExecutionLog",
    "MetricValues",
    "execute",
    "sorts_after_scan",
    "sorts_digit_keys",
]

ROWS = "__datacheck_rows"
ENGINE_ERRORS = (
    pl.exceptions.PolarsError,
    pl.exceptions.PanicException,  # a Rust panic on corrupt data (a BaseException)
    OverflowError,
    ValueError,
    TypeError,
)
"""Errors a query can raise on unexpected data: the engine isolates them to one check."""
ENGINE: Final = "streaming"


@dataclass(frozen=True)
class MetricValues:
    """The measured values of one result."""

    evaluated: int
    failed: int
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ExecutionLog:
    """What the engine ran: queries collected, by purpose (for tests and ``--explain``)."""

    metric_batches: int = 0
    metric_queries: int = 0
    sample_batches: int = 0
    sample_queries: int = 0
    retries: int = 0
    tier_batches: int = 0
    captures: int = 0
    capture_fallbacks: int = 0
    plans: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Deferred:
    """A stage query whose one-row metric frame needs a step after the metrics query.

    A digit key is grouped by capturing its codes during the scan and sorting them once it
    has ended (:mod:`datacheck.engine.digit_capture`): ``query`` runs inside the one metrics
    query, ``finish`` turns its row into the stage's metric row, and ``fallback`` gives the
    stage's query with the sort node, run on its own should the capture fail.
    """

    query: pl.LazyFrame
    finish: Callable[[pl.DataFrame], pl.DataFrame]
    fallback: Callable[[], pl.LazyFrame]


_NO_SHARED_SUBPLANS: Final = pl.QueryOptFlags(comm_subplan_elim=False)

NUMPY_SORT_MIN_ROWS: Final = 10_000_000
"""From this many rows a digit key is sorted by NumPy after the scan even if NumPy must be
imported first (see :func:`sorts_after_scan`)."""

DIGIT_SORT_MIN_ROWS: Final = 500_000
"""Below this many rows, when the rows are known, a digit key is grouped by a hash
``group_by`` like any other key (see :func:`sorts_digit_keys`)."""


def sorts_digit_keys(rows: int | None) -> bool:
    """Whether a digit key (``unique`` on 12-digit ids) is grouped by sorting its codes.

    Sorting integer codes beats hashing the key strings per row, but its query has more
    nodes to set up (the sort, the runs of equal codes, the one-row groups counted apart).
    Measured with the benchmark's reference suite on the first rows of its people file
    (2 CPUs): in new processes (medians of 5) the sort's way took 11 ms more at 2,000 rows,
    6 ms more at 100,000 to 500,000 rows (at 500,000 already 13 ms less CPU time) and 9 ms
    less at 700,000; in one process (medians of 7), 12 ms more at 2,000 rows, the same at
    500,000 and 47 ms less at a million. So it is used from :data:`DIGIT_SORT_MIN_ROWS` rows
    on, and when the rows are unknown. Both ways give the same groups.

    Examples
    --------
    >>> sorts_digit_keys(None), sorts_digit_keys(20_000), sorts_digit_keys(DIGIT_SORT_MIN_ROWS)
    (True, False, True)
    """
    return rows is None or rows >= DIGIT_SORT_MIN_ROWS


def sorts_after_scan(rows: int | None) -> bool:
    """Whether a digit key's codes are sorted by NumPy after the scan, not by the sort node.

    NumPy's sort runs in place, so the codes are held twice (in file order for the records,
    and sorted: 16 bytes a row) instead of four times, and it is faster (0.08 s for 20
    million codes on 2 cores, against 0.3 s). But importing NumPy costs about 50 ms of a
    run's first query. So it is used when NumPy is already imported, when the rows are
    unknown (their memory is then the risk), and from :data:`NUMPY_SORT_MIN_ROWS` rows on:
    measured on the benchmark (2 CPUs, new processes), the reference suite takes 35 ms more
    with NumPy at 5 million rows and 20 ms less at 20 million, its peak memory 600 MiB
    instead of 790 at 20 million. Both ways give the same groups.

    Examples
    --------
    >>> sorts_after_scan(None), sorts_after_scan(NUMPY_SORT_MIN_ROWS)
    (True, True)
    """
    return rows is None or rows >= NUMPY_SORT_MIN_ROWS or "numpy" in sys.modules


StageQuery = pl.LazyFrame | _Deferred
"""What a stage contributes to the metrics query."""


@dataclass
class Execution:
    """The outcome of running a plan.

    ``tiers`` is ``(needs_correction, unusable)``: how many records fall in each tier under
    the ranks given to :func:`execute` (``None`` when no ranks were given or they could not
    be computed).
    """

    rows: int | None
    values: dict[int, MetricValues | DatacheckError]
    samples: dict[int, list[dict[str, Any]]]
    log: ExecutionLog
    tiers: tuple[int, int] | None = None


StageCallback = Callable[[str], None]


def _stage_queries(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    present_key: Sequence[str] | None = None,
    *,
    small: Collection[str] = (),
    data_rows: int | None = None,
) -> list[tuple[Stage, StageQuery]]:
    queries: list[tuple[Stage, StageQuery]] = []
    stages = list(plan.stages)
    if len(stages) > 1 or small:
        base = base.cache()  # every stage (and a reference's key filter) reads one scan
    if ROW_STAGE not in plan.stages:
        stages.insert(0, ROW_STAGE)
    for stage in stages:
        if stage != ROW_STAGE:
            queries.append(
                (
                    stage,
                    _stage_query(
                        plan,
                        stage,
                        base,
                        references,
                        present_key=present_key,
                        small=small,
                        rows=data_rows,
                    ),
                )
            )
            continue
        row_aggregates = plan.aggregates(stage) if stage in plan.stages else []
        measures = plan.measures(stage) if stage in plan.stages else []
        frame = stage.frame(base, references, measures)
        queries.append((stage, frame.select(pl.len().cast(pl.Int64).alias(ROWS), *row_aggregates)))
    return queries


def _records_source(
    plan: Plan,
    stage: Stage,
    frame: pl.LazyFrame,
    present_key: Sequence[str] | None,
    extra: Sequence[str] = (),
) -> pl.LazyFrame | None:
    """The narrow frame a group stage reads when its sample records come with the metrics.

    ``None`` unless a measure of the stage :func:`~datacheck.engine.group_samples.shows_key_only`
    (its records are then found in the metrics query; see
    :mod:`datacheck.engine.group_samples`). The frame holds only the columns the stage reads
    (and ``extra``): cached, it is what the records' semi join holds back until the failing
    keys are known, so it must stay narrow (see :func:`_stage_query`).
    """
    if present_key is None or not isinstance(stage, GroupStage) or plan.sample_size < 1:
        return None
    measures = plan.measures(stage)
    if not any(shows_key_only(m, present_key) for m in measures):
        return None
    names = frame.collect_schema().names()
    columns = dict.fromkeys([*_source_columns(measures, stage, set(names)), *extra])
    return frame.select([c for c in columns if c in names])


def _aggregates(
    plan: Plan, stage: Stage, masked: Collection[int] = (), evaluating: Collection[int] = ()
) -> list[pl.Expr]:
    """The stage's aggregates; a masked result's ``failed`` sums its mask column instead.

    The streaming engine does not share subexpressions between a ``with_columns`` and an
    aggregate, so a result whose mask column exists (for the tiers) counts that column rather
    than evaluating its ``failing`` expression again — when ``failed`` is exactly the sum of
    ``failing``, as for every built-in check. Likewise a result in ``evaluating`` counts its
    :func:`~datacheck.engine.records.evaluated_name` column (see :func:`_evaluated_rows`).
    """
    exprs = plan.aggregates(stage) if stage in plan.stages else []
    out = []
    for expr in exprs:
        name = expr.meta.output_name()
        index, _, part = name.removeprefix("__m").partition("__")
        measure = plan.results[int(index)].measure if index.isdigit() else None
        if part == "evaluated" and index.isdigit() and int(index) in evaluating:
            expr = pl.col(evaluated_name(int(index))).sum().cast(pl.Int64).alias(name)  # noqa: PLW2901
        if part == "failed" and int(index) in masked and measure is not None:
            failing = measure.failing
            if failing is not None and measure.failed.meta.eq(failing.sum().cast(pl.Int64)):
                expr = pl.col(mask_name(int(index))).sum().cast(pl.Int64).alias(name)  # noqa: PLW2901
        out.append(expr)
    return out


def _evaluated_rows(measure: Measure) -> pl.Expr | None:
    """The row expression whose sum is ``measure.evaluated``, when it is exactly such a sum.

    ``x.sum().cast(pl.Int64)`` with ``x`` mapping rows to rows (a row check's ``applies``):
    ``x`` can then be computed beside the masks, as a boolean column, and summed. ``None`` for
    any other ``evaluated`` (``pl.len()``, a group or join aggregate, a plugin's own).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from datacheck.checks import NotNull, Pattern
    >>> from datacheck.checks.base import CompileContext
    >>> ctx = CompileContext(schema=pl.Schema({"a": pl.String}), as_of=datetime.now(UTC))
    >>> (measure,) = Pattern(columns=["a"], pattern="^x$").measures(ctx)
    >>> _evaluated_rows(measure) is not None
    True
    >>> (counts_all,) = NotNull(columns=["a"]).measures(ctx)
    >>> _evaluated_rows(counts_all) is None
    True
    """
    try:
        (summed,) = measure.evaluated.meta.pop()
        (rows,) = summed.meta.pop()
    except (ValueError, pl.exceptions.PolarsError):
        return None
    if not rows.sum().cast(pl.Int64).meta.eq(measure.evaluated) or not is_row_local(rows):
        return None
    return rows


def _read_columns(exprs: Sequence[pl.Expr]) -> set[str]:
    """The columns some expressions read."""
    return {name for expr in exprs for name in expr.meta.root_names()}


def _source_columns(measures: list[Measure], stage: Stage, names: Collection[str]) -> list[str]:
    """The source columns a stage's frame needs from its input (for the tier chain)."""
    columns = [c for m in measures for c in m.inputs]
    exprs = [e for m in measures for e in m.derived.values()]
    if isinstance(stage, JoinStage):
        columns.extend(stage.left_on)
    if isinstance(stage, GroupStage):
        columns.extend(stage.key)
        exprs.extend(e for m in measures for e in m.group_aggs.values())
    columns.extend(c for e in exprs for c in e.meta.root_names())
    return [c for c in dict.fromkeys(columns) if c in names]


def _tiered_queries(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    ranks: Mapping[int, int],
    tiered: RecordStages,
    *,
    present_key: Sequence[str] | None = None,
    small: Collection[str] = (),
    data_rows: int | None = None,
) -> list[tuple[Stage, StageQuery]]:
    """The stage queries, with the record tiers computed inside them (still ONE query).

    The per-record tier rank is the worst rank among the masks a record fails. It starts in
    the row stage (a mask column per ranked result, a rank column), is carried through the
    join stages that hold ranked results (chained: each joins the previous one's frame, so
    the rank travels with the record), and ends either in the last frame of that chain
    (aggregates counting ranks 1 and 2) or, when one group key holds ranked results that
    need the group (``unique``), in that key's ``group_by``: each group counts its records'
    ranks so far, and its own rank overrides them. Stages with no ranked result run as in
    :func:`_stage_queries`. The scan is read once (a cache node feeds every stage).
    """
    names = set(base.collect_schema().names())
    row_indices = set(plan.stages.get(ROW_STAGE, []))
    masked = [i for i in tiered.row if i in row_indices]
    (carrier, carried_group), *_ = [*tiered.grouped.items(), (None, ())]
    joins = list(tiered.joins)
    chain_stages: list[Stage] = [*joins, *([carrier] if carrier is not None else [])]
    if any(s != ROW_STAGE and s not in chain_stages for s in plan.stages):
        base = base.cache()  # the chain and the other stages read the same single scan

    row_measures = plan.measures(ROW_STAGE) if ROW_STAGE in plan.stages else []
    frame = ROW_STAGE.frame(base, references, row_measures)
    prepared = (
        carrier.prepared(frame, plan.measures(carrier))
        if isinstance(carrier, GroupStage) and sorts_digit_keys(data_rows)
        else {}
    )
    # with a chain, the frame is shared by the row select and the chain (a cache node, whose
    # queues hold whole morsels while the scan runs): the rows a result evaluates become a
    # boolean column beside its mask, and the frame keeps only what its readers need
    evaluating = {
        i: rows
        for i in (masked if chain_stages else [])
        if (measure := plan.results[i].measure) is not None
        and (rows := _evaluated_rows(measure)) is not None
    }
    frame = frame.with_columns(
        [
            *(_failing(plan, i).alias(mask_name(i)) for i in masked),
            *(rows.alias(evaluated_name(i)) for i, rows in evaluating.items()),
            *(expr.alias(name) for name, expr in prepared.items()),  # shares the masks' parsing
        ]
    )
    row_masks = [
        (pl.col(mask_name(i)) if i in row_indices else _failing(plan, i), ranks.get(i, 0))
        for i in tiered.row
    ]
    rank = rank_expr(row_masks)
    row_aggs = [
        pl.len().cast(pl.Int64).alias(ROWS),
        *_aggregates(plan, ROW_STAGE, masked, evaluating),
    ]
    queries: list[tuple[Stage, StageQuery]] = []
    if not chain_stages:
        queries.append((ROW_STAGE, frame.select([*row_aggs, *tier_sums(rank)])))
    else:
        chain_reads = [
            *(c for s in chain_stages for c in _source_columns(plan.measures(s), s, names)),
            *prepared,
        ]
        read = _read_columns([*row_aggs, rank]) | set(chain_reads)
        frame = frame.select([c for c in frame.collect_schema().names() if c in read])
        frame = frame.cache()  # read by the row select and by the chain
        queries.append((ROW_STAGE, frame.select(row_aggs)))
        frame = frame.with_columns(rank.alias(RANK))
    for position, stage in enumerate(chain_stages):
        measures = plan.measures(stage)
        later = [
            *(
                c
                for s in chain_stages[position + 1 :]
                for c in _source_columns(plan.measures(s), s, names)
            ),
            *prepared,
        ]
        if isinstance(stage, JoinStage):
            indices = tiered.joins[stage]
            keep = list(dict.fromkeys([RANK, *later]))
            joined = stage.frame(
                frame,
                _join_references(stage, frame, references, measures, small),
                measures,
                keep=keep,
            )
            joined = joined.with_columns([_failing(plan, i).alias(mask_name(i)) for i in indices])
            rank = rank_expr(
                [(pl.col(mask_name(i)), ranks.get(i, 0)) for i in indices], pl.col(RANK)
            )
            aggregates = _aggregates(plan, stage, indices)
            if position == len(chain_stages) - 1:
                queries.append((stage, joined.select([*aggregates, *tier_sums(rank)])))
            else:
                joined = joined.cache()  # read by the join's select and by the next stage
                queries.append((stage, joined.select(aggregates)))
                frame = joined.with_columns(rank.alias(RANK)).select(keep)
        else:
            assert isinstance(stage, GroupStage)
            group_rank = rank_expr([(_failing(plan, i), ranks.get(i, 0)) for i in carried_group])
            query = _stage_query(
                plan,
                stage,
                frame,
                references,
                rank=RANK,
                extra=prepared,
                tier_sums=group_tier_sums(group_rank, pl.col(GROUP_SIZE)),
                # the joins before it do not keep the file's order, which the records need
                present_key=None if joins else present_key,
                rows=data_rows,
            )
            queries.append((stage, query))
    queries.extend(
        (
            stage,
            _stage_query(
                plan,
                stage,
                base,
                references,
                present_key=present_key,
                small=small,
                rows=data_rows,
            ),
        )
        for stage in plan.stages
        if stage != ROW_STAGE and stage not in chain_stages
    )
    return queries


def _join_references(
    stage: Stage,
    frame: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    measures: Sequence[Measure],
    small: Collection[str],
) -> Mapping[str, pl.LazyFrame]:
    """The references a stage over ``frame`` joins: a small data's reference cut to its keys."""
    if isinstance(stage, JoinStage) and stage.reference in small:
        return stage.references_matching(frame, references, measures)
    return references


def _stage_query(
    plan: Plan,
    stage: Stage,
    source: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    rank: str | None = None,
    extra: Collection[str] = (),
    tier_sums: Sequence[pl.Expr] = (),
    present_key: Sequence[str] | None,
    small: Collection[str] = (),
    rows: int | None = None,
    capture: bool = True,
) -> StageQuery:
    """One stage's query over ``source`` (a group stage's with its sample branches).

    ``rank`` names the column of the records' tier ranks a group stage counts, ``extra``
    columns of ``source`` its frame reads beyond the measures' (a prepared digit code), and
    ``tier_sums`` aggregates to add to the measures' own. A join stage whose reference is in
    ``small`` groups only the reference rows whose key is in ``source`` (see :func:`execute`).
    ``rows``, when known, is how many rows ``source`` has. Below
    :data:`DIGIT_SORT_MIN_ROWS` a digit key is hashed like any key
    (:func:`sorts_digit_keys`); else it is grouped by a sort after the scan (a
    :class:`_Deferred` query) when :func:`sorts_after_scan` says so and ``capture`` is true,
    or by the sort node inside the query.
    """
    carried = [*([rank] if rank is not None else []), *extra]
    narrow = _records_source(plan, stage, source, present_key, carried)
    measures = plan.measures(stage)
    if rank is not None:
        aggregates = [*_aggregates(plan, stage), *tier_sums]
    else:
        aggregates = [*plan.aggregates(stage), *tier_sums]
    # a group stage whose digit key (if it has one) is grouped by sorting its codes
    sorting = stage if isinstance(stage, GroupStage) and sorts_digit_keys(rows) else None
    captured = (
        sorting.captured(
            source if narrow is None else narrow,
            measures,
            rank=rank,
            with_codes=narrow is not None,
        )
        if sorting is not None and capture and sorts_after_scan(rows)
        else None
    )
    if captured is not None:

        def finish(seen: pl.DataFrame) -> pl.DataFrame:
            groups = captured.finish(seen)
            query = group_select(
                plan,
                stage,
                groups.groups,
                aggregates,
                codes=groups.codes,
                present_key=present_key or (),
                shared=False,  # built from memory: each branch builds it again
                singles=groups.singles,
            )
            # not comm_subplan_elim: it would put back the cache node ``shared`` leaves out
            return query.collect(engine=ENGINE, optimizations=_NO_SHARED_SUBPLANS)

        def fallback() -> pl.LazyFrame:
            query = _stage_query(
                plan,
                stage,
                source,
                references,
                rank=rank,
                extra=extra,
                tier_sums=tier_sums,
                present_key=present_key,
                small=small,
                rows=rows,
                capture=False,
            )
            assert isinstance(query, pl.LazyFrame)
            return query

        return _Deferred(captured.query, finish, fallback)
    records, codes, singles = None, None, None
    parts = (
        sorting.sorted_parts(
            source if narrow is None else narrow,
            measures,
            rank=rank,
            # a digit key's records are found among the sort's own codes, in file order:
            # nothing but eight bytes a row is held back for them
            with_codes=narrow is not None,
        )
        if sorting is not None
        else None
    )
    whole = None
    if parts is not None:
        frame, codes, singles, whole = parts.groups, parts.codes, parts.singles, parts.whole
    else:
        if narrow is not None:
            records = source = narrow.cache()  # read by the stage, held back for the records
        if isinstance(stage, GroupStage):
            frame = stage.hashed(source, measures, rank=rank)
        else:
            assert rank is None
            joined = _join_references(stage, source, references, measures, small)
            frame = stage.frame(source, joined, measures)
    return group_select(
        plan,
        stage,
        frame,
        aggregates,
        records=records,
        codes=codes,
        present_key=present_key or (),
        singles=singles,
        whole=whole,
    )


def _failing(plan: Plan, index: int) -> pl.Expr:
    measure = plan.results[index].measure
    assert measure is not None
    assert measure.failing is not None
    return measure.failing.fill_null(value=False)


def _metric_queries(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    ranks: Mapping[int, int] | None,
    present_key: Sequence[str] | None = None,
    *,
    small: Collection[str] = (),
    data_rows: int | None = None,
) -> tuple[list[tuple[Stage, StageQuery]], RecordStages | None]:
    """The metric queries, and the ranked record stages when the tiers need another pass.

    With ``present_key`` (the record key columns present in the data), group stages also find
    the sample records that their keys alone make up (:mod:`datacheck.engine.group_samples`).
    Join stages on a reference in ``small`` group only its rows whose key is in the data.
    """
    if ranks is None:
        return (
            _stage_queries(plan, base, references, present_key, small=small, data_rows=data_rows),
            None,
        )
    tiered = RecordStages.of(plan, include={i for i, r in ranks.items() if r > 0})
    if tiered and len(tiered.grouped) <= 1:
        return (
            _tiered_queries(
                plan,
                base,
                references,
                ranks,
                tiered,
                present_key=present_key,
                small=small,
                data_rows=data_rows,
            ),
            None,
        )
    stages = _stage_queries(plan, base, references, present_key, small=small, data_rows=data_rows)
    return stages, tiered


def _collect(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Run every stage query as ONE query: their one-row outputs side by side.

    The scan is shared through a cache node (see :func:`_stage_queries`), so the source is
    read once however many stages there are.
    """
    if len(queries) == 1:
        return [queries[0].collect(engine=ENGINE)]
    combined = pl.concat(queries, how="horizontal").collect(engine=ENGINE)
    frames, start = [], 0
    for query in queries:
        width = len(query.collect_schema())
        frames.append(combined[:, start : start + width])
        start += width
    return frames


def _run_stage_queries(queries: Sequence[StageQuery], log: ExecutionLog) -> list[pl.DataFrame]:
    """Each stage's metric row, from ONE query (see :func:`_collect`).

    A deferred stage's row is then made by its ``finish``. A capture that went wrong
    (:class:`~datacheck.engine.digit_capture.CaptureError`) is not trusted: that stage runs
    again on its own, with the sort node.
    """
    frames = _collect([q.query if isinstance(q, _Deferred) else q for q in queries])
    out = []
    for query, frame in zip(queries, frames, strict=True):
        if not isinstance(query, _Deferred):
            out.append(frame)
            continue
        log.captures += 1
        try:
            out.append(query.finish(frame))
        except CaptureError:
            log.capture_fallbacks += 1
            out.append(query.fallback().collect(engine=ENGINE))
    return out


def _read_values(plan: Plan, stage: Stage, frame: pl.DataFrame) -> dict[int, MetricValues]:
    """Each result's counts and details from its stage's one-row metric frame.

    Internal details (named ``_…``: the sample keys) stay Polars values, exact for every
    dtype — Python's would round nanoseconds to microseconds, and cannot hold dates beyond
    year 9999 — as do the sample records found by the metrics query (not read here).
    """
    internal = [c for c in frame.columns if _is_internal(c)]
    row = frame.drop(internal).row(0, named=True) if frame.height else {}
    out = {}
    for index in plan.stages.get(stage, []):
        measure = plan.results[index].measure
        assert measure is not None
        details = {
            name: _internal(frame, metric_name(index, f"d_{name}"))
            if name.startswith("_")
            else row.get(metric_name(index, f"d_{name}"))
            for name in measure.details
        }
        out[index] = MetricValues(
            evaluated=int(row.get(metric_name(index, "evaluated")) or 0),
            failed=int(row.get(metric_name(index, "failed")) or 0),
            details=details,
        )
    return out


def _is_internal(column: str) -> bool:
    """Whether a metric column holds an internal part (``d__…`` detail, ``_…`` part)."""
    index, _, part = column.removeprefix("__m").partition("__")
    return index.isdigit() and part.startswith(("d__", "_"))


def _internal(frame: pl.DataFrame, column: str) -> Any:
    """An internal detail's value as Polars holds it (a list is a ``Series``), or ``None``."""
    if not frame.height or column not in frame.columns:
        return None
    return frame.get_column(column)[0]


@dataclass
class _Metrics:
    """What the metrics step yields: counts, tiers, and the samples found on the way."""

    rows: int | None
    values: dict[int, MetricValues | DatacheckError]
    tiers: tuple[int, int] | None = None
    records: dict[int, pl.DataFrame] = field(default_factory=dict)


def _run_metrics(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    log: ExecutionLog,
    ranks: Mapping[int, int] | None = None,
    *,
    present_key: Sequence[str] | None = None,
    small: Collection[str] = (),
    data_rows: int | None = None,
) -> _Metrics:
    queries, pending = _metric_queries(
        plan, base, references, ranks, present_key, small=small, data_rows=data_rows
    )
    values: dict[int, MetricValues | DatacheckError] = {}
    log.metric_batches += 1
    log.metric_queries += len(queries)
    try:
        frames = _run_stage_queries([q for _, q in queries], log)
    except ENGINE_ERRORS:
        frames = None
    if frames is not None:
        rows = None
        records: dict[int, pl.DataFrame] = {}
        for (stage, _), frame in zip(queries, frames, strict=True):
            values.update(_read_values(plan, stage, frame))
            records.update(sample_records(plan, stage, frame))
            if stage == ROW_STAGE:
                rows = int(frame.item(0, ROWS))
        tiers = None
        if pending is not None:
            tiers = _run_tiers(plan, base, references, ranks=ranks or {}, stages=pending, log=log)
        elif ranks is not None:
            tiers = read_tiers(frames)
        return _Metrics(rows, values, tiers, records)
    rows, values = _run_isolated(plan, base, references, log)
    tiers = None
    if ranks is not None:
        ran = {i for i, v in values.items() if isinstance(v, MetricValues)}
        include = {i for i, r in ranks.items() if r > 0 and i in ran}
        stages = RecordStages.of(plan, include)
        tiers = _run_tiers(plan, base, references, ranks=ranks, stages=stages, log=log)
    return _Metrics(rows, values, tiers)


def _run_tiers(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    ranks: Mapping[int, int],
    stages: RecordStages,
    log: ExecutionLog,
) -> tuple[int, int] | None:
    """The tier counts by their own exact passes (failing keys, then one streaming count).

    Only for runs whose metrics query cannot carry them: two or more group keys with ranked
    results, or a run retried check by check (its erroring checks are left out).
    """
    if not stages:
        return (0, 0)
    log.tier_batches += 1
    try:
        keys = pl.collect_all(failing_key_queries(plan, stages, base, references), engine=ENGINE)
        query = tier_count_query(
            plan, base, references, ranks=ranks, failing_keys=keys, stages=stages
        )
        return read_tiers([query.collect(engine=ENGINE)])
    except ENGINE_ERRORS:
        return None


def _run_isolated(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    log: ExecutionLog,
) -> tuple[int | None, dict[int, MetricValues | DatacheckError]]:
    """Retry stage by stage, then measure by measure, to pin an error to its check."""
    try:
        rows = int(base.select(pl.len()).collect(engine=ENGINE).item())
    except ENGINE_ERRORS as error:
        reason = redact(polars_reason(error))
        raise SourceError(
            f"cannot read the data: {reason}", f"không đọc được dữ liệu: {reason}"
        ) from None
    values: dict[int, MetricValues | DatacheckError] = {}
    for stage, indices in plan.stages.items():
        log.retries += 1
        measures = plan.measures(stage)
        query = stage.frame(base, references, measures).select(plan.aggregates(stage))
        try:
            values.update(_read_values(plan, stage, query.collect(engine=ENGINE)))
            continue
        except ENGINE_ERRORS:
            pass
        for index in indices:
            single = Plan(plan.results, {stage: [index]})
            measure = plan.results[index].measure
            assert measure is not None
            query = stage.frame(base, references, [measure]).select(single.aggregates(stage))
            log.retries += 1
            try:
                values.update(_read_values(single, stage, query.collect(engine=ENGINE)))
            except ENGINE_ERRORS as error:
                reason = redact(polars_reason(error))
                values[index] = DatacheckError(
                    f"check '{measure.check.kind}' failed while reading the data: {reason}",
                    f"phép kiểm tra '{measure.check.kind}' lỗi khi đọc dữ liệu: {reason}",
                )
    if rows == 0 and any(isinstance(v, DatacheckError) for v in values.values()):
        confirm_empty(base)
    failed = [plan.results[i].measure for i, v in values.items() if isinstance(v, DatacheckError)]
    confirm_readable(base, [c for m in failed if m is not None for c in m.inputs])
    return rows, values


def confirm_readable(base: pl.LazyFrame, columns: Sequence[str]) -> None:
    """Checks failed reading ``columns``: tell a check's error from data that cannot be read.

    The columns are read with no check at all (their null counts: constant memory); if that
    fails too, the data is unreadable (a corrupt page, say), which is bad input for the whole
    run, not an error of each check that read it.

    Raises
    ------
    SourceError
        If the columns cannot be read.
    """
    present = base.collect_schema().names()
    read = [c for c in dict.fromkeys(columns) if c in present]
    if not read:
        return
    try:
        base.select(pl.col(read).is_null().sum()).collect(engine=ENGINE)
    except ENGINE_ERRORS as error:
        reason = redact(polars_reason(error))
        raise SourceError(
            f"cannot read the data: {reason}", f"không đọc được dữ liệu: {reason}"
        ) from None


def confirm_empty(base: pl.LazyFrame) -> None:
    """Zero rows, yet queries failed reading the data: make sure the data is really empty.

    Polars may count rows (and even take ``head``) without parsing a field — a CSV's line
    count — so an unreadable file can look empty; reading every column (null counts: constant
    memory) tells the two apart.
    """
    try:
        read = base.select(pl.len(), pl.all().is_null().sum()).collect(engine=ENGINE)
    except ENGINE_ERRORS as error:
        reason = redact(polars_reason(error))
        raise SourceError(
            f"cannot read the data: {reason}", f"không đọc được dữ liệu: {reason}"
        ) from None
    if read.item(0, 0):
        raise SourceError(
            "cannot count the rows of the data: a row was read but the row count is 0",
            "không đếm được số dòng của dữ liệu: đọc được một dòng nhưng số dòng là 0",
        )


def _group_sample_query(
    measure: Measure, stage: GroupStage, inputs: SampleInputs, present_key: list[str]
) -> pl.LazyFrame | None:
    """The records of the measure's smallest failing keys, in file order."""
    keys = inputs.details.get(SAMPLE_KEYS)
    if keys is None or len(keys) == 0:
        return None
    if isinstance(keys, pl.Series):  # exact: the metric frame's own values
        wanted = keys.struct.unnest()
    else:
        schema = inputs.base.collect_schema()
        wanted = pl.DataFrame(keys, schema={c: schema[c] for c in stage.key})
    base = with_derived(inputs.base, [measure])
    (column, *others) = stage.key
    if not others and _filters_exactly(wanted.get_column(column)):
        # a filter is cheaper than a join: the scan evaluates it as it reads (a few strings
        # by comparisons, cheaper still than is_in's hashing)
        values = wanted.get_column(column)
        equal = equals_any(pl.col(column), values.to_list()) if values.dtype == pl.String else None
        found = base.filter(equal if equal is not None else pl.col(column).is_in(values.implode()))
    else:
        found = base.join(
            wanted.lazy(), on=list(stage.key), how="semi", nulls_equal=True, maintain_order="left"
        )
    return found.select([e.alias(n) for n, e in shown(measure, present_key).items()])


def _filters_exactly(values: pl.Series) -> bool:
    """Whether ``is_in(values)`` keeps exactly the rows a null-equal semi join keeps.

    True for strings and integers without nulls (``is_in`` never matches a null key; float
    keys are left to the join, whose NaN equality ``is_in`` need not share).
    """
    return (values.dtype == pl.String or values.dtype.is_integer()) and not values.has_nulls()


def _sample_query(
    measure: Measure,
    inputs: SampleInputs,
    present_key: list[str],
    *,
    bounded: bool = False,
) -> pl.LazyFrame | None:
    """The failing records of one measure over ``inputs.base``, in file order.

    With ``bounded`` (the base is a prefix of at most :data:`SAMPLE_PREFIX_ROWS` rows), a join
    stage groups only the reference rows whose key occurs in that prefix
    (:meth:`~datacheck.engine.stages.JoinStage.references_matching`), not the whole reference.
    """
    if measure.samples is not None:
        return measure.samples(inputs)
    if measure.failing is None:
        return None
    if isinstance(measure.stage, GroupStage):
        return _group_sample_query(measure, measure.stage, inputs, present_key)
    columns = shown(measure, present_key)
    keep = list(dict.fromkeys([*present_key, *measure.inputs]))
    small = inputs.references if bounded else ()  # a prefix is small beside any reference
    references = _join_references(measure.stage, inputs.base, inputs.references, [measure], small)
    frame = measure.stage.frame(inputs.base, references, [measure], keep=keep, ordered=True)
    return frame.filter(measure.failing).select([e.alias(n) for n, e in columns.items()])


SMALL_DATA_RATIO: Final = 2
"""A reference with at least this many times the data's rows is grouped over the data's keys
only (see :func:`execute`). Measured on the national samples: at 1/2 and below (500,000 records
against the 1,000,000-person master) it saves time and memory; with as many distinct keys on
both sides (a 5M-row file checked against itself) the key filter costs 30% more."""

SAMPLE_FIRST_ROWS = 16_384
"""Samples are first looked for in this many leading rows (enough for failures of 1 in 3,000)."""

SAMPLE_PREFIX_ROWS = 262_144
"""Samples still missing are looked for in this many leading rows; the full scan is last."""


def _sample_queries(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    values: Mapping[int, MetricValues | DatacheckError],
    present_key: list[str],
    sample_size: int,
    bounded: bool = False,
) -> list[tuple[int, pl.LazyFrame]]:
    wanted: list[tuple[int, pl.LazyFrame]] = []
    for index, value in values.items():
        if not isinstance(value, MetricValues) or value.failed <= 0:
            continue
        measure = plan.results[index].measure
        assert measure is not None
        inputs = SampleInputs(base, references, value.details, tuple(present_key))
        try:
            query = _sample_query(measure, inputs, present_key, bounded=bounded)
        except ENGINE_ERRORS:
            continue
        if query is not None:
            wanted.append((index, query.head(sample_size)))
    return wanted


def _whole_data(plan: Plan, index: int) -> bool:
    """Whether a result's samples are looked up over all rows at once, without the prefix.

    True for a window (``tone_style_consistent`` compares a name's spellings across the
    column: its failing rows are only right over all rows) and for a group key (the records of
    the smallest failing keys lie anywhere in the data: the prefix rarely holds them all).
    """
    measure = plan.results[index].measure
    if measure is None or measure.failing is None:
        return False
    if isinstance(measure.stage, GroupStage):
        return True
    exprs = [measure.failing, *measure.derived.values(), *measure.sample_columns.values()]
    return not all(is_row_local(e) for e in exprs)


def _collect_each(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    try:
        return pl.collect_all(queries, engine=ENGINE)
    except ENGINE_ERRORS:
        frames = []
        for query in queries:
            try:
                frames.append(query.collect(engine=ENGINE))
            except ENGINE_ERRORS:
                frames.append(pl.DataFrame())
        return frames


def sample_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The rows of a sample frame as dicts; temporal values Python cannot hold become text.

    Polars, Arrow and Parquet allow dates outside Python's years 1-9999; ``to_dicts`` raises
    (or panics) on them, so such frames give their temporal columns as ISO text instead.

    Examples
    --------
    >>> frame = pl.DataFrame({"d": pl.Series([12_000_000]).cast(pl.Date)})
    >>> sample_rows(frame)
    [{'d': '+34824-11-19'}]
    """
    try:
        return frame.to_dicts()
    except (ValueError, OverflowError, pl.exceptions.PanicException):
        return frame.with_columns(
            _as_text(frame.get_column(name))
            for name, dtype in frame.schema.items()
            if dtype.is_temporal()
        ).to_dicts()


def _as_text(column: pl.Series) -> pl.Series:
    """A temporal column as ISO text; beyond Polars' own calendar, its raw count and unit."""
    try:
        return column.cast(pl.String)
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):
        unit = getattr(column.dtype, "time_unit", None) or "days"
        raw = column.to_physical().cast(pl.String)
        return (raw + f" {unit} from 1970-01-01").alias(column.name)


def _run_samples(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    values: Mapping[int, MetricValues | DatacheckError],
    key: tuple[str, ...],
    sample_size: int,
    log: ExecutionLog,
    rows: int | None = None,
    known: Mapping[int, pl.DataFrame] | None = None,
) -> dict[int, list[dict[str, Any]]]:
    """The first ``sample_size`` failing records of each failing result, in file order.

    The queries first run over the leading :data:`SAMPLE_FIRST_ROWS` rows, then (for the
    results still short of samples) the leading :data:`SAMPLE_PREFIX_ROWS` rows, each prefix
    read once into memory (cheap: the scan stops there). A result whose prefixes yield fewer
    than ``min(sample_size, failed)`` records is looked up again over all rows, in one batch
    with the results always looked up over all rows (see :func:`_whole_data`) — so the
    samples are always exactly the first failing records of the whole data, as if found by
    one full scan. Data of at most ``SAMPLE_PREFIX_ROWS`` rows (``rows``) is read into memory
    once (the columns the lookups need) and looked up there in one batch. The records
    ``known`` already (found by the metrics query, in file order) are not looked up.
    """
    if sample_size <= 0:
        return {}
    schema = base.collect_schema()
    present_key = [c for c in key if c in schema]
    failing = {i: v for i, v in values.items() if isinstance(v, MetricValues) and v.failed > 0}
    found: dict[int, list[dict[str, Any]]] = {
        i: sample_rows(records.head(sample_size))
        for i, records in (known or {}).items()
        if i in failing and records.height >= min(sample_size, failing[i].failed)
    }  # (fewer records than failures allow would be a defect: those are looked up again)
    failing = {i: v for i, v in failing.items() if i not in found}

    def lookup(
        *parts: tuple[pl.LazyFrame, Collection[int], bool],
    ) -> dict[int, list[dict[str, Any]]]:
        # each part: a frame, the results to look up in it, and whether it is a bounded prefix
        queries = [
            query
            for frame, wanted, bounded in parts
            for query in _sample_queries(
                plan,
                frame,
                references,
                values={i: failing[i] for i in sorted(wanted)},
                present_key=present_key,
                sample_size=sample_size,
                bounded=bounded,
            )
        ]
        if not queries:
            return {}
        log.sample_batches += 1
        log.sample_queries += len(queries)
        frames = _collect_each([q for _, q in queries])
        return {i: sample_rows(frame) for (i, _), frame in zip(queries, frames, strict=True)}

    if failing and rows is not None and rows <= SAMPLE_PREFIX_ROWS:
        # small data: read once into memory (the columns the lookups need); every lookup
        # then reads that copy instead of scanning the source again
        copy = _prefix(plan, base, set(failing), present_key, SAMPLE_PREFIX_ROWS)
        found.update(lookup((copy, set(failing), True)))
        return found
    whole = {i for i in failing if _whole_data(plan, i)}
    pending = set(failing) - whole
    for size in sorted({min(SAMPLE_FIRST_ROWS, SAMPLE_PREFIX_ROWS), SAMPLE_PREFIX_ROWS}):
        if not pending:
            break
        # the whole-data lookups ride along with the first prefix (it is read into memory,
        # so the two do not share a scan)
        found.update(
            lookup(
                (_prefix(plan, base, pending, present_key, size), pending, True),
                (base, whole, False),
            )
        )
        whole = set()
        pending = {
            index
            for index in pending
            if index in found and len(found[index]) < min(sample_size, failing[index].failed)
        }
    if whole or pending:
        found.update(lookup((base, whole | pending, False)))
    return found


def _prefix(
    plan: Plan, base: pl.LazyFrame, indices: Collection[int], present_key: list[str], rows: int
) -> pl.LazyFrame:
    """The leading rows the first sample lookups read: in memory when their columns are known.

    Reading the prefix once beats letting every sample query scan it (each query's filter is
    pushed into its own scan). A measure with its own sample query may read any column: the
    prefix then stays lazy.
    """
    prefix = base.head(rows)
    if not indices:
        return prefix
    names = base.collect_schema().names()
    columns: list[str] = list(present_key)
    for index in indices:
        measure = plan.results[index].measure
        if measure is None or measure.samples is not None:
            return prefix
        exprs = [*measure.derived.values(), *shown(measure, present_key).values()]
        if measure.failing is not None:
            exprs.append(measure.failing)
        columns.extend(_source_columns([measure], measure.stage, names))
        columns.extend(c for e in exprs for c in e.meta.root_names())
    wanted = [c for c in names if c in set(columns)]
    try:
        return prefix.select(wanted).collect(engine=ENGINE).lazy()
    except ENGINE_ERRORS:
        return prefix  # each query then meets (and isolates) the error on its own


def execute(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    key: tuple[str, ...] = (),
    sample_size: int = 5,
    on_step: StageCallback | None = None,
    ranks: Mapping[int, int] | None = None,
    rows: int | None = None,
    reference_rows: Mapping[str, int] | None = None,
) -> Execution:
    """Run a plan: one batch of metric queries, then bounded batches of sample queries.

    The metrics query also yields the records of key checks whose key alone makes up their
    samples (:mod:`datacheck.engine.group_samples`); the sample step looks up the rest.

    Parameters
    ----------
    plan
        The compiled plan.
    base
        The data under test.
    references
        Named reference datasets.
    key
        The record key columns to show with samples.
    sample_size
        Failing records to keep per result.
    on_step
        Called with ``"metrics"`` and ``"samples"`` as each step starts (progress display).
    ranks
        The tier rank (0 usable, 1 needs correction, 2 unusable) of a record failing each
        planned result, by index; when given, the execution counts records per tier.
    rows, reference_rows
        The rows of the data and of each reference, where known without reading them
        (:func:`~datacheck.sources.known_rows`). A reference with at least
        :data:`SMALL_DATA_RATIO` times the data's rows is grouped only over the keys the data
        holds: a semi join, so the reference streams past a hash set of those keys
        (:meth:`~datacheck.engine.stages.JoinStage.references_matching`). The results are the
        same; a sector database checked against the population master reads it at a fraction
        of the cost.
    """
    log = ExecutionLog()
    if on_step is not None:
        on_step("metrics")
    schema = base.collect_schema()
    present_key = [c for c in key if c in schema] if sample_size == plan.sample_size else None
    small = frozenset(
        name
        for name, count in (reference_rows or {}).items()
        if rows is not None and count >= SMALL_DATA_RATIO * rows
    )
    metrics = _run_metrics(
        plan, base, references, log, ranks, present_key=present_key, small=small, data_rows=rows
    )
    if on_step is not None:
        on_step("samples")
    samples = _run_samples(
        plan,
        base,
        references,
        values=metrics.values,
        key=key,
        sample_size=sample_size,
        log=log,
        rows=metrics.rows,
        known=metrics.records,
    )
    return Execution(
        rows=metrics.rows, values=metrics.values, samples=samples, log=log, tiers=metrics.tiers
    )
