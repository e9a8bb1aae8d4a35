"""Failing records: one row per record that fails a check, in one streaming pass.

A run counts failures and keeps a few samples; engineers fixing the data need *every* failing
record. :func:`failures` builds a lazy query listing them and :func:`write_failures` sinks it
to Parquet with Polars' streaming engine, so memory stays bounded however large the data is:
nothing is collected but the failing keys of key checks (``unique``), which is what the run
itself holds.

Each row has:

``_row``
    The record's position in the source (0-based, in scan order: for a folder or glob, files
    in sorted order). Always present: keys can be masked, null or duplicated.
the suite's ``key`` columns
    As in the data, or masked text where the column is personal data (``pii``).
``tier``
    The record's quality tier (``usable``, ``needs_correction``, ``unusable``) under the
    suite's ``tiers`` rules (see :mod:`datacheck.tiers`).
``failed_checks``
    The ids of the results the record fails, in suite order.
``values``
    A struct with one text field per column (or sample label, e.g. ``birth_date
    (reference)``) that some check shows; a field holds the record's value only where one of
    the checks it fails shows that column, and is null otherwise (or when the value itself is
    null). Personal-data values are masked with :func:`datacheck.pii.mask_value` unless
    ``unmask``.

Every record-level result is exact: the number of rows listing a result id equals the
result's ``failed``. Group checks (``unique``, ``admin_unit_current``) list every record of a
failing group; cross-dataset checks (``exists_in``, ``agrees_with``, ``lifecycle``) list the
records of the data under test that fail. Dataset-level checks (``row_count``,
``required_columns``) concern no record and are never listed; nor are checks that cannot run.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> suite = dc.Suite(name="people", key=["id"], pii=["name"], checks=[
...     dc.checks.NotNull(columns=["name"], severity="critical"),
...     dc.checks.Unique(columns=["id"])])
>>> data = pl.DataFrame({"id": [1, 2, 2, 3], "name": ["Lê Văn Tám", None, "Lê Thị Hoa", "An"]})
>>> out = dc.failures(suite, data, as_of="2026-06-30").collect()
>>> out.select("_row", "id", "tier", "failed_checks").rows()
[(1, 2, 'unusable', ['not_null:name', 'unique:id']), (2, 2, 'needs_correction', ['unique:id'])]
>>> out["values"].to_list()
[{'name': None, 'id': '2'}, {'name': None, 'id': '2'}]
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import polars as pl

from datacheck._atomic import plain_file_mode
from datacheck.checks.base import Measure
from datacheck.engine.local import ENGINE, ENGINE_ERRORS
from datacheck.engine.plan import polars_reason, redact
from datacheck.engine.records import (
    ROW_INDEX,
    RecordStages,
    as_text,
    failing_key_queries,
    mask_name,
    rank_expr,
    record_frame,
    shown_columns,
    value_name,
)
from datacheck.errors import DatacheckError
from datacheck.pii import mask_value
from datacheck.runner import Prepared, prepare
from datacheck.suite import Suite
from datacheck.tiers import Tier

__all__ = ["ROW", "Rerun", "failures", "write_failures"]

ROW: Final = "_row"
"""The export's column holding the record's position in the source."""

_TIER_NAMES: Final = {tier.rank: tier.value for tier in Tier}


def _mask_series(values: pl.Series) -> pl.Series:
    return pl.Series(values.name, [mask_value(v) for v in values.to_list()], dtype=pl.String)


def _masked(expr: pl.Expr) -> pl.Expr:
    """``mask_value`` applied to each value (Python, so only ever on failing records)."""
    return expr.map_batches(_mask_series, return_dtype=pl.String, is_elementwise=True)


@dataclass(frozen=True)
class _Shown:
    """One shown value of one result: the column holding it and the label it goes under."""

    index: int
    position: int
    column: str
    label: str

    @property
    def order(self) -> tuple[int, int]:
        """Suite order: the result's position, then the value's."""
        return (self.index, self.position)


def _build(prepared: Prepared, *, unmask: bool, skip: frozenset[str] = frozenset()) -> pl.LazyFrame:
    suite, plan = prepared.suite, prepared.plan
    include = {
        index
        for index, planned in enumerate(plan.results)
        if planned.measure is not None
        and planned.measure.failing is not None
        and planned.id not in skip
    }
    stages = RecordStages.of(plan, include)
    schema = prepared.base.collect_schema()
    key = [c for c in suite.key if c in schema]
    pii = set(suite.pii)
    try:
        keys = pl.collect_all(
            failing_key_queries(plan, stages, prepared.base, prepared.references), engine=ENGINE
        )
    except ENGINE_ERRORS as error:
        raise _export_error(error) from None

    shown: list[_Shown] = []

    def values(index: int, measure: Measure) -> dict[str, pl.Expr]:
        mask = pl.col(mask_name(index))
        out: dict[str, pl.Expr] = {}
        for position, (label, expr) in enumerate(shown_columns(measure).items()):
            name = value_name(index, position)
            shown.append(_Shown(index, position, name, label))
            out[name] = pl.when(mask).then(expr)
        return out

    base = prepared.base.with_row_index(ROW_INDEX)
    frame, _ = record_frame(
        plan,
        stages,
        base,
        prepared.references,
        failing_keys=keys,
        carry=[ROW_INDEX, *key],
        values=values,
        ordered=True,
    )
    indices = stages.indices
    masks = [pl.col(mask_name(i)) for i in indices]
    frame = frame.filter(pl.any_horizontal(masks) if masks else pl.lit(value=False))
    ranks = [
        (m, suite.tiers.tier(plan.results[i].check, plan.results[i].id).rank)
        for m, i in zip(masks, indices, strict=True)
    ]
    dtypes = frame.collect_schema()
    columns: list[pl.Expr] = [pl.col(ROW_INDEX).cast(pl.Int64).alias(ROW)]
    for column in key:
        value = pl.col(column)
        columns.append(_masked(value) if column in pii and not unmask else value)
    columns.append(
        rank_expr(ranks).replace_strict(_TIER_NAMES, return_dtype=pl.String).alias("tier")
    )
    ids = [pl.when(m).then(pl.lit(plan.results[i].id)) for m, i in zip(masks, indices, strict=True)]
    failed = pl.concat_list(ids).list.drop_nulls() if ids else pl.lit([], dtype=pl.List(pl.String))
    columns.append(failed.alias("failed_checks"))
    labels: dict[str, list[pl.Expr]] = {}
    for item in sorted(shown, key=lambda item: item.order):
        value = pl.col(item.column)
        is_pii = item.label.removesuffix(" (reference)") in pii
        text = _masked(value) if is_pii and not unmask else as_text(value, dtypes[item.column])
        labels.setdefault(item.label, []).append(text)
    fields = [pl.coalesce(texts).alias(label) for label, texts in labels.items()]
    # a suite without record-level checks lists no record: its (empty) values are null
    columns.append(pl.struct(fields).alias("values") if fields else pl.lit(None).alias("values"))
    return frame.select(columns)


def _export_error(error: Exception) -> DatacheckError:
    reason = redact(polars_reason(error))
    return DatacheckError(
        f"cannot list the failing records: {reason} (run the suite: a check with status "
        "'error' names the cause, and Result.failures() leaves it out)",
        f"không liệt kê được các bản ghi lỗi: {reason} (hãy chạy bộ kiểm tra: phép kiểm tra "
        "có trạng thái 'error' cho biết nguyên nhân, và Result.failures() bỏ qua nó)",
    )


def failures(
    suite: Suite | str | Path,
    source: Any = None,
    *,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
) -> pl.LazyFrame:
    """One row per failing record, as a lazy query (see the module documentation).

    Building it runs one bounded query when the suite has key checks (``unique``…): their
    failing keys. The returned frame is one streaming pass over the data; write it with
    :func:`write_failures` (or ``sink_parquet(..., engine="streaming")``).

    Parameters
    ----------
    suite, source, as_of, references
        As for :func:`datacheck.run`; pass the run's ``as_of`` to list the records that run
        counted (``fresh`` and ``not_future`` depend on it).
    unmask
        Show personal-data values unmasked.

    Returns
    -------
    polars.LazyFrame
        Columns ``_row``, the key columns, ``tier``, ``failed_checks``, ``values``.
    """
    prepared = prepare(suite, source, as_of=as_of, references=references)
    return _build(prepared, unmask=unmask)


def _sink(frame: pl.LazyFrame, path: str | Path) -> Path:
    """Stream ``frame`` to a Parquet file atomically (temp file in the same folder + rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        try:
            frame.sink_parquet(tmp, engine=ENGINE)
        except ENGINE_ERRORS as error:
            raise _export_error(error) from None
        written = Path(tmp)
        with written.open("rb") as handle:  # on disk before the rename makes it visible
            os.fsync(handle.fileno())
        written.chmod(plain_file_mode())  # mkstemp's 0600 would hide it from the team
        written.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise
    return target


def write_failures(
    suite: Suite | str | Path,
    source: Any,
    path: str | Path,
    *,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
) -> Path:
    """Write every failing record to a Parquet file in one streaming pass; return the path.

    ``source=None`` reads the suite's own ``source``. The file is written atomically.
    See :func:`failures` for the parameters and the columns.
    """
    return _sink(failures(suite, source, as_of=as_of, references=references, unmask=unmask), path)


@dataclass(frozen=True)
class Rerun:
    """What a :class:`~datacheck.Result` needs to list its failing records again.

    Kept by :func:`datacheck.run` on the result (never serialised): the suite, the source,
    the as-of instant, the reference overrides and the masking choice, plus the ids of the
    checks that errored (left out of the export).
    """

    suite: Suite
    source: Any
    as_of: datetime
    references: Mapping[str, Any] | None = None
    unmask: bool = False
    skip: frozenset[str] = field(default_factory=frozenset)

    def failures(self) -> pl.LazyFrame:
        """The failing records of the run, as a lazy query."""
        prepared = prepare(self.suite, self.source, as_of=self.as_of, references=self.references)
        return _build(prepared, unmask=self.unmask, skip=self.skip)

    def write(self, path: str | Path) -> Path:
        """Write the failing records of the run to ``path`` (Parquet, streaming, atomic)."""
        return _sink(self.failures(), path)
