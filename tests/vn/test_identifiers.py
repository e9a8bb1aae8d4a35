"""Unit tests of the Vietnamese identifier checks: real examples and tricky values."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import NotNull
from datacheck.checks.base import CompileContext
from datacheck.engine.plan import compile_plan
from datacheck.engine.stages import ROW_STAGE
from datacheck.vn.identifiers import (
    CCCD_PROVINCES,
    MOBILE_PREFIXES,
    PLATE_PROVINCES,
    BhxhCode,
    BhytCard,
    Cccd,
    CccdConsistent,
    IdPlaceholder,
    Mst,
    PhoneVn,
    PlateVn,
    cccd_birth_year,
    mst_check_digit,
)
from samples.vn_data import LEGACY_PROVINCES
from samples.vn_data import MOBILE_PREFIXES as SAMPLE_MOBILE_PREFIXES

FULL_WIDTH_ZERO = "\uff10"  # ０
ARABIC_INDIC = "٠٠١٠٩٩٠١٢٣٤٥"  # 001099012345 in Arabic-Indic digits
NBSP = "\u00a0"


def frame(values, dtype=pl.String, name="v"):
    return pl.DataFrame({name: pl.Series(values, dtype=dtype)})


def passing_values(check, values):
    """The values of column ``v`` the check evaluates and passes (row by row)."""
    data = frame(values)
    ctx = CompileContext(schema=data.schema, as_of=datetime(2026, 6, 30, tzinfo=UTC))
    rule = check.rule("v", ctx)
    data = data.with_columns(**rule.derived)  # the facts the engine computes once per row
    ok = rule.applies.fill_null(value=False) & ~rule.fails.fill_null(value=False)
    return set(data.filter(ok)["v"])


# ----------------------------------------------------------------------------- data


def test_province_codes_match_the_sample_generator():
    assert len(CCCD_PROVINCES) == 63
    assert set(CCCD_PROVINCES) == {f"0{code}" for code in LEGACY_PROVINCES}


def test_mobile_prefixes_cover_the_sample_generator_plus_itel_and_reddi():
    ours = {int(p) for p in MOBILE_PREFIXES}
    assert ours == set(SAMPLE_MOBILE_PREFIXES) | {55, 87}
    assert all(len(p) == 3 and p.startswith("0") for p in MOBILE_PREFIXES)


def test_plate_provinces_are_two_digit_codes_in_11_99():
    assert all(len(c) == 2 and 11 <= int(c) <= 99 for c in PLATE_PROVINCES)
    for unallocated in ("13", "42", "44", "45", "46", "87", "91", "96"):
        assert unallocated not in PLATE_PROVINCES
    for allocated in ("29", "30", "51", "59", "43", "80", "99"):
        assert allocated in PLATE_PROVINCES


def test_mst_check_digit_on_public_examples():
    assert mst_check_digit("010010910") == 6
    assert mst_check_digit("030058856") == 9
    assert mst_check_digit("000000000") is None  # weighted sum 0: no check digit exists


def test_cccd_birth_year():
    assert cccd_birth_year("001099012345") == 1999
    assert cccd_birth_year("079203000123") == 2003
    assert cccd_birth_year("079503000123") == 2103
    assert cccd_birth_year("07920300012") is None
    assert cccd_birth_year(ARABIC_INDIC) is None


# ----------------------------------------------------------------------------- cccd


def test_cccd_real_looking_ids_pass(one):
    r = one(Cccd(columns=["v"]), frame(["001099012345", "079203000123", "096000000001"]))
    assert (r.id, r.dimension, r.evaluated, r.failed, r.status) == (
        "cccd:v",
        dc.Dimension.CORRECT,
        3,
        0,
        "pass",
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (FULL_WIDTH_ZERO + "01099012345", "bad_length_or_digits"),
        ("00109901234" + FULL_WIDTH_ZERO, "bad_length_or_digits"),
        (ARABIC_INDIC, "bad_length_or_digits"),
        (" 001099012345", "bad_length_or_digits"),
        ("001099012345 ", "bad_length_or_digits"),
        ("001099012345" + NBSP, "bad_length_or_digits"),
        ("001 099 012 345", "bad_length_or_digits"),
        ("00109901234", "bad_length_or_digits"),
        ("0010990123456", "bad_length_or_digits"),
        ("", "bad_length_or_digits"),
        ("00109901234a", "bad_length_or_digits"),
        ("003099012345", "bad_province"),  # 003 is not a province code
        ("097099012345", "bad_province"),
        ("100099012345", "bad_province"),
        ("296099012345", "bad_province"),
        ("901099012345", "bad_province"),
        ("001499012345", "bad_century"),  # 2199
        ("001999012345", "bad_century"),
        ("001227012345", "future_birth_year"),  # 2027 > as-of 2026
        ("001399012345", "future_birth_year"),
    ],
)
def test_cccd_failures_by_reason(one, value, reason):
    r = one(Cccd(columns=["v"]), frame([value, "001099012345"]))
    assert (r.evaluated, r.failed) == (2, 1)
    assert r.details == {
        "bad_length_or_digits": 0,
        "bad_province": 0,
        "bad_century": 0,
        "future_birth_year": 0,
    } | {reason: 1}


def test_cccd_boundaries_of_the_as_of_year(one):
    data = frame(["001226012345", "001326012345", "001227012345", "001100012345"])
    assert one(Cccd(columns=["v"]), data, as_of="2026-01-01").failed == 1
    assert one(Cccd(columns=["v"]), data, as_of="2027-01-01").failed == 0
    # a historical run: births after the as-of year cannot be real yet
    assert one(Cccd(columns=["v"]), data, as_of="1999-12-31").failed == 3


def test_cccd_abroad_codes_are_optional(one):
    data = frame(["101099012345", "295099012345", "200099012345"])
    assert one(Cccd(columns=["v"]), data).failed == 0
    r = one(Cccd(columns=["v"], allow_abroad=False), data)
    assert (r.failed, r.details["bad_province"]) == (3, 3)


def test_cccd_nulls_empty_and_categorical(one):
    r = one(Cccd(columns=["v"]), frame([None, "001099012345", None]))
    assert (r.evaluated, r.failed) == (1, 0)
    empty = one(Cccd(columns=["v"]), frame([]))
    assert (empty.evaluated, empty.status) == (0, "not_applicable")
    assert empty.details == {
        "bad_length_or_digits": 0,
        "bad_province": 0,
        "bad_century": 0,
        "future_birth_year": 0,
    }
    cat = one(Cccd(columns=["v"]), frame(["001099012345", "x", None, "x"], pl.Categorical))
    assert (cat.evaluated, cat.failed, cat.details["bad_length_or_digits"]) == (3, 2, 2)
    enum = one(
        Cccd(columns=["v"]),
        frame(["001099012345", "x"], pl.Enum(["001099012345", "x"])),
    )
    assert (enum.evaluated, enum.failed) == (2, 1)


def test_cccd_on_an_integer_column_is_an_error(run):
    data = pl.DataFrame({"v": [1099012345], "k": [1]})
    bad, other = run([Cccd(columns=["v"]), NotNull(columns=["k"])], data).checks
    assert bad.status == "error"
    assert "string" in bad.reason()
    assert other.status == "pass"


def test_cccd_samples_show_the_offending_value(one):
    r = one(Cccd(columns=["v"]), frame(["001099012345", "0010990123"]))
    assert [dict(s.values) for s in r.samples] == [{"v": "0010990123"}]


# ----------------------------------------------------------------------------- cccd_consistent


def consistent_frame(ids, dobs, sexes, dob_dtype=pl.Date):
    return pl.DataFrame(
        {
            "id": pl.Series(ids, dtype=pl.String),
            "dob": pl.Series(dobs, dtype=dob_dtype),
            "sex": pl.Series(sexes, dtype=pl.String),
        }
    )


def test_cccd_consistent_agreeing_records_pass(one):
    data = consistent_frame(
        ["001099012345", "001199012345", "079203000123", "079303000123", "101000000001"],
        [
            date(1999, 1, 1),
            date(1999, 12, 31),
            date(2003, 6, 1),
            date(2003, 6, 1),
            date(1900, 1, 1),
        ],
        ["Nam", "Nữ", "Nam", "Nữ", "Nam"],
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    assert (r.id, r.evaluated, r.failed, r.status) == ("cccd_consistent:id", 5, 0, "pass")


def test_cccd_consistent_counts_each_broken_fact(one):
    data = consistent_frame(
        [
            "001099012345",  # sex mismatch
            "001098012345",  # year mismatch
            "001299012345",  # century mismatch (2099 vs 1999)
            "001398012345",  # century + year + sex mismatch
            "001099012345",  # agrees
        ],
        [date(1999, 1, 1)] * 5,
        ["Nữ", "Nam", "Nam", "Nam", "Nam"],
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    assert (r.evaluated, r.failed) == (5, 4)
    assert r.details == {"century_mismatch": 2, "year_mismatch": 2, "sex_mismatch": 2}
    assert {tuple(sorted(s.values)) for s in r.samples} == {("dob", "id", "sex")}


def test_cccd_consistent_evaluated_rows(one):
    data = consistent_frame(
        ["001099012345", "001099012345", "001099012345", "bad", None, "003099012345"],
        [date(1999, 1, 1), None, date(1999, 1, 1), date(1999, 1, 1), date(1999, 1, 1), None],
        ["Nam", "Nam", "nam", "Nam", "Nam", "Nam"],
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    # evaluated: valid id, non-null birth date, sex exactly "Nam" or "Nữ" -> only row 0
    assert (r.evaluated, r.failed) == (1, 0)
    # a structurally invalid id is the business of `cccd`, never evaluated here
    data = consistent_frame(["0010990123", "003099012345"], [date(1950, 1, 1)] * 2, ["Nam"] * 2)
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    assert (r.evaluated, r.status) == (0, "not_applicable")


def test_cccd_consistent_without_sex_and_with_integer_years(one):
    data = consistent_frame(
        ["001099012345", "001199012345", "001299012345", "001099012345"],
        [1999, 1999, 1999, None],
        ["x", "x", "x", "x"],
        dob_dtype=pl.Int64,
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob"), data)
    assert (r.evaluated, r.failed) == (3, 1)
    assert r.details == {"century_mismatch": 1, "year_mismatch": 0}


def test_cccd_consistent_years_outside_the_encodable_range(one):
    data = consistent_frame(
        ["001099012345", "001899012345", "001800012345"],
        [1899, 2399, 2400],
        ["Nam", "Nam", "Nam"],
        dob_dtype=pl.Int32,
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    assert (r.evaluated, r.failed, r.details["century_mismatch"]) == (3, 2, 2)


def test_cccd_consistent_datetime_and_coded_sex(one):
    data = pl.DataFrame(
        {
            "id": ["079203000123", "079303000123"],
            "born": [datetime(2003, 12, 31, 23, 0), datetime(2003, 1, 1)],
            "gender": [1, 1],
        }
    )
    check = CccdConsistent(columns=["id"], birth_date="born", sex="gender", male=1, female=2)
    r = one(check, data)
    assert (r.evaluated, r.failed, r.details["sex_mismatch"]) == (2, 1, 1)


def test_cccd_consistent_categorical_columns(one):
    data = pl.DataFrame(
        {
            "id": pl.Series(["001099012345", "001199012345"], dtype=pl.Categorical),
            "dob": [date(1999, 1, 1)] * 2,
            "sex": pl.Series(["Nam", "Nam"], dtype=pl.Categorical),
        }
    )
    r = one(CccdConsistent(columns=["id"], birth_date="dob", sex="sex"), data)
    assert (r.evaluated, r.failed) == (2, 1)


def test_cccd_consistent_bad_configuration(run):
    with pytest.raises(dc.CheckDefinitionError, match="differ"):
        CccdConsistent(columns=["id"], birth_date="dob", male="Nam", female="Nam")
    data = pl.DataFrame({"id": ["001099012345"], "dob": ["1999-01-01"], "k": [1]})
    bad, other = run(
        [CccdConsistent(columns=["id"], birth_date="dob"), NotNull(columns=["k"])], data
    ).checks
    assert bad.status == "error"
    assert "birth_date" in bad.reason()
    assert bad.reason("vi")
    assert other.status == "pass"
    missing, _ = run(
        [CccdConsistent(columns=["id"], birth_date="born"), NotNull(columns=["k"])], data
    ).checks
    assert missing.status == "error"
    assert "'born'" in missing.reason()


# ----------------------------------------------------------------------------- mst


def test_mst_public_examples_pass(one):
    r = one(Mst(columns=["v"]), frame(["0100109106", "0300588569", "0100109106-001"]))
    assert (r.evaluated, r.failed) == (3, 0)


def test_mst_check_digit_failures(one):
    # every other last digit fails; a prefix whose weighted sum is 0 mod 11 never passes
    data = frame([f"010010910{d}" for d in range(10)] + [f"000000000{d}" for d in range(10)])
    r = one(Mst(columns=["v"]), data)
    assert (r.evaluated, r.failed) == (20, 19)
    assert r.details == {"bad_format": 0, "bad_branch": 0, "bad_check_digit": 19}


@pytest.mark.parametrize(
    ("branch", "passing"),
    [
        ("hyphen", {"0100109106", "0100109106-001", "0100109106-999"}),
        ("plain", {"0100109106", "0100109106001", "0100109106999"}),
        (
            "either",
            {"0100109106", "0100109106-001", "0100109106-999", "0100109106001", "0100109106999"},
        ),
        ("never", {"0100109106"}),
    ],
)
def test_mst_branch_forms(one, branch, passing):
    values = [
        "0100109106",
        "0100109106-001",
        "0100109106-999",
        "0100109106001",
        "0100109106999",
        "0100109106-000",
        "0100109106000",
        "0100109106-01",
        "0100109106-0001",
        "0100109106 -001",
        "0100109107-001",
    ]
    r = one(Mst(columns=["v"], branch=branch), frame(values))
    assert r.failed == len(values) - len(passing)
    assert passing_values(Mst(columns=["v"], branch=branch), values) == passing


def test_mst_branch_000_is_its_own_reason(one):
    r = one(Mst(columns=["v"], branch="either"), frame(["0100109106-000", "0100109106000"]))
    assert r.details == {"bad_format": 0, "bad_branch": 2, "bad_check_digit": 0}


def test_mst_tricky_values(one):
    values = [
        "0100109106 ",
        " 0100109106",
        "0100109106" + NBSP,
        FULL_WIDTH_ZERO + "100109106",
        "٠١٠٠١٠٩١٠٦",
        "01001091O6",
        "010010910",
        "01.00.109.106",
    ]
    r = one(Mst(columns=["v"]), frame(values))
    assert (r.failed, r.details["bad_format"]) == (len(values), len(values))


def test_mst_personal_ids(one):
    data = frame(["001099012345", "003099012345", "001499012345", "0100109106"])
    assert one(Mst(columns=["v"]), data).failed == 3
    r = one(Mst(columns=["v"], allow_personal_id=True), data)
    assert (r.failed, r.details["bad_personal_id"], r.details["bad_format"]) == (2, 2, 0)


# ----------------------------------------------------------------------------- bhxh / bhyt


def test_bhxh_code(one):
    values = ["0123456789", "7912345678", "012345678", "01234567890", "BH01234567"]
    values += ["012345678" + FULL_WIDTH_ZERO, " 0123456789", None]
    r = one(BhxhCode(columns=["v"]), frame(values))
    assert (r.evaluated, r.failed) == (7, 5)


def test_bhyt_card_format(one):
    good = ["DN4790123456789", "HT1010000000001", "GD5969999999999"]
    bad = [
        "dn4790123456789",  # lowercase group
        "DN0790123456789",  # benefit level 0
        "DN6790123456789",  # benefit level 6
        "DN479012345678",  # 14 characters
        "DN47901234567890",
        "D14790123456789",
        "ĐN4790123456789",  # Đ is not an ASCII capital
        "DN47901234567" + FULL_WIDTH_ZERO + "9",
        "DN 4790123456789",
    ]
    r = one(BhytCard(columns=["v"]), frame([*good, *bad, None]))
    assert (r.evaluated, r.failed, r.details) == (12, 9, {"bad_format": 9})


def test_bhyt_card_against_the_bhxh_column(one):
    data = pl.DataFrame(
        {
            "v": ["DN4790123456789", "DN4790123456789", "DN4790123456789", "dn", None],
            "b": ["0123456789", "0123456780", None, "0123456789", "0123456789"],
        }
    )
    r = one(BhytCard(columns=["v"], bhxh_column="b"), data)
    assert (r.evaluated, r.failed) == (4, 2)
    assert r.details == {"bad_format": 1, "bhxh_mismatch": 1}
    ints = pl.DataFrame({"v": ["DN4790123456789", "DN4790000000042"], "b": [123456789, 41]})
    r = one(BhytCard(columns=["v"], bhxh_column="b"), ints)
    assert (r.failed, r.details["bhxh_mismatch"]) == (1, 1)


# ----------------------------------------------------------------------------- phone_vn


def test_phone_prefix_forms_pass(one):
    values = ["0912345678", "84912345678", "+84912345678", "0321234567", "0551234567"]
    values += ["0871234567", "0991234567", "02438251234", "+842838251234", "02033123456"]
    r = one(PhoneVn(columns=["v"]), frame(values))
    assert (r.evaluated, r.failed) == (len(values), 0)


def test_phone_every_listed_prefix_passes_and_no_other(one):
    values = [f"0{n:02d}1234567" for n in range(100)]
    r = one(PhoneVn(columns=["v"], allow_landline=False), frame(values))
    assert r.failed == 100 - len(MOBILE_PREFIXES)
    assert r.details["bad_prefix"] + r.details["landline_not_allowed"] == r.failed


def test_phone_stale_numbers_are_counted(one):
    values = ["01662345678", "+841662345678", "841662345678", "01234567890", "0912345678"]
    r = one(PhoneVn(columns=["v"]), frame(values))
    assert (r.failed, r.details["stale"]) == (4, 4)
    assert r.details == {"stale": 4, "bad_prefix": 0, "bad_format": 0}


def test_phone_tricky_values(one):
    values = [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        " 0912345678",
        "0912345678 ",
        "0912345678" + NBSP,
        "091234567" + FULL_WIDTH_ZERO,
        "٠٩١٢٣٤٥٦٧٨",
        "+840912345678",
        "0084912345678",
        "091234567",
        "09123456789",
        "(024) 38251234",
        "",
    ]
    r = one(PhoneVn(columns=["v"]), frame(values))
    assert (r.failed, r.details["bad_format"]) == (len(values), len(values))


def test_phone_separators_option(one):
    values = [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "024 3825 1234",
        "0166 234 5678",  # stale, separated
        "0912  345 678",  # doubled separator
        " 0912345678",
        "0912345678-",
        "+ 84912345678",
        "0112 345 678",  # bad prefix
    ]
    r = one(PhoneVn(columns=["v"], allow_separators=True), frame(values))
    assert r.failed == 6
    assert r.details == {"bad_format": 4, "stale": 1, "bad_prefix": 1}


def test_phone_landline_option(one):
    values = ["02438251234", "+842438251234", "0912345678"]
    r = one(PhoneVn(columns=["v"], allow_landline=False), frame(values))
    assert (r.failed, r.details["landline_not_allowed"]) == (2, 2)


def test_phone_custom_prefixes(one):
    r = one(PhoneVn(columns=["v"], mobile_prefixes=["091"]), frame(["0912345678", "0981234567"]))
    assert (r.failed, r.details["bad_prefix"]) == (1, 1)
    with pytest.raises(dc.CheckDefinitionError, match="mobile_prefixes"):
        PhoneVn(columns=["v"], mobile_prefixes=["91"])
    with pytest.raises(dc.CheckDefinitionError, match="mobile_prefixes"):
        PhoneVn(columns=["v"], mobile_prefixes=[])


# ----------------------------------------------------------------------------- plate_vn


def test_plate_documented_forms_pass(one):
    values = [
        "30A-123.45",
        "51F-12345",
        "51F-1234",
        "29-B1 123.45",
        "29-B1 1234",
        "59X1-123.45",
        "29-HA 002.33",
        "29LD-123.45",
        "51R-141.39",
        "29-MĐ1 013.53",
        "50TĐ-821.08",
        "80A-123.45",
        "30A12345",
        "29B112345",
    ]
    r = one(PlateVn(columns=["v"]), frame(values))
    assert [dict(s.values) for s in r.samples] == []
    assert (r.evaluated, r.failed) == (len(values), 0)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("30I-123.45", "bad_series"),
        ("30J-123.45", "bad_series"),
        ("30O-123.45", "bad_series"),
        ("30Q-123.45", "bad_series"),
        ("30W-123.45", "bad_series"),
        ("29-W1 123.45", "bad_series"),
        ("29-B0 123.45", "bad_series"),
        ("29-RA 123.45", "bad_series"),
        ("13A-123.45", "bad_province"),
        ("42A-123.45", "bad_province"),
        ("00A-123.45", "bad_province"),
        ("30a-123.45", "bad_format"),
        ("30A-123.456", "bad_format"),
        ("30A-12.345", "bad_format"),
        ("30A-123", "bad_format"),
        ("30A--123.45", "bad_format"),
        ("30A-123.45 ", "bad_format"),
        (" 30A-123.45", "bad_format"),
        ("30A" + NBSP + "123.45", "bad_format"),
        ("３0A-123.45", "bad_format"),
        ("30A-１23.45", "bad_format"),
        ("A30-123.45", "bad_format"),
        ("30ABC-123.45", "bad_format"),
    ],
)
def test_plate_failures_by_reason(one, value, reason):
    r = one(PlateVn(columns=["v"]), frame([value, "30A-123.45"]))
    assert (r.evaluated, r.failed) == (2, 1)
    assert r.details == {"bad_province": 0, "bad_series": 0, "bad_format": 0} | {reason: 1}


def test_plate_options(one):
    data = frame(["30A12345", "30A-123.45", "80QT-123.45", "13A-123.45"])
    assert one(PlateVn(columns=["v"]), data).failed == 2
    assert one(PlateVn(columns=["v"], allow_compact=False), data).failed == 3
    assert one(PlateVn(columns=["v"], extra_series=["QT"]), data).failed == 1
    assert one(PlateVn(columns=["v"], provinces=["13", "30"]), data).failed == 1
    with pytest.raises(dc.CheckDefinitionError, match="provinces"):
        PlateVn(columns=["v"], provinces=["3"])
    with pytest.raises(dc.CheckDefinitionError, match="extra_series"):
        PlateVn(columns=["v"], extra_series=["N-G"])


# ----------------------------------------------------------------------------- id_placeholder


def test_id_placeholder_kinds(one):
    values = [
        "000000000000",
        "111111111111",
        "0123456789",
        "123456789012",
        "890123",
        "987654321098",
        "210987",
        "KHONG_RO",
        "001099012345",
        "12345",  # shorter than min_length
        "0123456788",
        None,
    ]
    r = one(IdPlaceholder(columns=["v"], values=["KHONG_RO"]), frame(values))
    assert (r.id, r.dimension) == ("id_placeholder:v", dc.Dimension.CLEAN)
    assert (r.evaluated, r.failed) == (11, 8)
    assert r.details == {"repeated": 2, "ascending": 3, "descending": 2, "listed": 1}


def test_id_placeholder_min_length_and_long_runs(one):
    values = ["1", "12", "99", "21", "1" * 32, "1" * 33, "0123456789" * 3 + "01"]
    r = one(IdPlaceholder(columns=["v"], min_length=1), frame(values))
    assert (r.failed, r.details["repeated"], r.details["ascending"]) == (6, 3, 2)
    assert one(IdPlaceholder(columns=["v"]), frame(values)).failed == 2
    with pytest.raises(dc.CheckDefinitionError, match="min_length"):
        IdPlaceholder(columns=["v"], min_length=0)


def test_id_placeholder_on_integer_and_categorical_columns(one):
    ints = pl.DataFrame({"v": [111111, 123456, 0, 100234, None]})
    r = one(IdPlaceholder(columns=["v"]), ints)
    assert (r.evaluated, r.failed) == (4, 2)
    cat = frame(["000000", "000000", "123457"], pl.Categorical)
    assert one(IdPlaceholder(columns=["v"]), cat).failed == 2


def test_id_placeholder_foreign_digits_are_not_runs(one):
    r = one(IdPlaceholder(columns=["v"]), frame([FULL_WIDTH_ZERO * 12, "٠" * 12]))
    assert r.failed == 0


# ----------------------------------------------------------------------------- suites


def test_yaml_suite_with_every_identifier_check(tmp_path):
    text = """
suite: ids
key: k
checks:
  - check: cccd
    column: id
  - check: cccd_consistent
    column: id
    birth_date: dob
    sex: sex
    male: Nam
    female: Nữ
  - check: mst
    column: tax
    branch: either
    allow_personal_id: true
  - check: bhxh_code
    column: bhxh
  - check: bhyt_card
    column: card
    bhxh_column: bhxh
  - check: phone_vn
    column: phone
    allow_separators: true
  - check: plate_vn
    column: plate
    allow_compact: false
  - check: id_placeholder
    column: id
    values: ["000000000001"]
"""
    suite = dc.Suite.loads(text)
    assert dc.Suite.loads(suite.to_yaml()) == suite
    data = pl.DataFrame(
        {
            "k": ["a", "b"],
            "id": ["001099012345", "000000000000"],
            "dob": [date(1999, 1, 1), date(1900, 1, 1)],
            "sex": ["Nam", "Nam"],
            "tax": ["0100109106-001", "001099012345"],
            "bhxh": ["0123456789", "0123456789"],
            "card": ["DN4790123456789", "DN4790123456780"],
            "phone": ["0912 345 678", "+84 24 3825 1234"],
            "plate": ["30A-123.45", "29-B1 123.45"],
        }
    )
    result = dc.run(suite, data, as_of="2026-06-30")
    failed = {c.id: (c.evaluated, c.failed) for c in result.checks}
    assert failed == {
        "cccd:id": (2, 1),
        "cccd_consistent:id": (1, 0),
        "mst:tax": (2, 0),
        "bhxh_code:bhxh": (2, 0),
        "bhyt_card:card": (2, 1),
        "phone_vn:phone": (2, 0),
        "plate_vn:plate": (2, 0),
        "id_placeholder:id": (2, 1),
    }


def test_unknown_option_is_a_definition_error():
    with pytest.raises(dc.CheckDefinitionError, match="branch"):
        Mst(columns=["v"], branch="dash")
    with pytest.raises(dc.CheckDefinitionError):
        Cccd(columns=["v"], allow_abroad="yes")


# ----------------------------------------------------------------------------- single pass


def test_every_identifier_check_is_an_aggregate_of_the_one_scan():
    data = pl.DataFrame(
        {
            "id": ["001099012345"],
            "dob": [date(1999, 1, 1)],
            "sex": ["Nam"],
            "tax": ["0100109106"],
            "bhxh": ["0123456789"],
            "card": ["DN4790123456789"],
            "phone": ["0912345678"],
            "plate": ["30A-123.45"],
        }
    )
    checks = [
        Cccd(columns=["id"]),
        CccdConsistent(columns=["id"], birth_date="dob", sex="sex"),
        CccdConsistent(columns=["id"], birth_date="dob"),
        Mst(columns=["tax"], branch="either", allow_personal_id=True),
        BhxhCode(columns=["bhxh"]),
        BhytCard(columns=["card"], bhxh_column="bhxh"),
        PhoneVn(columns=["phone"], allow_separators=True, allow_landline=False),
        PlateVn(columns=["plate"], extra_series=["NG"]),
        IdPlaceholder(columns=["id", "tax"], values=["N/A"]),
    ]
    ctx = CompileContext(schema=data.schema, as_of=datetime(2026, 6, 30, tzinfo=UTC))
    plan = compile_plan(checks, ctx)
    assert all(r.measure is not None for r in plan.results), [r.error for r in plan.results]
    assert list(plan.stages) == [ROW_STAGE]
    text = plan.explain(data.lazy(), {}).lower()
    assert text.count("scan") == 1 or text.count("df [") == 1
    assert "python" not in text
    assert "map" not in text
