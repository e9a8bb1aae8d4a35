r"""Regular expressions between datacheck (Rust ``regex``) and Python's ``re`` (GX, pandas).

The two dialects agree on most patterns valid in both, with two differences that change
which rows match:

- ``$`` (without the ``m`` flag): Rust matches only at the end of the text; Python also
  matches just before a trailing newline (``"12\n"`` matches ``^\d{2}$`` in Python). Both
  have an end-of-text-only anchor, spelled differently: Rust ``\z``, Python ``\Z``. A
  pattern is translated to that anchor where the meaning can be kept exactly.
- The Unicode classes ``\w``, ``\d``, ``\s``, ``\b`` (and their negations) are defined
  differently: Rust's ``\w`` includes combining marks, Python's does not, so decomposed (NFD)
  Vietnamese text differs; ``\s`` differs on some control characters. These are noted.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["python_differences", "to_python", "to_rust"]

_CLASS_LETTERS = frozenset("wWdDbBsS")
_FLAG_LETTERS = frozenset("imsxuUaLR-")


@dataclass(frozen=True)
class _Token:
    kind: str  # "esc" | "class" | "open" | "close" | "flags" | "alt" | "dollar" | "other"
    text: str
    flags: str = ""  # the flag letters of a "(?flags)" or "(?flags:" group


def _class_end(pattern: str, start: int, *, nested: bool) -> int:
    """The index after the ``]`` closing the character class opened at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":  # a leading "]" is literal
        i += 1
    depth = 1
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[" and nested:
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


def _tokens(pattern: str, *, nested: bool) -> list[_Token]:
    """The pattern cut into the tokens that matter here (rough, but never mis-reads ``$``).

    ``nested``: character classes nest (Rust: ``[a[bc]]``); Python's do not.
    """
    out: list[_Token] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            end = i + 2
            if end <= len(pattern) and pattern[i + 1] in "xpPuU" and pattern[end : end + 1] == "{":
                close = pattern.find("}", end)
                end = close + 1 if close >= 0 else len(pattern)
            out.append(_Token("esc", pattern[i:end]))
            i = end
        elif ch == "[":
            end = _class_end(pattern, i, nested=nested)
            out.append(_Token("class", pattern[i:end]))
            i = end
        elif ch == "(":
            j = i + 1
            if pattern.startswith("?", j):
                k = j + 1
                while k < len(pattern) and pattern[k] in _FLAG_LETTERS:
                    k += 1
                flags = pattern[j + 1 : k]
                if k > j + 1 and pattern[k : k + 1] == ")":
                    out.append(_Token("flags", pattern[i : k + 1], flags))
                    i = k + 1
                    continue
                if pattern[k : k + 1] == ":":
                    out.append(_Token("open", pattern[i : k + 1], flags))
                    i = k + 1
                    continue
            out.append(_Token("open", "("))
            i += 1
        elif ch == ")":
            out.append(_Token("close", ch))
            i += 1
        elif ch == "|":
            out.append(_Token("alt", ch))
            i += 1
        elif ch == "$":
            out.append(_Token("dollar", ch))
            i += 1
        else:
            out.append(_Token("other", ch))
            i += 1
    return out


def _sets_multiline(flags: str) -> bool:
    return "m" in flags.split("-", maxsplit=1)[0]


def _multiline(tokens: list[_Token]) -> tuple[bool, bool]:
    """``(any m flag, m set for the whole pattern by a leading "(?m)")``."""
    mentions = [t for t in tokens if t.kind in ("flags", "open") and "m" in t.flags]
    if not mentions:
        return False, False
    whole = (
        len(mentions) == 1
        and tokens[0] is mentions[0]
        and tokens[0].kind == "flags"
        and _sets_multiline(tokens[0].flags)
    )
    return True, whole


def _class_escapes(tokens: list[_Token]) -> list[str]:
    r"""The Unicode class escapes used (``\w``, ``\d`` …), in order, once each."""
    found: dict[str, None] = {}
    for token in tokens:
        if token.kind == "esc" and token.text[1:2] in _CLASS_LETTERS:
            found[token.text] = None
        elif token.kind == "class":
            i = 0
            while i < len(token.text):
                if token.text[i] == "\\":
                    letter = token.text[i + 1 : i + 2]
                    if letter in _CLASS_LETTERS and letter not in "bB":
                        found["\\" + letter] = None
                    i += 2
                else:
                    i += 1
    return list(found)


def _reasons(tokens: list[_Token], multiline: bool, whole: bool) -> list[tuple[str, str]]:
    reasons = []
    escapes = _class_escapes(tokens)
    if escapes:
        names = ", ".join(escapes)
        reasons.append(
            (
                f"{names}: Python's re and Rust regex define these Unicode classes differently "
                "(e.g. \\w and combining marks of decomposed Vietnamese text)",
                f"{names}: re của Python và regex của Rust định nghĩa các lớp Unicode này khác "
                "nhau (ví dụ \\w với dấu tổ hợp của chữ Việt dạng NFD)",
            )
        )
    if multiline and not whole:
        reasons.append(
            (
                "an 'm' flag on part of the pattern: '$' may also match before a final "
                "newline in Python",
                "cờ 'm' trên một phần mẫu: trong Python '$' có thể khớp trước dấu xuống dòng cuối",
            )
        )
    return reasons


def to_python(pattern: str) -> tuple[str, list[tuple[str, str]]]:
    r"""A datacheck (Rust) pattern for Python's ``re``, and the differences left (en, vi).

    ``$`` (no ``m`` flag) and ``\z`` become ``\Z``: the end of the text only, as in Rust.

    Examples
    --------
    >>> to_python(r"^0[0-9]{11}$")
    ('^0[0-9]{11}\\Z', [])
    >>> to_python(r"(?m)^b$")
    ('(?m)^b$', [])
    >>> to_python(r"^\w+$")[1][0][0].split(":")[0]
    '\\w'
    """
    tokens = _tokens(pattern, nested=True)
    multiline, whole = _multiline(tokens)
    parts = []
    for token in tokens:
        end = token.kind == "esc" and token.text == "\\z"
        if end or (token.kind == "dollar" and not multiline):
            parts.append("\\Z")
        else:
            parts.append(token.text)
    return "".join(parts), _reasons(tokens, multiline, whole)


def python_differences(pattern: str) -> list[tuple[str, str]]:
    """The ways a Python pattern (as :func:`to_python` writes it) may match differently."""
    tokens = _tokens(pattern, nested=False)
    multiline, whole = _multiline(tokens)
    return _reasons(tokens, multiline, whole)


def _group_end(tokens: list[_Token], start: int) -> int:
    """The index of the ``)`` closing the group that contains ``start`` (or the end)."""
    depth = 0
    i = start
    while i < len(tokens):
        kind = tokens[i].kind
        if kind == "open":
            depth += 1
        elif kind == "close":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return len(tokens)


def _nothing_after(tokens: list[_Token], start: int) -> bool:
    """Whether no character can be matched after position ``start`` on any path."""
    i = start
    while i < len(tokens):
        kind = tokens[i].kind
        if kind == "close":
            i += 1
        elif kind == "alt":
            i = _group_end(tokens, i + 1)
        else:
            return False
    return True


def to_rust(pattern: str) -> tuple[str, list[tuple[str, str]]]:
    r"""A Python (GX, pandas) pattern for datacheck's Rust regex, and the differences left.

    ``\Z`` becomes ``\z``; ``$`` (no ``m`` flag) at the end of the pattern or of an
    alternative becomes ``(?:\n?\z)``, which matches the same texts (Python's ``$`` also
    matches before a final newline); any other ``$`` is kept and noted.

    Examples
    --------
    >>> to_rust(r"^\d{2}\Z")[0]
    '^\\d{2}\\z'
    >>> to_rust(r"^a$|^b$")
    ('^a(?:\\n?\\z)|^b(?:\\n?\\z)', [])
    >>> to_rust(r"a$\n")[1][0][0]
    "'$' inside the pattern: Python's '$' also matches before a final newline"
    """
    tokens = _tokens(pattern, nested=False)
    multiline, whole = _multiline(tokens)
    reasons = _reasons(tokens, multiline, whole)
    parts = []
    kept = False
    for index, token in enumerate(tokens):
        if token.kind == "esc" and token.text == "\\Z":
            parts.append("\\z")
        elif token.kind == "dollar" and not multiline:
            if _nothing_after(tokens, index + 1):
                parts.append("(?:\\n?\\z)")
            else:
                parts.append("$")
                kept = True
        else:
            parts.append(token.text)
    if kept:
        reasons.append(
            (
                "'$' inside the pattern: Python's '$' also matches before a final newline",
                "'$' giữa mẫu: trong Python '$' còn khớp trước dấu xuống dòng cuối",
            )
        )
    return "".join(parts), reasons
