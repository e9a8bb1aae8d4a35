"""The local runner: its sample step (the first failing records, in file order) and its ways."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import datacheck as dc
import datacheck.engine.local as local
import datacheck.engine.stages as stages
from datacheck import checks as c


def suite(samples: int = 3) -> dc.Suite:
    return dc.Suite(
        name="s",
        key=["id"],
        samples=samples,
        checks=[
            c.NotNull(columns=["v"]),
            c.Pattern(columns=["code"], pattern="^[0-9]+$"),
            c.Unique(columns=["dup"]),
        ],
    )


def frame(nulls: list[int], bad: list[int], dups: list[int], rows: int = 400) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": list(range(rows)),
            "v": [None if i in nulls else i for i in range(rows)],
            "code": ["x" if i in bad else str(i) for i in range(rows)],
            "dup": [-1 if i in dups else i for i in range(rows)],
        }
    )


def expected_first(data: pl.DataFrame, mask: pl.Expr, n: int) -> list[int]:
    return data.with_row_index().filter(mask)["id"].head(n).to_list()


@settings(max_examples=40, deadline=None)
@given(
    nulls=st.lists(st.integers(0, 399), max_size=8, unique=True),
    bad=st.lists(st.integers(0, 399), max_size=8, unique=True),
    dups=st.lists(st.integers(0, 399), max_size=6, unique=True),
    prefix=st.integers(1, 450),
    first=st.integers(1, 450),
)
def test_samples_are_the_first_failing_rows_whatever_the_prefix(
    nulls: list[int], bad: list[int], dups: list[int], prefix: int, first: int
) -> None:
    data = frame(nulls, bad, dups)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local, "SAMPLE_PREFIX_ROWS", prefix)
        patch.setattr(local, "SAMPLE_FIRST_ROWS", first)
        result = dc.run(suite(), data, as_of="2026-06-30")
    got = {r.id: [s.key["id"] for s in r.samples] for r in result.checks}
    assert got["not_null:v"] == expected_first(data, pl.col("v").is_null(), 3)
    assert got["pattern:code"] == expected_first(data, pl.col("code") == "x", 3)
    duplicated = pl.col("dup") == -1 if len(dups) > 1 else pl.lit(value=False)
    assert got["unique:dup"] == expected_first(data, duplicated, 3)


def test_a_short_prefix_falls_back_to_the_whole_data(tmp_path: Path) -> None:
    data = frame(nulls=[390, 395], bad=[], dups=[])
    data.write_parquet(tmp_path / "d.parquet")
    log_batches = []
    real = local._run_samples

    def spy(*args: object, **kwargs: object) -> object:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        log_batches.append(kwargs["log"].sample_batches)  # type: ignore[union-attr]
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local, "SAMPLE_PREFIX_ROWS", 100)
        patch.setattr(local, "_run_samples", spy)
        result = dc.run(suite(), tmp_path / "d.parquet", as_of="2026-06-30")
    assert [s.key["id"] for s in result.check("not_null:v").samples] == [390, 395]
    assert log_batches == [2]  # the prefix pass, then the fallback over all rows


def test_samples_short_in_the_first_rows_are_looked_for_in_the_longer_prefix(
    tmp_path: Path,
) -> None:
    data = frame(nulls=[10, 20, 150, 160], bad=[], dups=[])
    data.write_parquet(tmp_path / "d.parquet")
    logs: list[local.ExecutionLog] = []
    real = local._run_samples

    def spy(*args: object, **kwargs: object) -> object:
        logs.append(kwargs["log"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local, "SAMPLE_FIRST_ROWS", 100)
        patch.setattr(local, "SAMPLE_PREFIX_ROWS", 200)
        patch.setattr(local, "_run_samples", spy)
        result = dc.run(suite(), tmp_path / "d.parquet", as_of="2026-06-30")
    assert [s.key["id"] for s in result.check("not_null:v").samples] == [10, 20, 150]
    assert logs[0].sample_batches == 2  # the first rows, then the longer prefix: no full pass


# ---------------------------------------------------------------------------- the shared frame


def people() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "person_id": ["001", "002", "001", "x1", None, "003"],
            "email": ["a@b.vn", "bad", None, "c@d.vn", "e@f.vn", "g@h.vn"],
            "gender": ["Nam", "Nữ", "?", None, "Nam", "Nam"],
        }
    )


def people_suite() -> dc.Suite:
    return dc.Suite(
        name="people",
        key=["person_id"],
        checks=[
            c.NotNull(columns=["person_id"]),
            c.Pattern(columns=["email"], pattern=r"^[a-z]+@[a-z]+\.vn$"),
            c.InSet(columns=["gender"], values=["Nam", "Nữ"]),
            c.Unique(columns=["person_id"]),
        ],
    )


def cached_columns(data: pl.DataFrame, suite: dc.Suite) -> list[str]:
    """The columns of the frame the metrics query caches for the row select and the chain."""
    from datacheck.runner import prepare  # noqa: PLC0415

    prepared = prepare(suite, data, as_of="2026-06-30")
    ranks = {
        i: prepared.suite.tiers.tier(r.check, r.id).rank
        for i, r in enumerate(prepared.plan.results)
    }
    queries, _ = local._metric_queries(
        prepared.plan, prepared.base, prepared.references, ranks, ["person_id"]
    )
    plan = queries[0][1].explain(optimized=False).splitlines()
    below = plan[next(i for i, line in enumerate(plan) if "CACHE" in line) + 1]
    assert below.strip().startswith("SELECT ["), below
    return [name for name in below.split('col("')[1:] for name in [name.split('")')[0]]]


def test_the_shared_frame_keeps_only_what_its_readers_read() -> None:
    """The row select and the ``unique`` chain share a cached frame whose queues hold whole
    morsels while the scan runs: the source columns only the row checks read are not in it
    (their evaluated rows are booleans beside the masks), the key the chain groups is."""
    columns = cached_columns(people(), people_suite())
    assert "person_id" in columns
    assert "email" not in columns
    assert "gender" not in columns
    assert any(name.startswith("__datacheck_evaluated_") for name in columns)
    assert any(name.startswith("__datacheck_fail_") for name in columns)


def test_results_are_the_same_with_the_shared_frame_narrowed() -> None:
    data = people()
    result = dc.run(people_suite(), data, as_of="2026-06-30")
    by_id = {check.id: (check.evaluated, check.failed) for check in result.checks}
    assert by_id == {
        "not_null:person_id": (6, 1),
        "pattern:email": (5, 1),
        "in_set:gender": (5, 1),
        "unique:person_id": (5, 2),
    }
    # usable: "x1" (its gender is null, not evaluated) and "003"; every other row fails one
    assert result.tiers is not None
    tiers = result.tiers
    assert (tiers.usable, tiers.needs_correction, tiers.unusable) == (2, 4, 0)
    (dup,) = [check for check in result.checks if check.id == "unique:person_id"]
    assert [sample.values["person_id"] for sample in dup.samples] == ["001", "001"]


def test_records_of_a_key_without_a_digit_code_are_looked_up_by_the_sample_step() -> None:
    """A duplicated key that is not a digit string has no code: the metrics query finds no
    records for it among the codes, and the sample step finds them by the key strings."""
    data = pl.DataFrame({"person_id": ["A-1", "002", "A-1", "002", "003"]})
    suite = dc.Suite(name="k", key=["person_id"], checks=[c.Unique(columns=["person_id"])])
    (dup,) = dc.run(suite, data, as_of="2026-06-30").checks
    assert dup.failed == 4
    assert [sample.values["person_id"] for sample in dup.samples] == ["A-1", "002", "A-1", "002"]


# ------------------------------------------------------------- join samples over a prefix


def cross_suite() -> dc.Suite:
    return dc.Suite(
        name="cross",
        key=["pid"],
        samples=3,
        references={"pop": "pop"},  # replaced by the frame passed to run
        checks=[
            c.ExistsIn(column="pid", reference="pop"),
            c.AgreesWith(key=["pid"], reference="pop", columns=["born"]),
            c.Lifecycle(
                key=["pid"],
                reference="pop",
                status="status",
                active=["active"],
                ended=["dead"],
            ),
        ],
    )


keys = st.sampled_from(["1", "2", "3", "4", "5", "6", None])


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(keys, st.integers(1, 3), st.sampled_from(["active", "retired", None])),
        min_size=1,
        max_size=40,
    ),
    reference=st.lists(
        st.tuples(keys, st.sampled_from([1, 2, 3, None]), st.sampled_from(["alive", "dead"])),
        max_size=90,  # often twice the data or more: the metrics query then cuts it too
    ),
    prefix=st.integers(1, 45),
)
def test_join_samples_over_a_prefix_equal_those_over_the_whole_reference(
    data: list[tuple[str | None, int, str | None]],
    reference: list[tuple[str | None, int | None, str]],
    prefix: int,
) -> None:
    # a sample lookup over the leading rows, and the metrics query of data at most half the
    # reference's size, group only the reference rows whose key the data holds; counts and
    # samples must be exactly those of grouping the whole reference
    frame = pl.DataFrame(data, schema=["pid", "born", "status"], orient="row")
    pop = pl.DataFrame(
        reference,
        schema={"pid": pl.String, "born": pl.Int64, "status": pl.String},
        orient="row",
    )

    def outcome(restrict: bool) -> list[tuple[str, int, int, list[dict[str, object]]]]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(local, "SAMPLE_PREFIX_ROWS", prefix)
            patch.setattr(local, "SAMPLE_FIRST_ROWS", max(1, prefix // 2))
            if not restrict:
                patch.setattr(
                    stages.JoinStage, "references_matching", lambda self, b, refs, m: dict(refs)
                )
            result = dc.run(cross_suite(), frame, references={"pop": pop}, as_of="2026-06-30")
        return [
            (r.id, r.evaluated, r.failed, [dict(s.values) for s in r.samples])
            for r in result.checks
        ]

    assert outcome(restrict=True) == outcome(restrict=False)


def test_join_samples_over_a_prefix_group_only_the_keys_it_holds() -> None:
    frame = pl.DataFrame({"pid": ["1", "2", "x9"], "born": [1, 2, 3], "status": ["active"] * 3})
    pop = pl.DataFrame(
        {
            "pid": [str(i) for i in range(1, 1_001)] + ["2"],
            "born": [1] * 1_000 + [5],  # "2" has two birth years, "x9" is missing
            "status": ["alive"] * 1_001,
        }
    )
    sizes: list[int] = []
    real = stages.JoinStage.references_matching

    def spy(
        self: stages.JoinStage,
        base: pl.LazyFrame,
        references: dict[str, pl.LazyFrame],
        measures: list[object],
    ) -> dict[str, pl.LazyFrame]:
        out = real(self, base, references, measures)  # type: ignore[arg-type]
        sizes.append(out[self.reference].select(pl.len()).collect().item())
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stages.JoinStage, "references_matching", spy)
        result = dc.run(cross_suite(), frame, references={"pop": pop}, as_of="2026-06-30")
    assert sizes, "no lookup cut the reference"
    assert set(sizes) == {3}  # the rows of "1" and "2" (twice), not 1,001
    assert [s.key["pid"] for s in result.check("exists_in:pid").samples] == ["x9"]
    assert [s.key["pid"] for s in result.check("agrees_with:born").samples] == ["2"]


# ------------------------------------------------------------------ how a digit key is grouped


def digit_people(rows: int) -> pl.DataFrame:
    """Twelve-digit ids with duplicates, nulls and ids that are not digit strings."""
    ids: list[str | None] = [f"{(i * 7919) % (rows * 3 // 4):012d}" for i in range(rows)]
    ids[::53] = [f"ID{i % 9}" for i in range(len(ids[::53]))]
    ids[::61] = [None] * len(ids[::61])
    return pl.DataFrame({"id": ids, "flag": ["ok", "ok", "fix", "ok", "drop"] * (rows // 5)})


def digit_people_suite() -> dc.Suite:
    return dc.Suite(
        name="s",
        key=["id"],
        checks=[
            c.Unique(columns=["id"], severity="critical"),
            c.InSet(columns=["flag"], values=["ok"], name="fix"),
            c.InSet(columns=["flag"], values=["ok", "fix"], severity="critical", name="drop"),
        ],
    )


def metrics_plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the plan of every metrics query the engine collects."""
    plans: list[str] = []
    real = local._collect

    def collect(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
        plans.extend(query.explain(engine="streaming") for query in queries)
        return real(queries)

    monkeypatch.setattr(local, "_collect", collect)
    return plans


def test_the_default_threshold_hashes_small_data_and_sorts_large_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # the engine's own threshold, not the test suite's (tests/conftest.py)
    assert local.DIGIT_SORT_MIN_ROWS == 500_000  # the measured crossover (see its docstring)
    assert not local.sorts_digit_keys(local.DIGIT_SORT_MIN_ROWS - 1)
    assert local.sorts_digit_keys(local.DIGIT_SORT_MIN_ROWS)
    assert local.sorts_digit_keys(None)  # unknown rows: the way whose memory is bounded


@pytest.mark.parametrize(("threshold", "way"), [(2_001, "hashed"), (2_000, "sorted")])
def test_a_digit_key_is_hashed_below_the_threshold_and_sorted_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int, way: str
) -> None:
    path = tmp_path / "people.parquet"
    digit_people(2_000).write_parquet(path)  # 2,000 rows, known from the footer
    monkeypatch.setattr(local, "DIGIT_SORT_MIN_ROWS", threshold)
    plans = metrics_plans(monkeypatch)
    result = dc.run(digit_people_suite(), path, as_of="2026-01-01")
    assert plans
    # sorted: the key's digit codes are computed in the scan (then sorted by the sort node or
    # captured for NumPy); hashed: no code at all, the key strings go to a group_by
    assert any("__datacheck_digit_code" in plan for plan in plans) == (way == "sorted"), plans
    assert result.check("unique:id").failed > 0


@pytest.mark.parametrize("rows", [0, 5, 2_000])
def test_both_ways_of_grouping_a_digit_key_give_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    path = tmp_path / "people.parquet"
    data = digit_people(rows)
    data.write_parquet(path)
    results = {}
    for way, threshold in (("hashed", rows + 1), ("sorted", 0)):
        monkeypatch.setattr(local, "DIGIT_SORT_MIN_ROWS", threshold)
        results[way] = dc.run(digit_people_suite(), path, as_of="2026-01-01")
    hashed, sorted_ = results["hashed"], results["sorted"]
    assert [r.to_dict() for r in hashed.checks] == [r.to_dict() for r in sorted_.checks]
    assert hashed.tiers == sorted_.tiers
    assert hashed.score == sorted_.score
    # and both equal the truth, counted in Python
    ids = [k for k in data["id"].to_list() if k is not None]
    counts = {k: ids.count(k) for k in set(ids)}
    assert hashed.check("unique:id").failed == sum(n for n in counts.values() if n > 1)
