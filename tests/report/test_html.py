"""HTML scorecards: content, escaping, masking, languages, determinism, snapshots, templates.

Snapshots of the page structure (tags, ids, classes; no text) live in
``tests/report/snapshots/``; after an intended change of the templates, refresh them with::

    DATACHECK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest -q -p no:xdist tests/report/test_html.py

``build_site`` (a real national run over small linked databases with Vietnamese text and an
injected ``<script>``) is shared with ``test_html_browser.py``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

import datacheck as dc
from datacheck.dimensions import Dimension, Severity
from datacheck.errors import Lang
from datacheck.i18n import CATALOG, format_score
from datacheck.national import DatabaseSummary, NationalResult, run_national
from datacheck.report import html
from datacheck.report.html import (
    DatabaseHistory,
    TrendPoint,
    database_results,
    page_name,
    render_database,
    render_national,
    write_database,
    write_site,
)
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.score import Band, Bands, Status
from datacheck.tiers import TierCounts, TierRules
from datacheck.vn.admin_units import AdminUnitCurrent

SNAPSHOTS = Path(__file__).parent / "snapshots"
TEMPLATES = Path(html.__file__).parent / "templates"
UPDATE = os.environ.get("DATACHECK_UPDATE_SNAPSHOTS", "") not in ("", "0")
INJECTED = "<script>alert(1)</script>"
ICT = timezone(timedelta(hours=7))
AS_OF = datetime(2026, 6, 30, tzinfo=ICT)

# --------------------------------------------------------------------------- a real national run

PEOPLE = pl.DataFrame(
    {
        "person_id": [f"0010{n:08d}" for n in range(1, 13)],
        "full_name": [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Hoàng Cường",
            "Phạm Thị Dung",
            "Hoàng Văn Em",
            "Võ Thị Phượng",
            "Đặng Quốc Giang",
            "Bùi Thị Hạnh",
            "Đỗ Minh Khôi",
            "Hồ Thị Lan",
            "Ngô Văn Mạnh",
            None,
        ],
        "gender": [*["Nam", "Nữ"] * 5, "Nam", INJECTED],
        "phone": [
            "0912345678",
            "0987654321",
            "12345",
            "0903123456",
            "0933123456",
            "0977123456",
            "0966123456",
            "0955123456",
            "0944123456",
            "0922123456",
            "0911123456",
            "0900123456",
        ],
        "province": ["01", "79", "48", "31", "01", "79", "92", "01", "79", "48", "31", "01"],
    }
)

INSURED = pl.DataFrame(
    {
        "card_id": [f"BH{n:06d}" for n in range(1, 9)],
        "person_id": [f"0010{n:08d}" for n in (1, 2, 3, 4, 5, 99, 98, 6)],
        "status": ["active"] * 8,
    }
)

SUITE_PEOPLE = f"""
suite: dan_cu
title: Cơ sở dữ liệu quốc gia về dân cư
owner: Bộ Công an
source: people.parquet
key: person_id
pii: [person_id, full_name, phone]
checks:
  - check: not_null
    columns: [person_id, full_name]
    severity: critical
  - check: unique
    columns: [person_id]
  - check: in_set
    name: '{INJECTED}'
    column: gender
    values: [Nam, Nữ]
  - check: pattern
    column: phone
    pattern: '^0[0-9]{{9}}$'
    threshold: 0.99
    warn: 0.9
  - check: in_set
    column: province
    dimension: live
    values: ["01", "79", "48", "31"]
"""

SUITE_INSURED = """
suite: bao_hiem
title: Cơ sở dữ liệu quốc gia về bảo hiểm
owner: Bảo hiểm xã hội Việt Nam
source: insured.parquet
key: card_id
pii: [person_id]
references:
  population: people.parquet
checks:
  - check: not_null
    columns: [card_id, person_id]
  - check: unique
    columns: [card_id]
  - check: exists_in
    column: person_id
    reference: population
    reference_column: person_id
"""

NATIONAL = """
national: csdl_thu
title: Các cơ sở dữ liệu quốc gia trọng điểm (thử nghiệm)
databases:
  - suite: dan_cu.yaml
    weight: 3
  - suite: bao_hiem.yaml
    owner: Bảo hiểm xã hội Việt Nam (Bộ Tài chính)
    weight: 2
  - suite: thue.yaml
    source: missing.parquet
"""

SUITE_MISSING = """
suite: thue
title: Cơ sở dữ liệu quốc gia về thuế
owner: Bộ Tài chính
checks:
  - check: not_null
    columns: [tax_code]
"""


def build_site(folder: Path, lang: Lang = "vi") -> tuple[NationalResult, list[Path]]:
    """Run a small national list (two databases and one unreadable) and write its site.

    The JSON results go to ``folder`` too (``national.json`` and one per database), as
    ``datacheck scorecard`` writes them.
    """
    suites = folder / "suites"
    suites.mkdir(parents=True, exist_ok=True)
    PEOPLE.write_parquet(suites / "people.parquet")
    INSURED.write_parquet(suites / "insured.parquet")
    (suites / "dan_cu.yaml").write_text(SUITE_PEOPLE, encoding="utf-8")
    (suites / "bao_hiem.yaml").write_text(SUITE_INSURED, encoding="utf-8")
    (suites / "thue.yaml").write_text(SUITE_MISSING, encoding="utf-8")
    (suites / "national.yaml").write_text(NATIONAL, encoding="utf-8")
    site = folder / "site"
    national = run_national(suites / "national.yaml", as_of="2026-06-30", out=site)
    return national, write_site(national, None, site, lang)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[NationalResult, list[Path]]:
    return build_site(tmp_path_factory.mktemp("html-site"))


@pytest.fixture(scope="module")
def site_folder(site: tuple[NationalResult, list[Path]]) -> Path:
    """The folder the site's pages and JSON results were written to."""
    return site[1][0].parent


def read_page(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- fixed inputs


def check_result(
    check: str,
    column: str,
    dimension: Dimension,
    counts: tuple[int, int],
    status: Status,
    **more: Any,
) -> CheckResult:
    """A one-column check's result: id ``<check>:<column>`` unless ``more`` names one.

    ``counts`` is ``(evaluated, failed)``; ``more`` sets any other field (samples, ...).
    """
    evaluated, failed = counts
    values: dict[str, Any] = {"id": f"{check}:{column}", "name": None, **more}
    return CheckResult(
        check=check,
        columns=(column,),
        dimension=dimension,
        evaluated=evaluated,
        failed=failed,
        status=status,
        **values,
    )


def fixed_result(suite: str = "dan_cu", **changes: Any) -> Result:
    """A hand-built result (independent of the engine) for snapshots and exact text."""
    checks = (
        check_result(
            "not_null",
            "person_id",
            Dimension.COMPLETE,
            (1_234_567, 0),
            "pass",
            severity=Severity.CRITICAL,
        ),
        check_result(
            "pattern",
            "phone",
            Dimension.CORRECT,
            (1000, 25),
            "warn",
            threshold=0.99,
            warn=0.95,
            samples=(
                Sample({"person_id": "0012****5678"}, {"phone": "09******78"}),
                Sample({"person_id": "0013****0001"}, {"phone": None}),
            ),
        ),
        check_result(
            "in_set",
            "gender",
            Dimension.CORRECT,
            (1000, 300),
            "fail",
            id=INJECTED,
            name=INJECTED,
            samples=(Sample({"person_id": "0014****0002"}, {"gender": INJECTED}),),
        ),
        check_result(
            "unique",
            "person_id",
            Dimension.CLEAN,
            (1000, 4),
            "fail",
            details={"groups": 2, "surplus": 2, "not_nfc": 0, "custom_reason": 1},
            samples=(Sample({"person_id": "0015****0003"}, {"person_id": "0015****0003"}),),
        ),
        check_result(
            "exists_in",
            "person_id",
            Dimension.SHARED,
            (0, 0),
            "error",
            message={"en": "reference 'population' is unavailable", "vi": "thiếu tham chiếu"},
        ),
    )
    values: dict[str, Any] = {
        "suite": suite,
        "as_of": AS_OF,
        "source": "samples/out/dan_cu",
        "score": 81.25,
        "band": Band.NEEDS_IMPROVEMENT,
        "dimensions": (
            DimensionResult(Dimension.CORRECT, 72.5, 1.0, 2, 2, 2, Band.FAILS),
            DimensionResult(Dimension.COMPLETE, 100.0, 1.0, 1, 1, 0, Band.MEETS),
            DimensionResult(Dimension.CLEAN, 99.6, 1.0, 1, 1, 1, Band.MEETS),
            DimensionResult(Dimension.SHARED, None, 1.0, 1, 0, 1, None),
        ),
        "checks": checks,
        "rows": 1_234_567,
        "seconds": 1.5,
        "title": "Cơ sở dữ liệu quốc gia về dân cư",
        "owner": "Bộ Công an",
        "versions": {"datacheck": "0.1.0", "polars": "1.0"},
        "notes": ({"en": "a note", "vi": "một lưu ý"},),
    }
    values.update(changes)
    return Result(**values)


def summary_of(result: Result, weight: float) -> DatabaseSummary:
    """The national list's line of a database checked with ``result`` (three suite checks)."""
    return DatabaseSummary(
        result.suite,
        result.title,
        result.owner,
        weight,
        result.score,
        result.band,
        {d.dimension.value: d.score for d in result.dimensions},
        result.rows,
        3,
        f"{result.suite}.json",
    )


def fixed_national(result: Result | None = None) -> tuple[NationalResult, dict[str, Result]]:
    result = result or fixed_result()
    other = fixed_result(
        "bao_hiem",
        title="Cơ sở dữ liệu quốc gia về bảo hiểm",
        owner="Bảo hiểm xã hội Việt Nam",
        score=97.5,
        band=Band.MEETS,
    )
    databases = (
        summary_of(result, 3.0),
        summary_of(other, 2.0),
        DatabaseSummary(
            "thue",
            "Cơ sở dữ liệu quốc gia về thuế",
            "Bộ Tài chính",
            1.0,
            None,
            None,
            {},
            None,
            None,
            None,
            error={"en": "file not found: thue.parquet", "vi": "không tìm thấy tệp: thue.parquet"},
        ),
    )
    worst = (
        {
            "suite": "dan_cu",
            "id": INJECTED,
            "check": "in_set",
            "dimension": "correct",
            "score": 70.0,
            "failed": 300,
            "evaluated": 1000,
            "status": "fail",
        },
    )
    national = NationalResult(
        name="csdl_quoc_gia",
        title="Các cơ sở dữ liệu quốc gia trọng điểm",
        as_of=AS_OF,
        score=87.85,
        band=Band.NEEDS_IMPROVEMENT,
        databases=databases,
        dimensions={"correct": 72.5, "complete": 100.0, "clean": 99.6, "live": None},
        worst_checks=worst,
    )
    return national, {"dan_cu": result, "bao_hiem": other}


def fixed_history() -> DatabaseHistory:
    days = [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31), date(2026, 6, 30)]
    return DatabaseHistory.from_pairs(
        zip(days, [92.0, 90.5, None, 81.25], strict=True),
        dimensions={
            "correct": zip(days, [90.0, 85.0, 80.0, 72.5], strict=True),
            "clean": [(days[0], 99.9), (days[3], 99.6)],
        },
        alerts=[{"vi": "Điểm giảm 10,75 điểm", "en": "Score dropped by 10.75 points"}],
    )


# --------------------------------------------------------------------------- helpers


class _Outline(HTMLParser):
    """The normalised outline of a page: one line per element (tag#id.classes), no text."""

    VOID = frozenset(
        {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.depth = 0

    def _line(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        found = dict(attrs)
        line = "  " * self.depth + tag
        if found.get("id"):
            line += "#" + str(found["id"])
        classes = sorted((found.get("class") or "").split())
        return line + "".join("." + c for c in classes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.lines.append(self._line(tag, attrs))
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.lines.append(self._line(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth -= 1


def outline(page: str) -> str:
    parser = _Outline()
    parser.feed(page)
    parser.close()
    assert parser.depth == 0, "unbalanced tags"
    return "\n".join(parser.lines) + "\n"


def check_snapshot(name: str, page: str) -> None:
    path = SNAPSHOTS / f"{name}.outline"
    actual = outline(page)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing snapshot {path}: run with DATACHECK_UPDATE_SNAPSHOTS=1 to create it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"the structure of the {name} page changed; if intended, refresh the snapshot with "
        "DATACHECK_UPDATE_SNAPSHOTS=1"
    )


def fixed_pages(
    national: NationalResult, results: dict[str, Result], **database: Any
) -> tuple[str, str]:
    """The national page and ``dan_cu``'s page (``database``: options of its rendering)."""
    return render_national(national, results), render_database(results["dan_cu"], **database)


def text_of(page: str) -> str:
    """The page's visible text (tags, style and script removed, entities decoded)."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --------------------------------------------------------------------------- content


def test_national_page_shows_recorded_scores_bands_and_links() -> None:
    national, results = fixed_national()
    page = render_national(national, results, "vi")
    text = text_of(page)
    assert 'id="national-score" data-score="87.85">87,85<' in page
    assert "Cần cải thiện" in text
    for label in ("Đúng", "Đủ", "Sạch", "Sống", "Thống nhất", "Dùng chung"):
        assert f'<th scope="col" class="num dim" data-sort-type="number">{label}</th>' in page
    assert '<a href="dan_cu.html">Cơ sở dữ liệu quốc gia về dân cư</a>' in page
    assert '<a href="bao_hiem.html">' in page
    assert 'href="thue.html"' not in page  # no page for a database that could not be checked
    assert "Không kiểm tra được" in text
    assert "không tìm thấy tệp: thue.parquet" in text
    assert "1.234.567" in text
    assert "30/06/2026" in text
    assert "Thời điểm" in text
    assert "Cơ quan chủ quản" in text
    assert page.count('<figure class="chart bar-chart"') == 2  # databases and dimensions
    assert 'id="worst-checks"' in page


def test_database_page_shows_every_check_by_dimension() -> None:
    page = render_database(fixed_result(), "vi")
    text = text_of(page)
    assert 'id="database-score" data-score="81.25">81,25<' in page
    order = [page.index(f'id="dimension-{d}"') for d in ("correct", "complete", "clean", "shared")]
    assert order == sorted(order)
    assert 'id="dimension-live"' not in page  # no checks there: no table
    assert page.count('class="gauge ') == 6  # but all six gauges
    assert "1.234.567" in text
    assert "97,5%" in text
    assert "99% (cảnh báo từ 95%)" in text
    assert "nghiêm trọng" in text
    assert "Không chạy được: thiếu tham chiếu" in text
    assert "Mẫu bản ghi lỗi: 2 trên 25 bản ghi lỗi" in text
    assert "(rỗng)" in text  # a null sample value
    assert "một lưu ý" in text
    assert 'class="empty">Chưa có dữ liệu lịch sử' in page
    assert "0012****5678" in text
    assert "09******78" in text
    assert 'href="index.html"' not in page  # standalone: no link back


def test_english_labels_dates_and_numbers() -> None:
    national, results = fixed_national()
    text = text_of(render_national(national, results, "en"))
    assert "Needs improvement" in text
    assert "Consistent" in text
    assert "Shared" in text
    assert "2026-06-30" in text
    assert "1,234,567" in text
    assert "87.85" in text
    page = render_database(fixed_result(), "en")
    assert '<html lang="en">' in page
    assert "Fails" in text_of(page)
    assert "97.5%" in text_of(page)


def test_vietnamese_is_the_default_and_text_is_nfc() -> None:
    national, results = fixed_national()
    page = render_national(national, results)
    assert '<html lang="vi">' in page
    assert unicodedata.is_normalized("NFC", page)
    assert "\ufffd" not in page


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 6, 30, tzinfo=ICT), "30/06/2026"),
        (datetime(2026, 6, 30, 14, 5, tzinfo=ICT), "30/06/2026 14:05 (UTC+07:00)"),
        (datetime(2026, 1, 2, 3, 4), "02/01/2026 03:04"),
        (date(2026, 12, 31), "31/12/2026"),
    ],
)
def test_dates_read_dd_mm_yyyy(instant: date, expected: str) -> None:
    assert html._date_text(instant, "vi") == expected


def test_reports_never_recompute_scores() -> None:
    """Tampered scores are shown as recorded: the page is a rendering, not a calculation."""
    honest = fixed_result()
    tampered = dataclasses.replace(
        honest,
        score=12.5,
        band=Band.MEETS,
        dimensions=(DimensionResult(Dimension.CORRECT, 3.25, 1.0, 2, 2, 2, Band.MEETS),),
    )
    page = render_database(tampered, "vi")
    assert 'data-score="12.5">12,5<' in page
    assert "3,25" in text_of(page)
    national, results = fixed_national(tampered)
    national = dataclasses.replace(national, score=42.0, band=Band.MEETS)
    page = render_national(national, results, "vi")
    assert 'data-score="42.0">42<' in page
    assert '<td class="num score" data-sort="12.5">12,5</td>' in page


def test_every_data_value_is_escaped() -> None:
    national, results = fixed_national(fixed_result(title=INJECTED, owner='"><b>x</b>'))
    for page in fixed_pages(national, results):
        assert INJECTED not in page
        assert "<b>x</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert INJECTED in text_of(page)
    database = render_database(results["dan_cu"])
    assert database.count("<script") == 0  # the database page has no script at all
    assert render_national(national, results).count("<script") == 1  # only the sorter


def test_pii_columns_are_masked_unless_unmasked() -> None:
    sample = Sample(
        {"person_id": "001203005678"}, {"phone": "0912345678", "full_name": "Nguyễn Văn An"}
    )
    raw = fixed_result(
        checks=(
            check_result("pattern", "phone", Dimension.CORRECT, (10, 1), "fail", samples=(sample,)),
        )
    )
    pii = ("person_id", "phone", "full_name")
    masked = text_of(render_database(raw, "vi", pii=pii))
    assert "0012****5678" in masked
    assert "09******78" in masked
    assert "Nguyễn V. A." in masked
    assert "001203005678" not in masked
    assert "Nguyễn Văn An" not in masked
    assert "được che" in masked
    shown = text_of(render_database(raw, "vi", pii=pii, unmask=True))
    assert "001203005678" in shown
    assert "Nguyễn Văn An" in shown
    assert "KHÔNG được che" in shown


def test_a_real_run_keeps_its_masking(site_folder: Path) -> None:
    text = text_of(read_page(site_folder, "dan_cu.html"))
    assert '"12345"' not in text
    assert '"*****"' in text
    assert "0010****0003" in text
    assert "001000000003" not in text
    assert "Nguyễn Văn An" not in text


def test_trend_chart_renders_from_history() -> None:
    page = render_database(fixed_result(), "vi", history=fixed_history())
    assert "Chưa có dữ liệu lịch sử" not in page
    start = page.index('id="trend-score"')
    main = page[start : page.index("</figure>", start)]
    assert main.count("<circle") == 3  # the run without a score is a gap, not a point
    assert main.count('class="trend-line"') == 1  # 31/03–30/04; 30/06 stands alone
    assert 'id="trend-correct"' in page
    assert 'id="trend-clean"' in page
    assert 'id="trend-live"' not in page
    text = text_of(page)
    assert "Điểm giảm 10,75 điểm" in text
    assert "30/04/2026" in text
    assert "31/05/2026" in text


def test_trend_line_breaks_and_orders_points() -> None:
    points = [TrendPoint(date(2026, 6, 30), 90.0), TrendPoint(date(2026, 4, 30), 80.0)]
    chart = html._line_chart("c", "t", points, "vi")
    assert [row[0] for row in chart.rows] == ["30/04/2026", "30/06/2026"]
    assert chart.points[0].x < chart.points[1].x
    assert chart.points[0].y > chart.points[1].y
    single = html._line_chart("c", "t", [TrendPoint(date(2026, 6, 30), 50.0)], "en")
    assert len(single.points) == 1
    assert single.paths == ()
    # centred in the plot (x in percent of the chart's width), half-way up (y in pixels)
    assert (single.points[0].x, single.points[0].y) == (
        (html._PLOT_LEFT + html._PLOT_RIGHT) / 2,
        112.0,
    )


def test_history_rejects_unknown_dimension() -> None:
    with pytest.raises(ValueError, match="nope"):
        DatabaseHistory.from_pairs([], dimensions={"nope": []})


def test_bar_charts_are_drawn_in_percent_of_their_width_with_wrapped_labels() -> None:
    long = "Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức và người lao động"
    items = [(long, 99.96, Band.MEETS), ("Đúng", 99.2, Band.MEETS), ("Sống", None, None)]
    chart = html._bar_chart("c", "t", items, "vi")
    assert len(chart.bars[0].label_lines) > 1
    for bar, (label, _, _) in zip(chart.bars, items, strict=True):
        assert " ".join(bar.label_lines) == label  # cut between words, nothing lost
        assert all(len(line) <= html._LABEL_CHARS for line in bar.label_lines)
        assert 0.0 <= bar.width <= chart.track < 100.0  # the score is written after the bar
    assert chart.bars[2].width == 0.0
    assert all(0.0 <= tick.pos <= chart.track for tick in chart.ticks)
    for above, below in itertools.pairwise(chart.bars):
        assert above.bar_y + chart.bar_height < below.label_y - 10  # rows never overlap
    assert chart.height >= chart.grid_bottom + 15
    page = render_national(*fixed_national())
    for figure in re.findall(r'<figure class="chart[^"]*".*?</figure>', page, re.S):
        outer = re.search(r"<svg[^>]*>", figure)
        assert outer is not None
        assert 'width="100%"' in outer.group(0)
        assert "viewBox" not in outer.group(0)  # drawn in percent: text is never scaled


def test_line_charts_place_points_in_percent_and_keep_two_dates_on_phones() -> None:
    chart = html._line_chart("c", "t", fixed_history().scores, "vi")
    assert all(html._PLOT_LEFT <= p.x <= html._PLOT_RIGHT for p in chart.points)
    assert [t.extra for t in chart.x_ticks] == [False, True, True, False]
    page = render_database(fixed_result(), history=fixed_history())
    assert page.count('class="tick tick-extra"') == 2  # hidden below 40rem (scorecard.css)
    assert 'vector-effect="non-scaling-stroke"' in page


def test_axis_starts_at_a_round_value_below_the_lowest_score() -> None:
    assert html._axis_low([99.83, 99.97]) == 99.8
    assert html._axis_low([97.0]) == 95.0
    assert html._axis_low([12.0]) == 0.0
    assert html._axis_low([]) == 0.0


def test_self_contained_no_network_and_print_styles() -> None:
    for page in fixed_pages(*fixed_national()):
        assert "http://" not in page
        assert "https://" not in page
        assert " src=" not in page
        assert 'rel="stylesheet"' not in page
        assert "@media print" in page
        assert "Content-Security-Policy" in page
        assert "default-src &#39;none&#39;" in page


def test_accessibility_basics() -> None:
    for page in fixed_pages(*fixed_national(), history=fixed_history()):
        assert page.count("<table") == page.count("<caption>")
        assert re.findall(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", page) == []
        # every drawing is an image with a title; only a chart's inner plot (its line, drawn
        # on a stretched axis) is hidden, its points and numbers being in the outer image
        hidden = re.findall(r"<svg class=\"plot\" aria-hidden=\"true\"", page)
        images = re.findall(r"<svg[^>]*role=\"img\"", page)
        assert page.count("<svg") == len(images) + len(hidden)
        assert len(images) <= page.count("<title")
        assert 'class="skip-link" href="#main"' in page
        assert '<main id="main">' in page


def test_same_inputs_give_byte_identical_pages() -> None:
    national, results = fixed_national()
    assert render_national(national, results) == render_national(*fixed_national())
    first = render_database(results["dan_cu"], history=fixed_history())
    assert first == render_database(fixed_result(), history=fixed_history())


def test_a_page_from_the_json_equals_the_page_from_the_run(
    site: tuple[NationalResult, list[Path]], site_folder: Path
) -> None:
    national, _ = site
    for key, result in database_results(national).items():
        again = Result.read_json(site_folder / f"{key}.json")
        assert render_database(again, "vi") == render_database(result, "vi")


def test_write_site_writes_index_and_one_page_per_database(
    site: tuple[NationalResult, list[Path]], site_folder: Path
) -> None:
    national, paths = site
    folder = site_folder
    assert [p.name for p in paths] == ["index.html", "dan_cu.html", "bao_hiem.html"]
    assert all(p.is_file() for p in paths)
    assert not list(folder.glob(".*.tmp"))
    index = paths[0].read_text(encoding="utf-8")
    for href in re.findall(r'<a href="([^"#]+)(?:#[^"]*)?"', index):
        assert (folder / href).is_file(), href
    data = json.loads((folder / "national.json").read_text(encoding="utf-8"))
    assert f'data-score="{data["score"]!r}"' in index
    assert f">{format_score(data['score'], 'vi')}<" in index
    assert national.failed_databases
    assert "Không kiểm tra được" in index
    assert 'href="index.html"' in paths[1].read_text(encoding="utf-8")


def test_write_site_takes_history_and_pii_per_database(tmp_path: Path) -> None:
    national, results = fixed_national()
    paths = write_site(
        national,
        results,
        tmp_path,
        "en",
        history={"dan_cu": fixed_history()},
        pii={"bao_hiem": ("person_id",)},
    )
    assert [p.name for p in paths] == ["index.html", "dan_cu.html", "bao_hiem.html"]
    assert 'id="trend-score"' in paths[1].read_text(encoding="utf-8")
    assert 'id="trend-score"' not in paths[2].read_text(encoding="utf-8")


def test_result_write_html(tmp_path: Path) -> None:
    suite = dc.Suite(name="demo", title="Dân cư", checks=[dc.checks.NotNull(columns=["id"])])
    result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
    path = result.write_html(tmp_path / "out" / "demo.html", lang="en")
    assert path == tmp_path / "out" / "demo.html"
    assert "Fails" in text_of(path.read_text(encoding="utf-8"))
    assert (
        write_database(result, tmp_path / "vi.html").read_text(encoding="utf-8").count("Chưa đạt")
    )


def test_page_keys_follow_result_files_and_never_clash_with_index() -> None:
    assert page_name("index") == "db-index.html"
    national, _ = fixed_national()
    twice = dataclasses.replace(
        national,
        databases=(
            dataclasses.replace(national.databases[0], result=None),
            dataclasses.replace(national.databases[0], result=None),
        ),
        results=(fixed_result(), fixed_result()),
    )
    assert list(database_results(twice)) == ["dan_cu", "dan_cu-2"]


# --------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_national_structure_snapshot(lang: Lang) -> None:
    national, results = fixed_national()
    check_snapshot(f"national.{lang}", render_national(national, results, lang))


def test_database_structure_snapshot() -> None:
    check_snapshot("database.vi", render_database(fixed_result(), "vi", national_href="index.html"))


def test_database_with_history_structure_snapshot() -> None:
    page = render_database(fixed_result(), "vi", history=fixed_history())
    check_snapshot("database-history.vi", page)


def test_outline_ignores_text_but_not_structure() -> None:
    assert outline("<p class='b a' id=x>hi <b>there</b></p>") == "p#x.a.b\n  b\n"


# --------------------------------------------------------------------------- templates


def _templates() -> Iterator[Path]:
    yield from sorted(TEMPLATES.glob("*.j2"))


VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description", "value")


@pytest.mark.parametrize("path", list(_templates()), ids=lambda p: p.name)
def test_templates_hold_no_user_text(path: Path) -> None:
    """Every word a reader sees comes from the catalogue or the data, never the template."""
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.DOTALL)
    source = re.sub(r"\{%.*?%\}", " ", source, flags=re.DOTALL)
    source = re.sub(r"\{\{.*?\}\}", " ", source, flags=re.DOTALL)
    for tag in re.findall(r"<[^>]+>", source):
        for name in VISIBLE_ATTRIBUTES:
            for value in re.findall(rf'\s{name}="([^"]*)"', tag):
                assert not re.search(r"[^\W\d_]", value), f"{path.name}: literal {name}={value!r}"
    left = re.sub(r"<[^>]+>", " ", source)
    left = re.sub(r"&#?\w+;", " ", left)
    words = re.findall(r"[^\W\d_]+", left)
    assert words == [], f"{path.name} holds literal text: {words}"


def test_the_script_writes_no_text_and_styles_load_nothing() -> None:
    script = (TEMPLATES / "sortable.js").read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "innerText", "textContent =", "createTextNode", "eval(", "http"):
        assert forbidden not in script
    style = (TEMPLATES / "scorecard.css").read_text(encoding="utf-8")
    assert "url(" not in style
    assert "@import" not in style
    for asset in (script, style):
        assert "{{" not in asset
        assert "{%" not in asset
        assert "{#" not in asset


def _used_keys() -> set[str]:
    sources = [p.read_text(encoding="utf-8") for p in _templates()]
    sources.append(Path(html.__file__).read_text(encoding="utf-8"))
    keys: set[str] = set()
    for source in sources:
        keys |= set(re.findall(r"""["'](html\.[a-z0-9_.]+[a-z0-9_])["']""", source))
    dynamic = {f"html.status.{s}" for s in ("pass", "warn", "fail", "not_applicable", "error")}
    return keys | dynamic


def test_every_html_message_exists_in_both_languages_and_is_used() -> None:
    used = _used_keys()
    defined = {k for k in CATALOG if k.startswith("html.")}
    assert used - defined == set(), "messages used but not in the catalogue"
    assert defined - used == set(), "catalogue messages no page uses"
    for key in defined:
        assert set(CATALOG[key]) == {"vi", "en"}, key
        assert all(CATALOG[key].values()), key


# ------------------------------------------------------------------- sample columns, languages


def _sample_headers(page: str, check_anchor: str) -> list[str]:
    start = page.index(f'id="{check_anchor}"')
    table = page[page.index('<table class="sample-table">', start) :]
    table = table[: table.index("</thead>")]
    return [text_of(h) for h in re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", table, re.S)]


def _sample_cells(page: str, check_anchor: str) -> list[list[str]]:
    start = page.index(f'id="{check_anchor}"')
    table = page[page.index('<table class="sample-table">', start) :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        [text_of(c) for c in re.findall(r"<td[^>]*>.*?</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_sample_columns_a_check_adds_read_in_the_page_language() -> None:
    """A real run's samples: a reference's column and the 2025 successor unit, translated."""
    master = pl.DataFrame(
        {"pid": ["1", "2", "3"], "born": [date(1990, 1, 1), date(1991, 1, 1), date(1992, 1, 1)]}
    )
    data = pl.DataFrame(
        {
            "pid": ["1", "2", "3"],
            "born": [date(1990, 1, 1), date(1999, 9, 9), date(1992, 1, 1)],
            "commune": ["01927", "00178", "00004"],  # merged whole; split; still in force
        }
    )
    suite = dc.Suite(
        name="s",
        key=["pid"],
        references={"master": master},
        checks=[
            dc.checks.AgreesWith(key=["pid"], reference="master", columns=["born"]),
            AdminUnitCurrent(columns=["commune"], level="commune"),
        ],
    )
    result = dc.run(suite, data, as_of="2026-06-30")
    recorded = set(result.check("admin_unit_current:commune").samples[0].values)
    assert set(html._SAMPLE_LABELS) <= recorded  # the labels follow what the check records
    vi = render_database(result, "vi")
    assert _sample_headers(vi, "check-agrees-with-born") == [
        "pid (khoá)",
        "born",
        "born (tham chiếu)",
    ]
    assert _sample_headers(vi, "check-admin-unit-current-commune") == [
        "pid (khoá)",
        "commune",
        "Mã đơn vị kế thừa (2025)",
        "Tên đơn vị kế thừa (2025)",
        "Nhập trọn vào đơn vị kế thừa",
    ]
    cells = _sample_cells(vi, "check-admin-unit-current-commune")
    assert [row[-1] for row in cells] == ["Có", "Không"]
    assert "Xã Thượng Minh" in cells[0][-2]
    en = render_database(result, "en")
    assert _sample_headers(en, "check-agrees-with-born")[-1] == "born (reference)"
    assert _sample_headers(en, "check-admin-unit-current-commune")[2:] == [
        "Successor unit code (2025)",
        "Successor unit name (2025)",
        "Wholly within the successor unit",
    ]
    assert [row[-1] for row in _sample_cells(en, "check-admin-unit-current-commune")] == [
        "Yes",
        "No",
    ]
    for page in (vi, en):
        text = text_of(page)
        assert "successor_2025" not in text
        assert ">true<" not in page
        assert ">false<" not in page
        assert 'data-column="successor_2025_whole"' in page  # the recorded name, for tools
    assert "(reference)" not in text_of(vi)


def test_a_reference_column_of_personal_data_stays_masked_under_its_translated_name() -> None:
    sample = Sample(
        {"person_id": "0012****5678"}, {"phone": "0912345678", "phone (reference)": "0987654321"}
    )
    result = fixed_result(
        checks=(
            check_result(
                "agrees_with", "phone", Dimension.CONSISTENT, (10, 1), "fail", samples=(sample,)
            ),
        )
    )
    page = render_database(result, "vi", pii=("phone",))
    assert _sample_headers(page, "check-agrees-with-phone")[-1] == "phone (tham chiếu)"
    assert "0987654321" not in page
    assert "09******21" in text_of(page)


def _lang_marked(page: str) -> list[str]:
    """The visible text of every element that carries its own ``lang`` (``<html>`` aside)."""
    found = []
    for tag, inner in re.findall(r"<(\w+)[^>]* lang=\"vi\"[^>]*>(.*?)</\1>", page, re.S):
        if tag != "html":
            found.append(text_of(inner))
    return found


def test_vietnamese_names_on_english_pages_carry_lang_vi() -> None:
    national, results = fixed_national()
    page = render_national(national, results, "en")
    marked = _lang_marked(page)
    title = "Các cơ sở dữ liệu quốc gia trọng điểm"
    assert re.search(rf'<title lang="vi">{title}</title>', page)
    assert re.search(rf'<h1 id="page-title" lang="vi">{title}</h1>', page)
    assert '<a href="dan_cu.html" lang="vi">Cơ sở dữ liệu quốc gia về dân cư</a>' in page
    assert '<td lang="vi">Bộ Công an</td>' in page
    for name in ("Cơ sở dữ liệu quốc gia về dân cư", "Cơ sở dữ liệu quốc gia về thuế"):
        assert marked.count(name) >= 2  # its row and its bar (and the tiers, the worst checks)
    assert "Bảo hiểm xã hội Việt Nam" in marked
    assert any(name.startswith("Cơ sở dữ liệu quốc gia về thuế") for name in marked)
    bars = re.findall(r'<g class="bar band-[^"]*"( lang="vi")?>', page)
    assert bars.count(' lang="vi"') == 3  # the three databases; not the six dimensions
    database = render_database(fixed_result(), "en")
    assert '<h1 id="page-title" lang="vi">Cơ sở dữ liệu quốc gia về dân cư</h1>' in database
    assert '<dd lang="vi">Bộ Công an</dd>' in database
    # English text is not marked, and a Vietnamese page marks nothing but itself
    english = fixed_result(title="Population register", owner="Ministry of Public Security")
    assert ' lang="vi"' not in render_database(english, "en")
    for vi_page in fixed_pages(national, results):
        assert vi_page.count('lang="') == 1
        assert '<html lang="vi">' in vi_page


def test_every_shipped_title_and_owner_is_told_vietnamese() -> None:
    """The check behind ``lang="vi"`` knows every name the shipped suites use."""
    names: list[str] = []
    for path in sorted((Path(__file__).parents[2] / "suites").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names += [data[k] for k in ("title", "owner") if data.get(k)]
        names += [db["owner"] for db in data.get("databases", []) if db.get("owner")]
    assert len(names) >= 25
    assert [n for n in names if html._text_lang(n, "en") != "vi"] == []
    assert [n for n in names if html._text_lang(n, "vi") is not None] == []
    for english in ("Population register", "Ministry of Finance", "Café", "naïve", "Façade"):
        assert html._text_lang(english, "en") is None, english
    for vietnamese in ("Thuế", "Bộ Y tế", "Đà Nẵng", "Sở Tư pháp", "Ủy ban"):
        assert html._text_lang(vietnamese, "en") == "vi", vietnamese
    with pytest.raises(ValueError, match="not a page language"):
        html._lang_attr('vi" onclick="x')


# --------------------------------------------------------------------------- counts, bands, details


def test_a_dimension_names_checks_that_could_not_run_apart_from_failing_ones() -> None:
    members = [
        check_result("pattern", f"c{n}", Dimension.CORRECT, (10, 1), "fail") for n in range(6)
    ]
    members.append(check_result("exists_in", "x", Dimension.CORRECT, (0, 0), "error"))
    # as recorded: 7 checks, 6 applicable, 7 failing (the error counted with the failures)
    summary = DimensionResult(Dimension.CORRECT, 90.0, 1.0, 7, 6, 7, Band.NEEDS_IMPROVEMENT)
    assert html._dimension_counts(summary, members, "vi") == (
        "6/7 phép kiểm tra áp dụng được, 6 không đạt, 1 lỗi (không chạy được)"
    )
    assert html._dimension_counts(summary, members, "en") == (
        "6/7 checks applicable, 6 not passed, 1 could not run"
    )
    clean = DimensionResult(Dimension.CORRECT, 90.0, 1.0, 6, 6, 6, Band.NEEDS_IMPROVEMENT)
    assert html._dimension_counts(clean, members[:6], "en") == (
        "6/6 checks applicable, 6 not passed"
    )
    text = text_of(render_database(fixed_result(), "vi"))
    assert "0/1 phép kiểm tra áp dụng được, 0 không đạt, 1 lỗi (không chạy được)" in text


def test_heat_cells_name_their_band_and_the_legend_states_the_thresholds() -> None:
    national, results = fixed_national()
    page = render_national(national, results, "vi")
    cells = re.findall(r'<td class="num heat band-(\w+)[^>]*title="([^"]*)">(.*?)</td>', page)
    scored = [c for c in cells if c[0] not in ("empty", "none")]
    assert scored
    names = {"meets": "Đạt", "needs_improvement": "Cần cải thiện", "fails": "Chưa đạt"}
    for band, title, inner in scored:
        assert title.endswith(f"({names[band]})")  # the tooltip
        assert f'<span class="visually-hidden"> ({names[band]})</span>' in inner  # read aloud
    legend = text_of(
        page[page.index('id="band-legend"') : page.index("</ul>", page.index('id="band-legend"'))]
    )
    assert "Đạt từ 95 trở lên" in legend
    assert "Cần cải thiện từ 80 đến dưới 95" in legend
    assert "Chưa đạt dưới 80" in legend
    assert "ngưỡng riêng" not in text_of(page)  # every cell is banded by these thresholds
    english = text_of(render_national(national, results, "en"))
    assert "Meets 95 or more" in english
    assert "Needs improvement 80 to under 95" in english
    assert "Fails under 80" in english
    # other national thresholds: stated as configured; cells banded otherwise are flagged
    other = dataclasses.replace(national, bands=Bands(meets=99.5, improve=70.0))
    text = text_of(render_national(other, results, "vi"))
    assert "Đạt từ 99,5 trở lên" in text
    assert "Chưa đạt dưới 70" in text
    assert "Một số cơ sở dữ liệu đặt ngưỡng riêng" in text


def test_check_details_are_shown_with_translated_labels() -> None:
    page = render_database(fixed_result(), "vi")
    start = page.index('id="check-unique-person-id"')
    row = page[start : page.index("</tr>", page.index('class="details"', start))]
    text = text_of(row)
    assert "Nhóm khoá bị trùng: 2" in text
    assert "Bản ghi thừa (ngoài bản đầu mỗi nhóm): 2" in text
    assert "custom_reason: 1" in text  # a key without a label shows as recorded
    assert "NFC" not in text  # a zero count is left out
    english = text_of(render_database(fixed_result(), "en"))
    assert "Duplicated key groups: 2" in english
    assert "Surplus records (beyond each group's first): 2" in english
    # a check without details gets no details row
    assert page.count('class="details"') == 1
    assert html._details({"missing": ["a", "b"], "rows": 1234, "unknown": None}, "vi") == [
        ("Cột thiếu", "a, b"),
        ("Số bản ghi", "1.234"),
    ]


def test_a_real_run_shows_its_recorded_details(site_folder: Path) -> None:
    recorded = json.loads((site_folder / "bao_hiem.json").read_text(encoding="utf-8"))
    check = next(c for c in recorded["checks"] if c["check"] == "exists_in")
    missing = check["details"]["missing_distinct"]
    assert missing > 0
    text = text_of(read_page(site_folder, "bao_hiem.html"))
    assert f"Số giá trị khác nhau không tìm thấy: {missing}" in text


# --------------------------------------------------------------------------- record tiers


def _tier_table(page: str) -> str:
    start = page.index('id="tier-table"')
    return page[start : page.index("</table>", start)]


def test_database_page_shows_the_recorded_tier_counts() -> None:
    rules = TierRules.parse(
        {
            "unusable": {"severity": ["critical"]},
            "needs_correction": [{"dimension": ["correct"]}, {"checks": [INJECTED]}],
        }
    )
    tiers = TierCounts(1_200_000, 34_000, 567, rules=rules.to_dict())
    page = render_database(fixed_result(tiers=tiers), "vi")
    text = text_of(page)
    table = _tier_table(page)
    assert "Phân hạng bản ghi" in text
    for tier, label, count in (
        ("usable", "Sử dụng được", "1.200.000"),
        ("needs_correction", "Cần chỉnh lý", "34.000"),
        ("unusable", "Không sử dụng được", "567"),
    ):
        row = table[table.index(f'data-tier="{tier}"') :]
        assert f'<span class="badge tier-{tier}">{label}</span>' in row
        assert f">{count}<" in row
    assert "2,75%" in table  # 34 000 of 1 234 567 records, from the recorded counts only
    # the stacked bar: one segment per tier, proportional, filling the bar
    widths = re.findall(r'class="tier-fill tier-(\w+)" x="[\d.]+" y="0" width="([\d.]+)"', page)
    assert [w[0] for w in widths] == ["usable", "needs_correction", "unusable"]
    assert sum(float(w[1]) for w in widths) == pytest.approx(480, abs=0.5)
    assert "Tỉ lệ bản ghi theo hạng — Sử dụng được: 1.200.000 (97,2%)" in page
    # the rules in words; a check name from the suite is escaped like any data value
    assert "Không sử dụng được: không đạt một phép kiểm tra mức độ nghiêm trọng" in text
    assert "Cần chỉnh lý: không đạt một phép kiểm tra thuộc chiều Đúng, hoặc trong số" in text
    assert INJECTED not in page
    english = text_of(render_database(fixed_result(tiers=tiers), "en"))
    assert "Record quality tiers" in english
    assert "Needs correction 34,000 2.75%" in english
    assert "Unusable: fails a check of severity critical" in english
    # a result without tiers (e.g. read from a 1.0 JSON) has no tier section
    assert 'id="tiers"' not in render_database(fixed_result(), "vi")


def test_national_page_shows_tiers_per_database_and_in_total() -> None:
    national, results = fixed_national()
    counts = {
        "dan_cu": {"usable": 1_000_000, "needs_correction": 200_000, "unusable": 34_567},
        "bao_hiem": {"usable": 900, "needs_correction": 90, "unusable": 10},
    }
    databases = tuple(
        dataclasses.replace(db, tiers=counts.get(db.suite)) for db in national.databases
    )
    page = render_national(dataclasses.replace(national, databases=databases), results, "vi")
    table = _tier_table(page)
    assert "Phân hạng bản ghi theo cơ sở dữ liệu" in text_of(page)
    assert '<a href="dan_cu.html">Cơ sở dữ liệu quốc gia về dân cư</a>' in table
    assert '<a href="bao_hiem.html">' in table
    assert "thuế" not in table  # a database that could not be checked has no tiers
    assert 'data-tier="unusable" data-count="34567">34.567 (2,8%)<' in table
    assert 'data-tier="needs_correction" data-count="90">90 (9%)<' in table
    total = table[table.index("<tfoot>") :]
    assert "Tổng cộng" in total
    assert 'data-tier="usable" data-count="1000900">1.000.900' in total
    assert 'id="tier-bar-total"' in total
    assert page.count('class="tier-bar"') == 3
    # no database with tiers: no section
    assert 'id="tiers"' not in render_national(national, results, "vi")


def test_a_real_national_run_shows_the_tiers_of_its_json(
    site: tuple[NationalResult, list[Path]], site_folder: Path
) -> None:
    national, _ = site
    table = _tier_table(read_page(site_folder, "index.html"))
    for db in national.databases:
        if db.tiers is None:
            continue
        for tier, count in db.tiers.items():
            assert f'data-tier="{tier}" data-count="{count}"' in table
    checked = [r for r in national.results if r.tiers is not None]
    assert checked
    for result in checked:
        assert result.tiers is not None
        page = read_page(site_folder, f"{result.suite}.html")
        for tier, count in result.tiers.counts().items():
            assert f'data-tier="{tier}"' in page
            assert f'data-count="{count}"' in page
