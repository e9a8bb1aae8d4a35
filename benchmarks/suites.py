"""The reference suite of 15 checks, in datacheck.

The same suite written idiomatically for each peer lives beside its runner in
:mod:`benchmarks.tool`; all of them take their patterns, sets and bounds from
:mod:`benchmarks.spec`.

=========  =========================================================================
kind       checks
=========  =========================================================================
not_null   person_id, gender, status, province_code, birth_date
pattern    person_id ``^[0-9]{12}$``, phone ``^0[0-9]{9}$``, email
in_set     gender, status, province_code (the 63 province codes)
between    birth_date in [1900-01-01, today]
fresh      updated_at no older than 365 days before the as-of instant
unique     person_id
row_count  between 1,000 and 1,000,000,000 rows
=========  =========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable

import datacheck as dc
from benchmarks import spec
from datacheck import checks as c

__all__ = ["datacheck_suite"]


def datacheck_suite(only: Iterable[str] | None = None) -> dc.Suite:
    """Return the reference suite as a datacheck :class:`~datacheck.Suite`.

    Each of the 15 checks is its own check object, so every check yields exactly one
    result, whose id is the canonical id in :data:`benchmarks.spec.CHECK_IDS`.

    Parameters
    ----------
    only
        Keep only these check ids (for timing checks one at a time); default all.

    Returns
    -------
    datacheck.Suite
        The suite, keyed by ``person_id`` (failing samples show it).

    Examples
    --------
    >>> suite = datacheck_suite()
    >>> len(suite.checks), [r for k in suite.checks for r in k.result_ids()][-2:]
    (15, ['unique:person_id', 'row_count'])
    """
    checks: list[c.Check] = [
        *(c.NotNull(columns=[column]) for column in spec.NOT_NULL),
        *(c.Pattern(columns=[column], pattern=p) for column, p in spec.PATTERNS.items()),
        *(c.InSet(columns=[column], values=v) for column, v in spec.SETS.items()),
        c.Between(columns=["birth_date"], min=spec.BIRTH_MIN, max="today"),
        c.Fresh(columns=["updated_at"], max_age=spec.FRESH_MAX_AGE),
        c.Unique(columns=["person_id"]),
        c.RowCount(min=spec.ROW_COUNT_MIN, max=spec.ROW_COUNT_MAX),
    ]
    if only is not None:
        wanted = set(only)
        unknown = wanted - set(spec.CHECK_IDS)
        if unknown:
            msg = f"unknown check ids {sorted(unknown)}; known: {list(spec.CHECK_IDS)}"
            raise ValueError(msg)
        checks = [k for k in checks if k.result_ids()[0] in wanted]
    return dc.Suite(name="bench_people", key=spec.KEY_COLUMNS, checks=tuple(checks))
