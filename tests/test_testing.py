"""Property tests of ``datacheck.testing``: generated data passes its suite; violating data
fails exactly the named checks; generation is deterministic under a hypothesis seed.

Three kinds of suite are exercised: ``EVERY`` (one suite using every registered check kind,
with a generated reference), the shipped ``suites/*.yaml`` (with generated references for the
linked databases), and suites built in the tests for the edge cases (thresholds, row counts,
schemas, given references, plugin checks, errors). The oracle is :func:`datacheck.run`.

Examples are few (``max_examples`` 1-12) and shrinking is off for the shipped suites (frames of
1,000 rows): the whole file runs in well under a minute.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks.base import RowCheck, RowRule, register, registered_checks, unregister
from datacheck.testing import Dataset, GenerationError, datasets, frames

AS_OF = "2026-06-30"
SUITES = Path(__file__).parents[1] / "suites"
SHIPPED = sorted(p for p in SUITES.glob("*.yaml") if p.name != "national.yaml")

HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]
QUICK = settings(max_examples=5, deadline=None, database=None, suppress_health_check=HEALTH)
# the shipped suites make frames of up to 1,000 rows: no shrinking (a failure shows as drawn)
BIG = settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=HEALTH,
    phases=[Phase.explicit, Phase.generate],
)

ONE = settings(
    max_examples=1,
    deadline=None,
    database=None,
    suppress_health_check=HEALTH,
    phases=[Phase.generate],
)

EVERY = dc.Suite.loads(
    """
suite: every_check
key: id
placeholders: ["N/A", "-"]
references:
  registry: registry.parquet
checks:
  - {check: row_count, min: 2, max: 20}
  - {check: required_columns, columns: [id, name, note]}
  - {check: not_null, columns: [id, name]}
  - {check: not_blank, columns: [title]}
  - {check: unique, columns: [id]}
  - {check: name_vn, column: name}
  - {check: tone_style_consistent, column: name}
  - {check: normalized_text, column: title}
  - {check: lookalike_chars, column: title}
  - {check: mojibake, column: title}
  - {check: pattern, column: code, pattern: '^[A-Z]{2}-[0-9]{3}$'}
  - {check: in_set, column: kind, values: [a, b, c]}
  - {check: between, column: amount, min: 0, max: 100}
  - {check: between, column: born, min: 1950-01-01, max: today}
  - {check: expression, name: ends_after_starts, expr: ends >= starts}
  - {check: fresh, column: updated_at, max_age: 30d}
  - {check: not_future, columns: [updated_at, starts]}
  - {check: cccd, column: person}
  - {check: cccd_consistent, column: person, birth_date: born, sex: gender}
  - {check: in_set, column: gender, values: [Nam, Nữ]}
  - {check: id_placeholder, column: doc_no}
  - {check: mst, column: tax}
  - {check: bhxh_code, column: bhxh}
  - {check: bhyt_card, column: card, bhxh_column: bhxh}
  - {check: phone_vn, column: phone}
  - {check: plate_vn, column: plate}
  - {check: admin_unit, column: commune, level: commune}
  - {check: unit_in_province, column: commune, province: province}
  - {check: admin_unit_current, column: ward, level: commune}
  - {check: no_district_level, column: address}
  - {check: in_catalogue, column: nationality, catalogue: countries, field: alpha3}
  - {check: exists_in, column: id, reference: registry, reference_column: rid}
  - check: agrees_with
    key: [id]
    reference: registry
    reference_key: [rid]
    columns: [born]
  - check: lifecycle
    key: [id]
    reference: registry
    reference_key: [rid]
    status: state
    active: [open]
    reference_status: life
    ended: [closed]
"""
)

#: Single violations of the shipped suites that cannot happen alone, with the check that
#: necessarily fails too (None: the required columns are all read by other checks, so
#: leaving one out would stop those checks from running).
IMPOSSIBLE: dict[str, dict[str, str | None]] = {
    "dan_cu": {
        "not_null:full_name": "not_blank:full_name",  # a null is blank too
        "not_future:birth_date": "between:birth_date",  # max: today
    },
    "an_sinh": {
        "has_required_columns": None,
        "normalized_text:full_name": "name_vn:full_name",  # name_vn forbids bad spacing, NFD
        "admin_unit_current:commune_code": "admin_unit:commune_code",  # legacy codes
    },
    "bao_hiem": {},
    "can_bo": {"normalized_text:full_name": "name_vn:full_name"},
    "dat_dai": {
        "has_required_columns": None,
        "admin_unit_current:commune_code": "admin_unit:commune_code",
    },
    "doanh_nghiep": {
        "not_null:name": "not_blank:name",
        "admin_unit_current:head_office_commune": "admin_unit:head_office_commune",
    },
    "ho_tich": {
        "has_required_columns": None,
        "admin_unit_current:commune_code": "admin_unit:commune_code",
    },
    "phuong_tien": {
        "admin_unit_current:registration_province": "admin_unit:registration_province",
    },
    "thu_tuc": {"admin_unit_current:commune_code": "admin_unit:commune_code"},
    "thue": {},
    "xay_dung": {
        "has_required_columns": None,
        "admin_unit_current:commune_code": "admin_unit:commune_code",
    },
    "xuat_nhap_canh": {
        "has_required_columns": None,
        "normalized_text:full_name": "name_vn:full_name",
    },
}


def failing(result: dc.Result) -> list[str]:
    """Result ids whose status is neither pass nor not_applicable."""
    return sorted(c.id for c in result.checks if c.status not in ("pass", "not_applicable"))


def explain(result: dc.Result) -> dict[str, Any]:
    return {c.id: (c.status, c.evaluated, c.failed, c.message) for c in result.checks}


def assert_fails_exactly(result: dc.Result, violating: list[str] | tuple[str, ...]) -> None:
    assert failing(result) == sorted(violating), explain(result)
    for rid in violating:
        assert result.check(rid).status == "fail", explain(result)


def load(path: Path) -> dc.Suite:
    return dc.Suite.from_yaml(path)


# ------------------------------------------------------------------ every check kind


def test_every_built_in_check_kind_is_exercised():
    built_in = {
        name for name, cls in registered_checks().items() if cls.__module__.startswith("datacheck.")
    }
    assert {c.kind for c in EVERY.checks} == built_in


@QUICK
@given(datasets(EVERY, as_of=AS_OF))
def test_every_kind_generated_data_passes(ds: Dataset):
    result = ds.run()
    assert failing(result) == [], explain(result)
    assert 2 <= ds.frame.height <= 20
    assert set(ds.references) == {"registry"}


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=HEALTH)
@given(st.data())
def test_every_kind_violations_fail_exactly(data: st.DataObject):
    ids = EVERY.result_ids()
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
    ds = data.draw(datasets(EVERY, violating=chosen, as_of=AS_OF))
    assert_fails_exactly(ds.run(), chosen)


@pytest.mark.parametrize("rid", EVERY.result_ids())
def test_every_kind_alone(rid):
    @settings(max_examples=1, deadline=None, database=None, suppress_health_check=HEALTH)
    @given(datasets(EVERY, violating=[rid], as_of=AS_OF))
    def check(ds: Dataset) -> None:
        result = ds.run()
        assert_fails_exactly(result, [rid])
        # the defect sits where it was planned: no more failing rows than the check needs
        assert result.check(rid).failed <= 2

    check()


# ------------------------------------------------------------------ shipped suites


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_suite_generated_data_passes(path):
    suite = load(path)

    @BIG
    @given(datasets(suite, as_of=AS_OF))
    def check(ds: Dataset) -> None:
        result = ds.run()
        assert failing(result) == [], explain(result)
        assert result.rows == ds.frame.height

    check()


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=HEALTH,
    phases=[Phase.explicit, Phase.generate],
)
@given(st.data())
def test_shipped_suite_violations_fail_exactly(data: st.DataObject):
    # one suite per example (hypothesis tries its simplest example first, so a test per suite
    # with one example would only ever violate that suite's first check)
    path = data.draw(st.sampled_from(SHIPPED), label="suite")
    suite = load(path)
    ids = [rid for rid in suite.result_ids() if rid not in IMPOSSIBLE[path.stem]]
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    ds = data.draw(datasets(suite, violating=chosen, as_of=AS_OF))
    assert_fails_exactly(ds.run(), chosen)


@pytest.mark.parametrize(
    ("name", "rid", "other"),
    [(name, rid, other) for name, cases in IMPOSSIBLE.items() for rid, other in cases.items()],
)
def test_impossible_violations_name_the_other_check(name, rid, other):
    suite = load(SUITES / f"{name}.yaml")
    messages: list[str] = []

    @ONE
    @given(st.data())
    def check(data: st.DataObject) -> None:
        # raised by the strategy and caught here, so hypothesis has nothing to shrink
        with pytest.raises(GenerationError) as caught:
            data.draw(datasets(suite, violating=[rid], as_of=AS_OF))
        messages.append(str(caught.value))

    check()
    assert rid in messages[0]
    assert (other or "read by another check") in messages[0]


# ------------------------------------------------------------------ given references


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    """A population master drawn from the dan_cu suite (statuses active/deceased/emigrated)."""
    drawn: list[pl.DataFrame] = []

    @settings(max_examples=1, deadline=None, database=None, suppress_health_check=HEALTH)
    @given(frames(load(SUITES / "dan_cu.yaml"), as_of=AS_OF, null_probability=0.05))
    def draw(df: pl.DataFrame) -> None:
        drawn.append(df)

    draw()
    return drawn[0]


@pytest.mark.parametrize(
    "violating",
    [
        [],
        ["exists_in:person_id"],
        ["birth_date_matches_population"],
        ["deceased_still_active"],
        ["unique:bhxh_code", "fresh:updated_at"],
    ],
)
def test_frames_draw_keys_from_given_references(population, violating):
    suite = load(SUITES / "bao_hiem.yaml")
    refs = {"population": population}

    @settings(max_examples=2, deadline=None, database=None, suppress_health_check=HEALTH)
    @given(frames(suite, references=refs, violating=violating, as_of=AS_OF))
    def check(df: pl.DataFrame) -> None:
        result = dc.run(suite, df, references=refs, as_of=AS_OF)
        assert_fails_exactly(result, violating)
        known = set(population["person_id"].drop_nulls())
        ids = set(df["person_id"].drop_nulls())
        assert (ids <= known) == ("exists_in:person_id" not in violating)

    check()


def test_given_references_can_make_a_violation_impossible(population):
    # every population id matches bao_hiem's person_id pattern: a malformed id cannot exist
    suite = load(SUITES / "bao_hiem.yaml")
    strategy = frames(suite, references={"population": population}, violating=["pattern:person_id"])

    @ONE
    @given(st.data())
    def check(data: st.DataObject) -> None:
        with pytest.raises(GenerationError, match="exists_in:person_id"):
            data.draw(strategy)

    check()


def test_a_reference_without_usable_keys_is_an_error():
    bad = pl.DataFrame({"person_id": ["x", "y"], "birth_date": [None, None], "status": ["a", "b"]})
    with pytest.raises(GenerationError, match="reference 'population' holds no key"):
        frames(load(SUITES / "bao_hiem.yaml"), references={"population": bad})


def test_too_few_distinct_keys_for_the_rows_is_an_error():
    suite = _suite(
        dc.checks.NotNull(columns=["k"]),
        dc.checks.InSet(columns=["k"], values=["a", "b", "c"]),
        dc.checks.Unique(columns=["k"]),
    )

    @ONE
    @given(st.data())
    def check(data: st.DataObject) -> None:
        with pytest.raises(GenerationError, match="3 possible non-null values"):
            data.draw(frames(suite, rows=10))
        assert data.draw(frames(suite, rows=3))["k"].sort().to_list() == ["a", "b", "c"]

    check()


def test_frames_need_the_references_the_suite_checks_against():
    with pytest.raises(GenerationError, match=r"references=.*datasets"):
        frames(load(SUITES / "bao_hiem.yaml"))


# ------------------------------------------------------------------ determinism


def _collect(strategy: st.SearchStrategy[Any], examples: int) -> list[Any]:
    seen: list[Any] = []

    @seed(20260630)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=HEALTH)
    @given(strategy)
    def record(value: Any) -> None:
        seen.append(value)

    record()
    return seen


def _same(a: Dataset, b: Dataset) -> bool:
    return a.frame.equals(b.frame) and all(
        a.references[name].equals(b.references[name]) for name in a.references
    )


def test_generation_is_deterministic_under_a_seed():
    strategy = datasets(EVERY, violating=["unique:id", "lifecycle:state"], as_of=AS_OF)
    first, second = _collect(strategy, 3), _collect(strategy, 3)
    assert len(first) == len(second) == 3
    assert all(_same(a, b) for a, b in zip(first, second, strict=True))
    assert not all(_same(first[0], other) for other in first[1:])


def test_bulk_rows_are_deterministic_under_a_seed():
    # 1,000 rows: most of them come from the seeded random source, not hypothesis draws
    strategy = datasets(load(SUITES / "dan_cu.yaml"), as_of=AS_OF)
    first, second = _collect(strategy, 1), _collect(strategy, 1)
    assert first[0].frame.height == 1000
    assert _same(first[0], second[0])


# ------------------------------------------------------------------ semantics and options


def _suite(*checks: dc.checks.Check, **kwargs: Any) -> dc.Suite:
    return dc.Suite(name="t", checks=checks, **kwargs)


@QUICK
@given(
    frames(
        _suite(
            dc.checks.NotNull(columns=["phone"]),
            dc.checks.Pattern(columns=["phone"], pattern=r"^0[35789][0-9]{8}$", threshold=0.8),
        ),
        rows=10,
        violating=["pattern:phone"],
    )
)
def test_a_threshold_below_one_gets_enough_failing_rows(df: pl.DataFrame):
    bad = (~df["phone"].str.contains(r"^0[35789][0-9]{8}$")).sum()
    assert bad >= 3  # 10 rows, threshold 0.8: pass rate 0.7 at most
    result = dc.run(
        _suite(dc.checks.Pattern(columns=["phone"], pattern=r"^0[35789][0-9]{8}$", threshold=0.8)),
        df,
    )
    assert result.check("pattern:phone").status == "fail"


def test_a_check_with_threshold_zero_cannot_be_violated():
    suite = _suite(dc.checks.NotNull(columns=["a"], threshold=0.0))
    with pytest.raises(GenerationError, match="never fail"):
        frames(suite, violating=["not_null:a"])


@QUICK
@given(frames(_suite(dc.checks.Unique(columns=["id"])), rows=1, violating=["unique:id"]))
def test_a_repeated_key_needs_two_rows(df: pl.DataFrame):
    assert df.height == 2
    assert df["id"][0] == df["id"][1]


@QUICK
@given(
    frames(
        _suite(dc.checks.RowCount(min=5, max=8), dc.checks.NotNull(columns=["a"])),
        rows=st.integers(0, 100),
    )
)
def test_drawn_row_counts_move_into_the_row_count_range(df: pl.DataFrame):
    assert 5 <= df.height <= 8


def test_an_explicit_row_count_outside_the_range_is_an_error():
    with pytest.raises(GenerationError, match="row_count"):
        frames(_suite(dc.checks.RowCount(min=5)), rows=3)


@QUICK
@given(
    frames(
        _suite(dc.checks.RowCount(min=5), dc.checks.NotNull(columns=["a"])),
        violating=["row_count"],
    )
)
def test_row_count_violations_draw_too_few_rows(df: pl.DataFrame):
    assert df.height < 5


SCHEMA_SUITE = _suite(
    dc.checks.NotFuture(columns=["t"]),
    dc.checks.Fresh(columns=["t"], max_age="2d"),
    dc.checks.InSet(columns=["e"], values=["x", "y"]),
    dc.checks.Between(columns=["n"], min=0.5, max=1.5),
)
SCHEMA = {
    "t": pl.Datetime("ms", "Asia/Ho_Chi_Minh"),
    "e": pl.Enum(["x", "y", "z"]),
    "n": pl.Float32,
}


@QUICK
@given(frames(SCHEMA_SUITE, schema=SCHEMA, as_of=AS_OF))
def test_schema_overrides_the_inferred_types(df: pl.DataFrame):
    assert dict(df.schema) == SCHEMA
    result = dc.run(SCHEMA_SUITE, df, as_of=AS_OF)
    assert failing(result) == [], explain(result)


@QUICK
@given(frames(SCHEMA_SUITE, schema=SCHEMA, as_of=AS_OF, violating=["fresh:t", "in_set:e"]))
def test_schema_types_are_violated_too(df: pl.DataFrame):
    assert_fails_exactly(dc.run(SCHEMA_SUITE, df, as_of=AS_OF), ["fresh:t", "in_set:e"])


def test_types_come_from_the_checks_and_the_names():
    suite = _suite(
        dc.checks.NotFuture(columns=["born_on", "seen_at"]),
        dc.checks.InSet(columns=["code"], values=[1, 2]),
        dc.checks.Between(columns=["score"], min=0, max=1.5),
        dc.checks.Expression(expr="ends_on >= born_on"),
        dc.checks.NotNull(columns=["free"]),
    )
    drawn = _collect(frames(suite, rows=3, as_of=AS_OF), 1)[0]
    assert dict(drawn.schema) == {
        "born_on": pl.Date,
        "seen_at": pl.Datetime("us"),
        "code": pl.Int64,
        "score": pl.Float64,
        "ends_on": pl.Date,
        "free": pl.String,
    }


def test_checks_disagreeing_on_a_type_are_an_error():
    suite = _suite(
        dc.checks.InSet(columns=["a"], values=[1, 2]),
        dc.checks.Pattern(columns=["a"], pattern="^x$"),
    )
    with pytest.raises(GenerationError, match=r"column 'a'.*schema="):
        frames(suite)


def test_unknown_result_ids_are_an_error_with_a_suggestion():
    with pytest.raises(GenerationError, match="did you mean 'unique:id'"):
        frames(_suite(dc.checks.Unique(columns=["id"])), violating=["unique:ids"])


def test_patterns_python_cannot_draw_from_are_an_error():
    suite = _suite(dc.checks.Pattern(columns=["a"], pattern=r"^\p{L}+$"))
    with pytest.raises(GenerationError, match=r"pattern.*\\p\{L\}"):
        frames(suite)


def test_contradictory_checks_are_an_error():
    suite = _suite(
        dc.checks.NotNull(columns=["a"]),
        dc.checks.InSet(columns=["a"], values=["x"]),
        dc.checks.InSet(columns=["a"], values=["y"], name="other"),
    )
    with pytest.raises(GenerationError, match="must not be null"):
        frames(suite)


@QUICK
@given(frames(_suite(dc.checks.Fresh(columns=["seen"], max_age="1d")), rows=5))
def test_the_default_as_of_is_now(df: pl.DataFrame):
    # generated for "now", a day clear of the cut-off: a run a moment later passes
    assert failing(dc.run(_suite(dc.checks.Fresh(columns=["seen"], max_age="1d")), df)) == []


def test_violating_accepts_a_single_id():
    drawn = _collect(
        frames(_suite(dc.checks.NotNull(columns=["a"])), rows=3, violating="not_null:a"), 1
    )
    assert drawn[0]["a"].null_count() >= 1


def test_frames_take_a_yaml_path():
    drawn = _collect(frames(SUITES / "dan_cu.yaml", rows=1000, as_of=AS_OF), 1)
    assert drawn[0].height == 1000


# ------------------------------------------------------------------ plugin checks


@dataclass(frozen=True, kw_only=True)
class _Positive(RowCheck):
    def rule(self, column: str, ctx: Any) -> RowRule:
        del ctx
        return RowRule(pl.col(column).is_not_null(), pl.col(column) <= 0)


@pytest.fixture
def positive():
    register("test_positive")(_Positive)
    yield _Positive
    unregister("test_positive")


@pytest.mark.parametrize("violating", [[], ["test_positive:v"]])
def test_checks_datacheck_testing_does_not_know_are_met_by_filtering(positive, violating):
    suite = _suite(positive(columns=["v"]), dc.checks.NotNull(columns=["v"]))

    @QUICK
    @given(frames(suite, rows=20, schema={"v": pl.Int64}, violating=violating))
    def check(df: pl.DataFrame) -> None:
        assert_fails_exactly(dc.run(suite, df), violating)

    check()


# ------------------------------------------------------------------ packaging


def test_import_datacheck_does_not_import_hypothesis():
    # the names load on first use: touch the engine's, so the test is not vacuous
    code = (
        "import sys, datacheck; datacheck.run; datacheck.Suite; datacheck.checks.NotNull; "
        "assert 'polars' in sys.modules; sys.exit('hypothesis' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_generated_frames_have_the_suite_columns_in_order():
    suite = load(SUITES / "dan_cu.yaml")
    drawn = _collect(frames(suite, as_of=AS_OF), 1)[0]
    required = next(c for c in suite.checks if isinstance(c, dc.checks.RequiredColumns))
    assert set(required.columns) <= set(drawn.columns)
    assert drawn.columns[0] == "person_id"  # the suite's key first
