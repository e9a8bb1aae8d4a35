"""Measure tools in separate processes and compare their counts with the manifest.

Each measurement is one ``python -m benchmarks.tool NAME FILE`` process. The time spent
reading and validating comes from the child itself (its JSON line), as does its peak
resident memory (``VmHWM``: Linux's ``ru_maxrss`` of a child inherits the parent's
high-water mark across fork and exec, so the harness's own memory would leak into it; the
``wait4`` value is kept beside as ``rusage_maxrss_mib``). The whole process's wall time and
its user + system CPU (``os.wait4`` of exactly that child) are taken here, with the load
average at its start, since other work on the machine skews wall times.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "PROJECT_ROOT",
    "Mismatch",
    "RunSample",
    "Stats",
    "compare_counts",
    "spawn",
    "spawn_tool",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Stats:
    """Median, minimum and maximum of a few measurements.

    Examples
    --------
    >>> Stats.of([3.0, 1.0, 2.0])
    Stats(median=2.0, min=1.0, max=3.0, n=3)
    """

    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        """Summarise ``values`` (at least one).

        Parameters
        ----------
        values
            The measurements.

        Returns
        -------
        Stats
            Their median, minimum, maximum and number.
        """
        if not values:
            msg = "no measurements to summarise"
            raise ValueError(msg)
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass
class RunSample:
    """One measured process.

    Parameters
    ----------
    tool
        The tool's name.
    ok
        Whether the process exited normally and printed its result.
    error
        Why not, if not (exit code and the end of its error output, or a timeout).
    run
        The child's JSON result (counts, notes, ``import_s``, ``wall``, ``cpu``, …).
    process_wall
        Seconds from starting the process to reaping it (interpreter start-up, imports,
        work and exit).
    process_cpu
        User plus system CPU seconds of the whole process.
    peak_rss_mib
        The process's peak resident memory in MiB (its own ``VmHWM``).
    rusage_maxrss_mib
        ``ru_maxrss`` from ``wait4`` in MiB (inflated by the harness's own high-water mark
        on Linux; kept for reference).
    load
        The one-minute load average when the process started.
    """

    tool: str
    ok: bool
    error: str | None
    run: dict[str, Any] = field(default_factory=dict)
    process_wall: float = 0.0
    process_cpu: float = 0.0
    peak_rss_mib: float = 0.0
    rusage_maxrss_mib: float = 0.0
    load: float = 0.0

    @property
    def wall(self) -> float:
        """Seconds reading and validating (the child's own measure)."""
        return float(self.run.get("wall", float("nan")))

    @property
    def cpu(self) -> float:
        """CPU seconds (all threads) reading and validating."""
        return float(self.run.get("cpu", float("nan")))

    def as_dict(self) -> dict[str, Any]:
        """Return the sample as plain data (for the JSON results)."""
        return asdict(self)


@dataclass(frozen=True)
class Mismatch:
    """A check whose count differs from the manifest (or that a tool could not count)."""

    check: str
    expected: int
    got: int | None
    note: str | None = None

    def describe(self) -> str:
        """Return ``check expected→got (note)``.

        Examples
        --------
        >>> Mismatch("unique:person_id", 499, 599, "nulls count").describe()
        'unique:person_id: 499 → 599 (nulls count)'
        """
        got = "n/a" if self.got is None else f"{self.got:,}"
        note = f" ({self.note})" if self.note else ""
        return f"{self.check}: {self.expected:,} → {got}{note}"


def compare_counts(
    counts: Mapping[str, int | None],
    expected: Mapping[str, int],
    notes: Mapping[str, str] | None = None,
) -> list[Mismatch]:
    """List the checks whose failed count differs from the expected one.

    Parameters
    ----------
    counts
        A tool's failed count per check id (``None`` where it could not count).
    expected
        The manifest's failed count per check id.
    notes
        The tool's notes per check id (how it counted), copied into the mismatches.

    Returns
    -------
    list of Mismatch
        One per differing or missing check, in the manifest's order.

    Examples
    --------
    >>> compare_counts({"a": 1, "b": 3}, {"a": 1, "b": 2, "c": 0})
    [Mismatch(check='b', expected=2, got=3, note=None), Mismatch(check='c', expected=0, got=None, note='not reported')]
    """  # noqa: E501
    notes = notes or {}
    out = []
    for check, want in expected.items():
        got = counts.get(check)
        if check not in counts:
            out.append(Mismatch(check, want, None, "not reported"))
        elif got != want:
            out.append(Mismatch(check, want, got, notes.get(check)))
    return out


def spawn(
    command: Sequence[str], timeout: float | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, str, str, float, float, float, bool]:
    """Run a command, measuring exactly that process.

    Parameters
    ----------
    command
        The program and its arguments.
    timeout
        Seconds after which the process is killed (default: no limit).
    env
        Extra environment variables.

    Returns
    -------
    tuple
        ``(exit code, stdout, stderr, wall s, cpu s, peak RSS MiB, timed out)``.
    """
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=out, stderr=err, cwd=PROJECT_ROOT, env=environment
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer is not None:
                timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    rss_mib = usage.ru_maxrss / 1024  # KiB on Linux
    return process.returncode, stdout, stderr, wall, cpu, rss_mib, expired.is_set()


def spawn_tool(
    tool: str, path: Path, *, extra: Sequence[str] = (), timeout: float | None = None
) -> RunSample:
    """Measure one tool over one file in its own ``python -m benchmarks.tool`` process.

    Parameters
    ----------
    tool
        One of :data:`benchmarks.tool.TOOLS`.
    path
        The Parquet file.
    extra
        Extra arguments (``--only`` / ``--columns``).
    timeout
        Seconds after which the run is abandoned.

    Returns
    -------
    RunSample
        The child's result and the operating system's view of the process.
    """
    command = [sys.executable, "-m", "benchmarks.tool", tool, str(path), *extra]
    load = os.getloadavg()[0]
    code, stdout, stderr, wall, cpu, rss, timed_out = spawn(command, timeout)
    sample = RunSample(tool, ok=False, error=None, process_wall=wall, process_cpu=cpu)
    sample.peak_rss_mib = sample.rusage_maxrss_mib = rss
    sample.load = load
    if timed_out:
        sample.error = f"timed out after {timeout:.0f} s"
        return sample
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if code != 0 or not lines:
        tail = " | ".join(stderr.strip().splitlines()[-3:])
        sample.error = f"exit code {code}: {tail or 'no output'}"
        return sample
    sample.run = json.loads(lines[-1])
    sample.peak_rss_mib = float(sample.run.get("peak_rss_kib", rss * 1024)) / 1024
    sample.ok = True
    return sample
