"""Contract cases of the Vietnamese identifier checks (merged into the registry contract test)."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.checks.contract import Case

CASES: dict[str, Case] = {
    "cccd": Case({"columns": ["v"]}, pl.String(), "001099012345", "value", ("cccd:v",)),
    "cccd_consistent": Case(
        {"columns": ["v"], "birth_date": "dob", "sex": "sex"},
        pl.String(),
        "001099012345",
        "value",
        ("cccd_consistent:v",),
        extra={"dob": (pl.Date(), date(1999, 5, 1)), "sex": (pl.String(), "Nam")},
    ),
    "mst": Case({"columns": ["v"]}, pl.String(), "0100109106", "value", ("mst:v",)),
    "bhxh_code": Case({"columns": ["v"]}, pl.String(), "0123456789", "value", ("bhxh_code:v",)),
    "bhyt_card": Case(
        {"columns": ["v"], "bhxh_column": "b"},
        pl.String(),
        "DN4790123456789",
        "value",
        ("bhyt_card:v",),
        extra={"b": (pl.String(), "0123456789")},
    ),
    "phone_vn": Case({"columns": ["v"]}, pl.String(), "0912345678", "value", ("phone_vn:v",)),
    "plate_vn": Case({"columns": ["v"]}, pl.String(), "30A-123.45", "value", ("plate_vn:v",)),
    "id_placeholder": Case(
        {"columns": ["v"]}, pl.String(), "001099012345", "value", ("id_placeholder:v",)
    ),
}
