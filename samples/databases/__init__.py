"""The databases linked to the population master, one module each.

``ho_tich`` (civil status), ``thue`` (tax), ``doanh_nghiep`` (business registration) and
``can_bo`` (civil servants) reference ``dan_cu`` by personal id; ``thue`` also references
``doanh_nghiep`` by tax code. Each module exposes ``CHECKS`` (the result ids of its suite in
``suites/``), ``DEFECTS`` (defect kinds and weights) and ``generate``; each draws from its own
random stream (seeded by the run's seed and the table name), so adding a database changes
no other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from samples import generator as g
from samples.databases import _common as c
from samples.databases import can_bo, doanh_nghiep, ho_tich, thue

__all__ = ["LINKED", "can_bo", "doanh_nghiep", "generate_linked", "ho_tich", "thue"]

#: The linked databases in the order they are listed.
LINKED = {"ho_tich": ho_tich, "thue": thue, "doanh_nghiep": doanh_nghiep, "can_bo": can_bo}


def generate_linked(pop: g._Population, seed: int, as_of: datetime, rate: float) -> c.Linked:
    """Generate the four linked databases and their manifest sections.

    Parameters
    ----------
    pop
        The generated population master (with its row pool: only clean rows are linked).
    seed
        The run's seed.
    as_of
        The as-of instant (naive Vietnam local time).
    rate
        Defect rate (see ``samples.generator.generate_samples``).

    Returns
    -------
    Linked
        Frames, manifest ``suites`` entries, defects, cross-database facts and shares.
    """
    dn = doanh_nghiep.generate(pop, c.rng_for(seed, "doanh_nghiep"), as_of, rate)
    parts = {
        "ho_tich": ho_tich.generate(pop, c.rng_for(seed, "ho_tich"), as_of, rate),
        "thue": thue.generate(pop, dn, c.rng_for(seed, "thue"), as_of, rate),
        "doanh_nghiep": dn,
        "can_bo": can_bo.generate(pop, c.rng_for(seed, "can_bo"), as_of, rate),
    }
    suites: dict[str, dict[str, Any]] = {}
    for name, part in parts.items():
        assert sorted(part.ledger.checks) == sorted(LINKED[name].CHECKS), name
        suites[name] = {
            "suite": f"suites/{name}.yaml",
            "source": f"{name}.parquet",
            "references": part.references,
            "checks": {k: part.ledger.checks[k] for k in LINKED[name].CHECKS},
        }
    return c.Linked(
        frames={name: part.frame for name, part in parts.items()},
        suites=suites,
        defects=[d for part in parts.values() for d in part.ledger.defects],
        cross={name: part.cross for name, part in parts.items()},
        shares={name: float(module.SHARE) for name, module in LINKED.items()},
    )
