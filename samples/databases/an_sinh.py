"""Social protection (Cơ sở dữ liệu quốc gia về an sinh xã hội).

One row per beneficiary and policy: the beneficiary's personal id (``beneficiary_id``, the
ĐDCN of ``dan_cu``), name, birth date and sex (copied from the master), the policy code, the
monthly amount in VND, the start and end dates of the payment, its status ``active`` /
``stopped`` and the 2025 commune that pays it, with ``updated_at``.

Policies (``POLICIES``) are the monthly social allowances of Nghị định 20/2021/NĐ-CP
(amended by Nghị định 76/2024/NĐ-CP: base level *mức chuẩn trợ giúp xã hội* 500,000 VND from
2024-07-01, times the coefficient of Điều 6) and the monthly allowance of a martyr's next of
kin (Nghị định 55/2023/NĐ-CP amended by Nghị định 77/2024/NĐ-CP: base level 2,789,000 VND
times the number of martyrs). A person receives at most one social allowance (the highest);
some also receive the martyr's-kin allowance, so they have two rows. Payments of deceased
people are ``stopped`` on or after the death date; an active payment has no end date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt
import polars as pl

from samples import generator as g
from samples.databases import _common as c
from samples.generator import BoolArray, IntArray

__all__ = [
    "AMOUNT_MAX",
    "AMOUNT_MIN",
    "CHECKS",
    "DEFECTS",
    "MERIT_BASE",
    "MIN_ROWS",
    "POLICIES",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "SOCIAL_BASE",
    "STATUSES",
    "UNTARGETED",
    "generate",
]

#: Payments (rows) per row of ``dan_cu``.
SHARE: Final = 0.5
MIN_ROWS: Final = 500
STATUSES: Final[tuple[str, ...]] = ("active", "stopped")
#: Mức chuẩn trợ giúp xã hội since 2024-07-01 (Nghị định 76/2024/NĐ-CP), VND per month.
SOCIAL_BASE: Final = 500_000
#: Mức chuẩn trợ cấp ưu đãi người có công since 2024-07-01 (Nghị định 77/2024/NĐ-CP).
MERIT_BASE: Final = 2_789_000
#: Range of a valid monthly amount (``between:monthly_amount`` in the suite).
AMOUNT_MIN: Final = 500_000
AMOUNT_MAX: Final = 10_000_000


class _Policy(NamedTuple):
    """One policy: its name, the ages it applies to, how common it is, its base level."""

    name: str
    min_age: int  # years, at the payment's last day (death or as-of)
    max_age: int  # exclusive
    weight: float  # relative frequency among the policies a person qualifies for
    base: int  # VND per month, times the coefficient


_SPECS: Final[dict[str, _Policy]] = {
    "BTXH_TE_MOCOI": _Policy(
        "Trợ cấp xã hội hằng tháng: trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
        0,
        16,
        0.6,
        SOCIAL_BASE,
    ),
    "BTXH_NCT_HONGHEO": _Policy(
        "Trợ cấp xã hội hằng tháng: người cao tuổi thuộc hộ nghèo không có người phụng dưỡng",
        60,
        200,
        1.5,
        SOCIAL_BASE,
    ),
    "BTXH_NCT_80": _Policy(
        "Trợ cấp xã hội hằng tháng: người từ đủ 80 tuổi không có lương hưu, trợ cấp BHXH",
        80,
        200,
        8.0,
        SOCIAL_BASE,
    ),
    "BTXH_NKT_DBN": _Policy(
        "Trợ cấp xã hội hằng tháng: người khuyết tật đặc biệt nặng", 0, 200, 1.0, SOCIAL_BASE
    ),
    "BTXH_NKT_NANG": _Policy(
        "Trợ cấp xã hội hằng tháng: người khuyết tật nặng", 0, 200, 2.5, SOCIAL_BASE
    ),
    "BTXH_DONTHAN_HN": _Policy(
        "Trợ cấp xã hội hằng tháng: người đơn thân thuộc hộ nghèo đang nuôi con",
        18,
        55,
        0.4,
        SOCIAL_BASE,
    ),
    "BTXH_HIV_HN": _Policy(
        "Trợ cấp xã hội hằng tháng: người nhiễm HIV/AIDS thuộc hộ nghèo",
        16,
        60,
        0.15,
        SOCIAL_BASE,
    ),
    "NCC_TNLS": _Policy(
        "Trợ cấp tuất hằng tháng: thân nhân liệt sĩ (người có công với cách mạng)",
        50,
        200,
        1.5,
        MERIT_BASE,
    ),
}
#: Policy codes and their names.
POLICIES: Final[dict[str, str]] = {code: spec.name for code, spec in _SPECS.items()}
_CODES: Final = tuple(_SPECS)
_ORPHAN, _ELDERLY_POOR, _ELDERLY_80, _SEVERE, _HEAVY, _SINGLE_PARENT, _HIV, _MARTYR_KIN = range(8)
_MIN_AGE: Final = np.array([s.min_age for s in _SPECS.values()], dtype=np.int64)
_MAX_AGE: Final = np.array([s.max_age for s in _SPECS.values()], dtype=np.int64)
_WEIGHT: Final = np.array([s.weight for s in _SPECS.values()])
_BASE: Final = np.array([s.base for s in _SPECS.values()], dtype=np.int64)
#: Share of rows that are the second payment of a beneficiary: the martyr's-kin allowance
#: of someone who also receives a social allowance.
_SECOND_PAYMENT_SHARE: Final = 0.04
_YEAR: Final = 365.2425

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 9
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ()
#: Check ids of ``suites/an_sinh.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:beneficiary_id",
    "not_null:policy_code",
    "not_null:status",
    "unique:beneficiary_id+policy_code",
    "name_vn:full_name",
    "normalized_text:full_name",
    "cccd:beneficiary_id",
    "cccd_consistent:beneficiary_id",
    "in_set:policy_code",
    "in_set:status",
    "between:monthly_amount",
    "ended_after_start",
    "admin_unit:commune_code",
    "exists_in:beneficiary_id",
    "birth_date_matches_population",
    "sex_matches_population",
    "deceased_still_active",
    "admin_unit_current:commune_code",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:policy_code",
        "not_null:status",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "deceased_still_active": 2.0,
    "duplicate_beneficiary_policy_pair": 0.5,
    "null_beneficiary_id": 0.5,
    "beneficiary_id_letter_o": 0.5,
    "beneficiary_id_absent": 1.0,
    "birth_date_mismatch": 1.0,
    "sex_mismatch": 0.5,
    "name_nfd": 1.0,
    "name_lower_case": 0.5,
    "policy_code_out_of_set": 0.5,
    "status_out_of_set": 0.5,
    "amount_in_thousands": 1.0,
    "amount_extra_zeros": 0.5,
    "ended_before_start": 0.5,
    "commune_legacy_code": 1.0,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "deceased_still_active": "person deceased in dan_cu but the payment still active",
    "duplicate_beneficiary_policy_pair": "one payment (beneficiary and policy) recorded twice",
    "null_beneficiary_id": "payment recorded without the beneficiary's personal id",
    "beneficiary_id_letter_o": "personal id starting with the letter O instead of the digit 0",
    "beneficiary_id_absent": "well-formed personal id that does not exist in dan_cu",
    "birth_date_mismatch": (
        "birth_date 1-365 days before dan_cu's (also breaks cccd_consistent when the year changes)"
    ),
    "sex_mismatch": "gender opposite to dan_cu's (and to the id's sex digit)",
    "name_nfd": "name in Unicode NFD (decomposed diacritics)",
    "name_lower_case": "name in lower case (nguyễn văn an)",
    "policy_code_out_of_set": "policy code outside the list (NCT80, Người cao tuổi, ...)",
    "status_out_of_set": "status outside {active, stopped} (Đang hưởng, ACTIVE, ...)",
    "amount_in_thousands": "monthly amount entered in thousand VND (750 for 750,000)",
    "amount_extra_zeros": "monthly amount with two extra zeros (75,000,000 for 750,000)",
    "ended_before_start": "end_date before start_date",
    "commune_legacy_code": "paying commune's code abolished on 2025-07-01",
}
_BAD_POLICIES: Final[tuple[str, ...]] = ("NCT80", "btxh_nct_80", "Người cao tuổi", "BTXH-NKT")
_BAD_STATUSES: Final[tuple[str, ...]] = ("Đang hưởng", "Dừng hưởng", "ACTIVE", "stop")


def _pick_people(
    candidates: BoolArray,
    weights: npt.NDArray[np.float64],
    size: int,
    rng: np.random.Generator,
    *,
    must: BoolArray,
    k: int,
) -> IntArray:
    """``size`` distinct rows among ``candidates`` drawn with ``weights``, ``k`` of ``must``.

    A weighted draw without replacement (Efraimidis-Spirakis: the smallest exponential
    keys divided by the weights), vectorised; the ``k`` rows of ``must`` come first so the
    defects that need them (a deceased person, ...) find room even in small samples.
    """
    special = np.flatnonzero(candidates & must)
    forced = rng.choice(special, size=min(k, special.size, size), replace=False)
    rest = candidates.copy()
    rest[forced] = False
    pool = np.flatnonzero(rest)
    want = min(size - forced.size, pool.size)
    keys = rng.exponential(size=pool.size) / weights[pool]
    chosen = pool[np.argpartition(keys, want - 1)[:want]] if want else pool[:0]
    rows: IntArray = np.sort(np.concatenate([forced, chosen])).astype(np.int64)
    return rows


def _ages(birth: IntArray, day: IntArray) -> IntArray:
    """Completed years between ``birth`` and ``day`` (days since 1970-01-01)."""
    ages: IntArray = np.floor((day - birth) / _YEAR).astype(np.int64)
    return ages


def _draw_policy(
    eligible: BoolArray, rng: np.random.Generator, exclude: int | None = None
) -> IntArray:
    """One policy per row among its eligible ones, drawn with the policies' weights."""
    w = eligible * _WEIGHT
    if exclude is not None:
        w[:, exclude] = 0.0
    cum = np.cumsum(w, axis=1)
    u = rng.random(eligible.shape[0]) * cum[:, -1]
    picked: IntArray = np.minimum((cum <= u[:, None]).sum(axis=1), len(_CODES) - 1)
    return picked.astype(np.int64)


def _amounts(policy: IntArray, age: IntArray, count: IntArray) -> IntArray:
    """Monthly amount: the base level times the coefficient (Điều 6, Nghị định 20/2021).

    ``count`` is the number of children raised (single parents) or of martyrs (next of
    kin); the coefficient is kept times ten so every amount is an exact integer.
    """
    frail = (age < 16) | (age >= 60)  # disabled children and elderly get the higher level
    tenths = np.select(
        [
            policy == _ORPHAN,
            policy == _ELDERLY_POOR,
            policy == _ELDERLY_80,
            policy == _SEVERE,
            policy == _HEAVY,
            policy == _SINGLE_PARENT,
            policy == _HIV,
            policy == _MARTYR_KIN,
        ],
        [
            np.where(age < 4, 25, 15),
            np.where(age >= 80, 20, 15),
            np.full(policy.size, 10),
            np.where(frail, 25, 20),
            np.where(frail, 20, 15),
            10 * count,
            np.full(policy.size, 15),
            10 * count,
        ],
    )
    amounts: IntArray = _BASE[policy] * tenths // 10
    return amounts


def _communes_in(province: IntArray, rng: np.random.Generator) -> IntArray:
    """A random 2025 commune (index into ``c.communes()``) in each given province."""
    com = c.communes()
    order = np.argsort(com.province, kind="stable")
    counts = np.bincount(com.province, minlength=len(com.provinces))
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    within = np.floor(rng.random(province.size) * counts[province]).astype(np.int64)
    picked: IntArray = order[offsets[province] + within].astype(np.int64)
    return picked


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Social-protection payments of clean ``dan_cu`` people (elderly and children first)."""
    del parts  # draws from dan_cu only
    as_of_day = g._day(as_of.date())
    p = pop.people
    clean = c.clean_people(pop)
    target = round(pop.frame.height * SHARE)
    people = min(target - round(target * _SECOND_PAYMENT_SHARE), int(clean.sum()))
    # defect counts at the target size bound those at the final size (never larger)
    most = g._defect_counts(DEFECTS, target, rate)
    need = 2 * most["deceased_still_active"] + 2 * most["duplicate_beneficiary_policy_pair"]
    age_now = _ages(p.birth, np.full(p.birth.size, as_of_day))
    weight = np.select([age_now >= 80, age_now >= 60, age_now < 16], [12.0, 4.0, 1.5], 1.0)
    person = _pick_people(clean, weight, people, rng, must=p.dead, k=need + 3)

    # -- policies per person, then one row per payment -----------------------------
    last_day = np.where(p.dead[person], p.death[person], as_of_day)
    age = _ages(p.birth[person], last_day)
    eligible = (age[:, None] >= _MIN_AGE) & (age[:, None] < _MAX_AGE)
    kin = np.flatnonzero(eligible[:, _MARTYR_KIN])
    two = np.zeros(person.size, dtype=np.bool_)
    two[rng.choice(kin, size=min(target - person.size, kin.size), replace=False)] = True
    first = np.where(two, _draw_policy(eligible, rng, _MARTYR_KIN), _draw_policy(eligible, rng))
    province = c.province_index(pop.frame["province_code"].gather(person))
    commune_of_person = _communes_in(province, rng)
    owner = np.repeat(np.arange(person.size), 1 + two.astype(np.int64))
    n = owner.size
    second = np.ones(n, dtype=np.bool_)
    second[np.searchsorted(owner, np.arange(person.size))] = False
    t = c.new_table(
        "an_sinh",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )

    row_person = person[owner]
    policy = np.where(second, _MARTYR_KIN, first[owner]).astype(np.int64)
    count = np.where(
        policy == _MARTYR_KIN,
        rng.choice([1, 2, 3], size=n, p=[0.88, 0.10, 0.02]),
        rng.choice([1, 2, 3], size=n, p=[0.60, 0.30, 0.10]),
    ).astype(np.int64)
    amount = _amounts(policy, age[owner], count)
    end_day = last_day[owner]
    birth_row = p.birth[row_person]
    low = np.maximum(
        birth_row + np.ceil(_MIN_AGE[policy] * _YEAR).astype(np.int64),
        as_of_day - round(20 * _YEAR),
    )
    start = np.minimum(
        low + np.floor(rng.random(n) * (end_day - low + 1)).astype(np.int64), end_day
    )
    dead_row = p.dead[row_person]
    stopped = dead_row | (rng.random(n) < 0.06)
    end = np.where(
        dead_row,
        np.minimum(end_day + rng.integers(0, 46, n), as_of_day),
        start + np.floor(rng.random(n) * (as_of_day - start + 1)).astype(np.int64),
    )
    commune = commune_of_person[owner]
    updated = g._us(as_of) - rng.integers(60, 300 * g._DAY_S, n) * g._US_PER_S

    # values on the checks' limits (they pass): fresh's cut-off, as-of, end on start day
    if n >= 64:
        b = t.rows.take(2, what="boundary rows")
        updated[b[0]], updated[b[1]] = g._us(as_of - g.MAX_AGE), g._us(as_of)
        same_day = t.rows.take(min(1, int((stopped & ~dead_row).sum())), stopped & ~dead_row)
        end[same_day] = start[same_day]

    # whole payments entered twice: copy before anything is derived from the rows
    c.duplicate_rows(
        t,
        "duplicate_beneficiary_policy_pair",
        "beneficiary_id",
        "beneficiary_id+policy_code",
        (row_person, policy, amount, start, end, stopped, commune, updated),
    )
    t.ledger.expect("ended_after_start", int(stopped.sum()))

    dead, female, birth = (
        p.dead[row_person],
        p.female[row_person].copy(),
        p.birth[row_person].copy(),
    )
    master = c.person_frame(pop, row_person)
    pid, names = master["person_id"].clone(), master["full_name"].clone()

    # -- lifecycle -----------------------------------------------------------------
    c.set_flag(
        t, "deceased_still_active", stopped, dead, value=False, unevaluated=["ended_after_start"]
    )

    # -- personal ids ----------------------------------------------------------------
    idx = unlinked = t.take("null_beneficiary_id")
    g._scatter(pid, idx, None)
    gone = {"evaluated": -idx.size}
    t.record(
        "null_beneficiary_id",
        "beneficiary_id",
        idx.size,
        {
            "not_null:beneficiary_id": g._fails(idx),
            "unique:beneficiary_id+policy_code": gone,
            "cccd:beneficiary_id": gone,
            "cccd_consistent:beneficiary_id": gone,
            "exists_in:beneficiary_id": gone,
            "birth_date_matches_population": gone,
            "sex_matches_population": gone,
            "deceased_still_active": gone,
        },
    )
    idx = letter_o = t.take("beneficiary_id_letter_o")
    g._transform(pid, idx, lambda s: g._concat("O", s.str.slice(1)))  # injective: stays unique
    gone = {"evaluated": -idx.size}
    t.record(
        "beneficiary_id_letter_o",
        "beneficiary_id",
        idx.size,
        {
            "cccd:beneficiary_id": g._fails(idx),
            "exists_in:beneficiary_id": g._fails(idx),
            "cccd_consistent:beneficiary_id": gone,
            "birth_date_matches_population": gone,
            "sex_matches_population": gone,
            "deceased_still_active": gone,
        },
    )
    absent = c.inject_absent_ids(
        t,
        "beneficiary_id_absent",
        "beneficiary_id",
        pid,
        pop=pop,
        person=row_person,
        unevaluated=c.AGREEMENTS,
    )

    # -- facts that disagree with the master -------------------------------------------
    c.inject_fact_mismatches(t, birth, female, "cccd_consistent:beneficiary_id", later=False)

    # -- names -----------------------------------------------------------------------
    c.inject_name_case(t, names, c.nfd_changes(pop, row_person))

    # -- codes, amounts, dates ---------------------------------------------------------
    policy_code = g._lookup("policy_code", _CODES, policy)
    single = np.bincount(row_person, minlength=pop.frame.height)[row_person] == 1
    c.pool_rows(
        t,
        "policy_code_out_of_set",
        "policy_code",
        policy_code,
        _BAD_POLICIES,
        fails=["in_set:policy_code"],
        eligible=single,  # one row per person: keys stay unique
    )
    status = g._lookup("status", STATUSES, stopped.astype(np.int64))
    c.pool_rows(
        t,
        "status_out_of_set",
        "status",
        status,
        _BAD_STATUSES,
        fails=["in_set:status"],
        eligible=~dead,  # no deceased person hides behind a bad status
    )

    idx = t.take("amount_in_thousands")
    amount[idx] //= 1000
    t.record(
        "amount_in_thousands",
        "monthly_amount",
        idx.size,
        {"between:monthly_amount": g._fails(idx)},
    )
    idx = t.take("amount_extra_zeros")
    amount[idx] *= 100
    t.record(
        "amount_extra_zeros",
        "monthly_amount",
        idx.size,
        {"between:monthly_amount": g._fails(idx)},
    )
    idx = t.take("ended_before_start", stopped)
    end[idx] = start[idx] - 1 - g._later(rng, idx.size, 365)
    t.record("ended_before_start", "end_date", idx.size, {"ended_after_start": g._fails(idx)})

    commune_code = g._lookup("commune_code", c.communes().code, commune)
    c.pool_rows(
        t,
        "commune_legacy_code",
        "commune_code",
        commune_code,
        c.legacy_pool(3),
        fails=["admin_unit:commune_code", "admin_unit_current:commune_code"],
    )
    c.inject_stale_updated_at(t, updated, as_of)

    frame = pl.DataFrame(
        [
            pid.alias("beneficiary_id"),
            names.alias("full_name"),
            g._date_series("birth_date", birth),
            g._lookup("gender", g.GENDERS, female.astype(np.int64)),
            policy_code,
            pl.Series("monthly_amount", amount, dtype=pl.Int64),
            g._date_series("start_date", start),
            g._date_series("end_date", end, stopped),
            status,
            commune_code,
            g._datetime_series("updated_at", updated),
        ]
    )
    unlinked_rows = np.concatenate([unlinked, letter_o, absent])
    cross = {
        "rows": n,
        "rows_linked_to_population": n - unlinked_rows.size,
        "rows_linked_to_deceased": int(dead.sum()) - int(dead[unlinked_rows].sum()),
        "deceased_still_active": t.counts["deceased_still_active"],
        "birth_date_mismatch": t.counts["birth_date_mismatch"],
        "sex_mismatch": t.counts["sex_mismatch"],
    }
    return c.Part("an_sinh", frame, t.ledger, {"population": "dan_cu"}, cross, t.rows)
