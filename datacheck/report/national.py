"""Console rendering of the national scorecard (a rendering: nothing is recomputed)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from datacheck.dimensions import Dimension
from datacheck.errors import Lang
from datacheck.i18n import format_int, format_number, format_score, t
from datacheck.national import NationalResult
from datacheck.report.console import band_text, status_text, tiers_line
from datacheck.tiers import Tier, TierCounts

__all__ = ["national_renderable", "render_national"]


def _score(score: float | None, lang: Lang) -> str:
    return t("report.none", lang) if score is None else format_score(score, lang)


def _count(tiers: Mapping[str, int] | None, tier: Tier, lang: Lang) -> str:
    return t("report.none", lang) if tiers is None else format_int(tiers[tier.value], lang)


def _tiers_total(result: NationalResult, lang: Lang) -> str | None:
    """Records per tier over every database whose tiers were counted."""
    counted = [db.tiers for db in result.databases if db.tiers is not None]

    def summed(tier: Tier) -> int:
        return sum(tiers[tier.value] for tiers in counted)

    total = TierCounts(
        usable=summed(Tier.USABLE),
        needs_correction=summed(Tier.NEEDS_CORRECTION),
        unusable=summed(Tier.UNUSABLE),
    )
    return tiers_line(total, lang)


def national_renderable(result: NationalResult, *, lang: Lang = "vi") -> Group:
    """The national table, the national score and the lowest-scoring checks.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from datacheck.national import NationalResult
    >>> empty = NationalResult("n", None, datetime(2026, 6, 30, tzinfo=timezone.utc), None,
    ...                        None, (), {}, ())
    >>> isinstance(national_renderable(empty), Group)
    True
    """
    present = [d for d in Dimension if result.dimensions.get(d.value) is not None]
    table = Table(title=result.title or t("national.title", lang), title_justify="left")
    table.add_column(t("national.database", lang), no_wrap=True)
    table.add_column(t("national.weight", lang), justify="right", no_wrap=True)
    table.add_column(t("national.rows", lang), justify="right", no_wrap=True)
    table.add_column(t("national.score", lang), justify="right", no_wrap=True)
    table.add_column(t("national.band", lang), no_wrap=True)
    table.add_column(t("national.failing", lang), justify="right")
    table.add_column(t("html.tier.unusable", lang), justify="right")
    for db in result.databases:
        table.add_row(
            Text(db.suite),
            format_number(db.weight, lang),
            format_int(db.rows, lang) if db.rows is not None else t("report.none", lang),
            _score(db.score, lang),
            band_text(db.band, lang) if db.error is None else status_text("error", lang),
            (
                t("report.none", lang)
                if db.failing_checks is None
                else format_int(db.failing_checks, lang)
            ),
            _count(db.tiers, Tier.UNUSABLE, lang),
        )
    by_dimension = Table(title_justify="left")
    by_dimension.add_column(t("national.database", lang), no_wrap=True)
    for dimension in present:
        by_dimension.add_column(dimension.label(lang), justify="right", no_wrap=True)
    for db in result.databases:
        by_dimension.add_row(
            Text(db.suite), *(_score(db.dimensions.get(d.value), lang) for d in present)
        )
    total = Text()
    head, _, tail = t(
        "national.total", lang, score=_score(result.score, lang), band="\0"
    ).partition("\0")
    total.append(head, style="bold")
    total.append_text(band_text(result.band, lang))
    total.append(tail, style="bold")
    tiers = _tiers_total(result, lang)
    if tiers is not None:
        total.append("\n" + tiers)
    total.append("\n" + t("national.seconds", lang, seconds=format_number(result.seconds, lang)))
    parts: list[Table | Text] = [table, by_dimension, total]
    for db in result.failed_databases:
        assert db.error is not None
        parts.append(Text(f"{db.suite}: {db.error[lang]}", style="red"))
    if result.worst_checks:
        worst = Text(t("national.worst", lang) + "\n", style="bold")
        for item in result.worst_checks:
            line = t(
                "national.worst_line",
                lang,
                suite=item["suite"],
                id=item["id"],
                dimension=Dimension(item["dimension"]).label(lang),
                score=_score(item["score"], lang),
                failed=format_int(item["failed"], lang),
                evaluated=format_int(item["evaluated"], lang),
            )
            worst.append("  • ")
            worst.append(line + "\n")
        parts.append(worst)
    return Group(*parts)


def render_national(result: NationalResult, console: Console, *, lang: Lang = "vi") -> None:
    """Print the national scorecard to ``console``."""
    console.print(national_renderable(result, lang=lang))
