"""Property tests (hypothesis): scores stay in range, suites round-trip through YAML, row
counts add up over partitions, and normalized_text agrees with its Python definition."""

from __future__ import annotations

import contextlib
import itertools
import string
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import (
    AgreesWith,
    Between,
    Check,
    CompileContext,
    ExistsIn,
    Expression,
    Fresh,
    InSet,
    Lifecycle,
    NormalizedText,
    NotBlank,
    NotFuture,
    NotNull,
    Pattern,
    RequiredColumns,
    RowCount,
    Unique,
    registered_checks,
)
from datacheck.checks.clean import normalized
from datacheck.checks.shared import InCatalogue
from datacheck.vn.admin_units import AdminUnit, AdminUnitCurrent, NoDistrictLevel, UnitInProvince
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
from datacheck.vn.text import LookalikeChars, Mojibake, NameVn

AS_OF = "2026-06-30"

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ------------------------------------------------------------------------- strategies

TEXT_VALUES = ["An", "Nguyễn Văn An", " An", "An  Bình", "", " ", "N/A", "-", "x1", "0912345678"]


@st.composite
def frames(draw: st.DrawFn, max_rows: int = 25) -> pl.DataFrame:
    """Frames with a string, an int, a date and a naive datetime column, all with nulls."""
    n = draw(st.integers(0, max_rows))

    def column(values: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(st.none() | values, min_size=n, max_size=n))

    return pl.DataFrame(
        {
            "s": pl.Series(column(st.sampled_from(TEXT_VALUES)), dtype=pl.String),
            "i": pl.Series(column(st.integers(-3, 3)), dtype=pl.Int64),
            "d": pl.Series(column(st.dates(date(2024, 1, 1), date(2027, 12, 31))), dtype=pl.Date),
            "t": pl.Series(
                column(st.datetimes(datetime(2025, 6, 1), datetime(2026, 12, 31))),
                dtype=pl.Datetime("us"),
            ),
        }
    )


REFERENCE = pl.DataFrame(
    {
        "s": ["An", "Nguyễn Văn An", "x1", None, "An"],
        "i": [1, 2, 3, None, 2],
        "d": [date(2025, 1, 1), date(2026, 1, 1), None, date(2026, 1, 1), date(2026, 2, 2)],
    }
)

options = st.fixed_dictionaries(
    {},
    optional={
        "threshold": st.sampled_from([0.0, 0.5, 0.9, 0.99, 1.0]),
        "severity": st.sampled_from(["normal", "critical"]),
        "weight": st.sampled_from([0.0, 0.5, 1.0, 3.0]),
        "dimension": st.sampled_from([d.value for d in dc.Dimension]),
    },
)

SCORING_CHECKS: list[st.SearchStrategy[Check]] = [
    st.builds(NotNull, columns=st.sampled_from([["s"], ["i"], ["s", "d"]])),
    st.builds(NotBlank, columns=st.just(["s"]), placeholders=st.sampled_from([[], ["n/a"]])),
    st.builds(Pattern, columns=st.just(["s"]), pattern=st.sampled_from(["^A", r"\d", " "])),
    st.builds(InSet, columns=st.just(["i"]), values=st.sampled_from([[1], [0, 1, 2]])),
    st.builds(Between, columns=st.just(["i"]), min=st.sampled_from([-1, 0]), max=st.just(2)),
    st.builds(Between, columns=st.just(["d"]), min=st.just("2025-01-01"), max=st.just("today")),
    st.builds(NormalizedText, columns=st.just(["s"])),
    st.builds(NotFuture, columns=st.just(["d", "t"])),
    st.builds(Fresh, columns=st.just(["t"]), max_age=st.sampled_from(["30d", "365d", "12h"])),
    st.builds(Unique, columns=st.sampled_from([["i"], ["s", "i"]])),
    st.builds(Expression, expr=st.sampled_from(["i > 0", "d <= t", "s <> 'An'"])),
    st.builds(RowCount, min=st.integers(0, 5), max=st.just(30)),
    st.builds(RequiredColumns, columns=st.sampled_from([["s"], ["s", "missing"]])),
    st.builds(ExistsIn, column=st.sampled_from(["s", "i"]), reference=st.just("ref")),
    st.builds(AgreesWith, key=st.just(["s"]), reference=st.just("ref"), columns=st.just(["i"])),
    st.builds(NotNull, columns=st.just(["no_such_column"])),  # an error result
]


@st.composite
def scoring_suites(draw: st.DrawFn) -> dc.Suite:
    checks = []
    for index, base in enumerate(draw(st.lists(st.one_of(SCORING_CHECKS), min_size=1, max_size=8))):
        extra = draw(options)
        if "threshold" in extra:
            extra["warn"] = draw(st.none() | st.just(extra["threshold"] / 2))
        params = {k: v for k, v in base.params().items() if k != "check"}
        checks.append(type(base)(**(params | extra | {"name": f"check_{index}"})))
    weights = draw(
        st.dictionaries(
            st.sampled_from([d.value for d in dc.Dimension]), st.sampled_from([0, 1, 2.5])
        )
    )
    return dc.Suite(name="prop", checks=checks, weights=weights, references={"ref": REFERENCE})


def in_range(score: float | None) -> bool:
    return score is None or 0.0 <= score <= 100.0


# ---------------------------------------------------------------- (a) scores in range


@SETTINGS
@given(suite=scoring_suites(), data=frames())
def test_scores_are_always_between_0_and_100(suite, data):
    result = dc.run(suite, data, as_of=AS_OF)
    assert in_range(result.score)
    assert result.band == suite.bands.band(result.score)
    for dimension in result.dimensions:
        assert in_range(dimension.score)
        assert dimension.applicable <= dimension.checks
    for check in result.checks:
        assert 0 <= check.failed <= check.evaluated
        assert in_range(check.score)
        assert check.pass_rate is None or 0.0 <= check.pass_rate <= 1.0
        no_score = check.status in {"not_applicable", "error"}
        assert (check.score is None) is no_score
        assert (check.status == "not_applicable") is (
            check.evaluated == 0 and check.status != "error"
        )
    scored = [d.score for d in result.dimensions if d.score is not None and d.weight > 0]
    if result.score is not None:
        assert min(scored) <= result.score <= max(scored)


# ------------------------------------------------------------- (b) YAML round-trip

names = st.text(
    alphabet=string.ascii_lowercase + string.digits + "_ -.Đđêơư", min_size=1, max_size=10
)
column_lists = st.lists(names, min_size=1, max_size=3, unique=True)
free_text = st.text(max_size=12)
reference_names = st.sampled_from(["population", "tax"])
fixed_zones = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5, minutes=-30))]
)
bounds = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(),
    st.datetimes(timezones=fixed_zones),
    st.sampled_from(["today", "now", "2026-01-01", "zzz"]),
)
durations = st.one_of(
    st.integers(1, 10**9).map(lambda s: timedelta(seconds=s)),
    st.sampled_from(["45s", "90m", "36h", "365d"]),
)
patterns = st.sampled_from([r"^0\d{9}$", "^[A-Z]", r"\p{L}+", "'\"", r"^\s*$", "Nguyễn", "#"])
expressions = st.sampled_from(
    [
        "a >= b",
        "death_date >= birth_date",
        "x = 'N/A'",
        "n BETWEEN 1 AND 5",
        "1 = 1",
        "a IS NOT NULL",
    ]
)
# in_set values are of one kind (mixing text and numbers is a definition error)
set_values = st.one_of(
    *(
        st.lists(kind, min_size=1, max_size=4)
        for kind in (
            free_text,
            st.one_of(
                st.integers(-(2**62), 2**62), st.floats(allow_nan=False, allow_infinity=False)
            ),
            st.booleans(),
            st.dates(),
        )
    )
)


@st.composite
def agrees_with(draw: st.DrawFn) -> dict[str, Any]:
    key = draw(column_lists)
    columns = draw(column_lists)
    out: dict[str, Any] = {"key": key, "reference": draw(reference_names), "columns": columns}
    if draw(st.booleans()):
        out["reference_key"] = draw(st.lists(names, min_size=len(key), max_size=len(key)))
    if draw(st.booleans()):
        out["reference_columns"] = draw(
            st.lists(names, min_size=len(columns), max_size=len(columns))
        )
    return out


@st.composite
def row_counts(draw: st.DrawFn) -> dict[str, Any]:
    lo = draw(st.none() | st.integers(0, 10**9))
    hi = draw(st.none() | st.integers(lo or 0, 10**10))
    if lo is None and hi is None:
        lo = 0
    return {k: v for k, v in {"min": lo, "max": hi}.items() if v is not None}


@st.composite
def between(draw: st.DrawFn) -> dict[str, Any]:
    out = {"columns": draw(column_lists)}
    lo, hi = draw(st.none() | bounds), draw(st.none() | bounds)
    if lo is None and hi is None:
        lo = draw(bounds)
    with contextlib.suppress(TypeError):  # bounds only the run can order stay as drawn
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo  # a check refuses min above max
    out |= {k: v for k, v in {"min": lo, "max": hi}.items() if v is not None}
    return out


PARAMS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "not_null": st.fixed_dictionaries({"columns": column_lists}),
    "not_blank": st.fixed_dictionaries(
        {"columns": column_lists}, optional={"placeholders": st.lists(free_text, max_size=3)}
    ),
    "required_columns": st.fixed_dictionaries({"columns": column_lists}),
    "row_count": row_counts(),
    "pattern": st.fixed_dictionaries({"columns": column_lists, "pattern": patterns}),
    "in_set": st.fixed_dictionaries({"columns": column_lists, "values": set_values}),
    "between": between(),
    "expression": st.fixed_dictionaries({"expr": expressions}, optional={"column": names}),
    "fresh": st.fixed_dictionaries({"columns": column_lists, "max_age": durations}),
    "not_future": st.fixed_dictionaries({"columns": column_lists}),
    "normalized_text": st.fixed_dictionaries({"columns": column_lists}),
    "unique": st.fixed_dictionaries({"columns": column_lists}),
    "exists_in": st.fixed_dictionaries(
        {"column": names, "reference": reference_names}, optional={"reference_column": names}
    ),
    "agrees_with": agrees_with(),
    "in_catalogue": st.tuples(
        column_lists,
        st.sampled_from(
            [
                ("ethnic_groups", None),
                ("ethnic_groups", "name"),
                ("countries", None),
                ("countries", "alpha3"),
                ("countries", "numeric"),
                ("provinces_2025", "code"),
                ("communes_2025", "province"),
            ]
        ),
    ).map(
        lambda t: {"columns": t[0], "catalogue": t[1][0]} | ({"field": t[1][1]} if t[1][1] else {})
    ),
    "lifecycle": st.fixed_dictionaries(
        {
            "key": column_lists,
            "reference": reference_names,
            "status": names,
            "active": st.lists(free_text, min_size=1, max_size=3),
            "ended": st.lists(free_text, min_size=1, max_size=3),
        },
        optional={"reference_status": names},
    ),
    # Vietnamese identifiers
    "cccd": st.fixed_dictionaries(
        {"columns": column_lists}, optional={"allow_abroad": st.booleans()}
    ),
    "cccd_consistent": st.fixed_dictionaries(
        {"columns": column_lists, "birth_date": names},
        optional={"sex": names, "male": names, "female": names, "allow_abroad": st.booleans()},
    ).filter(  # the check refuses equal labels (defaults "Nam" and "Nữ")
        lambda d: str(d.get("male", "Nam")) != str(d.get("female", "Nữ"))
    ),
    "mst": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={
            "branch": st.sampled_from(["hyphen", "plain", "either", "never"]),
            "allow_personal_id": st.booleans(),
        },
    ),
    "bhxh_code": st.fixed_dictionaries({"columns": column_lists}),
    "bhyt_card": st.fixed_dictionaries({"columns": column_lists}, optional={"bhxh_column": names}),
    "phone_vn": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={"allow_landline": st.booleans(), "allow_separators": st.booleans()},
    ),
    "plate_vn": st.fixed_dictionaries(
        {"columns": column_lists}, optional={"allow_compact": st.booleans()}
    ),
    "id_placeholder": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={"values": st.lists(st.text(string.digits, min_size=1, max_size=12), max_size=3)},
    ),
    # administrative units
    "admin_unit": st.fixed_dictionaries(
        {"columns": column_lists, "level": st.sampled_from(["province", "commune"])},
        optional={"vintage": st.sampled_from(["2025", "legacy"])},
    ),
    "unit_in_province": st.fixed_dictionaries(
        {"columns": column_lists, "province": names},
        optional={"vintage": st.sampled_from(["2025", "legacy"])},
    ),
    "admin_unit_current": st.fixed_dictionaries(
        {"columns": column_lists, "level": st.sampled_from(["province", "commune"])},
        optional={"name_column": names},
    ),
    "no_district_level": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={"position": st.sampled_from(["segment", "anywhere"])},
    ),
    # text hygiene
    "lookalike_chars": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={
            "kinds": st.lists(
                st.sampled_from(["eth", "nbsp", "invisible", "control"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        },
    ),
    "mojibake": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={
            "families": st.lists(
                st.sampled_from(["utf8", "cp1258", "vni", "tcvn3", "lossy"]),
                min_size=1,
                max_size=5,
                unique=True,
            )
        },
    ),
    "name_vn": st.fixed_dictionaries(
        {"columns": column_lists},
        optional={
            "joined_case": st.sampled_from(["capitalised", "capitalised_or_lower"]),
            "alphabet": st.sampled_from(["latin", "vietnamese"]),
            "apostrophes": st.lists(
                st.sampled_from(["'", "’", "`"]), min_size=1, max_size=3, unique=True
            ),
        },
    ),
    "tone_style_consistent": st.fixed_dictionaries(
        {"columns": column_lists}, optional={"style": st.sampled_from(["any", "old", "new"])}
    ),
}


@st.composite
def common(draw: st.DrawFn) -> dict[str, Any]:
    out = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "dimension": st.sampled_from(list(dc.Dimension)),
                "severity": st.sampled_from(list(dc.Severity)),
                "weight": st.floats(0, 1e6, allow_nan=False),
                "threshold": st.floats(0, 1),
            },
        )
    )
    if draw(st.booleans()):
        out["warn"] = draw(st.floats(0, out.get("threshold", 1.0)))
    return out


@st.composite
def any_check(draw: st.DrawFn, index: int) -> Check:
    kind = draw(st.sampled_from(sorted(PARAMS)))
    params = draw(PARAMS[kind]) | draw(common())
    if draw(st.booleans()):
        params["name"] = f"check_{index}"
    if registered_checks()[kind].supports_where and draw(st.booleans()):
        params["where"] = draw(st.sampled_from(["i > 0", "s = 'Hà Nội' OR d IS NULL"]))
    return registered_checks()[kind](**params)


@st.composite
def suites(draw: st.DrawFn) -> dc.Suite:
    count = draw(st.integers(0, 6))
    checks = [draw(any_check(i)) for i in range(count)]
    ids = [rid for c in checks for rid in c.result_ids()]
    # same kind on the same columns without a name: make the ids unique by naming
    if len(ids) != len(set(ids)):
        checks = [
            type(c)(**({k: v for k, v in c.params().items() if k != "check"} | {"name": f"n{i}"}))
            for i, c in enumerate(checks)
        ]
    kwargs = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "title": free_text,
                "owner": free_text,
                "description": free_text,
                "key": column_lists,
                "pii": column_lists,
                "placeholders": st.lists(free_text, max_size=3),
                "timezone": st.sampled_from(["UTC", "Asia/Ho_Chi_Minh", "Europe/Berlin"]),
                "source": st.sampled_from(["../data/x.parquet", "/abs/y.parquet", "dữ liệu/z.csv"]),
                "weights": st.dictionaries(
                    st.sampled_from([d.value for d in dc.Dimension]), st.floats(0, 100)
                ),
                "samples": st.integers(0, 50),
            },
        )
    )
    return dc.Suite(
        name="generated",
        checks=checks,
        references={"population": "../pop.parquet", "tax": "tax/"},
        **kwargs,
    )


def test_round_trip_strategies_cover_every_registered_check():
    assert set(PARAMS) == set(registered_checks())


@SETTINGS
@example(suite=dc.Suite(name="pinned", checks=[Fresh(columns=["t"], max_age="8640001s")]))
@example(suite=dc.Suite(name="pinned", title="Sở\x85Tư pháp"))
@given(suite=suites())
def test_suite_yaml_round_trip(suite):
    text = suite.to_yaml()
    assert dc.Suite.loads(text) == suite


def test_duration_round_trip_examples():
    for text in ["45s", "90m", "36h", "365d", "1w", "0.5s", "86401s"]:
        suite = dc.Suite(name="s", checks=[Fresh(columns=["t"], max_age=text)])
        assert dc.Suite.loads(suite.to_yaml()) == suite, text


# ---------------------------------------------------- (c) counts add up over partitions

ROW_LEVEL = [
    NotNull(columns=["s", "i", "d", "t"]),
    NotBlank(columns=["s"], placeholders=["N/A"]),
    Pattern(columns=["s"], pattern="^[A-Z]"),
    InSet(columns=["i"], values=[0, 1, 2]),
    Between(columns=["i"], min=-1, max=2),
    Between(name="recent", columns=["d"], min="2025-01-01", max="today"),
    Expression(name="date_before_stamp", expr="d <= t"),
    Fresh(columns=["t", "d"], max_age="180d"),
    NotFuture(columns=["d", "t"]),
    NormalizedText(columns=["s"]),
    ExistsIn(column="s", reference="ref"),
    InCatalogue(columns=["s"], catalogue="countries", field="name"),
    AgreesWith(key=["s"], reference="ref", columns=["i", "d"]),
    Lifecycle(key=["s"], reference="ref", status="s", active=["A", "b"], ended=["b", "C"]),
    Cccd(columns=["s"]),
    CccdConsistent(columns=["s"], birth_date="d", sex="s"),
    Mst(columns=["s"], allow_personal_id=True),
    BhxhCode(columns=["s"]),
    BhytCard(columns=["s"], bhxh_column="s"),
    PhoneVn(columns=["s"], allow_separators=True),
    PlateVn(columns=["s"]),
    IdPlaceholder(columns=["s", "i"]),
    AdminUnit(columns=["s"], level="commune"),
    UnitInProvince(columns=["s"], province="s"),
    AdminUnitCurrent(columns=["s"], level="commune", name_column="s"),
    NoDistrictLevel(columns=["s"], position="anywhere"),
    LookalikeChars(columns=["s"]),
    Mojibake(columns=["s"]),
    NameVn(columns=["s"]),
]
# not sums of per-partition counts: keys (or spellings) may repeat across partitions
NOT_ADDITIVE = {"unique", "row_count", "required_columns", "tone_style_consistent"}
PARTITION_SUITE = dc.Suite(
    name="parts", checks=ROW_LEVEL, references={"ref": REFERENCE}, placeholders=["-"]
)


def test_partition_checks_cover_every_row_level_check():
    covered = {c.kind for c in ROW_LEVEL}
    assert covered | NOT_ADDITIVE == set(registered_checks())
    assert not covered & NOT_ADDITIVE


@SETTINGS
@given(data=frames(max_rows=30), cuts=st.lists(st.integers(0, 30), max_size=4))
def test_row_counts_add_up_over_partitions(data, cuts):
    bounds = sorted({0, data.height, *(min(c, data.height) for c in cuts)})
    parts = [data.slice(lo, hi - lo) for lo, hi in itertools.pairwise(bounds)]
    if not parts:
        parts = [data]
    whole = dc.run(PARTITION_SUITE, pl.concat(parts), as_of=AS_OF)
    assert all(c.status != "error" for c in whole.checks), [c.reason() for c in whole.checks]
    totals = {c.id: [0, 0] for c in whole.checks}
    for part in parts:
        for check in dc.run(PARTITION_SUITE, part, as_of=AS_OF).checks:
            totals[check.id][0] += check.evaluated
            totals[check.id][1] += check.failed
    assert {c.id: [c.evaluated, c.failed] for c in whole.checks} == totals


def _scoped(check: Check, where: str) -> Check:
    params = {k: v for k, v in check.params().items() if k != "check"}
    return type(check)(**params, where=where)


SCOPE = "i > 0 AND s <> 'x'"
SCOPED_LEVEL = [c for c in ROW_LEVEL if c.supports_where]


def test_where_is_supported_by_the_row_level_checks_only():
    unsupported = {c.kind for c in ROW_LEVEL if not c.supports_where}
    assert unsupported == {"agrees_with", "lifecycle", "admin_unit_current"}
    assert not any(registered_checks()[k].supports_where for k in NOT_ADDITIVE)


@SETTINGS
@given(data=frames(max_rows=30))
def test_where_equals_running_on_the_rows_in_scope(data):
    suite = dc.Suite(
        name="scoped",
        checks=[_scoped(c, SCOPE) for c in SCOPED_LEVEL],
        references={"ref": REFERENCE},
        placeholders=["-"],
    )
    plain = dc.Suite(
        name="plain", checks=SCOPED_LEVEL, references={"ref": REFERENCE}, placeholders=["-"]
    )
    in_scope = data.filter(pl.sql_expr(SCOPE).fill_null(value=False))
    scoped = dc.run(suite, data, as_of=AS_OF)
    filtered = dc.run(plain, in_scope, as_of=AS_OF)
    assert all(c.status != "error" for c in scoped.checks), [c.reason() for c in scoped.checks]
    # the details count the rows in scope alone too (reasons add up to ``failed``)
    got = {c.id: (c.evaluated, c.failed, dict(c.details)) for c in scoped.checks}
    assert got == {c.id: (c.evaluated, c.failed, dict(c.details)) for c in filtered.checks}
    assert any(c.details for c in scoped.checks)  # the comparison covers some details


# ------------------------------------------------ (d) normalized_text = its definition

WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()] + ["\u200b", "\ufeff", "\u180e"]
PIECES = ["e\u0301", "a\u0302\u0323", "Nguye\u0302\u0303n", "\u1ec7", "A\u030a", "\u212b", "\u0344"]
# characters assigned in Python's Unicode database (newer Unicode versions may compose
# characters that Python's database does not know, which is no bug of the check)
assigned = st.characters(exclude_categories=("Cs", "Cn"))
texts = st.lists(
    st.one_of(assigned, st.sampled_from(WHITESPACE), st.sampled_from(PIECES)), max_size=12
).map("".join)


def python_normalized(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def failing_flags(values: list[str | None]) -> list[bool]:
    check = NormalizedText(columns=["v"])
    ctx = CompileContext(
        schema=pl.Schema({"v": pl.String}), as_of=datetime(2026, 6, 29, 17, tzinfo=UTC)
    )
    (measure,) = check.measures(ctx)
    assert measure.failing is not None
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.String)})
    return frame.select(measure.failing.alias("f")).to_series().to_list()


@SETTINGS
@given(values=st.lists(texts, min_size=1, max_size=8))
def test_normalized_text_agrees_with_python(values):
    expected = [python_normalized(v) for v in values]
    got = pl.select(normalized(pl.Series(values, dtype=pl.String))).to_series().to_list()
    assert got == expected
    assert failing_flags(values) == [e != v for v, e in zip(values, expected, strict=True)]
    result = dc.run(
        dc.Suite(name="n", checks=[NormalizedText(columns=["v"])]),
        pl.DataFrame({"v": pl.Series([*values, None], dtype=pl.String)}),
        as_of=AS_OF,
    )
    check = result.checks[0]
    assert check.evaluated == len(values)
    assert check.failed == sum(e != v for v, e in zip(values, expected, strict=True))


@pytest.mark.parametrize("char", WHITESPACE)
def test_every_python_whitespace_character(char):
    values = [f"a{char}b", f"{char}a", f"a{char}", f"a{char}{char}b", char]
    expected = [python_normalized(v) for v in values]
    got = pl.select(normalized(pl.Series(values))).to_series().to_list()
    assert got == expected
    assert failing_flags(values) == [e != v for v, e in zip(values, expected, strict=True)]


# ------------------------------------ (e) not_blank = trimmed, case-folded comparison

# U+001C..U+001F are left out here: whether they count as whitespace for not_blank is
# pinned by tests/checks/test_complete.py::test_not_blank_whitespace_agrees_with_normalized_text
CASE_PIECES = ["ß", "ẞ", "SS", "Σ", "ς", "σ", "İ", "ﬃ", "Không Rõ", "N/A", "ǅ", "ᾼ", "K"]
blank_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cn"), exclude_characters="\x1c\x1d\x1e\x1f"),
        st.sampled_from([w for w in WHITESPACE if w not in "\x1c\x1d\x1e\x1f"]),
        st.sampled_from(CASE_PIECES),
    ),
    max_size=6,
).map("".join)


def variants(text: str) -> list[str]:
    return [text, text.upper(), text.lower(), f" {text}\t", text.casefold(), text.title()]


def python_blank(value: str | None, placeholders: list[str]) -> bool:
    if value is None or value.strip() == "":
        return True
    return value.strip().casefold() in {p.strip().casefold() for p in placeholders}


@SETTINGS
@given(data=st.data(), placeholders=st.lists(blank_text, max_size=3))
def test_not_blank_agrees_with_python(data, placeholders):
    derived = [v for p in placeholders for v in variants(p)]
    values = data.draw(
        st.lists(st.none() | blank_text | st.sampled_from(derived or [""]), max_size=10)
    )
    suite_level, check_level = placeholders[:1], placeholders[1:]
    result = dc.run(
        dc.Suite(
            name="b",
            placeholders=suite_level,
            checks=[NotBlank(columns=["v"], placeholders=check_level)],
        ),
        pl.DataFrame({"v": pl.Series(values, dtype=pl.String)}),
        as_of=AS_OF,
    )
    check = result.checks[0]
    assert check.evaluated == len(values)
    assert check.failed == sum(python_blank(v, placeholders) for v in values)
