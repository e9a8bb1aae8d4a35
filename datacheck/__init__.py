"""datacheck: measure whether records are đúng – đủ – sạch – sống – thống nhất – dùng chung.

The public names are loaded on first use, so ``import datacheck`` (and the command line's
``--help`` and ``--version``) does not load Polars; the first ``dc.run`` or ``dc.Suite`` does.

Examples
--------
>>> import polars as pl
>>> import datacheck as dc
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30").score
50.0
"""

__version__ = "0.1.0"

import importlib as _importlib
import sys as _sys
import types as _types
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:  # what the names below are, for type checkers and IDEs
    from datacheck import checks, history, interop, sources, testing
    from datacheck.dimensions import Dimension, Severity
    from datacheck.errors import (
        CheckDefinitionError,
        DatacheckError,
        SourceError,
        SuiteError,
        ValidationFailed,
    )
    from datacheck.failures import failures, write_failures
    from datacheck.national import NationalResult, NationalSuite, run_national
    from datacheck.result import CheckResult, DimensionResult, Result, Sample
    from datacheck.runner import run
    from datacheck.score import Band, Bands
    from datacheck.suggest import Suggestion, suggest
    from datacheck.suite import Suite
    from datacheck.tiers import Tier, TierCounts, TierRules

_HOMES: dict[str, str] = {
    "Band": "datacheck.score",
    "Bands": "datacheck.score",
    "CheckDefinitionError": "datacheck.errors",
    "CheckResult": "datacheck.result",
    "DatacheckError": "datacheck.errors",
    "Dimension": "datacheck.dimensions",
    "DimensionResult": "datacheck.result",
    "NationalResult": "datacheck.national",
    "NationalSuite": "datacheck.national",
    "Result": "datacheck.result",
    "Sample": "datacheck.result",
    "Severity": "datacheck.dimensions",
    "SourceError": "datacheck.errors",
    "Suggestion": "datacheck.suggest",
    "Suite": "datacheck.suite",
    "SuiteError": "datacheck.errors",
    "Tier": "datacheck.tiers",
    "TierCounts": "datacheck.tiers",
    "TierRules": "datacheck.tiers",
    "ValidationFailed": "datacheck.errors",
    "failures": "datacheck.failures",
    "run": "datacheck.runner",
    "run_national": "datacheck.national",
    "suggest": "datacheck.suggest",
    "write_failures": "datacheck.failures",
}
"""Each public name and the module that defines it (imported when the name is first used)."""

_SUBMODULES = ("checks", "history", "interop", "sources", "testing")
"""Public submodules, imported on first use."""

_SHADOWED = ("failures", "suggest")
"""Names of submodules whose function of the same name is what ``datacheck.<name>`` means."""


def __getattr__(name: str) -> _Any:
    """Load a public name on first use (``dc.run``, ``dc.Suite``, ``dc.checks`` …)."""
    if name in _SUBMODULES:
        return _importlib.import_module(f"datacheck.{name}")
    home = _HOMES.get(name)
    if home is None:
        msg = f"module 'datacheck' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    public = {name for name in globals() if not name.startswith("_")}
    return sorted({*public, *__all__, "__version__"})


class _Package(_types.ModuleType):
    """The package's module type: ``datacheck.failures`` and ``.suggest`` stay functions.

    The import system binds a submodule as an attribute of its package when it is first
    imported; for these two names the package keeps the function the submodule defines, as
    the eager ``from datacheck.failures import failures`` this file once made did.
    """

    def __setattr__(self, name: str, value: _Any) -> None:
        if name in _SHADOWED and isinstance(value, _types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

__all__ = [
    "Band",
    "Bands",
    "CheckDefinitionError",
    "CheckResult",
    "DatacheckError",
    "Dimension",
    "DimensionResult",
    "NationalResult",
    "NationalSuite",
    "Result",
    "Sample",
    "Severity",
    "SourceError",
    "Suggestion",
    "Suite",
    "SuiteError",
    "Tier",
    "TierCounts",
    "TierRules",
    "ValidationFailed",
    "__version__",
    "checks",
    "failures",
    "history",
    "interop",
    "run",
    "run_national",
    "sources",
    "suggest",
    "testing",
    "write_failures",
]
