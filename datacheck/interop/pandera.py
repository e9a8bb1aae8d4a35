"""The pandera bridge: pandera ``DataFrameSchema`` ↔ datacheck :class:`~datacheck.Suite`.

pandera is imported only when a function here needs it; a missing install fails with one
line naming ``pip install 'datacheck[pandera]'``.

What maps (see ``docs/interop.md`` for the full table):

=============================================  ==========================================
pandera                                        datacheck
=============================================  ==========================================
``Column(required=True)``                      ``required_columns``
``Column(nullable=False)``                     ``not_null``
``Column(unique=True)``, schema ``unique=``    ``unique``
``isin``, ``equal_to``                         ``in_set``
``ge``, ``le``, ``in_range`` (closed)          ``between``
``gt``, ``lt``, ``in_range`` (open ends)       ``expression`` (``"x" > 0``)
``notin``, ``not_equal_to``                    ``expression`` (``NOT IN``, ``<>``)
``str_matches``, ``str_contains``,             ``pattern``
``str_startswith``, ``str_endswith``
``str_length``                                 ``expression`` (``LENGTH("x") …``)
=============================================  ==========================================

Column types, custom check functions, grouped checks and the container options with no
datacheck meaning (``strict``, ``ordered``, ``coerce`` …) are listed in one
:class:`~datacheck.interop.InteropWarning` per conversion.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from datacheck import catalogues
from datacheck._time import parse_as_of
from datacheck.checks.base import Check
from datacheck.checks.clean import Unique
from datacheck.checks.complete import NotNull, RequiredColumns
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

__all__ = ["from_pandera", "is_pandera_schema", "to_pandera"]

_BUILTINS = frozenset(
    {
        "equal_to",
        "not_equal_to",
        "greater_than",
        "greater_than_or_equal_to",
        "less_than",
        "less_than_or_equal_to",
        "in_range",
        "isin",
        "notin",
        "str_matches",
        "str_contains",
        "str_startswith",
        "str_endswith",
        "str_length",
        "unique_values_eq",
    }
)
# Rust regex meta characters: escaping exactly these keeps a literal literal
_RUST_META = set("\\.+*?()|[]{}^$#&-~")


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _RUST_META else ch for ch in text)


# ---------------------------------------------------------------------------- recognising


def is_pandera_schema(obj: object) -> bool:
    """Whether ``obj`` is a pandera ``DataFrameSchema`` or ``DataFrameModel`` class.

    Never imports pandera (an object of it exists only if it was imported).

    Examples
    --------
    >>> is_pandera_schema({"columns": {}})
    False
    """
    if isinstance(obj, type):
        return any(
            base.__module__.startswith("pandera.") and base.__name__ == "DataFrameModel"
            for base in obj.__mro__
        ) and hasattr(obj, "to_schema")
    return (
        type(obj).__module__.startswith("pandera.")
        and hasattr(obj, "columns")
        and hasattr(obj, "checks")
        and isinstance(getattr(obj, "columns", None), Mapping)
    )


def _schema_of(obj: object) -> Any:
    if isinstance(obj, type) and is_pandera_schema(obj):
        return obj.to_schema()  # type: ignore[attr-defined]
    if is_pandera_schema(obj):
        return obj
    raise InteropError(
        f"from_pandera expected a pandera DataFrameSchema or DataFrameModel, found "
        f"{type(obj).__name__}",
        f"from_pandera cần một DataFrameSchema hoặc DataFrameModel của pandera, nhận được "
        f"{type(obj).__name__}",
    )


# ---------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class _Part:
    """One element of a pandera schema: a column property, a column check, a schema key."""

    kind: str  # "nullable" | "unique" | "required" | "schema_unique" | "check"
    columns: Sequence[str]
    check_name: str | None = None  # pandera built-in name for "check"
    statistics: Mapping[str, Any] = field(default_factory=dict)
    raise_warning: bool = False
    name: str | None = None

    def signature(self) -> str:
        """What the element says, for comparing with an existing one."""
        stats = {k: plain_value(v) for k, v in self.statistics.items() if v is not None}
        return json.dumps(
            [self.kind, list(self.columns), self.check_name, stats, self.raise_warning],
            sort_keys=True,
            default=str,
        )


def _bound(value: Any, side: str, instant: datetime | None, timezone: str) -> tuple[Any, bool]:
    """A ``between`` bound as a value polars compares the same way, and its strictness.

    A date as ``max`` includes its whole day on date-time columns, so it becomes
    ``< next day 00:00`` (the same on date columns).
    """
    value = relative_bound(value, instant, timezone, "schema")
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = local_time(value, timezone)
        return value, False
    if isinstance(value, date) and side == "max":
        return datetime.combine(value + timedelta(days=1), datetime.min.time()), True
    return value, False


def _midnight(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    return value


def _range_part(column: str, low: Any, high: Any, *, low_strict: bool, high_strict: bool) -> _Part:
    if low is not None and high is not None:
        if isinstance(low, datetime) or isinstance(high, datetime):
            # pandera compares the two bounds: a date and a date-time do not compare
            low, high = _midnight(low), _midnight(high)
        return _Part(
            "check",
            (column,),
            "in_range",
            {
                "min_value": low,
                "max_value": high,
                "include_min": not low_strict,
                "include_max": not high_strict,
            },
        )
    if low is not None:
        name = "greater_than" if low_strict else "greater_than_or_equal_to"
        return _Part("check", (column,), name, {"min_value": low})
    name = "less_than" if high_strict else "less_than_or_equal_to"
    return _Part("check", (column,), name, {"max_value": high})


def _expression_part(check: Expression) -> _Part:
    form = _expr.parse(check.expr)
    if isinstance(form, _expr.Range):
        return _range_part(
            form.column,
            form.low,
            form.high,
            low_strict=form.low_strict,
            high_strict=form.high_strict,
        )
    if isinstance(form, _expr.Compare):
        name = "equal_to" if form.op == "=" else "not_equal_to"
        return _Part("check", (form.column,), name, {"value": form.value})
    if isinstance(form, _expr.NotIn):
        return _Part("check", (form.column,), "notin", {"forbidden_values": list(form.values)})
    if isinstance(form, _expr.Length):
        if form.low is not None and form.low == form.high:
            stats: dict[str, Any] = {"exact_value": form.low}
        else:
            stats = {"min_value": form.low, "max_value": form.high}
        return _Part("check", (form.column,), "str_length", stats)
    if form is None:
        raise UnmappableError(
            "the SQL expression is not one of the shapes pandera has a built-in check for "
            "(column compared with a value, NOT IN, LENGTH)",
            "biểu thức SQL không thuộc dạng có phép kiểm tra dựng sẵn trong pandera "
            "(so cột với giá trị, NOT IN, LENGTH)",
        )
    raise UnmappableError(
        "pandera has no built-in check for this (a custom Check would not serialise)",
        "pandera không có phép kiểm tra dựng sẵn cho điều này",
    )


_UNMAPPED: dict[str, tuple[str, str]] = {
    "row_count": ("pandera has no built-in row-count check", "pandera không có kiểm tra số dòng"),
    "fresh": (
        "relative to the run's as-of instant; pandera checks are fixed",
        "phụ thuộc thời điểm kiểm tra; kiểm tra của pandera là cố định",
    ),
    "not_future": (
        "relative to the run's as-of instant; pandera checks are fixed",
        "phụ thuộc thời điểm kiểm tra; kiểm tra của pandera là cố định",
    ),
    "exists_in": (
        "needs a reference dataset; pandera validates one frame",
        "cần dữ liệu tham chiếu; pandera chỉ kiểm tra một bảng",
    ),
    "agrees_with": (
        "needs a reference dataset; pandera validates one frame",
        "cần dữ liệu tham chiếu; pandera chỉ kiểm tra một bảng",
    ),
    "lifecycle": (
        "needs a reference dataset; pandera validates one frame",
        "cần dữ liệu tham chiếu; pandera chỉ kiểm tra một bảng",
    ),
}


def _part(atom: Check, instant: datetime | None, timezone: str) -> _Part:
    """The pandera element one atom becomes (raises ``UnmappableError``)."""
    condition = getattr(atom, "where", None)
    if condition:
        raise UnmappableError(
            f"where {condition!r}: pandera has no conditional column checks",
            f"where {condition!r}: pandera không có kiểm tra theo điều kiện",
        )
    if isinstance(atom, NotNull):
        return _Part("nullable", atom.columns)
    if isinstance(atom, Unique):
        return _Part("unique" if len(atom.columns) == 1 else "schema_unique", atom.columns)
    if isinstance(atom, RequiredColumns):
        return _Part("required", atom.columns)
    if isinstance(atom, InSet):
        return _Part("check", atom.columns, "isin", {"allowed_values": list(atom.values)})
    if isinstance(atom, InCatalogue):
        values = sorted(catalogues.values(atom.catalogue, atom.field))
        return _Part("check", atom.columns, "isin", {"allowed_values": values})
    if isinstance(atom, Between):
        (column,) = atom.columns
        low, low_strict, high, high_strict = between_bounds(
            atom, lambda value, side: _bound(value, side, instant, timezone)
        )
        return _range_part(column, low, high, low_strict=low_strict, high_strict=high_strict)
    if isinstance(atom, Pattern):
        return _Part("check", atom.columns, "str_contains", {"pattern": atom.pattern})
    if isinstance(atom, Expression):
        return _expression_part(atom)
    en, vi = _UNMAPPED.get(
        atom.kind,
        (
            "a datacheck rule with no pandera built-in check",
            "quy tắc riêng của datacheck, pandera không có kiểm tra tương đương",
        ),
    )
    raise UnmappableError(en, vi)


def _with_options(part: _Part, atom: Check, notes: Notes) -> _Part:
    """Carry the options pandera can express (raise_warning, name); note the others."""
    where = f"check '{atom.result_ids()[0]}'"
    raise_warning = False
    if atom.threshold < 1.0:
        notes.approx(
            where,
            f"threshold {atom.threshold}: pandera has no pass-rate threshold and fails on any "
            "failing row",
            f"ngưỡng {atom.threshold}: pandera không có ngưỡng tỉ lệ đạt, mọi dòng lỗi đều "
            "làm kiểm tra thất bại",
        )
    if atom.warn is not None:
        if atom.threshold == 1.0 and atom.warn == 0.0 and part.kind == "check":
            raise_warning = True
        else:
            note_warn_band(notes, where, atom.warn, "pandera")
    if isinstance(atom, Between):
        for en, vi in _temporal_differences(part.statistics.values(), None):
            notes.approx(where, en, vi)
    name = atom.name if part.kind == "check" else None
    return dataclasses.replace(part, raise_warning=raise_warning, name=name)


def _has_time(value: Any) -> bool:
    return isinstance(value, datetime) and value.time() != time(0)


def _is_date(dtype: Any) -> bool:
    text = str(dtype).lower()
    return text == "date" or text.startswith(("date32", "date64"))


def _is_aware(dtype: Any) -> bool:
    """Whether a pandera column type is a timezone-aware date-time (polars or pandas)."""
    text = str(dtype)
    if "time_zone=" in text:
        return "time_zone=None" not in text
    return text.startswith("datetime64[") and "," in text


def _temporal_differences(bounds: Any, dtype: Any) -> list[tuple[str, str]]:
    """How a ``between`` with date or date-time bounds may count differently in pandera.

    ``dtype`` is the column's type when known (``None``: unknown, as in a datacheck suite).
    """
    values = [v for v in bounds if isinstance(v, date)]
    out = []
    if values and (dtype is None or _is_aware(dtype)):
        out.append(
            (
                "date and date-time bounds are naive: on a timezone-aware date-time column "
                "pandera compares them with the UTC values, datacheck with the local time",
                "mốc ngày và ngày-giờ không có múi giờ: trên cột ngày-giờ có múi giờ pandera "
                "so với giá trị UTC, datacheck so với giờ địa phương",
            )
        )
    if any(_has_time(v) for v in values) and (dtype is None or _is_date(dtype)):
        out.append(
            (
                "a date-time bound with a time of day: on a date column datacheck compares "
                "days, pandera compares the dates' midnight with the bound",
                "mốc ngày-giờ có giờ trong ngày: trên cột ngày datacheck so theo ngày, pandera "
                "so nửa đêm của ngày với mốc",
            )
        )
    return out


# ---------------------------------------------------------------------------- to pandera


@dataclass
class _Column:
    nullable: bool = True
    unique: bool = False
    required: bool = False
    checks: list[_Part] = field(default_factory=list)


def to_pandera(suite: Suite, *, as_of: str | date | datetime | None = None) -> Any:
    """Convert a suite to a pandera (polars) ``DataFrameSchema``.

    Parameters
    ----------
    suite
        The suite to convert.
    as_of
        Fixes bounds relative to the run (``between`` … ``max: today``) at this instant;
        without it such checks are skipped (with a warning).

    Returns
    -------
    pandera.polars.DataFrameSchema
        One ``Column`` per column the mapped checks name (``dtype=None``: any type),
        ``nullable`` from ``not_null``, ``required`` from ``required_columns``, ``unique``
        from one-column ``unique`` (compound keys go to the schema's ``unique``). Options
        and checks pandera has no place for stay in ``metadata["datacheck"]`` so that
        :func:`from_pandera` restores the suite exactly.

    Warns
    -----
    InteropWarning
        Listing the checks that have no pandera equivalent (and were left out) and the
        options pandera cannot enforce (thresholds below 1, warn bands).

    Examples
    --------
    >>> import datacheck as dc
    >>> from datacheck.checks import Between, NotNull
    >>> suite = dc.Suite(name="people", checks=[
    ...     NotNull(columns=["id"]), Between(columns=["age"], min=0, max=150)])
    >>> schema = to_pandera(suite)
    >>> schema.columns["id"].nullable, schema.columns["age"].checks
    (False, [<Check in_range: in_range(0, 150)>])
    """
    pa = require("pandera.polars", "pandera", "to_pandera")
    notes = Notes("to_pandera")
    instant = parse_as_of(as_of, suite.timezone) if as_of is not None else None
    columns: dict[str, _Column] = {}
    schema_unique: list[list[str]] = []
    origins: dict[str, list[str]] = {}
    for check in suite.checks:
        text = origin_text(check)
        for atom in atoms(check):
            try:
                part = _with_options(_part(atom, instant, suite.timezone), atom, notes)
            except UnmappableError as error:
                notes.skip(f"check '{atom.result_ids()[0]}'", error.en, error.vi)
                continue
            locator = _place(part, columns, schema_unique, notes, atom)
            if locator is not None:
                origins.setdefault(locator, []).append(text)
    pa_columns = {}
    for name, spec in columns.items():
        pa_columns[name] = pa.Column(
            None,
            checks=[_build_check(pa, part) for part in spec.checks] or None,
            nullable=spec.nullable,
            unique=spec.unique,
            required=spec.required,
            name=name,
        )
    meta: dict[str, Any] = {"suite": settings_text(suite), "origins": origins}
    if instant is not None:
        meta["as_of"] = instant.isoformat()
    schema = pa.DataFrameSchema(
        pa_columns,
        unique=schema_unique or None,
        name=suite.name,
        title=suite.title,
        description=suite.description,
        metadata={"datacheck": meta},
    )
    notes.emit()
    return schema


def _place(
    part: _Part,
    columns: dict[str, _Column],
    schema_unique: list[list[str]],
    notes: Notes,
    atom: Check,
) -> str | None:
    """Put a part into the schema being built; return its locator."""
    if part.kind == "schema_unique":
        for column in part.columns:
            columns.setdefault(column, _Column())
        schema_unique.append(list(part.columns))
        if len(schema_unique) == 2:
            notes.approx(
                f"check '{atom.result_ids()[0]}'",
                "pandera reports only the first of several compound unique keys that fails",
                "pandera chỉ báo khoá duy nhất ghép đầu tiên bị vi phạm",
            )
        return f"unique:{len(schema_unique) - 1}"
    if part.kind == "required":
        for column in part.columns:
            columns.setdefault(column, _Column()).required = True
        return "required"
    (column,) = part.columns
    spec = columns.setdefault(column, _Column())
    if part.kind == "nullable":
        spec.nullable = False
        return f"column:{column}:nullable"
    if part.kind == "unique":
        spec.unique = True
        return f"column:{column}:unique"
    spec.checks.append(part)
    return f"column:{column}:check:{len(spec.checks) - 1}"


def _build_check(pa: Any, part: _Part) -> Any:
    factory = getattr(pa.Check, part.check_name or "")
    stats = {k: v for k, v in part.statistics.items() if v is not None}
    options: dict[str, Any] = {}
    if part.raise_warning:
        options["raise_warning"] = True
    if part.name is not None:
        options["name"] = part.name
    if part.check_name == "in_range":
        return factory(
            stats["min_value"],
            stats["max_value"],
            include_min=stats["include_min"],
            include_max=stats["include_max"],
            **options,
        )
    if part.check_name == "str_length":
        return factory(**stats, **options)
    (value,) = stats.values()
    return factory(value, **options)


# ---------------------------------------------------------------------------- from pandera


def _builtin_name(check: Any) -> str | None:
    fn = getattr(check, "_check_fn", None)
    fn_name = getattr(fn, "__name__", None)
    if fn_name in _BUILTINS and str(getattr(fn, "__module__", "")).startswith("pandera"):
        return str(fn_name)
    name = getattr(check, "name", None)
    if name in _BUILTINS and getattr(check, "statistics", None):
        return str(name)
    return None


def _is_float(dtype: Any) -> bool:
    return str(dtype).lower().startswith("float")


def _date_max(value: Any) -> Any:
    """A date maximum compared as polars does (midnight), for ``between``'s whole-day rule."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    return value


def _literal_ok(*values: Any) -> None:
    for value in values:
        if value is None:
            continue
        try:
            _expr.literal(value)
        except _expr.UnrenderableError as error:
            raise UnmappableError(str(error), f"giá trị không biểu diễn được: {value!r}") from None


def _range_check(
    column: str, low: Any, high: Any, *, low_strict: bool = False, high_strict: bool = False
) -> Check:
    if not low_strict and not high_strict:
        return Between(columns=(column,), min=low, max=_date_max(high))
    _literal_ok(low, high)
    form = _expr.Range(column, low, low_strict, high, high_strict)
    return Expression(expr=_expr.render(form), column=column)


def _check_to_datacheck(
    column: str, kind: str, stats: Mapping[str, Any], *, python_regex: bool = False
) -> Check:
    """The datacheck check a pandera built-in check on ``column`` becomes.

    ``python_regex``: the schema is of pandera's pandas API, whose ``str_matches`` and
    ``str_contains`` use Python's ``re`` (patterns already translated by the caller).
    """
    s = {k: plain_value(v) for k, v in stats.items()}
    if kind == "isin":
        values = s["allowed_values"]
        # a string is a set of characters to pandera
        return InSet(columns=(column,), values=tuple(values))
    if kind == "equal_to":
        return InSet(columns=(column,), values=(s["value"],))
    if kind in ("greater_than_or_equal_to", "greater_than"):
        return _range_check(column, s["min_value"], None, low_strict=kind == "greater_than")
    if kind in ("less_than_or_equal_to", "less_than"):
        return _range_check(column, None, s["max_value"], high_strict=kind == "less_than")
    if kind == "in_range":
        return _range_check(
            column,
            s["min_value"],
            s["max_value"],
            low_strict=not s.get("include_min", True),
            high_strict=not s.get("include_max", True),
        )
    if kind in ("notin", "not_equal_to"):
        values = s["forbidden_values"] if kind == "notin" else [s["value"]]
        values = list(values) if isinstance(values, str) else values
        _literal_ok(*values)
        if kind == "not_equal_to":
            form: _expr.Form = _expr.Compare(column, "<>", values[0])
        else:
            form = _expr.NotIn(column, tuple(values))
        return Expression(expr=_expr.render(form), column=column)
    if kind == "str_matches":
        pattern = _pattern_text(s["pattern"])
        if python_regex:
            # pandas: re.match anchors the whole pattern, every alternative included
            return Pattern(columns=(column,), pattern=f"^(?:{pattern})")
        # polars: pandera prefixes "^" to the text, which anchors only the first alternative
        return Pattern(
            columns=(column,), pattern=pattern if pattern.startswith("^") else f"^{pattern}"
        )
    if kind == "str_contains":
        return Pattern(columns=(column,), pattern=_pattern_text(s["pattern"]))
    if kind == "str_startswith":
        return Pattern(columns=(column,), pattern="^" + _escape(str(s["string"])))
    if kind == "str_endswith":
        return Pattern(columns=(column,), pattern=_escape(str(s["string"])) + "$")
    if kind == "str_length":
        exact = s.get("exact_value")
        low, high = (
            (exact, exact) if exact is not None else (s.get("min_value"), s.get("max_value"))
        )
        form = _expr.Length(column, low, high)
        return Expression(expr=_expr.render(form), column=column)
    raise UnmappableError(
        "checks the set of distinct values, not each row; datacheck counts failing rows",
        "kiểm tra tập giá trị phân biệt chứ không từng dòng; datacheck đếm dòng lỗi",
    )


def _pattern_text(pattern: Any) -> str:
    return str(getattr(pattern, "pattern", pattern))


def _check_label(check: Any) -> str:
    error = getattr(check, "error", None)
    name = getattr(check, "name", None)
    return str(error or name or "custom check")


def _from_check(
    column: str, check: Any, notes: Notes, dtype: Any = None, *, python_regex: bool = False
) -> Check | None:
    """Convert one pandera column check, noting what does not convert.

    ``dtype`` is the column's pandera type (``None``: any); ``python_regex`` says the schema
    is of the pandas API (patterns in Python's dialect).
    """
    where = f"column '{column}': check {_check_label(check)}"
    if getattr(check, "groupby", None) is not None or getattr(check, "groups", None):
        notes.skip(
            where,
            "grouped checks (groupby=) have no datacheck equivalent",
            "kiểm tra theo nhóm (groupby=) không có tương đương trong datacheck",
        )
        return None
    kind = _builtin_name(check)
    if kind is None or getattr(check, "element_wise", False):
        notes.skip(
            where,
            "a custom check function: Python code cannot be translated (write it as an "
            "'expression' check)",
            "hàm kiểm tra tự viết: không dịch được mã Python (hãy viết lại bằng phép 'expression')",
        )
        return None
    stats = dict(getattr(check, "statistics", {}) or {})
    differences: list[tuple[str, str]] = []
    if python_regex and kind in ("str_matches", "str_contains"):
        pattern, differences = _regex.to_rust(_pattern_text(stats.get("pattern")))
        stats["pattern"] = pattern
    try:
        converted = _check_to_datacheck(column, kind, stats, python_regex=python_regex)
    except UnmappableError as error:
        notes.skip(where, error.en, error.vi)
        return None
    except DatacheckError as error:
        notes.skip(where, error.en, error.vi)
        return None
    if isinstance(converted, Between):
        bounds = (plain_value(converted.min), plain_value(converted.max))
        differences.extend(_temporal_differences(bounds, dtype))
    for en, vi in differences:
        notes.approx(where, en, vi)
    options: dict[str, Any] = {}
    name = getattr(check, "name", None)
    if isinstance(name, str) and name not in _BUILTINS and name != kind:
        options["name"] = name
    elif isinstance(converted, Expression):
        options["name"] = f"{kind}:{column}"
    if getattr(check, "raise_warning", False):
        options["warn"] = 0.0
    if getattr(check, "ignore_na", True) is False:
        notes.approx(
            where,
            "ignore_na=False: pandera fails nulls in this check; datacheck leaves nulls to "
            "not_null (nullable=False)",
            "ignore_na=False: pandera tính null là lỗi của phép này; datacheck để null cho "
            "not_null",
        )
    return dataclasses.replace(converted, **options) if options else converted


def _signature_of(column: str, check: Any) -> str | None:
    kind = _builtin_name(check)
    if kind is None:
        return None
    stats = dict(getattr(check, "statistics", {}) or {})
    if kind == "str_length":
        stats = {k: stats.get(k) for k in ("min_value", "max_value", "exact_value")}
    return _Part(
        "check", (column,), kind, stats, bool(getattr(check, "raise_warning", False))
    ).signature()


def _atom_signature(atom: Check, instant: datetime | None, timezone: str) -> str | None:
    try:
        part = _with_options(_part(atom, instant, timezone), atom, Notes(""))
    except UnmappableError:
        return None
    if part.kind == "check" and part.check_name == "str_length":
        stats = {k: part.statistics.get(k) for k in ("min_value", "max_value", "exact_value")}
        part = dataclasses.replace(part, statistics=stats)
    return part.signature()


def from_pandera(schema: Any, *, name: str | None = None) -> Suite:
    """Convert a pandera schema (polars or pandas API, or a ``DataFrameModel``) to a suite.

    Parameters
    ----------
    schema
        A ``DataFrameSchema`` or a ``DataFrameModel`` class.
    name
        The suite id (default: the schema's name in snake_case, else ``pandera_schema``).

    Returns
    -------
    Suite
        ``required_columns`` for the required columns, ``not_null`` for the non-nullable
        ones, ``unique`` for unique columns and keys, and one check per built-in check that
        maps (see the module's table). A schema made by :func:`to_pandera` converts back to
        the original suite.

    Warns
    -----
    InteropWarning
        Listing every part not converted (column types, custom and grouped checks,
        container options) or converted with a difference, with the reason.

    Examples
    --------
    >>> import warnings
    >>> import pandera.polars as pa
    >>> schema = pa.DataFrameSchema({
    ...     "id": pa.Column(str, unique=True),
    ...     "age": pa.Column(int, pa.Check.gt(0), nullable=True)}, name="people")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # column types are not checked
    ...     suite = from_pandera(schema)
    >>> [c.params() for c in suite.checks]  # doctest: +NORMALIZE_WHITESPACE
    [{'check': 'required_columns', 'columns': ['id', 'age']},
     {'check': 'not_null', 'columns': ['id']},
     {'check': 'unique', 'columns': ['id']},
     {'check': 'expression', 'name': 'greater_than:age', 'expr': '"age" > 0', 'column': 'age'}]
    """
    schema = _schema_of(schema)
    meta = getattr(schema, "metadata", None) or {}
    meta = meta.get("datacheck", {}) if isinstance(meta, Mapping) else {}
    reader = _Reader(meta if isinstance(meta, Mapping) else {})
    reader.python_regex = not type(schema).__module__.startswith("pandera.api.polars")
    columns: Mapping[str, Any] = schema.columns
    required = [
        column
        for column, spec in columns.items()
        if getattr(spec, "required", True) and not getattr(spec, "regex", False)
    ]
    if required:
        reader.items.extend(_required_atoms(required, reader.origins.get("required") or ()))
    for column, spec in columns.items():
        reader.column(column, spec)
    keys = _unique_keys(getattr(schema, "unique", None))
    for index, key in enumerate(keys):
        kind = "schema_unique" if len(key) > 1 else "unique"
        reader.add(
            Unique(columns=tuple(key)), f"unique:{index}", _Part(kind, tuple(key)).signature()
        )
    notes = reader.notes
    if len(keys) > 1:
        notes.approx(
            "schema unique keys",
            "pandera reports only the first failing key; datacheck checks every key",
            "pandera chỉ báo khoá đầu tiên bị vi phạm; datacheck kiểm tra mọi khoá",
        )
    for check in getattr(schema, "checks", None) or ():
        notes.skip(
            f"dataframe-level check {_check_label(check)}",
            "checks on the whole frame run on every column or on custom code; write them "
            "as column checks or an 'expression'",
            "kiểm tra trên cả bảng: hãy viết thành kiểm tra theo cột hoặc 'expression'",
        )
    _container_notes(schema, notes)
    if reader.types:
        notes.skip(
            "column types (" + ", ".join(reader.types) + ")",
            "datacheck has no type check: a wrong type shows as errors or failures of the "
            "value checks",
            "datacheck không kiểm tra kiểu dữ liệu: kiểu sai hiện ra qua lỗi của các phép "
            "kiểm tra giá trị",
        )
    suite = _suite(reader.settings, name, schema, assemble(reader.items))
    notes.emit()
    return suite


def _required_atoms(required: list[str], texts: Sequence[str]) -> list[Atom]:
    restored = [check_from_origin(t) for t in texts]
    valid = [c for c in restored if isinstance(c, RequiredColumns)]
    if valid and len(valid) == len(restored):
        union = {c for check in valid for c in check.columns}
        if union == set(required):
            return [Atom(check, check) for check in dict.fromkeys(valid)]
    return [Atom(RequiredColumns(columns=tuple(required)))]


class _Reader:
    """State of one :func:`from_pandera` conversion: notes, origins, converted atoms."""

    def __init__(self, meta: Mapping[str, Any]) -> None:
        self.notes = Notes("from_pandera")
        origins = meta.get("origins") or {}
        self.origins: Mapping[str, Sequence[str]] = origins if isinstance(origins, Mapping) else {}
        self.settings = restore_settings(meta.get("suite"))
        self.timezone = str(self.settings.get("timezone", "Asia/Ho_Chi_Minh"))
        self.instant = parse_instant(meta.get("as_of"))
        self.items: list[Atom] = []
        self.types: list[str] = []
        # pandas API: str_matches and str_contains use Python's re, not polars' Rust regex
        self.python_regex = False

    def origin(self, locator: str) -> Check | None:
        """The check a :func:`to_pandera` schema recorded at ``locator``, if any."""
        texts = self.origins.get(locator) or ()
        return check_from_origin(texts[0]) if texts else None

    def add(
        self, natural: Check | None, locator: str, signature: str | None, column: str | None = None
    ) -> bool:
        """Add the element's origin if it still agrees, else ``natural``; False if neither."""

        def same(atom: Check) -> bool:
            found = _atom_signature(atom, self.instant, self.timezone)
            return signature is not None and found == signature

        found = restore(natural, self.origin(locator), column, same)
        if found is None:
            return False
        self.items.append(found)
        return True

    def column(self, column: str, spec: Any) -> None:
        """Convert one pandera column: presence, nullability, uniqueness, checks."""
        notes = self.notes
        if getattr(spec, "regex", False):
            notes.skip(
                f"column pattern '{column}' (regex=True)",
                "rules for every column whose name matches a pattern: name the columns instead",
                "quy tắc cho mọi cột khớp mẫu tên: hãy ghi rõ tên cột",
            )
            return
        dtype = getattr(spec, "dtype", None)
        if dtype is not None:
            self.types.append(f"{column}: {dtype}")
        for option, en, vi in (
            ("coerce", "datacheck never changes the data", "datacheck không bao giờ sửa dữ liệu"),
            ("default", "datacheck never fills values", "datacheck không điền giá trị"),
            ("drop_invalid_rows", "datacheck never drops rows", "datacheck không xoá dòng"),
        ):
            if getattr(spec, option, None) not in (None, False):
                notes.skip(f"column '{column}': {option}", en, vi)
        if not getattr(spec, "nullable", False):
            signature = _Part("nullable", (column,)).signature()
            self.add(NotNull(columns=(column,)), f"column:{column}:nullable", signature, column)
            if _is_float(dtype):
                notes.approx(
                    f"column '{column}': nullable=False",
                    "pandera also fails NaN in float columns; datacheck's not_null fails nulls "
                    "only",
                    "pandera tính cả NaN là thiếu; not_null của datacheck chỉ tính null",
                )
        if getattr(spec, "unique", False):
            signature = _Part("unique", (column,)).signature()
            self.add(Unique(columns=(column,)), f"column:{column}:unique", signature)
        for index, check in enumerate(getattr(spec, "checks", None) or ()):
            locator = f"column:{column}:check:{index}"
            if self.add(None, locator, _signature_of(column, check), column):
                continue
            natural = _from_check(column, check, notes, dtype, python_regex=self.python_regex)
            if natural is not None:
                self.items.append(Atom(natural))


def _unique_keys(unique: Any) -> list[list[str]]:
    if not unique:
        return []
    if isinstance(unique, str):
        return [[unique]]
    if all(isinstance(u, str) for u in unique):
        return [list(unique)]
    return [[u] if isinstance(u, str) else list(u) for u in unique]


def _container_notes(schema: Any, notes: Notes) -> None:
    flags = (
        ("strict", "extra columns are not checked", "không kiểm tra cột thừa"),
        ("ordered", "column order is not checked", "không kiểm tra thứ tự cột"),
        ("coerce", "datacheck never changes the data", "datacheck không bao giờ sửa dữ liệu"),
        ("add_missing_columns", "datacheck never adds columns", "datacheck không thêm cột"),
        ("drop_invalid_rows", "datacheck never drops rows", "datacheck không xoá dòng"),
    )
    for option, en, vi in flags:
        if getattr(schema, option, False) not in (False, None):
            notes.skip(f"schema option {option}={getattr(schema, option)!r}", en, vi)
    if getattr(schema, "dtype", None) is not None:
        notes.skip(
            f"schema dtype {schema.dtype}",
            "datacheck has no type check",
            "datacheck không kiểm tra kiểu dữ liệu",
        )
    if getattr(schema, "index", None) is not None:
        notes.skip(
            "index",
            "datacheck checks columns; a pandas index is not a column",
            "datacheck kiểm tra cột; chỉ mục pandas không phải cột",
        )
    report = getattr(schema, "report_duplicates", "all")
    if report not in ("all", None):
        notes.approx(
            f"report_duplicates={report!r}",
            "datacheck counts every row of a duplicated key",
            "datacheck tính mọi dòng của khoá trùng",
        )


def _suite(
    settings: Mapping[str, Any], name: str | None, schema: Any, checks: list[Check]
) -> Suite:
    data = dict(settings)
    data["suite"] = (
        name or data.get("suite") or snake_name(getattr(schema, "name", None), "pandera_schema")
    )
    for key in ("title", "description"):
        value = getattr(schema, key, None)
        if isinstance(value, str) and value:
            data[key] = value
    data["checks"] = []
    try:
        base = Suite.from_dict(data)
    except DatacheckError:
        base = Suite.from_dict({"suite": data["suite"], "checks": []})
    return dataclasses.replace(base, checks=tuple(checks))
