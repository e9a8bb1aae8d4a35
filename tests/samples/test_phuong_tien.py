"""Vehicle registration (``phuong_tien``): linked facts, plates and realism of the sample.

The cross-database facts of the manifest are recomputed here from the frames with plain
Polars joins (vehicles of dissolved enterprises still active, vehicles of deceased owners),
the plate reasons of ``plate_vn`` are compared with the injected plate defects, and the
generated values are checked for realism (plate forms, localities of the registration
province, owners of age at registration, type mix, linked share).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import yaml

import datacheck as dc
from datacheck.vn.identifiers import PLATE_LETTERS, PLATE_PROVINCES
from samples import Samples, generate_samples
from samples import generator as g
from samples import vn_data as vn
from samples.databases import _common as c
from samples.databases import doanh_nghiep, phuong_tien

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
AS_OF_DT = datetime(2026, 6, 30)
#: The canonical printed forms the generator writes (a subset of what ``plate_vn`` accepts).
CAR_PLATE = re.compile(
    rf"^[0-9]{{2}}(?:[{PLATE_LETTERS}]|R)-(?:[0-9]{{3}}\.[0-9]{{2}}|[0-9]{{4}})$"
)
BIKE_PLATE = re.compile(
    rf"^[0-9]{{2}}-(?:[{PLATE_LETTERS}][{PLATE_LETTERS}1-9]|MĐ[1-9]) [0-9]{{3}}\.[0-9]{{2}}$"
)


@pytest.fixture(scope="module")
def samples() -> Samples:
    return generate_samples(rows=20_000, seed=13, as_of=AS_OF, defect_rate=0.002)


def defect_rows(s: Samples, kind: str) -> int:
    return int(
        next(
            d["rows"]
            for d in s.manifest["defects"]
            if d["table"] == "phuong_tien" and d["kind"] == kind
        )
    )


def run(s: Samples) -> dc.Result:
    suite = dc.Suite.from_yaml(ROOT / "suites" / "phuong_tien.yaml")
    refs: dict[str, Any] = {"population": s.dan_cu, "enterprises": s.doanh_nghiep}
    return dc.run(suite, s.tables["phuong_tien"], as_of=AS_OF, references=refs)


# ---------------------------------------------------------------------------------------
# cross-database facts, recomputed with joins


def test_dissolved_owner_active_recomputed(samples: Samples) -> None:
    pt, dn = samples.tables["phuong_tien"], samples.doanh_nghiep
    cross = samples.manifest["cross"]["phuong_tien"]
    joined = pt.join(dn, left_on="owner_tax_code", right_on="mst", suffix="_dn")
    of_dissolved = joined.filter(pl.col("status_dn") == "dissolved")
    still = of_dissolved.filter(pl.col("status") == "active").height
    assert still == cross["dissolved_owner_active"] > 0
    assert of_dissolved.height == cross["vehicles_of_dissolved_enterprises"] > still
    expected = samples.manifest["suites"]["phuong_tien"]["checks"]["dissolved_owner_active"]
    assert expected == {"evaluated": joined.height, "failed": still}


def test_deceased_owners_recomputed(samples: Samples) -> None:
    """Vehicles of deceased owners may stay active (not a defect, so not in the suite)."""
    pt, pop = samples.tables["phuong_tien"], samples.dan_cu
    cross = samples.manifest["cross"]["phuong_tien"]
    joined = pt.join(pop, left_on="owner_person_id", right_on="person_id", suffix="_pop")
    of_deceased = joined.filter(pl.col("status_pop") == "deceased")
    assert of_deceased.height == cross["vehicles_of_deceased_owners"] > 0
    active = of_deceased.filter(pl.col("status") == "active").height
    assert active == cross["vehicles_of_deceased_owners_active"] > 0
    # registered while the owner lived (dates in the future are injected defects), of age
    past = of_deceased.filter(pl.col("registered_on") <= AS_OF_DT.date())
    assert (past["registered_on"] <= past["death_date"]).all()
    of_age = pl.col("registered_on") >= pl.col("birth_date").dt.offset_by("18y").dt.offset_by("-1d")
    assert joined.select(of_age.all()).item()
    suite = yaml.safe_load((ROOT / "suites" / "phuong_tien.yaml").read_text(encoding="utf-8"))
    lifecycles = [ch for ch in suite["checks"] if ch["check"] == "lifecycle"]
    assert [ch["reference"] for ch in lifecycles] == ["enterprises"]


def test_linked_shares(samples: Samples) -> None:
    pt = samples.tables["phuong_tien"]
    cross = samples.manifest["cross"]["phuong_tien"]
    assert pt.height == cross["rows"] == round(samples.dan_cu.height * phuong_tien.SHARE)
    people = pt.filter(pl.col("owner_person_id").is_not_null())
    found = people["owner_person_id"].is_in(samples.dan_cu["person_id"].implode()).mean()
    assert found is not None
    assert 0.99 < float(found) < 1  # type: ignore[arg-type]
    firms = pt.filter(pl.col("owner_tax_code").str.len_chars() == 10)
    known = firms["owner_tax_code"].is_in(samples.doanh_nghiep["mst"].implode()).mean()
    assert known is not None
    assert 0.9 < float(known) < 1  # type: ignore[arg-type]
    assert cross["individual_vehicles"] + cross["organisation_vehicles"] == pt.height
    assert 0.04 <= cross["organisation_vehicles"] / pt.height <= 0.1


def test_organisation_vehicles_within_the_enterprise_life(samples: Samples) -> None:
    pt, dn = samples.tables["phuong_tien"], samples.doanh_nghiep
    joined = pt.filter(pl.col("registered_on") <= AS_OF_DT.date()).join(
        dn, left_on="owner_tax_code", right_on="mst", suffix="_dn"
    )
    assert joined.height > 0
    assert (joined["registered_on"] >= joined["registered_on_dn"]).all()
    dissolved = joined.filter(pl.col("status_dn") == "dissolved")
    assert (dissolved["registered_on"] <= dissolved["dissolved_on"]).all()


# ---------------------------------------------------------------------------------------
# plates


def test_plate_reasons_equal_the_plate_defects(samples: Samples) -> None:
    result = run(samples).check("plate_vn:plate")
    assert result.details["bad_series"] == defect_rows(samples, "plate_bad_series") > 0
    assert result.details["bad_province"] == defect_rows(samples, "plate_bad_locality") > 0
    assert result.details["bad_format"] == defect_rows(samples, "plate_malformed") > 0


def test_plates_have_the_canonical_forms(samples: Samples) -> None:
    pt = samples.tables["phuong_tien"].filter(pl.col("plate").is_not_null())
    bike = pl.col("vehicle_type").is_in(["motorbike", "moped", "electric_motorbike"])
    cars = pt.filter(pl.col("vehicle_type").is_in(["car", "truck", "bus", "trailer"]))
    bikes = pt.filter(bike)
    car_ok = cars["plate"].str.contains(CAR_PLATE.pattern).mean()
    bike_ok = bikes["plate"].str.contains(BIKE_PLATE.pattern).mean()
    assert car_ok is not None
    assert bike_ok is not None
    assert float(car_ok) > 0.98  # type: ignore[arg-type]
    assert float(bike_ok) > 0.98  # type: ignore[arg-type]
    # trucks C/D, buses B, trailers R, electric motorbikes MĐ since Thông tư 24/2023
    series = pt.with_columns(
        pl.col("plate").str.extract(r"^[0-9]{2}-?([A-ZĐ]+[0-9]?)", 1).alias("series")
    )
    trucks = series.filter(pl.col("vehicle_type") == "truck")["series"]
    assert trucks.is_in(["C", "D"]).mean() > 0.98  # type: ignore[operator]
    recent = series.filter(
        (pl.col("vehicle_type") == "electric_motorbike")
        & (pl.col("registered_on") >= datetime(2023, 8, 15).date())
    )["series"]
    assert recent.str.starts_with("MĐ").mean() > 0.95  # type: ignore[operator]
    old = pt.filter(pl.col("plate").str.contains(r"-[0-9]{4}$"))
    assert old.height > 0
    assert (old["registered_on"] < datetime(2010, 1, 1).date()).all()


def test_plate_locality_belongs_to_the_registration_province(samples: Samples) -> None:
    pairs = [
        (vn.LEGACY_TO_2025[legacy], code)
        for legacy, codes in phuong_tien.PLATE_CODES.items()
        for code in codes
    ]
    table = pl.DataFrame(pairs, schema=["registration_province", "locality"], orient="row")
    pt = samples.tables["phuong_tien"].with_columns(
        pl.col("plate").str.slice(0, 2).alias("locality")
    )
    matched = pt.join(table, on=["registration_province", "locality"], how="semi").height
    assert matched / pt.height > 0.99
    # Hà Nội and Thành phố Hồ Chí Minh hold several codes, all in use
    hcm = pt.filter(pl.col("registration_province") == "79")["locality"].unique()
    assert {"41", "51", "59", "61", "72"} <= set(hcm.to_list())


def test_plate_code_table() -> None:
    codes = [code for group in phuong_tien.PLATE_CODES.values() for code in group]
    assert set(phuong_tien.PLATE_CODES) == set(vn.LEGACY_PROVINCES)
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(PLATE_PROVINCES)
    assert set(PLATE_PROVINCES) - set(codes) == {"80"}  # the central registry
    assert not set(phuong_tien.BAD_LOCALITIES) & set(PLATE_PROVINCES)


# ---------------------------------------------------------------------------------------
# realism


def test_realistic_values(samples: Samples) -> None:
    pt = samples.tables["phuong_tien"]
    types = pt["vehicle_type"].value_counts(normalize=True)
    share = dict(zip(types["vehicle_type"].to_list(), types["proportion"].to_list(), strict=True))
    assert share["motorbike"] + share["moped"] + share["electric_motorbike"] > 0.75
    assert 0.05 < share["car"] < 0.2
    assert {"truck", "bus", "trailer"} <= set(share)
    honda = pt.filter(pl.col("vehicle_type") == "motorbike")["brand"] == "Honda"
    assert 0.6 < honda.mean() < 0.9  # type: ignore[operator]
    assert pt["registration_province"].is_in(list(c.communes().provinces)).mean() > 0.99  # type: ignore[operator]
    assert pt["registered_on"].min() >= datetime(1995, 1, 1).date()  # type: ignore[operator]
    deregistered = (pt["status"] == "deregistered").mean()
    assert 0.01 < deregistered < 0.2  # type: ignore[operator]
    # one owner id per vehicle, matching the owner type, on nearly every row
    people = (pl.col("owner_type") == "individual") & pl.col("owner_person_id").is_not_null()
    firms = (pl.col("owner_type") == "organisation") & pl.col("owner_tax_code").is_not_null()
    one = pl.col("owner_person_id").is_null() != pl.col("owner_tax_code").is_null()
    assert pt.select(((people | firms) & one).mean()).item() > 0.99
    assert pt["registered_on"].is_sorted()


def test_clean_sample_is_clean() -> None:
    s = generate_samples(rows=3_000, seed=4, as_of=AS_OF, defect_rate=0.0)
    pt = s.tables["phuong_tien"]
    assert pt["plate"].n_unique() == pt.height
    result = run(s)
    assert [ch.id for ch in result.checks if ch.failed] == []
    assert s.manifest["cross"]["phuong_tien"]["dissolved_owner_active"] == 0


# ---------------------------------------------------------------------------------------
# scale


@pytest.mark.slow
def test_generate_at_one_million_population_rows() -> None:
    """``generate`` alone takes a few seconds for 1,000,000 population rows (1.2M vehicles)."""
    as_of, rate = AS_OF_DT, g.DEFAULT_DEFECT_RATE
    pop = g._population(g.SCALE_ROWS, np.random.default_rng(7), as_of, rate)
    dn = doanh_nghiep.generate(pop, c.rng_for(7, "doanh_nghiep"), as_of, rate, {})
    start = time.perf_counter()
    part = phuong_tien.generate(pop, c.rng_for(7, "phuong_tien"), as_of, rate, {"doanh_nghiep": dn})
    elapsed = time.perf_counter() - start
    assert part.frame.height == 1_200_000
    assert elapsed < 10, f"phuong_tien at 1M population rows took {elapsed:.1f} s"
    suite = dc.Suite.from_yaml(ROOT / "suites" / "phuong_tien.yaml")
    refs: dict[str, Any] = {"population": pop.frame, "enterprises": dn.frame}
    result = dc.run(suite, part.frame, as_of=as_of, references=refs)
    for check in result.checks:
        truth = part.ledger.checks[check.id]
        got = {"evaluated": check.evaluated, "failed": check.failed}
        got.update({k: check.details[k] for k in ("groups", "surplus") if k in truth})
        assert got == truth, check.id
