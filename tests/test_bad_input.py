"""Adversarial input never crashes, hangs or leaks: clear errors, bounded messages."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

import datacheck as dc
from datacheck import checks as c
from datacheck.national import run_national


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("suite: s\nchecks:\n  - check: not_null\n    columns: [a]\n    weight: .nan\n", "weight"),
        ("suite: s\nchecks:\n  - check: not_null\n    columns: [a]\n    weight: .inf\n", "weight"),
        ("suite: s\nchecks:\n  - check: row_count\n    min: " + "9" * 400 + "\n", "min"),
        (
            "suite: s\nchecks:\n  - check: fresh\n    column: t\n    max_age: 99999999999d\n",
            "max_age",
        ),
        ("suite: s\nweights: {clean: .inf}\n", "weights"),
        ("suite: s\nsamples: " + "9" * 80 + "\n", "samples"),
        ("suite: s\ntimezone: localtime\n", "timezone"),
        ("suite: s\ntimezone: " + "x" * 5000 + "\n", "timezone"),
        ("suite: s\n? [a, b]\n: 1\n", "mapping keys"),
        (
            "suite: s\nchecks:\n  - check: in_set\n    column: a\n    values: [01, 02, A1]\n",
            "quote",
        ),
        ("suite: !!python/object:os.system {}\n", "YAML"),
    ],
)
def test_bad_suites_are_clear_suite_errors(text: str, needle: str) -> None:
    with pytest.raises(dc.SuiteError) as info:
        dc.Suite.loads(text, file="s.yaml")
    message = str(info.value)
    assert needle in message or needle.lower() in message.lower()
    assert len(message) < 400
    assert "\n" not in message


def test_alias_bomb_fails_fast_with_a_short_message() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines.extend(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9))
    text = "suite: s\ntitle:\n  - " + "\n  - ".join(lines) + "\nkey: *a8\n"
    started = time.perf_counter()
    with pytest.raises(dc.SuiteError) as info:
        dc.Suite.loads(text)
    assert time.perf_counter() - started < 2
    assert len(str(info.value)) < 300


def test_open_ended_and_out_of_range_bounds_never_crash() -> None:
    frame = pl.DataFrame(
        {
            "ns": pl.Series([datetime(2000, 1, 1), datetime(2020, 1, 1)], dtype=pl.Datetime("ns")),
            "us": [datetime(2000, 1, 1), datetime(2020, 1, 1)],
            "d": [date(2000, 1, 1), date(2020, 1, 1)],
        }
    )
    suite = dc.Suite(
        name="s",
        checks=[
            c.Between(name="open_end", columns=["ns", "us", "d"], max=date(9999, 12, 31)),
            c.Between(name="far_past", columns=["ns"], min=date(1600, 1, 1)),
            c.Between(name="far_future", columns=["ns"], max=date(2300, 1, 1)),
            c.Between(name="after_all", columns=["ns"], min=date(2300, 1, 1)),
            c.Fresh(columns=["ns"], max_age="200000d"),
            c.Fresh(name="ancient", columns=["us"], max_age="999999999d"),
        ],
    )
    result = dc.run(suite, frame, as_of="2026-06-30")
    statuses = {r.id: (r.status, r.failed) for r in result.checks}
    assert statuses == {
        "open_end:ns": ("pass", 0),
        "open_end:us": ("pass", 0),
        "open_end:d": ("pass", 0),
        "far_past": ("pass", 0),
        "far_future": ("pass", 0),
        "after_all": ("fail", 2),
        "fresh:ns": ("pass", 0),
        "ancient": ("pass", 0),
    }


def test_between_on_enum_compares_values_not_category_order() -> None:
    frame = pl.DataFrame({"e": pl.Series(["a", "b"], dtype=pl.Enum(["b", "a"]))})
    suite = dc.Suite(name="s", checks=[c.Between(columns=["e"], min="a", max="b")])
    assert dc.run(suite, frame, as_of="2026-06-30").check("between:e").failed == 0


def test_engine_errors_do_not_leak_personal_data() -> None:
    frame = pl.DataFrame({"cccd": ["001203005678"]})
    suite = dc.Suite(
        name="s",
        pii=["cccd"],
        checks=[c.Expression(name="numeric", expr="CAST(cccd AS SMALLINT) > 0")],
    )
    result = dc.run(suite, frame, as_of="2026-06-30")
    check = result.check("numeric")
    assert check.status == "error"
    assert "001203005678" not in result.to_json()


def test_national_run_with_one_suite_twice_keeps_both_results(tmp_path: Path) -> None:
    pl.DataFrame({"a": [1, None]}).write_parquet(tmp_path / "half.parquet")
    pl.DataFrame({"a": [1, 2]}).write_parquet(tmp_path / "full.parquet")
    (tmp_path / "a.yaml").write_text(
        "suite: a\nchecks:\n  - check: not_null\n    column: a\n", encoding="utf-8"
    )
    (tmp_path / "national.yaml").write_text(
        "national: n\ndatabases:\n"
        "  - suite: a.yaml\n    source: half.parquet\n"
        "  - suite: a.yaml\n    source: full.parquet\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_national(tmp_path / "national.yaml", as_of="2026-06-30", out=out)
    assert [(d.score, d.result) for d in result.databases] == [
        (50.0, "a.json"),
        (100.0, "a-2.json"),
    ]
    assert dc.Result.read_json(out / "a.json").score == 50.0
    assert dc.Result.read_json(out / "a-2.json").score == 100.0
