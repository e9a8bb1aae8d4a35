"""Construction activity (Cơ sở dữ liệu quốc gia về hoạt động xây dựng).

One row per construction permit (giấy phép xây dựng), as the licensing authority issued it:

- ``permit_no``: ``<serial>/<year>/GPXD-<commune>``, the issuing commune's serial number of the
  year (1-999), the year of issue and the 5-digit code of the commune of the site
  (``125/2026/GPXD-26740``); unique nationwide.
- ``permit_type``: ``xay_moi`` (new construction), ``sua_chua_cai_tao`` (repair or
  renovation) or ``di_doi`` (relocation of a work), Luật Xây dựng 2014, Điều 89.
- The investor (chủ đầu tư): an individual, ``investor_person_id`` (personal id, linked to
  ``dan_cu``), or an organisation, ``investor_tax_code`` (an enterprise of ``doanh_nghiep``);
  exactly one of the two is set. ``investor_name`` is the person's or the enterprise's name.
- ``contractor_tax_code``: tax code of the construction contractor, an enterprise of
  ``doanh_nghiep`` (firms whose name says *Xây dựng* are chosen more often).
- The site: ``commune_code`` and ``province_code`` (2025 units) and ``site_address`` (street
  and number, or land parcel and map sheet, then commune and province; no district level).
- ``floor_area_m2`` (total floor area, > 0) and ``floors`` (1-50).
- ``issued_on``; ``expires_on`` = ``issued_on`` + 12 months, the deadline to start works
  (Điều 90); ``status``: ``valid`` (still in force), ``expired`` (lapsed unused),
  ``revoked`` (thu hồi) or ``completed`` (works completed); ``updated_at``.

Permits still in force (``expires_on`` on or after the as-of date) are mostly ``valid``, older
ones mostly ``completed``. Contractors and organisation investors are drawn from the clean
rows of ``doanh_nghiep`` (unique, valid tax codes); a permit whose contractor is dissolved
there is never ``valid`` unless the ``dissolved_contractor_active`` defect put it so.
Individual investors are living adults drawn from the clean rows of ``dan_cu``.
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
from samples.generator import BoolArray, IntArray

__all__ = [
    "CHECKS",
    "DEFECTS",
    "MAX_AREA_M2",
    "MAX_FLOORS",
    "MIN_ROWS",
    "PERMIT_NO_PATTERN",
    "PERMIT_TYPES",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "UNTARGETED",
    "generate",
]

#: Construction permits per row of ``dan_cu``.
SHARE: Final = 0.2
MIN_ROWS: Final = 500
#: Share of permits whose investor is an individual (nhà ở riêng lẻ, mostly).
INDIVIDUAL_SHARE: Final = 0.85
#: Permit types (Luật Xây dựng 2014, Điều 89): new, repair/renovation, relocation.
PERMIT_TYPES: Final[tuple[str, ...]] = ("xay_moi", "sua_chua_cai_tao", "di_doi")
_TYPE_WEIGHTS: Final = (0.85, 0.13, 0.02)
STATUSES: Final[tuple[str, ...]] = ("valid", "expired", "revoked", "completed")
VALID, EXPIRED, REVOKED, COMPLETED = range(4)
#: ``pattern`` of ``permit_no`` in ``suites/xay_dung.yaml``.
PERMIT_NO_PATTERN: Final = r"^[1-9][0-9]{0,3}/20[0-9]{2}/GPXD-[0-9]{5}$"
#: ``between`` bounds of ``suites/xay_dung.yaml``.
MAX_FLOORS: Final = 50
MAX_AREA_M2: Final = 500_000
#: Permits are issued over the last ten years.
_HISTORY_DAYS: Final = 10 * 365
_SERIALS: Final = 999

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 11
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ("doanh_nghiep",)
#: Check ids of ``suites/xay_dung.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:permit_no",
    "not_null:permit_type",
    "not_null:contractor_tax_code",
    "not_null:commune_code",
    "not_null:issued_on",
    "not_null:status",
    "unique:permit_no",
    "normalized_text:site_address",
    "pattern:permit_no",
    "in_set:permit_type",
    "in_set:status",
    "cccd:investor_person_id",
    "mst:investor_tax_code",
    "mst:contractor_tax_code",
    "admin_unit:commune_code",
    "unit_in_province:commune_code",
    "between:floors",
    "between:floor_area_m2",
    "expires_after_issue",
    "not_future:issued_on",
    "exists_in:investor_person_id",
    "exists_in:contractor_tax_code",
    "investor_name_matches_population",
    "admin_unit_current:commune_code",
    "no_district_level:site_address",
    "dissolved_contractor_active",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:permit_no",
        "not_null:permit_type",
        "not_null:contractor_tax_code",
        "not_null:commune_code",
        "not_null:status",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "dissolved_contractor_active": 2.0,
    "contractor_absent": 1.0,
    "contractor_bad_check_digit": 1.0,
    "investor_tax_code_bad_check_digit": 0.5,
    "investor_absent": 1.0,
    "investor_id_malformed": 0.5,
    "investor_name_upper_case": 0.5,
    "duplicate_permit_no_pair": 0.5,
    "permit_no_malformed": 1.0,
    "permit_type_out_of_set": 0.5,
    "status_out_of_set": 0.5,
    "commune_legacy_code": 1.0,
    "commune_other_province": 0.5,
    "address_district_level": 2.0,
    "address_double_space": 0.5,
    "floors_out_of_range": 0.5,
    "floor_area_not_positive": 0.5,
    "issued_on_missing": 0.5,
    "issued_in_future": 0.5,
    "expires_not_after_issue": 0.5,
    "stale_updated_at": 1.0,
    "updated_in_future": 0.5,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "dissolved_contractor_active": (
        "permit still valid while its contractor is dissolved in doanh_nghiep"
    ),
    "contractor_absent": "valid contractor tax code that is not found in doanh_nghiep",
    "contractor_bad_check_digit": (
        "contractor tax code whose last digit is not the check digit (so not in doanh_nghiep)"
    ),
    "investor_tax_code_bad_check_digit": (
        "organisation investor's tax code whose last digit is not the check digit"
    ),
    "investor_absent": "investor's well-formed personal id that does not exist in dan_cu",
    "investor_id_malformed": "investor's personal id missing its last digit (11 digits)",
    "investor_name_upper_case": "investor name in capitals, unlike dan_cu (NGUYỄN VĂN AN)",
    "duplicate_permit_no_pair": "one permit number given to two permits",
    "permit_no_malformed": (
        "permit number off the format (lower case, spaced, 'Số ' prefix, GP-XD)"
    ),
    "permit_type_out_of_set": "permit type outside the allowed codes (Xây mới, XM, new, ...)",
    "status_out_of_set": "status outside the allowed set",
    "commune_legacy_code": "site commune code abolished on 2025-07-01",
    "commune_other_province": "site commune that lies in another province",
    "address_district_level": "site address naming a district (Quận 1, Huyện Củ Chi, ...)",
    "address_double_space": "two spaces after a comma of the site address",
    "floors_out_of_range": "number of floors outside 1-50 (0, 51, 99, ...)",
    "floor_area_not_positive": "total floor area zero or negative",
    "issued_on_missing": "issue date missing",
    "issued_in_future": (
        "issue date after the as-of date (expiry moved with it; first one: as-of + 1 day)"
    ),
    "expires_not_after_issue": "expiry date on or before the issue date (first one: equal)",
    "stale_updated_at": "updated_at older than as_of - max_age (first one: 1 s older)",
    "updated_in_future": "updated_at after as_of (first one: 1 s after)",
}
_BAD_TYPES: Final[tuple[str, ...]] = ("Xây mới", "XM", "new", "sửa chữa")
_BAD_STATUSES: Final[tuple[str, ...]] = ("Còn hiệu lực", "VALID", "het_han")
_BAD_FLOORS: Final[tuple[int, ...]] = (0, 51, 99, 120, -1)
_BAD_AREAS: Final[tuple[float, ...]] = (0.0, -85.5, -1.0)
_FLOOR_WEIGHTS_HOUSE: Final = (0.25, 0.30, 0.25, 0.12, 0.05, 0.03)
#: How much more often a firm named "... Xây dựng ..." is the contractor.
_BUILDER_WEIGHT: Final = 8.0


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Construction permits of ``dan_cu``'s adults and ``doanh_nghiep``'s enterprises.

    Parameters
    ----------
    pop
        The population master (only its clean rows are drawn).
    rng
        This database's random stream.
    as_of
        The as-of instant (naive Vietnam local time).
    rate
        Defect rate (see ``samples.generator.generate_samples``).
    parts
        ``doanh_nghiep``'s part: its clean rows are the contractors and organisations.

    Returns
    -------
    Part
        The permits, their ledger and cross-database facts.
    """
    dn = parts["doanh_nghiep"]
    assert dn.rows is not None
    as_of_day = g._day(as_of.date())
    firm = np.flatnonzero(~dn.rows.used).astype(np.int64)  # clean enterprises
    firm_dissolved = (dn.frame["status"].gather(firm) == "dissolved").to_numpy()
    p = pop.people
    people = np.flatnonzero(c.adults(pop, as_of) & ~p.dead)
    n = round(pop.frame.height * SHARE) if firm.size else 0
    k = min(round(n * INDIVIDUAL_SHARE), people.size)
    t = c.new_table(
        "xay_dung",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )

    # -- investors and contractors ---------------------------------------------------
    individual = np.zeros(n, dtype=np.bool_)
    individual[rng.permutation(n)[:k]] = True
    person = np.zeros(n, dtype=np.int64)
    person[individual] = rng.choice(people, size=k, replace=False)
    running = firm[~firm_dissolved] if (~firm_dissolved).any() else firm
    organisation = np.zeros(n, dtype=np.int64)
    organisation[~individual] = rng.choice(running, size=n - k, replace=True)
    builder = dn.frame["name"].gather(firm).str.contains("Xây dựng", literal=True).to_numpy()
    weight = np.where(builder, _BUILDER_WEIGHT, 1.0)
    pick = rng.choice(firm.size, size=n, p=weight / weight.sum()) if n else np.zeros(0, np.int64)
    contractor = firm[pick]
    contractor_dissolved = firm_dissolved[pick]

    pid = g._with_nulls("investor_person_id", pop.frame["person_id"].gather(person), individual)
    investor_mst = g._with_nulls(
        "investor_tax_code", dn.frame["mst"].gather(organisation), ~individual
    )
    investor_name = pl.select(
        pl.when(pl.lit(pl.Series(individual)))
        .then(pl.lit(pop.frame["full_name"].gather(person)))
        .otherwise(pl.lit(dn.frame["name"].gather(organisation)))
    ).to_series()
    contractor_mst = dn.frame["mst"].gather(contractor)

    # -- site, works and dates -------------------------------------------------------
    commune = c.pick_communes(rng, n)
    com = c.communes()
    province = com.province[commune]
    commune_code = g._lookup("commune_code", com.code, commune)
    province_code = g._lookup("province_code", com.provinces, province)
    location, commune_name, province_name = _address_parts(commune, province, rng)
    permit_type = g._lookup("permit_type", PERMIT_TYPES, rng.choice(3, size=n, p=_TYPE_WEIGHTS))
    house_floors = 1 + rng.choice(len(_FLOOR_WEIGHTS_HOUSE), size=n, p=_FLOOR_WEIGHTS_HOUSE)
    floors = np.where(individual, house_floors, np.minimum(rng.geometric(0.12, n), MAX_FLOORS))
    footprint = np.where(individual, rng.uniform(40, 200, n), rng.uniform(200, 5_000, n))
    area = np.round(floors * footprint, 1)

    issued = as_of_day - rng.integers(1, _HISTORY_DAYS, n)
    expires = _plus_twelve_months(issued)
    in_force = expires >= as_of_day
    u = rng.random(n)
    status = np.where(
        in_force,
        np.where(u < 0.9, VALID, np.where(u < 0.97, COMPLETED, REVOKED)),
        np.where(u < 0.85, COMPLETED, np.where(u < 0.97, EXPIRED, REVOKED)),
    )
    status[(status == VALID) & contractor_dissolved] = COMPLETED  # works done, firm closed since
    age_s = (g._us(as_of) - issued * g._DAY_S * g._US_PER_S) // g._US_PER_S
    updated = g._us(as_of) - rng.integers(60, np.minimum(300 * g._DAY_S, age_s)) * g._US_PER_S

    years = g._birth_years(issued)
    prefix = commune_code.cast(pl.Int64).to_numpy() * 10_000 + years
    serial = g._unique_codes(prefix, _SERIALS, rng) - prefix * _SERIALS + 1
    permit_no = g._concat(
        pl.Series(serial).cast(pl.String),
        "/",
        pl.Series(years).cast(pl.String),
        "/GPXD-",
        commune_code,
    )

    c.expect_all(
        t,
        (
            "cccd:investor_person_id",
            "exists_in:investor_person_id",
            "investor_name_matches_population",
        ),
        k,
    )
    t.ledger.expect("mst:investor_tax_code", n - k)

    # -- contractors (doanh_nghiep) --------------------------------------------------
    idx = t.take("dissolved_contractor_active", (status == VALID) & (firm_dissolved.any()))
    if idx.size:
        closed = firm[firm_dissolved]
        g._scatter(
            contractor_mst,
            idx,
            dn.frame["mst"].gather(closed[rng.integers(0, closed.size, idx.size)]),
        )
        contractor_dissolved[idx] = True
    t.record(
        "dissolved_contractor_active",
        "status",
        idx.size,
        {"dissolved_contractor_active": g._fails(idx)},
    )
    absent = c.inject_absent_tax_codes(
        t,
        "contractor_absent",
        "contractor_tax_code",
        contractor_mst,
        province=province,
        exclude=c.registered_bases(dn),
        unevaluated=["dissolved_contractor_active"],
    )
    bad = c.transform_rows(
        t,
        "contractor_bad_check_digit",
        "contractor_tax_code",
        contractor_mst,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:contractor_tax_code", "exists_in:contractor_tax_code"],
        unevaluated=["dissolved_contractor_active"],
    )
    unlinked_contractor = np.concatenate([absent, bad])
    contractor_dissolved[unlinked_contractor] = False

    # -- investors (dan_cu, doanh_nghiep) --------------------------------------------
    c.transform_rows(
        t,
        "investor_tax_code_bad_check_digit",
        "investor_tax_code",
        investor_mst,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:investor_tax_code"],
        eligible=~individual,
    )
    gone, malformed = c.inject_unlinked_ids(
        t,
        ("investor_absent", "investor_id_malformed"),
        "investor_person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=["investor_name_matches_population"],
        eligible=individual,
    )
    c.transform_rows(
        t,
        "investor_name_upper_case",
        "investor_name",
        investor_name,
        c.upper_case,
        fails=["investor_name_matches_population"],
        eligible=individual,
    )

    # -- permit number, type, status -------------------------------------------------
    c.duplicate_values(
        t, "duplicate_permit_no_pair", "permit_no", permit_no, what="duplicate permit number"
    )
    idx = t.take("permit_no_malformed")
    _malform_permit_numbers(permit_no, idx, rng)
    t.record("permit_no_malformed", "permit_no", idx.size, {"pattern:permit_no": g._fails(idx)})
    c.pool_rows(
        t,
        "permit_type_out_of_set",
        "permit_type",
        permit_type,
        _BAD_TYPES,
        fails=["in_set:permit_type"],
    )
    status_text = g._lookup("status", STATUSES, status)
    # not 'valid': dissolved_contractor_active still passes
    c.pool_rows(
        t, "status_out_of_set", "status", status_text, _BAD_STATUSES, fails=["in_set:status"]
    )

    # -- site ------------------------------------------------------------------------
    c.inject_commune_defects(
        t,
        commune=commune,
        commune_code=commune_code,
        province=province_code,
        commune_column="commune_code",
        province_column="province_code",
        legacy_start=13,
    )
    district = np.full(n, "", dtype=object)
    idx = t.take("address_district_level")
    segments = np.asarray(c.DISTRICT_SEGMENTS, dtype=object)
    district[idx] = segments[g._spread(idx.size, segments.size, rng)] + ", "
    t.record(
        "address_district_level",
        "site_address",
        idx.size,
        {"no_district_level:site_address": g._fails(idx)},
    )
    separator = np.full(n, ", ", dtype=object)
    idx = t.take("address_double_space")
    separator[idx] = ",  "
    t.record(
        "address_double_space",
        "site_address",
        idx.size,
        {"normalized_text:site_address": g._fails(idx)},
    )
    site_address = g._concat(
        location,
        pl.Series(separator, dtype=pl.String),
        commune_name,
        ", ",
        pl.Series(district, dtype=pl.String),
        province_name,
    )

    # -- works -----------------------------------------------------------------------
    idx = t.take("floors_out_of_range")
    floors[idx] = np.asarray(_BAD_FLOORS)[g._spread(idx.size, len(_BAD_FLOORS), rng)]
    t.record("floors_out_of_range", "floors", idx.size, {"between:floors": g._fails(idx)})
    idx = t.take("floor_area_not_positive")
    area[idx] = np.asarray(_BAD_AREAS)[g._spread(idx.size, len(_BAD_AREAS), rng)]
    t.record(
        "floor_area_not_positive",
        "floor_area_m2",
        idx.size,
        {"between:floor_area_m2": g._fails(idx)},
    )

    # -- dates -----------------------------------------------------------------------
    has_issue = np.ones(n, dtype=np.bool_)
    idx = t.take("issued_on_missing")
    has_issue[idx] = False
    gone_date = {"evaluated": -idx.size}
    t.record(
        "issued_on_missing",
        "issued_on",
        idx.size,
        {
            "not_null:issued_on": g._fails(idx),
            "expires_after_issue": gone_date,
            "not_future:issued_on": gone_date,
        },
    )
    idx = c.inject_future(
        t,
        "issued_in_future",
        "issued_on",
        issued,
        lambda size: c.future_days(rng, as_of_day, size, 90),
    )
    expires[idx] = _plus_twelve_months(issued[idx])
    idx = t.take("expires_not_after_issue")
    expires[idx] = issued[idx] - g._later(rng, idx.size, 365)
    t.record(
        "expires_not_after_issue",
        "expires_on",
        idx.size,
        {"expires_after_issue": g._fails(idx)},
    )
    c.inject_stale_updated_at(t, updated, as_of)
    c.inject_future(
        t,
        "updated_in_future",
        "updated_at",
        updated,
        lambda size: c.future_micros(rng, as_of, size, 30),
    )

    frame = pl.DataFrame(
        [
            permit_no.alias("permit_no"),
            permit_type,
            pid,
            investor_mst,
            investor_name.alias("investor_name"),
            contractor_mst.alias("contractor_tax_code"),
            commune_code,
            province_code,
            site_address.alias("site_address"),
            pl.Series("floor_area_m2", area, dtype=pl.Float64),
            pl.Series("floors", floors, dtype=pl.Int32),
            g._date_series("issued_on", issued, has_issue),
            g._date_series("expires_on", expires),
            status_text,
            g._datetime_series("updated_at", updated),
        ]
    )
    cross = {
        "rows": n,
        "individual_investors": k,
        "organisation_investors": n - k,
        "rows_with_dissolved_contractor": int(contractor_dissolved.sum()),
        "dissolved_contractor_active": t.counts["dissolved_contractor_active"],
        "contractors_not_in_doanh_nghiep": int(unlinked_contractor.size),
        "investors_not_in_dan_cu": int(gone.size + malformed.size),
    }
    return c.Part(
        "xay_dung",
        frame,
        t.ledger,
        {"population": "dan_cu", "enterprises": "doanh_nghiep"},
        cross,
        t.rows,
    )


def _plus_twelve_months(days: IntArray) -> IntArray:
    """The same day twelve months later (29 February → 28 February), as days since 1970."""
    later = g._date_series("d", days).dt.offset_by("1y").cast(pl.Int32).to_numpy()
    shifted: IntArray = later.astype(np.int64)
    return shifted


def _address_parts(
    commune: IntArray, province: IntArray, rng: np.random.Generator
) -> tuple[pl.Series, pl.Series, pl.Series]:
    """Where on the commune the site lies, and the commune's and province's names.

    Two sites in three have a street address (``Số 12 Lê Lợi``), the others the land parcel
    (``Thửa đất số 125, tờ bản đồ số 12``), as the permit's site plan names them.
    """
    n = commune.size
    com = c.communes()
    street = g._concat(
        "Số ",
        pl.Series(rng.integers(1, 500, n)).cast(pl.String),
        " ",
        g._lookup("s", vn.STREETS, rng.integers(0, len(vn.STREETS), n)),
    )
    parcel = g._concat(
        "Thửa đất số ",
        pl.Series(rng.integers(1, 1_500, n)).cast(pl.String),
        ", tờ bản đồ số ",
        pl.Series(rng.integers(1, 90, n)).cast(pl.String),
    )
    on_street: BoolArray = rng.random(n) < 2 / 3
    location = pl.select(
        pl.when(pl.lit(pl.Series(on_street))).then(pl.lit(street)).otherwise(pl.lit(parcel))
    ).to_series()
    return (
        location,
        g._lookup("c", com.name, commune),
        g._lookup("p", com.province_names, province),
    )


def _malform_permit_numbers(permit_no: pl.Series, idx: IntArray, rng: np.random.Generator) -> None:
    """Four injective spellings off the format, with disjoint images (so no new duplicate).

    ``125/2026/gpxd-26740``, ``125 / 2026 / GPXD-26740``, ``Số 125/2026/GPXD-26740`` and
    ``125/2026/GP-XD-26740``.
    """
    variant = g._spread(idx.size, 4, rng)
    g._transform(permit_no, idx[variant == 0], lambda s: s.str.replace("GPXD", "gpxd"))
    g._transform(permit_no, idx[variant == 1], lambda s: s.str.replace_all("/", " / "))
    g._transform(permit_no, idx[variant == 2], lambda s: g._concat("Số ", s))
    g._transform(permit_no, idx[variant == 3], lambda s: s.str.replace("GPXD", "GP-XD"))
