"""Contract cases of the administrative-unit checks (merged into the registry contract test)."""

from __future__ import annotations

import polars as pl

from tests.checks.contract import Case

CASES: dict[str, Case] = {
    "admin_unit": Case(
        {"columns": ["v"], "level": "province"}, pl.String(), "01", "value", ("admin_unit:v",)
    ),
    "unit_in_province": Case(
        {"columns": ["v"], "province": "p"},
        pl.String(),
        "26740",
        "value",
        ("unit_in_province:v",),
        extra={"p": (pl.String(), "79")},
    ),
    "admin_unit_current": Case(
        {"columns": ["v"], "level": "commune"},
        pl.String(),
        "26740",
        "value",
        ("admin_unit_current:v",),
    ),
    "no_district_level": Case(
        {"columns": ["v"]},
        pl.String(),
        "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh",
        "value",
        ("no_district_level:v",),
    ),
}
