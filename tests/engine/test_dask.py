"""The Dask engine: a LocalCluster returns the local engine's results, count for count.

One cluster (two worker processes, one thread each) is shared by the whole module; the
national demo suites run on it over generated sample databases, incremental runs merge
into a state through it, and a worker killed in the middle of a task does not change the
result.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from datacheck.engine import partitioned as part
from samples import generate_samples, write_samples
from tests.engine.test_states import AS_OF, assert_same, full_suite

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

from datacheck.engine.dask import DaskUnavailableError, dask_client, run_dask  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # 8787 may be taken
    )
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twelve national suites over small generated databases (two files each)."""
    folder = tmp_path_factory.mktemp("national")
    write_samples(generate_samples(rows=4_000, seed=21, as_of=AS_OF), folder / "data")
    for path in sorted((ROOT / "suites").glob("*.yaml")):
        if path.stem == "national":
            continue
        text = path.read_text(encoding="utf-8").replace("../samples/out/", "data/")
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


def test_the_national_suites_give_the_local_results(client: Any, national: Path) -> None:
    suites = sorted(p for p in national.glob("*.yaml"))
    assert len(suites) == 12
    for path in suites:
        suite = dc.Suite.from_yaml(path)
        want = dc.run(suite, as_of=AS_OF)
        got = run_dask(suite, as_of=AS_OF, scheduler=client, buckets=3)
        assert_same(got, want, source=True)
        assert got.rows, path.stem
        assert sum(c.failed for c in got.checks) > 0, path.stem  # the injected defects


def test_dc_run_with_a_scheduler_address(client: Any, national: Path) -> None:
    suite = dc.Suite.from_yaml(national / "bao_hiem.yaml")
    address = client.scheduler.address
    got = dc.run(suite, as_of=AS_OF, engine="dask", scheduler=address)
    assert_same(got, dc.run(suite, as_of=AS_OF), source=True)


def test_every_check_kind_on_many_small_partitions(client: Any) -> None:
    frame = pl.DataFrame(
        {
            "s": ["Thủy", "An", None, "Thuỷ", "x1", "An", "Hoà", "Hòa", "-", "N/A"] * 3,
            "i": [1, 2, 2, None, 3, 1, 0, 0, -1, 2] * 3,
            "d": pl.Series([None, "2025-01-01", "2026-08-01"] * 10).str.to_date(),
            "t": pl.Series(["2025-07-01 10:00", None, "2026-12-01 00:00"] * 10).str.to_datetime(),
        }
    )
    parts = [frame.slice(n * 4, 4) for n in range(8)]
    for suite in (full_suite(), full_suite(tiers={"unusable": {"checks": ["unique"]}})):
        want = dc.run(suite, frame, as_of=AS_OF)
        assert_same(run_dask(suite, partitions=parts, as_of=AS_OF, scheduler=client), want)


def test_a_ranked_check_that_errors_recounts_the_tiers_as_locally(client: Any) -> None:
    # the expression errors on 'x' (a failed cast): its result is an error, and the tiers are
    # counted again without it — the recount used to finish results its job had left out
    suite = dc.Suite.from_dict(
        {
            "suite": "s",
            "checks": [
                {"check": "expression", "name": "k_positive", "expr": "CAST(k AS INT) > 0"},
                {"check": "not_null", "columns": ["k"]},
            ],
        }
    )
    parts = [pl.DataFrame({"k": ["x", "1"]}), pl.DataFrame({"k": ["2", None]})]
    want = dc.run(suite, pl.concat(parts), as_of=AS_OF)
    got = run_dask(suite, partitions=parts, as_of=AS_OF, scheduler=client)
    assert want.check("k_positive").status == "error"
    assert got.tiers is not None
    assert (got.tiers.usable, got.tiers.needs_correction) == (3, 1)
    assert got.tiers == want.tiers
    # the error message quotes Polars' count in the first partition where the cast failed
    # (docs/distributed.md): the results are compared without it
    outcome = [(c.id, c.status, c.evaluated, c.failed, c.samples) for c in got.checks]
    assert outcome == [(c.id, c.status, c.evaluated, c.failed, c.samples) for c in want.checks]


def test_incremental_runs_on_dask(client: Any, tmp_path: Path) -> None:
    suite = full_suite()
    frame = pl.DataFrame(
        {
            "s": ["Thủy", "An", "Thuỷ", None, "An", "x1"],
            "i": [1, 1, 2, 3, None, 2],
            "d": pl.Series([None, "2025-01-01", "2026-08-01"] * 2).str.to_date(),
            "t": pl.Series(["2025-07-01 10:00", None, "2026-12-01 00:00"] * 2).str.to_datetime(),
        }
    )
    state = tmp_path / "state.json"
    for n in range(3):
        batch = [part.Partition(frame.slice(2 * n, 2), name=f"p{n}")]
        got = dc.run(
            suite, partitions=batch, as_of=AS_OF, state=state, engine="dask", scheduler=client
        )
        assert_same(got, dc.run(suite, frame.head(2 * n + 2), as_of=AS_OF))


class StallOnce:
    """A partition that, the first time it is read, stalls until its worker is killed."""

    def __init__(self, path: Path, marker: Path) -> None:
        self.path, self.marker = path, marker

    def __call__(self) -> str:
        if not self.marker.exists():
            # written whole, then renamed: the test never reads a half-written pid
            staged = self.marker.with_name(self.marker.name + ".tmp")
            staged.write_text(str(os.getpid()), encoding="utf-8")
            staged.replace(self.marker)
            time.sleep(120)  # killed long before
        return str(self.path)


def test_a_worker_killed_mid_task_still_gives_the_exact_result(
    client: Any, national: Path, tmp_path: Path
) -> None:
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    suite = dc.Suite.from_yaml(national / "dan_cu.yaml")
    files = sorted((national / "data" / "dan_cu").glob("*.parquet"))
    marker = tmp_path / "stalled.pid"
    parts = [
        part.Partition(str(files[0])),
        part.Partition(StallOnce(files[1], marker), name=str(files[1])),
    ]
    want = dc.run(suite, as_of=AS_OF)
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(run_dask, suite, partitions=parts, as_of=AS_OF, scheduler=client)
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the stalling task never started"
        time.sleep(0.2)
        os.kill(int(marker.read_text(encoding="utf-8")), signal.SIGKILL)  # mid-task
        got = running.result(timeout=120)
    assert_same(got, want)
    client.wait_for_workers(2, timeout=60)


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with (
        pytest.raises(DaskUnavailableError, match=r"pip install 'datacheck\[dask\]'"),
        dask_client(),
    ):
        pass
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
    with pytest.raises(DaskUnavailableError) as error:
        dc.run(suite, pl.DataFrame({"a": [1]}), engine="dask")
    assert "\n" not in str(error.value)
