"""The administrative procedure dossiers (``thu_tuc``): links, cross facts and realism.

The manifest's ``cross`` section of ``thu_tuc`` comes from the generator's bookkeeping;
here every fact is recomputed from the frames with plain Polars joins against ``dan_cu``
and ``doanh_nghiep``. The 100 % personal-id target is checked against the frame too.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import polars as pl
import pytest

from samples import Samples, generate_samples
from samples import generator as g
from samples.databases import _common as c
from samples.databases import doanh_nghiep, thu_tuc

AS_OF = "2026-06-30"
AS_OF_DT = datetime(2026, 6, 30)
OPEN = list(thu_tuc.OPEN_STATUSES)


@pytest.fixture(scope="module")
def samples() -> Samples:
    return generate_samples(rows=20_000, seed=29, as_of=AS_OF, defect_rate=0.002)


def cross(s: Samples) -> dict[str, int]:
    facts: dict[str, int] = s.manifest["cross"]["thu_tuc"]
    return facts


def checks(s: Samples) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = s.manifest["suites"]["thu_tuc"]["checks"]
    return found


def defect_rows(s: Samples, kind: str) -> int:
    rows: int = next(
        d["rows"] for d in s.manifest["defects"] if d["table"] == "thu_tuc" and d["kind"] == kind
    )
    return rows


def share(frame: pl.DataFrame, predicate: pl.Expr) -> float:
    value: Any = frame.select(predicate.mean()).item()
    return float(value)


# ---------------------------------------------------------------------------------------
# the 100 % personal-id target and the links


def test_share_and_rows(samples: Samples) -> None:
    s = samples
    assert s.thu_tuc.height == round(s.dan_cu.height * thu_tuc.SHARE) == cross(s)["rows"]
    assert s.manifest["parameters"]["shares"]["thu_tuc"] == thu_tuc.SHARE
    kinds = s.thu_tuc["applicant_type"].value_counts()
    counts = dict(zip(kinds["applicant_type"], kinds["count"], strict=True))
    # organisations are the rows with a tax code (the type itself carries injected values)
    assert s.thu_tuc["applicant_tax_code"].is_not_null().sum() == cross(s)["organisations"]
    assert counts["individual"] + counts["organisation"] > 0.99 * s.thu_tuc.height
    assert 0.1 < cross(s)["organisations"] / cross(s)["rows"] < 0.2


def test_every_dossier_but_the_injected_carries_the_applicant_id(samples: Samples) -> None:
    s = samples
    missing = s.thu_tuc["applicant_person_id"].null_count()
    entry = checks(s)["applicant_id_present"]
    assert missing == cross(s)["without_applicant_id"] == entry["failed"] > 0
    assert entry["evaluated"] == s.thu_tuc.height  # organisations' dossiers count too
    assert missing == defect_rows(s, "null_applicant_id")
    assert (
        s.thu_tuc.filter(pl.col("applicant_person_id").is_null())["dossier_id"].is_not_null().all()
    )


def test_clean_dossiers_all_carry_an_applicant_id() -> None:
    s = generate_samples(rows=3_000, seed=2, as_of=AS_OF, defect_rate=0.0)
    assert s.thu_tuc["applicant_person_id"].null_count() == 0
    assert cross(s)["without_applicant_id"] == 0
    assert cross(s)["linked_to_population"] == s.thu_tuc.height
    assert all(v["failed"] == 0 for v in checks(s).values())


def test_applicants_link_to_the_population(samples: Samples) -> None:
    s = samples
    joined = s.thu_tuc.join(
        s.dan_cu, left_on="applicant_person_id", right_on="person_id", suffix="_pop"
    )
    assert joined.height == cross(s)["linked_to_population"]  # each linked id once in dan_cu
    assert joined.height == checks(s)["name_matches_population"]["evaluated"]
    assert 0.98 < joined.height / s.thu_tuc.height < 1
    differ = joined.filter(pl.col("applicant_name") != pl.col("full_name")).height
    assert differ == checks(s)["name_matches_population"]["failed"]
    unaccented = joined.filter(
        (pl.col("applicant_name") != pl.col("full_name"))
        & pl.col("applicant_name").str.contains(r"^[A-Za-z]+( [A-Za-z]+)+$")
    ).height
    assert unaccented == defect_rows(s, "applicant_name_unaccented") > 0


def test_organisations_link_to_active_enterprises(samples: Samples) -> None:
    s = samples
    orgs = s.thu_tuc.filter(pl.col("applicant_tax_code").is_not_null())
    joined = orgs.join(s.doanh_nghiep, left_on="applicant_tax_code", right_on="mst", suffix="_dn")
    assert joined.height == cross(s)["organisations_linked_to_enterprises"]
    assert joined.height == orgs.height - checks(s)["exists_in:applicant_tax_code"]["failed"]
    assert (joined["status_dn"] == "active").all()
    # the organisation's dossier is filed by its legal representative
    assert share(joined, pl.col("applicant_person_id") == pl.col("representative_id")) > 0.98
    assert share(joined, pl.col("applicant_name") == pl.col("representative_name")) > 0.98


def test_open_dossiers_of_deceased_applicants(samples: Samples) -> None:
    s = samples
    joined = s.thu_tuc.join(
        s.dan_cu, left_on="applicant_person_id", right_on="person_id", suffix="_pop"
    )
    still_open = joined.filter(
        (pl.col("status_pop") == "deceased") & pl.col("status").is_in(OPEN)
    ).height
    assert still_open == cross(s)["deceased_applicant_open"] > 0
    assert still_open == checks(s)["deceased_applicant_open"]["failed"]
    # deceased applicants appear only where injected
    assert joined.filter(pl.col("status_pop") == "deceased").height == still_open


def test_lateness_and_backlog(samples: Samples) -> None:
    s = samples
    f = s.thu_tuc
    returned = f.filter(pl.col("returned_at").is_not_null())
    late = returned.filter(pl.col("returned_at") > pl.col("due_at")).height
    overdue = f.filter(pl.col("returned_at").is_null() & (pl.col("due_at") < AS_OF_DT)).height
    assert (
        returned.height == cross(s)["returned"] == checks(s)["not_future:returned_at"]["evaluated"]
    )
    assert late == cross(s)["returned_late"]
    assert overdue == cross(s)["open_overdue"]
    assert 0.03 < late / returned.height < 0.12
    assert 0.02 < overdue / f.height < 0.06
    assert 0.03 < (f.height - returned.height) / f.height < 0.08


# ---------------------------------------------------------------------------------------
# realism


def test_dossier_ids_encode_commune_day_and_serial(samples: Samples) -> None:
    f = samples.thu_tuc
    assert f["dossier_id"].str.contains(r"^[0-9]{5}-[0-9]{6}-[0-9]{4}$").all()
    parts = f.select(
        pl.col("dossier_id").str.slice(0, 5).alias("commune"),
        pl.col("dossier_id").str.slice(6, 6).alias("day"),
        pl.col("dossier_id").str.slice(13).cast(pl.Int64).alias("serial"),
        pl.col("commune_code"),
        pl.col("received_at").dt.strftime("%y%m%d").alias("received_day"),
    )
    assert share(parts, pl.col("commune") == pl.col("commune_code")) > 0.99
    assert share(parts, pl.col("day") == pl.col("received_day")) > 0.99
    # serials number each commune's dossiers of the day 1, 2, ... in order of receipt
    groups = (
        parts.unique(["commune", "day", "serial"])
        .group_by("commune", "day")
        .agg(pl.col("serial").max().alias("top"), pl.len().alias("n"))
    )
    assert share(groups, pl.col("top") == pl.col("n")) > 0.99
    assert (groups["top"] >= 1).all()


def test_procedures(samples: Samples) -> None:
    f = samples.thu_tuc
    codes = f["procedure_code"]
    assert share(f, pl.col("procedure_code").str.contains(thu_tuc.PROCEDURE_PATTERN)) > 0.99
    catalogue = {p.code: p for p in thu_tuc.PROCEDURES}
    known = f.filter(pl.col("procedure_code").is_in(list(catalogue)))
    assert known.height == codes.str.contains(thu_tuc.PROCEDURE_PATTERN).sum()
    names = known.group_by("procedure_code").agg(pl.col("procedure_name").n_unique())
    assert (names["procedure_name"] == 1).all()
    expected = pl.Series([catalogue[v].applicant for v in known["procedure_code"]])
    has_tax = known["applicant_tax_code"].is_not_null()
    assert (expected == pl.Series(np.where(has_tax, "organisation", "individual"))).all()
    common = f["procedure_code"].value_counts().sort("count", descending=True)
    assert common["procedure_code"][0] == "2.000815"  # chứng thực: the commonest procedure


def test_communes_are_current_and_near_the_applicant(samples: Samples) -> None:
    s = samples
    f = s.thu_tuc
    assert share(f, pl.col("commune_code").is_in(list(c.communes().code))) > 0.99
    people = f.filter(pl.col("applicant_tax_code").is_null()).join(
        s.dan_cu, left_on="applicant_person_id", right_on="person_id", suffix="_pop"
    )
    at_home = share(people, pl.col("province_code") == pl.col("province_code_pop"))
    assert 0.85 < at_home < 0.97


def test_times_and_statuses(samples: Samples) -> None:
    f = samples.thu_tuc
    start = AS_OF_DT - timedelta(days=thu_tuc.WINDOW_DAYS)
    assert share(f, pl.col("received_at").is_between(start, AS_OF_DT, closed="left")) > 0.99
    assert share(f, pl.col("received_at").dt.hour().is_between(7, 16)) > 0.99
    returned = f.filter(pl.col("returned_at").is_not_null())
    assert share(returned, pl.col("status").is_in(["returned", "rejected"])) > 0.98
    assert share(returned, pl.col("updated_at") >= pl.col("returned_at")) > 0.98
    open_ = f.filter(pl.col("returned_at").is_null())
    assert share(open_, pl.col("status").is_in(OPEN)) > 0.97
    counts = dict(f["status"].value_counts().iter_rows())
    assert set(thu_tuc.STATUSES) <= set(counts)
    assert counts["returned"] > 0.85 * f.height
    assert 0.01 < counts["rejected"] / f.height < 0.04
    assert share(f, pl.col("due_at").dt.hour().is_between(7, 16)) > 0.98


def test_ledger_effects_of_identifier_defects(samples: Samples) -> None:
    s = samples
    ids = s.thu_tuc["applicant_person_id"]
    eleven = int(ids.str.contains(r"^[0-9]{11}$").sum())
    assert eleven == defect_rows(s, "applicant_id_malformed")
    assert checks(s)["cccd:applicant_person_id"]["failed"] == eleven
    assert checks(s)["cccd:applicant_person_id"]["evaluated"] == ids.len() - ids.null_count()
    absent = ~ids.drop_nulls().is_in(s.dan_cu["person_id"].drop_nulls().implode())
    assert int(absent.sum()) == checks(s)["exists_in:applicant_person_id"]["failed"]


# ---------------------------------------------------------------------------------------
# scale


@pytest.mark.slow
def test_generation_at_a_million_residents_takes_seconds() -> None:
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(1_000_000, np.random.default_rng(7), as_of, g.DEFAULT_DEFECT_RATE)
    enterprises = doanh_nghiep.generate(
        pop, c.rng_for(7, "doanh_nghiep"), as_of, g.DEFAULT_DEFECT_RATE, {}
    )
    started = time.perf_counter()
    part = thu_tuc.generate(
        pop, c.rng_for(7, "thu_tuc"), as_of, g.DEFAULT_DEFECT_RATE, {"doanh_nghiep": enterprises}
    )
    elapsed = time.perf_counter() - started
    assert part.frame.height == 3_500_000
    assert part.frame["applicant_person_id"].null_count() == part.cross["without_applicant_id"]
    assert elapsed < 15, f"thu_tuc took {elapsed:.1f} s at 1,000,000 residents"
