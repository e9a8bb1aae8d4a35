"""Land (Cơ sở dữ liệu quốc gia về đất đai).

One row per land parcel (thửa đất), identified by its 2025 commune, map sheet (số tờ bản đồ)
and parcel number (số thửa); exported in that order. Columns:

- ``commune_code``, ``province_code``: the 2025 commune the parcel lies in and its province;
- ``map_sheet``, ``parcel_no`` (integers), ``address`` (street or hamlet, commune, province);
- ``area_m2`` (float, square metres), ``land_use``: the code of the land-use purpose (mục đích
  sử dụng đất, Luật Đất đai 2024; codes of Thông tư 08/2024/TT-BTNMT, see ``LAND_USES``);
- ``owner_type``: ``individual`` (a person of ``dan_cu``, by personal id ``owner_person_id``)
  or ``organisation`` (an enterprise of ``doanh_nghiep``, by tax code ``owner_tax_code``);
  exactly one of the two ids is filled in, the one matching the owner type;
- ``owner_name``: the person's full name or the enterprise's name, as in those databases;
- ``certificate_no``: serial of the land-use right certificate (giấy chứng nhận: two letters
  and six digits, eight since the 2024 form), null while none has been issued;
- ``registered_on`` (date of registration), ``updated_at`` (last change).

Individual owners are adults of ``dan_cu`` (some own several parcels; parcels of deceased
owners stay registered to them until the inheritance is registered); organisation owners are
clean enterprises of ``doanh_nghiep``. Most parcels lie in their owner's province.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
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
    "LAND_USES",
    "MIN_ROWS",
    "ORGANISATION_SHARE",
    "OWNER_TYPES",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "UNTARGETED",
    "generate",
]

#: Land parcels per row of ``dan_cu``.
SHARE: Final = 1.0
#: Share of the parcels held by organisations (enterprises).
ORGANISATION_SHARE: Final = 0.08
MIN_ROWS: Final = 1000
OWNER_TYPES: Final[tuple[str, ...]] = ("individual", "organisation")
#: Land-use codes used here (Thông tư 08/2024/TT-BTNMT, Luật Đất đai 2024, Điều 9).
LAND_USES: Final[dict[str, str]] = {
    "LUC": "Đất chuyên trồng lúa",
    "LUK": "Đất trồng lúa còn lại",
    "HNK": "Đất trồng cây hằng năm khác",
    "CLN": "Đất trồng cây lâu năm",
    "RSX": "Đất rừng sản xuất",
    "NTS": "Đất nuôi trồng thủy sản",
    "ONT": "Đất ở tại nông thôn",
    "ODT": "Đất ở tại đô thị",
    "TMD": "Đất thương mại, dịch vụ",
    "SKC": "Đất cơ sở sản xuất phi nông nghiệp",
}
_USE: Final = {code: i for i, code in enumerate(LAND_USES)}
#: Plausible area range (m²) of a parcel of each land use, in the order of ``LAND_USES``.
_AREA_RANGE: Final = np.array(
    [
        (200, 5_000),
        (200, 3_000),
        (200, 5_000),
        (300, 20_000),
        (2_000, 300_000),
        (300, 20_000),
        (80, 1_500),
        (30, 300),
        (100, 20_000),
        (1_000, 200_000),
    ],
    dtype=np.float64,
)
#: ``between`` on ``area_m2`` in ``suites/dat_dai.yaml``.
AREA_MIN: Final = 1.0
AREA_MAX: Final = 10_000_000.0
#: Land uses of individuals' parcels ("ONT" becomes "ODT" in a ward) and of organisations'.
_INDIVIDUAL_USES: Final = (
    ("ONT", 0.35),
    ("LUC", 0.2),
    ("LUK", 0.08),
    ("HNK", 0.12),
    ("CLN", 0.15),
    ("NTS", 0.04),
    ("RSX", 0.06),
)
_ORGANISATION_USES: Final = (
    ("SKC", 0.45),
    ("TMD", 0.35),
    ("CLN", 0.1),
    ("RSX", 0.05),
    ("NTS", 0.05),
)
#: Map sheets per commune and parcels per sheet the parcel numbers are drawn from.
_SHEETS: Final = 60
_PARCELS: Final = 1_500
#: Share of the parcels that already have their certificate.
_CERTIFIED: Final = 0.96
#: Certificate series (two letters, Vietnamese alphabet) and the date of the 2024 form.
_SERIES: Final[tuple[str, ...]] = (
    "AA",
    "AB",
    "AC",
    "AĐ",
    "BA",
    "BB",
    "BĐ",
    "BK",
    "BX",
    "CD",
    "CE",
    "CH",
    "CK",
    "CS",
    "CT",
    "DA",
    "DB",
    "DĐ",
    "DK",
    "DL",
)
_FORM_2024: Final = date(2024, 8, 1)
#: Share of the parcels in their owner's province.
_HOME: Final = 0.85
#: Prefixes of individuals' former 10-digit personal tax codes (before 2025-07-01).
_PERSONAL_TAX_PREFIXES: Final = np.arange(80, 87, dtype=np.int64)

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 7
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ("doanh_nghiep",)
#: Check ids of ``suites/dat_dai.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:commune_code",
    "not_null:map_sheet",
    "not_null:parcel_no",
    "not_null:area_m2",
    "not_null:land_use",
    "not_null:owner_type",
    "not_blank:owner_name",
    "unique:commune_code+map_sheet+parcel_no",
    "normalized_text:owner_name",
    "between:area_m2",
    "in_set:land_use",
    "in_set:owner_type",
    "person_id_only_for_individuals",
    "tax_code_only_for_organisations",
    "cccd:owner_person_id",
    "mst:owner_tax_code",
    "pattern:certificate_no",
    "admin_unit:commune_code",
    "unit_in_province:commune_code",
    "not_future:registered_on",
    "exists_in:owner_person_id",
    "exists_in:owner_tax_code",
    "name_matches_population",
    "name_matches_enterprise",
    "admin_unit_current:commune_code",
    "no_district_level:address",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:commune_code",
        "not_null:map_sheet",
        "not_null:parcel_no",
        "not_null:land_use",
        "not_null:owner_type",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "duplicate_parcel_pair": 0.5,
    "null_area": 0.5,
    "area_not_positive": 0.5,
    "area_too_large": 0.5,
    "land_use_out_of_set": 1.0,
    "owner_type_out_of_set": 0.5,
    "organisation_with_person_id": 1.0,
    "individual_with_tax_code": 1.0,
    "person_id_absent": 1.0,
    "person_id_malformed": 0.5,
    "tax_code_bad_check_digit": 1.0,
    "enterprise_absent": 1.0,
    "owner_name_upper_case": 1.0,
    "owner_name_nfd": 0.5,
    "owner_name_placeholder": 0.5,
    "enterprise_name_abbreviated": 1.0,
    "certificate_no_malformed": 0.5,
    "commune_legacy_code": 1.0,
    "commune_other_province": 0.5,
    "address_district_level": 1.0,
    "registered_in_future": 0.5,
    "stale_updated_at": 1.0,
    "future_updated_at": 0.5,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "duplicate_parcel_pair": (
        "one parcel (commune, map sheet, parcel number) registered twice, to two owners"
    ),
    "null_area": "parcel area missing",
    "area_not_positive": "parcel area zero or negative (first one: 0)",
    "area_too_large": "area multiplied by 10,000 (a hectare conversion applied twice)",
    "land_use_out_of_set": "land-use code outside the list (ont, 0NT, ONT+CLN, a name, ...)",
    "owner_type_out_of_set": "owner type outside the allowed set (Cá nhân, CN, ...)",
    "organisation_with_person_id": (
        "organisation's parcel also carrying its legal representative's personal id"
    ),
    "individual_with_tax_code": (
        "individual's parcel also carrying the owner's former 10-digit personal tax code"
    ),
    "person_id_absent": "well-formed owner personal id that does not exist in dan_cu",
    "person_id_malformed": "owner personal id missing its last digit (11 digits)",
    "tax_code_bad_check_digit": "owner tax code whose last digit is not the check digit",
    "enterprise_absent": "valid owner tax code not found in doanh_nghiep",
    "owner_name_upper_case": "owner name in capitals, unlike dan_cu (NGUYỄN VĂN AN)",
    "owner_name_nfd": "owner name in Unicode NFD (decomposed diacritics)",
    "owner_name_placeholder": "owner name is a placeholder (N/A, -, Không rõ)",
    "enterprise_name_abbreviated": (
        "enterprise name abbreviated (Cty TNHH, Cty CP, DNTN), unlike doanh_nghiep"
    ),
    "certificate_no_malformed": (
        "certificate serial without its space, in lower case or missing a digit"
    ),
    "commune_legacy_code": "pre-2025 code of the parcel's former commune (abolished 2025-07-01)",
    "commune_other_province": "commune that lies in another province than province_code",
    "address_district_level": "parcel address naming a district (Quận 1, Huyện Củ Chi, ...)",
    "registered_in_future": "registration date after the as-of date",
}
_BAD_LAND_USES: Final[tuple[str, ...]] = ("ont", "0NT", "ONT+CLN", "CLN ", "Đất ở tại nông thôn")
_BAD_OWNER_TYPES: Final[tuple[str, ...]] = ("Cá nhân", "CN", "ca_nhan", "INDIVIDUAL")
_PLACEHOLDER_NAMES: Final[tuple[str, ...]] = ("N/A", "-", "Không rõ", "KHÔNG RÕ")
_ABBREVIATIONS: Final[dict[str, str]] = {
    "Công ty TNHH": "Cty TNHH",
    "Công ty Cổ phần": "Cty CP",
    "Doanh nghiệp tư nhân": "DNTN",
}


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Land parcels of adults of ``dan_cu`` and of clean enterprises of ``doanh_nghiep``."""
    dn = parts["doanh_nghiep"]
    assert dn.rows is not None
    as_of_day = g._day(as_of.date())
    adults = np.flatnonzero(c.adults(pop, as_of)).astype(np.int64)
    firms = np.flatnonzero(~dn.rows.used).astype(np.int64)
    total = round(pop.frame.height * SHARE)
    e = round(total * ORGANISATION_SHARE) if firms.size else 0
    k = total - e if adults.size else 0
    n = k + e
    t = c.new_table(
        "dat_dai",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    individual = np.arange(n) < k
    organisation = ~individual
    person = rng.choice(adults, size=k, replace=True).astype(np.int64)
    firm = rng.choice(firms, size=e, replace=True).astype(np.int64) if e else firms[:0]

    # -- where, what, how large ---------------------------------------------------------
    com = c.communes()
    home = np.concatenate(
        [
            c.province_index(pop.frame["province_code"].gather(person)),
            c.province_index(dn.frame["head_office_province"].gather(firm)),
        ]
    ).astype(np.int64)
    commune = np.where(
        rng.random(n) < _HOME,
        _communes_in(home, rng),
        rng.integers(0, len(com.code), n),
    )
    use = np.concatenate(
        [_draw_uses(_INDIVIDUAL_USES, k, rng), _draw_uses(_ORGANISATION_USES, e, rng)]
    )
    use = np.where((use == _USE["ONT"]) & _wards()[commune], _USE["ODT"], use)
    low, high = np.log(_AREA_RANGE[use, 0]), np.log(_AREA_RANGE[use, 1])
    area = np.round(np.exp(low + rng.random(n) * (high - low)), 1)
    slot = g._unique_codes(commune, _SHEETS * _PARCELS, rng) % (_SHEETS * _PARCELS)
    sheet, parcel = slot // _PARCELS + 1, slot % _PARCELS + 1
    house = rng.integers(1, 300, n)
    street = rng.integers(0, len(vn.STREETS), n)
    hamlet = rng.integers(1, 16, n)
    registered = as_of_day - rng.integers(30, 28 * 365, n)
    age_s = rng.integers(60, np.minimum(300, as_of_day - registered) * g._DAY_S)
    updated = g._us(as_of) - age_s * g._US_PER_S
    certified = rng.random(n) < _CERTIFIED

    # one parcel registered twice: the same location, area and land use under two owners
    c.duplicate_rows(
        t,
        "duplicate_parcel_pair",
        "parcel_no",
        "commune_code+map_sheet+parcel_no",
        (commune, sheet, parcel, use, area, house, street, hamlet),
        what="duplicate parcel",
    )

    commune_code = g._lookup("commune_code", com.code, commune)
    province = g._lookup("province_code", com.provinces, com.province[commune])
    address = _addresses(commune, house, street, hamlet)
    land_use = g._lookup("land_use", tuple(LAND_USES), use)
    certificate = _certificates(certified, registered, rng)
    p = pop.people
    pid = pl.concat([pop.frame["person_id"].gather(person), pl.Series([None] * e, dtype=pl.String)])
    tax = pl.concat([pl.Series([None] * k, dtype=pl.String), dn.frame["mst"].gather(firm)])
    names = pl.concat([pop.frame["full_name"].gather(person), dn.frame["name"].gather(firm)])
    kind = g._lookup("owner_type", OWNER_TYPES, organisation.astype(np.int64))

    c.expect_all(
        t,
        (
            "cccd:owner_person_id",
            "exists_in:owner_person_id",
            "name_matches_population",
            "person_id_only_for_individuals",
        ),
        k,
    )
    c.expect_all(
        t,
        (
            "mst:owner_tax_code",
            "exists_in:owner_tax_code",
            "name_matches_enterprise",
            "tax_code_only_for_organisations",
        ),
        e,
    )
    t.ledger.expect("pattern:certificate_no", int(certified.sum()))

    # -- organisations' parcels -----------------------------------------------------------
    bad_digit = c.transform_rows(
        t,
        "tax_code_bad_check_digit",
        "owner_tax_code",
        tax,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:owner_tax_code", "exists_in:owner_tax_code"],
        unevaluated=["name_matches_enterprise"],
        eligible=organisation,
    )
    registered_bases = c.registered_bases(dn)
    unknown = c.inject_absent_tax_codes(
        t,
        "enterprise_absent",
        "owner_tax_code",
        tax,
        province=home,
        exclude=registered_bases,
        unevaluated=["name_matches_enterprise"],
        eligible=organisation,
    )
    c.transform_rows(
        t,
        "enterprise_name_abbreviated",
        "owner_name",
        names,
        _abbreviate,
        fails=["name_matches_enterprise"],
        eligible=organisation,
    )
    idx = with_person = t.take("organisation_with_person_id", organisation)
    g._scatter(pid, idx, dn.frame["representative_id"].gather(firm[idx - k]))
    both = {"evaluated": idx.size, "failed": idx.size}
    t.record(
        "organisation_with_person_id",
        "owner_person_id",
        idx.size,
        {
            "person_id_only_for_individuals": both,
            "cccd:owner_person_id": {"evaluated": idx.size},
            "exists_in:owner_person_id": {"evaluated": idx.size},
            "name_matches_population": both,  # an enterprise's name is no person's name
        },
    )

    # -- individuals' parcels -------------------------------------------------------------
    absent, malformed = c.inject_unlinked_ids(
        t,
        ("person_id_absent", "person_id_malformed"),
        "owner_person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=["name_matches_population"],
        eligible=individual,
    )
    decomposable = np.zeros(n, dtype=np.bool_)
    decomposable[:k] = c.nfd_changes(pop, person)
    c.transform_rows(
        t,
        "owner_name_nfd",
        "owner_name",
        names,
        c.nfd,
        fails=["normalized_text:owner_name", "name_matches_population"],
        eligible=individual & decomposable,
    )
    c.transform_rows(
        t,
        "owner_name_upper_case",
        "owner_name",
        names,
        c.upper_case,
        fails=["name_matches_population"],
        eligible=individual,
    )
    idx = t.take("owner_name_placeholder", individual)
    assign = g._inject_pool(names, idx, _PLACEHOLDER_NAMES, rng)
    t.ledger.record(
        "owner_name_placeholder",
        "owner_name",
        idx.size,
        {
            "not_blank:owner_name": {
                "failed": g._pool_failures(
                    assign, _PLACEHOLDER_NAMES, lambda v: g.is_blank(v, g.PLACEHOLDERS)
                )
            },
            "normalized_text:owner_name": {
                "failed": g._pool_failures(
                    assign, _PLACEHOLDER_NAMES, lambda v: not g.is_normalized(v)
                )
            },
            "name_matches_population": g._fails(idx),
        },
        values=sorted(_PLACEHOLDER_NAMES),
    )
    idx = t.take("individual_with_tax_code", individual)
    if idx.size:
        prefix = _PERSONAL_TAX_PREFIXES[rng.integers(0, _PERSONAL_TAX_PREFIXES.size, idx.size)]
        _, codes = c.mst_codes(prefix, rng, exclude=registered_bases)
        g._scatter(tax, idx, g._id_strings("", codes, 10))
    both = {"evaluated": idx.size, "failed": idx.size}
    t.record(
        "individual_with_tax_code",
        "owner_tax_code",
        idx.size,
        {
            "tax_code_only_for_organisations": both,
            "mst:owner_tax_code": {"evaluated": idx.size},  # a valid code, of a person
            "exists_in:owner_tax_code": both,
        },
    )
    c.pool_rows(
        t,
        "owner_type_out_of_set",
        "owner_type",
        kind,
        _BAD_OWNER_TYPES,
        fails=["in_set:owner_type", "person_id_only_for_individuals"],
        eligible=individual,
    )

    # -- area -----------------------------------------------------------------------------
    idx = t.take("area_too_large", area > AREA_MAX / 10_000)
    area[idx] *= 10_000
    t.record("area_too_large", "area_m2", idx.size, {"between:area_m2": g._fails(idx)})
    idx = t.take("area_not_positive")
    area[idx] = np.where(np.arange(idx.size) > 0, -area[idx], 0.0)
    t.record("area_not_positive", "area_m2", idx.size, {"between:area_m2": g._fails(idx)})
    area_m2 = pl.Series("area_m2", area)
    idx = t.take("null_area")
    g._scatter(area_m2, idx, None)
    t.record(
        "null_area",
        "area_m2",
        idx.size,
        {"not_null:area_m2": g._fails(idx), "between:area_m2": {"evaluated": -idx.size}},
    )

    # -- commune and address ------------------------------------------------------------
    start, count, former = _former_communes()
    idx = t.take("commune_legacy_code", count[commune] > 0)
    if idx.size:
        pick = start[commune[idx]] + np.floor(rng.random(idx.size) * count[commune[idx]])
        g._scatter(commune_code, idx, g._lookup("", former, pick.astype(np.int64)))
    t.record(
        "commune_legacy_code",
        "commune_code",
        idx.size,
        {
            "admin_unit:commune_code": g._fails(idx),
            "admin_unit_current:commune_code": g._fails(idx),
            "unit_in_province:commune_code": {"evaluated": -idx.size},
        },
    )
    c.inject_other_province(
        t,
        commune=commune,
        province=province,
        commune_column="commune_code",
        province_column="province_code",
    )
    c.inject_district_segments(t, address, "address")

    # -- codes, certificates, dates -------------------------------------------------------
    c.pool_rows(
        t, "land_use_out_of_set", "land_use", land_use, _BAD_LAND_USES, fails=["in_set:land_use"]
    )
    idx = t.take("certificate_no_malformed", certified)
    variant = g._spread(idx.size, 3, rng)
    g._transform(certificate, idx[variant == 0], lambda s: s.str.replace(" ", "", literal=True))
    g._transform(certificate, idx[variant == 1], lambda s: s.str.to_lowercase())
    g._transform(certificate, idx[variant == 2], lambda s: s.str.slice(0, s.str.len_chars() - 1))
    t.record(
        "certificate_no_malformed",
        "certificate_no",
        idx.size,
        {"pattern:certificate_no": g._fails(idx)},
    )
    c.inject_future(
        t,
        "registered_in_future",
        "registered_on",
        registered,
        lambda size: c.future_days(rng, as_of_day, size, 365),
    )
    c.inject_stale_updated_at(t, updated, as_of)
    c.inject_future(
        t,
        "future_updated_at",
        "updated_at",
        updated,
        lambda size: c.future_micros(rng, as_of, size, 60),
    )

    frame = pl.DataFrame(
        [
            commune_code,
            province,
            pl.Series("map_sheet", sheet, dtype=pl.Int32),
            pl.Series("parcel_no", parcel, dtype=pl.Int32),
            address.alias("address"),
            area_m2,
            land_use,
            kind,
            pid.alias("owner_person_id"),
            tax.alias("owner_tax_code"),
            names.alias("owner_name"),
            certificate.alias("certificate_no"),
            g._date_series("registered_on", registered),
            g._datetime_series("updated_at", updated),
        ]
    ).sort("commune_code", "map_sheet", "parcel_no", maintain_order=True)

    dead = p.dead[person]
    unlinked = np.concatenate([absent, malformed])
    dissolved = (dn.frame["status"].gather(firm) == "dissolved").to_numpy()
    gone = np.concatenate([bad_digit, unknown]) - k
    cross = {
        "rows": n,
        "individual_parcels": k,
        "organisation_parcels": e,
        "parcels_linked_to_population": k - unlinked.size + with_person.size,
        "parcels_of_deceased_owners": int(dead.sum()) - int(dead[unlinked].sum()),
        "parcels_linked_to_enterprises": e - gone.size,
        "parcels_of_dissolved_enterprises": int(dissolved.sum()) - int(dissolved[gone].sum()),
    }
    return c.Part(
        "dat_dai",
        frame,
        t.ledger,
        {"population": "dan_cu", "enterprises": "doanh_nghiep"},
        cross,
        t.rows,
    )


def _draw_uses(
    weights: tuple[tuple[str, float], ...], size: int, rng: np.random.Generator
) -> IntArray:
    """Land-use indices (into ``LAND_USES``) drawn with the given weights."""
    codes = np.array([_USE[code] for code, _ in weights], dtype=np.int64)
    p = np.array([w for _, w in weights])
    drawn: IntArray = codes[rng.choice(codes.size, size=size, p=p / p.sum())]
    return drawn


@cache
def _wards() -> BoolArray:
    """Whether each 2025 commune is a ward (phường): urban land, street addresses."""
    wards: BoolArray = np.array([name.startswith("Phường") for name in c.communes().name])
    return wards


def _communes_in(province: IntArray, rng: np.random.Generator) -> IntArray:
    """A random 2025 commune of each given province (index into ``communes()``)."""
    of = c.communes().province
    order = np.argsort(of, kind="stable")
    count = np.bincount(of, minlength=len(c.communes().provinces))
    start = np.cumsum(count) - count
    offset = np.floor(rng.random(province.size) * count[province]).astype(np.int64)
    picked: IntArray = order[start[province] + offset]
    return picked


@cache
def _former_communes() -> tuple[IntArray, IntArray, tuple[str, ...]]:
    """Pre-2025 commune codes (not reused in 2025) grouped by their 2025 successor.

    Returns ``start`` and ``count`` per 2025 commune into ``codes``: the former communes
    that became (by default) part of it. A parcel keeps its map sheets and parcel numbers
    when its commune merged, so a stale code never makes two parcels share a key.
    """
    from datacheck.vn.admin_units import successors_2025  # noqa: PLC0415 (only the data)

    com = c.communes()
    index = {code: i for i, code in enumerate(com.code)}
    table = (
        successors_2025()
        .filter(
            pl.col("level") == "commune",
            pl.col("default"),
            pl.col("code").is_in(list(c.legacy_only_communes())),
            pl.col("successor").is_in(list(com.code)),
        )
        .with_columns(pl.col("successor").replace_strict(index, return_dtype=pl.Int64).alias("i"))
        .sort("i", "code")
    )
    successor = table["i"].to_numpy()
    count = np.bincount(successor, minlength=len(com.code)).astype(np.int64)
    start = (np.cumsum(count) - count).astype(np.int64)
    return start, count, tuple(table["code"].to_list())


def _addresses(commune: IntArray, house: IntArray, street: IntArray, hamlet: IntArray) -> pl.Series:
    """``Số 12 Lê Lợi, Phường …, …`` in a ward; ``Thôn 3, Xã …, …`` elsewhere."""
    com = c.communes()
    urban = g._concat(
        "Số ",
        pl.Series(house).cast(pl.String),
        " ",
        g._lookup("s", vn.STREETS, street),
    )
    rural = g._concat("Thôn ", pl.Series(hamlet).cast(pl.String))
    place = pl.select(
        pl.when(pl.lit(pl.Series(_wards()[commune]))).then(pl.lit(urban)).otherwise(pl.lit(rural))
    ).to_series()
    return g._concat(
        place,
        ", ",
        g._lookup("c", com.name, commune),
        ", ",
        g._lookup("p", com.province_names, com.province[commune]),
    ).alias("address")


def _certificates(
    certified: BoolArray, registered: IntArray, rng: np.random.Generator
) -> pl.Series:
    """Certificate serials: two letters, a space, six digits (eight on the 2024 form)."""
    n = certified.size
    new_form = registered >= g._day(_FORM_2024)
    digits = np.where(new_form, rng.integers(0, 10**8, n), rng.integers(0, 10**6, n))
    number = pl.select(
        pl.when(pl.lit(pl.Series(new_form)))
        .then(pl.lit(pl.Series(digits)).cast(pl.String).str.zfill(8))
        .otherwise(pl.lit(pl.Series(digits)).cast(pl.String).str.zfill(6))
    ).to_series()
    serial = g._concat(g._lookup("", _SERIES, rng.integers(0, len(_SERIES), n)), " ", number)
    return g._with_nulls("certificate_no", serial, certified)


def _abbreviate(names: pl.Series) -> pl.Series:
    """Enterprise names with their legal form abbreviated (in capitals if it has none)."""
    short = names.str.replace_many(list(_ABBREVIATIONS), list(_ABBREVIATIONS.values()))
    return pl.select(
        pl.when(pl.lit(short) == pl.lit(names))
        .then(pl.lit(names).str.to_uppercase())
        .otherwise(pl.lit(short))
    ).to_series()
