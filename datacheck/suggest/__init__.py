"""Suggested suites: profile a dataset in one streaming pass and propose a commented suite.

``suggest(source)`` reads a dataset once and proposes the checks its content supports, each
with the evidence that led to it, so a new database is onboarded in minutes: a person reviews
a short YAML file instead of writing it.

* ``required_columns`` — the columns found;
* ``not_null`` — a column without nulls (or with at most ``tolerance`` of them);
* ``unique`` — a key-like column (an id-like name, or identifier values) whose values are
  all distinct; the first one becomes the suite's ``key`` and its checks are critical;
* the Vietnamese checks where the values match them — ``cccd`` (12-digit personal ids with a
  valid province prefix, century/sex digit and birth year), and ``cccd_consistent`` when the
  table has a birth-date and a sex column; ``mst`` (tax codes with valid check digits, with
  branch forms and personal ids as the values use them); ``phone_vn``; ``bhyt_card``;
  ``plate_vn``; ``admin_unit`` (2025 commune and province codes); ``in_catalogue`` (the 54
  ethnic groups, ISO 3166-1 alpha-3 and alpha-2 countries); ``name_vn`` for person names;
  ``pattern`` (or ``bhxh_code``) for other fixed-length digit strings;
* ``in_set`` for a text column with at most 20 distinct values that repeat (a value that is a
  case, space or Unicode variant of a more frequent one, or rarer than 0.1 %, is left out as a
  probable defect and named in the comment);
* ``between`` from the observed range of numbers (rounded outward to 3 significant digits)
  and dates (whole years; ``max: today`` when the latest value is within ten years of the
  as-of date);
* ``normalized_text`` for person names and free text already NFC, trimmed, single-spaced;
* ``not_future`` and ``fresh`` for a "last modified" column (``updated_at``, ``modified``,
  ``ngay_cap_nhat`` …), ``max_age`` being the smallest of 1, 7, 30, 90, 180, 365, 730, 1825
  and 3650 days the observed ages fit.

A rule tolerates a small share of exceptions (``tolerance``, default 2 %): a column that is
99.9 % personal ids still gets ``cccd``, so the identifier columns of a defective database are
still found. Such a check's ``threshold`` is the observed pass rate rounded down to 0.001, and
its comment says so: the suggested suite passes on the data it was suggested from (a
baseline), while the run still counts and samples the defects, and fails when quality drops.
The columns detected as personal data (personal ids, phones, names) are listed in ``pii``.

**Passes.** The value checks are not re-implemented: each candidate is the real check
(``Cccd``, ``Mst``, ``PhoneVn``, ``AdminUnit``, ``InCatalogue``, ``NameVn``, ``Fresh`` …)
compiled to its Polars expressions, and its ``evaluated``/``failed`` aggregates go into ONE
``select`` over the lazy scan — beside the null counts, exact distinct counts, ranges and
shape counts of every column — run by Polars' streaming engine. A second query runs only when
a text column has at most 20 distinct values: it counts the values of those columns
(``value_counts``) to list them in ``in_set`` and spot rare and variant values. It reads only
those columns and holds at most 20 groups each, so its memory is bounded; the first pass
cannot collect them because it does not know yet which columns are small, and collecting the
values of every column would hold every distinct value of the table in memory.

Because the candidates are the checks themselves, the evidence is exact: running the
suggested suite on the profiled data gives the counts its comments quote
(:attr:`SuggestedCheck.expected`).

Examples
--------
>>> import polars as pl
>>> from datacheck.suggest import suggest
>>> df = pl.DataFrame({
...     "person_id": ["001099012345", "079203000123", "001185000042", "048190123456"],
...     "gender": ["Nam", "Nữ", "Nam", "Nữ"],
... })
>>> s = suggest(df, name="demo", as_of="2026-06-30", lang="en")
>>> s.suite.result_ids()  # doctest: +NORMALIZE_WHITESPACE
['required_columns:person_id+gender', 'not_null:person_id', 'unique:person_id',
 'cccd:person_id', 'not_null:gender', 'in_set:gender']
>>> text = s.to_yaml()
>>> print(text[text.index("  # ── person_id") : text.index("  # ── gender")].rstrip())
  # ── person_id · String · 0 nulls · 4 distinct
  # 0 nulls in 4 rows
  - check: not_null
    column: person_id
    severity: critical
  # 4 distinct values in 4 non-null rows; id-like name
  - check: unique
    columns: [person_id]
    severity: critical
  # 12-digit values; 100% are valid personal ids (province prefix, century/sex digit, birth year) →
  # cccd
  - check: cccd
    column: person_id
>>> Suite.loads(text) == s.suite
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import polars as pl

from datacheck._time import parse_as_of
from datacheck.checks.base import CompileContext
from datacheck.checks.complete import RequiredColumns
from datacheck.errors import DatacheckError, Lang, SourceError
from datacheck.sources import describe_source, to_lazyframe
from datacheck.suggest._model import ColumnProfile, Evidence, Int, SuggestedCheck, ev
from datacheck.suggest._profile import (
    TIMEZONE,
    collect,
    is_text,
    profile_query,
    read_profile,
    roles_of,
    value_counts,
)
from datacheck.suggest._render import render, suite_name
from datacheck.suggest._rules import (
    PERSONAL,
    Column,
    detect_kind,
    key_like,
    needs_values,
    suggest_column,
)
from datacheck.suite import Suite

__all__ = ["ColumnProfile", "Evidence", "SuggestedCheck", "Suggestion", "suggest"]


@dataclass(frozen=True)
class Suggestion:
    """A suggested suite, the evidence for each check and the profile behind it.

    Parameters
    ----------
    suite
        The suggested suite (``Suite.loads(suggestion.to_yaml()) == suggestion.suite``).
    items
        The checks in suite order, each with its column, evidence and expected counts.
    columns
        The profile of every column, in the dataset's order.
    rows
        Rows profiled.
    source
        A description of the source (its path, or its type).
    as_of
        The instant "today", "future" and ages were measured against.
    lang
        The default language of :meth:`to_yaml`'s comments.
    queries
        Queries run over the data: 1, or 2 when low-cardinality text columns had their
        values counted.
    sample_rows
        The row limit profiling used, if any.
    notes
        Remarks about columns that explain a check not suggested, by column.
    """

    suite: Suite
    items: tuple[SuggestedCheck, ...]
    columns: tuple[ColumnProfile, ...]
    rows: int
    source: str
    as_of: datetime
    lang: Lang = "vi"
    queries: int = 1
    sample_rows: int | None = None
    notes: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)

    def column(self, name: str) -> ColumnProfile:
        """The profile of column ``name``.

        Raises
        ------
        KeyError
            If the dataset has no such column.
        """
        for profile in self.columns:
            if profile.name == name:
                return profile
        raise KeyError(name)

    def checks_of(self, column: str) -> list[str]:
        """The kinds of the checks suggested for ``column``, in order.

        Examples
        --------
        >>> import polars as pl
        >>> s = suggest(pl.DataFrame({"phone": ["0912345678", "0987654321"]}), as_of="2026-06-30")
        >>> s.checks_of("phone")
        ['not_null', 'phone_vn']
        """
        return [item.check.kind for item in self.items if item.column == column]

    def to_yaml(self, lang: Lang | None = None) -> str:
        """The suite as commented YAML: each check preceded by its evidence.

        Parameters
        ----------
        lang
            Language of the comments (default: the suggestion's ``lang``).

        Examples
        --------
        >>> import polars as pl
        >>> s = suggest(pl.DataFrame({"id": [1, 2, 3]}), name="t", as_of="2026-06-30")
        >>> text = s.to_yaml("en")
        >>> print(text[text.index("  # 3 distinct"):])
          # 3 distinct values in 3 non-null rows; id-like name
          - check: unique
            columns: [id]
            severity: critical
          # observed 1 … 3; bounds rounded outward to 3 significant digits
          - check: between
            column: id
            min: 1
            max: 3
        <BLANKLINE>
        >>> Suite.loads(text) == s.suite
        True
        """
        return render(self, lang or self.lang)


def suggest(
    source: object,
    *,
    name: str | None = None,
    sample_rows: int | None = None,
    lang: Lang = "vi",
    as_of: str | date | datetime | None = None,
    tolerance: float = 0.02,
    csv_options: Mapping[str, object] | None = None,
) -> Suggestion:
    """Profile ``source`` in one streaming pass and suggest a commented suite.

    Parameters
    ----------
    source
        Anything :func:`datacheck.sources.to_lazyframe` accepts: a Parquet, Arrow IPC or CSV
        file, folder or glob, a Polars or pandas DataFrame, a LazyFrame, an Arrow table or
        dataset.
    name
        The suite's id (made snake_case); default: the file or folder name of a path
        source, else ``suggested``.
    sample_rows
        Profile only the first ``sample_rows`` rows (faster on very large sources; the
        evidence then describes those rows only).
    lang
        Language of the comments of :meth:`Suggestion.to_yaml` (``vi`` or ``en``).
    as_of
        The instant "today", "future" and ages are measured against (default: now, in
        Asia/Ho_Chi_Minh); give it for reproducible output.
    tolerance
        Largest share of exceptions a rule tolerates (nulls, invalid values, duplicates,
        future or stale dates); such a check's threshold is set from the evidence.
    csv_options
        Options for CSV sources (see :func:`datacheck.sources.to_lazyframe`).

    Returns
    -------
    Suggestion
        The suite, the evidence for each check, and the profile. The same data and
        arguments always give the same suggestion.

    Raises
    ------
    SourceError
        The source cannot be read, or holds no rows.
    DatacheckError
        A bad argument (``sample_rows`` < 1, ``tolerance`` outside [0, 0.5), ``lang``).

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> df = pl.DataFrame({
    ...     "mst": ["0100109106", "0300588569", "0100109106-001", "0101243150"],
    ...     "registered_on": [date(2001, 5, 2), date(2010, 1, 4), date(2026, 6, 1), None],
    ... })
    >>> s = suggest(df, name="dn", as_of="2026-06-30", lang="en")
    >>> s.checks_of("mst"), s.checks_of("registered_on")
    (['not_null', 'unique', 'mst'], ['between'])
    >>> s.items[-1].check.params()
    {'check': 'between', 'columns': ['registered_on'], 'min': datetime.date(2000, 1, 1), \
'max': 'today'}
    >>> s.items[-1].why.en
    'observed 2001-05-02 … 2026-06-01; min rounded down to 2000-01-01; max today: the latest \
value is less than ten years before the as-of date 2026-06-30'
    """
    _validate(lang, sample_rows, tolerance)
    described = describe_source(source)
    frame = to_lazyframe(source, csv_options=csv_options)
    if sample_rows is not None:
        frame = frame.head(sample_rows)
    schema = frame.collect_schema()
    instant = parse_as_of(as_of, TIMEZONE)
    ctx = CompileContext(schema=schema, as_of=instant, timezone=TIMEZONE)
    query, plan = profile_query(frame, ctx)
    profiled = read_profile(collect(query, described).row(0, named=True), plan)
    if profiled.rows == 0:
        raise SourceError(
            f"cannot suggest checks for {described}: it holds no rows",
            f"không gợi ý được phép kiểm tra cho {described}: không có bản ghi nào",
        )
    columns: list[Column] = []
    for column_name, dtype in schema.items():
        stats = dict(profiled.stats.get(column_name, {}))
        distinct = stats.get("distinct")
        profile = ColumnProfile(
            name=column_name,
            dtype=_dtype_name(dtype),
            rows=profiled.rows,
            nulls=int(stats["nulls"]),
            distinct=None if distinct is None else int(distinct),
            minimum=stats.get("min"),
            maximum=stats.get("max"),
            matches=profiled.matches.get(column_name, {}),
        )
        if is_text(dtype):
            profile = replace(profile, kind=detect_kind(profile, stats, tolerance))
        columns.append(Column(profile=profile, dtype=dtype, stats=stats))
    wanted = [c.name for c in columns if needs_values(c)]
    if wanted:
        counted = value_counts(frame, wanted, described)
        for column in columns:
            if column.name in counted:
                column.profile = replace(column.profile, values=counted[column.name])
    roles = roles_of(schema)
    sex = next((c for c in columns if c.name == roles.sex), None)
    key = next((c.name for c in columns if key_like(c, tolerance)), None)
    for column in columns:
        suggest_column(
            column,
            as_of=instant,
            tolerance=tolerance,
            roles=roles,
            sex=sex,
            key=column.name == key,
        )
    items = (
        SuggestedCheck(
            check=RequiredColumns(columns=tuple(schema.names())),
            column=None,
            why=ev("the {n} columns found", "{n} cột hiện có", n=Int(len(schema))),
            expected=(1, 0),
        ),
        *(item for column in columns for item in column.items),
    )
    suite = Suite(
        name=suite_name(name, source),
        checks=tuple(item.check for item in items),
        key=(key,) if key is not None else (),
        pii=tuple(c.name for c in columns if c.kind in PERSONAL and c.items),
    )
    return Suggestion(
        suite=suite,
        items=items,
        columns=tuple(c.profile for c in columns),
        rows=profiled.rows,
        source=described,
        as_of=instant,
        lang=lang,
        queries=2 if wanted else 1,
        sample_rows=sample_rows,
        notes={c.name: tuple(c.notes) for c in columns if c.notes},
    )


def _validate(lang: object, sample_rows: object, tolerance: object) -> None:
    if lang not in ("vi", "en"):
        raise DatacheckError(
            f"unknown language {lang!r}; expected 'vi' or 'en'",
            f"không có ngôn ngữ {lang!r}; cần 'vi' hoặc 'en'",
        )
    if sample_rows is not None and (
        isinstance(sample_rows, bool) or not isinstance(sample_rows, int) or sample_rows < 1
    ):
        raise DatacheckError(
            f"'sample_rows' must be a positive number of rows, found {sample_rows!r}",
            f"'sample_rows' phải là số bản ghi dương, nhận được {sample_rows!r}",
        )
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or not 0 <= tolerance < 0.5
    ):
        raise DatacheckError(
            f"'tolerance' must be a share in [0, 0.5), found {tolerance!r}",
            f"'tolerance' phải là tỉ lệ trong [0, 0.5), nhận được {tolerance!r}",
        )


def _dtype_name(dtype: pl.DataType) -> str:
    """A short type name (``String``, ``Date``, ``Datetime``, ``Datetime(UTC)``, ``Int64``)."""
    if isinstance(dtype, pl.Datetime):
        return f"Datetime({dtype.time_zone})" if dtype.time_zone else "Datetime"
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return type(dtype).__name__
    return str(dtype)
