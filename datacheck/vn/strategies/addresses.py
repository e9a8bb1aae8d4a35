"""Hypothesis strategies generating Vietnamese administrative-unit codes and addresses.

Everything is drawn from the pinned snapshots of :mod:`datacheck.vn.admin_units`, so values
are valid by construction: 2025 province and commune codes pass ``admin_unit``, a
``commune_in_province`` pair passes ``unit_in_province``, and ``address_2025`` passes
``no_district_level`` (in both positions). ``address_legacy`` builds pre-2025 addresses that
name their district, for tests that expect failures.

Examples
--------
>>> from hypothesis import given
>>> from datacheck.vn.admin_units import codes
>>> @given(commune_in_province())
... def test_pair(pair):
...     commune, province = pair
...     assert commune in codes("2025", "commune") and province in codes("2025", "province")
>>> test_pair()
"""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import strategies as st

from datacheck.vn.admin_units import codes, units

__all__ = [
    "STREETS",
    "address_2025",
    "address_legacy",
    "commune_code_2025",
    "commune_in_province",
    "province_code_2025",
]

#: Street names used in generated addresses. Some contain words the district-level rule must
#: not flag: ``Bà Huyện Thanh Quan`` (a street), ``Nguyễn Thị Minh Khai``, ``Huyện lộ 2``
#: (a district road).
STREETS: tuple[str, ...] = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Bà Huyện Thanh Quan",
    "Nguyễn Thị Minh Khai",
    "Võ Thị Sáu",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
    "Quang Trung",
    "Hùng Vương",
    "Phan Đình Phùng",
    "Huyện lộ 2",
    "Tỉnh lộ 8",
    "Quốc lộ 1A",
)
_HAMLETS = ("Thôn", "Ấp", "Tổ", "Khu phố", "Bản", "Xóm")
_ABOLISHED_DISTRICT_TYPES = ("Quận ", "Huyện ", "Thị xã ", "Thị Xã ")


def _rows(vintage: str, level: str) -> list[dict[str, Any]]:
    return units().filter(vintage=vintage, level=level).to_dicts()


def province_code_2025() -> st.SearchStrategy[str]:
    """Codes of the 34 provinces in force from 2025-07-01.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(province_code_2025())
    ... def test_two_digits(code):
    ...     assert len(code) == 2 and code.isdigit()
    >>> test_two_digits()
    """
    return st.sampled_from(codes("2025", "province"))


def commune_code_2025(province: str | None = None) -> st.SearchStrategy[str]:
    """Codes of the 3,321 communes in force from 2025-07-01 (of one province if given).

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(commune_code_2025(province="79"))
    ... def test_in_hcmc(code):
    ...     assert len(code) == 5
    >>> test_in_hcmc()
    """
    if province is None:
        return st.sampled_from(codes("2025", "commune"))
    if province not in codes("2025", "province"):
        msg = f"{province!r} is not a 2025 province code"
        raise ValueError(msg)
    chosen = units().filter(vintage="2025", level="commune", parent=province)["code"]
    return st.sampled_from(chosen.to_list())


def commune_in_province() -> st.SearchStrategy[tuple[str, str]]:
    """``(commune code, province code)`` pairs of the 2025 list, the commune in the province."""
    pairs = [(row["code"], row["parent"]) for row in _rows("2025", "commune")]
    return st.sampled_from(pairs)


def _street() -> st.SearchStrategy[str]:
    number = st.integers(min_value=1, max_value=999).map(str)
    house = st.one_of(
        number,
        st.tuples(number, st.sampled_from("ABC")).map("".join),
        st.tuples(number, number).map("/".join),
    )
    street = st.sampled_from(STREETS)
    numbered = st.tuples(house, street).map(" ".join)
    hamlet = st.tuples(st.sampled_from(_HAMLETS), number).map(" ".join)
    return st.one_of(
        numbered,
        street,
        st.tuples(numbered, hamlet).map(", ".join),
        st.tuples(street, hamlet).map(", ".join),
    )


def address_2025() -> st.SearchStrategy[str]:
    """Addresses of the 2025 list: street, commune and province names, no district level.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(address_2025())
    ... def test_two_levels(address):
    ...     assert address.count(",") >= 2
    >>> test_two_levels()
    """
    provinces = {row["code"]: row["name"] for row in _rows("2025", "province")}
    places = [f"{row['name']}, {provinces[row['parent']]}" for row in _rows("2025", "commune")]
    return st.tuples(_street(), st.sampled_from(places)).map(", ".join)


def address_legacy(*, abolished_only: bool = False) -> st.SearchStrategy[str]:
    """Pre-2025 addresses: street, commune, district and province names (legacy list).

    With ``abolished_only`` only districts whose type word is Quận, Huyện or Thị xã are
    drawn (not the cities under a province, ``Thành phố …``, which ``no_district_level``
    does not flag).
    """
    frame = units().filter(vintage="legacy")
    # codes of the three levels have 2, 3 and 5 digits: one mapping holds them all
    names = dict(zip(frame["code"], frame["name"], strict=True))
    districts = frame.filter(level="district")
    if abolished_only:
        starts = pl.col("name").str.starts_with
        districts = districts.filter(
            pl.any_horizontal(starts(t) for t in _ABOLISHED_DISTRICT_TYPES)
        )
    wanted = set(districts["code"].to_list())
    places = [
        f"{row['name']}, {names[row['parent']]}, {names[row['province']]}"
        for row in frame.filter(level="commune").to_dicts()
        if row["parent"] in wanted
    ]
    return st.tuples(_street(), st.sampled_from(places)).map(", ".join)
