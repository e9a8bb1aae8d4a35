"""Construction permits (``xay_dung``): cross-database facts, realism, exact counts, speed.

The cross-database facts of the manifest (``cross.xay_dung``) are recomputed here from the
frames with plain Polars joins against ``dan_cu`` and ``doanh_nghiep``; the suite is run on
small and unusual samples (the generic tests use one 20,000-row sample) and every count must
equal the manifest.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import datacheck as dc
from samples import Samples, generate_samples, write_samples
from samples import generator as g
from samples.databases import _common as c
from samples.databases import doanh_nghiep, xay_dung

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
AS_OF_DAY = date(2026, 6, 30)


@pytest.fixture(scope="module")
def samples() -> Samples:
    return generate_samples(rows=20_000, seed=21, as_of=AS_OF, defect_rate=0.002)


@pytest.fixture(scope="module")
def clean() -> Samples:
    return generate_samples(rows=10_000, seed=4, as_of=AS_OF, defect_rate=0.0)


def defect_rows(s: Samples, kind: str) -> int:
    rows: int = next(
        d["rows"] for d in s.manifest["defects"] if d["table"] == "xay_dung" and d["kind"] == kind
    )
    return rows


def expected(s: Samples, check_id: str) -> dict[str, int]:
    counts: dict[str, int] = s.manifest["suites"]["xay_dung"]["checks"][check_id]
    return counts


def with_contractor(s: Samples) -> pl.DataFrame:
    """Permits joined with their contractor's enterprise (inner: found ones only)."""
    firms = s.doanh_nghiep.select("mst", "name", pl.col("status").alias("firm_status"))
    return s.xay_dung.join(firms, left_on="contractor_tax_code", right_on="mst", how="inner")


def valid_check_digit(codes: pl.Series) -> pl.Series:
    digits = np.array([codes.str.slice(i, 1).cast(pl.Int64).to_numpy() for i in range(10)])
    total = (c.MST_WEIGHTS[:, None] * digits[:9]).sum(axis=0)
    return pl.Series((total % 11 != 0) & (digits[9] == 10 - total % 11))


# ---------------------------------------------------------------------------------------
# cross-database facts


def test_dissolved_contractors_of_valid_permits(samples: Samples) -> None:
    cross = samples.manifest["cross"]["xay_dung"]
    joined = with_contractor(samples)
    dissolved = joined.filter(pl.col("firm_status") == "dissolved")
    still = dissolved.filter(pl.col("status") == "valid").height
    assert still == cross["dissolved_contractor_active"] > 0
    assert expected(samples, "dissolved_contractor_active") == {
        "evaluated": joined.height,
        "failed": still,
    }
    assert dissolved.height == cross["rows_with_dissolved_contractor"] > still
    # dissolved contractors also appear on permits that are no longer in force
    assert set(dissolved["status"]) >= {"completed", "valid"}


def test_contractors_missing_from_the_business_registry(samples: Samples) -> None:
    cross = samples.manifest["cross"]["xay_dung"]
    missing = samples.xay_dung.join(
        samples.doanh_nghiep, left_on="contractor_tax_code", right_on="mst", how="anti"
    )
    assert missing.height == cross["contractors_not_in_doanh_nghiep"] > 0
    assert expected(samples, "exists_in:contractor_tax_code")["failed"] == missing.height
    assert missing.height == defect_rows(samples, "contractor_absent") + defect_rows(
        samples, "contractor_bad_check_digit"
    )
    # the absent ones are well-formed codes with a valid check digit, just unregistered
    assert int(valid_check_digit(missing["contractor_tax_code"]).sum()) == defect_rows(
        samples, "contractor_absent"
    )


def test_investors_missing_from_the_population_master(samples: Samples) -> None:
    cross = samples.manifest["cross"]["xay_dung"]
    people = samples.xay_dung.filter(pl.col("investor_person_id").is_not_null())
    assert people.height == cross["individual_investors"]
    missing = people.join(
        samples.dan_cu, left_on="investor_person_id", right_on="person_id", how="anti"
    )
    assert missing.height == cross["investors_not_in_dan_cu"] > 0
    assert expected(samples, "exists_in:investor_person_id") == {
        "evaluated": people.height,
        "failed": missing.height,
    }
    # every linked investor is a living adult with exactly one record in dan_cu
    linked = people.join(
        samples.dan_cu, left_on="investor_person_id", right_on="person_id", how="inner"
    )
    assert linked.height == people.height - missing.height
    assert (linked["status_right"] != "deceased").all()
    assert (linked["birth_date"] <= date(2008, 6, 30)).all()
    upper = linked.filter(pl.col("investor_name") != pl.col("full_name"))
    assert upper.height == defect_rows(samples, "investor_name_upper_case")
    assert (upper["investor_name"] == upper["full_name"].str.to_uppercase()).all()


def test_organisation_investors_are_registered_enterprises(samples: Samples) -> None:
    orgs = samples.xay_dung.filter(pl.col("investor_tax_code").is_not_null())
    assert orgs.height == samples.manifest["cross"]["xay_dung"]["organisation_investors"]
    joined = orgs.join(
        samples.doanh_nghiep, left_on="investor_tax_code", right_on="mst", how="inner"
    )
    bad = defect_rows(samples, "investor_tax_code_bad_check_digit")
    assert joined.height == orgs.height - bad
    assert (joined["investor_name"] == joined["name"]).all()
    assert int((~valid_check_digit(orgs["investor_tax_code"])).sum()) == bad


def test_clean_sample_links_everything(clean: Samples) -> None:
    x = clean.xay_dung
    cross = clean.manifest["cross"]["xay_dung"]
    joined = with_contractor(clean)
    assert joined.height == x.height  # every contractor is registered
    dissolved = joined.filter(pl.col("firm_status") == "dissolved")
    assert dissolved.height == cross["rows_with_dissolved_contractor"] > 0
    assert dissolved.filter(pl.col("status") == "valid").height == 0
    ids = x["investor_person_id"].drop_nulls()
    assert ids.is_in(clean.dan_cu["person_id"].implode()).all()
    assert cross["contractors_not_in_doanh_nghiep"] == cross["investors_not_in_dan_cu"] == 0


# ---------------------------------------------------------------------------------------
# realism


def test_realistic_permits(clean: Samples) -> None:
    x = clean.xay_dung
    assert x.height == round(10_000 * xay_dung.SHARE)
    assert x["permit_no"].str.contains(xay_dung.PERMIT_NO_PATTERN).all()
    assert x["permit_no"].is_unique().all()
    parts = x["permit_no"].str.extract_groups(r"^(\d+)/(\d{4})/GPXD-(\d{5})$")
    assert (parts.struct.field("3") == x["commune_code"]).all()
    assert (parts.struct.field("2").cast(pl.Int32) == x["issued_on"].dt.year()).all()
    assert parts.struct.field("1").cast(pl.Int32).max() <= 999  # type: ignore[operator]
    # exactly one investor id; mostly individuals building houses
    one = x["investor_person_id"].is_null() ^ x["investor_tax_code"].is_null()
    assert one.all()
    share = x["investor_person_id"].is_not_null().mean()
    assert share is not None
    assert 0.8 < float(share) < 0.9  # type: ignore[arg-type]
    types = x["permit_type"].value_counts(normalize=True).sort("permit_type")
    assert types["permit_type"].to_list() == sorted(xay_dung.PERMIT_TYPES)
    assert types.filter(pl.col("permit_type") == "xay_moi")["proportion"].item() > 0.75
    # units and addresses
    assert x["commune_code"].is_in(list(c.communes().code)).all()
    assert x["site_address"].str.contains(r"^(Số \d+ |Thửa đất số \d+, tờ bản đồ số \d+, )").all()
    names = dict(zip(c.communes().provinces, c.communes().province_names, strict=True))
    province = pl.col("province_code").replace_strict(names, return_dtype=pl.String)
    assert x.select(pl.col("site_address").str.ends_with(province).all()).item()
    # works: houses of a few floors, larger buildings for organisations
    houses = x.filter(pl.col("investor_person_id").is_not_null())
    assert houses["floors"].max() <= 6  # type: ignore[operator]
    assert 80 < houses["floor_area_m2"].median() < 800  # type: ignore[operator]
    orgs = x.filter(pl.col("investor_tax_code").is_not_null())
    assert orgs["floor_area_m2"].median() > 5 * houses["floor_area_m2"].median()  # type: ignore[operator]
    assert x["floors"].is_between(1, xay_dung.MAX_FLOORS).all()
    assert (x["floor_area_m2"] > 0).all()
    # dates and status
    assert (x["issued_on"] < AS_OF_DAY).all()
    assert (x["expires_on"] == x["issued_on"].dt.offset_by("1y")).all()
    assert (x["updated_at"].dt.date() >= x["issued_on"]).all()
    in_force = x.filter(pl.col("expires_on") >= AS_OF_DAY)
    assert set(x.filter(pl.col("status") == "valid")["issued_on"]) <= set(in_force["issued_on"])
    assert set(x["status"]) == set(xay_dung.STATUSES)
    valid = in_force["status"].eq("valid").mean()
    assert valid is not None
    assert float(valid) > 0.6  # type: ignore[arg-type]
    # contractors: registered enterprises, often builders
    firms = with_contractor(clean)
    builders = firms["name"].str.contains("Xây dựng", literal=True).mean()
    assert builders is not None
    assert float(builders) > 0.3  # type: ignore[arg-type]
    assert valid_check_digit(x["contractor_tax_code"]).all()


# ---------------------------------------------------------------------------------------
# exact counts on other sizes, rates and seeds


def run_suite(s: Samples, folder: Path) -> list[tuple[str, Any, Any]]:
    write_samples(s, folder)
    entry = s.manifest["suites"]["xay_dung"]
    suite = dc.Suite.from_yaml(ROOT / "suites" / "xay_dung.yaml")
    refs = {n: folder / f for n, f in entry["references"].items()}
    result = dc.run(suite, folder / "xay_dung", as_of=AS_OF, references=refs)
    out = []
    for check in result.checks:
        truth = entry["checks"][check.id]
        got = {"evaluated": check.evaluated, "failed": check.failed}
        got.update({k: check.details[k] for k in ("groups", "surplus") if k in truth})
        if got != truth:
            out.append((check.id, got, truth))
    assert {check.id for check in result.checks} == set(xay_dung.CHECKS)
    return out


@pytest.mark.parametrize(("rows", "seed", "rate"), [(3_000, 11, 0.004), (1_500, 2, 0.0005)])
def test_counts_exact_on_small_samples(tmp_path: Path, rows: int, seed: int, rate: float) -> None:
    s = generate_samples(rows=rows, seed=seed, as_of=AS_OF, defect_rate=rate)
    assert run_suite(s, tmp_path) == []
    failed = {k for k, v in s.manifest["suites"]["xay_dung"]["checks"].items() if v["failed"]}
    assert failed - {"enough_rows"} == set(xay_dung.CHECKS) - xay_dung.UNTARGETED


def test_tiny_population() -> None:
    s = generate_samples(rows=64, seed=3, as_of=AS_OF, defect_rate=0.0)
    checks = s.manifest["suites"]["xay_dung"]["checks"]
    assert s.xay_dung.height == round(64 * xay_dung.SHARE)
    assert checks["enough_rows"] == {"evaluated": 1, "failed": 1}
    assert all(v["failed"] == 0 for k, v in checks.items() if k != "enough_rows")


def test_first_defects_sit_on_the_boundary(samples: Samples) -> None:
    x = samples.xay_dung
    equal = x.filter(pl.col("expires_on") == pl.col("issued_on"))
    assert equal.height == 1  # the first expires_not_after_issue row: equal dates fail
    assert x.filter(pl.col("issued_on") == date(2026, 7, 1)).height >= 1


# ---------------------------------------------------------------------------------------
# scale


@pytest.mark.slow
def test_generates_one_million_population_rows_fast() -> None:
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(1_000_000, np.random.default_rng(7), as_of, g.DEFAULT_DEFECT_RATE)
    dn = doanh_nghiep.generate(pop, c.rng_for(7, "doanh_nghiep"), as_of, g.DEFAULT_DEFECT_RATE, {})
    start = time.perf_counter()
    part = xay_dung.generate(
        pop, c.rng_for(7, "xay_dung"), as_of, g.DEFAULT_DEFECT_RATE, {"doanh_nghiep": dn}
    )
    elapsed = time.perf_counter() - start
    assert part.frame.height == 200_000
    assert elapsed < 5, f"xay_dung at 1M population rows took {elapsed:.1f} s"
