"""Administrative units: the pinned snapshots and the four checks built on them."""

from __future__ import annotations

import collections
import hashlib
import importlib.util
import os
import re
import socket
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.engine.stages import GroupStage
from datacheck.vn import admin_units as au
from datacheck.vn.admin_units import (
    AdminUnit,
    AdminUnitCurrent,
    NoDistrictLevel,
    UnitInProvince,
    codes,
    district_level_pattern,
    name_key,
    successors_2025,
    units,
)
from datacheck.vn.strategies import (
    address_2025,
    address_legacy,
    commune_code_2025,
    commune_in_province,
    province_code_2025,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "datacheck" / "vn" / "data"
AS_OF = "2026-06-30"


def run(check, data, **suite):
    result = dc.run(dc.Suite(name="t", checks=[check], **suite), data, as_of=AS_OF)
    assert len(result.checks) == 1
    return result.checks[0]


def counts(check, data, **suite):
    r = run(check, data, **suite)
    assert r.status != "error", r.reason()
    return r.evaluated, r.failed


# --------------------------------------------------------------------------- the snapshots


def test_counts_of_both_lists():
    found = {(v, lvl): n for v, lvl, n in units().group_by("vintage", "level").len().iter_rows()}
    assert found == {
        ("2025", "province"): 34,
        ("2025", "commune"): 3321,
        ("legacy", "province"): 63,
        ("legacy", "district"): 696,
        ("legacy", "commune"): 10035,
    }
    assert codes("2025", "district") == ()


def test_2025_commune_types_match_the_official_totals():
    # 2,621 xã, 687 phường, 13 đặc khu (Nghị quyết 202/2025/QH15 and the 34 resolutions)
    names = units().filter(vintage="2025", level="commune")["name"]
    kinds = collections.Counter(
        n.split(" ")[0] if not n.startswith("Đặc khu") else "Đặc khu" for n in names
    )
    assert kinds == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_codes_are_unique_digit_strings_of_their_level_width():
    for (vintage, level), group in units().group_by("vintage", "level"):
        width = au.WIDTH[level]
        assert group["code"].str.contains(rf"^\d{{{width}}}$").all(), (vintage, level)
        assert group["code"].n_unique() == group.height
        assert list(codes(vintage, level)) == sorted(group["code"].to_list())


def test_every_2025_commune_lies_in_one_of_the_34_provinces():
    communes = units().filter(vintage="2025", level="commune")
    assert communes["parent"].null_count() == 0
    assert set(communes["parent"]) <= set(codes("2025", "province"))
    assert (communes["parent"] == communes["province"]).all()
    assert set(communes["parent"]) == set(codes("2025", "province"))


def test_legacy_hierarchy_is_consistent():
    legacy = units().filter(vintage="legacy")
    districts = legacy.filter(level="district")
    communes = legacy.filter(level="commune")
    assert set(districts["parent"]) == set(codes("legacy", "province"))
    province_of = dict(zip(districts["code"], districts["parent"], strict=True))
    assert all(province_of[d] == p for d, p in communes.select("parent", "province").iter_rows())
    # five island districts had no commune level
    empty = set(districts["code"]) - set(communes["parent"])
    assert sorted(empty) == ["318", "471", "498", "536", "755"]


def test_successor_mapping_is_complete_and_consistent():
    s = successors_2025()
    per_unit = s.group_by("level", "code").agg(
        pl.len().alias("n"), pl.col("whole").all(), pl.col("default").sum().alias("defaults")
    )
    assert (per_unit["defaults"] == 1).all()
    assert per_unit.filter(pl.col("whole"))["n"].to_list() == [1] * per_unit["whole"].sum()
    provinces = s.filter(level="province")
    assert sorted(provinces["code"]) == list(codes("legacy", "province"))
    assert set(provinces["successor"]) == set(codes("2025", "province"))
    communes = per_unit.filter(level="commune")
    assert communes.height == 10035
    assert set(communes["code"]) == set(codes("legacy", "commune"))
    assert (~communes["whole"]).sum() == 471
    targets = s.filter(successor_level="commune")["successor"]
    assert set(targets) <= set(codes("2025", "commune"))
    # every 2025 commune has at least one predecessor
    assert set(targets) == set(codes("2025", "commune"))


def test_attribution_lists_the_sha256_of_every_snapshot():
    text = (DATA / "ATTRIBUTION.md").read_text("utf-8")
    assert "MIT License" in text
    assert "vietnamadminunits" in text
    assert "1.0.4" in text
    for name in ("units.parquet", "successors_2025.parquet"):
        digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert f"| `{name}` | `{digest}` |" in text


def _source() -> Path | None:
    given_path = os.environ.get("DATACHECK_ADMIN_UNITS_SOURCE")
    if given_path:
        return Path(given_path)
    spec = importlib.util.find_spec("vietnamadminunits")  # locates, does not import
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return None


def test_build_script_reproduces_the_snapshots_byte_for_byte(tmp_path):
    source = _source()
    if source is None:
        pytest.skip(
            "set DATACHECK_ADMIN_UNITS_SOURCE to the vietnamadminunits 1.0.4 wheel (dev only)"
        )
    spec = importlib.util.spec_from_file_location(
        "build_admin_units", ROOT / "scripts" / "build_admin_units.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_outputs(module.read_source(source), tmp_path)
    module.write_outputs(module.read_source(source), tmp_path / "again")
    for name in ("units.parquet", "successors_2025.parquet", "ATTRIBUTION.md"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
        assert (tmp_path / "again" / name).read_bytes() == (DATA / name).read_bytes(), name


def test_cross_check_with_vietnam_provinces():
    """Dev-only: ``vietnam-provinces`` (GPL, never a dependency) agrees where it is official.

    Its 2025.10.1 release predates Quyết định 19/2025/QĐ-TTg's numbering for 114 communes, so
    only provinces (codes, names) and the number of communes per province are compared.
    """
    vp = pytest.importorskip("vietnam_provinces")
    provinces = {f"{int(p.code):02d}": p.name for p in vp.Province.iter_all()}
    ours = dict(units().filter(vintage="2025", level="province").select("code", "name").iter_rows())
    assert provinces.keys() == ours.keys()
    keys = pl.select(name_key(pl.lit(pl.Series(list(ours.values()))))).to_series().to_list()
    theirs = pl.select(name_key(pl.lit(pl.Series(list(provinces.values()))))).to_series()
    assert keys == theirs.to_list()
    per_province = collections.Counter(f"{int(w.province_code):02d}" for w in vp.Ward.iter_all())
    mine = collections.Counter(units().filter(vintage="2025", level="commune")["parent"])
    assert per_province == mine


def test_importing_datacheck_reads_no_snapshot():
    code = (
        "import datacheck, sys\n"
        "from datacheck.vn import admin_units as au\n"
        "assert au.units.cache_info().currsize == 0\n"
        "assert 'vietnamadminunits' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_no_network_access_at_run_time(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    for cached in (au.units, au.successors_2025, au._unit_map, au.codes, au._name_keys):
        cached.cache_clear()
    au._successor_table.cache_clear()
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    df = pl.DataFrame(
        {
            "p": ["79", "02"],
            "c": ["26740", "26740"],
            "w": ["26740", "00001"],
            "n": ["Phường Sài Gòn", "Phường Phúc Xá"],
            "a": ["Phường Sài Gòn, TP.HCM", "Phường Phúc Xá, Quận Ba Đình"],
        }
    )
    checks = [
        AdminUnit(columns=["p"], level="province"),
        UnitInProvince(columns=["c"], province="p"),
        AdminUnitCurrent(columns=["w"], level="commune", name_column="n"),
        NoDistrictLevel(columns=["a"]),
    ]
    result = dc.run(dc.Suite(name="t", checks=checks), df, as_of=AS_OF)
    assert [(c.evaluated, c.failed) for c in result.checks] == [(2, 1), (2, 1), (2, 1), (2, 1)]
    assert "vietnamadminunits" not in sys.modules


# --------------------------------------------------------------------------- admin_unit


def test_admin_unit_counts_on_strings():
    df = pl.DataFrame({"p": ["01", "79", "02", "1", "", None], "c": ["26740"] * 5 + [None]})
    assert counts(AdminUnit(columns=["p"], level="province"), df) == (5, 3)
    assert counts(AdminUnit(columns=["p"], level="province", vintage="legacy"), df) == (5, 2)
    assert counts(AdminUnit(columns=["c"], level="commune"), df) == (5, 0)
    r = run(AdminUnit(columns=["p"], level="province"), df)
    assert r.details == {"in_other_vintage": 1}  # "02" (Hà Giang) is a legacy code
    assert [s.values["p"] for s in r.samples] == ["02", "1", ""]


def test_admin_unit_reads_integers_as_code_numbers():
    df = pl.DataFrame({"p": pl.Series([1, 79, 2, 100, -1, None], dtype=pl.Int64)})
    assert counts(AdminUnit(columns=["p"], level="province"), df) == (5, 3)
    big = pl.DataFrame({"c": pl.Series([26740, 2**64 - 1], dtype=pl.UInt64)})
    assert counts(AdminUnit(columns=["c"], level="commune"), big) == (2, 1)
    small = pl.DataFrame({"p": pl.Series([1, 2, 255], dtype=pl.UInt8)})
    assert counts(AdminUnit(columns=["p"], level="province"), small) == (3, 2)


def test_admin_unit_categorical_and_legacy_district():
    df = pl.DataFrame({"d": pl.Series(["760", "001", "999", None], dtype=pl.Categorical)})
    check = AdminUnit(columns=["d"], level="district", vintage="legacy")
    assert counts(check, df) == (3, 1)


def test_admin_unit_rejects_float_columns_and_district_2025():
    r = run(AdminUnit(columns=["p"], level="province"), pl.DataFrame({"p": [1.0]}))
    assert r.status == "error"
    assert "string or integer" in r.reason()
    with pytest.raises(dc.CheckDefinitionError, match="no district level"):
        AdminUnit(columns=["d"], level="district")


def test_vintage_accepts_a_yaml_integer():
    suite = dc.Suite.loads(
        "suite: s\nchecks:\n  - check: admin_unit\n    column: p\n    level: province\n"
        "    vintage: 2025\n"
    )
    assert suite.checks[0] == AdminUnit(columns=["p"], level="province")
    with pytest.raises(dc.CheckDefinitionError, match="'vintage'"):
        AdminUnit(columns=["p"], level="province", vintage="2024")


# --------------------------------------------------------------------------- unit_in_province


def test_unit_in_province_counts():
    df = pl.DataFrame(
        {
            "c": ["26740", "26740", "00004", "99999", None, "26740"],
            "p": ["79", "01", "01", "79", "79", None],
        }
    )
    r = run(UnitInProvince(columns=["c"], province="p"), df)
    assert (r.evaluated, r.failed, r.details) == (3, 1, {"unknown_commune": 1})
    assert [s.values for s in r.samples] == [{"c": "26740", "p": "01"}]


def test_unit_in_province_mixed_integer_and_string_columns():
    df = pl.DataFrame(
        {
            "c": pl.Series([26740, 26740, 4], dtype=pl.Int32),
            "p": pl.Series(["79", "1", "01"], dtype=pl.Categorical),
        }
    )
    assert counts(UnitInProvince(columns=["c"], province="p"), df) == (3, 1)
    df = pl.DataFrame({"c": ["26740", "00004"], "p": pl.Series([79, 79], dtype=pl.UInt64)})
    assert counts(UnitInProvince(columns=["c"], province="p"), df) == (2, 1)


def test_unit_in_province_legacy_with_district():
    df = pl.DataFrame(
        {
            "c": ["26740", "00001", "00001", "00001"],
            "d": ["760", "001", "002", "001"],
            "p": ["79", "01", "01", "79"],
        }
    )
    check = UnitInProvince(columns=["c"], province="p", district="d", vintage="legacy")
    assert counts(check, df) == (4, 2)
    # 26740 was Phường Bến Nghé of Quận 1 (760), Hồ Chí Minh
    assert counts(UnitInProvince(columns=["c"], province="p", vintage="legacy"), df) == (4, 1)
    with pytest.raises(dc.CheckDefinitionError, match="'district'"):
        UnitInProvince(columns=["c"], province="p", district="d")


def test_unit_in_province_missing_or_bad_province_column_is_an_error():
    df = pl.DataFrame({"c": ["26740"], "p": [79.0]})
    r = run(UnitInProvince(columns=["c"], province="p"), df)
    assert r.status == "error"
    assert "'p'" in r.reason()
    r = run(UnitInProvince(columns=["c"], province="q"), df)
    assert r.status == "error"
    assert "'q'" in r.reason()


@settings(max_examples=50, deadline=None)
@given(pairs=st.lists(commune_in_province(), min_size=1, max_size=20))
def test_generated_pairs_pass_unit_in_province(pairs):
    df = pl.DataFrame(pairs, schema=["c", "p"], orient="row")
    assert counts(UnitInProvince(columns=["c"], province="p"), df) == (len(pairs), 0)
    assert counts(AdminUnit(columns=["c"], level="commune"), df) == (len(pairs), 0)
    assert counts(AdminUnit(columns=["p"], level="province"), df) == (len(pairs), 0)


@settings(max_examples=30, deadline=None)
@given(province=province_code_2025(), data=st.data())
def test_commune_code_strategy_respects_the_province(province, data):
    commune = data.draw(commune_code_2025(province=province))
    df = pl.DataFrame({"c": [commune], "p": [province]})
    assert counts(UnitInProvince(columns=["c"], province="p"), df) == (1, 0)
    assert counts(AdminUnitCurrent(columns=["c"], level="commune"), df) == (1, 0)


def test_every_2025_commune_passes_with_its_province_and_every_other_province_fails():
    communes = units().filter(vintage="2025", level="commune")
    df = communes.select(pl.col("code").alias("c"), pl.col("parent").alias("p"))
    wrong = df.with_columns(
        pl.when(pl.col("p") == "01").then(pl.lit("79")).otherwise(pl.lit("01")).alias("p")
    )
    assert counts(UnitInProvince(columns=["c"], province="p"), df) == (3321, 0)
    assert counts(UnitInProvince(columns=["c"], province="p"), wrong) == (3321, 3321)


# --------------------------------------------------------------------------- admin_unit_current


def test_admin_unit_current_code_only():
    df = pl.DataFrame({"c": ["26740", "00001", "11948", "x", None], "k": list("abcde")})
    r = run(AdminUnitCurrent(columns=["c"], level="commune"), df, key="k")
    assert (r.evaluated, r.failed) == (3, 1)
    assert r.details == {
        "successor_whole": 1,
        "successor_split": 0,
        "no_successor": 0,
        "unknown": 1,
    }
    (sample,) = r.samples
    assert sample.key == {"k": "b"}
    assert sample.values == {
        "c": "00001",
        "successor_2025": "00097",
        "successor_2025_name": "Phường Hồng Hà",
        "successor_2025_whole": True,
    }


def test_admin_unit_current_compares_names_for_reused_codes():
    df = pl.DataFrame(
        {
            "c": ["26740", "26740", "26740", "26740", "26737", "26737", "26737"],
            "n": [
                "Phường Sài Gòn",
                "Phường Bến Nghé",
                "P. BẾN NGHÉ",
                "Phường Không Có",
                "Phường Đa Kao",
                unicodedata.normalize("NFD", "phường đa kao"),
                None,
            ],
        }
    )
    r = run(AdminUnitCurrent(columns=["c"], level="commune", name_column="n"), df)
    assert (r.evaluated, r.failed) == (7, 4)
    assert r.details == {
        "unmatched_name": 1,
        "successor_whole": 2,
        "successor_split": 2,
        "no_successor": 0,
        "unknown": 0,
    }
    split = [s.values for s in r.samples if s.values["successor_2025_whole"] is False]
    assert {s["successor_2025"] for s in split} == {"26740"}  # Đa Kao's default part


def test_admin_unit_current_districts_all_fail():
    df = pl.DataFrame({"d": pl.Series([760, 1, 318, 99, None], dtype=pl.Int16)})
    r = run(AdminUnitCurrent(columns=["d"], level="district"), df)
    assert (r.evaluated, r.failed) == (4, 4)
    assert r.details["successor_whole"] == 1  # Bạch Long Vĩ became a đặc khu
    assert r.details["no_successor"] == 3
    with pytest.raises(dc.CheckDefinitionError, match="'name_column'"):
        AdminUnitCurrent(columns=["d"], level="district", name_column="n")


def test_seven_province_codes_were_reused_for_another_province():
    both = set(codes("2025", "province")) & set(codes("legacy", "province"))
    assert both == set(codes("2025", "province"))
    names = units().filter(level="province").pivot("vintage", index="code", values="name")
    changed = names.filter(pl.col("2025").is_not_null() & (pl.col("2025") != pl.col("legacy")))
    assert sorted(changed["code"]) == ["15", "24", "44", "52", "80", "82", "91"]
    df = changed.select(pl.col("code").alias("p"), pl.col("legacy").alias("n"))
    check = AdminUnitCurrent(columns=["p"], level="province", name_column="n")
    assert counts(check, df) == (7, 7)
    assert counts(AdminUnitCurrent(columns=["p"], level="province"), df) == (7, 0)


def test_admin_unit_current_on_every_unit_of_both_lists():
    frame = units().filter(pl.col("level") == "commune").select("vintage", "code", "name")
    check = AdminUnitCurrent(columns=["code"], level="commune", name_column="name")
    current = frame.filter(vintage="2025")
    assert counts(check, current) == (3321, 0)
    legacy = frame.filter(vintage="legacy")
    keys = dict(
        zip(current["code"], current.select(name_key(pl.col("name"))).to_series(), strict=True)
    )
    legacy_keys = legacy.select(name_key(pl.col("name"))).to_series().to_list()
    expected = sum(
        code not in keys or keys[code] != key
        for code, key in zip(legacy["code"], legacy_keys, strict=True)
    )
    assert counts(check, legacy) == (10035, expected)
    only_code = AdminUnitCurrent(columns=["code"], level="commune")
    assert counts(only_code, legacy) == (10035, 10035 - 3316)


def test_admin_unit_current_evaluates_per_distinct_value():
    check = AdminUnitCurrent(columns=["c"], level="commune", name_column="n")
    ctx = dc.checks.CompileContext(
        schema=pl.Schema({"c": pl.String, "n": pl.String}),
        as_of=datetime(2026, 6, 30, tzinfo=UTC),
    )
    (measure,) = check.measures(ctx)
    assert measure.stage == GroupStage(("c", "n"))


def test_name_key_folds_spelling_variants():
    names = pl.Series(
        [
            "Phường Hoà Bình",
            "phường hòa  bình",
            unicodedata.normalize("NFD", "P. Hòa Bình"),
            "Xã Thuỷ An",
            "xã thủy an",
            "Phường 01",
            "phường 1",
            "Phường Văn Miếu - Quốc Tử Giám",
            "Văn Miếu Quốc Tử Giám",
            "Tỉnh Bà Rịa - Vũng Tàu",
            "Thủ đô Hà Nội",
            "TP. Hà Nội",
        ]
    )
    keys = pl.select(name_key(pl.lit(names))).to_series().to_list()
    assert keys[0] == keys[1] == keys[2] == "hòa bình"
    assert keys[3] == keys[4] == "thủy an"
    assert keys[5] == keys[6] == "1"
    assert keys[7] == keys[8] == "văn miếu quốc tử giám"
    assert keys[9] == "bà rịa vũng tàu"
    assert keys[10] == keys[11] == "hà nội"


# --------------------------------------------------------------------------- no_district_level

TABLE = [
    # (address, fails in segment mode, fails in anywhere mode)
    ("12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh", False, False),
    ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM", True, True),
    ("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", True, True),
    ("12 Lê Lợi,P.Bến Nghé,Q1,TPHCM", True, True),
    ("Thôn 3, xã Tân Hòa, HUYỆN CỦ CHI", True, True),
    ("Khu phố 2, Thị trấn Đông Anh, Hà Nội", True, True),
    ("Khu phố 2, TT. Đông Anh", True, True),
    ("Khu phố 2, TT Đông Anh", False, False),
    ("TX. Sơn Tây", True, True),
    ("Thị Xã Sơn Tây", True, True),
    ("12 Bà Huyện Thanh Quan, Phường Xuân Hòa", False, False),
    ("12 BÀ HUYỆN THANH QUAN", False, False),
    ("12 Ba Huyện Thanh Quan", False, True),
    ("Huyện lộ 10, Ấp 3, Xã Tân Thạnh", False, False),
    ("HUYỆN LỘ 10", False, False),
    ("Huyện lộ,Huyện lộ 5", False, False),
    ("Huyện Lộc Ninh, Bình Phước", True, True),
    ("Phường Thị Nại, Gia Lai", False, False),
    ("25 Nguyễn Thị Minh Khai, Phường Võ Thị Sáu", False, False),
    ("Xã Tứ Quận Yên Sơn", False, True),
    ("Phường 5 Quận 3 TP.HCM", False, True),
    ("12 Lê Lợi - Quận 3 - TP.HCM", True, True),
    ("(Quận 1)", True, True),
    ("Quận:Ba Đình", True, True),
    ("Quận", False, False),
    ("Quan 1, TP HCM", False, False),
    ("Hẻm 5, Đường H3", False, False),
    ("Thôn 3, Qua\u0323\u0302n 1", True, True),
    ("Thôn 3, Qua\u0302\u0323n 1", True, True),
    ("Thôn 3, Quâ\u0323n 1", True, True),
    (unicodedata.normalize("NFD", "Thôn 3, Huyện Củ Chi"), True, True),
    ("Thành phố Thủ Đức, TP.HCM", False, False),
]


@pytest.mark.parametrize(("address", "segment", "anywhere"), TABLE)
def test_no_district_level_table(address, segment, anywhere):
    df = pl.DataFrame({"a": [address]})
    assert counts(NoDistrictLevel(columns=["a"]), df) == (1, int(segment))
    assert counts(NoDistrictLevel(columns=["a"], position="anywhere"), df) == (1, int(anywhere))


def test_no_district_level_samples_show_the_mention():
    df = pl.DataFrame({"a": ["1 Lê Lợi, Quận 1, TP.HCM", None, "ok"]})
    r = run(NoDistrictLevel(columns=["a"]), df)
    assert (r.evaluated, r.failed) == (2, 1)
    assert r.samples[0].values == {"a": "1 Lê Lợi, Quận 1, TP.HCM", "district_level": ", Quận 1"}


def test_every_2025_address_passes_and_legacy_district_addresses_fail():
    frame = units()
    names = dict(zip(frame["code"], frame["name"], strict=True))
    current = frame.filter(vintage="2025", level="commune")
    ok = [f"1 Lê Lợi, {n}, {names[p]}" for n, p in current.select("name", "parent").iter_rows()]
    df = pl.DataFrame({"a": ok})
    assert counts(NoDistrictLevel(columns=["a"]), df) == (3321, 0)
    assert counts(NoDistrictLevel(columns=["a"], position="anywhere"), df) == (3321, 0)
    legacy = frame.filter(vintage="legacy", level="commune")
    rows = [
        (f"1 Lê Lợi, {n}, {names[d]}, {names[p]}", n, names[d])
        for n, d, p in legacy.select("name", "parent", "province").iter_rows()
    ]
    expected = sum(
        bool(re.match(r"(?i)(quận|huyện|thị xã) ", district) or re.match(r"(?i)thị trấn ", n))
        for _, n, district in rows
    )
    df = pl.DataFrame({"a": [a for a, _, _ in rows]})
    assert counts(NoDistrictLevel(columns=["a"]), df) == (10035, expected)
    assert expected > 8000


@settings(max_examples=200, deadline=None)
@given(address=address_2025())
def test_generated_2025_addresses_pass(address):
    df = pl.DataFrame({"a": [address]})
    assert counts(NoDistrictLevel(columns=["a"]), df) == (1, 0)
    assert counts(NoDistrictLevel(columns=["a"], position="anywhere"), df) == (1, 0)


@settings(max_examples=100, deadline=None)
@given(address=address_legacy(abolished_only=True))
def test_generated_legacy_addresses_fail(address):
    assert counts(NoDistrictLevel(columns=["a"]), pl.DataFrame({"a": [address]})) == (1, 1)


# A plain-Python statement of the documented rule, to compare the regex with.
_SEPARATORS = set(",;|/()\n\r-–—")


def _is_word(char):
    return unicodedata.category(char)[0] in "LMN"


def _is_name_start(char):
    return unicodedata.category(char)[0] in "LN"


def _skip_spaces(text, i):
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _words(text, i, words):
    """End of ``words`` (separated by one or more spaces) at ``i``, else None."""
    for n, word in enumerate(words):
        if n:
            j = _skip_spaces(text, i)
            if j == i:
                return None
            i = j
        if not text.startswith(word, i):
            return None
        i += len(word)
    return i


def _name_at(text, i):
    """Where the name after a level word starts (spaces, one optional '.' or ':'), or None."""
    i = _skip_spaces(text, i)
    if i < len(text) and text[i] in ".:":
        i = _skip_spaces(text, i + 1)
    return i if i < len(text) and _is_name_start(text[i]) else None


def _huyen_at(text, i):
    end = _words(text, i, ["huyện"])
    start = None if end is None else _name_at(text, end)
    if start is None:
        return False
    is_lo = text.startswith("lộ", start) and (
        start + 2 == len(text) or not _is_word(text[start + 2])
    )
    return not is_lo


def _level_at(text, i):
    for words in (["quận"], ["thị", "xã"], ["thị", "trấn"]):
        end = _words(text, i, words)
        if end is not None and _name_at(text, end) is not None:
            return True
    return False


def _abbreviation_at(text, i):
    for short in ("q.", "h.", "tx.", "tt.", "t.x.", "t.t."):
        if text.startswith(short, i):
            j = _skip_spaces(text, i + len(short))
            if j < len(text) and _is_name_start(text[j]):
                return True
    if text.startswith("q", i):
        j = _skip_spaces(text, i + 1)
        return j < len(text) and text[j].isdecimal()
    return False


def oracle(value, position):
    text = unicodedata.normalize("NFC", value).lower()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c in _SEPARATORS]
    for start in starts:
        i = _skip_spaces(text, start)
        if _abbreviation_at(text, i):
            return True
        if position == "segment" and (_level_at(text, i) or _huyen_at(text, i)):
            return True
    if position == "segment":
        return False
    for i in range(len(text)):
        if i and _is_word(text[i - 1]):
            continue
        if _level_at(text, i):
            return True
        if _huyen_at(text, i):
            j = i - 1
            while j >= 0 and text[j].isspace():
                j -= 1
            if j < 0 or not _is_word(text[j]):
                return True
            if j < i - 1:
                k = j
                while k >= 0 and _is_word(text[k]):
                    k -= 1
                if text[k + 1 : j + 1] != "bà":
                    return True
    return False


_TOKENS = [
    "Quận", "quận", "QUẬN", "Huyện", "huyện", "HUYỆN", "Thị", "thị", "xã", "Xã", "trấn",
    "lộ", "Lộ", "lộc", "Bà", "bà", "BÀ", "ba", "Q", "q", "Q.", "H.", "h.", "TX.", "TT.",
    "T.X.", "t.t.", "1", "12", "A", "x", "Lê", "Sài Gòn", " ", " ", "  ", "\u00a0", ",",
    ", ", ";", "-", "–", "(", ")", "/", ".", ":", "\n", "Phường", "đường",
]  # fmt: skip


@settings(
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    parts=st.lists(st.sampled_from(_TOKENS), max_size=12),
    forms=st.lists(st.sampled_from(["NFC", "NFD", "raw"]), min_size=12, max_size=12),
)
def test_pattern_equals_the_documented_rule(parts, forms):
    value = "".join(
        p if f == "raw" else unicodedata.normalize(f, p) for p, f in zip(parts, forms, strict=False)
    )
    s = pl.Series([value])
    for position in ("segment", "anywhere"):
        found = pl.select(pl.lit(s).str.contains(district_level_pattern(position))).item()
        assert found == oracle(value, position), (value, position)


def test_oracle_agrees_with_the_table():
    for address, segment, anywhere in TABLE:
        assert oracle(address, "segment") is segment, address
        assert oracle(address, "anywhere") is anywhere, address


# --------------------------------------------------------------------------- mergeable counts

_CODES = ["26740", "26737", "26734", "00001", "00004", "11948", "99999", "x", None]
_NAMES = ["Phường Sài Gòn", "Phường Bến Nghé", "P. Đa Kao", "Phường Tân Định", "y", None]
_PROVINCES = ["79", "01", "1", None]
_ADDRESSES = ["1 Lê Lợi, Quận 1", "Bà Huyện Thanh Quan, P. 5", "Huyện lộ 2", "x", None]
PARTITION_CHECKS = [
    AdminUnit(columns=["c"], level="commune"),
    AdminUnit(columns=["p"], level="province", vintage="legacy"),
    UnitInProvince(columns=["c"], province="p"),
    AdminUnitCurrent(columns=["c"], level="commune"),
    AdminUnitCurrent(name="with_name", columns=["c"], level="commune", name_column="n"),
    NoDistrictLevel(columns=["a"]),
    NoDistrictLevel(name="anywhere", columns=["a"], position="anywhere"),
]


@settings(max_examples=15, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(_CODES),
            st.sampled_from(_NAMES),
            st.sampled_from(_PROVINCES),
            st.sampled_from(_ADDRESSES),
        ),
        max_size=20,
    ),
    cut=st.integers(0, 20),
)
def test_counts_and_details_add_up_over_partitions(rows, cut):
    data = pl.DataFrame(rows, schema=["c", "n", "p", "a"], orient="row")
    suite = dc.Suite(name="parts", checks=PARTITION_CHECKS)
    parts = [data.slice(0, cut), data.slice(cut)]

    def measured(frame):
        return {
            c.id: (c.evaluated, c.failed, dict(c.details))
            for c in dc.run(suite, frame, as_of=AS_OF).checks
        }

    whole = measured(data)
    split = [measured(part) for part in parts]
    for key, (evaluated, failed, details) in whole.items():
        assert evaluated == sum(p[key][0] for p in split)
        assert failed == sum(p[key][1] for p in split)
        for name, value in details.items():
            assert value == sum(p[key][2][name] for p in split), (key, name)


def test_admin_unit_current_name_column_must_be_text():
    df = pl.DataFrame({"c": ["26740"], "n": [1]})
    r = run(AdminUnitCurrent(columns=["c"], level="commune", name_column="n"), df)
    assert r.status == "error"
    assert "'n'" in r.reason()
    r = run(AdminUnitCurrent(columns=["c"], level="commune", name_column="m"), df)
    assert r.status == "error"
    assert "'m'" in r.reason()
