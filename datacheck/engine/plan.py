"""Compile a suite into a plan: every measure assigned to a stage, bad checks set aside.

A plan has one query per stage: the row stage (ONE ``select`` of aggregates over the scan),
one ``group_by`` per key, one join per (reference, key). Before anything touches the data,
each measure is validated against the schema and probed on an empty frame of the same
schema, so a check that cannot run (missing column, wrong type, bad regex) becomes an
``error`` result with a clear reason while the rest of the suite runs.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> from datacheck.engine.plan import compile_plan
>>> from datacheck.checks.base import CompileContext
>>> from datetime import datetime, timezone
>>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a", "b"]),
...                                    dc.checks.Unique(columns=["a"])])
>>> ctx = CompileContext(schema=pl.Schema({"a": pl.Int64, "b": pl.String}),
...                      as_of=datetime(2026, 1, 1, tzinfo=timezone.utc))
>>> plan = compile_plan(suite, ctx)
>>> [stage.describe() for stage in plan.stages]
['scan', 'group_by(a)']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from datacheck.checks.base import Check, CompileContext, Measure
from datacheck.engine.stages import GroupStage, Stage
from datacheck.errors import DatacheckError, did_you_mean, did_you_mean_vi, polars_reason
from datacheck.suite import Suite

__all__ = ["Plan", "PlannedResult", "compile_plan", "polars_reason", "redact"]


@dataclass(frozen=True)
class PlannedResult:
    """One expected result: either a measure to run or the error that prevents it."""

    check: Check
    columns: tuple[str, ...]
    measure: Measure | None = None
    error: DatacheckError | None = None

    @property
    def id(self) -> str:
        """The result id."""
        return self.check.result_id(self.columns)


@dataclass
class Plan:
    """The compiled suite: planned results in suite order and measures grouped by stage."""

    results: list[PlannedResult]
    stages: dict[Stage, list[int]] = field(default_factory=dict)
    sample_size: int = 0
    """How many keys each group-stage measure's :data:`SAMPLE_KEYS` detail keeps, as
    :func:`compile_plan` set them; 0 for a plan built otherwise, whose group stages then get
    no sample branches in the local engine (the detail's aggregate still runs elsewhere)."""

    def measures(self, stage: Stage) -> list[Measure]:
        """The measures evaluated in ``stage``."""
        out = []
        for index in self.stages[stage]:
            measure = self.results[index].measure
            assert measure is not None
            out.append(measure)
        return out

    def aggregates(self, stage: Stage) -> list[pl.Expr]:
        """The aliased aggregate expressions of ``stage``."""
        exprs: list[pl.Expr] = []
        for index in self.stages[stage]:
            measure = self.results[index].measure
            assert measure is not None
            exprs.extend(_aliased(index, measure))
        return exprs

    def queries(
        self, base: pl.LazyFrame, references: Mapping[str, pl.LazyFrame]
    ) -> list[tuple[Stage, pl.LazyFrame]]:
        """One lazy query per stage."""
        return [
            (
                stage,
                stage.frame(base, references, self.measures(stage)).select(self.aggregates(stage)),
            )
            for stage in self.stages
        ]

    def explain(self, base: pl.LazyFrame, references: Mapping[str, pl.LazyFrame]) -> str:
        """The optimised query plans, one per stage."""
        parts = []
        for stage, query in self.queries(base, references):
            parts.append(f"--- {stage.describe()} ---\n{query.explain(engine='streaming')}")
        return "\n".join(parts)


def metric_name(index: int, part: str) -> str:
    """The column name of one aggregate of the measure at ``index``."""
    return f"__m{index}__{part}"


def _aliased(index: int, measure: Measure) -> list[pl.Expr]:
    exprs = [
        measure.evaluated.alias(metric_name(index, "evaluated")),
        measure.failed.alias(metric_name(index, "failed")),
    ]
    exprs.extend(
        expr.alias(metric_name(index, f"d_{name}")) for name, expr in measure.details.items()
    )
    return exprs


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]')


def redact(reason: str) -> str:
    """Remove data values an engine error may quote (they can be personal data).

    Examples
    --------
    >>> redact('conversion failed for 1 out of 1 values: ["001203005678"]')
    'conversion failed for 1 out of 1 values: […]'
    """
    return _QUOTED.sub(lambda m: "[…]" if m.group(0).startswith("[") else '"…"', reason)


def _missing_column(column: str, schema: pl.Schema, where: str) -> DatacheckError:
    names = list(schema)
    return DatacheckError(
        # repr: a name holding a line break keeps the message on one line
        f"column {column!r} not found in {where}{did_you_mean(column, names)}",
        f"không tìm thấy cột {column!r} trong {_vi_where(where)}{did_you_mean_vi(column, names)}",
    )


def _vi_where(where: str) -> str:
    return where.replace("the data", "dữ liệu").replace("reference", "tham chiếu")


def _validate(
    measure: Measure,
    ctx: CompileContext,
    reference_schemas: Mapping[str, pl.Schema],
) -> DatacheckError | None:
    for column in measure.inputs:
        if column not in ctx.schema:
            return _missing_column(column, ctx.schema, "the data")
    for column in measure.columns:
        dtype = ctx.schema.get(column)
        # an all-null column of type Null (Arrow, Python lists) suits every check: its
        # values are missing, so value checks evaluate nothing and not_null fails them all
        if dtype is not None and dtype != pl.Null and not measure.column_kind.accepts(dtype):
            kind = measure.column_kind
            return DatacheckError(
                f"column '{column}' has type {dtype}; check '{measure.check.kind}' expects "
                f"{kind.name_en}",
                f"cột '{column}' có kiểu {dtype}; phép kiểm tra '{measure.check.kind}' cần "
                f"{kind.name_vi}",
            )
    for reference, column in measure.reference_inputs:
        schema = reference_schemas.get(reference)
        if schema is None:
            return DatacheckError(
                f"reference '{reference}' is not available",
                f"không có dữ liệu tham chiếu '{reference}'",
            )
        if column not in schema:
            return _missing_column(column, schema, f"reference '{reference}'")
    return None


_PROBE_ERRORS = (pl.exceptions.PolarsError, OverflowError, ValueError, TypeError)


def _empty_frames(
    ctx: CompileContext, reference_schemas: Mapping[str, pl.Schema]
) -> tuple[pl.LazyFrame, dict[str, pl.LazyFrame]]:
    """Empty frames of the data's and the references' schemas, for the probes."""
    empty = pl.LazyFrame(schema=ctx.schema)
    refs = {name: pl.LazyFrame(schema=schema) for name, schema in reference_schemas.items()}
    return empty, refs


def _probe_queries(
    measures: Sequence[Measure],
    empty: pl.LazyFrame,
    refs: Mapping[str, pl.LazyFrame],
) -> list[pl.LazyFrame]:
    """The measures' aggregates and failing filters over empty frames of the real schemas.

    Measures of one stage share its frame, as in the engine's own query: per stage, one
    ``select`` of every aggregate and one ``filter`` by every failing mask.
    """
    by_stage: dict[Stage, list[Measure]] = {}
    for measure in measures:
        by_stage.setdefault(measure.stage, []).append(measure)
    queries = []
    for stage, grouped in by_stage.items():
        frame = stage.frame(empty, refs, grouped)
        queries.append(frame.select([e for i, m in enumerate(grouped) for e in _aliased(i, m)]))
        failing = [m.failing for m in grouped if m.failing is not None]
        if failing:
            queries.append(frame.filter(*failing))
    return queries


def _probe_all(
    measures: Sequence[Measure],
    ctx: CompileContext,
    reference_schemas: Mapping[str, pl.Schema],
) -> list[DatacheckError | None]:
    """:func:`_probe` for many measures: one batch when none fails, else one by one."""
    try:
        empty, refs = _empty_frames(ctx, reference_schemas)
    except _PROBE_ERRORS as error:  # no measure can run on these schemas
        return [_cannot_run(m, error) for m in measures]
    try:
        pl.collect_all(_probe_queries(measures, empty, refs))
    except _PROBE_ERRORS:
        return [_probe(m, empty, refs) for m in measures]
    return [None] * len(measures)


def _probe(
    measure: Measure,
    empty: pl.LazyFrame,
    refs: Mapping[str, pl.LazyFrame],
) -> DatacheckError | None:
    """Run the measure on empty frames of the real schemas to surface type errors."""
    try:
        for query in _probe_queries([measure], empty, refs):
            query.collect()
    except _PROBE_ERRORS as error:
        return _cannot_run(measure, error)
    return None


def _cannot_run(measure: Measure, error: Exception) -> DatacheckError:
    reason = redact(polars_reason(error))
    return DatacheckError(
        f"check '{measure.check.kind}' cannot run on {', '.join(measure.columns) or 'data'}:"
        f" {reason}",
        f"phép kiểm tra '{measure.check.kind}' không chạy được trên "
        f"{', '.join(measure.columns) or 'dữ liệu'}: {reason}",
    )


SAMPLE_KEYS = "_sample_keys"
"""Detail of a group-stage measure: the smallest failing keys, for its record samples."""


def _with_sample_keys(planned: PlannedResult, limit: int) -> PlannedResult:
    """Give a group-stage measure with a failing mask the aggregate of its sample keys.

    The smallest failing keys are kept (deterministic whatever the group order); the
    sample step then reads the records of those keys back from the scan.
    """
    measure = planned.measure
    if measure is None or measure.failing is None or not isinstance(measure.stage, GroupStage):
        return planned
    keys = pl.struct(list(measure.stage.key)).filter(measure.failing).sort().head(limit)
    details = {**measure.details, SAMPLE_KEYS: keys.implode()}
    return dataclasses.replace(planned, measure=dataclasses.replace(measure, details=details))


def smallest_failing_keys(
    grouped: pl.LazyFrame, measure: Measure, limit: int, name: str
) -> pl.LazyFrame:
    """The ``limit`` smallest failing keys of a group-stage measure, one row each.

    The rows of the :data:`SAMPLE_KEYS` detail, as a filter, then a sort with a limit:
    every step streams, and the sort sees the failing groups only. (As an aggregate beside
    the measure's counts, the sort cannot stream: the engine then holds the whole group
    frame, a row per key, in memory to evaluate every aggregate.)

    Parameters
    ----------
    grouped
        The frame of ``measure``'s group stage.
    measure
        A group-stage measure with a ``failing`` mask.
    limit
        How many keys to keep.
    name
        The output column: a struct of the key's columns.

    Returns
    -------
    polars.LazyFrame
        Up to ``limit`` rows, smallest key first.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> import polars as pl
    >>> from datacheck.checks import Unique
    >>> from datacheck.checks.base import CompileContext
    >>> from datacheck.engine.stages import GROUP_SIZE
    >>> groups = pl.LazyFrame({"id": ["b", "a", "c", "d"], GROUP_SIZE: [2, 3, 1, 2]})
    >>> ctx = CompileContext(schema=groups.collect_schema(), as_of=datetime.now(UTC))
    >>> (measure,) = Unique(columns=["id"]).measures(ctx)
    >>> smallest_failing_keys(groups, measure, 2, "k").collect()["k"].to_list()
    [{'id': 'a'}, {'id': 'b'}]
    """
    if measure.failing is None or not isinstance(measure.stage, GroupStage):
        msg = f"sample keys need a group-stage measure with a failing mask, got {measure.stage!r}"
        raise ValueError(msg)
    return (
        grouped.filter(measure.failing)
        .select(pl.struct(list(measure.stage.key)).alias(name))
        .sort(name)
        .head(limit)
    )


def _probed(
    results: list[PlannedResult],
    ctx: CompileContext,
    reference_schemas: Mapping[str, pl.Schema],
) -> list[PlannedResult]:
    """The results, each measure that fails on empty frames of the schemas turned into an error."""
    planned = [(i, r.measure) for i, r in enumerate(results) if r.measure is not None]
    problems = _probe_all([m for _, m in planned], ctx, reference_schemas)
    out = list(results)
    for (index, measure), problem in zip(planned, problems, strict=True):
        if problem is not None:
            out[index] = PlannedResult(results[index].check, measure.columns, error=problem)
    return out


def compile_plan(
    suite_or_checks: Suite | Sequence[Check],
    ctx: CompileContext,
) -> Plan:
    """Compile the checks of a suite (or a sequence of checks) into a :class:`Plan`."""
    checks = suite_or_checks.checks if isinstance(suite_or_checks, Suite) else suite_or_checks
    reference_schemas = dict(ctx.reference_schemas)
    results: list[PlannedResult] = []
    for check in checks:
        try:
            measures = check.measures(ctx)
        except DatacheckError as error:
            results.extend(
                PlannedResult(check, columns, error=error) for columns in check.result_columns()
            )
            continue
        except Exception as error:  # noqa: BLE001  (a plugin or edge case must not stop the run)
            reason = redact(polars_reason(error))
            failure = DatacheckError(
                f"check '{check.kind}' cannot be compiled: {type(error).__name__}: {reason}",
                f"không biên dịch được phép kiểm tra '{check.kind}': "
                f"{type(error).__name__}: {reason}",
            )
            results.extend(
                PlannedResult(check, columns, error=failure) for columns in check.result_columns()
            )
            continue
        for measure in measures:
            problem = _validate(measure, ctx, reference_schemas)
            if problem is not None:
                results.append(PlannedResult(check, measure.columns, error=problem))
            else:
                results.append(PlannedResult(check, measure.columns, measure=measure))
    results = _probed(results, ctx, reference_schemas)
    if ctx.sample_size > 0:  # no samples: no keys to find, so no aggregate to hold them
        results = [_with_sample_keys(r, ctx.sample_size) for r in results]
    plan = Plan(results, sample_size=ctx.sample_size)
    for index, planned in enumerate(results):
        if planned.measure is not None:
            plan.stages.setdefault(planned.measure.stage, []).append(index)
    return plan
