"""The Dask engine: a partitioned run as a task graph on a ``dask.distributed`` cluster.

Tasks run over **files** (or row ranges of a file): no ``dask.dataframe``, no pandas. Each
task calls the partitioned engine's Polars kernel (:func:`~datacheck.engine.partitioned.
map_partition`); per-key tables (``unique``, windows, the record tiers) are split by the
hash of their key and **routed by the task graph** to bucket tasks
(:func:`~datacheck.engine.partitioned.finish_route`), each of which finishes its keys
exactly. Only small things travel to the client: partition states without their tables,
bucket leaves, samples and tier counts. The result equals :func:`datacheck.run` over the
same data (see :mod:`datacheck.engine.partitioned`).

The graph::

    grouped references ─┐
    partition 0 … P-1 ──┼─► map ─► split by key hash ─► bucket 0 … B-1 (per route) ─┐
                        │     └─► small state ────────────────────────────────────┼─► client
                        └─► samples (the few partitions holding the first failures) ┘

Every task may be retried (``retries``); a worker that dies mid-task has its tasks, and any
lost results they depend on, recomputed by the scheduler, so a run survives lost workers
with exactly the same result.

Examples
--------
A local cluster for one run, a running scheduler, or an existing ``Client``::

    import datacheck as dc
    result = dc.run("suites/dan_cu.yaml", "data/dan_cu/", engine="dask")
    result = dc.run("suites/dan_cu.yaml", engine="dask", scheduler="tcp://head:8786")
    result = run_dask("suites/dan_cu.yaml", "data/dan_cu/", scheduler=client, buckets=16)

Without the ``dask`` extra, the engine stops with one line:
``the Dask engine needs the 'dask' extra: pip install 'datacheck[dask]'``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
import os
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from datacheck.engine.local import Execution
from datacheck.engine.partitioned import (
    Job,
    Planned,
    RouteOutput,
    concat_tables,
    failed_ranked,
    finish_execution,
    finish_route,
    finish_tiers,
    grouped_references,
    map_partition,
    merge_outputs,
    plan_job,
    sample_partition,
    samples_needed,
    split_buckets,
)
from datacheck.engine.states import RunState
from datacheck.errors import DatacheckError
from datacheck.suite import Suite

__all__ = ["DaskUnavailableError", "dask_client", "execute_dask", "run_dask"]

EXTRA_HINT = "pip install 'datacheck[dask]'"


class DaskUnavailableError(DatacheckError):
    """The ``dask`` extra is not installed."""


def _distributed() -> Any:
    try:
        import distributed  # noqa: PLC0415  (optional: imported on use)
    except ImportError:
        raise DaskUnavailableError(
            f"the Dask engine needs the 'dask' extra: {EXTRA_HINT}",
            f"chạy trên Dask cần gói bổ sung 'dask': {EXTRA_HINT}",
        ) from None
    return distributed


@contextlib.contextmanager
def dask_client(scheduler: Any = None, *, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: the one given, one at an address, or a local cluster.

    A new ``LocalCluster`` has ``workers`` processes of one thread each and is closed on
    exit, as is a client connected here.

    Parameters
    ----------
    scheduler
        A ``Client``, a scheduler address (``"tcp://host:8786"``), or ``None`` (a local
        cluster; the ``DATACHECK_DASK_SCHEDULER`` environment variable, if set, is used
        as the address instead).
    workers
        Worker processes of a new local cluster (default: the machine's CPU count).
    """
    distributed = _distributed()
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    address = scheduler or os.environ.get("DATACHECK_DASK_SCHEDULER") or None
    if address is not None:
        try:
            client = distributed.Client(str(address), timeout="30s")
        except OSError as error:
            raise DatacheckError(
                f"cannot reach the Dask scheduler at {address}: {error}",
                f"không kết nối được bộ lập lịch Dask tại {address}: {error}",
            ) from None
        with client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,  # no dashboard; its HTTP server (health, metrics) still starts:
        # on a free local port, so concurrent runs do not contend for 8787
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def _given(value: Any) -> Any:
    """The value itself: a task that holds a value of the graph, computed again if lost."""
    return value


def _small(state: RunState) -> RunState:
    """A partition's state without its tables (those stay on the workers)."""
    return dataclasses.replace(state, routes={}, tier_tables=[])


def _pieces(tables: Sequence[pl.DataFrame], buckets: int) -> list[pl.DataFrame]:
    table = concat_tables(tables)
    if not table.width:
        return [pl.DataFrame() for _ in range(buckets)]
    return split_buckets(table, buckets)


def _route_pieces(state: RunState, route_id: str, buckets: int) -> list[pl.DataFrame]:
    return _pieces(state.routes.get(route_id, []), buckets)


def _tier_pieces(state: RunState, buckets: int) -> list[pl.DataFrame]:
    return _pieces(state.tier_tables, buckets)


def _finish_bucket(
    job: Job,
    route_id: str,
    pieces: Sequence[pl.DataFrame],
    grouped: Mapping[str, pl.DataFrame],
) -> RouteOutput:
    return finish_route(job, route_id, [p for p in pieces if p.height], grouped)


def _without_tables(output: RouteOutput) -> RouteOutput:
    return dataclasses.replace(output, tier_tables=[])


def _failing(output: RouteOutput) -> dict[int, pl.DataFrame]:
    return output.failing


def _tier_bucket(
    job: Job,
    pieces: Sequence[pl.DataFrame],
    failing: Sequence[Mapping[int, pl.DataFrame]],
    merged: bool,
) -> tuple[int, int]:
    found: dict[int, list[pl.DataFrame]] = {}
    for tables in failing:
        for index, frame in tables.items():
            found.setdefault(index, []).append(frame)
    return finish_tiers(job, [p for p in pieces if p.height], found, merged=merged)


def _carried_tiers(output: RouteOutput) -> list[pl.DataFrame]:
    return output.tier_tables


def execute_dask(
    client: Any,
    planned: Planned,
    *,
    buckets: int | None = None,
    retries: int = 2,
    first_seq: int = 0,
    state: RunState | None = None,
    keep_tables: bool = False,
    recount: bool = True,
) -> tuple[Execution, RunState]:
    """Run a planned partitioned run on a Dask cluster.

    Returns its execution and the merged partition state (without its tables, which stay
    on the workers, unless ``keep_tables``).

    Parameters
    ----------
    client
        A ``distributed.Client``.
    planned
        From :func:`~datacheck.engine.partitioned.plan_job`.
    buckets
        How many buckets each key route is split into (default: twice the workers, at
        most the partitions, at least 1).
    retries
        Retries of each task after an error (lost workers are handled by the scheduler).
    first_seq, state
        For incremental runs: the first partition's sequence number and a state to merge
        the partitions into (its tables are finished with the new ones).
    recount
        Whether tiers that could not be counted (a result failed) are counted again, once,
        without the failing results (the recount itself does not recount).
    keep_tables
        Return the merged state with its tables (gathered to the client, to be saved);
        otherwise they stay on the workers.
    """
    job = planned.job
    merged, output, tiers, maps = _dask_pass(
        client, planned, buckets=buckets, retries=retries, first_seq=first_seq, state=state
    )
    failed = failed_ranked(job, merged, output)
    if failed or merged.tiers_failed:
        tiers = None  # the earlier partitions of an incremental run are gone
        if state is None and recount:  # count them again without the failing results
            again = dataclasses.replace(planned, job=job.excluding(failed))
            tiers = _recount_tiers(client, again, buckets=buckets, retries=retries)
    execution = finish_execution(job, merged, output, tiers)
    if keep_tables:
        full = RunState.merge_all(client.gather(maps))
        merged = dataclasses.replace(full, samples=merged.samples)
    return execution, merged


def _recount_tiers(
    client: Any, planned: Planned, *, buckets: int | None, retries: int
) -> tuple[int, int] | None:
    """The tiers counted again by a second pass without the failing results (or ``None``).

    Only the tier counts of this pass are used: its job leaves results out, so its
    results are not finished (as :func:`~datacheck.engine.partitioned.tiers_without`).
    """
    merged, output, tiers, _ = _dask_pass(
        client, planned, buckets=buckets, retries=retries, first_seq=0, state=None
    )
    if merged.tiers_failed or failed_ranked(planned.job, merged, output):
        return None
    return tiers


def _dask_pass(
    client: Any,
    planned: Planned,
    *,
    buckets: int | None,
    retries: int,
    first_seq: int,
    state: RunState | None,
) -> tuple[RunState, RouteOutput, tuple[int, int] | None, list[Any]]:
    """One pass over the partitions: the merged state, routes' output, tiers and map futures."""
    job = planned.job
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    buckets = buckets or max(1, min(2 * workers, len(planned.partitions)))
    layout = job.context().layout
    graph = _Graph(client, job, buckets, retries)
    grouped = graph.submit(grouped_references, graph.job, name="grouped")
    maps = [
        graph.submit(map_partition, graph.job, part, first_seq + n, grouped, name=f"map-{n}")
        for n, part in enumerate(planned.partitions)
    ]
    if state is not None:  # an incremental run: the saved tables join the new ones
        maps.append(client.scatter(state, hash=False))
    smalls = [graph.submit(_small, m, name=f"small-{n}") for n, m in enumerate(maps)]
    outputs = {route_id: graph.route(route_id, maps, grouped) for route_id in layout.routes}
    tier_futures = graph.tiers(maps, outputs) if layout.tiers.keyed else []
    gathered = [
        graph.submit(_without_tables, o, name=f"out-{route}-{n}")
        for route, futures in outputs.items()
        for n, o in enumerate(futures)
    ]
    merged = RunState.merge_all(client.gather(smalls))
    by_seq = {first_seq + n: part for n, part in enumerate(planned.partitions)}
    sampled = [
        graph.submit(sample_partition, graph.job, by_seq[s], s, w, grouped, name=f"samples-{s}")
        for s, w in sorted(samples_needed(merged, by_seq).items())
    ]
    for found in client.gather(sampled):
        merged.add_samples(found)
    output = merge_outputs(client.gather(gathered), layout.sample_size)
    tiers: tuple[int, int] | None = merged.tier_sums
    if layout.tiers.keyed and not merged.tiers_failed:
        counts = client.gather(tier_futures)
        tiers = (sum(c[0] for c in counts), sum(c[1] for c in counts))
    return merged, output, tiers, maps


class _Graph:
    """Builds the run's task graph: every task retried, keys unique to the run."""

    def __init__(self, client: Any, job: Job, buckets: int, retries: int) -> None:
        self.client, self.buckets, self.retries = client, buckets, retries
        self.token = uuid.uuid4().hex[:8]
        self.layout = job.context().layout
        # a task, not scattered data: if the workers holding it die, the scheduler computes
        # it again from the graph (scattered data would be lost, and every task needing it
        # cancelled)
        self.job = self.submit(_given, job, name="job")

    def submit(self, function: Any, *args: Any, name: str) -> Any:
        key = f"datacheck-{name}-{self.token}"
        return self.client.submit(function, *args, key=key, retries=self.retries, pure=False)

    def _pieces(self, splitter: Any, maps: Sequence[Any], name: str, *args: Any) -> list[list[Any]]:
        """For each bucket, the futures of every partition's piece of a routed table."""
        split = [
            self.submit(splitter, m, *args, self.buckets, name=f"{name}-split-{n}")
            for n, m in enumerate(maps)
        ]
        return [
            [
                self.submit(operator.getitem, s, bucket, name=f"{name}-piece-{n}-{bucket}")
                for n, s in enumerate(split)
            ]
            for bucket in range(self.buckets)
        ]

    def route(self, route_id: str, maps: Sequence[Any], grouped: Any) -> list[Any]:
        """The bucket tasks of one route: each finishes the keys hashed to it."""
        slug = route_id.replace(":", "-").replace(",", "_")
        return [
            self.submit(
                _finish_bucket, self.job, route_id, parts, grouped, name=f"{slug}-bucket-{b}"
            )
            for b, parts in enumerate(self._pieces(_route_pieces, maps, slug, route_id))
        ]

    def tiers(self, maps: Sequence[Any], outputs: Mapping[str, list[Any]]) -> list[Any]:
        """The tier tasks: per-key tier tables finished against every failing key."""
        failing = [
            self.submit(_failing, o, name=f"failing-{route}-{n}")
            for route, futures in outputs.items()
            for n, o in enumerate(futures)
        ]
        carrier = self.layout.tiers.carrier
        if carrier is not None:  # the carrier route's buckets hold the merged tier tables
            tables = [
                self.submit(_carried_tiers, o, name=f"carried-{b}")
                for b, o in enumerate(outputs[carrier])
            ]
            merged = [True] * len(tables)
        else:
            tables = self._pieces(_tier_pieces, maps, "tiers")
            merged = [False] * len(tables)
        return [
            self.submit(_tier_bucket, self.job, table, failing, flag, name=f"tiers-{b}")
            for b, (table, flag) in enumerate(zip(tables, merged, strict=True))
        ]


def run_dask(
    suite: Suite | str | Path | Any,
    source: Any = None,
    *,
    partitions: Sequence[Any] | None = None,
    rows: int | None = None,
    scheduler: Any = None,
    buckets: int | None = None,
    retries: int = 2,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
) -> Any:
    """Run a suite on a Dask cluster; the result equals :func:`datacheck.run`'s.

    Parameters
    ----------
    suite, source, partitions, rows
        As for :func:`~datacheck.engine.partitioned.run_partitioned`: a folder or glob is
        one task per file, a Parquet file one task per group of row groups. Paths must be
        readable by every worker (a shared file system or the same paths on each).
    scheduler
        A ``distributed.Client``, a scheduler address (``"tcp://host:8786"``) or ``None``
        for a local cluster started (and stopped) for this run.
    buckets, retries
        See :func:`execute_dask`.
    as_of, references, unmask
        As for :func:`datacheck.run`.

    Raises
    ------
    DaskUnavailableError
        The ``dask`` extra is not installed (the message says how to install it).
    """
    _distributed()
    started = time.perf_counter()
    planned = plan_job(
        suite, source, partitions=partitions, rows=rows, as_of=as_of, references=references
    )
    with dask_client(scheduler) as client:
        execution, _ = execute_dask(client, planned, buckets=buckets, retries=retries)
    return planned.result(execution, started=started, references=references, unmask=unmask)
