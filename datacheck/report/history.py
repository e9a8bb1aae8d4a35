"""Console rendering of a history :class:`~datacheck.history.Trend` with Rich.

One table, one row per database (national runs first): its number of recorded runs, the
as-of of the latest, its last few scores (oldest → newest), the latest score and the change
since the previous run with an arrow (▲ up, ▼ down — bold red when the drop raised an alert,
■ unchanged). With ``dimensions=True`` each database is followed by one row per dimension.
Below the table: the alerts of each database's latest run (or all of them) and the alert
rules in one sentence. Vietnamese by default, English with ``lang="en"``; every word comes
from :data:`datacheck.i18n.CATALOG` (``history.*`` keys). Names are shown as
:class:`~rich.text.Text`, never parsed as markup. Nothing is recomputed: the scores and alerts
are those of the trend.

Examples
--------
>>> import tempfile, polars as pl, datacheck as dc
>>> from datacheck.history import append, trend
>>> from datacheck.report.history import render_history_text
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> store = tempfile.mkdtemp()
>>> for day in ("2026-05-31", "2026-06-30"):
...     _ = append(dc.run(suite, pl.DataFrame({"id": [1, 2]}), as_of=day), store)
>>> text = render_history_text(trend(store), lang="en")
>>> "demo" in text and "100 · 100" in text and "No alerts at the latest run." in text
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time
from typing import Final

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from datacheck.dimensions import Dimension
from datacheck.errors import Lang
from datacheck.history import Alert, DatabaseTrend, Point, Trend
from datacheck.i18n import format_int, format_number, format_score, t

__all__ = ["history_renderable", "render_history", "render_history_text"]

_UP: Final[str] = "▲"
_DOWN: Final[str] = "▼"
_SAME: Final[str] = "■"


def _date(value: datetime, lang: Lang) -> str:
    day = t(
        "history.date",
        lang,
        day=f"{value.day:02d}",
        month=f"{value.month:02d}",
        year=f"{value.year:04d}",
    )
    if value.time() == time(0, 0):
        return day
    return t("history.datetime", lang, date=day, time=f"{value.hour:02d}:{value.minute:02d}")


def _score(score: float | None, lang: Lang) -> str:
    return t("history.none", lang) if score is None else format_score(score, lang)


def _scores(points: Sequence[Point], last: int, lang: Lang) -> Text:
    shown = points[-last:] if last > 0 else ()
    return Text(" · ".join(_score(p.score, lang) for p in shown))


def _change(points: Sequence[Point], alerted: bool, lang: Lang) -> Text:
    """The arrow and signed change between the last two runs (``—`` if there is none)."""
    if len(points) < 2 or points[-1].score is None or points[-2].score is None:
        return Text(t("history.none", lang), style="dim")
    change = points[-1].score - points[-2].score
    amount = format_number(abs(change), lang)
    if amount == "0":
        return Text(f"{_SAME} 0", style="dim")
    if change > 0:
        return Text(f"{_UP} +{amount}", style="green")
    return Text(f"{_DOWN} −{amount}", style="bold red" if alerted else "red")


def _dropped(alerts: Sequence[Alert], dimension: str | None, as_of: datetime | None) -> bool:
    return any(
        a.rule == "drop" and a.dimension == dimension and a.to_as_of == as_of for a in alerts
    )


def _name(item: DatabaseTrend, lang: Lang) -> Text:
    if item.level == "national":
        return Text(t("history.national", lang, name=item.database), style="bold")
    name = Text(item.database, style="bold")
    if item.title:
        name.append(f"\n{item.title}", style="dim")
    return name


def _latest(points: Sequence[Point], lang: Lang) -> str:
    return _date(points[-1].as_of, lang) if points else t("history.none", lang)


def _table(trend: Trend, lang: Lang, last: int, dimensions: bool) -> Table:
    table = Table(
        title=Text(t("history.title", lang), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(t("history.col.database", lang), overflow="fold")
    table.add_column(t("history.col.runs", lang), justify="right", no_wrap=True)
    table.add_column(t("history.col.latest", lang), no_wrap=True)
    table.add_column(t("history.col.scores", lang, count=format_int(last, lang)), overflow="fold")
    table.add_column(t("history.col.score", lang), justify="right", no_wrap=True)
    table.add_column(t("history.col.change", lang), justify="right", no_wrap=True)
    for item in (*trend.national, *trend.databases):
        alerts = item.alerts
        table.add_row(
            _name(item, lang),
            format_int(len(item.scores), lang),
            _latest(item.scores, lang),
            _scores(item.scores, last, lang),
            _score(item.scores[-1].score if item.scores else None, lang),
            _change(item.scores, _dropped(alerts, None, item.latest_as_of), lang),
        )
        if not dimensions:
            continue
        for name, points in item.dimensions.items():
            try:
                label = Dimension(name).label(lang)
            except ValueError:
                label = name
            as_of = points[-1].as_of if points else None
            table.add_row(
                Text(f"  ↳ {label}", style="dim"),
                format_int(len(points), lang),
                _latest(points, lang),
                _scores(points, last, lang),
                _score(points[-1].score if points else None, lang),
                _change(points, _dropped(alerts, name, as_of), lang),
            )
    return table


def _alerts(trend: Trend, lang: Lang, all_alerts: bool) -> Text:
    alerts = trend.alerts if all_alerts else trend.current_alerts
    if not alerts:
        return Text(t("history.alerts_none", lang), style="green")
    key = "history.alerts_all" if all_alerts else "history.alerts"
    text = Text()
    text.append(t(key, lang, count=format_int(len(alerts), lang)), style="bold red")
    for alert in alerts:
        text.append("\n  • ")
        text.append(" ".join(alert.text(lang).split()))
    return text


def history_renderable(
    trend: Trend,
    *,
    lang: Lang = "vi",
    last: int = 5,
    dimensions: bool = False,
    all_alerts: bool = False,
) -> Group:
    """Build the trend table and its alerts as one Rich renderable.

    Parameters
    ----------
    trend
        The trend to show (:func:`datacheck.history.trend`).
    lang
        ``"vi"`` (default) or ``"en"``.
    last
        How many of the latest scores to list per database.
    dimensions
        Add one row per dimension under each database.
    all_alerts
        List every alert of the history, not only those of the latest runs.

    Returns
    -------
    rich.console.Group
        The table (or a line saying the store is empty), the alerts and the rules.

    Examples
    --------
    >>> from datacheck.history import Trend
    >>> isinstance(history_renderable(Trend()), Group)
    True
    """
    if trend.empty:
        return Group(Text(t("history.empty", lang), style="dim"))
    parts: list[RenderableType] = [
        _table(trend, lang, last, dimensions),
        _alerts(trend, lang, all_alerts),
        Text(),
        Text(trend.rules.describe(lang), style="dim"),
    ]
    return Group(*parts)


def render_history(
    trend: Trend,
    console: Console,
    lang: Lang = "vi",
    *,
    last: int = 5,
    dimensions: bool = False,
    all_alerts: bool = False,
) -> None:
    """Print the trend table of ``trend`` on ``console`` (``datacheck history DIR``).

    Parameters
    ----------
    trend
        The trend to show (:func:`datacheck.history.trend`).
    console
        Where to print (its width and colour settings apply).
    lang
        ``"vi"`` (default) or ``"en"``.
    last
        How many of the latest scores to list per database.
    dimensions
        Add one row per dimension under each database.
    all_alerts
        List every alert of the history, not only those of the latest runs.

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> from datacheck.history import Trend
    >>> out = io.StringIO()
    >>> render_history(Trend(), Console(file=out, width=100), "en")
    >>> out.getvalue().strip()
    'The history store has no recorded runs yet.'
    """
    console.print(
        history_renderable(
            trend, lang=lang, last=last, dimensions=dimensions, all_alerts=all_alerts
        )
    )


def render_history_text(
    trend: Trend,
    *,
    lang: Lang = "vi",
    width: int = 120,
    last: int = 5,
    dimensions: bool = False,
    all_alerts: bool = False,
) -> str:
    """Render the trend table as plain text (no colours), ``width`` characters wide.

    Examples
    --------
    >>> from datacheck.history import Trend
    >>> render_history_text(Trend()).strip()
    'Kho lịch sử chưa ghi lần chạy nào.'
    """
    console = Console(
        width=width, record=True, color_system=None, force_terminal=False, file=io.StringIO()
    )
    render_history(trend, console, lang, last=last, dimensions=dimensions, all_alerts=all_alerts)
    return console.export_text()
