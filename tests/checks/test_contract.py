"""Contract tests driven by the registry: every registered check obeys the general rules.

``CASES`` gives each registered check a minimal valid parameter set and a passing value
(built-in checks here, checks of other packages in ``tests/vn/contract_cases_*.py``);
``test_every_registered_check_has_a_contract_case`` fails when a check is added to the
registry without one, so no check escapes the contract.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

import datacheck as dc
from datacheck.checks import Check, InSet, NotNull, check_class, registered_checks
from datacheck.errors import CheckDefinitionError
from tests.checks.contract import Case  # shared with tests/vn/contract_cases_*.py

BUILT_IN: dict[str, Case] = {
    "not_null": Case({"columns": ["v"]}, pl.Int64(), 1, "row", ("not_null:v",)),
    "not_blank": Case({"columns": ["v"]}, pl.String(), "x", "row", ("not_blank:v",)),
    "required_columns": Case({"columns": ["v"]}, pl.Int64(), 1, "dataset", ("required_columns:v",)),
    "row_count": Case({"min": 0}, pl.Int64(), 1, "dataset", ("row_count",), reads_v=False),
    "pattern": Case(
        {"columns": ["v"], "pattern": "^x$"}, pl.String(), "x", "value", ("pattern:v",)
    ),
    "in_set": Case({"columns": ["v"], "values": ["x"]}, pl.String(), "x", "value", ("in_set:v",)),
    "between": Case(
        {"columns": ["v"], "min": 0, "max": 10}, pl.Int64(), 5, "value", ("between:v",)
    ),
    "expression": Case({"expr": "v > 0"}, pl.Int64(), 1, "value", ("expression:v",)),
    "fresh": Case(
        {"columns": ["v"], "max_age": "30d"}, pl.Date(), date(2026, 6, 29), "value", ("fresh:v",)
    ),
    "not_future": Case(
        {"columns": ["v"]}, pl.Date(), date(2026, 6, 29), "value", ("not_future:v",)
    ),
    "normalized_text": Case(
        {"columns": ["v"]}, pl.String(), "Lê Thị Hoa", "value", ("normalized_text:v",)
    ),
    "unique": Case({"columns": ["v"]}, pl.Int64(), 1, "value", ("unique:v",)),
    "exists_in": Case(
        {"column": "v", "reference": "ref"}, pl.String(), "x", "value", ("exists_in:v",)
    ),
    "in_catalogue": Case(
        {"columns": ["v"], "catalogue": "countries"},
        pl.String(),
        "VN",
        "value",
        ("in_catalogue:v",),
    ),
    "agrees_with": Case(
        {"key": ["k"], "reference": "ref", "columns": ["v"]},
        pl.String(),
        "x",
        "value",
        ("agrees_with:v",),
    ),
    "lifecycle": Case(
        {"key": ["k"], "reference": "ref", "status": "v", "active": ["x"], "ended": ["gone"]},
        pl.String(),
        "x",
        "value",
        ("lifecycle:v",),
    ),
}


def _plugin_cases() -> dict[str, Case]:
    """Cases of checks defined outside ``datacheck.checks`` (``tests/vn/contract_cases_*.py``)."""
    found: dict[str, Case] = {}
    for path in sorted((Path(__file__).parents[1] / "vn").glob("contract_cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"_contract_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, case in module.CASES.items():
            assert name not in found, f"two contract cases for {name!r}"
            found[name] = case
    return found


PLUGIN_CASES = _plugin_cases()
assert not set(BUILT_IN) & set(PLUGIN_CASES), "a check has a built-in and a plugin case"
CASES: dict[str, Case] = BUILT_IN | PLUGIN_CASES
NAMES = sorted(registered_checks())


def build(kind: str, **extra: Any) -> Check:
    return check_class(kind)(**CASES[kind].params, **extra)


def frame(name: str, values: list[Any]) -> pl.DataFrame:
    """Key ``k``, the values in ``v``, and the case's ``extra`` columns (passing values)."""
    case = CASES[name]
    keys = [f"k{i}" for i in range(len(values))]
    columns = {"k": pl.Series(keys, dtype=pl.String), "v": pl.Series(values, dtype=case.dtype)}
    for column, (dtype, good) in case.extra.items():
        columns[column] = pl.Series([good] * len(values), dtype=dtype)
    return pl.DataFrame(columns)


def reference(name: str) -> pl.DataFrame:
    """Every key of the test frames, each with the passing value."""
    return frame(name, [CASES[name].good] * 4)


def run(name: str, data: pl.DataFrame, *checks: Check) -> dc.Result:
    suite = dc.Suite(
        name="contract",
        key="k",
        references={"ref": reference(name)},
        checks=checks or (build(name),),
    )
    return dc.run(suite, data, as_of="2026-06-30")


def test_every_registered_check_has_a_contract_case():
    assert set(CASES) == set(registered_checks()), (
        "add a contract case for each registered check (and drop cases of removed checks)"
    )


@pytest.mark.parametrize("name", NAMES)
def test_registry_entry(name):
    cls = registered_checks()[name]
    assert cls.kind == name
    assert check_class(name) is cls
    assert isinstance(cls.default_dimension, dc.Dimension)
    vi, en = cls.summary
    assert vi
    assert en


@pytest.mark.parametrize("name", NAMES)
def test_result_ids_as_documented(name):
    case = CASES[name]
    data = frame(name, [case.good])
    check = build(name)
    assert tuple(check.result_ids()) == case.ids
    result = run(name, data, check)
    assert tuple(c.id for c in result.checks) == case.ids
    assert all(c.check == name for c in result.checks)
    assert all(c.name is None for c in result.checks)
    named = run(name, data, build(name, name="my_result"))
    assert [(c.id, c.name) for c in named.checks] == [("my_result", "my_result")]
    assert named.check("my_result").status == "pass"


@pytest.mark.parametrize("name", NAMES)
def test_passing_value_passes(name):
    r = run(name, frame(name, [CASES[name].good])).checks[0]
    assert (r.evaluated, r.failed, r.status, r.score) == (1, 0, "pass", 100.0)
    assert r.dimension is registered_checks()[name].default_dimension
    assert r.samples == ()


@pytest.mark.parametrize("name", NAMES)
def test_empty_frame(name):
    case = CASES[name]
    (r,) = run(name, frame(name, [])).checks
    if case.scope == "dataset":
        assert (r.evaluated, r.failed, r.status) == (1, 0, "pass")
    else:
        assert (r.evaluated, r.failed, r.status) == (0, 0, "not_applicable")
        assert r.score is None
        assert r.pass_rate is None


@pytest.mark.parametrize("name", NAMES)
def test_nulls_are_evaluated_only_by_null_checks(name):
    case = CASES[name]
    (r,) = run(name, frame(name, [case.good, None])).checks
    expected = {"value": (1, 0), "row": (2, 1), "dataset": (1, 0)}[case.scope]
    assert (r.evaluated, r.failed) == expected


@pytest.mark.parametrize("name", NAMES)
def test_all_null_column(name):
    case = CASES[name]
    (r,) = run(name, frame(name, [None, None, None])).checks
    expected = {
        "value": (0, 0, "not_applicable"),
        "row": (3, 3, "fail"),
        "dataset": (1, 0, "pass"),
    }[case.scope]
    assert (r.evaluated, r.failed, r.status) == expected


@pytest.mark.parametrize("name", NAMES)
def test_missing_column_is_an_error_and_the_suite_goes_on(name):
    case = CASES[name]
    data = frame(name, [case.good, case.good]).drop("v")
    result = run(name, data, build(name), NotNull(columns=["k"]))
    r, other = result.checks
    if name == "required_columns":
        assert (r.status, list(r.details["missing"])) == ("fail", ["v"])
    elif not case.reads_v:
        assert r.status == "pass"
    else:
        assert r.status == "error"
        assert (r.evaluated, r.failed, r.score, r.pass_rate) == (0, 0, None, None)
        assert "'v'" in r.reason()
        assert r.reason("vi")
    assert (other.status, other.evaluated) == ("pass", 2)


@pytest.mark.parametrize("name", NAMES)
def test_params_round_trip_through_yaml(name):
    check = build(name)
    params = check.params()
    assert params["check"] == name
    rebuilt = check_class(name)(**{k: v for k, v in params.items() if k != "check"})
    assert rebuilt == check
    text = yaml.safe_dump({"suite": "s", "references": {"ref": "ref.parquet"}, "checks": [params]})
    assert dc.Suite.loads(text).checks == (check,)


@pytest.mark.parametrize("name", NAMES)
def test_common_options_round_trip(name):
    check = build(
        name,
        name="tuned",
        dimension="shared",
        threshold=0.9,
        warn=0.8,
        severity="critical",
        weight=2.5,
    )
    suite = dc.Suite(name="s", references={"ref": "ref.parquet"}, checks=[check])
    loaded = dc.Suite.loads(suite.to_yaml())
    assert loaded == suite
    assert loaded.checks[0].effective_dimension is dc.Dimension.SHARED
    assert loaded.checks[0].severity is dc.Severity.CRITICAL


@pytest.mark.parametrize("name", NAMES)
def test_unknown_parameter_is_named(name):
    entry = {"check": name, **CASES[name].params, "thresold": 0.5}
    text = yaml.safe_dump({"suite": "s", "references": {"ref": "x"}, "checks": [entry]})
    with pytest.raises(dc.CheckDefinitionError, match="'thresold'") as info:
        dc.Suite.loads(text, file="s.yaml")
    assert "did you mean 'threshold'" in str(info.value)
    assert info.value.file == "s.yaml"
    assert info.value.line is not None


@pytest.mark.parametrize("name", NAMES)
def test_missing_required_parameters_are_named(name):
    cls = check_class(name)
    required = [
        f.name
        for f in dataclasses.fields(cls)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    for field in required:
        entry = {"check": name, **CASES[name].params}
        entry.pop(field, None)
        if field == "columns":
            entry.pop("column", None)
        text = yaml.safe_dump({"suite": "s", "references": {"ref": "x"}, "checks": [entry]})
        with pytest.raises(dc.CheckDefinitionError, match=f"'{field}'"):
            dc.Suite.loads(text, file="s.yaml")


@pytest.mark.parametrize("name", NAMES)
def test_wrong_option_type_is_a_definition_error(name):
    with pytest.raises(dc.CheckDefinitionError, match="'threshold'"):
        build(name, threshold="high")


@pytest.mark.parametrize("kind", sorted(registered_checks()))
def test_every_check_refuses_an_unknown_parameter_by_name(kind: str) -> None:
    cls = registered_checks()[kind]
    with pytest.raises(CheckDefinitionError, match=f"check '{kind}': unknown parameter 'tresh'"):
        cls(tresh=0.5)


def test_a_missing_or_positional_parameter_is_a_definition_error() -> None:
    with pytest.raises(CheckDefinitionError, match=r"missing required parameter.*'values'"):
        InSet(columns=["a"])  # type: ignore[call-arg]
    with pytest.raises(CheckDefinitionError, match="given by name"):
        NotNull(["a"])  # type: ignore[misc]
