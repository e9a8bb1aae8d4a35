"""``python -m benchmarks.distributed``: every engine measured, each equal to the local one."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import distributed


@pytest.mark.spark
def test_every_engine_is_measured_and_equals_local(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = distributed.main(
        ["--rows", "20000", "--repeat", "1", "--results", str(tmp_path), "--data", str(tmp_path)]
    )
    assert code == 0, capsys.readouterr().err
    table = (tmp_path / "distributed.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "engine" not in line]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == [
        "local",
        "partitioned",
        "dask",
        "spark",
    ]
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[6] == "✓", row  # equal to local (local: every count = the manifest)
        assert cells[3] != "—", row  # a best run was measured
    for row in rows[2:]:  # the clusters' start-up is measured apart from the runs
        assert [c.strip() for c in row.strip("|").split("|")][1] != "—", row
