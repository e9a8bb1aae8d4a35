"""Incremental runs: merge newly arrived partitions into a saved state.

``datacheck run SUITE NEW_PARTITIONS --state state.json`` (and
``dc.run(suite, new_partitions, state="state.json")``) reads the state left by the previous
runs, runs the suite over the new partitions only, merges their states into it, saves the
merged state and returns exactly the result of one run over every partition merged so far
(in the order they arrived): counts, details, samples and tiers.

The state is ``state.json`` (row-level counts, samples, partitions merged) plus Parquet
tables beside it in ``state.json.tables/`` (per-key counts of key checks, rows of window
checks, per-key tier counts), written atomically: the JSON, written last, names its tables.

Rules:

* the suite, the as-of instant, the data's schema and the references' schemas must be
  those of the state (their fingerprint is checked); without ``as_of`` the state's is used;
* a partition already in the state, or given twice, is refused: the same file path and rows,
  the same ``name``, or a Polars DataFrame in memory with the same rows (in any order);
* the references are assumed unchanged between runs (only their schemas are checked);
* samples are the first failing records in arrival order: name new files so that they sort
  after the old ones if you compare with a one-pass run over the folder.

Examples
--------
>>> import tempfile, pathlib, polars as pl, datacheck as dc
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> suite = dc.Suite(name="s", checks=[dc.checks.Unique(columns=["id"])])
>>> state = folder / "state.json"
>>> first = run_incremental(suite, [pl.DataFrame({"id": [1, 2]})], state, as_of="2026-06-30")
>>> second = run_incremental(suite, [pl.DataFrame({"id": [2, 3]})], state)
>>> second.check("unique:id").failed, second.rows
(2, 4)
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from datacheck.engine.partitioned import (
    HASH,
    TIER_ROWS,
    Job,
    Partition,
    _finish,
    _merge_group_tables,
    _tier_parts,
    columns_text,
    concat_tables,
    plan_job,
    run_states,
)
from datacheck.engine.states import RunState, StateError, load_state
from datacheck.suite import Suite

__all__ = ["compact", "run_incremental"]


def compact(job: Job, state: RunState) -> RunState:
    """The state with each route's tables merged into one (what is saved)."""
    context = job.context()
    limit = context.layout.sample_size
    routes: dict[str, list[pl.DataFrame]] = {}
    for route_id, tables in state.routes.items():
        route = context.layout.routes.get(route_id)
        present = [t for t in tables if t.width]
        if route is None or not present:
            continue
        if route.kind == "group":
            routes[route_id] = [_merge_group_tables(route, present, limit)]
        else:
            routes[route_id] = [concat_tables(present)]
    tier_tables = [t for t in state.tier_tables if t.width]
    if tier_tables:
        columns = list(context.layout.tiers.columns)
        parts = [TIER_ROWS, *_tier_parts()]
        merged = concat_tables(tier_tables).lazy()
        aggs = [*(pl.col(c).sum() for c in parts), pl.col(HASH).first()]
        tier_tables = [merged.group_by(columns).agg(aggs).collect(engine="streaming")]
    return dataclasses.replace(state, routes=routes, tier_tables=tier_tables)


def _partitions(source: Any) -> list[Partition] | None:
    if isinstance(source, Sequence) and not isinstance(source, str | bytes):
        return [p if isinstance(p, Partition) else Partition(p) for p in source]
    return None


def _another_run(about: Mapping[str, str], job: Job, path: Path) -> StateError:
    """Why a state cannot take this run: the as-of, the columns, or else the suite."""
    suite = about.get("suite", "?")
    was = about.get("as_of", "?")
    head_en = f"the state {path} was built for another run (suite '{suite}', as-of {was})"
    head_vi = f"trạng thái {path} thuộc về một lần chạy khác (bộ '{suite}', as-of {was})"
    if was != job.as_of.isoformat():
        return StateError(
            f"{head_en}: this run's as-of is {job.as_of.isoformat()}; pass the state's as-of "
            "or start a new state",
            f"{head_vi}: as-of của lần chạy này là {job.as_of.isoformat()}; hãy dùng as-of "
            "của trạng thái hoặc tạo trạng thái mới",
        )
    recorded = about.get("columns")
    if recorded is not None and recorded != columns_text(job.schema):
        before: dict[str, str] = dict(json.loads(recorded))
        now = {name: str(dtype) for name, dtype in job.schema.items()}
        changes = [
            f"{name}: {before.get(name, '—')} → {now.get(name, '—')}"
            for name in dict.fromkeys([*before, *now])
            if before.get(name) != now.get(name)
        ] or ["the column order"]
        listed = ", ".join(changes[:5])
        return StateError(
            f"{head_en}: the new data's columns differ from the state's ({listed}); every "
            "partition must have the same columns and types",
            f"{head_vi}: các cột của dữ liệu mới khác trạng thái ({listed}); mọi phân vùng "
            "phải có cùng các cột và kiểu",
        )
    return StateError(
        f"{head_en}: the suite or the references' columns changed; run the same suite, or "
        "start a new state",
        f"{head_vi}: bộ kiểm tra hoặc các cột của dữ liệu tham chiếu đã thay đổi; hãy chạy "
        "đúng bộ kiểm tra đó, hoặc tạo trạng thái mới",
    )


def _refuse_repeats(partitions: Sequence[Partition], held: set[str], path: Path) -> None:
    """Refuse a partition the state holds or the new ones repeat (when it is identified)."""
    seen: set[str] = set()
    again: dict[str, bool] = {}  # description → whether the state holds it (else: given twice)
    for partition in partitions:
        if not partition.identified:
            continue
        described = partition.describe()
        if described in held or described in seen:
            again.setdefault(described, described in held)
        seen.add(described)
    if not again:
        return
    names = ", ".join(list(again)[:3])
    if any(again.values()):
        en = f"the state {path} already holds {names}: a partition counts once"
        vi = f"trạng thái {path} đã có {names}: mỗi phân vùng chỉ tính một lần"
    else:
        en = f"{names} is given twice: a partition counts once"
        vi = f"{names} được đưa vào hai lần: mỗi phân vùng chỉ tính một lần"
    if any(isinstance(p.source, pl.DataFrame) and p.name is None for p in partitions):
        en += (
            " (a frame in memory is recognised by its rows; if the same rows really arrived "
            "again, name it: Partition(frame, name=...))"
        )
        vi += (
            " (khung dữ liệu trong bộ nhớ được nhận ra theo các bản ghi của nó; nếu đúng là các "
            "bản ghi ấy đến lần nữa, hãy đặt tên: Partition(frame, name=...))"
        )
    raise StateError(en, vi)


def run_incremental(
    suite: Suite | str | Path | Any,
    source: Any,
    state: str | Path,
    *,
    as_of: str | date | datetime | None = None,
    references: Mapping[str, Any] | None = None,
    unmask: bool = False,
    rows: int | None = None,
    engine: str = "local",
    scheduler: Any = None,
) -> Any:
    """Merge new partitions into the state at ``state`` and return the result over all.

    Parameters
    ----------
    suite
        The suite (the same as the state's).
    source
        The new data: a folder or glob of new files, one file, or a list of partitions.
    state
        The state file (created on the first run; its tables go to ``<state>.tables/``).
    as_of
        Defaults to the state's as-of instant (now, on the first run).
    references, unmask, rows
        As for :func:`~datacheck.engine.partitioned.run_partitioned`.
    engine, scheduler
        ``"local"`` (this process) or ``"dask"`` (``scheduler`` as for
        :func:`~datacheck.engine.dask.run_dask`).

    Raises
    ------
    StateError
        The state is unreadable, of another version, of another suite, as-of, schema or
        references, or already holds one of the new partitions.
    """
    from datacheck.runner import as_suite  # noqa: PLC0415

    started = time.perf_counter()
    path = Path(state)
    previous = load_state(path) if path.exists() else None
    suite = as_suite(suite)
    if as_of is None and previous is not None and previous.about.get("as_of"):
        as_of = datetime.fromisoformat(previous.about["as_of"])
    planned = plan_job(
        suite,
        source if _partitions(source) is None else None,
        partitions=_partitions(source),
        rows=rows,
        as_of=as_of,
        references=references,
    )
    job = planned.job
    first_seq = 0
    if previous is not None:
        if previous.fingerprint != job.fingerprint:
            raise _another_run(previous.about, job, path)
        _refuse_repeats(planned.partitions, set(previous.parts.values()), path)
        first_seq = previous.next_seq
    else:
        _refuse_repeats(planned.partitions, set(), path)
    if engine == "dask":
        from datacheck.engine.dask import dask_client, execute_dask  # noqa: PLC0415

        with dask_client(scheduler) as client:
            execution, merged = execute_dask(
                client, planned, first_seq=first_seq, state=previous, keep_tables=True
            )
    else:
        merged, grouped = run_states(planned, first_seq=first_seq, state=previous)
        execution = _finish(planned, merged, grouped, rerun=previous is None)
    compact(job, merged).save(path)
    result = planned.result(execution, started=started, references=references, unmask=unmask)
    if previous is None:
        return result
    earlier = len(merged.parts) - len(planned.partitions)
    # the earlier partitions are not read again: Result.failures() cannot cover them
    source = f"{planned.source} (+ {earlier} earlier partitions in {path.name})"
    return dataclasses.replace(result, source=source, _rerun=None)
