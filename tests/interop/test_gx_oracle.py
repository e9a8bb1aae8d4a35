"""Great Expectations (pandas engine) as an independent oracle for datacheck's counts.

The same data goes through GX's equivalent expectations; their ``unexpected_count`` must
equal datacheck's ``failed`` (and GX's ``element_count - missing_count`` our ``evaluated``
for value checks, which skip nulls in both tools).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import polars as pl
import pytest

import datacheck as dc
from datacheck import checks as c

gx = pytest.importorskip("great_expectations")

ROWS = 20_000


def defective_frame(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    phone = [f"09{d:08d}" for d in rng.integers(0, 10**8, ROWS)]
    for i in rng.choice(ROWS, 300, replace=False):
        phone[i] = ["123", "09x2345678", "+84912345678", "091234567890"][int(i) % 4]
    gender = rng.choice(["Nam", "Nữ", "nam", "Khác"], ROWS, p=[0.49, 0.49, 0.01, 0.01])
    score = rng.integers(-50, 1050, ROWS)
    ids = rng.integers(0, ROWS * 20, ROWS)
    frame = pl.DataFrame(
        {
            "person_id": [f"{v:012d}" for v in ids],
            "phone": phone,
            "gender": gender.tolist(),
            "score": score,
        }
    )
    nulls = rng.random((ROWS, 4)) < 0.03
    return frame.with_columns(
        [
            pl.when(pl.Series(nulls[:, i])).then(None).otherwise(pl.col(name)).alias(name)
            for i, name in enumerate(frame.columns)
        ]
    )


def gx_unexpected(frame: pl.DataFrame, expectations: list[Any]) -> list[dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = gx.get_context(mode="ephemeral")
        source = context.data_sources.add_pandas("oracle")
        asset = source.add_dataframe_asset("frame")
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(
            batch_parameters={"dataframe": frame.to_pandas()}
        )
        return [batch.validate(e).result for e in expectations]


@pytest.mark.parametrize("seed", [1, 2])
def test_unexpected_counts_agree_with_great_expectations(seed: int) -> None:
    frame = defective_frame(seed)
    suite = dc.Suite(
        name="oracle",
        checks=[
            c.NotNull(columns=["phone", "gender"]),
            c.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
            c.InSet(columns=["gender"], values=["Nam", "Nữ"]),
            c.Between(columns=["score"], min=0, max=1000),
            c.Unique(columns=["person_id"]),
        ],
    )
    result = dc.run(suite, frame, as_of="2026-06-30")
    e = gx.expectations
    oracle = gx_unexpected(
        frame,
        [
            e.ExpectColumnValuesToNotBeNull(column="phone"),
            e.ExpectColumnValuesToNotBeNull(column="gender"),
            e.ExpectColumnValuesToMatchRegex(column="phone", regex=r"^0\d{9}$"),
            e.ExpectColumnValuesToBeInSet(column="gender", value_set=["Nam", "Nữ"]),
            e.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1000),
            e.ExpectColumnValuesToBeUnique(column="person_id"),
        ],
    )
    ids = [
        "not_null:phone",
        "not_null:gender",
        "pattern:phone",
        "in_set:gender",
        "between:score",
        "unique:person_id",
    ]
    for result_id, gx_result in zip(ids, oracle, strict=True):
        ours = result.check(result_id)
        assert ours.failed == gx_result["unexpected_count"], result_id
        assert ours.failed > 0, f"{result_id}: the oracle test needs defects to compare"
        if result_id.startswith("not_null"):
            assert ours.evaluated == gx_result["element_count"]
        else:
            evaluated = gx_result["element_count"] - gx_result["missing_count"]
            assert ours.evaluated == evaluated, result_id
