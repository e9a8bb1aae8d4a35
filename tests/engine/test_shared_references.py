"""A reference file several suites use is read once, with only the columns they read."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import datacheck as dc
from datacheck.engine import shared_references as sr
from datacheck.national import run_national

SUITE = """suite: {name}
source: {name}.parquet
references:
  people: people.parquet
checks:
  - check: exists_in
    column: pid
    reference: people
  - check: agrees_with
    key: [pid]
    reference: people
    columns: [{column}]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pl.DataFrame(
        {
            "pid": ["1", "2", "3"],
            "birth": ["2000", "2001", "2002"],
            "sex": ["F", "M", "F"],
            "unused": ["x", "y", "z"],
        }
    ).write_parquet(tmp_path / "people.parquet")
    for name in ("a", "b", "c"):
        pl.DataFrame(
            {"pid": ["1", "2", "9"], "birth": ["2000", "1999", "2000"], "sex": ["F", "F", "M"]}
        ).write_parquet(tmp_path / f"{name}.parquet")
    (tmp_path / "a.yaml").write_text(SUITE.format(name="a", column="birth"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SUITE.format(name="b", column="sex"), encoding="utf-8")
    # c reads a column the reference lacks: its plan has an error, it reads on its own
    (tmp_path / "c.yaml").write_text(SUITE.format(name="c", column="gender"), encoding="utf-8")
    (tmp_path / "national.yaml").write_text(
        "national: n\ndatabases: [a.yaml, b.yaml, c.yaml]\n", encoding="utf-8"
    )
    return tmp_path


def entries(folder: Path, *names: str) -> list[sr.Entry]:
    return [(dc.Suite.from_yaml(folder / f"{n}.yaml"), None, {}) for n in names]


def test_plan_shares_a_file_read_by_two_suites_with_only_their_columns(folder: Path) -> None:
    shared = sr.plan_shared_references(entries(folder, "a", "b", "c"), as_of="2026-01-01")
    people = (folder / "people.parquet").resolve()
    assert shared.paths == {0: {"people": people}, 1: {"people": people}}
    assert shared.columns == {people: ["birth", "pid", "sex"]}
    assert shared.last_use == {people: 1}


def test_a_file_read_by_one_suite_is_not_shared(folder: Path) -> None:
    assert sr.plan_shared_references(entries(folder, "a", "c"), as_of=None).paths == {}


def test_national_run_reads_the_shared_file_once_and_frees_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    original = sr.to_lazyframe

    def counting(source: object) -> pl.LazyFrame:
        frame = original(source)
        if Path(str(source)).name == "people.parquet":
            reads.append("schema")
        return frame

    loaded: list[int] = []
    real_release = sr.SharedReferences.release

    def release(self: sr.SharedReferences, index: int) -> None:
        real_release(self, index)
        loaded.append(self.loaded)

    monkeypatch.setattr(sr, "to_lazyframe", counting)
    monkeypatch.setattr(sr.SharedReferences, "release", release)
    result = run_national(folder / "national.yaml", as_of="2026-01-01")
    # planning opens the file's schema once per suite (3), the shared read opens it once more
    assert reads == ["schema"] * 4
    assert loaded == [1, 0, 0]  # held while a and b run, freed after b
    by_suite = {r.suite: r for r in result.results}
    assert by_suite["a"].check("exists_in:pid").failed == 1
    assert by_suite["a"].check("agrees_with:birth").failed == 1
    assert by_suite["b"].check("agrees_with:sex").failed == 1
    assert by_suite["c"].check("agrees_with:gender").status == "error"
    assert "gender" in (by_suite["c"].check("agrees_with:gender").reason() or "")


def test_results_equal_standalone_runs(folder: Path) -> None:
    national = run_national(folder / "national.yaml", as_of="2026-01-01")
    for result in national.results:
        alone = dc.run(folder / f"{result.suite}.yaml", as_of="2026-01-01")
        assert [c.to_dict() for c in result.checks] == [c.to_dict() for c in alone.checks]
