"""Local, partitioned, Dask and Spark on the benchmark data: ``python -m benchmarks.distributed``.

Runs the 15-check reference suite over the generated file (5M rows by default, ``--rows``) on
every engine in this one process and prints a table with, for each engine, the start-up
(a Dask ``LocalCluster`` and client, a Spark ``local[N]`` session — paid once per cluster, not
per run) apart from the compute (the best and median of ``--repeat`` runs on the warm
cluster; the first Spark run, which also warms the JVM, is shown on its own). Every engine's
result must equal the local engine's, count for count (samples and tiers included), and every
failed count must equal the generator's manifest: a fast but different run fails.

Engines whose extra is missing (``dask``, ``spark``; Spark needs Java 17:
``bash scripts/setup_spark.sh``) are reported as not measured, never silently skipped.
The Markdown table goes to ``benchmarks/results/distributed.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import datacheck as dc
from benchmarks.data import DATA_DIR, DEFAULT_SEED, ensure_dataset, parse_rows
from benchmarks.spec import AS_OF
from benchmarks.suites import datacheck_suite

__all__ = ["EngineTiming", "main"]

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_ROWS = 5_000_000
WORKERS = 2


@dataclass
class EngineTiming:
    """One engine's measurements (seconds)."""

    engine: str
    startup: float | None = None
    first: float | None = None
    runs: list[float] = field(default_factory=list)
    equal: bool | None = None
    note: str = ""

    def best(self) -> float | None:
        """The fastest warm run."""
        return min(self.runs) if self.runs else None

    def median(self) -> float | None:
        """The median warm run."""
        return statistics.median(self.runs) if self.runs else None


def _comparable(result: dc.Result) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("source", None)
    data["run"] = {k: v for k, v in data["run"].items() if k != "seconds"}
    return data


def _timed(run: Callable[[], dc.Result]) -> tuple[float, dc.Result]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _measure(
    timing: EngineTiming,
    run: Callable[[], dc.Result],
    reference: dict[str, Any] | None,
    repeat: int,
    *,
    first_apart: bool = False,
) -> dc.Result:
    result: dc.Result | None = None
    if first_apart:
        timing.first, result = _timed(run)
    for _ in range(repeat):
        seconds, result = _timed(run)
        timing.runs.append(seconds)
    assert result is not None
    if reference is not None:
        timing.equal = _comparable(result) == reference
    return result


class _NotStartedError(Exception):
    """The cluster could not start (a run's own errors are not caught)."""


def _on_cluster(
    timing: EngineTiming,
    start: Callable[[], tuple[Any, Callable[[], None]]],
    run: Callable[[Any], dc.Result],
    reference: dict[str, Any],
    repeat: int,
) -> None:
    """Time ``start`` (the cluster's start-up) apart from the runs on it, then stop it."""
    began = time.perf_counter()
    handle, stop = start()
    timing.startup = time.perf_counter() - began
    try:
        _measure(timing, lambda: run(handle), reference, repeat, first_apart=True)
    finally:
        stop()


def _dask(suite: dc.Suite, path: Path, reference: dict[str, Any], repeat: int) -> EngineTiming:
    timing = EngineTiming("dask")
    if importlib.util.find_spec("distributed") is None:
        timing.note = "not measured: pip install 'datacheck[dask]'"
        return timing
    import distributed  # noqa: PLC0415  (optional)

    def start() -> tuple[Any, Callable[[], None]]:
        cluster = distributed.LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
        client = distributed.Client(cluster)
        return client, lambda: (client.close(), cluster.close())

    _on_cluster(
        timing,
        start,
        lambda client: dc.run(suite, path, as_of=AS_OF, engine="dask", scheduler=client),
        reference,
        repeat,
    )
    timing.note = f"LocalCluster, {WORKERS} workers"
    return timing


def _spark(suite: dc.Suite, path: Path, reference: dict[str, Any], repeat: int) -> EngineTiming:
    timing = EngineTiming("spark")
    if importlib.util.find_spec("pyspark") is None:
        timing.note = "not measured: pip install 'datacheck[spark]'"
        return timing
    from datacheck.engine import spark as spark_engine  # noqa: PLC0415  (optional)

    def start() -> tuple[Any, Callable[[], None]]:
        try:
            session = spark_engine.spark_session(master=f"local[{WORKERS}]")
        except dc.DatacheckError as error:  # no Java, or the session cannot start
            raise _NotStartedError(str(error)) from None
        return session, session.stop

    try:
        _on_cluster(
            timing,
            start,
            lambda session: spark_engine.run_spark(suite, path, spark=session, as_of=AS_OF),
            reference,
            repeat,
        )
    except _NotStartedError as error:
        timing.note = f"not measured: {error} (bash scripts/setup_spark.sh)"
        return timing
    timing.note = f"local[{WORKERS}], tasks read files"
    return timing


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _rows(timings: Sequence[EngineTiming]) -> list[list[str]]:
    local = timings[0].best()
    rows = []
    for timing in timings:
        best = timing.best()
        ratio = "—" if best is None or not local else f"{best / local:.2f}×"
        equal = {True: "✓", False: "✗ DIFFERS", None: "—"}[timing.equal]
        rows.append(
            [
                timing.engine,
                _seconds(timing.startup),
                _seconds(timing.first),
                _seconds(best),
                _seconds(timing.median()),
                ratio,
                equal,
                timing.note,
            ]
        )
    return rows


HEADERS = [
    "engine",
    "start-up s",
    "first run s",
    "best run s",
    "median s",
    "best × local",
    "= local",
    "notes",
]


def _markdown(rows: list[list[str]], header: str) -> str:
    lines = [header, "", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every engine; exit 1 when an engine's result differs from the local one."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.distributed", description=__doc__)
    parser.add_argument("--rows", type=parse_rows, default=DEFAULT_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the table goes")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the generated data's folder")
    args = parser.parse_args(argv)
    dataset = ensure_dataset(args.rows, args.seed, args.data)
    suite = datacheck_suite()
    local = EngineTiming("local", note="one streaming Polars query")
    result = _measure(local, lambda: dc.run(suite, dataset.path, as_of=AS_OF), None, args.repeat)
    counts = {c.id: c.failed for c in result.checks}
    local.equal = counts == dataset.expected_failed()  # the local engine against the manifest
    reference = _comparable(result)
    partitioned = EngineTiming("partitioned", note="row-group parts, this process")
    _measure(
        partitioned,
        lambda: dc.run(suite, dataset.path, as_of=AS_OF, engine="partitioned"),
        reference,
        args.repeat,
    )
    timings = [
        local,
        partitioned,
        _dask(suite, dataset.path, reference, args.repeat),
        _spark(suite, dataset.path, reference, args.repeat),
    ]
    rows = _rows(timings)
    table = Table(title=f"Engines on {dataset.rows:,} rows, 15 checks ({os.cpu_count()} CPUs)")
    for name in HEADERS:
        table.add_column(name, justify="left" if name in ("engine", "notes") else "right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    load = os.getloadavg()[0]
    header = (
        f"# Engines on the benchmark data\n\nGenerated {datetime.now(UTC).isoformat()} by "
        f"`python -m benchmarks.distributed --rows {args.rows} --repeat {args.repeat}` on "
        f"{os.cpu_count()} CPUs (1-min load average at the end {load:.1f}). *= local*: the "
        "whole result equals the local engine's (for `local`: every failed count equals the "
        "manifest). Start-up is paid once per cluster; runs are on the warm cluster."
    )
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "distributed.md").write_text(_markdown(rows, header), encoding="utf-8")
    differs = [t.engine for t in timings if t.equal is False]
    if differs:
        print(f"results differ from the local engine's: {', '.join(differs)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
