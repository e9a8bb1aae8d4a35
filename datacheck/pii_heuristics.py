"""Warn about columns that look like personal data but are not in the suite's ``pii`` list.

Only the columns a suite lists in ``pii`` are masked. The values a run shows are those of its
failing **samples** (the record key and the columns of the failing checks) — the same columns
the failure exports list — so a run looks at exactly those values, already in memory, and adds
a warning note for each column that looks like personal data but is not listed. Nothing more
is read from the data.

The rule, per column not in ``pii`` (a reference column, ``x (reference)``, counts as ``x``),
over the distinct non-blank text values the run's samples show (at least :data:`MIN_VALUES`
of them, else no verdict), at least 60 % of them must be:

* **personal ids (ĐDCN / CCCD)**: 12 ASCII digits;
* **phone numbers**: Vietnamese mobile or landline numbers (``0``, ``84`` or ``+84``, then
  ``3/5/7/8/9`` and 8 digits, or ``2`` and 9 digits), ignoring spaces, dots, hyphens and
  parentheses;
* **full names**: 2 to 6 words of letters, the first a common Vietnamese family name
  (:data:`FAMILY_NAMES`, any letter case: failing names are often badly cased).

Samples are failing values, often malformed, hence the lenient share; and where the column's
name says what it holds (``phone``, ``sdt``, ``dien_thoai``, ``mobile``, ``tel``; ``cccd``,
``cmnd``, ``person_id``, ``dinh_danh``, ``ddcn``) the values only need to be numbers of the
right length: 8 to 12 digits (an optional ``+`` first, separators ignored) for phones, 9 to 12
digits for personal ids. Numbers stored as
integers are not examined (ids and phone numbers lose their leading zeros and look like any
other number). The warning is a hint, not a verdict: it never changes scores or masking. Set
``DATACHECK_PII_HINTS=0`` to switch it off.

Examples
--------
>>> shown = {"id": ["001203005678", "079188123456", "001099000001"], "note": ["a", "b", "c"]}
>>> [(hint.column, hint.kind) for hint in pii_hints(shown, pii=())]
[('id', 'personal_id')]
>>> pii_hints(shown, pii=("id",))
[]
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from datacheck.result import CheckResult

__all__ = [
    "FAMILY_NAMES",
    "HEAD_ROWS",
    "MIN_VALUES",
    "SHARE",
    "PiiHint",
    "hint_notes",
    "pii_hints",
    "shown_values",
]

HEAD_ROWS: Final = 1_000
"""Leading rows some engines keep for a run's notes (an earlier design of these hints read
them; the hints now read only the samples, so engines need not keep them any more)."""
MIN_VALUES: Final = 3
"""Fewer distinct non-blank values than this give no verdict."""
SHARE: Final = 0.6
"""The share of a column's values that must look like one kind of personal data."""

Kind = Literal["personal_id", "phone", "full_name"]

#: Common Vietnamese family names (NFC), compared case-folded.
FAMILY_NAMES: Final[frozenset[str]] = frozenset(
    unicodedata.normalize("NFC", name).casefold()
    for name in (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
        "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Đinh", "Lâm", "Mai", "Trịnh",
        "Trương", "Cao", "Lương", "Tạ", "Hà", "Tô", "Chu", "Quách", "Kiều", "Thái", "Tăng",
        "Lưu", "Vương", "La", "Châu", "Mạc", "Triệu", "Khúc", "Tôn", "Thân", "Phùng", "Hứa",
        "Từ", "Nghiêm", "Âu", "Diệp", "Giang", "Kim", "Lục", "Quan", "Tống", "Ông", "Đàm",
        "Đồng", "Nông", "Lò", "Lại", "Lạc", "Khổng", "Khương", "Ninh", "Phí", "Văn", "Viên",
        "Vi", "Hầu", "Cù", "Yên",
    )
)  # fmt: skip

_PERSONAL_ID = re.compile(r"[0-9]{12}", re.ASCII)
_PHONE = re.compile(r"(?:\+?84|0)(?:[35789][0-9]{8}|2[0-9]{9})", re.ASCII)
_PHONE_NOISE = re.compile(r"[\s.\-()]")
_REFERENCE = " (reference)"
_NAMED_PHONE = re.compile(r"phone|sdt|dien_?thoai|mobile|(?<![a-z])tel", re.I)
_NAMED_ID = re.compile(r"cccd|cmnd|person_?id|dinh_?danh|ddcn|citizen", re.I)
_LOOSE_PHONE = re.compile(r"\+?[0-9]{8,12}", re.ASCII)
_LOOSE_ID = re.compile(r"[0-9]{9,12}", re.ASCII)

_WHAT: Final[dict[Kind, tuple[str, str]]] = {
    "personal_id": ("12-digit personal ids (ĐDCN)", "số định danh cá nhân 12 chữ số"),
    "phone": ("phone numbers", "số điện thoại"),
    "full_name": ("full names", "họ tên người"),
}


@dataclass(frozen=True)
class PiiHint:
    """A column that looks like personal data: what it looks like and on how many values."""

    column: str
    kind: Kind
    matching: int
    examined: int

    def note(self, suite: str) -> dict[str, str]:
        """The run note (English, Vietnamese, and ``kind``/``column`` for tools)."""
        what_en, what_vi = _WHAT[self.kind]
        share = f"{self.matching}/{self.examined}"
        return {
            "en": f"possible personal data: the values of column '{self.column}' shown in "
            f"failing samples look like {what_en} ({share}) but the column is not in the "
            f"'pii' list of suite '{suite}', so they are shown unmasked in samples, reports "
            "and failure exports; add it to 'pii'",
            "vi": f"có thể là dữ liệu cá nhân: giá trị của cột '{self.column}' trong các mẫu "
            f"lỗi trông giống {what_vi} ({share}) nhưng cột không có trong danh sách 'pii' "
            f"của bộ '{suite}', nên được hiển thị không che trong mẫu lỗi, báo cáo và tệp bản "
            "ghi lỗi; hãy thêm cột vào 'pii'",
            "kind": "pii",
            "column": self.column,
        }


def _is_personal_id(value: str) -> bool:
    return _PERSONAL_ID.fullmatch(value) is not None


def _is_phone(value: str) -> bool:
    return _PHONE.fullmatch(_PHONE_NOISE.sub("", value)) is not None


def _is_full_name(value: str) -> bool:
    words = unicodedata.normalize("NFC", value).split()
    if not 2 <= len(words) <= 6 or words[0].casefold() not in FAMILY_NAMES:
        return False
    return all(word.isalpha() for word in words)


_RULES: Final[tuple[tuple[Kind, Callable[[str], bool]], ...]] = (
    ("personal_id", _is_personal_id),
    ("phone", _is_phone),
    ("full_name", _is_full_name),
)


def _rules(column: str) -> tuple[tuple[Kind, Callable[[str], bool]], ...]:
    """The rules for a column: looser where its name says it holds ids or phone numbers."""
    rules = list(_RULES)
    if _NAMED_ID.search(column):
        rules[0] = ("personal_id", lambda v: _LOOSE_ID.fullmatch(v) is not None)
    if _NAMED_PHONE.search(column):
        rules[1] = ("phone", lambda v: _LOOSE_PHONE.fullmatch(_PHONE_NOISE.sub("", v)) is not None)
    return tuple(rules)


def _verdict(column: str, values: Iterable[object]) -> PiiHint | None:
    texts = {v.strip() for v in values if isinstance(v, str)} - {""}
    if len(texts) < MIN_VALUES:
        return None
    for kind, rule in _rules(column):
        matching = sum(1 for v in texts if rule(v))
        if matching >= SHARE * len(texts):
            return PiiHint(column, kind, matching, len(texts))
    return None


def _enabled() -> bool:
    flag = os.environ.get("DATACHECK_PII_HINTS", "").strip().lower()
    return flag not in ("0", "false", "no", "off")


def pii_hints(values: Mapping[str, Iterable[object]], pii: Collection[str]) -> list[PiiHint]:
    """The columns of ``values`` (column → values shown) not in ``pii`` that look personal.

    Returns no hint when the ``DATACHECK_PII_HINTS`` environment variable is ``0`` (or
    ``false``/``no``/``off``).
    """
    if not _enabled():
        return []
    masked = set(pii)
    hints = [_verdict(c, shown) for c, shown in values.items() if c not in masked]
    return [hint for hint in hints if hint is not None]


def shown_values(checks: Iterable[CheckResult]) -> dict[str, list[object]]:
    """The values the checks' samples show, by column (``x (reference)`` counts as ``x``)."""
    out: dict[str, list[object]] = {}
    for check in checks:
        for sample in check.samples:
            for shown in (sample.key, sample.values):
                for column, value in shown.items():
                    out.setdefault(column.removesuffix(_REFERENCE), []).append(value)
    return out


def hint_notes(
    checks: Iterable[CheckResult], suite: str, pii: Collection[str]
) -> list[dict[str, str]]:
    """The warning notes of a run: :func:`pii_hints` over the values its samples show."""
    return [hint.note(suite) for hint in pii_hints(shown_values(checks), pii)]
