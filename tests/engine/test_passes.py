"""The engine's pass budget: how many queries and scans a 15-check suite costs.

All row-level checks must be aggregates of ONE select over one scan; key checks share one
group_by per key; cross-dataset checks one join per reference; samples come from one bounded
batch of lookups (small data is read once more, bounded, into memory for them). This test
counts the collects that touch the data and the scans in their plans, and fails if either
grows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
import datacheck.engine.local as local
from datacheck import checks as c
from datacheck._time import parse_as_of
from datacheck.checks.base import CompileContext
from datacheck.engine.plan import compile_plan
from datacheck.engine.stages import ROW_STAGE, GroupStage, JoinStage


@pytest.fixture
def data_files(tmp_path: Path) -> tuple[Path, Path]:
    n = 20_000
    ids = [f"{i:012d}" for i in range(n)]
    ids[5] = ids[4]  # one duplicate pair
    frame = pl.DataFrame(
        {
            "person_id": ids,
            "full_name": ["Nguyễn Văn An"] * (n - 3) + ["  ", "N/A", "Lê  Thị"],
            "gender": ["Nam", "Nữ"] * (n // 2),
            "phone": ["0912345678"] * (n - 1) + ["12"],
            "birth_date": [date(1990, 1, 1)] * (n - 1) + [date(2030, 1, 1)],
            "death_date": [None] * (n - 1) + [date(1980, 1, 1)],
            "updated_at": [datetime(2026, 6, 1)] * (n - 2) + [datetime(2020, 1, 1)] * 2,
            "province_code": ["01"] * n,
        }
    )
    data = tmp_path / "dan_cu.parquet"
    frame.write_parquet(data)
    reference = tmp_path / "ref.parquet"
    frame.select("person_id", "birth_date").head(n - 10).write_parquet(reference)
    return data, reference


def fifteen_checks() -> list[c.Check]:
    return [
        c.NotNull(columns=["person_id"], severity="critical"),
        c.NotNull(columns=["full_name"]),
        c.NotBlank(columns=["full_name"], placeholders=["N/A"]),
        c.RequiredColumns(columns=["person_id", "full_name", "gender"]),
        c.RowCount(min=1),
        c.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
        c.Pattern(name="province_format", columns=["province_code"], pattern=r"^\d{2}$"),
        c.InSet(columns=["gender"], values=["Nam", "Nữ"]),
        c.Between(columns=["birth_date"], min=date(1900, 1, 1), max="today"),
        c.Expression(
            name="death_after_birth", column="death_date", expr="death_date >= birth_date"
        ),
        c.NormalizedText(columns=["full_name"]),
        c.Fresh(columns=["updated_at"], max_age=timedelta(days=365)),
        c.NotFuture(columns=["birth_date"]),
        c.Unique(columns=["person_id"]),
        c.ExistsIn(column="person_id", reference="population"),
    ]


class Recorder:
    """Counts every collect whose plan reads one of the watched files."""

    def __init__(self, watched: list[Path]) -> None:
        self.watched = [str(p) for p in watched]
        self.batches: list[list[str]] = []
        self.raw_batches: list[list[str]] = []
        self.lookups: list[list[str]] = []  # each batch of sample lookups, as written
        self.in_memory: list[list[str]] = []  # the batches reading no watched file

    def touches(self, plan: str) -> bool:
        return any(w in plan for w in self.watched)

    def record(self, frames: list[pl.LazyFrame]) -> None:
        plans = [f.explain(engine="streaming") for f in frames]
        if any(self.touches(p) for p in plans):
            self.batches.append(plans)
            self.raw_batches.append([f.explain(optimized=False) for f in frames])
        else:
            self.in_memory.append(plans)

    def scans(self, batch: list[str], path: Path) -> int:
        return sum(len(re.findall(r"SCAN \[" + re.escape(str(path)), p)) for p in batch)

    def footer_counts(self) -> tuple[list[str], list[list[str]]]:
        """The leading row counts read from the files' footers, then the other batches.

        A count reads no column (``PROJECT 0/``): it tells the engine whether the data is
        small beside a reference (:func:`datacheck.engine.local.execute`).
        """
        counts = []
        batches = list(self.batches)
        while batches and len(batches[0]) == 1 and "PROJECT 0/" in batches[0][0]:
            assert batches[0][0].startswith("SELECT [len()]"), batches[0][0]
            counts.append(batches.pop(0)[0])
        return counts, batches


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digit key sorted after the scan, as for large data (and whenever NumPy is loaded)."""
    monkeypatch.setattr(local, "sorts_after_scan", lambda rows: True)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch, data_files: tuple[Path, Path]) -> Recorder:
    rec = Recorder(list(data_files))
    real_collect_all = pl.collect_all
    real_collect = pl.LazyFrame.collect
    real_lookups = local._collect_each

    def lookups(queries: list[pl.LazyFrame]) -> Any:
        rec.lookups.append([q.explain(optimized=False) for q in queries])
        return real_lookups(queries)

    monkeypatch.setattr(local, "_collect_each", lookups)

    def collect_all(frames: Any, **kwargs: Any) -> Any:
        frames = list(frames)
        rec.record(frames)
        return real_collect_all(frames, **kwargs)

    def collect(self: pl.LazyFrame, **kwargs: Any) -> Any:
        rec.record([self])
        return real_collect(self, **kwargs)

    monkeypatch.setattr(pl, "collect_all", collect_all)
    monkeypatch.setattr(pl.LazyFrame, "collect", collect)
    return rec


def test_fifteen_checks_cost_one_metric_batch_and_one_sample_batch(
    data_files: tuple[Path, Path], recorder: Recorder, capture: None
) -> None:
    data, reference = data_files
    suite = dc.Suite(
        name="dan_cu",
        key=["person_id"],
        references={"population": str(reference)},
        checks=fifteen_checks(),
    )
    result = dc.run(suite, data, as_of="2026-06-30")

    assert len(suite.checks) == 15
    assert all(r.status != "error" for r in result.checks), [
        (r.id, r.reason()) for r in result.checks if r.status == "error"
    ]
    # the footers' row counts (no column read), the metrics, then the samples
    counts, (metrics, *samples) = recorder.footer_counts()
    assert [recorder.scans([p], reference) for p in counts] == [1, 0]
    assert [recorder.scans([p], data) for p in counts] == [0, 1]
    # metrics: ONE query reading the source once (a cache node feeds the three stages:
    # the row select, one group_by on the key, one join with the reference)
    assert len(metrics) == 1
    (plan,) = metrics
    assert recorder.scans(metrics, data) == 1
    assert recorder.scans(metrics, reference) == 1
    # the reference's group_by and the group_by of the keys that are not digit strings; the
    # digit keys' codes are handed to a capture as the scan passes (no sort node holds them)
    assert plan.count("AGGREGATE") == 2
    assert "SORT BY" not in plan
    assert "sort(" not in plan
    assert plan.count("python_udf()") == 1
    # then, from memory: the captured codes sorted, and the smallest duplicated keys (for
    # the samples) a top-k of their own, not an aggregate beside the counts (which would
    # stop the group frame from streaming)
    (grouped,) = [p for batch in recorder.in_memory for p in batch if "_sample_keys" in p]
    assert recorder.scans([grouped], data) == 0
    sorts = re.findall(r"SORT BY \[([^\n]*)", grouped)
    (top_k,) = sorts
    assert "slice: (0, 5" in top_k
    assert "_sample_keys" in top_k
    assert "sort(" not in grouped
    assert plan.count("JOIN") >= 1
    # all row-level aggregates are in one SELECT directly over the shared scan
    selects = re.findall(r"SELECT \[([^\n]*)\]", plan)
    row_select = [s for s in selects if "__datacheck_rows" in s]
    assert len(row_select) == 1
    assert "__m0__evaluated" in row_select[0]
    # samples: the data is within the sample prefix, so it is read once more (bounded) into
    # memory; then ONE batch of lookups, one per failing result, each limited to the sample
    # size, reads that copy (the cross-database check's also reads its reference)
    assert_samples_read_the_data_once(recorder, samples, data)
    failing = [
        r
        for r in result.checks
        if r.failed > 0 and r.check not in ("row_count", "required_columns")
    ]
    (lookups,) = recorder.lookups
    assert len(lookups) == len(failing)
    for plan in lookups:
        assert plan.startswith(f"SLICE[offset: 0, len: {suite.samples}]"), plan
    assert sum(recorder.scans([p], data) for p in lookups) == 0


def assert_samples_read_the_data_once(
    recorder: Recorder, samples: list[list[str]], data: Path
) -> None:
    reads = [p for batch in samples for p in batch if recorder.scans([p], data)]
    assert len(reads) == 1, reads
    (read,) = reads
    assert "SLICE: Positive { offset: 0, len: 262144 }" in read, read


def test_a_unique_record_key_finds_its_samples_in_the_metrics_query(
    data_files: tuple[Path, Path], recorder: Recorder, capture: None
) -> None:
    data, _ = data_files
    # the suite without its cross-database check: the key's group stage reads the rows in
    # file order, so the duplicated ids' records come with the metrics, not from a lookup
    checks = [k for k in fifteen_checks() if not isinstance(k, c.ExistsIn)]
    suite = dc.Suite(name="dan_cu", key=["person_id"], checks=checks)
    result = dc.run(suite, data, as_of="2026-06-30")

    counts, (metrics, *samples) = recorder.footer_counts()
    # the data's rows, from its footers: they decide how the key is sorted
    assert [recorder.scans([p], data) for p in counts] == [1]
    (plan,) = metrics
    assert recorder.scans(metrics, data) == 1
    # the records: the captured codes, in file order, semi-joined with the keys (from memory)
    (grouped,) = [p for batch in recorder.in_memory for p in batch if "_sample_keys" in p]
    assert "SEMI" in grouped.upper()
    assert "SEMI" not in plan.upper()
    unique = result.check("unique:person_id")
    assert [s.key["person_id"] for s in unique.samples] == [f"{4:012d}", f"{4:012d}"]
    failing = [
        r
        for r in result.checks
        if r.failed > 0 and r.check not in ("row_count", "required_columns")
    ]
    assert unique in failing
    assert_samples_read_the_data_once(recorder, samples, data)
    (lookups,) = recorder.lookups
    assert len(lookups) == len(failing) - 1  # no lookup for unique's records


def test_counts_of_the_fifteen_check_suite_are_exact(data_files: tuple[Path, Path]) -> None:
    data, reference = data_files
    suite = dc.Suite(
        name="dan_cu",
        key=["person_id"],
        references={"population": str(reference)},
        checks=fifteen_checks(),
    )
    result = dc.run(suite, data, as_of="2026-06-30")
    failed = {r.id: r.failed for r in result.checks}
    assert failed == {
        "not_null:person_id": 0,
        "not_null:full_name": 0,
        "not_blank:full_name": 2,
        "required_columns:person_id+full_name+gender": 0,
        "row_count": 0,
        "pattern:phone": 1,
        "province_format": 0,
        "in_set:gender": 0,
        "between:birth_date": 1,
        "death_after_birth": 1,
        "normalized_text:full_name": 2,
        "fresh:updated_at": 2,
        "not_future:birth_date": 1,
        "unique:person_id": 2,
        "exists_in:person_id": 10,
    }
    assert result.check("unique:person_id").details == {"groups": 1, "surplus": 1}
    assert result.rows == 20_000


def test_every_row_level_check_of_the_suite_is_in_the_one_row_stage(
    data_files: tuple[Path, Path],
) -> None:
    data, reference = data_files
    ctx = CompileContext(
        schema=pl.scan_parquet(data).collect_schema(),
        as_of=parse_as_of("2026-06-30", "Asia/Ho_Chi_Minh"),
        reference_schemas={"population": pl.scan_parquet(reference).collect_schema()},
    )
    plan = compile_plan(fifteen_checks(), ctx)
    assert [type(s) for s in plan.stages] == [type(ROW_STAGE), GroupStage, JoinStage]
    assert len(plan.stages[ROW_STAGE]) == 13


def test_small_data_joins_only_the_reference_rows_of_its_keys(
    tmp_path: Path, recorder: Recorder, data_files: tuple[Path, Path]
) -> None:
    # data with at most half a reference's rows (known from the footers) joins the reference
    # grouped over the data's keys only: a semi join in the ONE metrics query, each file
    # still read once, and the same results as grouping the whole reference
    data, reference = data_files
    small = tmp_path / "small.parquet"
    pl.read_parquet(data).slice(100, 50).vstack(
        pl.read_parquet(data).head(3).with_columns(person_id=pl.lit("x"))
    ).write_parquet(small)
    checks = [
        c.ExistsIn(column="person_id", reference="population"),
        c.AgreesWith(key=["person_id"], reference="population", columns=["birth_date"]),
        c.NotNull(columns=["person_id"]),
    ]
    suite = dc.Suite(
        name="small", key=["person_id"], references={"population": str(reference)}, checks=checks
    )
    result = dc.run(suite, small, as_of="2026-06-30")
    _, (metrics, *_) = recorder.footer_counts()
    (plan,) = metrics
    assert recorder.scans(metrics, small) == 1
    assert recorder.scans(metrics, reference) == 1
    assert "SEMI" in plan.upper()
    whole = dc.run(suite, pl.read_parquet(small).lazy(), as_of="2026-06-30")  # rows unknown
    assert [(r.id, r.evaluated, r.failed) for r in result.checks] == [
        (r.id, r.evaluated, r.failed) for r in whole.checks
    ]
    assert result.check("exists_in:person_id").failed == 3
