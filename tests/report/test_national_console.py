"""The national scorecard in the terminal: the table, the total and the record tiers."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from datacheck.national import DatabaseSummary, NationalResult
from datacheck.report.national import national_renderable
from datacheck.score import Band


def _database(suite: str, tiers: dict[str, int] | None) -> DatabaseSummary:
    return DatabaseSummary(
        suite=suite,
        title=None,
        owner=None,
        weight=1.0,
        score=99.0,
        band=Band.MEETS,
        dimensions={},
        rows=sum(tiers.values()) if tiers else None,
        failing_checks=1,
        result=None,
        tiers=tiers,
    )


def _text(result: NationalResult, lang: str) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(national_renderable(result, lang=lang))  # type: ignore[arg-type]
    return console.export_text()


def test_tiers_are_summed_over_the_databases_that_counted_them() -> None:
    result = NationalResult(
        name="n",
        title=None,
        as_of=datetime(2026, 6, 30, tzinfo=UTC),
        score=99.0,
        band=Band.MEETS,
        databases=(
            _database("a", {"usable": 90, "needs_correction": 6, "unusable": 4}),
            _database("b", {"usable": 290, "needs_correction": 4, "unusable": 6}),
            _database("c", None),  # not counted (an older result): left out of the total
        ),
        dimensions={},
        worst_checks=(),
    )
    english = _text(result, "en")
    assert (
        "Record tiers: Usable: 380 (95%) · Needs correction: 10 (2.5%) · Unusable: 10 (2.5%)"
        in (english)
    )
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in english.splitlines()]
    first_table = {row[0]: row for row in cells if len(row) == 7}  # 7 columns: the main table
    assert {name: row[-1] for name, row in first_table.items()} == {"a": "4", "b": "6", "c": "—"}
    assert "Phân hạng bản ghi: Sử dụng được: 380 (95%)" in _text(result, "vi")


def test_no_tiers_line_when_no_database_counted_them() -> None:
    result = NationalResult(
        name="n",
        title=None,
        as_of=datetime(2026, 6, 30, tzinfo=UTC),
        score=None,
        band=None,
        databases=(_database("c", None),),
        dimensions={},
        worst_checks=(),
    )
    assert "Record tiers" not in _text(result, "en")


def test_a_database_that_could_not_be_checked_has_no_failing_count() -> None:
    unread = DatabaseSummary(
        suite="thue",
        title="Cơ sở dữ liệu quốc gia về thuế",
        owner=None,
        weight=1.0,
        score=None,
        band=None,
        dimensions={},
        rows=None,
        failing_checks=None,
        result=None,
        error={"en": "file not found", "vi": "không tìm thấy tệp"},
    )
    result = NationalResult(
        name="n",
        title=None,
        as_of=datetime(2026, 6, 30, tzinfo=UTC),
        score=99.0,
        band=Band.MEETS,
        databases=(_database("a", None), unread),
        dimensions={},
        worst_checks=(),
    )
    cells = [
        [c.strip() for c in line.split("│")[1:-1]] for line in _text(result, "en").splitlines()
    ]
    rows = {row[0]: row for row in cells if len(row) == 7}
    assert rows["a"][5] == "1"
    assert rows["thue"][5] == "—"  # not "0": nothing was counted
