"""Run a suite on Apache Spark: the Polars kernel in ``mapInArrow`` tasks, states merged exactly.

``datacheck.engine.spark`` distributes a partitioned run (:mod:`datacheck.engine.partitioned`)
over a Spark cluster without a scheduler of its own; every number comes from the same
per-partition kernel (:func:`~datacheck.engine.partitioned.map_partition`) as the local and
Dask engines, so the result equals the local engine's, count for count.

A run is one Spark job, two when record tiers need the failing keys of key checks:

1. **map** — each Spark partition runs the kernel in a ``mapInArrow`` task and yields its
   :class:`~datacheck.engine.states.RunState`: the row checks' partial aggregates and the
   per-key tables of key checks (``unique``, ``admin_unit_current``, windows), cut into
   buckets by the hash of the key. Two inputs:

   * a **Spark DataFrame** (``dc.run(suite, spark_df)``): the task receives the partition's
     Arrow batches; the partition's place in the data's order is its partition id, and the
     task searches its own first failing records (a partition is not read twice);
   * **files** (``engine="spark"`` with a path, the CLI's ``--engine spark``): the files (or
     row groups) are split on the driver exactly as the local engine reads them and each task
     reads its own with Polars — the same reader, types and row order as a local run; the
     driver then reads only the partitions holding the first failing records, for samples.

2. **buckets** — in the same job, the rows are ``repartition(n, route, bucket)``-ed so every
   key of a key check lands in one task, which merges the per-partition counts and evaluates
   the same Polars measures over complete keys
   (:func:`~datacheck.engine.partitioned.finish_route`); exact, never approximated.
3. **tiers** — with ranked key checks, the per-key record-tier tables stay cached in the
   cluster, where the shuffle put them, and a second job finishes them against the failing
   keys (shipped to the tier tasks).

The driver merges the small states and bucket outputs (:mod:`datacheck.engine.spark_kernel`
holds everything that is computed, Spark only moves its rows) and builds the result with the
local engine's :func:`~datacheck.runner.build_result`.

**References** of join checks (``exists_in``, ``agrees_with`` …) are *broadcast*: each join's
reference is grouped by its key once on the driver
(:func:`~datacheck.engine.partitioned.grouped_references`) and shipped with the task
function (PySpark broadcasts a task payload over 1 MB once per executor); every task joins
its own partition in Polars. A reference given as a Spark DataFrame is collected to the
driver first. This suits catalogues and registers of up to a few million keys; see
``docs/spark.md``.

PySpark is an optional dependency (``pip install 'datacheck[spark]'``); without it the engine
fails with one line naming the extra.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import socket
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import polars as pl
import pyarrow as pa

from datacheck.engine import spark_kernel as kernel
from datacheck.engine.local import Execution
from datacheck.engine.partitioned import (
    Job,
    Partition,
    RouteOutput,
    failed_ranked,
    finish_execution,
    grouped_references,
    merge_outputs,
    plan_job,
)
from datacheck.engine.states import RunState
from datacheck.errors import DatacheckError, SourceError
from datacheck.result import Result
from datacheck.suite import Suite

__all__ = [
    "SPARK_EXTRA",
    "SparkRun",
    "is_spark_dataframe",
    "run_spark",
    "spark_session",
]

SPARK_EXTRA: Final = "pip install 'datacheck[spark]'"
"""How to install the Spark engine's dependencies."""
SETUP_SCRIPT: Final = "scripts/setup_spark.sh"
"""Installs Java 17 (Debian's package) when missing, and the ``spark`` extra."""

_MAPPED: Final = (("kind", "string"), ("route", "string"), ("bucket", "int"), ("payload", "binary"))
_TIERS: Final = (("needs", "long"), ("unusable", "long"), ("ok", "boolean"))
_PANDAS_WARNING: Final = "PySpark does not yet fully support pandas"
_CONNECT_PORT: Final = 15002
_CONNECT_TIMEOUT: Final = 10.0
_CONNECT_BUCKETS: Final = 16
"""Buckets of a Spark Connect run when ``buckets`` is not given (no ``defaultParallelism``)."""

StepCallback = Callable[[str], None]


# ------------------------------------------------------------------------------- pyspark


def _missing(what: str) -> DatacheckError:
    from datacheck.interop._common import MissingDependencyError  # noqa: PLC0415

    return MissingDependencyError(
        f"the Spark engine needs {what}, which is not installed: {SPARK_EXTRA}",
        f"bộ máy Spark cần {what} nhưng chưa được cài: {SPARK_EXTRA}",
    )


def _require_pyspark() -> Any:
    """The ``pyspark.sql`` module, or one line naming the extra to install."""
    try:
        import pyspark.sql  # noqa: PLC0415  (optional dependency)
    except ImportError:
        raise _missing("pyspark") from None
    return pyspark.sql


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """PySpark's warning about pandas 3 (the engine never uses pandas: Arrow end to end)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_PANDAS_WARNING, category=FutureWarning)
        yield


def is_spark_dataframe(obj: object) -> bool:
    """Whether ``obj`` is a PySpark DataFrame (classic or Spark Connect), without importing it.

    Examples
    --------
    >>> import polars as pl
    >>> is_spark_dataframe(pl.DataFrame()), is_spark_dataframe("people.parquet")
    (False, False)
    """
    return any(
        cls.__name__ == "DataFrame" and cls.__module__.startswith("pyspark.sql")
        for cls in type(obj).__mro__
    )


def spark_session(
    *,
    master: str | None = None,
    remote: str | None = None,
    config: Mapping[str, str] | None = None,
) -> Any:
    """A Spark session for datacheck: the active one, or a new one.

    Parameters
    ----------
    master
        A cluster's master URL (``spark://host:7077``, ``yarn``, ``k8s://…``) or
        ``local[N]``; default ``local[*]``. Local masters bind to ``127.0.0.1``.
    remote
        A Spark Connect server, ``sc://host:15002`` (needs ``pyspark[connect]``, part of
        the ``spark`` extra). Exclusive with ``master``.
    config
        More Spark settings (``spark.archives`` to ship a packed environment, …).

    Notes
    -----
    Python workers run this interpreter (``PYSPARK_PYTHON`` defaults to
    ``sys.executable``); console progress bars are off, and so is the web UI of a local
    master, unless ``config`` turns them on. An active session (``getOrCreate``) is reused
    as it is.
    """
    if master and remote:
        raise DatacheckError(
            "give either a Spark master URL or a Spark Connect address (remote), not both",
            "chỉ chọn một: địa chỉ master của Spark hoặc địa chỉ Spark Connect (remote)",
        )
    sql = _require_pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = sql.SparkSession.builder.appName("datacheck")
    settings: dict[str, str] = {}
    if remote:
        if not remote.startswith("local"):
            _reachable(remote)
        builder = builder.remote(remote)
        if remote.startswith("local"):  # a Connect server started here, in this process
            settings["spark.ui.enabled"] = "false"
            settings["spark.ui.showConsoleProgress"] = "false"
    else:
        master = master or "local[*]"
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            settings["spark.driver.host"] = "127.0.0.1"
            settings["spark.driver.bindAddress"] = "127.0.0.1"
            settings["spark.ui.enabled"] = "false"
        settings["spark.ui.showConsoleProgress"] = "false"
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        with _quiet():
            return builder.getOrCreate()
    except ImportError as error:  # pyspark[connect]'s grpcio and friends
        raise _missing(getattr(error, "name", None) or "pyspark[connect]") from None
    except Exception as error:  # noqa: BLE001  (py4j/JVM/gRPC errors have no common type)
        reason = " ".join(str(error).split())[:300]
        if remote and not remote.startswith("local"):
            raise DatacheckError(
                f"cannot reach the Spark Connect server {remote} ({reason})",
                f"không kết nối được máy chủ Spark Connect {remote} ({reason})",
            ) from None
        raise DatacheckError(
            f"cannot start Spark ({reason}); Spark needs Java 17: bash {SETUP_SCRIPT}",
            f"không khởi động được Spark ({reason}); Spark cần Java 17: bash {SETUP_SCRIPT}",
        ) from None


def _reachable(remote: str) -> None:
    """Fail fast when a Spark Connect server does not answer (PySpark retries for minutes)."""
    parsed = urlsplit(remote)
    if parsed.scheme != "sc" or not parsed.hostname:
        raise DatacheckError(
            f"a Spark Connect address looks like sc://host:15002, not '{remote}'",
            f"địa chỉ Spark Connect có dạng sc://máy:15002, không phải '{remote}'",
        )
    address = (parsed.hostname, parsed.port or _CONNECT_PORT)
    try:
        with socket.create_connection(address, timeout=_CONNECT_TIMEOUT):
            pass
    except OSError as error:
        raise DatacheckError(
            f"cannot reach the Spark Connect server {remote}: {error}",
            f"không kết nối được máy chủ Spark Connect {remote}: {error}",
        ) from None


def _parallelism(session: Any) -> int:
    try:
        return max(1, int(session.sparkContext.defaultParallelism))
    except Exception:  # noqa: BLE001  (Spark Connect has no SparkContext)
        return _CONNECT_BUCKETS


def _struct(columns: Sequence[tuple[str, str]]) -> Any:
    """A Spark ``StructType`` of simple columns (built in Python: no JVM, works over Connect)."""
    from pyspark.sql import types as T  # noqa: N812, PLC0415

    kinds = {
        "string": T.StringType,
        "int": T.IntegerType,
        "long": T.LongType,
        "binary": T.BinaryType,
        "boolean": T.BooleanType,
    }
    return T.StructType(
        [T.StructField(name, kinds[kind](), nullable=True) for name, kind in columns]
    )


def _arrow_schema(session: Any, columns: Sequence[tuple[str, str]]) -> pa.Schema:
    """The Arrow schema Spark expects of a ``mapInArrow`` output with ``columns``."""
    from pyspark.sql.pandas.types import to_arrow_schema  # noqa: PLC0415

    large = str(session.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false"))
    return to_arrow_schema(_struct(columns), prefers_large_types=large.lower() == "true")


def _polars_schema(session: Any, frame: Any) -> pl.Schema:
    """The Polars schema of a Spark DataFrame's Arrow batches (as ``mapInArrow`` gives them)."""
    from pyspark.sql.pandas.types import to_arrow_schema  # noqa: PLC0415

    timezone = str(session.conf.get("spark.sql.session.timeZone"))
    try:
        schema = to_arrow_schema(frame.schema, timezone=timezone)
    except Exception as error:  # noqa: BLE001  (a Spark type without an Arrow equivalent)
        raise SourceError(
            f"cannot read the Spark DataFrame's columns as Arrow: {error}",
            f"không đọc được các cột của Spark DataFrame dưới dạng Arrow: {error}",
        ) from None
    return pl.DataFrame(pl.from_arrow(schema.empty_table())).schema


def _to_polars(table: pa.Table, schema: pl.Schema) -> pl.DataFrame:
    frame = pl.DataFrame(pl.from_arrow(table))
    if frame.schema != schema:
        frame = frame.cast(schema)
    return frame


# --------------------------------------------------------------------------------- tasks
# Run on the executors: module-level functions, pickled by reference (the executors import
# datacheck), their arguments by value. The computing is in datacheck.engine.spark_kernel.


def _batch(rows: Sequence[kernel.Row], schema: pa.Schema) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    arrays = [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _rows(batches: Iterator[pa.RecordBatch]) -> Iterator[kernel.Row]:
    for batch in batches:
        data = batch.to_pydict()
        yield from zip(data["kind"], data["route"], data["bucket"], data["payload"], strict=True)


def _map_frame_task(
    job: Job,
    grouped: Mapping[str, pl.DataFrame],
    buckets: int,
    out: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """A ``mapInArrow`` task over a Spark DataFrame's partition: its state, as rows.

    The partition's own first failing records are searched here too: a Spark DataFrame's
    partition is not read twice.
    """
    from pyspark import TaskContext  # noqa: PLC0415

    context = TaskContext.get()
    seq = context.partitionId() if context is not None else 0
    found = list(batches)
    if not found and seq != 0:
        return  # an empty partition adds nothing (partition 0 always reports, for empty data)
    if found:
        frame = _to_polars(pa.Table.from_batches(found), job.schema)
    else:
        frame = pl.DataFrame(schema=job.schema)
    partition = Partition(frame, name=f"spark partition {seq}")
    yield _batch(kernel.map_rows(job, partition, seq, grouped, buckets, samples=True), out)


def _map_files_task(
    job: Job,
    grouped: Mapping[str, pl.DataFrame],
    buckets: int,
    out: pa.Schema,
    batches: Iterator[pa.RecordBatch],
    *,
    partitions: Sequence[Partition],
) -> Iterator[pa.RecordBatch]:
    """A ``mapInArrow`` task over partition numbers: each partition read here with Polars."""
    for batch in batches:
        for seq in batch.column(0).to_pylist():
            yield _batch(kernel.map_rows(job, partitions[seq], seq, grouped, buckets), out)


def _finish_task(
    job: Job,
    grouped: Mapping[str, pl.DataFrame],
    out: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """A ``mapInArrow`` task over shuffled rows: finish every (route, bucket) it holds."""
    yield _batch(kernel.finish_rows(job, _rows(batches), grouped), out)


def _tiers_task(
    job: Job,
    failing: Mapping[int, Sequence[pl.DataFrame]],
    out: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """A ``mapInArrow`` task over finished rows: the tier counts of the buckets it holds."""
    found = kernel.tier_counts(job, _rows(batches), failing)
    needs, unusable = found or (0, 0)
    row = {"needs": [needs], "unusable": [unusable], "ok": [found is not None]}
    yield pa.RecordBatch.from_pydict(row, schema=out)


# -------------------------------------------------------------------------------- driver


@dataclasses.dataclass
class SparkRun:
    """Timings of a Spark run (seconds): start-up, planning and Spark compute, separated."""

    session: float = 0.0
    plan: float = 0.0
    compute: float = 0.0
    jobs: int = 0
    buckets: int = 0
    steps: dict[str, float] = dataclasses.field(default_factory=dict)
    """Seconds of each step: ``map`` (the job that maps the partitions and finishes the
    buckets of key checks), ``samples`` (the driver's search of the partitions holding the
    first failures, for files), ``tiers`` (the job counting record tiers); a recount of the
    tiers adds ``…+`` entries."""


LAST_RUN = SparkRun()
"""Timings of the last :func:`run_spark` in this process (for benchmarks and logs)."""


@dataclasses.dataclass
class _Pipeline:
    """The Spark jobs of one run: map partitions, finish buckets, count tiers."""

    session: Any
    buckets: int
    grouped: Mapping[str, pl.DataFrame]
    frame: Any = None
    partitions: Sequence[Partition] = ()
    jobs: int = 0
    steps: dict[str, float] = dataclasses.field(default_factory=dict)

    def _timed(self, step: str, started: float) -> None:
        while step in self.steps:
            step += "+"
        self.steps[step] = time.perf_counter() - started

    def mapped(self, job: Job) -> Any:
        out = _arrow_schema(self.session, _MAPPED)
        if self.frame is not None:
            task = functools.partial(_map_frame_task, job, self.grouped, self.buckets, out)
            source = self.frame
        else:
            count = len(self.partitions)
            task = functools.partial(
                _map_files_task, job, self.grouped, self.buckets, out, partitions=self.partitions
            )
            source = self.session.range(0, count, 1, count)
        with _quiet():
            return source.mapInArrow(task, _struct(_MAPPED))

    def collect(self, frame: Any, kinds: Sequence[str], step: str) -> list[tuple[str, Any]]:
        """The ``(kind, object)`` of the rows of ``kinds`` (one Spark job)."""
        from pyspark.sql import functions as F  # noqa: N812, PLC0415

        started = time.perf_counter()
        self.jobs += 1
        with _quiet():
            table = frame.filter(F.col("kind").isin(list(kinds))).select("kind", "payload")
            found = table.toArrow()
        kind, payloads = found.column(0).to_pylist(), found.column(1).to_pylist()
        out = [(k, kernel.load(p)) for k, p in zip(kind, payloads, strict=True)]
        self._timed(step, started)
        return out

    def run(
        self, job: Job, *, samples: bool = True
    ) -> tuple[RunState, RouteOutput, tuple[int, int] | None] | None:
        """Map, finish the routes and count the tiers of ``job`` (tiers ``None`` if unsure).

        One job maps the partitions, shuffles their routed tables by ``(route, bucket)``
        and finishes the buckets; a second one counts the record tiers when they need the
        failing keys of key checks. ``None`` when no partition ran: Spark drops the tasks
        over a DataFrame it knows to be empty (an empty relation propagates through
        ``mapInArrow``).
        """
        from pyspark import StorageLevel  # noqa: PLC0415

        layout = job.context().layout
        keyed = kernel.needs_tier_tables(job)
        finished = self.mapped(job)
        if layout.routes or keyed:
            shuffled = finished.repartition(self.buckets, "route", "bucket")
            out = _arrow_schema(self.session, _MAPPED)
            task = functools.partial(_finish_task, job, self.grouped, out)
            with _quiet():
                finished = shuffled.mapInArrow(task, _struct(_MAPPED))
        if keyed:  # the tier tables wait in the cluster for the failing keys
            finished = finished.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            found = self.collect(finished, [kernel.STATE, kernel.OUTPUT], "map")
            states = [obj for kind, obj in found if kind == kernel.STATE]
            if not states:  # Spark runs no task over a provably empty DataFrame
                return None
            state = kernel.merge_states(states)
            if samples and self.frame is None:  # the few partitions with the first failures
                started = time.perf_counter()
                kernel.search_samples(job, state, self.partitions, self.grouped)
                self._timed("samples", started)
            outputs = [obj for kind, obj in found if kind == kernel.OUTPUT]
            output = merge_outputs(outputs, layout.sample_size)

            def count(failing: Mapping[int, Sequence[pl.DataFrame]]) -> tuple[int, int] | None:
                return self.tiers(job, finished, failing)

            return state, output, kernel.tiers_of(job, state, output, count)
        finally:
            if keyed:
                finished.unpersist()

    def tiers(
        self, job: Job, finished: Any, failing: Mapping[int, Sequence[pl.DataFrame]]
    ) -> tuple[int, int] | None:
        """Count the tiers of the tier tables in the cluster, where they are (one Spark job)."""
        from pyspark.sql import functions as F  # noqa: N812, PLC0415

        tables = finished.filter(F.col("kind").isin([kernel.TIER, kernel.TIER_MERGED]))
        out = _arrow_schema(self.session, _TIERS)
        task = functools.partial(_tiers_task, job, dict(failing), out)
        started = time.perf_counter()
        self.jobs += 1
        with _quiet():
            table = tables.mapInArrow(task, _struct(_TIERS)).toArrow()
        self._timed("tiers", started)
        if not all(table.column("ok").to_pylist()):
            return None
        return sum(table.column("needs").to_pylist()), sum(table.column("unusable").to_pylist())

    def execute(self, job: Job) -> Execution:
        """The run's execution; tiers are counted again without results that could not run."""
        found = self.run(job)
        if found is None:  # no partition ran: the one empty partition, in this process
            empty = Partition(pl.DataFrame(schema=job.schema), name="Spark DataFrame")
            return kernel.run_in_process(job, [empty], buckets=1)
        state, output, tiers = found
        failed = failed_ranked(job, state, output)
        if failed or state.tiers_failed:
            again = self.run(job.excluding(failed), samples=False)
            tiers = again[2] if again is not None else None
        return finish_execution(job, state, output, tiers)


def _local_references(references: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """References as the driver reads them (a Spark DataFrame is collected as Arrow)."""
    if references is None:
        return None
    out: dict[str, Any] = {}
    for name, source in references.items():
        if is_spark_dataframe(source):
            with _quiet():
                out[name] = pl.DataFrame(pl.from_arrow(source.toArrow()))
        else:
            out[name] = source
    return out


def run_spark(
    suite: Suite | str | Path | Any,
    source: Any = None,
    *,
    spark: Any = None,
    master: str | None = None,
    remote: str | None = None,
    config: Mapping[str, str] | None = None,
    buckets: int | None = None,
    rows: int | None = None,
    partitions: Sequence[Any] | None = None,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
    on_step: StepCallback | None = None,
) -> Result:
    """Run a suite on Spark; the result equals :func:`datacheck.run`'s, count for count.

    Parameters
    ----------
    suite
        A :class:`~datacheck.Suite` or the path of a YAML suite.
    source
        A Spark DataFrame (its partitions are the data's order), or anything the local
        engine reads (default: the suite's ``source``), split into files or row groups
        that the executors read with Polars (paths must be readable there too).
    spark
        The session to use for a file source (default: the active one, or one made by
        :func:`spark_session` from ``master``/``remote``/``config``). A DataFrame runs
        on its own session.
    master, remote, config
        See :func:`spark_session`.
    buckets
        How many buckets key checks are finished in (default: the session's default
        parallelism).
    rows
        Target rows per partition when a single file or DataFrame is split.
    partitions
        Explicit partitions (sources or
        :class:`~datacheck.engine.partitioned.Partition`, in the data's order) instead of
        ``source``; each is read by one task.
    as_of, references, unmask, on_step
        As for :func:`datacheck.run`; a reference may also be a Spark DataFrame.

    Returns
    -------
    Result
        The local engine's result; only ``seconds`` and ``source`` (for a Spark DataFrame:
        ``"Spark DataFrame"``) can differ.
    """
    from datacheck.runner import as_suite  # noqa: PLC0415

    started = time.perf_counter()
    step = on_step or (lambda _name: None)
    suite = as_suite(suite)
    step("read")
    clock = time.perf_counter()
    if partitions is not None and source is not None:
        raise DatacheckError(
            "give either a source or its partitions, not both",
            "chỉ chọn một: nguồn dữ liệu hoặc các phân vùng của nó",
        )
    if is_spark_dataframe(source):
        session = source.sparkSession
    else:
        session = (
            spark
            if spark is not None
            else spark_session(master=master, remote=remote, config=config)
        )
    timings = SparkRun(session=time.perf_counter() - clock)
    clock = time.perf_counter()
    refs = _local_references(references)
    step("plan")
    if is_spark_dataframe(source):
        schema = _polars_schema(session, source)
        description = "Spark DataFrame"
        empty = Partition(pl.DataFrame(schema=schema), name=description)
        planned = plan_job(suite, partitions=[empty], as_of=as_of, references=refs)
        prepared = dataclasses.replace(planned.prepared, source=source)
        # Result.failures() reads the data again with Polars: not a Spark DataFrame
        planned = dataclasses.replace(planned, prepared=prepared, source=description, rerun=False)
        pipeline = _Pipeline(session, 0, {}, frame=source)
    else:
        planned = plan_job(
            suite, source, partitions=partitions, rows=rows, as_of=as_of, references=refs
        )
        pipeline = _Pipeline(session, 0, {}, partitions=planned.partitions)
    pipeline.buckets = buckets or _parallelism(session)
    pipeline.grouped = grouped_references(planned.job)
    timings.plan = time.perf_counter() - clock
    clock = time.perf_counter()
    step("metrics")
    execution = pipeline.execute(planned.job)
    timings.compute = time.perf_counter() - clock
    timings.jobs, timings.buckets = pipeline.jobs, pipeline.buckets
    timings.steps = dict(pipeline.steps)
    global LAST_RUN  # noqa: PLW0603  (a record for benchmarks, read after the run)
    LAST_RUN = timings
    step("score")
    result: Result = planned.result(execution, started=started, references=refs, unmask=unmask)
    return result
