"""The run's as-of instant and comparisons of temporal columns with instants.

Naive timestamps (in data and in ``--as-of``) are read in the suite's timezone. A bare date
as the as-of means midnight at the start of that day in the suite's timezone.

Comparisons are compiled to literals of the column's own type, so the per-row work is one
comparison (no per-row timezone conversion).
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from datacheck.errors import DatacheckError

__all__ = ["parse_as_of", "temporal_literal", "zone"]


_HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})
"""Machine-dependent names: accepting them would make runs differ by host."""


@functools.cache
def _tzdata_zones() -> frozenset[str]:
    """The zones the ``tzdata`` package lists (one file), empty without the package."""
    try:
        text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@functools.cache
def is_known_zone(name: str) -> bool:
    """Whether ``name`` is in :func:`zoneinfo.available_timezones` (less the host names).

    The same answer for one name without listing them all (which opens every file of the
    system's zone database, ~10 ms per process): a zone of the ``tzdata`` package, or a file
    of a ``TZPATH`` root starting with ``TZif``, reached as ``os.walk`` would reach it (no
    symlinked folder on the way, not under the top-level ``right/`` and ``posix/``).

    Examples
    --------
    >>> is_known_zone("Asia/Ho_Chi_Minh"), is_known_zone("localtime"), is_known_zone("Mars/Base")
    (True, False, False)
    """
    if name in _HOST_ZONES:
        return False
    if name in _tzdata_zones():
        return True
    parts = name.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        return False
    if len(parts) > 1 and parts[0] in {"right", "posix"}:
        return False
    for root in map(Path, zoneinfo.TZPATH):
        folders = [root.joinpath(*parts[:depth]) for depth in range(1, len(parts))]
        if any(folder.is_symlink() for folder in folders):
            continue  # os.walk does not enter symlinked folders
        path = root.joinpath(*parts)
        try:
            with path.open("rb") as handle:
                if path.is_file() and handle.read(4) == b"TZif":
                    return True
        except OSError:
            continue
    return False


def zone(name: str) -> ZoneInfo:
    """Return the timezone ``name`` or raise a clear error.

    Examples
    --------
    >>> zone("Asia/Ho_Chi_Minh").key
    'Asia/Ho_Chi_Minh'
    """
    if not is_known_zone(name):
        shown = repr(name) if len(name) <= 60 else repr(name[:57] + "...")
        raise DatacheckError(
            f"unknown timezone {shown}: expected an IANA name such as 'Asia/Ho_Chi_Minh'",
            f"múi giờ không hợp lệ {shown}: cần tên IANA như 'Asia/Ho_Chi_Minh'",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise DatacheckError(
            f"unknown timezone {name!r}: expected an IANA name such as 'Asia/Ho_Chi_Minh'",
            f"múi giờ không hợp lệ {name!r}: cần tên IANA như 'Asia/Ho_Chi_Minh'",
        ) from None


def parse_as_of(value: str | date | datetime | None, timezone: str) -> datetime:
    """Return the run's as-of instant, timezone-aware, in ``timezone``.

    Parameters
    ----------
    value
        ``None`` (now), a date, a datetime (naive = local time in ``timezone``) or an ISO
        8601 string of either.
    timezone
        The suite's timezone.

    Examples
    --------
    >>> parse_as_of("2026-06-30", "Asia/Ho_Chi_Minh").isoformat()
    '2026-06-30T00:00:00+07:00'
    >>> parse_as_of("2026-06-30T12:00:00Z", "Asia/Ho_Chi_Minh").isoformat()
    '2026-06-30T19:00:00+07:00'
    """
    tz = zone(timezone)
    if value is None:
        return datetime.now(tz)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = (
                datetime.fromisoformat(text)
                if ("T" in text or " " in text)
                else (date.fromisoformat(text))
            )
        except ValueError:
            raise DatacheckError(
                f"bad as-of {text!r}: expected a date YYYY-MM-DD or a date-time "
                "YYYY-MM-DDTHH:MM[:SS][+HH:MM]",
                f"thời điểm --as-of không hợp lệ {text!r}: cần ngày YYYY-MM-DD hoặc ngày-giờ "
                "YYYY-MM-DDTHH:MM[:SS][+HH:MM]",
            ) from None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def temporal_literal(
    dtype: pl.DataType, instant: datetime, timezone: str, *, round_up: bool = False
) -> pl.Expr:
    """A literal of ``dtype`` for comparing a column with ``instant``.

    A millisecond column cannot hold an instant between two milliseconds (an as-of of
    ``10:00:00.000500``): it is rounded down, or up with ``round_up``, never truncated by a
    cast, so that :func:`compare_with_instant` can stay exact. A ``Date`` column takes the
    instant's date in ``timezone`` (dates compare as whole days).

    Parameters
    ----------
    dtype
        The column's type: ``Date`` or ``Datetime`` (naive or with a timezone).
    instant
        A timezone-aware instant.
    timezone
        The suite's timezone, in which naive columns are read.
    round_up
        Round an instant between two values of the column's unit up instead of down.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> t = datetime(2026, 6, 30, 1, 0, tzinfo=ZoneInfo("UTC"))
    >>> pl.select(temporal_literal(pl.Date(), t, "Asia/Ho_Chi_Minh")).item()
    datetime.date(2026, 6, 30)
    >>> t = datetime(2026, 6, 30, 1, 0, 0, 500, tzinfo=ZoneInfo("UTC"))
    >>> pl.select(temporal_literal(pl.Datetime("ms"), t, "UTC", round_up=True)).item()
    datetime.datetime(2026, 6, 30, 1, 0, 0, 1000)
    """
    if isinstance(dtype, pl.Datetime):
        instant = _in_unit(instant, dtype.time_unit, round_up=round_up)
        if dtype.time_zone is None:
            local = instant.astimezone(zone(timezone)).replace(tzinfo=None)
            return pl.lit(local, dtype=pl.Datetime(dtype.time_unit))
        # built from UTC: Polars reads an aware Python datetime of a zone with daylight saving
        # an hour off after 2037 (where the zone's table gives way to its rule)
        utc = instant.astimezone(UTC).replace(tzinfo=None)
        literal = pl.lit(utc, dtype=pl.Datetime(dtype.time_unit)).dt.replace_time_zone("UTC")
        return literal.dt.convert_time_zone(dtype.time_zone)
    return pl.lit(instant.astimezone(zone(timezone)).date(), dtype=pl.Date)


def _in_unit(instant: datetime, unit: str, *, round_up: bool) -> datetime:
    """``instant`` rounded to a whole ``unit`` (only milliseconds are coarser than Python's)."""
    extra = instant.microsecond % 1000 if unit == "ms" else 0
    if not extra:
        return instant
    down = instant.astimezone(UTC) - timedelta(microseconds=extra)
    try:
        return down + timedelta(milliseconds=1) if round_up else down
    except OverflowError:  # the last millisecond of year 9999: no later one exists
        return down


def day_start(day: date, timezone: str) -> datetime:
    """Midnight at the start of ``day`` in ``timezone``."""
    return datetime.combine(day, time(), tzinfo=zone(timezone))


def next_day_start(day: date, timezone: str) -> datetime | None:
    """Midnight at the start of the day after ``day`` in ``timezone`` (``None`` after 9999)."""
    if day >= date.max:
        return None
    return day_start(day + timedelta(days=1), timezone)


_NS_LOW = datetime(1677, 9, 21, 0, 12, 44, tzinfo=UTC)
_NS_HIGH = datetime(2262, 4, 11, 23, 47, 16, tzinfo=UTC)

Comparison = Literal["lt", "le", "gt", "ge"]


def compare_with_instant(
    value: pl.Expr,
    dtype: pl.DataType,
    instant: datetime | None,
    timezone: str,
    op: Comparison,
) -> pl.Expr:
    """``value <op> instant`` for a Date/Datetime column, exact at the type's range limits.

    ``instant=None`` stands for +infinity. An instant the column's type cannot represent
    (nanosecond date-times hold only 1677–2262) gives the constant answer for every value
    instead of an overflow.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> far = datetime(2300, 1, 1, tzinfo=timezone.utc)
    >>> s = pl.Series([datetime(2000, 1, 1)], dtype=pl.Datetime("ns"))
    >>> pl.select(compare_with_instant(pl.lit(s), pl.Datetime("ns"), far, "UTC", "lt")).item()
    True
    """
    above_all = instant is None
    below_all = False
    if instant is not None and isinstance(dtype, pl.Datetime) and dtype.time_unit == "ns":
        above_all = instant > _NS_HIGH
        below_all = instant < _NS_LOW
    if above_all:
        return pl.lit(value=op in ("lt", "le"))
    if below_all:
        return pl.lit(value=op in ("gt", "ge"))
    assert instant is not None
    # on whole units of the column, value < instant is value < the instant rounded up, and
    # value <= instant is value <= it rounded down (exact where a cast would truncate)
    literal = temporal_literal(dtype, instant, timezone, round_up=op in ("lt", "ge"))
    ops = {
        "lt": value < literal,
        "le": value <= literal,
        "gt": value > literal,
        "ge": value >= literal,
    }
    return ops[op]
