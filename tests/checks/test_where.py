"""``where``: a row-level check evaluated on the rows where a SQL condition holds."""

from __future__ import annotations

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import NotNull, Unique
from datacheck.checks.shared import ExistsIn
from datacheck.errors import CheckDefinitionError

DOSSIERS = pl.DataFrame(
    {
        "applicant_type": ["individual", "individual", "organisation", None, "individual"],
        "applicant_person_id": ["001", None, None, None, "009"],
    }
)


def run(check: dc.Check, data: pl.DataFrame = DOSSIERS, **refs: pl.DataFrame) -> dc.CheckResult:
    suite = dc.Suite(name="s", checks=[check], references=refs)
    (result,) = dc.run(suite, data, as_of="2026-01-01").checks
    return result


def test_not_null_only_for_individual_applicants() -> None:
    check = NotNull(
        name="applicant_id_present",
        columns=["applicant_person_id"],
        where="applicant_type = 'individual'",
        threshold=1.0,
    )
    result = run(check)
    # 3 individuals in scope (null type: out of scope), 1 without an id
    assert (result.evaluated, result.failed, result.status) == (3, 1, "fail")
    assert [s.values["applicant_person_id"] for s in result.samples] == [None]


def test_where_narrows_a_join_check() -> None:
    people = pl.DataFrame({"applicant_person_id": ["001"]})
    check = ExistsIn(
        column="applicant_person_id", reference="people", where="applicant_type = 'individual'"
    )
    result = run(check, people=people)
    assert (result.evaluated, result.failed) == (2, 1)  # "009" is unknown; nulls not evaluated


def test_yaml_round_trip_and_lint() -> None:
    text = """suite: s
checks:
  - check: not_null
    name: applicant_id_present
    columns: [applicant_person_id]
    where: applicant_type = 'individual'
"""
    suite = dc.Suite.loads(text)
    assert suite.checks[0].where == "applicant_type = 'individual'"
    assert dc.Suite.loads(suite.to_yaml()) == suite


def test_unsupported_check_is_refused_with_its_name() -> None:
    with pytest.raises(CheckDefinitionError, match="'unique' does not support 'where'"):
        Unique(columns=["a"], where="a > 1")


def test_unparsable_condition_names_the_key() -> None:
    with pytest.raises(CheckDefinitionError, match="cannot parse the 'where' condition") as info:
        NotNull(columns=["a"], where="a >>> ((")
    assert info.value.key == "where"


def test_unknown_column_in_the_condition_is_an_error_result() -> None:
    result = run(NotNull(columns=["applicant_person_id"], where="applicant_typ = 'individual'"))
    assert result.status == "error"
    assert "applicant_typ" in (result.reason() or "")
    assert "applicant_type" in (result.reason() or "")  # did you mean


# a condition with one value for the whole frame: a constant, or an aggregate (dataset-level)
ONE_VALUE = pl.DataFrame({"k": ["a", "a", "b", "b"], "v": [None, None, None, 1]})


@pytest.mark.parametrize(
    ("condition", "in_scope"),
    [
        ("TRUE", True),
        ("FALSE", False),
        ("COUNT(DISTINCT k) > 1", True),
        ("COUNT(DISTINCT k) > 5", False),
    ],
)
def test_a_single_valued_where_takes_every_row_or_none(condition: str, in_scope: bool) -> None:
    suite = dc.Suite(
        name="s",
        checks=[
            NotNull(columns=["v"], where=condition),
            dc.checks.Expression(name="e", expr=condition),
        ],
    )
    expected = [(4, 3) if in_scope else (0, 0), (4, 0) if in_scope else (4, 4)]
    for result in (
        dc.run(suite, ONE_VALUE, as_of="2026-06-30"),
        # per partition, the aggregate would differ (one k each): it is the whole frame's
        dc.run(suite, partitions=[ONE_VALUE[:2], ONE_VALUE[2:]], as_of="2026-06-30"),
    ):
        assert [(c.evaluated, c.failed) for c in result.checks] == expected
        for check in result.checks:
            assert check.failed <= check.evaluated


@pytest.mark.parametrize("text", ["ts <= NOW()", "d < current_date", "CURRENT_TIMESTAMP > ts"])
def test_the_clock_is_refused_in_where_and_expr(text: str) -> None:
    for make in (
        lambda: NotNull(columns=["v"], where=text),
        lambda: dc.checks.Expression(name="e", expr=text),
    ):
        with pytest.raises(CheckDefinitionError, match=r"may not read the clock .*as-of instant"):
            make()
    # the word in a string literal, or inside a longer name, is data
    assert NotNull(columns=["v"], where="note = 'now' AND nowhere > 1").where is not None
