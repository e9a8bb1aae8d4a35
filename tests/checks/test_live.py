"""Checks of the *live* dimension: fresh and not_future, across timezones.

The as-of ``2026-06-30`` is midnight in Asia/Ho_Chi_Minh (UTC+7), i.e. 2026-06-29 17:00 UTC.
Naive timestamps are read in the suite's timezone; tz-aware ones are instants; Date columns
compare with the as-of date in the suite's timezone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import Fresh, Lifecycle, NotFuture, NotNull


def naive(*values: datetime | None) -> pl.DataFrame:
    return pl.DataFrame({"t": pl.Series(values, dtype=pl.Datetime("us"))})


def aware(zone: str, *utc_values: datetime | None, unit: str = "us") -> pl.DataFrame:
    """A tz-aware column in ``zone`` holding the given UTC instants."""
    series = pl.Series(utc_values, dtype=pl.Datetime(unit))
    series = series.dt.replace_time_zone("UTC").dt.convert_time_zone(zone)
    return pl.DataFrame({"t": series})


def dates(*values: date | None) -> pl.DataFrame:
    return pl.DataFrame({"t": pl.Series(values, dtype=pl.Date)})


def failing(r: dc.CheckResult) -> list[object]:
    return [s.values["t"] for s in r.samples]


# -------------------------------------------------------------------------- not_future


def test_not_future_naive_datetime_is_local_time(one):
    df = naive(
        datetime(2026, 6, 29, 23, 59, 59),
        datetime(2026, 6, 30),
        datetime(2026, 6, 30, 0, 0, 1),
        None,
    )
    r = one(NotFuture(columns=["t"]), df)
    assert (r.id, r.dimension) == ("not_future:t", dc.Dimension.LIVE)
    assert (r.evaluated, r.failed, r.status) == (3, 1, "fail")
    assert failing(r) == [datetime(2026, 6, 30, 0, 0, 1)]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "America/New_York", "Asia/Tokyo"])
@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
def test_not_future_tz_aware_datetime_compares_instants(one, zone, unit):
    df = aware(
        zone,
        datetime(2026, 6, 29, 16, 59, 59),
        datetime(2026, 6, 29, 17),
        datetime(2026, 6, 29, 17, 0, 1),
        None,
        unit=unit,
    )
    r = one(NotFuture(columns=["t"]), df)
    assert (r.evaluated, r.failed) == (3, 1)
    (value,) = failing(r)
    assert value == datetime(2026, 6, 29, 17, 0, 1, tzinfo=UTC)


def test_not_future_date_column_compares_with_the_as_of_date(one):
    df = dates(date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1), None)
    r = one(NotFuture(columns=["t"]), df)
    assert (r.evaluated, r.failed) == (3, 1)
    assert failing(r) == [date(2026, 7, 1)]


def test_not_future_as_of_date_is_taken_in_the_suite_timezone(one):
    df = dates(date(2026, 6, 30), date(2026, 7, 1))
    # 20:00 UTC = 03:00 the next day in Hanoi, still 30 June in UTC
    assert one(NotFuture(columns=["t"]), df, as_of="2026-06-30T20:00:00Z").failed == 0
    assert (
        one(NotFuture(columns=["t"]), df, as_of="2026-06-30T20:00:00Z", timezone="UTC").failed == 1
    )


def test_naive_data_and_as_of_follow_the_suite_timezone(one):
    df = naive(datetime(2026, 6, 30, 0, 0, 1))
    # midnight UTC is 07:00 in Hanoi: the same naive value is past in Hanoi
    assert one(NotFuture(columns=["t"]), df, timezone="UTC").failed == 1
    assert one(NotFuture(columns=["t"]), df, as_of="2026-06-30T07:00:00+07:00").failed == 0
    as_of = datetime(2026, 6, 30, tzinfo=UTC)  # = 07:00 in Hanoi
    assert one(NotFuture(columns=["t"]), df, as_of=as_of).failed == 0
    assert one(NotFuture(columns=["t"]), df, as_of=date(2026, 6, 30)).failed == 1


def test_as_of_is_recorded_in_the_suite_timezone(run):
    result = run(NotNull(columns=["a"]), pl.DataFrame({"a": [1]}))
    assert result.as_of == datetime(2026, 6, 29, 17, tzinfo=UTC)
    assert result.as_of.utcoffset() == timedelta(hours=7)
    assert result.to_dict()["as_of"] == "2026-06-30T00:00:00+07:00"


def test_not_future_wrong_type_all_null_and_empty(run, one):
    df = pl.DataFrame({"s": ["2030-01-01"], "n": [1], "t": [date(2020, 1, 1)]})
    result = run([NotFuture(columns=["s", "n", "t"])], df)
    assert [c.status for c in result.checks] == ["error", "error", "pass"]
    assert "date" in result.checks[0].reason()
    for frame in (dates(None, None), pl.DataFrame(schema={"t": pl.Datetime("us", "UTC")})):
        r = one(NotFuture(columns=["t"]), frame)
        assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


# ------------------------------------------------------------------------------- fresh


def test_fresh_naive_datetime(one):
    df = naive(datetime(2026, 6, 28, 23, 59, 59), datetime(2026, 6, 29), datetime(2026, 7, 5), None)
    r = one(Fresh(columns=["t"], max_age="1d"), df)
    assert (r.id, r.dimension) == ("fresh:t", dc.Dimension.LIVE)
    assert (r.evaluated, r.failed) == (3, 1)
    assert failing(r) == [datetime(2026, 6, 28, 23, 59, 59)]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "Asia/Ho_Chi_Minh"])
def test_fresh_tz_aware_datetime(one, zone):
    # as-of − 1 day = 2026-06-28 17:00 UTC
    df = aware(zone, datetime(2026, 6, 28, 16, 59, 59), datetime(2026, 6, 28, 17), None)
    r = one(Fresh(columns=["t"], max_age="24h"), df)
    assert (r.evaluated, r.failed) == (2, 1)
    assert failing(r) == [datetime(2026, 6, 28, 16, 59, 59, tzinfo=UTC)]


@pytest.mark.parametrize(
    ("max_age", "oldest_passing"),
    [("1d", date(2026, 6, 29)), ("12h", date(2026, 6, 29)), ("365d", date(2025, 6, 30))],
)
def test_fresh_date_column_compares_with_the_cutoff_date(one, max_age, oldest_passing):
    df = dates(oldest_passing - timedelta(days=1), oldest_passing, date(2026, 6, 30), None)
    r = one(Fresh(columns=["t"], max_age=max_age), df)
    assert (r.evaluated, r.failed) == (3, 1)
    assert failing(r) == [oldest_passing - timedelta(days=1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45s", timedelta(seconds=45)),
        ("90m", timedelta(minutes=90)),
        ("36h", timedelta(hours=36)),
        ("365d", timedelta(days=365)),
        (timedelta(hours=2), timedelta(hours=2)),
    ],
)
def test_fresh_max_age_units(text, expected):
    assert Fresh(columns=["t"], max_age=text).max_age == expected


@pytest.mark.parametrize("text", ["0d", "12 days", "-1d", "1y", 5, ""])
def test_fresh_bad_max_age_is_a_definition_error(text):
    with pytest.raises(dc.CheckDefinitionError, match="max_age"):
        Fresh(columns=["t"], max_age=text)


def test_fresh_with_minutes_on_naive_datetimes(one):
    df = naive(datetime(2026, 6, 29, 23, 29, 59), datetime(2026, 6, 29, 23, 30))
    assert one(Fresh(columns=["t"], max_age="30m"), df).failed == 1


def test_fresh_max_age_is_elapsed_time_across_dst(one):
    # 03:30 CEST on 29 March 2026 = 01:30 UTC; the clocks jumped 02:00 -> 03:00 that night
    df = aware("UTC", datetime(2026, 3, 29, 1, 0), datetime(2026, 3, 29, 0, 29))
    r = one(
        Fresh(columns=["t"], max_age="1h"), df, timezone="Europe/Berlin", as_of="2026-03-29T03:30"
    )
    # 30 minutes old passes, 61 minutes old fails
    assert (r.evaluated, r.failed) == (2, 1)
    assert failing(r) == [datetime(2026, 3, 29, 0, 29, tzinfo=UTC)]


def test_fresh_wrong_type_all_null_and_empty(run, one):
    df = pl.DataFrame({"s": ["2026-01-01"], "t": [date(2026, 6, 29)]})
    result = run(Fresh(columns=["s", "t"], max_age="1d"), df)
    assert [c.status for c in result.checks] == ["error", "pass"]
    assert "'s'" in result.checks[0].reason()
    for frame in (naive(None, None), pl.DataFrame(schema={"t": pl.Date})):
        r = one(Fresh(columns=["t"], max_age="1d"), frame)
        assert (r.evaluated, r.status, r.score) == (0, "not_applicable", None)


def test_fresh_samples_mask_personal_dates(one):
    df = pl.DataFrame({"pid": ["001203005678"], "t": [date(2000, 1, 1)]})
    r = one(Fresh(columns=["t"], max_age="1d"), df, key="pid", pii=["pid", "t"])
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "0012****5678"}, {"t": "****-**-**"})
    ]


# ------------------------------------------------------------------------------ lifecycle


def test_lifecycle_fails_active_records_of_ended_subjects():
    master = pl.DataFrame(
        {
            "pid": ["1", "2", "3", "4", "5", "5"],
            "status": ["alive", "deceased", "alive", None, "alive", "deceased"],
        }
    )
    records = pl.DataFrame(
        {
            "pid": ["1", "2", "2", "3", "4", "5", "6", None, "2"],
            "state": [
                "active",
                "active",
                "retired",
                "active",
                "active",
                "active",
                "active",
                "active",
                None,
            ],
        }
    )
    check = Lifecycle(
        key=["pid"],
        reference="people",
        status="state",
        active=["active"],
        reference_status="status",
        ended=["deceased"],
    )
    suite = dc.Suite(name="s", key=["pid"], references={"people": master}, checks=[check])
    r = dc.run(suite, records, as_of="2026-06-30").check("lifecycle:state")
    # evaluated: found in the master, own status and a master status present:
    #   1, 2(active), 2(retired), 3, 5  -> 5 rows (4 has no master status; 6 and null key not
    #   found; the last row has no own status)
    # failed: active while the master holds "deceased": 2(active), 5 (one of its rows) -> 2
    assert (r.evaluated, r.failed, r.status) == (5, 2, "fail")
    assert [s.key["pid"] for s in r.samples] == ["2", "5"]
    assert r.dimension is dc.Dimension.LIVE


def test_lifecycle_needs_status_values():
    with pytest.raises(dc.CheckDefinitionError):
        Lifecycle(key=["pid"], reference="r", status="s", active=[], ended=["x"])
