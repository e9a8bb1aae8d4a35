"""Tax registration (Cơ sở dữ liệu quốc gia về thuế).

One row per taxpayer. Individuals (``ca_nhan``) use their personal id as tax code since
2025-07-01 (``person_id`` = ``tax_code``, linked to ``dan_cu``); organisations (``to_chuc``)
use the enterprise code (``enterprise_code`` = ``tax_code``, linked to ``doanh_nghiep``).
Tax office (``Thuế <province>`` after the 2025 reorganisation), status ``active`` /
``closed``. Deceased people and dissolved enterprises are ``closed`` by default.
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
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "TYPES",
    "UNTARGETED",
    "generate",
]

#: Individual taxpayers per row of ``dan_cu`` (plus every clean enterprise).
SHARE: Final = 0.2
MIN_ROWS: Final = 500
STATUSES: Final[tuple[str, ...]] = ("active", "closed")
TYPES: Final[tuple[str, ...]] = ("ca_nhan", "to_chuc")

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 4
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ("doanh_nghiep",)
#: Check ids of ``suites/thue.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:tax_code",
    "not_null:taxpayer_type",
    "not_null:status",
    "unique:tax_code",
    "normalized_text:taxpayer_name",
    "mst:tax_code",
    "cccd:person_id",
    "in_set:taxpayer_type",
    "in_set:status",
    "exists_in:person_id",
    "exists_in:enterprise_code",
    "name_matches_population",
    "deceased_still_active",
    "dissolved_still_active",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:tax_code",
        "not_null:taxpayer_type",
        "not_null:status",
        "normalized_text:taxpayer_name",
        "cccd:person_id",
        "in_set:status",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "deceased_still_active": 1.0,
    "dissolved_still_active": 2.0,
    "tax_code_bad_check_digit": 2.0,
    "duplicate_tax_code_pair": 0.5,
    "person_id_absent": 1.0,
    "enterprise_absent": 2.0,
    "name_upper_case": 1.0,
    "taxpayer_type_out_of_set": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "deceased_still_active": "person deceased in dan_cu but taxpayer status active",
    "dissolved_still_active": "enterprise dissolved in doanh_nghiep but taxpayer status active",
    "tax_code_bad_check_digit": "organisation's tax code whose last digit is not the check digit",
    "duplicate_tax_code_pair": "one tax code registered for two taxpayers",
    "person_id_absent": "well-formed personal id (and tax code) that does not exist in dan_cu",
    "enterprise_absent": "valid enterprise code (and tax code) not found in doanh_nghiep",
    "name_upper_case": "taxpayer name in capitals, unlike dan_cu (NGUYỄN VĂN AN)",
    "taxpayer_type_out_of_set": "taxpayer type outside the allowed set",
}
_BAD_TYPES: Final[tuple[str, ...]] = ("Cá nhân", "TC", "doanh_nghiep")


def _tax_offices() -> tuple[str, ...]:
    names = c.communes().province_names
    return tuple("Thuế " + n.replace("Tỉnh ", "tỉnh ", 1) for n in names)


def generate(
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Individual and organisation taxpayers linked to ``dan_cu`` and ``doanh_nghiep``."""
    dn = parts["doanh_nghiep"]
    assert dn.rows is not None
    adults = c.adults(pop, as_of)
    k = min(round(pop.frame.height * SHARE), int(adults.sum()))
    firm = np.flatnonzero(~dn.rows.used).astype(np.int64)
    e = firm.size
    n = k + e
    t = c.new_table(
        "thue", n, rng, DEFECTS, rate, checks=CHECKS, descriptions=_DESCRIPTIONS, min_rows=MIN_ROWS
    )
    individual = np.arange(n) < k
    need = 2 * t.counts["deceased_still_active"]
    person = c.sample_rows(adults, k, rng, pop.people.dead, need)

    p = pop.people
    dead = np.concatenate([p.dead[person], np.zeros(e, dtype=np.bool_)])
    dissolved = np.concatenate(
        [np.zeros(k, dtype=np.bool_), (dn.frame["status"].gather(firm) == "dissolved").to_numpy()]
    )
    active = ~dead & ~dissolved & (rng.random(n) < np.where(individual, 0.9, 0.95))
    pid = pl.concat([pop.frame["person_id"].gather(person), pl.Series([None] * e, dtype=pl.String)])
    ent = pl.concat([pl.Series([None] * k, dtype=pl.String), dn.frame["mst"].gather(firm)])
    tax_code = pl.select(pl.coalesce(pl.lit(pid), pl.lit(ent))).to_series()
    names = pl.concat([pop.frame["full_name"].gather(person), dn.frame["name"].gather(firm)])
    province = c.province_index(
        pl.concat(
            [
                pop.frame["province_code"].gather(person),
                dn.frame["head_office_province"].gather(firm),
            ]
        )
    )
    kind = g._lookup("taxpayer_type", TYPES, (~individual).astype(np.int64))
    updated = g._us(as_of) - rng.integers(60, 300 * g._DAY_S, n) * g._US_PER_S

    c.expect_all(t, ("cccd:person_id", "exists_in:person_id", "name_matches_population"), k)
    t.ledger.expect("deceased_still_active", k)
    t.ledger.expect("exists_in:enterprise_code", e)
    t.ledger.expect("dissolved_still_active", e)

    # -- lifecycle -----------------------------------------------------------------
    c.set_flag(t, "deceased_still_active", active, individual & dead)
    c.set_flag(t, "dissolved_still_active", active, dissolved)

    # -- identifiers ---------------------------------------------------------------
    c.transform_rows(
        t,
        "tax_code_bad_check_digit",
        "tax_code",
        tax_code,
        lambda s: c.bad_check_digit(s, rng),
        fails=["mst:tax_code"],
        eligible=~individual,
    )
    c.duplicate_values(
        t,
        "duplicate_tax_code_pair",
        "tax_code",
        tax_code,
        what="duplicate tax code",
        eligible=individual,
    )
    idx = absent = t.take("person_id_absent", individual)
    if idx.size:
        ids = c.absent_ids(pop, rng, p.female[person[idx]], p.birth[person[idx]])
        g._scatter(pid, idx, ids)
        g._scatter(tax_code, idx, ids)
    t.record(
        "person_id_absent",
        "person_id",
        idx.size,
        {
            "exists_in:person_id": g._fails(idx),
            "name_matches_population": {"evaluated": -idx.size},
            "deceased_still_active": {"evaluated": -idx.size},
        },
    )
    idx = gone = t.take("enterprise_absent", ~individual)
    if idx.size:
        fresh = c.absent_tax_codes(province[idx], rng, c.registered_bases(dn))
        g._scatter(ent, idx, fresh)
        g._scatter(tax_code, idx, fresh)
    t.record(
        "enterprise_absent",
        "enterprise_code",
        idx.size,
        {
            "exists_in:enterprise_code": g._fails(idx),
            "dissolved_still_active": {"evaluated": -idx.size},
        },
    )

    # -- names, types, freshness ---------------------------------------------------
    c.transform_rows(
        t,
        "name_upper_case",
        "taxpayer_name",
        names,
        c.upper_case,
        fails=["name_matches_population"],
        eligible=individual,
    )
    c.pool_rows(
        t,
        "taxpayer_type_out_of_set",
        "taxpayer_type",
        kind,
        _BAD_TYPES,
        fails=["in_set:taxpayer_type"],
    )
    c.inject_stale_updated_at(t, updated, as_of)

    frame = pl.DataFrame(
        [
            tax_code.alias("tax_code"),
            kind,
            pid.alias("person_id"),
            ent.alias("enterprise_code"),
            names.alias("taxpayer_name"),
            g._lookup("tax_office", _tax_offices(), province),
            g._lookup("status", STATUSES, (~active).astype(np.int64)),
            g._datetime_series("updated_at", updated),
        ]
    )
    cross = {
        "rows": n,
        "individuals": k,
        "organisations": e,
        "individuals_linked_to_deceased": int(dead.sum()) - int(dead[absent].sum()),
        "deceased_still_active": t.counts["deceased_still_active"],
        "organisations_linked_to_dissolved": int(dissolved.sum()) - int(dissolved[gone].sum()),
        "dissolved_still_active": t.counts["dissolved_still_active"],
    }
    return c.Part(
        "thue",
        frame,
        t.ledger,
        {"population": "dan_cu", "enterprises": "doanh_nghiep"},
        cross,
        t.rows,
    )
