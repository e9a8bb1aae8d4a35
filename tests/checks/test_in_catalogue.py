"""The in_catalogue check: exact membership in a national catalogue, counted per column."""

from __future__ import annotations

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks.shared import InCatalogue


def test_countries_alpha3_counts_exactly(one):
    df = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f", "g"],
            "nationality": ["VNM", "LAO", "vnm", " VNM", "XKX", "XKX", None],
        }
    )
    r = one(
        InCatalogue(columns=["nationality"], catalogue="countries", field="alpha3"),
        df,
        key="id",
    )
    assert (r.id, r.check, r.columns, r.dimension) == (
        "in_catalogue:nationality",
        "in_catalogue",
        ("nationality",),
        dc.Dimension.SHARED,
    )
    assert (r.evaluated, r.failed, r.status) == (6, 4, "fail")
    assert r.details["missing_distinct"] == 3
    assert sorted(s.key["id"] for s in r.samples) == ["c", "d", "e", "f"]
    assert sorted(s.values["nationality"] for s in r.samples) == [" VNM", "XKX", "XKX", "vnm"]


def test_default_field_is_the_catalogue_code(one):
    df = pl.DataFrame({"c": ["VN", "VNM", "704", "Viet Nam"]})
    r = one(InCatalogue(columns=["c"], catalogue="countries"), df)
    assert (r.evaluated, r.failed) == (4, 3)  # alpha2 by default
    for field, ok in [("alpha3", "VNM"), ("numeric", "704"), ("name", "Viet Nam")]:
        r = one(InCatalogue(columns=["c"], catalogue="countries", field=field), df)
        assert (r.evaluated, r.failed) == (4, 3), field
        assert [s.values["c"] for s in r.samples if s.values["c"] == ok] == []


def test_ethnic_codes_are_strings_with_leading_zeros(one):
    df = pl.DataFrame({"ethnic": ["01", "1", "04", "54", "55", "00", "Kinh", None, None]})
    r = one(InCatalogue(columns=["ethnic"], catalogue="ethnic_groups"), df)
    assert (r.evaluated, r.failed, r.details["missing_distinct"]) == (7, 4, 4)
    by_name = one(InCatalogue(columns=["ethnic"], catalogue="ethnic_groups", field="name"), df)
    assert (by_name.evaluated, by_name.failed) == (7, 6)


def test_units_2025(one):
    df = pl.DataFrame({"p": ["01", "79", "02", "1"], "x": ["26740", "26734", "00004", None]})
    provinces = one(InCatalogue(columns=["p"], catalogue="provinces_2025"), df)
    assert (provinces.evaluated, provinces.failed) == (4, 2)  # 02 Hà Giang is legacy
    communes = one(InCatalogue(columns=["x"], catalogue="communes_2025"), df)
    assert (communes.evaluated, communes.failed) == (3, 1)  # 26734 no longer exists
    by_province = one(InCatalogue(columns=["p"], catalogue="communes_2025", field="province"), df)
    assert (by_province.evaluated, by_province.failed) == (4, 2)


def test_one_result_per_column(run):
    df = pl.DataFrame({"a": ["VN", "ZZ"], "b": ["FR", None]})
    result = run(InCatalogue(columns=["a", "b"], catalogue="countries"), df)
    assert [(c.id, c.evaluated, c.failed) for c in result.checks] == [
        ("in_catalogue:a", 2, 1),
        ("in_catalogue:b", 1, 0),
    ]


def test_nulls_are_not_evaluated(one):
    df = pl.DataFrame({"c": pl.Series([None, None], dtype=pl.String)})
    r = one(InCatalogue(columns=["c"], catalogue="countries"), df)
    assert (r.evaluated, r.failed, r.status, r.score) == (0, 0, "not_applicable", None)
    assert r.details["missing_distinct"] == 0


@pytest.mark.parametrize("dtype", [pl.Categorical(), pl.Enum(["VN", "XX"])])
def test_categorical_columns_are_compared_as_strings(one, dtype):
    df = pl.DataFrame({"c": pl.Series(["VN", "XX", None], dtype=dtype)})
    r = one(InCatalogue(columns=["c"], catalogue="countries"), df)
    assert (r.evaluated, r.failed, r.details["missing_distinct"]) == (2, 1, 1)


def test_numeric_column_is_an_error_and_the_run_goes_on(run):
    df = pl.DataFrame({"numeric": [704, 4], "c": ["VN", "VN"]})
    result = run(
        [
            InCatalogue(columns=["numeric"], catalogue="countries", field="numeric"),
            InCatalogue(columns=["c"], catalogue="countries"),
        ],
        df,
    )
    bad, good = result.checks
    assert bad.status == "error"
    assert "string" in bad.reason()
    assert (good.status, good.evaluated) == ("pass", 2)


def test_lazy_and_partitioned_inputs_give_the_same_counts():
    frame = pl.DataFrame({"c": ["VN", "vn", None, "FR", "QQ", "VN"] * 5})
    suite = dc.Suite(name="s", checks=[InCatalogue(columns=["c"], catalogue="countries")])
    whole = dc.run(suite, frame.lazy(), as_of="2026-06-30").checks[0]
    parts = [dc.run(suite, frame.slice(i, 7), as_of="2026-06-30").checks[0] for i in (0, 7, 14)]
    tail = dc.run(suite, frame.slice(21), as_of="2026-06-30").checks[0]
    assert (whole.evaluated, whole.failed) == (25, 10)
    assert sum(p.evaluated for p in [*parts, tail]) == whole.evaluated
    assert sum(p.failed for p in [*parts, tail]) == whole.failed


# ------------------------------------------------------------------ definition errors


def test_unknown_catalogue_lists_the_catalogues():
    with pytest.raises(dc.CheckDefinitionError) as info:
        InCatalogue(columns=["c"], catalogue="country")
    message = str(info.value)
    assert "unknown catalogue 'country'" in message
    assert "did you mean 'countries'" in message
    assert "communes_2025, countries, ethnic_groups, provinces_2025" in message
    assert info.value.key == "catalogue"
    assert "có phải ý bạn là 'countries'" in info.value.message("vi")


def test_unknown_field_lists_the_fields():
    with pytest.raises(dc.CheckDefinitionError) as info:
        InCatalogue(columns=["c"], catalogue="ethnic_groups", field="ma")
    assert "catalogue 'ethnic_groups' has no field 'ma'" in str(info.value)
    assert "expected one of: code, name" in str(info.value)
    assert info.value.key == "field"


def test_an_unknown_field_with_a_line_break_stays_one_line():
    # found by `make fuzz`: the field was printed as given, its line break included
    with pytest.raises(dc.CheckDefinitionError) as info:
        InCatalogue(columns=["c"], catalogue="ethnic_groups", field="co\nde")
    for message in (str(info.value), info.value.message("vi")):
        assert "\n" not in message, message
    assert "has no field 'co\\nde'" in str(info.value)


def test_yaml_errors_name_file_and_line():
    text = (
        "suite: s\n"
        "checks:\n"
        "  - check: in_catalogue\n"
        "    column: nationality\n"
        "    catalogue: countries\n"
        "    field: alpha4\n"
    )
    with pytest.raises(dc.CheckDefinitionError, match="did you mean 'alpha3'") as info:
        dc.Suite.loads(text, file="s.yaml")
    assert (info.value.file, info.value.line) == ("s.yaml", 6)
    with pytest.raises(dc.CheckDefinitionError, match="'catalogue'"):
        dc.Suite.loads(text.replace("    catalogue: countries\n", ""), file="s.yaml")


# ------------------------------------------------------------------ YAML round trip


def test_yaml_interface_round_trips():
    text = (
        "suite: s\n"
        "checks:\n"
        "  - check: in_catalogue\n"
        "    column: nationality\n"
        "    catalogue: countries\n"
        "    field: alpha3\n"
        "  - check: in_catalogue\n"
        "    columns: [ethnic, mother_ethnic]\n"
        "    catalogue: ethnic_groups\n"
        "    dimension: correct\n"
    )
    suite = dc.Suite.loads(text)
    first, second = suite.checks
    assert first == InCatalogue(columns=["nationality"], catalogue="countries", field="alpha3")
    assert second.result_ids() == ["in_catalogue:ethnic", "in_catalogue:mother_ethnic"]
    assert second.params() == {
        "check": "in_catalogue",
        "dimension": "correct",
        "columns": ["ethnic", "mother_ethnic"],
        "catalogue": "ethnic_groups",
    }
    assert dc.Suite.loads(suite.to_yaml()) == suite
