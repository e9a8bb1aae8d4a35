"""The profiling queries: ONE streaming ``select`` over the scan, and a bounded second query.

The first query measures, for every column, its nulls and — by type — its exact distinct
count, range, shape counts and the ``evaluated``/``failed`` aggregates of every candidate
check (the real checks, compiled as in a run, so their shared row facts are derived columns
computed once). The second query counts the values of the low-cardinality text columns only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Final

import polars as pl

from datacheck.checks.base import STRING, TEMPORAL, Check, CompileContext
from datacheck.checks.clean import NormalizedText
from datacheck.checks.correct import Between
from datacheck.checks.live import Fresh, NotFuture
from datacheck.checks.shared import InCatalogue
from datacheck.errors import SourceError
from datacheck.vn.admin_units import AdminUnit
from datacheck.vn.identifiers import BhytCard, Cccd, CccdConsistent, Mst, PhoneVn, PlateVn
from datacheck.vn.text import NameVn

__all__ = [
    "DIGIT_LENGTHS",
    "ENGINE",
    "FRESH_AGES",
    "TIMEZONE",
    "Profiled",
    "Roles",
    "collect",
    "is_birth",
    "is_modified",
    "is_temporal",
    "is_text",
    "profile_query",
    "read_profile",
    "roles_of",
    "value_counts",
]

TIMEZONE: Final = "Asia/Ho_Chi_Minh"
"""The timezone of suggested suites (the suite default): naive timestamps are read in it."""

ENGINE: Final = "streaming"

FRESH_AGES: Final[tuple[int, ...]] = (1, 7, 30, 90, 180, 365, 730, 1825, 3650)
"""Candidate ``max_age`` values of ``fresh``, in days."""

DIGIT_LENGTHS: Final = range(1, 21)
"""Lengths of digit strings counted for the ``pattern`` fallback."""

_MODIFIED_NAME: Final = re.compile(
    r"(?:^|_)(?:updated|modified|changed|last_update|cap_nhat|sua_doi)(?:$|_)", re.IGNORECASE
)
_BIRTH_NAME: Final = re.compile(r"birth|dob|(?:^|_)(?:ngay|nam)_sinh(?:$|_)", re.IGNORECASE)
_SEX_NAME: Final = re.compile(
    r"gender|(?:^|_)sex(?:$|_)|gioi_tinh|(?:^|_)gioi(?:$|_)", re.IGNORECASE
)


def is_text(dtype: pl.DataType) -> bool:
    """String, categorical or enum."""
    return STRING.accepts(dtype)


def is_temporal(dtype: pl.DataType) -> bool:
    """Date or date-time."""
    return TEMPORAL.accepts(dtype)


def is_modified(name: str, dtype: pl.DataType) -> bool:
    """A date-time column that says when the record last changed (``updated_at`` …).

    Examples
    --------
    >>> import polars as pl
    >>> is_modified("updated_at", pl.Datetime()), is_modified("ngay_cap_nhat", pl.Date())
    (True, True)
    >>> is_modified("updated_by", pl.String()), is_modified("birth_date", pl.Date())
    (False, False)
    """
    return is_temporal(dtype) and bool(_MODIFIED_NAME.search(name))


def is_birth(name: str) -> bool:
    """A birth-date column, by its name (``birth_date``, ``dob``, ``ngay_sinh`` …).

    Examples
    --------
    >>> is_birth("birth_date"), is_birth("ngay_sinh"), is_birth("registered_on")
    (True, True, False)
    """
    return bool(_BIRTH_NAME.search(name))


@dataclass(frozen=True)
class Roles:
    """Columns playing a part in cross-column rules: the birth date and the sex."""

    birth: str | None
    sex: str | None


def roles_of(schema: pl.Schema) -> Roles:
    """The first birth-date column (date, date-time or year) and sex column (text), by name.

    Examples
    --------
    >>> import polars as pl
    >>> roles_of(pl.Schema({"ngay_sinh": pl.Date, "gioi_tinh": pl.String}))
    Roles(birth='ngay_sinh', sex='gioi_tinh')
    """
    birth = next(
        (
            name
            for name, dtype in schema.items()
            if _BIRTH_NAME.search(name) and (is_temporal(dtype) or dtype.is_integer())
        ),
        None,
    )
    sex = next(
        (name for name, dtype in schema.items() if _SEX_NAME.search(name) and is_text(dtype)),
        None,
    )
    return Roles(birth=birth, sex=sex)


class _Query:
    """Aggregates of the profiling pass (named ``s0``, ``s1`` …) and their derived columns."""

    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx
        self.derived: dict[str, pl.Expr] = {}
        self.aggregates: list[pl.Expr] = [pl.len().alias("rows")]
        self.probes: dict[str, dict[str, tuple[str, str]]] = {}
        self.stats: dict[str, dict[str, str]] = {}
        self.gates: dict[str, dict[str, bool]] = {}
        self.gated: dict[str, pl.Expr] = {}  # computed before ``derived``, which reads them
        self._probes = 0

    def _alias(self, expr: pl.Expr) -> str:
        alias = f"s{len(self.aggregates)}"
        self.aggregates.append(expr.alias(alias))
        return alias

    def stat(self, column: str, label: str, expr: pl.Expr) -> None:
        """Add an aggregate about ``column``."""
        self.stats.setdefault(column, {})[label] = self._alias(expr)

    def derive(self, expr: pl.Expr) -> pl.Expr:
        """A row column computed once before the aggregates; returns a reference to it."""
        name = f"__datacheck_suggest__{len(self.derived)}"
        self.derived[name] = expr.alias(name)
        return pl.col(name)

    def probe(self, column: str, label: str, check: Check) -> None:
        """Measure a candidate check on ``column``: its ``evaluated`` and ``failed`` counts.

        The check is compiled exactly as in a run, its derived row columns included; a
        unique name keeps the derived columns of two probes of one kind apart.
        """
        self._probes += 1
        named = replace(check, name=f"__datacheck_suggest_probe_{self._probes}")
        (measure,) = named.measures(self.ctx)
        for name, expr in measure.derived.items():
            self.derived.setdefault(name, expr.alias(name))
        counts = (self._alias(measure.evaluated), self._alias(measure.failed))
        self.probes.setdefault(column, {})[label] = counts

    def gated_probe(
        self, column: str, label: str, make: Callable[[str], Check], gate: str, *, passing: bool
    ) -> None:
        """Measure a candidate on the values matching ``gate`` only (a regex).

        ``passing``: the values outside the gate all pass (they are skipped); otherwise
        they all fail (the gate is a necessary condition of passing). The check runs on a
        derived column holding the gated values, so costly rules skip the other values;
        :func:`read_profile` adds the skipped values back, so the counts stay exact.
        """
        text = pl.col(column).cast(pl.String)
        name = f"__datacheck_suggest_gate__{len(self.gated)}"
        self.gated[name] = pl.when(text.str.contains(gate)).then(text).alias(name)
        self.probe(column, label, make(name))
        self.gates.setdefault(column, {})[label] = passing


#: Values made only of printable ASCII characters other than the space are normalised text
#: by construction (no whitespace; NFC leaves ASCII unchanged): ``normalized_text`` reads
#: only the other values, sparing NFC over code columns.
_NOT_TRIVIALLY_NORMALIZED: Final = "[^!-~]"
#: Every valid tax code (and personal id) starts with ten ASCII digits.
_TAX_CODE_START: Final = "^[0-9]{10}"
#: Every domestic plate starts with its two-digit locality code.
_PLATE_START: Final = "^[0-9]{2}"


def _text(query: _Query, column: str, roles: Roles) -> None:
    text = pl.col(column).cast(pl.String)
    query.stat(column, "distinct", text.drop_nulls().n_unique())
    query.stat(column, "spaced", text.str.contains(" ", literal=True).sum())
    # a superset of the 14-character tax codes of branches (0100109106-001): enough to
    # choose the branch form, which only matters when such values exist
    query.stat(column, "hyphen", text.str.contains("-", literal=True).sum())
    digits = query.derive(
        pl.when(text.str.contains(r"^[0-9]+$")).then(text.str.len_bytes()).cast(pl.Int32)
    )
    for length in DIGIT_LENGTHS:
        query.stat(column, f"digits{length}", (digits == length).sum())
    cols = (column,)
    candidates: dict[str, Check] = {
        "cccd": Cccd(columns=cols),
        "bhyt_card": BhytCard(columns=cols),
        "phone_vn": PhoneVn(columns=cols),
        "commune": AdminUnit(columns=cols, level="commune"),
        "province": AdminUnit(columns=cols, level="province"),
        "ethnic_groups": InCatalogue(columns=cols, catalogue="ethnic_groups"),
        "alpha3": InCatalogue(columns=cols, catalogue="countries", field="alpha3"),
        "alpha2": InCatalogue(columns=cols, catalogue="countries", field="alpha2"),
        "name_vn": NameVn(columns=cols),
    }
    if roles.birth is not None and column not in (roles.birth, roles.sex):
        candidates["cccd_year"] = CccdConsistent(columns=cols, birth_date=roles.birth)
        if roles.sex is not None:
            candidates["cccd_sex"] = CccdConsistent(
                columns=cols, birth_date=roles.birth, sex=roles.sex
            )
    for label, check in candidates.items():
        query.probe(column, label, check)
    # "mst" (no personal ids) is this count minus the valid personal ids "cccd" counts
    query.gated_probe(
        column,
        "mst_personal",
        lambda name: Mst(columns=(name,), branch="either", allow_personal_id=True),
        _TAX_CODE_START,
        passing=False,
    )
    query.gated_probe(
        column, "plate_vn", lambda name: PlateVn(columns=(name,)), _PLATE_START, passing=False
    )
    query.gated_probe(
        column,
        "normalized_text",
        lambda name: NormalizedText(columns=(name,)),
        _NOT_TRIVIALLY_NORMALIZED,
        passing=True,
    )


def _temporal(query: _Query, column: str, dtype: pl.DataType) -> None:
    value = pl.col(column)
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        # the range in the suite's timezone, where date bounds are read
        value = value.dt.convert_time_zone(TIMEZONE).dt.replace_time_zone(None)
    query.stat(column, "min", value.min())
    query.stat(column, "max", value.max())
    if is_modified(column, dtype):
        query.probe(column, "future", NotFuture(columns=(column,)))
        for days in FRESH_AGES:
            query.probe(column, f"fresh{days}", Fresh(columns=(column,), max_age=timedelta(days)))
    else:
        query.probe(column, "after_today", Between(columns=(column,), max="today"))


def _numeric(query: _Query, column: str, dtype: pl.DataType) -> None:
    value = pl.col(column)
    query.stat(column, "min", value.min())
    query.stat(column, "max", value.max())
    if dtype.is_integer():
        query.stat(column, "distinct", value.drop_nulls().n_unique())
    if dtype.is_float():
        query.stat(column, "nan", value.is_nan().sum())


def profile_query(frame: pl.LazyFrame, ctx: CompileContext) -> tuple[pl.LazyFrame, _Query]:
    """The one query of the profiling pass: derived row columns, then ONE ``select``.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> lf = pl.LazyFrame({"a": ["x", None]})
    >>> ctx = CompileContext(schema=lf.collect_schema(), as_of=datetime.now(timezone.utc))
    >>> query, plan = profile_query(lf, ctx)
    >>> query.collect().select("rows", plan.stats["a"]["nulls"]).row(0)
    (2, 1)
    """
    roles = roles_of(ctx.schema)
    query = _Query(ctx)
    for column, dtype in ctx.schema.items():
        query.stat(column, "nulls", pl.col(column).null_count())
        if is_text(dtype):
            _text(query, column, roles)
        elif is_temporal(dtype):
            _temporal(query, column, dtype)
        elif dtype.is_numeric():
            _numeric(query, column, dtype)
    lazy = frame
    for step in (query.gated, query.derived):
        lazy = lazy.with_columns(list(step.values())) if step else lazy
    return lazy.select(query.aggregates), query


@dataclass(frozen=True)
class Profiled:
    """The first query's answer, by column: statistics and candidate counts."""

    rows: int
    stats: Mapping[str, Mapping[str, Any]]
    matches: Mapping[str, Mapping[str, tuple[int, int]]]


def read_profile(row: Mapping[str, Any], plan: _Query) -> Profiled:
    """Read the one-row answer of :func:`profile_query` back by column and label.

    Gated candidates get the values they skipped back (as passing or failing, see
    :meth:`_Query.gated_probe`), so every candidate evaluates every non-null value; and
    ``mst`` (tax codes only) passes what ``mst`` with personal ids passes, except the valid
    personal ids (those ``cccd`` passes).
    """
    stats = {
        column: {label: row[alias] for label, alias in labels.items()}
        for column, labels in plan.stats.items()
    }
    matches: dict[str, dict[str, tuple[int, int]]] = {}
    for column, labels in plan.probes.items():
        found = {label: (int(row[e] or 0), int(row[f] or 0)) for label, (e, f) in labels.items()}
        non_null = int(row["rows"]) - int(stats[column]["nulls"])
        for label, passing in plan.gates.get(column, {}).items():
            evaluated, failed = found[label]
            found[label] = (non_null, failed if passing else failed + non_null - evaluated)
        if "mst_personal" in found and "cccd" in found:
            evaluated, failed = found["mst_personal"]
            personal_ids = evaluated - found["cccd"][1]
            found["mst"] = (evaluated, failed + personal_ids)
        matches[column] = found
    return Profiled(rows=int(row["rows"]), stats=stats, matches=matches)


def collect(frame: pl.LazyFrame, source: str) -> pl.DataFrame:
    """Run a profiling query on the streaming engine; read errors name the source."""
    try:
        return frame.collect(engine=ENGINE)
    except (pl.exceptions.PolarsError, OSError) as error:
        text = str(error).strip()
        reason = text.splitlines()[0] if text else type(error).__name__
        raise SourceError(
            f"cannot profile {source}: {reason}",
            f"không đọc được {source} để lập hồ sơ dữ liệu: {reason}",
        ) from None


def value_counts(
    frame: pl.LazyFrame, names: Sequence[str], source: str
) -> dict[str, tuple[tuple[str, int], ...]]:
    """The second, bounded query: value counts of low-cardinality text columns.

    It reads only ``names``, each known from the first query to hold few distinct values,
    so it keeps few groups in memory. Counts are sorted most frequent first, then by value.

    Examples
    --------
    >>> import polars as pl
    >>> value_counts(pl.LazyFrame({"g": ["b", "a", "b", None]}), ["g"], "test")
    {'g': (('b', 2), ('a', 1))}
    """
    query = frame.select(
        [
            pl.col(name)
            .cast(pl.String)
            .drop_nulls()
            .value_counts(name="__count")
            .implode()
            .alias(f"v{i}")
            for i, name in enumerate(names)
        ]
    )
    row = collect(query, source).row(0)
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for name, items in zip(names, row, strict=True):
        pairs = [(str(item[name]), int(item["__count"])) for item in items]
        out[name] = tuple(sorted(pairs, key=lambda p: (-p[1], p[0])))
    return out
