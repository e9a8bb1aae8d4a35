"""Sample records of a group-stage measure found by the metrics query, not by a second read."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import datacheck as dc
import datacheck.engine.local as local
from datacheck import checks as c
from datacheck.engine.digit_keys import WEIGHT_COLUMN, expand_singles
from datacheck.engine.group_samples import group_select, scales_with_copies, shows_key_only
from datacheck.engine.plan import Plan
from datacheck.engine.stages import GroupStage
from datacheck.runner import prepare

ROWS = 120_000  # a scan of many morsels: the streaming engine must keep the file's order


def keys(seed: int, rows: int = ROWS) -> list[str | None]:
    """Digit keys, other keys and nulls, with a few duplicates placed anywhere in the file."""
    rng = random.Random(seed)
    out: list[str | None] = [
        f"{rng.randrange(10**11):012d}" if rng.random() < 0.9 else f"X-{rng.randrange(10**9)}"
        for _ in range(rows)
    ]
    for _ in range(40):  # copies of earlier or later keys, in both directions
        source, target = rng.randrange(rows), rng.randrange(rows)
        out[target] = out[source]
    for _ in range(30):
        out[rng.randrange(rows)] = None
    return out


def first_records(values: Sequence[Any], n: int = 5, smallest: int = 5) -> list[Any]:
    """Python's answer: the first ``n`` records, in file order, of the smallest duplicated keys."""
    counts = Counter(v for v in values if v is not None)
    kept = set(sorted(v for v, k in counts.items() if k > 1)[:smallest])
    return [v for v in values if v in kept][:n]


def write(tmp_path: Path, frame: pl.DataFrame) -> Path:
    path = tmp_path / "d.parquet"
    frame.write_parquet(path, row_group_size=5_000)
    return path


def key_file(tmp_path: Path, seed: int) -> tuple[list[str | None], Path]:
    """The keys of :func:`keys` in column ``k`` beside their positions ``n``, written out."""
    values = keys(seed)
    frame = pl.DataFrame({"k": pl.Series(values, dtype=pl.String), "n": range(ROWS)})
    return values, write(tmp_path, frame)


def known_records(monkeypatch: pytest.MonkeyPatch) -> list[dict[int, pl.DataFrame]]:
    """Spy on the sample step: the records the metrics query handed it, per run."""
    seen: list[dict[int, pl.DataFrame]] = []
    real = local._run_samples

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(dict(kwargs.get("known") or {}))
        return real(*args, **kwargs)

    monkeypatch.setattr(local, "_run_samples", spy)
    return seen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unique_samples_come_with_the_metrics_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    values, path = key_file(tmp_path, seed)
    seen = known_records(monkeypatch)
    suite = dc.Suite(
        name="s", key=["k"], checks=[c.Unique(columns=["k"]), c.NotNull(columns=["k"])]
    )
    result = dc.run(suite, path, as_of="2026-01-01")
    check = result.check("unique:k")
    assert [s.key["k"] for s in check.samples] == first_records(values)
    assert check.failed > 0
    (known,) = seen
    assert list(known) == [0]  # unique's records came with the metrics: no lookup for them


@pytest.mark.parametrize("seed", [4, 5])
def test_the_records_equal_the_lookups_of_a_suite_keyed_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    values, path = key_file(tmp_path, seed)
    seen = known_records(monkeypatch)
    checks = [c.Unique(columns=["k"])]
    own = dc.run(dc.Suite(name="s", key=["k"], checks=checks), path, as_of="2026-01-01")
    other = dc.run(dc.Suite(name="s", key=["n"], checks=checks), path, as_of="2026-01-01")
    # keyed by another column, the samples show it too: they are looked up after the metrics
    assert [list(k) for k in seen] == [[0], []]
    mine = [s.key["k"] for s in own.check("unique:k").samples]
    looked_up = [s.values["k"] for s in other.check("unique:k").samples]
    assert mine == looked_up == first_records(values)
    positions = [s.key["n"] for s in other.check("unique:k").samples]
    assert [values[p] for p in positions] == looked_up


def test_untiered_runs_and_compound_keys_find_the_same_records(tmp_path: Path) -> None:
    rng = random.Random(9)
    a = [rng.choice(["01", "02", None]) for _ in range(ROWS)]
    b = keys(9)
    path = write(tmp_path, pl.DataFrame({"a": a, "b": pl.Series(b, dtype=pl.String)}))
    suite = dc.Suite(name="s", key=["a", "b"], checks=[c.Unique(columns=["a", "b"])])
    prepared = prepare(suite, path, as_of="2026-01-01")
    (measure,) = [r.measure for r in prepared.plan.results]
    assert measure is not None
    assert shows_key_only(measure, ["a", "b"])
    pairs = [(x, y) if x is not None and y is not None else None for x, y in zip(a, b, strict=True)]
    for ranks in (None, {0: 1}):
        execution = local.execute(
            prepared.plan, prepared.base, {}, key=("a", "b"), sample_size=5, ranks=ranks
        )
        got = [(s["a"], s["b"]) for s in execution.samples[0]]
        assert got == first_records(pairs)


def test_a_sample_size_other_than_the_plans_looks_the_records_up(tmp_path: Path) -> None:
    values = keys(6)
    path = write(tmp_path, pl.DataFrame({"k": pl.Series(values, dtype=pl.String)}))
    suite = dc.Suite(name="s", key=["k"], checks=[c.Unique(columns=["k"])])
    prepared = prepare(suite, path, as_of="2026-01-01")
    assert prepared.plan.sample_size == 5
    # the metrics query keeps as many records as the plan's sample size: asked for more, the
    # sample step looks up the records of the plan's 5 keys over the data
    execution = local.execute(prepared.plan, prepared.base, {}, key=("k",), sample_size=7)
    assert [s["k"] for s in execution.samples[0]] == first_records(values, n=7, smallest=5)
    assert execution.log.sample_queries == 1


@pytest.mark.parametrize("dtype", [pl.Datetime("ns"), pl.Duration("ns"), pl.Time])
def test_nanosecond_keys_find_the_same_records_either_way(dtype: pl.DataType) -> None:
    # keys one nanosecond apart: a trip through Python's datetime (microseconds) would merge
    # them and look up a record that does not fail
    base = (
        1_700_000_000_000_000_000 % 86_400_000_000_000
        if dtype == pl.Time
        else 1_700_000_000_000_000_000
    )
    values = [base + d for d in (0, 1, 2, 1, 3, 2, 0)]
    values[-1] = base + 9  # so the first key (base) is unique
    frame = pl.DataFrame({"k": pl.Series(values).cast(dtype), "n": range(len(values))})
    duplicated = {v for v, m in Counter(values).items() if m > 1}
    expected = [i for i, v in enumerate(values) if v in duplicated]
    for key in ("k", "n"):  # in the metrics query, then by the sample step's lookup
        suite = dc.Suite(name="s", key=[key], checks=[c.Unique(columns=["k"])])
        check = dc.run(suite, frame, as_of="2026-01-01").check("unique:k")
        assert check.failed == len(expected)
        if key == "n":
            assert [s.key["n"] for s in check.samples] == expected
        else:
            assert len(check.samples) == len(expected)


def test_a_duplicated_date_beyond_pythons_calendar_gives_samples_not_a_crash() -> None:
    frame = pl.DataFrame(
        {"k": pl.Series([12_000_000, 12_000_000, 5]).cast(pl.Date), "n": [0, 1, 2]}
    )
    for key in ("k", "n"):
        suite = dc.Suite(name="s", key=[key], checks=[c.Unique(columns=["k"])])
        check = dc.run(suite, frame, as_of="2026-01-01").check("unique:k")
        assert (check.status, check.failed) == ("fail", 2)
        assert [s.values["k"] for s in check.samples] == ["+34824-11-19"] * 2


# ------------------------------------------------------------- one-row groups by their number


GROUPS_SCHEMA = {"k": pl.String, "n": pl.Int64, "needs": pl.Int64, "unusable": pl.Int64}
SIZE, KEY = pl.col("n"), pl.col("k")
DUPLICATED = KEY.is_not_null() & (SIZE > 1)
SUMS = [
    SIZE.filter(KEY.is_not_null()).sum().cast(pl.Int64).alias("evaluated"),
    SIZE.filter(DUPLICATED).sum().cast(pl.Int64).alias("failed"),
    DUPLICATED.sum().cast(pl.Int64).alias("groups"),
    (SIZE - 1).filter(DUPLICATED).sum().alias("surplus"),
    pl.when(DUPLICATED).then(SIZE).otherwise(pl.col("unusable")).sum().alias("tier"),
    pl.len().alias("rows"),
    KEY.count().alias("keys"),
]


@st.composite
def split_groups(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Groups (keys, sizes, rank counts), and one-row groups as a row per rank and a weight."""
    sizes = draw(st.lists(st.integers(1, 6), max_size=12))
    groups = pl.DataFrame(
        {
            "k": [draw(st.one_of(st.none(), st.text("ab1", max_size=3))) for _ in sizes],
            "n": sizes,
            "needs": [draw(st.integers(0, n)) for n in sizes],
            "unusable": [draw(st.integers(0, n)) for n in sizes],
        },
        schema=GROUPS_SCHEMA,
    )
    ranks = draw(st.lists(st.integers(0, 3), unique=True, max_size=4))
    singles = pl.DataFrame(
        {
            "k": [""] * len(ranks),
            "n": [1] * len(ranks),
            "needs": [int(r == 1) for r in ranks],
            "unusable": [int(r == 2) for r in ranks],
            WEIGHT_COLUMN: [draw(st.integers(1, 10**6)) for _ in ranks],
        },
        schema={**GROUPS_SCHEMA, WEIGHT_COLUMN: pl.Int64},
    )
    return groups, singles


def select_all(
    groups: pl.DataFrame, singles: pl.DataFrame | None, aggregates: list[pl.Expr]
) -> pl.DataFrame:
    plan = Plan([], {})
    frame = group_select(
        plan,
        GroupStage(("k",)),
        groups.lazy(),
        aggregates,
        singles=None if singles is None else singles.lazy(),
    )
    return frame.collect(engine="streaming")


@settings(max_examples=60, deadline=None)
@given(split_groups())
def test_sums_over_one_row_groups_by_their_number_equal_sums_over_each(
    drawn: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    groups, singles = drawn
    expanded = pl.concat([groups, expand_singles(singles.lazy()).collect()])
    assert expanded.height == groups.height + singles[WEIGHT_COLUMN].sum()
    assert all(scales_with_copies(a, groups.lazy()) for a in SUMS)
    got = select_all(groups, singles, SUMS)
    expected = select_all(expanded, None, SUMS)
    assert got.schema == expected.schema
    assert got.rows() == expected.rows()


@settings(max_examples=30, deadline=None)
@given(split_groups())
def test_an_aggregate_that_is_no_sum_sees_every_one_row_group(
    drawn: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    groups, singles = drawn
    others = [
        *SUMS,
        SIZE.max().alias("largest"),
        KEY.n_unique().alias("distinct"),
        (SIZE.sum() + 1).alias("plus_one"),
        pl.lit(7, dtype=pl.Int64).alias("constant"),
    ]
    assert not any(scales_with_copies(a, groups.lazy()) for a in others[len(SUMS) :])
    expanded = pl.concat([groups, expand_singles(singles.lazy()).collect()])
    assert select_all(groups, singles, others).rows() == select_all(expanded, None, others).rows()


def test_a_float_sum_is_not_scaled() -> None:
    # n copies of 0.1 summed one by one round differently from 0.1 * n
    frame = pl.LazyFrame({"x": [0.1]})
    assert not scales_with_copies(pl.col("x").sum(), frame)
    assert not scales_with_copies(pl.col("x").sum().cast(pl.Int64), frame)
    assert scales_with_copies(pl.col("x").is_null().sum(), frame)


def test_an_aggregate_that_is_no_sum_reads_the_whole_frame_when_given() -> None:
    # the sort node's way gives the whole frame streamed from the sorted codes: it is read
    # as it is, not rebuilt by expanding the counted rows
    groups = pl.DataFrame({"k": ["a"], "n": [2], "needs": [0], "unusable": [0]})
    singles = pl.DataFrame(
        {"k": [""], "n": [1], "needs": [0], "unusable": [0], WEIGHT_COLUMN: [3]},
        schema={**GROUPS_SCHEMA, WEIGHT_COLUMN: pl.Int64},
    )
    whole = pl.concat([groups, expand_singles(singles.lazy()).collect()])
    largest = [SIZE.max().alias("largest"), pl.len().alias("rows")]
    frame = group_select(
        Plan([], {}),
        GroupStage(("k",)),
        groups.lazy(),
        largest,
        singles=singles.lazy(),
        whole=whole.lazy().with_columns(pl.col("n") * 10),  # marked: it is this one read
    )
    assert frame.collect().rows() == [(20, 4)]
