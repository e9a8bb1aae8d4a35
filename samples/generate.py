"""Command line: ``python -m samples.generate --scale 0.2 --seed 7 --out samples/out``.

Writes one partitioned Parquet dataset (a folder of ``part-*.parquet`` files) per database of
``samples.databases.TABLES`` and ``manifest.json`` to the output folder and prints one
summary line. Scale 1 is 1,000,000 population rows (about ten million rows in all).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from samples.databases import TABLES
from samples.generator import (
    DEFAULT_AS_OF,
    DEFAULT_DEFECT_RATE,
    DEFAULT_INSURANCE_SHARE,
    SCALE_ROWS,
    generate_samples,
    write_samples,
)

__all__ = ["main"]

DEFAULT_OUT = Path(__file__).resolve().parent / "out"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m samples.generate",
        description=(
            "Generate the linked synthetic Vietnamese national databases "
            f"({', '.join(TABLES)}) "
            "with injected defects and a manifest of the exact expected check counts."
        ),
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--scale",
        type=float,
        default=None,
        help=f"size: scale 1 is {SCALE_ROWS:,} population rows (default 0.2)",
    )
    size.add_argument("--rows", type=int, default=None, help="rows of dan_cu (instead of --scale)")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument(
        "--as-of", default=DEFAULT_AS_OF, help="as-of date or date-time (Asia/Ho_Chi_Minh)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--defect-rate",
        type=float,
        default=DEFAULT_DEFECT_RATE,
        help="injected rows per row and unit weight of each defect kind",
    )
    parser.add_argument(
        "--clean", action="store_true", help="inject no defects (same as --defect-rate 0)"
    )
    parser.add_argument(
        "--insurance-share",
        type=float,
        default=DEFAULT_INSURANCE_SHARE,
        help="share of dan_cu rows with an insurance record",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad arguments).

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The process exit code.
    """
    args = _parser().parse_args(argv)
    start = time.perf_counter()
    rows = args.rows
    if rows is None:
        scale = 0.2 if args.scale is None else args.scale
        if not 0 < scale <= 100:
            print(f"error: --scale must be in (0, 100], got {scale:g}", file=sys.stderr)
            return 2
        rows = max(1, round(scale * SCALE_ROWS))
    try:
        samples = generate_samples(
            rows,
            args.seed,
            args.as_of,
            defect_rate=0.0 if args.clean else args.defect_rate,
            insurance_share=args.insurance_share,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    paths = write_samples(samples, args.out)
    seconds = time.perf_counter() - start
    tables = ", ".join(f"{name} {frame.height:,} rows" for name, frame in samples.tables.items())
    print(
        f"{tables}, {sum(d['rows'] for d in samples.manifest['defects']):,} defective rows "
        f"-> {paths['manifest'].parent} ({seconds:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
