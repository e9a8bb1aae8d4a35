"""Tests of the sample generator: determinism, exact manifest, clean base, speed.

The manifest is the ground truth datacheck's counts are tested against, so here it is
checked against an independent evaluation of the YAML suites: a small reference evaluator
below reads ``suites/*.yaml`` and recomputes every check's counts from the generated frames
with plain Polars and Python (``re``, ``unicodedata``, ``str.casefold``), following
DESIGN.md's "Check semantics". It does not import ``datacheck``.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datacheck import catalogues
from samples import Samples, generate_samples, write_samples
from samples import generator as g
from samples import vn_data as vn
from samples.databases import TABLES
from samples.generate import main

ROOT = Path(__file__).resolve().parents[2]
SUITES = {name: ROOT / "suites" / f"{name}.yaml" for name in ("dan_cu", "bao_hiem")}
AS_OF = "2026-06-30"
AS_OF_DT = datetime(2026, 6, 30)


# ---------------------------------------------------------------------------------------
# reference evaluator of the suites (independent of the generator's bookkeeping)


def load_suite(name: str) -> dict[str, Any]:
    return yaml.safe_load(SUITES[name].read_text(encoding="utf-8"))


def result_ids(check: dict[str, Any]) -> list[str]:
    if "name" in check:
        return [check["name"]]
    kind = check["check"]
    if kind in ("unique", "required_columns"):
        return [f"{kind}:{'+'.join(check['columns'])}"]
    columns = check.get("columns") or [check["column"]]
    return [f"{kind}:{c}" for c in columns]


def count_python(series: pl.Series, fails: Callable[[Any], bool]) -> int:
    """Non-null values of ``series`` for which ``fails`` holds, counted in Python."""
    counts = series.drop_nulls().value_counts()
    return sum(n for value, n in counts.iter_rows() if fails(value))


def max_age(text: str) -> timedelta:
    unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[text[-1]]
    return timedelta(**{unit: int(text[:-1])})


def bound(value: Any, as_of: datetime) -> Any:
    return as_of.date() if value in ("today", "now") else value


def evaluate_column(
    check: dict[str, Any],
    column: str,
    df: pl.DataFrame,
    suite: dict[str, Any],
    refs: dict[str, pl.DataFrame],
    as_of: datetime,
) -> dict[str, int]:
    kind = check["check"]
    s = df[column]
    rows, non_null = df.height, df.height - s.null_count()
    if kind == "not_null":
        return {"evaluated": rows, "failed": s.null_count()}
    if kind == "not_blank":
        holders = {
            p.strip().casefold() for p in [*suite["placeholders"], *check.get("placeholders", [])]
        }

        def blank(v: str) -> bool:
            return not v.strip() or v.strip().casefold() in holders

        return {"evaluated": rows, "failed": s.null_count() + count_python(s, blank)}
    if kind == "normalized_text":

        def unnormalized(v: str) -> bool:
            return v != " ".join(unicodedata.normalize("NFC", v).split())

        return {"evaluated": non_null, "failed": count_python(s, unnormalized)}
    if kind == "pattern":
        regex = re.compile(check["pattern"])
        return {"evaluated": non_null, "failed": count_python(s, lambda v: not regex.search(v))}
    if kind == "in_set":
        allowed = set(check["values"])
        return {"evaluated": non_null, "failed": count_python(s, lambda v: v not in allowed)}
    if kind == "in_catalogue":
        allowed = set(catalogues.values(check["catalogue"], check.get("field")))
        return {"evaluated": non_null, "failed": count_python(s, lambda v: v not in allowed)}
    if kind == "between":
        low, high = bound(check.get("min"), as_of), bound(check.get("max"), as_of)
        bad = count_python(
            s, lambda v: (low is not None and v < low) or (high is not None and v > high)
        )
        return {"evaluated": non_null, "failed": bad}
    if kind == "not_future":
        limit = as_of.date() if s.dtype == pl.Date else as_of
        return {"evaluated": non_null, "failed": count_python(s, lambda v: v > limit)}
    if kind == "fresh":
        cutoff = as_of - max_age(check["max_age"])
        return {"evaluated": non_null, "failed": count_python(s, lambda v: v < cutoff)}
    if kind == "exists_in":
        known = set(refs[check["reference"]][check["reference_column"]].drop_nulls().to_list())
        return {"evaluated": non_null, "failed": count_python(s, lambda v: v not in known)}
    raise AssertionError(f"no reference evaluation for {kind}")


def evaluate(
    name: str, df: pl.DataFrame, refs: dict[str, pl.DataFrame], as_of: datetime = AS_OF_DT
) -> dict[str, dict[str, int]]:
    suite = load_suite(name)
    out: dict[str, dict[str, int]] = {}
    for check in suite["checks"]:
        kind, ids = check["check"], result_ids(check)
        if kind == "row_count":
            bad = df.height < check.get("min", 0) or df.height > check.get("max", df.height)
            out[ids[0]] = {"evaluated": 1, "failed": int(bad)}
        elif kind == "required_columns":
            missing = set(check["columns"]) - set(df.columns)
            out[ids[0]] = {"evaluated": 1, "failed": int(bool(missing))}
        elif kind == "unique":
            key = check["columns"]
            keyed = df.select(key).drop_nulls()
            sizes = keyed.group_by(key).len()
            dup = sizes.filter(pl.col("len") > 1)
            out[ids[0]] = {
                "evaluated": keyed.height,
                "failed": int(dup["len"].sum()),
                "groups": dup.height,
                "surplus": keyed.height - sizes.height,
            }
        elif kind == "expression":
            expr = pl.sql_expr(check["expr"])
            used = expr.meta.root_names()
            scope = df.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in used))
            out[ids[0]] = {"evaluated": scope.height, "failed": scope.filter(~expr).height}
        elif kind == "agrees_with":
            key, ref = check["key"], refs[check["reference"]]
            (column,) = check["columns"]
            values = (
                ref.filter(pl.col(key).is_not_null())
                .group_by(key)
                .agg(pl.col(column).drop_nulls().unique().alias("ref_values"))
            )
            scope = (
                df.select(key, column)
                .join(values, on=key, how="inner")
                .filter(pl.col(column).is_not_null() & (pl.col("ref_values").list.len() > 0))
            )
            differ = (pl.col("ref_values").list.len() > 1) | (
                pl.col("ref_values").list.first() != pl.col(column)
            )
            out[ids[0]] = {"evaluated": scope.height, "failed": scope.filter(differ).height}
        elif kind == "lifecycle":
            key, ref = check["key"], refs[check["reference"]]
            ref_status = check.get("reference_status", check["status"])
            ended = set(check["ended"])
            known = {
                row[0]: row[1]
                for row in ref.filter(pl.col(ref_status).is_not_null())
                .group_by(key)
                .agg(pl.col(ref_status))
                .iter_rows()
            }
            evaluated = failed = 0
            for k, status in df.select(*key, check["status"]).iter_rows():
                if k is None or status is None or k not in known:
                    continue
                evaluated += 1
                failed += status in check["active"] and bool(ended & set(known[k]))
            out[ids[0]] = {"evaluated": evaluated, "failed": failed}
        else:
            columns = check.get("columns") or [check["column"]]
            for check_id, column in zip(ids, columns, strict=True):
                out[check_id] = evaluate_column(check, column, df, suite, refs, as_of)
    return out


def evaluate_all(samples: Samples) -> dict[str, dict[str, dict[str, int]]]:
    refs = {"population": samples.dan_cu}
    return {
        "dan_cu": evaluate("dan_cu", samples.dan_cu, refs),
        "bao_hiem": evaluate("bao_hiem", samples.bao_hiem, refs),
    }


def assert_manifest_exact(samples: Samples) -> None:
    reference = evaluate_all(samples)
    for suite, counts in reference.items():
        expected = samples.manifest["suites"][suite]["checks"]
        assert set(expected) == set(counts), suite
        mismatches = {
            check_id: (expected[check_id], got)
            for check_id, got in counts.items()
            if expected[check_id] != got
        }
        assert not mismatches, f"{suite}: manifest != recomputed: {mismatches}"


# ---------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def samples() -> Samples:
    return generate_samples(40_000, seed=7, as_of=AS_OF)


@pytest.fixture(scope="module")
def clean() -> Samples:
    return generate_samples(30_000, seed=5, as_of=AS_OF, defect_rate=0)


# ---------------------------------------------------------------------------------------
# suites and manifest agree


@pytest.mark.parametrize("name", ["dan_cu", "bao_hiem"])
def test_suite_ids_match_manifest(name: str, samples: Samples) -> None:
    suite = load_suite(name)
    ids = [i for check in suite["checks"] for i in result_ids(check)]
    assert len(ids) == len(set(ids)), "check ids must be unique within a suite"
    expected = g.DAN_CU_CHECKS if name == "dan_cu" else g.BAO_HIEM_CHECKS
    assert sorted(ids) == sorted(expected)
    assert sorted(samples.manifest["suites"][name]["checks"]) == sorted(ids)
    assert 14 <= len(ids) <= 20


@pytest.mark.parametrize("name", ["dan_cu", "bao_hiem"])
def test_suite_header(name: str) -> None:
    suite = load_suite(name)
    assert suite["suite"] == name
    assert suite["timezone"] == g.TIMEZONE
    assert suite["placeholders"] == list(g.PLACEHOLDERS)
    assert {"person_id", "full_name"} <= set(suite["pii"])
    folder = SUITES[name].parent
    assert (folder / suite["source"]).resolve() == ROOT / "samples" / "out" / name
    for path in suite.get("references", {}).values():
        assert (folder / path).resolve() == ROOT / "samples" / "out" / "dan_cu"
    if name == "dan_cu":
        assert suite["key"] == "person_id"
        assert set(suite["pii"]) == {"person_id", "full_name", "phone"}


def test_manifest_matches_reference(samples: Samples) -> None:
    assert_manifest_exact(samples)


@pytest.mark.parametrize(
    ("rows", "seed", "rate"),
    [(3_000, 11, 0.005), (12_345, 2024, 0.002), (64, 3, 0.0), (1_000, 9, 0.0005)],
)
def test_manifest_exact_across_sizes(rows: int, seed: int, rate: float) -> None:
    assert_manifest_exact(generate_samples(rows, seed=seed, as_of=AS_OF, defect_rate=rate))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1_500, 6_000),
    rate=st.sampled_from([0.0, 0.0005, 0.004]),
)
def test_manifest_exact_property(seed: int, rows: int, rate: float) -> None:
    assert_manifest_exact(generate_samples(rows, seed=seed, as_of=AS_OF, defect_rate=rate))


def test_manifest_exact_with_other_as_of() -> None:
    when = "2025-01-15T08:30:00"
    s = generate_samples(5_000, seed=1, as_of=when)
    assert s.manifest["parameters"]["as_of"] == when
    refs = {"population": s.dan_cu}
    as_of = datetime(2025, 1, 15, 8, 30)
    assert evaluate("dan_cu", s.dan_cu, refs, as_of) == s.manifest["suites"]["dan_cu"]["checks"]
    assert (
        evaluate("bao_hiem", s.bao_hiem, refs, as_of) == s.manifest["suites"]["bao_hiem"]["checks"]
    )


# ---------------------------------------------------------------------------------------
# direct, hand-written recomputations of a few counts


def test_direct_counts(samples: Samples) -> None:
    dan, bh = samples.dan_cu, samples.bao_hiem
    m = samples.manifest["suites"]["dan_cu"]["checks"]
    mb = samples.manifest["suites"]["bao_hiem"]["checks"]

    assert m["not_null:person_id"]["failed"] == dan["person_id"].null_count()
    assert m["not_null:full_name"]["failed"] == dan["full_name"].null_count()

    groups = dan.drop_nulls("person_id").group_by("person_id").len().filter(pl.col("len") > 1)
    assert m["unique:person_id"]["groups"] == groups.height
    assert m["unique:person_id"]["failed"] == groups["len"].sum()
    assert sorted(set(groups["len"].to_list())) == [2, 3]  # pairs and triples

    phone = dan["phone"].drop_nulls()
    assert m["pattern:phone"]["evaluated"] == phone.len()
    assert m["pattern:phone"]["failed"] == (~phone.str.contains(r"^0[35789][0-9]{8}$")).sum()

    gender_ok = dan["gender"].is_in(["Nam", "Nữ"])
    assert m["in_set:gender"]["failed"] == (~gender_ok).sum()

    as_of_day = date(2026, 6, 30)
    birth = dan["birth_date"]
    outside = (birth < date(1900, 1, 1)) | (birth > as_of_day)
    assert m["between:birth_date"]["failed"] == outside.sum()

    cutoff = AS_OF_DT - timedelta(days=365)
    assert m["fresh:updated_at"]["failed"] == (dan["updated_at"] < cutoff).sum()
    assert m["not_future:updated_at"]["failed"] == (dan["updated_at"] > AS_OF_DT).sum()

    died = dan.drop_nulls(["death_date", "birth_date"])
    assert m["death_after_birth"]["evaluated"] == died.height
    assert (
        m["death_after_birth"]["failed"]
        == died.filter(pl.col("death_date") < pl.col("birth_date")).height
    )

    absent = bh.drop_nulls("person_id").join(dan, on="person_id", how="anti")
    assert mb["exists_in:person_id"]["failed"] == absent.height
    joined = bh.join(dan, on="person_id", how="inner", suffix="_pop")
    assert mb["birth_date_matches_population"]["evaluated"] == joined.height
    assert (
        mb["birth_date_matches_population"]["failed"]
        == joined.filter(pl.col("birth_date") != pl.col("birth_date_pop")).height
    )


def test_cross_facts(samples: Samples) -> None:
    facts = samples.manifest["cross"]["bao_hiem"]
    joined = samples.bao_hiem.join(samples.dan_cu, on="person_id", how="inner", suffix="_pop")
    deceased = joined.filter(pl.col("status_pop") == "deceased")
    assert facts["rows_linked_to_population"] == joined.height
    assert facts["rows_linked_to_deceased"] == deceased.height
    assert facts["deceased_still_active"] == deceased.filter(pl.col("status") == "active").height
    assert facts["deceased_still_active"] > 0
    assert facts["deceased_inactive"] == deceased.filter(pl.col("status") == "inactive").height


def test_defect_list(samples: Samples) -> None:
    defects = samples.manifest["defects"]
    defects = [d for d in defects if d["table"] in ("dan_cu", "bao_hiem")]  # others: linked tests
    kinds = {(d["table"], d["kind"]) for d in defects}
    assert kinds == {("dan_cu", k) for k in g.DAN_CU_DEFECTS} | {
        ("bao_hiem", k) for k in g.BAO_HIEM_DEFECTS
    }
    assert all(d["rows"] > 0 for d in defects)
    by_kind = {(d["table"], d["kind"]): d for d in defects}
    assert by_kind["dan_cu", "duplicate_person_id_triple"]["rows"] == (
        3 * by_kind["dan_cu", "duplicate_person_id_triple"]["groups"]
    )
    assert "normalized_text:full_name" in by_kind["dan_cu", "name_nfd"]["fails"]
    # every defect kind makes at least one check fail (the lifecycle one too)
    assert [d["kind"] for d in defects if not d["fails"]] == []
    assert by_kind["bao_hiem", "deceased_still_active"]["fails"] == ["deceased_still_active"]


# ---------------------------------------------------------------------------------------
# clean base data


def test_clean_base_all_checks_pass(clean: Samples) -> None:
    for suite in ("dan_cu", "bao_hiem"):
        checks = clean.manifest["suites"][suite]["checks"]
        assert all(c["failed"] == 0 for c in checks.values()), suite
        assert all(c["evaluated"] > 0 for c in checks.values()), suite
    assert all(d["rows"] == 0 for d in clean.manifest["defects"])
    assert_manifest_exact(clean)


def test_clean_base_properties(clean: Samples) -> None:
    dan, bh = clean.dan_cu, clean.bao_hiem
    assert dan["person_id"].n_unique() == dan.height
    assert dan["person_id"].str.contains(r"^0[0-9]{11}$").all()
    names = dan["full_name"]
    assert (names == names.str.normalize("NFC")).all()
    assert (names == names.str.strip_chars()).all()
    assert not names.str.contains("  ").any()
    assert (dan["phone"].drop_nulls().str.len_chars() == 10).all()
    assert dan["province_code"].is_in(list(vn.PROVINCES_2025)).all()
    assert (dan["status"] == "deceased").sum() == dan["death_date"].drop_nulls().len()
    assert bh["person_id"].is_in(dan["person_id"].implode()).all()
    assert bh["bhxh_code"].n_unique() == bh.height


def test_person_id_encodes_birth_and_sex(clean: Samples) -> None:
    dan = clean.dan_cu.with_columns(
        year=pl.col("birth_date").dt.year(),
        female=(pl.col("gender") == "Nữ").cast(pl.Int32),
    )
    digit = (pl.col("year") - 1900) // 100 * 2 + pl.col("female")
    ok = (
        pl.col("person_id").str.slice(1, 2).is_in(list(vn.LEGACY_PROVINCES))
        & (pl.col("person_id").str.slice(3, 1).cast(pl.Int32) == digit)
        & (pl.col("person_id").str.slice(4, 2).cast(pl.Int32) == pl.col("year") % 100)
    )
    assert dan.select(ok.all()).item()


def test_boundary_rows_present(clean: Samples) -> None:
    dan, bh = clean.dan_cu, clean.bao_hiem
    cutoff = AS_OF_DT - timedelta(days=365)
    assert (dan["birth_date"] == date(2026, 6, 30)).any()
    assert (dan["birth_date"] == date(1900, 1, 1)).any()
    assert (dan["death_date"] == dan["birth_date"]).any()
    assert (dan["death_date"] == date(2026, 6, 30)).any()
    for frame in (dan, bh):
        assert (frame["updated_at"] == cutoff).any()
        assert (frame["updated_at"] == AS_OF_DT).any()
    assert len(clean.manifest["boundaries"]) == 8


def test_first_defects_sit_on_the_boundary(samples: Samples) -> None:
    dan = samples.dan_cu
    cutoff = AS_OF_DT - timedelta(days=365)
    assert (dan["birth_date"] == date(1899, 12, 31)).any()
    assert (dan["birth_date"] == date(2026, 7, 1)).any()
    assert (dan["updated_at"] == cutoff - timedelta(seconds=1)).any()
    assert (dan["updated_at"] == AS_OF_DT + timedelta(seconds=1)).any()


def test_realistic_vietnamese_values(clean: Samples) -> None:
    dan = clean.dan_cu
    parts = dan["full_name"].str.split(" ")
    assert parts.list.first().is_in(list(vn.FAMILY_NAMES)).all()
    assert parts.list.len().is_between(3, 4).all()
    nguyen = (parts.list.first() == "Nguyễn").mean()
    assert nguyen is not None
    assert 0.3 < float(nguyen) < 0.45
    prefixes = {f"0{p}" for p in vn.MOBILE_PREFIXES}
    assert dan["phone"].drop_nulls().str.slice(0, 3).is_in(list(prefixes)).all()
    assert set(dan["gender"].unique()) == {"Nam", "Nữ"}
    assert dan["address"].str.contains("Số ").all()


def test_vn_reference_data() -> None:
    assert len(vn.LEGACY_PROVINCES) == 63
    assert len(vn.PROVINCES_2025) == 34
    assert set(vn.LEGACY_TO_2025) == set(vn.LEGACY_PROVINCES)
    assert set(vn.LEGACY_TO_2025.values()) == set(vn.PROVINCES_2025)
    pools = [
        vn.FAMILY_NAMES,
        vn.MIDDLE_MALE,
        vn.MIDDLE_FEMALE,
        vn.GIVEN_MALE,
        vn.GIVEN_FEMALE,
        vn.STREETS,
        vn.WARDS,
        tuple(vn.LEGACY_PROVINCES.values()),
        tuple(vn.PROVINCES_2025.values()),
    ]
    for pool in pools:
        for value in pool:
            assert value == unicodedata.normalize("NFC", value)
            assert value == " ".join(value.split())
    assert len(vn.FAMILY_NAMES) == len(vn.FAMILY_WEIGHTS)


# ---------------------------------------------------------------------------------------
# determinism, shape, files, speed


def test_same_seed_same_frames() -> None:
    a = generate_samples(20_000, seed=42, as_of=AS_OF)
    b = generate_samples(20_000, seed=42, as_of=AS_OF)
    assert a.dan_cu.equals(b.dan_cu)
    assert a.bao_hiem.equals(b.bao_hiem)
    assert a.manifest == b.manifest


def test_different_seeds_differ() -> None:
    a = generate_samples(20_000, seed=1, as_of=AS_OF)
    b = generate_samples(20_000, seed=2, as_of=AS_OF)
    assert not a.dan_cu.equals(b.dan_cu)
    assert not a.bao_hiem.equals(b.bao_hiem)
    shared = set(a.dan_cu["person_id"].drop_nulls()) & set(b.dan_cu["person_id"].drop_nulls())
    assert len(shared) < 100


def test_row_counts_and_schema(samples: Samples) -> None:
    assert samples.dan_cu.height == 40_000
    assert samples.bao_hiem.height == 20_000
    params = samples.manifest["parameters"]
    assert (params["rows"], params["seed"], params["as_of"]) == (40_000, 7, AS_OF)
    assert samples.manifest["tables"]["dan_cu"]["rows"] == 40_000
    assert samples.manifest["tables"]["bao_hiem"]["rows"] == 20_000
    assert samples.dan_cu.schema == pl.Schema(
        {
            "person_id": pl.String,
            "full_name": pl.String,
            "gender": pl.String,
            "birth_date": pl.Date,
            "death_date": pl.Date,
            "phone": pl.String,
            "province_code": pl.String,
            "address": pl.String,
            "status": pl.String,
            "ethnicity_code": pl.String,
            "updated_at": pl.Datetime("us"),
        }
    )
    assert samples.bao_hiem.schema["birth_date"] == pl.Date
    assert samples.bao_hiem.schema["updated_at"] == pl.Datetime("us")


def test_ethnicity_codes_are_realistic_and_shared_by_duplicates(
    clean: Samples, samples: Samples
) -> None:
    codes = clean.dan_cu["ethnicity_code"]
    assert set(codes.unique()) <= catalogues.values("ethnic_groups")
    kinh = float((codes == "01").mean())  # type: ignore[arg-type]
    assert 0.83 < kinh < 0.88
    assert codes.n_unique() > 40  # the small groups appear too
    # whole-record duplicates (same person twice) carry the same group
    dup = samples.dan_cu.filter(
        pl.col("person_id").is_duplicated() & pl.col("person_id").is_not_null()
    )
    assert dup.height > 0
    ok = dup["ethnicity_code"].is_in(list(catalogues.values("ethnic_groups")))
    per_person = dup.filter(ok).group_by("person_id").agg(pl.col("ethnicity_code").n_unique())
    assert per_person["ethnicity_code"].max() == 1


def test_cli_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["--rows", "5000", "--seed", "3", "--as-of", AS_OF, "--out", str(out)])
    assert code == 0
    assert "dan_cu 5,000 rows" in capsys.readouterr().out
    expected = generate_samples(5_000, seed=3, as_of=AS_OF)
    assert pl.read_parquet(out / "dan_cu").equals(expected.dan_cu)
    assert pl.read_parquet(out / "bao_hiem").equals(expected.bao_hiem)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == json.loads(json.dumps(expected.manifest))
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "manifest.json"])
    for name in TABLES:  # partitioned: several files, row order kept
        files = sorted(p.name for p in (out / name).iterdir())
        assert files == [f"part-{i:05d}.parquet" for i in range(manifest["tables"][name]["files"])]
        assert len(files) >= 2
        assert pl.read_parquet(out / name).equals(expected.tables[name]), name


def test_cli_clean_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rows", "2000", "--clean", "--out", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["defect_rate"] == 0
    assert main(["--rows", "0", "--out", str(tmp_path / "x")]) == 2
    assert "rows must be positive" in capsys.readouterr().err


def test_write_samples_roundtrip(tmp_path: Path) -> None:
    s = generate_samples(2_000, seed=8)
    paths = write_samples(s, tmp_path / "nested" / "dir")
    assert set(paths) == {*TABLES, "manifest"}
    assert all(p.exists() for p in paths.values())
    assert not [p for p in paths["manifest"].parent.iterdir() if p.name.startswith(".")]
    # a second, smaller run replaces every dataset: no file of the first run survives
    small = generate_samples(1_000, seed=8)
    write_samples(small, tmp_path / "nested" / "dir")
    for name in TABLES:
        assert pl.read_parquet(paths[name]).equals(small.tables[name]), name


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="rows must be positive"):
        generate_samples(0)
    with pytest.raises(ValueError, match="defect_rate"):
        generate_samples(1_000, defect_rate=0.5)
    with pytest.raises(ValueError, match="insurance_share"):
        generate_samples(1_000, insurance_share=2)
    with pytest.raises(ValueError, match="eligible rows"):
        generate_samples(100, defect_rate=0.019)


def test_parse_as_of() -> None:
    assert g.parse_as_of("2026-06-30") == datetime(2026, 6, 30)
    assert g.parse_as_of(date(2026, 6, 30)) == datetime(2026, 6, 30)
    assert g.parse_as_of("2026-06-29T17:00:00+00:00") == datetime(2026, 6, 30)
    assert g.parse_as_of("2026-06-30 09:15") == datetime(2026, 6, 30, 9, 15)


def test_generates_200k_rows_fast() -> None:
    start = time.perf_counter()
    s = generate_samples(200_000, seed=7, as_of=AS_OF)
    elapsed = time.perf_counter() - start
    assert s.dan_cu.height == 200_000
    assert elapsed < 10, f"200k rows took {elapsed:.1f} s"
