"""Recognising pandera schemas and GX suites, and converting files to YAML suites."""

from __future__ import annotations

import json
import runpy
import sys
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml

from datacheck.interop._common import InteropError, InteropWarning, require
from datacheck.interop.gx import from_gx, is_gx_suite
from datacheck.interop.pandera import from_pandera, is_pandera_schema
from datacheck.suite import Suite

__all__ = ["as_suite", "convert_file"]

Kind = Literal["pandera", "gx"]


def as_suite(obj: object) -> Suite | None:
    """A suite from a pandera schema or a GX suite; ``None`` for anything else.

    Recognises a pandera ``DataFrameSchema`` (polars or pandas API), a ``DataFrameModel``
    class, a GX ``ExpectationSuite`` and a GX suite's JSON form (a mapping with ``name``
    and ``expectations``). A :class:`~datacheck.Suite` is returned as it is. Never imports
    pandera or GX.

    Warns
    -----
    InteropWarning
        As :func:`from_pandera` and :func:`from_gx` do, listing what did not convert.

    Examples
    --------
    >>> as_suite("suites/dan_cu.yaml") is None
    True
    >>> suite = as_suite({"name": "s", "expectations": [
    ...     {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}}]})
    >>> [check.params() for check in suite.checks]
    [{'check': 'unique', 'columns': ['id']}]
    """
    if isinstance(obj, Suite):
        return obj
    if is_pandera_schema(obj):
        return from_pandera(obj)
    if is_gx_suite(obj):
        return from_gx(obj)
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InteropError(f"file not found: {path}", f"không tìm thấy tệp: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InteropError(
            f"cannot read {path}: {error}", f"không đọc được {path}: {error}"
        ) from None


def _pandera_from_python(path: Path, object_name: str | None) -> Any:
    """The schema a Python file defines (running the file, as importing it would)."""
    if not path.is_file():
        raise InteropError(f"file not found: {path}", f"không tìm thấy tệp: {path}")
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    try:
        namespace = runpy.run_path(str(path), run_name="__datacheck_convert__")
    except SystemExit as error:  # sys.exit() in the user's file must not end the program
        raise InteropError(
            f"{path}: expected a file that defines a pandera schema, found one that exits "
            f"while it runs (sys.exit({error.code!r}))",
            f"{path}: cần một tệp định nghĩa lược đồ pandera, nhận được tệp thoát khi chạy "
            f"(sys.exit({error.code!r}))",
        ) from None
    except Exception as error:  # noqa: BLE001 (user code: any error is bad input)
        raise InteropError(
            f"{path}: running the file failed: {type(error).__name__}: {error}",
            f"{path}: chạy tệp bị lỗi: {type(error).__name__}: {error}",
        ) from None
    finally:
        if sys.path and sys.path[0] == folder:
            del sys.path[0]
    if object_name is not None:
        if object_name not in namespace or not is_pandera_schema(namespace[object_name]):
            raise InteropError(
                f"{path}: no pandera schema named {object_name!r}",
                f"{path}: không có lược đồ pandera tên {object_name!r}",
            )
        return namespace[object_name]
    found = {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_")
        and is_pandera_schema(value)
        and (not isinstance(value, type) or value.__module__ == "__datacheck_convert__")
    }
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise InteropError(
            f"{path}: defines no pandera DataFrameSchema or DataFrameModel",
            f"{path}: không định nghĩa DataFrameSchema hay DataFrameModel nào của pandera",
        )
    names = ", ".join(sorted(found))
    raise InteropError(
        f"{path}: defines several pandera schemas ({names}); name the one to convert",
        f"{path}: định nghĩa nhiều lược đồ pandera ({names}); hãy chọn một",
    )


# the keys of a schema written by pandera's to_yaml/to_json (pandas and polars APIs)
_PANDERA_KEYS = frozenset(
    {
        "schema_type",
        "version",
        "api",
        "dataframe_library",
        "columns",
        "checks",
        "index",
        "multiindex",
        "dtype",
        "coerce",
        "strict",
        "name",
        "ordered",
        "unique",
        "report_duplicates",
        "unique_column_names",
        "add_missing_columns",
        "title",
        "description",
        "drop_invalid_rows",
        "metadata",
    }
)
_PANDERA_TYPES = ("dataframe", "polars_dataframe")


def _keys(data: Mapping[Any, Any], limit: int = 5) -> str:
    names = [str(key) for key in data]
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _check_pandera_shape(path: Path, data: object) -> None:
    """Refuse what is not a schema written by pandera: nothing may be dropped silently.

    pandera's reader ignores keys it does not know, so any mapping (``{"a": 1}``, a GX suite)
    would read as an empty schema and convert to an empty suite.

    Raises
    ------
    InteropError
        Not a mapping; no ``columns`` (or ``schema_type``); a ``schema_type`` that is not a
        data frame's; or keys pandera does not write (named, with a hint for a GX suite).
    """
    expected_en = "expected a pandera schema written by to_yaml/to_json (a mapping with 'columns')"
    expected_vi = "cần một lược đồ pandera do to_yaml/to_json ghi (ánh xạ có 'columns')"
    if not isinstance(data, Mapping):
        found = "a list" if isinstance(data, list) else type(data).__name__
        found_vi = "một danh sách" if isinstance(data, list) else type(data).__name__
        raise InteropError(
            f"{path}: {expected_en}, found {found}", f"{path}: {expected_vi}, nhận được {found_vi}"
        )
    hint_en = hint_vi = ""
    if "expectations" in data:
        hint_en = "; this looks like a GX expectation suite: use --from gx"
        hint_vi = "; tệp này giống bộ expectation của GX: hãy dùng --from gx"
    elif "suite" in data and "checks" in data:
        hint_en = "; this looks like a datacheck suite already: there is nothing to convert"
        hint_vi = "; tệp này đã là một bộ kiểm tra datacheck: không cần chuyển đổi"
    if "columns" not in data and "schema_type" not in data:
        found_en = f"a mapping with keys {_keys(data)}" if data else "an empty mapping"
        found_vi = f"ánh xạ có các khoá {_keys(data)}" if data else "một ánh xạ rỗng"
        raise InteropError(
            f"{path}: {expected_en}, found {found_en}{hint_en}",
            f"{path}: {expected_vi}, nhận được {found_vi}{hint_vi}",
        )
    kind = data.get("schema_type")
    if kind is not None and kind not in _PANDERA_TYPES:
        raise InteropError(
            f"{path}: schema_type {kind!r} is not a data frame schema; expected one of "
            f"{', '.join(_PANDERA_TYPES)}",
            f"{path}: schema_type {kind!r} không phải lược đồ bảng dữ liệu; cần một trong "
            f"{', '.join(_PANDERA_TYPES)}",
        )
    unknown = {key: None for key in data if key not in _PANDERA_KEYS}
    if unknown:
        raise InteropError(
            f"{path}: keys that pandera's schema files do not have: {_keys(unknown)} (they "
            f"would be dropped); {expected_en}{hint_en}",
            f"{path}: các khoá không có trong tệp lược đồ pandera: {_keys(unknown)} (sẽ bị bỏ "
            f"qua); {expected_vi}{hint_vi}",
        )


def _pandera_from_serialised(path: Path, text: str) -> Any:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise InteropError(
            f"{where}: not valid YAML/JSON", f"{where}: không phải YAML/JSON hợp lệ"
        ) from None
    _check_pandera_shape(path, data)
    polars_api = data.get("schema_type") == "polars_dataframe" or data.get("api") == "polars"
    module = "pandera.io.polars_io" if polars_api else "pandera.io.pandas_io"
    io = require(module, "pandera", "reading a pandera schema file")
    if polars_api:
        require("pandera.polars", "pandera", "reading a pandera schema file")
    try:
        return io.deserialize_schema(data)
    except Exception as error:  # noqa: BLE001 (pandera raises many kinds on bad input)
        raise InteropError(
            f"{path}: not a pandera schema: {type(error).__name__}: {error}",
            f"{path}: không phải lược đồ pandera: {type(error).__name__}: {error}",
        ) from None


def _json_kind(data: object, lang: str) -> str:
    """What a JSON document is, for "found …": an object's keys, else its kind."""
    vi = lang == "vi"
    if isinstance(data, Mapping):
        keys = _keys(data)
        if not keys:
            return "một đối tượng rỗng" if vi else "an empty object"
        return f"đối tượng có các khoá {keys}" if vi else f"an object with keys {keys}"
    if isinstance(data, list):
        return "một mảng" if vi else "an array"
    return ("giá trị " if vi else "the value ") + json.dumps(data)[:40]


def _not_gx(file: Path, data: object) -> InteropError:
    """The error for a JSON document that is not a GX suite: what it is, and a hint."""
    hint_en = hint_vi = ""
    if isinstance(data, Mapping) and ("columns" in data or "schema_type" in data):
        hint_en = "; this looks like a pandera schema: use --from pandera"
        hint_vi = "; tệp này giống lược đồ pandera: hãy dùng --from pandera"
    return InteropError(
        f"{file}: expected a GX expectation suite (an object with 'name' and 'expectations'), "
        f"found {_json_kind(data, 'en')}{hint_en}",
        f"{file}: cần một bộ expectation của GX (đối tượng có 'name' và 'expectations'), "
        f"nhận được {_json_kind(data, 'vi')}{hint_vi}",
    )


def _printable(text: str) -> str:
    r"""``text`` with control characters and line breaks escaped: a comment stays one line.

    YAML ends a comment at any line break (``\r``, ``\x85``, ``\u2028``, ``\u2029`` too).

    Examples
    --------
    >>> print(_printable("a\rb\u2028c\x85d\te\nf ư"))
    a\rb\u2028c\x85d\te\nf ư
    """
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        else ch
        for ch in text
    )


def convert_file(path: str | Path, kind: Kind, *, object_name: str | None = None) -> str:
    """Convert a pandera or GX file to the text of a YAML suite.

    Parameters
    ----------
    path
        ``kind="pandera"``: a Python file defining one schema (``DataFrameSchema`` object or
        ``DataFrameModel`` class; the file is run, as importing it would), or a schema
        written by pandera's ``to_yaml``/``to_json``. ``kind="gx"``: a GX expectation suite
        JSON file (1.x, or 0.x ``expectation_suite_name``).
    kind
        ``"pandera"`` or ``"gx"``.
    object_name
        For a Python file defining several schemas: the one to convert.

    Returns
    -------
    str
        The YAML suite (``Suite.loads`` reads it back). Parts that did not convert are
        listed in a comment at the top, and warned about (:class:`InteropWarning`).

    Raises
    ------
    InteropError
        One-line message: unreadable or malformed file, no or several schemas, bad kind.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "suite.json").write_text(json.dumps({"name": "people", "expectations": [
    ...     {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}}]}))
    >>> print(convert_file(folder / "suite.json", "gx"))  # doctest: +ELLIPSIS
    # Converted from Great Expectations suite .../suite.json by datacheck.
    suite: people
    checks:
    - check: unique
      columns:
      - id
    <BLANKLINE>
    """
    file = Path(path)
    if kind not in ("pandera", "gx"):
        raise InteropError(
            f"unknown source kind {kind!r}: expected 'pandera' or 'gx'",
            f"không rõ loại nguồn {kind!r}: cần 'pandera' hoặc 'gx'",
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InteropWarning)
        if kind == "gx":
            text = _read(file)
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise InteropError(
                    f"{file}:{error.lineno}: not valid JSON: {error.msg}",
                    f"{file}:{error.lineno}: không phải JSON hợp lệ: {error.msg}",
                ) from None
            if not is_gx_suite(data):
                raise _not_gx(file, data)
            suite = from_gx(data)
            label = "Great Expectations suite"
        elif file.suffix == ".py":
            suite = from_pandera(_pandera_from_python(file, object_name))
            label = "pandera schema"
        else:
            suite = from_pandera(_pandera_from_serialised(file, _read(file)))
            label = "pandera schema"
    header = [f"# Converted from {label} {_printable(str(file))} by datacheck."]
    for caught_warning in caught:
        message = caught_warning.message
        if isinstance(message, InteropWarning):
            header.append("# Not converted exactly (review these):")
            header.extend(f"#   - {_printable(item.line())}" for item in message.skipped)
            warnings.warn(message, stacklevel=2)
        else:  # not ours: pass it on unchanged
            warnings.warn_explicit(
                message, caught_warning.category, caught_warning.filename, caught_warning.lineno
            )
    return "\n".join(header) + "\n" + suite.to_yaml()
