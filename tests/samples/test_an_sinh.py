"""Social protection (``an_sinh``): exact ledger, cross-database facts, realistic values.

The database is generated here directly from a population master (as
:func:`samples.databases.generate_linked` does), so these tests depend on no other linked
database. Cross-database facts are recomputed from the frames with plain Polars joins and
compared with the ``cross`` section and the ledger; the suite is run through datacheck and
every count must equal the ledger, which is computed from the injection bookkeeping only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import datacheck as dc
from samples import generate_samples
from samples import generator as g
from samples.databases import _common as c
from samples.databases import an_sinh

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-30"
AS_OF_DATE = date(2026, 6, 30)
SEED = 13
RATE = 0.002
KEY = "unique:beneficiary_id+policy_code"


@dataclass
class Built:
    """A population master, the social-protection part generated from it, their folder."""

    pop: g._Population
    part: c.Part
    folder: Path

    @property
    def frame(self) -> pl.DataFrame:
        return self.part.frame

    @property
    def master(self) -> pl.DataFrame:
        return self.pop.frame


def build(rows: int, seed: int, rate: float, folder: Path | None = None) -> Built:
    """Generate ``dan_cu`` and ``an_sinh`` the way the sample generator does."""
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(rows, np.random.default_rng(seed), as_of, rate)
    part = an_sinh.generate(pop, c.rng_for(seed, "an_sinh"), as_of, rate, {})
    if folder is not None:
        g._write_dataset(pop.frame, folder / "dan_cu")
        g._write_dataset(part.frame, folder / "an_sinh")
    return Built(pop, part, folder or Path())


def run_suite(built: Built) -> dc.Result:
    suite = dc.Suite.from_yaml(ROOT / "suites" / "an_sinh.yaml")
    return dc.run(
        suite,
        built.folder / "an_sinh",
        as_of=AS_OF,
        references={"population": built.folder / "dan_cu"},
    )


def counts(result: dc.Result, ledger: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """datacheck's counts in the shape of the ledger's entries."""
    out = {}
    for check in result.checks:
        got = {"evaluated": check.evaluated, "failed": check.failed}
        got.update({k: check.details[k] for k in ("groups", "surplus") if k in ledger[check.id]})
        out[check.id] = got
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(20_000, SEED, RATE, tmp_path_factory.mktemp("an_sinh"))


def linked(built: Built) -> pl.DataFrame:
    """Rows whose beneficiary is found in ``dan_cu``, with the master's facts (``_pop``)."""
    master = built.master.select(
        "person_id", "full_name", "gender", "birth_date", "death_date", "status", "province_code"
    )
    return built.frame.join(
        master, left_on="beneficiary_id", right_on="person_id", suffix="_pop", how="inner"
    )


def defect_rows(built: Built, kind: str) -> int:
    return int(next(d["rows"] for d in built.part.ledger.defects if d["kind"] == kind))


# ---------------------------------------------------------------------------------------
# the ledger is exact


def test_counts_equal_the_ledger(built: Built) -> None:
    ledger = built.part.ledger.checks
    result = run_suite(built)
    assert [c.id for c in result.checks] == list(an_sinh.CHECKS)
    assert counts(result, ledger) == ledger
    failing = {c.id for c in result.checks if c.failed > 0}
    assert failing == set(an_sinh.CHECKS) - an_sinh.UNTARGETED
    assert {d["kind"] for d in built.part.ledger.defects} == set(an_sinh.DEFECTS)


def test_clean_mode_passes_every_check(tmp_path: Path) -> None:
    clean = build(8_000, 3, 0.0, tmp_path)
    assert all(v["failed"] == 0 for v in clean.part.ledger.checks.values())
    result = run_suite(clean)
    assert [c.id for c in result.checks if c.status != "pass"] == []
    assert counts(result, clean.part.ledger.checks) == clean.part.ledger.checks
    assert result.score == 100.0


@pytest.mark.parametrize(("rows", "seed", "rate"), [(1_500, 4, 0.004), (3_000, 11, 0.0005)])
def test_small_samples_stay_exact(tmp_path: Path, rows: int, seed: int, rate: float) -> None:
    small = build(rows, seed, rate, tmp_path)
    assert counts(run_suite(small), small.part.ledger.checks) == small.part.ledger.checks


# ---------------------------------------------------------------------------------------
# cross-database facts, recomputed with plain joins


def test_deceased_still_active(built: Built) -> None:
    joined = linked(built)
    cross = built.part.cross
    deceased = joined.filter(pl.col("status_pop") == "deceased")
    still = deceased.filter(pl.col("status") == "active").height
    assert still == cross["deceased_still_active"] > 0
    assert still == built.part.ledger.checks["deceased_still_active"]["failed"]
    assert deceased.height == cross["rows_linked_to_deceased"] > still
    assert joined.height == cross["rows_linked_to_population"]
    # every other payment of a deceased person stopped on or after the death date
    stopped = deceased.filter(pl.col("status") == "stopped")
    assert stopped.height == deceased.height - still
    assert stopped.filter(pl.col("end_date") >= pl.col("death_date")).height >= (
        stopped.height - defect_rows(built, "ended_before_start")
    )


def test_facts_that_disagree_with_the_master(built: Built) -> None:
    joined = linked(built)
    cross, ledger = built.part.cross, built.part.ledger.checks
    births = joined.filter(pl.col("birth_date") != pl.col("birth_date_pop")).height
    sexes = joined.filter(pl.col("gender") != pl.col("gender_pop")).height
    assert births == cross["birth_date_mismatch"] > 0
    assert births == ledger["birth_date_matches_population"]["failed"]
    assert sexes == cross["sex_mismatch"] > 0
    assert sexes == ledger["sex_matches_population"]["failed"]
    assert ledger["birth_date_matches_population"]["evaluated"] == joined.height
    ids = built.frame["beneficiary_id"].drop_nulls()
    absent = ids.filter(~ids.is_in(built.master["person_id"].implode())).len()
    assert absent == ledger["exists_in:beneficiary_id"]["failed"] > 0
    assert absent == (
        defect_rows(built, "beneficiary_id_absent") + defect_rows(built, "beneficiary_id_letter_o")
    )


def test_duplicate_payments_are_whole_copies(built: Built) -> None:
    keyed = built.frame.filter(pl.col("beneficiary_id").is_not_null())
    groups = keyed.group_by("beneficiary_id", "policy_code").len().filter(pl.col("len") > 1)
    expected = built.part.ledger.checks[KEY]
    assert groups.height == expected["groups"] > 0
    assert int(groups["len"].sum()) == expected["failed"]
    assert int((groups["len"] - 1).sum()) == expected["surplus"]
    copies = keyed.join(groups.select("beneficiary_id", "policy_code"), on=groups.columns[:2])
    assert copies.unique().height == groups.height  # the two rows of a pair are identical


# ---------------------------------------------------------------------------------------
# realistic values


def test_identifiers_names_and_communes(built: Built) -> None:
    frame = built.frame
    share = frame["beneficiary_id"].is_in(built.master["person_id"].implode()).mean()
    assert share is not None
    assert 0.98 < float(share) < 1  # type: ignore[arg-type]
    assert frame["beneficiary_id"].drop_nulls().str.contains(r"^0\d{11}$").mean() > 0.99  # type: ignore[operator]
    assert frame["gender"].is_in(["Nam", "Nữ"]).all()
    communes = c.communes()
    province_of = dict(
        zip(communes.code, np.asarray(communes.provinces)[communes.province], strict=True)
    )
    joined = linked(built).filter(pl.col("commune_code").is_in(list(province_of)))
    paying = joined["commune_code"].replace_strict(province_of, return_dtype=pl.String)
    assert (paying == joined["province_code"]).all()  # paid where the person resides
    assert joined.height > 0.95 * frame.height


def test_policies_follow_the_rules(built: Built) -> None:
    joined = linked(built).filter(
        pl.col("policy_code").is_in(list(an_sinh.POLICIES))
        & pl.col("monthly_amount").is_between(an_sinh.AMOUNT_MIN, an_sinh.AMOUNT_MAX)
    )
    last = pl.coalesce("death_date", pl.lit(AS_OF_DATE))
    age = ((last - pl.col("birth_date_pop")).dt.total_days() / 365.2425).floor()
    joined = joined.with_columns(age=age)
    # coefficients (times ten, of the 500,000 VND base) of Nghị định 20/2021, Điều 6
    for code, rule in {
        "BTXH_TE_MOCOI": (pl.col("age") < 16, {15, 25}),
        "BTXH_NCT_HONGHEO": (pl.col("age") >= 60, {15, 20}),
        "BTXH_NCT_80": (pl.col("age") >= 80, {10}),
        "BTXH_NKT_DBN": (pl.lit(value=True), {20, 25}),
        "BTXH_NKT_NANG": (pl.lit(value=True), {15, 20}),
        "BTXH_DONTHAN_HN": (pl.col("age").is_between(18, 54), {10, 20, 30}),
        "BTXH_HIV_HN": (pl.col("age").is_between(16, 59), {15}),
    }.items():
        rows = joined.filter(pl.col("policy_code") == code)
        assert rows.height > 0, code
        assert rows.select(rule[0].all()).item(), code
        tenths = set((rows["monthly_amount"] * 10 // an_sinh.SOCIAL_BASE).unique().to_list())
        assert tenths == rule[1], code
        assert (rows["monthly_amount"] % 250_000 == 0).all()
    kin = joined.filter(pl.col("policy_code") == "NCC_TNLS")
    assert (kin["age"] >= 50).all()
    assert set(kin["monthly_amount"].unique().to_list()) <= {
        k * an_sinh.MERIT_BASE for k in (1, 2, 3)
    }
    # a beneficiary holds at most one social allowance; a second payment is the martyr's kin's
    two = (
        built.frame.filter(pl.col("beneficiary_id").is_not_null())
        .unique()
        .group_by("beneficiary_id")
        .agg(pl.col("policy_code"), pl.col("commune_code").n_unique().alias("communes"))
        .filter(pl.col("policy_code").list.len() > 1)
    )
    assert 0.02 * built.frame.height < two.height < 0.08 * built.frame.height
    merit = two["policy_code"].list.eval(pl.element().str.starts_with("NCC_").sum()).list.first()
    assert (merit == 1).all()
    assert (two["communes"] == 1).mean() > 0.95  # type: ignore[operator]


def test_dates_and_statuses(built: Built) -> None:
    frame = built.frame.filter(pl.col("status").is_in(an_sinh.STATUSES))
    active = frame.filter(pl.col("status") == "active")
    stopped = frame.filter(pl.col("status") == "stopped")
    assert active["end_date"].null_count() == active.height
    assert stopped["end_date"].null_count() == 0
    assert 0.03 < stopped.height / frame.height < 0.2
    assert frame["start_date"].max() <= AS_OF_DATE  # type: ignore[operator]
    assert frame["start_date"].min() >= date(2006, 6, 30)  # type: ignore[operator]
    assert stopped["end_date"].max() <= AS_OF_DATE  # type: ignore[operator]
    updated = built.frame["updated_at"]
    assert updated.max() == datetime(2026, 6, 30)  # the boundary row: passes not_future
    assert updated.filter(updated >= datetime(2025, 6, 30)).min() == datetime(2025, 6, 30)


def test_elderly_are_drawn_first(built: Built) -> None:
    def age(column: str) -> pl.Expr:
        return (pl.lit(AS_OF_DATE) - pl.col(column)).dt.total_days() / 365.2425

    people = built.master.filter(pl.Series(c.clean_people(built.pop)))
    over_80 = people.filter(age("birth_date") >= 80).height
    paid_80 = linked(built).filter(age("birth_date_pop") >= 80)["beneficiary_id"].n_unique()
    assert paid_80 > 0.9 * over_80 > 0  # nearly everyone over 80 receives an allowance
    young = people.filter(age("birth_date").is_between(20, 50)).height
    paid_young = linked(built).filter(age("birth_date_pop").is_between(20, 50))
    assert paid_young["beneficiary_id"].n_unique() < 0.5 * young


# ---------------------------------------------------------------------------------------
# determinism and the manifest


def test_same_seed_same_database() -> None:
    a, b = build(5_000, 42, RATE), build(5_000, 42, RATE)
    assert a.frame.equals(b.frame)
    assert a.part.ledger.checks == b.part.ledger.checks
    assert a.part.cross == b.part.cross
    assert not build(5_000, 43, RATE).frame.equals(a.frame)


def test_manifest_carries_this_database() -> None:
    s = generate_samples(5_000, seed=21, as_of=AS_OF, defect_rate=RATE)
    direct = build(5_000, 21, RATE)
    assert s.tables["an_sinh"].equals(direct.frame)
    assert s.manifest["cross"]["an_sinh"] == direct.part.cross
    assert s.manifest["suites"]["an_sinh"]["checks"] == direct.part.ledger.checks
    assert s.manifest["suites"]["an_sinh"]["references"] == {"population": "dan_cu"}
    assert s.manifest["parameters"]["shares"]["an_sinh"] == an_sinh.SHARE


@pytest.mark.slow
def test_generates_one_million_population_rows_in_seconds() -> None:
    as_of = g.parse_as_of(AS_OF)
    pop = g._population(1_000_000, np.random.default_rng(7), as_of, g.DEFAULT_DEFECT_RATE)
    start = time.perf_counter()
    part = an_sinh.generate(pop, c.rng_for(7, "an_sinh"), as_of, g.DEFAULT_DEFECT_RATE, {})
    elapsed = time.perf_counter() - start
    assert part.frame.height == 500_000
    assert elapsed < 5, f"an_sinh at 1M population rows took {elapsed:.1f} s"
