"""The local runner: execute a plan with Polars' streaming engine.

All stage queries go to ONE ``polars.collect_all`` call (the row stage is one ``select``
over the scan; key and join stages add one query each). Samples come from a second,
bounded step that runs only for results with failures: each sample query filters the
failing rows and stops after ``sample_size`` of them.

If the combined run fails (for instance one expression errors on a value), stages and then
measures are retried one by one, so the failure is pinned to the one check that caused it
and every other result is still exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl

from datacheck.checks.base import Measure, SampleInputs
from datacheck.engine.plan import SAMPLE_KEYS, Plan, metric_name, polars_reason, redact
from datacheck.engine.stages import ROW_STAGE, GroupStage, Stage, with_derived
from datacheck.errors import DatacheckError, SourceError

__all__ = ["ExecutionLog", "MetricValues", "execute"]

ROWS = "__datacheck_rows"
ENGINE_ERRORS = (pl.exceptions.PolarsError, OverflowError, ValueError, TypeError)
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
    plans: list[str] = field(default_factory=list)


@dataclass
class Execution:
    """The outcome of running a plan."""

    rows: int | None
    values: dict[int, MetricValues | DatacheckError]
    samples: dict[int, list[dict[str, Any]]]
    log: ExecutionLog


StageCallback = Callable[[str], None]


def _stage_queries(
    plan: Plan, base: pl.LazyFrame, references: Mapping[str, pl.LazyFrame]
) -> list[tuple[Stage, pl.LazyFrame]]:
    queries = []
    stages = list(plan.stages)
    if len(stages) > 1:
        base = base.cache()  # every stage reads the same single scan
    if ROW_STAGE not in plan.stages:
        stages.insert(0, ROW_STAGE)
    for stage in stages:
        aggregates = plan.aggregates(stage) if stage in plan.stages else []
        measures = plan.measures(stage) if stage in plan.stages else []
        if stage == ROW_STAGE:
            aggregates = [pl.len().cast(pl.Int64).alias(ROWS), *aggregates]
        frame = stage.frame(base, references, measures)
        queries.append((stage, frame.select(aggregates)))
    return queries


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


def _read_values(plan: Plan, stage: Stage, frame: pl.DataFrame) -> dict[int, MetricValues]:
    row = frame.row(0, named=True) if frame.height else {}
    out = {}
    for index in plan.stages.get(stage, []):
        measure = plan.results[index].measure
        assert measure is not None
        details = {name: row.get(metric_name(index, f"d_{name}")) for name in measure.details}
        out[index] = MetricValues(
            evaluated=int(row.get(metric_name(index, "evaluated")) or 0),
            failed=int(row.get(metric_name(index, "failed")) or 0),
            details=details,
        )
    return out


def _run_metrics(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    log: ExecutionLog,
) -> tuple[int | None, dict[int, MetricValues | DatacheckError]]:
    queries = _stage_queries(plan, base, references)
    values: dict[int, MetricValues | DatacheckError] = {}
    log.metric_batches += 1
    log.metric_queries += len(queries)
    try:
        frames = _collect([q for _, q in queries])
    except ENGINE_ERRORS:
        frames = None
    if frames is not None:
        rows = None
        for (stage, _), frame in zip(queries, frames, strict=True):
            values.update(_read_values(plan, stage, frame))
            if stage == ROW_STAGE:
                rows = int(frame.item(0, ROWS))
        return rows, values
    return _run_isolated(plan, base, references, log)


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
    return rows, values


def _shown(measure: Measure, present_key: list[str]) -> dict[str, pl.Expr]:
    shown: dict[str, pl.Expr] = {c: pl.col(c) for c in present_key}
    if measure.sample_columns:
        shown.update(measure.sample_columns)
    else:
        shown.update({c: pl.col(c) for c in measure.inputs})
    return shown


def _group_sample_query(
    measure: Measure, stage: GroupStage, inputs: SampleInputs, present_key: list[str]
) -> pl.LazyFrame | None:
    """The records of the measure's smallest failing keys, in file order."""
    keys = inputs.details.get(SAMPLE_KEYS) or []
    if not keys:
        return None
    schema = inputs.base.collect_schema()
    wanted = pl.DataFrame(keys, schema={c: schema[c] for c in stage.key}).lazy()
    found = with_derived(inputs.base, [measure]).join(
        wanted, on=list(stage.key), how="semi", nulls_equal=True, maintain_order="left"
    )
    return found.select([e.alias(n) for n, e in _shown(measure, present_key).items()])


def _sample_query(
    measure: Measure,
    inputs: SampleInputs,
    present_key: list[str],
) -> pl.LazyFrame | None:
    if measure.samples is not None:
        return measure.samples(inputs)
    if measure.failing is None:
        return None
    if isinstance(measure.stage, GroupStage):
        return _group_sample_query(measure, measure.stage, inputs, present_key)
    shown = _shown(measure, present_key)
    keep = list(dict.fromkeys([*present_key, *measure.inputs]))
    frame = measure.stage.frame(inputs.base, inputs.references, [measure], keep=keep, ordered=True)
    return frame.filter(measure.failing).select([e.alias(n) for n, e in shown.items()])


SAMPLE_PREFIX_ROWS = 262_144
"""Samples are first looked for in this many leading rows; the full scan is the fallback."""


def _sample_queries(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    values: Mapping[int, MetricValues | DatacheckError],
    present_key: list[str],
    sample_size: int,
) -> list[tuple[int, pl.LazyFrame]]:
    wanted: list[tuple[int, pl.LazyFrame]] = []
    for index, value in values.items():
        if not isinstance(value, MetricValues) or value.failed <= 0:
            continue
        measure = plan.results[index].measure
        assert measure is not None
        inputs = SampleInputs(base, references, value.details, tuple(present_key))
        try:
            query = _sample_query(measure, inputs, present_key)
        except ENGINE_ERRORS:
            continue
        if query is not None:
            wanted.append((index, query.head(sample_size)))
    return wanted


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


def _run_samples(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    values: Mapping[int, MetricValues | DatacheckError],
    key: tuple[str, ...],
    sample_size: int,
    log: ExecutionLog,
) -> dict[int, list[dict[str, Any]]]:
    """The first ``sample_size`` failing records of each failing result, in file order.

    The queries first run over the leading :data:`SAMPLE_PREFIX_ROWS` rows (cheap: the scan
    stops there). A result whose prefix yields fewer than ``min(sample_size, failed)``
    records is looked up again over all rows — so the samples are always exactly the first
    failing records of the whole data, as if found by one full scan.
    """
    if sample_size <= 0:
        return {}
    schema = base.collect_schema()
    present_key = [c for c in key if c in schema]
    prefix = base.head(SAMPLE_PREFIX_ROWS)
    first = _sample_queries(
        plan, prefix, references, values=values, present_key=present_key, sample_size=sample_size
    )
    if not first:
        return {}
    log.sample_batches += 1
    log.sample_queries += len(first)
    found = {
        index: frame.to_dicts()
        for (index, _), frame in zip(first, _collect_each([q for _, q in first]), strict=True)
    }
    short = {
        index: value
        for index, value in values.items()
        if index in found
        and isinstance(value, MetricValues)
        and len(found[index]) < min(sample_size, value.failed)
    }
    if short:
        again = _sample_queries(
            plan, base, references, values=short, present_key=present_key, sample_size=sample_size
        )
        log.sample_batches += 1
        log.sample_queries += len(again)
        frames = _collect_each([q for _, q in again])
        found.update(
            {index: frame.to_dicts() for (index, _), frame in zip(again, frames, strict=True)}
        )
    return found


def execute(
    plan: Plan,
    base: pl.LazyFrame,
    references: Mapping[str, pl.LazyFrame],
    *,
    key: tuple[str, ...] = (),
    sample_size: int = 5,
    on_step: StageCallback | None = None,
) -> Execution:
    """Run a plan: one batch of metric queries, then one bounded batch of sample queries.

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
    """
    log = ExecutionLog()
    if on_step is not None:
        on_step("metrics")
    rows, values = _run_metrics(plan, base, references, log)
    if on_step is not None:
        on_step("samples")
    samples = _run_samples(
        plan, base, references, values=values, key=key, sample_size=sample_size, log=log
    )
    return Execution(rows=rows, values=values, samples=samples, log=log)
