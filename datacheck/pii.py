"""Masking of personal data in samples and reports.

Values of columns a suite marks as personal data (``pii:``) are masked by default, in line
with Vietnam's personal-data protection rules (Decree 13/2023/NĐ-CP): identifiers keep their
first and last four characters (``0012****5678``), names keep the family name and initials
(``Nguyễn V. A.``), other values keep only their shape.

Examples
--------
>>> mask_value("001203005678")
'0012****5678'
>>> mask_value("Nguyễn Văn An")
'Nguyễn V. A.'
>>> mask_value("0912345678")
'09******78'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

__all__ = ["mask_value"]


def _mask_token(text: str) -> str:
    n = len(text)
    if n >= 12:
        keep = 4
    elif n >= 6:
        keep = 2
    else:
        return "*" * n
    return text[:keep] + "*" * (n - 2 * keep) + text[-keep:]


def mask_value(value: Any) -> Any:
    """Mask one value of a personal-data column (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return "****-**-**"
    if isinstance(value, bool):
        return "***"
    if isinstance(value, int | float):
        return _mask_token(str(value))
    text = str(value)
    words = text.split()
    if len(words) >= 2 and any(ch.isalpha() for ch in text):
        return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])
    if any(ch.isalpha() for ch in text) and not any(ch.isdigit() for ch in text):
        return text[0] + "*" * (len(text) - 1)
    return _mask_token(text)
