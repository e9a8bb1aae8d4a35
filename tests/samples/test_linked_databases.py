"""The four linked databases: datacheck's counts equal the manifest for every suite.

``ho_tich``, ``thue``, ``doanh_nghiep`` and ``can_bo`` are generated beside ``dan_cu`` and
``bao_hiem`` (20,000 population rows, scaled so every defect kind has several rows); every
suite in ``suites/`` is run through :func:`datacheck.run` and each check's ``evaluated``,
``failed`` (and ``groups``/``surplus`` of ``unique``) must equal the generator's manifest,
which is computed from the injection bookkeeping only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import datacheck as dc
from samples import Samples, generate_samples, write_samples
from samples.databases import LINKED, TABLES
from samples.databases import _common as c

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
SUITES = sorted(p.stem for p in (ROOT / "suites").glob("*.yaml") if p.name != "national.yaml")
NEW = tuple(LINKED)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Samples]:
    out = tmp_path_factory.mktemp("linked")
    samples = generate_samples(rows=20_000, seed=13, as_of=AS_OF, defect_rate=0.002)
    write_samples(samples, out)
    return out, samples


def run_suite(name: str, folder: Path, manifest: dict[str, Any]) -> dc.Result:
    expected = manifest["suites"][name]
    suite = dc.Suite.from_yaml(ROOT / "suites" / f"{name}.yaml")
    references = {n: folder / f for n, f in (expected.get("references") or {}).items()}
    return dc.run(
        suite,
        folder / expected["source"],
        as_of=manifest["parameters"]["as_of"],
        references=references,
    )


def mismatches(result: dc.Result, expected: dict[str, dict[str, int]]) -> list[Any]:
    out = []
    for check in result.checks:
        truth = expected[check.id]
        got = {"evaluated": check.evaluated, "failed": check.failed}
        got.update({k: check.details[k] for k in ("groups", "surplus") if k in truth})
        if got != truth:
            out.append((check.id, got, truth, check.reason()))
    return out


def test_every_suite_is_in_the_manifest() -> None:
    assert set(SUITES) == set(TABLES)
    for name in NEW:
        assert (ROOT / "suites" / f"{name}.yaml").exists()


@pytest.mark.parametrize("name", SUITES)
def test_counts_equal_the_manifest(generated: tuple[Path, Samples], name: str) -> None:
    out, samples = generated
    expected = samples.manifest["suites"][name]["checks"]
    result = run_suite(name, out, samples.manifest)
    assert [c.id for c in result.checks if c.status == "error"] == []
    assert {c.id for c in result.checks} == set(expected)
    assert mismatches(result, expected) == []
    assert any(c.failed > 0 for c in result.checks), "the sample must contain defects"
    if name in NEW:  # every check of the new suites meets a defect, but the few below
        passing = {c.id for c in result.checks if c.failed == 0}
        assert passing <= LINKED[name].UNTARGETED


def test_every_defect_kind_is_listed_and_placed(generated: tuple[Path, Samples]) -> None:
    _, samples = generated
    defects = samples.manifest["defects"]
    for name in NEW:
        kinds = {d["kind"] for d in defects if d["table"] == name}
        assert kinds == set(LINKED[name].DEFECTS), name
    assert all(d["rows"] > 0 and d["fails"] for d in defects if d["table"] in NEW)


def test_cross_database_defects(generated: tuple[Path, Samples]) -> None:
    _, s = generated
    cross = s.manifest["cross"]
    # deceased in dan_cu, still active in thue / can_bo
    for name in ("thue", "can_bo"):
        joined = s.tables[name].join(s.dan_cu, on="person_id", suffix="_pop")
        still = joined.filter(
            (pl.col("status_pop") == "deceased") & (pl.col("status") == "active")
        ).height
        assert still == cross[name]["deceased_still_active"] > 0
    # dissolved in doanh_nghiep, still active in thue
    joined = s.thue.join(s.doanh_nghiep, left_on="enterprise_code", right_on="mst", suffix="_dn")
    still = joined.filter((pl.col("status_dn") == "dissolved") & (pl.col("status") == "active"))
    assert still.height == cross["thue"]["dissolved_still_active"] > 0
    checks = s.manifest["suites"]
    assert checks["thue"]["checks"]["dissolved_still_active"]["failed"] == still.height


def test_enterprise_codes_have_valid_check_digits(generated: tuple[Path, Samples]) -> None:
    _, s = generated
    codes = s.doanh_nghiep["mst"].drop_nulls()
    codes = codes.filter(codes.str.contains(r"^[0-9]{10}$"))
    digits = np.array([codes.str.slice(i, 1).cast(pl.Int64).to_numpy() for i in range(10)])
    total = (c.MST_WEIGHTS[:, None] * digits[:9]).sum(axis=0)
    valid = (total % 11 != 0) & (digits[9] == 10 - total % 11)
    bad = s.manifest["suites"]["doanh_nghiep"]["checks"]["mst:mst"]["failed"]
    spaced = next(
        d["rows"]
        for d in s.manifest["defects"]
        if d["table"] == "doanh_nghiep" and d["kind"] == "mst_spaced"
    )
    assert int((~valid).sum()) == bad - spaced > 0


def test_realistic_linked_values(generated: tuple[Path, Samples]) -> None:
    _, s = generated
    ids = s.dan_cu["person_id"].implode()
    linked = s.can_bo["person_id"].is_in(ids).mean()
    assert linked is not None
    assert 0.95 < float(linked) < 1  # type: ignore[arg-type]
    communes = list(c.communes().code)
    share = s.ho_tich["commune_code"].is_in(communes).mean()
    assert share is not None
    assert 0.95 < float(share) < 1  # type: ignore[arg-type]
    assert set(s.ho_tich["event_type"].value_counts()["event_type"]) >= {
        "khai_sinh",
        "khai_tu",
        "ket_hon",
    }
    assert s.doanh_nghiep["name"].str.starts_with("Công ty").mean() > 0.8  # type: ignore[operator]
    assert s.thue["tax_office"].str.starts_with("Thuế ").all()
    assert s.can_bo["rank_code"].is_in(list(LINKED["can_bo"].RANKS)).mean() > 0.95  # type: ignore[operator]


def test_same_seed_same_databases() -> None:
    a = generate_samples(5_000, seed=42, as_of=AS_OF)
    b = generate_samples(5_000, seed=42, as_of=AS_OF)
    for name in TABLES:
        assert a.tables[name].equals(b.tables[name]), name
    assert a.manifest == b.manifest
    other = generate_samples(5_000, seed=43, as_of=AS_OF)
    assert not other.thue.equals(a.thue)


def test_new_databases_leave_the_first_two_unchanged() -> None:
    s = generate_samples(3_000, seed=5, as_of=AS_OF)
    assert s.dan_cu.height == 3_000
    assert s.bao_hiem.height == 1_500
    assert [s.tables[n].height > 0 for n in TABLES] == [True] * len(TABLES)


def test_clean_mode_passes_every_check(tmp_path: Path) -> None:
    samples = generate_samples(rows=20_000, seed=3, as_of=AS_OF, defect_rate=0.0)
    write_samples(samples, tmp_path)
    for name in SUITES:
        expected = samples.manifest["suites"][name]["checks"]
        assert all(v["failed"] == 0 for v in expected.values()), name
        result = run_suite(name, tmp_path, samples.manifest)
        assert [c.id for c in result.checks if c.status != "pass"] == [], name
        assert mismatches(result, expected) == [], name
        assert result.score == 100.0
