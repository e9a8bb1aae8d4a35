"""The scoring model: check status and score, dimension and dataset scores, bands."""

from __future__ import annotations

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import NotNull, Pattern, RowCount, Unique
from datacheck.score import check_score, pass_rate, status, weighted_mean

# ------------------------------------------------------------------------ check level


@pytest.mark.parametrize(
    ("evaluated", "failed", "rate", "score"),
    [
        (4, 1, 0.75, 75.0),
        (3, 0, 1.0, 100.0),
        (3, 3, 0.0, 0.0),
        (0, 0, None, None),
        (3, 1, 2 / 3, 200 / 3),
    ],
)
def test_pass_rate_and_check_score(evaluated, failed, rate, score):
    assert pass_rate(evaluated, failed) == rate
    assert check_score(evaluated, failed) == score


@pytest.mark.parametrize(
    ("evaluated", "failed", "threshold", "warn", "expected"),
    [
        (0, 0, 1.0, None, "not_applicable"),
        (0, 0, 0.0, 0.0, "not_applicable"),
        (100, 1, 0.99, None, "pass"),
        (100, 2, 0.99, None, "fail"),
        (100, 2, 0.99, 0.98, "warn"),
        (100, 3, 0.99, 0.98, "fail"),
        (1000, 1, 0.999, None, "pass"),
        (3, 1, 0.67, None, "fail"),  # 0.6666… < 0.67
        (3, 1, 0.66, None, "pass"),
        (10, 3, 0.7, None, "pass"),
        (10, 3, 0.8, 0.7, "warn"),
        (10, 10, 0.0, None, "pass"),
        (10, 0, 1.0, None, "pass"),
        (10, 1, 1.0, None, "fail"),
    ],
)
def test_status_compares_exactly(evaluated, failed, threshold, warn, expected):
    assert status(evaluated, failed, threshold, warn) == expected


def test_check_score_is_exact():
    assert check_score(100, 1) == 99.0
    assert check_score(1000, 1) == 99.9
    assert check_score(3, 2) == pytest.approx(100 / 3)


# ----------------------------------------------------------------------- weighted mean


def test_weighted_mean():
    assert weighted_mean([(100.0, 1.0), (50.0, 3.0)]) == 62.5
    assert weighted_mean([(80.0, 2.0)]) == 80.0
    assert weighted_mean([(100.0, 0.0), (50.0, 1.0)]) == 50.0
    assert weighted_mean([(100.0, 0.0)]) is None
    assert weighted_mean([]) is None


def test_weighted_mean_stays_within_the_values():
    values = [(100 / 3, 0.1)] * 7 + [(100 / 3, 0.7)]
    mean = weighted_mean(values)
    assert mean is not None
    assert min(v for v, _ in values) <= mean <= max(v for v, _ in values)
    assert weighted_mean([(100.0, 1e-9), (100.0, 1e9)]) == 100.0


# ------------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100.0, dc.Band.MEETS),
        (95.0, dc.Band.MEETS),
        (94.999, dc.Band.NEEDS_IMPROVEMENT),
        (80.0, dc.Band.NEEDS_IMPROVEMENT),
        (79.999, dc.Band.FAILS),
        (0.0, dc.Band.FAILS),
        (None, None),
    ],
)
def test_default_bands(score, band):
    assert dc.Bands().band(score) == band


def test_band_labels():
    assert [b.label("vi") for b in dc.Band] == ["Đạt", "Cần cải thiện", "Chưa đạt"]
    assert [b.label("en") for b in dc.Band] == ["Meets", "Needs improvement", "Fails"]


def test_custom_bands():
    bands = dc.Bands(meets=90, improve=70)
    assert bands.band(90) is dc.Band.MEETS
    assert bands.band(75) is dc.Band.NEEDS_IMPROVEMENT
    assert bands.band(69.9) is dc.Band.FAILS


@pytest.mark.parametrize(("meets", "improve"), [(80, 90), (101, 80), (95, -1)])
def test_invalid_bands(meets, improve):
    with pytest.raises(ValueError, match="bands"):
        dc.Bands(meets=meets, improve=improve)


# --------------------------------------------------------------- dimension and dataset


def frame() -> pl.DataFrame:
    # a: 2 of 4 null (score 50); b: no nulls (100); c: all null; p: 1 of 4 bad pattern (75)
    return pl.DataFrame(
        {
            "a": [1, None, None, 4],
            "b": [1, 2, 3, 4],
            "c": pl.Series([None] * 4, dtype=pl.String),
            "p": ["x", "x", "x", "y"],
            "u": [1, 1, 2, 3],
        }
    )


def run(*checks, **suite):
    return dc.run(dc.Suite(name="s", checks=checks, **suite), frame(), as_of="2026-06-30")


def test_dimension_score_is_the_mean_of_applicable_checks():
    result = run(NotNull(columns=["a", "b"]), Pattern(columns=["c"], pattern="x"))
    complete = result.dimension("complete")
    assert complete.score == 75.0
    assert (complete.checks, complete.applicable, complete.failing) == (2, 2, 1)
    correct = result.dimension("correct")
    assert (correct.score, correct.checks, correct.applicable) == (None, 1, 0)
    assert correct.band is None
    # the dataset score ignores the dimension without a score
    assert result.score == 75.0
    assert result.band is dc.Band.FAILS


def test_critical_counts_three_times():
    result = run(NotNull(columns=["a"], severity="critical"), NotNull(columns=["b"]))
    assert result.dimension("complete").score == 62.5
    same = run(NotNull(columns=["a"], weight=3), NotNull(columns=["b"]))
    assert same.dimension("complete").score == 62.5
    both = run(NotNull(columns=["a"], severity="critical", weight=2), NotNull(columns=["b"]))
    assert both.dimension("complete").score == pytest.approx((50 * 6 + 100) / 7)


def test_zero_weight_check_does_not_count():
    result = run(NotNull(columns=["a"], weight=0), NotNull(columns=["b"]))
    assert result.dimension("complete").score == 100.0


def test_error_checks_do_not_enter_the_score_but_count_as_failing():
    result = run(NotNull(columns=["b"]), NotNull(columns=["zz"]))
    complete = result.dimension("complete")
    assert complete.score == 100.0
    assert (complete.checks, complete.applicable, complete.failing) == (2, 1, 1)


def test_dataset_score_is_the_weighted_mean_of_dimensions():
    checks = (
        NotNull(columns=["a"]),  # complete 50
        Unique(columns=["u"]),  # clean: 2 of 4 fail = 50
        Pattern(columns=["p"], pattern="x"),  # correct 75
    )
    equal = run(*checks)
    assert [d.dimension.value for d in equal.dimensions] == ["correct", "complete", "clean"]
    assert [d.score for d in equal.dimensions] == [75.0, 50.0, 50.0]
    assert equal.score == pytest.approx(175 / 3)
    weighted = run(*checks, weights={"correct": 2, "complete": 1, "clean": 1})
    assert weighted.score == 62.5
    assert weighted.dimension("correct").weight == 2.0
    ignored = run(*checks, weights={"correct": 0})
    assert ignored.score == 50.0


def test_dataset_score_none_when_nothing_applies():
    result = run(Pattern(columns=["c"], pattern="x"))
    assert (result.score, result.band) == (None, None)


def test_bands_of_the_suite_apply_to_dataset_and_dimensions():
    result = run(NotNull(columns=["a"]), bands=dc.Bands(meets=50, improve=10))
    assert result.band is dc.Band.MEETS
    assert result.dimension("complete").band is dc.Band.MEETS


def test_dimension_of_an_absent_dimension_has_no_score():
    result = run(NotNull(columns=["b"]))
    live = result.dimension("live")
    assert (live.score, live.checks) == (None, 0)
    assert [d.dimension for d in result.dimensions] == [dc.Dimension.COMPLETE]


def test_dataset_level_checks_score_zero_or_hundred():
    result = run(RowCount(min=10))
    assert result.checks[0].score == 0.0
    assert result.score == 0.0
    assert run(RowCount(max=10)).score == 100.0
