"""Console rendering of history trends: table, change arrows, alerts, both languages."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console

import datacheck as dc
from datacheck.history import AlertRules, Trend, append, append_national, trend
from datacheck.i18n import CATALOG
from datacheck.national import DatabaseSummary, NationalResult
from datacheck.report.history import history_renderable, render_history, render_history_text
from datacheck.result import Result


def run_nulls(nulls: int, as_of: str, *, name: str = "dan_cu", rows: int = 200) -> Result:
    suite = dc.Suite(
        name=name,
        title="CSDL quốc gia về dân cư",
        checks=[dc.checks.NotNull(columns=["id"]), dc.checks.Unique(columns=["code"])],
    )
    data = pl.DataFrame(
        {
            "id": [None if i < nulls else i for i in range(rows)],
            "code": list(range(rows)),
        },
        schema={"id": pl.Int64, "code": pl.Int64},
    )
    return dc.run(suite, data, as_of=as_of)


def store_of(tmp_path: Path, runs: Sequence[tuple[str, int]], name: str = "dan_cu") -> Path:
    for day, nulls in runs:
        append(run_nulls(nulls, day, name=name), tmp_path)
    return tmp_path


RULES = AlertRules(drop=2.0, min_runs=5)  # the failed-rate rule stays quiet in these tests


def test_vietnamese_table_scores_dates_arrows_and_alerts(tmp_path: Path) -> None:
    # dan_cu score is the mean of Đủ (100 − 100·nulls/200) and Sạch (100): 100, 99.75, 96
    store_of(tmp_path, [("2026-04-30", 0), ("2026-05-31", 1), ("2026-06-30", 16)])
    text = render_history_text(trend(tmp_path, rules=RULES))
    assert "Xu hướng điểm chất lượng dữ liệu" in text
    for header in ("Cơ sở dữ liệu", "Số lần chạy", "Lần gần nhất", "Điểm", "Thay đổi"):
        assert header in text
    assert "Điểm 5 lần gần nhất (cũ → mới)" in text
    assert "100 · 99,75 · 96" in text
    assert "30/06/2026" in text
    assert "▼ −3,75" in text
    assert "CSDL quốc gia về dân cư" in text
    assert "Cảnh báo ở lần chạy gần nhất (2)" in text
    assert (
        "• Điểm của CSDL quốc gia về dân cư (dan_cu) giảm 3,75 điểm: từ 99,75 (31/05/2026) xuống "
        "96 (30/06/2026)"
    ) in text
    assert "• Điểm chiều Đủ của CSDL quốc gia về dân cư (dan_cu) giảm 7,5 điểm" in text
    assert "Cảnh báo: điểm giảm hơn 2 điểm giữa hai lần chạy liên tiếp" in text


def test_english_table(tmp_path: Path) -> None:
    store_of(tmp_path, [("2026-04-30", 0), ("2026-05-31", 1), ("2026-06-30", 16)])
    text = render_history_text(trend(tmp_path, rules=RULES), lang="en")
    for header in ("Data quality trend", "Database", "Runs", "Latest as of", "Change"):
        assert header in text
    assert "Last 5 scores (oldest → newest)" in text
    assert "100 · 99.75 · 96" in text
    assert "2026-06-30" in text
    assert "▼ −3.75" in text
    assert "Alerts at the latest run (2)" in text
    assert (
        "Score of CSDL quốc gia về dân cư (dan_cu) dropped by 3.75 points: from 99.75 "
        "(2026-05-31) to 96"
    ) in text
    assert "Đ" not in text.replace("CSDL quốc gia về dân cư", "")  # no Vietnamese left


def test_change_arrows_up_same_and_none(tmp_path: Path) -> None:
    store_of(tmp_path, [("2026-05-31", 4), ("2026-06-30", 0)], name="tang")
    store_of(tmp_path, [("2026-05-31", 2), ("2026-06-30", 2)], name="giu")
    store_of(tmp_path, [("2026-06-30", 0)], name="moi")
    lines = render_history_text(trend(tmp_path, rules=RULES), lang="en").splitlines()
    row = {line.split()[0]: line for line in lines if line.split()}
    assert row["tang"].rstrip().endswith("▲ +1")
    assert row["giu"].rstrip().endswith("■ 0")
    assert row["moi"].rstrip().endswith("—")
    assert "No alerts at the latest run." in lines


def test_last_limits_the_scores_shown(tmp_path: Path) -> None:
    runs = [
        (f"2026-0{month}-01", nulls) for month, nulls in zip(range(1, 7), range(6), strict=True)
    ]
    store_of(tmp_path, runs)
    text = render_history_text(trend(tmp_path, rules=AlertRules(drop=50)), lang="en", last=3)
    assert "Last 3 scores" in text
    assert "99.25 · 99 · 98.75" in text
    assert "99.5 ·" not in text
    row = next(line for line in text.splitlines() if line.startswith(" dan_cu"))
    assert " 6 " in row  # all six runs counted


def test_dimension_rows(tmp_path: Path) -> None:
    store_of(tmp_path, [("2026-05-31", 0), ("2026-06-30", 10)])
    trend_ = trend(tmp_path, rules=RULES)
    plain = render_history_text(trend_)
    assert "↳" not in plain
    text = render_history_text(trend_, dimensions=True)
    dims = [line for line in text.splitlines() if "↳" in line]
    assert [line.split()[1] for line in dims] == ["Đủ", "Sạch"]
    assert dims[0].rstrip().endswith("▼ −5")
    assert dims[1].rstrip().endswith("■ 0")


def test_older_alerts_only_with_all_alerts(tmp_path: Path) -> None:
    store_of(tmp_path, [("2026-04-30", 0), ("2026-05-31", 20), ("2026-06-30", 20)])
    result = trend(tmp_path, rules=RULES)
    text = render_history_text(result, lang="en")
    assert "No alerts at the latest run." in text
    assert "dropped" not in text
    every = render_history_text(result, lang="en", all_alerts=True)
    assert "All alerts (2)" in every
    assert "Score of CSDL quốc gia về dân cư (dan_cu) dropped by 5 points" in every


def test_national_rows_come_first(tmp_path: Path) -> None:
    for day, nulls in [("2026-05-31", 0), ("2026-06-30", 0)]:
        result = run_nulls(nulls, day)
        summary = DatabaseSummary(
            "dan_cu", None, None, 1.0, result.score, result.band, {}, 200, 0, None
        )
        national = NationalResult(
            "csdl_quoc_gia",
            "Quốc gia",
            datetime.fromisoformat(day + "T00:00:00+07:00"),
            result.score,
            result.band,
            (summary,),
            {"complete": 100.0},
            (),
            results=(result,),
        )
        append_national(national, tmp_path)
    lines = render_history_text(trend(tmp_path, rules=RULES)).splitlines()
    national_row = next(i for i, line in enumerate(lines) if "csdl_quoc_gia (toàn quốc)" in line)
    database_row = next(i for i, line in enumerate(lines) if line.startswith(" dan_cu "))
    assert national_row < database_row


def test_names_are_text_not_markup(tmp_path: Path) -> None:
    result = run_nulls(0, "2026-06-30")
    append(result, tmp_path, database="[red]x[/red]")
    text = render_history_text(trend(tmp_path, rules=RULES))
    assert "[red]x[/red]" in text


def test_empty_store_and_renderers_agree(tmp_path: Path) -> None:
    empty = trend(tmp_path / "none")
    assert render_history_text(empty).strip() == "Kho lịch sử chưa ghi lần chạy nào."
    assert render_history_text(empty, lang="en").strip() == (
        "The history store has no recorded runs yet."
    )
    store_of(tmp_path, [("2026-06-30", 0)])
    full = trend(tmp_path, rules=RULES)
    out = io.StringIO()
    render_history(full, Console(file=out, width=120, color_system=None), "en")
    console = Console(file=io.StringIO(), width=120, record=True, color_system=None)
    console.print(history_renderable(full, lang="en"))
    assert out.getvalue() == console.export_text()


def test_an_alerted_drop_is_bold_red(tmp_path: Path) -> None:
    store_of(tmp_path, [("2026-05-31", 0), ("2026-06-30", 20)])
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=True, color_system="standard")
    render_history(trend(tmp_path, rules=RULES), console, "en")
    assert re.search(r"\x1b\[1;31m *▼ −5\x1b\[0m", out.getvalue())
    quiet = io.StringIO()
    console = Console(file=quiet, width=120, force_terminal=True, color_system="standard")
    render_history(trend(tmp_path, rules=AlertRules(drop=10)), console, "en")
    assert re.search(r"\x1b\[31m *▼ −5\x1b\[0m", quiet.getvalue())


@pytest.mark.parametrize("key", sorted(k for k in CATALOG if k.startswith("history.")))
def test_history_messages_exist_in_both_languages(key: str) -> None:
    assert set(CATALOG[key]) == {"vi", "en"}
    assert all(CATALOG[key].values())


def test_trend_type_is_exported() -> None:
    assert Trend().empty
