"""The pandera bridge: round trips, warnings that name what was skipped, pandera as an oracle.

pandera counts differ from datacheck's in one documented place: ``Column(unique=True)`` also
fails duplicated nulls (datacheck leaves null keys to ``not_null``), so on a key column with
``n >= 2`` nulls pandera reports ``n`` more duplicates.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from datacheck import checks as c
from datacheck.checks.shared import InCatalogue
from datacheck.interop import (
    InteropWarning,
    MissingDependencyError,
    as_suite,
    from_pandera,
    to_pandera,
)

pa = pytest.importorskip("pandera.polars")

AS_OF = "2026-06-30"
ResultsOf = Callable[[dc.Suite], dict[str, dict[str, Any]]]


def quietly(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
    """Call ``fn``; return its value and the parts listed by its InteropWarning (if any)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn(*args, **kwargs)
    skipped = [
        item for w in caught if isinstance(w.message, InteropWarning) for item in w.message.skipped
    ]
    others = [w for w in caught if not isinstance(w.message, InteropWarning)]
    assert not others, [str(w.message) for w in others]
    return value, skipped


def mapped_suite() -> dc.Suite:
    """Every kind and option the pandera bridge maps."""
    return dc.Suite(
        name="people",
        title="People",
        owner="Bộ Công an",
        key=("pid",),
        pii=("pid", "name"),
        placeholders=("N/A",),
        checks=(
            c.RequiredColumns(columns=["pid", "name", "age"], name="has_columns"),
            c.NotNull(columns=["pid", "name"], severity="critical"),
            c.Unique(columns=["pid"], dimension="shared"),
            c.Unique(columns=["name", "birth"]),
            c.InSet(columns=["sex", "kind"], values=["Nam", "Nữ"], weight=2.0),
            InCatalogue(columns=["ethnicity"], catalogue="ethnic_groups"),
            c.Between(columns=["age"], min=0, max=150),
            c.Between(columns=["birth"], min=date(1900, 1, 1), max="today"),
            c.Between(columns=["score"], max=10.5, name="score_cap", warn=0.0),
            c.Pattern(columns=["pid"], pattern=r"^0\d{11}$", threshold=0.99),
            c.Expression(name="adult", expr='"age" > 17', column="age"),
            c.Expression(name="age_open", expr='"age" > 0 AND "age" < 200', column="age"),
            c.Expression(name="not_x", expr="\"kind\" NOT IN ('x', 'y')", column="kind"),
            c.Expression(name="not_zero", expr='"score" <> 0', column="score"),
            c.Expression(name="is_one", expr='"flag" = 1', column="flag"),
            c.Expression(name="name_len", expr='LENGTH("name") BETWEEN 2 AND 60', column="name"),
        ),
    )


def test_round_trip_preserves_every_mapped_check(results_of: ResultsOf) -> None:
    suite = mapped_suite()
    schema, skipped = quietly(to_pandera, suite, as_of=AS_OF)
    # pandera cannot enforce a threshold below 1: converted, with a note; date bounds are
    # naive (a timezone-aware column compares differently): noted
    assert [s.part for s in skipped] == ["check 'between:birth'", "check 'pattern:pid'"]
    assert all(s.approximate for s in skipped)
    assert "timezone-aware" in skipped[0].reason
    back, notes = quietly(from_pandera, schema)
    assert notes == []
    assert results_of(back) == results_of(suite)
    assert back.title == suite.title
    assert (back.owner, back.key, back.pii, back.placeholders) == (
        suite.owner,
        suite.key,
        suite.pii,
        suite.placeholders,
    )


def test_schema_says_the_same_in_pandera_terms() -> None:
    schema, _ = quietly(to_pandera, mapped_suite(), as_of=AS_OF)
    cols = schema.columns
    assert (cols["pid"].nullable, cols["pid"].unique, cols["pid"].required) == (False, True, True)
    assert (cols["sex"].nullable, cols["sex"].required) == (True, False)
    assert schema.unique == [["name", "birth"]]
    assert [(k.name, k.statistics) for k in cols["age"].checks] == [
        ("in_range", {"min_value": 0, "max_value": 150, "include_min": True, "include_max": True}),
        ("adult", {"min_value": 17}),
        (
            "age_open",
            {"min_value": 0, "max_value": 200, "include_min": False, "include_max": False},
        ),
    ]
    assert cols["age"].checks[1].error == "greater_than(17)"
    # a date maximum covers its whole day: < next midnight (also right on date-time columns)
    (birth,) = cols["birth"].checks
    assert birth.statistics["max_value"] == datetime(2026, 7, 1)
    assert birth.statistics["include_max"] is False
    score_cap, _not_zero = cols["score"].checks
    assert score_cap.raise_warning  # warn: 0.0 — any failure is a warning
    name_len = cols["name"].checks[0]
    assert name_len.statistics == {"min_value": 2, "max_value": 60, "exact_value": None}


def test_dan_cu_round_trip_keeps_every_check_pandera_can_say(
    dan_cu_suite: dc.Suite, results_of: ResultsOf
) -> None:
    schema, skipped = quietly(to_pandera, dan_cu_suite, as_of=AS_OF)
    not_converted = {s.part for s in skipped if not s.approximate}
    assert not_converted == {
        "check 'enough_rows'",
        "check 'not_blank:full_name'",
        "check 'normalized_text:full_name'",
        "check 'death_after_birth'",
        "check 'not_future:birth_date'",
        "check 'not_future:death_date'",
        "check 'not_future:updated_at'",
        "check 'fresh:updated_at'",
    }
    back, _ = quietly(from_pandera, schema)
    expected = {
        rid: params
        for rid, params in results_of(dan_cu_suite).items()
        if f"check '{rid}'" not in not_converted
    }
    assert results_of(back) == expected


def test_pandera_counts_equal_datacheck_counts_on_the_sample(
    dan_cu: pl.DataFrame, dan_cu_suite: dc.Suite
) -> None:
    """pandera validating the converted schema finds the failures datacheck counts."""
    result = dc.run(dan_cu_suite, dan_cu, as_of=AS_OF)
    schema, _ = quietly(to_pandera, dan_cu_suite, as_of=AS_OF)
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(dan_cu, lazy=True)
    cases = raised.value.failure_cases
    counts = {
        (column, check.split("(")[0]): n
        for column, check, n in cases.group_by("column", "check").len().iter_rows()
    }
    expected = {
        ("person_id", "not_nullable"): "not_null:person_id",
        ("full_name", "not_nullable"): "not_null:full_name",
        ("person_id", "str_contains"): "pattern:person_id",
        ("phone", "str_contains"): "pattern:phone",
        ("gender", "isin"): "in_set:gender",
        ("status", "isin"): "in_set:status",
        ("province_code", "isin"): "in_set:province_code",
        ("ethnicity_code", "isin"): "in_catalogue:ethnicity_code",
        ("birth_date", "in_range"): "between:birth_date",
    }
    for key, rid in expected.items():
        ours = result.check(rid).failed
        assert ours > 0, f"{rid}: the oracle needs defects to compare"
        assert counts.get(key, 0) == ours, rid
    # the documented difference: pandera's unique also fails duplicated null keys
    nulls = dan_cu["person_id"].null_count()
    assert nulls >= 2
    assert (
        counts["person_id", "field_uniqueness"] == result.check("unique:person_id").failed + nulls
    )
    assert set(counts) == {*expected, ("person_id", "field_uniqueness")}


def natural_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "n": [-3, 0, 1, 5, 10, 11, None, 5],
            "x": [0.5, 1.5, None, 2.0, -1.0, 3.25, 2.0, 9.0],
            "s": ["ab", "abc", "xa", None, "b.c", "aaaa", "b", "zab."],
            "d": [
                date(1999, 12, 31),
                date(2000, 1, 1),
                date(2020, 5, 5),
                None,
                date(2030, 1, 1),
                date(2000, 6, 30),
                date(2001, 1, 1),
                date(2000, 1, 2),
            ],
        }
    )


def natural_schema() -> Any:
    check = pa.Check
    return pa.DataFrameSchema(
        {
            "n": pa.Column(
                int,
                [
                    check.gt(0),
                    check.ge(1),
                    check.lt(10),
                    check.le(5),
                    check.in_range(0, 10),
                    check.in_range(0, 10, include_min=False, include_max=False),
                    check.isin([1, 5, 10]),
                    check.notin([0, 11]),
                    check.eq(5),
                    check.ne(5),
                ],
                nullable=True,
            ),
            "x": pa.Column(float, [check.in_range(0.5, 3.25, include_max=False)], nullable=True),
            "s": pa.Column(
                str,
                [
                    check.str_matches("a|b"),
                    check.str_contains("a"),
                    check.str_startswith("b."),
                    check.str_endswith("b."),
                    check.str_length(2, 3),
                    check.str_length(exact_value=4),
                    check.str_length(max_value=2),
                    check.isin("ab"),
                ],
                nullable=True,
            ),
            "d": pa.Column(
                pl.Date,
                [
                    check.le(date(2020, 5, 5)),
                    check.gt(date(2000, 1, 1)),
                    check.lt(date(2030, 1, 1)),
                ],
                nullable=True,
            ),
        },
        name="natural",
    )


def test_pandera_built_ins_count_the_same_in_datacheck() -> None:
    """Every built-in check from_pandera maps fails exactly the rows pandera fails."""
    frame, schema = natural_frame(), natural_schema()
    suite, skipped = quietly(from_pandera, schema)
    assert {s.part for s in skipped} == {"column types (n: Int64, x: Float64, s: String, d: Date)"}
    result = dc.run(suite, frame, as_of=AS_OF)
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    cases = raised.value.failure_cases.filter(pl.col("check_number").is_not_null())
    pandera_counts = {
        (column, int(number)): n
        for column, number, n in cases.group_by("column", "check_number").len().iter_rows()
    }
    value_results = [r for r in result.checks if r.check != "required_columns"]
    assert len(value_results) == sum(len(col.checks) for col in schema.columns.values())
    position = dict.fromkeys(schema.columns, 0)
    for ours in value_results:
        column = ours.columns[0] if ours.check != "expression" else _column_of(ours, suite)
        key = (column, position[column])
        position[column] += 1
        assert ours.status != "error", (ours.id, ours.message)
        assert ours.failed == pandera_counts.get(key, 0), (ours.id, key)
    assert sum(pandera_counts.values()) > 20  # the frame exercises the checks


def _column_of(result: dc.CheckResult, suite: dc.Suite) -> str:
    for check in suite.checks:
        if result.id in check.result_ids():
            return str(check.column)  # type: ignore[attr-defined]
    raise AssertionError(result.id)


def test_what_does_not_convert_is_named_with_the_reason() -> None:
    frame_check = pa.Check(lambda data: data.lazyframe.select(pl.col("a") > 0), name="positive_a")
    schema = pa.DataFrameSchema(
        {
            "a": pa.Column(
                float,
                [
                    pa.Check(lambda data: data.lazyframe.select(pl.col("a") < 9), name="small"),
                    pa.Check.gt(0, groupby="g"),
                    pa.Check.ge(1, ignore_na=False),
                    pa.Check.unique_values_eq([1, 2]),
                ],
                coerce=True,
            ),
            "^col_\\d+$": pa.Column(int, regex=True),
            "g": pa.Column(str, nullable=True, required=False),
        },
        checks=[frame_check],
        strict=True,
        ordered=True,
    )
    suite, skipped = quietly(from_pandera, schema)
    lines = {s.line() for s in skipped}
    expected_parts = {
        ("skipped", "column 'a': check small", "custom check function"),
        ("skipped", "column 'a': check greater_than(0)", "grouped checks"),
        ("approximated", "column 'a': check greater_than_or_equal_to(1)", "ignore_na=False"),
        ("skipped", "column 'a': check unique_values_eq", "distinct values"),
        ("skipped", "column 'a': coerce", "never changes the data"),
        ("approximated", "column 'a': nullable=False", "NaN"),
        ("skipped", "column pattern '^col_\\d+$' (regex=True)", "name the columns"),
        ("skipped", "dataframe-level check positive_a", "whole frame"),
        ("skipped", "schema option strict=True", "extra columns"),
        ("skipped", "schema option ordered=True", "column order"),
        ("skipped", "column types (a: Float64, g: String)", "no type check"),
    }
    for head, part, why in expected_parts:
        assert any(line.startswith(f"{head} {part}") and why in line for line in lines), (
            head,
            part,
            lines,
        )
    assert len(lines) == len(expected_parts)
    assert [check.params() for check in suite.checks] == [
        {"check": "required_columns", "columns": ["a"]},
        {"check": "not_null", "columns": ["a"]},
        {"check": "between", "columns": ["a"], "min": 1},
    ]


def test_one_warning_lists_every_part_in_english_and_vietnamese() -> None:
    schema = pa.DataFrameSchema({"a": pa.Column(int, nullable=True), "b": pa.Column(str)})
    with pytest.warns(InteropWarning) as caught:
        from_pandera(schema)
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, InteropWarning)
    assert str(warning).splitlines() == [
        "from_pandera: 1 part not converted exactly:",
        "  - skipped column types (a: Int64, b: String): datacheck has no type check: a wrong "
        "type shows as errors or failures of the value checks",
    ]
    assert "bỏ qua" in warning.message_vi
    assert caught[0].filename == __file__  # points at the caller


def test_to_pandera_names_every_check_it_leaves_out() -> None:
    suite = dc.Suite(
        name="s",
        checks=(
            c.NotBlank(columns=["a"]),
            c.RowCount(min=1),
            c.Between(columns=["d"], max="today"),
            c.Expression(name="pair", expr="a >= b"),
            c.Expression(name="odd", expr="a % 2 = 1"),
            c.NotNull(columns=["a"], where="b = 1"),
        ),
    )
    schema, skipped = quietly(to_pandera, suite)
    reasons = {s.part: s.reason for s in skipped}
    assert set(reasons) == {
        "check 'not_blank:a'",
        "check 'row_count'",
        "check 'between:d'",
        "check 'pair'",
        "check 'odd'",
        "check 'not_null:a'",
    }
    assert "as_of=" in reasons["check 'between:d'"]
    assert "where" in reasons["check 'not_null:a'"]
    assert all(not s.approximate for s in skipped)
    assert schema.columns == {}


def test_a_dataframe_model_and_a_pandas_schema_convert_too() -> None:
    class People(pa.DataFrameModel):
        pid: str = pa.Field(unique=True, str_matches=r"0\d+")
        age: int = pa.Field(ge=0, nullable=True)

    suite, _ = quietly(from_pandera, People)
    assert suite.name == "people"
    assert [check.params() for check in suite.checks] == [
        {"check": "required_columns", "columns": ["pid", "age"]},
        {"check": "not_null", "columns": ["pid"]},
        {"check": "unique", "columns": ["pid"]},
        {"check": "pattern", "columns": ["pid"], "pattern": r"^0\d+"},
        {"check": "between", "columns": ["age"], "min": 0},
    ]
    pandas_api = pytest.importorskip("pandera.pandas")
    pandas_schema = pandas_api.DataFrameSchema(
        {"pid": pandas_api.Column(str, pandas_api.Check.isin(["a"]), nullable=True)}
    )
    suite, _ = quietly(from_pandera, pandas_schema)
    assert [check.kind for check in suite.checks] == ["required_columns", "in_set"]


def test_dc_run_accepts_a_converted_pandera_schema() -> None:
    schema = pa.DataFrameSchema({"a": pa.Column(nullable=False, unique=True)}, name="Tiny")
    suite = as_suite(schema)
    assert suite is not None
    result = dc.run(suite, pl.DataFrame({"a": [1, 1, None]}), as_of=AS_OF)
    assert (result.check("not_null:a").failed, result.check("unique:a").failed) == (1, 2)


def test_edited_schema_converts_as_it_now_reads(results_of: ResultsOf) -> None:
    """Metadata from to_pandera is used only while the element still says the same."""
    suite = dc.Suite(name="s", checks=(InCatalogue(columns=["e"], catalogue="ethnic_groups"),))
    schema, _ = quietly(to_pandera, suite)
    schema.columns["e"].checks[0] = pa.Check.isin(["01", "02"])
    back, _ = quietly(from_pandera, schema)
    assert [check.params() for check in back.checks] == [
        {"check": "in_set", "columns": ["e"], "values": ["01", "02"]}
    ]


def test_missing_pandera_fails_with_one_line_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandera.polars", None)
    with pytest.raises(MissingDependencyError) as raised:
        to_pandera(dc.Suite(name="s"))
    message = str(raised.value)
    assert "\n" not in message
    assert "pip install 'datacheck[pandera]'" in message
    assert isinstance(raised.value, ImportError)
    assert isinstance(raised.value, dc.DatacheckError)
    assert "pip install 'datacheck[pandera]'" in raised.value.message("vi")


# ---------------------------------------------------------------------------- review fixes


def test_date_bounds_note_timezone_aware_columns() -> None:
    """pandera compares naive bounds with a timezone-aware column's UTC values: noted."""
    frame = pl.DataFrame(
        {
            "dtz": pl.Series(
                [datetime(2020, 1, 1), datetime(2026, 6, 30, 20), datetime(2026, 6, 30, 17, 30)]
            ).dt.replace_time_zone("UTC")
        }
    )
    suite = dc.Suite(
        name="t",
        checks=(
            c.Between(columns=["dtz"], min=date(2020, 1, 2), max="today"),
            c.Between(columns=["n"], min=0, max=9),  # numbers: nothing to note
        ),
    )
    schema, skipped = quietly(to_pandera, suite, as_of=AS_OF)
    assert [(s.part, s.approximate) for s in skipped] == [("check 'between:dtz'", True)]
    assert "timezone-aware" in skipped[0].reason
    assert "múi giờ" in skipped[0].reason_vi
    # the difference noted: local time (datacheck) against UTC (pandera)
    assert dc.run(suite, frame, as_of=AS_OF).check("between:dtz").failed == 3
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(frame.with_columns(n=pl.lit(1)), lazy=True)
    assert raised.value.failure_cases.height == 1


def test_date_time_bounds_with_a_time_on_date_columns_are_noted() -> None:
    frame = pl.DataFrame({"d": [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)]})
    bound = {"min_value": datetime(2020, 1, 1, 12), "max_value": datetime(2020, 1, 2, 12)}
    schema = pa.DataFrameSchema(
        {
            "d": pa.Column(pl.Date, pa.Check.in_range(**bound)),
            "t": pa.Column(pl.Datetime, pa.Check.in_range(**bound)),  # compares as pandera
            "u": pa.Column(None, pa.Check.ge(datetime(2020, 1, 1, 12))),  # type unknown
            "m": pa.Column(pl.Date, pa.Check.ge(datetime(2020, 1, 1))),  # midnight: exact
        }
    )
    suite, skipped = quietly(from_pandera, schema)
    noted = [(s.part, s.reason.split(":")[0]) for s in skipped if s.approximate]
    assert noted == [
        ("column 'd': check in_range(2020-01-01 12:00:00, 2020-01-02 12:00:00)", TIME_ON_DATE),
        (
            "column 'u': check greater_than_or_equal_to(2020-01-01 12:00:00)",
            "date and date-time bounds are naive",
        ),
        ("column 'u': check greater_than_or_equal_to(2020-01-01 12:00:00)", TIME_ON_DATE),
    ]
    # the difference noted: datacheck compares days, pandera the dates' midnight
    assert (
        dc.run(suite, frame.with_columns(t=pl.col("d"), u=pl.col("d"), m=pl.col("d")), as_of=AS_OF)
        .check("between:d")
        .failed
        == 1
    )
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(
            frame.with_columns(t=pl.col("d").cast(pl.Datetime), u=pl.col("d"), m=pl.col("d")),
            lazy=True,
        )
    cases = raised.value.failure_cases
    assert cases.filter(pl.col("column") == "d").height == 2
    # to_pandera: the column's type is unknown, a bound with a time of day is noted
    to_suite = dc.Suite(name="t", checks=(c.Between(columns=["d"], min=datetime(2020, 1, 1, 12)),))
    _, skipped = quietly(to_pandera, to_suite)
    assert [s.reason.split(":")[0] for s in skipped] == [
        "date and date-time bounds are naive",
        TIME_ON_DATE,
    ]


TIME_ON_DATE = "a date-time bound with a time of day"


def test_pandas_api_str_matches_anchors_every_alternative() -> None:
    """pandas' str_matches uses re.match (whole pattern anchored); polars' prefixes '^'."""
    pandas_api = pytest.importorskip("pandera.pandas")
    pd = pytest.importorskip("pandas")
    schema = pandas_api.DataFrameSchema(
        {
            "s": pandas_api.Column(str, pandas_api.Check.str_matches(r"a|b"), nullable=True),
            "t": pandas_api.Column(str, pandas_api.Check.str_matches(r"[0-9]{2}$"), nullable=True),
            "u": pandas_api.Column(str, pandas_api.Check.str_contains(r"x$"), nullable=True),
        }
    )
    frame = pd.DataFrame(
        {
            "s": ["a1", "xb", "b", "c"],
            "t": ["12", "12\n", "123", "1"],
            "u": ["ax", "ax\n", "xa", "x"],
        }
    )
    suite, skipped = quietly(from_pandera, schema)
    assert [s.part for s in skipped if s.approximate] == []  # "$" translated exactly
    assert [check.params() for check in suite.checks][1:] == [
        {"check": "pattern", "columns": ["s"], "pattern": "^(?:a|b)"},
        {"check": "pattern", "columns": ["t"], "pattern": r"^(?:[0-9]{2}(?:\n?\z))"},
        {"check": "pattern", "columns": ["u"], "pattern": r"x(?:\n?\z)"},
    ]
    with pytest.raises(pandas_api.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    theirs = raised.value.failure_cases.groupby("column").size().to_dict()
    result = dc.run(suite, pl.from_pandas(frame), as_of=AS_OF)
    ours = {col: result.check(f"pattern:{col}").failed for col in "stu"}
    assert ours == theirs == {"s": 2, "t": 2, "u": 1}
    # a Python class escape is noted on the pandas API
    schema = pandas_api.DataFrameSchema(
        {"t": pandas_api.Column(None, pandas_api.Check.str_matches(r"\w"))}
    )
    _, skipped = quietly(from_pandera, schema)
    assert [s.reason.split(":")[0] for s in skipped] == [r"\w"]
