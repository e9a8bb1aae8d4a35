"""Shared fixtures: run checks over in-memory frames at a fixed as-of instant.

``AS_OF`` is ``2026-06-30``, which the default suite timezone (Asia/Ho_Chi_Minh, UTC+7) reads
as midnight local time, i.e. ``2026-06-29T17:00:00Z``.

Every test sorts digit keys however few its rows (:func:`digit_keys_sorted_at_any_size`):
the engine hashes them below :data:`datacheck.engine.local.DIGIT_SORT_MIN_ROWS` rows, which
would leave the sort's way, the one with more parts, untested by every small frame. The hash
way is the way of every other key; ``tests/engine/test_local.py`` runs both ways at the real
threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

import datacheck as dc
from datacheck.checks import Check
from datacheck.engine import local

AS_OF = "2026-06-30"

RunChecks = Callable[..., dc.Result]
RunOne = Callable[..., dc.CheckResult]


def run_checks(
    checks: Check | Sequence[Check],
    data: Any,
    *,
    as_of: Any = AS_OF,
    unmask: bool = False,
    references: Any = None,
    **suite: Any,
) -> dc.Result:
    """Run ``checks`` over ``data`` in a throw-away suite (extra kwargs go to the suite)."""
    items = [checks] if isinstance(checks, Check) else list(checks)
    built = dc.Suite(name="t", checks=tuple(items), references=references or {}, **suite)
    return dc.run(built, data, as_of=as_of, unmask=unmask)


def run_one(check: Check, data: Any, **kwargs: Any) -> dc.CheckResult:
    """Run one check that yields exactly one result and return that result."""
    result = run_checks(check, data, **kwargs)
    assert len(result.checks) == 1, [c.id for c in result.checks]
    return result.checks[0]


@pytest.fixture(autouse=True)
def digit_keys_sorted_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Digit keys grouped by sorting their codes whatever the rows (see the module's text)."""
    monkeypatch.setattr(local, "DIGIT_SORT_MIN_ROWS", 0)


@pytest.fixture(scope="session")
def run() -> RunChecks:
    """``run(checks, data, as_of=..., **suite_kwargs) -> Result``."""
    return run_checks


@pytest.fixture(scope="session")
def one() -> RunOne:
    """``one(check, data, **kwargs) -> CheckResult`` for a check with a single result."""
    return run_one
