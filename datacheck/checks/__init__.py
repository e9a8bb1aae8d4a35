"""The built-in checks, one module per dimension; ``base`` holds the protocol and registry.

Examples
--------
>>> from datacheck.checks import registered_checks
>>> sorted(registered_checks())[:3]
['agrees_with', 'between', 'exists_in']
"""

from datacheck.checks.base import (
    Check,
    CompileContext,
    Measure,
    RowCheck,
    RowRule,
    check_class,
    register,
    registered_checks,
)
from datacheck.checks.clean import NormalizedText, Unique
from datacheck.checks.complete import NotBlank, NotNull, RequiredColumns, RowCount
from datacheck.checks.consistent import AgreesWith
from datacheck.checks.correct import Between, Expression, InSet, Pattern
from datacheck.checks.live import Fresh, NotFuture
from datacheck.checks.shared import ExistsIn

__all__ = [
    "AgreesWith",
    "Between",
    "Check",
    "CompileContext",
    "ExistsIn",
    "Expression",
    "Fresh",
    "InSet",
    "Measure",
    "NormalizedText",
    "NotBlank",
    "NotFuture",
    "NotNull",
    "Pattern",
    "RequiredColumns",
    "RowCheck",
    "RowCount",
    "RowRule",
    "Unique",
    "check_class",
    "register",
    "registered_checks",
]
