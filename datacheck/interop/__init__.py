"""Bridges to pandera and Great Expectations (optional dependencies, imported lazily).

Existing pandera schemas and GX expectation suites convert to datacheck suites and back, so
they run on datacheck's one-pass engine with its scores and reports. Importing this package
never imports pandera or GX: the functions that build their objects import them on use,
and a missing install fails with one line naming ``pip install 'datacheck[pandera]'`` or
``pip install 'datacheck[gx]'``. Anything that does not convert exactly is listed in one
:class:`InteropWarning` per conversion — never dropped silently. ``docs/interop.md`` has
the full mapping table.

Examples
--------
>>> import datacheck as dc
>>> from datacheck.interop import from_gx, to_gx_json
>>> suite = dc.Suite(name="people", checks=[dc.checks.Unique(columns=["id"])])
>>> from_gx(to_gx_json(suite)) == suite
True
"""

from datacheck.interop._common import (
    InteropError,
    InteropWarning,
    MissingDependencyError,
    Skipped,
)
from datacheck.interop._convert import as_suite, convert_file
from datacheck.interop.gx import from_gx, to_gx, to_gx_json
from datacheck.interop.pandera import from_pandera, to_pandera

__all__ = [
    "InteropError",
    "InteropWarning",
    "MissingDependencyError",
    "Skipped",
    "as_suite",
    "convert_file",
    "from_gx",
    "from_pandera",
    "to_gx",
    "to_gx_json",
    "to_pandera",
]
