"""Commented YAML for a suggestion: one section per column, each check under its evidence."""

from __future__ import annotations

import os
import re
import textwrap
import unicodedata
import urllib.parse
from typing import TYPE_CHECKING, Any, Final

import yaml

from datacheck._yaml import SuiteDumper
from datacheck.errors import Lang
from datacheck.suggest._model import ColumnProfile, Int, SuggestedCheck, fmt
from datacheck.suggest._profile import TIMEZONE

if TYPE_CHECKING:
    from datacheck.suggest import Suggestion

__all__ = ["render", "suite_name"]

WIDTH: Final = 100
_COMMON: Final = ("threshold", "warn", "severity", "weight", "dimension")


class _Dumper(SuiteDumper):
    """Block mappings and flow lists of scalars, read back by the suite loader as written.

    The base quotes what the loader would read as something else: a code such as ``08``
    written plain would be refused as a number with a leading zero.
    """


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    flat = all(not isinstance(item, list | dict) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)


_Dumper.add_representer(list, _represent_list)


def _dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH - 8
    ).rstrip("\n")


def _printable(text: str) -> str:
    r"""``text`` with control characters and line breaks escaped: a comment is one line.

    Examples
    --------
    >>> _printable("a\u2028b\tc")
    'a\\u2028b\\tc'
    """
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch == "\x85"
        else ch
        for ch in text
    )


def _comment(text: str, indent: str) -> list[str]:
    """``text`` as comment lines of at most :data:`WIDTH` characters (long words kept)."""
    width = WIDTH - len(indent) - 2
    lines = textwrap.wrap(
        _printable(text), width=width, break_long_words=False, break_on_hyphens=False
    )
    return [f"{indent}# {line}" for line in lines or [""]]


def suite_name(name: str | None, source: object) -> str:
    """A snake_case suite id: ``name``, else the file or folder name of a path source.

    Examples
    --------
    >>> suite_name(None, "out/dan_cu.parquet"), suite_name("Dân cư 2025", None)
    ('dan_cu', 'dan_cu_2025')
    >>> suite_name(None, object()), suite_name("2025 data", None)
    ('suggested', 's_2025_data')
    >>> suite_name(None, "postgresql://app:secret@db/dancu?table=public.dan_cu")
    'dan_cu'

    """
    text = name
    if text is None and isinstance(source, str | os.PathLike):
        path = os.fsdecode(os.fspath(source)).rstrip("/\\")
        uri = urllib.parse.urlsplit(path)
        if uri.scheme.startswith("postgres"):
            # a database table: its name (never the URI, which may hold credentials)
            table = urllib.parse.parse_qs(uri.query).get("table", [""])[0]
            text = table.split(".")[-1]
        else:
            text = re.split(r"[\\/]", path)[-1].split(".")[0]
    folded = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    snake = re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "suggested"
    return snake if snake[0].isalpha() else f"s_{snake}"


def _entry(item: SuggestedCheck) -> dict[str, Any]:
    """The check's parameters in reading order: kind, column(s), own parameters, options."""
    params = item.check.params()
    out: dict[str, Any] = {"check": params.pop("check")}
    if "name" in params:
        out["name"] = params.pop("name")
    columns = params.pop("columns", None)
    if columns is not None:
        single = item.check.kind != "unique" and item.column is not None and len(columns) == 1
        if single:
            out["column"] = columns[0]
        else:
            out["columns"] = columns
    common: dict[str, Any] = {k: params.pop(k) for k in _COMMON if k in params}
    out.update(params)
    out.update(common)
    return out


def _header(profile: ColumnProfile, lang: Lang) -> str:
    nulls = fmt(Int(profile.nulls, "null"), lang)
    parts = [profile.dtype, f"{nulls} null" if lang == "vi" else nulls]
    if profile.distinct is not None:
        distinct = fmt(Int(profile.distinct), lang)
        parts.append(f"{distinct} giá trị khác nhau" if lang == "vi" else f"{distinct} distinct")
    return f"── {profile.name} · " + " · ".join(parts)


def _preamble(suggestion: Suggestion, lang: Lang) -> list[str]:
    when = suggestion.as_of.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    rows = fmt(Int(suggestion.rows), lang)
    count = len(suggestion.columns)
    limit = suggestion.sample_rows
    if lang == "vi":
        first = f" ({fmt(Int(limit), lang)} bản ghi đầu)" if limit is not None else ""
        texts = [
            f"Bộ kiểm tra gợi ý bởi `datacheck suggest` từ {suggestion.source}{first}: {rows} "
            f"bản ghi, {count} cột, thời điểm {when} ({TIMEZONE}).",
            "Mỗi phép kiểm tra có bằng chứng ở dòng chú thích phía trên. Hãy xem lại, sửa, rồi "
            "chạy `datacheck run`.",
        ]
    else:
        first = f" (first {fmt(Int(limit), lang)} rows)" if limit is not None else ""
        texts = [
            f"Suite suggested by `datacheck suggest` from {suggestion.source}{first}: {rows} "
            f"rows, {count} columns, as of {when} ({TIMEZONE}).",
            "The comment above each check gives its evidence. Review, edit, then `datacheck "
            "run` it.",
        ]
    return [line for text in texts for line in _comment(text, "")]


def render(suggestion: Suggestion, lang: Lang) -> str:
    """The suggestion's suite as commented YAML (loads back to an equal suite)."""
    suite = suggestion.suite
    lines = _preamble(suggestion, lang)
    settings: dict[str, Any] = {"suite": suite.name}
    if suite.key:
        settings["key"] = suite.key[0] if len(suite.key) == 1 else list(suite.key)
    if suite.pii:
        settings["pii"] = list(suite.pii)
    lines.append(_dump(settings))
    lines.append("checks:")
    by_column: dict[str | None, list[SuggestedCheck]] = {}
    for item in suggestion.items:
        by_column.setdefault(item.column, []).append(item)
    sections: list[tuple[ColumnProfile | None, list[SuggestedCheck]]] = [
        (None, by_column.get(None, []))
    ]
    sections += [(p, by_column.get(p.name, [])) for p in suggestion.columns]
    nothing = "không gợi ý phép kiểm tra nào" if lang == "vi" else "no check suggested"
    for profile, items in sections:
        if profile is not None:
            lines.append("")
            header = _header(profile, lang)
            lines.extend(_comment(header if items else f"{header} · {nothing}", "  "))
            for note in suggestion.notes.get(profile.name, ()):
                lines.extend(_comment(note.text(lang), "  "))
        for item in items:
            lines.extend(_comment(item.why.text(lang), "  "))
            lines.extend(f"  {line}" for line in _dump([_entry(item)]).splitlines())
    return "\n".join(lines) + "\n"
