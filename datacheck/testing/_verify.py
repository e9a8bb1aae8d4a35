"""Exact verdicts on generated data, from the checks' own compiled measures.

The generator proposes values and this module says, row by row, which results fail: it
compiles the suite with :func:`datacheck.engine.plan.compile_plan` (the engine's own
plan) and evaluates each measure's ``failing`` expression in the frame of its stage — the
scan, the group-by of a key (mapped back to the rows of failing groups) or the join with a
reference. Counts and statuses come from the same aggregates the engine runs, so a frame
the generator accepts is one :func:`datacheck.run` passes.

:class:`Judge` evaluates candidate values (a few columns, many candidates) against the
row-level measures reading only those columns, to pick proposals before they enter a frame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from datacheck.checks.base import Check, CompileContext, Measure, RowCheck
from datacheck.engine.plan import Plan, compile_plan, metric_name
from datacheck.engine.stages import ROW_STAGE, GroupStage
from datacheck.score import status
from datacheck.suite import Suite

__all__ = ["ROW", "Judge", "Outcome", "ResultState", "Verifier"]

ROW = "__datacheck_testing_row"


@dataclass
class ResultState:
    """One result's verdict on a frame."""

    id: str
    check: Check
    columns: tuple[str, ...]
    measure: Measure | None
    evaluated: int = 0
    failed: int = 0
    status: str = "not_applicable"
    rows: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def dataset_level(self) -> bool:
        """Whether the result is about the dataset (no failing rows to point at)."""
        return self.measure is not None and self.measure.failing is None


@dataclass
class Outcome:
    """Every result's verdict on one frame, in suite order."""

    results: dict[str, ResultState]

    def failing(self) -> dict[str, ResultState]:
        """Results with failed rows, an error, or a failing dataset-level verdict."""
        return {
            rid: state
            for rid, state in self.results.items()
            if state.error is not None or state.failed > 0
        }


class Verifier:
    """Compile a suite once per schema and give exact per-row verdicts on frames.

    Parameters
    ----------
    suite
        The suite whose checks judge the frames.
    as_of
        The as-of instant of the runs the frames are meant for.
    """

    def __init__(self, suite: Suite, as_of: datetime) -> None:
        self.suite = suite
        self.as_of = as_of
        self._plans: dict[tuple[Any, ...], Plan] = {}

    def context(
        self, schema: pl.Schema, reference_schemas: Mapping[str, pl.Schema]
    ) -> CompileContext:
        """The compile context of a run over data of ``schema``."""
        return CompileContext(
            schema=schema,
            as_of=self.as_of,
            timezone=self.suite.timezone,
            placeholders=self.suite.placeholders,
            key=self.suite.key,
            reference_schemas=dict(reference_schemas),
            sample_size=0,
        )

    def plan(self, schema: pl.Schema, reference_schemas: Mapping[str, pl.Schema]) -> Plan:
        """The suite's plan for data of ``schema`` (cached)."""
        key = (
            tuple(schema.items()),
            tuple(sorted((n, tuple(s.items())) for n, s in reference_schemas.items())),
        )
        plan = self._plans.get(key)
        if plan is None:
            plan = compile_plan(self.suite, self.context(schema, reference_schemas))
            self._plans[key] = plan
        return plan

    def outcome(self, frame: pl.DataFrame, references: Mapping[str, pl.DataFrame]) -> Outcome:
        """Every result's counts, status and failing rows on ``frame``."""
        plan = self.plan(frame.schema, {n: r.schema for n, r in references.items()})
        states: dict[str, ResultState] = {}
        for planned in plan.results:
            state = ResultState(planned.id, planned.check, planned.columns, planned.measure)
            if planned.error is not None:
                state.error = planned.error.en
                state.status = "error"
            states[planned.id] = state
        base = frame.lazy().with_row_index(ROW)
        refs = {name: ref.lazy() for name, ref in references.items()}
        queries: list[pl.LazyFrame] = []
        parts: list[tuple[list[int], list[int]]] = []
        for stage, indices in plan.stages.items():
            measures = plan.measures(stage)
            stage_frame = stage.frame(base, refs, measures, keep=[ROW], ordered=True)
            with_rows = [i for i in indices if _measure(plan, i).failing is not None]
            queries.append(stage_frame.select(plan.aggregates(stage)))
            queries.append(_failing_rows(plan, stage, stage_frame, base, with_rows))
            parts.append((indices, with_rows))
        tables = pl.collect_all(queries)  # one call: the stages run side by side
        for position, (indices, with_rows) in enumerate(parts):
            counts, flags = tables[2 * position], tables[2 * position + 1]
            row_numbers = flags[ROW]
            for index in indices:
                planned = plan.results[index]
                state = states[planned.id]
                state.evaluated = int(counts[metric_name(index, "evaluated")][0] or 0)
                state.failed = int(counts[metric_name(index, "failed")][0] or 0)
                check = planned.check
                state.status = status(state.evaluated, state.failed, check.threshold, check.warn)
                if index in with_rows and state.failed:
                    state.rows = row_numbers.filter(flags[f"__f{index}"]).sort().to_list()
        return Outcome(states)


def _measure(plan: Plan, index: int) -> Measure:
    measure = plan.results[index].measure
    assert measure is not None
    return measure


def _failing_rows(
    plan: Plan, stage: Any, stage_frame: pl.LazyFrame, base: pl.LazyFrame, indices: list[int]
) -> pl.LazyFrame:
    """Row numbers with one flag per measure (group stages: the rows of failing groups)."""
    exprs = []
    for index in indices:
        failing = _measure(plan, index).failing
        assert failing is not None
        exprs.append(failing.fill_null(value=False).alias(f"__f{index}"))
    if isinstance(stage, GroupStage):
        key = list(stage.key)
        groups = stage_frame.select(*key, *exprs)
        names = [f"__f{i}" for i in indices]
        joined = base.select(ROW, *key).join(groups, on=key, how="left", nulls_equal=True)
        return joined.select(ROW, *[pl.col(n).fill_null(value=False) for n in names])
    return stage_frame.select(ROW, *exprs)


class Judge:
    """Evaluate candidate values of a few columns against the row checks reading only them.

    Parameters
    ----------
    plan
        The suite's plan for the full schema.
    schema
        The full schema (dtypes of the candidate columns).
    columns
        The candidate columns.
    """

    def __init__(
        self, plan: Plan, schema: pl.Schema, columns: Sequence[str], ctx: CompileContext
    ) -> None:
        wanted = set(columns)
        self.columns = tuple(columns)
        self.schema = pl.Schema({c: schema[c] for c in columns})
        self.rules: dict[str, tuple[pl.Expr, dict[str, pl.Expr]]] = {}
        for planned in plan.results:
            measure = planned.measure
            if measure is None or not measure.inputs or not set(measure.inputs) <= wanted:
                continue
            check = planned.check
            if isinstance(check, RowCheck) and len(planned.columns) == 1:
                # a row check's own rule judges one row at a time, whatever stage its
                # measure runs in (admin_unit_current groups by code to save work)
                rule = check.rule(planned.columns[0], ctx)
                fails = rule.fails.fill_null(value=False)
                if rule.applies is not None:
                    fails = rule.applies.fill_null(value=False) & fails
                self.rules[planned.id] = (fails, dict(rule.derived))
            elif measure.stage == ROW_STAGE and measure.failing is not None:
                self.rules[planned.id] = (measure.failing, dict(measure.derived))

    def failures(self, candidates: Mapping[str, Sequence[Any]]) -> dict[str, list[bool]]:
        """For each result id, whether each candidate row fails it (nulls never fail here).

        Rows are judged independently of each other only for checks that compare a row
        with itself; a check comparing rows (``tone_style_consistent``) sees the batch.
        """
        size = len(next(iter(candidates.values()))) if candidates else 0
        if not self.rules or size == 0:
            return {rid: [False] * size for rid in self.rules}
        frame = pl.DataFrame(
            {c: pl.Series(c, list(candidates[c]), dtype=self.schema[c]) for c in self.columns}
        )
        derived: dict[str, pl.Expr] = {}
        for _, extra in self.rules.values():
            for name, expr in extra.items():
                derived.setdefault(name, expr.alias(name))
        lazy = frame.lazy().with_columns(list(derived.values())) if derived else frame.lazy()
        exprs = [fails.fill_null(value=False).alias(rid) for rid, (fails, _) in self.rules.items()]
        table = lazy.select(exprs).collect()
        return {rid: table[rid].to_list() for rid in self.rules}

    def passing(
        self, candidates: Mapping[str, Sequence[Any]], *, except_: str | None = None
    ) -> list[bool]:
        """Whether each candidate passes every judged result (``except_`` aside)."""
        failures = self.failures(candidates)
        size = len(next(iter(candidates.values()))) if candidates else 0
        ok = [True] * size
        for rid, flags in failures.items():
            if rid == except_:
                continue
            ok = [a and not b for a, b in zip(ok, flags, strict=True)]
        return ok
