"""Road vehicle registration (Cơ sở dữ liệu quốc gia về phương tiện giao thông).

One row per registered road vehicle. Columns: ``plate`` (biển số, Thông tư 79/2024/TT-BCA:
cars ``30A-123.45``, motorbikes ``29-B1 123.45``, electric motorbikes ``29-MĐ1 123.45``,
trailers ``51R-123.45``; cars registered before 2010 may keep a 4-digit order number
``30A-1234``), ``vehicle_type``, ``brand``, ``owner_type`` (``individual`` /
``organisation``), ``owner_person_id`` (the individual owner's personal id, linked to
``dan_cu``) or ``owner_tax_code`` (the organisation's tax code, linked to ``doanh_nghiep``),
``owner_name``, ``registration_province`` (2025 province code), ``registered_on``, ``status``
(``active`` / ``deregistered``) and ``updated_at``.

The plate's locality code is one of the codes of the legacy provinces merged into the
registration province (Thành phố Hồ Chí Minh: 41, 50-59, 61, 72). Vehicles of dissolved
enterprises are ``deregistered``; vehicles of deceased owners may stay ``active`` (the heirs
have not yet transferred them — not a defect). Rows are ordered by registration date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Final

import numpy as np
import polars as pl

from samples import generator as g
from samples import vn_data as vn
from samples.databases import _common as c
from samples.generator import BoolArray, IntArray

__all__ = [
    "BAD_LOCALITIES",
    "CHECKS",
    "DEFECTS",
    "MIN_ROWS",
    "OWNER_TYPES",
    "PLATE_CODES",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "UNTARGETED",
    "VEHICLE_TYPES",
    "generate",
]

#: Registered vehicles per row of ``dan_cu``.
SHARE: Final = 1.2
MIN_ROWS: Final = 1000
#: Share of the vehicles owned by organisations (enterprises).
ORGANISATION_SHARE: Final = 0.05
STATUSES: Final[tuple[str, ...]] = ("active", "deregistered")
OWNER_TYPES: Final[tuple[str, ...]] = ("individual", "organisation")
#: Vehicle types; the last three carry motorbike plates (``29-B1 123.45``).
VEHICLE_TYPES: Final[tuple[str, ...]] = (
    "car",
    "truck",
    "bus",
    "trailer",
    "motorbike",
    "moped",
    "electric_motorbike",
)
_CAR, _TRUCK, _BUS, _TRAILER, _MOTORBIKE, _MOPED, _ELECTRIC = range(len(VEHICLE_TYPES))
_INDIVIDUAL_TYPE_WEIGHTS: Final = (0.10, 0.012, 0.0, 0.0, 0.82, 0.03, 0.038)
_ORGANISATION_TYPE_WEIGHTS: Final = (0.40, 0.33, 0.10, 0.09, 0.08, 0.0, 0.0)

#: Plate locality codes of each legacy province (GSO code), Thông tư 79/2024/TT-BCA annex.
PLATE_CODES: Final[dict[str, tuple[str, ...]]] = {
    "01": ("29", "30", "31", "32", "33", "40"),
    "02": ("23",),
    "04": ("11",),
    "06": ("97",),
    "08": ("22",),
    "10": ("24",),
    "11": ("27",),
    "12": ("25",),
    "14": ("26",),
    "15": ("21",),
    "17": ("28",),
    "19": ("20",),
    "20": ("12",),
    "22": ("14",),
    "24": ("98",),
    "25": ("19",),
    "26": ("88",),
    "27": ("99",),
    "30": ("34",),
    "31": ("15", "16"),
    "33": ("89",),
    "34": ("17",),
    "35": ("90",),
    "36": ("18",),
    "37": ("35",),
    "38": ("36",),
    "40": ("37",),
    "42": ("38",),
    "44": ("73",),
    "45": ("74",),
    "46": ("75",),
    "48": ("43",),
    "49": ("92",),
    "51": ("76",),
    "52": ("77",),
    "54": ("78",),
    "56": ("79",),
    "58": ("85",),
    "60": ("86",),
    "62": ("82",),
    "64": ("81",),
    "66": ("47",),
    "67": ("48",),
    "68": ("49",),
    "70": ("93",),
    "72": ("70",),
    "74": ("61",),
    "75": ("39", "60"),
    "77": ("72",),
    "79": ("41", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59"),
    "80": ("62",),
    "82": ("63",),
    "83": ("71",),
    "84": ("84",),
    "86": ("64",),
    "87": ("66",),
    "89": ("67",),
    "91": ("68",),
    "92": ("65",),
    "93": ("95",),
    "94": ("83",),
    "95": ("94",),
    "96": ("69",),
}
#: Two-digit codes that are no plate locality (administrative codes typed instead).
BAD_LOCALITIES: Final[tuple[str, ...]] = ("13", "42", "44", "45", "46", "87", "91", "96")

_LETTERS: Final = "ABCDEFGHKLMNPSTUVXYZ"
#: Series of each vehicle type with their weights (cars A-K, trucks C, vans D, buses B, ...).
_SERIES: Final[tuple[tuple[tuple[str, float], ...], ...]] = (
    (("A", 4.0), ("E", 1.0), ("F", 1.0), ("G", 1.0), ("H", 1.0), ("K", 1.0)),
    (("C", 3.0), ("D", 1.0)),
    (("B", 1.0),),
    (("R", 1.0),),
    tuple((f"{a}{d}", 1.0) for a in _LETTERS[1:] for d in range(1, 10)),
    tuple((s, 1.0) for s in ("AA", "AB", "AC", "AD", "AE", "AF", "AH", "AK")),
    (("MĐ1", 6.0), ("MĐ2", 3.0), ("MĐ3", 1.0)),
)
#: Series letters not issued (I, O, Q, W): car-like and motorbike-like forms.
_BAD_SERIES: Final[tuple[tuple[str, ...], tuple[str, ...]]] = (
    ("I", "O", "Q", "W"),
    ("I1", "O2", "Q3", "W1"),
)
#: The ``MĐ`` series exists since Thông tư 24/2023/TT-BCA (in force 2023-08-15).
_MD_SERIES_FROM: Final = date(2023, 8, 15)
_OLD_PLATES_BEFORE: Final = date(2010, 1, 1)
_ELECTRIC_FROM: Final = date(2019, 1, 1)
_REGISTRY_FROM: Final = date(1995, 1, 1)

_BRANDS: Final[tuple[tuple[tuple[str, float], ...], ...]] = (
    (
        ("Toyota", 22.0),
        ("Hyundai", 18.0),
        ("Kia", 12.0),
        ("Mazda", 10.0),
        ("VinFast", 10.0),
        ("Ford", 8.0),
        ("Mitsubishi", 8.0),
        ("Honda", 6.0),
        ("Mercedes-Benz", 3.0),
        ("Suzuki", 3.0),
    ),
    (
        ("Hino", 4.0),
        ("Isuzu", 4.0),
        ("Thaco", 5.0),
        ("Hyundai", 4.0),
        ("Dongfeng", 2.0),
        ("Suzuki", 1.0),
        ("JAC", 1.0),
    ),
    (("Thaco", 4.0), ("Hyundai", 3.0), ("Samco", 2.0), ("Ford", 1.0), ("Isuzu", 1.0)),
    (("CIMC", 3.0), ("Doosung", 2.0), ("Tân Thanh", 2.0), ("Hyundai Translead", 1.0)),
    (("Honda", 75.0), ("Yamaha", 15.0), ("Suzuki", 4.0), ("SYM", 3.0), ("Piaggio", 3.0)),
    (("Honda", 4.0), ("SYM", 3.0), ("Yamaha", 2.0), ("Kymco", 1.0)),
    (("VinFast", 6.0), ("Yadea", 2.0), ("Pega", 1.0), ("Dat Bike", 1.0)),
)

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 12
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ("doanh_nghiep",)
#: Check ids of ``suites/phuong_tien.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:plate",
    "not_null:vehicle_type",
    "not_null:owner_type",
    "not_null:registration_province",
    "not_null:status",
    "unique:plate",
    "normalized_text:owner_name",
    "plate_vn:plate",
    "cccd:owner_person_id",
    "mst:owner_tax_code",
    "in_set:vehicle_type",
    "in_set:owner_type",
    "in_set:status",
    "person_id_owner_is_individual",
    "tax_code_owner_is_organisation",
    "admin_unit:registration_province",
    "not_future:registered_on",
    "exists_in:owner_person_id",
    "exists_in:owner_tax_code",
    "owner_name_matches_population",
    "owner_name_matches_registry",
    "dissolved_owner_active",
    "admin_unit_current:registration_province",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:vehicle_type",
        "not_null:owner_type",
        "not_null:registration_province",
        "not_null:status",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "dissolved_owner_active": 2.0,
    "owner_enterprise_absent": 1.0,
    "owner_tax_code_bad_check_digit": 1.0,
    "organisation_name_abbreviated": 1.0,
    "owner_person_absent": 1.0,
    "owner_person_id_leading_zero_lost": 1.0,
    "owner_name_without_diacritics": 1.0,
    "owner_name_untrimmed": 0.5,
    "individual_with_tax_code": 0.5,
    "owner_type_mismatch": 0.5,
    "owner_type_out_of_set": 0.5,
    "province_legacy_code": 1.0,
    "duplicate_plate_pair": 0.5,
    "null_plate": 0.5,
    "plate_bad_series": 1.0,
    "plate_bad_locality": 1.0,
    "plate_malformed": 1.0,
    "vehicle_type_out_of_set": 0.5,
    "status_out_of_set": 0.5,
    "registered_in_future": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "dissolved_owner_active": "vehicle of an enterprise dissolved in doanh_nghiep still active",
    "owner_enterprise_absent": "valid tax code of the owner not found in doanh_nghiep",
    "owner_tax_code_bad_check_digit": (
        "owner's tax code whose last digit is not the check digit (so not in doanh_nghiep)"
    ),
    "organisation_name_abbreviated": (
        "organisation owner written 'Cty ...' instead of its registered name 'Công ty ...'"
    ),
    "owner_person_absent": "well-formed owner personal id that does not exist in dan_cu",
    "owner_person_id_leading_zero_lost": (
        "owner personal id that lost its leading zero (11 digits, read as a number)"
    ),
    "owner_name_without_diacritics": "owner name typed without diacritics (Nguyen Van An)",
    "owner_name_untrimmed": "owner name with a leading or trailing space",
    "individual_with_tax_code": (
        "individual owner whose personal id is also entered as an organisation tax code"
    ),
    "owner_type_mismatch": "owner type opposite to the owner id given",
    "owner_type_out_of_set": "owner type outside the allowed set",
    "province_legacy_code": (
        "registration province still the code of a province merged on 2025-07-01"
    ),
    "duplicate_plate_pair": "one plate issued to two vehicles",
    "null_plate": "plate missing",
    "plate_bad_series": "plate series with a letter never issued (I, O, Q, W)",
    "plate_bad_locality": "plate locality code that is not allocated (the GSO code typed)",
    "plate_malformed": "plate in lower case, with a trailing space or an en dash",
    "vehicle_type_out_of_set": "vehicle type outside the allowed set",
    "status_out_of_set": "status outside the allowed set",
    "registered_in_future": "registration date after the as-of date",
}
_BAD_VEHICLE_TYPES: Final[tuple[str, ...]] = ("Ô tô con", "xe máy", "CAR", "Xe mô tô")
_BAD_OWNER_TYPES: Final[tuple[str, ...]] = ("Cá nhân", "Tổ chức", "ca_nhan", "INDIVIDUAL")
_BAD_STATUSES: Final[tuple[str, ...]] = ("Đang lưu hành", "thu hồi", "ACTIVE")


# ---------------------------------------------------------------------------------------
# lookup tables


def _choose_within(
    group: IntArray, weights: Sequence[Sequence[float]], rng: np.random.Generator
) -> IntArray:
    """For each row, an index into ``weights[group]`` drawn with those weights.

    Loops over the few groups, never over rows.
    """
    picked = np.zeros(group.size, dtype=np.int64)
    for index, w in enumerate(weights):
        rows = np.flatnonzero(group == index)
        total = float(sum(w))
        if rows.size and total > 0:
            p = np.asarray(w, dtype=np.float64) / total
            picked[rows] = rng.choice(p.size, size=rows.size, p=p)
    return picked


def _flat_pool(
    pools: Sequence[Sequence[tuple[str, float]]],
) -> tuple[tuple[str, ...], IntArray, list[list[float]]]:
    """Distinct values of ``pools``, a padded ``[group, j] -> value index`` table, weights."""
    values = tuple(dict.fromkeys(v for pool in pools for v, _ in pool))
    index = {v: i for i, v in enumerate(values)}
    width = max(len(pool) for pool in pools)
    table = np.zeros((len(pools), width), dtype=np.int64)
    for gi, pool in enumerate(pools):
        table[gi, : len(pool)] = [index[v] for v, _ in pool]
    return values, table, [[w for _, w in pool] for pool in pools]


def _province_plate_codes() -> tuple[tuple[str, ...], IntArray, list[list[float]]]:
    """Plate codes (then the unallocated ones) and, per 2025 province, the codes it holds."""
    provinces = c.communes().provinces
    pools: list[list[tuple[str, float]]] = [[] for _ in provinces]
    for legacy, codes in PLATE_CODES.items():
        pools[provinces.index(vn.LEGACY_TO_2025[legacy])].extend((code, 1.0) for code in codes)
    values, table, weights = _flat_pool(pools)
    return (*values, *BAD_LOCALITIES), table, weights


def _merged_codes() -> tuple[tuple[str, ...], IntArray, list[list[float]]]:
    """Per 2025 province, the legacy province codes merged into it (none for most)."""
    provinces = c.communes().provinces
    pools: list[list[tuple[str, float]]] = [[] for _ in provinces]
    for legacy, current in vn.LEGACY_TO_2025.items():
        if legacy != current:
            pools[provinces.index(current)].append((legacy, 1.0))
    return _flat_pool(pools)


def _plate_strings(
    locality: pl.Series, series: pl.Series, number: pl.Series, bike: BoolArray
) -> pl.Series:
    """``30A-123.45`` for cars, trucks, buses and trailers; ``29-B1 123.45`` for bikes."""
    return (
        pl.DataFrame({"l": locality, "s": series, "n": number, "bike": bike})
        .select(
            pl.when(pl.col("bike"))
            .then(pl.concat_str("l", pl.lit("-"), "s", pl.lit(" "), "n"))
            .otherwise(pl.concat_str("l", "s", pl.lit("-"), "n"))
            .alias("plate")
        )
        .to_series()
    )


def _order_numbers(codes: IntArray, old: BoolArray) -> pl.Series:
    """``123.45`` (5 digits, 00001-99999) or, for old plates, ``1234`` (0001-9999)."""
    five = pl.Series(codes % 99_999 + 1).cast(pl.String).str.zfill(5)
    four = pl.Series(codes % 9_999 + 1).cast(pl.String).str.zfill(4)
    return (
        pl.DataFrame({"five": five, "four": four, "old": old})
        .select(
            pl.when(pl.col("old"))
            .then(pl.col("four"))
            .otherwise(
                pl.concat_str(
                    pl.col("five").str.slice(0, 3), pl.lit("."), pl.col("five").str.slice(3)
                )
            )
        )
        .to_series()
    )


def _strip_diacritics(names: pl.Series) -> pl.Series:
    """``Nguyễn Văn Đức`` -> ``Nguyen Van Duc``."""
    return (
        names.str.normalize("NFD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("Đ", "D", literal=True)
        .str.replace_all("đ", "d", literal=True)
    )


def _days(series: pl.Series) -> IntArray:
    days: IntArray = series.cast(pl.Int32).fill_null(0).to_numpy().astype(np.int64)
    return days


# ---------------------------------------------------------------------------------------
# generation


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Vehicles of clean adults of ``dan_cu`` and of clean enterprises of ``doanh_nghiep``."""
    dn = parts["doanh_nghiep"]
    assert dn.rows is not None
    as_of_day = g._day(as_of.date())
    p = pop.people

    # -- owners ------------------------------------------------------------------------
    adult_from = p.birth + round(18 * 365.2425)
    last_day = np.minimum(np.where(p.dead, p.death, as_of_day), as_of_day - 1)
    first_day = np.maximum(adult_from, g._day(_REGISTRY_FROM))
    owners = c.adults(pop, as_of) & (last_day - first_day >= 30)
    n = round(pop.frame.height * SHARE)
    t = c.new_table(
        "phuong_tien",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    firm = np.flatnonzero(~dn.rows.used).astype(np.int64)
    firm_dissolved = (dn.frame["status"].gather(firm) == "dissolved").to_numpy()
    org_kinds = (
        "dissolved_owner_active",
        "owner_enterprise_absent",
        "owner_tax_code_bad_check_digit",
        "organisation_name_abbreviated",
        "owner_type_mismatch",
        "owner_type_out_of_set",
    )
    need = 2 * sum(t.counts[kind] for kind in org_kinds)
    e = min(max(round(n * ORGANISATION_SHARE), need), n // 2) if firm.size else 0
    k = n - e
    individual = np.arange(n) < k

    # individuals: with replacement (one person may own several vehicles), men more often
    candidates = np.flatnonzero(owners)
    weight = np.where(p.female[candidates], 1.0, 1.4)
    person = rng.choice(candidates, size=k, p=weight / weight.sum()).astype(np.int64)
    # organisations: the first rows own vehicles of dissolved enterprises (room for defects)
    forced = min(e, 2 * t.counts["dissolved_owner_active"]) if firm_dissolved.any() else 0
    owner_firm = np.concatenate(
        [
            rng.choice(firm[firm_dissolved], size=forced) if forced else np.empty(0, np.int64),
            rng.choice(firm, size=e - forced) if e - forced else np.empty(0, np.int64),
        ]
    ).astype(np.int64)
    dissolved = np.concatenate(
        [
            np.zeros(k, dtype=np.bool_),
            (dn.frame["status"].gather(owner_firm) == "dissolved").to_numpy(),
        ]
    )
    dead = np.concatenate([p.dead[person], np.zeros(e, dtype=np.bool_)])

    # -- registration: province, window, type, date ----------------------------------------
    province = np.concatenate(
        [
            c.province_index(pop.frame["province_code"].gather(person)),
            c.province_index(dn.frame["head_office_province"].gather(owner_firm)),
        ]
    )
    firm_from = _days(dn.frame["registered_on"].gather(owner_firm))
    firm_to = np.where(
        dissolved[k:], _days(dn.frame["dissolved_on"].gather(owner_firm)), as_of_day - 1
    )
    low = np.concatenate([first_day[person], np.maximum(firm_from, g._day(_REGISTRY_FROM))])
    high = np.concatenate([last_day[person], firm_to])
    kind = _choose_within(
        (~individual).astype(np.int64), [_INDIVIDUAL_TYPE_WEIGHTS, _ORGANISATION_TYPE_WEIGHTS], rng
    )
    electric_from = g._day(_ELECTRIC_FROM)
    kind[(kind == _ELECTRIC) & (high < electric_from)] = _MOTORBIKE
    low = np.where(kind == _ELECTRIC, np.maximum(low, electric_from), low)
    registered = low + np.floor(np.sqrt(rng.random(n)) * (high - low + 1)).astype(np.int64)
    brand_values, brand_table, brand_weights = _flat_pool(_BRANDS)
    brand = brand_table[kind, _choose_within(kind, brand_weights, rng)]

    years = (as_of_day - registered) / 365.2425
    active = rng.random(n) >= 0.02 + 0.1 * years / 30
    active &= ~dissolved
    updated = g._us(as_of) - g._US_PER_S * rng.integers(
        60, np.minimum(300, as_of_day - registered) * g._DAY_S
    )

    # -- plates: locality of the province, series of the type, unique order numbers ----------
    localities, locality_table, locality_weights = _province_plate_codes()
    locality = locality_table[province, _choose_within(province, locality_weights, rng)]
    series_values, series_table, series_weights = _flat_pool(_SERIES)
    series = series_table[kind, _choose_within(kind, series_weights, rng)]
    bike = kind >= _MOTORBIKE
    early_electric = (kind == _ELECTRIC) & (registered < g._day(_MD_SERIES_FROM))
    motorbike_series = series_table[_MOTORBIKE, rng.integers(0, len(_SERIES[_MOTORBIKE]), n)]
    series = np.where(early_electric, motorbike_series, series)
    old = (kind <= _BUS) & (registered < g._day(_OLD_PLATES_BEFORE)) & (rng.random(n) < 0.6)
    all_series = (*series_values, *_BAD_SERIES[0], *_BAD_SERIES[1])

    c.expect_all(
        t,
        (
            "cccd:owner_person_id",
            "exists_in:owner_person_id",
            "owner_name_matches_population",
            "person_id_owner_is_individual",
        ),
        k,
    )
    c.expect_all(
        t,
        (
            "mst:owner_tax_code",
            "exists_in:owner_tax_code",
            "owner_name_matches_registry",
            "dissolved_owner_active",
            "tax_code_owner_is_organisation",
        ),
        e,
    )

    idx = t.take("plate_bad_series")
    pick = g._spread(idx.size, len(_BAD_SERIES[0]), rng)
    offset = len(series_values) + np.where(bike[idx], len(_BAD_SERIES[0]), 0)
    series[idx] = offset + pick
    t.record("plate_bad_series", "plate", idx.size, {"plate_vn:plate": g._fails(idx)})
    idx = t.take("plate_bad_locality")
    locality[idx] = (
        len(localities) - len(BAD_LOCALITIES) + g._spread(idx.size, len(BAD_LOCALITIES), rng)
    )
    t.record("plate_bad_locality", "plate", idx.size, {"plate_vn:plate": g._fails(idx)})

    prefix = locality * len(all_series) + series
    codes = np.zeros(n, dtype=np.int64)
    codes[~old] = g._unique_codes(prefix[~old], 99_999, rng)
    codes[old] = g._unique_codes(prefix[old], 9_999, rng)
    plate = _plate_strings(
        g._lookup("l", localities, locality),
        g._lookup("s", all_series, series),
        _order_numbers(codes, old),
        bike,
    )

    idx = t.take("plate_malformed")
    variant = g._spread(idx.size, 3, rng)
    g._transform(plate, idx[variant == 0], lambda s: s.str.to_lowercase())
    g._transform(plate, idx[variant == 1], lambda s: g._concat(s, " "))
    g._transform(plate, idx[variant == 2], lambda s: s.str.replace("-", "\u2013", literal=True))
    t.record("plate_malformed", "plate", idx.size, {"plate_vn:plate": g._fails(idx)})
    c.duplicate_values(t, "duplicate_plate_pair", "plate", plate, what="duplicate plate")
    idx = t.take("null_plate")
    g._scatter(plate, idx, None)
    gone = {"evaluated": -idx.size}
    t.record(
        "null_plate",
        "plate",
        idx.size,
        {"not_null:plate": g._fails(idx), "unique:plate": gone, "plate_vn:plate": gone},
    )

    # -- owners' ids and names ----------------------------------------------------------
    null_text = pl.Series([None] * e, dtype=pl.String)
    pid = pl.concat([pop.frame["person_id"].gather(person), null_text])
    tax = pl.concat([pl.Series([None] * k, dtype=pl.String), dn.frame["mst"].gather(owner_firm)])
    names = pl.concat([pop.frame["full_name"].gather(person), dn.frame["name"].gather(owner_firm)])
    owner_type = g._lookup("owner_type", OWNER_TYPES, (~individual).astype(np.int64))
    organisation = ~individual
    linked_firm = organisation.copy()
    linked_person = individual.copy()

    c.set_flag(t, "dissolved_owner_active", active, dissolved)
    not_found = ("dissolved_owner_active", "owner_name_matches_registry")  # key not found
    idx = c.inject_absent_tax_codes(
        t,
        "owner_enterprise_absent",
        "owner_tax_code",
        tax,
        province=province,
        exclude=c.registered_bases(dn),
        unevaluated=not_found,
        eligible=organisation,
    )
    linked_firm[idx] = False
    idx = c.transform_rows(
        t,
        "owner_tax_code_bad_check_digit",
        "owner_tax_code",
        tax,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:owner_tax_code", "exists_in:owner_tax_code"],
        unevaluated=not_found,
        eligible=organisation,
    )
    linked_firm[idx] = False
    company = organisation & names.str.starts_with("Công ty ").to_numpy()
    c.transform_rows(
        t,
        "organisation_name_abbreviated",
        "owner_name",
        names,
        lambda s: s.str.replace("Công ty ", "Cty ", literal=True),
        fails=["owner_name_matches_registry"],
        eligible=company,
    )

    idx = c.inject_absent_ids(
        t,
        "owner_person_absent",
        "owner_person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=["owner_name_matches_population"],
        eligible=individual,
    )
    linked_person[idx] = False
    idx = c.transform_rows(
        t,
        "owner_person_id_leading_zero_lost",
        "owner_person_id",
        pid,
        lambda s: s.str.slice(1),
        fails=["cccd:owner_person_id", "exists_in:owner_person_id"],
        unevaluated=["owner_name_matches_population"],
        eligible=individual,
    )
    linked_person[idx] = False
    accented = np.concatenate([c.nfd_changes(pop, person), np.zeros(e, dtype=np.bool_)])
    c.transform_rows(
        t,
        "owner_name_without_diacritics",
        "owner_name",
        names,
        _strip_diacritics,
        fails=["owner_name_matches_population"],
        eligible=accented,
    )
    idx = t.take("owner_name_untrimmed", individual)
    variant = g._spread(idx.size, 2, rng)
    g._transform(names, idx[variant == 0], lambda s: g._concat(" ", s))
    g._transform(names, idx[variant == 1], lambda s: g._concat(s, " "))
    t.record(
        "owner_name_untrimmed",
        "owner_name",
        idx.size,
        {
            "normalized_text:owner_name": g._fails(idx),
            "owner_name_matches_population": g._fails(idx),
        },
    )
    idx = t.take("individual_with_tax_code", individual)
    g._scatter(tax, idx, pid.gather(idx))
    both = {"evaluated": idx.size, "failed": idx.size}
    t.record(
        "individual_with_tax_code",
        "owner_tax_code",
        idx.size,
        {
            "mst:owner_tax_code": both,
            "exists_in:owner_tax_code": both,
            "tax_code_owner_is_organisation": both,
        },
    )

    # -- owner type, vehicle type, status ----------------------------------------------
    idx = t.take("owner_type_mismatch")
    g._scatter(owner_type, idx, g._lookup("", OWNER_TYPES, individual[idx].astype(np.int64)))
    people = int(individual[idx].sum())
    t.record(
        "owner_type_mismatch",
        "owner_type",
        idx.size,
        {
            "person_id_owner_is_individual": {"failed": people},
            "tax_code_owner_is_organisation": {"failed": idx.size - people},
        },
    )
    idx = t.take("owner_type_out_of_set")
    g._inject_pool(owner_type, idx, _BAD_OWNER_TYPES, rng)
    people = int(individual[idx].sum())
    t.record(
        "owner_type_out_of_set",
        "owner_type",
        idx.size,
        {
            "in_set:owner_type": g._fails(idx),
            "person_id_owner_is_individual": {"failed": people},
            "tax_code_owner_is_organisation": {"failed": idx.size - people},
        },
    )
    vehicle_type = g._lookup("vehicle_type", VEHICLE_TYPES, kind)
    c.pool_rows(
        t,
        "vehicle_type_out_of_set",
        "vehicle_type",
        vehicle_type,
        _BAD_VEHICLE_TYPES,
        fails=["in_set:vehicle_type"],
    )
    status = g._lookup("status", STATUSES, (~active).astype(np.int64))
    # never 'active': lifecycle unchanged
    bad_status = c.pool_rows(
        t, "status_out_of_set", "status", status, _BAD_STATUSES, fails=["in_set:status"]
    )

    # -- province, dates ---------------------------------------------------------------
    merged, merged_table, merged_weights = _merged_codes()
    province_code = g._lookup("registration_province", c.communes().provinces, province)
    has_merged = np.array([len(w) > 0 for w in merged_weights])[province]
    idx = t.take("province_legacy_code", has_merged)
    if idx.size:
        legacy = merged_table[province[idx], _choose_within(province[idx], merged_weights, rng)]
        g._scatter(province_code, idx, g._lookup("", merged, legacy))
    effects = {
        "admin_unit:registration_province": g._fails(idx),
        "admin_unit_current:registration_province": g._fails(idx),
    }
    t.record("province_legacy_code", "registration_province", idx.size, effects)
    c.inject_future(
        t,
        "registered_in_future",
        "registered_on",
        registered,
        lambda size: c.future_days(rng, as_of_day, size, 2 * 365),
    )
    c.inject_stale_updated_at(t, updated, as_of)

    frame = pl.DataFrame(
        [
            plate.alias("plate"),
            vehicle_type,
            g._lookup("brand", brand_values, brand),
            owner_type,
            pid.alias("owner_person_id"),
            tax.alias("owner_tax_code"),
            names.alias("owner_name"),
            province_code,
            g._date_series("registered_on", registered),
            status,
            g._datetime_series("updated_at", updated),
        ]
    ).sort("registered_on", maintain_order=True)
    shown_active = active.copy()
    shown_active[bad_status] = False
    cross = {
        "rows": n,
        "individual_vehicles": k,
        "organisation_vehicles": e,
        "vehicles_of_dissolved_enterprises": int((dissolved & linked_firm).sum()),
        "dissolved_owner_active": t.counts["dissolved_owner_active"],
        "vehicles_of_deceased_owners": int((dead & linked_person).sum()),
        "vehicles_of_deceased_owners_active": int((dead & linked_person & shown_active).sum()),
    }
    return c.Part(
        "phuong_tien",
        frame,
        t.ledger,
        {"population": "dan_cu", "enterprises": "doanh_nghiep"},
        cross,
        t.rows,
    )
