"""Mergeable states: per-partition runs merged in any order equal one pass, for every check.

The partitioned engine (``datacheck.engine.partitioned``) must return exactly the result of
``dc.run`` over the concatenation of its partitions — counts, details, statuses, scores,
samples and record tiers — whatever the partitioning and the order states are merged in;
states survive a JSON (and Parquet) round trip; incremental runs equal one pass.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import datacheck as dc
import datacheck.engine.local as local
from datacheck.checks import (
    Check,
    CompileContext,
    ExistsIn,
    Measure,
    RowCount,
    Unique,
    registered_checks,
)
from datacheck.checks.complete import NotNull, RequiredColumns
from datacheck.checks.correct import Expression
from datacheck.engine import partitioned as part
from datacheck.engine.decompose import NotMergeable, is_row_local, split_aggregate
from datacheck.engine.incremental import run_incremental
from datacheck.engine.stages import ROW_STAGE
from datacheck.engine.states import (
    STATE_VERSION,
    LeafState,
    RunState,
    StateError,
    decode_value,
    dtype_to_text,
    encode_value,
    load_state,
)
from datacheck.runner import build_result
from datacheck.vn.text import ToneStyleConsistent
from tests.engine.test_partitioned import Extremes
from tests.test_properties import REFERENCE, ROW_LEVEL

AS_OF = "2026-06-30"
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(SETTINGS, max_examples=12)  # each example runs a suite several times

# --------------------------------------------------------------------- data and suites

TEXT = [
    "An",
    "Nguyễn Văn An",
    " An",
    "",
    "N/A",
    "-",
    "x1",
    "0912345678",
    "Lê Thị Hòa",
    "Lê Thị Hoà",
    "Thủy",
    "Thuỷ",
    "26737",
    "079090001234",
]


@st.composite
def frames(draw: st.DrawFn, max_rows: int = 30) -> pl.DataFrame:
    """A string, an int, a date and a naive datetime column, all with nulls."""
    n = draw(st.integers(0, max_rows))

    def column(values: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(st.none() | values, min_size=n, max_size=n))

    return pl.DataFrame(
        {
            "s": pl.Series(column(st.sampled_from(TEXT)), dtype=pl.String),
            "i": pl.Series(column(st.integers(-2, 3)), dtype=pl.Int64),
            "d": pl.Series(column(st.dates(date(2024, 1, 1), date(2027, 12, 31))), dtype=pl.Date),
            "t": pl.Series(
                column(st.datetimes(datetime(2025, 6, 1), datetime(2026, 12, 31))),
                dtype=pl.Datetime("us"),
            ),
        }
    )


@st.composite
def partitionings(draw: st.DrawFn, data: pl.DataFrame) -> list[pl.DataFrame]:
    """``data`` cut into consecutive slices (some may be empty)."""
    cuts = draw(st.lists(st.integers(0, data.height), max_size=4))
    bounds = [0, *sorted(cuts), data.height]
    return [data.slice(lo, hi - lo) for lo, hi in itertools.pairwise(bounds)]


#: every registered check kind: the row-level ones of the partition property test, and the
#: key, dataset and window checks that are not sums over partitions
ALL_CHECKS: list[Check] = [
    *ROW_LEVEL,
    Unique(columns=["s", "i"]),
    Unique(name="unique_i", columns=["i"], severity="critical"),
    RowCount(min=3, max=20),
    RequiredColumns(columns=["s", "missing"]),
    ToneStyleConsistent(columns=["s"]),
    ToneStyleConsistent(name="old_style", columns=["s"], style="old"),
    NotNull(name="critical_d", columns=["d"], severity="critical"),
]

TIERS = [
    None,  # the defaults: critical → unusable, anything else → needs correction
    {"unusable": {"checks": ["tone_style_consistent"]}, "needs_correction": {"checks": ["unique"]}},
    {"unusable": [], "needs_correction": {"dimension": ["clean", "consistent"]}},
]


def full_suite(samples: int = 3, tiers: Any = None, key: tuple[str, ...] = ("s", "i")) -> dc.Suite:
    extra = {} if tiers is None else {"tiers": tiers}
    return dc.Suite(
        name="parts",
        checks=ALL_CHECKS,
        references={"ref": REFERENCE},
        placeholders=["-"],
        key=key,
        samples=samples,
        **extra,
    )


suites = st.builds(
    full_suite,
    samples=st.sampled_from([0, 1, 3]),
    tiers=st.sampled_from(TIERS),
    key=st.sampled_from([("s", "i"), ("i",), ()]),
)


def test_the_suite_covers_every_registered_check() -> None:
    assert {c.kind for c in ALL_CHECKS} == set(registered_checks())


def assert_same(got: dc.Result, want: dc.Result, *, source: bool = False) -> None:
    """Everything but the timing (and the source description unless asked) is equal."""
    assert [c.id for c in got.checks] == [c.id for c in want.checks]
    for a, b in zip(got.checks, want.checks, strict=True):
        assert a == b, (a.id, a, b)
    assert got.tiers == want.tiers
    assert got.dimensions == want.dimensions
    assert (got.score, got.band, got.rows, got.notes) == (
        want.score,
        want.band,
        want.rows,
        want.notes,
    )
    assert (got.suite, got.title, got.owner, got.as_of) == (
        want.suite,
        want.title,
        want.owner,
        want.as_of,
    )
    if source:
        assert got.source == want.source
    a, b = got.to_dict(), want.to_dict()
    for d in (a, b):
        d["run"].pop("seconds")
        d.pop("source")
    assert a == b


# ------------------------------------------------------------------ one pass = partitions


@SETTINGS
@given(data=st.data(), suite=suites)
def test_partitioned_run_equals_one_pass(data: st.DataObject, suite: dc.Suite) -> None:
    frame = data.draw(frames())
    parts = data.draw(partitionings(frame))
    want = dc.run(suite, frame, as_of=AS_OF)
    assert all(c.status != "error" for c in want.checks if c.id != "required_columns:s+missing")
    got = part.run_partitioned(suite, partitions=parts, as_of=AS_OF)
    assert_same(got, want)


def _states(suite: dc.Suite, parts: list[pl.DataFrame]) -> tuple[part.Planned, list[RunState]]:
    planned = part.plan_job(suite, partitions=parts, as_of=AS_OF)
    grouped = part.grouped_references(planned.job)
    states = [part.map_partition(planned.job, p, n, grouped) for n, p in enumerate(parts)]
    for n, state in enumerate(states):  # the samples of each partition, as the runs find them
        wanted = part.samples_needed(state, [n]).get(n, {})
        state.add_samples(part.sample_partition(planned.job, parts[n], n, wanted, grouped))
    return planned, states


def _merge_in_tree(states: list[RunState], rng: random.Random) -> RunState:
    """Merge in a random order and a random tree shape."""
    pool = list(states)
    rng.shuffle(pool)
    while len(pool) > 1:
        i = rng.randrange(len(pool) - 1)
        a, b = pool[i], pool[i + 1]
        pool[i : i + 2] = [a.merge(b) if rng.random() < 0.5 else b.merge(a)]
    return pool[0]


def _result(planned: part.Planned, state: RunState) -> dc.Result:
    grouped = part.grouped_references(planned.job)
    execution = part._finish(planned, state, grouped)
    return build_result(planned.prepared, execution, started=0.0)


@FEWER
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_merge_order_is_irrelevant(data: st.DataObject, seed: int) -> None:
    suite = full_suite(tiers=data.draw(st.sampled_from(TIERS)))
    frame = data.draw(frames())
    parts = data.draw(partitionings(frame))
    planned, states = _states(suite, parts)
    want = dc.run(suite, frame, as_of=AS_OF)
    merged = _merge_in_tree(states, random.Random(seed))
    assert merged.rows == frame.height
    assert sorted(merged.parts) == list(range(len(parts)))
    assert_same(_result(planned, merged), want)


@FEWER
@given(data=st.data())
def test_states_round_trip_through_json_and_parquet(
    data: st.DataObject, tmp_path_factory: Any
) -> None:
    suite = full_suite()
    frame = data.draw(frames())
    parts = data.draw(partitionings(frame))
    planned, states = _states(suite, parts)
    state = RunState.merge_all(states)
    text = json.dumps(state.to_dict())
    again = RunState.from_dict(json.loads(text))
    assert again == state
    folder = tmp_path_factory.mktemp("state")
    state.save(folder / "state.json")
    loaded = load_state(folder / "state.json")
    assert loaded == state
    want = dc.run(suite, frame, as_of=AS_OF)
    assert_same(_result(planned, loaded), want)


# -------------------------------------------------------------------------- incremental


@FEWER
@given(data=st.data())
def test_incremental_runs_equal_one_pass(data: st.DataObject, tmp_path_factory: Any) -> None:
    suite = data.draw(suites)
    frame = data.draw(frames())
    parts = data.draw(partitionings(frame))
    folder = tmp_path_factory.mktemp("incremental")
    state = folder / "state.json"
    named = [part.Partition(p, name=f"part-{n}") for n, p in enumerate(parts)]
    done = 0
    while done < len(named):
        batch = named[done : done + data.draw(st.integers(1, 3))]
        got = run_incremental(suite, batch, state, as_of=AS_OF)
        done += len(batch)
        want = dc.run(suite, pl.concat(parts[:done]), as_of=AS_OF)
        assert_same(got, want)
    kept = load_state(state)
    assert sorted(kept.parts) == list(range(len(parts)))
    # one table per route after compaction, and no stale generations of tables
    assert all(len(tables) == 1 for tables in kept.routes.values())
    assert len(list((folder / "state.json.tables").iterdir())) == 1


def test_incremental_runs_through_dc_run(tmp_path: Path) -> None:
    suite = full_suite()
    one = pl.DataFrame({"s": ["Thủy", "An"], "i": [1, 1], "d": [None, None], "t": [None, None]})
    two = pl.DataFrame({"s": ["Thuỷ", None], "i": [2, 1], "d": [None, None], "t": [None, None]})
    one, two = (
        f.with_columns(pl.col("d").cast(pl.Date), pl.col("t").cast(pl.Datetime("us")))
        for f in (one, two)
    )
    one.write_parquet(tmp_path / "a.parquet")
    two.write_parquet(tmp_path / "b.parquet")
    state = tmp_path / "state.json"
    dc.run(suite, tmp_path / "a.parquet", as_of=AS_OF, state=state)
    got = dc.run(suite, tmp_path / "b.parquet", state=state)  # the state's as-of
    want = dc.run(suite, pl.concat([one, two]), as_of=AS_OF)
    assert_same(got, want)
    assert got.check("tone_style_consistent:s").failed == 2


def test_incremental_refuses_what_does_not_add_up(tmp_path: Path) -> None:
    suite = full_suite()
    frame = pl.DataFrame(
        {"s": ["An"], "i": [1], "d": [date(2025, 1, 1)], "t": [datetime(2026, 1, 1)]}
    )
    state = tmp_path / "state.json"
    run_incremental(suite, [part.Partition(frame, name="p0")], state, as_of=AS_OF)
    with pytest.raises(StateError, match="already holds p0"):
        run_incremental(suite, [part.Partition(frame, name="p0")], state)
    with pytest.raises(StateError, match="another run"):
        run_incremental(suite, [part.Partition(frame, name="p1")], state, as_of="2027-01-01")
    other = dataclasses.replace(suite, checks=(NotNull(columns=["s"]),))
    with pytest.raises(StateError, match="another run"):
        run_incremental(other, [part.Partition(frame, name="p1")], state)
    data = json.loads(state.read_text(encoding="utf-8"))
    data["version"] = 99
    state.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StateError, match="version 99"):
        load_state(state)
    state.write_text("{", encoding="utf-8")
    with pytest.raises(StateError, match="cannot read the state"):
        load_state(state)


def test_states_of_different_runs_do_not_merge() -> None:
    a = RunState(fingerprint="a", parts={0: "x"})
    with pytest.raises(StateError, match="different runs"):
        a.merge(RunState(fingerprint="b", parts={1: "y"}))
    with pytest.raises(StateError, match="already holds"):
        a.merge(RunState(fingerprint="a", parts={0: "x"}))


# ----------------------------------------------------------------- folders and dc.run


def test_a_folder_runs_file_by_file_with_the_local_result(tmp_path: Path) -> None:
    rng = random.Random(7)
    suite = full_suite(samples=5)
    rows = [
        {
            "s": rng.choice([*TEXT, None]),
            "i": rng.choice([None, -1, 0, 1, 2]),
            "d": rng.choice([None, date(2025, 1, 1), date(2026, 8, 1)]),
            "t": rng.choice([None, datetime(2025, 7, 1), datetime(2026, 12, 1)]),
        }
        for _ in range(300)
    ]
    frame = pl.DataFrame(
        rows, schema={"s": pl.String, "i": pl.Int64, "d": pl.Date, "t": pl.Datetime("us")}
    )
    folder = tmp_path / "data"
    folder.mkdir()
    for n in range(4):
        frame.slice(n * 75, 75).write_parquet(folder / f"part-{n:05d}.parquet", row_group_size=20)
    assert [p.describe() for p in part.partitions_of(folder)] == [
        str(folder / f"part-{n:05d}.parquet") for n in range(4)
    ]
    want = dc.run(suite, folder, as_of=AS_OF)
    assert_same(part.run_partitioned(suite, folder, as_of=AS_OF), want, source=True)
    assert_same(dc.run(suite, folder, as_of=AS_OF, engine="partitioned"), want, source=True)
    # one file split at row-group boundaries
    single = tmp_path / "one.parquet"
    frame.write_parquet(single, row_group_size=40)
    pieces = part.partitions_of(single, rows=100)
    assert [p.length for p in pieces] == [80, 80, 80, 60]
    assert_same(
        part.run_partitioned(suite, single, rows=100, as_of=AS_OF),
        dc.run(suite, single, as_of=AS_OF),
        source=True,
    )


def test_partitions_must_share_the_schema() -> None:
    suite = dc.Suite(name="s", checks=[NotNull(columns=["a"])])
    with pytest.raises(dc.SourceError, match="every partition must have the columns"):
        part.run_partitioned(
            suite,
            partitions=[pl.DataFrame({"a": [1]}), pl.DataFrame({"a": ["x"]})],
            as_of=AS_OF,
        )


def test_dc_run_names_unknown_engines() -> None:
    suite = dc.Suite(name="s", checks=[NotNull(columns=["a"])])
    with pytest.raises(dc.DatacheckError, match=r"unknown engine 'spork'.*local, partitioned"):
        dc.run(suite, pl.DataFrame({"a": [1]}), engine="spork")


# -------------------------------------------------------------- errors and fallbacks


def test_a_check_failing_on_some_partitions_is_an_error_as_in_one_pass() -> None:
    # the cast fails on the text values only: some partitions run it, one cannot
    suite = dc.Suite(
        name="s",
        key=["id"],
        checks=[
            Expression(name="as_int", expr="CAST(v AS INTEGER) > 0", severity="critical"),
            NotNull(columns=["v"], severity="critical"),
            Unique(columns=["id"]),
        ],
    )
    parts = [
        pl.DataFrame({"id": [1, 2], "v": ["1", None]}),
        pl.DataFrame({"id": [2, 3], "v": ["x", "2"]}),
        pl.DataFrame({"id": [4], "v": ["0"]}),
    ]
    want = dc.run(suite, pl.concat(parts), as_of=AS_OF)
    got = part.run_partitioned(suite, partitions=parts, as_of=AS_OF)
    assert want.check("as_int").status == got.check("as_int").status == "error"
    assert got.check("as_int").reason().startswith("check 'expression' failed while reading")
    for rid in ("not_null:v", "unique:id"):
        assert got.check(rid) == want.check(rid)
    assert got.tiers == want.tiers


@dataclass(frozen=True, kw_only=True)
class MedianGap(Check):
    """A check (not registered) whose aggregates cannot merge: evaluated in one place."""

    kind: ClassVar[str] = "test_median_gap"
    column: str

    def result_columns(self) -> list[tuple[str, ...]]:
        return [(self.column,)]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        del ctx
        value = pl.col(self.column)
        failing = value > value.median()  # a window over the whole column: not row-local
        return [
            Measure(
                check=self,
                columns=(self.column,),
                stage=ROW_STAGE,
                evaluated=value.is_not_null().sum().cast(pl.Int64),
                failed=failing.fill_null(value=False).sum().cast(pl.Int64),
                details={
                    "median": value.median(),
                    "float_total": value.cast(pl.Float64).sum(),
                    "running": (value.cum_sum() > 2).fill_null(value=False).sum().cast(pl.Int64),
                },
                failing=failing.fill_null(value=False),
                inputs=(self.column,),
            )
        ]


def test_aggregates_that_do_not_merge_are_evaluated_in_one_place() -> None:
    suite = dc.Suite(name="s", key=["id"], samples=2, checks=[MedianGap(column="v")])
    frame = pl.DataFrame({"id": range(9), "v": [3, None, 1, 7, 2, 9, 4, None, 5]})
    parts = [frame.slice(0, 2), frame.slice(2, 5), frame.slice(7, 2)]
    want = dc.run(suite, frame, as_of=AS_OF)
    got = part.run_partitioned(suite, partitions=parts, as_of=AS_OF)
    assert_same(got, want)
    assert got.checks[0].details["median"] == 4.0
    assert got.checks[0].failed == 3
    layout = part.plan_job(suite, partitions=parts, as_of=AS_OF).job.context().layout
    assert [r.single for r in layout.routes.values()] == [True]


def test_window_samples_are_the_first_failing_rows_of_the_whole_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Thủy" (row 0) fails only because of "Thuỷ" at the end: a sample search over the
    # leading rows alone would miss it (the local engine searches windows over all rows)
    names = ["Thủy", *(["Hòa", "Hoà"] * 5), *(["An"] * 10), "Thuỷ"]
    frame = pl.DataFrame({"id": range(len(names)), "name": names})
    suite = dc.Suite(
        name="s", key=["id"], samples=3, checks=[ToneStyleConsistent(columns=["name"])]
    )
    monkeypatch.setattr(local, "SAMPLE_PREFIX_ROWS", 12)
    want = dc.run(suite, frame, as_of=AS_OF)
    assert [s.key["id"] for s in want.checks[0].samples] == [0, 1, 2]
    got = part.run_partitioned(suite, partitions=[frame.slice(0, 12), frame.slice(12)], as_of=AS_OF)
    assert_same(got, want)


# ----------------------------------------------------------------------- the pieces


def test_aggregates_split_into_leaves_of_the_right_kind() -> None:
    def kinds(expr: pl.Expr, **kwargs: Any) -> list[str]:
        return [leaf.kind for leaf in split_aggregate(expr, "L", **kwargs).leaves]

    assert kinds(pl.col("a").is_null().sum().cast(pl.Int64)) == ["sum"]
    assert kinds(pl.len() - pl.col("a").count()) == ["sum", "sum"]
    assert kinds(pl.col("a").filter(pl.col("b")).n_unique()) == ["distinct"]
    assert kinds(pl.struct("a").filter(pl.col("b")).sort().head(5).implode()) == ["smallest"]
    assert kinds(pl.col("a").min() + pl.col("a").max()) == ["min", "max"]
    assert kinds(pl.lit(1, dtype=pl.Int64)) == []
    window = (pl.col("a").n_unique().over("k") > 1).sum()
    with pytest.raises(NotMergeable):
        split_aggregate(window, "L")
    assert kinds(window, windows=[pl.col("k")]) == ["sum"]
    for expr in (pl.col("a").median(), pl.col("a").first(), pl.col("a").cum_sum().sum()):
        with pytest.raises(NotMergeable):
            split_aggregate(expr, "L")
    assert is_row_local(pl.col("a").replace_strict(["x"], [1], default=None) > 0)
    assert not is_row_local(pl.col("a").shift(1) > 0)
    assert not is_row_local(pl.col("a") == pl.lit(pl.Series([1, 2])))
    # a date parsed with a format is row-local; without one, Polars infers the format from the
    # values it sees, so each partition could infer another one
    assert is_row_local(pl.col("a").str.to_date("%Y-%m-%d") > date(2020, 1, 1))
    assert not is_row_local(pl.col("a").str.to_date() > date(2020, 1, 1))
    assert not is_row_local(pl.sql_expr("TIMESTAMP(a) IS NOT NULL"))


def test_a_date_format_inferred_per_partition_gives_the_one_pass_result() -> None:
    suite = dc.Suite.from_dict(
        {
            "suite": "s",
            "checks": [
                {"check": "expression", "name": "recent", "expr": "DATE(s) >= DATE('2020-01-01')"}
            ],
        }
    )
    parts = [
        pl.DataFrame({"s": ["2024-01-02", "2019-05-05"]}),
        pl.DataFrame({"s": ["02/01/2024", "05/05/2019"]}),
    ]
    want = dc.run(suite, pl.concat(parts), as_of=AS_OF).check("recent")
    got = part.run_partitioned(suite, partitions=parts, as_of=AS_OF).check("recent")
    assert (got.status, got.evaluated, got.failed) == (want.status, want.evaluated, want.failed)
    assert want.status == "error"  # one format cannot read both partitions


python_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text()
    | st.binary()
    | st.dates()
    | st.datetimes()
    # a zoned value from Polars is an instant: never a wall time a clock change skipped
    # (1942-12-31 23:30 in Asia/Ho_Chi_Minh does not exist; Python would still build it)
    | st.datetimes(
        timezones=st.sampled_from([UTC, ZoneInfo("Asia/Ho_Chi_Minh")]), allow_imaginary=False
    )
    | st.times()
    | st.timedeltas()
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a:
        return b != b
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return (a == b and a.tzinfo == b.tzinfo) or (a == b and str(a.tzinfo) == str(b.tzinfo))
    return type(a) is type(b) and a == b


@settings(max_examples=200, deadline=None, database=None)
@given(value=python_values)
def test_state_values_round_trip_through_json(value: Any) -> None:
    assert _same(decode_value(json.loads(json.dumps(encode_value(value)))), value)


def test_leaf_states_merge() -> None:
    distinct = LeafState("distinct", pl.Series("v", [1, 2]), pl.Int64())
    merged = distinct.merge(LeafState("distinct", pl.Series("v", [2, 3]), pl.Int64()))
    assert sorted(merged.value.to_list()) == [1, 2, 3]
    smallest = LeafState(
        "smallest", [{"k": 1}, {"k": 4}], pl.List(pl.Struct({"k": pl.Int64})), limit=2
    )
    other = dataclasses.replace(smallest, value=[{"k": None}, {"k": 3}])
    assert smallest.merge(other).value.to_list() == [{"k": None}, {"k": 1}]
    low = LeafState("min", date(2026, 1, 2)).merge(LeafState("min", None))
    assert low.value.to_list() == [date(2026, 1, 2)]
    assert low.value.dtype == pl.Date
    high = LeafState("max", pl.Series([3], dtype=pl.Int64), pl.Int64())
    assert high.merge(LeafState("max", 7, pl.Int64())).value.to_list() == [7]
    assert high.merge(LeafState("max", None, pl.Int64())) == high
    nothing = LeafState("max", None, pl.Int64()).merge(LeafState("max", None, pl.Int64()))
    assert nothing.value.to_list() == [None]
    assert nothing.value.dtype == pl.Int64
    assert LeafState("sum", 2).merge(LeafState("sum", 3)) == LeafState("sum", 5)
    with pytest.raises(StateError):
        LeafState("whole", 1).merge(LeafState("whole", 2))
    assert decode_value(encode_value(Decimal("1.50"))) == Decimal("1.50")
    assert decode_value(encode_value(time(1, 2, 3))) == time(1, 2, 3)
    assert decode_value(encode_value(timedelta(days=-1, seconds=5))) == timedelta(
        days=-1, seconds=5
    )


# ------------------------------------------ exact values: nanoseconds, dates beyond 9999

NS_BASE = 1_700_000_000_000_000_000
"""A nanosecond instant (2023-11-14)."""

#: element types whose values Python cannot hold exactly: (type, physical base value)
EXACT_TYPES: list[tuple[pl.DataType, int]] = [
    (pl.Datetime("ns"), NS_BASE),
    (pl.Datetime("ns", "Asia/Ho_Chi_Minh"), NS_BASE),
    (pl.Duration("ns"), NS_BASE),
    (pl.Time(), NS_BASE % 86_400_000_000_000),
    (pl.Date(), 12_000_000),  # the year 34824
]


@st.composite
def exact_columns(draw: st.DrawFn, dtype: pl.DataType, base: int, n: int) -> pl.Series:
    """``n`` values a few units (ns, or days) apart, with nulls: many equal, many neighbours."""
    offsets = draw(st.lists(st.none() | st.integers(0, 5), min_size=n, max_size=n))
    values = [None if d is None else base + d for d in offsets]
    return pl.Series("k", values, dtype=pl.Int64).cast(dtype)


@st.composite
def exact_frames(draw: st.DrawFn, max_rows: int = 24) -> pl.DataFrame:
    """A key ``k`` of an exact type, a text ``s`` and the row number ``n``."""
    dtype, base = draw(st.sampled_from(EXACT_TYPES))
    n = draw(st.integers(0, max_rows))
    text = draw(st.lists(st.none() | st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    return pl.DataFrame(
        {
            "k": draw(exact_columns(dtype, base, n)),
            "s": pl.Series(text, dtype=pl.String),
            "n": pl.Series(range(n), dtype=pl.Int64),
        }
    )


def exact_suite(frame: pl.DataFrame, key: tuple[str, ...], samples: int) -> dc.Suite:
    """Key checks on ``k`` alone and with ``s``; ``k`` looked up in a reference; its extremes."""
    return dc.Suite(
        name="exact",
        key=key,
        samples=samples,
        checks=[
            Unique(columns=["k"]),
            Unique(name="unique_ks", columns=["k", "s"], severity="critical"),
            ExistsIn(column="k", reference="ref"),
            # min and max leaves (a date beyond the year 9999 has no Python value to show)
            Extremes(column="k", widest=3, shown=frame.schema["k"] != pl.Date),
        ],
        references={"ref": frame.select("k").head(2)},
    )


@FEWER
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_exact_keys_merge_in_any_order_and_round_trip(data: st.DataObject, seed: int) -> None:
    # keys a nanosecond (or a day beyond year 9999) apart: every count, detail and sample of
    # the merged states is the local engine's, also after the state's JSON round trip
    frame = data.draw(exact_frames())
    key = data.draw(st.sampled_from([("n",), ("k",), ("k", "s"), ()]))
    suite = exact_suite(frame, key, data.draw(st.sampled_from([0, 1, 3, 5])))
    parts = data.draw(partitionings(frame))
    planned, states = _states(suite, parts)
    want = dc.run(suite, frame, as_of=AS_OF)
    assert all(c.status != "error" for c in want.checks)
    merged = _merge_in_tree(states, random.Random(seed))
    assert_same(_result(planned, merged), want)
    again = RunState.from_dict(json.loads(json.dumps(merged.to_dict())))
    assert again == merged
    assert_same(_result(planned, again), want)
    assert_same(part.run_partitioned(suite, partitions=parts, as_of=AS_OF), want)


@st.composite
def exact_series(draw: st.DrawFn) -> pl.Series:
    """Values of an exact type, or structs of one and a text (a compound key)."""
    dtype, base = draw(st.sampled_from(EXACT_TYPES))
    n = draw(st.integers(0, 20))
    values = draw(exact_columns(dtype, base, n))
    if not draw(st.booleans()):
        return values.rename("v")
    text = draw(st.lists(st.none() | st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    frame = pl.DataFrame({"k": values, "s": pl.Series(text, dtype=pl.String)})
    return frame.select(pl.struct("k", "s").alias("v")).to_series()


@settings(SETTINGS, max_examples=100)
@given(values=exact_series(), data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_smallest_leaves_merge_exactly_in_any_split(
    values: pl.Series, data: st.DataObject, seed: int
) -> None:
    # each partition's n smallest values, through the state's JSON, merged in a random order
    # and tree: exactly the n smallest of all values (nanoseconds and years past 9999 kept)
    descending, nulls_last = data.draw(st.booleans()), data.draw(st.booleans())
    limit = data.draw(st.integers(0, 6))

    def smallest(chunk: pl.Series) -> pl.Series:
        return chunk.sort(descending=descending, nulls_last=nulls_last).head(limit)

    chunks = [p.to_series() for p in data.draw(partitionings(values.to_frame()))]
    states = [
        RunState(
            fingerprint="f",
            parts={n: f"part-{n}"},
            leaves={
                "L": LeafState(
                    "smallest",
                    smallest(chunk),
                    pl.List(values.dtype),
                    descending=descending,
                    nulls_last=nulls_last,
                    limit=limit,
                )
            },
        )
        for n, chunk in enumerate(chunks)
    ]
    states = [RunState.from_dict(json.loads(json.dumps(s.to_dict()))) for s in states]
    merged = _merge_in_tree(states, random.Random(seed)).leaves["L"].value
    assert merged.dtype == values.dtype
    assert merged.equals(smallest(values)), (merged.to_list(), smallest(values).to_list())


@st.composite
def extreme_series(draw: st.DrawFn) -> pl.Series:
    """Values min and max take: of an exact type, floats (NaN, infinities, -0.0) or text."""
    n = draw(st.integers(0, 20))
    family = draw(st.sampled_from(["exact", "float", "text"]))
    if family == "exact":
        dtype, base = draw(st.sampled_from(EXACT_TYPES))
        return draw(exact_columns(dtype, base, n)).rename("v")
    if family == "float":
        floats = st.none() | st.floats() | st.sampled_from([float("nan"), -0.0, 0.0])
        return pl.Series("v", draw(st.lists(floats, min_size=n, max_size=n)), dtype=pl.Float64)
    text = st.none() | st.sampled_from(TEXT)
    return pl.Series("v", draw(st.lists(text, min_size=n, max_size=n)), dtype=pl.String)


@settings(SETTINGS, max_examples=100)
@given(
    values=extreme_series(),
    kind=st.sampled_from(["min", "max"]),
    data=st.data(),
    seed=st.integers(0, 2**32 - 1),
)
def test_min_and_max_leaves_merge_exactly_in_any_split(
    values: pl.Series, kind: str, data: st.DataObject, seed: int
) -> None:
    # each partition's min (max), through the state's JSON, merged in a random order and
    # tree: exactly Polars' min (max) of all values (nanoseconds and years past 9999 kept,
    # nulls skipped, NaN skipped unless every value is NaN)
    def extreme(chunk: pl.Series) -> pl.Series:
        pick = pl.col("v").min() if kind == "min" else pl.col("v").max()
        return chunk.to_frame("v").select(pick).to_series()

    chunks = [p.to_series() for p in data.draw(partitionings(values.to_frame()))]
    states = [
        RunState(
            fingerprint="f",
            parts={n: f"part-{n}"},
            leaves={"L": LeafState(kind, extreme(chunk), values.dtype)},
        )
        for n, chunk in enumerate(chunks)
    ]
    states = [RunState.from_dict(json.loads(json.dumps(s.to_dict()))) for s in states]
    merged = _merge_in_tree(states, random.Random(seed)).leaves["L"].value
    want = extreme(values)
    assert merged.dtype == values.dtype
    assert merged.len() == 1
    assert merged.equals(want), (merged.to_list(), want.to_list())
    assert merged.to_physical().equals(want.to_physical())  # to the nanosecond, the day


def test_version_1_states_still_load(tmp_path: Path) -> None:
    # version 1 held a smallest leaf's values as JSON-encoded Python values (a list); such a
    # state loads, its leaf a Series of the leaf's type, and is saved again as the new version
    dtype = pl.List(pl.Struct({"d": pl.Date, "s": pl.String}))
    values = [{"d": date(2026, 1, 2), "s": "a"}, {"d": None, "s": None}]
    state = RunState(
        fingerprint="f",
        parts={0: "a"},
        leaves={"L": LeafState("smallest", values, dtype, nulls_last=True, limit=3)},
    )
    old = state.to_dict()
    old["version"] = 1
    old["leaves"]["L"] = {
        "kind": "smallest",
        "value": encode_value(values),
        "dtype": dtype_to_text(dtype),
        "descending": False,
        "nulls_last": True,
        "limit": 3,
    }
    loaded = RunState.from_dict(old)
    assert loaded == state
    assert loaded.leaves["L"].value.dtype == dtype.inner
    assert loaded.leaves["L"].value.to_list() == values
    assert_resaved_in_the_current_version(tmp_path, old, loaded, state, ["L"])


@pytest.mark.parametrize("version", [1, 2])
def test_min_and_max_leaves_of_older_states_still_load(tmp_path: Path, version: int) -> None:
    # versions 1 and 2 held a min or max leaf's value as a JSON-encoded Python value; such a
    # state loads, its leaf a one-value Series of the leaf's type, and is saved again as the
    # new version (Arrow IPC); its values were rounded when saved, and stay so
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    old_values: dict[str, tuple[str, Any, pl.DataType]] = {
        "L_date": ("min", date(2026, 1, 2), pl.Date()),
        "L_ns": ("max", datetime(2026, 1, 2, 3, 4, 5, 6), pl.Datetime("ns")),
        "L_zoned": ("min", datetime(2026, 1, 2, 3, 4, 5, tzinfo=zone), pl.Datetime("ns", zone.key)),
        "L_time": ("max", time(1, 2, 3, 4), pl.Time()),
        "L_duration": ("min", timedelta(days=-1, microseconds=7), pl.Duration("ns")),
        "L_text": ("max", "Thủy", pl.String()),
        "L_none": ("min", None, pl.Int64()),
    }
    leaves = {
        name: LeafState(kind, value, dtype) for name, (kind, value, dtype) in old_values.items()
    }
    state = RunState(fingerprint="f", parts={0: "a"}, leaves=leaves)
    old = state.to_dict()
    old["version"] = version
    for name, (kind, value, dtype) in old_values.items():
        old["leaves"][name] = {
            "kind": kind,
            "value": encode_value(value),
            "dtype": dtype_to_text(dtype),
        }
    loaded = RunState.from_dict(json.loads(json.dumps(old)))
    assert loaded == state
    for name, (_, value, dtype) in old_values.items():
        leaf = loaded.leaves[name].value
        assert isinstance(leaf, pl.Series)
        assert (leaf.dtype, leaf.to_list()) == (dtype, [value]), name
    assert_resaved_in_the_current_version(tmp_path, old, loaded, state, old_values)


def test_a_min_or_max_leaf_of_the_wrong_shape_is_refused() -> None:
    two = pl.Series([1, 2], dtype=pl.Int64)
    with pytest.raises(
        StateError, match=r"a 'min' leaf holds one value .*found a Series of 2 values of type Int64"
    ):
        LeafState("min", two, pl.Int64())
    with pytest.raises(StateError, match=r"a 'max' leaf holds one value .*found a Series of 0"):
        LeafState("max", two.head(0), pl.Int64())
    with pytest.raises(
        StateError, match=r"the value of a 'max' leaf does not fit its type Date: found 'x' \(str"
    ):
        LeafState("max", "x", pl.Date())
    # in a state: the error names the leaf
    data = RunState(fingerprint="f", leaves={"L9": LeafState("min", 1, pl.Int64())}).to_dict()
    data["leaves"]["L9"] = {"kind": "min", "value": "x", "dtype": dtype_to_text(pl.Date())}
    with pytest.raises(StateError, match=r"^the state's leaf 'L9': the value of a 'min' leaf"):
        RunState.from_dict(data)


def test_a_smallest_leaf_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(StateError, match=r"holds a list or a Series of values, found a int: 5"):
        LeafState("smallest", 5, pl.List(pl.Int64))
    with pytest.raises(StateError, match=r"do not fit its type Date: found \['not a date'\]"):
        LeafState("smallest", ["not a date"], pl.List(pl.Date))


def assert_resaved_in_the_current_version(
    tmp_path: Path,
    old: dict[str, Any],
    loaded: RunState,
    expected: RunState,
    leaves: Iterable[str],
) -> None:
    """The older state ``old`` loads from a file as ``expected``; ``loaded`` (``old`` read
    back) saved again is the current version, its ``leaves`` held as Arrow IPC
    (``values``), and loads back as ``expected``."""
    path = tmp_path / "state.json"
    path.write_text(json.dumps({**old, "tables": {}}), encoding="utf-8")
    assert load_state(path) == expected
    loaded.save(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == STATE_VERSION == 3
    assert all("values" in saved["leaves"][n] for n in leaves)
    assert not any("value" in saved["leaves"][n] for n in leaves)
    assert load_state(path) == expected


def test_incremental_recognises_a_frame_in_memory_by_its_rows(tmp_path: Path) -> None:
    suite = dc.Suite(name="s", checks=[dc.checks.Unique(columns=["id"])])
    frame = pl.DataFrame({"id": [1, 2, 3]})
    state = tmp_path / "state.json"
    run_incremental(suite, [frame], state, as_of=AS_OF)
    # the same frame again, or its rows in another order: counted already
    for again in (frame, frame.reverse(), frame.clone()):
        with pytest.raises(StateError, match=r"already holds polars\.DataFrame \(3 rows\) #"):
            run_incremental(suite, [again], state)
    with pytest.raises(StateError, match=r"name it: Partition\(frame, name=\.\.\.\)"):
        run_incremental(suite, [frame], state)
    # the state is unchanged by a refusal; new rows and a named repeat are merged
    merged = run_incremental(suite, [pl.DataFrame({"id": [3, 4]})], state)
    assert (merged.rows, merged.check("unique:id").failed) == (5, 2)
    named = run_incremental(suite, [part.Partition(frame, name="resent")], state)
    assert named.rows == 8


def test_incremental_refuses_a_frame_given_twice(tmp_path: Path) -> None:
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["id"])])
    frame = pl.DataFrame({"id": [1, None]})
    with pytest.raises(StateError, match=r"is given twice: a partition counts once"):
        run_incremental(suite, [frame, frame.clone()], tmp_path / "state.json", as_of=AS_OF)
    assert not (tmp_path / "state.json").exists()
    # different rows with the same shape are different partitions
    other = pl.DataFrame({"id": [2, None]})
    result = run_incremental(suite, [frame, other], tmp_path / "state.json", as_of=AS_OF)
    assert (result.rows, result.check("not_null:id").failed) == (4, 2)


def test_incremental_names_the_columns_that_changed(tmp_path: Path) -> None:
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["id"])])
    state = tmp_path / "state.json"
    run_incremental(suite, [pl.DataFrame({"id": [1], "v": ["a"]})], state, as_of=AS_OF)
    changed = pl.DataFrame({"id": pl.Series([2], dtype=pl.Int32), "w": ["b"]})
    with pytest.raises(
        StateError,
        match=(
            r"columns differ from the state's "
            r"\(id: Int64 → Int32, v: String → —, w: — → String\)"
        ),
    ):
        run_incremental(suite, [changed], state)
    with pytest.raises(StateError, match=r"this run's as-of is 2027-01-01"):
        run_incremental(suite, [pl.DataFrame({"id": [3], "v": ["c"]})], state, as_of="2027-01-01")
    other = dc.Suite(name="s", checks=[dc.checks.Unique(columns=["id"])])
    with pytest.raises(StateError, match=r"the suite or the references' columns changed"):
        run_incremental(other, [pl.DataFrame({"id": [3], "v": ["c"]})], state)


def test_empty_frames_may_arrive_again(tmp_path: Path) -> None:
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["id"])])
    state = tmp_path / "state.json"
    empty = pl.DataFrame({"id": pl.Series([], dtype=pl.Int64)})
    run_incremental(suite, [pl.DataFrame({"id": [1, None]})], state, as_of=AS_OF)
    run_incremental(suite, [empty], state)
    result = run_incremental(suite, [empty.clone()], state)  # a day with nothing new, twice
    assert (result.rows, result.check("not_null:id").failed) == (2, 1)
