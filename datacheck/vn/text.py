"""Vietnamese text hygiene: lookalike characters, mojibake, person names, tone-mark style.

Four checks, each one Polars expression per column that joins the suite's single pass:

* ``lookalike_chars`` (clean) — characters that look like Vietnamese text but are not: the
  Icelandic eth ``Ð/ð`` typed for ``Đ/đ``, no-break spaces, invisible format characters and
  control characters.
* ``mojibake`` (clean) — text damaged by a wrong code page: UTF-8 read as Windows-1252,
  Latin-1 or Windows-1258, Windows-1258 read as Windows-1252, the legacy VNI-Windows and
  TCVN3 ("ABC") font encodings shown as Unicode, and lossy conversions (``�``, ``Nguy?n``).
  Quyết định 72/2002/QĐ-TTg made Unicode (TCVN 6909:2001) the one encoding for state data
  from 2003 and asked agencies to convert stored databases step by step; this check finds
  what that conversion missed or broke.
* ``name_vn`` (clean) — a person's name is letters only (apostrophes and hyphens join parts
  of minority names), one space between words, each syllable capitalised or the whole name
  in capitals, NFC (Bộ luật Dân sự 2015, Điều 26 khoản 3; Nghị định 30/2020/NĐ-CP, Phụ lục
  II).
* ``tone_style_consistent`` (consistent) — one name is not written in both tone-mark styles
  (*Hòa*/*Hoà*, *Thủy*/*Thuỷ*; Quyết định 1989/QĐ-BGDĐT, Điều 8), or every value follows a
  required style.

Examples
--------
>>> import polars as pl
>>> pl.select(tone_style_key(pl.lit("Nguyễn Thị Hoà"))).item()
'Nguyễn Thị Hòa'
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

import polars as pl

from datacheck.checks.base import STRING, ColumnKind, CompileContext, RowCheck, RowRule, register
from datacheck.dimensions import Dimension
from datacheck.errors import CheckDefinitionError

__all__ = [
    "LOOKALIKE_KINDS",
    "MOJIBAKE_FAMILIES",
    "LookalikeChars",
    "Mojibake",
    "NameVn",
    "ToneStyleConsistent",
    "mojibake_pattern",
    "tone_style_key",
]


def _text(column: str) -> pl.Expr:
    """The column as strings (categoricals and enums included)."""
    return pl.col(column).cast(pl.String)


def _esc(chars: Iterable[str]) -> str:
    r"""Characters as regex-class items, escaped as ``\x{…}`` (sorted, no duplicates)."""
    return "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(set(chars)))


def _count(value: pl.Expr, pattern: str) -> pl.Expr:
    """Number of rows where ``value`` contains ``pattern`` (nulls do not count).

    Details use it where a match implies the row fails, so the count needs no failure mask:
    the streaming engine does not share sub-expressions between aggregates, and a mask
    would re-evaluate the whole rule.
    """
    return value.str.contains(pattern).sum().cast(pl.Int64)


# ======================================================================= lookalike_chars

LookalikeKind = Literal["eth", "nbsp", "invisible", "control"]

#: What each kind of ``lookalike_chars`` finds: (regex class items, Vietnamese, English).
LOOKALIKE_KINDS: Final[dict[LookalikeKind, tuple[str, str, str]]] = {
    "eth": (
        _esc("\u00d0\u00f0\u0189"),
        "chữ Ð/ð (eth, U+00D0/U+00F0) hoặc Ɖ (U+0189) thay cho Đ/đ (U+0110/U+0111)",
        "Ð/ð (eth, U+00D0/U+00F0) or Ɖ (U+0189) instead of Đ/đ (U+0110/U+0111)",
    ),
    "nbsp": (
        _esc("\u00a0\u2007\u202f"),
        "dấu cách không ngắt dòng (U+00A0, U+2007, U+202F)",
        "no-break spaces (U+00A0, U+2007, U+202F)",
    ),
    "invisible": (
        r"\p{Cf}",
        "ký tự định dạng vô hình (Unicode Cf: U+200B–U+200D, U+2060, U+FEFF, U+00AD …)",
        "invisible format characters (Unicode Cf: U+200B–U+200D, U+2060, U+FEFF, U+00AD …)",
    ),
    "control": (
        r"\p{Cc}",
        "ký tự điều khiển C0/C1 (U+0000–U+001F, U+007F–U+009F), kể cả tab và xuống dòng",
        "C0/C1 control characters (U+0000–U+001F, U+007F–U+009F), tab and newline included",
    ),
}


@register("lookalike_chars")
@dataclass(frozen=True, kw_only=True)
class LookalikeChars(RowCheck):
    r"""Non-null text has no lookalike, invisible or control characters.

    A value fails when it contains a character of one of the ``kinds``:

    * ``eth`` — ``Ð`` U+00D0, ``ð`` U+00F0 (Icelandic eth) or ``Ɖ`` U+0189 (African D),
      which look like ``Đ``/``đ`` (U+0110/U+0111) but break search, sorting and matching;
    * ``nbsp`` — no-break spaces U+00A0, U+2007, U+202F;
    * ``invisible`` — format characters (Unicode category Cf): zero-width space, joiners
      (U+200B–U+200D), word joiner U+2060, byte-order mark U+FEFF, soft hyphen U+00AD,
      bidirectional controls;
    * ``control`` — C0 and C1 control characters (category Cc), tab and newline included.

    The details count failing rows by kind (a row with two kinds counts in both).

    Parameters
    ----------
    kinds
        The kinds looked for (default: all four).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["Đặng Văn Lâm", "Ðặng Văn Lâm", "Lê\u00a0Thị Hoa",
    ...                             "Lê Thị\u200b Hoa", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[LookalikeChars(columns=["name"])]), df,
    ...            as_of="2026-01-01").check("lookalike_chars:name")
    >>> (r.evaluated, r.failed, r.details["eth"], r.details["nbsp"], r.details["invisible"])
    (4, 3, 1, 1, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "không có ký tự giả dạng (Ð thay Đ), dấu cách đặc biệt, ký tự vô hình hay điều khiển",
        "no lookalike (Ð for Đ), no-break, invisible or control characters",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    kinds: Sequence[LookalikeKind] = tuple(LOOKALIKE_KINDS)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.kinds:
            raise CheckDefinitionError(
                "check 'lookalike_chars': 'kinds' must name at least one kind",
                "phép kiểm tra 'lookalike_chars': 'kinds' phải có ít nhất một loại",
                key="kinds",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values containing a character of the selected kinds."""
        del ctx
        value = _text(column)
        kinds = tuple(dict.fromkeys(self.kinds))
        # one derived column per kind, computed once: the failure is any of them
        names = {k: self.derived_name([column], k) for k in kinds}
        return RowRule(
            applies=value.is_not_null(),
            fails=pl.any_horizontal([pl.col(n) for n in names.values()]),
            details={k: pl.col(n).sum().cast(pl.Int64) for k, n in names.items()},
            derived={n: value.str.contains(f"[{LOOKALIKE_KINDS[k][0]}]") for k, n in names.items()},
        )


# ======================================================================= mojibake

MojibakeFamily = Literal["utf8", "cp1258", "vni", "tcvn3", "lossy"]

#: The damage each family of ``mojibake`` signatures reveals (Vietnamese, English).
MOJIBAKE_FAMILIES: Final[dict[MojibakeFamily, tuple[str, str]]] = {
    "utf8": (
        "UTF-8 bị đọc như Windows-1252, Latin-1 hoặc Windows-1258 (Nguyá»…n, Ä‘)",
        "UTF-8 read as Windows-1252, Latin-1 or Windows-1258 (Nguyá»…n, Ä‘)",
    ),
    "cp1258": (
        "Windows-1258 bị đọc như Windows-1252 (NguyêÞn), hoặc mã 8-bit bị đọc như "
        "Windows-1258 (dấu thanh rời sau phụ âm)",
        "Windows-1258 read as Windows-1252 (NguyêÞn), or 8-bit text read as Windows-1258 "
        "(a loose tone mark after a consonant)",
    ),
    "vni": ("phông VNI-Windows hiện như Unicode (Nguyeãn)", "VNI-Windows text shown as Unicode"),
    "tcvn3": (
        "phông TCVN3 (ABC, TCVN 5712:1993) hiện như Unicode (NguyÔn, §inh)",
        "TCVN3 (ABC, TCVN 5712:1993) text shown as Unicode (NguyÔn, §inh)",
    ),
    "lossy": (
        "chuyển mã mất ký tự (U+FFFD, Nguy?n)",
        "lossy conversion (U+FFFD, Nguy?n)",
    ),
}

_NOT_LETTER_OR_END: Final = r"(?:[^\p{L}\p{M}]|$)"
# after a Vietnamese vowel: a coda (c ch m n ng nh p t), a glide (i o u y), 'a', or no letter
_CODA_OR_END: Final = r"(?:[cmnptiouyaCMNPTIOUYA]|[^\p{L}\p{M}]|$)"
_CONSONANT: Final = "b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ\u0111\u0110"  # y is a vowel


@functools.cache
def _utf8_continuations() -> frozenset[str]:
    """How bytes 0x80–0xBF look when decoded as Windows-1252, Latin-1 or Windows-1258.

    Bytes a code page leaves undefined show as the C1 control of the same number (what
    Windows' converters produce).
    """
    out: set[str] = set()
    for byte in range(0x80, 0xC0):
        for codec in ("cp1252", "latin-1", "cp1258"):
            try:
                out.add(bytes([byte]).decode(codec))
            except UnicodeDecodeError:
                out.add(chr(byte))
    return frozenset(out)


@functools.cache
def _family_rules() -> dict[MojibakeFamily, tuple[str, ...]]:
    """The signature regexes of each family (searched; any match is a hit)."""
    cont = _utf8_continuations()
    # UTF-8 lead bytes C3-C6 and CC as single-byte code pages show them; Ã Ă Ì are also
    # Vietnamese letters, so they count only before a continuation that is not U+00A0 or
    # in a lower-case context.
    lead_letters, lead_other = "ÃĂÌ", "ÄÅÆ\u0300"
    utf8 = (
        f"[{_esc(lead_letters + lead_other)}][{_esc(cont - {chr(0xA0)})}]",
        f"[{_esc(lead_other)}]\\x{{00A0}}",
        rf"\p{{Ll}}[{_esc(lead_letters)}]\x{{00A0}}",
        rf"[{_esc(lead_letters)}]\x{{00A0}}(?:[ \p{{Ll}}]|$)",
        f"á[º»][{_esc(cont)}]",  # 3-byte letters U+1EA0-U+1EF9: E1 BA/BB xx
    )
    # Windows-1258 stores tones as combining bytes CC EC DE D2 F2, shown by Windows-1252 as
    # Ì ì Þ Ò ò after the vowel; ă ơ ư show as ã õ ý. Exceptions keep clean words: giò,
    # quì, goòng, and TCVN3's iề/yề (iÒn).
    cp1258 = (
        "[aeAEâêôÂÊÔãõýÃÕÝ][ÌìÞÒò]",
        "[yY][ÌìÞò]",
        f"[yY]Ò{_NOT_LETTER_OR_END}",
        "[iI][ÌìÞ]",
        "(?:^|[^gG])[iI]ò",
        r"(?:^|[^gG])[iI]Ò(?:[^\p{L}\p{M}]|$|[nN][hH])",
        "(?:^|[^qQ])[uU][ÌìÞÒò]",
        "[qQ][uU][Þò]",
        "[oO][ìÞ]",
        r"[oO]Ì(?:[^\p{M}]|$)",
        "[oO][Òò](?:[^nN]|$|[nN](?:[^gG]|$))",
        "[ýÝ][õÕ]",
        # 8-bit text read as Windows-1258: a tone mark after something that is not a vowel
        r"(?:^|[^aăâeêioôơuưyAĂÂEÊIOÔƠUƯY\p{M}])[\x{0300}\x{0301}\x{0303}\x{0309}\x{0323}]",
    )
    # VNI writes a vowel then a modifier letter: tones ù ø û õ ï, circumflex â á à å ã ä,
    # breve ê é è ú ü ë (always before a coda), horn ô ö; đ is ñ; ỉ ĩ ị ỵ are æ ó ò î.
    tones, circ, breve = "ùøûõï", "âáàåãäă", "éèúüë"
    vni = (
        f"a[{circ}{tones}ơê]{_CODA_OR_END}",
        f"a[{breve}][cmnpt]",
        f"A[{circ.upper()}{tones.upper()}ƠÊ]{_CODA_OR_END}",
        f"A[{breve.upper()}][cmnptCMNPT]",
        f"e[{circ}{tones}ơ]{_CODA_OR_END}",
        f"E[{circ.upper()}{tones.upper()}Ơ]{_CODA_OR_END}",
        f"o[âåäùøûõïơ]{_CODA_OR_END}",
        f"O[ÂÅÄÙØÛÕÏƠ]{_CODA_OR_END}",
        f"[uy][{tones}]{_CODA_OR_END}",
        f"[UY][{tones.upper()}]{_CODA_OR_END}",
        f"[ôö][{tones}]{_CODA_OR_END}",
        f"[ÔÖ][{tones.upper()}]{_CODA_OR_END}",
        "[öÖ][ôÔ]",
        rf"(?:^|[^\p{{L}}\p{{M}}]|[{_CONSONANT}])[öÖ]"
        r"(?:[ôÔùøûõïÙØÛÕÏcmnptiouyaCMNPTIOUYA]|[^\p{L}\p{M}]|$)",
        r"(?:^|[^\p{L}\p{M}])[ñÑ][aeiouAEIOUôöÔÖìíæóòîÌÍÆÓÒÎ]",
        r"\p{Lu}Æ\p{Lu}",
        r"\p{Ll}æ",
        r"æ\p{Ll}",
        f"[{_CONSONANT}uU][îÎ]{_NOT_LETTER_OR_END}",
        f"[{_CONSONANT}][òóÒÓ][nNcC][hH]",
    )
    # TCVN3 puts toned letters on Latin-1 codes: symbols (µ ¸ · ¹ ª « ¨ ® § ¡ …), capitals
    # read inside lower-case words (NguyÔn), lower case inside capitals (NGäC), and letters
    # no Vietnamese word has after a consonant (Häc, Thñy).
    symbols = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷"
    tcvn3 = (
        rf"[\p{{L}}--[ÃÄÅÆĂáºª]][{_esc(symbols)}]",
        f"á[{_esc(set(symbols) - {'»'})}]",
        rf"(?:^|[^ÃÄÅÆĂº»á])[{_esc(symbols)}]\p{{L}}",
        r"\p{Ll}[ÐÝÜÊÇÈÉËÑÎÏÕÓÔÖØ]",
        f"[{_CONSONANT}][ßÞ]",
        r"[\p{Ll}--[aeiouyâêôãõý]][ÌÒÞ]",
        r"\p{Ll}Æ\p{L}",
        "[qQ]uÌ",
        f"[oO]Ì{_NOT_LETTER_OR_END}",
        r"[\p{Lu}--[ÃÄÅÆĂ]][ãâáèéíêôõùúóýßäåæçëîñøöþûüï][\p{Lu}--[ÌÒÞ]]",
        f"[{_CONSONANT}][äåæçëîñøöþûüïÇËÎÏÑØÐÜÖ]{_CODA_OR_END}",
        "[iIuUyY]Ö",
        "[uU]ú",
        r"(?:^|[^\p{L}\p{M}])[äåæçëîñøö÷þûüï](?:[^aeiouAEIOUôöÔÖìíæóòî]|$)",
    )
    lossy = (r"\x{FFFD}", r"\p{L}\?+\p{L}")
    return {"utf8": utf8, "cp1258": cp1258, "vni": vni, "tcvn3": tcvn3, "lossy": lossy}


def mojibake_pattern(*families: MojibakeFamily) -> str:
    """The regex (Rust syntax, searched) of the signatures of ``families`` (default: all).

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["Nguyễn Văn An", "Nguyá»…n VÄƒn An", "Nguyeãn Vaên An"])
    >>> s.str.contains(mojibake_pattern()).to_list()
    [False, True, True]
    >>> s.str.contains(mojibake_pattern("vni")).to_list()
    [False, False, True]
    """
    rules = _family_rules()
    chosen = families or tuple(rules)
    return "|".join(f"(?:{rule})" for family in chosen for rule in rules[family])


@register("mojibake")
@dataclass(frozen=True, kw_only=True)
class Mojibake(RowCheck):
    """Non-null text shows no sign of a wrong code page (mojibake).

    A value fails when it contains a character sequence that clean Vietnamese text never
    has but one of these conversions produces (the signature *families*, also the keys of
    the details, which count failing rows by family; a row can match several):

    * ``utf8`` — UTF-8 decoded as Windows-1252, Latin-1 or Windows-1258: a UTF-8 lead byte
      shown as ``Ã Ä Å Æ Ă Ì`` followed by a continuation byte (``Ã©``, ``Ä‘``, ``Æ°``), or
      ``á`` + ``º``/``»`` + a continuation byte (``Nguyá»…n``);
    * ``cp1258`` — Windows-1258 decoded as Windows-1252: the combining tone bytes shown as
      ``Ì ì Þ Ò ò`` right after a vowel (``NguyêÞn``, ``Thiò``), ``ư ơ`` as ``ýõ``; or an
      8-bit legacy text decoded as Windows-1258: a tone mark after a non-vowel;
    * ``vni`` — VNI-Windows font codes shown as Latin-1: a vowel followed by a modifier
      letter no Vietnamese word has there (``Nguyeãn``, ``Vieät``, ``Tröôøng``), ``Ñ`` for
      ``Đ`` at the start of a word (``Ñaø Naüng``);
    * ``tcvn3`` — TCVN3 ("ABC", TCVN 5712:1993) font codes shown as Latin-1: a symbol next
      to a letter (``Hµ``, ``§inh``), a capital inside a lower-case word (``NguyÔn``), a
      lower-case letter inside capitals (``NGäC``), or a non-Vietnamese letter after a
      consonant (``Häc``);
    * ``lossy`` — characters lost in a conversion: U+FFFD, or ``?`` between letters
      (``Nguy?n``).

    Clean Vietnamese text never matches: every syllable of the language (all onsets,
    rhymes and tones, in lower case, capitalised, upper case, NFC and NFD, old and new tone
    style) is tested. ``Ð/ð`` alone (Windows-1258 ``Đ/đ`` read as Windows-1252) is left to
    ``lookalike_chars``. Names in other languages with letters outside the Vietnamese
    alphabet (``Günther``, ``François``) can match the ``vni`` or ``tcvn3`` signatures.

    Parameters
    ----------
    families
        The signature families looked for (default: all five).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["Nguyễn Văn An", "Nguyá»…n VÄƒn An", "Nguyeãn Vaên An",
    ...                             "NguyÔn V¨n An", "Nguy?n V?n An", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[Mojibake(columns=["name"])]), df,
    ...            as_of="2026-01-01").check("mojibake:name")
    >>> (r.evaluated, r.failed, r.details["utf8"], r.details["vni"], r.details["tcvn3"])
    (5, 4, 1, 1, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "văn bản không bị lỗi bảng mã (UTF-8/Windows-1258/VNI/TCVN3 đọc sai)",
        "text shows no wrong-code-page damage (UTF-8, Windows-1258, VNI, TCVN3)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    families: Sequence[MojibakeFamily] = tuple(MOJIBAKE_FAMILIES)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.families:
            raise CheckDefinitionError(
                "check 'mojibake': 'families' must name at least one family",
                "phép kiểm tra 'mojibake': 'families' phải có ít nhất một nhóm",
                key="families",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values matching a signature of the selected families."""
        del ctx
        value = _text(column)
        families = tuple(dict.fromkeys(self.families))
        # one derived column per family, computed once: the failure is any of them
        names = {f: self.derived_name([column], f) for f in families}
        return RowRule(
            applies=value.is_not_null(),
            fails=pl.any_horizontal([pl.col(n) for n in names.values()]),
            details={f: pl.col(n).sum().cast(pl.Int64) for f, n in names.items()},
            derived={n: value.str.contains(mojibake_pattern(f)) for f, n in names.items()},
        )


# ======================================================================= name_vn

JoinedCase = Literal["capitalised", "capitalised_or_lower"]
Alphabet = Literal["latin", "vietnamese"]


@functools.cache
def _vietnamese_letters() -> tuple[str, str]:
    """Upper- and lower-case letters of Vietnamese: a–z and the 67 letters with diacritics."""
    lower = set("abcdefghijklmnopqrstuvwxyzđ")
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            lower.add(unicodedata.normalize("NFC", base + mark))
        lower.add(base)
    return "".join(sorted(c.upper() for c in lower)), "".join(sorted(lower))


def _letter_classes(alphabet: Alphabet) -> tuple[str, str]:
    """Regex classes of the upper- and lower-case letters a name may use."""
    if alphabet == "vietnamese":
        upper, lower = _vietnamese_letters()
        return f"[{_esc(upper)}]", f"[{_esc(lower)}]"
    # KELVIN SIGN and ANGSTROM SIGN are the only Latin cased letters that NFC changes, so a
    # value made of these letters, spaces and separators is NFC by construction.
    signs = r"\x{212A}\x{212B}"
    return rf"[\p{{Lu}}&&\p{{Latin}}--[{signs}]]", rf"[\p{{Ll}}&&\p{{Latin}}--[{signs}]]"


@register("name_vn")
@dataclass(frozen=True, kw_only=True)
class NameVn(RowCheck):
    """Non-null values are well-formed person names.

    A value passes when it is one or more *words* separated by single spaces (no leading,
    trailing or other whitespace); each word is one or more *parts* of letters joined by a
    hyphen or an apostrophe (``H'Hen``, ``Y-Moan``); and either every part is capitalised
    (an upper-case letter, then lower-case letters) or the whole value is in upper case.
    Letters are Latin-script letters (``alphabet: vietnamese`` narrows them to the
    Vietnamese alphabet: a–z, f, j, w, z included, and the 67 letters with diacritics —
    ă â đ ê ô ơ ư and the toned vowels — in either case). Digits, other
    symbols and combining marks fail, so a value passes only if it is NFC — decomposed
    (NFD) names fail here and in ``normalized_text`` alike, as do doubled spaces.

    The details count failing rows by reason: ``not_nfc``, ``spacing`` (leading, trailing,
    doubled or non-space whitespace, or no word at all), ``characters`` (a character that is
    no allowed letter, separator, whitespace or combining mark) and ``capitalisation`` (none
    of those: the case is wrong or a separator is misplaced). A row can count under several
    of the first three reasons.

    Sources: Bộ luật Dân sự 2015, Điều 26 khoản 3 (a name is not numbers or non-letter
    characters); Nghị định 30/2020/NĐ-CP, Phụ lục II (capitalise every syllable of a
    person's name).

    Parameters
    ----------
    joined_case
        ``capitalised`` (default): every part of a joined word is capitalised
        (``H'Hen``); ``capitalised_or_lower`` also lets parts after ``-`` or an apostrophe
        be in lower case (transcribed foreign names: ``Vla-đi-mia``).
    apostrophes
        The characters accepted as apostrophes (default ``'`` and ``’``).
    alphabet
        ``latin`` (default) or ``vietnamese``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["Nguyễn Văn An", "H'Hen Niê", "NGUYỄN VĂN AN",
    ...                             "nguyễn văn an", "Nguyễn Văn An 2", "Nguyễn  An", None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[NameVn(columns=["name"])]), df,
    ...            as_of="2026-01-01").check("name_vn:name")
    >>> (r.evaluated, r.failed, r.details["capitalisation"], r.details["characters"])
    (6, 3, 1, 1)
    """

    default_dimension: ClassVar[Dimension] = Dimension.CLEAN
    summary: ClassVar[tuple[str, str]] = (
        "họ tên viết đúng: chỉ chữ cái, viết hoa chữ đầu mỗi âm tiết, NFC",
        "person names: letters only, each syllable capitalised, NFC",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    joined_case: JoinedCase = "capitalised"
    apostrophes: Sequence[str] = ("'", "\u2019")
    alphabet: Alphabet = "latin"

    def __post_init__(self) -> None:
        super().__post_init__()
        for mark in self.apostrophes:
            if len(mark) != 1 or unicodedata.category(mark)[0] in {"L", "M", "N", "Z", "C"}:
                raise CheckDefinitionError(
                    f"check 'name_vn': 'apostrophes' must be single punctuation or symbol "
                    f"characters, found {mark!r}",
                    "phép kiểm tra 'name_vn': 'apostrophes' phải là các ký tự dấu câu hoặc "
                    "ký hiệu "
                    f"đơn, nhận được {mark!r}",
                    key="apostrophes",
                )

    def pattern(self) -> str:
        """The regex a passing value matches in full."""
        upper, lower = _letter_classes(self.alphabet)
        sep = f"[-{_esc(self.apostrophes)}]"
        first = upper if self.joined_case == "capitalised" else f"[{upper}{lower}]"
        joined = f"{first}{lower}*"
        title = f"{upper}{lower}*(?:{sep}{joined})*"
        caps = f"{upper}+(?:{sep}{upper}+)*"
        return f"^(?:{title}(?: {title})*|{caps}(?: {caps})*)$"

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values that are not well-formed names."""
        del ctx
        value = _text(column)
        upper, lower = _letter_classes(self.alphabet)
        spacing = r"^\s*$|^\s|\s$|\s\s|[^\S ]"
        bad_chars = f"[^{upper}{lower}\\-{_esc(self.apostrophes)}\\s\\p{{M}}]"
        # the rule and the two reasons tested on every row are derived columns, computed
        # once; a value with bad spacing or characters always fails. NFC is tested on
        # failing rows only (normalising every value would cost more than the rule).
        names = {k: self.derived_name([column], k) for k in ("fails", "spacing", "characters")}
        derived = {
            names["fails"]: ~value.str.contains(self.pattern()),
            names["spacing"]: value.str.contains(spacing),
            names["characters"]: value.str.contains(bad_chars),
        }
        fails = pl.col(names["fails"]).fill_null(value=False)
        failing = value.filter(fails)
        not_nfc = failing.str.normalize("NFC") != failing
        explained = (
            not_nfc
            | pl.col(names["spacing"]).filter(fails)
            | pl.col(names["characters"]).filter(fails)
        )
        details = {
            "not_nfc": not_nfc.sum().cast(pl.Int64),
            "spacing": pl.col(names["spacing"]).sum().cast(pl.Int64),
            "characters": pl.col(names["characters"]).sum().cast(pl.Int64),
            "capitalisation": (~explained).sum().cast(pl.Int64),
        }
        return RowRule(
            applies=value.is_not_null(),
            fails=pl.col(names["fails"]),
            details=details,
            derived=derived,
        )


# ======================================================================= tone_style_consistent

ToneStyle = Literal["any", "old", "new"]
_TONE_MARKS: Final = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


@functools.cache
def _style_pairs() -> tuple[tuple[str, str], ...]:
    """(old style, new style) spellings of the toned oa/oe/uy clusters, in every case."""
    pairs = []
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _TONE_MARKS:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    old = unicodedata.normalize("NFC", f + mark) + s
                    new = f + unicodedata.normalize("NFC", s + mark)
                    pairs.append((old, new))
    return tuple(pairs)


def tone_style_key(value: pl.Expr) -> pl.Expr:
    """A style-insensitive spelling: every toned *oa/oe/uy* written in the old style.

    Literal and case-preserving: ``oà → òa``, ``OÀ → ÒA``, ``uỷ → ủy`` wherever they occur
    (so the misspelling *Hòang* shares its key with *Hoàng*). The value is not normalised:
    decomposed (NFD) text keeps its own key.

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(tone_style_key(pl.lit("THUỶ Hoà Khoẻ Hoàng"))).item()
    'THỦY Hòa Khỏe Hòang'
    """
    pairs = _style_pairs()
    return value.str.replace_many([new for _, new in pairs], [old for old, _ in pairs])


@functools.cache
def _style_pattern(style: Literal["old", "new"]) -> str:
    """Regex of a syllable-final cluster written in ``style`` (``qu`` + ``y`` excluded)."""
    pairs = _style_pairs()
    chosen = [old if style == "old" else new for old, new in pairs]
    oa_oe = [c for c in chosen if c[0].lower() not in "uúùủũụ"]
    uy = [c for c in chosen if c[0].lower() in "uúùủũụ"]
    return (
        f"(?:{'|'.join(oa_oe)}){_NOT_LETTER_OR_END}"
        f"|(?:^|[^qQ])(?:{'|'.join(uy)}){_NOT_LETTER_OR_END}"
    )


@register("tone_style_consistent")
@dataclass(frozen=True, kw_only=True)
class ToneStyleConsistent(RowCheck):
    """One name is not written in both tone-mark styles.

    Vietnamese has two ways to place the tone mark on a syllable ending in *oa*, *oe* or
    *uy*: the old style marks the first vowel (*Hòa*, *khỏe*, *Thủy*), the new style the
    second (*Hoà*, *khoẻ*, *Thuỷ*; Quyết định 1989/QĐ-BGDĐT, Điều 8). Both are in use, but
    one database should not hold the same name both ways.

    ``style: any`` (default): each non-null value gets a style-insensitive key
    (:func:`tone_style_key`: every toned *oa/oe/uy* in the old style, case preserved, no
    normalisation); a row fails when its key occurs in the column with more than one
    distinct spelling. Every row of such a key fails (as ``unique`` fails every duplicate).
    ``style: old`` / ``style: new``: a row fails when it has a syllable-final cluster in
    the other style (*qu* + *y*, as in *Quý*, is the same in both and never fails).

    The details give ``old_style`` and ``new_style``, the evaluated rows with a
    syllable-final cluster marked in each style (the column's mix), and with ``style: any``
    ``extra_spellings``: distinct spellings minus distinct keys, i.e. how many spellings
    would go if every name kept one (a name written two ways adds 1).

    ``style: any`` compares rows across the whole column (a window over the key inside the
    scan's single ``select``), so, like ``unique``, its counts do not add up over
    partitions of the data: a distributed run must see every row of a key together.

    Parameters
    ----------
    style
        ``any`` (default), ``old`` or ``new``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"name": ["Lê Thị Hòa", "Lê Thị Hoà", "Lê Thị Hòa", "Trần Thuỷ",
    ...                             None]})
    >>> r = dc.run(dc.Suite(name="s", checks=[ToneStyleConsistent(columns=["name"])]), df,
    ...            as_of="2026-01-01").check("tone_style_consistent:name")
    >>> (r.evaluated, r.failed, r.details["extra_spellings"], r.details["old_style"])
    (4, 3, 1, 2)
    """

    supports_where: ClassVar[bool] = False  # group/window semantics: all rows
    default_dimension: ClassVar[Dimension] = Dimension.CONSISTENT
    summary: ClassVar[tuple[str, str]] = (
        "một tên không viết theo cả hai kiểu đặt dấu thanh (Hòa/Hoà)",
        "one name is not written in both tone-mark styles (Hòa/Hoà)",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    style: ToneStyle = "any"

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail rows whose name is spelled in both styles (or not in the required one)."""
        del ctx
        value = _text(column)
        details: dict[str, pl.Expr] = {}
        if self.style == "any":
            clusters = [c for pair in _style_pairs() for c in pair]
            # Only values holding a toned cluster can share a key with another spelling (a
            # value without one is its own key and holds no old-style cluster another key
            # could have produced); masking the rest keeps them out of the window.
            # the held value and its key are derived columns, computed once
            names = {k: self.derived_name([column], k) for k in ("held", "key")}
            held_expr = pl.when(value.str.contains_any(clusters)).then(value)
            derived = {names["held"]: held_expr, names["key"]: tone_style_key(held_expr)}
            held, key = pl.col(names["held"]), pl.col(names["key"])
            fails = held.n_unique().over(key) > 1
            # distinct spellings minus distinct keys (both count the masked rows as one null)
            details["extra_spellings"] = (held.n_unique() - key.n_unique()).cast(pl.Int64)
            details["old_style"] = _count(value, _style_pattern("old"))
            details["new_style"] = _count(value, _style_pattern("new"))
        else:
            # both styles are derived columns, computed once: the rule reads one of them
            names = {k: self.derived_name([column], k) for k in ("old", "new")}
            derived = {names[k]: value.str.contains(_style_pattern(k)) for k in ("old", "new")}
            fails = pl.col(names["old" if self.style == "new" else "new"])
            details["old_style"] = pl.col(names["old"]).sum().cast(pl.Int64)
            details["new_style"] = pl.col(names["new"]).sum().cast(pl.Int64)
        return RowRule(applies=value.is_not_null(), fails=fails, details=details, derived=derived)
