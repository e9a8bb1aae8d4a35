"""Vietnamese text checks: lookalike_chars, mojibake, name_vn, tone_style_consistent.

Hand-built cases: each value's expected verdict is stated next to it, with why.
"""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import NormalizedText, check_class
from datacheck.vn.strategies.names import mojibake, to_tone_style
from datacheck.vn.text import (
    LOOKALIKE_KINDS,
    MOJIBAKE_FAMILIES,
    LookalikeChars,
    Mojibake,
    NameVn,
    ToneStyleConsistent,
    mojibake_pattern,
    tone_style_key,
)


def frame(values: list[str | None], dtype: pl.DataType | None = None) -> pl.DataFrame:
    return pl.DataFrame({"v": pl.Series(values, dtype=dtype or pl.String)})


# ---------------------------------------------------------------------- registry


@pytest.mark.parametrize(
    ("name", "cls", "dimension"),
    [
        ("lookalike_chars", LookalikeChars, dc.Dimension.CLEAN),
        ("mojibake", Mojibake, dc.Dimension.CLEAN),
        ("name_vn", NameVn, dc.Dimension.CLEAN),
        ("tone_style_consistent", ToneStyleConsistent, dc.Dimension.CONSISTENT),
    ],
)
def test_registered_with_dimension(name, cls, dimension):
    assert check_class(name) is cls
    assert cls.default_dimension is dimension
    assert all(cls.summary)


def test_suite_yaml_with_every_text_check(tmp_path):
    text = """
suite: dan_cu
checks:
  - check: lookalike_chars
    column: full_name
    kinds: [eth, nbsp]
  - check: mojibake
    column: full_name
    families: [utf8, vni, tcvn3]
  - check: name_vn
    column: full_name
    joined_case: capitalised_or_lower
    alphabet: vietnamese
  - check: tone_style_consistent
    column: full_name
    style: new
"""
    suite = dc.Suite.loads(text)
    assert dc.Suite.loads(suite.to_yaml()) == suite
    df = pl.DataFrame({"full_name": ["Nguyễn Thị Hoà", "Ðặng Thị Hòa", "Nguyá»…n An"]})
    result = dc.run(suite, df, as_of="2026-06-30")
    assert [(c.id, c.failed) for c in result.checks] == [
        ("lookalike_chars:full_name", 1),
        ("mojibake:full_name", 1),
        ("name_vn:full_name", 2),  # Ð is not in the Vietnamese alphabet; Ã» not letters
        ("tone_style_consistent:full_name", 1),  # Hòa is old style
    ]


@pytest.mark.parametrize(
    ("kind", "params", "key"),
    [
        ("lookalike_chars", {"kinds": []}, "kinds"),
        ("lookalike_chars", {"kinds": ["emoji"]}, "kinds"),
        ("mojibake", {"families": []}, "families"),
        ("mojibake", {"families": ["utf16"]}, "families"),
        ("name_vn", {"joined_case": "lower"}, "joined_case"),
        ("name_vn", {"apostrophes": ["ab"]}, "apostrophes"),
        ("name_vn", {"apostrophes": ["x"]}, "apostrophes"),
        ("name_vn", {"apostrophes": [" "]}, "apostrophes"),
        ("name_vn", {"alphabet": "cyrillic"}, "alphabet"),
        ("tone_style_consistent", {"style": "newest"}, "style"),
    ],
)
def test_bad_parameters_are_named(kind, params, key):
    with pytest.raises(dc.CheckDefinitionError, match=f"'{key}'") as info:
        check_class(kind)(columns=["v"], **params)
    assert info.value.key == key


@pytest.mark.parametrize("cls", [LookalikeChars, Mojibake, NameVn, ToneStyleConsistent])
def test_number_column_is_an_error_and_categoricals_work(run, cls):
    df = pl.DataFrame(
        {"n": [1, 2], "c": pl.Series(["Lê Thị Hòa", "Lê Thị Hòa"], dtype=pl.Categorical)}
    )
    number, categorical = run([cls(columns=["n"]), cls(columns=["c"])], df).checks
    assert number.status == "error"
    assert "string" in number.reason()
    assert (categorical.status, categorical.evaluated, categorical.failed) == ("pass", 2, 0)


# ---------------------------------------------------------------------- lookalike_chars


@pytest.mark.parametrize(
    ("value", "kinds"),
    [
        ("Đặng Văn Lâm", set()),
        ("đinh", set()),
        ("Ðặng Văn Lâm", {"eth"}),  # U+00D0 Icelandic eth
        ("ðinh", {"eth"}),  # U+00F0
        ("\u0189inh", {"eth"}),  # Ɖ Latin capital African D
        ("Lê\u00a0Hoa", {"nbsp"}),
        ("Lê\u2007Hoa", {"nbsp"}),  # figure space (no-break)
        ("Lê\u202fHoa", {"nbsp"}),  # narrow no-break space
        ("Lê\u200bHoa", {"invisible"}),  # zero-width space
        ("Lê\u200cHoa", {"invisible"}),
        ("Lê\u200dHoa", {"invisible"}),
        ("Lê\u2060Hoa", {"invisible"}),  # word joiner
        ("\ufeffLê Hoa", {"invisible"}),  # byte-order mark
        ("Ng\u00adười", {"invisible"}),  # soft hyphen
        ("Lê\u200eHoa", {"invisible"}),  # left-to-right mark
        ("Lê\tHoa", {"control"}),
        ("Lê\nHoa", {"control"}),
        ("Lê\x00Hoa", {"control"}),
        ("Lê\x7fHoa", {"control"}),  # DEL
        ("Lê\x85Hoa", {"control"}),  # C1 next line
        ("Lê\x9fHoa", {"control"}),
        ("Ðặng\u00a0Văn\u200b\x01", {"eth", "nbsp", "invisible", "control"}),
        ("Lê\u3000Hoa", set()),  # ideographic space: normalized_text's business
        ("Lê  Hoa ", set()),  # spacing: normalized_text's business
        (unicodedata.normalize("NFD", "Đặng"), set()),  # NFD: normalized_text's business
        ("", set()),
    ],
)
def test_lookalike_kinds(one, value, kinds):
    r = one(LookalikeChars(columns=["v"]), frame([value]))
    assert (r.evaluated, r.failed) == (1, int(bool(kinds)))
    assert {k for k, n in r.details.items() if n} == kinds
    assert set(r.details) == set(LOOKALIKE_KINDS)


def test_lookalike_counts_rows_not_characters(one):
    values = ["Ðặng Ðức", "Lê\u00a0Thị\u00a0Hoa", "Lê Thị Hoa", None, "ð\u00a0"]
    r = one(LookalikeChars(columns=["v"]), frame(values))
    assert (r.evaluated, r.failed) == (4, 3)
    assert dict(r.details) == {"eth": 2, "nbsp": 2, "invisible": 0, "control": 0}


def test_lookalike_selected_kinds_only(one):
    values = ["Ðặng", "Lê\u00a0Hoa", "Lê\tHoa"]
    r = one(LookalikeChars(columns=["v"], kinds=["eth", "control"]), frame(values))
    assert r.failed == 2
    assert dict(r.details) == {"eth": 1, "control": 1}


def test_lookalike_samples_show_the_value(one):
    df = pl.DataFrame({"pid": ["1", "2"], "v": ["Ðặng Văn Lâm", "Đặng Văn Lâm"]})
    r = one(LookalikeChars(columns=["v"]), df, key="pid")
    assert [(dict(s.key), dict(s.values)) for s in r.samples] == [
        ({"pid": "1"}, {"v": "Ðặng Văn Lâm"})
    ]


# ---------------------------------------------------------------------- mojibake


@pytest.mark.parametrize(
    ("value", "families"),
    [
        # UTF-8 read as Windows-1252 / Latin-1 / Windows-1258
        ("Ã©", {"utf8"}),
        ("Ä‘inh", {"utf8"}),
        ("TrÆ°Æ¡ng", {"utf8"}),
        ("Nguyá»…n", {"utf8"}),
        ("Viá»\x87t Nam", {"utf8"}),  # Latin-1: C1 control kept
        ("HĂ²a", {"utf8"}),  # Windows-1258 shows C3 as Ă
        ("Äáº·ng", {"utf8"}),
        ("HoÃ\u00a0ng", {"utf8"}),  # à = C3 A0 in lower-case context
        ("Æ\u00a0", {"utf8"}),  # Ơ = C6 A0
        # Windows-1258 read as Windows-1252
        ("NguyêÞn", {"cp1258"}),
        ("Thiò", {"cp1258"}),
        ("HoÌa", {"cp1258"}),
        ("Trýõng", {"cp1258"}),  # ươ
        ("TrâÌn", {"cp1258"}),
        ("Th\u0323", {"cp1258"}),  # 8-bit text read as Windows-1258: mark after a consonant
        # VNI-Windows shown as Latin-1
        ("Nguyeãn", {"vni"}),
        ("Vieät Nam", {"vni"}),
        ("Ñaø Naüng", {"vni"}),
        ("Tröôøng", {"vni"}),
        ("NGUYEÃN", {"vni"}),
        ("Trònh", {"vni"}),  # Trịnh: ò is ị
        # TCVN3 ("ABC") shown as Latin-1
        ("NguyÔn", {"tcvn3"}),
        ("§inh", {"tcvn3"}),
        ("®i", {"tcvn3"}),  # đi
        ("Ng\u00adêi", {"tcvn3"}),  # Người: ư is a soft hyphen
        ("Ng÷êi", {"tcvn3"}),
        ("Céng hoµ x· héi", {"tcvn3"}),
        ("NGäC", {"tcvn3"}),
        ("Häc", {"tcvn3"}),
        ("TRÞNH", {"tcvn3"}),
        # lossy conversions
        ("Nguy?n V?n An", {"lossy"}),
        ("Nguy\ufffdn", {"lossy"}),
    ],
)
def test_mojibake_signatures(one, value, families):
    r = one(Mojibake(columns=["v"]), frame([value]))
    assert r.failed == 1, value
    assert {f for f, n in r.details.items() if n} == families


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn Văn Đức",
        "NGUYỄN VĂN ĐỨC",
        "Lã Văn Tâm",
        "LÃ VĂN TÂM",  # Ã followed by a space, not a continuation byte
        "LÃ\u00a0VĂN",  # Ã + no-break space in capitals (lookalike_chars finds the space)
        "giò lụa",  # iò is clean after g
        "GIÒ",
        "QUÌ",  # quì: uì is clean after q
        "goòng",
        "Hòa",
        "Hoà",
        "Thủy",
        "Thuỷ",
        "Khoẻ",
        "Quý",
        "Người",
        "Ê Đê",
        "H'Hen Niê",
        "Y-Moan Ênuôl",
        "Kpă Ylăng",
        "Số 12/3A, ngõ 45, phường Hàng Bạc",
        "Km 5+200 QL1A",
        "100 m² đất ở",
        "Nº 5",
        "Ai? Bình",  # ? not between letters
        "Nguyễn?",
        "Ð",  # eth alone: lookalike_chars' business
        "Ðinh",
        unicodedata.normalize("NFD", "Nguyễn Thị Ánh Hồng"),
        "Müller",  # foreign names whose letters a legacy encoding would not place there
        "José",
        "Chloé",
        "Noël",
        "O'Neil",
        "Jean-Pierre",
        "",
    ],
)
def test_mojibake_passes_clean_text(one, value):
    r = one(Mojibake(columns=["v"]), frame([value]))
    assert r.failed == 0, value


def test_mojibake_generated_from_the_encoders(one):
    clean = "Nguyễn Văn Đức Trường"
    values = [mojibake(clean, encoding) for encoding in ("utf8_cp1252", "cp1258", "vni", "tcvn3")]
    r = one(Mojibake(columns=["v"]), frame([clean, *values, None]))
    assert (r.evaluated, r.failed) == (5, 4)
    assert dict(r.details) == {"utf8": 1, "cp1258": 1, "vni": 1, "tcvn3": 1, "lossy": 0}


def test_mojibake_selected_families(one):
    values = ["Nguyá»…n", "Nguyeãn", "NguyÔn"]
    r = one(Mojibake(columns=["v"], families=["vni"]), frame(values))
    assert r.failed == 1
    assert dict(r.details) == {"vni": 1}


def test_mojibake_pattern_is_the_union_of_families():
    union = mojibake_pattern()
    assert union == mojibake_pattern(*MOJIBAKE_FAMILIES)
    for family in MOJIBAKE_FAMILIES:
        assert mojibake_pattern(family) in union


# ---------------------------------------------------------------------- name_vn

GOOD_NAMES = [
    "Nguyễn Văn An",
    "Lê Thị Hòa",
    "Lê Thị Hoà",
    "Đặng Thùy Trâm",
    "Ông Ích Khiêm",
    "H'Hen Niê",
    "Ksor H\u2019Luôn",  # typographic apostrophe
    "Y-Moan Ênuôl",
    "Giàng A Páo",
    "A",
    "NGUYỄN VĂN AN",
    "H'HEN NIÊ",
    "Y-MOAN ÊNUÔL",
    "Kpă Ylăng",
]


@pytest.mark.parametrize("value", GOOD_NAMES)
def test_name_vn_passes(one, value):
    r = one(NameVn(columns=["v"]), frame([value]))
    assert (r.evaluated, r.failed) == (1, 0)


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        ("nguyễn văn an", {"capitalisation"}),
        ("NGUYỄN Văn An", {"capitalisation"}),  # mixed: neither capitalised nor all capitals
        ("Nguyễn văn An", {"capitalisation"}),
        ("NguyỄn Văn An", {"capitalisation"}),
        ("H'hen Niê", {"capitalisation"}),  # parts after ' are capitalised by default
        ("Vla-đi-mia", {"capitalisation"}),
        ("H''Hen", {"capitalisation"}),  # separators: one between two parts
        ("-Moan", {"capitalisation"}),
        ("Moan-", {"capitalisation"}),
        ("H'-Hen", {"capitalisation"}),
        ("Nguyễn Văn An 2", {"characters"}),
        ("Nguyễn2", {"characters"}),
        ("Nguyễn Văn A.", {"characters"}),
        ("Nguyễn (An)", {"characters"}),
        ("Нгуен", {"characters"}),  # Cyrillic
        ("Nguyễn\u200bAn", {"characters"}),
        ("Nguyễn  An", {"spacing"}),
        (" Nguyễn An", {"spacing"}),
        ("Nguyễn An ", {"spacing"}),
        ("Nguyễn\tAn", {"spacing"}),  # a tab is whitespace: a spacing problem
        ("Nguyễn\u00a0An", {"spacing"}),
        ("", {"spacing"}),
        (" ", {"spacing"}),
        (unicodedata.normalize("NFD", "Nguyễn Văn An"), {"not_nfc"}),
        ("\u212aim", {"not_nfc", "characters"}),  # KELVIN SIGN is not NFC
    ],
)
def test_name_vn_fails_with_reasons(one, value, reasons):
    r = one(NameVn(columns=["v"]), frame([value]))
    assert (r.evaluated, r.failed) == (1, 1)
    assert {k for k, n in r.details.items() if n} == reasons


def test_name_vn_nfd_is_also_flagged_by_normalized_text(run):
    df = frame([unicodedata.normalize("NFD", "Đặng Thùy Trâm")])
    names, normalized = run([NameVn(columns=["v"]), NormalizedText(columns=["v"])], df).checks
    assert (names.failed, normalized.failed) == (1, 1)


def test_name_vn_joined_case(one):
    values = ["Vla-đi-mia I-lích Lê-nin", "H'Hen Niê", "h'Hen"]
    strict = one(NameVn(columns=["v"]), frame(values))
    lenient = one(NameVn(columns=["v"], joined_case="capitalised_or_lower"), frame(values))
    assert (strict.failed, lenient.failed) == (2, 1)  # a word still starts with a capital


def test_name_vn_apostrophes(one):
    values = ["H'Hen", "H\u2019Hen", "H`Hen"]
    assert one(NameVn(columns=["v"]), frame(values)).failed == 1
    assert one(NameVn(columns=["v"], apostrophes=["'"]), frame(values)).failed == 2
    assert one(NameVn(columns=["v"], apostrophes=["`"]), frame(values)).failed == 2


def test_name_vn_alphabet(one):
    values = ["Nguyễn Văn An", "Y Jut Wừ", "Müller", "Ðặng An", "Ŏng"]
    assert one(NameVn(columns=["v"]), frame(values)).failed == 0
    r = one(NameVn(columns=["v"], alphabet="vietnamese"), frame(values))
    assert (r.failed, r.details["characters"]) == (3, 3)


def test_name_vn_counts(one):
    values = ["Nguyễn Văn An", "nguyễn văn an", "Nguyễn  An", None, "Nguyễn 2", "NGUYỄN VĂN AN"]
    r = one(NameVn(columns=["v"]), frame(values))
    assert (r.evaluated, r.failed, r.status) == (5, 3, "fail")
    assert dict(r.details) == {"not_nfc": 0, "spacing": 1, "characters": 1, "capitalisation": 1}


# ---------------------------------------------------------------------- tone_style_consistent


def test_tone_style_key():
    values = ["Hoà", "HOÀ", "Thuỷ", "khoẻ", "Hoàng", "Quý", "Hòa", "hoa", None]
    out = pl.select(tone_style_key(pl.Series(values))).to_series().to_list()
    assert out == ["Hòa", "HÒA", "Thủy", "khỏe", "Hòang", "Qúy", "Hòa", "hoa", None]


@pytest.mark.parametrize(
    ("values", "failed", "extra"),
    [
        (["Lê Thị Hòa", "Lê Thị Hoà", "Lê Thị Hòa", "Trần Thuỷ"], 3, 1),
        (["Lê Thị Hòa", "Trần Thuỷ"], 0, 0),  # different names may use different styles
        (["HÒA", "HOÀ"], 2, 1),
        (["Hòa", "HOÀ"], 0, 0),  # case differs too: not the same spelling modulo style
        (["Thủy", "Thuỷ", "Thùy", "Thuỳ"], 4, 2),
        (["Hoàng", "Hòang"], 2, 1),  # a misplaced mark in a closed syllable shares the key
        (["Hòa", unicodedata.normalize("NFD", "Hòa")], 0, 0),  # NFD: normalized_text's
        (["Hòa Thuỷ", "Hoà Thủy"], 2, 1),
        (["Hòa Thủy", "Hoà Thuỷ", "Hòa Thuỷ", "Hòa Thủy"], 4, 2),  # 3 spellings of one name
        (["Hòa", "Hòa", "Hòa"], 0, 0),
        (["Lan", "Lan", "Mai"], 0, 0),  # no toned oa/oe/uy at all
    ],
)
def test_tone_style_any(one, values, failed, extra):
    r = one(ToneStyleConsistent(columns=["v"]), frame([*values, None]))
    assert (r.evaluated, r.failed) == (len(values), failed)
    assert r.details["extra_spellings"] == extra


@pytest.mark.parametrize(
    ("value", "old_style", "new_style"),
    [
        ("Hòa", True, False),
        ("Hoà", False, True),
        ("HÒA", True, False),
        ("HOÀ", False, True),
        ("Thủy", True, False),
        ("Thuỷ", False, True),
        ("khỏe", True, False),
        ("khoẻ", False, True),
        ("Hòa, Hà Nội", True, False),
        ("Hoà Thủy", True, True),
        ("Hoàng", False, False),  # closed syllable: same in both styles
        ("ngoài", False, False),  # three vowels
        ("khuya", False, False),
        ("Quý", False, False),  # qu + y: u belongs to the onset
        ("Quỳnh", False, False),
        ("Huy", False, False),
        ("", False, False),
    ],
)
def test_tone_style_required(one, value, old_style, new_style):
    df = frame([value])
    old = one(ToneStyleConsistent(columns=["v"], style="old"), df)
    new = one(ToneStyleConsistent(columns=["v"], style="new"), df)
    assert (old.failed, new.failed) == (int(new_style), int(old_style))
    assert (new.details["old_style"], new.details["new_style"]) == (old_style, new_style)
    assert "extra_spellings" not in new.details


def test_tone_style_details_profile_the_column(one):
    values = ["Lê Thị Hòa", "Lê Thị Hoà", "Trần Thủy", "Trần Thuỷ", "Vũ Hoàng", None]
    r = one(ToneStyleConsistent(columns=["v"]), frame(values))
    assert (r.failed, dict(r.details)) == (
        4,
        {"extra_spellings": 2, "old_style": 2, "new_style": 2},
    )


def test_tone_style_samples(one):
    df = pl.DataFrame({"pid": ["1", "2", "3"], "v": ["Lê Hòa", "Lê Hoà", "Lê Mai"]})
    r = one(ToneStyleConsistent(columns=["v"]), df, key="pid")
    assert sorted(s.values["v"] for s in r.samples) == ["Lê Hoà", "Lê Hòa"]


def test_tone_style_round_trip_with_the_strategy_converter():
    for name in ["Nguyễn Thị Hòa", "Trần Thủy Tiên", "Lê Khỏe", "Quý", "Hoàng"]:
        new = to_tone_style(name, "new")
        assert to_tone_style(new, "old") == name
        assert (
            pl.select(tone_style_key(pl.lit(new))).item()
            == pl.select(tone_style_key(pl.lit(name))).item()
        )
