"""Property tests of the Vietnamese text checks.

* Precision: every Vietnamese syllable (all onsets × rhymes × tones, both tone styles, lower
  case, capitalised, upper case, NFC and NFD) and thousands of generated clean names and
  addresses pass ``lookalike_chars``, ``mojibake`` and ``name_vn``.
* Recall: damage produced by real encoders (UTF-8/Windows-1258/VNI/TCVN3 read wrongly, NFD,
  eth, no-break and zero-width spaces) is caught, and attributed to the right family.
* Exactness: each check's Polars expression agrees with a pure-Python reference
  implementation, written independently from the definitions (code pages, Unicode
  categories), on adversarial random strings.
"""

from __future__ import annotations

import collections
import random
import unicodedata
from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.vn.strategies import names as vn_names
from datacheck.vn.strategies.names import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    MINORITY_NAMES,
    MOJIBAKE_ENCODINGS,
    damaged_names,
    mojibake,
    person_names,
    to_tone_style,
    vietnamese_names,
    vietnamese_syllables,
)
from datacheck.vn.text import (
    MOJIBAKE_FAMILIES,
    LookalikeChars,
    Mojibake,
    NameVn,
    ToneStyleConsistent,
    mojibake_pattern,
)

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def run_rows(check: dc.checks.Check, values: list[str | None]) -> tuple[int, int, dict]:
    df = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    (r,) = dc.run(dc.Suite(name="p", checks=[check], samples=0), df, as_of="2026-06-30").checks
    return r.evaluated, r.failed, dict(r.details)


def flags(pattern: str, values: list[str]) -> list[bool]:
    return pl.Series(values, dtype=pl.String).str.contains(pattern).to_list()


# ====================================================================== clean corpora


def casings(word: str) -> set[str]:
    return {word, word[:1].upper() + word[1:], word.upper()}


def all_syllables() -> list[str]:
    words: set[str] = set()
    for style in ("old", "new"):
        for syllable in vietnamese_syllables(style):
            words |= casings(syllable)
    return sorted(words)


def generated_names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        middles = [rng.choice(MIDDLE_NAMES) for _ in range(rng.randint(0, 2))]
        name = " ".join([rng.choice(FAMILY_NAMES), *middles, rng.choice(GIVEN_NAMES)])
        name = to_tone_style(name, rng.choice(("old", "new")))
        out.append(name.upper() if rng.random() < 0.2 else name)
    return out + list(MINORITY_NAMES) + [m.upper() for m in MINORITY_NAMES]


STREETS = (
    "Hàng Bạc",
    "Lý Thường Kiệt",
    "Nguyễn Trãi",
    "Trần Hưng Đạo",
    "Hoàng Hoa Thám",
    "Điện Biên Phủ",
    "Võ Thị Sáu",
    "Phạm Ngũ Lão",
    "Hòa Bình",
    "Thuỵ Khuê",
    "Ỷ Lan",
)
WARDS = (
    "Hàng Đào",
    "Bến Nghé",
    "Ứng Hòa",
    "Thủy Xuân",
    "Quỳnh Lôi",
    "Ea Tam",
    "Tân Lợi",
    "Ngọc Khánh",
    "Khuê Trung",
    "Hòa Cường Bắc",
    "Ô Chợ Dừa",
    "Đông Khê",
)
PROVINCES = ("Thành phố Hà Nội", "Thành phố Hồ Chí Minh", "Tỉnh Đắk Lắk", "Tỉnh Khánh Hòa",
             "Tỉnh Thừa Thiên Huế", "Tỉnh Quảng Ngãi", "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Sóc Trăng",
             "Tỉnh Hòa Bình", "Thành phố Đà Nẵng", "Tỉnh Bắc Kạn", "Tỉnh Điện Biên")  # fmt: skip


def generated_addresses(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        number = f"{rng.randint(1, 300)}{rng.choice(['', 'A', '/3', '/12B'])}"
        lane = rng.choice(["", f"ngõ {rng.randint(1, 99)}, ", f"hẻm {rng.randint(1, 50)}, "])
        address = (
            f"Số {number}, {lane}đường {rng.choice(STREETS)}, phường {rng.choice(WARDS)}, "
            f"{rng.choice(PROVINCES)}"
        )
        out.append(to_tone_style(address, rng.choice(("old", "new"))))
    return out


def test_every_syllable_passes_mojibake_and_lookalike():
    words = all_syllables()
    assert len(words) > 50_000
    nfd = [unicodedata.normalize("NFD", w) for w in words]
    assert not any(flags(mojibake_pattern(), words + nfd))
    evaluated, failed, _ = run_rows(LookalikeChars(columns=["v"]), words + nfd)
    assert (evaluated, failed) == (2 * len(words), 0)


def test_every_capitalised_syllable_is_a_name_and_nfd_ones_are_not():
    words = [w for w in all_syllables() if w[:1].isupper()]
    _, failed, _ = run_rows(NameVn(columns=["v"], alphabet="vietnamese"), words)
    assert failed == 0
    decomposed = [unicodedata.normalize("NFD", w) for w in words]
    changed = [d for d, w in zip(decomposed, words, strict=True) if d != w]
    _, failed, details = run_rows(NameVn(columns=["v"]), changed)
    assert failed == details["not_nfc"] == len(changed)


def test_thousands_of_clean_names_and_addresses_have_no_false_positive():
    names = generated_names(5000)
    addresses = generated_addresses(2000)
    for check in (LookalikeChars(columns=["v"]), Mojibake(columns=["v"])):
        assert run_rows(check, names + addresses)[1] == 0
    assert run_rows(NameVn(columns=["v"], alphabet="vietnamese"), names)[1] == 0


@SETTINGS
@given(st.lists(person_names(), min_size=1, max_size=30), st.sampled_from(("old", "new")))
def test_clean_names_pass(values, style):
    styled = [to_tone_style(v, style) for v in values]
    column = styled + [v.upper() for v in styled]
    for check in (
        LookalikeChars(columns=["v"]),
        Mojibake(columns=["v"]),
        NameVn(columns=["v"]),
        ToneStyleConsistent(columns=["v"]),
        ToneStyleConsistent(columns=["v"], style=style),
    ):
        assert run_rows(check, column)[1] == 0, check


# ====================================================================== damage is caught

EXPECTED = {  # damage kind -> checks that must flag it
    "nfd": {"name_vn"},
    "eth": {"lookalike_chars"},
    "nbsp": {"lookalike_chars", "name_vn"},
    "zero_width": {"lookalike_chars", "name_vn"},
    "control": {"lookalike_chars", "name_vn"},
}


@SETTINGS
@given(damaged_names(kinds=("nfd", "eth", "nbsp", "zero_width", "control")))
def test_damaged_names_are_caught(drawn):
    damaged, kind, clean = drawn
    assert damaged != clean
    checks = {
        "lookalike_chars": LookalikeChars(columns=["v"]),
        "name_vn": NameVn(columns=["v"], alphabet="vietnamese"),
        "mojibake": Mojibake(columns=["v"]),
    }
    flagged = {name for name, check in checks.items() if run_rows(check, [damaged])[1]}
    assert EXPECTED[kind] <= flagged, (kind, damaged)
    assert "mojibake" not in flagged


# minimum share of damaged names caught, by encoding (measured: see docs/checks/vn/mojibake.md)
RECALL = {
    "utf8_cp1252": 0.999,
    "utf8_latin1": 0.999,
    "utf8_cp1258": 0.999,
    "cp1258": 0.93,
    "cp1258_decomposed": 0.97,
    "vni": 0.98,
    "vni_cp1258": 0.98,
    "tcvn3": 0.96,
    "tcvn3_cp1258": 0.95,
}


@pytest.fixture(scope="module")
def damaged_corpus() -> pl.DataFrame:
    rows = []
    for clean in generated_names(3000, seed=3):
        for encoding, family in MOJIBAKE_ENCODINGS.items():
            damaged = mojibake(clean, encoding)
            if damaged != clean:
                rows.append((encoding, family, damaged))
    df = pl.DataFrame(rows, schema=["encoding", "family", "v"], orient="row")
    return df.with_columns(
        pl.col("v").str.contains(mojibake_pattern()).alias("any"),
        *[pl.col("v").str.contains(mojibake_pattern(f)).alias(f) for f in MOJIBAKE_FAMILIES],
    )


@pytest.mark.parametrize("encoding", sorted(RECALL))
def test_mojibake_recall_and_attribution(damaged_corpus, encoding):
    rows = damaged_corpus.filter(pl.col("encoding") == encoding)
    family = MOJIBAKE_ENCODINGS[encoding]
    assert rows.height > 2000
    assert rows["any"].mean() >= RECALL[encoding]
    if not encoding.endswith("_cp1258") or encoding == "utf8_cp1258":
        assert rows[family].mean() >= RECALL[encoding] - 0.01  # found in its own family
    others = [f for f in MOJIBAKE_FAMILIES if f not in {family, "cp1258"}]
    for other in others:  # rarely in another family (cp1258 also marks *_cp1258 damage)
        assert rows[other].mean() <= 0.10, other


def test_mojibake_check_counts_match_the_corpus(damaged_corpus):
    sample = damaged_corpus.head(4000)
    evaluated, failed, details = run_rows(Mojibake(columns=["v"]), sample["v"].to_list())
    assert (evaluated, failed) == (sample.height, sample["any"].sum())
    assert details == {f: sample[f].sum() for f in MOJIBAKE_FAMILIES}


# ====================================================================== reference implementations


END = "\ue000"  # stands for "before the start" and "after the end" (a private-use character)


def category(c: str) -> str:
    return unicodedata.category(c)


def is_letter(c: str) -> bool:
    return category(c).startswith("L")


def is_letter_or_mark(c: str) -> bool:
    return category(c)[:1] in {"L", "M"}


def is_lower(c: str) -> bool:
    return category(c) == "Ll"


def is_upper(c: str) -> bool:
    return category(c) == "Lu"


# --- lookalike_chars

REF_KINDS: dict[str, Callable[[str], bool]] = {
    "eth": lambda c: c in {"\u00d0", "\u00f0", "\u0189"},
    "nbsp": lambda c: c in {"\u00a0", "\u2007", "\u202f"},
    "invisible": lambda c: unicodedata.category(c) == "Cf",
    "control": lambda c: unicodedata.category(c) == "Cc",
}


def ref_lookalike(value: str) -> set[str]:
    return {kind for kind, test in REF_KINDS.items() if any(test(c) for c in value)}


# --- name_vn


def ref_latin(c: str) -> bool:
    return "LATIN" in unicodedata.name(c, "") and c not in {"\u212a", "\u212b"}


def ref_name_ok(value: str, apostrophes: str = "'\u2019", lower_joined: bool = False) -> bool:
    def upper(c: str) -> bool:
        return is_upper(c) and ref_latin(c)

    def lower(c: str) -> bool:
        return is_lower(c) and ref_latin(c)

    def parts(word: str) -> list[str] | None:
        out, current = [], ""
        for c in word:
            if c == "-" or c in apostrophes:
                out.append(current)
                current = ""
            else:
                current += c
        out.append(current)
        return None if any(p == "" for p in out) else out

    words = value.split(" ")
    split = [parts(w) for w in words]
    if any(p is None for p in split):
        return False
    all_parts = [p for ps in split for p in ps]  # type: ignore[union-attr]
    if all(all(upper(c) for c in p) for p in all_parts):
        return True
    for ps in split:
        assert ps is not None
        for index, part in enumerate(ps):
            capitalised = upper(part[0]) and all(lower(c) for c in part[1:])
            lowered = all(lower(c) for c in part)
            if not (capitalised or (index > 0 and lower_joined and lowered)):
                return False
    return True


# --- tone style

STYLE_PAIRS = [
    (unicodedata.normalize("NFC", f + mark) + s, f + unicodedata.normalize("NFC", s + mark))
    for a, b in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    for f in (a, a.upper())
    for s in (b, b.upper())
]
TO_OLD = {new: old for old, new in STYLE_PAIRS}


def ref_key(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        pair = value[i : i + 2]
        if pair in TO_OLD:
            out.append(TO_OLD[pair])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def ref_tone_any(values: list[str | None]) -> list[bool]:
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    for v in values:
        if v is not None:
            spellings[ref_key(v)].add(v)
    return [v is not None and len(spellings[ref_key(v)]) > 1 for v in values]


def ref_has_style(value: str, style: str) -> bool:
    clusters = {old if style == "old" else new for old, new in STYLE_PAIRS}
    for i in range(len(value) - 1):
        pair = value[i : i + 2]
        after = value[i + 2] if i + 2 < len(value) else END
        before = value[i - 1] if i else END
        onset_u = pair[0].lower() in "uúùủũụ" and before in {"q", "Q"}
        if pair in clusters and not is_letter_or_mark(after) and not onset_u:
            return True
    return False


# --- mojibake, from the code pages


def decoded(byte: int, codec: str) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return chr(byte)


CONT = {decoded(b, c) for b in range(0x80, 0xC0) for c in ("cp1252", "latin-1", "cp1258")}
NBSP = "\u00a0"
LEAD_LETTERS = {decoded(0xC3, "cp1252"), decoded(0xC3, "cp1258"), decoded(0xCC, "cp1252")}
LEAD_OTHER = {decoded(b, "cp1252") for b in (0xC4, 0xC5, 0xC6)} | {decoded(0xCC, "cp1258")}
CP_TONES = {decoded(b, "cp1252") for b in (0xCC, 0xEC, 0xDE, 0xD2, 0xF2)}  # Ì ì Þ Ò ò
CP_SHOWN = {decoded("ăơưĂƠƯ".encode("cp1258")[k], "cp1252") for k in range(6)}  # ã õ ý …
CONSONANTS = set("bcdfghjklmnpqrstvwxz" + "bcdfghjklmnpqrstvwxz".upper() + "đĐ")
VOWELS_BEFORE_MARK = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VNI_TONES = set(vn_names._VNI_TONES.values())
VNI_CIRC = set(vn_names._VNI_CIRCUMFLEX.values()) | {"ă"}  # ã read as Windows-1258
VNI_BREVE = set(vn_names._VNI_BREVE.values()) - {"ê"}
TCVN3_CODES = set(vn_names._tcvn3_table().values())
TCVN3_SYMBOLS = {c for c in TCVN3_CODES if 0xA1 <= ord(c) <= 0xBF or category(c) == "Sm"}


def coda_ok(c: str) -> bool:
    return c in "cmnptiouyaCMNPTIOUYA" or not is_letter_or_mark(c)


def ref_families(value: str) -> set[str]:
    s = value
    found: set[str] = set()

    def at(i: int) -> str:
        return s[i] if 0 <= i < len(s) else END

    for i in range(len(s)):
        p, c, n, n2, n3 = at(i - 1), s[i], at(i + 1), at(i + 2), at(i + 3)
        # utf8
        if (
            (c in LEAD_LETTERS | LEAD_OTHER and n in CONT - {NBSP})
            or (c in LEAD_OTHER and n == NBSP)
            or (is_lower(c) and n in LEAD_LETTERS and n2 == NBSP)
            or (c in LEAD_LETTERS and n == NBSP and (n2 == END or n2 == " " or is_lower(n2)))
            or (c == "á" and n in {"º", "»"} and n2 in CONT)
        ):
            found.add("utf8")
        # cp1258
        end2 = not is_letter_or_mark(n2)
        if (
            (c in set("aeAEâêôÂÊÔ") | CP_SHOWN and n in CP_TONES)
            or (c in "yY" and n in CP_TONES - {"Ò"})
            or (c in "yY" and n == "Ò" and end2)
            or (c in "iI" and n in {"Ì", "ì", "Þ"})
            or (c in "iI" and n == "ò" and p not in {"g", "G"})
            or (c in "iI" and n == "Ò" and p not in {"g", "G"}
                and (end2 or (n2 in {"n", "N"} and n3 in {"h", "H"})))
            or (c in "uU" and n in CP_TONES and p not in {"q", "Q"})
            or (c in "uU" and n in {"Þ", "ò"} and p in {"q", "Q"})
            or (c in "oO" and n in {"ì", "Þ"})
            or (c in "oO" and n == "Ì" and not category(n2).startswith("M"))
            or (c in "oO" and n in {"Ò", "ò"} and not (n2 in {"n", "N"} and n3 in {"g", "G"}))
            or (c in "ýÝ" and n in "õÕ")
            or (c in TONE_MARKS and p not in VOWELS_BEFORE_MARK
                and not category(p).startswith("M"))
        ):  # fmt: skip
            found.add("cp1258")
        # vni
        upper_circ = {x.upper() for x in VNI_CIRC}
        upper_tones = {x.upper() for x in VNI_TONES}
        upper_breve = {x.upper() for x in VNI_BREVE}
        if (
            (c == "a" and n in VNI_CIRC | VNI_TONES | {"ơ", "ê"} and coda_ok(n2))
            or (c == "a" and n in VNI_BREVE and n2 in set("cmnpt"))
            or (c == "A" and n in upper_circ | upper_tones | {"Ơ", "Ê"} and coda_ok(n2))
            or (c == "A" and n in upper_breve and n2 in set("cmnptCMNPT"))
            or (c == "e" and n in VNI_CIRC | VNI_TONES | {"ơ"} and coda_ok(n2))
            or (c == "E" and n in upper_circ | upper_tones | {"Ơ"} and coda_ok(n2))
            or (c == "o" and n in set("âåäơ") | VNI_TONES and coda_ok(n2))
            or (c == "O" and n in set("ÂÅÄƠ") | upper_tones and coda_ok(n2))
            or (c in "uyôö" and n in VNI_TONES and coda_ok(n2))
            or (c in "UYÔÖ" and n in upper_tones and coda_ok(n2))
            or (c in "öÖ" and n in "ôÔ")
            or (c in "öÖ" and (p == END or not is_letter_or_mark(p) or p in CONSONANTS)
                and (n in set("ôÔ") | VNI_TONES | upper_tones or coda_ok(n)))
            or (c in "ñÑ" and (p == END or not is_letter_or_mark(p))
                and n in "aeiouAEIOUôöÔÖìíæóòîÌÍÆÓÒÎ")
            or (is_upper(c) and n == "Æ" and is_upper(n2))
            or (is_lower(c) and n == "æ")
            or (c == "æ" and is_lower(n))
            or (c in CONSONANTS | {"u", "U"} and n in {"î", "Î"} and end2)
            or (c in CONSONANTS and n in "òóÒÓ" and n2 in {"n", "N", "c", "C"} and n3 in {"h", "H"})
        ):  # fmt: skip
            found.add("vni")
        # tcvn3
        if (
            (is_letter(c) and c not in "ÃÄÅÆĂáºª" and n in TCVN3_SYMBOLS)
            or (c == "á" and n in TCVN3_SYMBOLS - {"»"})
            or (c in TCVN3_SYMBOLS and is_letter(n) and (p == END or p not in "ÃÄÅÆĂº»á"))
            or (is_lower(c)  and n in "ÐÝÜÊÇÈÉËÑÎÏÕÓÔÖØ")
            or (c in CONSONANTS and n in {"ß", "Þ"})
            or (is_lower(c) and c not in "aeiouyâêôãõý" and n in {"Ì", "Ò", "Þ"})
            or (is_lower(c) and n == "Æ" and is_letter(n2))
            or (c in "qQ" and n == "u" and n2 == "Ì")
            or (c in "oO" and n == "Ì" and end2)
            or (is_upper(c) and c not in "ÃÄÅÆĂ"
                and n in "ãâáèéíêôõùúóýßäåæçëîñøöþûüï" and is_upper(n2) and n2 not in "ÌÒÞ")
            or (c in CONSONANTS  and n in "äåæçëîñøöþûüïÇËÎÏÑØÐÜÖ"
                and coda_ok(n2))
            or (c in "iIuUyY" and n == "Ö")
            or (c in "uU" and n == "ú")
            or ((p == END or not is_letter_or_mark(p)) and c in "äåæçëîñøö÷þûüï"
                and (n == END or n not in "aeiouAEIOUôöÔÖìíæóòî"))
        ):  # fmt: skip
            found.add("tcvn3")
        # lossy
        if c == "\ufffd":
            found.add("lossy")
        if is_letter(c) and n == "?":
            j = i + 1
            while at(j) == "?":
                j += 1
            if is_letter(at(j)):
                found.add("lossy")
    return found


# ====================================================================== agreement tests

ALPHABET = (
    "aeiouyAEIOUYbcdgmnhqtkCGQN đĐ?'-’"
    "ÃÄÅÆĂÌáºª»«§µ·¸¹©®¨¬\u00ad¡¢£¤¥¦¼½¾×÷ÐÝÜÊÇÈÉËÑÎÏÕÓÔÖØßÞ"
    "ãâèéíêôõùúóýäåæçëîñøöþûüïìòÒàÀÁÂÈÍÙÚÝ"
    "ăơưĂƠƯ€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\x81\x8d\x90\x9d\u00a0\u2007\u202f"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\ufffd\u200b\u2060\ufeff\t\x00\x85"
    "ệễữờẶỄỮỜ\u0189\u212a\u212bЖжΩω"
)


def adversarial() -> st.SearchStrategy[list[str]]:
    word = st.text(alphabet=ALPHABET, max_size=8)
    damaged = damaged_names().map(lambda d: d[0])
    clean = person_names()
    return st.lists(st.one_of(word, damaged, clean, word.map(str.upper)), max_size=40)


@SETTINGS
@given(adversarial())
def test_mojibake_agrees_with_reference(values):
    for family in MOJIBAKE_FAMILIES:
        expected = [family in ref_families(v) for v in values]
        assert flags(mojibake_pattern(family), values) == expected, family
    evaluated, failed, details = run_rows(Mojibake(columns=["v"]), [*values, None])
    refs = [ref_families(v) for v in values]
    assert (evaluated, failed) == (len(values), sum(bool(r) for r in refs))
    assert details == {f: sum(f in r for r in refs) for f in MOJIBAKE_FAMILIES}


@SETTINGS
@given(adversarial())
def test_lookalike_agrees_with_reference(values):
    evaluated, failed, details = run_rows(LookalikeChars(columns=["v"]), [*values, None])
    refs = [ref_lookalike(v) for v in values]
    assert (evaluated, failed) == (len(values), sum(bool(r) for r in refs))
    assert details == {k: sum(k in r for r in refs) for k in REF_KINDS}


@SETTINGS
@given(adversarial(), st.booleans())
def test_name_vn_agrees_with_reference(values, lower_joined):
    joined = "capitalised_or_lower" if lower_joined else "capitalised"
    evaluated, failed, _ = run_rows(NameVn(columns=["v"], joined_case=joined), [*values, None])
    expected = sum(not ref_name_ok(v, lower_joined=lower_joined) for v in values)
    assert (evaluated, failed) == (len(values), expected)


def tone_values() -> st.SearchStrategy[list[str]]:
    styled = st.builds(to_tone_style, vietnamese_names(), st.sampled_from(("old", "new")))
    word = st.text(
        alphabet="oOuUaAeEyYqQhH òóỏõọàáảãạÒÓỎÕỌÀÁẢÃẠùúủũụỳýỷỹỵÙÚỦŨỤỲÝỶỸỴèéẻẽẹ", max_size=6
    )
    pool = st.lists(st.one_of(styled, word), min_size=1, max_size=8)
    return pool.flatmap(lambda p: st.lists(st.sampled_from(p), max_size=40))


@SETTINGS
@given(tone_values())
def test_tone_style_agrees_with_reference(values):
    column = [*values, None]
    evaluated, failed, details = run_rows(ToneStyleConsistent(columns=["v"]), column)
    fails = ref_tone_any(column)
    assert (evaluated, failed) == (len(values), sum(fails))
    present = set(values)
    assert details["extra_spellings"] == len(present) - len({ref_key(v) for v in present})
    for style, other in (("old", "new"), ("new", "old")):
        evaluated, failed, details = run_rows(
            ToneStyleConsistent(columns=["v"], style=style), column
        )
        assert failed == sum(ref_has_style(v, other) for v in values)
        assert details[f"{other}_style"] == failed


@SETTINGS
@given(st.lists(vietnamese_names(), min_size=1, max_size=20), st.data())
def test_mixing_styles_fails_exactly_the_names_spelled_both_ways(names, data):
    styles = data.draw(st.lists(st.sampled_from(("old", "new")), min_size=len(names),
                                max_size=len(names)))  # fmt: skip
    column = [to_tone_style(n, s) for n, s in zip(names, styles, strict=True)]
    spellings = collections.defaultdict(set)
    for name, value in zip(names, column, strict=True):
        spellings[to_tone_style(name, "old")].add(value)
    expected = sum(len(spellings[to_tone_style(n, "old")]) > 1 for n in names)
    assert run_rows(ToneStyleConsistent(columns=["v"]), column)[1] == expected
