r"""Strategies for Vietnamese person names: clean names and the damage text checks detect.

Clean names are NFC, capitalised syllable by syllable, in either tone style (``old``: the
mark on the first vowel of a final *oa/oe/uy* — *Hòa, Thủy*; ``new``: on the second —
*Hoà, Thuỷ*; Quyết định 1989/QĐ-BGDĐT, Điều 8). Minority names carry apostrophes and
hyphens (*H'Hen Niê*, *Y-Moan Ênuôl*).

Damaged variants reproduce what real pipelines do to such names: NFD decomposition, the
Icelandic eth ``Ð`` typed for ``Đ``, no-break and zero-width spaces, and *mojibake* — text
encoded in one code page and decoded in another. The legacy encoders below implement the
three Vietnamese 8-bit encodings still found in old databases (TCVN3/ABC, from TCVN
5712:1993; VNI-Windows; Windows-1258) and UTF-8 read as Latin-1, Windows-1252 or
Windows-1258, so tests can produce real damaged samples rather than hand-typed guesses.

Examples
--------
>>> to_tone_style("Nguyễn Thị Hòa", "new")
'Nguyễn Thị Hoà'
>>> mojibake("Nguyễn", "vni")
'Nguyeãn'
>>> mojibake("Người", "tcvn3") == "Ng\xadêi"
True
>>> mojibake("Đức", "utf8_cp1252")
'Ä\x90á»©c'
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from typing import Final, Literal

from hypothesis import strategies as st

__all__ = [
    "DAMAGE_KINDS",
    "FAMILY_NAMES",
    "GIVEN_NAMES",
    "MIDDLE_NAMES",
    "MINORITY_NAMES",
    "MOJIBAKE_ENCODINGS",
    "TONE_STYLES",
    "damaged_names",
    "encode_tcvn3",
    "encode_vni",
    "encode_windows_1258",
    "minority_names",
    "mojibake",
    "person_names",
    "to_tone_style",
    "vietnamese_names",
    "vietnamese_syllables",
]

ToneStyle = Literal["old", "new"]
TONE_STYLES: Final[tuple[ToneStyle, ...]] = ("old", "new")

MojibakeEncoding = Literal[
    "utf8_cp1252",
    "utf8_latin1",
    "utf8_cp1258",
    "cp1258",
    "cp1258_decomposed",
    "vni",
    "vni_cp1258",
    "tcvn3",
    "tcvn3_cp1258",
]
#: The ways :func:`mojibake` can damage text, by the family name ``mojibake`` reports.
MOJIBAKE_ENCODINGS: Final[dict[MojibakeEncoding, str]] = {
    "utf8_cp1252": "utf8",
    "utf8_latin1": "utf8",
    "utf8_cp1258": "utf8",
    "cp1258": "cp1258",
    "cp1258_decomposed": "cp1258",
    "vni": "vni",
    "vni_cp1258": "vni",
    "tcvn3": "tcvn3",
    "tcvn3_cp1258": "tcvn3",
}

DamageKind = Literal["nfd", "eth", "nbsp", "zero_width", "control", "mojibake"]
DAMAGE_KINDS: Final[tuple[DamageKind, ...]] = (
    "nfd",
    "eth",
    "nbsp",
    "zero_width",
    "control",
    "mojibake",
)


def _nfc(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", v) for v in values)


#: Common family names (họ), NFC.
FAMILY_NAMES: Final[tuple[str, ...]] = _nfc(
    (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
        "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Mai", "Lâm", "Tạ",
        "Hà", "Cao", "Lương", "Đoàn", "Trịnh", "Đào", "Vương", "Triệu", "Quách", "Thái",
        "Tô", "Kiều", "Lã", "Lục", "Khúc", "Âu", "Ông", "Ứng", "Ưng", "Doãn", "Khổng",
        "Nghiêm", "Quan", "Châu", "Tăng", "Thân", "Giáp", "Phùng", "Từ", "La", "Diệp",
        "Hứa", "Mạc", "Khuất", "Văn", "Chu", "Bế", "Nông", "Lò", "Cầm", "Sầm", "Hoà",
        "Thạch", "Danh", "Sơn", "Kim", "Giàng", "Sùng", "Vàng", "Lầu", "Thào", "Quàng",
    )
)  # fmt: skip

#: Middle names (tên đệm), NFC; some in the tone-style-sensitive clusters.
MIDDLE_NAMES: Final[tuple[str, ...]] = _nfc(
    (
        "Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Đình",
        "Ngọc", "Gia", "Hoàng", "Trung", "Quốc", "Thanh", "Thu", "Mai", "Thùy", "Kim",
        "Bảo", "Phương", "Hồng", "Khánh", "Diệu", "Thúy", "Thủy", "Hòa", "Khoa", "Huyền",
        "Tuyết", "Quỳnh", "Ánh", "Bích", "Mỹ", "Như", "Uyên", "Ý", "Đăng", "Tiến",
        "Mạnh", "Duy", "Huy", "Việt", "Nhật", "Ái", "Yến", "Ân", "Ơn", "Ưu",
    )
)  # fmt: skip

#: Given names (tên), NFC.
GIVEN_NAMES: Final[tuple[str, ...]] = _nfc(
    (
        "An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hiếu",
        "Hoàng", "Hùng", "Huy", "Khang", "Khoa", "Kiên", "Long", "Lâm", "Minh", "Nam",
        "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
        "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Chi", "Dung",
        "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hoài", "Hồng", "Huệ",
        "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
        "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thoa", "Thủy",
        "Thúy", "Thùy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ánh",
        "Ấn", "Ẩn", "Ước", "Ửng", "Ý", "Ỷ", "Ỵ", "Khuê", "Hòe", "Xòe", "Thỏa", "Tỏa",
        "Khỏe", "Lụa", "Nhụy", "Thụy", "Lũy", "Khải", "Khuyên", "Quế", "Quý", "Quyết",
        "Ngoãn", "Đoá", "Hiệp", "Khiêm", "Lực", "Nguyệt", "Phượng", "Sương", "Trưởng",
        "Vượng", "Dưỡng", "Xoan", "Toản", "Khuông", "Khởi", "Đông", "Ẵm", "Ặc",
    )
)  # fmt: skip

#: Whole names of ethnic-minority citizens, NFC, in the forms civil registers use.
MINORITY_NAMES: Final[tuple[str, ...]] = _nfc(
    (
        "H'Hen Niê", "Y Moan Ênuôl", "Y-Moan Ênuôl", "Ksor H'Luôn", "Rơ Châm Pheo",
        "Kpă Ylăng", "Siu Đen", "Nay Phin", "Giàng A Páo", "Sùng Mí Dính",
        "Vàng Seo Sử", "Lò Văn Pọm", "Điểu K'Rế", "K'Brơi", "Hđơk Y Bhin",
        "Mlô Duôn Du", "Bkrông Y Kô", "Ka H'Pin", "Thạch Sa Rươne", "Danh Sóc",
        "Lý Sà Phìn", "Ma Seo Chứ", "H'Bia Êban", "Y-Ngông Niê Kdăm", "Rah Lan Chung",
        "Byă Y Khu", "Adrơng H'Yơn", "Kbuôr Y Tlam", "Nie Kdam H'Ruth", "Ayun H'Ngên",
        "Bdap Y Nuê", "K'Nhai", "Ja Tơ Ngai", "Đinh Y Ngọc", "Mấu A Lử",
    )
)  # fmt: skip

_TONE_MARKS: Final[tuple[str, ...]] = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _toned(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


@functools.cache
def _style_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Old-style → new-style and new → old spellings of the final oa/oe/uy clusters."""
    to_new: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _TONE_MARKS:
            for up_first, up_second in itertools.product((False, True), repeat=2):
                f = first.upper() if up_first else first
                s = second.upper() if up_second else second
                to_new[_toned(f, mark) + s] = f + _toned(s, mark)
    return to_new, {new: old for old, new in to_new.items()}


def _is_letter_or_mark(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "M"}


def to_tone_style(text: str, style: ToneStyle) -> str:
    """Rewrite the tone marks of final *oa/oe/uy* clusters in ``style`` (NFC text).

    Only clusters ending a syllable change (*hòa* ↔ *hoà*, *thủy* ↔ *thuỷ*, *khỏe* ↔
    *khoẻ*); closed syllables (*hoàng*, *toán*), three-vowel clusters (*ngoài*) and
    *qu* + *y* (*quý*, where *u* belongs to the onset) are the same in both styles.

    Examples
    --------
    >>> to_tone_style("Thủy Hoàng quý", "new")
    'Thuỷ Hoàng quý'
    >>> to_tone_style("THUỶ KHOẺ", "old")
    'THỦY KHỎE'
    """
    to_new, to_old = _style_tables()
    table = to_new if style == "new" else to_old
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        before = text[i - 1] if i else ""
        after = text[i + 2] if i + 2 < len(text) else ""
        onset_u = before.lower() == "q" and pair[:1].lower() in "uúùủũụ"
        if (
            pair in table
            and not (after and _is_letter_or_mark(after))
            and not onset_u
            and _starts_syllable(text, i)
        ):
            out.append(table[pair])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _starts_syllable(text: str, i: int) -> bool:
    """Whether the vowel cluster at ``i`` is preceded only by consonants in its word."""
    j = i - 1
    while j >= 0 and _is_letter_or_mark(text[j]):
        if unicodedata.normalize("NFD", text[j])[0].lower() in "aeiouy":
            return False
        j -= 1
    return True


# ----------------------------------------------------------------------- syllables

_ONSETS: Final[tuple[str, ...]] = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
_RHYMES: Final[tuple[str, ...]] = (
    "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ap", "at", "ac", "ach", "ăm", "ăn",
    "ăng", "ăp", "ăt", "ăc", "âu", "ây", "âm", "ân", "âng", "âp", "ât", "âc", "e", "eo", "em",
    "en", "eng", "ep", "et", "ec", "ê", "êu", "êm", "ên", "ênh", "êp", "êt", "êch", "i", "ia",
    "iu", "im", "in", "inh", "ip", "it", "ich", "iêu", "iêm", "iên", "iêng", "iêp", "iêt", "iêc",
    "y", "yêu", "yêm", "yên", "yêng", "yêt", "o", "oi", "om", "on", "ong", "op", "ot", "oc",
    "oong", "ooc", "ô", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ôc", "ơ", "ơi", "ơm", "ơn", "ơp",
    "ơt", "u", "ua", "ui", "um", "un", "ung", "up", "ut", "uc", "uôi", "uôm", "uôn", "uông",
    "uôt", "uôc", "ư", "ưa", "ưi", "ưu", "ưm", "ưn", "ưng", "ưt", "ưc", "ươi", "ươu", "ươm",
    "ươn", "ương", "ươp", "ươt", "ươc", "oa", "oai", "oay", "oan", "oang", "oanh", "oat", "oac",
    "oach", "oam", "oap", "oăn", "oăng", "oăt", "oăc", "oăm", "oe", "oeo", "oen", "oet", "oem",
    "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uy", "uya", "uyu", "uych", "uynh", "uyt",
    "uyn", "uyên", "uyêt", "uơ",
)  # fmt: skip
_VOWELS: Final[str] = "aăâeêioôơuưy"
_MARKED: Final[str] = "ăâêôơư"
_STOPS: Final[tuple[str, ...]] = ("p", "t", "c", "ch")


def _tone_index(rhyme: str, style: ToneStyle) -> int:
    """Index in ``rhyme`` of the vowel carrying the tone mark."""
    end = 0
    while end < len(rhyme) and rhyme[end] in _VOWELS:
        end += 1
    cluster, coda = rhyme[:end], rhyme[end:]
    if len(cluster) == 1:
        return 0
    if "ươ" in cluster:
        return cluster.index("ơ")
    marked = [k for k, c in enumerate(cluster) if c in _MARKED]
    if marked:
        return marked[-1]
    if len(cluster) == 3:
        return 1
    if coda:
        return 1
    if cluster in {"oa", "oe", "uy"}:
        return 0 if style == "old" else 1
    if cluster == "oo":
        return 1
    return 0


def _spell(onset: str, rhyme: str, mark: str, style: ToneStyle) -> str | None:
    if (
        onset == "qu"
        and rhyme[0] in "oôơuưy"
        and rhyme not in {"y", "ơ"}
        and not (rhyme.startswith(("y", "ơ")))
    ):
        return None
    if onset == "qu" and rhyme.startswith(("oa", "oe", "oă", "uâ", "uê", "uy", "uơ", "uô")):
        return None
    if onset in {"k", "gh", "ngh"} and rhyme[0] not in "eêiy":
        return None
    if onset in {"c", "g", "ng"} and rhyme[0] in "eêi":
        return None
    if onset and rhyme.startswith("y") and len(rhyme) > 1 and onset != "qu":
        return None
    if mark and rhyme.endswith(_STOPS) and mark not in {"\u0301", "\u0323"}:
        return None
    if mark and rhyme.startswith("oo") and mark not in {"\u0300", "\u0301", "\u0323"}:
        return None  # xoong, goòng, moóc, voọc: no hỏi or ngã
    body = rhyme
    if onset == "gi" and rhyme.startswith("i"):
        onset, body = "g", rhyme
    index = _tone_index(body, style)
    toned = body[:index] + _toned(body[index], mark) + body[index + 1 :] if mark else body
    return onset + toned


@functools.cache
def vietnamese_syllables(style: ToneStyle = "new") -> tuple[str, ...]:
    """Every spelling of a Vietnamese syllable (onset × rhyme × tone), lower case, NFC.

    A generous superset of the syllables of the language (about 18,000), used to prove the
    text checks have no false positives on any clean Vietnamese word.

    Examples
    --------
    >>> syllables = vietnamese_syllables("old")
    >>> {"hòa", "thủy", "nguyễn", "người", "quý", "gì"} <= set(syllables)
    True
    >>> "hoà" in syllables, "hoà" in vietnamese_syllables("new")
    (False, True)
    """
    out: dict[str, None] = {}
    for onset in _ONSETS:
        for rhyme in _RHYMES:
            for mark in ("", *_TONE_MARKS):
                word = _spell(onset, rhyme, mark, style)
                if word is not None:
                    out[unicodedata.normalize("NFC", word)] = None
    return tuple(out)


# ----------------------------------------------------------------------- legacy encoders

_TCVN3_LOWER: Final[str] = (
    "àµ á¸ â© ã· èÌ éÐ êª ì× íÝ òß óã ô« õâ ùï úó ýý ă¨ đ® ĩÜ ũò ơ¬ ư\xad ạ¹ ả¶ ấÊ ầÇ ẩÈ "
    "ẫÉ ậË ắ¾ ằ» ẳ¼ ẵ½ ặÆ ẹÑ ẻÎ ẽÏ ếÕ ềÒ ểÓ ễÔ ệÖ ỉØ ịÞ ọä ỏá ốè ồå ổæ ỗç ộé ớí ờê ởë "
    "ỡì ợî ụô ủñ ứø ừõ ửö ữ÷ ựù ỳú ỵþ ỷû ỹü"
)
_TCVN3_UPPER: Final[str] = "Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"


@functools.cache
def _tcvn3_table() -> dict[str, str]:
    table = {pair[0]: pair[1] for pair in _TCVN3_LOWER.split(" ")}
    # TCVN3 (the "ABC" fonts) has no capital toned letters: a capital font (.VnTimeH) shows
    # the lower-case codes in capitals, so a capital toned letter is stored as the lower one.
    for lower, code in list(table.items()):
        table.setdefault(lower.upper(), code)
    table.update({pair[0]: pair[1] for pair in _TCVN3_UPPER.split(" ")})
    return table


def encode_tcvn3(text: str) -> str:
    """Text as TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts) bytes read as Latin-1.

    Examples
    --------
    >>> encode_tcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam")
    'Céng hoµ x· héi chñ nghÜa ViÖt Nam'
    >>> encode_tcvn3("Độc lập")
    '§éc lËp'
    """
    table = _tcvn3_table()
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFC", text))


_VNI_TONES: Final[dict[str, str]] = {
    "\u0301": "ù",
    "\u0300": "ø",
    "\u0309": "û",
    "\u0303": "õ",
    "\u0323": "ï",
}
_VNI_CIRCUMFLEX: Final[dict[str, str]] = {
    "": "â",
    "\u0301": "á",
    "\u0300": "à",
    "\u0309": "å",
    "\u0303": "ã",
    "\u0323": "ä",
}
_VNI_BREVE: Final[dict[str, str]] = {
    "": "ê",
    "\u0301": "é",
    "\u0300": "è",
    "\u0309": "ú",
    "\u0303": "ü",
    "\u0323": "ë",
}
_VNI_SINGLE: Final[dict[str, str]] = {
    "ì": "ì",
    "í": "í",
    "ỉ": "æ",
    "ĩ": "ó",
    "ị": "ò",
    "ỵ": "î",
    "đ": "ñ",
}


@functools.cache
def _vni_char(char: str) -> str:
    """One Unicode letter as VNI-Windows characters (lower case; capitals via upper())."""
    lower = char.lower()
    if lower != char:
        return _vni_char(lower).upper()
    if lower in _VNI_SINGLE:
        return _VNI_SINGLE[lower]
    parts = unicodedata.normalize("NFD", lower)
    base, marks = parts[0], parts[1:]
    if base not in "aeiouy" or not marks:
        return char
    tone = next((m for m in marks if m in _VNI_TONES), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    if shape == "\u0302":
        return base + _VNI_CIRCUMFLEX[tone]
    if shape == "\u0306":
        return base + _VNI_BREVE[tone]
    if shape == "\u031b":
        return {"o": "ô", "u": "ö"}[base] + (_VNI_TONES[tone] if tone else "")
    return base + _VNI_TONES[tone]


def encode_vni(text: str) -> str:
    """Text as VNI-Windows font codes read as Windows-1252/Latin-1.

    Examples
    --------
    >>> encode_vni("Đà Nẵng, Việt Nam")
    'Ñaø Naüng, Vieät Nam'
    >>> encode_vni("TRƯỜNG")
    'TRÖÔØNG'
    """
    return "".join(_vni_char(c) for c in unicodedata.normalize("NFC", text))


def _cp1258_byte(char: str) -> bytes | None:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        return None


def encode_windows_1258(text: str, *, decomposed: bool = False) -> bytes:
    """Text as Windows-1258 bytes.

    Windows-1258 has the base letters (``â ê ô ă ơ ư đ``) and a few toned ones (``à á é``…)
    but stores other tones as combining marks after the letter. ``decomposed=True`` writes
    every tone as a combining mark (as Unikey's "CP 1258" output does).

    Examples
    --------
    >>> encode_windows_1258("Việt").decode("cp1252")
    'Viêòt'
    >>> encode_windows_1258("Hà").decode("cp1252"), encode_windows_1258(
    ...     "Hà", decomposed=True).decode("cp1252")
    ('Hà', 'HaÌ')
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        direct = None if decomposed and _has_tone(char) else _cp1258_byte(char)
        if direct is not None:
            out += direct
            continue
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(m for m in parts[1:] if m in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_MARKS))
        encoded = _cp1258_byte(base)
        if encoded is None:
            msg = f"cannot encode {char!r} in Windows-1258"
            raise ValueError(msg)
        out += encoded + tone.encode("cp1258")
    return bytes(out)


def _has_tone(char: str) -> bool:
    return any(m in _TONE_MARKS for m in unicodedata.normalize("NFD", char)[1:])


def _decode_windows(data: bytes, codec: str) -> str:
    """Decode like Windows does: bytes a code page leaves undefined become C1 controls."""
    out = []
    for byte in data:
        single = bytes([byte])
        try:
            out.append(single.decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def mojibake(text: str, encoding: MojibakeEncoding) -> str:
    """Damage ``text`` the way a wrong code page does.

    ``utf8_*``: UTF-8 bytes decoded as Windows-1252, Latin-1 or Windows-1258.
    ``cp1258``/``cp1258_decomposed``: Windows-1258 bytes decoded as Windows-1252.
    ``vni``/``tcvn3``: legacy font encodings shown as Unicode text (their bytes read as
    Windows-1252); ``vni_cp1258``/``tcvn3_cp1258``: the same bytes read as Windows-1258.

    Examples
    --------
    >>> mojibake("Hương", "utf8_cp1252")
    'HÆ°Æ¡ng'
    >>> mojibake("Nguyễn", "cp1258")
    'NguyêÞn'
    >>> mojibake("Phạm", "tcvn3")
    'Ph¹m'
    """
    if encoding in {"vni", "vni_cp1258"}:
        legacy = encode_vni(text)
        return legacy if encoding == "vni" else _decode_windows(legacy.encode("latin-1"), "cp1258")
    if encoding in {"tcvn3", "tcvn3_cp1258"}:
        legacy = encode_tcvn3(text)
        if encoding == "tcvn3":
            return legacy
        return _decode_windows(legacy.encode("latin-1"), "cp1258")
    if encoding in {"cp1258", "cp1258_decomposed"}:
        data = encode_windows_1258(text, decomposed=encoding == "cp1258_decomposed")
        return _decode_windows(data, "cp1252")
    codec = {"utf8_cp1252": "cp1252", "utf8_latin1": "latin-1", "utf8_cp1258": "cp1258"}
    return _decode_windows(unicodedata.normalize("NFC", text).encode("utf-8"), codec[encoding])


# ----------------------------------------------------------------------- strategies


@st.composite
def vietnamese_names(draw: st.DrawFn, style: ToneStyle | None = None) -> str:
    """Realistic full names (family + 0–2 middle + given), NFC, capitalised.

    ``style`` rewrites the tone marks of final *oa/oe/uy* in one style; ``None`` keeps the
    spellings as listed (a mix of both, as real registers have).
    """
    family = draw(st.sampled_from(FAMILY_NAMES))
    middles = draw(st.lists(st.sampled_from(MIDDLE_NAMES), min_size=0, max_size=2))
    given = draw(st.sampled_from(GIVEN_NAMES))
    name = " ".join([family, *middles, given])
    return name if style is None else to_tone_style(name, style)


@st.composite
def minority_names(draw: st.DrawFn) -> str:
    """Names of ethnic-minority citizens, with apostrophes and hyphens (*H'Hen Niê*)."""
    listed = st.sampled_from(MINORITY_NAMES)
    family = st.sampled_from(("Niê", "Ksor", "Rơ Châm", "Kpă", "Siu", "Nay", "Êban", "Mlô"))
    prefix = st.sampled_from(("H'", "Y ", "Y-", "K'", "Ka "))
    given = st.sampled_from(("Hen", "Moan", "Luôn", "Bia", "Ngông", "Brơi", "Yơn", "Đen"))
    built = st.builds(lambda p, g, f: f"{p}{g} {f}", prefix, given, family)
    return draw(st.one_of(listed, built))


def person_names(style: ToneStyle | None = None) -> st.SearchStrategy[str]:
    """Clean person names: Kinh names (mostly) and minority names.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(person_names())
    ... def check(name):
    ...     assert unicodedata.is_normalized("NFC", name)
    >>> check()
    """
    return st.one_of(vietnamese_names(style), minority_names())


def _damage(name: str, kind: DamageKind, encoding: MojibakeEncoding, at: int) -> str:
    if kind == "nfd":
        return unicodedata.normalize("NFD", name)
    if kind == "eth":
        return name.replace("\u0110", "\u00d0").replace("\u0111", "\u00f0")
    if kind == "mojibake":
        return mojibake(name, encoding)
    insert = {"nbsp": "\u00a0", "zero_width": "\u200b", "control": "\x1f"}[kind]
    spaces = [i for i, c in enumerate(name) if c == " "]
    if kind == "nbsp" and spaces:
        where = spaces[at % len(spaces)]
        return name[:where] + insert + name[where + 1 :]
    where = at % (len(name) + 1)
    return name[:where] + insert + name[where:]


@st.composite
def damaged_names(
    draw: st.DrawFn,
    kinds: tuple[DamageKind, ...] = DAMAGE_KINDS,
    encodings: tuple[MojibakeEncoding, ...] = tuple(MOJIBAKE_ENCODINGS),
) -> tuple[str, DamageKind, str]:
    """``(damaged, kind, clean)``: a clean name and one damaged form of it.

    Mojibake of a name without any non-ASCII letter is the name itself; the strategy only
    draws names the chosen damage changes.
    """
    kind = draw(st.sampled_from(kinds))
    encoding = draw(st.sampled_from(encodings))
    at = draw(st.integers(0, 40))
    clean = draw(person_names().filter(lambda n: _damage(n, kind, encoding, 0) != n))
    return _damage(clean, kind, encoding, at), kind, clean
