"""The immigration sample (``xuat_nhap_canh``): cross-database facts, realism and scale.

The cross-database facts of the manifest (personal ids absent from ``dan_cu``, birth
dates, sexes and names that disagree with it, linked travellers) are recomputed here from
the frames with plain Polars joins; the passport and nationality counts are recomputed with
plain regular expressions and sets, independently of datacheck and of the generator's
bookkeeping.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import datacheck as dc
from samples import Samples, generate_samples
from samples import generator as g
from samples.databases import _common as c
from samples.databases import xuat_nhap_canh as xnc

AS_OF = "2026-06-30"
AS_OF_DT = datetime(2026, 6, 30)
CITIZEN_PASSPORT = r"^[A-Z][0-9]{7}$"


@pytest.fixture(scope="module")
def samples() -> Samples:
    return generate_samples(rows=20_000, seed=11, as_of=AS_OF, defect_rate=0.002)


def checks_of(s: Samples) -> dict[str, dict[str, int]]:
    checks: dict[str, dict[str, int]] = s.manifest["suites"]["xuat_nhap_canh"]["checks"]
    return checks


def defect_rows(s: Samples, kind: str) -> int:
    return next(
        int(d["rows"])
        for d in s.manifest["defects"]
        if d["table"] == "xuat_nhap_canh" and d["kind"] == kind
    )


# ---------------------------------------------------------------------------------------
# cross-database facts, recomputed with joins


def test_cross_database_facts_recomputed_with_joins(samples: Samples) -> None:
    s = samples
    x, pop = s.xuat_nhap_canh, s.dan_cu
    cross = s.manifest["cross"]["xuat_nhap_canh"]
    checks = checks_of(s)
    citizens = x.filter(pl.col("person_id").is_not_null())
    assert citizens.height == cross["citizen_movements"]
    assert x.height - citizens.height == cross["foreigner_movements"]
    assert x.height == cross["rows"] == round(pop.height * xnc.SHARE)

    absent = citizens.join(pop, on="person_id", how="anti")
    assert absent.height == cross["person_id_absent"] == checks["exists_in:person_id"]["failed"]
    assert absent.height > 0

    joined = citizens.join(pop, on="person_id", how="inner", suffix="_pop")
    assert joined.height == citizens.height - absent.height
    for column, fact, check_id in (
        ("birth_date", "birth_date_disagrees", "birth_date_matches_population"),
        ("gender", "gender_disagrees", "sex_matches_population"),
        ("full_name", "name_disagrees", "name_matches_population"),
    ):
        differ = joined.filter(pl.col(column) != pl.col(f"{column}_pop")).height
        assert differ == cross[fact] == checks[check_id]["failed"] > 0, column
        assert checks[check_id]["evaluated"] == joined.height
    assert joined["person_id"].n_unique() == cross["travellers_linked"]
    # every linked citizen is a living person of dan_cu
    assert joined.filter(pl.col("status") == "deceased").height == 0

    future = x.filter(pl.col("moved_at") > AS_OF_DT).height
    assert future == cross["movements_in_future"] == checks["not_future:moved_at"]["failed"]


def test_name_defects_keep_or_break_the_name_checks(samples: Samples) -> None:
    s = samples
    joined = s.xuat_nhap_canh.join(s.dan_cu, on="person_id", suffix="_pop")
    differ = joined.filter(pl.col("full_name") != pl.col("full_name_pop"))
    nfd = differ.filter(pl.col("full_name") != pl.col("full_name").str.normalize("NFC"))
    assert nfd.height == defect_rows(s, "name_nfd")
    assert (nfd["full_name"].str.normalize("NFC") == nfd["full_name_pop"]).all()
    mrz = differ.filter(pl.col("full_name") == pl.col("full_name").str.normalize("NFC"))
    assert mrz.height == defect_rows(s, "name_without_diacritics")
    assert mrz["full_name"].str.contains(r"^[A-Z]+( [A-Z]+)+$").all()
    assert (mrz["full_name"].str.len_chars() == mrz["full_name_pop"].str.len_chars()).all()


# ---------------------------------------------------------------------------------------
# passports and nationalities, recomputed with plain expressions


def test_passport_counts_recomputed(samples: Samples) -> None:
    x = samples.xuat_nhap_canh
    checks = checks_of(samples)
    pattern_fails = x.filter(~pl.col("passport_no").str.contains(xnc.PASSPORT_PATTERN)).height
    assert pattern_fails == checks["pattern:passport_no"]["failed"] > 0
    citizen_fails = x.filter(
        (pl.col("nationality") == "VNM") & ~pl.col("passport_no").str.contains(CITIZEN_PASSPORT)
    ).height
    assert citizen_fails == checks["citizen_passport_format"]["failed"]
    assert citizen_fails == defect_rows(samples, "passport_malformed") > pattern_fails


def test_one_passport_per_person(samples: Samples) -> None:
    x = samples.xuat_nhap_canh
    citizens = x.filter(pl.col("passport_no").str.contains(r"^[CP][0-9]{7}$")).join(
        samples.dan_cu.select("person_id"), on="person_id", how="semi"
    )  # the ids that are in dan_cu, the passports that are not mistyped
    assert citizens.height > 0.99 * x.filter(pl.col("person_id").is_not_null()).height
    per_person = citizens.group_by("person_id").agg(pl.col("passport_no").n_unique())
    assert (per_person["passport_no"] == 1).all()
    per_passport = citizens.group_by("passport_no").agg(pl.col("person_id").n_unique())
    assert (per_passport["person_id"] == 1).all()
    # travellers usually cross the border several times
    assert per_person.height < 0.5 * citizens.height
    foreign = x.filter(pl.col("person_id").is_null())
    assert foreign["passport_no"].str.contains(xnc.PASSPORT_PATTERN).all()
    assert foreign["passport_no"].str.contains(CITIZEN_PASSPORT).mean() < 0.2  # type: ignore[operator]


def test_nationality_counts_recomputed(samples: Samples) -> None:
    x = samples.xuat_nhap_canh
    valid = {"VNM", *xnc.FOREIGN}
    invalid = x.filter(~pl.col("nationality").is_in(sorted(valid)))
    expected = checks_of(samples)["in_catalogue:nationality"]
    assert expected["evaluated"] == x.height
    assert invalid.height == expected["failed"] > 0
    alpha2 = {country.alpha2 for country in xnc.FOREIGN.values()}
    values = set(invalid["nationality"].to_list())
    assert values == set(xnc.BAD_NATIONALITIES) | (values & alpha2)
    assert values & alpha2
    # citizens carry VNM (or a defect), foreigners one of the realistic set
    citizens = x.filter(pl.col("person_id").is_not_null())
    assert citizens["nationality"].is_in(["VNM", *xnc.BAD_NATIONALITIES]).all()
    foreign = x.filter(pl.col("person_id").is_null())
    assert foreign["nationality"].is_in(sorted(set(xnc.FOREIGN) | alpha2)).all()
    top = foreign["nationality"].value_counts(sort=True)["nationality"].to_list()[:2]
    assert set(top) == {"CHN", "KOR"}
    share = foreign.height / x.height
    assert abs(share - xnc.FOREIGN_SHARE) < 0.01


def test_catalogue_agrees_with_the_bookkeeping(tmp_path: Path) -> None:
    """The shared-dimension check itself: codes used are in it, injected values are not."""
    values = ["VNM", *xnc.FOREIGN, *xnc.BAD_NATIONALITIES]
    values += [country.alpha2 for country in xnc.FOREIGN.values()]
    suite_file = tmp_path / "nationality.yaml"
    suite_file.write_text(
        "suite: nationality\nchecks:\n  - check: in_catalogue\n    column: nationality\n"
        "    catalogue: countries\n    field: alpha3\n",
        encoding="utf-8",
    )
    suite = dc.Suite.from_yaml(suite_file)
    result = dc.run(suite, pl.DataFrame({"nationality": values}), as_of=AS_OF)
    check = result.check("in_catalogue:nationality")
    bad = len(xnc.BAD_NATIONALITIES) + len(xnc.FOREIGN)
    assert (check.evaluated, check.failed) == (len(values), bad)


# ---------------------------------------------------------------------------------------
# realism


def test_movements_alternate_per_traveller(samples: Samples) -> None:
    x = samples.xuat_nhap_canh.filter(
        pl.col("direction").is_in(list(xnc.DIRECTIONS)) & (pl.col("moved_at") <= AS_OF_DT)
    )
    ordered = x.filter(pl.col("person_id").is_not_null()).sort("person_id", "moved_at")
    pairs = ordered.select(
        same_person=pl.col("person_id") == pl.col("person_id").shift(),
        same_direction=pl.col("direction") == pl.col("direction").shift(),
        first=pl.col("person_id") != pl.col("person_id").shift(),
        direction=pl.col("direction"),
    )
    consecutive = pairs.filter(pl.col("same_person"))
    assert consecutive["same_direction"].mean() < 0.01  # type: ignore[operator]
    firsts = pairs.filter(pl.col("first"))
    assert (firsts["direction"] == "exit").mean() > 0.98  # type: ignore[operator]


def test_realistic_movements(samples: Samples) -> None:
    x = samples.xuat_nhap_canh
    checks = checks_of(samples)
    gates = x["border_gate"].value_counts(sort=True)["border_gate"].to_list()
    assert gates[:2] == ["Cửa khẩu quốc tế Tân Sơn Nhất", "Cửa khẩu quốc tế Nội Bài"]
    standard = x["border_gate"].is_in(list(xnc.BORDER_GATES))
    assert (
        x.height - int(standard.sum()) - x["border_gate"].null_count()
        == (checks["in_set:border_gate"]["failed"])
    )
    # ids carry the movement's date (only the future mistypes moved a date)
    day = pl.col("moved_at").dt.strftime("%Y%m%d")
    assert x["movement_id"].str.contains(r"^[0-9]{15}$").all()
    off = x.filter(pl.col("movement_id").str.slice(0, 8) != day).height
    assert off == checks["not_future:moved_at"]["failed"]
    # a year old at least at every movement (two for clean rows), records written after it
    past = x.filter(pl.col("moved_at") <= AS_OF_DT)
    age = (past["moved_at"].dt.date() - past["birth_date"]).dt.total_days()
    assert int(age.min()) >= 365  # type: ignore[arg-type]
    assert (age < 730).sum() <= defect_rows(samples, "birth_date_mismatch")
    assert (past["updated_at"] >= past["moved_at"]).all()
    assert x["moved_at"].min() >= datetime(2022, 6, 1)  # type: ignore[operator]
    foreign = x.filter(pl.col("person_id").is_null())
    assert foreign["full_name"].str.contains(r"^[A-Z]+([ -][A-Z]+)+$").all()
    assert (x["direction"] == "entry").mean() > 0.35  # type: ignore[operator]
    # the pinned rows on the limits of fresh and not_future
    assert x.filter(pl.col("updated_at") == datetime(2025, 6, 30)).height >= 1
    assert x.filter(pl.col("moved_at") == AS_OF_DT).height >= 1
    assert x.filter(pl.col("moved_at") == datetime(2026, 6, 30, 0, 0, 1)).height == 1


def test_duplicates_are_whole_records(samples: Samples) -> None:
    x = samples.xuat_nhap_canh
    twice = x.filter(pl.col("movement_id").is_duplicated())
    unique = checks_of(samples)["unique:movement_id"]
    assert twice.height == unique["failed"] == 2 * unique["groups"] > 0
    assert twice.unique().height == unique["groups"]


def test_clean_mode_is_clean() -> None:
    s = generate_samples(rows=5_000, seed=2, as_of=AS_OF, defect_rate=0.0)
    x = s.xuat_nhap_canh
    assert all(v["failed"] == 0 for v in checks_of(s).values())
    assert x["movement_id"].is_unique().all()
    assert x["nationality"].is_in(["VNM", *xnc.FOREIGN]).all()
    joined = x.join(s.dan_cu, on="person_id", suffix="_pop")
    assert joined.height == x["person_id"].drop_nulls().len()
    for column in ("birth_date", "gender", "full_name"):
        assert (joined[column] == joined[f"{column}_pop"]).all()


def test_tiny_populations() -> None:
    s = generate_samples(rows=64, seed=3, as_of=AS_OF, defect_rate=0.0)
    checks = checks_of(s)
    assert s.xuat_nhap_canh.height == 96
    assert checks["enough_rows"] == {"evaluated": 1, "failed": 1}
    assert all(v["failed"] == 0 for k, v in checks.items() if k != "enough_rows")


def test_row_pool_follows_the_frame_order() -> None:
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(5_000, np.random.default_rng(1), as_of, 0.002)
    part = xnc.generate(pop, c.rng_for(1, "xuat_nhap_canh"), as_of, 0.002, {})
    assert part.rows is not None
    x = part.frame.with_columns(used=pl.Series(part.rows.used))
    defects = x.filter(
        ~pl.col("nationality").is_in(["VNM", *xnc.FOREIGN])
        | (pl.col("moved_at") > AS_OF_DT)
        | pl.col("movement_id").is_duplicated()
        | pl.col("border_gate").is_null()
        | ~pl.col("direction").is_in(list(xnc.DIRECTIONS))
    )
    assert defects.height > 0
    assert defects["used"].all()
    placed = sum(d["rows"] for d in part.ledger.defects)
    assert int(part.rows.used.sum()) == placed + 2  # and the two rows on the limits


def test_helpers() -> None:
    micros = np.array([g._us(datetime(2024, 2, 29, 23, 59)), g._us(datetime(1999, 12, 31))])
    assert xnc._yyyymmdd(micros).tolist() == [20240229, 19991231]
    rank = xnc._rank_within(np.array([1, 0, 1, 1, 0]), np.array([5, 9, 1, 3, 2]))
    assert rank.tolist() == [2, 1, 0, 1, 0]
    names = pl.Series(["Đặng Thị Ánh", "Nguyễn Văn An"])
    assert xnc._machine_readable(names).to_list() == ["DANG THI ANH", "NGUYEN VAN AN"]
    typed = xnc._mistyped(
        pl.Series(["C1234567"] * 4), np.arange(4, dtype=np.int64), np.full(4, 9, dtype=np.int64)
    )
    assert typed.to_list() == ["c1234567", "C 1234567", "1234567", "C12345679"]
    assert date(2026, 6, 30) == AS_OF_DT.date()


# ---------------------------------------------------------------------------------------
# scale


@pytest.mark.slow
def test_generates_one_million_population_rows_fast() -> None:
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(1_000_000, np.random.default_rng(7), as_of, g.DEFAULT_DEFECT_RATE)
    start = time.perf_counter()
    part = xnc.generate(pop, c.rng_for(7, "xuat_nhap_canh"), as_of, g.DEFAULT_DEFECT_RATE, {})
    elapsed = time.perf_counter() - start
    assert part.frame.height == 1_500_000
    assert elapsed < 10, f"xuat_nhap_canh at 1M population rows took {elapsed:.1f} s"
