"""YAML loading that remembers line numbers, so errors can name the line.

Mappings load as :class:`LocatedDict` (a ``dict`` with ``line`` and ``key_lines``) and
sequences as :class:`LocatedList` (a ``list`` with ``line`` and ``item_lines``). Duplicate
keys are an error, not a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from datacheck.errors import SuiteError

__all__ = ["LocatedDict", "LocatedList", "line_of", "load_yaml", "read_yaml_file"]


class LocatedDict(dict[Any, Any]):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}


class LocatedList(list[Any]):
    """A sequence that knows the line it starts on and the line of each item."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class _Loader(yaml.SafeLoader):
    file: str | None = None


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LocatedDict]:
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
    data = LocatedList()
    data.line = node.start_mark.line + 1
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.item_lines.append(item.start_mark.line + 1)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load_yaml(text: str, file: str | None = None) -> Any:
    r"""Parse YAML text; syntax errors become :class:`SuiteError` naming file and line.

    Examples
    --------
    >>> data = load_yaml("a: 1\nb:\n  - x\n")
    >>> data["a"], data.key_lines["b"], data["b"].item_lines
    (1, 2, [3])
    """
    loader = _Loader(text)
    loader.file = file
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise SuiteError(
            f"invalid YAML: {problem}",
            f"YAML không hợp lệ: {problem}",
            file=file,
            line=line,
        ) from None
    except yaml.YAMLError as error:
        raise SuiteError(
            f"invalid YAML: {error}", f"YAML không hợp lệ: {error}", file=file
        ) from None
    finally:
        loader.dispose()


def read_yaml_file(path: Path, what_en: str, what_vi: str) -> str:
    """The text of a YAML file; a missing or unreadable file is a one-line :class:`SuiteError`.

    ``what_en``/``what_vi`` name the file's role in messages (e.g. "suite file").
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SuiteError(
            f"{what_en} not found: {path}", f"không tìm thấy {what_vi}: {path}"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SuiteError(
            f"cannot read {what_en} {path}: {error}", f"không đọc được {what_vi} {path}: {error}"
        ) from None


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of ``key`` in a located mapping (or of the container itself)."""
    if key is not None and isinstance(container, LocatedDict):
        return container.key_lines.get(key, container.line)
    return getattr(container, "line", None)
