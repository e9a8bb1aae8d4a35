"""Hypothesis strategies generating VALID Vietnamese identifiers, and their corruptions.

Every value these strategies generate passes the matching check of
:mod:`datacheck.vn.identifiers` with its default options (``cccd`` ids at any as-of date in
or after their ``max_year``; ``mst(branch="plain")`` needs ``branch: plain`` or
``either``). The corruption helpers make single-character edits for property tests that
check a validator rejects what breaks a documented rule.

Examples
--------
>>> from hypothesis import given
>>> from datacheck.vn.identifiers import mst_check_digit
>>> @given(mst())
... def test_check_digit(code):
...     assert int(code[9]) == mst_check_digit(code[:9])
>>> test_check_digit()
"""

from __future__ import annotations

from typing import Literal

from hypothesis import strategies as st

from datacheck.vn.identifiers import (
    ABROAD_CODES,
    CCCD_PROVINCES,
    MOBILE_PREFIXES,
    PLATE_LETTERS,
    PLATE_PROVINCES,
    PLATE_SPECIAL_SERIES,
    mst_check_digit,
)

__all__ = [
    "ASCII_DIGITS",
    "FOREIGN_DIGITS",
    "bhxh_code",
    "bhyt_card",
    "cccd",
    "cccd_for",
    "corruption",
    "mst",
    "phone_vn",
    "plate_vn",
    "substitutions",
]

#: The only characters the identifier checks count as digits.
ASCII_DIGITS = "0123456789"

#: Characters that look like or are Unicode digits but are not ASCII digits: full-width,
#: Arabic-Indic, extended Arabic-Indic, Devanagari, superscript and circled forms.
FOREIGN_DIGITS = "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९²³¹①"

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=ASCII_DIGITS, min_size=size, max_size=size)


def cccd_for(birth_year: int, male: bool, *, abroad: bool = False) -> st.SearchStrategy[str]:
    """Valid personal ids of a person born in ``birth_year`` (1900-2399) of the given sex.

    ``abroad`` draws the place code from the abroad country codes (101-295) instead of the
    63 province codes.

    Examples
    --------
    >>> from hypothesis import given
    >>> from datacheck.vn.identifiers import cccd_birth_year
    >>> @given(cccd_for(1999, male=False))
    ... def test_encodes(value):
    ...     assert (cccd_birth_year(value), value[3]) == (1999, "1")
    >>> test_encodes()
    """
    if not 1900 <= birth_year <= 2399:
        msg = f"a personal id encodes birth years 1900-2399, not {birth_year}"
        raise ValueError(msg)
    century, yy = divmod(birth_year - 1900, 100)
    digit = str(2 * century + (0 if male else 1))
    places = (
        st.sampled_from([f"{n:03d}" for n in ABROAD_CODES])
        if abroad
        else st.sampled_from(sorted(CCCD_PROVINCES))
    )
    return st.builds(lambda p, r: f"{p}{digit}{yy:02d}{r}", places, _digits(6))


def cccd(
    *, min_year: int = 1900, max_year: int = 2025, abroad: bool | None = False
) -> st.SearchStrategy[str]:
    """Valid personal ids with a birth year in ``[min_year, max_year]``.

    ``abroad``: ``False`` draws province codes, ``True`` abroad country codes, ``None``
    either.
    """
    choices = [False, True] if abroad is None else [abroad]
    return st.tuples(
        st.integers(min_year, max_year), st.booleans(), st.sampled_from(choices)
    ).flatmap(lambda t: cccd_for(t[0], t[1], abroad=t[2]))


def mst(*, branch: Literal["none", "hyphen", "plain"] = "none") -> st.SearchStrategy[str]:
    """Valid tax codes: 9 digits + their check digit, optionally with a branch suffix.

    ``branch``: ``none`` (10 digits), ``hyphen`` (``-001`` … ``-999``) or ``plain`` (13
    digits, which the ``mst`` check accepts only with ``branch: plain`` or ``either``).
    """
    base = _digits(9).filter(lambda d: mst_check_digit(d) is not None)
    codes = base.map(lambda d: f"{d}{mst_check_digit(d)}")
    if branch == "none":
        return codes
    joiner = "-" if branch == "hyphen" else ""
    return st.builds(
        lambda c, b: f"{c}{joiner}{b:03d}", codes, st.integers(min_value=1, max_value=999)
    )


def bhxh_code() -> st.SearchStrategy[str]:
    """Valid social insurance codes: 10 ASCII digits."""
    return _digits(10)


def bhyt_card(code: str | None = None) -> st.SearchStrategy[str]:
    """Valid health insurance card codes, ending in ``code`` if given (else any BHXH code)."""
    codes = st.just(code) if code is not None else bhxh_code()
    return st.builds(
        lambda group, level, province, c: f"{group}{level}{province}{c}",
        st.text(alphabet=_UPPER, min_size=2, max_size=2),
        st.integers(min_value=1, max_value=5),
        _digits(2),
        codes,
    )


def phone_vn(
    *,
    prefix_form: Literal["0", "84", "+84"] | None = None,
    kind: Literal["mobile", "landline", "any"] = "mobile",
) -> st.SearchStrategy[str]:
    """Valid phone numbers without separators.

    ``prefix_form`` fixes the leading ``0``, ``84`` or ``+84`` (default: any of them);
    ``kind`` chooses mobile numbers (default), landlines (``2`` + 9 digits) or both.
    """
    forms = st.sampled_from(["0", "84", "+84"] if prefix_form is None else [prefix_form])
    mobile = st.builds(
        lambda p, rest: f"{p[1:]}{rest}", st.sampled_from(MOBILE_PREFIXES), _digits(7)
    )
    landline = _digits(9).map(lambda rest: f"2{rest}")
    national = {"mobile": mobile, "landline": landline, "any": mobile | landline}[kind]
    return st.builds(lambda f, n: f"{f}{n}", forms, national)


def _plate_number(compact: bool) -> st.SearchStrategy[str]:
    four = _digits(4)
    five = _digits(5)
    if compact:
        return four | five
    return four | five | five.map(lambda d: f"{d[:3]}.{d[3:]}")


def plate_vn(
    *, kind: Literal["car", "motorbike", "any"] = "any", compact: bool = False
) -> st.SearchStrategy[str]:
    """Valid domestic plates: printed (``30A-123.45``, ``29-B1 123.45``) or compact forms.

    ``compact`` generates the form without separators (``30A12345``), which the ``plate_vn``
    check accepts with its default ``allow_compact: true``.
    """
    letter = st.sampled_from(PLATE_LETTERS)
    car_series = (
        letter
        | st.sampled_from(["LD", "KT", "DA", "MK", "HC"])
        | st.sampled_from(PLATE_SPECIAL_SERIES)
    )
    bike_series = (
        st.builds(lambda a, d: f"{a}{d}", letter, st.integers(1, 9))
        | st.builds(lambda a, b: f"{a}{b}", letter, letter)
        | st.integers(1, 9).map(lambda d: f"MĐ{d}")
    )
    locality = st.sampled_from(PLATE_PROVINCES)
    number = _plate_number(compact)
    if compact:
        car = st.builds(lambda p, s, n: f"{p}{s}{n}", locality, car_series, number)
        bike = st.builds(lambda p, s, n: f"{p}{s}{n}", locality, bike_series, number)
    else:
        car = st.builds(
            lambda p, s, sep, n: f"{p}{s}{sep}{n}", locality, car_series, st.just("-"), number
        )
        bike = st.builds(
            lambda p, h, s, sep, n: f"{p}{h}{s}{sep}{n}",
            locality,
            st.sampled_from(["-", ""]),
            bike_series,
            st.sampled_from([" ", "-"]),
            number,
        )
    return {"car": car, "motorbike": bike, "any": car | bike}[kind]


def substitutions(value: str, index: int, alphabet: str = ASCII_DIGITS) -> list[str]:
    """Every value obtained by replacing ``value[index]`` with another character of ``alphabet``.

    Examples
    --------
    >>> substitutions("0100109106", 9)[:3]
    ['0100109100', '0100109101', '0100109102']
    >>> len(substitutions("0100109106", 9))
    9
    """
    return [value[:index] + char + value[index + 1 :] for char in alphabet if char != value[index]]


def corruption(
    value: str,
    *,
    alphabet: str = ASCII_DIGITS + FOREIGN_DIGITS + "AOlI -.\u00a0",
    positions: tuple[int, ...] | None = None,
    edits: tuple[Literal["substitute", "delete", "insert"], ...] = (
        "substitute",
        "delete",
        "insert",
    ),
) -> st.SearchStrategy[str]:
    """Single-character edits of ``value``: a substitution, deletion or insertion.

    ``positions`` limits where the edit happens (default anywhere); substitutions and
    insertions draw the new character from ``alphabet``. A substitution always changes the
    value; whether an edit breaks a rule is the caller's business.
    """
    where = list(positions) if positions is not None else list(range(len(value)))
    if not where:
        msg = "corruption() needs a non-empty value or positions"
        raise ValueError(msg)
    options: list[st.SearchStrategy[str]] = []
    index = st.sampled_from(where)
    if "substitute" in edits:
        options.append(
            st.tuples(index, st.sampled_from(alphabet))
            .filter(lambda t: value[t[0]] != t[1])
            .map(lambda t: value[: t[0]] + t[1] + value[t[0] + 1 :])
        )
    if "delete" in edits:
        options.append(index.map(lambda i: value[:i] + value[i + 1 :]))
    if "insert" in edits:
        slots = st.sampled_from(sorted({*where, *(i + 1 for i in where)}))
        options.append(
            st.tuples(slots, st.sampled_from(alphabet)).map(
                lambda t: value[: t[0]] + t[1] + value[t[0] :]
            )
        )
    return st.one_of(options)
