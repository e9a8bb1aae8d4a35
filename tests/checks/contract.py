"""The contract-case type shared by the registry-driven contract tests.

Each registered check has one :class:`Case`: how to build it on a frame with a key column ``k``
and a value column ``v`` (plus ``extra`` columns some checks read), and a value that passes.
Built-in cases live in ``test_contract.py``; Vietnamese ones in ``tests/vn/contract_cases_*.py``
as a module-level ``CASES: dict[str, Case]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

Scope = Literal["value", "row", "dataset"]


@dataclass(frozen=True)
class Case:
    """How to exercise one check on a frame with a key column ``k`` and a column ``v``.

    ``scope``: ``value`` checks skip nulls, ``row`` checks evaluate every row, ``dataset``
    checks evaluate the dataset once. ``ids`` are the documented result ids without a name.
    ``extra`` maps further column names to ``(dtype, passing value)``: they are filled with
    the passing value on every row (e.g. the birth date a ``cccd_consistent`` check reads).
    """

    params: dict[str, Any]
    dtype: pl.DataType
    good: Any
    scope: Scope
    ids: tuple[str, ...]
    reads_v: bool = True
    extra: dict[str, tuple[pl.DataType, Any]] = field(default_factory=dict)
