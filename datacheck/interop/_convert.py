"""Recognising pandera schemas and GX suites, and converting files to YAML suites."""

from __future__ import annotations

import json
import runpy
import sys
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


def _pandera_from_serialised(path: Path, text: str) -> Any:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise InteropError(
            f"{where}: not valid YAML/JSON", f"{where}: không phải YAML/JSON hợp lệ"
        ) from None
    if not isinstance(data, Mapping):
        raise InteropError(
            f"{path}: expected a pandera schema (a mapping with 'columns')",
            f"{path}: cần một lược đồ pandera (ánh xạ có 'columns')",
        )
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
    ...     {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}}]}))
    >>> print(convert_file(folder / "suite.json", "gx"))  # doctest: +ELLIPSIS
    # Converted from Great Expectations suite .../suite.json by datacheck.
    suite: people
    checks:
    - check: not_null
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
                raise InteropError(
                    f"{file}: expected a GX expectation suite (an object with 'name' and "
                    "'expectations')",
                    f"{file}: cần một bộ expectation của GX (đối tượng có 'name' và "
                    "'expectations')",
                )
            suite = from_gx(data)
            label = "Great Expectations suite"
        elif file.suffix == ".py":
            suite = from_pandera(_pandera_from_python(file, object_name))
            label = "pandera schema"
        else:
            suite = from_pandera(_pandera_from_serialised(file, _read(file)))
            label = "pandera schema"
    header = [f"# Converted from {label} {file} by datacheck."]
    for caught_warning in caught:
        message = caught_warning.message
        if isinstance(message, InteropWarning):
            header.append("# Not converted exactly (review these):")
            header.extend(f"#   - {item.line()}".replace("\n", " ") for item in message.skipped)
            warnings.warn(message, stacklevel=2)
        else:  # not ours: pass it on unchanged
            warnings.warn_explicit(
                message, caught_warning.category, caught_warning.filename, caught_warning.lineno
            )
    return "\n".join(header) + "\n" + suite.to_yaml()
