"""Scale 1 (1,000,000 population rows, ~10M rows in all): every count equals the manifest.

Marked ``slow``: not part of ``make test``; run with ``pytest -m slow tests/samples``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datacheck.national import run_national
from samples import generate_samples, write_samples
from samples.generator import SCALE_ROWS

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"


@pytest.mark.slow
def test_scale_one_counts_equal_the_manifest(tmp_path: Path) -> None:
    samples = generate_samples(rows=SCALE_ROWS, seed=7, as_of=AS_OF)
    write_samples(samples, tmp_path / "samples" / "out")
    shutil.copytree(ROOT / "suites", tmp_path / "suites")
    manifest = samples.manifest
    del samples
    assert sum(t["rows"] for t in manifest["tables"].values()) > 5 * SCALE_ROWS
    national = run_national(tmp_path / "suites" / "national.yaml", as_of=AS_OF)
    assert not national.failed_databases
    mismatches = []
    for result in national.results:
        expected = manifest["suites"][result.suite]["checks"]
        assert {c.id for c in result.checks} == set(expected), result.suite
        for check in result.checks:
            truth = expected[check.id]
            got = {"evaluated": check.evaluated, "failed": check.failed}
            got.update({k: check.details[k] for k in ("groups", "surplus") if k in truth})
            if got != truth:
                mismatches.append((result.suite, check.id, got, truth))
    assert mismatches == []
