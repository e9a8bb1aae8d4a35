"""The six quality dimensions and check severities.

Examples
--------
>>> from datacheck.dimensions import Dimension
>>> Dimension("clean").label("vi")
'Sạch'
>>> [d.value for d in Dimension]
['correct', 'complete', 'clean', 'live', 'consistent', 'shared']
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from datacheck.errors import Lang

__all__ = ["Dimension", "DimensionName", "Severity", "SeverityName"]

_LABELS: dict[str, tuple[str, str]] = {
    "correct": ("Đúng", "Correct"),
    "complete": ("Đủ", "Complete"),
    "clean": ("Sạch", "Clean"),
    "live": ("Sống", "Live"),
    "consistent": ("Thống nhất", "Consistent"),
    "shared": ("Dùng chung", "Shared"),
}

_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "correct": (
        "giá trị hợp lệ và đúng thực tế: định dạng, miền giá trị, khoảng, mã định danh",
        "values are valid and true to reality: format, domain, ranges, identifiers",
    ),
    "complete": (
        "giá trị bắt buộc có mặt, phủ đủ tập đối tượng",
        "required values present, expected population covered",
    ),
    "clean": (
        "không trùng lặp, không mâu thuẫn, văn bản chuẩn hoá",
        "no duplicates, no conflicting records, standard text",
    ),
    "live": (
        "cập nhật và phản ánh hiện trạng",
        "up to date and reflecting current state",
    ),
    "consistent": (
        "cùng một thông tin khớp nhau giữa các cơ sở dữ liệu",
        "the same fact agrees across databases",
    ),
    "shared": (
        "bản ghi mang khoá dùng chung và danh mục quốc gia để tái sử dụng",
        "records carry the shared keys and national catalogues",
    ),
}


class Dimension(StrEnum):
    """A quality dimension: đúng, đủ, sạch, sống, thống nhất, dùng chung."""

    CORRECT = "correct"
    COMPLETE = "complete"
    CLEAN = "clean"
    LIVE = "live"
    CONSISTENT = "consistent"
    SHARED = "shared"

    def label(self, lang: Lang = "vi") -> str:
        """Return the display label in ``lang``."""
        vi, en = _LABELS[self.value]
        return vi if lang == "vi" else en

    def description(self, lang: Lang = "vi") -> str:
        """Return what the dimension measures, in ``lang``."""
        vi, en = _DESCRIPTIONS[self.value]
        return vi if lang == "vi" else en


class Severity(StrEnum):
    """How much a check weighs in its dimension score: ``critical`` counts three times."""

    NORMAL = "normal"
    CRITICAL = "critical"

    @property
    def factor(self) -> int:
        """Multiplier applied to the check's weight."""
        return 3 if self is Severity.CRITICAL else 1


DimensionName = Literal["correct", "complete", "clean", "live", "consistent", "shared"]
"""A :class:`Dimension` by its value, as code may pass it: ``dimension="clean"``."""

SeverityName = Literal["normal", "critical"]
"""A :class:`Severity` by its value, as code may pass it: ``severity="critical"``."""
