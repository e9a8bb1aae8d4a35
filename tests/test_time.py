"""Timezone names: the one-name check gives the answer of the full zone listing."""

from __future__ import annotations

import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datacheck._time import is_known_zone, zone
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
