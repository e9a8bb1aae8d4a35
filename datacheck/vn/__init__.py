"""Vietnamese rules and data: identifiers, administrative units, text hygiene.

Importing this package registers the Vietnamese checks (``cccd``, ``mst``, ``phone_vn``,
``admin_unit``, ``name_vn`` …) in the check registry. Data files load lazily, the first time a
check that needs them compiles.
"""

from datacheck.vn import admin_units, identifiers, text

__all__ = ["admin_units", "identifiers", "text"]
