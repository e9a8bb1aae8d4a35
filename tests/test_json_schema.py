"""Every JSON result datacheck writes validates against the published JSON Schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

import datacheck as dc
from samples import generate_samples, write_samples

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parents[1]


def schema() -> dict[str, object]:
    text = resources.files("datacheck").joinpath("schemas/result.schema.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_sample_suite_results_validate(tmp_path: Path) -> None:
    samples = generate_samples(rows=5_000, seed=5, as_of="2026-06-30", defect_rate=0.01)
    write_samples(samples, tmp_path)
    validator = jsonschema.Draft202012Validator(schema())
    for name in ("dan_cu", "bao_hiem"):
        suite = dc.Suite.from_yaml(ROOT / "suites" / f"{name}.yaml")
        result = dc.run(
            suite,
            tmp_path / name,
            as_of="2026-06-30",
            references={"population": tmp_path / "dan_cu"},
        )
        out = result.write_json(tmp_path / f"{name}.json")
        data = json.loads(out.read_text("utf-8"))
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, errors[:3]


def test_error_and_not_applicable_results_validate() -> None:
    suite = dc.Suite(
        name="edge",
        checks=[
            dc.checks.Pattern(columns=["missing"], pattern="x"),
            dc.checks.NotNull(columns=["a"]),
            dc.checks.RowCount(min=1),
        ],
    )
    result = dc.run(suite, pl.DataFrame({"a": pl.Series([], dtype=pl.Int64)}), as_of="2026-01-01")
    jsonschema.validate(json.loads(result.to_json()), schema())
    assert {c.status for c in result.checks} == {"error", "not_applicable", "fail"}
