"""The check protocol, the measures checks compile to, and the registry of check names.

A check is a small frozen dataclass. It never runs anything itself: given a
:class:`CompileContext` (schema, as-of instant, suite settings) it returns one
:class:`Measure` per result. A measure is a pair of Polars aggregate expressions
(``evaluated`` and ``failed``) plus optional detail aggregates, evaluated in the frame of
its :class:`~datacheck.engine.stages.Stage` (the scan itself, a ``group_by`` on a key, or a
join with a reference). The engine merges every measure of a stage into one query and
never looks at a check's kind.

The registry (:func:`register`) is the only list of check names: YAML suites, the
``datacheck checks`` command and the documentation all derive from it.

Examples
--------
>>> from datacheck.checks import NotNull
>>> check = NotNull(columns=["person_id"], severity="critical")
>>> check.result_ids()
['not_null:person_id']
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar

import polars as pl

from datacheck._coerce import coerce_fields, to_plain
from datacheck.checks._sql import sql_row_expr
from datacheck.dimensions import Dimension, DimensionName, Severity, SeverityName
from datacheck.engine.decompose import is_single_value, restrict_aggregate
from datacheck.engine.stages import ROW_STAGE, Stage
from datacheck.errors import CheckDefinitionError, did_you_mean, did_you_mean_vi

__all__ = [
    "Check",
    "ColumnKind",
    "CompileContext",
    "Measure",
    "RowCheck",
    "RowRule",
    "SampleInputs",
    "check_class",
    "register",
    "registered_checks",
]

C = TypeVar("C", bound="type[Check]")

_REGISTRY: dict[str, type[Check]] = {}
_PLUGINS_LOADED = False


@dataclass(frozen=True)
class ColumnKind:
    """The kind of column a check accepts, with its name for error messages.

    Examples
    --------
    >>> import polars as pl
    >>> STRING.accepts(pl.String)
    True
    >>> STRING.accepts(pl.Int64)
    False
    """

    name_en: str
    name_vi: str
    predicate: Callable[[pl.DataType], bool]

    def accepts(self, dtype: pl.DataType | type[pl.DataType]) -> bool:
        """Return whether a column of ``dtype`` can be checked."""
        instance = dtype() if isinstance(dtype, type) else dtype
        return self.predicate(instance)


def _is_string(dtype: pl.DataType) -> bool:
    return dtype in (pl.String, pl.Categorical, pl.Enum) or isinstance(
        dtype, pl.Categorical | pl.Enum
    )


def _is_temporal(dtype: pl.DataType) -> bool:
    return dtype.is_temporal() and not isinstance(dtype, pl.Duration | pl.Time)


ANY = ColumnKind("any column", "cột bất kỳ", lambda _dtype: True)
STRING = ColumnKind("a string column", "cột chuỗi", _is_string)
TEMPORAL = ColumnKind("a date or datetime column", "cột ngày hoặc ngày-giờ", _is_temporal)
ORDERED = ColumnKind(
    "a numeric, string, date or datetime column",
    "cột số, chuỗi, ngày hoặc ngày-giờ",
    # not Duration or Time: their bounds would be read in the column's internal units
    lambda dtype: (
        dtype.is_numeric() or _is_string(dtype) or isinstance(dtype, pl.Date | pl.Datetime)
    ),
)


@dataclass(frozen=True)
class CompileContext:
    """What a check may know when it compiles: the data's shape and the run's settings.

    Parameters
    ----------
    schema
        Column names and types of the data under test.
    as_of
        The run's as-of instant, timezone-aware, in the suite's timezone.
    timezone
        The suite's timezone: naive timestamps are read in it.
    placeholders
        Suite-wide placeholder values meaning "missing" (compared trimmed and case-folded).
    key
        The record key columns shown with failing samples (may be empty).
    reference_schemas
        Schemas of the named reference datasets available for cross-dataset checks.
    sample_size
        How many failing records each result keeps as samples.
    """

    schema: pl.Schema
    as_of: datetime
    timezone: str = "Asia/Ho_Chi_Minh"
    placeholders: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    reference_schemas: Mapping[str, pl.Schema] = field(default_factory=dict)
    sample_size: int = 5


@dataclass(frozen=True)
class SampleInputs:
    """Everything a measure may use to build its bounded query for failing samples."""

    base: pl.LazyFrame
    references: Mapping[str, pl.LazyFrame]
    details: Mapping[str, Any]
    key: tuple[str, ...]


SampleQuery = Callable[[SampleInputs], pl.LazyFrame]


@dataclass(frozen=True)
class Measure:
    """One result's worth of work: aggregates in the frame of one stage.

    Parameters
    ----------
    check
        The check this measure belongs to (threshold, severity, name …).
    columns
        The columns this result is about (shown as ``columns`` in the result).
    stage
        Where the aggregates are evaluated: the scan, a group-by, or a join.
    evaluated, failed
        Aggregate expressions yielding one integer each.
    details
        Named aggregate expressions whose values go to the result's ``details``.
    group_aggs
        For group-by and join stages: per-group aggregates the stage must compute.
    failing
        Row expression in the stage's frame, true on failing rows: the engine's bounded
        sample query filters on it.
    sample_columns
        What a sample shows besides the record key: label → expression in the stage's
        frame (defaults to the ``inputs`` columns).
    samples
        Overrides the sample query: builds a lazy frame listing failing records.
    inputs
        Every source column the measure reads (validated before the run).
    column_kind
        The kind of column the check accepts, validated for ``columns`` before the run.
    reference_inputs
        ``(reference, column)`` pairs the measure reads from references (validated too).
    derived
        Row columns the stage computes once (``with_columns``) before grouping, joining or
        aggregating; see :class:`RowRule`.
    reads_single_keys
        For group-by stages: whether the aggregates read the key values of one-row groups
        (beyond whether they are null). ``False`` (``unique``) lets the engine group digit
        keys by sorting and leave those keys out (see :mod:`datacheck.engine.digit_keys`).
    """

    check: Check
    columns: tuple[str, ...]
    stage: Stage
    evaluated: pl.Expr
    failed: pl.Expr
    details: Mapping[str, pl.Expr] = field(default_factory=dict)
    group_aggs: Mapping[str, pl.Expr] = field(default_factory=dict)
    failing: pl.Expr | None = None
    sample_columns: Mapping[str, pl.Expr] = field(default_factory=dict)
    samples: SampleQuery | None = None
    inputs: tuple[str, ...] = ()
    column_kind: ColumnKind = ANY
    reference_inputs: tuple[tuple[str, str], ...] = ()
    derived: Mapping[str, pl.Expr] = field(default_factory=dict)
    reads_single_keys: bool = True

    @property
    def id(self) -> str:
        """The result id: the check's name, else ``check:col1+col2`` (or ``check``)."""
        return self.check.result_id(self.columns)


@dataclass(frozen=True, kw_only=True)
class Check:
    """Base of every check: the options all checks share.

    Parameters
    ----------
    name
        Optional result id; defaults to ``check:col1+col2``.
    dimension
        Overrides the check's default dimension.
    threshold
        Minimum pass rate for status ``pass`` (default 1.0).
    warn
        Pass rates in ``[warn, threshold)`` give status ``warn`` instead of ``fail``.
    severity
        ``normal`` or ``critical`` (counts three times in its dimension score).
    weight
        Weight of the check in its dimension score (default 1).
    where
        Optional SQL condition (parsed by ``polars.sql_expr``) restricting the rows the check
        evaluates: a row is in scope only where the condition is true (false or null: out of
        scope, neither evaluated nor failed). Supported by row-level checks
        (``supports_where``), e.g. ``not_null`` of ``applicant_person_id`` with
        ``where: applicant_type = 'individual'``.
    """

    kind: ClassVar[str] = ""
    default_dimension: ClassVar[Dimension] = Dimension.CORRECT
    summary: ClassVar[tuple[str, str]] = ("", "")
    #: Whether the check honours ``where`` (its measures are built by :func:`row_measure`).
    supports_where: ClassVar[bool] = False

    name: str | None = None
    dimension: Dimension | DimensionName | None = None
    threshold: float = 1.0
    warn: float | None = None
    severity: Severity | SeverityName = Severity.NORMAL
    weight: float = 1.0
    where: str | None = None

    def __post_init__(self) -> None:
        coerce_fields(self)
        self._check_where()
        where = f"check '{self.kind}'"
        if not 0.0 <= self.threshold <= 1.0:
            raise CheckDefinitionError(
                f"{where}: 'threshold' must be between 0 and 1, found {self.threshold}",
                f"{where}: 'threshold' phải trong khoảng 0 đến 1, nhận được {self.threshold}",
            )
        if self.warn is not None and not 0.0 <= self.warn <= self.threshold:
            raise CheckDefinitionError(
                f"{where}: 'warn' must be between 0 and threshold {self.threshold}, "
                f"found {self.warn}",
                f"{where}: 'warn' phải trong khoảng 0 đến ngưỡng {self.threshold}, "
                f"nhận được {self.warn}",
            )
        if self.weight < 0:
            raise CheckDefinitionError(
                f"{where}: 'weight' must be >= 0, found {self.weight}",
                f"{where}: 'weight' phải >= 0, nhận được {self.weight}",
            )

    def _check_where(self) -> None:
        if self.where is None:
            return
        if not self.supports_where:
            raise CheckDefinitionError(
                f"check '{self.kind}' does not support 'where' (only row-level checks do)",
                f"phép kiểm tra '{self.kind}' không hỗ trợ 'where' (chỉ các phép kiểm tra "
                "theo bản ghi)",
                key="where",
            )
        self.scope()

    def scope(self) -> pl.Expr | None:
        """The ``where`` condition as a Polars expression (``None`` without one).

        Examples
        --------
        >>> from datacheck.checks import NotNull
        >>> NotNull(columns=["pid"], where="kind = 'person'").scope_columns()
        ('kind',)
        """
        if self.where is None:
            return None
        return sql_row_expr(self.where, self.kind, "where")

    def scope_columns(self) -> tuple[str, ...]:
        """The columns the ``where`` condition reads."""
        scope = self.scope()
        return () if scope is None else tuple(dict.fromkeys(scope.meta.root_names()))

    @property
    def effective_dimension(self) -> Dimension:
        """The dimension results of this check count towards."""
        return self.default_dimension if self.dimension is None else Dimension(self.dimension)

    def result_columns(self) -> list[tuple[str, ...]]:
        """The ``columns`` of each result this check yields, in order."""
        return [()]

    def result_id(self, columns: Sequence[str]) -> str:
        """Return the id of the result about ``columns``."""
        if self.name is not None:
            if len(self.result_columns()) > 1:
                return f"{self.name}:{'+'.join(columns)}"
            return self.name
        return f"{self.kind}:{'+'.join(columns)}" if columns else self.kind

    def derived_name(self, columns: Sequence[str], label: str) -> str:
        """A suite-unique name for a derived row column of the result about ``columns``.

        Examples
        --------
        >>> from datacheck.checks import NotNull
        >>> NotNull(columns=["a"]).derived_name(["a"], "key")
        '__datacheck_derived__not_null:a__key'
        """
        return f"__datacheck_derived__{self.result_id(columns)}__{label}"

    def result_ids(self) -> list[str]:
        """The ids of all results this check yields."""
        return [self.result_id(cols) for cols in self.result_columns()]

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """Compile the check into one measure per result."""
        raise NotImplementedError

    def params(self) -> dict[str, Any]:
        """The check's parameters as plain data (non-default fields only), for YAML/JSON."""
        out: dict[str, Any] = {"check": self.kind}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            default = f.default if f.default is not dataclasses.MISSING else dataclasses.MISSING
            if default is not dataclasses.MISSING and value == default:
                continue
            out[f.name] = to_plain(value)
        return out


@dataclass(frozen=True)
class RowRule:
    """A row-level rule: which rows are evaluated and which of them fail.

    Parameters
    ----------
    applies
        Boolean row expression: the row is evaluated (nulls here mean "not evaluated");
        ``None`` means every row is evaluated.
    fails
        Boolean row expression: the evaluated row fails (nulls mean "passes").
    details
        Extra named aggregates for the result's details.
    derived
        Row columns computed ONCE before the aggregates (a ``with_columns``), for work that
        ``applies``, ``fails`` and ``details`` share: the streaming engine does not share
        repeated subexpressions between aggregates. Name them with
        :meth:`Check.derived_name` and reference them with ``pl.col(name)``.
    """

    applies: pl.Expr | None
    fails: pl.Expr
    details: Mapping[str, pl.Expr] = field(default_factory=dict)
    derived: Mapping[str, pl.Expr] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RowCheck(Check):
    """A check evaluated row by row, one result per column in ``columns``.

    Subclasses implement :meth:`rule` for one column; evaluation, counting and samples
    are shared.
    """

    column_kind: ClassVar[ColumnKind] = ANY
    supports_where: ClassVar[bool] = True

    columns: Sequence[str]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.columns:
            raise CheckDefinitionError(
                f"check '{self.kind}': 'columns' must name at least one column",
                f"phép kiểm tra '{self.kind}': 'columns' phải có ít nhất một cột",
            )

    def result_columns(self) -> list[tuple[str, ...]]:
        """One result per column."""
        return [(column,) for column in self.columns]

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Return the rule for one column."""
        raise NotImplementedError

    def extra_inputs(self, column: str) -> tuple[str, ...]:
        """Source columns the rule reads besides ``column``."""
        del column
        return ()

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One row-stage measure per column."""
        measures = []
        for column in self.columns:
            rule = self.rule(column, ctx)
            inputs = (column, *self.extra_inputs(column))
            measures.append(row_measure(self, (column,), rule, ROW_STAGE, self.column_kind, inputs))
        return measures


def _rows_where(mask: pl.Expr) -> pl.Expr:
    """How many rows ``mask`` holds for, also when it is one value for the whole frame.

    A constant or an aggregate (``where: COUNT(DISTINCT k) > 1``, ``expr: FALSE``) holds for
    every row or none: its sum would count it once (per partition), not per row.
    """
    if is_single_value(mask):
        return pl.when(mask).then(pl.len()).otherwise(0).cast(pl.Int64)
    return mask.sum().cast(pl.Int64)


def row_measure(  # noqa: PLR0917
    check: Check,
    columns: tuple[str, ...],
    rule: RowRule,
    stage: Stage,
    column_kind: ColumnKind,
    inputs: tuple[str, ...],
    **extra: Any,
) -> Measure:
    """Build a measure counting a row rule's evaluated and failed rows.

    Failing samples are the rows where the rule applies and fails, with the record key and
    the measure's inputs. The check's ``where`` condition, if any, narrows the rows the rule
    applies to (a null condition counts as false), and the rows its details count.
    """
    fails = rule.fails.fill_null(value=False)
    scope = check.scope()
    applies_expr = rule.applies
    details = dict(rule.details)
    if scope is not None:
        scoped = scope.fill_null(value=False)
        applies_expr = scoped if applies_expr is None else scoped & applies_expr
        inputs = tuple(dict.fromkeys([*inputs, *check.scope_columns()]))
        # the details count the rows in scope alone, as ``evaluated`` and ``failed`` do
        details = {name: restrict_aggregate(expr, scoped) for name, expr in details.items()}
    if applies_expr is None:
        evaluated = pl.len().cast(pl.Int64)
        failing = fails
    else:
        applies = applies_expr.fill_null(value=False)
        evaluated = _rows_where(applies)
        failing = applies & fails
    return Measure(
        check=check,
        columns=columns,
        stage=stage,
        evaluated=evaluated,
        failed=_rows_where(failing),
        details=details,
        failing=failing,
        inputs=inputs,
        column_kind=column_kind,
        derived=dict(rule.derived),
        **extra,
    )


def register(name: str) -> Callable[[C], C]:
    """Register a check class under its YAML name.

    Parameters
    ----------
    name
        The name used in suites (``check: name``); snake_case, unique.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @register("my_positive")
    ... @dataclass(frozen=True, kw_only=True)
    ... class Positive(RowCheck):
    ...     def rule(self, column, ctx):
    ...         return RowRule(pl.col(column).is_not_null(), pl.col(column) <= 0)
    >>> check_class("my_positive") is Positive
    True
    >>> unregister("my_positive")
    """

    def decorate(cls: C) -> C:
        existing = _REGISTRY.get(name)
        if existing is not None and existing is not cls:
            msg = f"check name '{name}' is already registered by {existing.__qualname__}"
            raise ValueError(msg)
        cls.kind = name
        if "__init__" in cls.__dict__ and not getattr(cls.__init__, "_checks_arguments", False):
            cls.__init__ = _checking_arguments(name, cls.__init__)  # type: ignore[method-assign]
        _REGISTRY[name] = cls
        return cls

    return decorate


def _checking_arguments(kind: str, init: Callable[..., None]) -> Callable[..., None]:
    """``init`` refusing unknown or missing parameters with a :class:`CheckDefinitionError`.

    Python would raise a bare ``TypeError``; this names the check, the parameter and the
    closest known one, as a suite's YAML does.
    """
    signature = inspect.signature(init)
    accepted = [p for p in signature.parameters if p != "self"]

    @functools.wraps(init)
    def checked(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError:
            unknown = [k for k in kwargs if k not in signature.parameters]
            if unknown:
                key = unknown[0]
                raise CheckDefinitionError(
                    f"check '{kind}': unknown parameter {key!r}{did_you_mean(key, accepted)}; "
                    f"expected one of {', '.join(sorted(accepted))}",
                    f"phép kiểm tra '{kind}': tham số không hợp lệ {key!r}"
                    f"{did_you_mean_vi(key, accepted)}; cần một trong "
                    f"{', '.join(sorted(accepted))}",
                    key=key,
                ) from None
            missing = [
                p.name
                for p in signature.parameters.values()
                if p.name != "self" and p.default is p.empty and p.name not in kwargs
            ]
            if missing and not args:
                listed = ", ".join(map(repr, missing))
                raise CheckDefinitionError(
                    f"check '{kind}': missing required parameter(s) {listed}",
                    f"phép kiểm tra '{kind}': thiếu tham số bắt buộc {listed}",
                    key=missing[0],
                ) from None
            raise CheckDefinitionError(
                f"check '{kind}': parameters are given by name (e.g. columns=[...]), "
                f"found {len(args)} given by position",
                f"phép kiểm tra '{kind}': tham số phải ghi theo tên (ví dụ columns=[...]), "
                "nhận được "
                f"{len(args)} tham số theo vị trí",
            ) from None
        init(self, *args, **kwargs)

    checked._checks_arguments = True  # type: ignore[attr-defined]
    return checked


def unregister(name: str) -> None:
    """Remove a registered check (for tests and plugins that replace a check)."""
    _REGISTRY.pop(name, None)


def _load_plugins() -> None:
    global _PLUGINS_LOADED  # noqa: PLW0603
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    for entry_point in importlib.metadata.entry_points(group="datacheck.checks"):
        entry_point.load()


def registered_checks() -> Mapping[str, type[Check]]:
    """Every registered check class by name (built-ins and entry-point plugins).

    Examples
    --------
    >>> "not_null" in registered_checks()
    True
    """
    import datacheck.checks  # noqa: PLC0415  (registering built-ins needs the package)
    import datacheck.vn  # noqa: F401, PLC0415  (and the Vietnamese checks, loaded on first use)

    _load_plugins()
    return dict(sorted(_REGISTRY.items()))


def check_class(name: str) -> type[Check]:
    """Return the check class registered as ``name``.

    Raises
    ------
    CheckDefinitionError
        If no check has that name; the message suggests the closest name.
    """
    checks = registered_checks()
    if name in checks:
        return checks[name]
    raise CheckDefinitionError(
        f"unknown check {name!r}{did_you_mean(name, checks)}",
        f"không có phép kiểm tra {name!r}{did_you_mean_vi(name, checks)}",
    )
