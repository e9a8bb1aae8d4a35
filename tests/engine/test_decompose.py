"""restrict_aggregate: an aggregate over the rows a mask keeps equals it over the filtered frame."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datacheck.engine.decompose import NotMergeable, restrict_aggregate

AGGREGATES = {
    "count_of_a_mask": (pl.col("a") == 1).sum().cast(pl.Int64),
    "distinct_of_filtered": pl.col("s").filter(pl.col("a") > 0).n_unique().cast(pl.Int64),
    "rows": pl.len(),
    "minimum": pl.col("a").min(),
    "maximum_plus_one": pl.col("a").max() + 1,
    "lookup": pl.col("s").is_in(pl.lit(pl.Series(["x", "y"])).implode()).sum(),
    "drop_nulls": pl.col("s").drop_nulls().n_unique(),
    "ternary": pl.when(pl.col("a") > 1).then(pl.col("a")).otherwise(0).sum(),
    "constant": pl.lit(7, dtype=pl.Int64),
    "two_aggregates": (pl.col("a").is_null().sum() - pl.col("s").is_null().sum()),
}

rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(-2, 3)),
        st.one_of(st.none(), st.sampled_from(["x", "y", "z", ""])),
        st.one_of(st.none(), st.booleans()),
    ),
    max_size=12,
)


def frame_of(values: list[tuple[int | None, str | None, bool | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        values, schema={"a": pl.Int64, "s": pl.String, "keep": pl.Boolean}, orient="row"
    )


@settings(deadline=None)  # Polars compiles each new query shape: timing is not the point
@given(values=rows)
def test_a_restricted_aggregate_equals_the_aggregate_over_the_kept_rows(values) -> None:
    frame = frame_of(values)
    kept = frame.filter(pl.col("keep").fill_null(value=False))
    for name, expr in AGGREGATES.items():
        restricted = frame.select(restrict_aggregate(expr, pl.col("keep")).alias(name))
        assert restricted.row(0) == kept.select(expr.alias(name)).row(0), name


def test_the_output_name_is_kept() -> None:
    expr = restrict_aggregate(pl.col("a").sum().alias("total"), pl.col("keep"))
    assert expr.meta.output_name() == "total"


@pytest.mark.parametrize(
    "expr",
    [
        (pl.col("a").n_unique().over("s") > 1).sum(),  # a window: its groups would change
        pl.col("a").cum_sum().max(),  # a running total is not row by row
        pl.col("a"),  # a column read outside any aggregate
    ],
    ids=["window", "cumulative", "bare_column"],
)
def test_what_filtering_would_change_is_refused(expr: pl.Expr) -> None:
    with pytest.raises(NotMergeable):
        restrict_aggregate(expr, pl.col("keep"))
