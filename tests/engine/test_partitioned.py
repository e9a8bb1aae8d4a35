"""The partitioned engine: its per-process plan cache never mixes runs; key values stay exact."""

from __future__ import annotations

import dataclasses
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import CompileContext, ExistsIn, Measure, Unique
from datacheck.engine import partitioned as part
from datacheck.engine import spark_kernel
from datacheck.engine.incremental import run_incremental
from datacheck.engine.stages import GROUP_SIZE
from datacheck.engine.states import STATE_VERSION

AS_OF = "2026-06-30"

SUITE = """\
suite: people
key: id
source: people.parquet
references:
  master: master.parquet
checks:
  - check: exists_in
    column: pid
    reference: master
    reference_column: pid
"""


def _folder(root: Path, name: str, master_ids: list[str]) -> Path:
    folder = root / name
    folder.mkdir()
    pl.DataFrame({"id": ["1", "2", "3", "4"], "pid": ["a", "b", "c", "d"]}).write_parquet(
        folder / "people.parquet"
    )
    pl.DataFrame({"pid": master_ids}).write_parquet(folder / "master.parquet")
    (folder / "suite.yaml").write_text(SUITE, encoding="utf-8")
    return folder


def _failed(result: dc.Result) -> int:
    return result.checks[0].failed


def test_same_suite_text_in_two_folders_reads_each_folder_s_references(tmp_path: Path) -> None:
    """Regression: the compiled context was cached by the suite's text, so the second folder's
    run reused the first folder's reference files."""
    first = _folder(tmp_path, "first", ["a", "b", "c", "d"])
    second = _folder(tmp_path, "second", ["a"])
    for _ in range(2):  # the second round meets a warm cache
        ones = dc.run(first / "suite.yaml", as_of=AS_OF, engine="partitioned")
        twos = dc.run(second / "suite.yaml", as_of=AS_OF, engine="partitioned")
        assert (_failed(ones), _failed(twos)) == (0, 3)


def test_reference_frames_given_to_two_runs_are_not_shared(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "one", ["a", "b", "c", "d"])
    suite = folder / "suite.yaml"
    counts = [
        _failed(
            dc.run(
                suite,
                as_of=AS_OF,
                engine="partitioned",
                references={"master": pl.DataFrame({"pid": ids})},
            )
        )
        for ids in (["a", "b"], ["a", "b", "c"], ["a", "b"])
    ]
    assert counts == [2, 1, 2]


def test_nanosecond_keys_find_their_records_in_partitions(tmp_path: Path) -> None:
    ns = [1_700_000_000_000_000_001, 1_700_000_000_000_000_002, 1_700_000_000_000_000_001]
    frame = pl.DataFrame({"k": pl.Series(ns).cast(pl.Datetime("ns")), "n": range(3)})
    frame.head(2).write_parquet(tmp_path / "a.parquet")
    frame.tail(1).write_parquet(tmp_path / "b.parquet")
    suite = dc.Suite(name="s", key=["n"], checks=[dc.checks.Unique(columns=["k"])])
    local = dc.run(suite, tmp_path, as_of="2026-01-01").check("unique:k")
    partitioned = dc.run(suite, tmp_path, as_of="2026-01-01", engine="partitioned")
    assert [s.key["n"] for s in local.samples] == [0, 2]
    assert partitioned.check("unique:k").samples == local.samples


# ------------------------------------------- exact keys: nanoseconds, dates beyond 9999

NS_BASE = 1_700_000_000_000_000_000
"""A nanosecond instant (2023-11-14); as a time of day, its remainder modulo one day."""

NS_DTYPES = [
    pl.Datetime("ns"),
    pl.Datetime("ns", "Asia/Ho_Chi_Minh"),
    pl.Duration("ns"),
    pl.Time(),
]


def _ns_keys(dtype: pl.DataType, offsets: list[int | None]) -> pl.Series:
    """Keys ``offsets`` nanoseconds apart (``None``: a null key) as ``dtype``."""
    base = NS_BASE % 86_400_000_000_000 if dtype == pl.Time else NS_BASE
    values = [None if d is None else base + d for d in offsets]
    return pl.Series("k", values, dtype=pl.Int64).cast(dtype)


# keys 1 ns apart: rounded to microseconds they would all be one key (0 and 9 are unique)
OFFSETS = [0, 1, 2, 1, 3, 2, None, 3, 9, None, 4, 4]


def _slices(frame: pl.DataFrame, cuts: tuple[int, ...]) -> list[pl.DataFrame]:
    """``frame`` cut before the rows ``cuts`` (those past its end cut at its end)."""
    bounds = [0, *(min(c, frame.height) for c in cuts), frame.height]
    return [frame.slice(lo, hi - lo) for lo, hi in itertools.pairwise(bounds)]


SPLITS = [(), (1,), (3, 7), (2, 5, 8, 11), (6, 6)]
"""Cut positions: one partition, two, three, five (single rows), an empty one."""


def _assert_partitioned_equals_local(suite: dc.Suite, frame: pl.DataFrame) -> dc.Result:
    """Every split of ``frame`` gives the local engine's checks (counts, details, samples)."""
    want = dc.run(suite, frame, as_of=AS_OF)
    for cuts in SPLITS:
        parts = _slices(frame, cuts)
        got = part.run_partitioned(suite, partitions=parts, as_of=AS_OF)
        assert got.checks == want.checks, cuts
        assert (got.tiers, got.score) == (want.tiers, want.score), cuts
    return want


@pytest.mark.parametrize("dtype", NS_DTYPES, ids=str)
@pytest.mark.parametrize("key", ["n", "k"])
def test_nanosecond_keys_give_the_local_result_in_any_split(dtype: pl.DataType, key: str) -> None:
    # key "k": the samples show the key only (found in the per-key tables); "n": the record
    frame = pl.DataFrame({"k": _ns_keys(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(name="s", key=[key], samples=3, checks=[Unique(columns=["k"])])
    want = _assert_partitioned_equals_local(suite, frame).check("unique:k")
    # the duplicated keys 1, 2, 3 and 4 fail; not the unique 0 and 9, nor the nulls
    assert want.failed == 8
    if key == "n":
        assert [s.key["n"] for s in want.samples] == [1, 2, 3]


@pytest.mark.parametrize("dtype", NS_DTYPES, ids=str)
def test_a_compound_key_with_a_nanosecond_part_gives_the_local_result(dtype: pl.DataType) -> None:
    # ("a", 1 ns) and ("b", 1 ns) are unique; ("a", 2 ns) twice, ("a", 3 ns) twice and
    # ("b", 4 ns) twice fail (rounded to microseconds, every "a" key would be one key)
    frame = pl.DataFrame(
        {
            "k": _ns_keys(dtype, OFFSETS),
            "s": ["a", "a", "a", "b", "a", "a", None, "a", "a", None, "b", "b"],
            "n": range(len(OFFSETS)),
        }
    )
    suite = dc.Suite(name="s", key=["n"], samples=5, checks=[Unique(columns=["k", "s"])])
    want = _assert_partitioned_equals_local(suite, frame).check("unique:k+s")
    assert [s.key["n"] for s in want.samples] == [2, 4, 5, 7, 10]


def test_dates_beyond_year_9999_give_the_local_result() -> None:
    # Polars holds dates Python cannot (year 34824 here): keys and distinct values stay Polars
    days = [12_000_000, 12_000_001, 5, 12_000_000, None, 12_000_001, 12_000_002]
    frame = pl.DataFrame({"d": pl.Series(days).cast(pl.Date), "n": range(len(days))})
    suite = dc.Suite(
        name="s",
        key=["n"],
        samples=3,
        checks=[Unique(columns=["d"]), ExistsIn(column="d", reference="ref")],
        references={"ref": pl.DataFrame({"d": pl.Series([5]).cast(pl.Date)})},
    )
    want = _assert_partitioned_equals_local(suite, frame)
    assert [s.values["d"] for s in want.check("unique:d").samples] == [
        "+34824-11-19",
        "+34824-11-20",
        "+34824-11-19",
    ]
    assert want.check("exists_in:d").details["missing_distinct"] == 3


@pytest.mark.parametrize("dtype", NS_DTYPES, ids=str)
def test_distinct_nanosecond_values_are_counted_apart(dtype: pl.DataType) -> None:
    # missing_distinct: the values 1, 2, 3, 4 ns past a known one are four values, not one
    frame = pl.DataFrame({"k": _ns_keys(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(
        name="s",
        key=["n"],
        samples=3,
        checks=[ExistsIn(column="k", reference="ref")],
        references={"ref": pl.DataFrame({"k": _ns_keys(dtype, [0, 9])})},
    )
    want = _assert_partitioned_equals_local(suite, frame)
    assert want.check("exists_in:k").details["missing_distinct"] == 4


@pytest.mark.parametrize("buckets", [1, 2, 3, 5])
def test_nanosecond_keys_merge_across_buckets(buckets: int) -> None:
    # the Spark engine's steps in one process: each bucket finds its own smallest failing
    # keys, and the buckets' keys merge (in the order the tasks yield them)
    frame = pl.DataFrame({"k": _ns_keys(pl.Datetime("ns"), OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(name="s", key=["n"], samples=3, checks=[Unique(columns=["k"])])
    want = dc.run(suite, frame, as_of=AS_OF).check("unique:k")
    for cuts in SPLITS:
        planned = part.plan_job(suite, partitions=_slices(frame, cuts), as_of=AS_OF)
        execution = spark_kernel.run_in_process(planned.job, planned.partitions, buckets=buckets)
        got = planned.result(execution, started=0.0, references=None, unmask=False)
        assert got.check("unique:k") == want, cuts


def test_nanosecond_keys_survive_an_incremental_state(tmp_path: Path) -> None:
    frame = pl.DataFrame({"k": _ns_keys(pl.Datetime("ns"), OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(name="s", key=["n"], samples=3, checks=[Unique(columns=["k"])])
    state = tmp_path / "state.json"
    for end, piece in ((5, frame.head(5)), (len(OFFSETS), frame.slice(5))):
        got = run_incremental(suite, [part.Partition(piece, name=f"to-{end}")], state, as_of=AS_OF)
        want = dc.run(suite, frame.head(end), as_of=AS_OF)
        assert got.checks == want.checks, end
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == STATE_VERSION == 2


@dataclass(frozen=True, kw_only=True)
class UniqueWithMedian(Unique):
    """``unique`` with a detail that does not merge: the key check runs in one bucket."""

    kind: ClassVar[str] = "test_unique_with_median"

    def measures(self, ctx: CompileContext) -> list[Measure]:
        (measure,) = super().measures(ctx)
        details = {**measure.details, "median_size": pl.col(GROUP_SIZE).median()}
        return [dataclasses.replace(measure, details=details)]


@pytest.mark.parametrize("dtype", NS_DTYPES, ids=str)
def test_nanosecond_keys_of_a_key_check_run_in_one_bucket(dtype: pl.DataType) -> None:
    # its aggregates are evaluated whole (not split into leaves): its sample keys too stay exact
    frame = pl.DataFrame({"k": _ns_keys(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(name="s", key=["n"], samples=3, checks=[UniqueWithMedian(columns=["k"])])
    layout = part.plan_job(suite, partitions=[frame], as_of=AS_OF).job.context().layout
    assert [r.single for r in layout.routes.values()] == [True]
    want = _assert_partitioned_equals_local(suite, frame).checks[0]
    assert [s.key["n"] for s in want.samples] == [1, 2, 3]
