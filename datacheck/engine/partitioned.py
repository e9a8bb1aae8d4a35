"""Partitioned runs: the same plan per partition, merged states, exactly the one-pass result.

The data is split into **partitions** (files, or row ranges of a file). Each partition is
run by :func:`map_partition` — the *kernel*, one streaming Polars query per partition, the
same one a Dask task or a Spark ``mapInArrow`` task calls — and yields a
:class:`~datacheck.engine.states.RunState`. States merge exactly (associative and
commutative); :func:`finish_state` turns a merged state into the run's counts, details,
samples and tiers, and :func:`run_partitioned` into the same
:class:`~datacheck.result.Result` as :func:`datacheck.run` over the concatenation.

How each planned result is merged (see ``docs/distributed.md``):

* **row-local** measures (the row stage and joins: ``not_null``, ``pattern``, ``exists_in`` …)
  — their aggregates split into leaves (:mod:`datacheck.engine.decompose`): sums add,
  distinct values unite (``missing_distinct``), the n smallest values merge;
* **key** measures (``group_by`` stages: ``unique``, ``admin_unit_current``) — each
  partition counts rows per key (``group_by`` of the partition); the per-key tables are
  **routed** by the hash of the key to buckets, a bucket merges the counts of its keys and
  evaluates the measures over complete groups; bucket leaves merge as above;
* **window** measures (``tone_style_consistent`` compares spellings across the column) —
  the rows the window reads are routed by the hash of the window's key, so every window is
  complete in its bucket; anything that cannot be proven mergeable is routed to one bucket
  (exact, not approximated);
* **joins** use the reference grouped once per key (:func:`grouped_references`), shared by
  every partition;
* **samples** — every failing record carries its order ``seq << 40 | row``; the smallest
  orders win, so samples are the first failing records of the whole data, as in one pass;
  records of key checks come with their keys' counts (the first records of each key);
* **tiers** — with row-level ranked checks only, partitions add their tier counts; with
  ranked key or window checks, partitions count records per key and row-level tier, and
  the counts are finished against the failing keys.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> suite = dc.Suite(name="s", key=["id"], checks=[
...     dc.checks.NotNull(columns=["v"]), dc.checks.Unique(columns=["id"])])
>>> parts = [pl.DataFrame({"id": [1, 2], "v": [None, 1]}),
...          pl.DataFrame({"id": [2, 3], "v": [1, None]})]
>>> result = run_partitioned(suite, partitions=parts, as_of="2026-06-30")
>>> [(c.id, c.evaluated, c.failed) for c in result.checks]
[('not_null:v', 4, 2), ('unique:id', 4, 2)]
>>> [s.key["id"] for s in result.check("not_null:v").samples]
[1, 3]
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl

from datacheck.checks.base import Measure
from datacheck.engine.decompose import (
    Leaf,
    NotMergeable,
    Split,
    is_row_local,
    split_aggregate,
    window_is_value_determined,
    window_keys,
)
from datacheck.engine.local import (
    ENGINE,
    ENGINE_ERRORS,
    SAMPLE_PREFIX_ROWS,
    Execution,
    ExecutionLog,
    MetricValues,
    confirm_empty,
    confirm_readable,
    sample_rows,
)
from datacheck.engine.plan import SAMPLE_KEYS, Plan, polars_reason, redact
from datacheck.engine.records import (
    RANK,
    ROW_INDEX,
    group_tier_parts,
    group_tier_sums,
    mask_name,
    rank_expr,
    reads_only_key,
    shown_columns,
    tier_sums,
)
from datacheck.engine.stages import (
    GROUP_SIZE,
    ROW_STAGE,
    GroupStage,
    JoinStage,
    Stage,
    with_derived,
)
from datacheck.engine.states import ORDER_SHIFT, ErrorState, LeafState, RunState, Sample
from datacheck.errors import DatacheckError, SourceError
from datacheck.sources import corrupt_file_error, describe_source, os_error, to_lazyframe
from datacheck.suite import Suite

__all__ = [
    "Job",
    "Partition",
    "Planned",
    "RouteOutput",
    "concat_tables",
    "execute_partitioned",
    "failed_ranked",
    "finish_execution",
    "finish_route",
    "finish_state",
    "finish_tiers",
    "grouped_references",
    "map_partition",
    "merge_outputs",
    "partitions_of",
    "plan_job",
    "run_partitioned",
    "run_states",
    "sample_partition",
    "samples_needed",
    "split_buckets",
]

ORDER: Final = "__datacheck_order"
"""A record's global order: ``seq << 40 | row`` (partition sequence, row in partition)."""
HASH: Final = "__datacheck_hash"
"""The hash of a routed table's key: its bucket is ``hash % buckets``."""
RECORDS: Final = "__datacheck_records"
"""Per key: its first records (order and shown columns), for the samples of key checks."""
TIER_ROWS: Final = "__datacheck_tier_rows"
ROWS: Final = "__datacheck_rows"
HASH_SEED: Final = 0x5EED
_DIGEST_SEEDS: Final = (0x5EED, 0xD16E57)
_PARTS = ("evaluated", "failed")


# -------------------------------------------------------------------------------- partitions


@dataclass(frozen=True)
class Partition:
    """One partition of the data: a source (or a part of one), read where its task runs.

    Parameters
    ----------
    source
        Anything :func:`datacheck.sources.to_lazyframe` accepts, or a callable with no
        argument returning such a source (called by the task, e.g. on a worker).
    offset, length
        The rows of the source this partition holds (default: all of them).
    name
        How the partition is described (states record it; default: the source's
        description and row range).
    """

    source: Any
    offset: int = 0
    length: int | None = None
    name: str | None = None

    def frame(self) -> pl.LazyFrame:
        """The partition's rows, lazily."""
        source = self.source() if callable(self.source) else self.source
        frame = to_lazyframe(source)
        if self.offset or self.length is not None:
            frame = frame.slice(self.offset, self.length)
        return frame

    @property
    def identified(self) -> bool:
        """Whether the description identifies the data.

        It does for a path, an explicit ``name``, or a Polars DataFrame in memory with rows
        (described with a digest of them; an empty one adds nothing, so it may come again).
        Incremental runs refuse an identified partition the state already holds.
        """
        if isinstance(self.source, pl.DataFrame) and self.name is None:
            return self.source.slice(self.offset, self.length).height > 0
        return self.name is not None or isinstance(self.source, str | os.PathLike)

    def describe(self) -> str:
        """A short, stable description (recorded in states).

        Examples
        --------
        A DataFrame in memory is described by its rows: how many, and a digest of them in
        any order, so the same rows are recognised in another frame or slice.

        >>> frame = pl.DataFrame({"id": [1, 2, 3]})
        >>> Partition(frame, 1).describe()  # doctest: +ELLIPSIS
        'polars.DataFrame (2 rows) #...'
        >>> Partition(frame.reverse(), 0, 2).describe() == Partition(frame, 1).describe()
        True
        """
        if self.name is not None:
            return self.name
        if isinstance(self.source, pl.DataFrame):
            rows = self.source.slice(self.offset, self.length)
            return f"{describe_source(rows)} #{self._rows_digest}"
        if callable(self.source):
            what = getattr(self.source, "__qualname__", type(self.source).__name__)
        else:
            what = describe_source(self.source)
        if self.offset or self.length is not None:
            end = "" if self.length is None else str(self.offset + self.length)
            return f"{what}[{self.offset}:{end}]"
        return what

    @functools.cached_property
    def _rows_digest(self) -> str:
        """A digest of the rows of an in-memory DataFrame partition, in any order.

        Two partitions holding the same rows (the same frame submitted twice, even reordered)
        get the same digest. Polars' row hash is stable within one Polars version, so a state
        written by another version may not recognise a frame again; it never mistakes one.
        """
        rows = self.source.slice(self.offset, self.length)
        digest = hashlib.sha256(repr(rows.schema).encode())
        for seed in _DIGEST_SEEDS:  # two 64-bit row hashes: collisions stay out of reach
            digest.update(rows.hash_rows(seed).sort().to_numpy().tobytes())
        return digest.hexdigest()[:12]


def _parquet_row_groups(path: Path) -> list[int]:
    """The row counts of a Parquet file's row groups; a corrupt file is bad input."""
    import pyarrow as pa  # noqa: PLC0415  (only to split a single Parquet file)
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        metadata = pq.ParquetFile(path).metadata
    except (OSError, pa.ArrowException) as error:
        if isinstance(error, OSError) and error.errno is not None:  # missing, no permission
            raise os_error(path, error) from None
        raise corrupt_file_error(path, "Parquet", str(error)) from None
    return [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]


def partitions_of(source: Any, *, rows: int | None = None) -> list[Partition]:
    """Split a source into partitions, in the order a one-pass run reads it.

    A folder or glob gives one partition per data file (sorted as the folder is scanned).
    A single Parquet file is split at row-group boundaries into parts of about ``rows``
    rows (default: one part per row group, at least 256,000 rows each). A
    DataFrame is split into slices of ``rows`` rows. Anything else is one partition.

    Examples
    --------
    >>> import polars as pl
    >>> [(p.offset, p.length) for p in partitions_of(pl.DataFrame({"a": range(5)}), rows=2)]
    [(0, 2), (2, 2), (4, 1)]
    """
    if isinstance(source, Partition):
        return [source]
    if isinstance(source, pl.DataFrame):
        size = rows or max(source.height, 1)
        return [
            Partition(source, start, min(size, source.height - start))
            for start in range(0, source.height, size)
        ] or [Partition(source)]
    if isinstance(source, str | os.PathLike):
        files = _data_files(source)
        if len(files) > 1:
            return [Partition(str(f)) for f in files]
        if len(files) == 1 and str(files[0]).lower().endswith((".parquet", ".pq")):
            return _split_parquet(str(files[0]), rows)
    return [Partition(source)]


def _data_files(source: str | os.PathLike[str]) -> list[Path]:
    from datacheck import sources  # noqa: PLC0415
    from datacheck.sources_postgres import uri_from_path  # noqa: PLC0415

    text = os.path.expanduser(os.fsdecode(os.fspath(source)))  # noqa: PTH111
    if "://" in text or uri_from_path(text) is not None:
        return []
    path = Path(text)
    if path.is_dir():
        found = sources._folder_files(path)
    elif path.is_file():
        return [path]
    else:
        found = sources._glob_files(text)
    if found.hive:
        raise SourceError(
            f"{text} is a hive-partitioned folder: give its partitions explicitly "
            "(partitions=[...]) so their key=value columns are kept",
            f"{text} là thư mục phân vùng kiểu hive: hãy chỉ rõ các phân vùng "
            "(partitions=[...]) để giữ các cột key=value",
        )
    return sorted(found.files, key=str)


def _split_parquet(path: str, rows: int | None) -> list[Partition]:
    sizes = _parquet_row_groups(Path(path))
    target = rows or max(256_000, max(sizes, default=0))
    parts: list[Partition] = []
    start = length = 0
    for size in sizes:
        if length and length + size > target:
            parts.append(Partition(path, start, length))
            start, length = start + length, 0
        length += size
    if length or not parts:
        parts.append(Partition(path, start, length) if parts else Partition(path))
    return parts


# ---------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Route:
    """A keyed table every partition contributes to, finished key by key in buckets.

    ``group`` routes count rows per key (a :class:`GroupStage`); ``rows`` routes carry the
    rows a measure needs (windows, or anything not provably mergeable) to the bucket of
    their window key — or all to one bucket (``single``).
    """

    id: str
    kind: Literal["group", "rows"]
    stage: Stage
    indices: tuple[int, ...]
    key: tuple[str, ...] = ()
    hash_on: tuple[pl.Expr, ...] = ()
    columns: tuple[str, ...] = ()
    group_splits: Mapping[str, Split] = field(default_factory=dict)
    records: tuple[str, ...] | None = None
    single: bool = False
    windows: tuple[tuple[pl.Expr, ...], ...] = ()


@dataclass(frozen=True)
class TierPlan:
    """Which ranked results mark records row by row, and which need their key's counts."""

    local: tuple[int, ...] = ()
    routed: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    carrier: str | None = None
    """A ``group`` route keyed by exactly ``columns``: its ``group_by`` counts the tiers too."""

    @property
    def keyed(self) -> bool:
        """Whether partitions count records per key (some ranked result needs its key)."""
        return bool(self.routed)


@dataclass
class Layout:
    """How every planned result of a plan runs per partition and merges."""

    splits: dict[int, dict[str, Split]]
    local: tuple[int, ...]
    routes: dict[str, Route]
    route_of: dict[int, str]
    dtypes: dict[str, pl.DataType]
    tiers: TierPlan
    ranks: dict[int, int]
    present_key: tuple[str, ...]
    sample_size: int

    @property
    def needs_order(self) -> bool:
        """Whether partitions number their rows (samples, routed rows, records)."""
        return self.sample_size > 0 or bool(self.routes) or ORDER in self.tiers.columns


def _part_names(measure: Measure) -> dict[str, pl.Expr]:
    parts = {"evaluated": measure.evaluated, "failed": measure.failed}
    parts.update({f"d_{name}": expr for name, expr in measure.details.items()})
    return parts


def _split_measure(
    index: int, measure: Measure, windows: Sequence[Sequence[pl.Expr]] = ()
) -> dict[str, Split]:
    return {
        part: split_aggregate(expr, f"__l{index}_{part}_", windows)
        for part, expr in _part_names(measure).items()
    }


def _whole(index: int, measure: Measure) -> dict[str, Split]:
    """Each aggregate as one ``whole`` leaf (evaluated over everything in one bucket)."""
    out = {}
    for part, expr in _part_names(measure).items():
        name = f"__l{index}_{part}_0"
        out[part] = Split((Leaf(name, "whole", expr.alias(name)),), pl.col(name))  # type: ignore[arg-type]
    return out


def _measure_exprs(measure: Measure) -> list[pl.Expr]:
    exprs = [*measure.derived.values(), *_part_names(measure).values()]
    if measure.failing is not None:
        exprs.append(measure.failing)
    exprs.extend(measure.sample_columns.values())
    return exprs


def _roots(exprs: Iterable[pl.Expr]) -> list[str]:
    return list(dict.fromkeys(c for e in exprs for c in e.meta.root_names()))


def _row_local_measure(measure: Measure) -> bool:
    exprs = [*measure.derived.values(), *measure.sample_columns.values()]
    if measure.failing is not None:
        exprs.append(measure.failing)
    return all(is_row_local(e) for e in exprs)


def _float_sums(splits: Mapping[str, Split], dtypes: Mapping[str, pl.DataType]) -> bool:
    """Whether a sum leaf adds floats (rounding depends on the order: not merged)."""
    for split in splits.values():
        for leaf in split.leaves:
            if leaf.kind != "sum":
                continue
            if dtypes[leaf.name].is_float() or dtypes.get(f"{leaf.name}:raw", pl.Int64).is_float():
                return True
    return False


def _leaf_dtypes(frame: pl.LazyFrame, splits: Iterable[Mapping[str, Split]]) -> dict[str, Any]:
    """Each leaf's output type (and, for ``distinct`` leaves, the type of its value lists)."""
    leaves = [leaf for s in splits for split in s.values() for leaf in split.leaves]
    if not leaves:
        return {}
    exprs = [leaf.partial for leaf in leaves]
    exprs.extend(
        leaf.state_expr().alias(f"{leaf.name}:values") for leaf in leaves if leaf.kind == "distinct"
    )
    exprs.extend(leaf.raw for leaf in leaves if leaf.raw is not None)
    schema = frame.select(exprs).collect_schema()
    return dict(schema.items())


def _window_route(
    plan: Plan, index: int, schema: pl.Schema, present_key: Sequence[str]
) -> tuple[Route, dict[str, Split]]:
    """A ``rows`` route for a measure that is not row-local."""
    measure = plan.results[index].measure
    assert measure is not None
    exprs = _measure_exprs(measure)
    keys: list[list[pl.Expr]] = []
    for expr in exprs:
        keys.extend(window_keys(expr))
    distinct = {tuple(str(k) for k in ks): ks for ks in keys}
    windows: tuple[tuple[pl.Expr, ...], ...] = ()
    hash_on: tuple[pl.Expr, ...] = ()
    splits: dict[str, Split] | None = None
    if len(distinct) == 1:
        (only,) = distinct.values()
        windows = (tuple(only),)
        try:
            splits = _split_measure(index, measure, windows)
            ok = all(is_row_local(e, windows) for e in exprs if not _is_aggregate_of(e, measure))
        except NotMergeable:
            ok = False
        if ok:
            hash_on = tuple(only)
    single = not hash_on
    if single:
        splits = _whole(index, measure)
        windows = ()
    assert splits is not None
    stage = measure.stage
    needed = [*measure.inputs, *_roots(exprs)]
    if isinstance(stage, JoinStage):
        needed.extend(stage.left_on)
    if isinstance(stage, GroupStage):
        needed.extend(stage.key)
    deciding = [c for c in dict.fromkeys(needed) if c in schema]
    carried = list(dict.fromkeys([*deciding, *(c for c in present_key if c in schema)]))
    route = Route(
        id=f"rows:{index}",
        kind="rows",
        stage=stage,
        indices=(index,),
        key=tuple(deciding),
        hash_on=hash_on,
        columns=tuple(carried),
        single=single,
        windows=windows,
    )
    return route, splits


def _is_aggregate_of(expr: pl.Expr, measure: Measure) -> bool:
    return any(expr is e for e in _part_names(measure).values())


def _group_route(
    plan: Plan,
    stage: GroupStage,
    indices: Sequence[int],
    *,
    schema: pl.Schema,
    present_key: Sequence[str],
    sample_size: int,
) -> tuple[Route, dict[int, dict[str, Split]]]:
    measures = [plan.results[i].measure for i in indices]
    group_splits: dict[str, Split] = {}
    mergeable = True
    for measure in measures:
        assert measure is not None
        for name, expr in measure.group_aggs.items():
            try:
                split = split_aggregate(expr, f"__g{len(group_splits)}_{name}_")
            except NotMergeable:
                mergeable = False
                break
            if any(leaf.kind not in {"sum", "min", "max"} for leaf in split.leaves):
                mergeable = False
                break
            group_splits[name] = split
        mergeable = mergeable and all(is_row_local(e) for e in measure.derived.values())
    splits: dict[int, dict[str, Split]] = {}
    single = False
    for index, measure in zip(indices, measures, strict=True):
        assert measure is not None
        try:
            splits[index] = _split_measure(index, measure)
        except NotMergeable:
            single = True
    if single:
        splits = {i: _whole(i, m) for i, m in zip(indices, measures, strict=True) if m}
    route_id = f"group:{','.join(stage.key)}"
    if not mergeable:
        # group in the bucket, from the rows themselves
        exprs = [e for m in measures if m for e in _measure_exprs(m)]
        exprs.extend(e for m in measures if m for e in m.group_aggs.values())
        needed = [*stage.key, *(c for m in measures if m for c in m.inputs), *_roots(exprs)]
        carried = [c for c in dict.fromkeys([*needed, *present_key]) if c in schema]
        route = Route(
            id=route_id,
            kind="rows",
            stage=stage,
            indices=tuple(indices),
            key=stage.key,
            hash_on=() if single else tuple(pl.col(c) for c in stage.key),
            columns=tuple(carried),
            single=single,
        )
        return route, splits
    shown = [e for m in measures if m and m.failing is not None for e in _shown(m, present_key)]
    records = None
    if sample_size > 0 and any(m and m.failing is not None for m in measures):
        records = tuple(c for c in _roots(shown) if c not in stage.key)
    route = Route(
        id=route_id,
        kind="group",
        stage=stage,
        indices=tuple(indices),
        key=stage.key,
        hash_on=tuple(pl.col(c) for c in stage.key),
        group_splits=group_splits,
        records=records,
        single=single,
    )
    return route, splits


def _shown(measure: Measure, present_key: Sequence[str]) -> list[pl.Expr]:
    shown = {c: pl.col(c) for c in present_key}
    shown.update(shown_columns(measure))
    return [e.alias(n) for n, e in shown.items()]


def build_layout(
    plan: Plan,
    schema: pl.Schema,
    reference_schemas: Mapping[str, pl.Schema],
    *,
    ranks: Mapping[int, int],
    key: Sequence[str],
    sample_size: int,
    tier_exclude: Iterable[int] = (),
) -> Layout:
    """Decide how each planned result of ``plan`` runs per partition and merges.

    Results in ``tier_exclude`` (they could not run) are left out: a second pass counts
    the record tiers without them, as the local engine does.
    """
    excluded = set(tier_exclude)
    present_key = tuple(c for c in key if c in schema)
    empty = pl.LazyFrame(schema=schema)
    refs = {name: pl.LazyFrame(schema=s) for name, s in reference_schemas.items()}
    splits: dict[int, dict[str, Split]] = {}
    local: list[int] = []
    routes: dict[str, Route] = {}
    route_of: dict[int, str] = {}
    dtypes: dict[str, Any] = {}
    for stage, all_indices in plan.stages.items():
        indices = [i for i in all_indices if i not in excluded]
        if not indices:
            continue
        if isinstance(stage, GroupStage):
            route, group_splits = _group_route(
                plan,
                stage,
                indices,
                schema=schema,
                present_key=present_key,
                sample_size=sample_size,
            )
            routes[route.id] = route
            for index in indices:
                route_of[index] = route.id
            splits.update(group_splits)
            continue
        for index in indices:
            measure = plan.results[index].measure
            assert measure is not None
            candidate = _local_splits(index, measure, empty, refs)
            if candidate is not None:
                splits[index] = candidate
                local.append(index)
                continue
            route, route_splits = _window_route(plan, index, schema, present_key)
            routes[route.id] = route
            route_of[index] = route.id
            splits[index] = route_splits
    for index in local:
        measure = plan.results[index].measure
        assert measure is not None
        dtypes.update(_leaf_dtypes(measure.stage.frame(empty, refs, [measure]), [splits[index]]))
    for route in routes.values():
        dtypes.update(_route_dtypes(plan, route, splits, empty, refs))
    return Layout(
        splits=splits,
        local=tuple(local),
        routes=routes,
        route_of=route_of,
        dtypes=dtypes,
        tiers=_tier_plan(plan, ranks, routes, route_of, excluded),
        ranks=dict(ranks),
        present_key=present_key,
        sample_size=sample_size,
    )


def _local_splits(
    index: int, measure: Measure, empty: pl.LazyFrame, refs: Mapping[str, pl.LazyFrame]
) -> dict[str, Split] | None:
    """A row-local measure's aggregates as leaves (``None``: it must be routed)."""
    if not _row_local_measure(measure):
        return None
    try:
        splits = _split_measure(index, measure)
    except NotMergeable:
        return None
    found = _leaf_dtypes(measure.stage.frame(empty, refs, [measure]), [splits])
    return None if _float_sums(splits, found) else splits


def _tier_plan(
    plan: Plan,
    ranks: Mapping[int, int],
    routes: Mapping[str, Route],
    route_of: Mapping[int, str],
    excluded: Iterable[int],
) -> TierPlan:
    """Which ranked results mark records row by row, and by which key the others do.

    A key check's records fail by their key; a window check's records by the values the
    window reads (when the window is an order-insensitive aggregate), else by their order.
    """
    local: list[int] = []
    routed: dict[int, tuple[str, ...]] = {}
    for index, rank in sorted(ranks.items()):
        measure = plan.results[index].measure
        if rank <= 0 or measure is None or measure.failing is None or index in excluded:
            continue
        route = routes.get(route_of.get(index, ""))
        if route is None or (route.kind == "group" and reads_only_key(measure)):
            local.append(index)
        elif isinstance(route.stage, GroupStage) or (
            route.hash_on and all(window_is_value_determined(e) for e in _measure_exprs(measure))
        ):
            routed[index] = route.key
        else:
            routed[index] = (ORDER,)
    columns = tuple(dict.fromkeys(c for z in routed.values() for c in z))
    carrier = next(
        (r.id for r in routes.values() if r.kind == "group" and columns and r.key == columns),
        None,
    )
    return TierPlan(tuple(local), routed, columns, carrier)


def _route_dtypes(
    plan: Plan,
    route: Route,
    splits: Mapping[int, dict[str, Split]],
    empty: pl.LazyFrame,
    refs: Mapping[str, pl.LazyFrame],
) -> dict[str, Any]:
    measures = [plan.results[i].measure for i in route.indices]
    present = [m for m in measures if m is not None]
    if route.kind == "group":
        ordered = empty.with_columns(pl.lit(0, dtype=pl.Int64).alias(ORDER))
        frame = _group_frame(route, _group_table(route, ordered, present, 1).collect().lazy())
    else:
        frame = route.stage.frame(empty, refs, present)
    return _leaf_dtypes(frame, [splits[i] for i in route.indices])


# ------------------------------------------------------------------------------------ jobs


@dataclass(frozen=True)
class Context:
    """What a task needs, built once per job and process: the plan and its layout."""

    suite: Suite
    plan: Plan
    layout: Layout
    references: dict[str, pl.LazyFrame]
    schema: pl.Schema


_CONTEXTS: dict[tuple[str, str, frozenset[int]], Context] = {}
_CONTEXT_LOCK = threading.Lock()
_CONTEXTS_KEPT = 8


@dataclass(frozen=True)
class Job:
    """A run's definition, sent to every task (picklable): suite, as-of, references, schema.

    Tasks compile the plan from it once per process and run (:meth:`context`); every task of
    a run compiles the same plan for the same schema.
    """

    suite: Suite
    as_of: datetime
    references: Mapping[str, Any] | None
    schema: pl.Schema
    fingerprint: str
    tier_exclude: frozenset[int] = frozenset()
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Unique per run: a compiled context holds the run's references (files of the suite's
    folder, in-memory frames), which the fingerprint does not identify — two suites with the
    same text in different folders, or two runs given different reference frames, must never
    share one."""

    def context(self) -> Context:
        """The compiled plan and layout (cached per process and run)."""
        cache_key = (self.fingerprint, self.run_id, self.tier_exclude)
        with _CONTEXT_LOCK:
            found = _CONTEXTS.get(cache_key)
        if found is not None:
            return found
        from datacheck.runner import prepare  # noqa: PLC0415  (the runner imports engines)

        prepared = prepare(
            self.suite,
            pl.LazyFrame(schema=self.schema),
            as_of=self.as_of,
            references=self.references,
        )
        plan = prepared.plan
        ranks = {
            index: self.suite.tiers.tier(planned.check, planned.id).rank
            for index, planned in enumerate(plan.results)
        }
        layout = build_layout(
            plan,
            self.schema,
            {n: f.collect_schema() for n, f in prepared.references.items()},
            ranks=ranks,
            key=self.suite.key,
            sample_size=self.suite.samples,
            tier_exclude=self.tier_exclude,
        )
        context = Context(self.suite, plan, layout, prepared.references, self.schema)
        with _CONTEXT_LOCK:
            _CONTEXTS[cache_key] = context
            while len(_CONTEXTS) > _CONTEXTS_KEPT:  # long-lived workers serve many runs
                del _CONTEXTS[next(iter(_CONTEXTS))]
        return context

    def excluding(self, indices: Iterable[int]) -> Job:
        """The same job with results left out of the tiers (they could not run)."""
        return dataclasses.replace(self, tier_exclude=frozenset(indices))


def columns_text(schema: pl.Schema) -> str:
    """The columns and their types, as a state records them (JSON: ``[[name, type], …]``)."""
    return json.dumps([[name, str(dtype)] for name, dtype in schema.items()], ensure_ascii=False)


def _fingerprint(
    suite: Suite, as_of: datetime, schema: pl.Schema, references: Mapping[str, pl.Schema]
) -> str:
    try:
        text = suite.to_yaml()
    except Exception:  # noqa: BLE001  (in-memory references: fall back to the parameters)
        text = repr([c.params() for c in suite.checks]) + repr(suite.key) + repr(suite.samples)
    parts = [
        text,
        repr(suite.tiers.to_dict()),
        repr(suite.samples),
        as_of.isoformat(),
        repr(sorted((k, str(v)) for k, v in schema.items())),
        repr(sorted((n, sorted((k, str(v)) for k, v in s.items())) for n, s in references.items())),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Planned:
    """A partitioned run ready to go: the job, the driver's prepared plan, the partitions."""

    job: Job
    prepared: Any
    partitions: list[Partition]
    source: str
    rerun: bool = True
    """Whether the driver can read every partition again (for ``Result.failures()``)."""

    def result(self, execution: Execution, *, started: float, references: Any, unmask: bool) -> Any:
        """The run's :class:`~datacheck.result.Result`."""
        from datacheck.runner import build_result  # noqa: PLC0415

        result = build_result(
            self.prepared,
            execution,
            started=started,
            references=references,
            unmask=unmask,
            source=self.source,
        )
        return result if self.rerun else dataclasses.replace(result, _rerun=None)


def plan_job(
    suite: Suite | str | Path | Any,
    source: Any = None,
    *,
    partitions: Sequence[Any] | None = None,
    rows: int | None = None,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
) -> Planned:
    """Prepare a partitioned run on the driver: split the source, compile the plan once.

    ``partitions`` (sources or :class:`Partition`) are used as given, in order; otherwise
    ``source`` (default: the suite's) is split by :func:`partitions_of`. Only schemas are
    read. Every partition must have the schema of the first.
    """
    from datacheck.runner import Prepared, as_suite, prepare  # noqa: PLC0415

    suite = as_suite(suite)
    if partitions is None:
        if source is None:
            if suite.source is None:
                raise SourceError(
                    f"no data to check: suite '{suite.name}' has no 'source' and none was given",
                    f"không có dữ liệu để kiểm tra: bộ '{suite.name}' không có 'source' và "
                    "không được chỉ định nguồn",
                )
            source = suite.resolve(suite.source)
        parts = partitions_of(source, rows=rows)
        description = describe_source(source)
    else:
        parts = [p if isinstance(p, Partition) else Partition(p) for p in partitions]
        if not parts:
            raise SourceError("no partitions to check", "không có phân vùng nào để kiểm tra")
        description = (
            parts[0].describe()
            if len(parts) == 1
            else f"{len(parts)} partitions: "
            + ", ".join(p.describe() for p in parts[:3])
            + (", …" if len(parts) > 3 else "")
        )
    first = parts[0].frame()
    # what the result describes and Result.failures() reads again: the source itself, else
    # the partitions read on the driver (a callable partition is only ever called by a task)
    rerun = True
    if partitions is None:
        whole: Any = source
        base = to_lazyframe(source)
    else:
        opened = [first]
        for p in parts[1:]:
            if callable(p.source):
                rerun = False
                break
            opened.append(p.frame())
        base = opened[0] if len(opened) == 1 else pl.concat(opened, how="vertical")
        whole = base
    prepared = prepare(suite, first, as_of=as_of, references=references)
    schema = first.collect_schema()
    prepared = Prepared(
        suite=prepared.suite,
        source=whole,
        base=base,
        references=prepared.references,
        as_of=prepared.as_of,
        plan=prepared.plan,
        notes=prepared.notes,
    )
    ref_schemas = {n: f.collect_schema() for n, f in prepared.references.items()}
    job = Job(
        suite=prepared.suite,
        as_of=prepared.as_of,
        references=dict(references) if references is not None else None,
        schema=schema,
        fingerprint=_fingerprint(prepared.suite, prepared.as_of, schema, ref_schemas),
    )
    return Planned(job, prepared, parts, description, rerun=rerun and not callable(parts[0].source))


def grouped_references(job: Job) -> dict[str, pl.DataFrame]:
    """Every join's reference grouped by its key, once (shared by all partitions)."""
    context = job.context()
    out = {}
    for stage in context.plan.stages:
        if isinstance(stage, JoinStage):
            measures = context.plan.measures(stage)
            try:
                out[stage.grouped_name] = stage.right(context.references, measures).collect(
                    engine=ENGINE
                )
            except ENGINE_ERRORS:
                continue  # each partition's join then reports the error for its checks
    return out


# ---------------------------------------------------------------------------------- kernel


def _error(measure: Measure, error: Exception, seq: int) -> ErrorState:
    reason = redact(polars_reason(error))
    return ErrorState(
        seq,
        f"check '{measure.check.kind}' failed while reading the data: {reason}",
        f"phép kiểm tra '{measure.check.kind}' lỗi khi đọc dữ liệu: {reason}",
    )


def _hash(exprs: Sequence[pl.Expr]) -> pl.Expr:
    if not exprs:
        return pl.lit(0, dtype=pl.UInt64).alias(HASH)
    return pl.struct(list(exprs)).hash(HASH_SEED).alias(HASH)


def _mask_sum(leaf: Leaf, measure: Measure, mask: str | None) -> pl.Expr:
    """A leaf summing the measure's failing mask reads the mask column (evaluated once)."""
    failing = measure.failing
    if mask is None or failing is None or leaf.kind != "sum":
        return leaf.state_expr()
    partial = leaf.partial.meta.undo_aliases()
    if partial.meta.eq(failing.sum()) or partial.meta.eq(failing.fill_null(value=False).sum()):
        return pl.col(mask).sum().alias(leaf.name)
    return leaf.state_expr()


def _leaf_exprs(
    context: Context, indices: Iterable[int], masks: Mapping[int, str] | None = None
) -> list[pl.Expr]:
    out: list[pl.Expr] = []
    for index in indices:
        measure = context.plan.results[index].measure
        assert measure is not None
        mask = (masks or {}).get(index)
        out.extend(
            _mask_sum(leaf, measure, mask)
            for split in context.layout.splits[index].values()
            for leaf in split.leaves
        )
    return out


def _leaf_states(
    context: Context, indices: Iterable[int], frame: pl.DataFrame
) -> dict[str, LeafState]:
    """The leaves of the results ``indices`` from the one-row frame of their partials."""
    dtypes = context.layout.dtypes
    return {
        leaf.name: _leaf_state(leaf, frame, dtypes)
        for index in indices
        for split in context.layout.splits[index].values()
        for leaf in split.leaves
    }


def _cell(frame: pl.DataFrame, column: str) -> Any:
    """A one-row frame's value as Polars holds it (a list is a Series), or ``None``.

    A list stays a Series, exact: a trip through Python would round nanoseconds to
    microseconds and fail on dates beyond year 9999.
    """
    if not frame.height or column not in frame.columns:
        return None
    return frame.get_column(column)[0]


def _leaf_state(leaf: Leaf, frame: pl.DataFrame, dtypes: Mapping[str, pl.DataType]) -> LeafState:
    """One leaf's partial value, from the one-row frame of partials, as its state.

    ``min`` and ``max`` partials stay one-value Series and lists become Series (Polars
    values, exact); other partials are read as Python values.
    """
    if leaf.kind in {"min", "max"}:
        return LeafState(leaf.kind, _single(frame, leaf.name, dtypes[leaf.name]), dtypes[leaf.name])
    value = _cell(frame, leaf.name)
    if leaf.kind == "distinct":
        dtype = _values_dtype(dtypes, leaf)
        return LeafState("distinct", _as_series(value, dtype), dtype)
    if leaf.kind == "sum":
        return LeafState("sum", int(value or 0))
    if leaf.kind == "smallest":
        value = _as_series(value, _element_dtype(dtypes[leaf.name]))
    return LeafState(
        leaf.kind,
        value,
        dtypes[leaf.name],
        descending=leaf.descending,
        nulls_last=leaf.nulls_last,
        limit=leaf.limit,
    )


def _single(frame: pl.DataFrame, column: str, dtype: pl.DataType) -> pl.Series:
    """A one-row frame's value as a one-value Series ``v`` of ``dtype`` (null if absent).

    The value never goes through Python: a ``min`` or ``max`` partial keeps its nanoseconds
    and its dates beyond the year 9999.
    """
    if not frame.height or column not in frame.columns:
        return pl.Series("v", [None], dtype=dtype)
    return frame.get_column(column).head(1).cast(dtype).rename("v")


def _as_series(value: pl.Series | None, dtype: pl.DataType) -> pl.Series:
    """A list partial's values (``None``: no values) as a Series ``v`` of ``dtype``."""
    if value is None:
        return pl.Series("v", [], dtype=dtype)
    return value.cast(dtype).rename("v")


def _values_dtype(dtypes: Mapping[str, pl.DataType], leaf: Leaf) -> pl.DataType:
    """The type of a ``distinct`` leaf's values (its partial is a list of them)."""
    return _element_dtype(dtypes[f"{leaf.name}:values"])


def _element_dtype(listed: pl.DataType) -> pl.DataType:
    """The element type of a list type (a leaf's partial that is a list of values)."""
    if not isinstance(listed, pl.List):
        msg = f"a list partial has a list type, found {listed}"
        raise TypeError(msg)
    inner = listed.inner
    return inner() if isinstance(inner, type) else inner


def _measure(context: Context, index: int) -> Measure:
    measure = context.plan.results[index].measure
    assert measure is not None
    return measure


def _group_table(
    route: Route,
    base: pl.LazyFrame,
    measures: Sequence[Measure],
    sample_size: int,
    extra: Sequence[pl.Expr] = (),
) -> pl.LazyFrame:
    """Per key of a group route: the row count, per-key leaf partials and first records.

    The first records are the key's rows of smallest order in the partition, sorted by it:
    ``group_by`` keeps the order rows arrive in, but a route fed from the end of a join
    chain does not get them in file order (a join does not keep it).
    """
    aggs: list[pl.Expr] = [pl.len().cast(pl.Int64).alias(GROUP_SIZE)]
    aggs.extend(leaf.partial for split in route.group_splits.values() for leaf in split.leaves)
    aggs.extend(extra)
    if route.records is not None:
        record = pl.struct([ORDER, *route.records])
        aggs.append(record.sort_by(pl.col(ORDER)).head(sample_size).alias(RECORDS))
    frame = with_derived(base, measures).group_by(list(route.key)).agg(aggs)
    return frame.with_columns(_hash([pl.col(c) for c in route.key]))


def concat_tables(tables: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Tables of one route (or tier table) stacked, their columns matched by name."""
    present = [t for t in tables if t.width]
    if not present:
        return pl.DataFrame()
    if len(present) == 1:
        return present[0]
    columns = present[0].columns
    return pl.concat([t.select(columns) for t in present], how="vertical")


def _tier_parts() -> list[str]:
    return [e.meta.output_name() for e in group_tier_parts(pl.col(RANK))]


def _merge_group_tables(
    route: Route, tables: Sequence[pl.DataFrame], limit: int, *, records: bool = True
) -> pl.DataFrame:
    """Merge per-key tables: counts add, per-key leaves merge, the first records win.

    ``records=False`` leaves the records out (a bucket reads those of its sampled keys
    only, see :func:`finish_route`).
    """
    columns = tables[0].columns
    frame = pl.concat([t.lazy().select(columns) for t in tables], how="vertical")
    aggs: list[pl.Expr] = [pl.col(GROUP_SIZE).sum(), pl.col(HASH).first()]
    aggs.extend(pl.col(c).sum() for c in _tier_parts() if c in columns)
    for split in route.group_splits.values():
        for leaf in split.leaves:
            column = pl.col(leaf.name)
            aggs.append(
                column.sum()
                if leaf.kind == "sum"
                else (column.min() if leaf.kind == "min" else column.max())
            )
    key = list(route.key)
    merged = frame.group_by(key).agg(aggs)
    if route.records is None or not records:
        return merged.collect(engine=ENGINE).select([c for c in columns if c != RECORDS])
    # the first records of each key, over every table (exploded, then the smallest orders)
    firsts = (
        frame.select(*key, RECORDS)
        .explode(RECORDS)
        .filter(pl.col(RECORDS).is_not_null())
        .sort(pl.col(RECORDS).struct.field(ORDER))
        .group_by(key, maintain_order=True)
        .agg(pl.col(RECORDS).head(limit))
    )
    joined = merged.join(firsts, on=key, how="left", nulls_equal=True)
    return joined.collect(engine=ENGINE).select(columns)


def _group_frame(route: Route, merged: pl.LazyFrame) -> pl.LazyFrame:
    """The stage's frame from merged per-key tables: each group with its per-key aggregates."""
    finishers = [split.finisher.alias(name) for name, split in route.group_splits.items()]
    return merged.with_columns(finishers) if finishers else merged


def _carry_for_chain(context: Context, stages: Sequence[JoinStage], position: int) -> list[str]:
    needed: list[str] = []
    for stage in stages[position + 1 :]:
        needed.extend(stage.left_on)
        for measure in context.plan.measures(stage):
            needed.extend(measure.inputs)
            needed.extend(_roots(measure.derived.values()))
    needed.extend(context.layout.tiers.columns)
    carrier = context.layout.tiers.carrier
    if carrier is not None:
        route = context.layout.routes[carrier]
        needed.extend(route.records or ())
        for index in route.indices:
            measure = _measure(context, index)
            needed.extend(measure.inputs)
            needed.extend(_roots([*measure.derived.values(), *measure.group_aggs.values()]))
        needed.append(ORDER)
    return list(dict.fromkeys(needed))


@dataclass
class _Queries:
    """The named queries of one partition, collected together."""

    queries: dict[str, pl.LazyFrame] = field(default_factory=dict)

    def add(self, name: str, query: pl.LazyFrame) -> None:
        self.queries[name] = query

    def collect(self) -> dict[str, pl.DataFrame]:
        names = list(self.queries)
        frames = pl.collect_all([self.queries[n] for n in names], engine=ENGINE)
        return dict(zip(names, frames, strict=True))


def _row_frame(
    context: Context, base: pl.LazyFrame, extra: Iterable[int] = ()
) -> tuple[pl.LazyFrame, dict[int, str]]:
    """The row stage's frame with the local measures' derived columns and tier masks."""
    layout = context.layout
    row_local = [i for i in layout.local if _measure(context, i).stage == ROW_STAGE]
    masked = [i for i in layout.tiers.local if layout.route_of.get(i) is not None]
    masked += [i for i in layout.tiers.local if i in row_local]
    masked = sorted(set(masked))
    measures = [_measure(context, i) for i in dict.fromkeys([*row_local, *masked, *extra])]
    frame = with_derived(base, measures)
    masks = {i: mask_name(i) for i in masked}
    if masks:
        frame = frame.with_columns([_failing(context, i).alias(n) for i, n in masks.items()])
    return frame, masks


def _failing(context: Context, index: int) -> pl.Expr:
    failing = _measure(context, index).failing
    assert failing is not None
    return failing.fill_null(value=False)


def _by_join(context: Context, indices: Iterable[int]) -> dict[JoinStage, list[int]]:
    out: dict[JoinStage, list[int]] = {}
    for index in indices:
        stage = _measure(context, index).stage
        if isinstance(stage, JoinStage):
            out.setdefault(stage, []).append(index)
    return out


def _partition_queries(context: Context, base: pl.LazyFrame) -> _Queries:
    """The kernel's queries over one partition (collected together, the scan shared).

    The row stage's frame carries the tier masks of row-level ranked results and their
    worst rank; the joins holding ranked results are chained after it so the rank travels
    with each record (as in the local engine); the chain's end counts the tiers (or the
    per-key tier table, or the carrier route's ``group_by`` does).
    """
    layout = context.layout
    queries = _Queries()
    joins = _by_join(context, layout.local)
    tier_joins = _by_join(context, layout.tiers.local)
    readers = 1 + len(layout.routes) + len([s for s in joins if s not in tier_joins])
    if readers - (layout.tiers.carrier is not None) > 1:
        base = base.cache()
    z_derived = [
        i
        for i, r in layout.route_of.items()
        if any(c in layout.tiers.columns for c in _measure(context, i).derived)
        and layout.routes[r].kind == "group"
    ]
    frame, masks = _row_frame(context, base, z_derived)
    if tier_joins or layout.tiers.keyed:
        frame = frame.cache()
    row_local = [i for i in layout.local if _measure(context, i).stage == ROW_STAGE]
    leaves = _leaf_exprs(context, row_local, masks)
    queries.add("row", frame.select(pl.len().cast(pl.Int64).alias(ROWS), *leaves))
    rank = rank_expr([(pl.col(n), layout.ranks.get(i, 0)) for i, n in masks.items()])
    frame = _join_chain(context, frame.with_columns(rank.alias(RANK)), joins, tier_joins, queries)
    for stage, indices in joins.items():
        if stage not in tier_joins:
            measures = [_measure(context, i) for i in indices]
            joined = stage.frame(base, context.references, measures)
            queries.add(f"join:{stage.describe()}", joined.select(_leaf_exprs(context, indices)))
    if layout.tiers.keyed and layout.tiers.carrier is None:
        columns = list(layout.tiers.columns)
        table = frame.group_by(columns).agg(
            pl.len().cast(pl.Int64).alias(TIER_ROWS), *group_tier_parts(pl.col(RANK))
        )
        queries.add("tiers", table.with_columns(_hash([pl.col(c) for c in columns])))
    elif not layout.tiers.keyed:
        queries.add("tiers", frame.select(tier_sums(pl.col(RANK))))
    for route in layout.routes.values():
        queries.add(route.id, _route_query(context, route, base, frame))
    return queries


def _join_chain(
    context: Context,
    frame: pl.LazyFrame,
    joins: Mapping[JoinStage, list[int]],
    tier_joins: Mapping[JoinStage, list[int]],
    queries: _Queries,
) -> pl.LazyFrame:
    """Chain the joins that hold ranked results; add their leaves; return the chain's end."""
    layout = context.layout
    chain = list(tier_joins)
    for position, stage in enumerate(chain):
        measures = [_measure(context, i) for i in joins.get(stage, [])]
        ranked = tier_joins[stage]
        measures.extend(_measure(context, i) for i in ranked if i not in joins.get(stage, []))
        keep = [RANK, *_carry_for_chain(context, chain, position)]
        joined = stage.frame(frame, context.references, measures, keep=keep)
        masks = {i: mask_name(i) for i in ranked}
        joined = joined.with_columns([_failing(context, i).alias(n) for i, n in masks.items()])
        joined = joined.cache()
        leaves = _leaf_exprs(context, joins.get(stage, []), masks)
        queries.add(f"join:{stage.describe()}", joined.select(leaves))
        ranks = [(pl.col(n), layout.ranks.get(i, 0)) for i, n in masks.items()]
        frame = joined.with_columns(rank_expr(ranks, pl.col(RANK)).alias(RANK))
    return frame


def _route_query(
    context: Context, route: Route, base: pl.LazyFrame, ranked: pl.LazyFrame
) -> pl.LazyFrame:
    """A route's table for this partition (the carrier route reads the ranked frame)."""
    layout = context.layout
    measures = [_measure(context, i) for i in route.indices]
    if route.id == layout.tiers.carrier:  # the key's group_by also counts its records' tiers
        parts = group_tier_parts(pl.col(RANK))
        return _group_table(route, ranked, measures, layout.sample_size, parts)
    if route.kind == "group":
        return _group_table(route, base, measures, layout.sample_size)
    derived = with_derived(base, [m for m in measures if not route.single])
    return derived.select(ORDER, *route.columns, _hash(route.hash_on))


def _ordered_base(frame: pl.LazyFrame, seq: int, needs_order: bool) -> pl.LazyFrame:
    if not needs_order:
        return frame
    start = pl.lit(seq << ORDER_SHIFT, dtype=pl.Int64)
    order = (start + pl.col(ROW_INDEX).cast(pl.Int64)).alias(ORDER)
    return frame.with_row_index(ROW_INDEX).with_columns(order).drop(ROW_INDEX)


def _check_schema(job: Job, partition: Partition, frame: pl.LazyFrame) -> None:
    try:
        schema = frame.collect_schema()
    except pl.exceptions.PolarsError as error:
        raise SourceError(
            f"cannot read the schema of partition {partition.describe()}: {error}",
            f"không đọc được lược đồ của phân vùng {partition.describe()}: {error}",
        ) from None
    if dict(schema) != dict(job.schema):
        theirs = ", ".join(f"{k}: {v}" for k, v in schema.items())
        raise SourceError(
            f"partition {partition.describe()} has the columns ({theirs}); every partition "
            f"must have the columns and types of the first",
            f"phân vùng {partition.describe()} có các cột ({theirs}); mọi phân vùng phải có "
            "cùng cột và kiểu với phân vùng đầu tiên",
        )


def map_partition(
    job: Job,
    partition: Partition | Any,
    seq: int,
    grouped: Mapping[str, pl.DataFrame] | None = None,
) -> RunState:
    """Run the plan on one partition: the kernel every engine calls.

    Parameters
    ----------
    job
        The run (from :func:`plan_job`).
    partition
        The partition (or any source; a ``polars.DataFrame`` of Arrow batches in a Spark
        task).
    seq
        The partition's sequence number: its place in the data's order (samples are the
        first failing records by ``(seq, row)``). Unique per partition of a run.
    grouped
        The joins' grouped references (:func:`grouped_references`), shared by all
        partitions; missing ones are grouped here.

    Returns
    -------
    RunState
        The partition's mergeable state.
    """
    if not isinstance(partition, Partition):
        partition = Partition(partition)
    context = job.context()
    frame = partition.frame()
    _check_schema(job, partition, frame)
    references = dict(context.references)
    for name, table in (grouped or {}).items():
        references[name] = table.lazy()
    context = dataclasses.replace(context, references=references)
    base = _ordered_base(frame, seq, context.layout.needs_order)
    state = RunState(
        fingerprint=job.fingerprint,
        sample_size=context.layout.sample_size,
        parts={seq: partition.describe()},
        about={
            "suite": job.suite.name,
            "as_of": job.as_of.isoformat(),
            "columns": columns_text(job.schema),
        },
    )
    try:
        frames = _partition_queries(context, base).collect()
    except ENGINE_ERRORS:
        frames = None
    if frames is None:
        try:
            return _isolated(context, base, state, seq)
        except SourceError as error:  # name the partition that cannot be read
            where = partition.describe()
            raise SourceError(f"{where}: {error.en}", f"{where}: {error.vi}") from None
    row = frames["row"]
    state.rows = int(_cell(row, ROWS) or 0)
    leaves = _leaf_states(
        context, [i for i in context.layout.local if _measure(context, i).stage == ROW_STAGE], row
    )
    for name, found in frames.items():
        if name.startswith("join:"):
            indices = [
                i
                for i in context.layout.local
                if isinstance(_measure(context, i).stage, JoinStage)
                and f"join:{_measure(context, i).stage.describe()}" == name
            ]
            leaves.update(_leaf_states(context, indices, found))
    state.leaves = leaves
    if "tiers" in frames:
        _read_tiers(context, frames["tiers"], state)
    for route in context.layout.routes.values():
        state.routes[route.id] = [frames[route.id]]
    state.failed = _failed_counts(context, state, seq)
    return state


def _failed_counts(context: Context, state: RunState, seq: int) -> dict[int, dict[int, int]]:
    """How many records of this partition fail each row-local result (for the samples)."""
    out = {}
    for index in context.layout.local:
        if index not in state.errors:
            failed = _partial_failed(context, index, state)
            if failed > 0:
                out[index] = {seq: failed}
    return out


def _read_tiers(context: Context, frame: pl.DataFrame, state: RunState) -> None:
    if context.layout.tiers.keyed:
        state.tier_tables = [frame]
    elif frame.height:
        row = frame.row(0)
        state.tier_sums = (int(row[0] or 0), int(row[1] or 0))


def _isolated(context: Context, base: pl.LazyFrame, state: RunState, seq: int) -> RunState:
    """The partition's state when its combined query fails: result by result."""
    try:
        state.rows = int(base.select(pl.len()).collect(engine=ENGINE).item())
    except ENGINE_ERRORS as error:
        reason = redact(polars_reason(error))
        raise SourceError(
            f"cannot read the data: {reason}", f"không đọc được dữ liệu: {reason}"
        ) from None
    for index in context.layout.local:
        measure = _measure(context, index)
        frame = measure.stage.frame(base, context.references, [measure])
        try:
            found = frame.select(_leaf_exprs(context, [index])).collect(engine=ENGINE)
        except ENGINE_ERRORS as error:
            state.errors[index] = _error(measure, error, seq)
            continue
        state.leaves.update(_leaf_states(context, [index], found))
    for route in context.layout.routes.values():
        measures = [_measure(context, i) for i in route.indices]
        if route.kind == "group":
            query = _group_table(route, base, measures, context.layout.sample_size)
            if route.id == context.layout.tiers.carrier:  # the same columns as the others'
                query = query.with_columns(
                    pl.lit(0, dtype=pl.Int64).alias(c) for c in _tier_parts()
                )
        else:
            derived = with_derived(base, [m for m in measures if not route.single])
            query = derived.select(ORDER, *route.columns, _hash(route.hash_on))
        try:
            state.routes[route.id] = [query.collect(engine=ENGINE)]
        except ENGINE_ERRORS as error:
            for index in route.indices:
                state.errors[index] = _error(_measure(context, index), error, seq)
    if state.rows == 0 and state.errors:
        confirm_empty(base)  # an unreadable file may count 0 rows without reading a field
    # data that cannot be read at all is bad input, not an error of each check that read it
    confirm_readable(base, [c for i in state.errors for c in _measure(context, i).inputs])
    state.tiers_failed = True  # the tiers are counted again without the failing results
    state.failed = _failed_counts(context, state, seq)
    return state


def _partial_failed(context: Context, index: int, state: RunState) -> int:
    split = context.layout.splits[index]["failed"]
    values = {leaf.name: state.leaves[leaf.name].value for leaf in split.leaves}
    return int(split.finish(values, context.layout.dtypes) or 0)


def _sample_query(context: Context, index: int, base: pl.LazyFrame) -> pl.LazyFrame | None:
    measure = _measure(context, index)
    if measure.failing is None:
        return None
    present = list(context.layout.present_key)
    keep = list(dict.fromkeys([ORDER, *present, *measure.inputs]))
    frame = measure.stage.frame(base, context.references, [measure], keep=keep, ordered=True)
    shown = _shown(measure, present)
    return frame.filter(measure.failing).select(pl.col(ORDER), *shown)


def _to_samples(frame: pl.DataFrame) -> list[Sample]:
    out = []
    for row in sample_rows(frame):
        order = row.pop(ORDER)
        out.append((int(order), row))
    return out


def samples_needed(state: RunState, seqs: Iterable[int]) -> dict[int, dict[int, int]]:
    """Which of the partitions ``seqs`` must be searched for samples, and for how many.

    A result's samples are its first failing records: a partition is searched only while
    the partitions before it hold fewer than ``sample_size`` failures (their samples are in
    the state already, or are searched in the same step). Returns seq → result → how many.
    """
    wanted = set(seqs)
    out: dict[int, dict[int, int]] = {}
    limit = state.sample_size
    for index, counts in state.failed.items():
        if index in state.errors:
            continue
        before = 0
        for seq in sorted(counts):
            if before >= limit:
                break
            if seq in wanted:
                out.setdefault(seq, {})[index] = min(counts[seq], limit - before)
            before += counts[seq]
    return out


def sample_partition(
    job: Job,
    partition: Partition | Any,
    seq: int,
    wanted: Mapping[int, int],
    grouped: Mapping[str, pl.DataFrame] | None = None,
) -> dict[int, list[Sample]]:
    """The first failing records of one partition for the results in ``wanted``.

    As the local engine: first over the leading rows, then over all rows for results the
    prefix leaves short. ``wanted`` maps a result to how many records it needs.
    """
    if not isinstance(partition, Partition):
        partition = Partition(partition)
    context = job.context()
    references = dict(context.references)
    for name, table in (grouped or {}).items():
        references[name] = table.lazy()
    context = dataclasses.replace(context, references=references)
    base = _ordered_base(partition.frame(), seq, needs_order=True)
    limit = context.layout.sample_size
    found: dict[int, list[Sample]] = {}
    for source in (base.head(SAMPLE_PREFIX_ROWS), base):
        queries = {}
        for index in wanted:
            if index in found and len(found[index]) >= wanted[index]:
                continue
            try:
                query = _sample_query(context, index, source)
            except ENGINE_ERRORS:
                continue
            if query is not None:
                queries[index] = query.head(min(limit, wanted[index]))
        if not queries:
            break
        for index, frame in zip(queries, _collect_each(list(queries.values())), strict=True):
            found[index] = _to_samples(frame)
    return {i: rows for i, rows in found.items() if rows}


def _collect_each(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    try:
        return pl.collect_all(queries, engine=ENGINE)
    except ENGINE_ERRORS:
        frames = []
        for query in queries:
            try:
                frames.append(query.collect(engine=ENGINE))
            except ENGINE_ERRORS:
                frames.append(pl.DataFrame({ORDER: []}, schema={ORDER: pl.Int64}))
        return frames


# ---------------------------------------------------------------------------------- buckets


@dataclass
class RouteOutput:
    """What one bucket of a route yields: leaves to merge, samples, failing keys, errors."""

    leaves: dict[str, LeafState] = field(default_factory=dict)
    samples: dict[int, list[Sample]] = field(default_factory=dict)
    records: dict[int, pl.DataFrame] = field(default_factory=dict)
    failing: dict[int, pl.DataFrame] = field(default_factory=dict)
    errors: dict[int, ErrorState] = field(default_factory=dict)
    tier_tables: list[pl.DataFrame] = field(default_factory=list)


def bucket_of(tables: Iterable[pl.DataFrame], bucket: int, buckets: int) -> list[pl.DataFrame]:
    """The rows of routed tables that belong to ``bucket`` (of ``buckets``)."""
    if buckets <= 1:
        return list(tables)
    return [t.filter((pl.col(HASH) % buckets) == bucket) for t in tables]


def split_buckets(table: pl.DataFrame, buckets: int) -> list[pl.DataFrame]:
    """A routed table as ``buckets`` pieces by the hash of its key."""
    if buckets <= 1:
        return [table]
    with_bucket = table.with_columns((pl.col(HASH) % buckets).cast(pl.Int64).alias("__b"))
    parts = with_bucket.partition_by("__b", as_dict=True, include_key=False)
    empty = table.clear()
    return [parts.get((b,), empty) for b in range(buckets)]


def finish_route(
    job: Job,
    route_id: str,
    tables: Sequence[pl.DataFrame],
    grouped: Mapping[str, pl.DataFrame] | None = None,
) -> RouteOutput:
    """Finish one bucket of a route: every key (or window) in ``tables`` is complete."""
    context = job.context()
    references = dict(context.references)
    for name, table in (grouped or {}).items():
        references[name] = table.lazy()
    context = dataclasses.replace(context, references=references)
    route = context.layout.routes[route_id]
    output = RouteOutput()
    limit = context.layout.sample_size
    measures = {i: _measure(context, i) for i in route.indices}
    if not tables:
        return output
    if route.kind == "group":
        merged = _merge_group_tables(route, tables, limit, records=False)
        frame = _group_frame(route, merged.lazy())
        if route.id == context.layout.tiers.carrier:
            counts = [pl.col(GROUP_SIZE).alias(TIER_ROWS), *(pl.col(c) for c in _tier_parts())]
            output.tier_tables.append(merged.select(*route.key, *counts))
        merged = concat_tables(tables)
    else:
        rows = concat_tables(tables)
        rows = rows.sort(ORDER)
        merged = rows
        keep = [ORDER, *route.columns]
        frame = route.stage.frame(
            rows.lazy(), context.references, list(measures.values()), keep=keep, ordered=True
        )
    for index, measure in measures.items():
        try:
            found = frame.select(_leaf_exprs(context, [index])).collect(engine=ENGINE)
        except ENGINE_ERRORS as error:
            output.errors[index] = _error(measure, error, 0)
            continue
        output.leaves.update(_leaf_states(context, [index], found))
        if measure.failing is None:
            continue
        try:
            _bucket_samples(context, route, index, frame=frame, merged=merged, output=output)
            if index in context.layout.tiers.routed:
                z = list(context.layout.tiers.routed[index])
                failing = frame.filter(measure.failing.fill_null(value=False)).select(z)
                output.failing[index] = failing.unique().collect(engine=ENGINE)
        except ENGINE_ERRORS as error:
            output.errors[index] = _error(measure, error, 0)
    return output


def _bucket_samples(
    context: Context,
    route: Route,
    index: int,
    *,
    frame: pl.LazyFrame,
    merged: pl.DataFrame,
    output: RouteOutput,
) -> None:
    """A bucket's sample candidates: first failing rows, or the records of its first keys."""
    limit = context.layout.sample_size
    measure = _measure(context, index)
    if limit <= 0 or measure.failing is None:
        return
    if isinstance(route.stage, GroupStage):
        keys = output.leaves.get(_sample_keys_leaf(context, index))
        if keys is None or keys.value is None or keys.value.is_empty():
            return
        table = _key_table(keys.value, route.stage).lazy()
        lazy = merged.lazy()
        found = lazy.join(table, on=list(route.key), how="semi", nulls_equal=True)
        if route.kind == "group":  # the (unmerged) per-key tables of this bucket
            found = found.select(*route.key, pl.col(RECORDS)).explode(RECORDS).unnest(RECORDS)
            found = found.select(ORDER, *route.key, *(c for c in route.records or ()))
            found = found.filter(pl.col(ORDER).is_not_null())
        else:  # the rows themselves: their shown values may read derived columns
            found = with_derived(found, [measure])
        output.records[index] = found.collect(engine=ENGINE)
        return
    present = list(context.layout.present_key)
    query = frame.filter(measure.failing).select(pl.col(ORDER), *_shown(measure, present))
    output.samples[index] = _to_samples(query.head(limit).collect(engine=ENGINE))


def _key_table(keys: pl.Series, stage: GroupStage) -> pl.DataFrame:
    """Sample keys (a Series of structs, Polars values: exact) as a table of key columns.

    Raises
    ------
    TypeError
        ``keys`` is not a Series of structs of the stage's key columns.
    """
    fields = [f.name for f in keys.dtype.fields] if isinstance(keys.dtype, pl.Struct) else None
    if fields is None or set(fields) != set(stage.key):
        msg = (
            f"sample keys of the group stage {list(stage.key)} are structs of its key "
            f"columns, found a Series of {keys.dtype}"
        )
        raise TypeError(msg)
    return keys.struct.unnest().select(list(stage.key))


def _sample_keys_leaf(context: Context, index: int) -> str:
    split = context.layout.splits[index].get(f"d_{SAMPLE_KEYS}")
    if split is None or len(split.leaves) != 1:
        return ""
    return split.leaves[0].name


def finish_tiers(
    job: Job,
    tables: Sequence[pl.DataFrame],
    failing: Mapping[int, Sequence[pl.DataFrame]],
    *,
    merged: bool = False,
) -> tuple[int, int]:
    """Tier counts of one bucket of per-key tier tables, given every failing key.

    ``merged``: each key is in one row of one table already (a carrier route's output).
    """
    context = job.context()
    tiers = context.layout.tiers
    if not tables:
        return (0, 0)
    columns = list(tiers.columns)
    parts = _tier_parts()
    frame = concat_tables(tables).lazy()
    if not merged:
        aggs = [pl.col(TIER_ROWS).sum(), *(pl.col(p).sum() for p in parts)]
        frame = frame.group_by(columns).agg(aggs)
    masks = []
    for index, z in tiers.routed.items():
        found = [t for t in failing.get(index, []) if t.height]
        flag = f"__datacheck_fails_{index}"
        if found:
            keys = (
                pl.concat(found, how="vertical")
                .unique()
                .with_columns(pl.lit(value=True).alias(flag))
            )
            frame = frame.join(keys.lazy(), on=list(z), how="left", nulls_equal=True)
            masks.append((pl.col(flag).fill_null(value=False), context.layout.ranks.get(index, 0)))
    group_rank = rank_expr(masks)
    out = frame.select(group_tier_sums(group_rank, pl.col(TIER_ROWS))).collect(engine=ENGINE)
    row = out.row(0)
    return int(row[0] or 0), int(row[1] or 0)


# ---------------------------------------------------------------------------------- finish


def merge_outputs(outputs: Iterable[RouteOutput], limit: int) -> RouteOutput:
    """Merge the outputs of a route's buckets (and of several routes)."""
    merged = RouteOutput()
    for output in outputs:
        for name, leaf in output.leaves.items():
            merged.leaves[name] = merged.leaves[name].merge(leaf) if name in merged.leaves else leaf
        for index, rows in output.samples.items():
            combined = sorted([*merged.samples.get(index, []), *rows], key=lambda item: item[0])
            merged.samples[index] = combined[:limit]
        for index, frame in output.records.items():
            previous = merged.records.get(index)
            merged.records[index] = frame if previous is None else pl.concat([previous, frame])
        for index, frame in output.failing.items():
            previous = merged.failing.get(index)
            merged.failing[index] = frame if previous is None else pl.concat([previous, frame])
        for index, error in output.errors.items():
            merged.errors.setdefault(index, error)
        merged.tier_tables.extend(output.tier_tables)
    return merged


def _values(context: Context, index: int, leaves: Mapping[str, LeafState]) -> MetricValues:
    splits = context.layout.splits[index]
    measure = _measure(context, index)

    def finish(part: str, *, internal: bool = False) -> Any:
        split = splits[part]
        values = {}
        for leaf in split.leaves:
            state = leaves.get(leaf.name)
            values[leaf.name] = _empty_leaf(leaf, context) if state is None else state.value
        return split.finish(values, context.layout.dtypes, polars=internal)

    # as the local engine: an internal detail (``_…``, the sample keys) stays a Polars value
    details = {name: finish(f"d_{name}", internal=name.startswith("_")) for name in measure.details}
    return MetricValues(
        evaluated=int(finish("evaluated") or 0), failed=int(finish("failed") or 0), details=details
    )


def _empty_leaf(leaf: Leaf, context: Context) -> Any:
    if leaf.kind == "sum":
        return 0
    if leaf.kind == "distinct":
        return pl.Series("v", [], dtype=_values_dtype(context.layout.dtypes, leaf))
    if leaf.kind == "smallest":
        return pl.Series("v", [], dtype=_element_dtype(context.layout.dtypes[leaf.name]))
    if leaf.kind in {"min", "max"}:  # no value: null, as Polars' min and max of no values
        return pl.Series("v", [None], dtype=context.layout.dtypes[leaf.name])
    return None


def _group_samples(
    context: Context, index: int, value: MetricValues, records: pl.DataFrame | None
) -> list[dict[str, Any]]:
    measure = _measure(context, index)
    stage = measure.stage
    assert isinstance(stage, GroupStage)
    keys = value.details.get(SAMPLE_KEYS)
    if keys is None or keys.is_empty() or records is None or not records.height:
        return []
    wanted = _key_table(keys, stage).lazy()
    found = records.lazy().join(wanted, on=list(stage.key), how="semi", nulls_equal=True)
    found = found.sort(ORDER).head(context.layout.sample_size)
    present = list(context.layout.present_key)
    shown = found.select(_shown(measure, present)).collect(engine=ENGINE)
    return sample_rows(shown)


def finish_execution(
    job: Job,
    state: RunState,
    output: RouteOutput,
    tiers: tuple[int, int] | None,
) -> Execution:
    """The run's :class:`~datacheck.engine.local.Execution` from merged states and outputs."""
    context = job.context()
    plan = context.plan
    leaves = dict(state.leaves)
    for name, leaf in output.leaves.items():
        leaves[name] = leaves[name].merge(leaf) if name in leaves else leaf
    values: dict[int, MetricValues | DatacheckError] = {}
    samples: dict[int, list[dict[str, Any]]] = {}
    limit = context.layout.sample_size
    for index, planned in enumerate(plan.results):
        if planned.measure is None:
            continue
        error = state.errors.get(index) or output.errors.get(index)
        if error is not None:
            values[index] = error.error()
            continue
        try:
            value = _values(context, index, leaves)
        except ENGINE_ERRORS as failure:
            values[index] = _error(planned.measure, failure, 0).error()
            continue
        values[index] = value
        if value.failed <= 0 or limit <= 0:
            continue
        if isinstance(planned.measure.stage, GroupStage):
            try:
                rows = _group_samples(context, index, value, output.records.get(index))
            except ENGINE_ERRORS:
                rows = []
        else:
            candidates = sorted(
                [*state.samples.get(index, []), *output.samples.get(index, [])],
                key=lambda item: item[0],
            )
            rows = [row for _, row in candidates[:limit]]
        if rows:
            samples[index] = rows
    return Execution(
        rows=state.rows, values=values, samples=samples, log=ExecutionLog(), tiers=tiers
    )


def finish_state(
    job: Job, state: RunState, grouped: Mapping[str, pl.DataFrame] | None = None
) -> Execution:
    """Finish a merged state in this process (every route in one bucket)."""
    context = job.context()
    outputs = [
        finish_route(job, route_id, state.routes.get(route_id, []), grouped)
        for route_id in context.layout.routes
    ]
    output = merge_outputs(outputs, context.layout.sample_size)
    tiers = finish_tier_counts(job, state, output)
    return finish_execution(job, state, output, tiers)


def finish_tier_counts(job: Job, state: RunState, output: RouteOutput) -> tuple[int, int] | None:
    """The tier counts of a merged state (``None`` when they could not be counted)."""
    if state.tiers_failed:
        return None
    context = job.context()
    if not context.layout.tiers.keyed:
        return state.tier_sums
    failing = {i: [f] for i, f in output.failing.items()}
    carried = context.layout.tiers.carrier is not None
    tables = output.tier_tables if carried else state.tier_tables
    try:
        return finish_tiers(job, tables, failing, merged=carried)
    except ENGINE_ERRORS:
        return None


def failed_ranked(job: Job, state: RunState, output: RouteOutput) -> set[int]:
    """Ranked results that could not run: the tiers must be counted without them."""
    context = job.context()
    ranked = {i for i, r in context.layout.ranks.items() if r > 0}
    return {i for i in (*state.errors, *output.errors) if i in ranked} - set(job.tier_exclude)


# --------------------------------------------------------------------------------- running

Executor = Callable[[Callable[..., Any], Sequence[tuple[Any, ...]]], list[Any]]


def _in_process(function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> list[Any]:
    return [function(*args) for args in calls]


def run_states(
    planned: Planned,
    *,
    first_seq: int = 0,
    executor: Executor = _in_process,
    state: RunState | None = None,
) -> tuple[RunState, dict[str, pl.DataFrame]]:
    """Map every partition (with ``executor``), merge their states and find the samples.

    The states merge into ``state`` if given (an incremental run); the partitions that hold
    the first failing records are then searched for them (:func:`samples_needed`).
    """
    grouped = grouped_references(planned.job)
    calls: list[tuple[Any, ...]] = [
        (planned.job, part, first_seq + n, grouped) for n, part in enumerate(planned.partitions)
    ]
    states = executor(map_partition, calls)
    merged = RunState.merge_all([*([state] if state is not None else []), *states])
    by_seq = {first_seq + n: part for n, part in enumerate(planned.partitions)}
    needed = samples_needed(merged, by_seq)
    calls = [(planned.job, by_seq[s], s, wanted, grouped) for s, wanted in sorted(needed.items())]
    for found in executor(sample_partition, calls):
        merged.add_samples(found)
    return merged, grouped


def tiers_without(
    planned: Planned, job: Job, state: RunState, grouped: Mapping[str, pl.DataFrame]
) -> tuple[int, int] | None:
    """Count the tiers again, leaving out results that could not run (a second pass)."""
    again, _ = run_states(dataclasses.replace(planned, job=job))
    del state
    if again.tiers_failed:
        return None
    return finish_tier_counts(job, again, _outputs(job, again, grouped))


def _outputs(job: Job, state: RunState, grouped: Mapping[str, pl.DataFrame]) -> RouteOutput:
    context = job.context()
    outputs = [
        finish_route(job, route_id, state.routes.get(route_id, []), grouped)
        for route_id in context.layout.routes
    ]
    return merge_outputs(outputs, context.layout.sample_size)


def execute_partitioned(planned: Planned) -> tuple[Execution, RunState]:
    """Run a planned partitioned run in this process; return its execution and state."""
    state, grouped = run_states(planned)
    return _finish(planned, state, grouped), state


def _finish(
    planned: Planned,
    state: RunState,
    grouped: Mapping[str, pl.DataFrame],
    *,
    rerun: bool = True,
) -> Execution:
    """Finish a merged state in this process.

    When a ranked result could not run, the tiers are counted again without it (a second
    pass over the partitions) — or, with ``rerun=False`` (earlier partitions of an
    incremental run are gone), not at all.
    """
    job = planned.job
    output = _outputs(job, state, grouped)
    tiers = finish_tier_counts(job, state, output)
    failed = failed_ranked(job, state, output)
    if failed or state.tiers_failed:
        tiers = tiers_without(planned, job.excluding(failed), state, grouped) if rerun else None
    return finish_execution(job, state, output, tiers)


def run_partitioned(
    suite: Suite | str | Path | Any,
    source: Any = None,
    *,
    partitions: Sequence[Any] | None = None,
    rows: int | None = None,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
) -> Any:
    """Run a suite partition by partition in this process and merge the states.

    The result equals :func:`datacheck.run` over the concatenation of the partitions —
    counts, details, statuses, scores, samples and tiers — except ``seconds``, and
    ``source`` when ``partitions`` are given (it then lists them).

    Parameters
    ----------
    suite
        A :class:`~datacheck.Suite` or the path of a YAML suite.
    source
        Split by :func:`partitions_of` (files of a folder, row groups of a Parquet file).
    partitions
        Explicit partitions (sources or :class:`Partition`), in the data's order.
    rows
        Target rows per partition when splitting one file or DataFrame.
    as_of, references, unmask
        As for :func:`datacheck.run`.
    """
    started = time.perf_counter()
    planned = plan_job(
        suite, source, partitions=partitions, rows=rows, as_of=as_of, references=references
    )
    execution, _ = execute_partitioned(planned)
    return planned.result(execution, started=started, references=references, unmask=unmask)
