"""The partitioned engine's per-process plan cache never mixes runs."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import datacheck as dc

AS_OF = "2026-06-30"

SUITE = """\
suite: people
key: id
source: people.parquet
references:
  master: master.parquet
checks:
  - check: exists_in
    column: pid
    reference: master
    reference_column: pid
"""


def _folder(root: Path, name: str, master_ids: list[str]) -> Path:
    folder = root / name
    folder.mkdir()
    pl.DataFrame({"id": ["1", "2", "3", "4"], "pid": ["a", "b", "c", "d"]}).write_parquet(
        folder / "people.parquet"
    )
    pl.DataFrame({"pid": master_ids}).write_parquet(folder / "master.parquet")
    (folder / "suite.yaml").write_text(SUITE, encoding="utf-8")
    return folder


def _failed(result: dc.Result) -> int:
    return result.checks[0].failed


def test_same_suite_text_in_two_folders_reads_each_folder_s_references(tmp_path: Path) -> None:
    """Regression: the compiled context was cached by the suite's text, so the second folder's
    run reused the first folder's reference files."""
    first = _folder(tmp_path, "first", ["a", "b", "c", "d"])
    second = _folder(tmp_path, "second", ["a"])
    for _ in range(2):  # the second round meets a warm cache
        ones = dc.run(first / "suite.yaml", as_of=AS_OF, engine="partitioned")
        twos = dc.run(second / "suite.yaml", as_of=AS_OF, engine="partitioned")
        assert (_failed(ones), _failed(twos)) == (0, 3)


def test_reference_frames_given_to_two_runs_are_not_shared(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "one", ["a", "b", "c", "d"])
    suite = folder / "suite.yaml"
    counts = [
        _failed(
            dc.run(
                suite,
                as_of=AS_OF,
                engine="partitioned",
                references={"master": pl.DataFrame({"pid": ids})},
            )
        )
        for ids in (["a", "b"], ["a", "b", "c"], ["a", "b"])
    ]
    assert counts == [2, 1, 2]
