"""The national run: weighting, determinism, files, errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import datacheck as dc
from datacheck.national import NationalSuite, run_national
from datacheck.report.html import render_national
from datacheck.score import Bands
from samples import generate_samples, write_samples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def national_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("national")
    data = folder / "data"
    write_samples(generate_samples(rows=20_000, seed=21, as_of="2026-06-30"), data)
    for name in ("dan_cu", "bao_hiem"):
        text = (ROOT / "suites" / f"{name}.yaml").read_text(encoding="utf-8")
        text = text.replace("../samples/out/", "data/")
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    national = folder / "national.yaml"
    national.write_text(
        "national: test_national\n"
        "title: Test\n"
        "databases:\n"
        "  - suite: dan_cu.yaml\n    weight: 3\n"
        "  - suite: bao_hiem.yaml\n    weight: 1\n    owner: BHXH\n",
        encoding="utf-8",
    )
    return national


def test_national_score_is_the_weighted_mean_of_database_scores(
    national_file: Path, tmp_path: Path
) -> None:
    result = run_national(national_file, as_of="2026-06-30", out=tmp_path)
    by_suite = {r.suite: r for r in result.results}
    dan_cu, bao_hiem = by_suite["dan_cu"].score, by_suite["bao_hiem"].score
    assert dan_cu is not None
    assert bao_hiem is not None
    assert result.score == pytest.approx((3 * dan_cu + 1 * bao_hiem) / 4, abs=1e-12)
    # each database's score is itself the mean of its dimensions, from its checks
    for db in result.results:
        dims = [d for d in db.dimensions if d.score is not None]
        expected = sum(d.score * d.weight for d in dims) / sum(d.weight for d in dims)  # type: ignore[operator]
        assert db.score == pytest.approx(expected, abs=1e-9)
    summary = {d.suite: d for d in result.databases}
    assert summary["bao_hiem"].owner == "BHXH"
    assert summary["dan_cu"].weight == 3.0
    assert result.band is dc.Bands().band(result.score)


def test_national_files_are_written_and_valid(national_file: Path, tmp_path: Path) -> None:
    run_national(national_file, as_of="2026-06-30", out=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bao_hiem.json",
        "dan_cu.json",
        "national.json",
    ]
    national = json.loads((tmp_path / "national.json").read_text(encoding="utf-8"))
    assert national["schema_version"] == "1.2"
    assert [d["suite"] for d in national["databases"]] == ["dan_cu", "bao_hiem"]
    assert all(d["result"] == f"{d['suite']}.json" for d in national["databases"])
    assert len(national["worst_checks"]) == 10
    scores = [w["score"] for w in national["worst_checks"]]
    assert scores == sorted(scores)


def _without_timings(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_timings(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_without_timings(v) for v in data]
    return data


def test_two_runs_give_identical_json_apart_from_timings(
    national_file: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run_national(national_file, as_of="2026-06-30", out=first)
    run_national(national_file, as_of="2026-06-30", out=second)
    for name in ("national.json", "dan_cu.json", "bao_hiem.json"):
        a = json.loads((first / name).read_text(encoding="utf-8"))
        b = json.loads((second / name).read_text(encoding="utf-8"))
        assert _without_timings(a) == _without_timings(b), name


def test_scorecard_command(national_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "datacheck",
            "scorecard",
            str(national_file),
            "--out",
            str(out),
            "--as-of",
            "2026-06-30",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # the samples carry defects
    assert "National score" in proc.stdout
    assert (out / "national.json").exists()
    never = subprocess.run(
        [
            sys.executable,
            "-m",
            "datacheck",
            "scorecard",
            str(national_file),
            "--out",
            str(out),
            "--as-of",
            "2026-06-30",
            "--fail-on",
            "never",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert never.returncode == 0


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("national: x\n", "databases"),
        ("national: x\ndatabases: []\n", "databases"),
        ("national: x\ndatabse:\n  - suite: a.yaml\n", "did you mean 'databases'"),
        ("national: x\ndatabases:\n  - suite: a.yaml\n    wieght: 2\n", "did you mean 'weight'"),
        ("national: x\ndatabases:\n  - suite: a.yaml\n    weight: -1\n", "weight"),
        ("national: x\ndatabases:\n  - source: a.parquet\n", "suite"),
    ],
)
def test_national_suite_errors_name_what_is_wrong(text: str, needle: str) -> None:
    with pytest.raises(dc.SuiteError) as info:
        NationalSuite.loads(text, file="national.yaml")
    assert needle in str(info.value)
    assert str(info.value).startswith("national.yaml")


def test_scorecard_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "national.yaml"
    bad.write_text("national: x\ndatabases:\n  - suite: missing.yaml\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "datacheck", "scorecard", str(bad), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_one_unreadable_database_is_reported_and_the_others_still_scored(
    national_file: Path, tmp_path: Path
) -> None:
    broken = national_file.parent / "broken_national.yaml"
    broken.write_text(
        "national: broken\n"
        "databases:\n"
        "  - suite: dan_cu.yaml\n"
        "  - suite: missing.yaml\n"
        "  - suite: bao_hiem.yaml\n    source: data/nowhere.parquet\n",
        encoding="utf-8",
    )
    result = run_national(broken, as_of="2026-06-30", out=tmp_path)
    assert [d.suite for d in result.databases] == ["dan_cu", "missing", "bao_hiem"]
    assert [d.error is not None for d in result.databases] == [False, True, True]
    assert result.score == result.databases[0].score  # only the database that ran
    national = json.loads((tmp_path / "national.json").read_text(encoding="utf-8"))
    assert national["incomplete"] is True
    assert "missing.yaml" in national["databases"][1]["error"]["en"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "datacheck",
            "scorecard",
            str(broken),
            "--out",
            str(tmp_path / "cli"),
            "--as-of",
            "2026-06-30",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2  # one line per unreadable database


def test_a_database_whose_source_fails_keeps_its_suite_id_title_and_owner(
    national_file: Path, tmp_path: Path
) -> None:
    # the suite file's name differs from the suite's id; only the source is missing
    suite_text = (national_file.parent / "bao_hiem.yaml").read_text(encoding="utf-8")
    (tmp_path / "insurance_copy.yaml").write_text(suite_text, encoding="utf-8")
    (tmp_path / "national.yaml").write_text(
        "national: broken\n"
        "bands: {meets: 90, improve: 70}\n"
        "databases:\n"
        f"  - suite: {national_file.parent / 'dan_cu.yaml'}\n"
        "  - suite: insurance_copy.yaml\n    source: nowhere.parquet\n"
        "  - suite: not_there.yaml\n    owner: Bộ Ngoại giao\n",
        encoding="utf-8",
    )
    result = run_national(tmp_path / "national.yaml", as_of="2026-06-30", out=tmp_path / "out")
    checked, unread, unparsed = result.databases
    assert checked.failing_checks is not None
    assert unread.error is not None
    assert (unread.suite, unread.title, unread.owner) == (
        "bao_hiem",
        "Cơ sở dữ liệu quốc gia về bảo hiểm",
        "Bảo hiểm xã hội Việt Nam",
    )
    assert unread.failing_checks is None  # nothing was counted: not "0 failing"
    # a suite that could not be read at all: its file's name, the list's owner
    assert (unparsed.suite, unparsed.title, unparsed.owner) == ("not_there", None, "Bộ Ngoại giao")
    assert unparsed.failing_checks is None
    data = json.loads((tmp_path / "out" / "national.json").read_text(encoding="utf-8"))
    assert [d["suite"] for d in data["databases"]] == ["dan_cu", "bao_hiem", "not_there"]
    assert [d["failing_checks"] is None for d in data["databases"]] == [False, True, True]
    assert data["databases"][1]["title"] == "Cơ sở dữ liệu quốc gia về bảo hiểm"
    # the national page names it by its title
    page = render_national(result, {}, "vi")
    assert "<span>Cơ sở dữ liệu quốc gia về bảo hiểm</span>" in page
    assert "<strong>Cơ sở dữ liệu quốc gia về bảo hiểm</strong>" in page
    # and states the list's band thresholds
    assert result.bands == Bands(meets=90, improve=70)
    assert "từ 90 trở lên" in page


# ---------------------------------------------------------------------------------------
# the real national list over generated samples


@pytest.fixture(scope="module")
def full_national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``suites/`` copied next to ``samples/out`` holding a small generated sample."""
    root = tmp_path_factory.mktemp("full")
    write_samples(generate_samples(rows=20_000, seed=5, as_of="2026-06-30"), root / "samples/out")
    shutil.copytree(ROOT / "suites", root / "suites")
    return root / "suites" / "national.yaml"


def _hand_score(checks: list[dict[str, Any]], weights: dict[str, float]) -> Fraction | None:
    """A database's score from its checks' raw counts, with exact fractions."""
    per_dimension: dict[str, list[tuple[Fraction, Fraction]]] = {}
    for check in checks:
        if check["status"] in ("error", "not_applicable") or check["evaluated"] == 0:
            continue
        score = Fraction(100) * (check["evaluated"] - check["failed"]) / check["evaluated"]
        factor = 3 if check["severity"] == "critical" else 1
        weight = Fraction(check["weight"]) * factor
        per_dimension.setdefault(check["dimension"], []).append((score, weight))
    dims = [
        (sum(s * w for s, w in pairs) / sum(w for _, w in pairs), Fraction(weights[d]))
        for d, pairs in per_dimension.items()
    ]
    if not dims:
        return None
    return sum(s * w for s, w in dims) / sum(w for _, w in dims)


def test_national_score_equals_a_hand_computation_from_the_checks(
    full_national: Path, tmp_path: Path
) -> None:
    run_national(full_national, as_of="2026-06-30", out=tmp_path)
    national = json.loads((tmp_path / "national.json").read_text(encoding="utf-8"))
    listed = NationalSuite.from_yaml(full_national)
    assert len(national["databases"]) == len(listed.databases)
    total = weight_sum = Fraction(0)
    for db in national["databases"]:
        result = json.loads((tmp_path / db["result"]).read_text(encoding="utf-8"))
        weights = {d["dimension"]: d["weight"] for d in result["dimensions"]}
        hand = _hand_score(result["checks"], weights)
        assert hand is not None, db["suite"]
        assert db["score"] == pytest.approx(float(hand), abs=1e-9), db["suite"]
        total += hand * Fraction(db["weight"])
        weight_sum += Fraction(db["weight"])
    assert national["score"] == pytest.approx(float(total / weight_sum), abs=1e-9)
    assert 0 < national["score"] < 100  # the samples carry defects


_SECONDS = re.compile(rb'"seconds": [0-9.e+-]+')


def test_full_national_run_twice_is_byte_identical_apart_from_timings(
    full_national: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    run_national(full_national, as_of="2026-06-30", out=first)
    run_national(full_national, as_of="2026-06-30", out=second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == len(NationalSuite.from_yaml(full_national).databases) + 1
    for name in names:
        a = _SECONDS.sub(b"", (first / name).read_bytes())
        b = _SECONDS.sub(b"", (second / name).read_bytes())
        assert a == b, name


def test_shared_reference_scans_give_the_results_of_standalone_runs(
    full_national: Path,
) -> None:
    national = run_national(full_national, as_of="2026-06-30")
    for entry, result in zip(
        NationalSuite.from_yaml(full_national).databases, national.results, strict=True
    ):
        alone = dc.run(dc.Suite.from_yaml(entry.suite_path), as_of="2026-06-30")
        assert _without_timings(result.to_dict()) == _without_timings(alone.to_dict())


# ---------------------------------------------------------------------------------------
# personal data in the national suites


def _columns_of(suite: dc.Suite) -> tuple[str, ...]:
    """The columns of a suite's data, as its ``required_columns`` check lists them."""
    required = [c for c in suite.checks if isinstance(c, dc.checks.RequiredColumns)]
    assert required, f"{suite.name}: no required_columns check lists the data's columns"
    return tuple(column for check in required for column in check.columns)


_PERSON_ROLES = ("representative", "spouse", "beneficiary")
"""Roles that are always a person: ``<role>_id`` is a personal id."""


def _personal_columns(columns: tuple[str, ...]) -> set[str]:
    """The columns that identify a person, read from the names alone.

    * a personal id (``person_id``, ``owner_person_id`` …), a passport number, a full name or
      a phone number, wherever it appears;
    * when a role's person id is there (``owner_person_id``, ``representative_id``), the
      role's id, name and tax code: the owner, applicant or investor may be an individual,
      whose personal tax code identifies them as surely as their id;
    * when the rows are people or taxpayers (a bare ``person_id``), every name and tax code.
    """
    personal = {
        c for c in columns if c.endswith(("person_id", "full_name", "phone", "passport_no"))
    }
    roles = {c.removesuffix("_person_id") for c in columns if c.endswith("_person_id")}
    roles |= {role for role in _PERSON_ROLES if f"{role}_id" in columns}
    for role in roles:
        personal |= {c for c in (f"{role}_id", f"{role}_name", f"{role}_tax_code") if c in columns}
    if "person_id" in columns:
        personal |= {c for c in columns if c.endswith(("_name", "tax_code"))}
    return personal


def test_personal_columns_of_every_national_suite_are_pii() -> None:
    national = NationalSuite.from_yaml(ROOT / "suites" / "national.yaml")
    assert len(national.databases) == 12
    unmasked = {}
    for entry in national.databases:
        suite = dc.Suite.from_yaml(entry.suite_path)
        columns = _columns_of(suite)
        assert set(suite.pii) <= set(columns), f"{suite.name}: pii names a column it lacks"
        missing = _personal_columns(columns) - set(suite.pii)
        if missing:
            unmasked[suite.name] = sorted(missing)
    assert unmasked == {}


def test_the_personal_column_rule_reads_roles() -> None:
    assert _personal_columns(("owner_person_id", "owner_tax_code", "owner_name", "area")) == {
        "owner_person_id",
        "owner_tax_code",
        "owner_name",
    }
    # an enterprise-only role (no person id) is not personal; the investor may be a person
    assert _personal_columns(
        ("investor_person_id", "investor_tax_code", "contractor_tax_code")
    ) == {"investor_person_id", "investor_tax_code"}
    assert _personal_columns(("mst", "name", "representative_id", "representative_name")) == {
        "representative_id",
        "representative_name",
    }
    assert _personal_columns(("tax_code", "person_id", "taxpayer_name", "tax_office")) == {
        "tax_code",
        "person_id",
        "taxpayer_name",
    }
