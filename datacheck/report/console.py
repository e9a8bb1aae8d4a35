"""Console rendering of a :class:`~datacheck.result.Result` with Rich.

The console report shows, in Vietnamese (default) or English: the suite and source, one
table per quality dimension (its label, score and band; each check's id, evaluated and
failed counts, pass rate, score, coloured status, and for checks that could not run the
reason), then the dataset score and band, the row count and run time, the run's notes, and
a few failing samples per failing check. It renders the result as is: nothing is
recomputed, and samples are shown exactly as the library masked them.

Data values are shown as Rich :class:`~rich.text.Text`, never parsed as markup, so a value
such as ``"[red]x"`` prints literally.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> from datacheck.report.console import render_text
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
>>> text = render_text(result, lang="en")
>>> "not_null:id" in text and "Dataset score: 50 — Fails" in text
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, Final

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from datacheck.dimensions import Dimension
from datacheck.errors import Lang
from datacheck.i18n import CATALOG, format_int, format_number, format_percent, format_score, t
from datacheck.report.values import show_text
from datacheck.result import CheckResult, DimensionResult, Result, Sample
from datacheck.score import Band
from datacheck.tiers import Tier, TierCounts

__all__ = [
    "BAND_STYLES",
    "STATUS_STYLES",
    "band_text",
    "render_result",
    "render_text",
    "result_renderable",
    "status_text",
    "summary_line",
    "tiers_line",
]

STATUS_STYLES: Final[dict[str, str]] = {
    "pass": "bold green",
    "warn": "bold yellow",
    "fail": "bold red",
    "not_applicable": "dim",
    "error": "bold magenta",
}
"""Rich style of each check status."""

BAND_STYLES: Final[dict[Band, str]] = {
    Band.MEETS: "bold green",
    Band.NEEDS_IMPROVEMENT: "bold yellow",
    Band.FAILS: "bold red",
}
"""Rich style of each score band."""

_STATUS_ORDER: Final[tuple[str, ...]] = ("pass", "warn", "fail", "not_applicable", "error")
_MAX_VALUE_CHARS: Final[int] = 60
_MAX_ID_WIDTH: Final[int] = 40
_MIN_ID_WIDTH: Final[int] = 8  # the check column never folds narrower (a very narrow console)
_UNBOUNDED: Final[int] = 10_000  # a width no table reaches: measures its natural width


def status_text(status: str, lang: Lang = "vi") -> Text:
    """The translated, coloured label of a check status.

    Parameters
    ----------
    status
        ``pass``, ``warn``, ``fail``, ``not_applicable`` or ``error``.
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    rich.text.Text
        The label, e.g. ``Không đạt`` in bold red.

    Examples
    --------
    >>> status_text("fail", "vi").plain, status_text("pass", "en").plain
    ('Không đạt', 'pass')
    """
    key = f"status.{status}"
    label = t(key, lang) if key in CATALOG else status
    return Text(label, style=STATUS_STYLES.get(status, ""))


def band_text(band: Band | None, lang: Lang = "vi") -> Text:
    """The translated, coloured label of a score band (``—`` for no band).

    Examples
    --------
    >>> from datacheck.score import Band
    >>> band_text(Band.NEEDS_IMPROVEMENT, "vi").plain
    'Cần cải thiện'
    """
    if band is None:
        return Text(t("report.none", lang), style="dim")
    return Text(band.label(lang), style=BAND_STYLES.get(band, ""))


def _score(score: float | None, lang: Lang) -> str:
    return t("report.none", lang) if score is None else format_score(score, lang)


def _show_value(value: Any, lang: Lang) -> str:
    """One value of a sample: text quoted, hidden characters escaped, non-NFC marked."""
    if value is None:
        text = "null"
    elif isinstance(value, str):
        text = show_text(value, lang)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    else:
        text = str(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    return text


def _pairs(values: Any, lang: Lang) -> str:
    return ", ".join(f"{name}={_show_value(value, lang)}" for name, value in dict(values).items())


def _sample_line(sample: Sample, lang: Lang) -> Text:
    line = Text("  • ")
    key = dict(sample.key)
    values = dict(sample.values)
    if key:
        line.append(f"{t('report.sample_key', lang)} ", style="dim")
        line.append(_pairs(key, lang), style="cyan")
    if values and values != key:
        if key:
            line.append(" · ", style="dim")
        line.append(_pairs(values, lang))
    return line


def _checks_by_dimension(
    result: Result,
) -> list[tuple[Dimension, DimensionResult | None, list[CheckResult]]]:
    groups: list[tuple[Dimension, DimensionResult | None, list[CheckResult]]] = []
    for dimension in Dimension:
        members = [c for c in result.checks if c.dimension is dimension]
        summary = next((d for d in result.dimensions if d.dimension is dimension), None)
        if members or summary is not None:
            groups.append((dimension, summary, members))
    return groups


def _dimension_title(dimension: Dimension, summary: DimensionResult | None, lang: Lang) -> Text:
    label = dimension.label(lang)
    if summary is None or summary.score is None:
        return Text(t("report.dimension_no_score", lang, label=label), style="bold")
    head, _, tail = t("report.dimension", lang, label=label, score="\0", band="\1").partition("\0")
    middle, _, end = tail.partition("\1")
    title = Text(head, style="bold")
    title.append(format_score(summary.score, lang), style="bold")
    title.append(middle, style="bold")
    title.append_text(band_text(summary.band, lang))
    title.append(end, style="bold")
    return title


class _FittedTable:
    """A dimension table whose check column gives way when the console is too narrow.

    Every dimension table pads its check column to the same width (``id_width``), so the
    tables line up. On a narrow console (80 columns, or a pipe) that padding would push the
    last columns out, and Rich would cut the status to one letter ("K" for both "Không đạt"
    and "Không áp dụng"). Here the padding shrinks by what is missing, and the check ids fold
    onto more lines instead: the numbers and the status stay whole.
    """

    def __init__(
        self,
        dimension: Dimension,
        summary: DimensionResult | None,
        checks: Sequence[CheckResult],
        lang: Lang,
        id_width: int,
    ) -> None:
        self._parts = (dimension, summary, checks, lang)
        self._id_width = id_width

    def _fitted(self, console: Console, options: ConsoleOptions) -> Table:
        table = _dimension_table(*self._parts, self._id_width)
        natural = Measurement.get(console, options.update_width(_UNBOUNDED), table).maximum
        excess = natural - options.max_width
        if excess <= 0:
            return table
        return _dimension_table(*self._parts, max(self._id_width - excess, _MIN_ID_WIDTH))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._fitted(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._fitted(console, options))


def _dimension_table(
    dimension: Dimension,
    summary: DimensionResult | None,
    checks: Sequence[CheckResult],
    lang: Lang,
    id_width: int,
) -> Table:
    table = Table(
        title=_dimension_title(dimension, summary, lang),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(t("report.col.check", lang), overflow="fold", min_width=id_width)
    for key in ("report.col.evaluated", "report.col.failed", "report.col.pass_rate"):
        table.add_column(t(key, lang), justify="right", no_wrap=True)
    # as wide as "99,99" in every table, so the tables line up whatever their scores
    score_width = len(format_score(99.99, lang))
    table.add_column(
        t("report.col.score", lang), justify="right", no_wrap=True, min_width=score_width
    )
    status_width = max(len(status_text(status, lang)) for status in _STATUS_ORDER)
    table.add_column(t("report.col.status", lang), no_wrap=True, min_width=status_width)
    none = t("report.none", lang)
    for check in checks:
        ran = check.status != "error"
        table.add_row(
            Text(check.id),
            format_int(check.evaluated, lang) if ran else none,
            format_int(check.failed, lang) if ran else none,
            none if check.pass_rate is None else format_percent(check.pass_rate, lang),
            _score(check.score, lang),
            status_text(check.status, lang),
        )
    return table


def _reasons(checks: Sequence[CheckResult], lang: Lang) -> Text | None:
    """Why each check in status ``error`` could not run, one line each."""
    errored = [c for c in checks if c.status == "error"]
    if not errored:
        return None
    text = Text()
    for check in errored:
        if text:
            text.append("\n")
        text.append("  ↳ ")
        text.append(check.id, style=STATUS_STYLES["error"])
        text.append(f" — {t('report.col.note', lang)}: ")
        text.append(" ".join((check.reason(lang) or t("report.none", lang)).split()))
    return text


def _header(result: Result, lang: Lang) -> Text:
    header = Text()
    name = f"{result.title} ({result.suite})" if result.title else result.suite
    header.append(f"{t('report.suite', lang)}: ", style="dim")
    header.append(name, style="bold")
    details = []
    if result.owner:
        details.append((t("report.owner", lang), result.owner))
    details.append((t("report.source", lang), result.source))
    details.append((t("report.as_of", lang), result.as_of.isoformat(timespec="seconds")))
    for label, value in details:
        header.append(f"\n{label}: ", style="dim")
        header.append(value)
    return header


def _footer(result: Result, lang: Lang) -> Text:
    footer = Text()
    if result.score is None:
        footer.append(t("report.dataset_no_score", lang), style="bold")
    else:
        head, _, band_part = t(
            "report.dataset_score", lang, score=format_score(result.score, lang), band="\0"
        ).partition("\0")
        footer.append(head, style="bold")
        footer.append_text(band_text(result.band, lang))
        footer.append(band_part, style="bold")
    facts = []
    if result.rows is not None:
        facts.append(
            t("report.rows_empty", lang)
            if result.rows == 0
            else t("report.rows", lang, rows=format_int(result.rows, lang))
        )
    facts.append(t("report.seconds", lang, seconds=format_number(result.seconds, lang)))
    footer.append("\n" + " · ".join(facts))
    counts = Text()
    for status in _STATUS_ORDER:
        n = sum(1 for c in result.checks if c.status == status)
        if n:
            if counts:
                counts.append(", ")
            counts.append(f"{format_int(n, lang)} ")
            counts.append_text(status_text(status, lang))
    if counts:
        head, _, tail = t("report.counts", lang, counts="\0").partition("\0")
        footer.append("\n" + head)
        footer.append_text(counts)
        footer.append(tail)
    tiers = tiers_line(result.tiers, lang)
    if tiers:
        footer.append("\n" + tiers)
    return footer


def tiers_line(tiers: TierCounts | None, lang: Lang = "vi") -> str | None:
    """How many records fall in each quality tier, with their shares; ``None`` if not counted.

    Examples
    --------
    >>> tiers_line(TierCounts(usable=3, needs_correction=1, unusable=0), "en")
    'Record tiers: Usable: 3 (75%) · Needs correction: 1 (25%) · Unusable: 0 (0%)'
    """
    if tiers is None or not tiers.records:
        return None
    parts = []
    for tier in Tier:
        share = tiers.share(tier)
        parts.append(
            t(
                "html.tier.part",
                lang,
                label=t(f"html.tier.{tier.value}", lang),
                count=format_int(tiers.count(tier), lang),
                share=format_percent(share or 0.0, lang),
            )
        )
    return t("report.tiers", lang, parts=" · ".join(parts))


def _notes(result: Result, lang: Lang) -> Text | None:
    if not result.notes:
        return None
    notes = Text(t("report.notes", lang), style="bold yellow")
    for note in result.notes:
        message = note.get(lang) or note.get("en") or next(iter(note.values()), "")
        notes.append(f"\n  • {' '.join(str(message).split())}")
    return notes


def _samples(result: Result, lang: Lang, max_samples: int) -> Text | None:
    failing = [c for c in result.checks if c.status in ("fail", "warn") and c.samples]
    if not failing or max_samples <= 0:
        return None
    text = Text(t("report.samples", lang), style="bold")
    for check in failing:
        shown = check.samples[:max_samples]
        text.append("\n")
        text.append(
            t(
                "report.samples_check",
                lang,
                id=check.id,
                failed=format_int(check.failed, lang),
                shown=format_int(len(shown), lang),
            ),
            style=STATUS_STYLES.get(check.status, ""),
        )
        for sample in shown:
            text.append("\n")
            text.append_text(_sample_line(sample, lang))
    return text


def result_renderable(result: Result, *, lang: Lang = "vi", max_samples: int = 3) -> Group:
    """Build the console report of a result as one Rich renderable.

    Parameters
    ----------
    result
        The result to show.
    lang
        ``"vi"`` (default) or ``"en"``.
    max_samples
        How many failing samples to show per failing check (0 for none).

    Returns
    -------
    rich.console.Group
        Header, one table per dimension, score footer, notes and samples.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> from rich.console import Console
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1, 2]}), as_of="2026-06-30")
    >>> import io
    >>> console = Console(width=100, record=True, file=io.StringIO())
    >>> console.print(result_renderable(result, lang="vi"))
    >>> "Đạt" in console.export_text()
    True
    """
    parts: list[RenderableType] = [_header(result, lang), Text()]
    groups = _checks_by_dimension(result)
    if not groups:
        parts.append(Text(t("report.no_checks", lang), style="dim"))
    id_width = min(max((len(c.id) for c in result.checks), default=12), _MAX_ID_WIDTH)
    id_width = max(id_width, len(t("report.col.check", lang)))
    for dimension, summary, checks in groups:
        parts.append(_FittedTable(dimension, summary, checks, lang, id_width))
        reasons = _reasons(checks, lang)
        if reasons is not None:
            parts.append(reasons)
        parts.append(Text())
    parts.append(_footer(result, lang))
    for extra in (_notes(result, lang), _samples(result, lang, max_samples)):
        if extra is not None:
            parts.extend([Text(), extra])
    return Group(*parts)


def render_result(
    result: Result, console: Console, *, lang: Lang = "vi", max_samples: int = 3
) -> None:
    """Print the console report of ``result`` on ``console``.

    Parameters
    ----------
    result
        The result to show.
    console
        Where to print (its width and colour settings apply).
    lang
        ``"vi"`` (default) or ``"en"``.
    max_samples
        How many failing samples to show per failing check.

    Examples
    --------
    >>> import io, polars as pl, datacheck as dc
    >>> from rich.console import Console
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [None]}), as_of="2026-06-30")
    >>> out = io.StringIO()
    >>> render_result(result, Console(file=out, width=100), lang="en")
    >>> "fail" in out.getvalue()
    True
    """
    console.print(result_renderable(result, lang=lang, max_samples=max_samples))


def render_text(
    result: Result, *, lang: Lang = "vi", width: int = 120, max_samples: int = 3
) -> str:
    """Render the console report of ``result`` as plain text (no colours).

    Parameters
    ----------
    result
        The result to show.
    lang
        ``"vi"`` (default) or ``"en"``.
    width
        Line width in characters.
    max_samples
        How many failing samples to show per failing check.

    Returns
    -------
    str
        The report as it would print on a terminal ``width`` characters wide.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1]}), as_of="2026-06-30")
    >>> "Điểm chất lượng tập dữ liệu: 100 — Đạt" in render_text(result)
    True
    """
    console = Console(
        width=width, record=True, color_system=None, force_terminal=False, file=io.StringIO()
    )
    render_result(result, console, lang=lang, max_samples=max_samples)
    return console.export_text()


def summary_line(result: Result, lang: Lang = "vi") -> str:
    """One line: suite, score, band, the number of failed or errored checks and of warnings.

    Warnings are named only when a check warned (``--fail-on warn`` makes them fail a run).

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
    >>> summary_line(result, "en")
    'demo: score 50 — Fails; 1 check(s) failed or errored'
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"], warn=0.4)])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
    >>> summary_line(result, "en")
    'demo: score 50 — Fails; 0 check(s) failed or errored, 1 warned'
    """
    failing = format_int(len(result.by_status("fail", "error")), lang)
    if result.score is None:
        line = t("report.summary_no_score", lang, suite=result.suite, failing=failing)
    else:
        band = result.band.label(lang) if result.band else t("report.none", lang)
        line = t(
            "report.summary",
            lang,
            suite=result.suite,
            score=format_score(result.score, lang),
            band=band,
            failing=failing,
        )
    warned = len(result.by_status("warn"))
    if warned:
        line = t("report.summary_warned", lang, summary=line, warned=format_int(warned, lang))
    return line
