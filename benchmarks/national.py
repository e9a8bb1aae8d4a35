"""Time the national run at a given scale: ``python -m benchmarks.national --scale 1``.

Generates the linked sample databases at ``--scale`` (cached under ``benchmarks/data/``;
scale 1 is 1,000,000 population rows, about ten million rows in all), then runs
``datacheck scorecard`` on ``suites/national.yaml`` in a fresh process, ``--repeat`` times, and
prints a table: rows, wall seconds, CPU seconds and peak memory of each run (taken from the
operating system), against the target of issue 5 (under 60 s on 2 cores). It also checks every
count of every database against the generator's manifest, so a fast but wrong run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from samples import generate_samples, write_samples
from samples.generator import SCALE_ROWS

__all__ = ["main", "prepare"]

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
AS_OF = "2026-06-30"
TARGET_SECONDS = 60.0


def prepare(scale: float, seed: int = 7) -> Path:
    """A copy of ``suites/`` beside generated samples at ``scale``; returns national.yaml."""
    root = DATA / f"national-{scale:g}-s{seed}"
    manifest = root / "samples" / "out" / "manifest.json"
    if not manifest.exists():
        start = time.perf_counter()
        samples = generate_samples(rows=round(scale * SCALE_ROWS), seed=seed, as_of=AS_OF)
        write_samples(samples, root / "samples" / "out")
        seconds = time.perf_counter() - start
        print(f"generated scale {scale:g} in {seconds:.1f} s -> {root}", file=sys.stderr)
    shutil.rmtree(root / "suites", ignore_errors=True)
    shutil.copytree(ROOT / "suites", root / "suites")
    return root / "suites" / "national.yaml"


def _children_peak_mib() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_maxrss / 1024  # KiB on Linux


def _run_once(national: Path, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "datacheck",
            "scorecard",
            str(national),
            "--out",
            str(out),
            "--as-of",
            AS_OF,
            "--fail-on",
            "never",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATACHECK_LANG": "en"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        msg = f"datacheck scorecard exited {proc.returncode}: {proc.stderr.strip()}"
        raise SystemExit(msg)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mib": _children_peak_mib()}


def _mismatches(out: Path, manifest: dict[str, Any]) -> list[str]:
    national = json.loads((out / "national.json").read_text(encoding="utf-8"))
    problems = []
    for db in national["databases"]:
        expected = manifest["suites"][db["suite"]]["checks"]
        result = json.loads((out / db["result"]).read_text(encoding="utf-8"))
        for check in result["checks"]:
            truth = expected[check["id"]]
            got = {"evaluated": check["evaluated"], "failed": check["failed"]}
            got.update({k: check["details"][k] for k in ("groups", "surplus") if k in truth})
            if got != truth:
                problems.append(f"{db['suite']} {check['id']}: {got} != {truth}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (once), run the national scorecard, print the table; 1 if counts differ."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    national = prepare(args.scale, args.seed)
    out_root = national.parent.parent / "site"
    manifest = json.loads(
        (national.parent.parent / "samples" / "out" / "manifest.json").read_text(encoding="utf-8")
    )
    rows = sum(t["rows"] for t in manifest["tables"].values())
    runs = [_run_once(national, out_root / str(i)) for i in range(args.repeat)]
    problems = _mismatches(out_root / "0", manifest)
    table = Table(title=f"National run, scale {args.scale:g} ({os.cpu_count()} cores)")
    for column in ("databases", "rows", "run", "wall s", "cpu s", "peak MiB"):
        table.add_column(column, justify="right")
    for i, r in enumerate(runs):
        table.add_row(
            str(len(manifest["tables"])),
            f"{rows:,}",
            str(i + 1),
            f"{r['wall']:.1f}",
            f"{r['cpu']:.1f}",
            f"{r['peak_mib']:.0f}",
        )
    console = Console()
    console.print(table)
    best = min(r["wall"] for r in runs)
    verdict = "HOLDS" if best < TARGET_SECONDS else "MISSES"
    console.print(
        f"target: national run under {TARGET_SECONDS:.0f} s -> {verdict} (best {best:.1f} s)"
    )
    console.print("peak memory is the largest of the runs (the OS reports the maximum so far)")
    if problems:
        console.print(f"[red]{len(problems)} counts differ from the manifest[/red]")
        for line in problems[:20]:
            console.print(f"  {line}")
        return 1
    console.print("every count equals the manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
