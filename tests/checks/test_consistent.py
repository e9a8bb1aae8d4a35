"""Checks of the *consistent* dimension: agrees_with, against in-memory references."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import AgreesWith, NotNull

D1, D2, D3 = date(1990, 1, 1), date(1991, 2, 2), date(1992, 3, 3)


def test_agrees_with_basic(one):
    master = pl.DataFrame({"pid": ["1", "2"], "born": [D1, D2]})
    other = pl.DataFrame({"pid": ["1", "2", "3"], "born": [D1, D3, D1]})
    r = one(
        AgreesWith(key=["pid"], reference="master", columns=["born"]),
        other,
        references={"master": master},
        key="pid",
    )
    assert (r.id, r.columns, r.dimension) == (
        "agrees_with:born",
        ("born",),
        dc.Dimension.CONSISTENT,
    )
    # pid 3 is not in the reference: not evaluated
    assert (r.evaluated, r.failed, r.status) == (2, 1, "fail")
    assert r.details["ambiguous_keys"] == 0
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "2"}, {"born": D3, "born (reference)": D2})
    ]


def test_agrees_with_nulls_and_ambiguous_reference_keys(one):
    master = pl.DataFrame(
        {
            "pid": ["1", "1", "2", "2", "3", "4", "4"],
            "born": [D1, D2, D1, None, None, D3, D3],
        }
    )
    other = pl.DataFrame(
        {
            "pid": ["1", "2", "2", "3", "4", "4", "5", None],
            "born": [D1, D1, D2, D1, None, D3, D1, D1],
        }
    )
    r = one(
        AgreesWith(key=["pid"], reference="m", columns=["born"]),
        other,
        references={"m": master},
    )
    # pid 1: two distinct reference values -> evaluated and failed although D1 is one of them
    # pid 2: reference nulls are ignored -> D1 agrees, D2 differs
    # pid 3: only null in the reference -> not evaluated
    # pid 4: own null not evaluated; D3 agrees (repeated equal values are not ambiguous)
    # pid 5 (not in reference) and a null key -> not evaluated
    assert (r.evaluated, r.failed) == (4, 2)
    assert r.details["ambiguous_keys"] == 1


def test_agrees_with_reference_key_and_columns_renamed(one):
    master = pl.DataFrame({"so_dinh_danh": ["1", "2"], "ngay_sinh": [D1, D2]})
    other = pl.DataFrame({"pid": ["1", "2"], "born": [D1, D1]})
    check = AgreesWith(
        key=["pid"],
        reference="m",
        columns=["born"],
        reference_key=["so_dinh_danh"],
        reference_columns=["ngay_sinh"],
    )
    r = one(check, other, references={"m": master})
    assert (r.evaluated, r.failed) == (2, 1)


def test_agrees_with_compound_key_and_several_columns(run):
    master = pl.DataFrame(
        {"a": [1, 1, 2], "b": ["x", "y", "x"], "g": ["Nam", "Nữ", "Nam"], "n": [10, 20, 30]}
    )
    other = pl.DataFrame(
        {
            "a": [1, 1, 2, 2],
            "b": ["x", "y", "x", "y"],
            "g": ["Nam", "Nam", "Nam", "Nữ"],
            "n": [10, 20, 31, 1],
        }
    )
    result = run(
        AgreesWith(key=["a", "b"], reference="m", columns=["g", "n"]),
        other,
        references={"m": master},
    )
    got = [(c.id, c.evaluated, c.failed) for c in result.checks]
    assert got == [("agrees_with:g", 3, 1), ("agrees_with:n", 3, 1)]


def test_agrees_with_named_check_with_several_columns_has_one_id_per_column(run):
    master = pl.DataFrame({"k": [1], "x": [1], "y": [2]})
    result = run(
        AgreesWith(name="same_as_master", key=["k"], reference="m", columns=["x", "y"]),
        master,
        references={"m": master},
    )
    assert [c.id for c in result.checks] == ["same_as_master:x", "same_as_master:y"]
    assert all(c.name == "same_as_master" for c in result.checks)


def test_agrees_with_samples_mask_personal_data_on_both_sides(one):
    master = pl.DataFrame({"pid": ["001203005678"], "phone": ["0912345678"]})
    other = pl.DataFrame({"pid": ["001203005678"], "phone": ["0987654321"]})
    r = one(
        AgreesWith(key=["pid"], reference="m", columns=["phone"]),
        other,
        references={"m": master},
        key="pid",
        pii=["pid", "phone"],
    )
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "0012****5678"}, {"phone": "09******21", "phone (reference)": "09******78"})
    ]


def test_agrees_with_empty_data_and_empty_reference(one):
    master = pl.DataFrame({"pid": ["1"], "born": [D1]})
    empty = master.clear()
    for data, ref in ((empty, master), (master, empty)):
        r = one(
            AgreesWith(key=["pid"], reference="m", columns=["born"]), data, references={"m": ref}
        )
        assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


def test_agrees_with_type_mismatch_is_an_error_and_the_suite_goes_on(run):
    master = pl.DataFrame({"pid": ["1"], "born": ["1990-01-01"]})
    other = pl.DataFrame({"pid": ["1"], "born": [D1]})
    result = run(
        [AgreesWith(key=["pid"], reference="m", columns=["born"]), NotNull(columns=["born"])],
        other,
        references={"m": master},
    )
    assert [c.status for c in result.checks] == ["error", "pass"]
    assert result.checks[0].reason()


def test_agrees_with_missing_reference_column_is_an_error(run):
    master = pl.DataFrame({"pid": ["1"]})
    other = pl.DataFrame({"pid": ["1"], "born": [D1]})
    result = run(
        AgreesWith(key=["pid"], reference="m", columns=["born"]), other, references={"m": master}
    )
    assert result.checks[0].status == "error"
    assert "'born'" in result.checks[0].reason()
    assert "reference 'm'" in result.checks[0].reason()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"key": [], "columns": ["x"]},
        {"key": ["k"], "columns": []},
        {"key": ["k"], "columns": ["x"], "reference_key": ["a", "b"]},
        {"key": ["k"], "columns": ["x", "y"], "reference_columns": ["x"]},
    ],
)
def test_agrees_with_definition_errors(kwargs):
    with pytest.raises(dc.CheckDefinitionError):
        AgreesWith(reference="m", **kwargs)


def test_agrees_with_same_column_against_two_reference_columns(run):
    master = pl.DataFrame({"pid": ["1"], "birth": [D1], "registered_birth": [D2]})
    other = pl.DataFrame({"pid": ["1"], "born": [D2]})
    result = run(
        [
            AgreesWith(
                name="vs_birth",
                key=["pid"],
                reference="m",
                columns=["born"],
                reference_columns=["birth"],
            ),
            AgreesWith(
                name="vs_registered",
                key=["pid"],
                reference="m",
                columns=["born"],
                reference_columns=["registered_birth"],
            ),
        ],
        other,
        references={"m": master},
    )
    assert [(c.id, c.evaluated, c.failed) for c in result.checks] == [
        ("vs_birth", 1, 1),
        ("vs_registered", 1, 0),
    ]
