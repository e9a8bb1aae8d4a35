"""The generated scorecard site in a real headless Chromium (Debian's ``chromium`` package).

The site is built by a real national run (two small linked databases with Vietnamese text and
an injected ``<script>``, plus one unreadable database), served over http from a local
thread, and driven with Python Playwright using ``/usr/bin/chromium`` (no browser download:
``scripts/setup_browser.sh`` installs the Debian package when it is missing). If Chromium is
absent and cannot be installed, these tests FAIL with the command to run: they never skip.

Screenshots of every page go to ``tests/artifacts/html/`` (gitignored); their paths are printed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from datacheck.i18n import format_score
from datacheck.national import NationalResult
from datacheck.report.html import render_database, render_national, write_site
from tests.report.test_html import (
    INJECTED,
    build_site,
    fixed_history,
    fixed_national,
    fixed_result,
)
from tests.report.test_html_trend import NATIONAL, database_history, national_history

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DATACHECK_CHROMIUM", "/usr/bin/chromium"))
SETUP = ROOT / "scripts" / "setup_browser.sh"
ARTIFACTS = ROOT / "tests" / "artifacts" / "html"
MOJIBAKE = ("Ã", "Â»", "á»", "Æ°", "Ä‘", "\ufffd")


def _ensure_chromium() -> Path:
    """The Chromium binary, installed by the project's setup script if missing; else FAIL."""
    if not CHROMIUM.exists():
        try:
            done = subprocess.run(
                ["bash", str(SETUP)], capture_output=True, text=True, timeout=600, check=False
            )
            log = (done.stdout + done.stderr)[-2000:]
        except (OSError, subprocess.TimeoutExpired) as error:
            log = str(error)
        if not CHROMIUM.exists():
            pytest.fail(
                f"headless Chromium is required for the HTML browser tests and {CHROMIUM} is "
                f"missing; `bash scripts/setup_browser.sh` could not install it "
                f"(as root: apt-get install -y --no-install-recommends chromium).\n{log}",
                pytrace=False,
            )
    return CHROMIUM


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[NationalResult, Path]:
    national, paths = build_site(tmp_path_factory.mktemp("browser-site"))
    return national, paths[0].parent


@pytest.fixture(scope="module")
def base_url(site: tuple[NationalResult, Path]) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site[1]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _ensure_chromium()
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (fail, not error, if absent)
    except ImportError:
        pytest.fail(
            "Python Playwright is required for the HTML browser tests: "
            "pip install -e '.[dev]' (it drives /usr/bin/chromium; never `playwright install`)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Watched:
    """A page with its console errors, page errors and dialogs recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if "favicon" in url or "favicon" in message.text:
            return  # a browser's own favicon request, not the page's
        self.errors.append(f"console: {message.text} ({url})")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


def _national_json(site: tuple[NationalResult, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site[1] / "national.json").read_text(encoding="utf-8"))
    return data


def _row_keys(page: Page) -> list[str]:
    keys: list[str] = page.eval_on_selector_all(
        "#databases tbody tr", "rows => rows.map(r => r.dataset.key)"
    )
    return keys


def test_national_score_shown_equals_the_json(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path]
) -> None:
    page = watched.page
    response = page.goto(base_url)
    assert response is not None
    assert response.status == 200
    data = _national_json(site)
    shown = page.locator("#national-score")
    assert shown.inner_text() == format_score(data["score"], "vi")
    assert float(shown.get_attribute("data-score") or "nan") == data["score"]
    for db in data["databases"]:
        if db["score"] is None:
            continue
        cell = page.locator(f'#databases tr[data-key="{db["suite"]}"] td.score')
        assert cell.inner_text() == format_score(db["score"], "vi")
    assert watched.errors == []


def test_links_reach_every_database_page_and_back(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path]
) -> None:
    page = watched.page
    page.goto(base_url)
    data = _national_json(site)
    expected = {Path(db["result"]).stem + ".html" for db in data["databases"] if db["result"]}
    links = page.eval_on_selector_all(
        "#databases tbody th a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert set(links) == expected
    assert len(links) == len(expected)
    titles = {Path(db["result"]).stem: db["title"] for db in data["databases"] if db["result"]}
    for href in sorted(expected):
        page.goto(base_url)
        with page.expect_navigation():
            page.locator(f'#databases a[href="{href}"]').click()
        assert page.url == base_url + href
        assert page.locator("h1").inner_text() == titles[href.removesuffix(".html")]
        with page.expect_navigation():
            page.locator("#back-to-national").click()
        assert page.url == base_url + "index.html"
    # the worst-check links land on the check's row
    page.goto(base_url)
    target = page.locator("#worst-checks a code").first
    with page.expect_navigation():
        target.click()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#check-")
    assert page.locator(anchor).is_visible()
    assert watched.errors == []


def test_sorting_by_a_column_and_back(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(base_url)
    original = _row_keys(page)
    score_heading = page.locator("#databases thead th", has_text="Điểm").first
    scores = "rows => rows.map(r => r.cells[2].dataset.sort)"

    score_heading.locator("button").click()
    assert score_heading.get_attribute("aria-sort") == "ascending"
    ascending = page.eval_on_selector_all("#databases tbody tr", scores)
    numbers = [float(v) for v in ascending if v]
    assert numbers == sorted(numbers)
    assert ascending[0] == ""  # the unscored (unreadable) database sorts first ascending

    score_heading.locator("button").click()
    assert score_heading.get_attribute("aria-sort") == "descending"
    descending = page.eval_on_selector_all("#databases tbody tr", scores)
    assert [float(v) for v in descending if v] == sorted(numbers, reverse=True)

    name_heading = page.locator("#databases thead th").first
    name_heading.locator("button").click()
    names = page.eval_on_selector_all(
        "#databases tbody tr", "rows => rows.map(r => r.cells[0].dataset.sort)"
    )
    assert names == sorted(names, key=lambda n: unicodedata.normalize("NFD", n).casefold())
    assert score_heading.get_attribute("aria-sort") is None
    assert sorted(_row_keys(page)) == sorted(original)
    assert watched.errors == []


def test_without_javascript_the_table_is_a_plain_table(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url)
        assert page.locator("#databases tbody tr").count() == 3
        assert page.locator("#databases button").count() == 0
        assert not page.locator(".sort-hint").is_visible()
    finally:
        context.close()


def test_no_console_errors_on_any_page(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path]
) -> None:
    pages = sorted(p.name for p in site[1].glob("*.html"))
    assert "index.html" in pages
    assert len(pages) == 3
    for name in pages:
        response = watched.page.goto(base_url + name)
        assert response is not None
        assert response.status == 200
        watched.page.wait_for_load_state("load")
    assert watched.errors == []  # CSP violations and script errors would show here


def test_vietnamese_text_renders_without_mojibake(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path]
) -> None:
    page = watched.page
    page.goto(base_url)
    expected_title = unicodedata.normalize(
        "NFC", "Các cơ sở dữ liệu quốc gia trọng điểm (thử nghiệm)"
    )
    assert page.locator("h1").inner_text() == expected_title
    headings = page.eval_on_selector_all(
        "#databases thead th", "cells => cells.map(c => c.innerText.trim())"
    )
    for label in ("Cơ sở dữ liệu", "Cơ quan chủ quản", "Điểm", "Xếp loại", "Đúng", "Đủ", "Sạch"):
        assert unicodedata.normalize("NFC", label) in headings
    assert "Thống nhất" in headings
    assert "Dùng chung" in headings
    owner = page.locator('#databases tr[data-key="bao_hiem"] td').first.inner_text()
    assert owner == "Bảo hiểm xã hội Việt Nam (Bộ Tài chính)"
    assert page.locator("#national-band").inner_text() in ("Đạt", "Cần cải thiện", "Chưa đạt")
    text = page.locator("body").inner_text()
    assert unicodedata.is_normalized("NFC", text)
    assert not [m for m in MOJIBAKE if m in text]
    assert "30/06/2026" in text
    page.goto(base_url + "dan_cu.html")
    text = page.locator("body").inner_text()
    assert page.locator("h1").inner_text() == "Cơ sở dữ liệu quốc gia về dân cư"
    assert "Mẫu bản ghi lỗi" in text
    assert "Các phép kiểm tra theo chiều chất lượng" in text
    assert unicodedata.is_normalized("NFC", text)
    assert not [m for m in MOJIBAKE if m in text]
    # the font has the glyphs: Vietnamese text is not drawn with the fallback box
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '16px "DejaVu Sans"'; return [c.measureText('ệ').width,
        c.measureText('\\u{10FFFD}').width]; }"""
    )
    assert width[0] > 0
    assert width[0] != width[1]
    assert watched.errors == []


def test_injected_script_shows_as_text(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path]
) -> None:
    page = watched.page
    page.goto(base_url + "dan_cu.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # as a check name (its row heading) and as a failing sample value
    check_name = page.locator("code.check-id", has_text=INJECTED)
    assert check_name.count() == 1
    assert check_name.is_visible()
    sample = page.locator(".sample-table code", has_text=INJECTED)
    assert sample.count() == 1
    assert sample.is_visible()
    assert sample.inner_text() == json.dumps(INJECTED)
    assert page.locator("script").count() == 0  # the database page runs no script at all
    page.goto(base_url)
    assert page.locator("script").count() == 1  # the sorter only
    assert page.locator("#worst-checks code", has_text=INJECTED).is_visible()
    assert watched.dialogs == []
    assert watched.errors == []


def test_screenshot_of_every_page(
    watched: Watched, base_url: str, site: tuple[NationalResult, Path], capsys: Any
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for name in sorted(p.name for p in site[1].glob("*.html")):
        watched.page.goto(base_url + name)
        watched.page.evaluate(
            "document.querySelectorAll('details').forEach(d => { d.open = true; })"
        )
        path = ARTIFACTS / (name.removesuffix(".html") + ".png")
        watched.page.screenshot(path=str(path), full_page=True)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size > 10_000
        saved.append(path)
    with capsys.disabled():
        print("\nscreenshots:", *(str(p) for p in saved), sep="\n  ")
    assert watched.errors == []


# --------------------------------------------------------------------------- narrow screens

# What a page must hold at a phone's or a tablet's width, measured in the browser:
# * the page itself never scrolls sideways (a wide table scrolls inside its .table-wrap);
# * no table cell's content is wider than the cell (nothing drawn over a neighbour);
# * the numbers of a check table stay on one line;
# * every chart fits the screen, its text is drawn at 10 px or more, and no two of its
#   texts overlap.
_LAYOUT = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const root = document.documentElement;
  const out = {page: [root.scrollWidth, root.clientWidth], cells: [], numbers: [],
               unwrapped: [], charts: [], small: [], overlaps: []};
  const name = el => el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40);
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.getClientRects().length === 0) continue;
    if (cell.scrollWidth > cell.clientWidth) {
      out.cells.push(`${name(cell)}: ${cell.scrollWidth} > ${cell.clientWidth}`);
    }
  }
  for (const cell of document.querySelectorAll('table.checks td.num:not(.threshold)')) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (lines.size > 1) out.numbers.push(name(cell));
  }
  for (const table of document.querySelectorAll('table.checks, table.databases, table.worst')) {
    const wrap = table.parentElement;
    if (!wrap.classList.contains('table-wrap') || getComputedStyle(wrap).overflowX !== 'auto') {
      out.unwrapped.push(table.className);
    }
  }
  for (const svg of document.querySelectorAll('figure.chart > svg')) {
    const box = svg.getBoundingClientRect();
    if (box.left < -0.5 || box.right > root.clientWidth + 0.5) {
      out.charts.push(`${svg.parentElement.id}: ${box.left}..${box.right}`);
    }
    const texts = [...svg.querySelectorAll('text')]
      .map(t => [t, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
    for (const [text, rect] of texts) {
      const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
      if (size < 10) out.small.push(`${svg.parentElement.id}: ${name(text)} ${size.toFixed(1)}px`);
      if (rect.right > box.right + 1.5 || rect.left < box.left - 1.5) {  // glyph bearings
        out.charts.push(`${svg.parentElement.id}: ${name(text)} outside the chart`);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, ra] = texts[i], [b, rb] = texts[j];
        if (ra.left < rb.right - 1 && rb.left < ra.right - 1 &&
            ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) {
          out.overlaps.push(`${svg.parentElement.id}: ${name(a)} / ${name(b)}`);
        }
      }
    }
  }
  return out;
}"""


def _assert_fits(page: Page, where: str) -> None:
    layout = page.evaluate(_LAYOUT)
    scroll, width = layout["page"]
    assert scroll <= width, f"{where}: the page scrolls sideways ({scroll} > {width} px)"
    assert layout["cells"] == [], f"{where}: content wider than its cell"
    assert layout["numbers"] == [], f"{where}: a number wraps"
    assert layout["unwrapped"] == [], f"{where}: a table outside a scrolling wrapper"
    assert layout["charts"] == [], f"{where}: a chart wider than the screen"
    assert layout["small"] == [], f"{where}: chart text under 10 px"
    assert layout["overlaps"] == [], f"{where}: chart texts drawn over each other"


@pytest.mark.parametrize("width", [390, 768])
def test_every_page_fits_a_narrow_screen(
    browser: Browser, base_url: str, site: tuple[NationalResult, Path], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        for name in sorted(p.name for p in site[1].glob("*.html")):
            page.goto(base_url + name)
            _assert_fits(page, f"{name} at {width} px")
        # large counts, long check ids, a warning threshold and every chart (trend included)
        national, results = fixed_national()
        for name, html_text in (
            ("fixed national page", render_national(national, results, "vi")),
            (
                "fixed national page with trend",
                render_national(
                    national,
                    results,
                    "vi",
                    history={NATIONAL: national_history(), "dan_cu": database_history(92, 81.25)},
                ),
            ),
            ("fixed database page", render_database(fixed_result(), history=fixed_history())),
            (
                "fixed database page (en)",
                render_database(fixed_result(), "en", history=fixed_history()),
            ),
        ):
            page.set_content(html_text)
            _assert_fits(page, f"{name} at {width} px")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"{'-'.join(re.findall(r'[a-z]+', name))}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()


def test_a_check_table_scrolls_inside_its_wrapper_on_a_phone(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(base_url + "dan_cu.html")
        wrap = page.locator("section.dimension .table-wrap").first
        sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
        assert sizes[0] > sizes[1]  # the table keeps its width: the wrapper scrolls
        headers = page.eval_on_selector_all(
            "table.checks thead th", "cells => cells.map(c => c.getClientRects().length)"
        )
        assert all(n == 1 for n in headers)
    finally:
        context.close()


# --------------------------------------------------------------------------- trends


def test_the_national_trend_and_its_drop_alert(
    browser: Browser, tmp_path: Path, capsys: Any
) -> None:
    national, results = fixed_national()
    history = {NATIONAL: national_history(), "dan_cu": database_history(92.0, 81.25)}
    write_site(national, results, tmp_path, "vi", history=history)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        watched = Watched(context.new_page())
        page = watched.page
        page.goto((tmp_path / "index.html").as_uri())
        alert = page.locator("#trend-alerts")
        assert alert.is_visible()
        box, table = alert.bounding_box(), page.locator("#databases").bounding_box()
        assert box is not None
        assert table is not None
        assert box["y"] + box["height"] <= 900  # seen on opening the page, before the table
        assert box["y"] < table["y"]
        assert "giảm 10,75 điểm" in alert.inner_text()
        assert page.locator("#trend-score circle").count() == 3
        assert page.locator("#trend-score").is_visible()
        assert page.locator("#trend-dimensions-note").is_visible()
        assert page.locator("#trend .trend-grid figure").count() == 3
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "national-trend.png"
        page.screenshot(path=str(shot), full_page=True)
        with page.expect_navigation():
            page.locator("#dropped-databases a").click()
        assert page.url.endswith("/dan_cu.html")
        assert page.locator("h1").inner_text() == "Cơ sở dữ liệu quốc gia về dân cư"
        assert page.locator("#trend-score").is_visible()
        assert watched.errors == []
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto((tmp_path / "index.html").as_uri())
        _assert_fits(page, "national page with trend at 390 px")
    finally:
        context.close()
    with capsys.disabled():
        print("\nscreenshot:", shot)


def test_vietnamese_names_on_an_english_page_are_read_as_vietnamese(browser: Browser) -> None:
    national, results = fixed_national()
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.set_content(render_national(national, results, "en"))
        lang_of = "e => e.closest('[lang]').getAttribute('lang')"
        assert page.locator("h1").evaluate(lang_of) == "vi"
        assert page.locator('#databases tr[data-key="dan_cu"] th a').evaluate(lang_of) == "vi"
        assert page.locator('#databases tr[data-key="dan_cu"] td').first.evaluate(lang_of) == "vi"
        assert page.locator("#databases thead th").first.evaluate(lang_of) == "en"
        assert page.locator("#national-band").evaluate(lang_of) == "en"
        assert page.locator("#chart-databases g.bar").first.evaluate(lang_of) == "vi"
        assert page.locator("#chart-dimensions g.bar").first.evaluate(lang_of) == "en"
    finally:
        context.close()
