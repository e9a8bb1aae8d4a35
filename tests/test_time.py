"""Timezone names: the one-name check gives the answer of the full zone listing."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck._time import compare_with_instant, is_known_zone, zone
from datacheck.checks import Between, Fresh
from datacheck.errors import DatacheckError

HOST_ONLY = {"localtime", "posixrules", "Factory"}
LISTED = sorted(zoneinfo.available_timezones() - HOST_ONLY)


def test_every_listed_zone_is_known() -> None:
    assert LISTED, "the machine has no timezone database"
    assert [name for name in LISTED if not is_known_zone(name)] == []


@pytest.mark.parametrize(
    "name",
    [
        *sorted(HOST_ONLY),
        "posix/Asia/Ho_Chi_Minh",  # the special folders os.walk skips
        "right/UTC",
        "posix",
        "right",
        "Asia/../Asia/Ho_Chi_Minh",
        "./UTC",
        "Asia//Ho_Chi_Minh",
        "/usr/share/zoneinfo/UTC",
        "../zoneinfo/UTC",
        "",
        "Asia",  # a folder
        "zone.tab",  # a file of the database that is not a zone
        "tzdata.zi",
        "Asia/Nowhere",
    ],
)
def test_names_the_listing_leaves_out_are_refused(name: str) -> None:
    assert name not in LISTED
    assert not is_known_zone(name)
    with pytest.raises(DatacheckError, match="unknown timezone"):
        zone(name)


PIECES = ["Asia", "Ho_Chi_Minh", "UTC", "..", ".", "", "posix", "right", "Etc", "GMT+7", "US"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3))
def test_the_check_agrees_with_the_listing_on_drawn_names(pieces: list[str]) -> None:
    name = "/".join(pieces)
    assert is_known_zone(name) == (name in LISTED)


# ------------------------------------- comparing a column with an instant it cannot hold

UNITS = ["ms", "us", "ns"]
OPS = {
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(instants, min_size=1, max_size=6),
    instant=instants,
    unit=st.sampled_from(UNITS),
    zone_name=st.sampled_from([None, "UTC", "Asia/Ho_Chi_Minh", "America/St_Johns"]),
    op=st.sampled_from(sorted(OPS)),
)
def test_comparisons_with_an_instant_are_exact_in_every_unit(
    values: list[datetime], instant: datetime, unit: str, zone_name: str | None, op: str
) -> None:
    # the column holds whole units: a sub-millisecond instant must not be truncated to one
    dtype = pl.Datetime(unit, zone_name)  # type: ignore[arg-type]
    column = pl.Series("t", values, dtype=pl.Datetime(unit, "UTC")).dt.convert_time_zone(
        zone_name or "UTC"
    )
    if zone_name is None:
        column = column.dt.replace_time_zone(None)
    held = pl.Series(values, dtype=pl.Datetime(unit, "UTC")).to_list()  # as the column holds
    got = pl.select(compare_with_instant(pl.lit(column), dtype, instant, "UTC", op)).to_series()
    assert got.to_list() == [OPS[op](value, instant) for value in held]


def test_a_sub_millisecond_as_of_is_not_truncated_on_a_millisecond_column() -> None:
    frame = pl.DataFrame({"t": [datetime(2026, 6, 30, 9, 59, 59)]}).cast({"t": pl.Datetime("ms")})
    suite = dc.Suite(name="s", timezone="UTC", checks=[Fresh(columns=["t"], max_age="1s")])
    (fresh,) = dc.run(suite, frame, as_of="2026-06-30T10:00:00.000500+00:00").checks
    assert (fresh.evaluated, fresh.failed) == (1, 1)  # the cut-off 09:59:59.0005 is later
    later = dc.Suite(
        name="s",
        timezone="UTC",
        checks=[Between(columns=["t"], min=datetime(2026, 6, 30, 9, 59, 59, 500))],
    )
    (between,) = dc.run(later, frame, as_of="2026-06-30").checks
    assert (between.evaluated, between.failed) == (1, 1)
