"""The fast paths of :mod:`datacheck._fast` equal the general expressions they replace.

Hypothesis draws adversarial strings: ASCII digits mixed with full-width, Arabic-Indic,
Devanagari and mathematical digits, signs, spaces (ASCII, no-break, zero-width), newlines,
NUL, letters with diacritics, leading zeros, lengths around the target, and nulls.
"""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck._fast import (
    MAX_DIGITS,
    as_unsigned,
    ascii_digits,
    begins_with,
    digit_pattern,
    equals_any,
    matches_digit_pattern,
    unsigned_is_digits,
)
from datacheck.checks import InSet, Pattern
from datacheck.engine.digit_keys import digit_code

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRICKY = [
    "+", "-", " ", "_", ".", ",", "e", "E", "x", "\n", "\t", "\r", "\x00",
    "\u00a0", "\u200b", "\u3000",  # no-break, zero-width, ideographic spaces
    "０", "１", "９",  # full-width digits: \d matches them, [0-9] does not
    "٠", "٣", "९", "𝟎", "²", "½",  # Arabic-Indic, Devanagari, mathematical digits, super, fraction
    "a", "Z", "ữ", "Đ", "é",
]  # fmt: skip
ASCII_DIGITS = list("0123456789")
NU_NFD = unicodedata.normalize("NFD", "Nữ")  # the same word, decomposed: a different string
GENDERS = ["Nam", "Nữ", NU_NFD, "nam", "Nam ", ""]
CHARS = st.sampled_from(ASCII_DIGITS * 3 + TRICKY)


@st.composite
def near_digits(draw: st.DrawFn, length: int) -> str:
    """A string of about ``length`` ASCII digits with a few adversarial edits."""
    size = draw(st.integers(min_value=max(0, length - 2), max_value=length + 2))
    chars = draw(st.lists(st.sampled_from(ASCII_DIGITS), min_size=size, max_size=size))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        position = draw(st.integers(min_value=0, max_value=len(chars)))
        edit = draw(st.sampled_from(["insert", "replace", "delete"]))
        char = draw(st.sampled_from(TRICKY))
        if edit == "insert":
            chars.insert(position, char)
        elif chars and position < len(chars):
            if edit == "replace":
                chars[position] = char
            else:
                del chars[position]
    return "".join(chars)


def strings(length: int) -> st.SearchStrategy[list[str | None]]:
    """Lists of adversarial strings (and nulls) around ``length`` digits."""
    one = st.one_of(near_digits(length), st.text(CHARS, max_size=length + 3), st.none())
    return st.lists(one, min_size=1, max_size=40)


def evaluated(values: list[str | None], expr: pl.Expr) -> list[bool | None]:
    """``expr`` over the non-null values (the only ones value checks evaluate)."""
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    return frame.filter(pl.col("v").is_not_null()).select(expr.alias("r"))["r"].to_list()


U64_MAX = 2**64 - 1


def parsed_as_rust_does(text: str) -> int | None:
    """``u64::from_str``: an optional ``+``, then one or more ASCII digits, at most 2**64 - 1."""
    digits = text.removeprefix("+")
    if not digits or any(c not in "0123456789" for c in digits):
        return None
    number = int(digits)
    return number if number <= U64_MAX else None


@SETTINGS
@given(
    values=st.lists(
        st.one_of(
            near_digits(12),
            near_digits(20),  # around the overflow
            st.text(CHARS, max_size=24),
            st.builds(lambda z, d: "0" * z + d, st.integers(0, 30), near_digits(19)),
        ),
        min_size=1,
        max_size=40,
    )
)
@example(
    values=[
        "", "+", "-", "+0", "-0", "++1", "+-1", "0", "007", " 1", "1 ", "\t1", "1\n", "1_000",
        "1e3", "0x1", "1.0", "１", "٣", str(U64_MAX), str(U64_MAX + 1), "0" * 40 + "1",
        "+" + "0" * 25 + str(U64_MAX), "9" * 20,
    ]
)  # fmt: skip
def test_as_unsigned_parses_as_rust_does(values: list[str]) -> None:
    got = pl.select(as_unsigned(pl.lit(pl.Series(values, dtype=pl.String)))).to_series()
    assert got.to_list() == [parsed_as_rust_does(v) for v in values]


ASCII_PREFIX_CHARS = st.characters(min_codepoint=0x00, max_codepoint=0x7E)


@SETTINGS
@given(
    prefix=st.text(
        st.one_of(st.sampled_from([*ASCII_DIGITS, "+", "~", "/", ":"]), ASCII_PREFIX_CHARS),
        min_size=1,
        max_size=3,
    ),
    data=st.data(),
)
@example(prefix="0", data=None)
@example(prefix="~", data=None)
def test_begins_with_equals_starts_with(prefix: str, data: st.DataObject | None) -> None:
    values: list[str | None] = (
        ["", prefix, prefix + "0", prefix[:-1], prefix[:-1] + chr(ord(prefix[-1]) + 1),
         prefix + "\x7f", prefix + "ữ", "\x7f", "ÿ", "０", None]
        if data is None
        else data.draw(st.lists(st.one_of(
            st.builds(lambda a, b: a + b, st.text(CHARS, max_size=2), st.text(CHARS, max_size=3)),
            st.builds(lambda t: prefix + t, st.text(CHARS, max_size=3)),
            st.builds(lambda t: prefix[:-1] + t, st.text(CHARS | ASCII_PREFIX_CHARS, max_size=3)),
            st.none(),
        ), min_size=1, max_size=30))
    )  # fmt: skip
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    got = frame.select(begins_with(pl.col("v"), prefix))["v"].to_list()
    assert got == frame.select(pl.col("v").str.starts_with(prefix))["v"].to_list()


@pytest.mark.parametrize("prefix", ["", "\x7f", "ữ", "0ữ"])
def test_begins_with_refuses_other_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix must be ASCII"):
        begins_with(pl.col("v"), prefix)


@SETTINGS
@given(values=st.lists(st.one_of(near_digits(12), st.text(CHARS, max_size=14)), min_size=1))
def test_unsigned_is_digits_tells_the_plus_apart(values: list[str]) -> None:
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    parsed = frame.filter(as_unsigned(pl.col("v")).is_not_null())
    got = parsed.select(unsigned_is_digits(pl.col("v")))["v"].to_list()
    assert got == [not v.startswith("+") for v in parsed["v"]]


def test_a_failed_pattern_and_a_digit_code_share_one_comparison() -> None:
    value = pl.col("v")
    plan = (
        pl.LazyFrame({"v": ["012"]})
        .select((~ascii_digits(value, 12)).alias("failed"), digit_code(value).alias("code"))
        .explain()
    )
    assert plan.count('(col("v") >= "0")') == 1, plan
    assert '< "0"' not in plan, plan


@SETTINGS
@given(length=st.integers(min_value=1, max_value=MAX_DIGITS), data=st.data())
@example(length=12, data=None)
def test_ascii_digits_equals_the_regex(length: int, data: st.DataObject | None) -> None:
    values: list[str | None] = (
        ["+12345678901", "-12345678901", "012345678901", "１２３４５６７８９０１２", " 12345678901",
         "12345678901 ", "1234567890123", "12345678901", "", None, "00000000000\n", "0" * 12]
        if data is None
        else data.draw(strings(length))
    )  # fmt: skip
    value = pl.col("v")
    fast = evaluated(values, ascii_digits(value, length))
    regex = evaluated(values, value.str.contains(f"^[0-9]{{{length}}}$"))
    assert fast == regex


@SETTINGS
@given(
    prefix=st.text(st.sampled_from(ASCII_DIGITS), max_size=3),
    count=st.integers(min_value=1, max_value=15),
    data=st.data(),
)
def test_digit_patterns_equal_the_regex(prefix: str, count: int, data: st.DataObject) -> None:
    pattern = f"^{prefix}[0-9]{{{count}}}$"
    shape = digit_pattern(pattern)
    assert shape == (prefix, len(prefix) + count)
    values = data.draw(strings(len(prefix) + count))
    # strings that keep the prefix, so only the rest can make them fail
    values += [prefix + s for s in data.draw(st.lists(near_digits(count), max_size=10))]
    values += [prefix + "0" * count, "+" + prefix + "0" * (count - 1), prefix + "０" * count]
    values += [prefix + c + "0" * (count - 1) for c in ("+", "-", " ", "a", "\x00")]
    value = pl.col("v")
    check = Pattern(columns=["v"], pattern=pattern)
    expected = evaluated(values, value.str.contains(pattern))
    assert evaluated(values, matches_digit_pattern(value, prefix, len(prefix) + count)) == expected
    assert evaluated(values, check.matches(value)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\d{12}$",  # \d is Unicode: full-width digits match it
        r"(?i)^[0-9]{3}$",
        r"^[0-9]{3}",
        r"[0-9]{3}$",
        r"^[0-9]{3}$|^x$",
        r"^[0-9]{0}$",
        r"^[0-9]{19}$",  # beyond the fast path's 18 digits
        r"^1234567890123456789[0-9]{1}$",
        r"^a[0-9]{3}$",
        r"^[0-9]{2,4}$",
        r"^[0-9]+$",
        r"(?m)^[0-9]{3}$",
        r"^[0-9]{3}$ ",
    ],
)
def test_other_patterns_keep_the_regex(pattern: str) -> None:
    assert digit_pattern(pattern) is None
    check = Pattern(columns=["v"], pattern=pattern)
    values = ["123", "１２３", "12", "1234", "+12", "a123", "123\n", "x", ""]
    value = pl.col("v")
    assert evaluated(values, check.matches(value)) == evaluated(values, value.str.contains(pattern))


@SETTINGS
@given(
    members=st.lists(st.one_of(st.none(), st.text(CHARS, max_size=4)), min_size=1, max_size=10),
    values=st.lists(
        st.one_of(st.none(), st.text(CHARS, max_size=4), st.sampled_from(GENDERS)),
        min_size=1,
        max_size=40,
    ),
)
def test_equals_any_equals_is_in(members: list[str | None], values: list[str | None]) -> None:
    value = pl.col("v")
    fast = equals_any(value, members)
    present = [m for m in members if m is not None]
    if not present or len(present) > 8:
        assert fast is None
        return
    assert fast is not None
    assert evaluated(values, fast) == evaluated(values, value.is_in(present))


def test_equals_any_leaves_other_sets_to_is_in() -> None:
    assert equals_any(pl.col("v"), [1, 2]) is None
    assert equals_any(pl.col("v"), [f"{i:02d}" for i in range(9)]) is None
    assert equals_any(pl.col("v"), [None]) is None


@SETTINGS
@given(
    values=st.lists(
        st.one_of(st.none(), st.sampled_from(GENDERS)),
        min_size=1,
        max_size=30,
    ),
    dtype=st.sampled_from([pl.String(), pl.Categorical(), pl.Enum(GENDERS)]),
)
def test_in_set_counts_on_every_string_type(values: list[str | None], dtype: pl.DataType) -> None:
    frame = pl.DataFrame({"g": pl.Series(values, dtype=pl.String)}).with_columns(
        pl.col("g").cast(dtype)
    )
    check = InSet(columns=["g"], values=["Nam", "Nữ", None])
    result = dc.run(dc.Suite(name="s", checks=[check]), frame, as_of="2026-01-01")
    present = [v for v in values if v is not None]
    assert result.check("in_set:g").evaluated == len(present)
    assert result.check("in_set:g").failed == sum(v not in {"Nam", "Nữ"} for v in present)
