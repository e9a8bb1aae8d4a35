"""``python -m benchmarks.run``: datacheck against its peers and the scan floor.

What it does, in order:

1. generates (or finds cached) the benchmark files, one per ``--rows`` size, with their
   manifests of exact expected counts (:mod:`benchmarks.data`);
2. measures start-up: ``python -c "import datacheck; datacheck.run"`` (the package's names
   load on first use, so this is what importing it costs before a run: Polars and the engine
   included) and ``datacheck --help``;
3. for every size, runs every tool ``--repeat`` times, each run in its own process
   (round-robin over tools, each run right after an untimed read of the file by the floor,
   so no run inherits the state a heavier tool left), and checks every
   tool's counts against the manifest — a disagreement is shown, never hidden;
4. at ``--scale-rows`` (default 20M; 0 to skip) runs datacheck, the floor and the floor of
   the key columns alone (``floor-key``, measured at every size), to show how time and
   memory grow: from 5M to 20M rows, datacheck's peak memory may grow at most as much as
   holding the key columns does;
5. optionally (``--per-check``) times each datacheck check alone at the largest size;
6. prints a Rich table and the target lines (HOLDS / MISSES with the numbers) and writes
   ``bench.md`` and ``bench.json`` (``quick.*`` with ``--quick``) to ``benchmarks/results/``.

Times are the child's own wall and CPU seconds for reading the file and validating it
(library import and interpreter start-up excluded; both are reported beside). Peak memory
is the child process's maximum resident set size (its own ``VmHWM``). Ratios are to the
floor, Polars reading the same columns once with no checks. The one-minute load average is
recorded at every run: other work on the machine makes wall times noisy, and the report
says so.

The exit code is 0, or 1 if datacheck's counts disagree with the manifest or datacheck
failed to run — a benchmark of wrong answers is no benchmark.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from benchmarks import spec
from benchmarks.data import (
    DATA_DIR,
    DEFAULT_SEED,
    Dataset,
    dataset_path,
    ensure_dataset,
    parse_rows,
)
from benchmarks.harness import (
    PROJECT_ROOT,
    Mismatch,
    RunSample,
    Stats,
    compare_counts,
    spawn,
    spawn_tool,
)
from benchmarks.per_check import CheckTiming, markdown_table, rich_table, time_checks
from benchmarks.tool import PEERS, TOOLS

__all__ = [
    "SizeResult",
    "Startup",
    "Target",
    "ToolSummary",
    "benchmark_size",
    "compile_bytecode",
    "evaluate_targets",
    "main",
    "measure_startup",
]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_ROWS = "1000000,5000000"
DEFAULT_SCALE_ROWS = 20_000_000
TARGET_ROWS = 5_000_000
QUICK_ROWS = 200_000
QUICK_PEER = "pandera"
MAX_WALL_RATIO = 2.0
STRETCH_WALL_RATIO = 1.5
MAX_RSS_RATIO = 1.5
MIN_SPEEDUP = 2.0
MAX_STARTUP_S = 0.5
FLOORS = ("floor", "floor-key")
"""The tools that read without checking: the scan floor, and the floor of the key columns."""

IMPORT_SNIPPET = "import datacheck; datacheck.run"
"""The start-up measured for the library: ``datacheck``'s names load on first use, so a bare
``import datacheck`` would not count Polars and the engine; touching ``datacheck.run`` does."""


# ---------------------------------------------------------------------------- results


@dataclass
class ToolSummary:
    """Every run of one tool at one size.

    Parameters
    ----------
    tool
        The tool's name.
    samples
        The measured processes, in order.
    mismatches
        Checks whose counts differ from the manifest (``None`` for the floor, which
        checks nothing).
    """

    tool: str
    samples: list[RunSample] = field(default_factory=list)
    mismatches: list[Mismatch] | None = None

    @property
    def good(self) -> list[RunSample]:
        """The runs that completed."""
        return [s for s in self.samples if s.ok]

    @property
    def error(self) -> str | None:
        """Why the tool has no measurement, if it has none."""
        if self.good:
            return None
        return self.samples[0].error if self.samples else "not run"

    @property
    def version(self) -> str:
        """The library version the tool reported."""
        return str(self.good[0].run.get("version", "?")) if self.good else "?"

    def stat(self, what: str) -> Stats | None:
        """Summarise ``wall``, ``cpu``, ``peak_rss_mib``, ``process_wall`` or ``import_s``."""
        if not self.good:
            return None
        if what == "import_s":
            return Stats.of([float(s.run["import_s"]) for s in self.good])
        return Stats.of([float(getattr(s, what)) for s in self.good])

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as plain data."""
        first = self.good[0].run if self.good else {}
        return {
            "tool": self.tool,
            "version": self.version,
            "error": self.error,
            **{
                what: vars(stat) if (stat := self.stat(what)) else None
                for what in ("wall", "cpu", "peak_rss_mib", "process_wall", "import_s")
            },
            "counts": first.get("counts"),
            "notes": first.get("notes"),
            "phases": first.get("phases"),
            "agrees_with_manifest": None if self.mismatches is None else not self.mismatches,
            "mismatches": None if self.mismatches is None else [vars(m) for m in self.mismatches],
            "runs": [s.as_dict() for s in self.samples],
        }


@dataclass
class SizeResult:
    """Every tool measured over one file."""

    dataset: Dataset
    tools: dict[str, ToolSummary]

    @property
    def rows(self) -> int:
        """Rows in the file."""
        return self.dataset.rows

    def load(self) -> Stats | None:
        """The one-minute load average at the start of every run at this size."""
        loads = [s.load for t in self.tools.values() for s in t.samples]
        return Stats.of(loads) if loads else None

    def ratio(self, tool: str, what: str) -> float | None:
        """Median ``what`` of ``tool`` over the floor's median (``None`` if missing)."""
        mine = self.tools[tool].stat(what) if tool in self.tools else None
        floor = self.tools["floor"].stat(what) if "floor" in self.tools else None
        if mine is None or floor is None or floor.median <= 0:
            return None
        return mine.median / floor.median

    def as_dict(self) -> dict[str, Any]:
        """Return the result as plain data."""
        return {
            "rows": self.rows,
            "file": _shown_path(self.dataset.path),
            "file_mib": round(self.dataset.path.stat().st_size / 2**20, 1),
            "expected": self.dataset.manifest["checks"],
            "load": vars(load) if (load := self.load()) else None,
            "tools": {
                name: {
                    **summary.as_dict(),
                    "wall_vs_floor": self.ratio(name, "wall"),
                    "cpu_vs_floor": self.ratio(name, "cpu"),
                    "peak_rss_vs_floor": self.ratio(name, "peak_rss_mib"),
                }
                for name, summary in self.tools.items()
            },
        }


@dataclass(frozen=True)
class Startup:
    """Start-up wall seconds (median of several processes)."""

    python: Stats
    import_datacheck: Stats
    cli_help: Stats
    cli_command: str


@dataclass(frozen=True)
class Target:
    """One target line: what is promised, whether it holds, and the numbers."""

    name: str
    holds: bool | None
    detail: str

    @property
    def verdict(self) -> str:
        """``HOLDS``, ``MISSES`` or ``NOT MEASURED``."""
        return {True: "HOLDS", False: "MISSES", None: "NOT MEASURED"}[self.holds]


# ---------------------------------------------------------------------------- measuring


def benchmark_size(
    dataset: Dataset,
    tools: Sequence[str],
    repeat: int,
    timeout: float | None,
    console: Console,
) -> SizeResult:
    """Measure every tool over one file, round-robin, and check counts against the manifest.

    A tool whose run fails or times out is not run again at this size.

    Parameters
    ----------
    dataset
        The benchmark file and its manifest.
    tools
        Tool names (the floor first).
    repeat
        Runs per tool.
    timeout
        Seconds after which one run is abandoned.
    console
        Where progress goes.

    Returns
    -------
    SizeResult
        Every run of every tool.
    """
    console.print(f"[bold]{dataset.rows:,} rows[/] — {dataset.path.name}")
    warm = spawn_tool("floor", dataset.path, timeout=timeout)  # page cache, untimed
    if not warm.ok:
        console.print(f"  [red]warm-up read failed: {warm.error}[/]")
    summaries = {tool: ToolSummary(tool) for tool in tools}
    expected = dataset.expected_failed()
    for round_ in range(1, repeat + 1):
        for tool in tools:
            summary = summaries[tool]
            if summary.samples and summary.error is not None:
                continue  # it failed before: do not pay for it again
            # every timed run follows the same untimed read, so none inherits the state a
            # heavier tool left (Great Expectations' 3 GiB made the next floor run 30% slower)
            spawn_tool("floor", dataset.path, timeout=timeout)
            sample = spawn_tool(tool, dataset.path, timeout=timeout)
            summary.samples.append(sample)
            if not sample.ok:
                console.print(f"  {tool:<12} run {round_}/{repeat}: [red]{sample.error}[/]")
                continue
            if tool not in FLOORS and summary.mismatches is None:
                counts = sample.run.get("counts", {})
                notes = sample.run.get("notes", {})
                summary.mismatches = compare_counts(counts, expected, notes)
            console.print(
                f"  {tool:<12} run {round_}/{repeat}: {sample.wall:7.3f} s wall, "
                f"{sample.cpu:7.3f} s cpu, {sample.peak_rss_mib:7.0f} MiB peak "
                f"(load {sample.load:.1f})"
            )
    return SizeResult(dataset, summaries)


def _cli_command() -> list[str]:
    script = Path(sys.executable).with_name("datacheck")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "datacheck"]


def compile_bytecode() -> bool:
    """Compile datacheck's modules to bytecode (``__pycache__``), as installing a wheel does.

    Returns
    -------
    bool
        Whether every module compiled.

    Examples
    --------
    >>> compile_bytecode()
    True
    """
    import datacheck  # noqa: PLC0415

    return bool(compileall.compile_dir(Path(datacheck.__file__).parent, quiet=1))


def measure_startup(repeat: int = 5) -> Startup:
    """Measure interpreter start-up, importing datacheck with its engine, ``datacheck --help``.

    Each is run once untimed, then ``repeat`` times; each run is a new process. datacheck's
    bytecode is compiled first, as ``pip`` compiles a wheel's when it installs it: an editable
    install run with ``PYTHONDONTWRITEBYTECODE`` set (as on this project's machines) would
    otherwise compile every module from source at each start, about 0.1 s that no installed
    copy pays.

    Parameters
    ----------
    repeat
        Timed runs of each command.

    Returns
    -------
    Startup
        Median, minimum and maximum wall seconds of each.
    """
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "import": [sys.executable, "-c", IMPORT_SNIPPET],
        "help": [*_cli_command(), "--help"],
    }
    compile_bytecode()
    times: dict[str, list[float]] = {}
    for name, command in commands.items():
        spawn(command)
        runs = []
        for _ in range(repeat):
            code, _, stderr, wall, *_ = spawn(command)
            if code != 0:
                msg = f"{shlex.join(command)} failed ({code}): {stderr.strip()[-300:]}"
                raise RuntimeError(msg)
            runs.append(wall)
        times[name] = runs
    return Startup(
        python=Stats.of(times["python"]),
        import_datacheck=Stats.of(times["import"]),
        cli_help=Stats.of(times["help"]),
        cli_command=shlex.join([Path(commands["help"][0]).name, *commands["help"][1:-1]]),
    )


# ---------------------------------------------------------------------------- targets


def _at_target(sizes: Sequence[SizeResult]) -> tuple[SizeResult | None, str]:
    exact = [s for s in sizes if s.rows == TARGET_ROWS]
    if exact:
        return exact[0], ""
    if not sizes:
        return None, ""
    largest = max(sizes, key=lambda s: s.rows)
    return largest, f" [measured at {largest.rows:,} rows, not {TARGET_ROWS:,}]"


def _by_round(size: SizeResult | None, over: str, under: str, what: str) -> str:
    """``"; round by round A–B×"``: ``over``'s ``what`` over ``under``'s, run by run.

    Rounds run every tool back to back, so a ratio within one round is less exposed to the
    machine's load drifting than a ratio of medians is. Empty with fewer than two rounds.

    Examples
    --------
    >>> _by_round(None, "gx", "floor", "wall")
    ''
    """
    if size is None or over not in size.tools or under not in size.tools:
        return ""
    pairs = zip(size.tools[over].samples, size.tools[under].samples, strict=False)
    ratios = [
        float(getattr(a, what)) / float(getattr(b, what))
        for a, b in pairs
        if a.ok and b.ok and float(getattr(b, what)) > 0
    ]
    if len(ratios) < 2:  # one round has no spread to show
        return ""
    return f"; round by round {min(ratios):.2f}–{max(ratios):.2f}×"


def _median(size: SizeResult | None, tool: str, what: str) -> float | None:
    if size is None or tool not in size.tools:
        return None
    stat = size.tools[tool].stat(what)
    return None if stat is None else stat.median


def evaluate_targets(
    sizes: Sequence[SizeResult], scale: SizeResult | None, startup: Startup | None
) -> list[Target]:
    """Evaluate the issue's targets against the measurements.

    Parameters
    ----------
    sizes
        The main sizes (the target size is 5M rows, else the largest measured).
    scale
        The scale run (datacheck and floor at ``--scale-rows``), if any.
    startup
        Start-up times, if measured.

    Returns
    -------
    list of Target
        One per target line, in the issue's order.
    """
    size, where = _at_target(sizes)
    out = []
    ratio = size.ratio("datacheck", "wall") if size else None
    dc_wall, floor_wall = _median(size, "datacheck", "wall"), _median(size, "floor", "wall")
    if ratio is None or dc_wall is None or floor_wall is None:
        out.append(Target(f"datacheck wall ≤ {MAX_WALL_RATIO}× floor", None, "no measurement"))
    else:
        stretch = "HOLDS" if ratio <= STRETCH_WALL_RATIO else "MISSES"
        cpu_ratio = size.ratio("datacheck", "cpu") if size else None
        by_cpu = "" if cpu_ratio is None else f"; by CPU seconds {cpu_ratio:.2f}×"
        out.append(
            Target(
                f"datacheck wall ≤ {MAX_WALL_RATIO}× floor at 5M (stretch {STRETCH_WALL_RATIO}×)",
                ratio <= MAX_WALL_RATIO,
                f"{dc_wall:.3f} s vs floor {floor_wall:.3f} s = {ratio:.2f}× "
                f"(stretch {STRETCH_WALL_RATIO}×: {stretch}{by_cpu}"
                f"{_by_round(size, 'datacheck', 'floor', 'wall')}){where}",
            )
        )
    ratio = size.ratio("datacheck", "peak_rss_mib") if size else None
    dc_rss, floor_rss = (
        _median(size, "datacheck", "peak_rss_mib"),
        _median(size, "floor", "peak_rss_mib"),
    )
    if ratio is None or dc_rss is None or floor_rss is None:
        out.append(Target(f"datacheck peak memory ≤ {MAX_RSS_RATIO}× floor", None, "—"))
    else:
        out.append(
            Target(
                f"datacheck peak memory ≤ {MAX_RSS_RATIO}× floor's at 5M",
                ratio <= MAX_RSS_RATIO,
                f"{dc_rss:.0f} MiB vs floor {floor_rss:.0f} MiB = {ratio:.2f}×{where}",
            )
        )
    peers = {
        tool: wall
        for tool in PEERS
        if size is not None and (wall := _median(size, tool, "wall")) is not None
    }
    name = f"datacheck ≥ {MIN_SPEEDUP:.0f}× faster than the fastest peer at 5M"
    if not peers or dc_wall is None:
        out.append(Target(name, None, "no peer measured"))
    else:
        fastest = min(peers, key=lambda t: peers[t])
        speedup = peers[fastest] / dc_wall
        peer_cpu, dc_cpu = _median(size, fastest, "cpu"), _median(size, "datacheck", "cpu")
        by_cpu = f"by CPU seconds {peer_cpu / dc_cpu:.2f}×" if peer_cpu and dc_cpu else ""
        spread = _by_round(size, fastest, "datacheck", "wall")
        extras = f" ({by_cpu}{spread})" if by_cpu else ""
        out.append(
            Target(
                name,
                speedup >= MIN_SPEEDUP,
                f"fastest peer {fastest} {peers[fastest]:.3f} s vs datacheck {dc_wall:.3f} s "
                f"= {speedup:.2f}× faster{extras}{where}",
            )
        )
    out.extend(_growth_targets(size, scale))
    if startup is None:
        out.append(Target("start-up < 0.5 s", None, "not measured"))
    else:
        for label, stat in (
            (IMPORT_SNIPPET, startup.import_datacheck),
            (startup.cli_command + " --help", startup.cli_help),
        ):
            out.append(
                Target(
                    f"start-up: `{label}` < {MAX_STARTUP_S} s",
                    stat.median < MAX_STARTUP_S,
                    f"{stat.median:.3f} s median (min {stat.min:.3f}, max {stat.max:.3f}; "
                    f"bare `python -c pass` {startup.python.median:.3f} s; bytecode compiled, "
                    "as an installed wheel's is)",
                )
            )
    return out


def _growth_targets(size: SizeResult | None, scale: SizeResult | None) -> list[Target]:
    """The two growth targets, from the target size to the scale run's size.

    Time may grow at most linearly with the rows. Peak memory may grow at most by the key
    columns: by no more than the peak memory of the floor that reads only the key columns
    (``floor-key``: it holds them) grows between the same two files. Everything else must
    stream, whatever the rows.
    """
    label = f"{size.rows / 1e6:g}M→{scale.rows / 1e6:g}M" if size and scale else "5M→20M"
    time_name = f"{label} time at most linear"
    memory_name = f"{label} peak memory grows at most by the key columns"
    if size is None or scale is None:
        return [
            Target(time_name, None, "no scale run (--scale-rows 0)"),
            Target(memory_name, None, "no scale run (--scale-rows 0)"),
        ]
    return [_time_growth(size, scale, time_name), _memory_growth(size, scale, memory_name)]


def _time_growth(size: SizeResult, scale: SizeResult, name: str) -> Target:
    small, large = _median(size, "datacheck", "wall"), _median(scale, "datacheck", "wall")
    if small is None or large is None or small <= 0:
        return Target(name, None, "datacheck did not run at both sizes")
    growth = scale.rows / size.rows
    factor = large / small
    f_small, f_large = _median(size, "floor", "wall"), _median(scale, "floor", "wall")
    floor = (
        f"; floor ×{f_large / f_small:.2f}"
        if f_small is not None and f_large is not None and f_small > 0
        else ""
    )
    return Target(
        name,
        factor <= growth,
        f"{small:.3f} → {large:.3f} s = ×{factor:.2f} for ×{growth:g} rows{floor}",
    )


def _memory_growth(size: SizeResult, scale: SizeResult, name: str) -> Target:
    what = "peak_rss_mib"
    small, large = _median(size, "datacheck", what), _median(scale, "datacheck", what)
    k_small, k_large = _median(size, "floor-key", what), _median(scale, "floor-key", what)
    if small is None or large is None:
        return Target(name, None, "datacheck did not run at both sizes")
    if k_small is None or k_large is None:
        return Target(
            name, None, "the floor of the key columns (floor-key) did not run at both sizes"
        )
    grew, bound = large - small, k_large - k_small
    keys = ", ".join(spec.KEY_COLUMNS)
    return Target(
        name,
        grew <= bound,
        f"datacheck {small:.0f} → {large:.0f} MiB (+{grew:.0f} MiB); the key columns alone "
        f"(floor-key, {keys}) {k_small:.0f} → {k_large:.0f} MiB (+{bound:.0f} MiB)",
    )


# ---------------------------------------------------------------------------- rendering


def _fmt(stat: Stats | None, digits: int = 3) -> str:
    return "—" if stat is None else f"{stat.median:.{digits}f}"


def _span(stat: Stats | None, digits: int = 3) -> str:
    return "—" if stat is None else f"{stat.min:.{digits}f}–{stat.max:.{digits}f}"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _agreement(summary: ToolSummary, short: bool) -> str:
    if summary.error is not None:
        return f"failed: {summary.error}"
    if summary.mismatches is None:
        return "— (no checks)"
    total = len(spec.CHECK_IDS)
    if not summary.mismatches:
        return f"✓ {total}/{total}"
    agree = total - len(summary.mismatches)
    shown = "; ".join(
        f"{m.check} {m.expected:,}→{'n/a' if m.got is None else f'{m.got:,}'}"
        if short
        else m.describe()
        for m in summary.mismatches
    )
    return f"≠ {agree}/{total} agree: {shown}"


def _rows_of(results: Sequence[SizeResult]) -> list[tuple[SizeResult, ToolSummary]]:
    return [(size, summary) for size in results for summary in size.tools.values()]


def results_table(results: Sequence[SizeResult], title: str) -> Table:
    """Render measurements as a Rich table.

    Parameters
    ----------
    results
        One entry per size.
    title
        The table's title.

    Returns
    -------
    rich.table.Table
        One row per (size, tool).
    """
    table = Table(title=title, show_lines=False)
    for name, justify in (
        ("rows", "right"),
        ("tool", "left"),
        ("wall s", "right"),
        ("min–max", "right"),
        ("× floor", "right"),
        ("cpu s", "right"),
        ("cpu × floor", "right"),
        ("peak MiB", "right"),
        ("× floor", "right"),
        ("import s", "right"),
        ("process s", "right"),
        ("counts vs manifest", "left"),
    ):
        last = name.startswith("counts")
        table.add_column(name, justify=justify, no_wrap=not last)  # type: ignore[arg-type]
    previous = None
    for size, summary in _rows_of(results):
        tool = summary.tool
        style = "bold" if tool == "datacheck" else ("dim" if tool in FLOORS else "")
        agreement = _agreement(summary, short=True)
        colour = "green" if agreement.startswith("✓") else ("red" if "failed" in agreement else "")
        table.add_row(
            f"{size.rows:,}" if size is not previous else "",
            Text(tool, style=style),
            _fmt(summary.stat("wall")),
            _span(summary.stat("wall")),
            _times(size.ratio(tool, "wall")),
            _fmt(summary.stat("cpu")),
            _times(size.ratio(tool, "cpu")),
            _fmt(summary.stat("peak_rss_mib"), 0),
            _times(size.ratio(tool, "peak_rss_mib")),
            _fmt(summary.stat("import_s"), 2),
            _fmt(summary.stat("process_wall"), 2),
            Text(agreement, style=colour or ("yellow" if agreement.startswith("≠") else "")),
        )
        previous = size
    return table


def _markdown_results(results: Sequence[SizeResult]) -> list[str]:
    lines = [
        "| rows | tool | version | wall s (median) | min–max | × floor | cpu s | cpu × floor "
        "| peak MiB | × floor | import s | process s | counts vs manifest |",
        "|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for size, summary in _rows_of(results):
        tool = summary.tool
        name = f"**{tool}**" if tool == "datacheck" else tool
        lines.append(
            f"| {size.rows:,} | {name} | {summary.version} | {_fmt(summary.stat('wall'))} "
            f"| {_span(summary.stat('wall'))} | {_times(size.ratio(tool, 'wall'))} "
            f"| {_fmt(summary.stat('cpu'))} | {_times(size.ratio(tool, 'cpu'))} "
            f"| {_fmt(summary.stat('peak_rss_mib'), 0)} "
            f"| {_times(size.ratio(tool, 'peak_rss_mib'))} "
            f"| {_fmt(summary.stat('import_s'), 2)} | {_fmt(summary.stat('process_wall'), 2)} "
            f"| {_agreement(summary, short=True)} |"
        )
    return lines


def load_note(results: Sequence[SizeResult]) -> str:
    """Describe the machine's load during the runs (other work makes wall times noisy).

    Parameters
    ----------
    results
        The measured sizes.

    Returns
    -------
    str
        One sentence with the load average range per size.
    """
    cpus = os.cpu_count() or 1
    parts = [
        f"{size.rows:,} rows {load.min:.1f}–{load.max:.1f}"
        for size in results
        if (load := size.load()) is not None
    ]
    busiest = max((load.max for s in results if (load := s.load()) is not None), default=0.0)
    verdict = (
        "other work shared the machine, so wall times carry noise (CPU seconds less so)"
        if busiest > cpus
        else "the machine was otherwise quiet"
    )
    return (
        f"Load average (1 min) at the start of runs on {cpus} CPUs: {'; '.join(parts)} — {verdict}."
    )


def _markdown_disagreements(results: Sequence[SizeResult]) -> list[str]:
    lines = []
    for size, summary in _rows_of(results):
        for m in summary.mismatches or []:
            got = "n/a" if m.got is None else f"{m.got:,}"
            lines.append(
                f"| {size.rows:,} | {summary.tool} | `{m.check}` | {m.expected:,} | {got} "
                f"| {m.note or ''} |"
            )
    if not lines:
        return ["Every tool reported exactly the manifest's failed count for every check."]
    return [
        "| rows | tool | check | manifest | tool's count | why |",
        "|--:|---|---|--:|--:|---|",
        *lines,
    ]


def _machine() -> dict[str, Any]:
    memory = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text(encoding="utf-8").splitlines()[0].split()
        memory = round(int(first[1]) / 2**20, 1)
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
    }


def _versions(results: Sequence[SizeResult]) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, summary in _rows_of(results):
        if summary.good:
            out.setdefault(summary.tool, summary.version)
    return out


def render_markdown(report: dict[str, Any], sizes: Sequence[SizeResult], extra: Any) -> str:
    """Render the report as Markdown.

    Parameters
    ----------
    report
        The JSON report (metadata, targets, start-up).
    sizes
        The main sizes' results.
    extra
        ``(scale result or None, per-check timings or None)``.

    Returns
    -------
    str
        The Markdown document.
    """
    scale, per_check = extra
    config = report["config"]
    machine = report["machine"]
    lines = [
        "# datacheck benchmarks: peers and the scan floor",
        "",
        f"Generated {report['generated_at']} by `{report['command']}` on "
        f"{machine['platform']}, {machine['cpus']} CPUs, {machine['memory_gib']} GiB, "
        f"Python {machine['python']}. Repeats: {config['repeat']} per tool and size "
        f"(median shown); seed {config['seed']}.",
        "",
        "## Targets",
        "",
        *(f"- **{t['verdict']}** — {t['name']}: {t['detail']}" for t in report["targets"]),
        "",
        "## Results",
        "",
        "*wall* and *cpu*: seconds reading the file and validating it, as the tool's process "
        "measured them (import excluded); *process*: the whole process, interpreter start-up "
        "and imports included; *peak*: the process's maximum resident memory; "
        "*× floor*: ratio to Polars reading the same columns with no checks.",
        "",
        *_markdown_results(sizes),
        "",
        load_note(sizes),
        "",
        "## Counts against the manifest",
        "",
        "The generator's manifest gives the exact failed count of every check from its "
        "injection bookkeeping. Differences are the tools' own semantics, shown as measured:",
        "",
        *_markdown_disagreements(sizes),
        "",
    ]
    if scale is not None:
        lines += [
            f"## Growth: datacheck, the floor and the key columns alone at {scale.rows:,} rows",
            "",
            *_markdown_results([scale]),
            "",
            load_note([scale]),
            "",
        ]
    startup = report.get("startup")
    if startup:
        lines += [
            "## Start-up (median wall seconds of a new process)",
            "",
            "datacheck's bytecode compiled first, as `pip` compiles an installed wheel's.",
            "",
            "| command | median | min | max |",
            "|---|--:|--:|--:|",
            *(
                f"| `{label}` | {s['median']:.3f} | {s['min']:.3f} | {s['max']:.3f} |"
                for label, s in (
                    ("python -c pass", startup["python"]),
                    (f'python -c "{IMPORT_SNIPPET}"', startup["import_datacheck"]),
                    (f"{startup['cli_command']} --help", startup["cli_help"]),
                )
            ),
            "",
        ]
    if per_check:
        lines += [
            f"## Each datacheck check alone ({report['per_check_rows']:,} rows)",
            "",
            "datacheck with a one-check suite (samples included) against the floor reading "
            "that check's columns; most expensive first.",
            "",
            *markdown_table(per_check),
            "",
        ]
    lines += [
        "## Method",
        "",
        "- Data: `benchmarks/data.py`, seeded and vectorised; every defect is injected at "
        "disjoint positions and guaranteed to fail its check, so the manifest's counts are "
        "exact by construction (and a test re-derives them with plain Polars and `re`).",
        "- Every measurement is a new `python -m benchmarks.tool NAME FILE` process; tools run "
        "round-robin, each right after an untimed read of the file. *wall*/*cpu* are "
        "measured inside the process around reading + validating; peak memory is the "
        "process's own `VmHWM` (Linux's `ru_maxrss` for a child inherits the harness's "
        "high-water mark across fork/exec, so it is kept only for reference).",
        "- The floor is `pl.scan_parquet(f).select(cols).collect()` over the suite's 8 columns.",
        "- datacheck: `dc.run(suite, path, as_of=...)`, failing samples (5 per check) included. "
        "pandera (polars backend), pointblank and dataframely validate the eager frame "
        "(`pl.read_parquet(f, columns=cols)`): pandera with `lazy=True` (all failure cases), "
        "pointblank with its default extracts and `collect_tbl_checked=False`, dataframely "
        "with `Schema.filter`; Great Expectations 1.x validates `pd.read_parquet(f)` in an "
        "ephemeral context with `result_format='BASIC'`, progress bars and analytics off.",
        "- Nulls: value checks skip nulls in every tool (pointblank `na_pass=True` / `None` in "
        "the set); dataframely has no dataset-level rule, so its row count is checked by hand.",
        "",
        "## Versions",
        "",
        *(
            f"- {'polars (floor)' if tool == 'floor' else tool}: {version}"
            for tool, version in report["versions"].items()
        ),
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark datacheck against pandera, pointblank, dataframely, "
        "Great Expectations and the Polars scan floor.",
    )
    parser.add_argument(
        "--rows",
        default=DEFAULT_ROWS,
        help=f"comma-separated sizes, e.g. 1M,5M (default {DEFAULT_ROWS})",
    )
    parser.add_argument(
        "--scale-rows",
        type=parse_rows,
        default=DEFAULT_SCALE_ROWS,
        help="size of the datacheck-alone growth run (default 20M; 0 to skip)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--tools",
        default=",".join(TOOLS),
        help=f"comma-separated tools (default all: {','.join(TOOLS)}); "
        "floor and datacheck are always run",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {QUICK_ROWS:,} rows, 1 run, floor + datacheck + {QUICK_PEER}, "
        "no scale run",
    )
    parser.add_argument(
        "--per-check", action="store_true", help="also time each check alone at the largest size"
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument("--data-dir", type=Path, default=None, help="benchmark data folder")
    return parser


def _shown_path(path: Path) -> str:
    """``path`` relative to the project when inside it (``--data-dir`` may be elsewhere)."""
    resolved = path.resolve()
    return str(
        resolved.relative_to(PROJECT_ROOT) if resolved.is_relative_to(PROJECT_ROOT) else resolved
    )


@dataclass(frozen=True)
class Plan:
    """What one invocation measures."""

    rows: list[int]
    scale_rows: int
    repeat: int
    tools: list[str]
    seed: int


def _plan(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Plan:
    if args.quick:
        return Plan([QUICK_ROWS], 0, 1, ["floor", "datacheck", QUICK_PEER], args.seed)
    try:
        rows = sorted({parse_rows(r) for r in args.rows.split(",") if r.strip()})
    except ValueError as error:
        parser.error(str(error))
    asked = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in asked if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tools {unknown}; known: {', '.join(TOOLS)}")
    if args.repeat < 1 or not rows:
        parser.error("--repeat must be at least 1 and --rows must name a size")
    tools = list(dict.fromkeys([*FLOORS, "datacheck", *(t for t in TOOLS if t in asked)]))
    return Plan(rows, args.scale_rows, args.repeat, tools, args.seed)


def _print(
    console: Console,
    sizes: Sequence[SizeResult],
    scale: SizeResult | None,
    per_check: tuple[int, list[CheckTiming]] | None,
    targets: Sequence[Target],
) -> None:
    console.print()
    console.print(results_table(sizes, "datacheck vs peers and the scan floor"))
    if scale is not None:
        console.print(results_table([scale], f"Growth: {scale.rows:,} rows"))
    console.print(load_note([*sizes, *([scale] if scale else [])]))
    if per_check:
        console.print(rich_table(per_check[1], per_check[0]))
    for target in targets:
        colour = {"HOLDS": "green", "MISSES": "red"}.get(target.verdict, "yellow")
        console.print(
            Text.assemble(
                (f"{target.verdict:<7}", f"bold {colour}"), f" {target.name}: {target.detail}"
            )
        )


def _report(
    argv: Sequence[str],
    plan: Plan,
    measured: tuple[Sequence[SizeResult], SizeResult | None, Startup],
    per_check: tuple[int, list[CheckTiming]] | None,
    targets: Sequence[Target],
) -> dict[str, Any]:
    sizes, scale, startup = measured
    return {
        "schema_version": 1,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", "-m", "benchmarks.run", *argv]),
        "machine": _machine(),
        "config": {
            "rows": plan.rows,
            "scale_rows": plan.scale_rows or None,
            "repeat": plan.repeat,
            "seed": plan.seed,
            "tools": plan.tools,
            "as_of": spec.AS_OF,
            "checks": list(spec.CHECK_IDS),
        },
        "versions": _versions([*sizes, *([scale] if scale else [])]),
        "targets": [{**vars(t), "verdict": t.verdict} for t in targets],
        "startup": {
            "python": vars(startup.python),
            "import_datacheck": vars(startup.import_datacheck),
            "cli_help": vars(startup.cli_help),
            "cli_command": startup.cli_command,
        },
        "sizes": [s.as_dict() for s in sizes],
        "scale": scale.as_dict() if scale else None,
        "per_check_rows": per_check[0] if per_check else None,
        "per_check": [t.as_dict() for t in per_check[1]] if per_check else None,
    }


def _write(
    out: Path,
    stem: str,
    report: dict[str, Any],
    *,
    sizes: Sequence[SizeResult],
    scale: SizeResult | None,
    per_check: tuple[int, list[CheckTiming]] | None,
) -> tuple[Path, Path]:
    """Write the report as Markdown and JSON; return both paths."""
    out.mkdir(parents=True, exist_ok=True)
    md_path, json_path = out / f"{stem}.md", out / f"{stem}.json"
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    markdown = render_markdown(report, sizes, (scale, per_check[1] if per_check else None))
    md_path.write_text(markdown, encoding="utf-8")
    return md_path, json_path


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, print the table and targets, write Markdown and JSON.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0, or 1 if datacheck failed or disagreed with the manifest.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    plan = _plan(args, parser)
    console = Console()
    if not console.is_terminal:  # piped or logged: do not squeeze the table into 80 columns
        console = Console(width=180)
    data_dir = args.data_dir or DATA_DIR

    def dataset(n: int) -> Dataset:
        # generate in a child process: the harness must stay small, or every child it
        # starts inherits its memory high-water mark in ru_maxrss
        begin = time.perf_counter()
        path = dataset_path(n, args.seed, data_dir)
        if not (path.exists() and path.with_suffix(".manifest.json").exists()):
            console.print(f"data: generating {n:,} rows …")
            command = [sys.executable, "-m", "benchmarks.data", "--rows", str(n)]
            command += ["--seed", str(args.seed), "--out", str(data_dir)]
            code, _, stderr, *_ = spawn(command)
            if code != 0:
                msg = f"generating {n:,} rows failed ({code}): {stderr.strip()[-500:]}"
                raise RuntimeError(msg)
        found = ensure_dataset(n, args.seed, data_dir)
        console.print(f"data: {found.path.name} ready in {time.perf_counter() - begin:.1f} s")
        return found

    datasets = [dataset(n) for n in plan.rows]
    scale_set = dataset(plan.scale_rows) if plan.scale_rows else None
    console.print(f"start-up: measuring `{IMPORT_SNIPPET}` and `datacheck --help` …")
    startup = measure_startup()
    sizes = [benchmark_size(d, plan.tools, plan.repeat, args.timeout, console) for d in datasets]
    scale = None
    if scale_set is not None:
        alone = [*FLOORS, "datacheck"]
        scale = benchmark_size(scale_set, alone, plan.repeat, args.timeout, console)
    targets = evaluate_targets(sizes, scale, startup)
    used = list(sys.argv[1:] if argv is None else argv)
    measured = (sizes, scale, startup)
    stem = "quick" if args.quick else "bench"
    # write what is measured before the optional (long) per-check step, then again after
    first = _report(used, plan, measured, None, targets)
    _write(args.out, stem, first, sizes=sizes, scale=scale, per_check=None)
    per_check = None
    if args.per_check:
        largest = datasets[-1]
        console.print(f"[bold]each check alone at {largest.rows:,} rows[/]")
        timings = time_checks(largest, plan.repeat, args.timeout, console.print)
        per_check = (largest.rows, timings)
    _print(console, sizes, scale, per_check, targets)
    report = _report(used, plan, measured, per_check, targets)
    paths = _write(args.out, stem, report, sizes=sizes, scale=scale, per_check=per_check)
    console.print(f"\nwritten: {paths[0]} and {paths[1]}")

    everything = [*sizes, *([scale] if scale else [])]
    if any(s.tools["datacheck"].error or s.tools["datacheck"].mismatches for s in everything):
        console.print("[red]datacheck failed or disagreed with the manifest (see above)[/]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
