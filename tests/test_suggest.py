"""Suggested suites (``datacheck.suggest``): detection on the national samples, one pass, YAML.

The twelve sample databases are generated twice at small scale: clean (``defect_rate=0``) and
defective. A suite suggested from clean data passes on it; a suite suggested from defective
data still finds the identifier columns, passes on that data (thresholds from the evidence)
while counting the defects; and a suite suggested from clean data fails on defective data.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import NormalizedText
from datacheck.checks.shared import InCatalogue
from datacheck.cli import main
from datacheck.errors import DatacheckError, SourceError
from datacheck.suggest import Suggestion, suggest
from datacheck.vn import strategies as vn
from datacheck.vn.admin_units import AdminUnit
from datacheck.vn.identifiers import BhytCard, Cccd, Mst, PhoneVn, PlateVn
from datacheck.vn.text import NameVn
from samples import generate_samples, write_samples
from samples.databases import TABLES

AS_OF = "2026-06-30"
ROWS = 10_000


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    write_samples(generate_samples(ROWS, seed=11, as_of=AS_OF, defect_rate=0.0), out)
    return out


@pytest.fixture(scope="module")
def defective(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("defective")
    write_samples(generate_samples(ROWS, seed=11, as_of=AS_OF, defect_rate=0.002), out)
    return out


@pytest.fixture(scope="module")
def suggested(clean: Path, defective: Path) -> dict[tuple[str, str], Suggestion]:
    return {
        (kind, name): suggest(folder / name, as_of=AS_OF)
        for kind, folder in (("clean", clean), ("defective", defective))
        for name in TABLES
    }


def item(s: Suggestion, kind: str, column: str) -> Any:
    found = [i for i in s.items if i.column == column and i.check.kind == kind]
    assert len(found) == 1, (kind, column, s.checks_of(column))
    return found[0]


def params(s: Suggestion, kind: str, column: str) -> dict[str, Any]:
    return dict(item(s, kind, column).check.params())


# ------------------------------------------------------------------ detection on the samples

# (database, column, check kind, parameters the check must have)
DETECTED = [
    ("dan_cu", "person_id", "cccd", {}),
    ("dan_cu", "person_id", "unique", {}),
    ("dan_cu", "person_id", "not_null", {"severity": "critical"}),
    ("dan_cu", "person_id", "cccd_consistent", {"birth_date": "birth_date", "sex": "gender"}),
    ("dan_cu", "phone", "phone_vn", {}),
    ("dan_cu", "province_code", "admin_unit", {"level": "province"}),
    ("dan_cu", "ethnicity_code", "in_catalogue", {"catalogue": "ethnic_groups"}),
    ("dan_cu", "full_name", "name_vn", {}),
    ("dan_cu", "full_name", "normalized_text", {}),
    ("dan_cu", "updated_at", "fresh", {"max_age": "365d"}),
    ("dan_cu", "updated_at", "not_future", {}),
    ("dan_cu", "birth_date", "between", {"max": "today"}),
    ("doanh_nghiep", "mst", "mst", {}),
    ("doanh_nghiep", "mst", "unique", {}),
    ("doanh_nghiep", "representative_id", "cccd", {}),
    ("doanh_nghiep", "head_office_commune", "admin_unit", {"level": "commune"}),
    ("thue", "tax_code", "mst", {"allow_personal_id": True}),
    ("thue", "enterprise_code", "mst", {}),
    ("bao_hiem", "bhxh_code", "bhxh_code", {}),
    ("bao_hiem", "bhxh_code", "unique", {}),
    ("ho_tich", "commune_code", "admin_unit", {"level": "commune"}),
    ("ho_tich", "record_id", "unique", {}),
    ("ho_tich", "spouse_id", "cccd", {}),
    ("can_bo", "person_id", "cccd_consistent", {"sex": "gender"}),
    ("dat_dai", "owner_person_id", "cccd", {}),
    ("dat_dai", "owner_tax_code", "mst", {}),
    ("phuong_tien", "plate", "plate_vn", {}),
    ("phuong_tien", "plate", "unique", {}),
    ("xuat_nhap_canh", "nationality", "in_catalogue", {"field": "alpha3"}),
    ("xuat_nhap_canh", "movement_id", "unique", {}),
    ("an_sinh", "beneficiary_id", "cccd", {}),
    ("xay_dung", "contractor_tax_code", "mst", {}),
    ("thu_tuc", "applicant_person_id", "cccd", {}),
]


@pytest.mark.parametrize("data", ["clean", "defective"])
@pytest.mark.parametrize(("name", "column", "kind", "expected"), DETECTED)
def test_detects_columns(
    suggested: dict[tuple[str, str], Suggestion],
    data: str,
    name: str,
    column: str,
    kind: str,
    expected: dict[str, Any],
) -> None:
    got = params(suggested[data, name], kind, column)
    assert {k: got.get(k) for k in expected} == expected


def test_dan_cu_suite_settings_and_in_set(suggested: dict[tuple[str, str], Suggestion]) -> None:
    s = suggested["defective", "dan_cu"]
    assert s.suite.key == ("person_id",)
    assert set(s.suite.pii) == {"person_id", "full_name", "phone"}
    assert s.checks_of("phone") == ["phone_vn"]  # phones are often missing: no not_null
    gender = item(s, "in_set", "gender")
    assert set(gender.check.params()["values"]) == {"Nam", "Nữ"}
    left_out = gender.why.en.split("probable defects")[1]
    assert "'nam'" in left_out
    assert "'F'" in left_out
    assert "(not NFC)" in left_out
    status = params(s, "in_set", "status")
    assert set(status["values"]) == {"active", "deceased", "emigrated"}


def test_defective_identifiers_get_thresholds_from_the_evidence(
    suggested: dict[tuple[str, str], Suggestion],
) -> None:
    s = suggested["defective", "dan_cu"]
    cccd = item(s, "cccd", "person_id")
    evaluated, failed = cccd.expected
    assert failed > 0
    assert 0.99 <= cccd.check.threshold < 1.0
    assert cccd.check.threshold <= (evaluated - failed) / evaluated
    assert "→ threshold" in cccd.why.en
    assert "→ ngưỡng" in cccd.why.vi
    assert item(suggested["clean", "dan_cu"], "cccd", "person_id").check.threshold == 1.0


# ------------------------------------------------------------------ running the suggestions


def assert_exact(s: Suggestion, result: dc.Result) -> None:
    """Every count the evidence quotes is the count the run gives."""
    for suggested_check in s.items:
        if suggested_check.expected is None:
            continue
        (rid,) = suggested_check.check.result_ids()
        got = result.check(rid)
        assert (got.evaluated, got.failed) == suggested_check.expected, rid


@pytest.mark.parametrize("name", TABLES)
def test_suggested_suite_passes_on_clean_data(
    suggested: dict[tuple[str, str], Suggestion], clean: Path, name: str
) -> None:
    s = suggested["clean", name]
    result = dc.run(s.suite, clean / name, as_of=AS_OF)
    assert {c.id: c.status for c in result.checks if c.status != "pass"} == {}
    assert result.score == 100.0
    assert_exact(s, result)


@pytest.mark.parametrize("name", TABLES)
def test_suggested_suite_counts_defects_and_passes_as_a_baseline(
    suggested: dict[tuple[str, str], Suggestion], defective: Path, clean: Path, name: str
) -> None:
    s = suggested["defective", name]
    result = dc.run(s.suite, defective / name, as_of=AS_OF)
    assert {c.id: c.status for c in result.checks if c.status != "pass"} == {}
    assert sum(c.failed for c in result.checks) > 0  # the defects are counted and sampled
    assert_exact(s, result)
    # the baseline from defective data does not flag the clean data (observed ranges aside:
    # another sample of people has another oldest birth date)
    on_clean = dc.run(s.suite, clean / name, as_of=AS_OF)
    failing = [c.id for c in on_clean.checks if c.status == "fail" and c.check != "between"]
    assert failing == []


@pytest.mark.parametrize("name", TABLES)
def test_suite_suggested_from_clean_data_detects_defects(
    suggested: dict[tuple[str, str], Suggestion], defective: Path, name: str
) -> None:
    result = dc.run(suggested["clean", name].suite, defective / name, as_of=AS_OF)
    assert [c.id for c in result.checks if c.status == "fail"] != []


def test_clean_dan_cu_suite_fails_on_the_defects(
    suggested: dict[tuple[str, str], Suggestion], defective: Path
) -> None:
    result = dc.run(suggested["clean", "dan_cu"].suite, defective / "dan_cu", as_of=AS_OF)
    failing = {c.id for c in result.checks if c.status == "fail"}
    expected = {
        "not_null:person_id",
        "unique:person_id",
        "cccd:person_id",
        "cccd_consistent:person_id",
        "phone_vn:phone",
        "in_set:gender",
        "admin_unit:province_code",
        "in_catalogue:ethnicity_code",
        "name_vn:full_name",
        "normalized_text:full_name",
    }
    assert expected <= failing


# ------------------------------------------------------------------ one streaming pass


@pytest.fixture
def collects(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Record every LazyFrame collected: its optimised plan and the engine asked for."""
    seen: list[tuple[str, Any]] = []
    original = pl.LazyFrame.collect

    def spy(self: pl.LazyFrame, *args: Any, **kwargs: Any) -> Any:
        seen.append((self.explain(), kwargs.get("engine")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pl.LazyFrame, "collect", spy)
    return seen


def test_one_streaming_pass_and_a_bounded_value_count(
    defective: Path, collects: list[tuple[str, Any]]
) -> None:
    s = suggest(defective / "dan_cu", as_of=AS_OF)
    assert s.queries == 2
    assert len(collects) == 2
    (profile, engine), (counts, engine2) = collects
    assert engine == engine2 == "streaming"
    # the profile: ONE select of aggregates over ONE scan of the source
    assert profile.count("SCAN") == 1
    assert len(re.findall(r"^\s*SELECT", profile, flags=re.MULTILINE)) == 1
    assert "n_unique" in profile
    # the value counts read only the low-cardinality text columns
    assert counts.count("SCAN") == 1
    assert "PROJECT 2/11 COLUMNS" in counts
    assert {p.name for p in s.columns if p.values is not None} == {"gender", "status"}


def test_a_single_query_when_no_column_is_low_cardinality(
    collects: list[tuple[str, Any]],
) -> None:
    df = pl.DataFrame(
        {
            "id": list(range(100)),
            "phone": [f"09{n:08d}" for n in range(100)],
            "seen_on": [date(2026, 1, 1) + timedelta(days=n) for n in range(100)],
        }
    )
    s = suggest(df, as_of=AS_OF)
    assert s.queries == 1
    assert len(collects) == 1
    assert s.checks_of("phone") == ["not_null", "phone_vn"]


# ------------------------------------------------------------------ YAML, lint, languages


def test_yaml_round_trips_and_lints(
    suggested: dict[tuple[str, str], Suggestion], tmp_path: Path
) -> None:
    for (data, name), s in suggested.items():
        for lang in ("vi", "en"):
            text = s.to_yaml(lang)
            assert dc.Suite.loads(text) == s.suite, (data, name, lang)
    path = tmp_path / "dan_cu.yaml"
    path.write_text(suggested["defective", "dan_cu"].to_yaml(), encoding="utf-8")
    assert dc.Suite.from_yaml(path) == suggested["defective", "dan_cu"].suite
    assert main(["lint", str(path), "--lang", "en"]) == 0


def strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def comments(text: str) -> str:
    """The comment lines' text, joined (a long comment wraps over several lines)."""
    lines = (line.strip() for line in text.splitlines())
    return " ".join(line[2:] for line in lines if line.startswith("# "))


def test_comments_are_bilingual(suggested: dict[tuple[str, str], Suggestion]) -> None:
    s = suggested["defective", "dan_cu"]
    assert s.to_yaml() == s.to_yaml("vi")  # the suggestion's language (default vi)
    assert strip_comments(s.to_yaml("vi")) == strip_comments(s.to_yaml("en"))
    vi, en = comments(s.to_yaml("vi")), comments(s.to_yaml("en"))
    assert "0 nulls in 10,000 rows" in en
    assert "0 giá trị null trong 10.000 bản ghi" in vi
    assert "→ cccd" in en
    assert "số định danh cá nhân hợp lệ" in vi
    assert "are at most 365 days old → max_age 365d" in en
    assert "không quá 365 ngày → max_age 365d" in vi
    assert "Bộ kiểm tra gợi ý" in vi
    assert "Suite suggested" in en
    english = suggest(pl.DataFrame({"a": [1, 2]}), as_of=AS_OF, lang="en")
    assert english.to_yaml().startswith("# Suite suggested")


def test_every_check_has_its_evidence_above_it(
    suggested: dict[tuple[str, str], Suggestion],
) -> None:
    text = suggested["defective", "thue"].to_yaml("en")
    lines = text.splitlines()
    entries = [i for i, line in enumerate(lines) if line.startswith("  - check:")]
    assert len(entries) == len(suggested["defective", "thue"].items)
    for index in entries:
        assert lines[index - 1].startswith("  # "), lines[index - 1]
    assert all(len(line) <= 100 for line in lines if line.lstrip().startswith("#"))


def test_output_is_deterministic(defective: Path) -> None:
    first = suggest(defective / "xuat_nhap_canh", as_of=AS_OF).to_yaml()
    second = suggest(defective / "xuat_nhap_canh", as_of=AS_OF).to_yaml()
    assert first == second


# ------------------------------------------------------------------ rules on small frames


def personal_ids(n: int) -> list[str]:
    return [f"001{(n_ % 2)}{n_ % 90 + 10:02d}{n_:06d}" for n_ in range(n)]


def test_a_column_that_is_99_9_percent_cccd_still_gets_cccd() -> None:
    ids = personal_ids(2000)
    ids[7] = "O01099012345"  # letter O for the digit 0
    ids[8] = "99909901234"
    s = suggest(pl.DataFrame({"person_id": ids}), as_of=AS_OF, lang="en")
    cccd = item(s, "cccd", "person_id")
    assert cccd.expected == (2000, 2)
    assert cccd.check.threshold == 0.999
    assert "2 exceptions (0.1%) → threshold 0.999" in cccd.why.en
    strict = suggest(pl.DataFrame({"person_id": ids}), as_of=AS_OF, tolerance=0.0)
    assert "cccd" not in strict.checks_of("person_id")


def test_tax_codes_with_branches_and_personal_ids() -> None:
    codes = ["0100109106", "0300588569", "0101243150", "0100109106-001"] * 5
    s = suggest(pl.DataFrame({"ma_so_thue": codes}), as_of=AS_OF)
    assert params(s, "mst", "ma_so_thue") == {"check": "mst", "columns": ["ma_so_thue"]}
    mixed = [*codes, *personal_ids(20)]
    s = suggest(pl.DataFrame({"tax_code": mixed}), as_of=AS_OF)
    got = params(s, "mst", "tax_code")
    assert got["allow_personal_id"] is True
    plain = suggest(pl.DataFrame({"mst": [c.replace("-", "") for c in codes]}), as_of=AS_OF)
    assert params(plain, "mst", "mst")["branch"] == "plain"
    result = dc.run(s.suite, pl.DataFrame({"tax_code": mixed}), as_of=AS_OF)
    assert_exact(s, result)


def test_province_and_ethnic_codes_are_told_apart() -> None:
    provinces = ["01", "79", "48", "92", "96", "66", "75", "80", "82", "86"] * 10
    ethnic = ["01"] * 80 + ["02", "03", "05", "10", "12", "20", "31", "40", "53", "54"] * 2
    both = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22"] * 10  # in both lists
    df = pl.DataFrame({"province": provinces, "dt": ethnic, "ma_dan_toc": both, "tinh": both})
    s = suggest(df, as_of=AS_OF)
    assert params(s, "admin_unit", "province")["level"] == "province"
    assert params(s, "in_catalogue", "dt")["catalogue"] == "ethnic_groups"
    assert params(s, "in_catalogue", "ma_dan_toc")["catalogue"] == "ethnic_groups"
    assert params(s, "admin_unit", "tinh")["level"] == "province"


def test_in_set_needs_few_repeated_values() -> None:
    df = pl.DataFrame(
        {
            "few": ["a", "b", "c", "d"],  # four values seen once each: they do not repeat
            "kind": ["x", "y"] * 2,
        }
    )
    s = suggest(df, as_of=AS_OF)
    assert "in_set" not in s.checks_of("few")
    assert params(s, "in_set", "kind")["values"] == ["x", "y"]


def test_rare_and_variant_values_are_left_out() -> None:
    values = ["Nam"] * 3000 + ["Nữ"] * 2990 + ["nam"] * 5 + [" Nam"] * 3 + ["X"] * 2
    s = suggest(pl.DataFrame({"gender": values}), as_of=AS_OF, lang="en")
    found = item(s, "in_set", "gender")
    assert found.check.params()["values"] == ["Nam", "Nữ"]
    assert found.expected == (6000, 10)
    assert found.check.threshold == 0.998
    assert "'nam' (5), ' Nam' (3), 'X' (2)" in found.why.en


def test_ranges_of_numbers_and_dates() -> None:
    df = pl.DataFrame(
        {
            "area_m2": [12.34, 9876.5, 500.0],
            "floors": [1, 45, 3],
            "birth_date": [date(1927, 3, 24), date(2020, 6, 26), date(1990, 1, 1)],
            "due_at": [date(2026, 7, 1), date(2026, 5, 1), date(2026, 6, 1)],
            "archived_on": [date(2001, 1, 2), date(2005, 5, 5), date(2010, 10, 10)],
        }
    )
    s = suggest(df, as_of=AS_OF, lang="en")
    assert params(s, "between", "area_m2") == {
        "check": "between",
        "columns": ["area_m2"],
        "min": 12.3,
        "max": 9880.0,
    }
    assert (params(s, "between", "floors")["min"], params(s, "between", "floors")["max"]) == (1, 45)
    birth = params(s, "between", "birth_date")
    assert (birth["min"], birth["max"]) == (date(1920, 1, 1), "today")
    due = params(s, "between", "due_at")
    assert "max" not in due
    assert "deadline" in item(s, "between", "due_at").why.en
    archived = params(s, "between", "archived_on")
    assert (archived["min"], archived["max"]) == (date(2001, 1, 1), date(2010, 12, 31))
    assert dc.run(s.suite, df, as_of=AS_OF).score == 100.0


def test_fresh_max_age_from_the_observed_ages() -> None:
    now = datetime(2026, 6, 30, tzinfo=UTC)
    ages = [timedelta(days=d) for d in range(80)]
    df = pl.DataFrame({"last_modified": [now - a for a in ages]})
    s = suggest(df, as_of=now)
    assert params(s, "fresh", "last_modified")["max_age"] == "90d"
    assert "not_future" in s.checks_of("last_modified")
    old = pl.DataFrame(
        {"updated_at": [datetime(1990, 1, 1) + timedelta(days=400 * n) for n in range(30)]}
    )
    s = suggest(old, as_of=now, lang="en")
    assert "fresh" not in s.checks_of("updated_at")
    assert "no fresh" in s.notes["updated_at"][0].en
    assert "no fresh" in s.to_yaml() or "không gợi ý fresh" in s.to_yaml()


def test_all_null_float_and_other_columns() -> None:
    df = pl.DataFrame(
        {
            "nothing": pl.Series([None] * 4, dtype=pl.String),
            "ratio": [0.5, float("nan"), 1.0, 2.0],
            "flag": [True, False, True, True],
            "tags": [["a"], ["b"], [], ["c"]],
            "zone": pl.Series(["x", "y", "x", "y"]).cast(pl.Categorical),
            "amount": pl.Series(
                [Decimal("1.50"), Decimal("2000.25"), Decimal("3"), Decimal("4")],
                dtype=pl.Decimal(10, 2),
            ),
        }
    )
    s = suggest(df, as_of=AS_OF)
    assert params(s, "between", "amount") == {
        "check": "between",
        "columns": ["amount"],
        "min": 1.5,
        "max": 2010.0,
    }
    assert s.checks_of("nothing") == []
    assert s.checks_of("flag") == ["not_null"]
    assert s.checks_of("tags") == ["not_null"]
    assert params(s, "in_set", "zone")["values"] == ["x", "y"]
    ratio = item(s, "between", "ratio")
    assert ratio.expected == (4, 1)  # NaN fails a range
    assert ratio.check.threshold == 0.75
    assert "không gợi ý phép kiểm tra nào" in s.to_yaml()
    result = dc.run(s.suite, df, as_of=AS_OF)
    assert {c.status for c in result.checks} == {"pass"}


def test_line_breaks_in_values_stay_in_their_comment() -> None:
    df = pl.DataFrame({"kind": ["a\u2028b", "c\nd"] * 3, "id": list(range(6))})
    s = suggest(df, as_of=AS_OF)
    text = s.to_yaml()
    assert dc.Suite.loads(text) == s.suite
    assert yaml.safe_load(text)["suite"] == "suggested"


def test_codes_with_a_leading_zero_are_quoted() -> None:
    # PyYAML writes the text "08" plain (YAML 1.1 reads it as text); the suite loader reads YAML
    # 1.2, where it is a number with a leading zero, and refuses it. The suggestion quotes it.
    df = pl.DataFrame({"kind": ["08", "AB", "CDE", "08", "AB"] * 4, "id": list(range(20))})
    s = suggest(df, as_of=AS_OF)
    text = s.to_yaml()
    assert "values: ['08', AB, CDE]" in text
    assert dc.Suite.loads(text) == s.suite


def test_sample_rows_profiles_the_first_rows(defective: Path) -> None:
    s = suggest(defective / "dan_cu", as_of=AS_OF, sample_rows=500, lang="en")
    assert s.rows == 500
    assert "(first 500 rows)" in s.to_yaml()
    assert "cccd" in s.checks_of("person_id")


def test_suite_name_from_the_source(defective: Path) -> None:
    assert suggest(defective / "can_bo", as_of=AS_OF).suite.name == "can_bo"
    assert suggest(defective / "can_bo", name="Cán bộ 2026", as_of=AS_OF).suite.name == (
        "can_bo_2026"
    )


def test_bad_input() -> None:
    with pytest.raises(SourceError, match="no rows"):
        suggest(pl.DataFrame({"a": pl.Series([], dtype=pl.String)}))
    with pytest.raises(SourceError):
        suggest("no/such/folder")
    df = pl.DataFrame({"a": [1]})
    with pytest.raises(DatacheckError, match="sample_rows"):
        suggest(df, sample_rows=0)
    with pytest.raises(DatacheckError, match="tolerance"):
        suggest(df, tolerance=0.7)
    with pytest.raises(DatacheckError, match="language"):
        suggest(df, lang="fr")  # type: ignore[arg-type]


def test_personal_data_columns_are_pii_and_nfc_names() -> None:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Nam", "Phạm Thu Hà"] * 10
    decomposed = unicodedata.normalize("NFD", "Đỗ Mạnh Hùng")
    df = pl.DataFrame({"ho_ten": [*names, decomposed], "n": list(range(41))})
    s = suggest(df, as_of=AS_OF)
    assert s.suite.pii == ()  # 4 distinct names: too few to call it a names column
    many = [f"Nguyễn Văn {given}" for given in ("An", "Bình", "Cường", "Dũng")]
    more = [
        f"{family} {middle} {given}"
        for family in ("Lê", "Trần", "Phạm")
        for middle in ("Thị", "Văn")
        for given in ("Hoa", "Lan", "Minh", "Tuấn")
    ]
    df = pl.DataFrame({"ho_ten": [*many, *more, *more, *more, decomposed]})  # 77 names
    s = suggest(df, as_of=AS_OF)
    assert s.checks_of("ho_ten") == ["not_null", "name_vn", "normalized_text"]
    assert s.suite.pii == ("ho_ten",)
    assert item(s, "normalized_text", "ho_ten").expected == (77, 1)
    assert item(s, "name_vn", "ho_ten").expected == (77, 1)


# ------------------------------------------------------------------ candidate counts are exact

CANDIDATES = {
    "cccd": lambda c: Cccd(columns=(c,)),
    "mst": lambda c: Mst(columns=(c,), branch="either"),
    "mst_personal": lambda c: Mst(columns=(c,), branch="either", allow_personal_id=True),
    "bhyt_card": lambda c: BhytCard(columns=(c,)),
    "plate_vn": lambda c: PlateVn(columns=(c,)),
    "phone_vn": lambda c: PhoneVn(columns=(c,)),
    "commune": lambda c: AdminUnit(columns=(c,), level="commune"),
    "province": lambda c: AdminUnit(columns=(c,), level="province"),
    "ethnic_groups": lambda c: InCatalogue(columns=(c,), catalogue="ethnic_groups"),
    "alpha3": lambda c: InCatalogue(columns=(c,), catalogue="countries", field="alpha3"),
    "name_vn": lambda c: NameVn(columns=(c,)),
    "normalized_text": lambda c: NormalizedText(columns=(c,)),
}

values = st.one_of(
    vn.cccd(),
    vn.mst(),
    vn.mst(branch="hyphen"),
    vn.mst(branch="plain"),
    vn.plate_vn(),
    vn.phone_vn(),
    vn.bhyt_card(),
    vn.province_code_2025(),
    st.text(alphabet="0123456789-. AĐ\u0303\u00a0\u2028xyzÀ", max_size=16),
    st.text(max_size=12),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(values, min_size=1, max_size=40))
def test_candidate_counts_equal_the_checks(column: list[str | None]) -> None:
    df = pl.DataFrame({"v": pl.Series(column, dtype=pl.String)})
    if df["v"].null_count() == df.height:
        return
    s = suggest(df, as_of=AS_OF)
    matches = s.column("v").matches
    checks = [make("v") for make in CANDIDATES.values()]
    for label, check in zip(CANDIDATES, checks, strict=True):
        run = dc.run(dc.Suite(name="t", checks=(check,)), df, as_of=AS_OF).checks[0]
        assert matches[label] == (run.evaluated, run.failed), label


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(values, min_size=1, max_size=40))
@example(["08", "08", "AB", "AB", "09", "09"])
def test_the_suggested_yaml_reads_back_as_the_suite(column: list[str | None]) -> None:
    s = suggest(pl.DataFrame({"v": pl.Series(column * 2, dtype=pl.String)}), as_of=AS_OF)
    assert dc.Suite.loads(s.to_yaml()) == s.suite


def test_extreme_values_give_a_suite_that_loads_and_passes() -> None:
    # a 0001-01-01 placeholder (decade floor: no year 0), a float at its maximum (rounding up
    # would give inf), 64-bit integer extremes (rounding would leave the type's range)
    df = pl.DataFrame(
        {
            "registered_on": [date(1, 1, 1), date(2020, 5, 1), date(2024, 1, 1)],
            "stamped_at": [datetime(1, 1, 1), datetime(2020, 5, 1), datetime(2024, 1, 1)],
            "amount": [1.5, 1.7976931348623157e308, 2.0],
            "count": pl.Series([-(2**63), 2**63 - 1, 0], dtype=pl.Int64),
        }
    )
    s = suggest(df, as_of=AS_OF)
    assert params(s, "between", "registered_on")["min"] == date(1, 1, 1)
    assert params(s, "between", "amount")["max"] == 1.7976931348623157e308
    assert params(s, "between", "count")["min"] == -(2**63)
    assert dc.Suite.loads(s.to_yaml()) == s.suite
    result = dc.run(s.suite, df, as_of=AS_OF)
    assert [c.id for c in result.checks if c.status != "pass"] == []
