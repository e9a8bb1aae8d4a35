"""Business registration (Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp).

One row per enterprise: its tax code (mã số doanh nghiệp = mã số thuế, 10 digits with a
valid check digit), name, legal representative's personal id (linked to ``dan_cu``), head
office (2025 commune, province, address), registration and dissolution dates, status
``active`` / ``dissolved``. Representatives of active enterprises are living people.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

import numpy as np
import polars as pl

from samples import generator as g
from samples import vn_data as vn
from samples.databases import _common as c

__all__ = [
    "CHECKS",
    "DEFECTS",
    "MIN_ROWS",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "UNTARGETED",
    "generate",
]

#: Enterprises per row of ``dan_cu``.
SHARE: Final = 0.05
MIN_ROWS: Final = 100
STATUSES: Final[tuple[str, ...]] = ("active", "dissolved")

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 5
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ()
#: Check ids of ``suites/doanh_nghiep.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:mst",
    "not_null:name",
    "not_null:representative_id",
    "not_blank:name",
    "unique:mst",
    "normalized_text:name",
    "mst:mst",
    "cccd:representative_id",
    "in_set:status",
    "admin_unit:head_office_commune",
    "unit_in_province:head_office_commune",
    "dissolved_after_registration",
    "not_future:registered_on",
    "exists_in:representative_id",
    "admin_unit_current:head_office_commune",
    "no_district_level:head_office_address",
    "representative_alive",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:name",
        "not_null:representative_id",
        "not_blank:name",
        "cccd:representative_id",
        "in_set:status",
        "not_future:registered_on",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "mst_bad_check_digit": 1.0,
    "mst_spaced": 0.5,
    "duplicate_mst_pair": 0.5,
    "null_mst": 0.5,
    "representative_absent": 1.0,
    "representative_deceased": 1.0,
    "commune_legacy_code": 1.0,
    "commune_other_province": 1.0,
    "address_district_level": 2.0,
    "dissolved_before_registration": 0.5,
    "status_out_of_set": 0.5,
    "name_double_space": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "mst_bad_check_digit": "tax code whose last digit is not the check digit",
    "mst_spaced": "tax code written with spaces (0101 234 567)",
    "duplicate_mst_pair": "one tax code registered for two enterprises",
    "null_mst": "tax code missing",
    "representative_absent": "well-formed representative id that does not exist in dan_cu",
    "representative_deceased": "active enterprise whose legal representative is deceased in dan_cu",
    "commune_legacy_code": "head-office commune code abolished on 2025-07-01",
    "commune_other_province": "head-office commune that lies in another province",
    "address_district_level": "head-office address naming a district (Quận 1, Huyện Củ Chi, ...)",
    "dissolved_before_registration": "dissolution date before the registration date",
    "status_out_of_set": "status outside the allowed set",
    "name_double_space": "two spaces between name parts",
}
_KINDS: Final[tuple[str, ...]] = ("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân")
_TRADES: Final[tuple[str, ...]] = (
    "Thương mại",
    "Xây dựng",
    "Dịch vụ",
    "Công nghệ",
    "Sản xuất",
    "Vận tải",
    "Nông sản",
    "Du lịch",
    "Đầu tư",
    "Thực phẩm",
    "Thương mại và Dịch vụ",
    "Xuất nhập khẩu",
)
_BAD_STATUSES: Final[tuple[str, ...]] = ("Đang hoạt động", "ACTIVE", "giải thể")


def generate(
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """The enterprises, their ledger and the row pool (clean rows link to ``thue``)."""
    del parts  # draws from dan_cu only
    as_of_day = g._day(as_of.date())
    alive = c.adults(pop, as_of, 20) & ~pop.people.dead
    n = min(round(pop.frame.height * SHARE), int(alive.sum()))
    t = c.new_table(
        "doanh_nghiep",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )

    rep = rng.choice(np.flatnonzero(alive), size=n, replace=True).astype(np.int64)
    commune = c.pick_communes(rng, n)
    com = c.commune_columns(commune, rng, "head_office_")
    _, codes = c.mst_codes(c.tax_prefix(c.communes().province[commune]), rng)
    registered = as_of_day - rng.integers(30, 25 * 365, n)
    dissolved = rng.random(n) < 0.12
    dissolved[rng.choice(n, size=min(n, 8), replace=False)] = True  # room for thue's defects
    dissolved_on = registered + np.floor(rng.random(n) * (as_of_day - registered)).astype(np.int64)
    updated = g._us(as_of) - rng.integers(60, 300 * g._DAY_S, n) * g._US_PER_S

    mst = g._id_strings("mst", codes, 10)
    rep_id = pop.frame["person_id"].gather(rep).alias("representative_id")
    rep_name = pop.frame["full_name"].gather(rep).alias("representative_name")
    name = g._concat(
        g._lookup("k", _KINDS, rng.choice(len(_KINDS), n, p=[0.55, 0.35, 0.10])),
        " ",
        g._lookup("t", _TRADES, rng.integers(0, len(_TRADES), n)),
        " ",
        g._lookup("a", vn.GIVEN_MALE, rng.integers(0, len(vn.GIVEN_MALE), n)),
        " ",
        g._lookup("b", vn.GIVEN_FEMALE, rng.integers(0, len(vn.GIVEN_FEMALE), n)),
    )
    status = g._lookup("status", STATUSES, dissolved.astype(np.int64))
    province = com["province"]
    address = com["address"]
    commune_code = com["commune"]
    t.ledger.expect("dissolved_after_registration", int(dissolved.sum()))
    t.ledger.expect("representative_alive", n)

    # -- identifiers ---------------------------------------------------------------
    c.transform_rows(
        t,
        "mst_bad_check_digit",
        "mst",
        mst,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:mst"],
    )
    c.transform_rows(
        t,
        "mst_spaced",
        "mst",
        mst,
        lambda s: g._concat(s.str.slice(0, 4), " ", s.str.slice(4, 3), " ", s.str.slice(7)),
        fails=["mst:mst"],
    )
    c.duplicate_values(t, "duplicate_mst_pair", "mst", mst, what="duplicate mst")
    idx = t.take("null_mst")
    g._scatter(mst, idx, None)
    t.record(
        "null_mst",
        "mst",
        idx.size,
        {
            "not_null:mst": g._fails(idx),
            "unique:mst": {"evaluated": -idx.size},
            "mst:mst": {"evaluated": -idx.size},
        },
    )

    # -- representatives -------------------------------------------------------------
    c.inject_absent_ids(
        t,
        "representative_absent",
        "representative_id",
        rep_id,
        pop=pop,
        person=rep,
        unevaluated=["representative_alive"],
    )
    dead = c.adults(pop, as_of, 20) & pop.people.dead
    idx = t.take("representative_deceased", ~dissolved)
    if idx.size:
        other = rng.choice(np.flatnonzero(dead), size=idx.size, replace=True).astype(np.int64)
        g._scatter(rep_id, idx, pop.frame["person_id"].gather(other))
        g._scatter(rep_name, idx, pop.frame["full_name"].gather(other))
    t.record(
        "representative_deceased",
        "representative_id",
        idx.size,
        {"representative_alive": g._fails(idx)},
    )

    # -- head office ---------------------------------------------------------------
    c.inject_commune_defects(
        t,
        commune=commune,
        commune_code=commune_code,
        province=province,
        commune_column="head_office_commune",
        province_column="head_office_province",
    )
    c.inject_district_segments(t, address, "head_office_address")

    # -- dates and status ----------------------------------------------------------
    idx = t.take("dissolved_before_registration", dissolved)
    dissolved_on[idx] = registered[idx] - 1 - g._later(rng, idx.size, 365)
    t.record(
        "dissolved_before_registration",
        "dissolved_on",
        idx.size,
        {"dissolved_after_registration": g._fails(idx)},
    )
    # not 'active': representative_alive passes
    c.pool_rows(t, "status_out_of_set", "status", status, _BAD_STATUSES, fails=["in_set:status"])
    c.transform_rows(
        t,
        "name_double_space",
        "name",
        name,
        c.double_spaces,
        fails=["normalized_text:name"],
    )
    c.inject_stale_updated_at(t, updated, as_of)

    frame = pl.DataFrame(
        [
            mst.alias("mst"),
            name.alias("name"),
            rep_id.alias("representative_id"),
            rep_name.alias("representative_name"),
            commune_code.alias("head_office_commune"),
            province.alias("head_office_province"),
            address.alias("head_office_address"),
            g._date_series("registered_on", registered),
            g._date_series("dissolved_on", dissolved_on, dissolved),
            status.alias("status"),
            g._datetime_series("updated_at", updated),
        ]
    )
    cross = {
        "rows": n,
        "dissolved": int(dissolved.sum()),
        "active_with_deceased_representative": int(t.counts["representative_deceased"]),
    }
    return c.Part("doanh_nghiep", frame, t.ledger, {"population": "dan_cu"}, cross, t.rows)
