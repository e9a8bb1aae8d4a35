"""``datacheck.run``: suite + source → result.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> suite = dc.Suite(name="people", checks=[dc.checks.NotNull(columns=["id"])])
>>> result = dc.run(suite, pl.DataFrame({"id": [1, 2, None, 4]}), as_of="2026-06-30")
>>> (result.score, result.check("not_null:id").status)
(75.0, 'fail')
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from datacheck import __version__
from datacheck._time import parse_as_of
from datacheck.checks.base import CompileContext
from datacheck.dimensions import Dimension
from datacheck.engine.local import ENGINE, ENGINE_ERRORS, Execution, MetricValues, execute
from datacheck.engine.plan import Plan, compile_plan
from datacheck.engine.stages import GroupStage, JoinStage
from datacheck.errors import (
    DatacheckError,
    SourceError,
    SuiteError,
    did_you_mean,
    did_you_mean_vi,
)
from datacheck.pii import mask_value
from datacheck.pii_heuristics import hint_notes
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.score import status, weighted_mean
from datacheck.sources import describe_source, known_rows, source_files, to_lazyframe
from datacheck.suite import Suite
from datacheck.tiers import TierCounts

__all__ = ["Prepared", "build_result", "prepare", "run"]

StepCallback = Callable[[str], None]


def _load_references(
    suite: Suite, overrides: Mapping[str, Any] | None
) -> tuple[dict[str, pl.LazyFrame], dict[str, pl.Schema], list[dict[str, str]], dict[str, int]]:
    # paths in the suite resolve against its folder; paths given by the caller are used as is
    wanted: dict[str, Any] = {
        name: suite.resolve(source) if isinstance(source, str | Path) else source
        for name, source in suite.references.items()
    }
    given = dict(overrides or {})
    unknown = [name for name in given if name not in wanted]
    missed = [n for n in wanted if n not in given]  # declared, not replaced
    notes: list[dict[str, str]] = []
    for name in unknown:
        if did_you_mean(name, missed):  # a misspelt name would leave the suite's own in use
            listed = ", ".join(wanted)
            raise SuiteError(
                f"references: '{name}' is not a reference of suite '{suite.name}'"
                f"{did_you_mean(name, missed)}; expected one of: {listed}",
                f"references: '{name}' không phải dữ liệu tham chiếu của bộ '{suite.name}'"
                f"{did_you_mean_vi(name, missed)}; cần một trong: {listed}",
            )
        # a mapping shared by several suites may hold references this one does not use
        notes.append(
            {
                "en": f"reference '{name}' was given but suite '{suite.name}' declares no such "
                "reference: it is not used",
                "vi": f"dữ liệu tham chiếu '{name}' được truyền vào nhưng bộ '{suite.name}' không "
                "khai báo: không được dùng",
            }
        )
    wanted.update({name: target for name, target in given.items() if name in wanted})
    frames: dict[str, pl.LazyFrame] = {}
    schemas: dict[str, pl.Schema] = {}
    rows: dict[str, int] = {}
    for name, target in wanted.items():
        try:
            frame = to_lazyframe(target)
            schemas[name] = frame.collect_schema()
            frames[name] = frame
            count = known_rows(target, frame)
            if count is not None:
                rows[name] = count
        except DatacheckError as error:
            notes.append(
                {
                    "en": f"reference '{name}' is unavailable: {error.en}",
                    "vi": f"dữ liệu tham chiếu '{name}' không dùng được: {error.vi}",
                }
            )
    return frames, schemas, notes, rows


def _mask_row(row: Mapping[str, Any], pii: set[str], unmask: bool) -> dict[str, Any]:
    out = {}
    for column, value in row.items():
        base = column.removesuffix(" (reference)")
        out[column] = value if unmask or base not in pii else mask_value(value)
    return out


def _samples(
    rows: list[dict[str, Any]], key: tuple[str, ...], pii: set[str], unmask: bool
) -> tuple[Sample, ...]:
    samples = []
    for row in rows:
        masked = _mask_row(row, pii, unmask)
        record_key = {c: masked[c] for c in key if c in masked}
        values = {c: v for c, v in masked.items() if c not in record_key}
        if not values:
            values = dict(record_key)
        samples.append(Sample(key=record_key, values=values))
    return tuple(samples)


def _check_results(
    plan: Plan,
    execution: Execution | None,
    suite: Suite,
    unmask: bool,
) -> list[CheckResult]:
    results = []
    pii = set(suite.pii)
    for index, planned in enumerate(plan.results):
        check = planned.check
        common: dict[str, Any] = {
            "id": planned.id,
            "check": check.kind,
            "name": check.name,
            "columns": planned.columns,
            "dimension": check.effective_dimension,
            "threshold": check.threshold,
            "warn": check.warn,
            "severity": check.severity,
            "weight": check.weight,
        }
        value: MetricValues | DatacheckError | None
        value = (
            planned.error
            if planned.error is not None
            else (execution.values.get(index) if execution is not None else None)
        )
        if isinstance(value, DatacheckError) or value is None:
            error = value or DatacheckError("not run", "không chạy")
            results.append(
                CheckResult(
                    evaluated=0,
                    failed=0,
                    status="error",
                    message={"en": error.en, "vi": error.vi},
                    **common,
                )
            )
            continue
        details = {k: v for k, v in value.details.items() if not k.startswith("_")}
        rows = execution.samples.get(index, []) if execution is not None else []
        results.append(
            CheckResult(
                evaluated=value.evaluated,
                failed=value.failed,
                status=status(value.evaluated, value.failed, check.threshold, check.warn),
                details=details,
                samples=_samples(rows, plan_key(suite), pii, unmask),
                **common,
            )
        )
    return results


def plan_key(suite: Suite) -> tuple[str, ...]:
    """The record key of a suite."""
    return suite.key


def dimension_results(checks: list[CheckResult], suite: Suite) -> list[DimensionResult]:
    """Score each dimension present in the suite."""
    out = []
    for dimension in Dimension:
        members = [c for c in checks if c.dimension is dimension]
        if not members:
            continue
        applicable = [c for c in members if c.score is not None]
        score = weighted_mean(
            (c.score, c.scoring_weight) for c in applicable if c.score is not None
        )
        out.append(
            DimensionResult(
                dimension=dimension,
                score=score,
                weight=suite.weights.get(dimension.value, 1.0),
                checks=len(members),
                applicable=len(applicable),
                failing=sum(1 for c in members if c.status in ("fail", "error")),
                band=suite.bands.band(score),
            )
        )
    return out


def as_suite(suite: Any) -> Suite:
    """A :class:`Suite` from a suite, a YAML path, a pandera schema or a GX expectation suite.

    pandera and GX objects are converted by :mod:`datacheck.interop` (anything that does not
    map exactly is listed in an ``InteropWarning``); their libraries are imported only then.

    Examples
    --------
    >>> as_suite(Suite(name="s")).name
    's'
    """
    if isinstance(suite, Suite):
        return suite
    if isinstance(suite, str | Path):
        return Suite.from_yaml(suite)
    from datacheck.interop import as_suite as convert  # noqa: PLC0415 (pandera/GX on use)

    converted = convert(suite)
    if converted is None:
        raise DatacheckError(
            f"expected a Suite, the path of a YAML suite, a pandera schema or a Great "
            f"Expectations suite, found {type(suite).__name__}",
            f"cần một Suite, đường dẫn tới bộ kiểm tra YAML, lược đồ pandera hoặc bộ kỳ vọng "
            f"Great Expectations, nhận được {type(suite).__name__}",
        )
    return converted


def run(
    suite: Suite | str | Path | Any,
    source: Any = None,
    *,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
    on_step: StepCallback | None = None,
    engine: str = "local",
    scheduler: Any = None,
    partitions: Sequence[Any] | None = None,
    state: str | Path | None = None,
    master: str | None = None,
    remote: str | None = None,
) -> Result:
    """Run a suite over a source and return the result.

    Parameters
    ----------
    suite
        A :class:`Suite` or the path of a YAML suite.
    source
        Anything :func:`datacheck.sources.to_lazyframe` accepts, or a Spark DataFrame (run
        on its Spark session); defaults to the suite's ``source``.
    as_of
        The run's as-of instant (default: now). Naive values are read in the suite's
        timezone; a date means midnight at its start.
    references
        Named reference datasets, overriding the suite's ``references``; relative paths
        here are relative to the working directory (the suite's own paths are relative to
        the suite file's folder).
    unmask
        Show personal-data columns unmasked in samples.
    on_step
        Called with each step's name (``"read"``, ``"plan"``, ``"metrics"``,
        ``"samples"``, ``"score"``) as it starts.
    engine
        ``"local"`` (default: one Polars query in this process), ``"partitioned"`` (the
        data split into partitions, run one by one here and merged) or ``"dask"`` (the
        partitions as tasks on a Dask cluster; needs the ``dask`` extra) or ``"spark"``
        (the partitions as ``mapInArrow`` tasks on Spark; needs the ``spark`` extra; the
        engine of a Spark DataFrame source). Every engine returns the same result (see
        ``docs/distributed.md``).
    scheduler
        For ``engine="dask"``: a ``distributed.Client``, a scheduler address
        (``"tcp://host:8786"``) or ``None`` (a local cluster for this run).
    partitions
        Explicit partitions (sources, in the data's order) instead of ``source``; implies
        a partitioned engine.
    state
        The state file of an **incremental** run: ``source`` holds the new partitions,
        merged into the state (created if missing); the result is that of a run over every
        partition merged so far (:func:`datacheck.engine.incremental.run_incremental`).
    master, remote
        For ``engine="spark"``: a Spark master URL (``spark://host:7077``, ``yarn``,
        ``local[4]``; default: the active session, else ``local[*]``) or a Spark Connect
        address (``sc://host:15002``).

    Returns
    -------
    Result
        Counts, statuses, scores and samples; data failures are results, not exceptions.
    """
    # a Spark DataFrame exists only once pyspark is imported: nothing is imported otherwise
    spark_frame = "pyspark" in sys.modules and _is_spark_dataframe(source)
    if engine != "local" or partitions is not None or state is not None or spark_frame:
        return _run_engine(
            suite,
            source,
            as_of=as_of,
            references=references,
            unmask=unmask,
            on_step=on_step,
            engine=engine,
            scheduler=scheduler,
            partitions=partitions,
            state=state,
            master=master,
            remote=remote,
        )
    if master is not None or remote is not None:
        raise DatacheckError(
            "'master' and 'remote' choose a Spark cluster: give engine='spark' too",
            "'master' và 'remote' chọn cụm Spark: hãy đặt thêm engine='spark'",
        )
    started = time.perf_counter()
    step = on_step or (lambda _name: None)
    suite = as_suite(suite)
    step("read")
    prepared = prepare(suite, source, as_of=as_of, references=references)
    suite, plan = prepared.suite, prepared.plan
    step("plan")
    ranks = {
        index: suite.tiers.tier(planned.check, planned.id).rank
        for index, planned in enumerate(plan.results)
    }
    try:
        execution = execute(
            plan,
            prepared.base,
            prepared.references,
            key=suite.key,
            sample_size=suite.samples,
            on_step=step,
            ranks=ranks,
            rows=prepared.rows,
            reference_rows=prepared.reference_rows,
        )
    except SourceError as error:  # the engine does not know which data it read: name it
        where = _unreadable_part(prepared.source) or describe_source(prepared.source)
        raise SourceError(f"{where}: {error.en}", f"{where}: {error.vi}") from None
    step("score")
    return build_result(prepared, execution, started=started, references=references, unmask=unmask)


def _unreadable_part(source: object) -> str | None:
    """The first file of a folder or glob source that cannot be read, if one is found.

    Only after the run found the data unreadable: each file is read on its own (every
    column's null count, constant memory), so the message names the file to replace.
    """
    if not isinstance(source, str | Path):
        return None
    try:
        files = source_files(source)
    except (DatacheckError, OSError):
        return None
    if len(files) < 2:  # a single file is named by the source itself
        return None
    for file in files:
        try:
            to_lazyframe(file).select(pl.all().is_null().sum()).collect(engine=ENGINE)
        except (DatacheckError, OSError, *ENGINE_ERRORS):
            return str(file)
    return None


ENGINES = ("local", "partitioned", "dask", "spark")
"""The engines :func:`run` accepts."""


def _run_engine(
    suite: Suite | str | Path | Any,
    source: Any,
    *,
    as_of: str | date | datetime | None,
    references: Mapping[str, Any] | None,
    unmask: bool,
    on_step: StepCallback | None,
    engine: str,
    scheduler: Any,
    partitions: Sequence[Any] | None,
    state: str | Path | None,
    master: str | None = None,
    remote: str | None = None,
) -> Result:
    """Run on a partitioned engine (imported on use: Dask stays unloaded otherwise)."""
    if "pyspark" in sys.modules and _is_spark_dataframe(source):
        engine = "spark"
    if engine not in ENGINES:
        raise DatacheckError(
            f"unknown engine '{engine}'{did_you_mean(engine, ENGINES)}; expected one of "
            f"{', '.join(ENGINES)}",
            f"không có engine '{engine}'{did_you_mean_vi(engine, ENGINES)}; cần một trong "
            f"{', '.join(ENGINES)}",
        )
    if engine != "spark" and (master is not None or remote is not None):
        raise DatacheckError(
            "'master' and 'remote' choose a Spark cluster: give engine='spark' too",
            "'master' và 'remote' chọn cụm Spark: hãy đặt thêm engine='spark'",
        )
    step = on_step or (lambda _name: None)
    step("read")
    step("metrics")
    if state is not None and engine == "spark":
        raise DatacheckError(
            "incremental runs (state) run on the local or Dask engine, not on Spark",
            "lần chạy gia tăng (state) chạy trên engine local hoặc Dask, không chạy trên Spark",
        )
    if state is not None:
        from datacheck.engine.incremental import run_incremental  # noqa: PLC0415

        new = partitions if partitions is not None else source
        result: Result = run_incremental(
            suite,
            new,
            state,
            as_of=as_of,
            references=references,
            unmask=unmask,
            engine="dask" if engine == "dask" else "local",
            scheduler=scheduler,
        )
    elif engine == "spark":
        from datacheck.engine.spark import run_spark  # noqa: PLC0415

        result = run_spark(
            suite,
            source,
            partitions=partitions,
            master=master,
            remote=remote,
            as_of=as_of,
            references=references,
            unmask=unmask,
        )
    elif engine == "dask":
        from datacheck.engine.dask import run_dask  # noqa: PLC0415

        result = run_dask(
            suite,
            source,
            partitions=partitions,
            scheduler=scheduler,
            as_of=as_of,
            references=references,
            unmask=unmask,
        )
    else:
        from datacheck.engine.partitioned import run_partitioned  # noqa: PLC0415

        result = run_partitioned(
            suite,
            source,
            partitions=partitions,
            as_of=as_of,
            references=references,
            unmask=unmask,
        )
    step("score")
    return result


def _is_spark_dataframe(source: object) -> bool:
    from datacheck.engine.spark import is_spark_dataframe  # noqa: PLC0415

    return is_spark_dataframe(source)


def build_result(
    prepared: Prepared,
    execution: Execution,
    *,
    started: float,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
    source: str | None = None,
    rerun_source: Any = None,
) -> Result:
    """The :class:`Result` of an executed plan (shared by every engine).

    ``started`` is the ``time.perf_counter()`` of the run's start; ``source`` overrides the
    description of the data and ``rerun_source`` what :meth:`Result.failures` reads again
    (both default to the prepared source).
    """
    suite, plan = prepared.suite, prepared.plan
    checks = _check_results(plan, execution, suite, unmask)
    dimensions = dimension_results(checks, suite)
    score = weighted_mean((d.score, d.weight) for d in dimensions if d.score is not None)
    notes = list(prepared.notes)
    if execution.rows == 0:
        notes.append(
            {
                "en": "the dataset is empty: row-level checks are not applicable",
                "vi": "tập dữ liệu rỗng: các phép kiểm tra theo bản ghi không áp dụng được",
            }
        )
    # columns whose sampled values look like personal data but are not in `pii`
    notes.extend(hint_notes(checks, suite.name, suite.pii))
    from datacheck.failures import Rerun  # noqa: PLC0415 (failures imports this module)

    return Result(
        suite=suite.name,
        title=suite.title,
        owner=suite.owner,
        as_of=prepared.as_of,
        source=describe_source(prepared.source) if source is None else source,
        score=score,
        band=suite.bands.band(score),
        dimensions=tuple(dimensions),
        checks=tuple(checks),
        rows=execution.rows,
        seconds=round(time.perf_counter() - started, 6),
        versions={"datacheck": __version__, "polars": pl.__version__},
        notes=tuple(notes),
        tiers=_tier_counts(suite, execution),
        _rerun=Rerun(
            suite=suite,
            source=prepared.source if rerun_source is None else rerun_source,
            as_of=prepared.as_of,
            references=dict(references) if references is not None else None,
            unmask=unmask,
            skip=frozenset(c.id for c in checks if c.status == "error"),
        ),
    )


def _tier_counts(suite: Suite, execution: Execution) -> TierCounts | None:
    if execution.tiers is None or execution.rows is None:
        return None
    needs, unusable = execution.tiers
    return TierCounts(
        usable=execution.rows - needs - unusable,
        needs_correction=needs,
        unusable=unusable,
        rules=suite.tiers.to_dict(),
    )


@dataclass(frozen=True)
class Prepared:
    """A suite ready to run: its data, references, as-of instant and compiled plan."""

    suite: Suite
    source: Any
    base: pl.LazyFrame
    references: dict[str, pl.LazyFrame]
    as_of: datetime
    plan: Plan
    notes: tuple[dict[str, str], ...]
    rows: int | None = None
    """The data's rows, when known without reading it (:func:`~datacheck.sources.known_rows`)."""
    reference_rows: Mapping[str, int] = field(default_factory=dict)
    """Each reference's rows, where known without reading it."""


def prepare(
    suite: Suite | str | Path,
    source: Any = None,
    *,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
) -> Prepared:
    """Load the suite, open the source and references lazily, and compile the plan.

    Nothing is read but schemas. Shared by :func:`run` and :func:`datacheck.failures`, so
    both evaluate exactly the same measures.
    """
    suite = as_suite(suite)
    if source is None:
        if suite.source is None:
            raise SourceError(
                f"no data to check: suite '{suite.name}' has no 'source' and none was given",
                f"không có dữ liệu để kiểm tra: bộ '{suite.name}' không có 'source' và không "
                "được chỉ định nguồn",
            )
        source = suite.resolve(suite.source)
    instant = parse_as_of(as_of, suite.timezone)
    base = to_lazyframe(source)
    try:
        schema = base.collect_schema()
    except pl.exceptions.PolarsError as error:
        raise SourceError(
            f"cannot read the schema of {describe_source(source)}: {error}",
            f"không đọc được lược đồ của {describe_source(source)}: {error}",
        ) from None
    ref_frames, ref_schemas, notes, ref_rows = _load_references(suite, references)
    missing_key = [c for c in suite.key if c not in schema]
    if missing_key:  # a misspelt key would strip the record keys from every sample, silently
        names = ", ".join(f"'{c}'" for c in missing_key)
        hint_en = did_you_mean(missing_key[0], schema.names())
        hint_vi = did_you_mean_vi(missing_key[0], schema.names())
        notes.append(
            {
                "en": f"the record key column {names} is not in the data{hint_en}: failing "
                "samples show no record key",
                "vi": f"cột khoá bản ghi {names} không có trong dữ liệu{hint_vi}: các mẫu lỗi "
                "không kèm khoá bản ghi",
            }
        )
    ctx = CompileContext(
        schema=schema,
        as_of=instant,
        timezone=suite.timezone,
        placeholders=suite.placeholders,
        key=suite.key,
        reference_schemas=ref_schemas,
        sample_size=suite.samples,
    )
    plan = compile_plan(suite, ctx)
    # the data's rows matter beside a counted reference (a join may then be cut short) and
    # to a key grouped by sorting (how it is sorted depends on the rows)
    joins = ref_rows and any(isinstance(stage, JoinStage) for stage in plan.stages)
    groups = any(isinstance(stage, GroupStage) for stage in plan.stages)
    return Prepared(
        suite=suite,
        source=source,
        base=base,
        references=ref_frames,
        as_of=instant,
        plan=plan,
        notes=tuple(notes),
        rows=known_rows(source, base) if joins or groups else None,
        reference_rows=ref_rows,
    )
