"""Sample values as reports show them: hidden characters escaped, non-NFC text marked."""

from __future__ import annotations

import json
import unicodedata

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import NormalizedText
from datacheck.report.console import render_text
from datacheck.report.html import render_database
from datacheck.report.values import show_text
from datacheck.vn.text import LookalikeChars


def test_hidden_characters_are_escaped_and_nfd_is_marked() -> None:
    assert show_text("An Bình") == '"An Bình"'
    assert show_text("An\u00a0Bình ") == '"An\\u00a0Bình "'
    assert show_text("a\u200bb\ufeff\u2028") == '"a\\u200bb\\ufeff\\u2028"'
    assert show_text("\x85") == '"\\u0085"'
    assert show_text("tag\U000e0041") == '"tag\\udb40\\udc41"'
    nfd = unicodedata.normalize("NFD", "Nữ")
    assert show_text(nfd) == f'"{nfd}" (chưa chuẩn NFC)'
    assert show_text(nfd, "en") == f'"{nfd}" (not NFC)'


@given(st.text(max_size=30))
def test_what_is_shown_has_no_hidden_character_and_reads_back(text: str) -> None:
    shown = show_text(text, "en")
    quoted = shown.removesuffix(" (not NFC)")
    assert all(
        ch == " " or unicodedata.category(ch) not in {"Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Co"}
        for ch in quoted
    )
    assert json.loads(quoted) == text  # the escapes are JSON's: the value can be read back
    assert shown.endswith(" (not NFC)") is (unicodedata.normalize("NFC", text) != text)


def test_a_masked_sample_still_shows_its_defect_in_the_console_and_html() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    names = [f"{nfd} Văn An", "Lê  Thị Hoa", "Trần\u00a0Bình", "Phạm Văn Cường"]
    frame = pl.DataFrame({"pid": ["001203005678", "001203005679", "0012030056710", "x"]})
    frame = frame.with_columns(name=pl.Series(names))
    suite = dc.Suite(
        name="s",
        key=["pid"],
        pii=["pid", "name"],
        checks=[NormalizedText(columns=["name"]), LookalikeChars(columns=["name"])],
    )
    result = dc.run(suite, frame, as_of="2026-06-30")
    text = render_text(result, lang="en")
    assert f'name="{nfd} V. A." (not NFC)' in text
    assert 'name="Lê  T. H."' in text
    assert 'name="Trần\\u00a0B."' in text
    for masked_away in ("Văn", "Hoa", "Bình"):
        assert masked_away not in text
    page = render_database(result, "vi")
    assert "<code>&#34;Trần\\u00a0B.&#34;</code>" in page
    assert "<code>&#34;Lê  T. H.&#34;</code>" in page  # code keeps spaces (white-space: pre-wrap)
    assert "&#34; (chưa chuẩn NFC)</code>" in page
