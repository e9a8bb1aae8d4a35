"""Results: the versioned JSON form, round-trips, lookups and ``raise_on_failure``."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import Between, NotFuture, NotNull, Pattern, RequiredColumns, RowCount, Unique
from datacheck.result import Sample

CHECK_FIELDS = {
    "id",
    "check",
    "name",
    "columns",
    "dimension",
    "evaluated",
    "failed",
    "pass_rate",
    "score",
    "status",
    "threshold",
    "details",
    "samples",
}


def sample_result(**run_kwargs) -> dc.Result:
    df = pl.DataFrame(
        {
            "pid": ["001203005678", "001203005678", "001203005680", None],
            "name": ["Nguyễn Văn An", None, "Lê Thị Hoa", "x"],
            "phone": ["0912345678", "12", None, "0987654321"],
        }
    )
    suite = dc.Suite(
        name="dan_cu",
        title="Cơ sở dữ liệu quốc gia về dân cư",
        owner="Bộ Công an",
        key="pid",
        pii=["pid", "name"],
        checks=[
            NotNull(columns=["pid", "name"], severity="critical"),
            Pattern(name="phone_format", columns=["phone"], pattern=r"^0\d{9}$", threshold=0.5),
            Unique(columns=["pid"]),
            RequiredColumns(columns=["pid", "gender"]),
            RowCount(min=1),
            NotNull(columns=["missing"]),
        ],
    )
    return dc.run(suite, df, as_of="2026-06-30", **run_kwargs)


def test_json_form_has_every_documented_field():
    data = json.loads(sample_result().to_json())
    assert data["schema_version"] == "1.2"
    # row 0: duplicate pid; rows 1 and 3: a critical not_null failure; row 2: nothing fails
    assert data["tiers"] == {
        "usable": 1,
        "needs_correction": 1,
        "unusable": 2,
        "rules": {"unusable": [{"severity": ["critical"]}], "needs_correction": [{}]},
    }
    assert data["suite"] == "dan_cu"
    assert data["as_of"] == "2026-06-30T00:00:00+07:00"
    assert isinstance(data["source"], str)
    assert data["source"]
    assert isinstance(data["score"], float)
    assert data["band"] in {"meets", "needs_improvement", "fails"}
    assert {"versions", "rows", "seconds"} <= set(data["run"])
    assert data["run"]["rows"] == 4
    assert data["run"]["versions"]["datacheck"] == dc.__version__
    assert data["run"]["versions"]["polars"] == pl.__version__
    assert data["run"]["seconds"] >= 0
    assert [d["dimension"] for d in data["dimensions"]] == ["correct", "complete", "clean"]
    for dimension in data["dimensions"]:
        assert {"dimension", "score", "weight", "label_vi", "label_en"} <= set(dimension)
    assert [c["id"] for c in data["checks"]] == [
        "not_null:pid",
        "not_null:name",
        "phone_format",
        "unique:pid",
        "required_columns:pid+gender",
        "row_count",
        "not_null:missing",
    ]
    for check in data["checks"]:
        assert set(check) >= CHECK_FIELDS, check["id"]
        assert isinstance(check["columns"], list)
        for sample in check["samples"]:
            assert set(sample) == {"key", "values"}


def test_json_check_objects():
    data = sample_result().to_dict()
    checks = {c["id"]: c for c in data["checks"]}
    name = checks["not_null:name"]
    assert name == name | {
        "check": "not_null",
        "name": None,
        "columns": ["name"],
        "dimension": "complete",
        "evaluated": 4,
        "failed": 1,
        "pass_rate": 0.75,
        "score": 75.0,
        "status": "fail",
        "threshold": 1.0,
        "severity": "critical",
        "samples": [{"key": {"pid": "0012****5678"}, "values": {"name": None}}],
    }
    phone = checks["phone_format"]
    assert (phone["name"], phone["status"], phone["threshold"]) == ("phone_format", "pass", 0.5)
    assert phone["samples"] == [{"key": {"pid": "0012****5678"}, "values": {"phone": "12"}}]
    assert checks["unique:pid"]["details"] == {"groups": 1, "surplus": 1}
    assert checks["required_columns:pid+gender"]["details"] == {"missing": ["gender"]}
    missing = checks["not_null:missing"]
    assert (missing["status"], missing["score"], missing["pass_rate"]) == ("error", None, None)
    assert "'missing'" in missing["message"]["en"]
    assert missing["message"]["vi"]


def test_json_keeps_vietnamese_text_readable(tmp_path: Path):
    result = sample_result()
    assert "Cơ sở dữ liệu quốc gia về dân cư" in result.to_json()
    path = result.write_json(tmp_path / "out" / "dan_cu.json")
    assert path.read_text(encoding="utf-8") == result.to_json() + "\n"
    assert [p.name for p in path.parent.iterdir()] == ["dan_cu.json"]


def test_round_trip_from_dict_gives_an_equal_result():
    result = sample_result()
    again = dc.Result.from_dict(result.to_dict())
    assert again == result
    assert again.to_dict() == result.to_dict()
    assert again.check("not_null:name").samples == result.check("not_null:name").samples


def test_round_trip_through_a_json_file(tmp_path: Path):
    result = sample_result(unmask=True)
    path = result.write_json(tmp_path / "r.json")
    assert dc.Result.read_json(path) == result


def test_round_trip_with_temporal_samples_keeps_their_types():
    df = pl.DataFrame({"d": [date(2030, 1, 1), date(2020, 1, 1)], "x": [1.5, float("nan")]})
    suite = dc.Suite(name="s", checks=[NotFuture(columns=["d"]), Between(columns=["x"], max=1)])
    result = dc.run(suite, df, as_of="2026-06-30")
    text = result.to_json()  # NaN and dates become strings; never invalid JSON
    assert "NaN" not in text.replace('"NaN"', "")
    again = dc.Result.from_dict(json.loads(text))
    assert again.to_dict() == result.to_dict()
    assert again.check("not_future:d").samples[0].values == {"d": date(2030, 1, 1)}
    over, nan = (s.values["x"] for s in again.check("between:x").samples)
    assert over == 1.5
    assert math.isnan(nan)


def test_unsupported_schema_version():
    data = sample_result().to_dict()
    data["schema_version"] = "2.0"
    with pytest.raises(dc.DatacheckError, match="schema_version"):
        dc.Result.from_dict(data)


def test_check_lookup():
    result = sample_result()
    assert result.check("phone_format").check == "pattern"
    with pytest.raises(KeyError, match="did you mean 'phone_format'"):
        result.check("phone_fromat")


def test_by_status_and_passed():
    result = sample_result()
    assert [c.id for c in result.by_status("error")] == ["not_null:missing"]
    assert {c.id for c in result.by_status("pass")} == {"phone_format", "row_count"}
    assert not result.passed


def test_raise_on_failure_carries_the_result():
    result = sample_result()
    with pytest.raises(dc.ValidationFailed) as info:
        result.raise_on_failure()
    assert info.value.result is result
    assert "not_null:name" in str(info.value)
    assert isinstance(info.value, dc.DatacheckError)
    assert info.value.message("vi") != str(info.value)


def test_raise_on_failure_levels():
    df = pl.DataFrame({"a": [1] * 99 + [None]})
    ok = dc.run(dc.Suite(name="s", checks=[NotNull(columns=["a"], threshold=0.99)]), df)
    ok.raise_on_failure()
    ok.raise_on_failure(on="warn")
    assert ok.passed
    warn = dc.run(dc.Suite(name="s", checks=[NotNull(columns=["a"], threshold=1.0, warn=0.99)]), df)
    assert warn.checks[0].status == "warn"
    assert warn.passed
    warn.raise_on_failure()
    with pytest.raises(dc.ValidationFailed) as info:
        warn.raise_on_failure(on="warn")
    assert info.value.result is warn
    errored = dc.run(dc.Suite(name="s", checks=[NotNull(columns=["zz"])]), df)
    with pytest.raises(dc.ValidationFailed):
        errored.raise_on_failure()


def test_empty_dataset_is_noted():
    result = dc.run(
        dc.Suite(name="s", checks=[NotNull(columns=["a"])]), pl.DataFrame(schema={"a": pl.Int64})
    )
    assert result.rows == 0
    assert result.score is None
    assert any("empty" in note["en"] for note in result.notes)
    assert result.to_dict()["notes"] == [dict(n) for n in result.notes]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("not json at all", "invalid JSON"),
        ("[1, 2]", "expected an object with 'schema_version'"),
        ('{"a": 1}', "expected an object with 'schema_version'"),
        ('{"schema_version": "1.1", "suite": "s"}', "missing field 'as_of'"),
        ('{"schema_version": "9.0"}', "unsupported result schema_version '9.0'"),
    ],
)
def test_reading_a_file_that_is_no_result_is_one_line_naming_it(tmp_path: Path, content, fragment):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(dc.DatacheckError) as info:
        dc.Result.read_json(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert fragment in message, message
    assert "\n" not in message
    assert info.value.message("vi").startswith(f"{path}: ")


def test_reading_a_missing_result_file_names_it(tmp_path: Path):
    with pytest.raises(dc.DatacheckError, match="cannot read the result file"):
        dc.Result.read_json(tmp_path / "nope.json")


def test_a_misspelt_dimension_says_which_it_meant():
    with pytest.raises(ValueError, match=r"no dimension 'cleen' \(did you mean 'clean'\?\)"):
        sample_result().dimension("cleen")
    assert sample_result().dimension("clean").dimension is dc.Dimension.CLEAN


@pytest.mark.parametrize("lang", ["fr", "EN", ""])
def test_write_html_takes_vi_or_en_only(tmp_path: Path, lang):
    with pytest.raises(dc.DatacheckError, match="lang expected 'vi' or 'en'"):
        sample_result().write_html(tmp_path / "r.html", lang=lang)  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()


# ------------------------------------------------------------------ typed sample values

sample_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.sampled_from([math.inf, -math.inf]),
    st.text(max_size=10),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=7))])),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-9999), max_value=timedelta(days=9999)),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.binary(max_size=8),
)
columns = st.dictionaries(st.text(min_size=1, max_size=5), sample_values, max_size=4)


@given(key=columns, values=columns)
def test_a_sample_reads_back_from_json_with_its_types(
    key: dict[str, object], values: dict[str, object]
) -> None:
    values = {k: v for k, v in values.items() if k not in key or key[k] == v}  # one type a column
    sample = Sample(key, values)
    back = Sample.from_dict(json.loads(json.dumps(sample.to_dict())))
    assert back == sample
    for original, read in [(sample.key, back.key), (sample.values, back.values)]:
        assert [type(v) for v in read.values()] == [type(v) for v in original.values()]


def test_a_nan_sample_value_reads_back_as_nan() -> None:
    back = Sample.from_dict(json.loads(json.dumps(Sample({}, {"x": math.nan}).to_dict())))
    assert math.isnan(back.values["x"])


def test_read_json_gives_back_dates_as_dates(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"id": ["a", "b"], "born": [date(2030, 1, 1), date(2000, 1, 1)]},
    )
    suite = dc.Suite(name="s", key=["id"], checks=[NotFuture(columns=["born"])])
    result = dc.run(suite, frame, as_of="2026-06-30")
    result.write_json(tmp_path / "r.json")
    back = dc.Result.read_json(tmp_path / "r.json")
    assert back.checks[0].samples == result.checks[0].samples
    assert back.checks[0].samples[0].values == {"born": date(2030, 1, 1)}
    written = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert written["checks"][0]["samples"][0]["types"] == {"born": "date"}


def test_a_1_1_sample_without_types_keeps_its_text() -> None:
    assert Sample.from_dict({"key": {}, "values": {"born": "2030-01-01"}}).values == {
        "born": "2030-01-01"
    }
