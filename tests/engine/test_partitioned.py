"""The partitioned engine: its per-process plan cache never mixes runs; values stay exact.

Key values, distinct values and a plugin check's min and max keep their nanoseconds (and
dates beyond the year 9999) across partitions, buckets and saved states.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import Check, CompileContext, ExistsIn, Measure, Unique
from datacheck.engine import partitioned as part
from datacheck.engine import spark_kernel
from datacheck.engine.incremental import run_incremental
from datacheck.engine.stages import GROUP_SIZE, ROW_STAGE
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
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == STATE_VERSION == 3


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


# ------------------------------------------------- a plugin check's min and max leaves

DAY_BASE = 12_000_000
"""A date beyond the year 9999 (34824-11-19) as days since 1970-01-01."""

EXTREME_DTYPES = [*NS_DTYPES, pl.Date()]
"""Types whose extremes Python cannot hold: nanoseconds, and dates beyond the year 9999."""


def _exact_values(dtype: pl.DataType, offsets: list[int | None]) -> pl.Series:
    """Values ``offsets`` units (nanoseconds, or days for dates) apart as ``dtype``."""
    if dtype != pl.Date:
        return _ns_keys(dtype, offsets)
    days = [None if d is None else DAY_BASE + d for d in offsets]
    return pl.Series("k", days, dtype=pl.Int32).cast(pl.Date)


def _physical_base(dtype: pl.DataType) -> int:
    """The physical value of offset 0 in :func:`_exact_values`."""
    if dtype == pl.Date:
        return DAY_BASE
    return NS_BASE % 86_400_000_000_000 if dtype == pl.Time else NS_BASE


@dataclass(frozen=True, kw_only=True)
class Extremes(Check):
    """A plugin check (not registered) over a column's min and max: ``min``/``max`` leaves.

    Every value fails when the values span more than ``widest`` (in the column's physical
    unit: nanoseconds, days). The details are the extremes' physical values and their span
    (exact integers) and, with ``shown``, the extremes as Python values (as a detail is
    shown by every engine; a date beyond the year 9999 has none).
    """

    kind: ClassVar[str] = "test_extremes"
    column: str
    widest: int = 5
    shown: bool = True

    def result_columns(self) -> list[tuple[str, ...]]:
        return [(self.column,)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        del ctx
        value = pl.col(self.column)
        low, high = value.min(), value.max()
        span = high.to_physical() - low.to_physical()
        details = {"low_physical": low.to_physical(), "high_physical": high.to_physical()}
        details["span"] = span
        if self.shown:
            details |= {"low": low, "high": high}
        return [
            Measure(
                check=self,
                columns=(self.column,),
                stage=ROW_STAGE,
                evaluated=value.count().cast(pl.Int64),
                failed=pl.when(span > self.widest).then(value.count()).otherwise(0).cast(pl.Int64),
                details=details,
                inputs=(self.column,),
            )
        ]


def _extremes_suite(dtype: pl.DataType) -> dc.Suite:
    """:class:`Extremes` of ``k`` (shown as Python values, but for dates beyond 9999)."""
    check = Extremes(column="k", shown=dtype != pl.Date)
    return dc.Suite(name="s", key=["n"], samples=3, checks=[check])


def _assert_exact_extremes(result: dc.CheckResult, dtype: pl.DataType) -> None:
    """The extremes of OFFSETS (0 and 9 units past the base), to the nanosecond."""
    base = _physical_base(dtype)
    assert result.status != "error", result.reason()
    details = result.details
    assert (details["low_physical"], details["high_physical"]) == (base, base + 9)
    assert details["span"] == 9
    assert (result.evaluated, result.failed) == (10, 10)  # span 9 > 5: every value fails


@pytest.mark.parametrize("dtype", EXTREME_DTYPES, ids=str)
def test_a_plugin_check_s_min_and_max_give_the_local_result_in_any_split(
    dtype: pl.DataType,
) -> None:
    # rounded to microseconds, the extremes 0 and 9 ns past the base would be one value and
    # the span 0; a date beyond the year 9999 has no Python value at all
    frame = pl.DataFrame({"k": _exact_values(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = _extremes_suite(dtype)
    layout = part.plan_job(suite, partitions=[frame], as_of=AS_OF).job.context().layout
    kinds = {leaf.kind for split in layout.splits[0].values() for leaf in split.leaves}
    assert kinds == {"min", "max", "sum"}
    assert layout.local == (0,)  # leaves merged across partitions, no route
    want = _assert_partitioned_equals_local(suite, frame).checks[0]
    _assert_exact_extremes(want, dtype)


def test_a_plugin_check_s_float_extremes_ignore_nan_as_polars_does() -> None:
    # Polars' min and max skip NaN (unless every value is NaN): a partition of NaN alone
    # must not make the merged extreme NaN, whatever the order the partials meet in
    values = [float("nan"), 1.5, None, -2.0, float("nan"), 7.25, float("nan")]
    frame = pl.DataFrame({"k": values, "n": range(len(values))})
    suite = dc.Suite(name="s", key=["n"], checks=[Extremes(column="k", widest=100)])
    want = _assert_partitioned_equals_local(suite, frame).checks[0]
    assert (want.details["low"], want.details["high"], want.failed) == (-2.0, 7.25, 0)
    # every value NaN: the extremes are NaN (not null), in one pass as in any split
    nans = pl.DataFrame({"k": [float("nan"), None, float("nan")], "n": [0, 1, 2]})
    only = dc.run(suite, nans, as_of=AS_OF).checks[0]
    assert all(math.isnan(v) for v in only.details.values()), only.details
    for cuts in SPLITS:
        got = part.run_partitioned(suite, partitions=_slices(nans, cuts), as_of=AS_OF).checks[0]
        assert all(math.isnan(v) for v in got.details.values()), (cuts, got.details)
        assert dataclasses.replace(got, details={}) == dataclasses.replace(only, details={})


@pytest.mark.parametrize("dtype", EXTREME_DTYPES, ids=str)
def test_a_plugin_check_s_min_and_max_survive_an_incremental_state(
    tmp_path: Path, dtype: pl.DataType
) -> None:
    # the leaves go through the state's JSON between the runs
    frame = pl.DataFrame({"k": _exact_values(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = _extremes_suite(dtype)
    state = tmp_path / "state.json"
    for start, end in ((0, 1), (1, 4), (4, 4), (4, len(OFFSETS))):
        piece = part.Partition(frame.slice(start, end - start), name=f"rows-{start}-{end}")
        got = run_incremental(suite, [piece], state, as_of=AS_OF)
        want = dc.run(suite, frame.head(end), as_of=AS_OF)
        assert got.checks == want.checks, end
    _assert_exact_extremes(got.checks[0], dtype)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["version"] == STATE_VERSION == 3
    layout = part.plan_job(suite, partitions=[frame], as_of=AS_OF).job.context().layout
    names = {
        leaf.name
        for split in layout.splits[0].values()
        for leaf in split.leaves
        if leaf.kind in {"min", "max"}
    }
    assert len(names) >= 6  # each detail (and failed) has its own leaves
    extremes = {name: leaf for name, leaf in saved["leaves"].items() if name in names}
    assert sorted(extremes) == sorted(names)
    # Arrow IPC (exact), not JSON-encoded Python values
    assert all("values" in leaf and "value" not in leaf for leaf in extremes.values())


@dataclass(frozen=True, kw_only=True)
class UniqueWithExtremes(Unique):
    """``unique`` with the min and max of its keys (per-key frame): leaves merged by bucket."""

    kind: ClassVar[str] = "test_unique_with_extremes"

    def measures(self, ctx: CompileContext) -> list[Measure]:
        (measure,) = super().measures(ctx)
        key = pl.col(self.columns[0])
        details = {
            **measure.details,
            "low_key": key.min().to_physical(),
            "high_key": key.max().to_physical(),
        }
        return [dataclasses.replace(measure, details=details)]


@pytest.mark.parametrize("dtype", EXTREME_DTYPES, ids=str)
@pytest.mark.parametrize("buckets", [1, 2, 3, 5])
def test_a_key_check_s_min_and_max_merge_across_buckets(dtype: pl.DataType, buckets: int) -> None:
    # each bucket takes the extremes of its own keys; the buckets' extremes merge
    frame = pl.DataFrame({"k": _exact_values(dtype, OFFSETS), "n": range(len(OFFSETS))})
    suite = dc.Suite(name="s", key=["n"], samples=3, checks=[UniqueWithExtremes(columns=["k"])])
    want = dc.run(suite, frame, as_of=AS_OF).checks[0]
    base = _physical_base(dtype)
    assert (want.details["low_key"], want.details["high_key"]) == (base, base + 9)
    for cuts in SPLITS:
        planned = part.plan_job(suite, partitions=_slices(frame, cuts), as_of=AS_OF)
        layout = planned.job.context().layout
        assert [r.single for r in layout.routes.values()] == [False]
        execution = spark_kernel.run_in_process(planned.job, planned.partitions, buckets=buckets)
        got = planned.result(execution, started=0.0, references=None, unmask=False)
        assert got.checks[0] == want, cuts


def test_key_samples_are_the_first_records_when_the_route_follows_a_join() -> None:
    # the ranked unique check's route is fed from the end of the lifecycle join chain, and a
    # join does not keep file order: its per-partition records must be sorted by order
    reference = pl.DataFrame({"rid": list(range(1000)), "rstatus": ["alive"] * 1000})
    suite = dc.Suite.from_dict(
        {
            "suite": "s",
            "key": ["id"],
            "samples": 2,
            "references": {"r": "r.parquet"},  # given in memory below
            "checks": [
                {
                    "check": "lifecycle",
                    "key": ["pid"],
                    "reference_key": ["rid"],
                    "reference": "r",
                    "status": "st",
                    "active": ["active"],
                    "reference_status": "rstatus",
                    "ended": ["deceased"],
                },
                {"check": "unique", "columns": ["k"], "severity": "critical"},
            ],
        }
    )
    n = 20_000
    frame = pl.DataFrame(
        {"id": range(n), "pid": [i % 1000 for i in range(n)], "st": ["active"] * n, "k": [0] * n}
    )
    references = {"r": reference}
    want = dc.run(suite, frame, as_of=AS_OF, references=references).check("unique:k").samples
    assert [s.key["id"] for s in want] == [0, 1]
    for _ in range(10):  # the order rows left the join in varied from run to run
        got = part.run_partitioned(suite, partitions=[frame], as_of=AS_OF, references=references)
        assert got.check("unique:k").samples == want


@pytest.mark.parametrize("engine", ["partitioned", "incremental"])
def test_a_corrupt_single_parquet_file_is_bad_input_naming_it(tmp_path: Path, engine: str) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1garbage")  # split at row groups, its footer is read first
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
    state = tmp_path / "state.json" if engine == "incremental" else None
    run_engine = "local" if engine == "incremental" else engine
    with pytest.raises(dc.SourceError, match=r"bad\.parquet is not a valid Parquet file"):
        dc.run(suite, bad, as_of=AS_OF, engine=run_engine, state=state)
