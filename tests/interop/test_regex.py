"""Regular expressions between datacheck (Rust regex) and Python's re (GX, pandas).

Python's ``$`` also matches before a final newline and Rust's does not; ``\\w`` and friends
are different Unicode classes. The translations must match the same texts in both engines.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl
import pytest

from datacheck.interop._regex import python_differences, to_python, to_rust

TEXTS = ["12", "12\n", "123", "ab", "a\nb", "b", "xb", "a", "a\n", "\n", "", "a\nb\n"]


def rust_matches(pattern: str) -> list[bool]:
    """Which of :data:`TEXTS` datacheck's engine (polars, Rust regex) finds ``pattern`` in."""
    return pl.Series(TEXTS).str.contains(pattern).to_list()


def python_matches(pattern: str) -> list[bool]:
    """Which of :data:`TEXTS` Python's ``re.search`` (GX, pandas) finds ``pattern`` in."""
    return [re.search(pattern, text) is not None for text in TEXTS]


@pytest.mark.parametrize(
    "pattern", [r"^[0-9]{2}$", r"^a$|^b$", r"(?:a$|b)", r"[$]$", r"a\z", r"(?m)^b$", r"^$", r"b$$"]
)
def test_datacheck_patterns_match_the_same_texts_in_python(pattern: str) -> None:
    translated, reasons = to_python(pattern)
    assert python_matches(translated) == rust_matches(pattern), translated
    assert reasons == []


@pytest.mark.parametrize(
    "pattern", [r"^[0-9]{2}$", r"^a$|^b$", r"(?:a$|b)", r"a\Z", r"(?m)^b$", r"^$", r"(a|x)$"]
)
def test_python_patterns_match_the_same_texts_in_datacheck(pattern: str) -> None:
    translated, reasons = to_rust(pattern)
    assert rust_matches(translated) == python_matches(pattern), translated
    assert reasons == []


def test_a_dollar_followed_by_more_pattern_is_kept_and_noted() -> None:
    translated, reasons = to_rust(r"a$\n")
    assert translated == r"a$\n"
    assert [en.split(":")[0] for en, _ in reasons] == ["'$' inside the pattern"]


def test_unicode_classes_are_noted_in_both_directions() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    # the difference the note is about: combining marks are word characters only in Rust
    assert pl.Series([nfd]).str.contains(r"^\w+$").item()
    assert re.search(r"^\w+\Z", nfd) is None
    for pattern in (r"^\w+$", r"\d", r"\s", r"\bx", r"[\W]"):
        assert len(to_python(pattern)[1]) == 1, pattern
        assert len(to_rust(pattern)[1]) == 1, pattern
        assert len(python_differences(to_python(pattern)[0])) == 1, pattern
    for pattern in (r"^[0-9]+$", r"\\w", r"\p{L}", r"[\b]"):
        assert to_python(pattern)[1] == [], pattern
    en, vi = to_python(r"^\w+\d$")[1][0]
    assert en.startswith(r"\w, \d: ")
    assert vi.startswith(r"\w, \d: ")
