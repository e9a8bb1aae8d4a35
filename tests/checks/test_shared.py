"""Checks of the *shared* dimension: exists_in, with references given as in-memory frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import AgreesWith, ExistsIn, NotNull

POPULATION = pl.DataFrame({"person_id": ["1", "2", "4", None]})


def test_exists_in_counts_non_null_values(one):
    cards = pl.DataFrame({"person_id": ["1", "3", "3", None, "4", "5"]})
    r = one(
        ExistsIn(column="person_id", reference="population"),
        cards,
        references={"population": POPULATION},
    )
    assert (r.id, r.columns, r.dimension) == (
        "exists_in:person_id",
        ("person_id",),
        dc.Dimension.SHARED,
    )
    assert (r.evaluated, r.failed, r.status) == (5, 3, "fail")
    assert r.details["missing_distinct"] == 2
    assert sorted(s.values["person_id"] for s in r.samples) == ["3", "3", "5"]


def test_exists_in_with_another_reference_column(one):
    people = pl.DataFrame({"pid": [1, 2, 2, 3]})
    df = pl.DataFrame({"owner": [1, 2, 9, None]})
    r = one(
        ExistsIn(column="owner", reference="people", reference_column="pid"),
        df,
        references={"people": people},
    )
    assert (r.evaluated, r.failed) == (3, 1)
    assert r.details["missing_distinct"] == 1


def test_exists_in_reference_nulls_do_not_match(one):
    # nulls in the data are not evaluated; a null in the reference matches nothing
    df = pl.DataFrame({"person_id": [None, None, "1"]})
    r = one(ExistsIn(column="person_id", reference="p"), df, references={"p": POPULATION})
    assert (r.evaluated, r.failed, r.status) == (1, 0, "pass")


@pytest.mark.parametrize(
    "reference",
    [
        POPULATION.lazy(),
        POPULATION.to_pandas(),
        pd.DataFrame({"person_id": ["1", "2", "4"]}),
    ],
    ids=["lazyframe", "pandas-from-polars", "pandas"],
)
def test_exists_in_accepts_other_in_memory_references(one, reference):
    df = pl.DataFrame({"person_id": ["1", "3"]})
    r = one(ExistsIn(column="person_id", reference="p"), df, references={"p": reference})
    assert (r.evaluated, r.failed) == (2, 1)


def test_exists_in_reference_override_at_run_time():
    suite = dc.Suite(
        name="s",
        references={"p": POPULATION},
        checks=[ExistsIn(column="person_id", reference="p")],
    )
    df = pl.DataFrame({"person_id": ["1", "3"]})
    other = pl.DataFrame({"person_id": ["3"]})
    assert dc.run(suite, df, as_of="2026-06-30").checks[0].failed == 1
    result = dc.run(suite, df, as_of="2026-06-30", references={"p": other})
    assert result.checks[0].failed == 1
    assert result.checks[0].samples[0].values == {"person_id": "1"}


def test_exists_in_empty_reference_fails_every_value(one):
    df = pl.DataFrame({"person_id": ["1", "2", None]})
    empty = pl.DataFrame(schema={"person_id": pl.String})
    r = one(ExistsIn(column="person_id", reference="p"), df, references={"p": empty})
    assert (r.evaluated, r.failed) == (2, 2)


def test_exists_in_empty_data_is_not_applicable(one):
    df = pl.DataFrame(schema={"person_id": pl.String})
    r = one(ExistsIn(column="person_id", reference="p"), df, references={"p": POPULATION})
    assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


def test_exists_in_type_mismatch_is_an_error_and_the_suite_goes_on(run):
    df = pl.DataFrame({"person_id": [1, 2]})
    result = run(
        [ExistsIn(column="person_id", reference="p"), NotNull(columns=["person_id"])],
        df,
        references={"p": POPULATION},
    )
    bad, good = result.checks
    assert (bad.status, bad.score) == ("error", None)
    assert bad.reason()
    assert good.status == "pass"


def test_an_all_null_key_column_from_parquet_is_not_applicable(run, tmp_path: Path):
    # Parquet stores a column of nothing but nulls as type Null, which a join would refuse
    path = tmp_path / "cards.parquet"
    pl.DataFrame({"person_id": [None, None], "born": [1990, 1991]}).write_parquet(path)
    assert pl.read_parquet_schema(path)["person_id"] == pl.Null
    people = pl.DataFrame({"person_id": ["1"], "born": [1990]})
    result = run(
        [
            ExistsIn(column="person_id", reference="p"),
            AgreesWith(key=["person_id"], reference="p", columns=["born"]),
        ],
        path,
        references={"p": people},
    )
    assert [(c.evaluated, c.failed, c.status) for c in result.checks] == [
        (0, 0, "not_applicable"),
        (0, 0, "not_applicable"),
    ]


@pytest.mark.parametrize(
    ("data_type", "reference_type"),
    [
        (pl.Categorical, pl.String),
        (pl.String, pl.Categorical),
        (pl.Enum(["1", "2", "3"]), pl.String),
        (pl.Categorical, pl.Enum(["1", "2"])),
    ],
)
def test_a_categorical_key_is_compared_as_text(one, data_type, reference_type):
    cards = pl.DataFrame({"person_id": ["1", "2", "3", None]}).cast({"person_id": data_type})
    people = pl.DataFrame({"person_id": ["1", "2"]}).cast({"person_id": reference_type})
    r = one(ExistsIn(column="person_id", reference="p"), cards, references={"p": people})
    assert (r.evaluated, r.failed, r.details["missing_distinct"]) == (3, 1, 1)


def test_an_all_null_reference_key_matches_nothing(one):
    cards = pl.DataFrame({"person_id": ["1", None]})
    people = pl.DataFrame({"person_id": [None, None]}, schema={"person_id": pl.Null})
    r = one(ExistsIn(column="person_id", reference="p"), cards, references={"p": people})
    assert (r.evaluated, r.failed) == (1, 1)


def test_exists_in_missing_columns_are_errors(run):
    df = pl.DataFrame({"person_id": ["1"]})
    result = run(
        [
            ExistsIn(column="person_id", reference="p", reference_column="pid"),
            ExistsIn(column="personid", reference="p", name="bad_left"),
            ExistsIn(column="person_id", reference="p", name="ok"),
        ],
        df,
        references={"p": POPULATION},
    )
    bad_right, bad_left, ok = result.checks
    assert bad_right.status == "error"
    assert "'pid'" in bad_right.reason()
    assert "reference 'p'" in bad_right.reason()
    assert bad_left.status == "error"
    assert "'personid'" in bad_left.reason()
    assert (ok.status, ok.evaluated) == ("pass", 1)


def test_unreadable_reference_is_an_error_with_a_note(run, tmp_path: Path):
    df = pl.DataFrame({"person_id": ["1"]})
    result = run(
        [ExistsIn(column="person_id", reference="p"), NotNull(columns=["person_id"])],
        df,
        references={"p": str(tmp_path / "missing.parquet")},
    )
    bad, good = result.checks
    assert bad.status == "error"
    assert "'p'" in bad.reason()
    assert good.status == "pass"
    assert any("'p'" in note["en"] for note in result.notes)


def test_undeclared_reference_is_a_suite_error():
    with pytest.raises(dc.SuiteError, match="populaton"):
        dc.Suite(
            name="s",
            references={"population": POPULATION},
            checks=[ExistsIn(column="person_id", reference="populaton")],
        )


def test_exists_in_samples_mask_personal_data(one):
    df = pl.DataFrame({"row": [1, 2], "person_id": ["001203005678", "1"]})
    r = one(
        ExistsIn(column="person_id", reference="p"),
        df,
        references={"p": POPULATION},
        key="row",
        pii=["person_id"],
    )
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"row": 1}, {"person_id": "0012****5678"})
    ]


def test_exists_in_reference_file_path(one, tmp_path: Path):
    path = tmp_path / "population.parquet"
    POPULATION.write_parquet(path)
    df = pl.DataFrame({"person_id": ["1", "9"]})
    r = one(ExistsIn(column="person_id", reference="p"), df, references={"p": str(path)})
    assert (r.evaluated, r.failed) == (2, 1)
