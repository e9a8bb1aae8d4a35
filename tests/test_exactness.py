"""Every count datacheck reports equals the truth the sample generator injected.

A 200k-row population table and its linked insurance table are generated with known
defects; the generator's manifest records, per check id, the exact ``evaluated`` and
``failed`` counts (and duplicate ``groups``/``surplus``). Both suites must match it exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import datacheck as dc
from samples import generate_samples, write_samples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("samples")
    samples = generate_samples(rows=200_000, seed=11, as_of="2026-06-30")
    write_samples(samples, out)
    return out, samples.manifest


@pytest.mark.parametrize("suite_name", ["dan_cu", "bao_hiem"])
def test_counts_equal_the_injected_defects(
    generated: tuple[Path, dict[str, Any]], suite_name: str
) -> None:
    out, manifest = generated
    expected = manifest["suites"][suite_name]
    suite = dc.Suite.from_yaml(ROOT / "suites" / f"{suite_name}.yaml")
    references = {name: out / file for name, file in (expected.get("references") or {}).items()}
    result = dc.run(
        suite,
        out / expected["source"],
        as_of=manifest["parameters"]["as_of"],
        references=references,
    )
    assert {c.id for c in result.checks} == set(expected["checks"])
    mismatches = []
    for check in result.checks:
        truth = expected["checks"][check.id]
        got = {"evaluated": check.evaluated, "failed": check.failed}
        got.update({k: check.details[k] for k in ("groups", "surplus") if k in truth})
        if got != truth:
            mismatches.append((check.id, got, truth, check.reason()))
    assert not mismatches
    assert any(c.failed > 0 for c in result.checks), "the sample must contain defects"


def test_clean_samples_pass_every_check(tmp_path: Path) -> None:
    samples = generate_samples(rows=20_000, seed=3, as_of="2026-06-30", defect_rate=0.0)
    write_samples(samples, tmp_path)
    for suite_name in ("dan_cu", "bao_hiem"):
        expected = samples.manifest["suites"][suite_name]
        suite = dc.Suite.from_yaml(ROOT / "suites" / f"{suite_name}.yaml")
        references = {n: tmp_path / f for n, f in (expected.get("references") or {}).items()}
        result = dc.run(
            suite, tmp_path / expected["source"], as_of="2026-06-30", references=references
        )
        assert [c.id for c in result.checks if c.status != "pass"] == []
        assert result.score == 100.0
