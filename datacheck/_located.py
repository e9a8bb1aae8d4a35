"""Containers that remember the line they were read from, and reading a YAML file's text.

Nothing here imports a YAML parser: code that only needs to name a line (the suite's
validation, tier rules) or to read a file's text loads without PyYAML, which
:mod:`datacheck._yaml` imports when a text is actually parsed.

Examples
--------
>>> data = LocatedDict()
>>> data.line, data.key_lines["a"] = 3, 4
>>> line_of(data, "a"), line_of(data, "b"), line_of([1])
(4, 3, None)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datacheck.errors import SuiteError

__all__ = ["LocatedDict", "LocatedList", "line_of", "position", "read_yaml_file"]


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


def position(text: str | bytes, offset: int) -> tuple[int, int]:
    r"""The 1-based line and column of the character (or byte) at ``offset`` in ``text``.

    Examples
    --------
    >>> position("a: 1\nb: \x00", 8)
    (2, 4)
    """
    if isinstance(text, bytes):
        before_bytes = text[:offset]
        line, start = before_bytes.count(b"\n") + 1, before_bytes.rfind(b"\n") + 1
    else:
        before = text[:offset]
        line, start = before.count("\n") + 1, before.rfind("\n") + 1
    return line, offset - start + 1


def read_yaml_file(path: Path, what_en: str, what_vi: str) -> str:
    """The text of a YAML file; a missing or unreadable file is a one-line :class:`SuiteError`.

    ``what_en``/``what_vi`` name the file's role in messages (e.g. "suite file").
    """
    try:
        data = path.read_bytes()
        return data.decode("utf-8")
    except FileNotFoundError:
        raise SuiteError(
            f"{what_en} not found: {path}", f"không tìm thấy {what_vi}: {path}"
        ) from None
    except UnicodeDecodeError as error:
        line, column = position(data, error.start)
        byte = data[error.start : error.start + 1].hex()
        raise SuiteError(
            f"cannot read {what_en}: byte 0x{byte} is not UTF-8 ({error.reason}); save the "
            "file as UTF-8",
            f"không đọc được {what_vi}: byte 0x{byte} không phải UTF-8 ({error.reason}); hãy "
            "lưu tệp ở dạng UTF-8",
            file=str(path),
            line=line,
            column=column,
        ) from None
    except OSError as error:
        raise SuiteError(
            f"cannot read {what_en} {path}: {error}", f"không đọc được {what_vi} {path}: {error}"
        ) from None


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of ``key`` in a located mapping (or of the container itself)."""
    if key is not None and isinstance(container, LocatedDict):
        return container.key_lines.get(key, container.line)
    return getattr(container, "line", None)
