"""Civil servants (Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức).

One row per civil servant, linked to ``dan_cu`` by personal id: name, sex and birth date
(copied from the master), agency, rank (ngạch, with its code), status ``active`` /
``retired``. People over 60 and deceased people are ``retired`` by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

import numpy as np
import polars as pl

from samples import generator as g
from samples.databases import _common as c

__all__ = [
    "CHECKS",
    "DEFECTS",
    "MIN_ROWS",
    "POSITION",
    "RANKS",
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "UNTARGETED",
    "generate",
]

#: Civil servants per row of ``dan_cu``.
SHARE: Final = 0.04
MIN_ROWS: Final = 100
STATUSES: Final[tuple[str, ...]] = ("active", "retired")
#: Ranks (ngạch công chức hành chính) and their codes.
RANKS: Final[dict[str, str]] = {
    "01.001": "Chuyên viên cao cấp",
    "01.002": "Chuyên viên chính",
    "01.003": "Chuyên viên",
    "01.004": "Cán sự",
    "01.005": "Nhân viên",
}
_RANK_WEIGHTS: Final = (0.03, 0.17, 0.55, 0.15, 0.10)
_AGENCIES: Final[tuple[str, ...]] = (
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Văn phòng Ủy ban nhân dân",
    "Thanh tra",
)

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 6
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ()
#: Check ids of ``suites/can_bo.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:person_id",
    "not_null:full_name",
    "not_null:agency",
    "unique:person_id",
    "name_vn:full_name",
    "normalized_text:full_name",
    "cccd:person_id",
    "cccd_consistent:person_id",
    "in_set:rank_code",
    "in_set:status",
    "exists_in:person_id",
    "birth_date_matches_population",
    "sex_matches_population",
    "deceased_still_active",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:person_id",
        "not_null:full_name",
        "not_null:agency",
        "cccd:person_id",
        "in_set:status",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "deceased_still_active": 2.0,
    "person_id_absent": 1.0,
    "birth_date_mismatch": 1.0,
    "sex_mismatch": 0.5,
    "duplicate_person_id_pair": 0.5,
    "name_nfd": 1.0,
    "name_lower_case": 0.5,
    "rank_out_of_set": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "deceased_still_active": "person deceased in dan_cu but civil servant status active",
    "person_id_absent": "well-formed personal id that does not exist in dan_cu",
    "birth_date_mismatch": (
        "birth_date 1-365 days after dan_cu's (also breaks cccd_consistent when the year changes)"
    ),
    "sex_mismatch": "gender opposite to dan_cu's (and to the id's sex digit)",
    "duplicate_person_id_pair": "one civil servant recorded twice (whole record)",
    "name_nfd": "name in Unicode NFD (decomposed diacritics)",
    "name_lower_case": "name in lower case (nguyễn văn an)",
    "rank_out_of_set": "rank code outside the official list (CV, 1.003, ...)",
}
_BAD_RANKS: Final[tuple[str, ...]] = ("CV", "1.003", "01003", "Chuyên viên")


def generate(
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Civil servants drawn from the clean adults of ``dan_cu``."""
    del parts  # draws from dan_cu only
    as_of_day = g._day(as_of.date())
    eligible = c.adults(pop, as_of, 22) & (pop.people.birth > as_of_day - 80 * 365)
    n = min(round(pop.frame.height * SHARE), int(eligible.sum()))
    t = c.new_table(
        "can_bo",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    need = 2 * t.counts["deceased_still_active"] + 2 * t.counts["duplicate_person_id_pair"]
    person = c.sample_rows(eligible, n, rng, pop.people.dead, need)
    agency = rng.integers(0, len(_AGENCIES), n)
    rank = rng.choice(len(RANKS), size=n, p=_RANK_WEIGHTS)
    updated = g._us(as_of) - rng.integers(60, 300 * g._DAY_S, n) * g._US_PER_S

    # whole records entered twice: copy before anything is derived from the rows
    c.duplicate_rows(
        t, "duplicate_person_id_pair", "person_id", "person_id", (person, agency, rank, updated)
    )

    p = pop.people
    dead, female, birth = p.dead[person], p.female[person].copy(), p.birth[person].copy()
    active = ~dead & (birth > as_of_day - round(60.5 * 365.2425))
    master = c.person_frame(pop, person)
    pid, names = master["person_id"].clone(), master["full_name"].clone()

    c.set_flag(t, "deceased_still_active", active, dead)
    absent = c.inject_absent_ids(
        t,
        "person_id_absent",
        "person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=c.AGREEMENTS,
    )
    # adults: a later birth date stays in the past
    c.inject_fact_mismatches(t, birth, female, "cccd_consistent:person_id", later=True)
    c.inject_name_case(t, names, c.nfd_changes(pop, person))

    rank_code = g._lookup("rank_code", tuple(RANKS), rank)
    rank_name = g._lookup("rank", tuple(RANKS.values()), rank)
    c.pool_rows(
        t, "rank_out_of_set", "rank_code", rank_code, _BAD_RANKS, fails=["in_set:rank_code"]
    )
    c.inject_stale_updated_at(t, updated, as_of)

    com = c.communes()
    province = c.province_index(pop.frame["province_code"].gather(person))
    office = [n.replace("Tỉnh ", "tỉnh ", 1) for n in com.province_names]
    frame = pl.DataFrame(
        [
            pid.alias("person_id"),
            names.alias("full_name"),
            g._lookup("gender", g.GENDERS, female.astype(np.int64)),
            g._date_series("birth_date", birth),
            g._concat(
                g._lookup("a", _AGENCIES, agency), " ", g._lookup("p", tuple(office), province)
            ).alias("agency"),
            rank_code,
            rank_name,
            g._lookup("status", STATUSES, (~active).astype(np.int64)),
            g._datetime_series("updated_at", updated),
        ]
    )
    cross = {
        "rows": n,
        "rows_linked_to_deceased": int(dead.sum()) - int(dead[absent].sum()),
        "deceased_still_active": t.counts["deceased_still_active"],
    }
    return c.Part("can_bo", frame, t.ledger, {"population": "dan_cu"}, cross, t.rows)
