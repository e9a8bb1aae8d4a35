"""Checks of the *clean* dimension: normalized_text and unique."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import NormalizedText, NotNull, Unique


def python_normalized(value: str) -> str:
    """The definition in DESIGN.md."""
    return " ".join(unicodedata.normalize("NFC", value).split())


# --------------------------------------------------------------------- normalized_text

NAME = "Nguyễn Thị Ánh Hồng"


@pytest.mark.parametrize(
    ("value", "fails"),
    [
        (NAME, False),
        (unicodedata.normalize("NFD", NAME), True),  # decomposed accents
        ("Nguyễn\u00a0Thị", True),  # no-break space
        ("Nguyễn\tThị", True),  # tab
        ("Nguyễn  Thị", True),  # double space
        (" Nguyễn Thị", True),
        ("Nguyễn Thị ", True),
        ("Nguyễn\nThị", True),
        ("Nguyễn\u3000Thị", True),  # ideographic space
        ("Nguyễn\u2009Thị", True),  # thin space
        ("Nguyễn\x1fThị", True),  # unit separator: Python's split() splits on it
        ("Nguyễn\u200bThị", False),  # zero-width space is not whitespace for str.split()
        ("", False),
        (" ", True),
        ("A", False),
        ("Đặng Văn Lâm", False),
    ],
)
def test_normalized_text_matches_the_definition(one, value, fails):
    assert (python_normalized(value) != value) is fails  # the table agrees with DESIGN
    r = one(NormalizedText(columns=["name"]), pl.DataFrame({"name": [value]}))
    assert (r.evaluated, r.failed) == (1, int(fails))


def test_normalized_text_counts(one):
    values = [NAME, unicodedata.normalize("NFD", NAME), "Lê  Thị Hoa", None, "Hoa", "\tHoa"]
    r = one(NormalizedText(columns=["name"]), pl.DataFrame({"name": values}))
    assert (r.id, r.dimension) == ("normalized_text:name", dc.Dimension.CLEAN)
    assert (r.evaluated, r.failed, r.status) == (5, 3, "fail")


def test_normalized_text_samples_mask_personal_data(one):
    df = pl.DataFrame({"pid": ["001203005678", "001203005679"], "name": ["Lê  Thị Hoa", NAME]})
    r = one(NormalizedText(columns=["name"]), df, key="pid", pii=["pid", "name"])
    # masking keeps the double space: it is the defect the sample shows, and nothing personal
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "0012****5678"}, {"name": "Lê  T. H."})
    ]
    raw = one(NormalizedText(columns=["name"]), df, key="pid", pii=["pid", "name"], unmask=True)
    assert raw.samples[0].values == {"name": "Lê  Thị Hoa"}


def test_normalized_text_on_categorical(one):
    df = pl.DataFrame({"a": pl.Series(["a b", "a  b", None], dtype=pl.Categorical)})
    r = one(NormalizedText(columns=["a"]), df)
    assert (r.evaluated, r.failed) == (2, 1)


def test_normalized_text_on_a_number_column_is_an_error(run):
    df = pl.DataFrame({"a": [1], "b": ["x"]})
    result = run([NormalizedText(columns=["a"]), NormalizedText(columns=["b"])], df)
    assert [c.status for c in result.checks] == ["error", "pass"]
    assert "string" in result.checks[0].reason()


def test_normalized_text_all_null_and_empty(one):
    for df in (
        pl.DataFrame({"a": pl.Series([None, None], dtype=pl.String)}),
        pl.DataFrame(schema={"a": pl.String}),
    ):
        r = one(NormalizedText(columns=["a"]), df)
        assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


# ------------------------------------------------------------------------------ unique


def test_unique_single_column(one):
    r = one(Unique(columns=["id"]), pl.DataFrame({"id": [1, 1, 1, 2, None, None]}))
    assert (r.id, r.columns, r.dimension) == ("unique:id", ("id",), dc.Dimension.CLEAN)
    # nulls are not evaluated; every row of a duplicated key fails
    assert (r.evaluated, r.failed, r.status) == (4, 3, "fail")
    assert (r.details["groups"], r.details["surplus"]) == (1, 2)


def test_unique_compound_key_with_nulls(one):
    df = pl.DataFrame(
        {
            "a": [1, 1, 1, 2, 2, None, None, 3, 3, 3],
            "b": ["x", "x", "x", "y", None, "z", "z", "w", "v", "v"],
            "row": list(range(10)),
        }
    )
    r = one(Unique(columns=["a", "b"]), df, key="row")
    assert (r.id, r.columns) == ("unique:a+b", ("a", "b"))
    # evaluated: keys without a null part = (1,x)×3, (2,y), (3,w), (3,v)×2
    assert (r.evaluated, r.failed) == (7, 5)
    # two duplicated keys; surplus = rows − distinct keys = 7 − 4
    assert (r.details["groups"], r.details["surplus"]) == (2, 3)
    assert sorted(dict(s.key)["row"] for s in r.samples) == [0, 1, 2, 8, 9]
    assert all(set(s.values) == {"a", "b"} for s in r.samples)


def test_unique_null_parts_never_collide(one):
    df = pl.DataFrame({"a": [None, None, 1], "b": ["x", "x", None]})
    r = one(Unique(columns=["a", "b"]), df)
    assert (r.evaluated, r.failed, r.status) == (0, 0, "not_applicable")


def test_unique_passes_on_distinct_keys(one):
    r = one(Unique(columns=["a", "b"]), pl.DataFrame({"a": [1, 1, 2], "b": ["x", "y", "x"]}))
    assert (r.evaluated, r.failed, r.status) == (3, 0, "pass")
    assert (r.details["groups"], r.details["surplus"]) == (0, 0)
    assert r.samples == ()


def test_unique_details_hide_internal_values(one):
    r = one(Unique(columns=["a"]), pl.DataFrame({"a": [1, 1]}))
    assert set(r.details) == {"groups", "surplus"}


def test_unique_samples_with_record_key_and_masking(one):
    df = pl.DataFrame(
        {
            "person_id": ["001203005678", "001203005679", "001203005680", "001203005681"],
            "phone": ["0912345678", "0912345678", "0987654321", None],
        }
    )
    r = one(Unique(columns=["phone"]), df, key="person_id", pii=["person_id", "phone"])
    assert (r.evaluated, r.failed) == (3, 2)
    assert sorted((s.key["person_id"], s.values["phone"]) for s in r.samples) == [
        ("0012****5678", "09******78"),
        ("0012****5679", "09******78"),
    ]


def test_unique_on_the_record_key_itself(one):
    df = pl.DataFrame({"pid": ["a", "a", "b"]})
    r = one(Unique(columns=["pid"]), df, key="pid")
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "a"}, {"pid": "a"}),
        ({"pid": "a"}, {"pid": "a"}),
    ]


def test_unique_samples_are_bounded(one):
    df = pl.DataFrame({"a": [i // 2 for i in range(40)]})
    r = one(Unique(columns=["a"]), df, samples=4)
    assert (r.failed, r.details["groups"], r.details["surplus"]) == (40, 20, 20)
    assert len(r.samples) == 4


def test_unique_empty_and_all_null(one):
    for df in (
        pl.DataFrame(schema={"a": pl.Int64}),
        pl.DataFrame({"a": pl.Series([None, None], dtype=pl.Int64)}),
    ):
        r = one(Unique(columns=["a"]), df)
        assert (r.evaluated, r.failed, r.status, r.score) == (0, 0, "not_applicable", None)


def test_unique_missing_column_is_an_error_and_the_suite_goes_on(run):
    df = pl.DataFrame({"a": [1, 1]})
    result = run([Unique(columns=["a", "zz"]), Unique(columns=["a"]), NotNull(columns=["a"])], df)
    bad, dup, nn = result.checks
    assert bad.status == "error"
    assert "'zz'" in bad.reason()
    assert (dup.status, dup.failed) == ("fail", 2)
    assert nn.status == "pass"


def test_unique_needs_columns():
    with pytest.raises(dc.CheckDefinitionError):
        Unique(columns=[])


def test_unique_threshold(one):
    df = pl.DataFrame({"a": [1, 1, *list(range(2, 100))]})
    assert one(Unique(columns=["a"], threshold=0.98), df).status == "pass"
    assert one(Unique(columns=["a"], threshold=0.99, warn=0.98), df).status == "warn"


def test_unique_with_a_column_listed_twice_is_refused():
    with pytest.raises(dc.CheckDefinitionError, match="lists 'a' more than once") as info:
        Unique(columns=["a", "b", "a"])
    assert info.value.key == "columns"
