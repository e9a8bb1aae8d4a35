"""Run ONE tool's version of the reference suite over one file, in this process.

``python -m benchmarks.tool <name> <file>`` prints one JSON line: the tool, its version,
the failed count of every reference check (by canonical id, see
:data:`benchmarks.spec.CHECK_IDS`), notes where the tool needs help or counts differently,
and the time spent: ``import_s`` (importing the library), ``wall`` and ``cpu`` (reading the
file and validating it; ``cpu`` sums all threads). The harness (:mod:`benchmarks.run`) starts
one such process per measurement, so tools never share a heap, a cache or a thread pool,
and takes each process's peak memory from the operating system.

Tools
-----
``floor``
    Polars reading the suite's columns once, no checks:
    ``pl.scan_parquet(f).select(cols).collect()`` — what any Polars-based tool must pay.
``floor-key``
    The same, reading only the key columns (:data:`benchmarks.spec.KEY_COLUMNS`): what
    holding the keys in memory costs, the bound for how datacheck's memory may grow with the
    rows.
``datacheck``
    :func:`benchmarks.suites.datacheck_suite` with ``dc.run`` (samples included).
``pandera``
    ``pandera.polars.DataFrameSchema`` validated lazily (all errors collected) on the eager
    frame; counts from ``SchemaErrors.failure_cases``.
``pointblank``
    ``pointblank.Validate`` on the eager Polars frame, one step per check; counts from
    ``n_failed()``.
``dataframely``
    A ``dataframely.Schema`` and ``Schema.filter``; counts from ``FailureInfo.counts()``.
``gx``
    Great Expectations (pandas engine, ephemeral context) over ``pandas.read_parquet``;
    counts from each expectation's ``unexpected_count``.

The peers' versions are the idiomatic way to say the same thing in each library: nulls are
let through by value checks wherever the library has a documented switch for it, and any
count that still differs from the manifest is reported, not patched.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import spec

__all__ = [
    "PEERS",
    "TOOLS",
    "Outcome",
    "ToolRun",
    "measure",
    "peak_rss_kib",
    "run_datacheck",
    "run_dataframely",
    "run_floor",
    "run_floor_key",
    "run_gx",
    "run_pandera",
    "run_pointblank",
]

# Great Expectations releases with usage analytics send them unless told not to; a benchmark
# must not (harmless where the release has none).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass
class Outcome:
    """What one tool found.

    Parameters
    ----------
    rows
        Rows the tool read (``None`` if it does not say).
    counts
        Failed count per canonical check id; ``None`` where the tool could not tell.
    notes
        Per check id, how the tool's count was obtained where it is not plain.
    phases
        Seconds spent in each named phase, where the tool reports phases (datacheck).
    """

    rows: int | None
    counts: dict[str, int | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)


@dataclass
class ToolRun:
    """One measured run of a tool (what ``python -m benchmarks.tool`` prints as JSON).

    Parameters
    ----------
    tool, version
        The tool's name and library version.
    rows, counts, notes, phases
        As in :class:`Outcome`.
    import_s
        Seconds spent importing the library (interpreter start-up excluded).
    wall, cpu
        Seconds of wall-clock and CPU time (all threads) reading and validating the file.
    peak_rss_kib
        The process's peak resident memory so far, in KiB (``VmHWM`` of
        ``/proc/self/status``; see :func:`peak_rss_kib`).
    """

    tool: str
    version: str
    rows: int | None
    counts: dict[str, int | None]
    notes: dict[str, str]
    phases: dict[str, float]
    import_s: float
    wall: float
    cpu: float
    peak_rss_kib: int


# ---------------------------------------------------------------------------- the floor


def run_floor(path: Path, columns: Sequence[str] | None = None) -> Outcome:
    """Read the suite's columns once with Polars and check nothing: the scan floor.

    Parameters
    ----------
    path
        The Parquet file.
    columns
        The columns to read (default: all the suite's columns); empty means count rows only.

    Returns
    -------
    Outcome
        The row count and no check counts.
    """
    import polars as pl  # noqa: PLC0415

    wanted = list(spec.COLUMNS if columns is None else columns)
    if not wanted:
        frame = pl.scan_parquet(path).select(pl.len()).collect()
        return Outcome(rows=int(frame.item()))
    frame = pl.scan_parquet(path).select(wanted).collect()
    return Outcome(rows=frame.height)


def run_floor_key(path: Path) -> Outcome:
    """:func:`run_floor` over the key columns only (:data:`benchmarks.spec.KEY_COLUMNS`).

    Parameters
    ----------
    path
        The Parquet file.

    Returns
    -------
    Outcome
        The row count and no check counts.
    """
    return run_floor(path, spec.KEY_COLUMNS)


# ---------------------------------------------------------------------------- datacheck


def run_datacheck(path: Path, only: Iterable[str] | None = None) -> Outcome:
    """Run the datacheck reference suite with ``dc.run`` (samples included).

    Parameters
    ----------
    path
        The Parquet file.
    only
        Run only these check ids (for timing checks one by one).

    Returns
    -------
    Outcome
        The failed count of every check the suite ran, and the seconds spent in each of
        ``dc.run``'s steps (``read``, ``plan``, ``metrics``, ``samples``, ``score``).
    """
    import datacheck as dc  # noqa: PLC0415
    from benchmarks.suites import datacheck_suite  # noqa: PLC0415

    marks: list[tuple[str, float]] = []
    result = dc.run(
        datacheck_suite(only),
        path,
        as_of=spec.AS_OF,
        on_step=lambda step: marks.append((step, time.perf_counter())),
    )
    marks.append(("end", time.perf_counter()))
    phases = {name: round(end - start, 6) for (name, start), (_, end) in itertools.pairwise(marks)}
    outcome = Outcome(rows=result.rows, phases=phases)
    for check in result.checks:
        if check.status == "error":
            outcome.counts[check.id] = None
            outcome.notes[check.id] = f"error: {check.message}"
        else:
            outcome.counts[check.id] = check.failed
    return outcome


# ---------------------------------------------------------------------------- pandera

_PANDERA_CHECKS = {
    "not_nullable": "not_null",
    "str_matches": "pattern",
    "isin": "in_set",
    "in_range": "between",
    "greater_than_or_equal_to": "fresh",
    "field_uniqueness": "unique",
}


def pandera_schema() -> Any:
    """Return the reference suite as a ``pandera.polars.DataFrameSchema``.

    Returns
    -------
    pandera.polars.DataFrameSchema
        Nullability, pattern, set, range and uniqueness as column properties and checks;
        the row count as a dataframe-level check named ``row_count``.
    """
    import pandera.polars as pa  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    def column(dtype: Any, *checks: Any, nullable: bool, unique: bool = False) -> Any:
        return pa.Column(dtype, checks=list(checks), nullable=nullable, unique=unique)

    def row_count(data: Any) -> Any:
        rows = pl.len().is_between(spec.ROW_COUNT_MIN, spec.ROW_COUNT_MAX)
        return data.lazyframe.select(rows)

    required = set(spec.NOT_NULL)
    return pa.DataFrameSchema(
        {
            "person_id": column(
                str, pa.Check.str_matches(spec.ID_PATTERN), nullable=False, unique=True
            ),
            "phone": column(str, pa.Check.str_matches(spec.PHONE_PATTERN), nullable=True),
            "email": column(str, pa.Check.str_matches(spec.EMAIL_PATTERN), nullable=True),
            **{
                name: column(str, pa.Check.isin(values), nullable=name not in required)
                for name, values in spec.SETS.items()
            },
            "birth_date": column(
                pl.Date, pa.Check.in_range(spec.BIRTH_MIN, spec.BIRTH_MAX), nullable=False
            ),
            "updated_at": column(pl.Datetime("us"), pa.Check.ge(spec.FRESH_CUTOFF), nullable=True),
        },
        checks=[pa.Check(row_count, name="row_count")],
    )


def run_pandera(path: Path) -> Outcome:
    """Validate the eager frame with pandera (polars backend), collecting every error.

    Parameters
    ----------
    path
        The Parquet file.

    Returns
    -------
    Outcome
        Failed counts from ``SchemaErrors.failure_cases`` (one row per failing value).
    """
    import pandera.polars as pa  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    frame = pl.read_parquet(path, columns=list(spec.COLUMNS))
    outcome = Outcome(rows=frame.height, counts=dict.fromkeys(spec.CHECK_IDS, 0))
    try:
        pandera_schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.group_by("column", "check").len()
        for column, check, n in cases.iter_rows():
            if check == "row_count":
                outcome.counts["row_count"] = 1
                continue
            kind = _PANDERA_CHECKS.get(str(check).split("(")[0])
            check_id = f"{kind}:{column}"
            if kind is None or check_id not in outcome.counts:
                outcome.notes[f"{column}:{check}"] = f"unexpected failure kind ({n} rows)"
                continue
            outcome.counts[check_id] = int(n)
    outcome.notes["unique:person_id"] = "Column(unique=True) also fails null ids"
    return outcome


# ---------------------------------------------------------------------------- pointblank


def run_pointblank(path: Path) -> Outcome:
    """Interrogate the eager frame with a pointblank ``Validate`` plan.

    Null values pass value steps (``na_pass=True``; for sets, ``None`` in the set).
    Failing-row extracts are collected as by default; the checked table is not kept
    (``collect_tbl_checked=False``, pointblank's documented opt-out for large tables).

    Parameters
    ----------
    path
        The Parquet file.

    Returns
    -------
    Outcome
        Failed test units per step (``n_failed()``).
    """
    import pointblank as pb  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    frame = pl.read_parquet(path, columns=list(spec.COLUMNS))
    plan = pb.Validate(data=frame, tbl_name="people")
    for check_id in spec.CHECK_IDS:
        kind, _, name = check_id.partition(":")
        if kind == "not_null":
            plan = plan.col_vals_not_null(columns=name)
        elif kind == "pattern":
            plan = plan.col_vals_regex(columns=name, pattern=spec.PATTERNS[name], na_pass=True)
        elif kind == "in_set":
            # pointblank's documented idiom: a null passes when the set contains None
            plan = plan.col_vals_in_set(columns=name, set=[*spec.SETS[name], None])
        elif kind == "between":
            plan = plan.col_vals_between(
                columns=name, left=spec.BIRTH_MIN, right=spec.BIRTH_MAX, na_pass=True
            )
        elif kind == "fresh":
            plan = plan.col_vals_ge(columns=name, value=spec.FRESH_CUTOFF, na_pass=True)
        elif kind == "unique":
            plan = plan.rows_distinct(columns_subset=[name])
        else:
            plan = plan.row_count_match(
                count=spec.ROW_COUNT_MIN, tol=(0, spec.ROW_COUNT_MAX - spec.ROW_COUNT_MIN)
            )
    plan = plan.interrogate(collect_tbl_checked=False)
    failed = plan.n_failed()
    counts: dict[str, int | None] = {
        check_id: int(failed[step]) for step, check_id in enumerate(spec.CHECK_IDS, start=1)
    }
    return Outcome(
        rows=frame.height,
        counts=counts,
        notes={
            "unique:person_id": "rows_distinct also fails null ids",
            "row_count": "row_count_match(count=min, tol=(0, max - min))",
        },
    )


# ---------------------------------------------------------------------------- dataframely


def dataframely_schema() -> Any:
    """Return the reference suite as a ``dataframely.Schema`` subclass.

    The row count is not a dataframely rule (rules are about rows or groups); the runner
    checks it by hand.

    Returns
    -------
    type[dataframely.Schema]
        The schema class.
    """
    import dataframely as dy  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    def one_of(values: Sequence[str]) -> Callable[[pl.Expr], pl.Expr]:
        return lambda value: value.is_in(values)

    class People(dy.Schema):
        person_id = dy.String(primary_key=True, regex=spec.ID_PATTERN)
        phone = dy.String(nullable=True, regex=spec.PHONE_PATTERN)
        email = dy.String(nullable=True, regex=spec.EMAIL_PATTERN)
        gender = dy.String(check=one_of(spec.GENDERS))
        status = dy.String(check=one_of(spec.STATUSES))
        province_code = dy.String(check=one_of(spec.PROVINCES))
        birth_date = dy.Date(min=spec.BIRTH_MIN, max=spec.BIRTH_MAX)
        updated_at = dy.Datetime(nullable=True, min=spec.FRESH_CUTOFF)

    return People


def run_dataframely(path: Path) -> Outcome:
    """Filter the eager frame with a dataframely schema.

    Parameters
    ----------
    path
        The Parquet file.

    Returns
    -------
    Outcome
        Failed rows per rule (``FailureInfo.counts()``); ``between`` is the sum of the
        ``min`` and ``max`` rules (disjoint here), the row count is checked by hand.
    """
    import polars as pl  # noqa: PLC0415

    frame = pl.read_parquet(path, columns=list(spec.COLUMNS))
    _, failure = dataframely_schema().filter(frame)
    rules = failure.counts()
    outcome = Outcome(rows=frame.height)
    for check_id in spec.CHECK_IDS:
        kind, _, name = check_id.partition(":")
        if kind == "not_null":
            count = rules.get(f"{name}|nullability", 0)
        elif kind == "pattern":
            count = rules.get(f"{name}|regex", 0)
        elif kind == "in_set":
            count = rules.get(f"{name}|check", 0)
        elif kind == "between":
            count = rules.get(f"{name}|min", 0) + rules.get(f"{name}|max", 0)
        elif kind == "fresh":
            count = rules.get(f"{name}|min", 0)
        elif kind == "unique":
            count = rules.get("primary_key", 0)
        else:
            count = int(not spec.ROW_COUNT_MIN <= frame.height <= spec.ROW_COUNT_MAX)
        outcome.counts[check_id] = int(count)
    outcome.notes.update(
        {
            "unique:person_id": "primary_key rule also fails null ids",
            "between:birth_date": "sum of the min and max rules",
            "row_count": "no dataset-level rule: checked by hand (frame.height)",
        }
    )
    return outcome


# ---------------------------------------------------------------------------- GX


def gx_suite(gx: Any) -> tuple[Any, dict[tuple[str, str | None], str]]:
    """Return the reference suite as a Great Expectations ``ExpectationSuite``.

    Parameters
    ----------
    gx
        The ``great_expectations`` module.

    Returns
    -------
    tuple
        The suite and a map from ``(expectation type, column)`` to canonical check id.
    """
    e = gx.expectations
    expectations: list[tuple[str, Any]] = []
    for check_id in spec.CHECK_IDS:
        kind, _, name = check_id.partition(":")
        if kind == "not_null":
            item = e.ExpectColumnValuesToNotBeNull(column=name)
        elif kind == "pattern":
            item = e.ExpectColumnValuesToMatchRegex(column=name, regex=spec.PATTERNS[name])
        elif kind == "in_set":
            item = e.ExpectColumnValuesToBeInSet(column=name, value_set=list(spec.SETS[name]))
        elif kind == "between":
            item = e.ExpectColumnValuesToBeBetween(
                column=name, min_value=spec.BIRTH_MIN, max_value=spec.BIRTH_MAX
            )
        elif kind == "fresh":
            item = e.ExpectColumnValuesToBeBetween(column=name, min_value=spec.FRESH_CUTOFF)
        elif kind == "unique":
            item = e.ExpectColumnValuesToBeUnique(column=name)
        else:
            item = e.ExpectTableRowCountToBeBetween(
                min_value=spec.ROW_COUNT_MIN, max_value=spec.ROW_COUNT_MAX
            )
        expectations.append((check_id, item))
    suite = gx.ExpectationSuite(name="people", expectations=[item for _, item in expectations])
    ids = {(item.expectation_type, getattr(item, "column", None)): i for i, item in expectations}
    return suite, ids


def run_gx(path: Path) -> Outcome:
    """Validate a pandas frame with Great Expectations (ephemeral context, pandas engine).

    Parameters
    ----------
    path
        The Parquet file.

    Returns
    -------
    Outcome
        ``unexpected_count`` per expectation (nulls are not unexpected in GX), and for the
        row count whether the expectation failed.
    """
    import great_expectations as gx  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415
    from great_expectations.data_context.types.base import (  # noqa: PLC0415
        ProgressBarsConfig,
    )

    frame = pd.read_parquet(path, columns=list(spec.COLUMNS))
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("bench")
        .add_dataframe_asset("people")
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite, ids = gx_suite(gx)
    report = batch.validate(context.suites.add(suite), result_format="BASIC")
    outcome = Outcome(rows=len(frame))
    for item in report.results:
        config = item.expectation_config
        check_id = ids[(config.type, config.kwargs.get("column"))]
        raised = (item.exception_info or {}).get("raised_exception")
        if raised:
            outcome.counts[check_id] = None
            message = (item.exception_info or {}).get("exception_message")
            outcome.notes[check_id] = f"error: {message}"
        elif check_id == "row_count":
            outcome.counts[check_id] = int(not item.success)
        else:
            outcome.counts[check_id] = int(item.result["unexpected_count"])
    outcome.notes["fresh:updated_at"] = "expect_column_values_to_be_between(min_value=cut-off)"
    return outcome


# ---------------------------------------------------------------------------- harness side

# name -> (modules to import first, timed as import_s; the runner). ``datacheck`` loads its
# names on first use: its engine and the suite's checks are imported here, so that loading
# them counts as import time (as every peer's does), not as validation time.
TOOLS: dict[str, tuple[tuple[str, ...], Callable[..., Outcome]]] = {
    "floor": (("polars",), run_floor),
    "floor-key": (("polars",), run_floor_key),
    "datacheck": (
        ("datacheck", "datacheck.runner", "datacheck.failures", "benchmarks.suites"),
        run_datacheck,
    ),
    "pandera": (("pandera.polars",), run_pandera),
    "pointblank": (("pointblank",), run_pointblank),
    "dataframely": (("dataframely",), run_dataframely),
    "gx": (("pandas", "great_expectations"), run_gx),
}
PEERS = ("pandera", "pointblank", "dataframely", "gx")
_VERSION_OF = {"floor": "polars", "floor-key": "polars", "gx": "great_expectations"}


def _version(tool: str) -> str:
    module = importlib.import_module(_VERSION_OF.get(tool, tool))
    return str(getattr(module, "__version__", "?"))


def peak_rss_kib() -> int:
    """Return this process's peak resident memory in KiB.

    Linux's ``ru_maxrss`` (``getrusage`` and ``wait4`` alike) carries over the high-water
    mark of the *parent's* memory across fork and exec, so a child started by a harness
    that once held a large frame would report the harness's peak. ``VmHWM`` belongs to the
    process's own address space and does not; ``ru_maxrss`` is only the fallback where
    ``/proc`` is missing.

    Returns
    -------
    int
        Peak resident set size in KiB.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure(tool: str, path: Path, **options: Any) -> ToolRun:
    """Import a tool, then run it over ``path``, timing both, in this process.

    Parameters
    ----------
    tool
        One of :data:`TOOLS`.
    path
        The Parquet file.
    **options
        Passed to the runner (``only=`` for datacheck, ``columns=`` for the floor).

    Returns
    -------
    ToolRun
        Counts, notes and timings.
    """
    if tool not in TOOLS:
        msg = f"unknown tool {tool!r}; known: {', '.join(TOOLS)}"
        raise ValueError(msg)
    modules, runner = TOOLS[tool]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for module in modules:
            importlib.import_module(module)
        import_s = time.perf_counter() - start
        wall0, cpu0 = time.perf_counter(), time.process_time()
        outcome = runner(Path(path), **options)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return ToolRun(
        tool=tool,
        version=_version(tool),
        rows=outcome.rows,
        counts=outcome.counts,
        notes=outcome.notes,
        phases=outcome.phases,
        import_s=round(import_s, 6),
        wall=round(wall, 6),
        cpu=round(cpu, 6),
        peak_rss_kib=peak_rss_kib(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure one tool over one file and print the run as one JSON line.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code.
    """
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tool", description=__doc__)
    parser.add_argument("tool", choices=list(TOOLS))
    parser.add_argument("file", type=Path)
    parser.add_argument("--only", help="datacheck: comma-separated check ids to run")
    parser.add_argument(
        "--columns", help="floor: comma-separated columns to read ('' = count rows only)"
    )
    args = parser.parse_args(argv)
    options: dict[str, Any] = {}
    if args.only is not None:
        if args.tool != "datacheck":
            parser.error("--only applies to datacheck")
        options["only"] = [c for c in args.only.split(",") if c]
    if args.columns is not None:
        if args.tool != "floor":
            parser.error("--columns applies to floor")
        options["columns"] = [c for c in args.columns.split(",") if c]
    run = measure(args.tool, args.file, **options)
    sys.stdout.write(json.dumps(asdict(run)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
