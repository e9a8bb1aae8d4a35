"""Contract cases of the Vietnamese text checks (merged into ``tests/checks/test_contract.py``)."""

from __future__ import annotations

import polars as pl

from tests.checks.contract import Case

CASES: dict[str, Case] = {
    "lookalike_chars": Case(
        {"columns": ["v"]}, pl.String(), "Đặng Thị Ánh", "value", ("lookalike_chars:v",)
    ),
    "mojibake": Case({"columns": ["v"]}, pl.String(), "Nguyễn Văn Đức", "value", ("mojibake:v",)),
    "name_vn": Case({"columns": ["v"]}, pl.String(), "H'Hen Niê", "value", ("name_vn:v",)),
    "tone_style_consistent": Case(
        {"columns": ["v"]}, pl.String(), "Lê Thị Hòa", "value", ("tone_style_consistent:v",)
    ),
}
