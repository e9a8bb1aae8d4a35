"""The Polars side of a Spark run: what each task computes, as rows of payloads.

:mod:`datacheck.engine.spark` only moves these rows around (``mapInArrow``, ``repartition``,
``toArrow``); everything that is computed — per partition, per bucket, on the driver — is
here, as calls to the partitioned engine (:mod:`datacheck.engine.partitioned`), and needs no
Spark. The tests run this module in one process to check it against the local engine.

Rows
----
A task's output is a list of :data:`Row` tuples; the payload is a pickled Python object
(written and read by the same run's own processes: the driver and its executors):

===============  =======================  ==========================================================
kind             from                     payload
===============  =======================  ==========================================================
``state``        a partition              its :class:`~datacheck.engine.states.RunState`, without
                                          its routed tables
``route``        a partition              one bucket of one routed table (``route`` names the route)
``tier``         a partition              one bucket of its per-key tier table (summed per key
                                          later)
``output``       a bucket of a route      its :class:`~datacheck.engine.partitioned.RouteOutput`,
                                          without tier tables
``tier_merged``  a bucket of the carrier  its per-key tier table (one row per key already)
===============  =======================  ==========================================================

Examples
--------
>>> import polars as pl, datacheck as dc
>>> from datacheck.engine.partitioned import plan_job
>>> suite = dc.Suite(name="s", key=["id"], checks=[
...     dc.checks.NotNull(columns=["v"]), dc.checks.Unique(columns=["id"])])
>>> parts = [pl.DataFrame({"id": [1, 2], "v": [None, 1]}),
...          pl.DataFrame({"id": [2, 3], "v": [1, None]})]
>>> planned = plan_job(suite, partitions=parts, as_of="2026-06-30")
>>> execution = run_in_process(planned.job, planned.partitions, buckets=2)
>>> {i: (v.evaluated, v.failed) for i, v in execution.values.items()}
{0: (4, 2), 1: (4, 2)}
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import polars as pl

from datacheck.engine.local import ENGINE_ERRORS, Execution
from datacheck.engine.partitioned import (
    Job,
    Partition,
    RouteOutput,
    failed_ranked,
    finish_execution,
    finish_route,
    finish_tiers,
    grouped_references,
    map_partition,
    merge_outputs,
    sample_partition,
    samples_needed,
    split_buckets,
)
from datacheck.engine.states import RunState

__all__ = [
    "OUTPUT",
    "ROUTE",
    "STATE",
    "TIER",
    "TIERS_ROUTE",
    "TIER_MERGED",
    "Row",
    "TierCounter",
    "dump",
    "finish_rows",
    "load",
    "map_rows",
    "merge_states",
    "needs_tier_tables",
    "run_in_process",
    "search_samples",
    "state_rows",
    "tier_counts",
    "tiers_of",
]

STATE: Final = "state"
ROUTE: Final = "route"
TIER: Final = "tier"
OUTPUT: Final = "output"
TIER_MERGED: Final = "tier_merged"
TIERS_ROUTE: Final = "~tiers"
"""The route of ``tier`` rows: shuffled by bucket, apart from every routed check's rows."""
_INT32: Final = 2**31 - 1
_TABLE: Final = b"T"
_PICKLE: Final = b"P"

Row = tuple[str, str, int, bytes]
"""``(kind, route, bucket, payload)``: one row of a task's output."""


def dump(obj: object) -> bytes:
    """An object as a payload: a table as zstd-compressed Arrow IPC, anything else pickled.

    The per-key tables are what a run moves (about a third of their size compressed), from
    Python to the JVM, through the shuffle and back.

    Examples
    --------
    >>> load(dump(pl.DataFrame({"k": ["a", "b"]}))).equals(pl.DataFrame({"k": ["a", "b"]}))
    True
    >>> load(dump({"n": 1}))
    {'n': 1}
    """
    if isinstance(obj, pl.DataFrame):
        buffer = io.BytesIO()
        buffer.write(_TABLE)
        obj.write_ipc(buffer, compression="zstd")
        return buffer.getvalue()
    return _PICKLE + pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def load(payload: bytes) -> Any:
    """The object of a payload written by :func:`dump` in this run (never outside data)."""
    kind, body = payload[:1], memoryview(payload)[1:]
    if kind == _TABLE:
        return pl.read_ipc(io.BytesIO(body))
    return pickle.loads(body)  # noqa: S301  (this run's own payloads)


# ---------------------------------------------------------------------------- partitions


def map_rows(
    job: Job,
    partition: Partition | Any,
    seq: int,
    grouped: Mapping[str, pl.DataFrame],
    buckets: int,
    *,
    samples: bool = False,
) -> list[Row]:
    """Run the kernel on one partition, as rows.

    ``samples``: search the partition's own first failing records here too (for a Spark
    DataFrame, whose partitions are not read twice). A merged run keeps the smallest orders,
    so they are still the first failing records of the whole data. Without it, the driver
    searches only the partitions that hold the first failures (:func:`search_samples`).
    """
    if not isinstance(partition, Partition):
        partition = Partition(partition)
    state = map_partition(job, partition, seq, grouped)
    wanted = samples_needed(state, [seq]).get(seq) if samples else None
    if wanted:
        state.add_samples(sample_partition(job, partition, seq, wanted, grouped))
    return state_rows(state, buckets)


def state_rows(state: RunState, buckets: int) -> list[Row]:
    """A partition's state as rows: the state, then its routed tables cut into buckets.

    Rows are shuffled by ``(route, bucket)``: a state row by its partition (spread over the
    tasks), a routed piece by its route and bucket, a tier piece by its bucket
    (:data:`TIERS_ROUTE`). Bucket 0 of every routed table is kept even when empty, so every
    route sees each partition's (possibly empty) table, as in a one-process run.
    """
    seq = min(state.parts, default=0)
    light = dataclasses.replace(state, routes={}, tier_tables=[])
    rows: list[Row] = [(STATE, "", seq % _INT32, dump(light))]
    for route, tables in sorted(state.routes.items()):
        for table in tables:
            for bucket, piece in enumerate(split_buckets(table, buckets)):
                if piece.height or bucket == 0:
                    rows.append((ROUTE, route, bucket, dump(piece)))
    for table in state.tier_tables:
        for bucket, piece in enumerate(split_buckets(table, buckets)):
            if piece.height:
                rows.append((TIER, TIERS_ROUTE, bucket, dump(piece)))
    return rows


def merge_states(states: Iterable[RunState]) -> RunState:
    """The states of every partition merged (in the data's order; the merge is exact)."""
    return RunState.merge_all(sorted(states, key=lambda state: min(state.parts, default=0)))


def search_samples(
    job: Job,
    state: RunState,
    partitions: Sequence[Partition],
    grouped: Mapping[str, pl.DataFrame],
) -> None:
    """Add to a merged state the first failing records of the partitions that hold them.

    Only the partitions before the first ``samples`` failures of some result are read, and
    only as far as needed (a leading slice first), as a one-process run does.
    """
    needed = samples_needed(state, range(len(partitions)))
    for seq, wanted in sorted(needed.items()):
        state.add_samples(sample_partition(job, partitions[seq], seq, wanted, grouped))


# ------------------------------------------------------------------------------- buckets


def finish_rows(job: Job, rows: Iterable[Row], grouped: Mapping[str, pl.DataFrame]) -> list[Row]:
    """What a task of the shuffled rows yields: each (route, bucket) it holds, finished.

    State and tier rows pass through. A carrier route's per-key tier table stays in the
    cluster (``tier_merged`` rows) for the tier step instead of travelling to the driver.
    """
    out: list[Row] = []
    pieces: dict[tuple[str, int], list[pl.DataFrame]] = {}
    for row in rows:
        kind, route, bucket, payload = row
        if kind == ROUTE:
            pieces.setdefault((route, bucket), []).append(load(payload))
        else:
            out.append(row)
    for (route, bucket), tables in sorted(pieces.items()):
        output = finish_route(job, route, tables, grouped)
        kept = [t for t in output.tier_tables if t.height]
        out.extend((TIER_MERGED, route, bucket, dump(t)) for t in kept)
        output.tier_tables = []
        out.append((OUTPUT, route, bucket, dump(output)))
    return out


def tier_counts(
    job: Job, rows: Iterable[Row], failing: Mapping[int, Sequence[pl.DataFrame]]
) -> tuple[int, int] | None:
    """The tier counts of the tier rows a task holds (``None`` if they cannot be counted).

    Every per-partition piece of a bucket (``tier`` rows) is in the same task: they are
    summed per key here; ``tier_merged`` tables have one row per key already.
    """
    pieces: dict[tuple[str, int], list[pl.DataFrame]] = {}
    for kind, _route, bucket, payload in rows:
        if kind in (TIER, TIER_MERGED):
            pieces.setdefault((kind, bucket), []).append(load(payload))
    needs = unusable = 0
    try:
        for (kind, _bucket), tables in sorted(pieces.items()):
            found = finish_tiers(job, tables, failing, merged=kind == TIER_MERGED)
            needs, unusable = needs + found[0], unusable + found[1]
    except ENGINE_ERRORS:
        return None
    return needs, unusable


# -------------------------------------------------------------------------------- driver

TierCounter = Callable[[Mapping[int, Sequence[pl.DataFrame]]], "tuple[int, int] | None"]
"""Counts the tiers of the routed tier tables, given every failing key (the engine's job)."""


def needs_tier_tables(job: Job) -> bool:
    """Whether the tiers are counted from per-key tables (ranked key or window checks)."""
    return job.context().layout.tiers.keyed


def tiers_of(
    job: Job, state: RunState, output: RouteOutput, count_tiers: TierCounter
) -> tuple[int, int] | None:
    """The tier counts of a merged state (``None`` when they could not be counted)."""
    if state.tiers_failed or failed_ranked(job, state, output):
        return None
    if not needs_tier_tables(job):
        return state.tier_sums
    return count_tiers({i: [f] for i, f in output.failing.items()})


# ----------------------------------------------------------------------- in one process


def _shuffle(rows: Iterable[Row], tasks: int) -> list[list[Row]]:
    """Rows by ``(route, bucket)`` into ``tasks`` lists, as ``repartition`` does."""
    out: list[list[Row]] = [[] for _ in range(tasks)]
    for row in rows:
        out[hash((row[1], row[2])) % tasks].append(row)
    return out


def run_in_process(
    job: Job,
    partitions: Sequence[Partition],
    *,
    buckets: int = 2,
    samples_in_tasks: bool = False,
) -> Execution:
    """Run the Spark engine's steps in this process (a test of the kernel without Spark)."""
    grouped = grouped_references(job)

    def once(job: Job) -> tuple[RunState, RouteOutput, tuple[int, int] | None]:
        mapped = [
            row
            for seq, part in enumerate(partitions)
            for row in map_rows(job, part, seq, grouped, buckets, samples=samples_in_tasks)
        ]
        tasks = [finish_rows(job, rows, grouped) for rows in _shuffle(mapped, buckets)]
        finished = [row for rows in tasks for row in rows]
        state = merge_states(load(r[3]) for r in finished if r[0] == STATE)
        if not samples_in_tasks:
            search_samples(job, state, partitions, grouped)
        outputs = [load(r[3]) for r in finished if r[0] == OUTPUT]
        output = merge_outputs(outputs, job.context().layout.sample_size)

        def count(failing: Mapping[int, Sequence[pl.DataFrame]]) -> tuple[int, int] | None:
            found = [tier_counts(job, rows, failing) for rows in tasks]
            if any(f is None for f in found):
                return None
            return sum(f[0] for f in found if f), sum(f[1] for f in found if f)

        return state, output, tiers_of(job, state, output, count)

    state, output, tiers = once(job)
    failed = failed_ranked(job, state, output)
    if failed or state.tiers_failed:
        _, _, tiers = once(job.excluding(failed))
    return finish_execution(job, state, output, tiers)
