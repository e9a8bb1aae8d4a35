"""HTML scorecards: a national page and one page per database, self-contained and escaped.

The pages are rendered with Jinja2 from the templates in ``datacheck/report/templates/``
(shipped with the package) and carry everything inline: one stylesheet, the SVG charts and,
on the national page, a small script that makes the databases table sortable (without
JavaScript the table is a plain table). They load nothing from the network: a
Content-Security-Policy in each page allows only the page's own style and script (by hash).

* **Results only.** The pages show the scores, bands and counts recorded in the results; they
  never recompute a score. Chart geometry (bar lengths, gauge arcs, line points) is drawn from
  the recorded numbers.
* **Every data value is escaped** (Jinja2 autoescaping on, no ``|safe`` anywhere), so a value
  such as ``<script>alert(1)</script>`` in a sample, a title or a check name shows as text.
* **Personal data** stays as the run masked it (``0012****5678``, ``Nguyễn V. A.``); columns
  named in ``pii`` are masked again here unless ``unmask=True``, so results of an unmasked run
  can still be published masked.
* **Vietnamese by default**, English with ``lang="en"``: every word comes from
  :data:`datacheck.i18n.CATALOG` (``html.*`` keys; dimension and band labels from
  :class:`~datacheck.Dimension` and :class:`~datacheck.Band`). Dates read ``30/06/2026`` in
  Vietnamese and ``2026-06-30`` in English; numbers use each language's separators.
* **Deterministic**: the same inputs give byte-identical HTML (no clock, no random ids).

The trend charts are drawn from a :class:`DatabaseHistory` (score series of the database, or
of the nation, and of each dimension, plus alert messages), which the history store builds
(:meth:`datacheck.history.Trend.to_html`). The national page also lists the databases whose
score fell by more than the drop alert's limit at their latest run, linked to their pages.
Vietnamese titles and owners on an English page carry ``lang="vi"``.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> from datacheck.report.html import render_database
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
>>> page = render_database(result, "en")
>>> page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
True
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import jinja2
import markupsafe

from datacheck import __version__
from datacheck._atomic import write_text_atomic
from datacheck.dimensions import Dimension
from datacheck.errors import Lang
from datacheck.i18n import LANGS, format_int, format_number, format_percent, format_score, t
from datacheck.national import NationalResult
from datacheck.pii import mask_value
from datacheck.report.values import show_text
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.score import Band, Bands

if TYPE_CHECKING:
    from datacheck.history import AlertRules

__all__ = [
    "DatabaseHistory",
    "TrendPoint",
    "database_results",
    "page_name",
    "render_database",
    "render_national",
    "write_database",
    "write_site",
]

_STATUSES: Final[tuple[str, ...]] = ("pass", "warn", "fail", "not_applicable", "error")
_AXIS_FLOORS: Final[tuple[float, ...]] = (99.9, 99.8, 99.5, 99.0, 98.0, 95.0, 90.0, 80.0, 50.0)
_MAX_VALUE_CHARS: Final[int] = 200
_BAR_TRACK: Final[float] = 84.0  # bars end at 84 % of a bar chart's width; the score follows
_LABEL_CHARS: Final[int] = 42  # a bar label's line: about 275 px at 13 px, fits a 320 px phone
_PLOT_LEFT: Final[float] = 14.0  # a line chart's plot starts here (%); the y labels sit left
_PLOT_RIGHT: Final[float] = 97.0
_SCRIPT: Final[str] = "sortable.js"
_STYLE: Final[str] = "scorecard.css"


# ------------------------------------------------------------------------------ history input


@dataclass(frozen=True)
class TrendPoint:
    """One point of a score series: the as-of of a run and the score it recorded.

    ``score`` is ``None`` when that run had no score (nothing applicable): the line breaks.
    """

    as_of: date | datetime
    score: float | None


@dataclass(frozen=True)
class DatabaseHistory:
    """The trend input of one database page, built by the history store.

    Attributes
    ----------
    scores
        The database score at each recorded run (any order; drawn by as-of).
    dimensions
        Per dimension id (``"correct"`` …), the dimension score at each run.
    alerts
        Messages to flag on the page (e.g. a drop larger than the configured amount), each
        ``{"vi": ..., "en": ...}`` like the result's notes.

    Examples
    --------
    >>> from datetime import date
    >>> history = DatabaseHistory.from_pairs(
    ...     [(date(2026, 4, 30), 97.5), (date(2026, 5, 31), 98.0)],
    ...     dimensions={"clean": [(date(2026, 4, 30), 95.0), (date(2026, 5, 31), 96.5)]},
    ... )
    >>> len(history.scores), sorted(history.dimensions)
    (2, ['clean'])
    """

    scores: tuple[TrendPoint, ...] = ()
    dimensions: Mapping[str, tuple[TrendPoint, ...]] = field(default_factory=dict)
    alerts: tuple[Mapping[str, str], ...] = ()

    @classmethod
    def from_pairs(
        cls,
        scores: Iterable[tuple[date | datetime, float | None]],
        dimensions: Mapping[str, Iterable[tuple[date | datetime, float | None]]] | None = None,
        alerts: Iterable[Mapping[str, str]] = (),
    ) -> DatabaseHistory:
        """Build from ``(as_of, score)`` pairs per database and per dimension.

        Raises
        ------
        ValueError
            If a dimension id is not one of the six dimensions.
        """
        dims: dict[str, tuple[TrendPoint, ...]] = {}
        for name, pairs in (dimensions or {}).items():
            dims[Dimension(name).value] = tuple(TrendPoint(a, s) for a, s in pairs)
        return cls(
            scores=tuple(TrendPoint(a, s) for a, s in scores),
            dimensions=dims,
            alerts=tuple(dict(a) for a in alerts),
        )

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw and nothing to flag."""
        return not self.scores and not any(self.dimensions.values()) and not self.alerts


# ------------------------------------------------------------------------------ view models


@dataclass(frozen=True)
class _Tick:
    pos: float
    label: str
    extra: bool = False
    """A tick dropped on narrow screens (only the first and last dates stay)."""


@dataclass(frozen=True)
class _Bar:
    label_lines: tuple[str, ...]
    lang: str | None
    """The label's language when it is not the page's (a Vietnamese title on an English page)."""
    value_text: str
    title: str
    band: str
    label_y: float
    bar_y: float
    value_y: float
    width: float
    """The filled part, in percent of the chart's width."""


@dataclass(frozen=True)
class _BarChart:
    """Horizontal bars drawn in percent of the width the page gives the chart.

    Only heights are fixed (pixels): the chart fills its column at any screen width and its
    text keeps the stylesheet's size instead of shrinking with the drawing.
    """

    id: str
    title: str
    desc: str
    note: str | None
    height: int
    track: float
    """Where the bars end, in percent of the width; the score is written after it."""
    bar_height: float
    grid_top: float
    grid_bottom: float
    ticks: tuple[_Tick, ...]
    bars: tuple[_Bar, ...]


@dataclass(frozen=True)
class _Gauge:
    id: str
    dimension: str
    label: str
    score_text: str
    band: str
    band_text: str
    title: str
    detail: str
    track: str
    arc: str | None


@dataclass(frozen=True)
class _LinePoint:
    x: float
    """Percent of the chart's width."""
    y: float
    title: str


@dataclass(frozen=True)
class _LineChart:
    """A score-over-time line: x in percent of the chart's width, y in pixels.

    The line itself is drawn in a nested ``<svg>`` whose x axis (0–100) stretches over the
    plot area; its stroke does not scale, and marks and text are placed in percent, so the
    chart fills its column at any screen width with text at the stylesheet's size.
    """

    id: str
    title: str
    desc: str
    note: str | None
    height: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: tuple[_Tick, ...]
    x_ticks: tuple[_Tick, ...]
    paths: tuple[str, ...]
    points: tuple[_LinePoint, ...]
    rows: tuple[tuple[str, str], ...]
    described_by: str | None = None
    """The id of a note outside the chart that describes it too (a shared axis)."""


# ------------------------------------------------------------------------------ formatting


def _date_text(value: date | datetime, lang: Lang) -> str:
    """``30/06/2026`` (vi) or ``2026-06-30`` (en); the time too unless it is midnight."""
    day = t(
        "html.date",
        lang,
        day=f"{value.day:02d}",
        month=f"{value.month:02d}",
        year=f"{value.year:04d}",
    )
    if not isinstance(value, datetime) or value.time() == time(0, 0):
        return day
    clock = f"{value.hour:02d}:{value.minute:02d}"
    offset = value.utcoffset()
    if offset is None:
        return t("html.datetime_naive", lang, date=day, time=clock)
    return t("html.datetime", lang, date=day, time=clock, zone=_offset_text(offset))


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _score_text(score: float | None, lang: Lang) -> str:
    return t("html.none", lang) if score is None else format_score(score, lang)


def _sort_number(value: float | None) -> str:
    """A machine-readable sort key (``repr`` of the float, empty for none)."""
    return "" if value is None else repr(float(value))


def _band_class(band: Band | None) -> str:
    return band.value if band is not None else "none"


def _band_text(band: Band | None, lang: Lang) -> str:
    return band.label(lang) if band is not None else t("html.band.none", lang)


def _heat_level(score: float | None) -> int:
    """How deep a heat-map cell is shaded: 0 (within 0.05 points of 100) to 3 (1 point or more).

    The hue is the recorded band; the depth only helps the eye find the lowest cells.
    """
    if score is None:
        return 0
    gap = 100.0 - score
    return 0 if gap < 0.05 else 1 if gap < 0.25 else 2 if gap < 1.0 else 3


def _num(value: float) -> str:
    """An SVG coordinate with one decimal (fixed, so output is byte-stable)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _show_value(value: Any, lang: Lang) -> str:
    """One sample value: text as :func:`show_text` shows it, yes / no in words, long values cut."""
    if value is None:
        text = t("html.null", lang)
    elif isinstance(value, str):
        text = show_text(value, lang)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = t("html.yes" if value else "html.no", lang)
    elif isinstance(value, Mapping | list | tuple):
        text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    else:
        text = str(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    return text


# marks only Vietnamese writes: horn (ơ ư), hook above (ả), dot below (ạ), breve (ă)
_VI_MARKS: Final[frozenset[str]] = frozenset("\u031b\u0309\u0323\u0306")
_VI_LETTERS: Final[frozenset[str]] = frozenset("đĐ")
_TONES: Final[frozenset[str]] = frozenset("\u0300\u0301\u0303")


def _looks_vietnamese(text: str) -> bool:
    """Whether ``text`` holds a letter only Vietnamese uses (``ơ ư ả ạ ă đ``, ``ế`` …).

    Examples
    --------
    >>> _looks_vietnamese("Bộ Công an"), _looks_vietnamese("Thuế"), _looks_vietnamese("Café")
    (True, True, False)
    """
    decomposed = unicodedata.normalize("NFD", text)
    if any(c in _VI_MARKS or c in _VI_LETTERS for c in decomposed):
        return True
    # a circumflex with a tone mark (ấ ề ỗ): Vietnamese; a bare ê or é is also French
    return any(a == "\u0302" and b in _TONES for a, b in itertools.pairwise(decomposed))


def _text_lang(text: str | None, lang: Lang) -> str | None:
    """``"vi"`` for Vietnamese text (a suite's title, an owner) on a page in another language.

    The page's ``<html lang>`` tells screen readers how to pronounce its text; a Vietnamese
    name on an English page carries its own ``lang="vi"``. ``None`` when the text is in the
    page's language (or its language cannot be told).

    Examples
    --------
    >>> _text_lang("Bộ Công an", "en"), _text_lang("Bộ Công an", "vi"), _text_lang("dan_cu", "en")
    ('vi', None, None)
    """
    if lang == "vi" or not text or not _looks_vietnamese(text):
        return None
    return "vi"


def _break_parts(text: str) -> list[str]:
    """``text`` cut after each ``_``, ``:``, ``.``, ``/`` or ``-``: where a long id may wrap.

    The template joins the parts with ``<wbr>`` (each part escaped on its own).

    Examples
    --------
    >>> _break_parts("pattern:owner_person_id")
    ['pattern:', 'owner_', 'person_', 'id']
    """
    return [part for part in re.split(r"(?<=[_:./-])", text) if part] or [text]


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


def page_name(key: str) -> str:
    """The file name of a database page: ``<key>.html`` with unsafe characters replaced.

    A database whose key is ``index`` gets ``db-index.html`` (``index.html`` is the
    national page).

    Examples
    --------
    >>> page_name("dan_cu"), page_name("dan_cu-2"), page_name("index"), page_name("../x")
    ('dan_cu.html', 'dan_cu-2.html', 'db-index.html', '_x.html')
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", key) or "db"
    if safe == "index":
        safe = "db-index"
    return f"{safe}.html"


# ------------------------------------------------------------------------------ charts


def _axis_low(values: Iterable[float]) -> float:
    """The low end of a 0–100 score axis: the largest round floor that leaves bars visible.

    Scores near 100 would draw identical full bars on a 0–100 axis; the axis then starts
    at a round value below the lowest score, and the chart says so.
    """
    present = [v for v in values if math.isfinite(v)]
    if not present:
        return 0.0
    low = min(present)
    for floor in _AXIS_FLOORS:
        if low - floor >= 0.1 * (100.0 - floor):
            return floor
    return 0.0


def _ticks(low: float) -> tuple[float, ...]:
    middle = low + (100.0 - low) / 2
    return (low, middle, 100.0)


def _x_of(value: float, low: float, x0: float, x1: float) -> float:
    span = 100.0 - low
    frac = 0.0 if span <= 0 else (min(max(value, low), 100.0) - low) / span
    return x0 + frac * (x1 - x0)


def _wrap(text: str, limit: int) -> tuple[str, ...]:
    """``text`` in lines of at most ``limit`` characters, cut between words.

    SVG text does not wrap; a bar label is cut here so that it fits a phone's width at the
    stylesheet's font size. A word longer than ``limit`` keeps a line of its own.

    Examples
    --------
    >>> _wrap("Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức", 36)
    ('Cơ sở dữ liệu quốc gia về cán bộ,', 'công chức, viên chức')
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def _bar_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float | None, Band | None]],
    lang: Lang,
) -> _BarChart:
    """Horizontal bars: the label above each bar (wrapped), the score after its end.

    x positions are percentages of the chart's width, y positions pixels (see
    :class:`_BarChart`).
    """
    track, top, line, bar_height, gap = _BAR_TRACK, 4.0, 16.0, 14.0, 12.0
    low = _axis_low(v for _, v, _ in items if v is not None)
    bars = []
    y = top
    for label, value, band in items:
        lines = _wrap(label, _LABEL_CHARS)
        label_y = y + 12.0
        bar_y = y + len(lines) * line + 3.0
        score_text = _score_text(value, lang)
        bars.append(
            _Bar(
                label_lines=lines,
                lang=_text_lang(label, lang),
                value_text=score_text,
                title=t("html.chart.bar_title", lang, label=label, score=score_text),
                band=_band_class(band),
                label_y=label_y,
                bar_y=bar_y,
                value_y=bar_y + 11.5,
                width=0.0 if value is None else _x_of(value, low, 0.0, track),
            )
        )
        y = bar_y + bar_height + gap
    grid_bottom = y - gap + 4.0
    ticks = tuple(
        _Tick(_x_of(v, low, 0.0, track), format_score(v, lang) if v else "0") for v in _ticks(low)
    )
    low_text = format_score(low, lang) if low else "0"
    return _BarChart(
        id=chart_id,
        title=title,
        desc=t("html.chart.bars_desc", lang, count=format_int(len(items), lang), low=low_text),
        note=t("html.chart.axis_note", lang, low=low_text) if low > 0 else None,
        height=math.ceil(grid_bottom + 20),
        track=track,
        bar_height=bar_height,
        grid_top=top,
        grid_bottom=grid_bottom,
        ticks=ticks,
        bars=tuple(bars),
    )


def _gauge(
    index: int,
    dimension: Dimension,
    *,
    score: float | None,
    band: Band | None,
    detail: str,
    lang: Lang,
) -> _Gauge:
    """A half-circle gauge: a grey track and an arc for the score (0–100, left to right)."""
    cx, cy, r = 60.0, 60.0, 46.0
    track = f"M {_num(cx - r)} {_num(cy)} A {_num(r)} {_num(r)} 0 0 1 {_num(cx + r)} {_num(cy)}"
    arc = None
    if score is not None and score > 0:
        frac = min(max(score, 0.0), 100.0) / 100.0
        angle = math.pi * (1.0 - frac)
        x, y = cx + r * math.cos(angle), cy - r * math.sin(angle)
        arc = f"M {_num(cx - r)} {_num(cy)} A {_num(r)} {_num(r)} 0 0 1 {_num(x)} {_num(y)}"
    label = dimension.label(lang)
    score_text = _score_text(score, lang)
    title = (
        t("html.gauge.title", lang, label=label, score=score_text, band=_band_text(band, lang))
        if score is not None
        else t("html.gauge.no_score", lang, label=label)
    )
    return _Gauge(
        id=f"gauge-{index}",
        dimension=dimension.value,
        label=label,
        score_text=score_text,
        band=_band_class(band),
        band_text=_band_text(band, lang),
        title=title,
        detail=detail,
        track=track,
        arc=arc,
    )


def _day_number(value: date | datetime) -> float:
    """Days since year 1, with the wall-clock time as a fraction (for x positions)."""
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return value.toordinal() + seconds / 86400.0
    return float(value.toordinal())


def _line_chart(
    chart_id: str,
    title: str,
    points: Sequence[TrendPoint],
    lang: Lang,
    *,
    small: bool = False,
    low: float | None = None,
    described_by: str | None = None,
) -> _LineChart:
    """A score-over-time line chart; the line breaks where a run had no score.

    ``low`` sets the bottom of the score axis (charts shown side by side share one, so that
    equal changes look equal); by default it is the chart's own (:func:`_axis_low`). A chart
    whose axis a note outside it states (``described_by``, the id of that note) carries no
    axis note of its own.
    """
    ordered = sorted(points, key=lambda p: (_day_number(p.as_of), _iso(p.as_of)))
    height = 150 if small else 240
    left, right, top, bottom = _PLOT_LEFT, _PLOT_RIGHT, 12.0, height - 28.0
    if low is None:
        low = _axis_low(p.score for p in ordered if p.score is not None)
    days = [_day_number(p.as_of) for p in ordered]
    first, last = (min(days), max(days)) if days else (0.0, 0.0)

    def x_of(day: float) -> float:
        if last <= first:
            return (left + right) / 2
        return left + (day - first) / (last - first) * (right - left)

    def y_of(score: float) -> float:
        span = 100.0 - low
        frac = 0.0 if span <= 0 else (min(max(score, low), 100.0) - low) / span
        return bottom - frac * (bottom - top)

    marks: list[_LinePoint] = []
    paths: list[str] = []
    segment: list[str] = []
    for point, day in zip(ordered, days, strict=True):
        if point.score is None:
            if len(segment) > 1:  # a lone point is drawn by its mark only
                paths.append(" ".join(segment))
            segment = []
            continue
        x, y = x_of(day), y_of(point.score)
        segment.append(f"{'L' if segment else 'M'} {_num(x)} {_num(y)}")
        marks.append(
            _LinePoint(
                x,
                y,
                t(
                    "html.trend.point",
                    lang,
                    date=_date_text(point.as_of, lang),
                    score=format_score(point.score, lang),
                ),
            )
        )
    if len(segment) > 1:
        paths.append(" ".join(segment))
    y_ticks = tuple(_Tick(y_of(v), format_score(v, lang) if v else "0") for v in _ticks(low))
    # label at most four dates (first, last and evenly between), never two at one place
    picks: list[int] = []
    if ordered:
        count = min(len(ordered), 2 if small else 4)
        raw = [round(i * (len(ordered) - 1) / max(count - 1, 1)) for i in range(count)]
        picks = sorted(set(raw))
    x_ticks = tuple(
        _Tick(x_of(days[i]), _date_text(ordered[i].as_of, lang), extra=0 < n < len(picks) - 1)
        for n, i in enumerate(picks)
    )
    latest = next((p for p in reversed(ordered) if p.score is not None), None)
    desc = t(
        "html.trend.desc",
        lang,
        count=format_int(len(ordered), lang),
        first=_date_text(ordered[0].as_of, lang) if ordered else t("html.none", lang),
        last=_date_text(ordered[-1].as_of, lang) if ordered else t("html.none", lang),
        score=_score_text(latest.score if latest else None, lang),
    )
    low_text = format_score(low, lang) if low else "0"
    return _LineChart(
        id=chart_id,
        title=title,
        desc=desc,
        note=(
            t("html.chart.axis_note", lang, low=low_text)
            if low > 0 and described_by is None
            else None
        ),
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        paths=tuple(paths),
        points=tuple(marks),
        rows=tuple((_date_text(p.as_of, lang), _score_text(p.score, lang)) for p in ordered),
        described_by=described_by,
    )


# ------------------------------------------------------------------------------ environment


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("datacheck.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["n"] = _num
    environment.filters["lang_attr"] = _lang_attr
    return environment


def _lang_attr(code: str | None) -> markupsafe.Markup:
    """`` lang="vi"`` for an element in another language than its page; nothing for ``None``.

    Only the languages of the catalogue are written, so the attribute can never carry data.

    Examples
    --------
    >>> str(_lang_attr("vi")), str(_lang_attr(None))
    (' lang="vi"', '')
    """
    if code is None:
        return markupsafe.Markup("")
    if code not in LANGS:
        msg = f"not a page language: {code!r}"
        raise ValueError(msg)
    return markupsafe.Markup(' lang="{}"').format(code)


@cache
def _asset_hash(name: str) -> str:
    """The CSP hash of an inlined asset, exactly as the page includes it."""
    text = _environment().get_template(name).render()
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _csp(script: bool) -> str:
    """Allow only the page's own inline style (and script): nothing from the network."""
    parts = [
        "default-src 'none'",
        f"style-src {_asset_hash(_STYLE)}",
        "script-src " + (_asset_hash(_SCRIPT) if script else "'none'"),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(parts)


def _render(template: str, lang: Lang, *, script: bool, **context: Any) -> str:
    def message(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    return (
        _environment()
        .get_template(template)
        .render(
            _=message,
            lang=lang,
            csp=_csp(script),
            script=script,
            style_name=_STYLE,
            script_name=_SCRIPT,
            version=__version__,
            **context,
        )
    )


# ------------------------------------------------------------------------------ pages


_REFERENCE: Final[str] = " (reference)"
# columns a check adds to its samples (not the database's own), one literal key each
_SAMPLE_LABELS: Final[dict[str, str]] = {
    "successor_2025": "html.samples.successor_2025",
    "successor_2025_name": "html.samples.successor_2025_name",
    "successor_2025_whole": "html.samples.successor_2025_whole",
}


def _column_label(column: str, lang: Lang) -> str:
    """A sample column's heading in the page's language.

    The database's own columns keep their names; a column a check adds (the 2025 successor
    unit) reads in words; a reference's column is marked as such (``birth_date (tham chiếu)``).

    Examples
    --------
    >>> _column_label("birth_date (reference)", "vi"), _column_label("successor_2025", "en")
    ('birth_date (tham chiếu)', 'Successor unit code (2025)')
    """
    if column.endswith(_REFERENCE):
        return t("html.samples.reference", lang, column=column.removesuffix(_REFERENCE))
    if column in _SAMPLE_LABELS:
        return t(_SAMPLE_LABELS[column], lang)
    return column


def _masked(
    values: Mapping[str, Any], pii: Collection[str], unmask: bool, lang: Lang
) -> dict[str, str]:
    out = {}
    for column, value in values.items():
        base = column.removesuffix(_REFERENCE)
        shown = value if unmask or base not in pii else mask_value(value)
        out[column] = _show_value(shown, lang)
    return out


def _sample_table(
    samples: Sequence[Sample], pii: Collection[str], unmask: bool, lang: Lang
) -> dict[str, Any]:
    key_columns: list[str] = []
    value_columns: list[str] = []
    rows = []
    for sample in samples:
        key = _masked(sample.key, pii, unmask, lang)
        values = _masked(sample.values, pii, unmask, lang)
        if values == key:  # a key-only failure: the key is the offending value
            values = {}
        for column in key:
            if column not in key_columns:
                key_columns.append(column)
        for column in values:
            if column not in value_columns:
                value_columns.append(column)
        rows.append((key, values))
    none = t("html.none", lang)
    return {
        "key_columns": [{"name": c, "label": _column_label(c, lang)} for c in key_columns],
        "value_columns": [{"name": c, "label": _column_label(c, lang)} for c in value_columns],
        "rows": [
            (
                [key.get(c, none) for c in key_columns],
                [values.get(c, none) for c in value_columns],
            )
            for key, values in rows
        ],
    }


def _threshold_text(check: CheckResult, lang: Lang) -> str:
    threshold = format_percent(check.threshold, lang)
    if check.warn is None:
        return threshold
    return t(
        "html.threshold_warn", lang, threshold=threshold, warn=format_percent(check.warn, lang)
    )


def _check_row(
    check: CheckResult,
    anchor: str,
    pii: Collection[str],
    unmask: bool,
    lang: Lang,
) -> dict[str, Any]:
    ran = check.status != "error"
    none = t("html.none", lang)
    return {
        "anchor": anchor,
        "id": check.id,
        "id_parts": _break_parts(check.id),
        "kind": check.check,
        "name": check.name,
        "columns": ", ".join(check.columns) if check.columns else none,
        "critical": check.severity.value == "critical",
        "evaluated": format_int(check.evaluated, lang) if ran else none,
        "failed": format_int(check.failed, lang) if ran else none,
        "pass_rate": none if check.pass_rate is None else format_percent(check.pass_rate, lang),
        "status": check.status,
        "threshold": _threshold_text(check, lang),
        "reason": check.reason(lang),
        "details": _details(check.details, lang),
        "samples": _sample_table(check.samples, pii, unmask, lang) if check.samples else None,
        "samples_summary": t(
            "html.samples.summary",
            lang,
            shown=format_int(len(check.samples), lang),
            failed=format_int(check.failed, lang),
        ),
    }


def _detail_value(value: Any, lang: Lang) -> str:
    if isinstance(value, bool):
        return _show_value(value, lang)
    if isinstance(value, int):
        return format_int(value, lang)
    if isinstance(value, float) and math.isfinite(value):
        return format_number(value, lang)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return _show_value(value, lang)


def _details(details: Mapping[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """A check's recorded details as ``(label, value)`` lines, in the recorded order.

    Known keys read in the page's language (:data:`_DETAIL_LABELS`), any other key as it is
    recorded. Zero counts, empty lists and nulls are left out: a reason that no record has
    says nothing.
    """
    lines = []
    for key, value in details.items():
        if value is None or value == 0 or (isinstance(value, list | tuple) and not value):
            continue
        label = t(_DETAIL_LABELS[key], lang) if key in _DETAIL_LABELS else str(key)
        lines.append((label, _detail_value(value, lang)))
    return lines


def _anchors(result: Result) -> dict[str, str]:
    used: set[str] = set()
    return {c.id: "check-" + _slug(c.id, used) for c in result.checks}


def _notes(notes: Iterable[Mapping[str, str]], lang: Lang) -> list[str]:
    out = []
    for note in notes:
        message = note.get(lang) or note.get("en") or next(iter(note.values()), "")
        out.append(" ".join(str(message).split()))
    return out


def _dimension_counts(summary: DimensionResult, members: Sequence[CheckResult], lang: Lang) -> str:
    """``6/7 checks applicable, 5 not passed, 1 could not run``.

    A check that could not run (``error``) is not applicable, and the recorded ``failing``
    counts it with the checks that failed; it is named apart here, so that the applicable
    checks and those that did not pass count the same checks.
    """
    errors = sum(1 for c in members if c.status == "error")
    params = {
        "applicable": format_int(summary.applicable, lang),
        "checks": format_int(summary.checks, lang),
        "failing": format_int(max(summary.failing - errors, 0), lang),
    }
    if not errors:
        return t("html.dimension.counts", lang, **params)
    return t("html.dimension.counts_errors", lang, errors=format_int(errors, lang), **params)


def _counts(result: Result, lang: Lang) -> list[dict[str, str]]:
    counts = []
    for status in _STATUSES:
        n = sum(1 for c in result.checks if c.status == status)
        if n:
            counts.append({"status": status, "count": format_int(n, lang)})
    return counts


# the details checks record (unique: groups, surplus; identifiers: reasons …), one literal
# message key each (the catalogue test reads them from here); other keys show as recorded
_DETAIL_LABELS: Final[dict[str, str]] = {
    "groups": "html.detail.groups",
    "surplus": "html.detail.surplus",
    "missing": "html.detail.missing",
    "rows": "html.detail.rows",
    "missing_distinct": "html.detail.missing_distinct",
    "ambiguous_keys": "html.detail.ambiguous_keys",
    "in_other_vintage": "html.detail.in_other_vintage",
    "unknown_commune": "html.detail.unknown_commune",
    "successor_whole": "html.detail.successor_whole",
    "successor_split": "html.detail.successor_split",
    "no_successor": "html.detail.no_successor",
    "unknown": "html.detail.unknown",
    "bad_length_or_digits": "html.detail.bad_length_or_digits",
    "bad_province": "html.detail.bad_province",
    "bad_century": "html.detail.bad_century",
    "future_birth_year": "html.detail.future_birth_year",
    "century_mismatch": "html.detail.century_mismatch",
    "year_mismatch": "html.detail.year_mismatch",
    "sex_mismatch": "html.detail.sex_mismatch",
    "bad_format": "html.detail.bad_format",
    "bad_branch": "html.detail.bad_branch",
    "bad_check_digit": "html.detail.bad_check_digit",
    "bad_personal_id": "html.detail.bad_personal_id",
    "bhxh_mismatch": "html.detail.bhxh_mismatch",
    "stale": "html.detail.stale",
    "landline_not_allowed": "html.detail.landline_not_allowed",
    "bad_prefix": "html.detail.bad_prefix",
    "bad_series": "html.detail.bad_series",
    "repeated": "html.detail.repeated",
    "ascending": "html.detail.ascending",
    "descending": "html.detail.descending",
    "listed": "html.detail.listed",
    "not_nfc": "html.detail.not_nfc",
    "spacing": "html.detail.spacing",
    "characters": "html.detail.characters",
    "capitalisation": "html.detail.capitalisation",
    "eth": "html.detail.eth",
    "nbsp": "html.detail.nbsp",
    "invisible": "html.detail.invisible",
    "control": "html.detail.control",
    "utf8": "html.detail.utf8",
    "cp1258": "html.detail.cp1258",
    "vni": "html.detail.vni",
    "tcvn3": "html.detail.tcvn3",
    "lossy": "html.detail.lossy",
    "old_style": "html.detail.old_style",
    "new_style": "html.detail.new_style",
    "extra_spellings": "html.detail.extra_spellings",
}
_TIER_BAR_WIDTH: Final[int] = 480
# literal keys, one per tier / severity / selector (the catalogue test reads them from here)
_TIER_LABELS: Final[dict[str, str]] = {
    "usable": "html.tier.usable",
    "needs_correction": "html.tier.needs_correction",
    "unusable": "html.tier.unusable",
}
_TIER_SEVERITIES: Final[dict[str, str]] = {
    "normal": "html.tier.severity.normal",
    "critical": "html.tier.severity.critical",
}
_TIER_SELECTORS: Final[dict[str, str]] = {
    "severity": "html.tier.rule.severity",
    "dimension": "html.tier.rule.dimension",
    "checks": "html.tier.rule.checks",
}


def _tier_value(selector: str, value: Any, lang: Lang) -> str:
    if selector == "severity" and value in _TIER_SEVERITIES:
        return t(_TIER_SEVERITIES[value], lang)
    if selector == "dimension" and value in Dimension._value2member_map_:
        return Dimension(value).label(lang)
    return str(value)


def _tier_rules(rules: Mapping[str, Any], lang: Lang) -> list[str]:
    """The suite's tier rules in words, one line per tier (as recorded in the result)."""
    items = []
    for tier in ("unusable", "needs_correction"):
        label = t(_TIER_LABELS[tier], lang)
        listed = rules.get(tier) or []
        if not listed:
            items.append(t("html.tier.rule.never", lang, label=label))
            continue
        alternatives = []
        for rule in listed:
            parts = [
                t(
                    key,
                    lang,
                    values=", ".join(_tier_value(selector, v, lang) for v in rule[selector]),
                )
                for selector, key in _TIER_SELECTORS.items()
                if isinstance(rule, Mapping) and rule.get(selector)
            ]
            alternatives.append(
                t("html.tier.rule.and", lang).join(parts)
                if parts
                else t("html.tier.rule.any", lang)
            )
        what = t("html.tier.rule.or", lang).join(alternatives)
        items.append(t("html.tier.rule", lang, label=label, what=what))
    return items


def _tier_bar(counts: Mapping[str, int], lang: Lang) -> dict[str, Any]:
    """Rows of the tier table and the geometry of the stacked bar (shares of records)."""
    total = sum(int(counts.get(tier, 0)) for tier in _TIER_LABELS)
    parts: list[dict[str, Any]] = []
    titles: list[str] = []
    x = 0.0
    for tier, key in _TIER_LABELS.items():
        count = int(counts.get(tier, 0))
        share = count / total if total else None
        width = _TIER_BAR_WIDTH * share if share else 0.0
        label = t(key, lang)
        share_text = t("html.none", lang) if share is None else format_percent(share, lang)
        count_text = format_int(count, lang)
        parts.append(
            {
                "tier": tier,
                "label": label,
                "count": count_text,
                "count_raw": count,
                "share": share_text,
                "cell": t("html.tier.cell", lang, count=count_text, share=share_text),
                "title": t("html.tier.part", lang, label=label, count=count_text, share=share_text),
                "x": x,
                "width": width,
            }
        )
        titles.append(parts[-1]["title"])
        x += width
    title = t("html.tier.bar", lang, parts="; ".join(titles))
    return {"parts": parts, "width": _TIER_BAR_WIDTH, "title": title, "total": total}


def _tiers(result: Result, lang: Lang) -> dict[str, Any] | None:
    if result.tiers is None:
        return None
    return {
        **_tier_bar(result.tiers.counts(), lang),
        "rules": _tier_rules(result.tiers.rules, lang),
    }


def _runs(history: DatabaseHistory) -> list[date | datetime]:
    """The as-of of each recorded run (any series), oldest first, each once."""
    points = [*history.scores, *(p for series in history.dimensions.values() for p in series)]
    found = {(_day_number(p.as_of), _iso(p.as_of)): p.as_of for p in points}
    return [found[key] for key in sorted(found)]


_SHARED_NOTE: Final[str] = "trend-dimensions-note"


def _trend(
    history: DatabaseHistory | None,
    lang: Lang,
    *,
    title_key: str = "html.trend.database",
) -> dict[str, Any] | None:
    """The trend section: the score line, one small line per dimension, the alerts.

    ``None`` when there is no history. With a single recorded run there is no line to draw:
    the section says so (``single``: the run's date) instead of drawing lone points. The
    dimension charts share one score axis, stated once above them (``axis_note``), so that
    equal changes look equal side by side.
    """
    if history is None or history.empty:
        return None
    alerts = _notes(history.alerts, lang)
    runs = _runs(history)
    if len(runs) < 2:
        single = _date_text(runs[0], lang) if runs else t("html.none", lang)
        return {
            "main": None,
            "dimensions": [],
            "axis_note": None,
            "single": single,
            "alerts": alerts,
        }
    main = (
        _line_chart("trend-score", t(title_key, lang), history.scores, lang)
        if history.scores
        else None
    )
    present = [
        (dimension, history.dimensions[dimension.value])
        for dimension in Dimension
        if history.dimensions.get(dimension.value)
    ]
    shared = _axis_low(p.score for _, series in present for p in series if p.score is not None)
    grid = len(present) > 1  # a lone chart states its own axis, as the main chart does
    low_text = format_score(shared, lang) if shared else "0"
    dimensions = [
        _line_chart(
            f"trend-{dimension.value}",
            dimension.label(lang),
            series,
            lang,
            small=True,
            low=shared,
            described_by=_SHARED_NOTE if grid else None,
        )
        for dimension, series in present
    ]
    axis_note = None
    if grid:
        key = "html.trend.shared_axis_cut" if shared > 0 else "html.trend.shared_axis"
        axis_note = {"id": _SHARED_NOTE, "text": t(key, lang, low=low_text)}
    return {
        "main": main,
        "dimensions": dimensions,
        "axis_note": axis_note,
        "single": None,
        "alerts": alerts,
    }


def render_database(
    result: Result,
    lang: Lang = "vi",
    *,
    history: DatabaseHistory | None = None,
    national_href: str | None = None,
    pii: Collection[str] = (),
    unmask: bool = False,
) -> str:
    """Render the HTML page of one database (one suite run).

    Parameters
    ----------
    result
        The result to show, as recorded (nothing is recomputed).
    lang
        ``"vi"`` (default) or ``"en"``.
    history
        The trend input; without it the trend section says that no history is recorded.
    national_href
        Link back to the national page (e.g. ``"index.html"``); none on a standalone page.
    pii
        Personal-data columns to mask in the samples (on top of the run's own masking).
    unmask
        Show the ``pii`` columns as recorded instead of masking them.

    Returns
    -------
    str
        A complete, self-contained HTML document.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", title="Dân cư", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
    >>> page = render_database(result)
    >>> "Dân cư" in page and "30/06/2026" in page and "Chưa đạt" in page
    True
    """
    anchors = _anchors(result)
    groups = []
    gauges = []
    for index, dimension in enumerate(Dimension):
        summary = next((d for d in result.dimensions if d.dimension is dimension), None)
        members = [c for c in result.checks if c.dimension is dimension]
        score = summary.score if summary is not None else None
        band = summary.band if summary is not None else None
        detail = (
            _dimension_counts(summary, members, lang)
            if summary is not None
            else t("html.no_checks", lang)
        )
        gauges.append(_gauge(index, dimension, score=score, band=band, detail=detail, lang=lang))
        if members or summary is not None:
            groups.append(
                {
                    "id": f"dimension-{dimension.value}",
                    "dimension": dimension.value,
                    "label": dimension.label(lang),
                    "description": dimension.description(lang),
                    "score": _score_text(score, lang),
                    "band": _band_class(band),
                    "band_text": _band_text(band, lang),
                    "detail": detail,
                    "checks": [_check_row(c, anchors[c.id], pii, unmask, lang) for c in members],
                }
            )
    facts = [
        (t("html.suite", lang), result.suite, None),
        (
            t("html.owner", lang),
            result.owner or t("html.none", lang),
            _text_lang(result.owner, lang),
        ),
        (t("html.source", lang), result.source, None),
        (
            t("html.rows", lang),
            t("html.none", lang) if result.rows is None else format_int(result.rows, lang),
            None,
        ),
        (
            t("html.run_time", lang),
            t("html.seconds", lang, seconds=format_score(result.seconds, lang)),
            None,
        ),
    ]
    return _render(
        "database.html.j2",
        lang,
        script=False,
        title=result.title or result.suite,
        title_lang=_text_lang(result.title, lang),
        suite=result.suite,
        as_of=_date_text(result.as_of, lang),
        as_of_iso=_iso(result.as_of),
        score=_score_text(result.score, lang),
        score_raw=_sort_number(result.score),
        band=_band_class(result.band),
        band_text=_band_text(result.band, lang),
        facts=facts,
        counts=_counts(result, lang),
        gauges=gauges,
        groups=groups,
        notes=_notes(result.notes, lang),
        trend=_trend(history, lang),
        tiers=_tiers(result, lang),
        national_href=national_href,
        masked=not unmask,
        versions=sorted(result.versions.items()),
    )


def _band_legend(bands: Bands, lang: Lang) -> list[dict[str, str]]:
    """The three bands with their score ranges, best first."""
    meets, improve = format_score(bands.meets, lang), format_score(bands.improve, lang)
    ranges = {
        Band.MEETS: t("html.bands.meets", lang, meets=meets),
        Band.NEEDS_IMPROVEMENT: t("html.bands.improve", lang, improve=improve, meets=meets),
        Band.FAILS: t("html.bands.fails", lang, improve=improve),
    }
    return [
        {"band": band.value, "label": band.label(lang), "range": text}
        for band, text in ranges.items()
    ]


def _banded_by(bands: Bands, results: Iterable[Result]) -> bool:
    """Whether every recorded dimension band is the one ``bands`` gives its score.

    A suite may set its own thresholds; then the legend says that its cells follow them.
    """
    return all(
        bands.band(d.score) is d.band
        for result in results
        for d in result.dimensions
        if d.score is not None and d.band is not None
    )


def _database_keys(national: NationalResult) -> list[str]:
    """One page key per database line: its result file's stem, else its suite (deduplicated)."""
    keys: list[str] = []
    for summary in national.databases:
        base = Path(summary.result).stem if summary.result else summary.suite
        key, number = base, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.append(key)
    return keys


def database_results(national: NationalResult) -> dict[str, Result]:
    """The results of a national run keyed as the site names their pages.

    Each database that ran gets the key of its result file (``dan_cu`` for ``dan_cu.json``,
    ``dan_cu-2`` for a second source of the same suite), else its suite name.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from datacheck.national import NationalResult
    >>> empty = NationalResult("n", None, datetime(2026, 6, 30, tzinfo=timezone.utc),
    ...                        None, None, (), {}, ())
    >>> database_results(empty)
    {}
    """
    ran = iter(national.results)
    out: dict[str, Result] = {}
    for key, summary in zip(_database_keys(national), national.databases, strict=True):
        if summary.error is None:
            result = next(ran, None)
            if result is not None:
                out[key] = result
    return out


@dataclass(frozen=True)
class _Drop:
    start: date | datetime
    before: float
    end: date | datetime
    after: float


def _latest_drop(history: DatabaseHistory, limit: float) -> _Drop | None:
    """The previous and the latest run when the score fell by more than ``limit`` points.

    The rule of the history store's drop alert (:class:`datacheck.history.AlertRules`): runs
    without a score are skipped over, and the fall is rounded to 9 decimals so that a drop
    of exactly ``limit`` does not count. Only the latest run counts (what its database page
    flags); if it recorded no score, there is no drop.
    """
    ordered = sorted(history.scores, key=lambda p: (_day_number(p.as_of), _iso(p.as_of)))
    scored = [(p.as_of, p.score) for p in ordered if p.score is not None]
    if len(scored) < 2 or ordered[-1].score is None:
        return None
    (start, before), (end, after) = scored[-2:]
    if round(before - after, 9) <= limit:
        return None
    return _Drop(start, before, end, after)


def _drops(
    rows: Sequence[Mapping[str, Any]],
    histories: Sequence[DatabaseHistory | None],
    limit: float,
    lang: Lang,
) -> list[dict[str, Any]]:
    """The databases of the national page whose score fell sharply at their latest run."""
    out = []
    for row, history in zip(rows, histories, strict=True):
        drop = _latest_drop(history, limit) if history is not None else None
        if drop is None:
            continue
        out.append(
            {
                "name": row["name"],
                "name_lang": row["name_lang"],
                "href": row["href"],
                "text": t(
                    "html.alerts.drop",
                    lang,
                    drop=format_number(drop.before - drop.after, lang),
                    before=format_score(drop.before, lang),
                    after=format_score(drop.after, lang),
                    start=_date_text(drop.start, lang),
                    end=_date_text(drop.end, lang),
                ),
            }
        )
    return out


def render_national(
    national: NationalResult,
    results: Mapping[str, Result] | None = None,
    lang: Lang = "vi",
    *,
    history: Mapping[str, DatabaseHistory] | None = None,
    rules: AlertRules | None = None,
) -> str:
    """Render the national HTML page: score, trend, databases table, charts, worst checks.

    Parameters
    ----------
    national
        The national result, as recorded (nothing is recomputed).
    results
        The databases' results keyed by page key (see :func:`database_results`, the
        default); a database with a result gets a link to ``page_name(key)``.
    lang
        ``"vi"`` (default) or ``"en"``.
    history
        Trend inputs keyed by page key (or suite name) and by the national name, as
        :meth:`datacheck.history.Trend.to_html` gives them. The national entry draws the
        national score over time and flags its own drops; a database whose score fell by
        more than ``rules.drop`` points at its latest run is listed in the alert, linked to
        its page. Without it the trend section says that no history is recorded.
    rules
        The alert rules the history was read with (default
        :meth:`datacheck.history.AlertRules.from_env`, as ``datacheck scorecard`` reads it),
        so the page flags the drops its database pages flag.

    Returns
    -------
    str
        A complete, self-contained HTML document.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from datacheck.national import DatabaseSummary, NationalResult
    >>> from datacheck.score import Band
    >>> db = DatabaseSummary("dan_cu", "Dân cư", "Bộ Công an", 1.0, 91.5,
    ...                      Band.NEEDS_IMPROVEMENT, {"clean": 91.5}, 1000, 1, "dan_cu.json")
    >>> national = NationalResult("quoc_gia", None, datetime(2026, 6, 30, tzinfo=timezone.utc),
    ...                           91.5, Band.NEEDS_IMPROVEMENT, (db,), {"clean": 91.5}, ())
    >>> page = render_national(national, {}, "vi")
    >>> "91,5" in page and "Cần cải thiện" in page and "Dùng chung" in page
    True
    """
    if results is None:
        results = database_results(national)
    keys = _database_keys(national)
    histories: list[DatabaseHistory | None] = []
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    hrefs: list[str | None] = []
    failed = []
    anchors: dict[str, dict[str, str]] = {}
    for order, (key, db) in enumerate(zip(keys, national.databases, strict=True)):
        result = results.get(key) if db.error is None else None
        href = page_name(key) if result is not None else None
        names.append(db.title or db.suite)
        hrefs.append(href)
        histories.append(
            (history.get(key) or history.get(db.suite))
            if history is not None and result is not None
            else None
        )
        if result is not None:
            anchors[db.suite] = anchors.get(db.suite) or _anchors(result)
        as_of = result.as_of if result is not None else national.as_of
        dims = []
        for dimension in Dimension:
            score = db.dimensions.get(dimension.value)
            band = result.dimension(dimension).band if result is not None else None
            banded = score is not None and band is not None
            title = {
                "database": db.title or db.suite,
                "label": dimension.label(lang),
                "score": _score_text(score, lang),
            }
            dims.append(
                {
                    "score": _score_text(score, lang),
                    "raw": _sort_number(score),
                    "band": _band_class(band) if score is not None else "empty",
                    "band_text": _band_text(band, lang) if banded else None,
                    "level": _heat_level(score),
                    "title": (
                        t("html.heat_title_band", lang, band=_band_text(band, lang), **title)
                        if banded
                        else t("html.heat_title", lang, **title)
                    ),
                }
            )
        if db.error is not None:
            failed.append(
                {
                    "name": db.title or db.suite,
                    "name_lang": _text_lang(db.title, lang),
                    "message": _notes([db.error], lang)[0],
                }
            )
        rows.append(
            {
                "order": order,
                "key": key,
                "name": db.title or db.suite,
                "name_lang": _text_lang(db.title, lang),
                "suite": db.suite,
                "href": href,
                "owner": db.owner or t("html.none", lang),
                "owner_lang": _text_lang(db.owner, lang),
                "score": _score_text(db.score, lang),
                "score_raw": _sort_number(db.score),
                "band": _band_class(db.band) if db.error is None else "error",
                "band_text": (
                    _band_text(db.band, lang) if db.error is None else t("html.not_checked", lang)
                ),
                "band_rank": "" if db.band is None else str(list(Band).index(db.band)),
                "dimensions": dims,
                "rows": t("html.none", lang) if db.rows is None else format_int(db.rows, lang),
                "rows_raw": "" if db.rows is None else str(db.rows),
                "as_of": _date_text(as_of, lang),
                "as_of_iso": _iso(as_of),
            }
        )
    tier_rows = [
        {
            **_tier_bar(db.tiers, lang),
            "order": row["order"],
            "name": row["name"],
            "name_lang": row["name_lang"],
            "href": row["href"],
        }
        for row, db in zip(rows, national.databases, strict=True)
        if db.tiers is not None
    ]
    totals = {
        tier: sum(int(db.tiers.get(tier, 0)) for db in national.databases if db.tiers is not None)
        for tier in _TIER_LABELS
    }
    bars = _bar_chart(
        "chart-databases",
        t("html.chart.databases", lang),
        [(name, db.score, db.band) for name, db in zip(names, national.databases, strict=True)],
        lang,
    )
    dimension_bars = _bar_chart(
        "chart-dimensions",
        t("html.chart.dimensions", lang),
        [(d.label(lang), national.dimensions.get(d.value), None) for d in Dimension],
        lang,
    )
    national_history = history.get(national.name) if history is not None else None
    drops: list[dict[str, Any]] = []
    drop_limit = None
    if any(h is not None for h in histories):
        if rules is None:
            from datacheck.history import AlertRules  # noqa: PLC0415 (pyarrow only on use)

            rules = AlertRules.from_env()
        drops = _drops(rows, histories, rules.drop, lang)
        drop_limit = format_number(rules.drop, lang)
    page_of: dict[str, str | None] = {}
    name_of: dict[str, str] = {}
    for name, href, db in zip(names, hrefs, national.databases, strict=True):
        page_of.setdefault(db.suite, href)
        name_of.setdefault(db.suite, name)
    worst = []
    for item in national.worst_checks:
        suite, check_id = str(item.get("suite")), str(item.get("id"))
        href = page_of.get(suite)
        anchor = anchors.get(suite, {}).get(check_id)
        worst.append(
            {
                "database": name_of.get(suite, suite),
                "database_lang": _text_lang(name_of.get(suite), lang),
                "href": href,
                "check_href": f"{href}#{anchor}" if href and anchor else None,
                "id": check_id,
                "dimension": Dimension(item["dimension"]).label(lang)
                if item.get("dimension") in Dimension._value2member_map_
                else str(item.get("dimension")),
                "score": _score_text(item.get("score"), lang),
                "failed": t(
                    "html.failed_of",
                    lang,
                    failed=format_int(int(item.get("failed") or 0), lang),
                    evaluated=format_int(int(item.get("evaluated") or 0), lang),
                ),
                "status": str(item.get("status")),
            }
        )
    return _render(
        "national.html.j2",
        lang,
        script=True,
        title=national.title or t("html.national.heading", lang),
        title_lang=_text_lang(national.title, lang),
        name=national.name,
        as_of=_date_text(national.as_of, lang),
        as_of_iso=_iso(national.as_of),
        score=_score_text(national.score, lang),
        score_raw=_sort_number(national.score),
        band=_band_class(national.band),
        band_text=_band_text(national.band, lang),
        count=format_int(len(national.databases), lang),
        incomplete=len(failed),
        dimensions=[d.label(lang) for d in Dimension],
        rows=rows,
        failed=failed,
        bars=bars,
        dimension_bars=dimension_bars,
        worst=worst,
        trend=_trend(national_history, lang, title_key="html.trend.national"),
        drops=drops,
        drop_limit=drop_limit,
        tier_rows=tier_rows,
        tier_total=_tier_bar(totals, lang) if tier_rows else None,
        legend=_band_legend(national.bands, lang),
        own_bands=not _banded_by(national.bands, results.values()),
    )


# ------------------------------------------------------------------------------ files


def _pii_of(result: Result, pii: Mapping[str, Collection[str]] | None, key: str) -> Collection[str]:
    if pii is not None:
        return tuple(pii.get(key, pii.get(result.suite, ())))
    # a result that records its suite's personal-data columns (a later schema) is honoured
    recorded = getattr(result, "pii", None)
    return tuple(recorded) if recorded else ()


def write_database(
    result: Result,
    path: str | Path,
    lang: Lang = "vi",
    *,
    history: DatabaseHistory | None = None,
    pii: Collection[str] = (),
    unmask: bool = False,
) -> Path:
    """Write the HTML page of one suite run atomically; return its path.

    This is what :meth:`datacheck.Result.write_html` calls.

    Examples
    --------
    >>> import tempfile, pathlib, polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1]}), as_of="2026-06-30")
    >>> path = write_database(result, pathlib.Path(tempfile.mkdtemp()) / "demo.html", "en")
    >>> "Meets" in path.read_text(encoding="utf-8")
    True
    """
    page = render_database(result, lang, history=history, pii=pii, unmask=unmask)
    return write_text_atomic(Path(path), page)


def write_site(
    national: NationalResult,
    results: Mapping[str, Result] | None,
    out_dir: str | Path,
    lang: Lang = "vi",
    unmask: bool = False,
    *,
    history: Mapping[str, DatabaseHistory] | None = None,
    pii: Mapping[str, Collection[str]] | None = None,
    rules: AlertRules | None = None,
) -> list[Path]:
    """Write ``index.html`` (national page) and one page per database, each atomically.

    Parameters
    ----------
    national
        The national result.
    results
        The databases' results keyed by page key; ``None`` takes them from the national
        run (:func:`database_results`).
    out_dir
        The folder (created if needed); pages are ``index.html`` and ``<key>.html``.
    lang
        ``"vi"`` (default) or ``"en"``.
    unmask
        Show the ``pii`` columns as recorded (samples stay as the run masked them).
    history
        Trend input per page key (or suite name), and the national trend under the national
        name (:meth:`datacheck.history.Trend.to_html`).
    pii
        Personal-data columns per page key (or suite name), masked unless ``unmask``.
    rules
        The alert rules the history was read with, for the national page's list of sharp
        drops (default :meth:`datacheck.history.AlertRules.from_env`).

    Returns
    -------
    list of pathlib.Path
        The pages written: ``index.html`` first, then the databases in national order.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import datetime, timezone
    >>> from datacheck.national import NationalResult
    >>> national = NationalResult("n", "Quốc gia", datetime(2026, 6, 30, tzinfo=timezone.utc),
    ...                           None, None, (), {}, ())
    >>> [p.name for p in write_site(national, None, tempfile.mkdtemp())]
    ['index.html']
    """
    folder = Path(out_dir)
    if results is None:
        results = database_results(national)
    index = render_national(national, results, lang, history=history, rules=rules)
    written = [write_text_atomic(folder / "index.html", index)]
    for key in _database_keys(national):
        result = results.get(key)
        if result is None:
            continue
        trend = None
        if history is not None:
            trend = history.get(key) or history.get(result.suite)
        page = render_database(
            result,
            lang,
            history=trend,
            national_href="index.html",
            pii=_pii_of(result, pii, key),
            unmask=unmask,
        )
        written.append(write_text_atomic(folder / page_name(key), page))
    return written
