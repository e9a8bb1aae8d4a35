"""The databases linked to the population master, one module each, found by discovery.

Every public module of this package is one linked database. It exposes

- ``POSITION``: its number in the national list (``dan_cu`` is 1, ``bao_hiem`` 3);
- ``SHARE``: rows per row of ``dan_cu``;
- ``CHECKS``: the result ids of its suite in ``suites/<name>.yaml``;
- ``UNTARGETED``: the checks of ``CHECKS`` no defect kind targets (they pass on every sample);
- ``DEFECTS``: defect kinds and their weights;
- ``REQUIRES``: the linked databases it draws from (generated first);
- ``generate(pop, rng, as_of, rate, parts) -> Part``.

Each draws from its own random stream (seeded by the run's seed and the table name), so
adding a database changes no other. Adding one is adding a module and its suite.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from datetime import datetime
from types import ModuleType
from typing import Any, Final

from samples import generator as g
from samples.databases import _common as c

__all__ = ["LINKED", "TABLES", "generate_linked"]

_REQUIRED: Final = ("POSITION", "SHARE", "CHECKS", "UNTARGETED", "DEFECTS", "REQUIRES", "generate")


def _discover() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        missing = [a for a in _REQUIRED if not hasattr(module, a)]
        if missing:
            msg = f"samples/databases/{info.name}.py must define {', '.join(missing)}"
            raise ImportError(msg)
        found[info.name] = module
    return dict(sorted(found.items(), key=lambda item: (item[1].POSITION, item[0])))


#: The linked databases by name, in the order of the national list.
LINKED: Final[dict[str, ModuleType]] = _discover()
#: Every generated database, in the order they are written and listed in the manifest.
TABLES: Final[tuple[str, ...]] = ("dan_cu", "bao_hiem", *LINKED)


def _generation_order() -> list[str]:
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in path:
            msg = f"samples/databases: REQUIRES forms a cycle: {' -> '.join((*path, name))}"
            raise ImportError(msg)
        for dep in LINKED[name].REQUIRES:
            visit(dep, (*path, name))
        order.append(name)

    for name in LINKED:
        visit(name, ())
    return order


def generate_linked(pop: g._Population, seed: int, as_of: datetime, rate: float) -> c.Linked:
    """Generate every linked database and its manifest sections.

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
    parts: dict[str, c.Part] = {}
    for name in _generation_order():
        module = LINKED[name]
        deps: Mapping[str, c.Part] = {d: parts[d] for d in module.REQUIRES}
        parts[name] = module.generate(pop, c.rng_for(seed, name), as_of, rate, deps)
    parts = {name: parts[name] for name in LINKED}
    suites: dict[str, dict[str, Any]] = {}
    for name, part in parts.items():
        checks = LINKED[name].CHECKS
        if sorted(part.ledger.checks) != sorted(checks):
            msg = f"{name}: the ledger's checks differ from CHECKS"
            raise AssertionError(msg)
        suites[name] = {
            "suite": f"suites/{name}.yaml",
            "source": name,
            "references": part.references,
            "checks": {k: part.ledger.checks[k] for k in checks},
        }
    return c.Linked(
        frames={name: part.frame for name, part in parts.items()},
        suites=suites,
        defects=[d for part in parts.values() for d in part.ledger.defects],
        cross={name: part.cross for name, part in parts.items()},
        shares={name: float(module.SHARE) for name, module in LINKED.items()},
    )
