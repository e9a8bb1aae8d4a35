"""The Spark engine: the national demo suites on Spark ``local[2]`` give the local engine's result.

Equal means the whole result — every count, detail, status, score, sample and record tier —
apart from ``seconds`` and the description of the source. One Spark session is shared by
every test of the run (starting one takes 7-20 s). The tests marked ``spark`` need Java 17
and the ``spark`` extra (``bash scripts/setup_spark.sh``); without them they fail, naming the
script — they are never skipped.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from datacheck.engine import spark as spark_engine
from datacheck.engine import spark_kernel
from datacheck.engine.partitioned import plan_job
from datacheck.errors import DatacheckError
from datacheck.runner import build_result
from samples import generate_samples, write_samples

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
SUITES = sorted(p.stem for p in (ROOT / "suites").glob("*.yaml") if p.stem != "national")
SETUP = "bash scripts/setup_spark.sh"


def _comparable(result: dc.Result) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("source", None)
    data["run"] = {k: v for k, v in data["run"].items() if k != "seconds"}
    return data


def _assert_same(local: dc.Result, other: dc.Result) -> None:
    a, b = _comparable(local), _comparable(other)
    for mine, theirs in zip(a["checks"], b["checks"], strict=True):
        assert mine == theirs, mine["id"]
    assert a == b


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo databases (small) and their suites, paths pointing at them."""
    folder = tmp_path_factory.mktemp("spark_national")
    write_samples(generate_samples(rows=3_000, seed=21, as_of=AS_OF), folder / "data")
    for name in SUITES:
        text = (ROOT / "suites" / f"{name}.yaml").read_text(encoding="utf-8")
        (folder / f"{name}.yaml").write_text(
            text.replace("../samples/out/", "data/"), encoding="utf-8"
        )
    return folder


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One ``local[2]`` session for the whole test run (UI off); fails clearly without Spark."""
    if importlib.util.find_spec("pyspark") is None:
        pytest.fail(f"the Spark tests need PySpark (the spark extra): run {SETUP}")
    if shutil.which("java") is None:
        pytest.fail(f"the Spark tests need Java 17: run {SETUP}")
    try:
        session = spark_engine.spark_session(
            master="local[2]",
            config={"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
        )
    except DatacheckError as error:
        pytest.fail(f"cannot start Spark for the tests ({error}); run {SETUP}")
    yield session
    session.stop()


def _spark_frame(spark: Any, folder: Path) -> Any:
    """A Spark DataFrame of a dataset's files in name order (a union keeps the order)."""
    files = sorted(folder.glob("*.parquet"))
    frames = [spark.read.parquet(str(f)) for f in files]
    return functools.reduce(lambda a, b: a.union(b), frames)


# ------------------------------------------------------------------------- with Spark


@pytest.mark.spark
@pytest.mark.parametrize("name", SUITES)
def test_spark_dataframe_gives_the_local_result(spark: Any, national: Path, name: str) -> None:
    suite = national / f"{name}.yaml"
    local = dc.run(suite, as_of=AS_OF)
    frame = _spark_frame(spark, national / "data" / name)
    result = spark_engine.run_spark(suite, frame, as_of=AS_OF)
    _assert_same(local, result)
    assert result.source == "Spark DataFrame"


@pytest.mark.spark
@pytest.mark.parametrize("name", ["dan_cu", "bao_hiem", "dat_dai", "thu_tuc"])
def test_files_read_by_spark_tasks_give_the_local_result(
    spark: Any, national: Path, name: str
) -> None:
    suite = national / f"{name}.yaml"
    local = dc.run(suite, as_of=AS_OF)
    result = spark_engine.run_spark(suite, spark=spark, as_of=AS_OF, rows=1_000)
    _assert_same(local, result)
    assert result.source == local.source
    assert spark_engine.LAST_RUN.jobs >= 1
    assert spark_engine.LAST_RUN.compute > 0
    # the failing records are read again from the files, here, with Polars
    assert result.failures().collect().equals(local.failures().collect())


@pytest.mark.spark
def test_references_may_be_spark_dataframes(spark: Any, national: Path) -> None:
    suite = national / "bao_hiem.yaml"
    population = national / "data" / "dan_cu"
    local = dc.run(suite, as_of=AS_OF, references={"population": population})
    frame = _spark_frame(spark, national / "data" / "bao_hiem")
    references = {"population": _spark_frame(spark, population)}
    result = spark_engine.run_spark(suite, frame, as_of=AS_OF, references=references)
    _assert_same(local, result)


@pytest.mark.spark
def test_an_empty_spark_dataframe_gives_the_local_result(spark: Any, national: Path) -> None:
    suite = national / "dan_cu.yaml"
    data = pl.read_parquet(national / "data" / "dan_cu")
    local = dc.run(suite, data.clear(), as_of=AS_OF)
    frame = _spark_frame(spark, national / "data" / "dan_cu").limit(0)
    result = spark_engine.run_spark(suite, frame, as_of=AS_OF)
    _assert_same(local, result)
    assert result.rows == 0
    with pytest.raises(DatacheckError, match="does not know its data"):
        result.failures()  # a Spark DataFrame is not read again by Polars


@pytest.mark.spark
def test_the_command_line_runs_on_spark(spark: Any, national: Path) -> None:
    """``datacheck run --engine spark --master local[2]`` (the shared session is reused)."""
    from typer.testing import CliRunner  # noqa: PLC0415

    from datacheck.cli import app  # noqa: PLC0415

    suite = str(national / "thue.yaml")
    outputs = {}
    for engine in ("local", "spark"):
        out = national / f"cli-{engine}.json"
        extra = ["--master", "local[2]"] if engine == "spark" else []
        invoked = CliRunner().invoke(
            app,
            ["run", suite, "--engine", engine, *extra, "--as-of", AS_OF, "--json", str(out)],
        )
        assert invoked.exit_code in (0, 1), invoked.output
        outputs[engine] = dc.Result.read_json(out)
    _assert_same(outputs["local"], outputs["spark"])


# ---------------------------------------------------------------------- without Spark


def test_missing_pyspark_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(DatacheckError) as caught:
        spark_engine.spark_session(master="local[1]")
    message = str(caught.value)
    assert "\n" not in message
    assert "pip install 'datacheck[spark]'" in message
    assert isinstance(caught.value, ImportError)


def test_master_and_remote_exclude_each_other() -> None:
    with pytest.raises(DatacheckError, match="not both"):
        spark_engine.spark_session(master="local[1]", remote="sc://localhost:15002")


def test_an_unreachable_spark_connect_server_fails_at_once() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DatacheckError, match="cannot reach the Spark Connect server"):
        spark_engine.spark_session(remote=f"sc://127.0.0.1:{port}")
    with pytest.raises(DatacheckError, match="sc://host:15002"):
        spark_engine.spark_session(remote="http://127.0.0.1:15002")


def test_spark_dataframes_are_recognised_without_importing_pyspark() -> None:
    assert not spark_engine.is_spark_dataframe(pl.DataFrame({"a": [1]}))
    assert not spark_engine.is_spark_dataframe("people.parquet")


@pytest.mark.parametrize(
    ("name", "buckets", "in_tasks"),
    [("bao_hiem", 1, False), ("dat_dai", 3, True), ("ho_tich", 4, False), ("thu_tuc", 2, True)],
)
def test_the_tasks_kernel_in_one_process_gives_the_local_result(
    national: Path, name: str, buckets: int, in_tasks: bool
) -> None:
    """What the Spark tasks compute, run in this process over 5 partitions (samples searched
    by each task, as for a Spark DataFrame, or by the driver, as for files)."""
    suite = national / f"{name}.yaml"
    data = pl.read_parquet(national / "data" / name)
    local = dc.run(suite, data, as_of=AS_OF)
    size = -(-data.height // 5)
    parts = [data.slice(start, size) for start in range(0, data.height, size)]
    planned = plan_job(suite, partitions=parts, as_of=AS_OF)
    execution = spark_kernel.run_in_process(
        planned.job, planned.partitions, buckets=buckets, samples_in_tasks=in_tasks
    )
    result = build_result(planned.prepared, execution, started=0.0)
    _assert_same(local, result)
