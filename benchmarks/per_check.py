"""Time each datacheck check alone, against the floor of reading the same columns.

``python -m benchmarks.per_check --rows 5M`` runs, for every reference check, datacheck
with a suite of that one check (samples included) and the floor reading just that check's
columns, each in its own process, and prints which checks cost most over their floor.
``python -m benchmarks.run --per-check`` does the same at its largest size and adds the
table to the report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks import spec
from benchmarks.data import DEFAULT_SEED, Dataset, ensure_dataset, parse_rows
from benchmarks.harness import RunSample, Stats, spawn_tool

__all__ = ["CheckTiming", "markdown_table", "rich_table", "time_checks"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class CheckTiming:
    """One check timed alone.

    Parameters
    ----------
    check
        The check id.
    columns
        The columns it reads.
    datacheck
        Wall seconds of ``dc.run`` with this check only (samples included); ``None`` if
        every run failed.
    floor
        Wall seconds of reading the same columns with Polars (``None`` if it failed).
    metrics, samples
        Median seconds of datacheck's metrics and samples steps.
    peak_rss_mib
        Median peak memory of the datacheck process.
    error
        Why a measurement is missing, if one is.
    """

    check: str
    columns: tuple[str, ...]
    datacheck: Stats | None
    floor: Stats | None
    metrics: float = 0.0
    samples: float = 0.0
    peak_rss_mib: float = 0.0
    error: str | None = None

    @property
    def overhead(self) -> float:
        """Median seconds datacheck spends over reading the columns (NaN if unmeasured)."""
        if self.datacheck is None or self.floor is None:
            return float("nan")
        return self.datacheck.median - self.floor.median

    def as_dict(self) -> dict[str, Any]:
        """Return the timing as plain data."""
        return {
            "check": self.check,
            "columns": list(self.columns),
            "datacheck_wall": vars(self.datacheck) if self.datacheck else None,
            "floor_wall": vars(self.floor) if self.floor else None,
            "overhead_s": None if self.error else round(self.overhead, 6),
            "metrics_s": self.metrics,
            "samples_s": self.samples,
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "error": self.error,
        }


def _median(values: Sequence[float]) -> float:
    return Stats.of(values).median if values else 0.0


def _failure(runs: Sequence[RunSample], what: str) -> str | None:
    if any(s.ok for s in runs):
        return None
    return f"{what}: {runs[0].error if runs else 'not run'}"


def time_checks(
    dataset: Dataset,
    repeat: int = 3,
    timeout: float | None = None,
    progress: Progress | None = None,
) -> list[CheckTiming]:
    """Time every reference check alone over ``dataset``, with its own floor.

    A check whose runs all fail is kept, with the reason, and the others go on.

    Parameters
    ----------
    dataset
        The benchmark file.
    repeat
        Runs per measurement (median, min and max are kept).
    timeout
        Seconds after which one run is abandoned.
    progress
        Called with one line per measurement.

    Returns
    -------
    list of CheckTiming
        In :data:`benchmarks.spec.CHECK_IDS` order.
    """
    say = progress or (lambda _line: None)
    floors: dict[tuple[str, ...], list[RunSample]] = {}
    out = []
    for check in spec.CHECK_IDS:
        columns = spec.check_columns(check)
        if columns not in floors:
            only = ["--columns", ",".join(columns)]
            floors[columns] = [
                spawn_tool("floor", dataset.path, extra=only, timeout=timeout)
                for _ in range(repeat)
            ]
        runs = [
            spawn_tool("datacheck", dataset.path, extra=["--only", check], timeout=timeout)
            for _ in range(repeat)
        ]
        good = [s for s in runs if s.ok]
        floor = [s for s in floors[columns] if s.ok]
        timing = CheckTiming(
            check=check,
            columns=columns,
            datacheck=Stats.of([s.wall for s in good]) if good else None,
            floor=Stats.of([s.wall for s in floor]) if floor else None,
            metrics=_median([s.run["phases"].get("metrics", 0.0) for s in good]),
            samples=_median([s.run["phases"].get("samples", 0.0) for s in good]),
            peak_rss_mib=_median([s.peak_rss_mib for s in good]),
            error=_failure(runs, "datacheck") or _failure(floors[columns], "floor"),
        )
        if timing.error or timing.datacheck is None or timing.floor is None:
            say(f"  {check:<24} [red]{timing.error}[/]")
        else:
            say(
                f"  {check:<24} datacheck {timing.datacheck.median:6.3f} s  "
                f"floor {timing.floor.median:6.3f} s  over {timing.overhead:+6.3f} s"
            )
        out.append(timing)
    return out


def _ordered(timings: Sequence[CheckTiming]) -> list[CheckTiming]:
    measured = [t for t in timings if t.error is None]
    failed = [t for t in timings if t.error is not None]
    return [*sorted(measured, key=lambda t: t.overhead, reverse=True), *failed]


def _cells(t: CheckTiming) -> list[str]:
    if t.error is not None or t.datacheck is None or t.floor is None:
        return ["—", "—", "—", "—", "—", f"failed: {t.error}"]
    return [
        f"{t.datacheck.median:.3f}",
        f"{t.metrics:.3f}",
        f"{t.samples:.3f}",
        f"{t.floor.median:.3f}",
        f"{t.overhead:+.3f}",
        _ratio(t.datacheck.median, t.floor.median),
    ]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "—"


def rich_table(timings: Sequence[CheckTiming], rows: int) -> Table:
    """Render the timings as a Rich table, most expensive first.

    Parameters
    ----------
    timings
        The per-check timings.
    rows
        Rows in the file (for the title).

    Returns
    -------
    rich.table.Table
        The table.
    """
    table = Table(title=f"Each datacheck check alone at {rows:,} rows (median wall seconds)")
    for name in ("check", "datacheck s", "metrics s", "samples s", "floor (same cols) s"):
        table.add_column(name, justify="left" if name == "check" else "right")
    table.add_column("over floor s", justify="right")
    table.add_column("× floor", justify="right")
    for t in _ordered(timings):
        table.add_row(t.check, *_cells(t))
    return table


def markdown_table(timings: Sequence[CheckTiming]) -> list[str]:
    """Render the timings as Markdown table lines, most expensive first.

    Parameters
    ----------
    timings
        The per-check timings.

    Returns
    -------
    list of str
        The table's lines.
    """
    lines = [
        "| check | datacheck s | metrics s | samples s | floor (same columns) s "
        "| over floor s | × floor |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    lines.extend(f"| `{t.check}` | {' | '.join(_cells(t))} |" for t in _ordered(timings))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: time each check alone and print the table.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code.
    """
    parser = argparse.ArgumentParser(prog="python -m benchmarks.per_check", description=__doc__)
    parser.add_argument("--rows", type=parse_rows, default=5_000_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    console = Console()
    options = {} if args.data_dir is None else {"data_dir": args.data_dir}
    dataset = ensure_dataset(args.rows, args.seed, **options)
    timings = time_checks(dataset, args.repeat, args.timeout, console.print)
    console.print(rich_table(timings, dataset.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
