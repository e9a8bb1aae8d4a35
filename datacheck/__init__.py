"""datacheck: measure whether records are đúng – đủ – sạch – sống – thống nhất – dùng chung.

Examples
--------
>>> import polars as pl
>>> import datacheck as dc
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30").score
50.0
"""

__version__ = "0.1.0"

import importlib
from types import ModuleType

from datacheck import checks, sources
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

#: Submodules imported on first use (their optional dependencies stay unloaded until then).
_LAZY = ("interop", "history", "testing")


def __getattr__(name: str) -> ModuleType:
    """``dc.interop``, ``dc.history`` and ``dc.testing``, imported on first use."""
    if name in _LAZY:
        return importlib.import_module(f"datacheck.{name}")
    msg = f"module 'datacheck' has no attribute {name!r}"
    raise AttributeError(msg)


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
    "write_failures",
]
