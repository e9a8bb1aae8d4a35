"""Property tests of the identifier checks against a pure-Python reference implementation.

The reference below is written independently of the library (plain Python string handling,
no regular expressions for the rules, the province list taken from the sample generator): on
generated valid values, on single-character corruptions and on adversarial strings (ASCII and
Unicode digits, letters, separators, NBSP, newlines) the Polars expressions must agree with it
row by row, and the failure details must equal its counts of reasons.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datacheck.checks.base import CompileContext
from datacheck.vn import strategies as vst
from datacheck.vn.identifiers import (
    BhxhCode,
    BhytCard,
    Cccd,
    CccdConsistent,
    IdPlaceholder,
    Mst,
    PhoneVn,
    PlateVn,
)
from samples.vn_data import LEGACY_PROVINCES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# each example runs Polars queries, whose latency varies on a loaded machine: no deadline
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
AS_OF_YEAR = 2026

# ----------------------------------------------------------------------------- reference

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REF_PROVINCES = {"0" + code for code in LEGACY_PROVINCES}
REF_MOBILE = {  # the carriers' prefixes as the issue lists them
    *("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
    *("081", "082", "083", "084", "085", "088", "091", "094"),
    *("070", "076", "077", "078", "079", "089", "090", "093"),
    *("052", "056", "058", "092", "059", "099", "087", "055"),
}
REF_PLATE_LETTERS = set(UPPER) - set("IJOQRW")
REF_PLATE_PROVINCES = {str(n) for n in range(11, 100)} - {
    "13",
    "42",
    "44",
    "45",
    "46",
    "87",
    "91",
    "96",
}
WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def digits_only(text):
    return text != "" and all(c in DIGITS for c in text)


def ref_cccd(value, *, year=AS_OF_YEAR, abroad=True):
    """The first failure reason of a personal id, or None if it passes."""
    if len(value) != 12 or not digits_only(value):
        return "bad_length_or_digits"
    place = value[:3]
    if place not in REF_PROVINCES and not (abroad and 101 <= int(place) <= 295):
        return "bad_province"
    century_start = 1900 + 100 * (int(value[3]) // 2)
    if century_start > year:
        return "bad_century"
    if century_start + int(value[4:6]) > year:
        return "future_birth_year"
    return None


def ref_mst_check(code):
    """The brief's formula: d10 = 10 − (Σ dᵢ·wᵢ mod 11), never 10."""
    total = sum(int(d) * w for d, w in zip(code[:9], WEIGHTS, strict=True))
    return 10 - total % 11 == int(code[9])


def ref_mst(value, *, branch="hyphen", personal=False, year=AS_OF_YEAR):
    shaped = False
    if len(value) == 10 and digits_only(value):
        shaped = True
    elif len(value) == 14 and value[10] == "-" and digits_only(value[:10] + value[11:]):
        shaped = branch in ("hyphen", "either")
    elif len(value) == 13 and digits_only(value):
        shaped = branch in ("plain", "either")
    is_personal = personal and len(value) == 12 and digits_only(value)
    if not shaped and not is_personal:
        return "bad_format"
    if shaped:
        if len(value) > 10 and value[-3:] == "000":
            return "bad_branch"
        if not ref_mst_check(value):
            return "bad_check_digit"
        return None
    return None if ref_cccd(value, year=year) is None else "bad_personal_id"


def ref_bhxh(value):
    return None if len(value) == 10 and digits_only(value) else "bad_format"


def ref_bhyt(value, bhxh=None, *, with_column=False):
    ok = (
        len(value) == 15
        and all(c in UPPER for c in value[:2])
        and value[2] in "12345"
        and digits_only(value[3:])
    )
    if not ok:
        return "bad_format"
    if with_column and bhxh is not None and value[5:] != bhxh:
        return "bhxh_mismatch"
    return None


def ref_phone(value, *, landline=True, separators=False, prefixes=REF_MOBILE):
    if separators:
        body = value[1:] if value.startswith("+") else value
        groups = body.replace(".", " ").replace("-", " ").split(" ")
        if not all(digits_only(g) for g in groups):
            return "bad_format"
        value = value.replace(" ", "").replace(".", "").replace("-", "")
    nationals = [value[len(t) :] for t in ("0", "84", "+84") if value.startswith(t)]
    nationals = [n for n in nationals if digits_only(n)]
    mobile = any(len(n) == 9 and "0" + n[:2] in prefixes for n in nationals)
    fixed = any(len(n) == 10 and n[0] == "2" for n in nationals)
    if mobile or (landline and fixed):
        return None
    if any(len(n) == 10 and n[0] == "1" for n in nationals):
        return "stale"
    if fixed:
        return "landline_not_allowed"
    if any(len(n) == 9 for n in nationals):
        return "bad_prefix"
    return "bad_format"


def ref_series(series, extra):
    if series in extra or series in ("R", "TĐ"):
        return True
    if len(series) == 3 and series[:2] == "MĐ" and series[2] in "123456789":
        return True
    if len(series) in (1, 2) and all(c in REF_PLATE_LETTERS for c in series):
        return True
    return len(series) == 2 and series[0] in REF_PLATE_LETTERS and series[1] in "123456789"


def generic_series(series, extra):
    if series in extra:
        return True
    core = series[:-1] if series and series[-1] in DIGITS else series
    return 1 <= len(core) <= 2 and all(c in UPPER + "Đ" for c in core)


def ref_plate_parses(value, series_ok, localities, compact):
    if value[:2] not in localities:
        return False
    rest = value[2:]
    body = rest[1:] if rest.startswith("-") else rest
    for k in range(1, len(body)):
        series, sep, number = body[:k], body[k], body[k + 1 :]
        printed_number = (len(number) in (4, 5) and digits_only(number)) or (
            len(number) == 6 and number[3] == "." and digits_only(number[:3] + number[4:])
        )
        if sep in " -" and series_ok(series) and printed_number:
            return True
    if compact:
        for k in range(1, len(rest)):
            number = rest[k:]
            if series_ok(rest[:k]) and len(number) in (4, 5) and digits_only(number):
                return True
    return False


def ref_plate(value, *, compact=True, provinces=None, extra=()):
    localities = set(provinces) if provinces is not None else REF_PLATE_PROVINCES
    if ref_plate_parses(value, lambda s: ref_series(s, extra), localities, compact):
        return None
    if len(value) >= 2 and digits_only(value[:2]) and value[:2] not in localities:
        return "bad_province"
    if ref_plate_parses(value, lambda s: generic_series(s, extra), localities, compact):
        return "bad_series"
    return "bad_format"


def ref_placeholder(value, *, min_length=6, values=()):
    if digits_only(value) and min_length <= len(value) <= 32:
        steps = {(int(b) - int(a)) % 10 for a, b in pairwise(value)}
        if len(value) == 1 or steps == {0}:
            return "repeated"
        if steps == {1}:
            return "ascending"
        if steps == {9}:
            return "descending"
    return "listed" if value in values else None


def ref_consistent(cccd_id, year, sex, *, with_sex=True, male="Nam", female="Nữ"):
    """None if not evaluated, else the set of broken facts (empty = passes)."""
    if cccd_id is None or year is None or len(cccd_id) != 12 or not digits_only(cccd_id):
        return None
    place = cccd_id[:3]
    if place not in REF_PROVINCES and not 101 <= int(place) <= 295:
        return None
    if with_sex and sex not in (male, female):
        return None
    g, yy = int(cccd_id[3]), int(cccd_id[4:6])
    broken = set()
    if g // 2 != (year - 1900) // 100:
        broken.add("century_mismatch")
    if yy != year % 100:
        broken.add("year_mismatch")
    if with_sex and g % 2 != (1 if sex == female else 0):
        broken.add("sex_mismatch")
    return broken


# ----------------------------------------------------------------------------- evaluation


def evaluate(check, data, *, column="v", year=AS_OF_YEAR):
    """Row outcomes (None = not evaluated, else failed?) and the details, from the rule."""
    ctx = CompileContext(schema=data.schema, as_of=datetime(year, 6, 30, 12, tzinfo=TZ))
    rule = check.rule(column, ctx)
    data = data.with_columns(**rule.derived)  # the facts the engine computes once per row
    applies = pl.lit(value=True) if rule.applies is None else rule.applies.fill_null(value=False)
    fails = rule.fails.fill_null(value=False)
    rows = data.select(applies.alias("a"), (applies & fails).alias("f"))
    outcomes = [f if a else None for a, f in rows.iter_rows()]
    details = data.select(**rule.details).row(0, named=True) if rule.details else {}
    return outcomes, details


def agree(check, values, reference, *, with_details=True, **kwargs):
    """Assert the check fails exactly the values the reference fails, with its reasons."""
    data = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    outcomes, details = evaluate(check, data, **kwargs)
    expected = [None if v is None else reference(v) for v in values]
    got = [None if o is None else o for o in outcomes]
    for value, outcome, reason in zip(values, got, expected, strict=True):
        if value is None:
            assert outcome is None
        else:
            assert outcome == (reason is not None), (value, reason)
    if not with_details:
        assert details == {}
        return
    counts = Counter(r for v, r in zip(values, expected, strict=True) if v is not None and r)
    assert {k: v for k, v in details.items() if v} == dict(counts), (values, details)


# ----------------------------------------------------------------------------- strategies

ADVERSARIAL_ALPHABET = DIGITS * 4 + vst.FOREIGN_DIGITS + "ABDGHKLMNOPQRSTWXZĐaz" + " -.+\u00a0\n\t/"
adversarial = st.text(alphabet=ADVERSARIAL_ALPHABET, max_size=18)
digit_strings = st.text(alphabet=DIGITS, min_size=0, max_size=16)


def mixed(valid):
    """Valid values, their single-character corruptions and adversarial strings."""
    return st.one_of(valid, valid.flatmap(vst.corruption), adversarial, digit_strings)


def batches(values):
    return st.lists(st.one_of(values, st.none()), min_size=1, max_size=40)


# ----------------------------------------------------------------------------- cccd


@SETTINGS
@given(st.lists(vst.cccd(abroad=None), min_size=1, max_size=30))
def test_cccd_accepts_generated_ids(values):
    outcomes, _ = evaluate(Cccd(columns=["v"]), pl.DataFrame({"v": values}))
    assert outcomes == [False] * len(values)


@SETTINGS
@given(
    batches(mixed(vst.cccd(abroad=None, max_year=2399))),
    st.sampled_from([1899, 1900, 1950, 1999, 2000, 2010, 2026, 2099, 2100, 2399, 2450]),
    st.booleans(),
)
def test_cccd_agrees_with_reference(values, year, abroad):
    agree(
        Cccd(columns=["v"], allow_abroad=abroad),
        values,
        lambda v: ref_cccd(v, year=year, abroad=abroad),
        year=year,
    )


@SETTINGS
@given(vst.cccd(), st.data())
def test_cccd_rejects_corruptions_that_break_a_rule(value, data):
    check = Cccd(columns=["v"])
    non_digit = data.draw(
        vst.corruption(value, alphabet=vst.FOREIGN_DIGITS + "OlI \u00a0", edits=("substitute",))
    )
    length = data.draw(vst.corruption(value, edits=("delete", "insert")))
    century = value[:3] + data.draw(st.sampled_from("456789")) + value[4:]
    bad_place = data.draw(
        st.integers(0, 999)
        .map(lambda n: f"{n:03d}")
        .filter(lambda p: p not in REF_PROVINCES and not 101 <= int(p) <= 295)
    )
    values = [non_digit, length, century, bad_place + value[3:]]
    outcomes, details = evaluate(check, pl.DataFrame({"v": values}))
    assert outcomes == [True] * 4
    assert details == {
        "bad_length_or_digits": 2,
        "bad_province": 1,
        "bad_century": 1,
        "future_birth_year": 0,
    }


# ----------------------------------------------------------------------------- cccd_consistent


people = st.tuples(st.integers(1900, 2026), st.booleans()).flatmap(
    lambda t: st.tuples(vst.cccd_for(t[0], t[1]), st.just(t[0]), st.just(t[1]))
)


@SETTINGS
@given(st.lists(people, min_size=1, max_size=30))
def test_cccd_consistent_accepts_generated_people(rows):
    data = pl.DataFrame(
        {
            "id": [r[0] for r in rows],
            "dob": [date(r[1], 7, 1) for r in rows],
            "sex": ["Nam" if r[2] else "Nữ" for r in rows],
        }
    )
    check = CccdConsistent(columns=["id"], birth_date="dob", sex="sex")
    outcomes, details = evaluate(check, data, column="id")
    assert outcomes == [False] * len(rows)
    flipped = data.with_columns(
        sex=pl.when(pl.col("sex") == "Nam").then(pl.lit("Nữ")).otherwise(pl.lit("Nam"))
    )
    outcomes, details = evaluate(check, flipped, column="id")
    assert outcomes == [True] * len(rows)
    assert details["sex_mismatch"] == len(rows)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.one_of(mixed(vst.cccd(abroad=None, max_year=2399)), st.none()),
            st.one_of(st.integers(1850, 2450), st.none()),
            st.sampled_from(["Nam", "Nữ", "nam", "", None]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
)
def test_cccd_consistent_agrees_with_reference(rows, with_sex):
    data = pl.DataFrame(
        {
            "id": pl.Series([r[0] for r in rows], dtype=pl.String),
            "dob": pl.Series([r[1] for r in rows], dtype=pl.Int64),
            "sex": pl.Series([r[2] for r in rows], dtype=pl.String),
        }
    )
    check = CccdConsistent(columns=["id"], birth_date="dob", sex="sex" if with_sex else None)
    outcomes, details = evaluate(check, data, column="id")
    expected = [ref_consistent(*r, with_sex=with_sex) for r in rows]
    assert outcomes == [None if e is None else bool(e) for e in expected]
    counts = Counter(fact for e in expected if e for fact in e)
    assert {k: v for k, v in details.items() if v} == dict(counts)


# ----------------------------------------------------------------------------- mst


@SETTINGS
@given(
    st.lists(vst.mst(), min_size=1, max_size=10),
    st.lists(vst.mst(branch="hyphen"), min_size=1, max_size=10),
    st.lists(vst.mst(branch="plain"), min_size=1, max_size=10),
)
def test_mst_accepts_generated_codes(plain10, hyphen, plain13):
    for branch, values in (
        ("hyphen", plain10 + hyphen),
        ("plain", plain10 + plain13),
        ("either", plain10 + hyphen + plain13),
        ("never", plain10),
    ):
        outcomes, _ = evaluate(Mst(columns=["v"], branch=branch), pl.DataFrame({"v": values}))
        assert outcomes == [False] * len(values)


@SETTINGS
@given(vst.mst(), st.sampled_from(["none", "hyphen"]), st.data())
def test_mst_every_single_digit_change(code, branch, data):
    """All 90 single-digit changes of d1-d10: the validator agrees with the formula."""
    suffix = "" if branch == "none" else f"-{data.draw(st.integers(1, 999)):03d}"
    changed = [c for i in range(10) for c in vst.substitutions(code, i)]
    assert len(changed) == 90
    values = [c + suffix for c in changed]
    outcomes, details = evaluate(Mst(columns=["v"]), pl.DataFrame({"v": values}))
    still_valid = [ref_mst_check(c) for c in changed]
    assert outcomes == [not ok for ok in still_valid]
    assert details["bad_check_digit"] == still_valid.count(False)
    # changing only the check digit never keeps a code valid (the check digit is unique)
    assert not any(still_valid[81:])


@SETTINGS
@given(
    batches(
        mixed(st.one_of(vst.mst(), vst.mst(branch="hyphen"), vst.mst(branch="plain"), vst.cccd()))
    ),
    st.sampled_from(["hyphen", "plain", "either", "never"]),
    st.booleans(),
)
def test_mst_agrees_with_reference(values, branch, personal):
    check = Mst(columns=["v"], branch=branch, allow_personal_id=personal)
    agree(check, values, lambda v: ref_mst(v, branch=branch, personal=personal))


# ----------------------------------------------------------------------------- bhxh / bhyt


@SETTINGS
@given(batches(mixed(vst.bhxh_code())))
def test_bhxh_agrees_with_reference(values):
    agree(BhxhCode(columns=["v"]), values, ref_bhxh, with_details=False)


@SETTINGS
@given(
    st.lists(
        vst.bhxh_code().flatmap(lambda c: st.tuples(vst.bhyt_card(c), st.just(c))),
        min_size=1,
        max_size=30,
    )
)
def test_bhyt_accepts_generated_cards_matching_their_code(pairs):
    data = pl.DataFrame({"v": [p[0] for p in pairs], "b": [p[1] for p in pairs]})
    outcomes, _ = evaluate(BhytCard(columns=["v"], bhxh_column="b"), data)
    assert outcomes == [False] * len(pairs)


@SETTINGS
@given(vst.bhyt_card(), st.data())
def test_bhyt_rejects_corruptions_that_break_a_rule(card, data):
    letter = data.draw(
        vst.corruption(card, alphabet="0a Đ\u00a0", positions=(0, 1), edits=("substitute",))
    )
    level = card[:2] + data.draw(st.sampled_from("06789A")) + card[3:]
    digit = data.draw(
        vst.corruption(
            card,
            alphabet=vst.FOREIGN_DIGITS + "O ",
            positions=tuple(range(3, 15)),
            edits=("substitute",),
        )
    )
    length = data.draw(vst.corruption(card, edits=("delete", "insert")))
    outcomes, details = evaluate(
        BhytCard(columns=["v"]), pl.DataFrame({"v": [letter, level, digit, length]})
    )
    assert outcomes == [True] * 4
    assert details == {"bad_format": 4}


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.one_of(mixed(vst.bhyt_card()), st.none()),
            st.one_of(vst.bhxh_code(), adversarial, st.none()),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_bhyt_agrees_with_reference(rows):
    data = pl.DataFrame(
        {
            "v": pl.Series([r[0] for r in rows], dtype=pl.String),
            "b": pl.Series([r[1] for r in rows], dtype=pl.String),
        }
    )
    outcomes, details = evaluate(BhytCard(columns=["v"], bhxh_column="b"), data)
    expected = [None if v is None else ref_bhyt(v, b, with_column=True) for v, b in rows]
    assert outcomes == [
        None if v is None else e is not None for (v, _), e in zip(rows, expected, strict=True)
    ]
    assert {k: n for k, n in details.items() if n} == dict(Counter(e for e in expected if e))


# ----------------------------------------------------------------------------- phone_vn


@SETTINGS
@given(
    st.lists(vst.phone_vn(kind="any"), min_size=1, max_size=30),
    st.sampled_from(["0", "84", "+84"]),
    st.data(),
)
def test_phone_accepts_generated_numbers(values, form, data):
    values = [*values, data.draw(vst.phone_vn(prefix_form=form))]
    for separators in (False, True):
        check = PhoneVn(columns=["v"], allow_separators=separators)
        outcomes, _ = evaluate(check, pl.DataFrame({"v": values}))
        assert outcomes == [False] * len(values)


@SETTINGS
@given(vst.phone_vn(), st.data())
def test_phone_rejects_corruptions_that_break_a_rule(number, data):
    national_start = len(number) - 9
    non_digit = data.draw(
        vst.corruption(
            number,
            alphabet=vst.FOREIGN_DIGITS + "OlI\u00a0",
            positions=tuple(range(national_start, len(number))),
            edits=("substitute",),
        )
    )
    unknown = data.draw(
        st.sampled_from(sorted({f"{n:02d}" for n in range(100)} - {p[1:] for p in REF_MOBILE}))
    )
    bad_prefix = number[:national_start] + unknown + number[national_start + 2 :]
    # the retired 11-digit form: the 2-digit prefix becomes 1 + 2 digits (0162 …)
    old = data.draw(st.integers(20, 99))
    stale = f"{number[:national_start]}1{old}{number[national_start + 2 :]}"
    outcomes, details = evaluate(
        PhoneVn(columns=["v"], allow_landline=False),
        pl.DataFrame({"v": [non_digit, bad_prefix, stale]}),
    )
    assert outcomes == [True] * 3
    assert details["stale"] == 1
    assert details["bad_format"] == 1
    assert details["bad_prefix"] + details["landline_not_allowed"] == 1


@SETTINGS
@given(
    batches(mixed(vst.phone_vn(kind="any"))),
    st.booleans(),
    st.booleans(),
)
def test_phone_agrees_with_reference(values, landline, separators):
    check = PhoneVn(columns=["v"], allow_landline=landline, allow_separators=separators)
    agree(check, values, lambda v: ref_phone(v, landline=landline, separators=separators))


@SETTINGS
@given(batches(mixed(vst.phone_vn(kind="any"))))
def test_phone_custom_prefixes_agree_with_reference(values):
    prefixes = ("091", "055", "070")
    check = PhoneVn(columns=["v"], mobile_prefixes=prefixes)
    agree(check, values, lambda v: ref_phone(v, prefixes=set(prefixes)))


# ----------------------------------------------------------------------------- plate_vn


@SETTINGS
@given(
    st.lists(vst.plate_vn(), min_size=1, max_size=30),
    st.lists(vst.plate_vn(compact=True), min_size=1, max_size=30),
)
def test_plate_accepts_generated_plates(printed, compact):
    outcomes, _ = evaluate(
        PlateVn(columns=["v"], allow_compact=False), pl.DataFrame({"v": printed})
    )
    assert outcomes == [False] * len(printed)
    outcomes, _ = evaluate(PlateVn(columns=["v"]), pl.DataFrame({"v": printed + compact}))
    assert outcomes == [False] * (len(printed) + len(compact))


@SETTINGS
@given(vst.plate_vn(), st.sampled_from("IJOQW"), st.data())
def test_plate_rejects_forbidden_series_letters(plate, letter, data):
    # the series starts right after the locality code and its optional hyphen
    start = 3 if plate[2] == "-" else 2
    changed = plate[:start] + letter + plate[start + 1 :]
    locality = data.draw(
        st.sampled_from(sorted({f"{n:02d}" for n in range(100)} - REF_PLATE_PROVINCES))
    )
    outcomes, details = evaluate(
        PlateVn(columns=["v"]), pl.DataFrame({"v": [changed, locality + plate[2:]]})
    )
    assert outcomes == [True, True]
    assert details == {"bad_province": 1, "bad_series": 1, "bad_format": 0}


@SETTINGS
@given(
    batches(mixed(st.one_of(vst.plate_vn(), vst.plate_vn(compact=True)))),
    st.booleans(),
    st.sampled_from([None, ("29", "13", "51")]),
    st.sampled_from([(), ("NG", "QT")]),
)
def test_plate_agrees_with_reference(values, compact, provinces, extra):
    check = PlateVn(columns=["v"], allow_compact=compact, provinces=provinces, extra_series=extra)
    agree(check, values, lambda v: ref_plate(v, compact=compact, provinces=provinces, extra=extra))


# ----------------------------------------------------------------------------- id_placeholder


def runs(length):
    start = st.integers(0, 9)
    return st.one_of(
        start.map(lambda s: str(s) * length),
        start.map(lambda s: "".join(str((s + i) % 10) for i in range(length))),
        start.map(lambda s: "".join(str((s - i) % 10) for i in range(length))),
    )


@SETTINGS
@given(
    batches(st.one_of(st.integers(1, 40).flatmap(runs), mixed(vst.cccd()), st.just("KHONG RO"))),
    st.integers(1, 32),
)
def test_id_placeholder_agrees_with_reference(values, min_length):
    check = IdPlaceholder(columns=["v"], min_length=min_length, values=("KHONG RO", "0"))
    agree(
        check, values, lambda v: ref_placeholder(v, min_length=min_length, values=("KHONG RO", "0"))
    )


@SETTINGS
@given(st.integers(6, 32).flatmap(runs))
def test_id_placeholder_flags_every_run(value):
    outcomes, _ = evaluate(IdPlaceholder(columns=["v"]), pl.DataFrame({"v": [value]}))
    assert outcomes == [True]


@pytest.mark.parametrize("value", ["001099012345", "079203000123", "0100109106"])
def test_id_placeholder_passes_real_ids(value):
    outcomes, _ = evaluate(IdPlaceholder(columns=["v"]), pl.DataFrame({"v": [value]}))
    assert outcomes == [False]


@settings(SETTINGS, max_examples=25)
@given(st.lists(vst.cccd(), min_size=1, max_size=5))
def test_generated_ids_are_not_placeholders(values):
    outcomes, _ = evaluate(IdPlaceholder(columns=["v"]), pl.DataFrame({"v": values}))
    assert sum(outcomes) == sum(ref_placeholder(v) is not None for v in values)
