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

import re
import unicodedata
from datetime import date, datetime
from typing import Any, Final

__all__ = ["mask_value"]


_SEPARATORS = re.compile(r"(\s+)")
_TELLTALE: Final = frozenset({"Mn", "Me", "Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})
"""Categories masking keeps: combining marks, invisible and space-like characters.

They carry no personal data, and they are often the defect a sample illustrates (a
decomposed accent, a zero-width or non-breaking space), so a masked sample still shows it.
"""


def _hide(text: str) -> str:
    """Each character as ``*``, except the telltale ones (kept)."""
    return "".join(ch if unicodedata.category(ch) in _TELLTALE else "*" for ch in text)


def _kept(text: str) -> str:
    """Only the telltale characters of ``text``."""
    return "".join(ch for ch in text if unicodedata.category(ch) in _TELLTALE)


def _mask_token(text: str) -> str:
    n = len(text)
    if n >= 12:
        keep = 4
    elif n >= 6:
        keep = 2
    else:
        return _hide(text)
    return text[:keep] + _hide(text[keep : n - keep]) + text[-keep:]


def mask_value(value: Any) -> Any:
    r"""Mask one value of a personal-data column (``None`` stays ``None``).

    Spaces are kept as they are (doubled, leading, trailing, non-breaking), and so are
    combining marks and invisible characters: they hold nothing personal and are often the
    defect a sample shows.

    Examples
    --------
    >>> mask_value(" Nguyễn  Văn\u00a0An")
    ' Nguyễn  V.\xa0A.'
    >>> mask_value("0012\u200b03005678")
    '0012\u200b****5678'
    """
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return "****-**-**"
    if isinstance(value, bool):
        return "***"
    if isinstance(value, int | float):
        return _mask_token(str(value))
    text = str(value)
    parts = _SEPARATORS.split(text)  # words at even positions, the spaces between at odd ones
    words = [part for part in parts[::2] if part]
    if len(words) >= 2 and any(ch.isalpha() for ch in text):
        first = next(i for i in range(0, len(parts), 2) if parts[i])
        for i in range(first + 2, len(parts), 2):
            if parts[i]:
                parts[i] = f"{parts[i][0]}{_kept(parts[i][1:])}."
        return "".join(parts)
    if any(ch.isalpha() for ch in text) and not any(ch.isdigit() for ch in text):
        return _mask_word(text)
    return _mask_token(text)


def _mask_word(text: str) -> str:
    """One word (spaces around it kept): its first letter, then stars."""
    start = len(text) - len(text.lstrip())
    return text[: start + 1] + _hide(text[start + 1 :])
