"""YAML loading that remembers line numbers, so errors can name the line, and YAML writing.

Mappings load as :class:`LocatedDict` (a ``dict`` with ``line`` and ``key_lines``) and
sequences as :class:`LocatedList` (a ``list`` with ``line`` and ``item_lines``). Duplicate
keys are an error, not a silent overwrite.

This module imports PyYAML (about 15 ms, most of it compiling the reader's character
class); :mod:`datacheck.suite` imports it only when a text is parsed or written, so
``datacheck.run`` on a suite built in Python never loads it. The containers and
:func:`line_of` live in :mod:`datacheck._located` and are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from datacheck._located import LocatedDict, LocatedList, line_of, position, read_yaml_file
from datacheck.errors import SuiteError

__all__ = [
    "MAX_DEPTH",
    "LocatedDict",
    "LocatedList",
    "SuiteDumper",
    "dump_yaml",
    "line_of",
    "load_yaml",
    "position",
    "read_yaml_file",
]


#: Nesting deeper than this (mappings and sequences inside each other) is refused: no suite
#: needs it, and the recursive YAML composer would otherwise exhaust Python's stack.
MAX_DEPTH = 100

# What constructing a scalar may raise on a malformed value (``2020-13-45``, ``!!float x``,
# a 5000-digit integer, ``!!map [a]``): turned into a located YAML error.
_CONSTRUCT_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError)


class _Loader(yaml.SafeLoader):
    file: str | None = None
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except _CONSTRUCT_ERRORS as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
            if "integer string conversion" in detail:
                detail = "the number has too many digits"
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read the value {_node_text(node)}"
                f" ({type(error).__name__}{': ' if detail else ''}{detail[:100]})",
                node.start_mark,
            ) from None


def _node_text(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value)
        return repr(text if len(text) <= 40 else text[:37] + "...")
    return f"of tag {node.tag}"


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LocatedDict]:
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping, but found {node.id}", node.start_mark
        )
    data = LocatedDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise SuiteError(
                f"mapping keys must be plain names, found a {type(key).__name__}",
                f"khoá của ánh xạ phải là tên đơn giản, nhận được {type(key).__name__}",
                file=loader.file,
                line=line,
            )
        if key in data:
            raise SuiteError(
                f"duplicate key {key!r} (first on line {data.key_lines[key]})",
                f"khoá {key!r} bị lặp (lần đầu ở dòng {data.key_lines[key]})",
                file=loader.file,
                line=line,
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LocatedList]:
    if not isinstance(node, yaml.SequenceNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a sequence, but found {node.id}", node.start_mark
        )
    data = LocatedList()
    data.line = node.start_mark.line + 1
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.item_lines.append(item.start_mark.line + 1)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)

# Plain scalars are read as YAML 1.2 reads them, not as PyYAML's YAML 1.1, whose rules change
# values silently: ``010`` would be 8 (octal) while ``08`` stays the text "08", ``1:30`` would
# be 90 (base 60) and ``yes``/``no``/``on``/``off`` booleans. Here only true/false (in any of
# three cases) are booleans, ``1:30`` and ``yes`` are text, and an unquoted number with a
# leading zero is an error that says to quote a code ('010') or drop the zero.
_BOOL_1_2 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*|0[0-9_]+)|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith((":bool", ":int"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_1_2, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if _LEADING_ZERO.match(text):
        digits = text.lstrip("+-").replace("_", "").lstrip("0") or "0"
        raise SuiteError(
            f"the number {text} starts with a zero: write it in quotes ('{text}') if it is a "
            f"code, or as {text[0] if text[0] in '+-' else ''}{digits} if it is a number",
            f"số {text} bắt đầu bằng chữ số 0: đặt trong dấu nháy ('{text}') nếu là mã, hoặc "
            f"viết {text[0] if text[0] in '+-' else ''}{digits} nếu là số",
            file=loader.file,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
        )
    if text.startswith("0o"):
        return int(text[2:].replace("_", ""), 8)
    return int(loader.construct_yaml_int(node))


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml(text: str, file: str | None = None) -> Any:
    r"""Parse YAML text; syntax errors become :class:`SuiteError` naming file and line.

    Examples
    --------
    >>> data = load_yaml("a: 1\nb:\n  - x\n")
    >>> data["a"], data.key_lines["b"], data["b"].item_lines
    (1, 2, [3])
    """
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (e.g. NUL)
        bad_line, bad_column = position(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise SuiteError(
            f"invalid YAML: the character U+{code:04X} is not allowed in YAML",
            f"YAML không hợp lệ: ký tự U+{code:04X} không được phép trong YAML",
            file=file,
            line=bad_line,
            column=bad_column,
        ) from None
    loader.file = file
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        en, vi, mark = _syntax_problem(error)
        raise SuiteError(
            f"invalid YAML: {en}",
            f"YAML không hợp lệ: {vi}",
            file=file,
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
        ) from None
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise SuiteError(
            f"invalid YAML: {detail}", f"YAML không hợp lệ: {detail}", file=file
        ) from None
    except RecursionError:  # a construct deeper than MAX_DEPTH slipped through (aliases)
        mark = loader.get_mark()
        raise SuiteError(
            "invalid YAML: nested too deeply",
            "YAML không hợp lệ: lồng nhau quá sâu",
            file=file,
            line=mark.line + 1,
            column=mark.column + 1,
        ) from None
    finally:
        loader.dispose()


_OPENED: dict[str, tuple[str, str]] = {
    "while parsing a flow sequence": (
        "the list opened with '[' here",
        "danh sách mở bằng '[' ở đây",
    ),
    "while parsing a flow mapping": (
        "the mapping opened with '{' here",
        "ánh xạ mở bằng '{' ở đây",
    ),
    "while scanning a quoted scalar": ("the quoted text opened here", "chuỗi mở dấu nháy ở đây"),
}
"""What a parse was inside when the text ended: it opened there and never closed."""

_PROBLEMS_VI: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^expected (.+?), but (?:got|found) (.+)$"), r"cần \1, nhưng gặp \2"),
    (re.compile(r" or "), " hoặc "),
    (re.compile(r"<block end>"), "hết khối (thụt lề)"),
    (re.compile(r"<stream end>"), "hết tệp"),
    (
        re.compile(r"^mapping values are not allowed here$"),
        "không được đặt ':' (giá trị ánh xạ) ở đây",
    ),
    (
        re.compile(r"^found character (.+) that cannot start any token$"),
        r"gặp ký tự \1 không thể mở đầu một phần tử (YAML không cho thụt lề bằng tab)",
    ),
    (re.compile(r"^found undefined alias (.+)$"), r"gặp bí danh \1 chưa được định nghĩa"),
    (re.compile(r"^could not find expected (.+)$"), r"không tìm thấy \1 cần có"),
    (re.compile(r"^found unexpected end of stream$"), "tệp kết thúc khi chưa đóng"),
)
"""PyYAML's common problems in Vietnamese, applied in turn (the rest keep PyYAML's English)."""


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[str, str, Any]:
    """A YAML syntax error as (English, Vietnamese, mark to show).

    A construct still open when the text ends (``[a, b`` on the last line) is reported where
    it opened, not after the last line.
    """
    problem = error.problem or error.context or "invalid YAML"
    at_end = "<stream end>" in problem or problem == "found unexpected end of stream"
    opened = _OPENED.get(error.context or "")
    if at_end and opened is not None and error.context_mark is not None:
        return (
            f"{opened[0]} is not closed before the end of the file",
            f"{opened[1]} chưa được đóng trước khi hết tệp",
            error.context_mark,
        )
    vi = problem
    for pattern, replacement in _PROBLEMS_VI:
        vi = pattern.sub(replacement, vi)
    return problem, vi, error.problem_mark or error.context_mark


class SuiteDumper(yaml.SafeDumper):
    """Safe YAML dumper whose text :func:`load_yaml` reads back as the data it was given.

    Strings holding YAML line breaks are double-quoted: YAML treats NEL, LS and PS as line
    breaks, so written raw they would not survive a round-trip. Strings this loader would read
    as something else (``08``, a number with a leading zero) are quoted.
    """


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if any(ch in text for ch in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


SuiteDumper.add_representer(str, _represent_str)
# The dumper quotes every string that YAML 1.1 (other tools) or this loader would read as
# something else: PyYAML's resolvers already cover yes/no, 1:30 and 010; "08" takes this one.
SuiteDumper.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))


def dump_yaml(data: Any) -> str:
    r"""Write plain data as YAML text, keys in their order, that :func:`load_yaml` reads back.

    Examples
    --------
    >>> print(dump_yaml({"suite": "dân cư", "note": "a\u2028b"}), end="")
    suite: dân cư
    note: "a\Lb"
    >>> load_yaml(dump_yaml({"note": "a\u2028b"}))["note"] == "a\u2028b"
    True
    >>> print(dump_yaml({"codes": ["08", "010", "yes", 8]}), end="")
    codes:
    - '08'
    - '010'
    - 'yes'
    - 8
    """
    return yaml.dump(data, Dumper=SuiteDumper, sort_keys=False, allow_unicode=True, width=100)
