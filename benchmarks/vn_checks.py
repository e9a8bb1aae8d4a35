"""Cost of each Vietnamese check alone on the sample population table, against the floor.

``python -m benchmarks.vn_checks --rows 5000000`` generates the population sample
(``samples.generate_samples``: valid CCCDs, names, phones, 2025 province codes, addresses,
with injected defects), then for each Vietnamese check runs ``dc.run`` with that one check
(metrics and samples) and the floor (Polars reading the same columns once), best of
``--repeat``, measuring wall and CPU seconds in this process. Prints a table and writes
``benchmarks/results/vn_checks.md``.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

import datacheck as dc
from datacheck.checks import Check
from datacheck.vn.admin_units import AdminUnit, AdminUnitCurrent, NoDistrictLevel
from datacheck.vn.identifiers import Cccd, CccdConsistent, IdPlaceholder, Mst, PhoneVn
from datacheck.vn.text import LookalikeChars, Mojibake, NameVn, ToneStyleConsistent
from samples import generate_samples, write_samples

__all__ = ["VN_CHECKS", "VnTiming", "main", "time_vn_checks"]

DATA = Path(__file__).resolve().parent / "data"
RESULTS = Path(__file__).resolve().parent / "results"

VN_CHECKS: tuple[tuple[Check, tuple[str, ...]], ...] = (
    (Cccd(columns=["person_id"]), ("person_id",)),
    (
        CccdConsistent(columns=["person_id"], birth_date="birth_date", sex="gender"),
        ("person_id", "birth_date", "gender"),
    ),
    (Mst(columns=["person_id"], allow_personal_id=True), ("person_id",)),
    (PhoneVn(columns=["phone"]), ("phone",)),
    (IdPlaceholder(columns=["person_id"]), ("person_id",)),
    (AdminUnit(columns=["province_code"], level="province"), ("province_code",)),
    (AdminUnitCurrent(columns=["province_code"], level="province"), ("province_code",)),
    (NoDistrictLevel(columns=["address"]), ("address",)),
    (LookalikeChars(columns=["full_name"]), ("full_name",)),
    (Mojibake(columns=["full_name"]), ("full_name",)),
    (NameVn(columns=["full_name"]), ("full_name",)),
    (ToneStyleConsistent(columns=["full_name"], style="new"), ("full_name",)),
    (ToneStyleConsistent(name="tone_any", columns=["full_name"]), ("full_name",)),
)


@dataclass(frozen=True)
class VnTiming:
    """One check timed alone: best wall and CPU seconds of datacheck and of the floor."""

    check: str
    columns: tuple[str, ...]
    wall: float
    cpu: float
    floor_wall: float
    floor_cpu: float

    @property
    def ratio(self) -> float:
        """Wall time over the floor's."""
        return self.wall / self.floor_wall if self.floor_wall else float("nan")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _best(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        action()
        best = min(best, (time.perf_counter() - wall, _cpu() - cpu))
    return best


def dataset(rows: int, seed: int = 7) -> Path:
    """The population sample of ``rows`` rows (generated once, cached under ``data/``)."""
    folder = DATA / f"vn-{rows}-s{seed}"
    target = folder / "dan_cu"
    if not target.exists():
        write_samples(generate_samples(rows=rows, seed=seed, as_of="2026-06-30"), folder)
    return target


def time_vn_checks(path: Path, repeat: int = 3) -> list[VnTiming]:
    """Time every check of :data:`VN_CHECKS` alone on ``path``."""
    timings = []
    for check, columns in VN_CHECKS:
        suite = dc.Suite(name="vn_bench", key=("person_id",), checks=(check,))

        def run(suite: dc.Suite = suite) -> object:
            return dc.run(suite, path, as_of="2026-06-30")

        def floor(columns: tuple[str, ...] = columns) -> object:
            return pl.scan_parquet(path).select(columns).collect()

        wall, cpu = _best(run, repeat)
        floor_wall, floor_cpu = _best(floor, repeat)
        (result_id,) = check.result_ids()
        timings.append(VnTiming(result_id, columns, wall, cpu, floor_wall, floor_cpu))
    return timings


def markdown(timings: Sequence[VnTiming], rows: int) -> str:
    """The timings as a Markdown table."""
    lines = [
        f"# Vietnamese checks alone, {rows:,} rows (best of runs; wall and CPU seconds)",
        "",
        "| check | columns | datacheck wall | cpu | floor wall | × floor |",
        "|---|---|--:|--:|--:|--:|",
    ]
    lines += [
        f"| `{t.check}` | {', '.join(t.columns)} | {t.wall:.3f} | {t.cpu:.3f} | "
        f"{t.floor_wall:.3f} | {t.ratio:.1f}× |"
        for t in timings
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.vn_checks [--rows N] [--repeat K]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = dataset(args.rows)
    timings = time_vn_checks(path, args.repeat)
    table = Table(title=f"Vietnamese checks alone, {args.rows:,} rows")
    for name in ("check", "columns", "wall s", "cpu s", "floor s", "× floor"):
        table.add_column(name, justify="left" if name in ("check", "columns") else "right")
    for t in timings:
        table.add_row(
            t.check,
            ", ".join(t.columns),
            f"{t.wall:.3f}",
            f"{t.cpu:.3f}",
            f"{t.floor_wall:.3f}",
            f"{t.ratio:.1f}×",
        )
    Console().print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "vn_checks.md").write_text(markdown(timings, args.rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
