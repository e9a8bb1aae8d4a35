"""Checks of the *complete* dimension: not_null, not_blank, required_columns, row_count."""

from __future__ import annotations

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import (
    NormalizedText,
    NotBlank,
    NotNull,
    Pattern,
    RequiredColumns,
    RowCount,
)

# --------------------------------------------------------------------------- not_null


def test_not_null_counts_every_row_and_fails_nulls(one):
    r = one(NotNull(columns=["a"]), pl.DataFrame({"a": [1, None, 3, None]}))
    assert (r.id, r.check, r.columns, r.name) == ("not_null:a", "not_null", ("a",), None)
    assert r.dimension is dc.Dimension.COMPLETE
    assert (r.evaluated, r.failed, r.status) == (4, 2, "fail")
    assert r.pass_rate == 0.5
    assert r.score == 50.0


def test_not_null_passes_without_nulls(one):
    r = one(NotNull(columns=["a"]), pl.DataFrame({"a": ["x", "", " "]}))
    assert (r.evaluated, r.failed, r.status, r.score) == (3, 0, "pass", 100.0)


def test_not_null_one_result_per_column(run):
    df = pl.DataFrame({"a": [1, None], "b": [None, None], "c": [1, 2]})
    result = run(NotNull(columns=["a", "b", "c"]), df)
    got = [(c.id, c.evaluated, c.failed) for c in result.checks]
    assert got == [("not_null:a", 2, 1), ("not_null:b", 2, 2), ("not_null:c", 2, 0)]


@pytest.mark.parametrize(
    "series",
    [
        pl.Series("a", [None, None], dtype=pl.String),
        pl.Series("a", [None, None], dtype=pl.Int64),
        pl.Series("a", [None, None], dtype=pl.Date),
        pl.Series("a", [None, None]),  # dtype Null
    ],
)
def test_not_null_all_null_column_fails_every_row(one, series):
    r = one(NotNull(columns=["a"]), series.to_frame())
    assert (r.evaluated, r.failed, r.status) == (2, 2, "fail")


def test_not_null_empty_frame_is_not_applicable(one):
    r = one(NotNull(columns=["a"]), pl.DataFrame(schema={"a": pl.String}))
    assert (r.evaluated, r.failed, r.status) == (0, 0, "not_applicable")
    assert r.score is None
    assert r.pass_rate is None


def test_not_null_missing_column_is_an_error_and_the_suite_goes_on(run):
    df = pl.DataFrame({"name": ["An", None]})
    result = run([NotNull(columns=["nam"]), NotNull(columns=["name"])], df)
    bad, good = result.checks
    assert bad.status == "error"
    assert bad.score is None
    reason = bad.reason()
    assert "'nam'" in reason
    assert "not found" in reason
    assert "did you mean 'name'" in reason
    assert bad.reason("vi") != reason
    assert (good.status, good.evaluated, good.failed) == ("fail", 2, 1)


def test_not_null_samples_carry_the_record_key_and_mask_personal_data(run):
    df = pl.DataFrame(
        {
            "person_id": ["001203005678", "001203005679", "001203005680"],
            "full_name": ["Nguyễn Văn An", None, "Lê Thị Hoa"],
            "phone": [None, "0912345678", "0987654321"],
        }
    )
    checks = [NotNull(columns=["full_name", "phone"])]
    masked = run(checks, df, key="person_id", pii=["person_id", "full_name"])
    name, phone = masked.checks
    assert [(dict(s.key), dict(s.values)) for s in name.samples] == [
        ({"person_id": "0012****5679"}, {"full_name": None})
    ]
    assert [(dict(s.key), dict(s.values)) for s in phone.samples] == [
        ({"person_id": "0012****5678"}, {"phone": None})
    ]
    plain = run(checks, df, key="person_id", pii=["person_id", "full_name"], unmask=True)
    assert dict(plain.checks[0].samples[0].key) == {"person_id": "001203005679"}


def test_samples_are_bounded_by_the_suite_setting(run):
    df = pl.DataFrame({"id": list(range(10)), "a": [None] * 10})
    result = run(NotNull(columns=["a"]), df, key="id", samples=3)
    assert result.checks[0].failed == 10
    assert len(result.checks[0].samples) == 3
    assert run(NotNull(columns=["a"]), df, samples=0).checks[0].samples == ()


def test_passing_checks_carry_no_samples(one):
    assert one(NotNull(columns=["a"]), pl.DataFrame({"a": [1, 2]})).samples == ()


# ------------------------------------------------------------------ thresholds and warn


def _nulls(n_null: int, n: int = 100) -> pl.DataFrame:
    return pl.DataFrame({"a": [None] * n_null + [1] * (n - n_null)}, schema={"a": pl.Int64})


@pytest.mark.parametrize(
    ("n_null", "threshold", "warn", "expected"),
    [
        (1, 0.99, None, "pass"),  # 99/100 exactly at the threshold
        (2, 0.99, None, "fail"),
        (2, 0.99, 0.98, "warn"),  # 98/100 exactly at the warn bound
        (3, 0.99, 0.98, "fail"),
        (0, 1.0, None, "pass"),
        (1, 1.0, None, "fail"),
        (1, 1.0, 0.99, "warn"),
        (5, 0.95, 0.9, "pass"),
        (10, 0.95, 0.9, "warn"),
        (11, 0.95, 0.9, "fail"),
        (100, 0.0, None, "pass"),
        (30, 0.7, None, "pass"),  # 0.7 is not exact in binary; 70/100 must still pass
        (30, 0.8, 0.7, "warn"),
    ],
)
def test_status_at_exact_threshold_and_warn_boundaries(one, n_null, threshold, warn, expected):
    r = one(NotNull(columns=["a"], threshold=threshold, warn=warn), _nulls(n_null))
    assert (r.evaluated, r.failed) == (100, n_null)
    assert r.status == expected
    assert r.threshold == threshold
    assert r.warn == warn


def test_threshold_does_not_change_the_score(one):
    r = one(NotNull(columns=["a"], threshold=0.5), _nulls(1))
    assert r.status == "pass"
    assert r.score == 99.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 1.5},
        {"threshold": -0.1},
        {"threshold": 0.9, "warn": 0.95},
        {"warn": -0.5},
        {"weight": -1},
        {"severity": "urgent"},
        {"dimension": "cleen"},
    ],
)
def test_invalid_common_options_are_definition_errors(kwargs):
    with pytest.raises(dc.CheckDefinitionError):
        NotNull(columns=["a"], **kwargs)


def test_row_check_needs_a_column():
    with pytest.raises(dc.CheckDefinitionError, match="columns"):
        NotNull(columns=[])


def test_dimension_override(one):
    r = one(NotNull(columns=["a"], dimension="clean"), pl.DataFrame({"a": [1]}))
    assert r.dimension is dc.Dimension.CLEAN


# --------------------------------------------------------------------------- not_blank


def test_not_blank_fails_null_empty_whitespace_and_placeholders(one):
    values = ["An", "", "  ", "\t", "\u00a0", None, "N/A", " n/a ", "-", "Không rõ", "x"]
    check = NotBlank(columns=["a"], placeholders=["Không rõ"])
    r = one(check, pl.DataFrame({"a": values}), placeholders=["N/A", "-"])
    assert r.evaluated == len(values)
    assert r.failed == 9
    assert r.status == "fail"


@pytest.mark.parametrize(
    ("value", "fails"),
    [
        ("N/A", True),
        ("n/a", True),
        ("  N/a\t", True),
        ("KHÔNG RÕ", True),
        ("không rõ", True),
        (" Không Rõ ", True),
        ("Không rõ ràng", False),
        ("N/A N/A", False),
        ("NA", False),
        ("-", True),
        ("--", False),
    ],
)
def test_not_blank_placeholders_are_trimmed_and_case_folded(one, value, fails):
    check = NotBlank(columns=["a"], placeholders=[" không RÕ "])
    r = one(check, pl.DataFrame({"a": [value]}), placeholders=["n/a", "-"])
    assert (r.evaluated, r.failed) == (1, int(fails))


def test_not_blank_check_placeholders_add_to_the_suite_list(run):
    df = pl.DataFrame({"a": ["N/A", "Không rõ", "ok"]})
    suite_only = run(NotBlank(columns=["a"]), df, placeholders=["N/A"]).checks[0]
    check_only = run(NotBlank(columns=["a"], placeholders=["Không rõ"]), df).checks[0]
    both = run(NotBlank(columns=["a"], placeholders=["Không rõ"]), df, placeholders=["N/A"])
    assert suite_only.failed == 1
    assert check_only.failed == 1
    assert both.checks[0].failed == 2
    assert [dict(s.values) for s in both.checks[0].samples] == [{"a": "N/A"}, {"a": "Không rõ"}]


def test_not_blank_without_placeholders_keeps_them(one):
    r = one(NotBlank(columns=["a"]), pl.DataFrame({"a": ["N/A", "-", "a"]}))
    assert (r.evaluated, r.failed) == (3, 0)


def test_not_blank_placeholder_comparison_is_a_true_casefold(one):
    df = pl.DataFrame({"a": ["ß", "SS", "ẞ", "x"]})
    r = one(NotBlank(columns=["a"], placeholders=["ß"]), df)
    assert (r.evaluated, r.failed) == (4, 3)


def test_not_blank_whitespace_agrees_with_normalized_text(run):
    df = pl.DataFrame({"a": ["\x1f", " \x1c ", "\x1d\x1e"]})
    result = run([NotBlank(columns=["a"]), NormalizedText(columns=["a"])], df)
    assert [c.failed for c in result.checks] == [3, 3]


def test_not_blank_on_categorical_columns(one):
    values = ["An", " ", None, "N/A", ""]
    df = pl.DataFrame({"a": pl.Series(values, dtype=pl.Categorical)})
    r = one(NotBlank(columns=["a"]), df, placeholders=["n/a"])
    assert (r.evaluated, r.failed) == (5, 4)


def test_not_blank_on_enum_columns(one):
    values = ["An", " ", None, "N/A", ""]
    df = pl.DataFrame({"a": pl.Series(values, dtype=pl.Enum(["An", " ", "N/A", ""]))})
    r = one(NotBlank(columns=["a"]), df, placeholders=["n/a"])
    assert (r.evaluated, r.failed) == (5, 4)


def test_not_blank_on_non_string_columns_fails_nulls_only(one):
    r = one(NotBlank(columns=["a"]), pl.DataFrame({"a": [0, None, 3]}), placeholders=["0"])
    assert (r.status, r.evaluated, r.failed) == ("fail", 3, 1)


def test_not_blank_all_null_and_empty(one):
    all_null = pl.DataFrame({"a": pl.Series([None, None], dtype=pl.String)})
    r = one(NotBlank(columns=["a"]), all_null)
    assert (r.evaluated, r.failed) == (2, 2)
    empty = one(NotBlank(columns=["a"]), pl.DataFrame(schema={"a": pl.String}))
    assert (empty.status, empty.evaluated, empty.score) == ("not_applicable", 0, None)


def test_not_blank_missing_column_is_an_error(run):
    result = run([NotBlank(columns=["b"]), NotBlank(columns=["a"])], pl.DataFrame({"a": [""]}))
    assert [c.status for c in result.checks] == ["error", "fail"]
    assert "'b'" in result.checks[0].reason()


def test_not_blank_samples_mask_personal_data(one):
    df = pl.DataFrame(
        {"id": ["001203005678", "001203005679"], "name": ["Nguyễn Văn An", "Không rõ"]}
    )
    check = NotBlank(columns=["name"], placeholders=["không rõ"])
    r = one(check, df, key="id", pii=["id", "name"])
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"id": "0012****5679"}, {"name": "Không r."})
    ]
    raw = one(check, df, key="id", pii=["id", "name"], unmask=True)
    assert [(dict(s.key), dict(s.values)) for s in raw.samples] == [
        ({"id": "001203005679"}, {"name": "Không rõ"})
    ]


# ------------------------------------------------------------------- required_columns


def test_required_columns_present(one):
    r = one(RequiredColumns(columns=["a", "b"]), pl.DataFrame({"a": [1], "b": [2], "c": [3]}))
    assert (r.id, r.columns) == ("required_columns:a+b", ("a", "b"))
    assert (r.evaluated, r.failed, r.status) == (1, 0, "pass")
    assert list(r.details["missing"]) == []


def test_required_columns_missing(one):
    r = one(RequiredColumns(columns=["a", "z", "b", "y"]), pl.DataFrame({"a": [1], "b": [2]}))
    assert (r.evaluated, r.failed, r.status, r.score) == (1, 1, "fail", 0.0)
    assert list(r.details["missing"]) == ["z", "y"]


def test_required_columns_on_an_empty_frame_is_evaluated(one):
    r = one(RequiredColumns(columns=["a"]), pl.DataFrame(schema={"a": pl.String}))
    assert (r.evaluated, r.failed, r.status, r.score) == (1, 0, "pass", 100.0)
    missing = one(RequiredColumns(columns=["b"]), pl.DataFrame(schema={"a": pl.String}))
    assert (missing.evaluated, missing.failed, missing.status) == (1, 1, "fail")


def test_required_columns_does_not_stop_the_other_checks(run):
    df = pl.DataFrame({"a": [None, 1]})
    result = run([RequiredColumns(columns=["a", "b"]), NotNull(columns=["a"])], df)
    assert [(c.status, c.failed) for c in result.checks] == [("fail", 1), ("fail", 1)]


# --------------------------------------------------------------------------- row_count


@pytest.mark.parametrize(
    ("rows", "lo", "hi", "expected"),
    [
        (3, 3, None, "pass"),
        (2, 3, None, "fail"),
        (3, None, 3, "pass"),
        (4, None, 3, "fail"),
        (3, 1, 5, "pass"),
        (0, 1, 5, "fail"),
        (6, 1, 5, "fail"),
        (0, 0, None, "pass"),
    ],
)
def test_row_count_bounds_are_inclusive(one, rows, lo, hi, expected):
    r = one(
        RowCount(min=lo, max=hi), pl.DataFrame({"a": list(range(rows))}, schema={"a": pl.Int64})
    )
    assert (r.id, r.columns) == ("row_count", ())
    assert r.evaluated == 1
    assert r.failed == int(expected == "fail")
    assert r.status == expected
    assert r.details["rows"] == rows


def test_row_count_on_an_empty_frame_is_evaluated(run):
    result = run(RowCount(min=1), pl.DataFrame(schema={"a": pl.Int64}))
    r = result.checks[0]
    assert (r.evaluated, r.failed, r.status, r.score) == (1, 1, "fail", 0.0)
    assert result.rows == 0


@pytest.mark.parametrize("kwargs", [{}, {"min": 5, "max": 2}, {"min": "many"}, {"min": 1.5}])
def test_row_count_definition_errors(kwargs):
    with pytest.raises(dc.CheckDefinitionError):
        RowCount(**kwargs)


def test_dataset_checks_run_beside_an_erroring_check(run):
    df = pl.DataFrame({"a": [1, 2]})
    result = run([Pattern(columns=["a"], pattern="x"), RowCount(min=1)], df)
    assert [c.status for c in result.checks] == ["error", "pass"]
    assert "string" in result.checks[0].reason()
