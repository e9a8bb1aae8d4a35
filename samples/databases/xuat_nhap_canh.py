"""Immigration (Cơ sở dữ liệu quốc gia về xuất nhập cảnh).

One row per border movement: a person's exit (``exit``) or entry (``entry``) at a border
gate. Most movements are Vietnamese citizens' (nationality ``VNM``, linked to ``dan_cu``
by ``person_id``; name, sex and birth date copied from the master; one ordinary passport
per person, one upper-case letter and seven digits, ``C1234567`` / ``P1234567``); a small
share are foreigners' (``person_id`` null, nationality an ISO 3166-1 alpha-3 code, the
passport number in their country's format, name in upper case as in the passport).

Columns: ``movement_id`` (15 digits: the movement's date ``YYYYMMDD`` and a 7-digit serial),
``passport_no``, ``person_id``, ``full_name``, ``birth_date``, ``gender`` (``Nam`` /
``Nữ``), ``nationality``, ``direction``, ``border_gate`` (official name of an international
border gate), ``moved_at`` and ``updated_at`` (naive Vietnam local time). Each traveller's
movements alternate in time: citizens leave first, foreigners enter first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import numpy as np
import polars as pl

from samples import generator as g
from samples.databases import _common as c
from samples.generator import BoolArray, IntArray

__all__ = [
    "BAD_NATIONALITIES",
    "BORDER_GATES",
    "CHECKS",
    "DEFECTS",
    "DIRECTIONS",
    "FOREIGN",
    "FOREIGN_SHARE",
    "MIN_ROWS",
    "PASSPORT_PATTERN",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "UNTARGETED",
    "Country",
    "generate",
]

#: Border movements per row of ``dan_cu``.
SHARE: Final = 1.5
MIN_ROWS: Final = 1000
#: Share of the movements made by foreigners.
FOREIGN_SHARE: Final = 0.1
DIRECTIONS: Final[tuple[str, ...]] = ("entry", "exit")
#: Movements per citizen and per foreign traveller, on average.
_CITIZEN_MOVEMENTS: Final = 4.0
_FOREIGN_MOVEMENTS: Final = 2.0
#: Movements of the last four years are kept.
_WINDOW_DAYS: Final = 4 * 365
#: Travellers are at least six years old: born two years before the window opens.
_MIN_AGE_DAYS: Final = 6 * 365
#: Series letters of Vietnamese ordinary passports and their shares.
_PASSPORT_SERIES: Final[tuple[str, ...]] = ("C", "P")
_PASSPORT_SERIES_WEIGHTS: Final = (0.55, 0.45)
#: Every passport number in the data: Vietnamese (letter + 7 digits) and the foreign
#: formats of ``FOREIGN`` (2 letters + 7 digits, letter + 8 digits, 9 digits).
PASSPORT_PATTERN: Final = r"^([A-Z]{1,2}[0-9]{7}|[A-Z][0-9]{8}|[0-9]{9})$"

#: International border gates (cửa khẩu quốc tế) and their shares of the movements.
BORDER_GATES: Final[dict[str, float]] = {
    "Cửa khẩu quốc tế Tân Sơn Nhất": 0.30,
    "Cửa khẩu quốc tế Nội Bài": 0.22,
    "Cửa khẩu quốc tế Đà Nẵng": 0.09,
    "Cửa khẩu quốc tế Cam Ranh": 0.05,
    "Cửa khẩu quốc tế Phú Quốc": 0.03,
    "Cửa khẩu quốc tế Cát Bi": 0.01,
    "Cửa khẩu quốc tế Mộc Bài": 0.06,
    "Cửa khẩu quốc tế Móng Cái": 0.05,
    "Cửa khẩu quốc tế Lào Cai": 0.04,
    "Cửa khẩu quốc tế Hữu Nghị": 0.03,
    "Cửa khẩu quốc tế Lao Bảo": 0.02,
    "Cửa khẩu quốc tế Cầu Treo": 0.015,
    "Cửa khẩu quốc tế Tịnh Biên": 0.015,
    "Cửa khẩu quốc tế Bờ Y": 0.01,
    "Cửa khẩu quốc tế Xa Mát": 0.01,
    "Cửa khẩu quốc tế Cảng Sài Gòn": 0.01,
    "Cửa khẩu quốc tế Cảng Hải Phòng": 0.01,
}


@dataclass(frozen=True)
class Country:
    """A foreign nationality: ISO codes, share, passport format and names as in passports."""

    alpha2: str
    weight: float
    prefixes: tuple[str, ...]  # letters before the digits ("" = digits only)
    digits: int
    families: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]


#: Foreign travellers' nationalities (ISO 3166-1 alpha-3) and what their records look like.
FOREIGN: Final[dict[str, Country]] = {
    "CHN": Country(
        "CN",
        0.28,
        ("E",),
        8,
        ("ZHANG", "WANG", "LI", "LIU", "CHEN", "YANG", "HUANG", "ZHAO"),
        ("WEI", "QIANG", "JUN", "HAO", "LEI", "JIANMING"),
        ("FANG", "NA", "XIUYING", "JING", "YAN", "MIN"),
    ),
    "KOR": Country(
        "KR",
        0.25,
        ("M",),
        8,
        ("KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG"),
        ("MINJUN", "SEOJUN", "JIHOON", "HYUNWOO", "DONGHYUN"),
        ("SEOYEON", "JIWOO", "MINJI", "SOYEON", "HAEUN"),
    ),
    "USA": Country(
        "US",
        0.07,
        ("",),
        9,
        ("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER"),
        ("JOHN MICHAEL", "JAMES", "ROBERT", "DAVID"),
        ("MARY", "JENNIFER", "SARAH ELIZABETH", "EMILY"),
    ),
    "JPN": Country(
        "JP",
        0.07,
        ("TK", "TR", "TZ", "MZ"),
        7,
        ("SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE"),
        ("HARUTO", "HIROSHI", "TAKESHI", "KENJI"),
        ("YUI", "SAKURA", "AOI", "HINA"),
    ),
    "TWN": Country(
        "TW",
        0.06,
        ("",),
        9,
        ("CHEN", "LIN", "HUANG", "CHANG", "WANG"),
        ("CHIH-HAO", "CHIA-HAO", "CHENG-EN"),
        ("YU-TING", "SHU-FEN", "YI-CHEN"),
    ),
    "AUS": Country(
        "AU",
        0.05,
        ("PA", "PB", "PE"),
        7,
        ("SMITH", "JONES", "WILLIAMS", "TAYLOR", "NGUYEN"),
        ("JACK", "OLIVER", "WILLIAM"),
        ("CHARLOTTE", "OLIVIA", "AMELIA"),
    ),
    "THA": Country(
        "TH",
        0.04,
        ("AA", "AB", "AC"),
        7,
        ("SRISUK", "SAETANG", "WONGSAWAT", "CHAIYAPORN"),
        ("SOMCHAI", "ANAN", "KITTISAK"),
        ("SUDA", "MALEE", "SIRIPORN"),
    ),
    "MYS": Country(
        "MY",
        0.04,
        ("A", "H"),
        8,
        ("TAN", "LIM", "LEE", "WONG"),
        ("WEI MING", "AHMAD", "KAR WAI"),
        ("SITI", "MEI LING", "NUR AISYAH"),
    ),
    "IND": Country(
        "IN",
        0.04,
        ("J", "K", "L", "M", "N"),
        7,
        ("SHARMA", "PATEL", "SINGH", "KUMAR"),
        ("RAHUL", "AMIT", "VIKRAM"),
        ("PRIYA", "ANITA", "DEEPIKA"),
    ),
    "GBR": Country(
        "GB",
        0.03,
        ("",),
        9,
        ("SMITH", "JONES", "TAYLOR", "BROWN"),
        ("OLIVER", "HARRY", "GEORGE"),
        ("AMELIA", "ISLA", "EMILY"),
    ),
    "KHM": Country(
        "KH",
        0.04,
        ("N",),
        7,
        ("SOK", "CHEA", "KEO", "PHAN"),
        ("DARA", "VIBOL", "SOPHEAP"),
        ("SREYMOM", "CHANTHA", "SOPHEA"),
    ),
    "LAO": Country(
        "LA",
        0.03,
        ("P",),
        7,
        ("PHOMMACHANH", "SAYASANE", "VONGSA"),
        ("SOMPHONE", "KHAMPHONE", "BOUNTHONG"),
        ("BOUNMY", "MANIVANH", "KHAMLA"),
    ),
}

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 10
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ()
#: Check ids of ``suites/xuat_nhap_canh.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:movement_id",
    "not_null:passport_no",
    "not_null:nationality",
    "not_null:direction",
    "not_null:border_gate",
    "not_null:moved_at",
    "unique:movement_id",
    "name_vn:full_name",
    "normalized_text:full_name",
    "pattern:passport_no",
    "citizen_passport_format",
    "cccd:person_id",
    "cccd_consistent:person_id",
    "in_set:direction",
    "in_set:border_gate",
    "exists_in:person_id",
    "in_catalogue:nationality",
    "birth_date_matches_population",
    "sex_matches_population",
    "name_matches_population",
    "not_future:moved_at",
    "not_future:updated_at",
    "fresh:updated_at",
)
#: Checks evaluated on citizens' movements only (``person_id`` is null for foreigners).
_CITIZEN_CHECKS: Final[tuple[str, ...]] = (
    "cccd:person_id",
    "cccd_consistent:person_id",
    "exists_in:person_id",
    "birth_date_matches_population",
    "sex_matches_population",
    "name_matches_population",
)
_AGREEMENTS: Final[tuple[str, ...]] = (
    "birth_date_matches_population",
    "sex_matches_population",
    "name_matches_population",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:movement_id",
        "not_null:passport_no",
        "not_null:nationality",
        "not_null:direction",
        "not_null:moved_at",
        "cccd:person_id",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "person_id_absent": 1.0,
    "birth_date_mismatch": 1.0,
    "sex_mismatch": 0.5,
    "name_nfd": 1.0,
    "name_without_diacritics": 1.0,
    "passport_malformed": 1.5,
    "nationality_not_alpha3": 1.0,
    "foreign_nationality_alpha2": 0.5,
    "direction_out_of_set": 0.5,
    "border_gate_nonstandard": 0.5,
    "null_border_gate": 0.5,
    "movement_in_future": 0.5,
    "duplicate_movement_pair": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "person_id_absent": "citizen's well-formed personal id that does not exist in dan_cu",
    "birth_date_mismatch": (
        "birth_date 1-365 days after dan_cu's (also breaks cccd_consistent when the year changes)"
    ),
    "sex_mismatch": "gender opposite to dan_cu's (and to the id's sex digit)",
    "name_nfd": "name in Unicode NFD (decomposed diacritics), so unlike dan_cu's",
    "name_without_diacritics": (
        "name copied from the passport's machine-readable zone: capitals without diacritics "
        "(NGUYEN VAN AN), unlike dan_cu's"
    ),
    "passport_malformed": (
        "citizen's passport number mistyped: lower-case letter, space, letter dropped "
        "(fail both passport checks) or an eighth digit (fails citizen_passport_format only)"
    ),
    "nationality_not_alpha3": "citizen's nationality not ISO alpha-3 (VN, Việt Nam, XXX, vnm, VIE)",
    "foreign_nationality_alpha2": "foreigner's nationality as ISO alpha-2 (CN, KR, ...)",
    "direction_out_of_set": "direction outside entry / exit (Xuất cảnh, IN, ...)",
    "border_gate_nonstandard": "border gate not under its official name (Nội Bài, TSN, ...)",
    "null_border_gate": "border gate missing",
    "movement_in_future": "movement time after the as-of instant",
    "duplicate_movement_pair": "one movement recorded twice (whole record)",
}
#: Nationalities of citizens' rows that are no ISO 3166-1 alpha-3 code.
BAD_NATIONALITIES: Final[tuple[str, ...]] = ("VN", "Việt Nam", "XXX", "vnm", "VIE")
_BAD_DIRECTIONS: Final[tuple[str, ...]] = ("Xuất cảnh", "Nhập cảnh", "IN", "OUT", "xuat")
_BAD_GATES: Final[tuple[str, ...]] = (
    "Nội Bài",
    "TSN",
    "CKQT Tân Sơn Nhất",
    "Cửa khẩu Quốc tế Mộc Bài",
    "Sân bay Đà Nẵng",
)
#: Passport mistypes: (what is done, whether the result still matches PASSPORT_PATTERN).
_PASSPORT_MISTYPES: Final[tuple[tuple[str, bool], ...]] = (
    ("lower-case letter", False),
    ("space after the letter", False),
    ("letter dropped", False),
    ("eighth digit", True),
)


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Border movements of clean, living ``dan_cu`` people and of foreigners.

    Parameters
    ----------
    pop
        The population master (only its clean rows are linked).
    rng
        This database's random stream.
    as_of
        The as-of instant (naive Vietnam local time).
    rate
        Defect rate.
    parts
        The other linked databases (unused: this one draws from ``dan_cu`` only).

    Returns
    -------
    Part
        The frame, its ledger, references and cross-database facts.
    """
    del parts  # draws from dan_cu only
    as_of_day = g._day(as_of.date())
    now = g._us(as_of)
    p = pop.people
    eligible = c.clean_people(pop) & ~p.dead & (p.birth <= as_of_day - _MIN_AGE_DAYS)
    n = round(pop.frame.height * SHARE)
    n_f = round(n * FOREIGN_SHARE) if eligible.any() else n
    n_c = n - n_f
    t = c.new_table(
        "xuat_nhap_canh",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    for check_id in _CITIZEN_CHECKS:
        t.ledger.expect(check_id, n_c)
    citizen: BoolArray = np.arange(n) < n_c
    foreign: BoolArray = ~citizen

    # -- travellers and their movements ------------------------------------------------
    k_c = min(int(eligible.sum()), max(1, round(n_c / _CITIZEN_MOVEMENTS)))
    travellers = np.sort(rng.choice(np.flatnonzero(eligible), size=k_c, replace=False))
    k_f = max(1, round(n_f / _FOREIGN_MOVEMENTS))
    owner = np.concatenate([_owners(rng, k_c, n_c), k_c + _owners(rng, k_f, n_f)])
    person = travellers[owner[:n_c]].astype(np.int64)  # dan_cu row of each citizen movement
    visitor = owner[n_c:] - k_c  # foreign traveller of each foreigner movement
    moved = now - rng.integers(3600, _WINDOW_DAYS * g._DAY_S, n) * g._US_PER_S
    resync = now - rng.integers(60, 300 * g._DAY_S, n) * g._US_PER_S
    updated = np.minimum(np.maximum(moved + _delays(rng, n), resync), now)
    gate_w = np.asarray(list(BORDER_GATES.values()))
    gate = g._lookup(
        "border_gate", tuple(BORDER_GATES), rng.choice(gate_w.size, n, p=gate_w / gate_w.sum())
    )

    # one movement recorded twice: reserve the rows now, copy the whole record at the end
    src, dst = c.take_pairs(t, "duplicate_movement_pair", "duplicate movement", citizen)
    c.record_pairs(t, "duplicate_movement_pair", "movement_id", "movement_id")
    if n >= 64:  # values exactly on the limits of fresh and not_future (they pass)
        edge = t.rows.take(2, what="boundary rows")
        moved[edge[0]] = g._us(as_of - g.MAX_AGE) - g._DAY_S * g._US_PER_S
        updated[edge[0]] = g._us(as_of - g.MAX_AGE)
        moved[edge[1]] = updated[edge[1]] = now
    rank = _rank_within(owner, moved)
    direction = g._lookup("direction", DIRECTIONS, (rank + 1 + foreign) % 2)
    movement_id = g._id_strings("movement_id", g._unique_codes(_yyyymmdd(moved), 10**7, rng), 15)

    # -- the people: citizens from dan_cu, foreigners drawn here -------------------------
    visitors = _foreigners(k_f, rng, as_of_day)
    master = c.person_frame(pop, person)
    pid = pl.concat([master["person_id"], pl.repeat(None, n_f, dtype=pl.String, eager=True)])
    names = pl.concat([master["full_name"], visitors.names.gather(visitor)])
    female = np.concatenate([p.female[person], visitors.female[visitor]])
    birth = np.concatenate([p.birth[person], visitors.birth[visitor]])
    country = visitors.country[visitor]
    codes = tuple(FOREIGN)
    nationality = pl.concat(
        [pl.repeat("VNM", n_c, dtype=pl.String, eager=True), g._lookup("", codes, country)]
    )
    passport = pl.concat(
        [_citizen_passports(k_c, rng).gather(owner[:n_c]), visitors.passports.gather(visitor)]
    )

    # -- personal ids and the facts the master holds -------------------------------------
    absent = c.inject_absent_ids(
        t,
        "person_id_absent",
        "person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=_AGREEMENTS,
        eligible=citizen,
    )
    # a later birth date: still at least a year before any movement
    c.inject_fact_mismatches(
        t, birth, female, "cccd_consistent:person_id", later=True, eligible=citizen
    )
    decomposes = np.concatenate([c.nfd_changes(pop, person), np.zeros(n_f, dtype=np.bool_)])
    c.transform_rows(
        t,
        "name_nfd",
        "full_name",
        names,
        c.nfd,
        fails=["name_vn:full_name", "normalized_text:full_name", "name_matches_population"],
        eligible=decomposes,
    )
    c.transform_rows(
        t,
        "name_without_diacritics",
        "full_name",
        names,
        _machine_readable,
        fails=["name_matches_population"],
        eligible=citizen,
    )

    # -- passports and nationality -------------------------------------------------------
    idx = t.take("passport_malformed", citizen)
    mistype = g._spread(idx.size, len(_PASSPORT_MISTYPES), rng)
    extra = rng.integers(0, 10, idx.size)
    g._transform(passport, idx, lambda s: _mistyped(s, mistype, extra))
    still_matching = np.asarray([m[1] for m in _PASSPORT_MISTYPES])[mistype]
    t.record(
        "passport_malformed",
        "passport_no",
        idx.size,
        {
            "pattern:passport_no": {"failed": int((~still_matching).sum())},
            "citizen_passport_format": g._fails(idx),
        },
    )
    c.pool_rows(
        t,
        "nationality_not_alpha3",
        "nationality",
        nationality,
        BAD_NATIONALITIES,
        fails=["in_catalogue:nationality"],
        eligible=citizen,
    )
    idx = t.take("foreign_nationality_alpha2", foreign)
    alpha2 = tuple(FOREIGN[code].alpha2 for code in codes)
    g._scatter(nationality, idx, g._lookup("", alpha2, country[idx - n_c]))
    t.record(
        "foreign_nationality_alpha2",
        "nationality",
        idx.size,
        {"in_catalogue:nationality": g._fails(idx)},
    )

    # -- the movement itself -----------------------------------------------------------
    c.pool_rows(
        t,
        "direction_out_of_set",
        "direction",
        direction,
        _BAD_DIRECTIONS,
        fails=["in_set:direction"],
    )
    c.pool_rows(
        t,
        "border_gate_nonstandard",
        "border_gate",
        gate,
        _BAD_GATES,
        fails=["in_set:border_gate"],
    )
    idx = t.take("null_border_gate")
    g._scatter(gate, idx, None)
    t.record(
        "null_border_gate",
        "border_gate",
        idx.size,
        {"not_null:border_gate": g._fails(idx), "in_set:border_gate": {"evaluated": -idx.size}},
    )
    moved_at = moved.copy()  # moved stays the time the id and the direction were made from
    c.inject_future(
        t,
        "movement_in_future",
        "moved_at",
        moved_at,
        lambda size: c.future_micros(rng, as_of, size, 90),
    )
    limit = g._us(as_of - g.MAX_AGE)
    idx = t.take("stale_updated_at", moved < limit - g._DAY_S * g._US_PER_S)
    updated[idx] = moved[idx] + _delays(rng, idx.size)  # never touched again
    t.record("stale_updated_at", "updated_at", idx.size, {"fresh:updated_at": g._fails(idx)})

    # -- the table: duplicates copied, rows in the order of the movements ----------------
    source = np.arange(n, dtype=np.int64)
    source[dst] = src
    frame = pl.DataFrame(
        [
            movement_id,
            passport.alias("passport_no"),
            pid.alias("person_id"),
            names.alias("full_name"),
            g._date_series("birth_date", birth),
            g._lookup("gender", g.GENDERS, female.astype(np.int64)),
            nationality.alias("nationality"),
            direction,
            gate,
            g._datetime_series("moved_at", moved_at),
            g._datetime_series("updated_at", updated),
        ]
    )
    order = np.argsort(moved[source], kind="stable")  # rows in the order of the movements
    pool = g._Rows(n, rng, "xuat_nhap_canh")  # the row pool, in the frame's order
    pool.used = t.rows.used[order]
    linked = np.ones(n_c, dtype=np.bool_)
    linked[absent] = False
    cross = {
        "rows": n,
        "citizen_movements": n_c,
        "foreigner_movements": n_f,
        "travellers_linked": _distinct(person[source[:n_c][linked[source[:n_c]]]], p.birth.size),
        "person_id_absent": t.counts["person_id_absent"],
        "birth_date_disagrees": t.counts["birth_date_mismatch"],
        "gender_disagrees": t.counts["sex_mismatch"],
        "name_disagrees": t.counts["name_nfd"] + t.counts["name_without_diacritics"],
        "movements_in_future": t.counts["movement_in_future"],
    }
    return c.Part(
        "xuat_nhap_canh", frame[source[order]], t.ledger, {"population": "dan_cu"}, cross, pool
    )


# ---------------------------------------------------------------------------------------
# helpers


@dataclass(frozen=True)
class _Foreigners:
    """Foreign travellers: nationality (index into ``FOREIGN``), sex, birth, name, passport."""

    country: IntArray
    female: BoolArray
    birth: IntArray
    names: pl.Series
    passports: pl.Series


def _foreigners(k: int, rng: np.random.Generator, as_of_day: int) -> _Foreigners:
    """``k`` foreign travellers; passport numbers are distinct within each nationality."""
    countries = tuple(FOREIGN.values())
    weights = np.asarray([x.weight for x in countries])
    country = rng.choice(len(countries), size=k, p=weights / weights.sum()).astype(np.int64)
    female = rng.random(k) < 0.5
    birth = as_of_day - rng.integers(6 * 365, 75 * 365, k)
    names = pl.Series("full_name", [""] * k, dtype=pl.String)
    passports = pl.Series("passport_no", [""] * k, dtype=pl.String)
    for i, x in enumerate(countries):  # a dozen nationalities, each filled at once
        idx = np.flatnonzero(country == i).astype(np.int64)
        if not idx.size:
            continue
        given = np.where(
            female[idx],
            len(x.male) + rng.integers(0, len(x.female), idx.size),
            rng.integers(0, len(x.male), idx.size),
        )
        g._scatter(
            names,
            idx,
            g._concat(
                g._lookup("", x.families, rng.integers(0, len(x.families), idx.size)),
                " ",
                g._lookup("", (*x.male, *x.female), given),
            ),
        )
        serial = g._unique_codes(np.zeros(idx.size, dtype=np.int64), 10**x.digits, rng)
        g._scatter(
            passports,
            idx,
            g._concat(
                g._lookup("", x.prefixes, rng.integers(0, len(x.prefixes), idx.size)),
                g._id_strings("", serial, x.digits),
            ),
        )
    return _Foreigners(country, female, birth, names, passports)


def _citizen_passports(k: int, rng: np.random.Generator) -> pl.Series:
    """``k`` distinct Vietnamese ordinary passport numbers (series letter + 7 digits)."""
    w = np.asarray(_PASSPORT_SERIES_WEIGHTS)
    series = rng.choice(len(_PASSPORT_SERIES), size=k, p=w / w.sum()).astype(np.int64)
    codes = g._unique_codes(series, 10**7, rng)
    return g._concat(
        g._lookup("", _PASSPORT_SERIES, codes // 10**7), g._id_strings("", codes % 10**7, 7)
    )


def _mistyped(numbers: pl.Series, mistype: IntArray, extra: IntArray) -> pl.Series:
    """The passport numbers mistyped as ``_PASSPORT_MISTYPES[mistype]`` says."""
    letter, digits = numbers.str.slice(0, 1), numbers.str.slice(1)
    frame = pl.DataFrame({"letter": letter, "digits": digits, "kind": mistype, "extra": extra})
    kind = pl.col("kind")
    out = frame.select(
        pl.when(kind == 0)
        .then(pl.col("letter").str.to_lowercase() + pl.col("digits"))
        .when(kind == 1)
        .then(pl.col("letter") + " " + pl.col("digits"))
        .when(kind == 2)
        .then(pl.col("digits"))
        .otherwise(pl.col("letter") + pl.col("digits") + pl.col("extra").cast(pl.String))
    )
    return out.to_series()


def _machine_readable(names: pl.Series) -> pl.Series:
    """Names as the passport's machine-readable zone writes them: NGUYEN VAN AN."""
    plain = names.str.normalize("NFD").str.replace_all(r"\p{M}", "")
    return (
        plain.str.replace_all("Đ", "D", literal=True)
        .str.replace_all("đ", "d", literal=True)
        .str.to_uppercase()
    )


def _owners(rng: np.random.Generator, k: int, size: int) -> IntArray:
    """Which of ``k`` travellers made each of ``size`` movements (some travel a lot)."""
    if size == 0:
        return np.empty(0, dtype=np.int64)
    w = rng.lognormal(0.0, 0.8, k)
    owners: IntArray = rng.choice(k, size=size, p=w / w.sum()).astype(np.int64)
    return owners


def _delays(rng: np.random.Generator, size: int) -> IntArray:
    """Microseconds between a movement and its record: a minute to a day."""
    delays: IntArray = rng.integers(60, g._DAY_S, size) * g._US_PER_S
    return delays


def _rank_within(owner: IntArray, moved: IntArray) -> IntArray:
    """0 for each traveller's first movement in time, 1 for the second, ..."""
    by_time = np.argsort(moved, kind="stable")
    order = by_time[np.argsort(owner[by_time], kind="stable")]  # by owner, then by time
    ordered = owner[order]
    start = np.ones(ordered.size, dtype=np.bool_)
    start[1:] = ordered[1:] != ordered[:-1]
    position = np.arange(ordered.size, dtype=np.int64)
    first = np.maximum.accumulate(np.where(start, position, 0))
    rank = np.empty(ordered.size, dtype=np.int64)
    rank[order] = position - first
    return rank


def _distinct(rows: IntArray, size: int) -> int:
    """How many distinct values of ``rows`` (indices below ``size``) there are."""
    seen = np.zeros(size, dtype=np.bool_)
    seen[rows] = True
    return int(seen.sum())


def _yyyymmdd(micros: IntArray) -> IntArray:
    """The date of each instant as the integer ``YYYYMMDD``."""
    days = (micros // (g._DAY_S * g._US_PER_S)).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    out: IntArray = year * 10_000 + month * 100 + day
    return out
