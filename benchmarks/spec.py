"""The reference suite's facts, shared by the data generator and every tool's version of it.

One place holds the patterns, sets, bounds and as-of instant, so the generator's manifest
and the six implementations (datacheck, pandera, pointblank, dataframely, Great
Expectations and the scan floor) cannot drift apart.

Timestamps in the benchmark data are naive; every tool reads them as local wall-clock time.
The as-of instant is midnight at the start of :data:`AS_OF_DATE`, so the freshness cut-off
(as-of minus 365 days) is the naive instant :data:`FRESH_CUTOFF`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

__all__ = [
    "AS_OF",
    "AS_OF_DATE",
    "BIRTH_MAX",
    "BIRTH_MIN",
    "CHECK_IDS",
    "COLUMNS",
    "EMAIL_PATTERN",
    "FRESH_CUTOFF",
    "FRESH_MAX_AGE",
    "GENDERS",
    "ID_PATTERN",
    "KEY_COLUMNS",
    "NOT_NULL",
    "PATTERNS",
    "PHONE_PATTERN",
    "PROVINCES",
    "ROW_COUNT_MAX",
    "ROW_COUNT_MIN",
    "SETS",
    "STATUSES",
    "check_columns",
]

AS_OF: Final = "2026-06-30"
AS_OF_DATE: Final = date(2026, 6, 30)
FRESH_MAX_AGE: Final = timedelta(days=365)
FRESH_CUTOFF: Final = datetime(AS_OF_DATE.year, AS_OF_DATE.month, AS_OF_DATE.day) - FRESH_MAX_AGE

ID_PATTERN: Final = r"^[0-9]{12}$"
PHONE_PATTERN: Final = r"^0[0-9]{9}$"
EMAIL_PATTERN: Final = r"^[a-z0-9._-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$"

GENDERS: Final = ("Nam", "Nữ")
STATUSES: Final = ("active", "inactive", "moved", "deceased")
# the 63 province-level codes of the national administrative catalogue (before 2025)
PROVINCES: Final = tuple(
    f"{code:02d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
        34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64,
        66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
        95, 96,
    )
)  # fmt: skip

BIRTH_MIN: Final = date(1900, 1, 1)
BIRTH_MAX: Final = AS_OF_DATE
ROW_COUNT_MIN: Final = 1_000
ROW_COUNT_MAX: Final = 1_000_000_000

COLUMNS: Final = (
    "person_id",
    "phone",
    "email",
    "gender",
    "status",
    "province_code",
    "birth_date",
    "updated_at",
)
KEY_COLUMNS: Final = ("person_id",)
"""The record key (``unique`` checks it; failing samples show it)."""
NOT_NULL: Final = ("person_id", "gender", "status", "province_code", "birth_date")
PATTERNS: Final = {"person_id": ID_PATTERN, "phone": PHONE_PATTERN, "email": EMAIL_PATTERN}
SETS: Final = {"gender": GENDERS, "status": STATUSES, "province_code": PROVINCES}

CHECK_IDS: Final = (
    *(f"not_null:{c}" for c in NOT_NULL),
    *(f"pattern:{c}" for c in PATTERNS),
    *(f"in_set:{c}" for c in SETS),
    "between:birth_date",
    "fresh:updated_at",
    "unique:person_id",
    "row_count",
)


def check_columns(check_id: str) -> tuple[str, ...]:
    """Return the columns a reference check reads.

    Parameters
    ----------
    check_id
        One of :data:`CHECK_IDS`.

    Returns
    -------
    tuple of str
        The columns (empty for ``row_count``).

    Examples
    --------
    >>> check_columns("pattern:phone")
    ('phone',)
    >>> check_columns("row_count")
    ()
    """
    _, _, columns = check_id.partition(":")
    return tuple(columns.split("+")) if columns else ()
