"""Civil status (Cơ sở dữ liệu hộ tịch điện tử toàn quốc).

One row per registered event: birth (``khai_sinh``, event date = birth date), death
(``khai_tu``, event date = death date) or marriage (``ket_hon``, with the spouse's personal
id). Subjects are linked to ``dan_cu`` by ``person_id``; registration commune and province
are 2025 units; ``record_id`` = commune code + registration year + 6-digit serial.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

import numpy as np
import polars as pl

from samples import generator as g
from samples.databases import _common as c
from samples.generator import BoolArray

__all__ = [
    "CHECKS",
    "DEFECTS",
    "EVENTS",
    "MIN_ROWS",
    "POSITION",
    "REQUIRES",
    "SHARE",
    "UNTARGETED",
    "generate",
]

#: Registered events per row of ``dan_cu``.
SHARE: Final = 0.25
MIN_ROWS: Final = 500
EVENTS: Final[tuple[str, ...]] = ("khai_sinh", "khai_tu", "ket_hon")

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 2
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ()
#: Check ids of ``suites/ho_tich.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:record_id",
    "not_null:event_type",
    "not_null:person_id",
    "not_null:event_date",
    "unique:record_id",
    "name_vn:full_name",
    "in_set:event_type",
    "cccd:person_id",
    "cccd:spouse_id",
    "admin_unit:commune_code",
    "unit_in_province:commune_code",
    "registered_after_event",
    "exists_in:person_id",
    "exists_in:spouse_id",
    "birth_date_matches_population",
    "admin_unit_current:commune_code",
    "not_future:event_date",
    "not_future:registration_date",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:record_id",
        "not_null:event_type",
        "not_null:person_id",
        "not_null:event_date",
        "cccd:person_id",
        "cccd:spouse_id",
        "not_future:event_date",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "null_person_id": 1.0,
    "person_id_absent": 1.0,
    "person_id_malformed": 0.5,
    "spouse_absent": 0.5,
    "birth_date_mismatch": 1.0,
    "duplicate_record_id_pair": 0.5,
    "commune_legacy_code": 1.0,
    "commune_other_province": 0.5,
    "registered_before_event": 0.5,
    "registration_in_future": 0.5,
    "event_type_out_of_set": 0.5,
    "name_nfd": 0.5,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "null_person_id": "event registered without the subject's personal id",
    "person_id_absent": "well-formed personal id that does not exist in dan_cu",
    "person_id_malformed": "personal id missing its last digit (11 digits)",
    "spouse_absent": "spouse's well-formed personal id that does not exist in dan_cu",
    "birth_date_mismatch": "birth_date 1-365 days before dan_cu's",
    "duplicate_record_id_pair": "one registration number used for two events",
    "commune_legacy_code": "registration commune code abolished on 2025-07-01",
    "commune_other_province": "registration commune that lies in another province",
    "registered_before_event": "registration date before the event date",
    "registration_in_future": "registration date after the as-of date",
    "event_type_out_of_set": "event type outside the allowed set",
    "name_nfd": "name in Unicode NFD (decomposed diacritics)",
}
_BAD_EVENTS: Final[tuple[str, ...]] = ("Khai sinh", "KS", "khai tử", "birth")


def generate(  # noqa: PLR0915 (one linear script of injections)
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Birth, death and marriage registrations of clean ``dan_cu`` people."""
    del parts  # draws from dan_cu only
    as_of_day = g._day(as_of.date())
    p = pop.people
    clean = np.flatnonzero(c.clean_people(pop))
    n = min(round(pop.frame.height * SHARE), clean.size)
    t = c.new_table(
        "ho_tich",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    person = np.sort(rng.choice(clean, size=n, replace=False)).astype(np.int64)

    dead, female, birth = p.dead[person], p.female[person], p.birth[person].copy()
    grown = c.adults(pop, as_of, 28) & ~p.dead
    can_marry = ~dead & (birth <= as_of_day - round(28 * 365.2425))
    marry = can_marry & (rng.random(n) < 0.4) & (grown.sum() > 0)
    event = np.where(dead, 1, np.where(marry, 2, 0))
    m = int(marry.sum())
    t.ledger.expect("cccd:spouse_id", m)
    t.ledger.expect("exists_in:spouse_id", m)

    # spouses: living adults of the other sex
    spouse_row = np.zeros(n, dtype=np.int64)
    for sex in (False, True):
        pool = np.flatnonzero(grown & (p.female != sex))
        want = marry & (female == sex)
        if want.any():
            spouse_row[want] = rng.choice(pool, size=int(want.sum()), replace=True)
    spouse = _with_nulls(pop.frame["person_id"].gather(spouse_row), marry)

    event_date = np.where(
        event == 0,
        birth,
        np.where(event == 1, p.death[person], as_of_day - rng.integers(0, 3650, n)),
    )
    delay = np.where(event == 2, 0, rng.integers(0, 60, n))
    registered = np.minimum(event_date + delay, as_of_day)
    commune = c.pick_communes(rng, n)
    com = c.commune_columns(commune, rng, "")
    years = g._birth_years(registered)
    prefix = com["commune"].cast(pl.Int64).to_numpy() * 10_000 + years
    record = g._id_strings("record_id", g._unique_codes(prefix, 10**6, rng), 15)
    master = c.person_frame(pop, person)
    pid, names = master["person_id"].clone(), master["full_name"].clone()
    kind = g._lookup("event_type", EVENTS, event)
    commune_code, province = com["commune"], com["province"]

    # -- personal ids ----------------------------------------------------------------
    idx = t.take("null_person_id")
    g._scatter(pid, idx, None)
    gone = {"evaluated": -idx.size}
    t.record(
        "null_person_id",
        "person_id",
        idx.size,
        {
            "not_null:person_id": g._fails(idx),
            "cccd:person_id": gone,
            "exists_in:person_id": gone,
            "birth_date_matches_population": gone,
        },
    )
    c.inject_unlinked_ids(
        t,
        ("person_id_absent", "person_id_malformed"),
        "person_id",
        pid,
        pop=pop,
        person=person,
        unevaluated=["birth_date_matches_population"],
    )
    idx = t.take("spouse_absent", marry)
    if idx.size:
        s_female, s_birth = p.female[spouse_row[idx]], p.birth[spouse_row[idx]]
        g._scatter(spouse, idx, c.absent_ids(pop, rng, s_female, s_birth))
    t.record("spouse_absent", "spouse_id", idx.size, {"exists_in:spouse_id": g._fails(idx)})
    c.inject_birth_date_mismatch(t, birth, None, later=False)

    # -- registration ----------------------------------------------------------------
    c.duplicate_values(t, "duplicate_record_id_pair", "record_id", record, what="duplicate record")
    c.inject_commune_defects(
        t,
        commune=commune,
        commune_code=commune_code,
        province=province,
        commune_column="commune_code",
        province_column="province_code",
        legacy_start=7,
    )
    idx = t.take("registered_before_event")
    registered[idx] = event_date[idx] - 1 - g._later(rng, idx.size, 365)
    t.record(
        "registered_before_event",
        "registration_date",
        idx.size,
        {"registered_after_event": g._fails(idx)},
    )
    c.inject_future(
        t,
        "registration_in_future",
        "registration_date",
        registered,
        lambda size: c.future_days(rng, as_of_day, size, 90),
    )
    c.pool_rows(
        t, "event_type_out_of_set", "event_type", kind, _BAD_EVENTS, fails=["in_set:event_type"]
    )
    c.transform_rows(
        t,
        "name_nfd",
        "full_name",
        names,
        c.nfd,
        fails=["name_vn:full_name"],
        eligible=c.nfd_changes(pop, person),
    )

    frame = pl.DataFrame(
        [
            record,
            kind,
            pid.alias("person_id"),
            names.alias("full_name"),
            g._date_series("birth_date", birth),
            spouse.alias("spouse_id"),
            g._date_series("event_date", event_date),
            g._date_series("registration_date", registered),
            commune_code.alias("commune_code"),
            province.alias("province_code"),
        ]
    )
    cross = {
        "rows": n,
        "births": int((event == 0).sum()),
        "deaths": int((event == 1).sum()),
        "marriages": m,
    }
    return c.Part("ho_tich", frame, t.ledger, {"population": "dan_cu"}, cross, t.rows)


def _with_nulls(values: pl.Series, valid: BoolArray) -> pl.Series:
    return g._with_nulls(values.name, values, valid)
