r"""Vietnamese identifiers: personal id, tax code, insurance codes, phones, plates, placeholders.

Every check here compiles to Polars string expressions (Rust regular expressions and integer
arithmetic), so it joins the suite's single pass. Three rules hold for all of them:

* "digit" means an ASCII digit ``0-9``: full-width (``０``) or Arabic-Indic (``٠``) digits
  fail. Patterns use ``[0-9]``, never ``\d`` (which is Unicode in Rust).
* Values are checked as stored: surrounding or inner whitespace (including NBSP) fails.
  Trimming is the business of ``normalized_text``, so one defect is counted in one place.
* Nulls are not evaluated (``not_null``/``not_blank`` count them).

Failure details count failing rows by their first reason in a documented order, so the
reasons of one result add up to its ``failed`` count (``cccd_consistent`` is the exception:
its three facts are independent and a row counts under each one it breaks).

The public constants (province codes, carrier prefixes, plate codes) are the data the checks
use; the hypothesis strategies in :mod:`datacheck.vn.strategies` build values from them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

import polars as pl

from datacheck.checks.base import (
    STRING,
    Check,
    ColumnKind,
    CompileContext,
    RowCheck,
    RowRule,
    register,
)
from datacheck.dimensions import Dimension
from datacheck.errors import CheckDefinitionError, DatacheckError

__all__ = [
    "ABROAD_CODES",
    "BHYT_PATTERN",
    "CCCD_PROVINCES",
    "MOBILE_PREFIXES",
    "MST_WEIGHTS",
    "PLATE_LETTERS",
    "PLATE_PROVINCES",
    "PLATE_SPECIAL_SERIES",
    "BhxhCode",
    "BhytCard",
    "Cccd",
    "CccdConsistent",
    "IdPlaceholder",
    "Mst",
    "PhoneVn",
    "PlateVn",
    "cccd_birth_year",
    "mst_check_digit",
]

# ----------------------------------------------------------------------------- data

#: The 63 provinces before the 2025 merger, by the 3-digit code that opens a personal id
#: (Thông tư 07/2016/TT-BCA, Phụ lục I; kept by Thông tư 59/2021/TT-BCA). The 2025 merger
#: renumbered no card: ids keep the code of the province where the birth was registered.
CCCD_PROVINCES: Final[dict[str, str]] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

#: Country codes (first three digits) of ids of citizens whose birth was registered abroad.
ABROAD_CODES: Final[range] = range(101, 296)

#: Weights of the first nine digits of a tax code (MST) in its check digit.
MST_WEIGHTS: Final[tuple[int, ...]] = (31, 29, 23, 19, 17, 13, 7, 5, 3)

#: The mobile prefixes (trunk ``0`` + two digits) in use: Viettel 032-039, 086, 096-098;
#: VinaPhone 081-085, 088, 091, 094; MobiFone 070, 076-079, 089, 090, 093; Vietnamobile 052,
#: 056, 058, 092; Gmobile 059, 099; Itelecom 087; Reddi 055.
MOBILE_PREFIXES: Final[tuple[str, ...]] = tuple(
    f"0{n:02d}"
    for n in sorted(
        {*range(32, 40), 86, 96, 97, 98}
        | {81, 82, 83, 84, 85, 88, 91, 94}
        | {70, 76, 77, 78, 79, 89, 90, 93}
        | {52, 56, 58, 92}
        | {59, 99}
        | {87, 55}
    )
)

#: Two-digit locality codes of domestic vehicle plates (Thông tư 24/2023/TT-BCA, Phụ lục 02,
#: kept by Thông tư 79/2024/TT-BCA): 11-99 as allocated, 80 being the central registry.
PLATE_PROVINCES: Final[tuple[str, ...]] = tuple(
    f"{n}"
    for n in sorted(
        {11, 12, *range(14, 42), 43, *range(47, 87), 88, 89, 90, 92, 93, 94, 95, 97, 98, 99}
    )
)

#: The 20 series letters of domestic plates: A-Z without I, J, O, Q, R, W.
PLATE_LETTERS: Final[str] = "ABCDEFGHKLMNPSTUVXYZ"

#: Series outside the letter grammar: ``R`` (trailers and semi-trailers, rơ moóc) and ``TĐ``
#: (pilot domestic vehicles). Electric motorbikes use ``MĐ`` + a digit 1-9 (``MĐ1``).
PLATE_SPECIAL_SERIES: Final[tuple[str, ...]] = ("R", "TĐ")

#: The 15-character health insurance card code: two letters (beneficiary group), the benefit
#: level 1-5, two digits (province), then the 10-digit social insurance code.
BHYT_PATTERN: Final[str] = r"^[A-Z]{2}[1-5][0-9]{2}[0-9]{10}$"

_NEVER: Final = pl.lit(value=False)

# ----------------------------------------------------------------------------- helpers


def _text(column: str) -> pl.Expr:
    """The column as strings (categoricals and enums included)."""
    return pl.col(column).cast(pl.String)


def _any_of(alternatives: list[str] | tuple[str, ...]) -> str:
    """A non-capturing regex alternation of already-escaped alternatives."""
    return "(?:" + "|".join(alternatives) + ")"


def _codes_regex(codes: Sequence[str]) -> str:
    """A regex matching exactly one of ``codes`` (literal strings)."""
    return _any_of([re.escape(c) for c in sorted(codes)])


def _count(condition: pl.Expr) -> pl.Expr:
    """Aggregate: the number of rows where ``condition`` is true."""
    return condition.fill_null(value=False).sum().cast(pl.Int64)


_THREE_DIGITS: Final = tuple(f"{n:03d}" for n in range(1000))


def _place_codes(allow_abroad: bool) -> list[str]:
    """The valid first three digits of a personal id: province or abroad country codes."""
    codes = set(CCCD_PROVINCES)
    if allow_abroad:
        codes |= {f"{n:03d}" for n in ABROAD_CODES}
    return sorted(codes)


def _birth_codes(as_of_year: int) -> tuple[list[str], list[str], list[str]]:
    """Digits 4-6 (century/sex digit + ``YY``) split by what they encode at ``as_of_year``.

    Returns (birth years not after the as-of year, a century that starts after the as-of
    year, a year of the current century after the as-of year).
    """
    past, late_century, future = [], [], []
    for code in _THREE_DIGITS:
        start = 1900 + 100 * (int(code[0]) // 2)
        if start > as_of_year:
            late_century.append(code)
        elif start + int(code[1:]) > as_of_year:
            future.append(code)
        else:
            past.append(code)
    return past, late_century, future


def _id_regex(*parts: list[str], tail: str = "") -> str | None:
    """``^(?:…)(?:…)…tail$`` with one literal alternation per part; ``None`` if one is empty."""
    if not all(parts):
        return None
    return "^" + "".join(_codes_regex(part) for part in parts) + tail + "$"


def _matches(value: pl.Expr, regex: str | None) -> pl.Expr:
    """``value.str.contains(regex)``; never true when ``regex`` is ``None``."""
    return _NEVER if regex is None else value.str.contains(regex)


def cccd_birth_year(value: str) -> int | None:
    """The birth year a 12-digit personal id encodes (century/sex digit and ``YY``).

    Returns ``None`` for a value that is not 12 ASCII digits.

    Examples
    --------
    >>> cccd_birth_year("001099012345"), cccd_birth_year("079203000123")
    (1999, 2003)
    """
    if len(value) != 12 or any(c not in "0123456789" for c in value):
        return None
    return 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])


def mst_check_digit(first_nine: str) -> int | None:
    """The check digit of a tax code's first nine digits, or ``None`` if none exists.

    ``d10 = 10 − (Σ dᵢ·wᵢ mod 11)`` with weights 31, 29, 23, 19, 17, 13, 7, 5, 3; a weighted
    sum ≡ 0 (mod 11) would need the check digit 10, so such prefixes are never issued.

    Examples
    --------
    >>> mst_check_digit("010010910"), mst_check_digit("030058856")
    (6, 9)
    """
    total = sum(w * int(d) for w, d in zip(MST_WEIGHTS, first_nine, strict=True))
    check = 10 - total % 11
    return check if check <= 9 else None


def _cccd_valid(value: pl.Expr, as_of_year: int, allow_abroad: bool) -> pl.Expr:
    """True where ``value`` is a valid personal id at ``as_of_year`` (one regex)."""
    past, _, _ = _birth_codes(as_of_year)
    return _matches(value, _id_regex(_place_codes(allow_abroad), past, tail="[0-9]{6}"))


_CCCD_REASONS: Final = ("bad_length_or_digits", "bad_province", "bad_century", "future_birth_year")


def _cccd_reason(value: pl.Expr, as_of_year: int, allow_abroad: bool) -> pl.Expr:
    """Per row: 0 for a valid personal id, else 1 + the index of its first reason.

    One regex (12 ASCII digits), then integer arithmetic on the parsed number: the place
    code is ``n // 10⁹``, the century/sex digit and ``YY`` are ``n // 10⁶ % 1000``.
    Null values give 0 (they are not evaluated).
    """
    places = [int(code) for code in _place_codes(allow_abroad)]
    digits = value.str.contains(r"^[0-9]{12}$")
    number = pl.when(digits).then(value.cast(pl.Int64, strict=False))
    birth = number // 1_000_000 % 1000
    start = 1900 + 100 * (birth // 200)  # the first year of the century digit's century
    return _reason_code(
        [
            (~digits, 1),
            (~(number // 1_000_000_000).is_in(places), 2),
            (start > as_of_year, 3),
            (start + birth % 100 > as_of_year, 4),
        ]
    )


def _reason_code(cases: list[tuple[pl.Expr, int]]) -> pl.Expr:
    """Per row: the code of the first case whose condition is true, else 0 (``Int8``)."""
    code = pl.lit(0, dtype=pl.Int8)
    for condition, value in reversed(cases):
        code = pl.when(condition).then(pl.lit(value, dtype=pl.Int8)).otherwise(code)
    return code


class _Facts:
    """Where a rule puts the row facts its aggregates share.

    The streaming engine evaluates every aggregate of a ``select`` separately, so a fact
    used by ``fails`` and several details is computed once per use unless it is a derived
    column (computed once per stage): :meth:`_SharedFactsCheck.rule` puts them in
    ``RowRule.derived`` (``derive=False`` keeps them inline, for reading the rule).
    """

    def __init__(self, check: Check, column: str, *, derive: bool) -> None:
        self._check = check
        self._column = column
        self._derive = derive
        self.derived: dict[str, pl.Expr] = {}

    def __call__(self, label: str, expr: pl.Expr) -> pl.Expr:
        """The fact ``expr``: a reference to its derived column, or ``expr`` itself."""
        if not self._derive:
            return expr
        name = self._check.derived_name([self._column], label)
        self.derived[name] = expr
        return pl.col(name)


@dataclass(frozen=True, kw_only=True)
class _SharedFactsCheck(RowCheck):
    """A row check whose rule shares row facts between its aggregates (see :class:`_Facts`)."""

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Return the rule for one column, its shared facts placed by ``facts``."""
        raise NotImplementedError

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """The rule, its shared facts as derived columns computed once per row."""
        return self.shared_rule(column, ctx, _Facts(self, column, derive=True))


def _reason_rule(value: pl.Expr, reason: pl.Expr, names: tuple[str, ...], facts: _Facts) -> RowRule:
    """A rule from a per-row reason code: 0 passes, ``k`` fails for the k-th of ``names``."""
    code = facts("reason", reason)
    return RowRule(
        applies=value.is_not_null(),
        fails=code != 0,
        details=_reason_counts(code, names),
        derived=facts.derived,
    )


def _reason_counts(reason: pl.Expr, names: tuple[str, ...]) -> dict[str, pl.Expr]:
    """Detail aggregates: rows whose reason code is 1 + the index of each name."""
    return {name: _count(reason == code) for code, name in enumerate(names, start=1)}


def _check_error(kind: str, key: str, en: str, vi: str) -> CheckDefinitionError:
    return CheckDefinitionError(f"check '{kind}': {en}", f"phép kiểm tra '{kind}': {vi}", key=key)


# ----------------------------------------------------------------------------- cccd


@register("cccd")
@dataclass(frozen=True, kw_only=True)
class Cccd(_SharedFactsCheck):
    """Non-null values are well-formed 12-digit personal ids (số định danh cá nhân / CCCD).

    The id is ``PPP G YY RRRRRR`` (Thông tư 07/2016/TT-BCA Điều 7, replaced by Thông tư
    59/2021/TT-BCA Điều 7): ``PPP`` is ``0`` + one of the 63 pre-2025 province codes
    (:data:`CCCD_PROVINCES`), or with ``allow_abroad`` a country code 101-295 for a birth
    registered abroad; ``G`` is the century/sex digit (0/1 = 1900s male/female, 2/3 =
    2000s, 4/5, 6/7, 8/9 the next centuries); ``YY`` the last two digits of the birth
    year; ``RRRRRR`` a random number. There is no check digit.

    A value fails unless it is exactly 12 ASCII digits, its place code is valid, and the
    birth year it encodes is not after the run's as-of year. Details count failures by
    first reason: ``bad_length_or_digits``, ``bad_province``, ``bad_century`` (the century
    digit names a century that starts after the as-of year, e.g. ``G`` = 4-9 today),
    ``future_birth_year``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"id": ["001099012345", "003099012345", "00109901234", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[Cccd(columns=["id"])]), df, as_of="2026-06-30")
    >>> c = r.check("cccd:id")
    >>> (c.evaluated, c.failed, c.details["bad_province"], c.details["bad_length_or_digits"])
    (3, 2, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "số định danh cá nhân (CCCD) 12 chữ số đúng cấu trúc",
        "12-digit personal ids (CCCD) are well-formed",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    allow_abroad: bool = True

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Fail ids that break the structure; count them by reason."""
        value = _text(column)
        reason = _cccd_reason(value, ctx.as_of.year, self.allow_abroad)
        return _reason_rule(value, reason, _CCCD_REASONS, facts)


# ----------------------------------------------------------------------------- cccd_consistent


def _year_expr(column: str, dtype: pl.DataType | None, kind: str) -> pl.Expr:
    """The birth year of a date, date-time or integer (year) column."""
    if dtype is None:  # the column is missing: the engine reports it, never evaluated here
        return pl.lit(None, dtype=pl.Int32)
    if isinstance(dtype, pl.Date | pl.Datetime):
        return pl.col(column).dt.year().cast(pl.Int32)
    if dtype.is_integer():
        return pl.col(column).cast(pl.Int32, strict=False)
    raise DatacheckError(
        f"column '{column}' has type {dtype}; check '{kind}' expects 'birth_date' to be a "
        "date, date-time or integer (year) column",
        f"cột '{column}' có kiểu {dtype}; phép kiểm tra '{kind}' cần 'birth_date' là cột "
        "ngày, ngày-giờ hoặc số nguyên (năm)",
    )


@register("cccd_consistent")
@dataclass(frozen=True, kw_only=True)
class CccdConsistent(_SharedFactsCheck):
    """The birth year and sex a personal id encodes agree with the record's fields.

    A row is evaluated when the id is structurally valid (12 ASCII digits and a valid
    place code, as in ``cccd`` but without the as-of rule), ``birth_date`` is non-null
    and — if ``sex`` is given — the sex value is exactly ``male`` or ``female`` (other
    values, including nulls, are not evaluated). ``birth_date`` may be a date, a
    date-time (its year in its own time zone) or an integer birth year. The sex column is
    compared as text, so integer codes work with ``male: 1``.

    An evaluated row fails when the century of the century/sex digit ``G`` differs from
    the birth year's (1900s → 0/1, 2000s → 2/3, …; a year before 1900 or after 2399 can
    never agree), when ``YY`` differs from the last two digits of the birth year, or when
    ``G``'s parity differs from the sex (even = male, odd = female). Details count rows by
    each fact they break — ``century_mismatch``, ``year_mismatch``, ``sex_mismatch`` — so
    one row may count under several.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from datetime import date
    >>> df = pl.DataFrame({
    ...     "id": ["001099012345", "001199012345", "001203012345", "bad"],
    ...     "dob": [date(1999, 5, 1), date(1999, 5, 1), date(2003, 1, 1), date(2000, 1, 1)],
    ...     "sex": ["Nam", "Nam", "Nữ", "Nam"],
    ... })
    >>> check = CccdConsistent(columns=["id"], birth_date="dob", sex="sex")
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-06-30").check(
    ...     "cccd_consistent:id")
    >>> (c.evaluated, c.failed, c.details["sex_mismatch"], c.details["century_mismatch"])
    (3, 2, 2, 0)
    """

    summary: ClassVar[tuple[str, str]] = (
        "năm sinh và giới tính mã hoá trong số định danh khớp với bản ghi",
        "the birth year and sex encoded in personal ids agree with the record",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    birth_date: str
    sex: str | None = None
    male: str | int = "Nam"
    female: str | int = "Nữ"
    allow_abroad: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        if str(self.male) == str(self.female):
            raise _check_error(
                self.kind,
                "female",
                f"'male' and 'female' must differ, both are {self.male!r}",
                f"'male' và 'female' phải khác nhau, cả hai đều là {self.male!r}",
            )

    def extra_inputs(self, column: str) -> tuple[str, ...]:
        """The birth date and (if given) sex columns."""
        del column
        return (self.birth_date,) if self.sex is None else (self.birth_date, self.sex)

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Compare the id's century/sex digit and year digits with the record."""
        value = _text(column)
        structure = _matches(value, _id_regex(_place_codes(self.allow_abroad), tail="[0-9]{9}"))
        # The id's structure, its digits 4-6 ("GYY"), the birth year and the sex are derived
        # columns, computed once: the streaming engine evaluates every aggregate separately.
        year_expr = _year_expr(self.birth_date, ctx.schema.get(self.birth_date), self.kind)
        applies = structure & year_expr.is_not_null()
        digits = facts("gyy", value.str.slice(3, 3).cast(pl.Int32, strict=False))
        year = facts("year", year_expr)
        century = (year - 1900) // 100  # 0 for the 1900s; outside 0-4 no digit can agree
        # the code a male of this birth year carries; a female's is 100 more
        male_code = 200 * century + year % 100
        details = {
            "century_mismatch": digits // 200 != century,
            "year_mismatch": digits % 100 != year % 100,
        }
        if self.sex is None:
            fails = ~(digits - male_code).is_in([0, 100])
        else:
            sex = pl.col(self.sex).cast(pl.String)
            female = facts("female", (sex == str(self.female)).cast(pl.Int32))
            applies = applies & sex.is_in([str(self.male), str(self.female)])
            fails = digits != male_code + 100 * female
            details["sex_mismatch"] = digits // 100 % 2 != female
        evaluated = facts("applies", applies.fill_null(value=False))
        return RowRule(
            applies=evaluated,
            fails=fails,
            details={name: _count(evaluated & cond) for name, cond in details.items()},
            derived=facts.derived,
        )


# ----------------------------------------------------------------------------- mst

BranchForm = Literal["hyphen", "plain", "either", "never"]


@functools.cache
def _mst_tables() -> tuple[pl.Series, pl.Series]:
    """Weighted digit sums mod 11 of every 5-digit half of a tax code's first ten digits.

    The first table weighs d1-d5 by 31, 29, 23, 19, 17; the second d6-d9 by 13, 7, 5, 3 and
    d10 by 1, so a code is valid exactly when ``(first[d1..d5] + second[d6..d10]) % 11 ==
    10``. Two lookups read each half once, where digit-by-digit arithmetic would re-read
    the string for every digit.
    """
    halves = pl.int_range(0, 100_000, dtype=pl.Int64, eager=True)
    first = pl.Series(values=[0] * 100_000, dtype=pl.Int64)
    second = pl.Series(values=[0] * 100_000, dtype=pl.Int64)
    for k, (w_first, w_second) in enumerate(
        zip(MST_WEIGHTS[:5], (*MST_WEIGHTS[5:], 1), strict=True)
    ):
        digit = halves // 10 ** (4 - k) % 10
        first = first + w_first * digit
        second = second + w_second * digit
    return (first % 11).cast(pl.Int8), (second % 11).cast(pl.Int8)


def _mst_check_ok(value: pl.Expr) -> pl.Expr:
    """True where the first ten characters (ASCII digits) carry a valid check digit.

    Only meaningful where the value starts with ten ASCII digits (callers ``&`` it with
    their shape test); elsewhere the halves may not parse and the result is null.
    """
    first, second = _mst_tables()
    head = value.str.head(5).cast(pl.UInt32, strict=False)
    tail = value.str.slice(5, 5).cast(pl.UInt32, strict=False)
    total = pl.lit(first).gather(head).cast(pl.Int16) + pl.lit(second).gather(tail)
    return total % 11 == 10


@register("mst")
@dataclass(frozen=True, kw_only=True)
class Mst(_SharedFactsCheck):
    """Non-null values are valid tax codes (mã số thuế / mã số doanh nghiệp).

    A tax code is 10 ASCII digits ``d1 … d10`` whose check digit satisfies
    ``d10 = 10 − (Σ dᵢ·wᵢ mod 11)`` with weights 31, 29, 23, 19, 17, 13, 7, 5, 3; a weighted
    sum ≡ 0 (mod 11) would need the check digit 10, so such codes are never issued and
    fail. A dependent unit (branch) adds ``-001`` … ``-999`` (Thông tư 105/2020/TT-BTC
    Điều 5). ``branch`` says which branch forms pass: ``hyphen`` (default, ``-NNN``),
    ``plain`` (13 digits without hyphen), ``either``, or ``never``; the suffix ``000``
    fails. With ``allow_personal_id`` a 12-digit value passes if it is a valid personal id
    (rules of ``cccd``): individuals use their personal id as tax code since 1 July 2025
    (Thông tư 86/2024/TT-BTC).

    Details count failures by first reason: ``bad_format``, ``bad_branch``,
    ``bad_check_digit``, ``bad_personal_id``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"mst": ["0100109106", "0300588569-001", "0100109107", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[Mst(columns=["mst"])]), df, as_of="2026-06-30")
    >>> c = r.check("mst:mst")
    >>> (c.evaluated, c.failed, c.details["bad_check_digit"])
    (3, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "mã số thuế 10 chữ số đúng chữ số kiểm tra (có thể kèm -NNN chi nhánh)",
        "tax codes have 10 digits with a valid check digit (optional -NNN branch)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    branch: BranchForm = "hyphen"
    allow_personal_id: bool = False

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Fail values that are not a valid tax code (or personal id, if allowed)."""
        value = _text(column)
        suffix = {
            "hyphen": "(?:-[0-9]{3})?",
            "plain": "(?:[0-9]{3})?",
            "either": "(?:-?[0-9]{3})?",
            "never": "",
        }[self.branch]
        shaped = value.str.contains(f"^[0-9]{{10}}{suffix}$")
        # on a shaped value, a branch suffix "000" is exactly: longer than 10, ends in 000
        branch_000 = value.str.ends_with("000") & (value.str.len_bytes() > 10)
        # the reason code (0 = valid) is a derived column, computed once for every aggregate;
        # on a shaped value the check digit's halves always parse
        cases = [(shaped & branch_000, 2), (shaped & ~_mst_check_ok(value), 3)]
        names: tuple[str, ...] = ("bad_format", "bad_branch", "bad_check_digit")
        if self.allow_personal_id:
            # a 12-digit value is never shaped (10, 13 or 14 characters)
            personal = value.str.contains(r"^[0-9]{12}$")
            cccd_valid = _cccd_valid(value, ctx.as_of.year, allow_abroad=True)
            cases.append((personal & ~cccd_valid, 4))
            shaped = shaped | personal
            names = (*names, "bad_personal_id")
        cases.append((value.is_not_null() & ~shaped, 1))
        return _reason_rule(value, _reason_code(cases), names, facts)


# ----------------------------------------------------------------------------- bhxh / bhyt


@register("bhxh_code")
@dataclass(frozen=True, kw_only=True)
class BhxhCode(RowCheck):
    """Non-null values are 10-digit social insurance codes (mã số bảo hiểm xã hội).

    A value passes when it is exactly 10 ASCII digits (Quyết định 595/QĐ-BHXH; the
    code is also the last 10 characters of the health insurance card code).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"code": ["0123456789", "BH01234567", "012345678", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[BhxhCode(columns=["code"])]), df,
    ...            as_of="2026-06-30")
    >>> r.check("bhxh_code:code").failed
    2
    """

    summary: ClassVar[tuple[str, str]] = (
        "mã số bảo hiểm xã hội gồm 10 chữ số",
        "social insurance codes have 10 digits",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values that are not exactly 10 ASCII digits."""
        del ctx
        value = _text(column)
        return RowRule(applies=value.is_not_null(), fails=~value.str.contains(r"^[0-9]{10}$"))


@register("bhyt_card")
@dataclass(frozen=True, kw_only=True)
class BhytCard(_SharedFactsCheck):
    """Non-null values are 15-character health insurance card codes (mã thẻ BHYT).

    The code is two capital ASCII letters (beneficiary group), the benefit level ``1``-``5``,
    two digits (province) and the 10-digit social insurance code: ``^[A-Z]{2}[1-5][0-9]{2}
    [0-9]{10}$`` (Quyết định 1351/QĐ-BHXH). With ``bhxh_column``, a card also fails when
    that column is non-null and differs from the card's last 10 characters (an integer
    column is compared zero-padded to 10 digits); a null there leaves only the format
    checked. Details: ``bad_format`` and, with ``bhxh_column``, ``bhxh_mismatch``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"card": ["DN4790123456789", "DN4790123456789", "dn4790123456789"],
    ...                    "bhxh": ["0123456789", "0123456780", None]})
    >>> check = BhytCard(columns=["card"], bhxh_column="bhxh")
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-06-30").check(
    ...     "bhyt_card:card")
    >>> (c.failed, c.details["bad_format"], c.details["bhxh_mismatch"])
    (2, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "mã thẻ bảo hiểm y tế 15 ký tự đúng cấu trúc",
        "health insurance card codes have the 15-character structure",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    bhxh_column: str | None = None

    def extra_inputs(self, column: str) -> tuple[str, ...]:
        """The social insurance code column, if given."""
        del column
        return () if self.bhxh_column is None else (self.bhxh_column,)

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Fail malformed cards and cards whose code disagrees with ``bhxh_column``."""
        value = _text(column)
        # the reason code (0 = valid, null for null) is a derived column, computed once
        cases = [(~value.str.contains(BHYT_PATTERN), 1)]
        names: tuple[str, ...] = ("bad_format",)
        if self.bhxh_column is not None:
            dtype = ctx.schema.get(self.bhxh_column)
            code = pl.col(self.bhxh_column).cast(pl.String)
            if dtype is not None and dtype.is_integer():
                code = code.str.zfill(10)
            differs = value.str.slice(5, 10) != code  # null where either side is null
            cases.append((differs, 2))
            names = (*names, "bhxh_mismatch")
        return _reason_rule(value, _reason_code(cases), names, facts)


# ----------------------------------------------------------------------------- phone_vn


@register("phone_vn")
@dataclass(frozen=True, kw_only=True)
class PhoneVn(RowCheck):
    """Non-null values are Vietnamese phone numbers (mobile, or landline if allowed).

    A number is a prefix ``0``, ``84`` or ``+84`` followed by the national number: a
    mobile number is a carrier prefix (:data:`MOBILE_PREFIXES` without its ``0``, or
    ``mobile_prefixes``) + 7 digits, e.g. ``0912345678``, ``+84912345678``; a landline is
    ``2`` + 9 digits (the 2017 area codes ``02x``/``02xx``, 11 digits with the ``0``), e.g.
    ``02438251234``. With ``allow_separators`` single spaces, dots or hyphens between digit
    groups are ignored (``0912 345 678``, ``+84 912.345.678``); otherwise any separator
    fails. Digits are ASCII only.

    Details count failures by first reason: ``stale`` (the 11-digit ``01xx`` mobile
    numbers retired in 2018), ``landline_not_allowed``, ``bad_prefix`` (the length of a
    mobile number, an unknown prefix) and ``bad_format``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"p": ["0912345678", "+84912345678", "01662345678", "0112345678"]})
    >>> c = dc.run(dc.Suite(name="s", checks=[PhoneVn(columns=["p"])]), df,
    ...            as_of="2026-06-30").check("phone_vn:p")
    >>> (c.failed, c.details["stale"], c.details["bad_prefix"])
    (2, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "số điện thoại Việt Nam hợp lệ (đầu số nhà mạng hoặc cố định 02x)",
        "Vietnamese phone numbers are valid (carrier prefix or 02x landline)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    allow_landline: bool = True
    allow_separators: bool = False
    mobile_prefixes: Sequence[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for prefix in self.mobile_prefixes or ():
            if not re.fullmatch(r"0[0-9]{2}", prefix):
                raise _check_error(
                    self.kind,
                    "mobile_prefixes",
                    f"'mobile_prefixes' expects 3-digit prefixes like '091', found {prefix!r}",
                    f"'mobile_prefixes' cần đầu số 3 chữ số như '091', nhận được {prefix!r}",
                )
        if self.mobile_prefixes is not None and not self.mobile_prefixes:
            raise _check_error(
                self.kind,
                "mobile_prefixes",
                "'mobile_prefixes' must list at least one prefix",
                "'mobile_prefixes' phải có ít nhất một đầu số",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values that are not a phone number of an accepted kind."""
        del ctx
        value = _text(column)
        sep = self.allow_separators
        prefixes = {p[1:] for p in self.mobile_prefixes or MOBILE_PREFIXES}
        other = sorted({f"{n:02d}" for n in range(100)} - prefixes)

        def number(*national: str) -> str:
            """A whole phone number: trunk, then one of the national-number patterns."""
            trunk = _any_of([_digit_text(t, sep) for t in ("0", "84", r"\+84")])
            return f"^{trunk}{_gap(sep)}{_any_of(national)}$"

        def starting(firsts: list[str], rest: int) -> str:
            """National numbers: one of ``firsts`` (literal digits), then ``rest`` digits."""
            alternatives = _any_of([_digit_text(f, sep) for f in sorted(firsts)])
            return f"{alternatives}{_gap(sep)}{_digit_run(rest, sep)}"

        mobile = starting(sorted(prefixes), 7)
        landline = starting(["2"], 9)
        accepted = [mobile, landline] if self.allow_landline else [mobile]
        valid = value.str.contains(number(*accepted))
        # the union of every reason but bad_format: a 9-digit or a 1x/2x 10-digit national number
        known = number(_digit_run(9, sep), starting(["1", "2"], 9))
        details = {"stale": _count(value.str.contains(number(starting(["1"], 9))))}
        if not self.allow_landline:
            details["landline_not_allowed"] = _count(value.str.contains(number(landline)))
        details["bad_prefix"] = _count(
            _matches(value, number(starting(other, 7)) if other else None)
        )
        details["bad_format"] = _count(value.is_not_null() & ~value.str.contains(known))
        return RowRule(applies=value.is_not_null(), fails=~valid, details=details)


def _gap(sep: bool) -> str:
    """What may stand between two digits: nothing, or one optional separator."""
    return r"[ .\-]?" if sep else ""


def _digit_text(literal: str, sep: bool) -> str:
    """A regex for literal digits (an escaped ``+`` may lead), separators between digits."""
    if not sep:
        return literal
    lead = r"\+" if literal.startswith(r"\+") else ""
    return lead + _gap(sep).join(literal.removeprefix(r"\+"))


def _digit_run(count: int, sep: bool) -> str:
    """A regex for ``count`` ASCII digits, with separators between them if ``sep``."""
    if not sep:
        return f"[0-9]{{{count}}}"
    return f"[0-9](?:{_gap(sep)}[0-9]){{{count - 1}}}"


# ----------------------------------------------------------------------------- plate_vn


@register("plate_vn")
@dataclass(frozen=True, kw_only=True)
class PlateVn(_SharedFactsCheck):
    """Non-null values are domestic Vietnamese vehicle plates (cars and motorbikes).

    Accepted (Thông tư 24/2023/TT-BCA and Thông tư 79/2024/TT-BCA, domestic plates of
    organisations and individuals): a two-digit locality code (:data:`PLATE_PROVINCES`, or
    ``provinces``), a series, and a 4-digit (old) or 5-digit order number. The series is
    one or two of the 20 letters ``ABCDEFGHKLMNPSTUVXYZ`` (no I, J, O, Q, R, W; e.g. ``A``,
    ``LD``, ``KT``, ``HA``), a letter + a digit 1-9 (motorbikes, ``B1``), ``MĐ`` + a digit
    1-9 (electric motorbikes), ``R`` (trailers), ``TĐ``, or one of ``extra_series``.

    The printed form is locality, an optional ``-``, series, one space or ``-``, number,
    where a 5-digit number may be written ``123.45``: ``30A-123.45``, ``51F-12345``,
    ``51F-1234``, ``29-B1 123.45``, ``59X1-123.45``. With ``allow_compact`` (default) the
    form without any separator (``30A12345``, ``29B112345``) passes too. Letters must be
    capital ASCII (``Đ`` is U+0110). Diplomatic, foreign, military and temporary plates
    are not accepted.

    Details count failures by first reason: ``bad_province``, ``bad_series`` (the plate
    would pass with another series), ``bad_format``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"plate": ["30A-123.45", "29-B1 123.45", "30I-123.45", "13A-12345"]})
    >>> c = dc.run(dc.Suite(name="s", checks=[PlateVn(columns=["plate"])]), df,
    ...            as_of="2026-06-30").check("plate_vn:plate")
    >>> (c.failed, c.details["bad_series"], c.details["bad_province"])
    (2, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "biển số xe trong nước đúng cấu trúc (ô tô, mô tô)",
        "domestic vehicle plates are well-formed (cars, motorbikes)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    allow_compact: bool = True
    provinces: Sequence[str] | None = None
    extra_series: Sequence[str] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        for code in self.provinces or ():
            if not re.fullmatch(r"[0-9]{2}", code):
                raise _check_error(
                    self.kind,
                    "provinces",
                    f"'provinces' expects two-digit codes like '29', found {code!r}",
                    f"'provinces' cần mã hai chữ số như '29', nhận được {code!r}",
                )
        if self.provinces is not None and not self.provinces:
            raise _check_error(
                self.kind,
                "provinces",
                "'provinces' must list at least one code",
                "'provinces' phải có ít nhất một mã",
            )
        for series in self.extra_series:
            if not re.fullmatch(r"[A-ZĐ0-9]{1,4}", series):
                raise _check_error(
                    self.kind,
                    "extra_series",
                    f"'extra_series' expects 1-4 capital letters or digits, found {series!r}",
                    f"'extra_series' cần 1-4 chữ in hoa hoặc chữ số, nhận được {series!r}",
                )

    def _plate_regex(self, locality: str, series: str) -> str:
        number = r"(?:[0-9]{4}|[0-9]{3}\.?[0-9]{2})"
        printed = f"-?{series}[ \\-]{number}"
        forms = [printed, f"{series}[0-9]{{4,5}}"] if self.allow_compact else [printed]
        return f"^{locality}{_any_of(forms)}$"

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Fail values that are not a plate of the accepted forms."""
        del ctx
        value = _text(column)
        letter = f"[{PLATE_LETTERS}]"
        series = _any_of(
            [
                f"{letter}{letter}?",
                f"{letter}[1-9]",
                "MĐ[1-9]",
                *PLATE_SPECIAL_SERIES,
                *(re.escape(s) for s in self.extra_series),
            ]
        )
        any_series = r"[A-ZĐ]{1,2}[0-9]?"
        if self.extra_series:
            any_series = _any_of([any_series, *(re.escape(s) for s in self.extra_series)])
        codes = self.provinces or PLATE_PROVINCES
        locality = _codes_regex(codes)
        other = sorted({f"{n:02d}" for n in range(100)} - set(codes))
        valid = value.str.contains(self._plate_regex(locality, series))
        loose = value.str.contains(self._plate_regex(locality, any_series))
        bad_province = _matches(value, f"^{_codes_regex(other)}" if other else None)
        # the reason code (0 = valid) is a derived column, computed once; a valid or loosely
        # valid plate has a known locality, and a valid plate is loosely valid
        reason = _reason_code([(bad_province, 1), (valid, 0), (loose, 2), (value.is_not_null(), 3)])
        return _reason_rule(value, reason, ("bad_province", "bad_series", "bad_format"), facts)


# ----------------------------------------------------------------------------- id_placeholder

_MAX_RUN: Final = 32


def _runs(min_length: int) -> tuple[list[str], list[str], list[str]]:
    """Repeated-digit, ascending and descending strings of lengths min_length..32."""
    cycle = "0123456789" * (_MAX_RUN // 10 + 2)
    back = "9876543210" * (_MAX_RUN // 10 + 2)
    repeated, ascending, descending = [], [], []
    for length in range(max(1, min_length), _MAX_RUN + 1):
        for start in range(10):
            repeated.append(str(start) * length)
            if length > 1:  # a single digit is only "repeated": the three sets are disjoint
                ascending.append(cycle[start : start + length])
                descending.append(back[9 - start : 9 - start + length])
    return repeated, ascending, descending


def _is_string_or_integer(dtype: pl.DataType) -> bool:
    return STRING.accepts(dtype) or dtype.is_integer()


STRING_OR_INTEGER: Final = ColumnKind(
    "a string or integer column", "cột chuỗi hoặc số nguyên", _is_string_or_integer
)


@register("id_placeholder")
@dataclass(frozen=True, kw_only=True)
class IdPlaceholder(_SharedFactsCheck):
    """Non-null ids are not placeholders: one repeated digit, a digit run, or a listed value.

    A value fails when it is one digit repeated (``000000000000``, ``111111111111``), an
    ascending run wrapping 9→0 (``0123456789``, ``123456789012``) or a descending run
    wrapping 0→9 (``987654321098``) of ``min_length`` (default 6) to 32 ASCII digits, or
    when it equals one of ``values`` exactly. Integer columns are read as their decimal
    text (so ``0`` is never a 6-digit run). Shorter runs pass, so small ordinary numbers are
    not flagged. Details count failures by first reason: ``repeated``, ``ascending``,
    ``descending``, ``listed``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"id": ["000000000000", "123456789012", "001099012345", "N/A"]})
    >>> check = IdPlaceholder(columns=["id"], values=["N/A"])
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-06-30").check(
    ...     "id_placeholder:id")
    >>> (c.failed, c.details["repeated"], c.details["ascending"], c.details["listed"])
    (3, 1, 1, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "mã định danh không phải giá trị giữ chỗ (000000…, 123456…)",
        "ids are not placeholders (000000…, 123456…)",
    )
    column_kind: ClassVar[ColumnKind] = STRING_OR_INTEGER

    values: Sequence[str] = ()
    min_length: int = 6

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.min_length <= _MAX_RUN:
            raise _check_error(
                self.kind,
                "min_length",
                f"'min_length' must be between 1 and {_MAX_RUN}, found {self.min_length}",
                f"'min_length' phải trong khoảng 1 đến {_MAX_RUN}, nhận được {self.min_length}",
            )

    def shared_rule(self, column: str, ctx: CompileContext, facts: _Facts) -> RowRule:
        """Fail placeholder values; count them by kind."""
        del ctx
        value = _text(column)
        repeated, ascending, descending = _runs(self.min_length)
        runs = {*repeated, *ascending, *descending}
        listed = [v for v in self.values if v not in runs]
        # whether the value is a placeholder is a derived column, computed once; the kinds
        # (disjoint sets) are then looked up on the placeholders only
        fails = facts("placeholder", value.is_in([*runs, *listed]))
        found = value.filter(fails.fill_null(value=False))
        details = {
            "repeated": _count(found.is_in(repeated)),
            "ascending": _count(found.is_in(ascending)),
            "descending": _count(found.is_in(descending)),
            "listed": _count(found.is_in(listed) if listed else _NEVER),
        }
        return RowRule(
            applies=value.is_not_null(), fails=fails, details=details, derived=facts.derived
        )
