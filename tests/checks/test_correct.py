"""Checks of the *correct* dimension: pattern, in_set, between, expression."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import Between, Expression, InSet, NotNull, Pattern

# ----------------------------------------------------------------------------- pattern


def test_pattern_counts_non_null_values(one):
    df = pl.DataFrame({"phone": ["0912345678", "12345", None, "0987654321", "091234567x"]})
    r = one(Pattern(columns=["phone"], pattern=r"^0\d{9}$"), df)
    assert (r.id, r.dimension) == ("pattern:phone", dc.Dimension.CORRECT)
    assert (r.evaluated, r.failed, r.status) == (4, 2, "fail")
    assert [dict(s.values) for s in r.samples] == [{"phone": "12345"}, {"phone": "091234567x"}]


def test_pattern_is_searched_not_anchored(one):
    df = pl.DataFrame({"a": ["a1b", "abc", "1"]})
    assert one(Pattern(columns=["a"], pattern=r"\d"), df).failed == 1
    assert one(Pattern(columns=["a"], pattern=r"^\d$"), df).failed == 2


def test_pattern_unicode_values(one):
    df = pl.DataFrame({"name": ["Nguyễn Văn An", "Nguyen Van 4n", "Lê Thị Hoa"]})
    r = one(Pattern(columns=["name"], pattern=r"^[\p{L} ]+$"), df)
    assert (r.evaluated, r.failed) == (3, 1)


def test_pattern_invalid_regex_is_a_definition_error():
    with pytest.raises(dc.CheckDefinitionError, match="regular expression"):
        Pattern(columns=["a"], pattern="([a-z")


@pytest.mark.parametrize("dtype", [pl.Int64, pl.Float64, pl.Date, pl.Boolean])
def test_pattern_on_a_non_string_column_is_an_error(run, dtype):
    df = pl.DataFrame({"a": pl.Series([None], dtype=dtype), "b": ["x"]})
    result = run([Pattern(columns=["a"], pattern="x"), Pattern(columns=["b"], pattern="x")], df)
    bad, good = result.checks
    assert (bad.status, bad.evaluated, bad.failed, bad.score) == ("error", 0, 0, None)
    assert "'a'" in bad.reason()
    assert "string" in bad.reason()
    assert good.status == "pass"


def test_pattern_on_categorical(one):
    df = pl.DataFrame({"a": pl.Series(["01", "x", None], dtype=pl.Categorical)})
    r = one(Pattern(columns=["a"], pattern=r"^\d+$"), df)
    assert (r.evaluated, r.failed) == (2, 1)


def test_pattern_all_null_and_empty_are_not_applicable(one):
    all_null = pl.DataFrame({"a": pl.Series([None, None], dtype=pl.String)})
    empty = pl.DataFrame(schema={"a": pl.String})
    for df in (all_null, empty):
        r = one(Pattern(columns=["a"], pattern="x"), df)
        assert (r.evaluated, r.failed, r.status, r.score) == (0, 0, "not_applicable", None)


def test_pattern_samples_mask_personal_data(one):
    df = pl.DataFrame(
        {"pid": ["001203005678", "001203005679"], "phone": ["0912345678", "091234567"]}
    )
    r = one(Pattern(columns=["phone"], pattern=r"^0\d{9}$"), df, key="pid", pii=["pid", "phone"])
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "0012****5679"}, {"phone": "09*****67"})
    ]


def test_samples_without_the_record_key_in_the_data(one):
    df = pl.DataFrame({"phone": ["1"]})
    r = one(Pattern(columns=["phone"], pattern="^0"), df, key="person_id")
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [({}, {"phone": "1"})]


# ------------------------------------------------------------------------------ in_set


def test_in_set_is_case_sensitive_and_skips_nulls(one):
    df = pl.DataFrame({"gender": ["Nam", "Nữ", "nam", None, "Khác"]})
    r = one(InSet(columns=["gender"], values=["Nam", "Nữ"]), df)
    assert (r.evaluated, r.failed) == (4, 2)
    assert [dict(s.values) for s in r.samples] == [{"gender": "nam"}, {"gender": "Khác"}]


def test_in_set_numbers_and_dates(one):
    ints = pl.DataFrame({"a": [1, 2, 3, None]})
    assert one(InSet(columns=["a"], values=[1, 2]), ints).failed == 1
    days = pl.DataFrame({"d": [date(2020, 1, 1), date(2021, 1, 1)]})
    assert one(InSet(columns=["d"], values=[date(2020, 1, 1)]), days).failed == 1


def test_in_set_on_categorical_and_enum(one):
    for dtype in (pl.Categorical, pl.Enum(["Nam", "Nữ", "x"])):
        df = pl.DataFrame({"g": pl.Series(["Nam", "x", None], dtype=dtype)})
        r = one(InSet(columns=["g"], values=["Nam", "Nữ"]), df)
        assert (r.evaluated, r.failed) == (2, 1), dtype


def test_in_set_needs_values():
    with pytest.raises(dc.CheckDefinitionError, match="values"):
        InSet(columns=["a"], values=[])


def test_in_set_with_values_of_the_wrong_type_is_an_error(run):
    df = pl.DataFrame({"a": [1, 2]})
    result = run([InSet(columns=["a"], values=["x"]), NotNull(columns=["a"])], df)
    assert [c.status for c in result.checks] == ["error", "pass"]
    assert result.checks[0].reason()


@pytest.mark.parametrize(
    ("column", "values", "failed"),
    [
        ([1.0, 2.0, 3.0], [1, 2], 1),  # integers against a float column
        ([1, 2, 3], [1.0, 2.0], 1),  # whole floats against an integer column
        ([1, 2, 3], [1, 2.5], 2),  # 2.5 is no integer's value
        ([2.5, 3.0], [2.5, 3], 0),
        ([1, 2], [2.5], 2),  # no value of the set can match: every value fails
        ([2.0**53], [2**53 + 1], 1),  # exact: no float equals 2**53 + 1
    ],
)
def test_in_set_compares_integers_and_floats_exactly(one, column, values, failed):
    r = one(InSet(columns=["x"], values=values), pl.DataFrame({"x": column}))
    assert (r.status != "error", r.evaluated, r.failed) == (True, len(column), failed)


@given(
    column=st.lists(st.one_of(st.none(), st.integers(-3, 3)), max_size=8),
    values=st.lists(
        st.one_of(st.integers(-3, 3), st.floats(-3, 3).map(lambda f: round(f * 2) / 2)),
        min_size=1,
        max_size=4,
    ),
    floats=st.booleans(),
)
def test_in_set_on_numbers_is_exact_membership(one, column, values, floats):
    dtype = pl.Float64 if floats else pl.Int64
    frame = pl.DataFrame({"x": column}, schema={"x": dtype})
    r = one(InSet(columns=["x"], values=values), frame)
    present = [v for v in column if v is not None]
    assert (r.evaluated, r.failed) == (len(present), sum(v not in values for v in present))


def test_in_set_empty_is_not_applicable(one):
    r = one(InSet(columns=["a"], values=["x"]), pl.DataFrame(schema={"a": pl.String}))
    assert r.status == "not_applicable"


# ----------------------------------------------------------------------------- between


@pytest.mark.parametrize(
    ("column", "bounds", "failed"),
    [
        ([2**53 + 1], {"max": 2.0**53}, 1),  # as floats both are 2**53: exact, it fails
        ([2**53], {"min": 2.0**53}, 0),
        ([2, 3], {"min": 2.5}, 1),
        ([2, 3], {"max": 2.5}, 1),
        ([2.0**53], {"max": 2**53 + 1}, 0),  # a float column against a big integer
        ([2.0**53 + 2], {"max": 2**53 + 1}, 1),
        ([2.0**53], {"min": 2**53 + 1}, 1),
        ([1.5], {"min": 2**60}, 1),  # a whole float
    ],
)
def test_between_compares_integers_and_floats_exactly(one, column, bounds, failed):
    r = one(Between(columns=["x"], **bounds), pl.DataFrame({"x": column}))
    assert (r.status != "error", r.failed) == (True, failed)


@pytest.mark.parametrize(
    "column",
    [
        pl.Series("x", [timedelta(hours=1)]),
        pl.Series("x", [time(10, 0)]),
    ],
    ids=["duration", "time"],
)
def test_between_refuses_duration_and_time_columns(one, column):
    # their numeric bounds would be read in the column's internal units (microseconds)
    r = one(Between(columns=["x"], min=0, max=86400), pl.DataFrame(column))
    assert r.status == "error"
    assert "numeric, string, date or datetime column" in (r.reason("en") or "")


@pytest.mark.parametrize(
    ("lo", "hi", "failed"),
    [
        (1, 3, 2),  # 0 and 4 fail; 1 and 3 are inclusive
        (1, None, 1),
        (None, 3, 1),
        (1.5, 2.5, 4),
        (-10, 10, 0),
    ],
)
def test_between_numbers_inclusive(one, lo, hi, failed):
    df = pl.DataFrame({"n": [0, 1, 2, 3, 4, None]})
    r = one(Between(columns=["n"], min=lo, max=hi), df)
    assert (r.evaluated, r.failed) == (5, failed)


def test_between_floats(one):
    df = pl.DataFrame({"x": [0.0, 0.5, 1.0, 1.0000001, None]})
    assert one(Between(columns=["x"], min=0, max=1), df).failed == 1


def test_between_strings(one):
    df = pl.DataFrame({"s": ["a", "b", "c", "d", "e", None]})
    r = one(Between(columns=["s"], min="b", max="d"), df)
    assert (r.evaluated, r.failed) == (5, 2)


def test_between_dates_with_today(one):
    df = pl.DataFrame(
        {"d": [date(1899, 12, 31), date(1900, 1, 1), date(2026, 6, 30), date(2026, 7, 1), None]}
    )
    for lo in ("1900-01-01", date(1900, 1, 1)):
        r = one(Between(columns=["d"], min=lo, max="today"), df)
        assert (r.evaluated, r.failed) == (4, 2)
        assert [dict(s.values)["d"] for s in r.samples] == [date(1899, 12, 31), date(2026, 7, 1)]


def test_between_today_follows_the_as_of_date_in_the_suite_timezone(one):
    df = pl.DataFrame({"d": [date(2026, 6, 30), date(2026, 7, 1)]})
    check = Between(columns=["d"], max="today")
    # 20:00 UTC on 30 June is 03:00 on 1 July in Hanoi
    assert one(check, df, as_of="2026-06-30T20:00:00Z").failed == 0
    assert one(check, df, as_of="2026-06-30T20:00:00Z", timezone="UTC").failed == 1


def test_between_naive_datetime_with_dates_today_and_now(one):
    df = pl.DataFrame(
        {
            "t": [
                datetime(2025, 12, 31, 23, 59, 59),
                datetime(2026, 1, 1),
                datetime(2026, 6, 30, 23, 59, 59),
                datetime(2026, 7, 1),
                None,
            ]
        }
    )
    # a date as max of a date-time column includes that whole day
    r = one(Between(columns=["t"], min=date(2026, 1, 1), max="today"), df)
    assert (r.evaluated, r.failed) == (4, 2)
    # 'now' is the as-of instant: midnight at the start of 30 June
    r = one(Between(columns=["t"], min="2026-01-01", max="now"), df)
    assert (r.evaluated, r.failed) == (4, 3)
    r = one(Between(columns=["t"], max=date(2026, 6, 30)), df)
    assert r.failed == 1


def test_between_tz_aware_column_reads_dates_in_the_suite_timezone(one):
    # 2026-06-01 00:00 in Hanoi is 2026-05-31 17:00 UTC
    df = pl.DataFrame(
        {"t": [datetime(2026, 5, 31, 16, 59, 59), datetime(2026, 5, 31, 17)]}
    ).with_columns(pl.col("t").dt.replace_time_zone("UTC"))
    r = one(Between(columns=["t"], min=date(2026, 6, 1)), df)
    assert (r.evaluated, r.failed) == (2, 1)
    assert r.samples[0].values["t"] == datetime(2026, 5, 31, 16, 59, 59, tzinfo=UTC)
    # a naive date-time bound is local time in the suite's timezone too
    r = one(Between(columns=["t"], min=datetime(2026, 6, 1, 0, 0)), df)
    assert r.failed == 1
    r = one(Between(columns=["t"], min=datetime(2026, 6, 1, tzinfo=UTC)), df)
    assert r.failed == 2


def test_between_tz_aware_column_with_today(one):
    # end of 30 June in Hanoi = 2026-06-30 17:00 UTC
    df = pl.DataFrame(
        {"t": [datetime(2026, 6, 30, 16, 59, 59), datetime(2026, 6, 30, 17)]}
    ).with_columns(pl.col("t").dt.replace_time_zone("UTC"))
    r = one(Between(columns=["t"], max="today"), df)
    assert (r.evaluated, r.failed) == (2, 1)


@pytest.mark.parametrize(
    ("column", "check", "fragment"),
    [
        ("d", Between(columns=["d"], min="yesterday"), "'yesterday'"),
        ("d", Between(columns=["d"], min=5), "date"),
        ("n", Between(columns=["n"], max=date(2020, 1, 1)), "number"),
        ("n", Between(columns=["n"], max="10"), "number"),
        ("s", Between(columns=["s"], min=1), "string"),
        ("b", Between(columns=["b"], min=0), "'b'"),
    ],
)
def test_between_bounds_of_the_wrong_type_are_errors(run, column, check, fragment):
    df = pl.DataFrame(
        {"d": [date(2020, 1, 1)], "n": [1], "s": ["x"], "b": [True], "ok": [1]},
    )
    result = run([check, Between(columns=["ok"], min=0)], df)
    bad, good = result.checks
    assert bad.status == "error", bad
    assert fragment in bad.reason()
    assert column in bad.reason()
    assert good.status == "pass"


def test_between_needs_a_bound():
    with pytest.raises(dc.CheckDefinitionError, match="min"):
        Between(columns=["a"])


def test_between_all_null_and_empty(one):
    for df in (
        pl.DataFrame({"d": pl.Series([None, None], dtype=pl.Date)}),
        pl.DataFrame(schema={"d": pl.Date}),
    ):
        r = one(Between(columns=["d"], min="1900-01-01", max="today"), df)
        assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


# -------------------------------------------------------------------------- expression

DATES = pl.DataFrame(
    {
        "death_date": [date(2020, 1, 1), date(2019, 1, 1), None, date(2020, 1, 1), None],
        "birth_date": [date(2000, 1, 1), date(2020, 1, 1), date(2000, 1, 1), None, None],
        "pid": ["1", "2", "3", "4", "5"],
    }
)


def test_expression_evaluates_rows_where_every_referenced_column_is_set(one):
    check = Expression(
        name="death_after_birth", column="death_date", expr="death_date >= birth_date"
    )
    r = one(check, DATES, key="pid")
    assert (r.id, r.name, r.columns) == ("death_after_birth", "death_after_birth", ("death_date",))
    assert (r.evaluated, r.failed, r.status) == (2, 1, "fail")
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "2"}, {"death_date": date(2019, 1, 1), "birth_date": date(2020, 1, 1)})
    ]


def test_expression_without_name_or_column(one):
    r = one(Expression(expr="death_date >= birth_date"), DATES)
    assert (r.id, r.columns) == ("expression:death_date+birth_date", ("death_date", "birth_date"))
    assert (r.evaluated, r.failed) == (2, 1)


def test_expression_null_handling_ignores_is_null_branches(one):
    # nulls in referenced columns are never evaluated, whatever the expression says
    check = Expression(name="e", expr="death_date IS NULL OR death_date >= birth_date")
    r = one(check, DATES)
    assert (r.evaluated, r.failed) == (2, 1)


def test_expression_null_result_fails(one):
    df = pl.DataFrame({"a": [1, 2], "b": [0, 0]})
    # NULLIF(b, 0) is null: the expression is null on an evaluated row, which fails
    r = one(Expression(name="e", expr="a > NULLIF(b, 0)"), df)
    assert (r.evaluated, r.failed) == (2, 2)


def test_expression_without_columns_evaluates_every_row(one):
    r = one(Expression(name="always", expr="1 = 1"), pl.DataFrame({"a": [None, 1, 2]}))
    assert (r.evaluated, r.failed, r.status) == (3, 0, "pass")


@pytest.mark.parametrize("text", ["a >=", "foo(a)", "DROP TABLE x", "a = = b", ""])
def test_expression_parse_errors_at_construction(text):
    with pytest.raises(dc.CheckDefinitionError, match="expression"):
        Expression(name="e", expr=text)


def test_expression_is_never_python_eval():
    with pytest.raises(dc.CheckDefinitionError):
        Expression(name="e", expr="__import__('os').system('true')")


def test_expression_missing_column_is_an_error_and_the_suite_goes_on(run):
    result = run(
        [Expression(name="e", expr="a > zz"), NotNull(columns=["a"])], pl.DataFrame({"a": [1]})
    )
    bad, good = result.checks
    assert bad.status == "error"
    assert "'zz'" in bad.reason()
    assert good.status == "pass"


def test_expression_that_is_not_boolean_is_an_error(run):
    df = pl.DataFrame({"a": [1, 2], "b": [1, 1]})
    result = run([Expression(name="e", expr="a + b"), NotNull(columns=["a"])], df)
    assert [c.status for c in result.checks] == ["error", "pass"]


def test_expression_failing_on_a_value_is_pinned_to_its_check(run):
    df = pl.DataFrame({"s": ["1", "x", None], "n": [1, None, 3]})
    result = run(
        [
            Expression(name="bad_cast", expr="CAST(s AS INTEGER) > 0"),
            NotNull(columns=["n"]),
            Pattern(columns=["s"], pattern=r"^\d$"),
        ],
        df,
    )
    bad, nn, pat = result.checks
    assert bad.status == "error"
    assert bad.reason()
    assert (nn.evaluated, nn.failed) == (3, 1)
    assert (pat.evaluated, pat.failed) == (2, 1)


def test_expression_empty_frame(one):
    r = one(Expression(name="e", expr="a > 0"), pl.DataFrame(schema={"a": pl.Int64}))
    assert (r.status, r.score) == ("not_applicable", None)


def test_in_set_rejects_values_mixing_text_and_numbers():
    with pytest.raises(dc.CheckDefinitionError) as info:
        InSet(columns=["code"], values=[1, 2, "A1"])
    assert "quote" in str(info.value)
    assert info.value.key == "values"


@pytest.mark.parametrize(
    ("low", "high"),
    [(10, 5), (2.5, 1), (date(2026, 1, 2), date(2026, 1, 1))],
)
def test_between_with_min_above_max_is_refused(low, high):
    with pytest.raises(dc.CheckDefinitionError, match=r"'min' .* is above 'max'"):
        Between(columns=["x"], min=low, max=high)


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (5, 5),
        ("today", "2020-01-01"),  # words and texts are for the run to read
        ("2026-01-01T10:00+07:00", "2026-01-01T05:00+00:00"),  # texts: 03:00Z before 05:00Z
        (date(2026, 1, 2), datetime(2026, 1, 1, 12)),
    ],
)
def test_between_bounds_that_only_the_run_can_order_are_accepted(low, high):
    Between(columns=["x"], min=low, max=high)
