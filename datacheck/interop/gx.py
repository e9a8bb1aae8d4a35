"""The Great Expectations bridge: GX 1.x expectation suites ↔ datacheck suites, and results.

Reading a suite (:func:`from_gx`) and writing its JSON (:func:`to_gx_json`) need no GX
install: both work on the suite's JSON form. :func:`to_gx` builds GX objects and imports
``great_expectations`` lazily; a missing install fails with one line naming
``pip install 'datacheck[gx]'``.

What maps (see ``docs/interop.md`` for the full table):

=================================================  =====================================
Great Expectations                                  datacheck
=================================================  =====================================
``expect_column_values_to_not_be_null``             ``not_null``
``expect_column_values_to_be_unique``,              ``unique``
``expect_compound_columns_to_be_unique``
``expect_column_values_to_be_in_set``               ``in_set``
``expect_column_values_to_be_between``              ``between`` (``expression`` if strict)
``expect_column_values_to_match_regex``             ``pattern``
``expect_column_values_to_not_be_in_set``,          ``expression``
``…_to_not_match_regex``, ``…_value_lengths_…``,
``expect_column_pair_values_…``
``expect_table_columns_to_match_set``,              ``required_columns``
``expect_column_to_exist``
``expect_table_row_count_to_be_between``/``_equal``  ``row_count``
``mostly``                                          ``threshold``
=================================================  =====================================

Every expectation that does not map (aggregates such as means and quantiles, types,
conditional ``row_condition`` expectations, suite parameters) is listed in one
:class:`~datacheck.interop.InteropWarning`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from datacheck import __version__, catalogues
from datacheck._time import parse_as_of
from datacheck.checks.base import Check
from datacheck.checks.clean import Unique
from datacheck.checks.complete import NotNull, RequiredColumns, RowCount
from datacheck.checks.correct import Between, Expression, InSet, Pattern
from datacheck.checks.shared import InCatalogue
from datacheck.errors import DatacheckError
from datacheck.interop import _expr, _regex
from datacheck.interop._common import (
    Atom,
    InteropError,
    Notes,
    UnmappableError,
    assemble,
    atoms,
    between_bounds,
    check_from_origin,
    local_time,
    note_warn_band,
    origin_text,
    parse_instant,
    plain_value,
    relative_bound,
    require,
    restore,
    restore_settings,
    settings_text,
    snake_name,
)
from datacheck.suite import Suite

if TYPE_CHECKING:
    from datacheck.result import CheckResult, Result

__all__ = ["from_gx", "is_gx_suite", "to_gx", "to_gx_json", "validation_result"]

# expectations evaluated row by row: they take ``mostly``
_COLUMN_MAP = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_multicolumn_values_to_be_unique",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_match_regex_list",
        "expect_column_values_to_not_match_regex",
        "expect_column_value_lengths_to_be_between",
        "expect_column_value_lengths_to_equal",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
    }
)
_IGNORED_KWARGS = frozenset(
    {"result_format", "catch_exceptions", "include_config", "batch_id", "meta", "mostly"}
)
_DEFAULTS: dict[str, Any] = {"strict_min": False, "strict_max": False}


# ---------------------------------------------------------------------------- JSON values


def _json_value(value: Any) -> Any:
    """A kwarg value as GX writes it in JSON (date-times as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return plain_value(value)


def _comparable(value: Any) -> Any:
    """A JSON value with numbers as floats (GX writes ``5`` as ``5.0``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


def _normal_kwargs(kwargs: Mapping[str, Any]) -> str:
    """Comparable text of an expectation's kwargs (defaults and presentation dropped)."""
    out = {}
    for key, value in kwargs.items():
        if key in _IGNORED_KWARGS or value is None or _DEFAULTS.get(key, object()) == value:
            continue
        out[key] = _comparable(_json_value(value))
    mostly = kwargs.get("mostly")
    if mostly is not None and float(mostly) != 1.0:
        out["mostly"] = float(mostly)
    return json.dumps(out, sort_keys=True, default=str)


def _number(value: Any) -> Any:
    """GX writes numbers as floats: integral ones come back as integers."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


# ---------------------------------------------------------------------------- to GX


def _bound(value: Any, side: str, instant: datetime | None, timezone: str) -> tuple[Any, bool]:
    """A ``between`` bound as GX compares it (pandas: date-times), and its strictness."""
    value = relative_bound(value, instant, timezone, "suite")
    if isinstance(value, str):
        value = _parse_temporal(value)
    if isinstance(value, bool):
        raise UnmappableError(
            "GX compares only numbers and dates in expect_column_values_to_be_between",
            "GX chỉ so sánh số và ngày trong expect_column_values_to_be_between",
        )
    if isinstance(value, datetime):
        return (local_time(value, timezone) if value.tzinfo else value), False
    if isinstance(value, date):
        midnight = datetime.combine(value, datetime.min.time())
        if side == "max":  # datacheck: a date maximum includes its whole day
            return midnight + timedelta(days=1), True
        return midnight, False
    return value, False


def _parse_temporal(text: str) -> date | datetime:
    try:
        if "T" in text or " " in text.strip():
            return datetime.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UnmappableError(
            f"text bound {text!r}: GX compares only numbers and dates in "
            "expect_column_values_to_be_between",
            f"mốc dạng chữ {text!r}: GX chỉ so sánh số và ngày",
        ) from None


def _sql_value(value: Any) -> Any:
    """An SQL literal's value as GX compares it (a date is its midnight, as in polars)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    if isinstance(value, str):
        raise UnmappableError(
            "GX compares only numbers and dates in expect_column_values_to_be_between",
            "GX chỉ so sánh số và ngày trong expect_column_values_to_be_between",
        )
    return value


def _between(
    column: str, low: Any, low_strict: bool, high: Any, high_strict: bool
) -> tuple[str, dict[str, Any]]:
    kwargs: dict[str, Any] = {"column": column}
    if low is not None:
        kwargs["min_value"] = low
        if low_strict:
            kwargs["strict_min"] = True
    if high is not None:
        kwargs["max_value"] = high
        if high_strict:
            kwargs["strict_max"] = True
    return "expect_column_values_to_be_between", kwargs


def _expression(check: Expression) -> tuple[str, dict[str, Any]]:
    form = _expr.parse(check.expr)
    if isinstance(form, _expr.Range):
        low = _sql_value(form.low) if form.low is not None else None
        high = _sql_value(form.high) if form.high is not None else None
        return _between(form.column, low, form.low_strict, high, form.high_strict)
    if isinstance(form, _expr.Compare):
        kind = "in" if form.op == "=" else "not_in"
        return f"expect_column_values_to_{'be' if kind == 'in' else 'not_be'}_in_set", {
            "column": form.column,
            "value_set": [form.value],
        }
    if isinstance(form, _expr.NotIn):
        return "expect_column_values_to_not_be_in_set", {
            "column": form.column,
            "value_set": list(form.values),
        }
    if isinstance(form, _expr.Length):
        if form.low is not None and form.low == form.high:
            return "expect_column_value_lengths_to_equal", {
                "column": form.column,
                "value": form.low,
            }
        kwargs: dict[str, Any] = {"column": form.column}
        if form.low is not None:
            kwargs["min_value"] = form.low
        if form.high is not None:
            kwargs["max_value"] = form.high
        return "expect_column_value_lengths_to_be_between", kwargs
    if isinstance(form, _expr.NotMatch):
        return "expect_column_values_to_not_match_regex", {
            "column": form.column,
            "regex": _regex.to_python(form.pattern)[0],
        }
    if isinstance(form, _expr.ColumnCompare) and form.op != "<>":
        left, op, right = form.left, form.op, form.right
        if op in ("<", "<="):
            left, right, op = right, left, ">" if op == "<" else ">="
        if op == "=":
            return "expect_column_pair_values_to_be_equal", {
                "column_A": left,
                "column_B": right,
                "ignore_row_if": "either_value_is_missing",
            }
        return "expect_column_pair_values_a_to_be_greater_than_b", {
            "column_A": left,
            "column_B": right,
            "or_equal": op == ">=",
            "ignore_row_if": "either_value_is_missing",
        }
    raise UnmappableError(
        "the SQL expression is not one of the shapes GX has an expectation for (column "
        "compared with a value or another column, NOT IN, LENGTH, !~)",
        "biểu thức SQL không thuộc dạng GX có expectation tương ứng",
    )


_UNMAPPED: dict[str, tuple[str, str]] = {
    "fresh": (
        "relative to the run's as-of instant; GX expectations are fixed",
        "phụ thuộc thời điểm kiểm tra; expectation của GX là cố định",
    ),
    "not_future": (
        "relative to the run's as-of instant; GX expectations are fixed",
        "phụ thuộc thời điểm kiểm tra; expectation của GX là cố định",
    ),
    "exists_in": (
        "needs a reference dataset; a GX suite validates one batch",
        "cần dữ liệu tham chiếu; GX kiểm tra một lô dữ liệu",
    ),
    "agrees_with": (
        "needs a reference dataset; a GX suite validates one batch",
        "cần dữ liệu tham chiếu; GX kiểm tra một lô dữ liệu",
    ),
    "lifecycle": (
        "needs a reference dataset; a GX suite validates one batch",
        "cần dữ liệu tham chiếu; GX kiểm tra một lô dữ liệu",
    ),
}


def _expectation(
    atom: Check, instant: datetime | None, timezone: str
) -> tuple[str, dict[str, Any]]:
    """The GX expectation (type, kwargs) one atom becomes (raises ``UnmappableError``)."""
    condition = getattr(atom, "where", None)
    if condition:
        raise UnmappableError(
            f"where {condition!r}: not translated to a GX row_condition (another syntax)",
            f"where {condition!r}: chưa chuyển sang row_condition của GX (cú pháp khác)",
        )
    if isinstance(atom, NotNull):
        return "expect_column_values_to_not_be_null", {"column": atom.columns[0]}
    if isinstance(atom, Unique):
        if len(atom.columns) == 1:
            return "expect_column_values_to_be_unique", {"column": atom.columns[0]}
        return "expect_compound_columns_to_be_unique", {
            "column_list": list(atom.columns),
            "ignore_row_if": "any_value_is_missing",
        }
    if isinstance(atom, InSet):
        return "expect_column_values_to_be_in_set", {
            "column": atom.columns[0],
            "value_set": list(atom.values),
        }
    if isinstance(atom, InCatalogue):
        return "expect_column_values_to_be_in_set", {
            "column": atom.columns[0],
            "value_set": sorted(catalogues.values(atom.catalogue, atom.field)),
        }
    if isinstance(atom, Between):
        low, low_strict, high, high_strict = between_bounds(
            atom, lambda value, side: _bound(value, side, instant, timezone)
        )
        return _between(atom.columns[0], low, low_strict, high, high_strict)
    if isinstance(atom, Pattern):
        return "expect_column_values_to_match_regex", {
            "column": atom.columns[0],
            "regex": _regex.to_python(atom.pattern)[0],
        }
    if isinstance(atom, RequiredColumns):
        return "expect_table_columns_to_match_set", {
            "column_set": list(atom.columns),
            "exact_match": False,
        }
    if isinstance(atom, RowCount):
        kwargs: dict[str, Any] = {}
        if atom.min is not None:
            kwargs["min_value"] = atom.min
        if atom.max is not None:
            kwargs["max_value"] = atom.max
        return "expect_table_row_count_to_be_between", kwargs
    if isinstance(atom, Expression):
        return _expression(atom)
    en, vi = _UNMAPPED.get(
        atom.kind,
        (
            "a datacheck rule with no GX core expectation",
            "quy tắc riêng của datacheck, GX không có expectation tương đương",
        ),
    )
    raise UnmappableError(en, vi)


def _with_options(
    kind: str, kwargs: dict[str, Any], atom: Check, notes: Notes | None
) -> tuple[dict[str, Any], str | None]:
    """Add ``mostly`` (threshold) and the severity GX can express; note the rest."""
    kwargs = dict(kwargs)
    severity = None
    where = f"check '{atom.result_ids()[0]}'"
    if atom.threshold < 1.0 and kind in _COLUMN_MAP:
        kwargs["mostly"] = atom.threshold
    if atom.warn is not None:
        if atom.threshold == 1.0 and atom.warn == 0.0:
            severity = "warning"
        elif notes is not None:
            note_warn_band(notes, where, atom.warn, "GX")
    if notes is not None:
        values = kwargs.get("value_set") or ()
        if any(isinstance(v, date) for v in values):
            notes.approx(
                where,
                "GX compares set members as written; dates may not equal pandas date-times",
                "GX so sánh phần tử đúng như viết; ngày có thể không khớp kiểu ngày-giờ của pandas",
            )
        for en, vi in _differences(kind, kwargs, atom):
            notes.approx(where, en, vi)
    return kwargs, severity


_NAN_MISSING = (
    "GX also counts NaN in float columns as missing; datacheck's not_null fails nulls only",
    "GX tính cả NaN trong cột số thực là thiếu; not_null của datacheck chỉ tính null",
)
_NAN_SKIPPED = (
    "GX skips NaN in float columns as missing; datacheck compares NaN as a value (it fails)",
    "GX bỏ qua NaN trong cột số thực như giá trị thiếu; datacheck coi NaN là một giá trị "
    "(không đạt)",
)
_TIME_ON_DATE = (
    "a date-time bound with a time of day: on a date column datacheck compares days, GX "
    "compares the dates' midnight with the bound",
    "mốc ngày-giờ có giờ trong ngày: trên cột ngày datacheck so theo ngày, GX so nửa đêm của "
    "ngày với mốc",
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_time(value: Any) -> bool:
    """Whether a bound is a date-time with a time of day (GX JSON writes ISO text)."""
    if isinstance(value, str) and ("T" in value or " " in value.strip()):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return False
    return isinstance(value, datetime) and value.time() != time(0)


def _differences(
    kind: str, kwargs: Mapping[str, Any], check: Check | None
) -> list[tuple[str, str]]:
    """How an expectation (and the datacheck check it maps to) may count differently.

    NaN in float columns: GX treats it as missing, datacheck as a value; regular expressions:
    Python's and Rust's dialects; a ``between`` date-time bound with a time of day on a date
    column. ``check`` is the datacheck side, when converting to GX (``None`` from GX).
    """
    out: list[tuple[str, str]] = []
    if kind == "expect_column_values_to_not_be_null":
        out.append(_NAN_MISSING)
    elif kind == "expect_column_values_to_be_in_set":
        if any(_is_number(v) for v in kwargs.get("value_set") or ()):
            out.append(_NAN_SKIPPED)
    elif kind == "expect_column_values_to_be_between":
        bounds = [kwargs.get("min_value"), kwargs.get("max_value")]
        if any(_is_number(v) for v in bounds):
            out.append(_NAN_SKIPPED)
        strict = kwargs.get("strict_min") or kwargs.get("strict_max")
        between = isinstance(check, Between) if check is not None else not strict
        if between and any(_has_time(v) for v in bounds):
            out.append(_TIME_ON_DATE)
    elif kind in ("expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex"):
        out.extend(_regex.python_differences(str(kwargs.get("regex", ""))))
    return out


def _expectations(
    suite: Suite, instant: datetime | None, notes: Notes | None
) -> list[tuple[str, dict[str, Any]]]:
    """``(result id, expectation dict)`` for every atom that maps, in suite order."""
    out = []
    for check in suite.checks:
        text = origin_text(check)
        for atom in atoms(check):
            rid = atom.result_ids()[0]
            try:
                kind, kwargs = _expectation(atom, instant, suite.timezone)
            except UnmappableError as error:
                if notes is not None:
                    notes.skip(f"check '{rid}'", error.en, error.vi)
                continue
            kwargs, severity = _with_options(kind, kwargs, atom, notes)
            item: dict[str, Any] = {
                "type": kind,
                "kwargs": _json_value(kwargs),
                "meta": {"datacheck": {"id": rid, "check": text}},
            }
            if severity is not None:
                item["severity"] = severity
            out.append((rid, item))
    return out


def _build_json(suite: Suite, as_of: str | date | datetime | None) -> tuple[dict[str, Any], Notes]:
    notes = Notes("to_gx")
    instant = parse_as_of(as_of, suite.timezone) if as_of is not None else None
    expectations = [item for _, item in _expectations(suite, instant, notes)]
    dc_meta: dict[str, Any] = {"suite": settings_text(suite)}
    if instant is not None:
        dc_meta["as_of"] = instant.isoformat()
    data = {"name": suite.name, "expectations": expectations, "meta": {"datacheck": dc_meta}}
    return data, notes


def to_gx_json(suite: Suite, *, as_of: str | date | datetime | None = None) -> dict[str, Any]:
    """The suite as a GX 1.x expectation suite in JSON form (no GX install needed).

    Parameters
    ----------
    suite
        The suite to convert.
    as_of
        Fixes bounds relative to the run (``max: today``) at this instant; without it such
        checks are skipped (with a warning).

    Returns
    -------
    dict
        ``{"name", "expectations": [{"type", "kwargs", "meta"}], "meta"}``, loadable by
        ``great_expectations.ExpectationSuite(**data)`` and by :func:`from_gx`. Each
        expectation's ``meta["datacheck"]`` keeps its result id and the original check, so
        :func:`from_gx` restores the suite exactly.

    Warns
    -----
    InteropWarning
        Listing the checks with no GX equivalent (left out) and the options GX cannot keep.

    Examples
    --------
    >>> import datacheck as dc
    >>> from datacheck.checks import InSet
    >>> data = to_gx_json(dc.Suite(name="s", checks=[InSet(columns=["g"], values=["Nam", "Nữ"])]))
    >>> data["expectations"][0]["type"], data["expectations"][0]["kwargs"]
    ('expect_column_values_to_be_in_set', {'column': 'g', 'value_set': ['Nam', 'Nữ']})
    """
    data, notes = _build_json(suite, as_of)
    notes.emit()
    return data


def to_gx(suite: Suite, *, as_of: str | date | datetime | None = None) -> Any:
    """Convert a suite to a ``great_expectations.ExpectationSuite`` (GX 1.x).

    Parameters
    ----------
    suite
        The suite to convert.
    as_of
        Fixes bounds relative to the run (``max: today``) at this instant.

    Returns
    -------
    great_expectations.ExpectationSuite
        One expectation per mapped result (see :func:`to_gx_json`).

    Warns
    -----
    InteropWarning
        Listing the checks with no GX equivalent and the options GX cannot keep.

    Examples
    --------
    >>> import datacheck as dc
    >>> from datacheck.checks import Unique
    >>> gx_suite = to_gx(dc.Suite(name="s", checks=[Unique(columns=["id"], threshold=0.9)]))
    >>> gx_suite.expectations[0].expectation_type, gx_suite.expectations[0].mostly
    ('expect_column_values_to_be_unique', 0.9)
    """
    gx = require("great_expectations", "gx", "to_gx")
    configuration = require(
        "great_expectations.expectations.expectation_configuration", "gx", "to_gx"
    )
    data, notes = _build_json(suite, as_of)
    expectations = []
    for item in data["expectations"]:
        options: dict[str, Any] = {}
        if "severity" in item:
            options["severity"] = item["severity"]
        config = configuration.ExpectationConfiguration(
            type=item["type"], kwargs=item["kwargs"], meta=item["meta"], **options
        )
        expectations.append(config.to_domain_obj())
    gx_suite = gx.ExpectationSuite(name=data["name"], expectations=expectations, meta=data["meta"])
    notes.emit()
    return gx_suite


# ---------------------------------------------------------------------------- from GX


def is_gx_suite(obj: object) -> bool:
    """Whether ``obj`` is a GX ``ExpectationSuite`` or its JSON form (a mapping).

    Never imports GX.

    Examples
    --------
    >>> is_gx_suite({"name": "s", "expectations": []})
    True
    >>> is_gx_suite({"suite": "s", "checks": []})
    False
    """
    if isinstance(obj, Mapping):
        return isinstance(obj.get("expectations"), list) and (
            "name" in obj or "expectation_suite_name" in obj
        )
    return (
        type(obj).__module__.startswith("great_expectations")
        and type(obj).__name__ == "ExpectationSuite"
    )


def _suite_data(obj: Any) -> Mapping[str, Any]:
    if isinstance(obj, str):
        try:
            obj = json.loads(obj)
        except json.JSONDecodeError as error:
            raise InteropError(
                f"from_gx: not a JSON expectation suite: {error}",
                f"from_gx: không phải bộ expectation JSON: {error}",
            ) from None
    if not isinstance(obj, Mapping) and hasattr(obj, "to_json_dict") and is_gx_suite(obj):
        obj = obj.to_json_dict()
    if not is_gx_suite(obj):
        raise InteropError(
            "from_gx expected a GX ExpectationSuite or its JSON (a mapping with 'name' and "
            f"'expectations'), found {type(obj).__name__}",
            "from_gx cần một ExpectationSuite của GX hoặc JSON của nó (có 'name' và "
            f"'expectations'), nhận được {type(obj).__name__}",
        )
    return obj  # type: ignore[no-any-return]


def _short(kind: str) -> str:
    return kind.removeprefix("expect_column_").removeprefix("expect_")


def _has_parameter(value: Any) -> bool:
    if isinstance(value, Mapping):
        return "$PARAMETER" in value or any(_has_parameter(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_parameter(v) for v in value)
    return False


def _gx_bound(value: Any, side: str) -> Any:
    """A GX ``between`` bound as a datacheck value with the same meaning."""
    value = _number(value)
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value)
                if "T" in value or " " in value
                else date.fromisoformat(value)
            )
        except ValueError:
            raise UnmappableError(
                f"bound {value!r} is neither a number nor a date",
                f"mốc {value!r} không phải số hay ngày",
            ) from None
    if side == "max" and isinstance(value, date) and not isinstance(value, datetime):
        # GX compares with the date's midnight; datacheck's date maximum covers the day
        return datetime.combine(value, datetime.min.time())
    return value


def _range(
    column: str, low: Any, high: Any, *, low_strict: bool, high_strict: bool, name: str
) -> Check:
    if not low_strict and not high_strict:
        return Between(columns=(column,), min=low, max=high)
    try:
        text = _expr.render(_expr.Range(column, low, low_strict, high, high_strict))
    except _expr.UnrenderableError as error:
        raise UnmappableError(str(error), str(error)) from None
    return Expression(name=name, expr=text, column=column)


def _int_bounds(kwargs: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """Whole-number bounds with GX's strict flags folded in (``> 3`` is ``>= 4``)."""
    if "value" in kwargs:
        value = _int_or_none(kwargs["value"])
        return value, value
    low = _int_or_none(kwargs.get("min_value"))
    high = _int_or_none(kwargs.get("max_value"))
    if low is not None and kwargs.get("strict_min"):
        low += 1
    if high is not None and kwargs.get("strict_max"):
        high -= 1
    return low, high


# Each converter: (expectation type, kwargs, notes, where) -> Check.
_Converter = Callable[[str, Mapping[str, Any], Notes, str], Check]


def _not_null(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del kind, notes, where
    return NotNull(columns=(kw["column"],))


def _unique(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del kind
    if "column_list" not in kw:
        return Unique(columns=(kw["column"],))
    ignore = kw.get("ignore_row_if", "all_values_are_missing")
    if ignore != "any_value_is_missing":
        notes.approx(
            where,
            f"ignore_row_if={ignore!r}: GX also evaluates rows whose key is partly missing; "
            "datacheck skips every key with a missing part",
            f"ignore_row_if={ignore!r}: GX vẫn xét dòng có khoá thiếu một phần; datacheck "
            "bỏ qua khoá có phần thiếu",
        )
    return Unique(columns=tuple(kw["column_list"]))


def _value_set(kw: Mapping[str, Any]) -> tuple[Any, ...]:
    """The ``value_set`` kwarg, which GX requires to be a list (a text is not a set of letters)."""
    values = kw["value_set"]
    if not isinstance(values, list | tuple | set | frozenset):
        found = f"{type(values).__name__} {values!r}"
        raise UnmappableError(
            f"value_set must be a list of values, found {found}",
            f"value_set phải là một danh sách giá trị, nhận được {found}",
        )
    return tuple(_number(v) for v in values)


def _in_set(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del kind, notes, where
    return InSet(columns=(kw["column"],), values=_value_set(kw))


def _not_in_set(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del notes, where
    name = _name(kind, kw)
    column = kw["column"]
    values = _value_set(kw)
    return Expression(name=name, expr=_render(_expr.NotIn(column, values)), column=column)


def _values_between(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del notes, where
    name = _name(kind, kw)
    low = _gx_bound(kw["min_value"], "min") if kw.get("min_value") is not None else None
    high = _gx_bound(kw["max_value"], "max") if kw.get("max_value") is not None else None
    if low is None and high is None:
        raise UnmappableError("no bound given", "không có mốc nào")
    return _range(
        kw["column"],
        low,
        high,
        low_strict=bool(kw.get("strict_min")),
        high_strict=bool(kw.get("strict_max")),
        name=name,
    )


def _rust_pattern(pattern: Any, notes: Notes, where: str) -> str:
    """A GX (Python ``re``) pattern in datacheck's dialect; what still differs is noted."""
    if not isinstance(pattern, str):
        raise UnmappableError(
            f"regex must be a text, found {type(pattern).__name__} {pattern!r}",
            f"regex phải là chuỗi, nhận được {type(pattern).__name__} {pattern!r}",
        )
    text, reasons = _regex.to_rust(pattern)
    for en, vi in reasons:
        notes.approx(where, en, vi)
    return text


def _match(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del kind
    if "regex_list" not in kw:
        return Pattern(columns=(kw["column"],), pattern=_rust_pattern(kw["regex"], notes, where))
    if kw.get("match_on", "any") != "any":
        raise UnmappableError(
            "match_on='all' needs every pattern to match; write one pattern per check",
            "match_on='all' cần mọi mẫu đều khớp; hãy viết mỗi mẫu một phép kiểm tra",
        )
    patterns = [_rust_pattern(p, notes, where) for p in kw["regex_list"]]
    return Pattern(columns=(kw["column"],), pattern="|".join(f"(?:{p})" for p in patterns))


def _not_match(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    name = _name(kind, kw)
    column = kw["column"]
    pattern = _rust_pattern(kw["regex"], notes, where)
    return Expression(name=name, expr=_render(_expr.NotMatch(column, pattern)), column=column)


def _lengths(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del notes, where
    name = _name(kind, kw)
    column = kw["column"]
    low, high = _int_bounds(kw)
    return Expression(name=name, expr=_render(_expr.Length(column, low, high)), column=column)


def _pair(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    a, b = kw["column_A"], kw["column_B"]
    ignore = kw.get("ignore_row_if", "both_values_are_missing")
    if ignore != "either_value_is_missing":
        notes.approx(
            where,
            f"ignore_row_if={ignore!r}: GX also evaluates rows with one value missing; "
            "datacheck's expression skips them",
            f"ignore_row_if={ignore!r}: GX vẫn xét dòng thiếu một giá trị; expression "
            "của datacheck bỏ qua",
        )
    greater = ">=" if kw.get("or_equal") else ">"
    form = _expr.ColumnCompare(a, "=" if kind.endswith("_equal") else greater, b)
    return Expression(name=f"{_short(kind)}:{a}+{b}", expr=_render(form))


def _columns(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    if kind == "expect_table_columns_to_contain_set":  # contrib: the set, extra columns allowed
        return RequiredColumns(columns=tuple(kw.get("column_set") or ()))
    if "column" in kw:
        if kw.get("column_index") is not None:
            notes.approx(where, "column_index: position not checked", "không kiểm tra vị trí cột")
        return RequiredColumns(columns=(kw["column"],))
    if "column_list" in kw:
        notes.approx(
            where,
            "column order and extra columns are not checked",
            "không kiểm tra thứ tự cột và cột thừa",
        )
        return RequiredColumns(columns=tuple(kw["column_list"]))
    if kw.get("exact_match", True):
        notes.approx(
            where,
            "exact_match=True: extra columns are not checked, only the listed ones",
            "exact_match=True: không kiểm tra cột thừa, chỉ các cột được liệt kê",
        )
    return RequiredColumns(columns=tuple(kw.get("column_set") or ()))


def _row_count(kind: str, kw: Mapping[str, Any], notes: Notes, where: str) -> Check:
    del kind, notes, where
    low, high = _int_bounds(kw)
    return RowCount(min=low, max=high)


_CONVERTERS: dict[str, _Converter] = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _unique,
    "expect_multicolumn_values_to_be_unique": _unique,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_not_be_in_set": _not_in_set,
    "expect_column_values_to_be_between": _values_between,
    "expect_column_values_to_match_regex": _match,
    "expect_column_values_to_match_regex_list": _match,
    "expect_column_values_to_not_match_regex": _not_match,
    "expect_column_value_lengths_to_be_between": _lengths,
    "expect_column_value_lengths_to_equal": _lengths,
    "expect_column_pair_values_a_to_be_greater_than_b": _pair,
    "expect_column_pair_values_to_be_equal": _pair,
    "expect_table_columns_to_match_set": _columns,
    "expect_table_columns_to_match_ordered_list": _columns,
    "expect_table_columns_to_contain_set": _columns,
    "expect_column_to_exist": _columns,
    "expect_table_row_count_to_be_between": _row_count,
    "expect_table_row_count_to_equal": _row_count,
}


def _natural(kind: str, kwargs: Mapping[str, Any], notes: Notes, where: str) -> Check:
    """The datacheck check an expectation becomes (raises ``UnmappableError``)."""
    converter = _CONVERTERS.get(kind)
    if converter is None:
        raise UnmappableError(*_unmapped_reason(kind))
    return converter(kind, kwargs, notes, where)


def _name(kind: str, kwargs: Mapping[str, Any]) -> str:
    """The name of an expression check made from an expectation on one column."""
    return f"{_short(kind)}:{kwargs.get('column')}"


def _unmapped_reason(kind: str) -> tuple[str, str]:
    aggregates: tuple[str, ...] = ("_mean_", "_median_", "_stdev_", "_sum_", "_quantile_")
    aggregates += ("_min_", "_max_", "_unique_value_count_", "_proportion_", "_kl_divergence_")
    aggregates += ("_most_common_", "_distinct_values_", "_column_count_", "_z_scores_")
    if any(a in kind for a in aggregates):
        return (
            "an aggregate of the column, not a rule per row; datacheck counts failing rows",
            "là chỉ số tổng hợp của cột, không phải quy tắc từng dòng",
        )
    if "_type" in kind:
        return ("datacheck has no type check", "datacheck không kiểm tra kiểu dữ liệu")
    return ("no datacheck equivalent", "datacheck không có phép kiểm tra tương đương")


def _int_or_none(value: Any) -> int | None:
    if value is None:
        return None
    number = float(value)
    if not number.is_integer():
        raise UnmappableError(f"{value!r} is not a whole number", f"{value!r} không phải số nguyên")
    return int(number)


def _render(form: _expr.Form) -> str:
    try:
        return _expr.render(form)
    except _expr.UnrenderableError as error:
        raise UnmappableError(str(error), str(error)) from None


def _same(
    kind: str, kwargs: Mapping[str, Any], severity: Any, instant: datetime | None, timezone: str
) -> Callable[[Check], bool]:
    wanted = (kind, _normal_kwargs(kwargs), _severity_word(severity))

    def same(atom: Check) -> bool:
        try:
            got_kind, got = _expectation(atom, instant, timezone)
        except UnmappableError:
            return False
        got, got_severity = _with_options(got_kind, got, atom, None)
        return (got_kind, _normal_kwargs(got), _severity_word(got_severity)) == wanted

    return same


def _severity_word(severity: Any) -> str:
    text = str(getattr(severity, "value", severity) or "critical").lower()
    return "warning" if text in ("warning", "info") else "critical"


def from_gx(suite: Any, *, name: str | None = None) -> Suite:
    """Convert a GX expectation suite (object, JSON mapping or JSON text) to a suite.

    GX 0.x JSON (``expectation_suite_name``, ``expectation_type``) is read too.

    Parameters
    ----------
    suite
        A ``great_expectations.ExpectationSuite``, its ``to_json_dict()``, or JSON text.
    name
        The suite id (default: the GX suite's name in snake_case).

    Returns
    -------
    Suite
        One check per expectation that maps (``mostly`` → ``threshold``); a suite made by
        :func:`to_gx` converts back to the original.

    Warns
    -----
    InteropWarning
        Listing every expectation not converted, or converted with a difference, and why.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # noted: GX treats NaN as missing
    ...     suite = from_gx({"name": "People", "expectations": [
    ...         {"type": "expect_column_values_to_not_be_null",
    ...          "kwargs": {"column": "id", "mostly": 0.99}},
    ...         {"type": "expect_column_values_to_be_between",
    ...          "kwargs": {"column": "age", "min_value": 0, "strict_min": True}}]})
    >>> [c.params() for c in suite.checks]  # doctest: +NORMALIZE_WHITESPACE
    [{'check': 'not_null', 'threshold': 0.99, 'columns': ['id']},
     {'check': 'expression', 'name': 'values_to_be_between:age', 'expr': '"age" > 0',
      'column': 'age'}]
    """
    data = _suite_data(suite)
    notes = Notes("from_gx")
    suite_meta = data.get("meta") or {}
    dc_meta = suite_meta.get("datacheck") if isinstance(suite_meta, Mapping) else None
    dc_meta = dc_meta if isinstance(dc_meta, Mapping) else {}
    settings = restore_settings(dc_meta.get("suite"))
    timezone = str(settings.get("timezone", "Asia/Ho_Chi_Minh"))
    instant = parse_instant(dc_meta.get("as_of"))
    items: list[Atom] = []
    for entry in data.get("expectations") or ():
        if not isinstance(entry, Mapping):
            notes.skip(f"entry {entry!r}", "not an expectation", "không phải expectation")
            continue
        item = _convert(entry, notes, instant, timezone)
        if item is not None:
            items.append(item)
    raw_name = data.get("name") or data.get("expectation_suite_name")
    out = dict(settings)
    out["suite"] = name or out.get("suite") or snake_name(raw_name, "gx_suite")
    out["checks"] = []
    try:
        base = Suite.from_dict(out)
    except DatacheckError:
        base = Suite.from_dict({"suite": out["suite"], "checks": []})
    result = dataclasses.replace(base, checks=tuple(assemble(items)))
    notes.emit()
    return result


def _convert(
    entry: Mapping[str, Any], notes: Notes, instant: datetime | None, timezone: str
) -> Atom | None:
    kind = str(entry.get("type") or entry.get("expectation_type") or "")
    kwargs = dict(entry.get("kwargs") or {})
    meta = entry.get("meta") or {}
    column = kwargs.get("column")
    shown = f"'{column}'" if isinstance(column, str) else repr(column)
    where = f"expectation '{kind}'" + (f" on {shown}" if column else "")
    if "column_list" in kwargs and not column:
        where += f" on {list(kwargs['column_list'])}"
    dc_meta = meta.get("datacheck") if isinstance(meta, Mapping) else None
    origin = check_from_origin(dc_meta.get("check")) if isinstance(dc_meta, Mapping) else None
    severity = entry.get("severity")
    if origin is not None:
        restored = restore(
            None,
            origin,
            column if isinstance(column, str) else None,
            _same(kind, kwargs, severity, instant, timezone),
        )
        if restored is not None:
            return restored
    if kwargs.get("row_condition"):
        notes.skip(
            where,
            f"row_condition {kwargs['row_condition']!r}: conditional expectations have no "
            "datacheck equivalent",
            "row_condition: expectation có điều kiện không có tương đương trong datacheck",
        )
        return None
    if _has_parameter(kwargs):
        notes.skip(
            where,
            "uses suite parameters ($PARAMETER), known only when GX runs",
            "dùng tham số ($PARAMETER) chỉ biết khi GX chạy",
        )
        return None
    for key in ("column", "column_A", "column_B"):
        value = kwargs.get(key)
        if value is not None and not isinstance(value, str):
            found = "a list" if isinstance(value, list | tuple) else type(value).__name__
            notes.skip(
                where,
                f"the expectation's {key!r} must be a single column name, found {found} "
                f"({value!r})",
                f"{key!r} của expectation phải là tên một cột, nhận được {value!r}",
            )
            return None
    try:
        natural = _natural(kind, kwargs, notes, where)
        noted = kind in _NOTED_BY_CONVERTER  # the regular expressions: noted as converted
        differences = [] if noted else _differences(kind, kwargs, None)
        options: dict[str, Any] = {}
        mostly = kwargs.get("mostly")
        if mostly is not None and float(mostly) != 1.0:
            options["threshold"] = float(mostly)
        if _severity_word(severity) == "warning":
            options["warn"] = 0.0
        if options:
            natural = dataclasses.replace(natural, **options)
    except UnmappableError as error:
        notes.skip(where, error.en, error.vi)
        return None
    except (DatacheckError, KeyError, TypeError, ValueError) as error:
        message = error.en if isinstance(error, DatacheckError) else f"invalid kwargs: {error}"
        message_vi = error.vi if isinstance(error, DatacheckError) else f"tham số sai: {error}"
        notes.skip(where, message, message_vi)
        return None
    for en, vi in differences:
        notes.approx(where, en, vi)
    extra = set(kwargs) - _KNOWN_KWARGS - _IGNORED_KWARGS
    if extra:
        notes.approx(
            where,
            f"options ignored: {', '.join(sorted(extra))}",
            f"bỏ qua tuỳ chọn: {', '.join(sorted(extra))}",
        )
    return Atom(natural)


# expectations whose converter notes its own differences (the regular expressions)
_NOTED_BY_CONVERTER = frozenset(
    {
        "expect_column_values_to_match_regex",
        "expect_column_values_to_match_regex_list",
        "expect_column_values_to_not_match_regex",
    }
)

_KNOWN_KWARGS = frozenset(
    {
        "column",
        "column_list",
        "column_set",
        "column_A",
        "column_B",
        "value_set",
        "min_value",
        "max_value",
        "strict_min",
        "strict_max",
        "regex",
        "regex_list",
        "match_on",
        "value",
        "or_equal",
        "ignore_row_if",
        "exact_match",
        "column_index",
        "row_condition",
        "condition_parser",
    }
)


# ---------------------------------------------------------------------------- results

_KIND_TYPES = {
    "not_null": "expect_column_values_to_not_be_null",
    "in_set": "expect_column_values_to_be_in_set",
    "in_catalogue": "expect_column_values_to_be_in_set",
    "between": "expect_column_values_to_be_between",
    "pattern": "expect_column_values_to_match_regex",
    "required_columns": "expect_table_columns_to_match_set",
    "row_count": "expect_table_row_count_to_be_between",
}


def _config_without_suite(check: CheckResult) -> dict[str, Any]:
    kind = _KIND_TYPES.get(check.check, f"datacheck_{check.check}")
    kwargs: dict[str, Any] = {}
    if check.check == "unique":
        if len(check.columns) == 1:
            kind, kwargs = "expect_column_values_to_be_unique", {"column": check.columns[0]}
        else:
            kind = "expect_compound_columns_to_be_unique"
            kwargs = {"column_list": list(check.columns), "ignore_row_if": "any_value_is_missing"}
    elif check.check == "required_columns":
        kwargs = {"column_set": list(check.columns), "exact_match": False}
    elif len(check.columns) == 1:
        kwargs = {"column": check.columns[0]}
    elif check.columns:
        kwargs = {"column_list": list(check.columns)}
    if check.threshold < 1.0 and kind in _COLUMN_MAP:
        kwargs["mostly"] = check.threshold
    return {"type": kind, "kwargs": kwargs}


def _configs(result: Result, suite: Suite | None) -> dict[str, dict[str, Any]]:
    if suite is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    mapped = dict(_expectations(suite, result.as_of, None))
    for check in suite.checks:
        for atom in atoms(check):
            rid = atom.result_ids()[0]
            if rid in mapped:
                item = mapped[rid]
                out[rid] = {"type": item["type"], "kwargs": item["kwargs"]}
            else:
                params = atom.params()
                params.pop("check")
                out[rid] = {"type": f"datacheck_{atom.kind}", "kwargs": _json_value(params)}
    return out


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _sample_values(check: CheckResult) -> list[Any]:
    values = []
    for sample in check.samples:
        merged = {**sample.key, **sample.values}
        if len(check.columns) == 1 and check.columns[0] in merged:
            values.append(merged[check.columns[0]])
        elif check.columns and all(c in merged for c in check.columns):
            values.append({c: merged[c] for c in check.columns})
        else:
            values.append(dict(sample.values))
    return values


def _result_body(check: CheckResult, rows: int | None) -> dict[str, Any]:
    if check.check == "row_count":
        return {"observed_value": check.details.get("rows", rows)}
    if check.check == "required_columns":
        return {"details": {"mismatched": {"missing": list(check.details.get("missing", []))}}}
    element = rows if rows is not None else check.evaluated
    element = max(element, check.evaluated)
    body: dict[str, Any] = {
        "element_count": element,
        "unexpected_count": check.failed,
        "unexpected_percent": _percent(check.failed, check.evaluated),
        "partial_unexpected_list": _sample_values(check),
    }
    if check.check != "not_null":
        missing = element - check.evaluated
        body["missing_count"] = missing
        body["missing_percent"] = _percent(missing, element)
        body["unexpected_percent_total"] = _percent(check.failed, element)
        body["unexpected_percent_nonmissing"] = _percent(check.failed, check.evaluated)
    return body


def validation_result(result: Result, suite: Suite | None = None) -> dict[str, Any]:
    """A datacheck result in the shape of a GX 1.x validation result (JSON-ready).

    Parameters
    ----------
    result
        The result of :func:`datacheck.run`.
    suite
        The suite that was run: gives each result its full GX expectation (kwargs, with
        ``today`` fixed at the run's as-of); without it, the kwargs name the columns only.

    Returns
    -------
    dict
        ``success``, ``statistics`` (evaluated / successful / unsuccessful expectations,
        success percent), ``results`` (one per check result, in suite order:
        ``expectation_config``, ``success``, ``result`` with ``element_count``,
        ``unexpected_count``, ``unexpected_percent``, ``missing_count``,
        ``partial_unexpected_list`` — the failing samples, masked as in the result — and
        ``exception_info``), ``suite_name`` and ``meta``. A check is successful when its
        status is ``pass`` or ``not_applicable``; checks with no GX expectation have type
        ``datacheck_<check>``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
    >>> result = dc.run(suite, pl.DataFrame({"a": [1, None]}), as_of="2026-01-01")
    >>> gx_result = validation_result(result, suite)
    >>> gx_result["success"], gx_result["results"][0]["result"]["unexpected_count"]
    (False, 1)
    """
    from datacheck.result import plain  # noqa: PLC0415 (result imports this module lazily)

    configs = _configs(result, suite)
    results = []
    for check in result.checks:
        config = configs.get(check.id) or _config_without_suite(check)
        error = check.status == "error"
        success = check.status in ("pass", "not_applicable")
        results.append(
            {
                "success": success,
                "expectation_config": {
                    **config,
                    "meta": {
                        "datacheck": {
                            "id": check.id,
                            "status": check.status,
                            "dimension": check.dimension.value,
                            "evaluated": check.evaluated,
                            "failed": check.failed,
                            "score": check.score,
                        }
                    },
                },
                "result": {} if error else _result_body(check, result.rows),
                "meta": {},
                "exception_info": {
                    "raised_exception": error,
                    "exception_traceback": None,
                    "exception_message": check.reason("en") if error else None,
                },
            }
        )
    successful = sum(1 for r in results if r["success"])
    total = len(results)
    out: dict[str, Any] = plain(
        {
            "success": successful == total,
            "results": results,
            "suite_name": result.suite,
            "suite_parameters": {},
            "statistics": {
                "evaluated_expectations": total,
                "successful_expectations": successful,
                "unsuccessful_expectations": total - successful,
                "success_percent": _percent(successful, total),
            },
            "meta": {
                "datacheck_version": __version__,
                "run_id": {"run_name": result.suite, "run_time": result.as_of.isoformat()},
                "validation_time": result.as_of.isoformat(),
                "active_batch_definition": {"data_asset_name": result.source},
                "rows": result.rows,
                "score": result.score,
            },
            "id": None,
        }
    )
    return out
