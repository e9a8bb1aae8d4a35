"""Fixtures of the interop tests: a generated population sample and a GX runner."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from samples import generate_samples

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def dan_cu() -> pl.DataFrame:
    """The generated population database: 5,000 rows with every kind of defect injected."""
    return generate_samples(5_000, seed=3, defect_rate=0.005).dan_cu


@pytest.fixture(scope="session")
def dan_cu_suite() -> dc.Suite:
    return dc.Suite.from_yaml(ROOT / "suites" / "dan_cu.yaml")


GxRun = Callable[[pl.DataFrame, Any], list[Any]]


def _gx_run(frame: pl.DataFrame, suite_or_expectations: Any) -> list[Any]:
    """Validate a frame with GX (pandas engine, ephemeral context); one result per expectation.

    Takes a GX ``ExpectationSuite`` (results in GX's order) or a list of expectations
    (results in the list's order).
    """
    gx = pytest.importorskip("great_expectations")
    from great_expectations.data_context.types.base import (  # noqa: PLC0415 (optional)
        ProgressBarsConfig,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        batch = (
            context.data_sources.add_pandas("oracle")
            .add_dataframe_asset("frame")
            .add_batch_definition_whole_dataframe("all")
            .get_batch(batch_parameters={"dataframe": frame.to_pandas()})
        )
        if isinstance(suite_or_expectations, Sequence):
            return [batch.validate(e) for e in suite_or_expectations]
        report = batch.validate(context.suites.add(suite_or_expectations), result_format="BASIC")
        return list(report.results)


@pytest.fixture(scope="session")
def gx_run() -> GxRun:
    return _gx_run


def by_result(suite: dc.Suite) -> dict[str, dict[str, Any]]:
    """Every result of a suite with the parameters of the check that yields it.

    Two suites are the same for the bridges when this is equal: the same results, each from
    a check with the same kind, columns, parameters and options (grouping of columns into one
    check and the order of checks aside).
    """
    out = {}
    for check in suite.checks:
        params = check.params()
        columns = params.pop("columns", None)
        name = params.pop("name", None)
        for column, rid in zip(check.result_columns(), check.result_ids(), strict=True):
            out[rid] = {**params, "columns": list(column) if columns is not None else None}
            out[rid]["named"] = name is not None
    return out


@pytest.fixture(scope="session")
def results_of() -> Callable[[dc.Suite], dict[str, dict[str, Any]]]:
    """:func:`by_result` as a fixture."""
    return by_result
