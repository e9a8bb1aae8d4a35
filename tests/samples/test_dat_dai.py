"""The land sample (``dat_dai``): cross-database facts, owner ids, parcel keys, realism, scale.

The database is generated the way ``samples.generate_samples`` does it (the population
master, then ``doanh_nghiep``, then ``dat_dai`` on their own random streams), without the
other linked databases. The cross-database facts of the manifest (parcels linked to the
population master and to the enterprises, parcels of deceased owners and of dissolved
enterprises) are recomputed here with plain Polars joins; the key, expression and owner-id
counts with plain Polars, independently of datacheck and of the generator's bookkeeping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from datacheck.vn.admin_units import successors_2025
from samples import generator as g
from samples.databases import _common as c
from samples.databases import dat_dai, doanh_nghiep

AS_OF = "2026-06-30"
AS_OF_DT = datetime(2026, 6, 30)
KEY = ["commune_code", "map_sheet", "parcel_no"]


@dataclass
class Land:
    """``dan_cu``, ``doanh_nghiep`` and ``dat_dai`` of one run, with the manifest parts."""

    dan_cu: pl.DataFrame
    doanh_nghiep: pl.DataFrame
    dat_dai: pl.DataFrame
    checks: dict[str, dict[str, int]]
    defects: dict[str, int]
    cross: dict[str, int]


def build(rows: int, seed: int, rate: float) -> Land:
    when = g.parse_as_of(AS_OF)
    pop = g._population(rows, np.random.default_rng(seed), when, rate)
    dn = doanh_nghiep.generate(pop, c.rng_for(seed, "doanh_nghiep"), when, rate, {})
    part = dat_dai.generate(pop, c.rng_for(seed, "dat_dai"), when, rate, {"doanh_nghiep": dn})
    return Land(
        dan_cu=pop.frame,
        doanh_nghiep=dn.frame,
        dat_dai=part.frame,
        checks=part.ledger.checks,
        defects={d["kind"]: int(d["rows"]) for d in part.ledger.defects},
        cross=part.cross,
    )


@pytest.fixture(scope="module")
def land() -> Land:
    return build(20_000, seed=13, rate=0.002)


@pytest.fixture(scope="module")
def clean() -> Land:
    return build(20_000, seed=3, rate=0.0)


def clean_rows(x: Land) -> pl.DataFrame:
    """Parcels of the frame that no defect touched (recognised from their values)."""
    d = x.dat_dai
    dup = d.select(pl.struct(KEY).is_duplicated()).to_series()
    individual = pl.col("owner_type") == "individual"
    return d.filter(
        ~dup,
        pl.col("land_use").is_in(list(dat_dai.LAND_USES)),
        pl.col("area_m2").is_between(dat_dai.AREA_MIN, dat_dai.AREA_MAX),
        pl.col("commune_code").is_in(list(c.communes().code)),
        (individual & pl.col("owner_tax_code").is_null())
        | ((pl.col("owner_type") == "organisation") & pl.col("owner_person_id").is_null()),
    )


# ---------------------------------------------------------------------------------------
# cross-database facts, recomputed with joins


def test_cross_database_facts_recomputed_with_joins(land: Land) -> None:
    d, pop, dn, cross = land.dat_dai, land.dan_cu, land.doanh_nghiep, land.cross
    assert d.height == cross["rows"] == round(pop.height * dat_dai.SHARE)
    organisations = d.filter(pl.col("owner_type") == "organisation").height
    assert organisations == cross["organisation_parcels"]
    assert d.height - organisations == cross["individual_parcels"]

    people = d.join(pop, left_on="owner_person_id", right_on="person_id", how="inner")
    assert people.height == cross["parcels_linked_to_population"]
    deceased = people.filter(pl.col("status") == "deceased").height
    assert deceased == cross["parcels_of_deceased_owners"] > 0
    firms = d.join(dn, left_on="owner_tax_code", right_on="mst", how="inner", suffix="_dn")
    assert firms.height == cross["parcels_linked_to_enterprises"]
    dissolved = firms.filter(pl.col("status") == "dissolved").height
    assert dissolved == cross["parcels_of_dissolved_enterprises"] > 0

    # the shared-key checks count exactly the rows the joins did not find
    for column, linked in (
        ("owner_person_id", people.height),
        ("owner_tax_code", firms.height),
    ):
        entry = land.checks[f"exists_in:{column}"]
        assert entry["evaluated"] == d[column].drop_nulls().len()
        assert entry["evaluated"] - entry["failed"] == linked
    # names compared on every linked row; those differing from the master fail
    differ = people.filter(pl.col("owner_name") != pl.col("full_name")).height
    assert land.checks["name_matches_population"] == {
        "evaluated": people.height,
        "failed": differ,
    }
    differ = firms.filter(pl.col("owner_name") != pl.col("name")).height
    assert land.checks["name_matches_enterprise"] == {"evaluated": firms.height, "failed": differ}


def test_owners_are_clean_records_of_their_databases(land: Land) -> None:
    d, pop, dn = land.dat_dai, land.dan_cu, land.doanh_nghiep
    people = d.join(pop, left_on="owner_person_id", right_on="person_id", how="inner")
    once = pop.group_by("person_id").len().filter(pl.col("len") == 1)["person_id"]
    assert people["owner_person_id"].is_in(once.implode()).all()
    as_of_day = date.fromisoformat(AS_OF)
    adult = people.filter(pl.col("owner_type") == "individual").select(
        (pl.lit(as_of_day) - pl.col("birth_date")).dt.total_days().min()
    )
    assert adult.item() >= 18 * 365
    firms = d.join(dn, left_on="owner_tax_code", right_on="mst", how="inner")
    unique_mst = dn.group_by("mst").len().filter(pl.col("len") == 1)["mst"]
    assert firms["owner_tax_code"].is_in(unique_mst.implode()).all()


# ---------------------------------------------------------------------------------------
# owner ids: exactly one, the one of the owner's type


def owner_id_shapes(d: pl.DataFrame) -> dict[str, int]:
    person, tax = pl.col("owner_person_id").is_not_null(), pl.col("owner_tax_code").is_not_null()
    return {
        "both": d.filter(person & tax).height,
        "neither": d.filter(~person & ~tax).height,
        "person_on_organisation": d.filter(
            person & ~tax & (pl.col("owner_type") == "organisation")
        ).height,
        "tax_on_individual": d.filter(
            ~person & tax & (pl.col("owner_type") == "individual")
        ).height,
    }


def test_clean_parcels_carry_exactly_the_owner_id_of_their_type(clean: Land) -> None:
    assert owner_id_shapes(clean.dat_dai) == {
        "both": 0,
        "neither": 0,
        "person_on_organisation": 0,
        "tax_on_individual": 0,
    }
    assert set(clean.dat_dai["owner_type"].unique()) == set(dat_dai.OWNER_TYPES)


def test_two_owner_ids_are_the_injected_ones(land: Land) -> None:
    shapes = owner_id_shapes(land.dat_dai)
    injected = (
        land.defects["organisation_with_person_id"] + land.defects["individual_with_tax_code"]
    )
    assert shapes == {
        "both": injected,
        "neither": 0,
        "person_on_organisation": 0,
        "tax_on_individual": 0,
    }


@pytest.mark.parametrize(
    ("check_id", "expr"),
    [
        ("person_id_only_for_individuals", "owner_person_id IS NULL OR owner_type = 'individual'"),
        (
            "tax_code_only_for_organisations",
            "owner_tax_code IS NULL OR owner_type = 'organisation'",
        ),
    ],
)
def test_expression_counts_recomputed(land: Land, check_id: str, expr: str) -> None:
    parsed = pl.sql_expr(expr)
    used = parsed.meta.root_names()
    scope = land.dat_dai.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in used))
    assert land.checks[check_id] == {
        "evaluated": scope.height,
        "failed": scope.filter(~parsed).height,
    }
    assert land.checks[check_id]["failed"] > 0


# ---------------------------------------------------------------------------------------
# parcel keys and communes


def test_parcel_keys_registered_twice(land: Land) -> None:
    sizes = land.dat_dai.group_by(KEY).len()
    dup = sizes.filter(pl.col("len") > 1)
    pairs = land.defects["duplicate_parcel_pair"] // 2  # rows: both records of each pair
    assert land.checks["unique:commune_code+map_sheet+parcel_no"] == {
        "evaluated": land.dat_dai.height,
        "failed": int(dup["len"].sum()),
        "groups": dup.height,
        "surplus": land.dat_dai.height - sizes.height,
    }
    assert dup.height == pairs > 0
    assert (dup["len"] == 2).all()


def test_stale_commune_codes_are_former_communes_of_the_place(land: Land) -> None:
    d = land.dat_dai
    current = list(c.communes().code)
    stale = d.filter(~pl.col("commune_code").is_in(current))
    assert stale.height == land.defects["commune_legacy_code"] > 0
    assert stale["commune_code"].is_in(list(c.legacy_only_communes())).all()
    successor = successors_2025().filter(pl.col("level") == "commune", pl.col("default"))
    province = pl.DataFrame(
        {
            "successor": current,
            "successor_province": [c.communes().provinces[i] for i in c.communes().province],
        }
    )
    joined = (
        stale.join(successor, left_on="commune_code", right_on="code", how="left")
        .join(province, on="successor", how="left")
        .filter(pl.col("successor_province") != pl.col("province_code"))
    )
    assert joined.height == 0  # the former commune's successor lies in the parcel's province
    assert land.checks["admin_unit:commune_code"]["failed"] == stale.height


def test_addresses_name_the_parcels_commune_and_province(clean: Land) -> None:
    com = c.communes()
    names = pl.DataFrame(
        {
            "commune_code": list(com.code),
            "commune_name": list(com.name),
            "province_name": [com.province_names[i] for i in com.province],
        }
    )
    d = clean.dat_dai.join(names, on="commune_code", how="left")
    expected = pl.concat_str(
        pl.col("address").str.splitn(", ", 2).struct.field("field_0"),
        pl.lit(", "),
        pl.col("commune_name"),
        pl.lit(", "),
        pl.col("province_name"),
    )
    assert (d["address"] == d.select(expected).to_series()).all()
    wards = d.filter(pl.col("commune_name").str.starts_with("Phường"))
    assert wards["address"].str.contains(r"^Số \d+ ").all()
    assert (
        d.filter(~pl.col("commune_name").str.starts_with("Phường"))["address"]
        .str.contains(r"^Thôn \d+, ")
        .all()
    )


# ---------------------------------------------------------------------------------------
# realism


def test_land_uses_and_areas_are_plausible(land: Land) -> None:
    d = clean_rows(land)
    shares = d["land_use"].value_counts(normalize=True)
    share = dict(zip(shares["land_use"], shares["proportion"], strict=True))
    assert set(share) == set(dat_dai.LAND_USES)
    assert share["ONT"] + share["ODT"] > 0.25  # residential land is the most common purpose
    assert share["LUC"] + share["LUK"] > 0.2
    median = {
        row[0]: row[1] for row in d.group_by("land_use").agg(pl.col("area_m2").median()).rows()
    }
    assert median["ODT"] < median["ONT"] < median["LUC"] < median["CLN"] < median["RSX"]
    assert 40 < median["ODT"] < 200
    organisations = d.filter(pl.col("owner_type") == "organisation")
    assert set(organisations["land_use"].unique()) <= {"SKC", "TMD", "CLN", "RSX", "NTS"}
    assert organisations["land_use"].is_in(["SKC", "TMD"]).mean() > 0.7  # type: ignore[operator]
    # urban residential land lies in wards, rural residential land outside them
    com = c.communes()
    wards = [code for code, name in zip(com.code, com.name, strict=True) if name[:6] == "Phường"]
    residential = d.filter(pl.col("land_use").is_in(["ONT", "ODT"]))
    in_ward = residential["commune_code"].is_in(wards)
    assert ((residential["land_use"] == "ODT") == in_ward).all()


def test_owners_parcels_and_provinces_are_plausible(land: Land) -> None:
    d, pop = land.dat_dai, land.dan_cu
    individuals = d.filter(pl.col("owner_type") == "individual")
    assert 0.88 < individuals.height / d.height < 0.96
    per_owner = individuals.group_by("owner_person_id").len()["len"]
    assert per_owner.max() <= 15  # type: ignore[operator]
    assert 1.3 < per_owner.mean() < 3  # type: ignore[operator]
    home = individuals.join(pop, left_on="owner_person_id", right_on="person_id", suffix="_pop")
    same = (home["province_code"] == home["province_code_pop"]).mean()
    assert 0.8 < same < 0.95  # type: ignore[operator]
    assert d["map_sheet"].is_between(1, 60).all()
    assert d["parcel_no"].is_between(1, 1500).all()


def test_certificates_and_dates_are_plausible(land: Land) -> None:
    d = land.dat_dai
    certified = d["certificate_no"].is_not_null().mean()
    assert 0.93 < certified < 0.99  # type: ignore[operator]
    ok = d.filter(pl.col("certificate_no").str.contains(r"^[A-ZĐ]{2} [0-9]{6}([0-9]{2})?$"))
    assert (
        ok.height
        == land.checks["pattern:certificate_no"]["evaluated"]
        - land.defects["certificate_no_malformed"]
    )
    past = ok.filter(pl.col("registered_on") <= date.fromisoformat(AS_OF))
    new_form = past["certificate_no"].str.len_chars() == 11  # "AB 12345678"
    assert (new_form == (past["registered_on"] >= date(2024, 8, 1))).all()
    assert 0 < new_form.sum() < past.height
    fine = d.filter(
        pl.col("registered_on") <= date.fromisoformat(AS_OF),
        pl.col("updated_at").is_between(datetime(2025, 6, 30), AS_OF_DT),
    )
    assert (fine["updated_at"] >= fine["registered_on"].cast(pl.Datetime("us"))).all()
    assert d["registered_on"].min() >= date(1998, 1, 1)  # type: ignore[operator]


def test_clean_mode_has_no_defect(clean: Land) -> None:
    assert all(v["failed"] == 0 for v in clean.checks.values())
    assert clean_rows(clean).height == clean.dat_dai.height
    assert clean.dat_dai.select(pl.struct(KEY).is_unique().all()).item()


def test_every_defect_kind_placed_once_per_row(land: Land) -> None:
    assert set(land.defects) == set(dat_dai.DEFECTS)
    assert all(rows > 0 for rows in land.defects.values())
    touched = sum(land.defects.values())
    assert touched == land.dat_dai.height - clean_rows(land).height + _undetected(land)


def _undetected(land: Land) -> int:
    """Defective rows ``clean_rows`` cannot tell from the frame's values alone."""
    detectable = {
        "duplicate_parcel_pair",
        "null_area",
        "area_not_positive",
        "area_too_large",
        "land_use_out_of_set",
        "owner_type_out_of_set",
        "organisation_with_person_id",
        "individual_with_tax_code",
        "commune_legacy_code",
    }
    return sum(rows for kind, rows in land.defects.items() if kind not in detectable)


# ---------------------------------------------------------------------------------------
# scale


@pytest.mark.slow
def test_generation_at_one_million_population_rows_takes_seconds() -> None:
    when = g.parse_as_of(AS_OF)
    rate = g.DEFAULT_DEFECT_RATE
    pop = g._population(1_000_000, np.random.default_rng(7), when, rate)
    dn = doanh_nghiep.generate(pop, c.rng_for(7, "doanh_nghiep"), when, rate, {})
    start = time.perf_counter()
    part = dat_dai.generate(pop, c.rng_for(7, "dat_dai"), when, rate, {"doanh_nghiep": dn})
    elapsed = time.perf_counter() - start
    assert part.frame.height == 1_000_000
    assert elapsed < 15, f"dat_dai at 1M population rows took {elapsed:.1f} s"
