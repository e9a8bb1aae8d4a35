"""Reproducible benchmark data: a person table with nulls, injected defects and a manifest.

``python -m benchmarks.data --rows 5000000 --seed 42`` writes
``benchmarks/data/people-v1-5000000-s42.parquet`` and its ``.manifest.json`` (cached: an
existing pair is reused). Everything is vectorised (numpy for randomness, Polars for
strings), so 20M rows take seconds, not minutes.

Every defect is injected at positions drawn without replacement, disjoint from the other
defects of the same column, and every injected value is guaranteed to fail its check while
every clean value is guaranteed to pass. The manifest's expected counts therefore come from
the injection bookkeeping alone — no check is ever run to compute them — and are exact.

Columns: ``person_id`` (12-digit strings, some duplicated, some malformed), ``phone``,
``email``, ``gender``, ``status``, ``province_code`` (strings), ``birth_date`` (date) and
``updated_at`` (naive datetime, microseconds).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl

from benchmarks import spec

__all__ = [
    "DATA_DIR",
    "DEFAULT_ROWS",
    "DEFAULT_SEED",
    "GENERATOR_VERSION",
    "Dataset",
    "ensure_dataset",
    "expected_counts",
    "generate",
    "parse_rows",
]

GENERATOR_VERSION: Final = 1
DEFAULT_ROWS: Final = 5_000_000
DEFAULT_SEED: Final = 42
DATA_DIR: Final = Path(__file__).resolve().parent / "data"

# share of rows per (column, defect kind); every kind is injected at disjoint positions
RATES: Final[Mapping[str, Mapping[str, float]]] = {
    "person_id": {"null": 0.002, "malformed": 0.003, "duplicate": 0.005},
    "phone": {"null": 0.05, "malformed": 0.02},
    "email": {"null": 0.10, "malformed": 0.015},
    "gender": {"null": 0.005, "outside": 0.004},
    "status": {"null": 0.003, "outside": 0.002},
    "province_code": {"null": 0.004, "outside": 0.006},
    "birth_date": {"null": 0.005, "too_old": 0.001, "future": 0.001},
    "updated_at": {"null": 0.01, "stale": 0.08},
}

_ID_SPACE: Final = 900_000_000_000  # 12-digit numbers: [10^11, 10^12)
_ID_MULTIPLIER: Final = 48_271_118_873  # coprime with _ID_SPACE: a bijection on it
_SURNAMES: Final = ("nguyen", "tran", "le", "pham", "hoang", "vu", "vo", "dang", "bui", "do")
_GIVEN: Final = ("an", "binh", "chi", "dung", "giang", "hoa", "khanh", "lan", "minh", "trang")
_DOMAINS: Final = (("gmail", "com"), ("yahoo", "com"), ("fpt", "vn"), ("moet.edu", "vn"))
_BAD_GENDERS: Final = ("nam", "nữ", "M", "F", "Nu")
_BAD_STATUSES: Final = ("ACTIVE", "unknown", "", "Active")
_BAD_PROVINCES: Final = ("00", "99", "1", "03", "100")
_EPOCH: Final = date(1970, 1, 1)


@dataclass(frozen=True)
class Dataset:
    """A generated benchmark file and its manifest.

    Parameters
    ----------
    path
        The Parquet file.
    manifest
        Rows, seed, as-of, injected defect counts and, under ``"checks"``, the exact
        expected ``evaluated``/``failed`` counts of every reference check.
    """

    path: Path
    manifest: Mapping[str, Any]

    @property
    def rows(self) -> int:
        """The number of rows."""
        return int(self.manifest["rows"])

    def expected_failed(self) -> dict[str, int]:
        """Return the expected failed count of every reference check, by check id."""
        return {k: int(v["failed"]) for k, v in self.manifest["checks"].items()}


def parse_rows(text: str) -> int:
    """Parse a row count such as ``5000000``, ``5_000_000``, ``5M`` or ``200k``.

    Parameters
    ----------
    text
        The count, optionally with a ``k`` or ``M`` suffix.

    Returns
    -------
    int
        The number of rows.

    Examples
    --------
    >>> [parse_rows(t) for t in ("200k", "5M", "1_000", "1.5M")]
    [200000, 5000000, 1000, 1500000]
    """
    match = re.fullmatch(r"\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*", text)
    if match is None:
        msg = f"not a row count: {text!r} (examples: 200000, 200k, 5M)"
        raise ValueError(msg)
    number, suffix = match.groups()
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[suffix.lower()]
    return round(float(number.replace("_", "")) * scale)


def _counts(rows: int, column: str) -> dict[str, int]:
    return {kind: round(rows * rate) for kind, rate in RATES[column].items()}


def _positions(rng: np.random.Generator, rows: int, counts: Mapping[str, int]) -> dict[str, Any]:
    """Disjoint random positions for each defect kind of one column."""
    picked = rng.choice(rows, size=sum(counts.values()), replace=False)
    out: dict[str, Any] = {}
    start = 0
    for kind, k in counts.items():
        out[kind] = np.sort(picked[start : start + k])
        start += k
    return out


def _pick(values: Sequence[str], index: Any, name: str = "") -> pl.Series:
    return pl.Series(name, values, dtype=pl.String).gather(index)


def _strings(numbers: Any) -> pl.Series:
    return pl.Series(numbers).cast(pl.String)


def _variants(base: pl.Series, variants: Sequence[pl.Expr]) -> pl.Series:
    """Apply variant ``i % len(variants)`` to the ``i``-th value (``pl.col("v")`` is it)."""
    kind = pl.Series("k", np.arange(base.len()) % len(variants))
    chain: Any = pl
    for i, expr in enumerate(variants[:-1]):
        chain = chain.when(pl.col("k") == i).then(expr)
    result = chain.otherwise(variants[-1]) if len(variants) > 1 else variants[0]
    return pl.DataFrame({"v": base, "k": kind}).select(result.alias("v")).to_series()


def _person_ids(
    rng: np.random.Generator, rows: int, counts: Mapping[str, int]
) -> tuple[pl.Series, dict[str, int]]:
    assert math.gcd(_ID_MULTIPLIER, _ID_SPACE) == 1
    order = rng.permutation(rows).astype(np.int64)
    offset = int(rng.integers(0, _ID_SPACE))
    # an affine bijection of [0, _ID_SPACE): distinct rows get distinct 12-digit ids
    numbers = (order * _ID_MULTIPLIER + offset) % _ID_SPACE + 10**11
    base = _strings(numbers).alias("person_id")
    at = _positions(rng, rows, counts)
    # malformed ids are injective images of distinct valid ids, in three disjoint shapes
    # (13 digits, an "ID" prefix, a dash), so they never equal each other or a valid id
    v = pl.col("v")
    malformed = _variants(
        base.gather(at["malformed"]),
        [v + "7", "ID" + v, v.str.slice(0, 6) + "-" + v.str.slice(6)],
    )
    special = np.zeros(rows, dtype=bool)
    for positions in at.values():
        special[positions] = True
    clean = np.flatnonzero(~special)
    sources = clean[rng.integers(0, clean.size, size=counts["duplicate"])] if clean.size else []
    out = base.clone()
    out.scatter(at["malformed"], malformed)
    if counts["duplicate"]:
        out.scatter(at["duplicate"], base.gather(sources))
    out.scatter(at["null"], None)
    groups = int(np.unique(sources).size)
    return out, {"duplicate_groups": groups, "duplicated_rows": counts["duplicate"] + groups}


def _phones(rng: np.random.Generator, rows: int, counts: Mapping[str, int]) -> pl.Series:
    prefix = rng.choice(np.array([3, 5, 7, 8, 9], dtype=np.int64), size=rows)
    nine = _strings(prefix * 10**8 + rng.integers(0, 10**8, size=rows))
    at = _positions(rng, rows, counts)
    v = pl.col("v")
    bad = _variants(
        nine.gather(at["malformed"]),
        [
            "+84" + v,  # international form
            v,  # leading 0 dropped
            "0" + v.str.slice(0, 8),  # a digit short
            "0" + v.str.slice(0, 2) + " " + v.str.slice(2),  # a space inside
        ],
    )
    out = pl.select(("0" + pl.lit(nine)).alias("phone")).to_series()
    out.scatter(at["malformed"], bad)
    out.scatter(at["null"], None)
    return out


def _emails(rng: np.random.Generator, rows: int, counts: Mapping[str, int]) -> pl.Series:
    domain = rng.integers(0, len(_DOMAINS), size=rows)
    frame = pl.DataFrame(
        {
            "s": _pick(_SURNAMES, rng.integers(0, len(_SURNAMES), size=rows)),
            "g": _pick(_GIVEN, rng.integers(0, len(_GIVEN), size=rows)),
            "n": _strings(rng.integers(1, 10_000, size=rows)),
            "d": _pick([d for d, _ in _DOMAINS], domain),
            "t": _pick([t for _, t in _DOMAINS], domain),
        }
    )
    s, g, n, d, t = (pl.col(c) for c in "sgndt")
    local = s + "." + g + n
    host = d + "." + t
    at = _positions(rng, rows, counts)
    kind = np.zeros(rows, dtype=np.int8)
    kind[at["malformed"]] = 1 + np.arange(at["malformed"].size) % 4
    k = pl.lit(pl.Series(kind))
    email = (
        pl.when(k == 1)
        .then(local + host)  # no "@"
        .when(k == 2)
        .then(local + "@@" + host)  # doubled "@"
        .when(k == 3)
        .then(s + " " + g + n + "@" + host)  # a space in the local part
        .when(k == 4)
        .then(local + "@" + d.str.replace_all(".", "-", literal=True))  # no dot after @
        .otherwise(local + "@" + host)
    )
    out = frame.select(email.alias("email")).to_series()
    out.scatter(at["null"], None)
    return out


def _categorical(
    rng: np.random.Generator,
    rows: int,
    counts: Mapping[str, int],
    *,
    name: str,
    values: Sequence[str],
    bad_values: Sequence[str],
    weights: Sequence[float] | None = None,
) -> pl.Series:
    assert not set(values) & set(bad_values)
    p = None if weights is None else np.asarray(weights) / sum(weights)
    out = _pick(values, rng.choice(len(values), size=rows, p=p), name)
    at = _positions(rng, rows, counts)
    outside = at["outside"]
    out.scatter(outside, _pick(bad_values, np.arange(outside.size) % len(bad_values)))
    out.scatter(at["null"], None)
    return out


def _days(day: date) -> int:
    return (day - _EPOCH).days


def _birth_dates(rng: np.random.Generator, rows: int, counts: Mapping[str, int]) -> pl.Series:
    days = rng.integers(_days(date(1925, 1, 1)), _days(spec.BIRTH_MAX) + 1, size=rows)
    at = _positions(rng, rows, counts)
    old_hi = _days(spec.BIRTH_MIN) - 1
    days[at["too_old"]] = rng.integers(_days(date(1800, 1, 1)), old_hi + 1, at["too_old"].size)
    future_lo = _days(spec.BIRTH_MAX) + 1
    days[at["future"]] = rng.integers(future_lo, _days(date(2035, 12, 31)) + 1, at["future"].size)
    out = pl.Series("birth_date", days.astype(np.int32)).cast(pl.Date)
    out.scatter(at["null"], None)
    return out


def _seconds(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)) / timedelta(seconds=1))


def _updated_at(rng: np.random.Generator, rows: int, counts: Mapping[str, int]) -> pl.Series:
    cutoff = _seconds(spec.FRESH_CUTOFF)
    as_of = _seconds(datetime.combine(spec.AS_OF_DATE, datetime.min.time()))
    seconds = rng.integers(cutoff + 1, as_of, size=rows)
    at = _positions(rng, rows, counts)
    stale = at["stale"]
    seconds[stale] = rng.integers(_seconds(datetime(2018, 1, 1)), cutoff, size=stale.size)
    out = pl.Series("updated_at", seconds * 1_000_000).cast(pl.Datetime("us"))
    out.scatter(at["null"], None)
    return out


def expected_counts(rows: int, injected: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """Return every reference check's exact ``evaluated`` and ``failed`` counts.

    Parameters
    ----------
    rows
        Rows in the file.
    injected
        Per column, the number of rows of each injected defect kind (as in the manifest;
        ``person_id`` also carries ``duplicated_rows``: every row of a duplicated id).

    Returns
    -------
    dict
        ``{check_id: {"evaluated": int, "failed": int}}`` in :data:`spec.CHECK_IDS` order.
    """
    out: dict[str, Any] = {}
    nulls = {column: kinds["null"] for column, kinds in injected.items()}
    for column in spec.NOT_NULL:
        out[f"not_null:{column}"] = {"evaluated": rows, "failed": nulls[column]}
    for column in spec.PATTERNS:
        failed = injected[column]["malformed"]
        out[f"pattern:{column}"] = {"evaluated": rows - nulls[column], "failed": failed}
    for column in spec.SETS:
        failed = injected[column]["outside"]
        out[f"in_set:{column}"] = {"evaluated": rows - nulls[column], "failed": failed}
    birth = injected["birth_date"]
    out["between:birth_date"] = {
        "evaluated": rows - nulls["birth_date"],
        "failed": birth["too_old"] + birth["future"],
    }
    out["fresh:updated_at"] = {
        "evaluated": rows - nulls["updated_at"],
        "failed": injected["updated_at"]["stale"],
    }
    out["unique:person_id"] = {
        "evaluated": rows - nulls["person_id"],
        "failed": injected["person_id"]["duplicated_rows"],
    }
    in_range = spec.ROW_COUNT_MIN <= rows <= spec.ROW_COUNT_MAX
    out["row_count"] = {"evaluated": 1, "failed": 0 if in_range else 1}
    assert tuple(out) == spec.CHECK_IDS
    return out


def generate(rows: int, seed: int) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Generate the benchmark table and its manifest in memory.

    Parameters
    ----------
    rows
        Number of rows (at least 1).
    seed
        Seed of the random generator: equal arguments give equal data.

    Returns
    -------
    tuple of (polars.DataFrame, dict)
        The table (columns :data:`spec.COLUMNS`) and its manifest.

    Examples
    --------
    >>> frame, manifest = generate(2_000, seed=1)
    >>> frame.height, manifest["checks"]["not_null:person_id"]["failed"]
    (2000, 4)
    """
    if rows < 1:
        msg = f"rows must be at least 1, found {rows}"
        raise ValueError(msg)
    # one independent stream per column: changing one column leaves the others as they were
    streams = dict(
        zip(spec.COLUMNS, np.random.SeedSequence(seed).spawn(len(spec.COLUMNS)), strict=True)
    )

    def rng(column: str) -> np.random.Generator:
        return np.random.default_rng(streams[column])

    counts = {column: _counts(rows, column) for column in spec.COLUMNS}
    person_id, duplicates = _person_ids(rng("person_id"), rows, counts["person_id"])
    columns = [
        person_id,
        _phones(rng("phone"), rows, counts["phone"]),
        _emails(rng("email"), rows, counts["email"]),
        _categorical(
            rng("gender"),
            rows,
            counts["gender"],
            name="gender",
            values=spec.GENDERS,
            bad_values=_BAD_GENDERS,
        ),
        _categorical(
            rng("status"),
            rows,
            counts["status"],
            name="status",
            values=spec.STATUSES,
            bad_values=_BAD_STATUSES,
            weights=(0.80, 0.10, 0.07, 0.03),
        ),
        _categorical(
            rng("province_code"),
            rows,
            counts["province_code"],
            name="province_code",
            values=spec.PROVINCES,
            bad_values=_BAD_PROVINCES,
        ),
        _birth_dates(rng("birth_date"), rows, counts["birth_date"]),
        _updated_at(rng("updated_at"), rows, counts["updated_at"]),
    ]
    frame = pl.DataFrame([c.rename(name) for c, name in zip(columns, spec.COLUMNS, strict=True)])
    injected: dict[str, dict[str, int]] = {c: dict(k) for c, k in counts.items()}
    injected["person_id"].update(duplicates)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "rows": rows,
        "seed": seed,
        "as_of": spec.AS_OF,
        "columns": list(spec.COLUMNS),
        "injected": injected,
        "checks": expected_counts(rows, injected),
    }
    return frame, manifest


def dataset_path(rows: int, seed: int, data_dir: Path = DATA_DIR) -> Path:
    """Return where the file for ``(rows, seed)`` is cached.

    Parameters
    ----------
    rows, seed
        The generator's arguments.
    data_dir
        The cache folder.

    Returns
    -------
    pathlib.Path
        ``data_dir/people-v{GENERATOR_VERSION}-{rows}-s{seed}.parquet``.
    """
    return data_dir / f"people-v{GENERATOR_VERSION}-{rows}-s{seed}.parquet"


def ensure_dataset(
    rows: int = DEFAULT_ROWS,
    seed: int = DEFAULT_SEED,
    data_dir: Path = DATA_DIR,
    *,
    force: bool = False,
) -> Dataset:
    """Return the cached dataset for ``(rows, seed)``, generating it first if needed.

    The Parquet file and then its manifest are written atomically (temporary file and
    rename); a file without its manifest is regenerated.

    Parameters
    ----------
    rows, seed
        The generator's arguments.
    data_dir
        The cache folder (created if missing).
    force
        Regenerate even if cached.

    Returns
    -------
    Dataset
        The file and its manifest.
    """
    path = dataset_path(rows, seed, data_dir)
    manifest_path = path.with_suffix(".manifest.json")
    if not force and path.exists() and manifest_path.exists():
        return Dataset(path, json.loads(manifest_path.read_text(encoding="utf-8")))
    data_dir.mkdir(parents=True, exist_ok=True)
    frame, manifest = generate(rows, seed)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.write_parquet(partial, compression="zstd", statistics=True)
    del frame
    partial.replace(path)
    partial_manifest = manifest_path.with_name(f".{manifest_path.name}.{os.getpid()}.tmp")
    partial_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    partial_manifest.replace(manifest_path)
    return Dataset(path, manifest)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or find cached) benchmark data; print the file and its expected counts.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code.
    """
    parser = argparse.ArgumentParser(prog="python -m benchmarks.data", description=__doc__)
    parser.add_argument("--rows", type=parse_rows, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="cache folder")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    dataset = ensure_dataset(args.rows, args.seed, args.out, force=args.force)
    size = dataset.path.stat().st_size / 2**20
    print(f"{dataset.path} ({size:.1f} MiB, {time.perf_counter() - start:.1f} s)")
    for check_id, counts in dataset.manifest["checks"].items():
        evaluated, failed = counts["evaluated"], counts["failed"]
        print(f"  {check_id:<24} evaluated {evaluated:>12,}  failed {failed:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
