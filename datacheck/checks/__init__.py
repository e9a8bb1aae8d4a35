"""The built-in checks, one module per dimension; ``base`` holds the protocol and registry.

The Vietnamese checks (:mod:`datacheck.vn`) register when the registry is first read
(:func:`registered_checks`), so a suite built in Python does not load them.

Examples
--------
>>> from datacheck.checks import registered_checks
>>> {"not_null", "unique", "cccd", "admin_unit"} <= set(registered_checks())
True
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
from datacheck.checks.live import Fresh, Lifecycle, NotFuture
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
    "Lifecycle",
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
