"""The rules that turn a column's profile into suggested checks, each with its evidence.

Every rule tolerates a share ``tolerance`` of exceptions; a check suggested despite
exceptions gets the observed pass rate (rounded down to 0.001) as its threshold.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Final

import polars as pl

from datacheck._coerce import format_duration
from datacheck.checks.base import Check
from datacheck.checks.clean import NormalizedText, Unique
from datacheck.checks.complete import NotNull
from datacheck.checks.correct import Between, InSet, Pattern
from datacheck.checks.live import Fresh, NotFuture
from datacheck.checks.shared import InCatalogue
from datacheck.dimensions import Severity
from datacheck.i18n import format_percent
from datacheck.suggest._model import (
    ColumnProfile,
    Evidence,
    Int,
    Num,
    Pct,
    SuggestedCheck,
    ev,
    fmt,
    join,
    threshold_for,
    tolerated,
    with_threshold,
)
from datacheck.suggest._profile import (
    DIGIT_LENGTHS,
    FRESH_AGES,
    Roles,
    is_birth,
    is_modified,
    is_temporal,
    is_text,
)
from datacheck.vn.admin_units import AdminUnit
from datacheck.vn.identifiers import BhxhCode, BhytCard, Cccd, CccdConsistent, Mst, PhoneVn, PlateVn
from datacheck.vn.text import NameVn

__all__ = [
    "MAX_IN_SET",
    "PERSONAL",
    "RARE_SHARE",
    "RECENT",
    "Column",
    "detect_kind",
    "key_like",
    "needs_values",
    "numeric_bounds",
    "suggest_column",
]

MAX_IN_SET: Final = 20
"""At most this many distinct values make a text column a candidate for ``in_set``."""

RARE_SHARE: Final = 0.001
"""A value of a low-cardinality column rarer than this share is a probable defect."""

RECENT: Final = timedelta(days=3652)
"""A date column whose latest value is this close to the as-of date gets ``max: today``."""

SIGNIFICANT: Final = 3
"""Numeric bounds are rounded outward to this many significant digits."""

PERSONAL: Final = frozenset({"cccd", "mst_personal", "phone_vn", "name_vn"})
"""Content kinds that are personal data: their columns go to the suite's ``pii``."""

_STRUCTURED: Final = frozenset({"cccd", "mst", "mst_personal", "bhyt_card", "plate_vn", "phone_vn"})
"""Identifier formats random values almost never pass: detected from ``1 − 5 × tolerance``."""

_IDENTIFIERS: Final = frozenset({"cccd", "mst", "mst_personal", "bhyt_card", "plate_vn", "digits"})

# column-name hints (English and Vietnamese without diacritics), matched case-insensitively
_ID_NAME: Final = re.compile(
    r"(?:^|_)(?:id|uuid|key|code|no|number|num|ma|so|mst|cccd|cmnd|dinh_danh)(?:$|_)|id$",
    re.IGNORECASE,
)
_ETHNIC_NAME: Final = re.compile(r"ethnic|dan_toc", re.IGNORECASE)
_PROVINCE_NAME: Final = re.compile(r"province|(?:^|_)tinh(?!_trang)(?:$|_)", re.IGNORECASE)
_BHXH_NAME: Final = re.compile(r"bhxh|social_insurance", re.IGNORECASE)
_DEADLINE_NAME: Final = re.compile(
    r"due|expir|until|deadline|valid_to|(?:^|_)han(?:$|_)|het_han", re.IGNORECASE
)


@dataclass
class Column:
    """One column while the rules run: its profile, statistics and the checks decided."""

    profile: ColumnProfile
    dtype: pl.DataType
    stats: dict[str, Any]
    items: list[SuggestedCheck] = field(default_factory=list)
    notes: list[Evidence] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The column's name."""
        return self.profile.name

    @property
    def kind(self) -> str | None:
        """The content detected, if any."""
        return self.profile.kind

    def add(self, check: Check, why: Evidence, expected: tuple[int, int] | None) -> None:
        """Suggest ``check`` for this column."""
        self.items.append(SuggestedCheck(check=check, column=self.name, why=why, expected=expected))


# ------------------------------------------------------------------------- content kinds

_KINDS: Final[dict[str, tuple[str, str]]] = {
    "cccd": (
        "12-digit values; {share} are valid personal ids (province prefix, century/sex digit, "
        "birth year) → cccd",
        "giá trị 12 chữ số; {share} là số định danh cá nhân hợp lệ (mã tỉnh, chữ số thế kỷ/giới "
        "tính, năm sinh) → cccd",
    ),
    "mst": (
        "10-digit tax codes (13 with a branch); {share} have a valid check digit → mst",
        "mã số thuế 10 chữ số (13 nếu là đơn vị phụ thuộc); {share} đúng chữ số kiểm tra → mst",
    ),
    "mst_personal": (
        "tax codes and 12-digit personal ids (individuals' tax codes since 2025-07-01); {share} "
        "are valid → mst with allow_personal_id",
        "mã số thuế và số định danh 12 chữ số (mã số thuế cá nhân từ 01/07/2025); {share} hợp lệ "
        "→ mst với allow_personal_id",
    ),
    "bhyt_card": (
        "{share} are 15-character health insurance card codes → bhyt_card",
        "{share} là mã thẻ BHYT 15 ký tự → bhyt_card",
    ),
    "plate_vn": (
        "{share} are Vietnamese vehicle plates → plate_vn",
        "{share} là biển số xe Việt Nam → plate_vn",
    ),
    "phone_vn": (
        "{share} are Vietnamese phone numbers (carrier prefix or 02x landline) → phone_vn",
        "{share} là số điện thoại Việt Nam (đầu số nhà mạng hoặc cố định 02x) → phone_vn",
    ),
    "commune": (
        "{share} are codes of the 3,321 communes in force since 2025-07-01 → admin_unit commune",
        "{share} là mã của 3.321 xã, phường, đặc khu từ 01/07/2025 → admin_unit cấp xã",
    ),
    "province": (
        "{share} are codes of the 34 provinces in force since 2025-07-01 → admin_unit province",
        "{share} là mã của 34 tỉnh, thành phố từ 01/07/2025 → admin_unit cấp tỉnh",
    ),
    "ethnic_groups": (
        "{share} are codes of the 54 ethnic groups (01-54) → in_catalogue ethnic_groups",
        "{share} là mã của 54 dân tộc (01-54) → in_catalogue ethnic_groups",
    ),
    "alpha3": (
        "{share} are ISO 3166-1 alpha-3 country codes → in_catalogue countries",
        "{share} là mã quốc gia ISO 3166-1 alpha-3 → in_catalogue countries",
    ),
    "alpha2": (
        "{share} are ISO 3166-1 alpha-2 country codes → in_catalogue countries",
        "{share} là mã quốc gia ISO 3166-1 alpha-2 → in_catalogue countries",
    ),
    "name_vn": (
        "{share} are well-formed person names (letters only, every word capitalised), {words} "
        "have two or more words → name_vn",
        "{share} là họ tên viết đúng (chỉ chữ cái, viết hoa chữ đầu mỗi từ), {words} có từ hai "
        "từ trở lên → name_vn",
    ),
}

# detection order: the most specific content first
_ORDER: Final = (
    "cccd",
    "mst",
    "mst_personal",
    "bhyt_card",
    "plate_vn",
    "phone_vn",
    "commune",
    "province",
    "ethnic_groups",
    "alpha3",
    "alpha2",
)


def _kind_check(column: Column, kind: str) -> Check:
    """The check of a detected content kind (``mst``: the branch forms the values use)."""
    cols = (column.name,)
    hyphen, plain = column.stats.get("hyphen", 0), column.stats.get("digits13", 0)
    branch: Any = "either" if hyphen and plain else ("plain" if plain else "hyphen")
    makers: dict[str, Callable[[], Check]] = {
        "cccd": lambda: Cccd(columns=cols),
        "mst": lambda: Mst(columns=cols, branch=branch),
        "mst_personal": lambda: Mst(columns=cols, branch=branch, allow_personal_id=True),
        "bhyt_card": lambda: BhytCard(columns=cols),
        "plate_vn": lambda: PlateVn(columns=cols),
        "phone_vn": lambda: PhoneVn(columns=cols),
        "commune": lambda: AdminUnit(columns=cols, level="commune"),
        "province": lambda: AdminUnit(columns=cols, level="province"),
        "ethnic_groups": lambda: InCatalogue(columns=cols, catalogue="ethnic_groups"),
        "alpha3": lambda: InCatalogue(columns=cols, catalogue="countries", field="alpha3"),
        "alpha2": lambda: InCatalogue(columns=cols, catalogue="countries", field="alpha2"),
        "name_vn": lambda: NameVn(columns=cols),
    }
    return makers[kind]()


def detect_kind(profile: ColumnProfile, stats: dict[str, Any], tolerance: float) -> str | None:
    """The content of a text column: the first candidate its values pass, else ``None``.

    A candidate is detected when at least ``1 − tolerance`` of the values pass it; for the
    identifiers with a coded structure (personal ids, tax codes with their check digit,
    phone numbers, insurance cards, plates), which random values almost never pass, ``1 − 5
    × tolerance`` is conclusive.

    Examples
    --------
    >>> p = ColumnProfile("ma_dan_toc", "String", 10, 0, distinct=3,
    ...                   matches={"province": (10, 0), "ethnic_groups": (10, 0)})
    >>> detect_kind(p, {"spaced": 0}, 0.02)
    'ethnic_groups'
    >>> detect_kind(ColumnProfile("tax", "String", 100, 0, matches={"mst": (100, 7)}), {}, 0.02)
    'mst'
    """
    floor = 1.0 - tolerance
    structured = max(0.0, 1.0 - 5 * tolerance)
    passing = [
        kind
        for kind in _ORDER
        if profile.share(kind) >= (structured if kind in _STRUCTURED else floor)
    ]
    if "province" in passing and "ethnic_groups" in passing:
        # both lists are two-digit codes: the name decides, else the closer match
        ethnic = bool(_ETHNIC_NAME.search(profile.name))
        province = bool(_PROVINCE_NAME.search(profile.name))
        if ethnic and not province:
            passing.remove("province")
        elif province or profile.share("province") >= profile.share("ethnic_groups"):
            passing.remove("ethnic_groups")
        else:
            passing.remove("province")
    if passing:
        return passing[0]
    words = stats.get("spaced", 0) / profile.non_null if profile.non_null else 0.0
    many = (profile.distinct or 0) > MAX_IN_SET
    if profile.share("name_vn") >= floor and many and words >= 0.5:
        return "name_vn"
    if _digit_length(profile, stats, tolerance) is not None:
        return "digits"
    return None


def _digit_length(profile: ColumnProfile, stats: dict[str, Any], tolerance: float) -> int | None:
    """``L`` if the values are strings of ``L`` digits (within tolerance), ``L`` ≥ 2."""
    if profile.non_null == 0:
        return None
    best = max(DIGIT_LENGTHS, key=lambda n: (stats[f"digits{n}"], -n))
    if best >= 2 and stats[f"digits{best}"] >= (1.0 - tolerance) * profile.non_null:
        return best
    return None


def _suggest_kind(column: Column, tolerance: float) -> None:
    """Add the content check of a text column: a Vietnamese check, a catalogue or a pattern."""
    kind = column.kind
    non_null = column.profile.non_null
    if kind is None:
        return
    if kind != "digits":
        evaluated, failed = column.profile.matches[kind]
        en, vi = _KINDS[kind]
        words = Pct(column.stats["spaced"] / non_null if non_null else 0.0)
        why = ev(en, vi, share=Pct((evaluated - failed) / evaluated), words=words)
        column.add(
            with_threshold(_kind_check(column, kind), evaluated - failed, evaluated),
            join(why, tolerated(failed, evaluated)),
            (evaluated, failed),
        )
        return
    length = _digit_length(column.profile, column.stats, tolerance)
    assert length is not None
    passed = column.stats[f"digits{length}"]
    share = Pct(passed / non_null)
    if length == 10 and _BHXH_NAME.search(column.name):
        check: Check = BhxhCode(columns=(column.name,))
        why = ev(
            "{share} are 10-digit strings and the name says social insurance → bhxh_code",
            "{share} là chuỗi 10 chữ số và tên cột chỉ mã bảo hiểm xã hội → bhxh_code",
            share=share,
        )
    else:
        check = Pattern(columns=(column.name,), pattern=f"^[0-9]{{{length}}}$")
        why = ev(
            "{share} are strings of {length} digits",
            "{share} là chuỗi {length} chữ số",
            share=share,
            length=length,
        )
    column.add(
        with_threshold(check, passed, non_null),
        join(why, tolerated(non_null - passed, non_null)),
        (non_null, non_null - passed),
    )


# ------------------------------------------------------------------------- complete, clean


def _suggest_not_null(column: Column, tolerance: float, critical: bool) -> None:
    profile = column.profile
    if profile.non_null == 0 or profile.nulls > tolerance * profile.rows:
        return
    severity = Severity.CRITICAL if critical else Severity.NORMAL
    why = ev(
        "{nulls} in {rows}",
        "{nulls} giá trị null trong {rows} bản ghi",
        nulls=Int(profile.nulls, "null"),
        rows=Int(profile.rows, "row"),
    )
    if profile.nulls:
        why = ev(
            "{nulls} in {rows} ({share}) → threshold {threshold}",
            "{nulls} giá trị null trong {rows} bản ghi ({share}) → ngưỡng {threshold}",
            nulls=Int(profile.nulls, "null"),
            rows=Int(profile.rows, "row"),
            share=Pct(profile.nulls / profile.rows),
            threshold=Num(threshold_for(profile.non_null, profile.rows)),
        )
    column.add(
        with_threshold(
            NotNull(columns=(column.name,), severity=severity), profile.non_null, profile.rows
        ),
        why,
        (profile.rows, profile.nulls),
    )


def key_like(column: Column, tolerance: float) -> bool:
    """Whether a column looks like a record key.

    Its values are (nearly) all distinct and (nearly) never null, and its name is id-like or
    its values are identifiers.
    """
    profile = column.profile
    distinct = profile.distinct
    if distinct is None or distinct < 2 or profile.non_null == 0:
        return False
    if profile.nulls > tolerance * profile.rows:
        return False
    if profile.non_null - distinct > tolerance * profile.non_null:
        return False
    return bool(_ID_NAME.search(column.name)) or column.kind in _IDENTIFIERS


def _suggest_unique(column: Column, critical: bool) -> None:
    profile = column.profile
    distinct = profile.distinct or 0
    surplus = profile.non_null - distinct
    reason = (
        ev("id-like name", "tên cột dạng mã")
        if _ID_NAME.search(column.name)
        else ev("identifier values", "giá trị là mã định danh")
    )
    why = ev(
        "{distinct} in {non_null}",
        "{distinct} giá trị khác nhau trong {non_null} bản ghi khác null",
        distinct=Int(distinct, "distinct value"),
        non_null=Int(profile.non_null, "non-null row"),
    )
    severity = Severity.CRITICAL if critical else Severity.NORMAL
    check: Check = Unique(columns=(column.name,), severity=severity)
    if surplus == 0:
        column.add(check, join(why, reason), (profile.non_null, 0))
        return
    # each surplus row puts at most two rows in a duplicated key: a safe bound
    failing = min(profile.non_null, 2 * surplus)
    check = replace(check, threshold=threshold_for(profile.non_null - failing, profile.non_null))
    duplicates = ev(
        "{surplus} ({share}) repeat a key, so at most {failing} fail → threshold {threshold}",
        "{surplus} bản ghi thừa ({share}) lặp khoá, nên nhiều nhất {failing} bản ghi không đạt "
        "→ ngưỡng {threshold}",
        surplus=Int(surplus, "surplus row"),
        share=Pct(surplus / profile.non_null),
        failing=Int(failing, "row"),
        threshold=Num(check.threshold),
    )
    column.add(check, join(why, reason, duplicates), None)


def _suggest_normalized(column: Column, tolerance: float) -> None:
    """``normalized_text`` for names and free text (mostly letters and spaces)."""
    non_null = column.profile.non_null
    if column.kind not in (None, "name_vn") or column.profile.values is not None:
        return
    if column.kind is None and column.stats["spaced"] < 0.5 * non_null:
        return
    evaluated, failed = column.profile.matches["normalized_text"]
    if evaluated == 0 or failed > tolerance * evaluated:
        return
    why = ev(
        "{share} are already NFC, trimmed and single-spaced",
        "{share} đã chuẩn NFC, không thừa khoảng trắng",
        share=Pct((evaluated - failed) / evaluated),
    )
    column.add(
        with_threshold(NormalizedText(columns=(column.name,)), evaluated - failed, evaluated),
        join(why, tolerated(failed, evaluated)),
        (evaluated, failed),
    )


# ------------------------------------------------------------------------- in_set


def _variant_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


def _shown(value: str) -> str:
    """A left-out value as it reads, marked when it is not NFC (it looks like its original).

    Examples
    --------
    >>> import unicodedata
    >>> _shown("nam"), _shown(unicodedata.normalize("NFD", "Nữ")).endswith("(not NFC)")
    ("'nam'", True)
    """
    marked = " (not NFC)" if unicodedata.normalize("NFC", value) != value else ""
    return f"{value!r}{marked}"


def needs_values(column: Column) -> bool:
    """Whether a text column needs its values counted by the second query.

    It does when it holds few distinct values that repeat and no content was detected.
    """
    profile = column.profile
    if not is_text(column.dtype) or column.kind is not None:
        return False
    distinct = profile.distinct or 0
    return 0 < distinct <= MAX_IN_SET and profile.non_null >= 2 * distinct


def _suggest_in_set(column: Column) -> None:
    values = column.profile.values
    if not values:
        return
    non_null = column.profile.non_null
    kept: list[tuple[str, int]] = []
    left: list[tuple[str, int]] = []
    seen: set[str] = set()
    for value, count in values:  # most frequent first: a variant follows its original
        key = _variant_key(value)
        (left if key in seen or count < RARE_SHARE * non_null else kept).append((value, count))
        seen.add(key)
    failed = sum(count for _, count in left)
    check = with_threshold(
        InSet(columns=(column.name,), values=tuple(v for v, _ in kept)), non_null - failed, non_null
    )
    why = Evidence(
        f"{fmt(Int(len(values), 'distinct value'), 'en')}: "
        + ", ".join(f"{v} {format_percent(c / non_null, 'en')}" for v, c in kept),
        f"{len(values)} giá trị khác nhau: "
        + ", ".join(f"{v} {format_percent(c / non_null, 'vi')}" for v, c in kept),
    )
    if left:
        shown = ", ".join(f"{_shown(v)} ({c})" for v, c in left[:8])
        more = f", … (+{len(left) - 8})" if len(left) > 8 else ""
        why = join(
            why,
            Evidence(
                f"left out as probable defects (a case, space or Unicode variant of a more "
                f"frequent value, or rarer than {format_percent(RARE_SHARE, 'en')}): "
                f"{shown}{more}",
                f"bỏ ra vì có thể là lỗi (biến thể hoa/thường, khoảng trắng hoặc Unicode của giá "
                f"trị phổ biến hơn, hoặc hiếm hơn {format_percent(RARE_SHARE, 'vi')}): "
                f"{shown}{more}",
            ),
            tolerated(failed, non_null),
        )
    column.add(check, why, (non_null, failed))


# ------------------------------------------------------------------------- ranges


def _significant(value: Decimal, rounding: str) -> Decimal:
    """``value`` rounded to :data:`SIGNIFICANT` significant digits in one direction."""
    if value == 0:
        return value
    quantum = Decimal(1).scaleb(value.copy_abs().adjusted() - (SIGNIFICANT - 1))
    return (value / quantum).to_integral_value(rounding=rounding) * quantum


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def numeric_bounds(
    low: float | Decimal, high: float | Decimal, integer: bool
) -> tuple[int | float, int | float]:
    """The observed range rounded outward to :data:`SIGNIFICANT` significant digits.

    Examples
    --------
    >>> numeric_bounds(12.34, 9876.5, integer=False)
    (12.3, 9880.0)
    >>> numeric_bounds(1, 45, integer=True), numeric_bounds(-1234, 0, integer=True)
    ((1, 45), (-1240, 0))

    A bound that rounding would push past the type's range (the float maximum, a 64-bit
    integer's extremes) stays the observed value:

    >>> numeric_bounds(1.5, 1.7976931348623157e308, integer=False)
    (1.5, 1.7976931348623157e+308)
    >>> numeric_bounds(-(2**63), 2**63 - 1, integer=True) == (-(2**63), 2**63 - 1)
    True
    """
    lo = _significant(Decimal(str(low)), ROUND_FLOOR)
    hi = _significant(Decimal(str(high)), ROUND_CEILING)
    if integer:
        lo_int = int(lo.to_integral_value(ROUND_FLOOR))
        hi_int = int(hi.to_integral_value(ROUND_CEILING))
        return (
            lo_int if lo_int >= _INT64_MIN else int(low),
            hi_int if hi_int <= _INT64_MAX else int(high),
        )
    lo_float, hi_float = float(lo), float(hi)
    return (
        lo_float if math.isfinite(lo_float) else float(low),
        hi_float if math.isfinite(hi_float) else float(high),
    )


def _suggest_numeric_range(column: Column) -> None:
    profile = column.profile
    low, high = profile.minimum, profile.maximum
    if low is None or high is None or isinstance(low, bool):
        return
    if not (math.isfinite(low) and math.isfinite(high)):
        return
    lo, hi = numeric_bounds(low, high, column.dtype.is_integer())
    nan = int(column.stats.get("nan") or 0)
    why = ev(
        "observed {low} … {high}; bounds rounded outward to {digits} significant digits",
        "quan sát {low} … {high}; biên làm tròn ra ngoài đến {digits} chữ số có nghĩa",
        low=low,
        high=high,
        digits=SIGNIFICANT,
    )
    if nan:
        why = join(why, ev("{nan}", "{nan} giá trị NaN", nan=Int(nan, "NaN value")))
        why = join(why, tolerated(nan, profile.non_null))
    column.add(
        with_threshold(
            Between(columns=(column.name,), min=lo, max=hi),
            profile.non_null - nan,
            profile.non_null,
        ),
        why,
        (profile.non_null, nan),
    )


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def date_floor(low: date, high: date) -> date:
    """The lower bound of a date range, rounded down.

    To the start of the decade of ``low`` if the range spans ten years or more, else to the
    start of its year.

    Examples
    --------
    >>> date_floor(date(1927, 3, 24), date(2020, 6, 26))
    datetime.date(1920, 1, 1)
    >>> date_floor(date(2019, 5, 2), date(2024, 1, 1))
    datetime.date(2019, 1, 1)
    >>> date_floor(date(1, 1, 1), date(2024, 1, 1))  # no year 0: the first decade starts at 1
    datetime.date(1, 1, 1)
    """
    decade = high.year - low.year >= 10
    return date(max(1, low.year - low.year % 10) if decade else low.year, 1, 1)


def _suggest_date_range(column: Column, as_of: datetime, tolerance: float) -> None:
    """``between`` for a date column: from the observed minimum (rounded down) to today.

    ``max: today`` when the latest value is recent (or the column holds birth dates) and
    at most ``tolerance`` of the values are after today; a deadline-like column
    (``due_at``, ``expires_on`` …) or one whose values often run past today gets no
    maximum; an old column (latest value more than ten years ago) gets the end of its
    latest year.
    """
    profile = column.profile
    low, high = profile.minimum, profile.maximum
    if low is None or high is None:
        return
    evaluated, after = profile.matches["after_today"]
    today = as_of.date()
    minimum = date_floor(_day(low), _day(high))
    why = ev(
        "observed {low} … {high}; min rounded down to {minimum}",
        "quan sát {low} … {high}; min làm tròn xuống {minimum}",
        low=low,
        high=high,
        minimum=minimum,
    )
    deadline = bool(_DEADLINE_NAME.search(column.name))
    if deadline or after > tolerance * evaluated:
        reason = (
            ev("a deadline-like name", "tên cột dạng thời hạn")
            if deadline
            else ev(
                "{share} of the values are after today",
                "{share} giá trị sau hôm nay",
                share=Pct(after / evaluated),
            )
        )
        note = Evidence(f"no max: {reason.en}", f"không đặt max: {reason.vi}")
        column.add(Between(columns=(column.name,), min=minimum), join(why, note), (evaluated, 0))
        return
    if _day(high) >= today - RECENT or is_birth(column.name):
        note = (
            ev(
                "max today: the latest value is less than ten years before the as-of date {today}",
                "max today: giá trị mới nhất cách thời điểm {today} chưa đến mười năm",
                today=today,
            )
            if _day(high) >= today - RECENT
            else ev("max today: birth dates", "max today: ngày sinh")
        )
        if after:
            note = join(
                note,
                ev("{after} after today", "{after} giá trị sau hôm nay", after=Int(after, "value")),
                tolerated(after, evaluated),
            )
        column.add(
            with_threshold(
                Between(columns=(column.name,), min=minimum, max="today"),
                evaluated - after,
                evaluated,
            ),
            join(why, note),
            (evaluated, after),
        )
        return
    maximum = date(_day(high).year, 12, 31)
    note = ev(
        "max {maximum}: the latest value is more than ten years old",
        "max {maximum}: giá trị mới nhất đã hơn mười năm",
        maximum=maximum,
    )
    column.add(
        Between(columns=(column.name,), min=minimum, max=maximum), join(why, note), (evaluated, 0)
    )


# ------------------------------------------------------------------------- live


def _suggest_live(column: Column, as_of: datetime, tolerance: float) -> None:
    """``not_future`` and ``fresh`` for a "last modified" column."""
    profile = column.profile
    if profile.minimum is None:
        return
    evaluated, future = profile.matches["future"]
    if future <= tolerance * evaluated:
        why = ev(
            "{future} after the as-of instant {as_of}",
            "{future} giá trị sau thời điểm {as_of}",
            future=Int(future, "value"),
            as_of=as_of,
        )
        column.add(
            with_threshold(NotFuture(columns=(column.name,)), evaluated - future, evaluated),
            join(why, tolerated(future, evaluated)),
            (evaluated, future),
        )
    local = as_of.replace(tzinfo=None)
    oldest = profile.minimum
    age = (local - oldest) if isinstance(oldest, datetime) else (local.date() - oldest)
    for days in FRESH_AGES:
        evaluated, stale = profile.matches[f"fresh{days}"]
        if stale > tolerance * evaluated:
            continue
        max_age = timedelta(days=days)
        why = ev(
            "the oldest value is {age} old; {share} are at most {days} old → max_age {max_age}",
            "giá trị cũ nhất đã {age} ngày; {share} không quá {days} ngày → max_age {max_age}",
            age=Int(age.days, "day"),
            share=Pct((evaluated - stale) / evaluated),
            days=Int(days, "day"),
            max_age=format_duration(max_age),
        )
        column.add(
            with_threshold(
                Fresh(columns=(column.name,), max_age=max_age), evaluated - stale, evaluated
            ),
            join(why, tolerated(stale, evaluated)),
            (evaluated, stale),
        )
        return
    evaluated, stale = profile.matches[f"fresh{FRESH_AGES[-1]}"]
    column.notes.append(
        ev(
            "no fresh: {share} of the values are older than {days}",
            "không gợi ý fresh: {share} giá trị cũ hơn {days} ngày",
            share=Pct(stale / evaluated),
            days=Int(FRESH_AGES[-1], "day"),
        )
    )


# ------------------------------------------------------------------------- cccd_consistent


def _suggest_cccd_consistent(
    column: Column, roles: Roles, sex: Column | None, tolerance: float
) -> None:
    """``cccd_consistent`` for a personal-id column when the table has a birth date.

    With a sex column coded ``Nam``/``Nữ`` (the national convention) the sex digit is
    compared too; with another coding, the birth year only.
    """
    if column.kind != "cccd" or roles.birth is None:
        return
    sex_values = {v for v, _ in (sex.profile.values or ())} if sex is not None else set()
    with_sex = roles.sex is not None and {"Nam", "Nữ"} <= sex_values
    found = column.profile.matches.get("cccd_sex" if with_sex else "cccd_year")
    if found is None or found[0] == 0 or found[1] > tolerance * found[0]:
        return
    evaluated, failed = found
    share = Pct((evaluated - failed) / evaluated)
    if with_sex and roles.sex is not None:
        check: Check = CccdConsistent(columns=(column.name,), birth_date=roles.birth, sex=roles.sex)
        what = ev(
            "the birth year and sex the id encodes agree with {birth} and {sex} in {share} "
            "of {evaluated}",
            "năm sinh và giới tính mã hoá trong số định danh khớp với {birth} và {sex} ở {share} "
            "trong {evaluated} bản ghi",
            birth=roles.birth,
            sex=roles.sex,
            share=share,
            evaluated=Int(evaluated, "row"),
        )
    else:
        check = CccdConsistent(columns=(column.name,), birth_date=roles.birth)
        what = ev(
            "the birth year the id encodes agrees with {birth} in {share} of {evaluated}",
            "năm sinh mã hoá trong số định danh khớp với {birth} ở {share} trong {evaluated} "
            "bản ghi",
            birth=roles.birth,
            share=share,
            evaluated=Int(evaluated, "row"),
        )
    column.add(
        with_threshold(check, evaluated - failed, evaluated),
        join(what, tolerated(failed, evaluated)),
        (evaluated, failed),
    )


# ------------------------------------------------------------------------- per column


def suggest_column(
    column: Column,
    *,
    as_of: datetime,
    tolerance: float,
    roles: Roles,
    sex: Column | None,
    key: bool,
) -> None:
    """Decide the checks of one column (``key``: it is the record key, checks are critical)."""
    _suggest_not_null(column, tolerance, critical=key)
    if key_like(column, tolerance):
        _suggest_unique(column, critical=key)
    if column.profile.non_null == 0:
        return
    if is_text(column.dtype):
        _suggest_kind(column, tolerance)
        _suggest_in_set(column)
        _suggest_normalized(column, tolerance)
        _suggest_cccd_consistent(column, roles, sex, tolerance)
    elif is_modified(column.name, column.dtype):
        _suggest_live(column, as_of, tolerance)
    elif is_temporal(column.dtype):
        _suggest_date_range(column, as_of, tolerance)
    elif column.dtype.is_numeric():
        _suggest_numeric_range(column)
