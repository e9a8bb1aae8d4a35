"""HTML scorecards: the national trend, its sharp-drop alerts, and the axes of trend charts.

The national page reads the history inputs the database pages read
(:meth:`datacheck.history.Trend.to_html`): the national entry draws the national score over
time; a database whose score fell by more than the alert rule's ``drop`` at its latest run is
listed, linked to its page — exactly the databases whose own page shows that drop (checked
against a real history store). Trend charts side by side share one score axis and say where
it starts.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from datacheck import history as store
from datacheck.errors import Lang
from datacheck.history import AlertRules
from datacheck.report import html
from datacheck.report.html import DatabaseHistory, render_database, render_national, write_site
from tests.report.test_html import (
    AS_OF,
    ICT,
    check_snapshot,
    fixed_national,
    fixed_result,
    text_of,
)

DAYS = (datetime(2026, 4, 30, tzinfo=ICT), datetime(2026, 5, 31, tzinfo=ICT), AS_OF)
NATIONAL = "csdl_quoc_gia"  # the name of fixed_national()


def national_history(scores: tuple[float | None, ...] = (99.5, 97.0, 87.85)) -> DatabaseHistory:
    """Three national runs: the score, three dimensions and the store's national alert."""
    return DatabaseHistory.from_pairs(
        zip(DAYS, scores, strict=True),
        dimensions={
            "correct": zip(DAYS, [80.0, 78.0, 72.5], strict=True),
            "complete": zip(DAYS, [99.96, 99.98, 100.0], strict=True),
            "clean": zip(DAYS, [99.7, 99.65, 99.6], strict=True),
        },
        alerts=[
            {
                "vi": "Điểm toàn quốc giảm 9,15 điểm: từ 97 xuống 87,85",
                "en": "National score dropped by 9.15 points: from 97 to 87.85",
            }
        ],
    )


def database_history(*scores: float | None) -> DatabaseHistory:
    """A database's score at the last ``len(scores)`` runs."""
    return DatabaseHistory.from_pairs(zip(DAYS[-len(scores) :], scores, strict=True))


def dropped(page: str) -> list[tuple[str, str]]:
    """``(href, text)`` of each database the page lists as having dropped sharply."""
    match = re.search(r'<ul class="drops" id="dropped-databases">(.*?)</ul>', page, re.S)
    if match is None:
        return []
    return [
        (href, " ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()))
        for href, item in re.findall(r'<li><a href="([^"]+)"[^>]*>(.*?)</li>', match.group(1))
    ]


def section(page: str, ident: str) -> str:
    start = page.index(f'id="{ident}"')
    return page[start : page.index("</section>", start)]


# --------------------------------------------------------------------------- the national trend


def test_the_national_page_draws_the_national_score_over_recorded_runs() -> None:
    national, results = fixed_national()
    page = render_national(national, results, "vi", history={NATIONAL: national_history()})
    trend = section(page, "trend")
    main = trend[trend.index('id="trend-score"') : trend.index("</figure>")]
    assert "Điểm quốc gia theo thời gian" in main
    assert main.count("<circle") == 3
    assert main.count('class="trend-line"') == 1
    assert "30/04/2026: 99,5" in main
    assert "30/06/2026: 87,85" in main
    for dimension in ("correct", "complete", "clean"):
        assert f'id="trend-{dimension}"' in trend
    assert 'id="trend-live"' not in trend
    assert "Chưa có dữ liệu lịch sử" not in page
    # the store's national alert is flagged in the summary, above the databases table
    alerts = page[
        page.index('id="trend-alerts"') : page.index("</div>", page.index("trend-alerts"))
    ]
    assert "Điểm toàn quốc giảm 9,15 điểm" in text_of(alerts)
    summary = section(page, "summary-heading")
    assert 'id="trend-alerts"' in summary
    assert page.index('id="trend-alerts"') < page.index('id="databases-heading"')
    assert 'role="alert"' in summary
    english = render_national(national, results, "en", history={NATIONAL: national_history()})
    assert "National score over time" in english
    assert "National score dropped by 9.15 points" in text_of(english)


def test_without_history_the_national_page_says_none_is_recorded() -> None:
    national, results = fixed_national()
    for page in (
        render_national(national, results, "vi"),
        render_national(national, results, "vi", history={"other": national_history()}),
    ):
        trend = section(page, "trend")
        assert "Chưa có dữ liệu lịch sử" in text_of(trend)
        assert "<svg" not in trend
        assert 'id="trend-alerts"' not in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_single_run_says_there_is_no_trend_yet(lang: Lang) -> None:
    once = DatabaseHistory.from_pairs([(AS_OF, 87.85)], dimensions={"correct": [(AS_OF, 72.5)]})
    national, results = fixed_national()
    expected = {
        "vi": "Mới ghi một lần chạy (30/06/2026): chưa có xu hướng.",
        "en": "Only one run recorded (2026-06-30): no trend yet.",
    }[lang]
    for page in (
        render_national(national, results, lang, history={NATIONAL: once}),
        render_database(fixed_result(), lang, history=once),
    ):
        trend = section(page, "trend")
        assert expected in text_of(trend)
        assert "<svg" not in trend  # no lone point posing as a trend
        assert 'id="trend-single"' in trend
    two = DatabaseHistory.from_pairs([(DAYS[1], 90.0), (AS_OF, 87.85)])
    assert 'id="trend-single"' not in render_national(
        national, results, lang, history={NATIONAL: two}
    )


def test_the_national_page_lists_databases_whose_score_fell_sharply() -> None:
    national, results = fixed_national()
    history = {
        NATIONAL: national_history(),
        "dan_cu": database_history(92.0, 81.25),  # −10.75: flagged
        "bao_hiem": database_history(98.0, 97.5),  # −0.5: not
        "thue": database_history(99.0, 50.0),  # not checked in this run: not listed
    }
    page = render_national(national, results, "vi", history=history)
    assert dropped(page) == [
        (
            "dan_cu.html",
            "Cơ sở dữ liệu quốc gia về dân cư: giảm 10,75 điểm: từ 92 (31/05/2026) xuống "
            "81,25 (30/06/2026)",
        )
    ]
    alerts = text_of(
        page[page.index('id="trend-alerts"') : page.index("</div>", page.index("trend-alerts"))]
    )
    assert "Cơ sở dữ liệu có điểm giảm hơn 2 điểm so với lần chạy trước:" in alerts
    english = render_national(national, results, "en", history=history)
    assert dropped(english) == [
        (
            "dan_cu.html",
            "Cơ sở dữ liệu quốc gia về dân cư: down 10.75 points: from 92 (2026-05-31) to "
            "81.25 (2026-06-30)",
        )
    ]
    assert '<a href="dan_cu.html" lang="vi">' in english[english.index('id="dropped-databases"') :]
    # a database flagged with no national entry in the history still raises the alert
    alone = render_national(national, results, "vi", history={"dan_cu": history["dan_cu"]})
    assert [href for href, _ in dropped(alone)] == ["dan_cu.html"]
    assert "Chưa có dữ liệu lịch sử" in text_of(section(alone, "trend"))
    # the page takes the rules the history was read with
    assert (
        dropped(
            render_national(national, results, "vi", history=history, rules=AlertRules(drop=11))
        )
        == []
    )


def test_the_drop_limit_follows_the_environment_as_the_store_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    national, results = fixed_national()
    history = {"dan_cu": database_history(92.0, 81.25)}
    monkeypatch.setenv("DATACHECK_HISTORY_DROP", "10.75")
    assert dropped(render_national(national, results, "vi", history=history)) == []
    monkeypatch.setenv("DATACHECK_HISTORY_DROP", "10.7")
    page = render_national(national, results, "vi", history=history)
    assert [href for href, _ in dropped(page)] == ["dan_cu.html"]
    assert "giảm hơn 10,7 điểm" in text_of(page)


SERIES = {
    "exactly the limit": ((99.0, 99.0, 97.0), False),
    "just over the limit": ((99.0, 99.0, 96.99), True),
    "float noise at the limit": ((50.0, 4.03, 2.03), False),  # 4.03 − 2.03 > 2 in floats
    "over a run without a score": ((90.0, None, 80.0), True),
    "the latest run has no score": ((90.0, 80.0, None), False),
    "an earlier drop only": ((90.0, 80.0, 80.0), False),
    "a rise": ((80.0, 90.0, 95.0), False),
    "one run": ((None, None, 60.0), False),
}


@pytest.mark.parametrize("name", list(SERIES))
def test_the_page_flags_exactly_the_drops_the_history_store_alerts(
    name: str, tmp_path: Path
) -> None:
    """Real store, real trend: listed ⇔ the database's latest run raised a drop alert."""
    scores, expected = SERIES[name]
    national, results = fixed_national()
    for day, score in zip(DAYS, scores, strict=True):
        if score is None and name == "one run":
            continue
        for key, result in results.items():
            value = score if key == "dan_cu" else 97.5
            store.append(
                dataclasses.replace(result, as_of=day, score=value), tmp_path, database=key
            )
    trend = store.trend(tmp_path)
    alerted = {
        item.database
        for item in trend.databases
        if any(a.rule == "drop" and a.level == "database" for a in item.current_alerts)
    }
    assert alerted == ({"dan_cu"} if expected else set())
    page = render_national(national, results, "vi", history=trend.to_html(), rules=trend.rules)
    assert {href for href, _ in dropped(page)} == {f"{key}.html" for key in alerted}
    # and the database page shows the same drop (its alert) when the national page does
    database = render_database(results["dan_cu"], "vi", history=trend.to_html()["dan_cu"])
    named = "Điểm của Cơ sở dữ liệu quốc gia về dân cư (dan_cu) giảm"
    assert (named in text_of(database)) is expected


def test_write_site_gives_the_national_page_its_trend_and_drop_links(tmp_path: Path) -> None:
    national, results = fixed_national()
    history = {NATIONAL: national_history(), "dan_cu": database_history(92.0, 81.25)}
    paths = write_site(national, results, tmp_path, "vi", history=history)
    index = paths[0].read_text(encoding="utf-8")
    assert 'id="trend-score"' in index
    links = [href for href, _ in dropped(index)]
    assert links == ["dan_cu.html"]
    assert all((tmp_path / href).is_file() for href in links)
    assert 'id="trend-score"' in (tmp_path / "dan_cu.html").read_text(encoding="utf-8")


def test_national_with_history_structure_snapshot() -> None:
    national, results = fixed_national()
    history = {NATIONAL: national_history(), "dan_cu": database_history(92.0, 81.25)}
    check_snapshot("national-history.vi", render_national(national, results, "vi", history=history))


# --------------------------------------------------------------------------- shared axes


def test_dimension_charts_share_one_axis_so_equal_changes_look_equal() -> None:
    """The reviewer's case: 99–100 beside 99.9–100 drew +0.04 as large as +0.27."""
    history = DatabaseHistory.from_pairs(
        zip(DAYS[1:], [99.5, 99.6], strict=True),
        dimensions={
            "correct": zip(DAYS[1:], [99.2, 99.24], strict=True),
            "complete": zip(DAYS[1:], [99.93, 99.97], strict=True),
            "clean": zip(DAYS[1:], [99.7, 99.97], strict=True),
        },
    )
    trend = html._trend(history, "vi")
    assert trend is not None
    charts = trend["dimensions"]
    assert len({tuple(t.label for t in c.y_ticks) for c in charts}) == 1  # one scale
    assert [t.label for t in charts[0].y_ticks] == ["99", "99,5", "100"]
    rises = [c.points[0].y - c.points[1].y for c in charts]
    assert rises[0] == pytest.approx(rises[1], abs=0.01)  # +0.04 and +0.04 look the same
    assert rises[2] == pytest.approx(rises[0] * 0.27 / 0.04, abs=0.05)  # +0.27 looks 6.75×
    assert trend["axis_note"]["text"] == (
        "Các biểu đồ theo chiều dùng chung một trục điểm, từ 99 đến 100: trục bắt đầu từ 99, "
        "không phải từ 0, nên chênh lệch nhỏ trông lớn hơn."
    )
    page = render_database(fixed_result(), "vi", history=history)
    note = '<p class="chart-note axis-note" id="trend-dimensions-note">'
    assert page.count(note) == 1
    assert page.index(note) < page.index('class="trend-grid"')
    for dimension in ("correct", "complete", "clean"):
        assert (
            f'aria-labelledby="trend-{dimension}-title trend-{dimension}-desc '
            'trend-dimensions-note"'
        ) in page
    main = page[page.index('id="trend-score"') : page.index("</figure>", page.index("trend-score"))]
    assert "Trục điểm bắt đầu từ 99, không phải từ 0" in text_of(main)  # its own axis


def test_a_shared_axis_from_zero_and_a_lone_chart_say_so() -> None:
    wide = DatabaseHistory.from_pairs(
        zip(DAYS[1:], [90.0, 80.0], strict=True),
        dimensions={
            "correct": zip(DAYS[1:], [36.0, 40.0], strict=True),
            "complete": zip(DAYS[1:], [99.9, 100.0], strict=True),
        },
    )
    trend = html._trend(wide, "en")
    assert trend is not None
    assert trend["axis_note"]["text"] == "The dimension charts share one score axis, from 0 to 100."
    lone = DatabaseHistory.from_pairs(
        zip(DAYS[1:], [99.5, 99.6], strict=True),
        dimensions={"complete": zip(DAYS[1:], [99.93, 99.97], strict=True)},
    )
    trend = html._trend(lone, "vi")
    assert trend is not None
    assert trend["axis_note"] is None
    (chart,) = trend["dimensions"]
    assert chart.note == "Trục điểm bắt đầu từ 99,9, không phải từ 0, để thấy rõ chênh lệch."
    page = render_database(fixed_result(), "vi", history=lone)
    figure = page[page.index('id="trend-complete"') :]
    assert "Trục điểm bắt đầu từ 99,9" in text_of(figure[: figure.index("</figure>")])
