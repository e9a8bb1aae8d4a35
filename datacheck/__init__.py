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

from datacheck import checks
from datacheck.dimensions import Dimension, Severity
from datacheck.errors import (
    CheckDefinitionError,
    DatacheckError,
    SourceError,
    SuiteError,
    ValidationFailed,
)
from datacheck.national import NationalResult, NationalSuite, run_national
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.runner import run
from datacheck.score import Band, Bands
from datacheck.suite import Suite

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
    "Suite",
    "SuiteError",
    "ValidationFailed",
    "__version__",
    "checks",
    "run",
    "run_national",
]
