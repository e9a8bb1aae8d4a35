"""The history store: layout, atomic and concurrent appends, latest-run-wins, trends, alerts."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import datacheck as dc
from datacheck import history
from datacheck.dimensions import Dimension
from datacheck.errors import DatacheckError
from datacheck.history import SCHEMA, AlertRules, append, append_national, read, trend
from datacheck.national import DatabaseSummary, NationalResult
from datacheck.report.html import DatabaseHistory, database_results, render_database
from datacheck.result import Result

ROOT = Path(__file__).resolve().parents[1]


def ids(rows: int, nulls: int = 0) -> list[int | None]:
    """``rows`` distinct ids, the first ``nulls`` of them missing."""
    return [None if i < nulls else i for i in range(rows)]


def run_ids(
    values: Sequence[int | None], as_of: str, *, name: str = "dan_cu", unique: bool = False
) -> Result:
    """A real run of a small suite: not_null on ``id`` (complete), optionally unique (clean)."""
    checks: list[Any] = [dc.checks.NotNull(columns=["id"])]
    if unique:
        checks.append(dc.checks.Unique(columns=["id"]))
    suite = dc.Suite(name=name, title="CSDL quốc gia về dân cư", owner="Bộ Công an", checks=checks)
    return dc.run(suite, pl.DataFrame({"id": list(values)}, schema={"id": pl.Int64}), as_of=as_of)


def files(store: Path) -> list[Path]:
    return sorted(p for p in store.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------ layout, columns


def test_append_writes_one_file_with_database_dimension_and_check_rows(tmp_path: Path) -> None:
    result = run_ids(ids(100, 3), "2026-06-30", unique=True)
    path = append(result, tmp_path)
    assert path.parent == tmp_path / "suite=dan_cu"
    assert path.name.startswith("part-20260629T170000Z-")
    assert path.suffix == ".parquet"
    assert files(tmp_path) == [path]

    frame = read(tmp_path)
    assert frame.schema == SCHEMA
    assert frame["level"].to_list() == ["database", "dimension", "dimension", "check", "check"]
    assert frame["run_id"].n_unique() == 1
    assert set(frame["suite"]) == {"dan_cu"}
    assert set(frame["database"]) == {"dan_cu"}
    assert frame["as_of"][0] == result.as_of
    assert frame["as_of_local"][0] == "2026-06-30T00:00:00+07:00"
    assert set(frame["rows"]) == {100}

    database = frame.filter(pl.col("level") == "database").row(0, named=True)
    assert database["score"] == result.score
    assert database["band"] == result.band.value  # type: ignore[union-attr]
    assert database["title"] == "CSDL quốc gia về dân cư"
    assert database["owner"] == "Bộ Công an"

    dims = frame.filter(pl.col("level") == "dimension")
    assert dict(zip(dims["dimension"], dims["score"], strict=True)) == {
        d.dimension.value: d.score for d in result.dimensions
    }

    checks = frame.filter(pl.col("level") == "check")
    for row, check in zip(checks.iter_rows(named=True), result.checks, strict=True):
        assert row["check_id"] == check.id
        assert row["check_kind"] == check.check
        assert row["dimension"] == check.dimension.value
        assert (row["evaluated"], row["failed"]) == (check.evaluated, check.failed)
        assert row["score"] == check.score
        assert row["status"] == check.status
        assert row["severity"] == check.severity.value
        assert row["threshold"] == check.threshold
    assert checks.filter(pl.col("check_id") == "not_null:id")["failed"].item() == 3


def test_database_key_defaults_to_the_suite_and_can_be_given(tmp_path: Path) -> None:
    append(run_ids(ids(10), "2026-06-30"), tmp_path)
    append(run_ids(ids(10, 1), "2026-06-30"), tmp_path, database="dan_cu-2")
    frame = read(tmp_path, latest=True)
    # two databases of one suite: both survive the latest-run rule (different keys)
    assert sorted(set(frame["database"])) == ["dan_cu", "dan_cu-2"]
    assert [d.database for d in trend(tmp_path).databases] == ["dan_cu", "dan_cu-2"]


def test_suite_names_are_percent_encoded_in_the_partition(tmp_path: Path) -> None:
    # suite names are snake_case, national names are free text: the partition is always safe
    name = "bảo hiểm/xã hội=1"
    path = append(dataclasses.replace(run_ids(ids(5), "2026-06-30"), suite=name), tmp_path)
    assert path.parent.parent == tmp_path
    assert path.parent.name.startswith("suite=")
    assert "/" not in path.parent.name.removeprefix("suite=")
    assert set(read(tmp_path, suite=name)["suite"]) == {name}
    assert read(tmp_path, suite="other").height == 0


def test_the_store_is_plain_hive_parquet_other_engines_read(tmp_path: Path) -> None:
    append(run_ids(ids(10), "2026-06-30"), tmp_path)
    append(run_ids(ids(10), "2026-06-30", name="bao_hiem"), tmp_path)
    (tmp_path / "suite=dan_cu" / ".part-x.parquet.123.tmp").write_bytes(b"PAR1 half")
    table = ds.dataset(tmp_path, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == read(tmp_path).height == 6
    assert sorted(set(table.column("suite").to_pylist())) == ["bao_hiem", "dan_cu"]
    metadata = pq.read_schema(next((tmp_path / "suite=dan_cu").glob("part-*"))).metadata
    assert metadata[b"datacheck.history"] == b"1"


# ------------------------------------------------------------------------------ reading


def test_empty_or_missing_store_gives_the_schema(tmp_path: Path) -> None:
    for store in (tmp_path / "missing", tmp_path):
        frame = read(store)
        assert frame.height == 0
        assert frame.schema == SCHEMA
        assert read(store, suite="dan_cu", latest=True).schema == SCHEMA
        assert trend(store).empty
    assert list(SCHEMA) == [
        "level", "suite", "database", "national", "as_of", "as_of_local", "run_id",
        "recorded_at", "check_id", "check_kind", "dimension", "evaluated", "failed", "score",
        "status", "severity", "threshold", "weight", "band", "rows", "title", "owner",
        "datacheck_version",
    ]  # fmt: skip
    assert SCHEMA["as_of"] == pl.Datetime("us", "UTC")
    assert SCHEMA["evaluated"] == pl.Int64
    assert SCHEMA["score"] == pl.Float64


def test_corrupt_file_gives_a_one_line_bilingual_error_naming_it(tmp_path: Path) -> None:
    append(run_ids(ids(10), "2026-06-30"), tmp_path)
    bad = tmp_path / "suite=dan_cu" / "part-20260101T000000Z-bad.parquet"
    bad.write_bytes(b"PAR1 this is not a parquet file")
    with pytest.raises(DatacheckError) as caught:
        read(tmp_path)
    error = caught.value
    for message in (error.message("en"), error.message("vi")):
        assert str(bad) in message
        assert "\n" not in message
    assert error.message("en").startswith("cannot read history file")
    assert error.message("vi").startswith("không đọc được tệp lịch sử")
    with pytest.raises(DatacheckError, match=r"bad\.parquet"):
        trend(tmp_path)
    # another suite's partition does not read the bad file
    append(run_ids(ids(10), "2026-06-30", name="bao_hiem"), tmp_path)
    assert read(tmp_path, suite="bao_hiem").height == 3


def test_a_foreign_parquet_file_is_named_too(tmp_path: Path) -> None:
    append(run_ids(ids(10), "2026-06-30"), tmp_path)
    foreign = tmp_path / "suite=dan_cu" / "part-foreign.parquet"
    pq.write_table(pa.table({"x": [1, 2]}), foreign)
    with pytest.raises(DatacheckError, match=r"part-foreign\.parquet.*level, suite"):
        read(tmp_path)
    wrong_type = tmp_path / "suite=dan_cu" / "part-wrong.parquet"
    foreign.unlink()
    pq.write_table(pa.table({"level": [1], "evaluated": ["many"]}), wrong_type)
    with pytest.raises(DatacheckError, match=r"part-wrong\.parquet"):
        read(tmp_path)


def test_a_store_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "history"
    store.write_text("x", encoding="utf-8")
    result = run_ids(ids(3), "2026-06-30")
    for action in (lambda: append(result, store), lambda: read(store)):
        with pytest.raises(DatacheckError, match="is not a folder") as caught:
            action()
        assert "không phải thư mục" in caught.value.message("vi")


def test_a_folder_of_other_files_is_not_a_history_store(tmp_path: Path) -> None:
    """A folder of data Parquet files read as an empty store; now it is refused, named."""
    data = tmp_path / "dan_cu"
    data.mkdir()
    for name in ("part-00000.parquet", "part-00001.parquet"):
        pl.DataFrame({"id": [1]}).write_parquet(data / name)
    result = run_ids(ids(3), "2026-06-30")
    actions = (
        lambda: read(data),
        lambda: trend(data),
        lambda: history.stored_suites(data),
        lambda: append(result, data),
    )
    for action in actions:
        with pytest.raises(DatacheckError, match="is not a history store") as caught:
            action()
        message = str(caught.value)
        assert str(data) in message
        assert "suite=<name>" in message
        assert "found 2 other file(s) or folder(s), e.g. part-00000.parquet" in message
        assert "không phải kho lịch sử" in caught.value.message("vi")
        assert "\n" not in message
    assert sorted(p.name for p in data.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_hidden_entries_and_missing_stores_are_still_empty_stores(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_text("x", encoding="utf-8")
    (tmp_path / "_SUCCESS").write_text("", encoding="utf-8")
    assert read(tmp_path).height == 0
    assert history.stored_suites(tmp_path) == []
    assert history.stored_suites(tmp_path / "new" / "store") == []
    append(run_ids(ids(3), "2026-06-30"), tmp_path)
    assert history.stored_suites(tmp_path) == ["dan_cu"]


def test_a_store_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "x.yaml"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(DatacheckError, match=r"x\.yaml is not a folder") as caught:
        read(blocker / "history")
    assert "không phải thư mục" in caught.value.message("vi")


def test_stored_suites_lists_the_partitions_with_runs(tmp_path: Path) -> None:
    for name in ("thue", "dan_cu", "bao_hiem"):
        append(run_ids(ids(3), "2026-06-30", name=name), tmp_path)
    (tmp_path / "suite=empty").mkdir()  # a partition without a run file
    assert history.stored_suites(tmp_path) == ["bao_hiem", "dan_cu", "thue"]


# ------------------------------------------------------------------------------ trends


def test_three_runs_with_different_as_of_give_three_points(tmp_path: Path) -> None:
    runs = {
        "2026-05-31": run_ids(ids(100, 2), "2026-05-31", unique=True),
        "2026-04-30": run_ids(ids(100, 0), "2026-04-30", unique=True),
        "2026-06-30": run_ids(ids(100, 5), "2026-06-30", unique=True),
    }
    for result in runs.values():  # appended out of order on purpose
        append(result, tmp_path)
    result = trend(tmp_path)
    assert [d.database for d in result.databases] == ["dan_cu"]
    assert result.national == ()
    demo = result.database("dan_cu")
    assert [p.as_of.date().isoformat() for p in demo.scores] == sorted(runs)
    assert [p.score for p in demo.scores] == [runs[day].score for day in sorted(runs)]
    assert list(demo.dimensions) == ["complete", "clean"]  # Dimension order
    for name, points in demo.dimensions.items():
        assert len(points) == 3
        assert [p.score for p in points] == [
            runs[day].dimension(name).score for day in sorted(runs)
        ]
    # points carry the run's own offset (dates read as the run's local dates)
    assert demo.scores[0].as_of.isoformat() == "2026-04-30T00:00:00+07:00"
    assert demo.title == "CSDL quốc gia về dân cư"
    assert demo.change == pytest.approx(runs["2026-06-30"].score - runs["2026-05-31"].score)  # type: ignore[operator]


def test_rerun_of_the_same_suite_and_as_of_is_not_double_counted(tmp_path: Path) -> None:
    append(run_ids(ids(100), "2026-05-31"), tmp_path)
    append(run_ids(ids(100, 50), "2026-06-30"), tmp_path)  # a bad run …
    append(run_ids(ids(100, 1), "2026-06-30"), tmp_path)  # … re-run after a fix: it wins
    assert read(tmp_path)["run_id"].n_unique() == 3
    latest = read(tmp_path, latest=True)
    assert latest["run_id"].n_unique() == 2
    demo = trend(tmp_path).database("dan_cu")
    assert [p.score for p in demo.scores] == [100.0, 99.0]
    assert [len(points) for points in demo.dimensions.values()] == [2]
    assert demo.alerts == ()  # the superseded 50 never enters the trend
    # the same as-of written in another timezone is the same instant: still one point
    append(run_ids(ids(100, 4), "2026-06-29T17:00:00Z"), tmp_path)
    assert [p.score for p in trend(tmp_path).database("dan_cu").scores] == [100.0, 96.0]


def test_latest_run_is_chosen_by_recording_time_not_file_order(tmp_path: Path) -> None:
    first = append(run_ids(ids(100, 10), "2026-06-30"), tmp_path)
    append(run_ids(ids(100, 20), "2026-06-30"), tmp_path)
    # a later run whose random id sorts first still wins: recorded_at decides
    early_name = first.parent / ("part-20260629T170000Z-" + "0" * 32 + ".parquet")
    first.rename(early_name)
    assert [p.score for p in trend(tmp_path).database("dan_cu").scores] == [80.0]


# ------------------------------------------------------------------------------ alerts


def test_drop_alert_fires_on_an_injected_drop_and_not_on_small_ones(tmp_path: Path) -> None:
    # 100 → 98 (exactly the 2-point limit: no alert) → 97 → 90 (a 7-point drop: alert)
    for day, nulls in [("2026-03-31", 0), ("2026-04-30", 2), ("2026-05-31", 3), ("2026-06-30", 10)]:
        append(run_ids(ids(100, nulls), day), tmp_path)
    demo = trend(tmp_path, rules=AlertRules()).database("dan_cu")
    drops = [a for a in demo.alerts if a.rule == "drop"]  # (the failed rate jumps too)
    assert [(a.level, a.dimension) for a in drops] == [
        ("database", None),
        ("dimension", "complete"),
    ]
    alert = drops[0]
    assert (alert.before, alert.after, alert.change, alert.limit) == (97.0, 90.0, -7.0, 2.0)
    assert alert.from_as_of.date().isoformat() == "2026-05-31"
    assert alert.to_as_of.date().isoformat() == "2026-06-30"
    assert alert.text("vi") == (
        "Điểm của CSDL quốc gia về dân cư (dan_cu) giảm 7 điểm: từ 97 (31/05/2026) xuống 90 "
        "(30/06/2026)"
    )
    assert alert.text("en") == (
        "Score of CSDL quốc gia về dân cư (dan_cu) dropped by 7 points: from 97 (2026-05-31) to "
        "90 (2026-06-30)"
    )
    assert drops[1].text("vi").startswith("Điểm chiều Đủ của CSDL quốc gia về dân cư (dan_cu) giảm")
    assert [a for a in demo.current_alerts if a.rule == "drop"] == drops
    # a larger configured amount: no alert; a smaller one: the 2-point drop alerts too
    larger = trend(tmp_path, rules=AlertRules(drop=7.0)).alerts
    assert [a.rule for a in larger] == ["failed_rate"]
    small = trend(tmp_path, rules=AlertRules(drop=1.5)).database("dan_cu").alerts
    assert [a.change for a in small if a.level == "database"] == [-2.0, -7.0]


def test_alerts_of_older_runs_are_history_not_current(tmp_path: Path) -> None:
    for day, nulls in [("2026-04-30", 0), ("2026-05-31", 10), ("2026-06-30", 9)]:
        append(run_ids(ids(100, nulls), day), tmp_path)
    result = trend(tmp_path, rules=AlertRules())
    assert len(result.alerts) == 2  # database and dimension drop on 31/05
    assert result.current_alerts == ()
    assert result.to_dict()["alerts"] == []
    assert len(result.to_dict(all_alerts=True)["alerts"]) == 2


def test_failed_rate_anomaly_rule(tmp_path: Path) -> None:
    # rates 1.0 %, 1.2 %, 1.1 % → mean 1.1 %, std 0.082 %; limit = 1.1 % + 3 × 0.082 % = 1.345 %
    history_runs = [("2026-01-31", 10), ("2026-02-28", 12), ("2026-03-31", 11)]
    for day, nulls in history_runs:
        append(run_ids(ids(1000, nulls), day), tmp_path)
    append(run_ids(ids(1000, 13), "2026-04-30"), tmp_path)  # 1.3 %: within the limit
    append(run_ids(ids(1000, 50), "2026-05-31"), tmp_path)  # 5 %: anomaly
    rules = AlertRules(drop=100.0)  # isolate the failed-rate rule
    alerts = trend(tmp_path, rules=rules).alerts
    assert [(a.rule, a.level, a.check) for a in alerts] == [("failed_rate", "check", "not_null:id")]
    alert = alerts[0]
    assert alert.to_as_of.date().isoformat() == "2026-05-31"
    assert alert.after == pytest.approx(0.05)
    # baseline: the previous 4 runs (window 5): 1.0, 1.2, 1.1, 1.3 %
    assert alert.before == pytest.approx(0.0115)
    assert alert.from_as_of.date().isoformat() == "2026-01-31"
    assert alert.dimension == "complete"
    assert alert.limit == pytest.approx(0.0115 + 3 * 0.0011180339887498947)
    assert "dan_cu" in alert.text("en")
    assert "not_null:id" in alert.text("vi")
    assert alert.text("vi").startswith(
        "Tỉ lệ bản ghi lỗi của not_null:id trong CSDL quốc gia về dân cư (dan_cu) tăng bất"
    )
    assert "5%" in alert.text("en")
    assert "5%" in alert.text("vi")


def test_failed_rate_rule_needs_min_runs_and_uses_the_window(tmp_path: Path) -> None:
    rules = AlertRules(drop=100.0, window=3, min_runs=3)
    for day, nulls in [("2026-01-31", 500), ("2026-02-28", 10), ("2026-03-31", 10)]:
        append(run_ids(ids(1000, nulls), day), tmp_path)
    assert trend(tmp_path, rules=rules).alerts == ()  # fewer than 3 previous runs yet
    append(run_ids(ids(1000, 10), "2026-04-30"), tmp_path)
    append(run_ids(ids(1000, 60), "2026-05-31"), tmp_path)
    # window 3: baseline 1 %, 1 %, 1 % → 6 % alerts; window 4 includes the early 50 %
    assert [a.to_as_of.month for a in trend(tmp_path, rules=rules).alerts] == [5]
    assert trend(tmp_path, rules=AlertRules(drop=100.0, window=4)).alerts == ()


def test_failed_rate_floor_ignores_noise_on_a_steady_history(tmp_path: Path) -> None:
    rules = AlertRules(drop=100.0)
    for day in ("2026-01-31", "2026-02-28", "2026-03-31"):
        append(run_ids(ids(10_000), day), tmp_path)
    append(run_ids(ids(10_000, 5), "2026-04-30"), tmp_path)  # 0.05 %: below the 0.1 point floor
    assert trend(tmp_path, rules=rules).alerts == ()
    append(run_ids(ids(10_000, 200), "2026-05-31"), tmp_path)  # 2 %: alert
    assert [a.rule for a in trend(tmp_path, rules=rules).alerts] == ["failed_rate"]


def test_alert_rules_validate_and_read_the_environment() -> None:
    env = {"DATACHECK_HISTORY_DROP": "5", "DATACHECK_HISTORY_WINDOW": "10"}
    rules = AlertRules.from_env(environ=env)
    assert (rules.drop, rules.window, rules.min_runs) == (5.0, 10, 3)
    assert AlertRules.from_env(environ=env, drop=1.0, window=None).drop == 1.0
    with pytest.raises(DatacheckError, match="DATACHECK_HISTORY_DROP") as caught:
        AlertRules.from_env(environ={"DATACHECK_HISTORY_DROP": "lots"})
    assert "cần một số" in caught.value.message("vi")
    for bad in ({"drop": -1.0}, {"window": 0}, {"min_runs": 6}, {"k": float("nan")}):
        with pytest.raises(DatacheckError, match="alert rule"):
            AlertRules(**bad)  # type: ignore[arg-type]


def test_trend_and_alerts_serialise_to_json(tmp_path: Path) -> None:
    append(run_ids(ids(100), "2026-05-31"), tmp_path)
    append(run_ids(ids(100, 10), "2026-06-30"), tmp_path)
    result = trend(tmp_path, rules=AlertRules())
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["rules"]["drop"] == 2.0
    assert [p["score"] for p in data["databases"][0]["scores"]] == [100.0, 90.0]
    alert = data["alerts"][0]
    assert set(alert) == {
        "rule", "level", "suite", "database", "dimension", "check", "from", "to", "before",
        "after", "change", "limit", "message",
    }  # fmt: skip
    assert (alert["from"], alert["to"]) == (
        "2026-05-31T00:00:00+07:00",
        "2026-06-30T00:00:00+07:00",
    )
    assert set(alert["message"]) == {"vi", "en"}


# ------------------------------------------------------------------------------ national, HTML


def national_of(results: Sequence[Result], as_of: str) -> NationalResult:
    """A national result over ``results`` with a failed database in the middle."""
    summaries = [
        DatabaseSummary(r.suite, r.title, "Bộ", 2.0, r.score, r.band, {}, r.rows, 0, None)
        for r in results
    ]
    failed = DatabaseSummary("ho_tich", None, None, 1.0, None, None, {}, None, 0, None,
                             error={"en": "x", "vi": "x"})  # fmt: skip
    scores = [r.score for r in results if r.score is not None]
    return NationalResult(
        name="quoc_gia",
        title="Quốc gia",
        as_of=datetime.fromisoformat(as_of + "T00:00:00+07:00"),
        score=sum(scores) / len(scores),
        band=None,
        databases=(summaries[0], failed, *summaries[1:]),
        dimensions={"complete": sum(scores) / len(scores), "clean": None},
        worst_checks=(),
        results=tuple(results),
    )


def test_append_national_records_every_database_and_the_national_score(tmp_path: Path) -> None:
    for day, nulls in [("2026-05-31", 0), ("2026-06-30", 10)]:
        national = national_of(
            [run_ids(ids(100, nulls), day), run_ids(ids(50), day)], day
        )  # the same suite twice: keys dan_cu and dan_cu-2, as the HTML site names them
        written = append_national(national, tmp_path)
        assert [p.parent.name for p in written] == [
            "suite=dan_cu",
            "suite=dan_cu",
            "suite=quoc_gia",
        ]
    frame = read(tmp_path, latest=True)
    assert sorted(set(frame["database"])) == sorted({*database_results(national), "quoc_gia"})
    assert set(frame["national"]) == {"quoc_gia"}
    weights = frame.filter(pl.col("level") == "database")["weight"]
    assert set(weights) == {2.0}
    result = trend(tmp_path, rules=AlertRules())
    assert [d.database for d in result.databases] == ["dan_cu", "dan_cu-2"]
    assert [n.database for n in result.national] == ["quoc_gia"]
    nation = result.national[0]
    assert [p.score for p in nation.scores] == [100.0, 95.0]
    assert list(nation.dimensions) == ["complete"]
    assert [a.level for a in nation.alerts] == ["national", "national"]
    # the national list's title names it; its id stays in the alert's fields
    assert nation.alerts[1].text("en").startswith("National Complete score (Quốc gia) dropped")
    assert nation.alerts[1].database == "quoc_gia"
    pages = result.to_html()
    assert set(pages) == {"dan_cu", "dan_cu-2", "quoc_gia"}
    page = pages["dan_cu"]
    assert isinstance(page, DatabaseHistory)
    assert [(p.as_of.date().isoformat(), p.score) for p in page.scores] == [
        ("2026-05-31", 100.0),
        ("2026-06-30", 90.0),
    ]
    assert sorted(page.dimensions) == [Dimension.COMPLETE.value]
    assert [a["en"] for a in page.alerts] == [
        a.text("en") for a in result.database("dan_cu").alerts
    ]
    assert pages["dan_cu-2"].alerts == ()


def test_trend_feeds_the_html_database_page(tmp_path: Path) -> None:
    append(run_ids(ids(100), "2026-05-31"), tmp_path)
    latest = run_ids(ids(100, 10), "2026-06-30")
    append(latest, tmp_path)
    pages = trend(tmp_path, rules=AlertRules()).to_html()
    page = render_database(latest, "en", history=pages[latest.suite])
    assert "Score of CSDL quốc gia về dân cư (dan_cu) dropped by 10 points" in page


# ------------------------------------------------------------------------------ atomicity


def test_a_failure_inside_the_writer_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pq.write_table

    def half_then_fail(table: pa.Table, where: Any, **kwargs: Any) -> None:
        real(table, where, **kwargs)
        data = Path(where).read_bytes()
        Path(where).write_bytes(data[: len(data) // 2])
        msg = "simulated crash in the writer"
        raise RuntimeError(msg)

    monkeypatch.setattr(pq, "write_table", half_then_fail)
    result = run_ids(ids(10, 1), "2026-06-30")
    with pytest.raises(RuntimeError, match="simulated crash"):
        append(result, tmp_path)
    assert files(tmp_path) == []  # neither a final file nor the temporary one
    assert read(tmp_path).height == 0

    def disk_full(table: pa.Table, where: Any, **kwargs: Any) -> None:
        Path(where).write_bytes(b"PAR1")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", disk_full)
    with pytest.raises(DatacheckError, match="No space left on device") as caught:
        append(result, tmp_path)
    assert "không ghi được vào kho lịch sử" in caught.value.message("vi")
    assert files(tmp_path) == []
    monkeypatch.setattr(pq, "write_table", real)
    append(result, tmp_path)
    assert read(tmp_path)["run_id"].n_unique() == 1


CRASH = """
import os, sys
import polars as pl, pyarrow.parquet as pq
import datacheck as dc
from datacheck.history import append

real = pq.write_table
def crash(table, where, **kwargs):
    real(table, where, **kwargs)
    data = open(where, "rb").read()
    open(where, "wb").write(data[: len(data) // 2])
    os._exit(3)  # killed mid-write: no cleanup runs
pq.write_table = crash
suite = dc.Suite(name="dan_cu", checks=[dc.checks.NotNull(columns=["id"])])
append(dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30"), sys.argv[1])
"""


def test_a_process_killed_mid_write_leaves_only_a_hidden_temporary(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASH), str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    left = files(tmp_path)
    assert len(left) == 1
    assert left[0].name.startswith(".part-")
    assert left[0].name.endswith(".tmp")
    assert read(tmp_path).height == 0
    assert trend(tmp_path).empty
    append(run_ids(ids(10), "2026-06-30"), tmp_path)
    assert read(tmp_path)["run_id"].n_unique() == 1


# ------------------------------------------------------------------------------ concurrency


def test_concurrent_appends_from_four_processes_lose_nothing(tmp_path: Path) -> None:
    # 40 appends from 4 processes: two suites, and many re-runs of the same suite and as-of
    jobs = []
    for i in range(40):
        name = "dan_cu" if i % 2 else "bao_hiem"
        day = f"2026-06-{10 + (i // 2) % 4:02d}"
        jobs.append((run_ids(ids(20, i % 5), day, name=name), tmp_path))
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        written = pool.starmap(history.append, jobs)
    assert len(set(written)) == 40
    assert all(path.exists() for path in written)
    assert len(files(tmp_path)) == 40  # no temporary file left behind
    frame = read(tmp_path)
    assert frame["run_id"].n_unique() == 40
    assert frame.height == 40 * 3  # database, one dimension, one check per run
    assert frame.filter(pl.col("level") == "check")["failed"].sum() == sum(i % 5 for i in range(40))
    # latest-run-wins leaves one run per (suite, as-of): 2 suites × 4 dates
    assert read(tmp_path, latest=True)["run_id"].n_unique() == 8
    assert [len(d.scores) for d in trend(tmp_path).databases] == [4, 4]


def test_recorded_at_strictly_increases_within_a_process(tmp_path: Path) -> None:
    result = run_ids(ids(5), "2026-06-30")
    for _ in range(20):
        append(result, tmp_path)
    stamps = read(tmp_path).filter(pl.col("level") == "database")["recorded_at"].to_list()
    assert len(set(stamps)) == 20
    assert all(isinstance(s, datetime) and s.tzinfo is not None for s in stamps)
    assert max(stamps) <= datetime.now(UTC)
