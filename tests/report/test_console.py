"""Console rendering of results: what the table and footer say, in both languages."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from rich.console import Console

import datacheck as dc
from datacheck.dimensions import Dimension
from datacheck.errors import Lang
from datacheck.report.console import (
    band_text,
    render_result,
    render_text,
    result_renderable,
    status_text,
    summary_line,
)
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.score import Band

AS_OF = "2026-06-30"


def record(result: Result, lang: Lang = "vi") -> str:
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    render_result(result, console, lang=lang)
    return console.export_text()


@pytest.fixture
def result() -> Result:
    """A real run: one passing, one failing, one erroring (unknown column) result."""
    data = pl.DataFrame(
        {
            "id": ["001", "002", "003", "004"],
            "gender": ["Nam", "Nữ", "M", "Nam"],
            "phone": ["0901234567", "12", None, "0987654321"],
        }
    )
    suite = dc.Suite(
        name="people",
        title="Người dân",
        owner="Bộ Công an",
        key=("id",),
        pii=("phone",),
        checks=(
            dc.checks.NotNull(columns=("id", "missing")),
            dc.checks.InSet(columns=("gender",), values=("Nam", "Nữ")),
            dc.checks.Unique(columns=("id",)),
        ),
    )
    return dc.run(suite, data, as_of=AS_OF)


def handmade(**overrides: Any) -> Result:
    """A result built by hand, to pin exact numbers, notes and sample values."""
    check = CheckResult(
        id="pattern:phone",
        check="pattern",
        name=None,
        columns=("phone",),
        dimension=Dimension.CORRECT,
        evaluated=100_000,
        failed=1,
        status="fail",
        samples=(
            Sample(key={"id": "0012****5678"}, values={"phone": "[bold]09 12"}),
            Sample(key={"id": "x"}, values={"phone": None}),
        ),
    )
    fields: dict[str, Any] = {
        "suite": "demo",
        "as_of": datetime(2026, 6, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "source": "data/demo.parquet",
        "score": 99.999,
        "band": Band.MEETS,
        "dimensions": (DimensionResult(Dimension.CORRECT, 99.999, 1.0, 1, 1, 1, Band.MEETS),),
        "checks": (check,),
        "rows": 1_234_567,
        "seconds": 1.5,
        "notes": ({"en": "reference 'x' is unavailable", "vi": "tham chiếu 'x' không dùng được"},),
    }
    fields.update(overrides)
    return Result(**fields)


def test_vietnamese_report(result: Result) -> None:
    text = record(result)
    assert "Bộ kiểm tra: Người dân (people)" in text
    assert "Cơ quan chủ quản: Bộ Công an" in text
    assert "Thời điểm đánh giá: 2026-06-30T00:00:00+07:00" in text
    for label in ("Đủ", "Đúng", "Sạch"):
        assert label in text
    for header in ("Phép kiểm tra", "Đã đánh giá", "Bản ghi lỗi", "Tỉ lệ đạt", "Điểm"):
        assert header in text
    assert "Không đạt" in text
    assert "Đạt" in text
    assert "Lỗi" in text
    assert "not_null:missing — lý do: không tìm thấy cột 'missing'" in text
    assert "Số bản ghi: 4" in text
    assert "Mẫu bản ghi không đạt" in text
    assert 'gender="M"' in text


def test_english_report(result: Result) -> None:
    text = record(result, "en")
    assert "Suite: Người dân (people)" in text
    for label in ("Complete", "Correct", "Clean"):
        assert label in text
    assert "Dataset score:" in text
    assert "fail" in text
    assert "error" in text
    assert "not_null:missing — reason: column 'missing' not found" in text
    assert "Không đạt" not in text
    assert "Failing samples" in text


def test_rows_of_the_table(result: Result) -> None:
    text = record(result, "en")
    row = next(line for line in text.splitlines() if "in_set:gender" in line)
    assert row.split() == ["in_set:gender", "4", "1", "75%", "75", "fail"]
    errored = next(
        line for line in text.splitlines() if line.strip().startswith("not_null:missing")
    )
    assert errored.split() == ["not_null:missing", "—", "—", "—", "—", "error"]


def test_dimension_title_has_score_and_band(result: Result) -> None:
    text = record(result, "en")
    correct = result.dimension("correct")
    assert correct.score == 75.0
    assert "Correct — score 75 · Fails" in text


def test_numbers_are_localised_and_never_falsely_perfect() -> None:
    vi = record(handmade())
    en = record(handmade(), "en")
    assert "Số bản ghi: 1.234.567" in vi
    assert "Rows: 1,234,567" in en
    assert "Thời gian chạy: 1,5 giây" in vi
    row = next(line for line in en.splitlines() if "pattern:phone" in line)
    assert row.split() == ["pattern:phone", "100,000", "1", "99.99%", "99.99", "fail"]
    assert "100%" not in row
    assert "Dataset score: 99.99 — Meets" in en


def test_notes_and_samples_are_shown_literally() -> None:
    text = record(handmade(), "en")
    assert "Notes" in text
    assert "reference 'x' is unavailable" in text
    assert 'phone="[bold]09 12"' in text  # markup-like data is printed as is, spaces visible
    assert "key id=x" not in text
    assert 'key id="x" · phone=null' in text
    assert "pattern:phone: 1 failing, showing 2" in text
    assert "tham chiếu 'x' không dùng được" in record(handmade())


def test_empty_dataset_and_no_score() -> None:
    empty = handmade(
        score=None,
        band=None,
        rows=0,
        dimensions=(DimensionResult(Dimension.CORRECT, None, 1.0, 1, 0, 0, None),),
        checks=(),
        notes=(),
    )
    vi = record(empty)
    assert "Số bản ghi: 0 — tập dữ liệu rỗng" in vi
    assert "không phép kiểm tra nào áp dụng được" in vi
    assert "Rows: 0 — the dataset is empty" in record(empty, "en")


def test_max_samples_and_render_text() -> None:
    text = render_text(handmade(), lang="en", width=120, max_samples=1)
    assert "showing 1" in text
    assert "phone=null" not in text
    assert "Failing samples" not in render_text(handmade(), lang="en", max_samples=0)


def test_colours_follow_status() -> None:
    assert status_text("fail", "vi").plain == "Không đạt"
    assert "red" in str(status_text("fail", "vi").style)
    assert "green" in str(status_text("pass", "en").style)
    assert status_text("not_applicable", "vi").plain == "Không áp dụng"
    assert status_text("error", "vi").plain == "Lỗi"
    assert status_text("warn", "vi").plain == "Cảnh báo"
    assert band_text(Band.FAILS, "en").plain == "Fails"
    assert band_text(None, "vi").plain == "—"
    console = Console(width=120, record=True, file=io.StringIO(), force_terminal=True)
    console.print(result_renderable(handmade(), lang="vi"))
    assert "\x1b[" in console.export_text(styles=True)


def test_summary_line(result: Result) -> None:
    assert summary_line(result, "en").startswith("people: score ")
    assert "2 check(s) failed or errored" in summary_line(result, "en")
    assert "2 phép kiểm tra không đạt hoặc lỗi" in summary_line(result, "vi")


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "vi",
            "Phân hạng bản ghi: Sử dụng được: 2 (50%) · Cần chỉnh lý: 1 (25%) · "
            "Không sử dụng được: 1 (25%)",
        ),
        (
            "en",
            "Record tiers: Usable: 2 (50%) · Needs correction: 1 (25%) · Unusable: 1 (25%)",
        ),
    ],
)
def test_record_tiers_are_counted_in_the_footer(lang: Lang, line: str) -> None:
    suite = dc.Suite(
        name="s",
        key=["id"],
        checks=[
            dc.checks.NotNull(columns=["name"], severity="critical"),
            dc.checks.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
        ],
    )
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "name": ["An", None, "Chi", "Dũng"],
            "phone": ["0901234567", "0901234567", "12", "0901234567"],
        }
    )
    result = dc.run(suite, frame, as_of=AS_OF)
    assert result.tiers is not None
    assert result.tiers.counts() == {"usable": 2, "needs_correction": 1, "unusable": 1}
    assert line in render_text(result, lang=lang, width=200)


def test_no_tiers_line_without_counted_records() -> None:
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["id"])])
    result = dc.run(suite, pl.DataFrame({"id": []}, schema={"id": pl.Int64}), as_of=AS_OF)
    assert "Phân hạng" not in render_text(result, width=200)
