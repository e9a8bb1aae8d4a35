"""Suites: YAML and Python build the same objects; YAML errors name file, line and key."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

import datacheck as dc
from datacheck.checks import (
    AgreesWith,
    Between,
    ExistsIn,
    Expression,
    Fresh,
    InSet,
    NormalizedText,
    NotBlank,
    NotFuture,
    NotNull,
    Pattern,
    RequiredColumns,
    RowCount,
    Unique,
)
from datacheck.reference import check_example

ROOT = Path(__file__).resolve().parents[1]

DAN_CU = """\
suite: dan_cu
title: Cơ sở dữ liệu quốc gia về dân cư
owner: Bộ Công an
key: person_id
timezone: Asia/Ho_Chi_Minh
pii: [person_id, full_name, phone]
placeholders: ["N/A", "-", "Không rõ"]
references:
  population: ../samples/out/dan_cu
weights:
  complete: 2
bands:
  meets: 90
  improve: 70
samples: 3
checks:
  - check: not_null
    columns: [person_id, full_name]
    severity: critical
  - check: not_blank
    columns: [full_name]
    placeholders: ["N/A"]
  - check: pattern
    column: phone
    pattern: '^0\\d{9}$'
    threshold: 0.99
    warn: 0.95
  - check: unique
    columns: [person_id]
  - check: in_set
    column: gender
    values: [Nam, Nữ]
  - check: between
    column: birth_date
    min: 1900-01-01
    max: today
  - check: not_future
    columns: [birth_date, updated_at]
  - check: fresh
    column: updated_at
    max_age: 365d
  - check: normalized_text
    column: full_name
  - check: expression
    name: death_after_birth
    column: death_date
    expr: death_date >= birth_date
  - check: exists_in
    column: person_id
    reference: population
    reference_column: person_id
  - check: agrees_with
    key: person_id
    reference: population
    columns: [birth_date]
  - check: row_count
    min: 1
    dimension: live
    weight: 2
  - check: required_columns
    columns: [person_id, full_name]
"""


def python_dan_cu() -> dc.Suite:
    return dc.Suite(
        name="dan_cu",
        title="Cơ sở dữ liệu quốc gia về dân cư",
        owner="Bộ Công an",
        key="person_id",
        timezone="Asia/Ho_Chi_Minh",
        pii=["person_id", "full_name", "phone"],
        placeholders=["N/A", "-", "Không rõ"],
        references={"population": "../samples/out/dan_cu"},
        weights={"complete": 2},
        bands=dc.Bands(meets=90, improve=70),
        samples=3,
        checks=[
            NotNull(columns=["person_id", "full_name"], severity=dc.Severity.CRITICAL),
            NotBlank(columns=["full_name"], placeholders=["N/A"]),
            Pattern(columns=["phone"], pattern=r"^0\d{9}$", threshold=0.99, warn=0.95),
            Unique(columns=["person_id"]),
            InSet(columns=["gender"], values=["Nam", "Nữ"]),
            Between(columns=["birth_date"], min=date(1900, 1, 1), max="today"),
            NotFuture(columns=["birth_date", "updated_at"]),
            Fresh(columns=["updated_at"], max_age=timedelta(days=365)),
            NormalizedText(columns=["full_name"]),
            Expression(
                name="death_after_birth", column="death_date", expr="death_date >= birth_date"
            ),
            ExistsIn(column="person_id", reference="population", reference_column="person_id"),
            AgreesWith(key=["person_id"], reference="population", columns=["birth_date"]),
            RowCount(min=1, dimension=dc.Dimension.LIVE, weight=2),
            RequiredColumns(columns=["person_id", "full_name"]),
        ],
    )


def test_python_api_and_yaml_build_equal_suites():
    loaded = dc.Suite.loads(DAN_CU)
    built = python_dan_cu()
    assert loaded == built
    assert loaded.result_ids() == built.result_ids()
    assert loaded.result_ids()[:4] == [
        "not_null:person_id",
        "not_null:full_name",
        "not_blank:full_name",
        "pattern:phone",
    ]


def test_suite_round_trips_through_yaml():
    suite = dc.Suite.loads(DAN_CU)
    text = suite.to_yaml()
    assert dc.Suite.loads(text) == suite
    assert dc.Suite.loads(dc.Suite.loads(text).to_yaml()) == suite


def test_minimal_suite_defaults():
    suite = dc.Suite.loads("suite: s\n")
    assert suite == dc.Suite(name="s")
    assert (suite.timezone, suite.samples, suite.checks, suite.key) == (
        "Asia/Ho_Chi_Minh",
        5,
        (),
        (),
    )
    assert dc.Suite.loads(suite.to_yaml()) == suite


SHIPPED = sorted(p for p in (ROOT / "suites").glob("*.yaml") if p.name != "national.yaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_suites_load_and_round_trip(path: Path):
    suite = dc.Suite.from_yaml(path)
    assert suite.checks
    assert dc.Suite.loads(suite.to_yaml()) == suite


def test_shipped_national_list_names_every_shipped_suite():
    national = dc.NationalSuite.from_yaml(ROOT / "suites" / "national.yaml")
    assert sorted(d.suite_path.name for d in national.databases) == [p.name for p in SHIPPED]


# ------------------------------------------------------------------------ YAML errors


def load_error(text: str, error: type[dc.SuiteError] = dc.SuiteError) -> dc.SuiteError:
    with pytest.raises(error) as info:
        dc.Suite.loads(textwrap.dedent(text), file="suites/x.yaml")
    return info.value


def assert_where(err: dc.SuiteError, line: int, *fragments: str) -> None:
    message = str(err)
    assert err.file == "suites/x.yaml"
    assert err.line == line, message
    assert message.startswith(f"suites/x.yaml:{line}: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert err.message("vi").startswith(f"suites/x.yaml:{line}: ")


def test_unknown_check_name_suggests_the_closest():
    err = load_error(
        """\
        suite: s
        checks:
          - check: not_null
            columns: [a]
          - check: not_nul
            columns: [a]
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "'not_nul'", "did you mean 'not_null'")


def test_unknown_parameter_suggests_the_closest():
    err = load_error(
        """\
        suite: s
        checks:
          - check: pattern
            column: phone
            patern: '^0'
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "'patern'", "did you mean 'pattern'", "pattern")


def test_misspelt_common_option():
    err = load_error(
        """\
        suite: s
        checks:
          - check: not_null
            columns: [a]
            treshold: 0.9
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "'treshold'", "did you mean 'threshold'")


def test_missing_parameter_names_it_and_the_check_line():
    err = load_error(
        """\
        suite: s
        checks:
          - check: not_null
            columns: [a]
          - check: fresh
            column: updated_at
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "'fresh'", "'max_age'")


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        ("threshold: high", ["'threshold'", "number", "'high'"]),
        ("severity: urgent", ["'severity'", "'critical'"]),
        ("weight: [1]", ["'weight'"]),
        ("dimension: cleen", ["'dimension'", "'clean'"]),
        ("name: [a, b]", ["'name'"]),
    ],
)
def test_wrong_type_names_the_key_its_line_and_what_was_expected(entry, fragments):
    err = load_error(
        f"""\
        suite: s
        checks:
          - check: not_null
            columns: [a]
            {entry}
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, *fragments)


def test_wrong_check_specific_value_names_its_line():
    err = load_error(
        """\
        suite: s
        checks:
          - check: fresh
            column: t
            max_age: 12 days
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "'max_age'", "'365d'", "'12 days'")


def test_invalid_regex_names_its_line():
    err = load_error(
        """\
        suite: s
        checks:
          - check: pattern
            column: t
            pattern: '([a-z'
        """,
        dc.CheckDefinitionError,
    )
    assert_where(err, 5, "regular expression")


BROKEN_EXPRESSION = """\
suite: s
checks:
  - check: expression
    name: broken
    expr: 'a >='
"""


def test_invalid_sql_expression_names_the_expr_line():
    err = load_error(BROKEN_EXPRESSION, dc.CheckDefinitionError)
    assert_where(err, 5, "'a >='")


def test_column_and_columns_together():
    err = load_error(
        """\
        suite: s
        checks:
          - check: not_null
            column: a
            columns: [b]
        """,
        dc.CheckDefinitionError,
    )
    assert err.line in {4, 5}
    assert "'column'" in str(err)


def test_column_is_an_alias_for_one_columns_entry():
    suite = dc.Suite.loads("suite: s\nchecks:\n  - check: not_null\n    column: a\n")
    assert suite.checks == (NotNull(columns=["a"]),)


def test_duplicate_result_ids_are_an_error():
    with pytest.raises(dc.SuiteError, match="'not_null:a'"):
        dc.Suite(name="s", checks=[NotNull(columns=["a"]), NotNull(columns=["b", "a"])])
    with pytest.raises(dc.SuiteError, match="'same'"):
        dc.Suite(
            name="s",
            checks=[NotNull(name="same", columns=["a"]), Unique(name="same", columns=["b"])],
        )
    dc.Suite(name="s", checks=[NotNull(columns=["a"]), NotNull(name="a_again", columns=["a"])])


def test_duplicate_result_ids_in_yaml_point_at_the_second_check():
    err = load_error(
        """\
        suite: s
        checks:
          - check: not_null
            columns: [a]
          - check: not_null
            columns: [b, a]
        """
    )
    assert_where(err, 5, "'not_null:a'", "'name'")


def test_undeclared_reference_in_yaml_names_its_line():
    err = load_error(
        """\
        suite: s
        references:
          population: pop.parquet
        checks:
          - check: exists_in
            column: person_id
            reference: populaton
        """
    )
    assert_where(err, 7, "'populaton'", "did you mean 'population'")


def test_unknown_top_level_key_suggests_the_closest():
    err = load_error(
        """\
        suite: s
        chekcs:
          - check: not_null
            columns: [a]
        """
    )
    assert_where(err, 2, "'chekcs'", "did you mean 'checks'")


@pytest.mark.parametrize(
    ("text", "found_en", "found_vi"),
    [
        ("suite: s\nchecks: {}\n", "found mapping {}", "nhận được ánh xạ {}"),
        ("suite: s\nchecks:\n", "found nothing (no value)", "giá trị rỗng (không có giá trị)"),
        ("suite: s\nchecks: none\n", "found string 'none'", "nhận được chuỗi 'none'"),
    ],
)
def test_checks_that_is_not_a_list_is_an_error(text, found_en, found_vi):
    """``checks: {}`` or an empty ``checks:`` loaded as a suite without checks."""
    err = load_error(text)
    assert_where(err, 2, "'checks' expected a list of checks", found_en)
    assert found_vi in err.message("vi")


def test_a_suite_without_the_checks_key_has_no_checks():
    """As ``Suite(name=...)``: valid (``datacheck lint`` warns that it measures nothing)."""
    assert dc.Suite.loads("suite: s\n").checks == ()
    assert dc.Suite.loads("suite: s\nchecks: []\n").checks == ()


def test_a_missing_value_is_found_nothing_not_none():
    err = load_error("suite: s\nchecks:\n  - check:\n    columns: [a]\n")
    assert_where(err, 3, "'check' expected the name of a check", "found nothing (no value)")
    assert "None" not in str(err)
    assert "None" not in err.message("vi")
    assert "giá trị rỗng (không có giá trị)" in err.message("vi")


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        ("suite: s\nchecks:\n  - check: [\n", 4, ["invalid YAML"]),
        ("suite: s\nchecks: []\nchecks: []\n", 3, ["duplicate key 'checks'", "line 2"]),
        ("suite: s\nchecks: {a: 1}\n", 2, ["'checks'", "list"]),
        ("suite: s\nchecks:\n  - not_null\n", 3, ["mapping"]),
        ("suite: s\nchecks:\n  - columns: [a]\n", 3, ["'check'"]),
        ("title: x\nchecks: []\n", 1, ["'suite'"]),
        ("suite: Dân Cư\n", 1, ["snake_case"]),
        ("suite: s\nsamples: many\n", 2, ["'samples'"]),
        ("suite: s\nkey: {a: 1}\n", 2, ["'key'"]),
        ("suite: s\nweights:\n  complete: high\n", 3, ["'weights.complete'", "number"]),
        ("suite: s\nreferences:\n  pop: [1]\n", 3, ["'references.pop'"]),
        ("suite: s\nbands: {meets: 50, improve: 90}\n", 2, ["'bands'"]),
        (
            "suite: s\nchecks:\n  - check: not_null\n    columns: a\n    columns: b\n",
            5,
            ["duplicate"],
        ),
    ],
)
def test_yaml_errors_name_file_and_line(text, line, fragments):
    assert_where(load_error(text), line, *fragments)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("suite: s\ntimezone: Asia/Hanoi_City\n", ["'Asia/Hanoi_City'"]),
        ("suite: s\nweights:\n  cleen: 1\n", ["'cleen'", "did you mean 'clean'"]),
        ("suite: s\nweights:\n  clean: -1\n", ["'clean'", ">= 0"]),
        ("suite: s\nsamples: -1\n", ["'samples'"]),
    ],
)
def test_bad_suite_settings_name_the_file(text, fragments):
    err = load_error(text)
    assert err.file == "suites/x.yaml"
    for fragment in fragments:
        assert fragment in str(err)


def test_a_yaml_that_is_not_a_mapping():
    err = load_error("- check: not_null\n")
    assert err.file == "suites/x.yaml"
    assert "mapping" in str(err)


def test_missing_suite_file(tmp_path: Path):
    with pytest.raises(dc.SuiteError, match="not found"):
        dc.Suite.from_yaml(tmp_path / "nope.yaml")


def test_errors_from_a_file_name_the_file(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("suite: s\nchecks:\n  - check: uniqe\n    columns: [a]\n", encoding="utf-8")
    with pytest.raises(dc.CheckDefinitionError) as info:
        dc.Suite.from_yaml(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert "did you mean 'unique'" in str(info.value)


# ------------------------------------------------------------------------------ paths


def test_relative_paths_resolve_against_the_suite_folder(tmp_path: Path, monkeypatch):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    suites = tmp_path / "suites"
    suites.mkdir()
    pl.DataFrame({"person_id": ["1", "2", "3"]}).write_parquet(data_dir / "cards.parquet")
    pl.DataFrame({"person_id": ["1", "2"]}).write_parquet(data_dir / "population.parquet")
    (suites / "cards.yaml").write_text(
        textwrap.dedent(
            """\
            suite: cards
            source: ../data/cards.parquet
            references:
              population: ../data/population.parquet
            checks:
              - check: exists_in
                column: person_id
                reference: population
            """
        ),
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    suite = dc.Suite.from_yaml("../suites/cards.yaml")
    assert suite.resolve("../data/x.parquet") == suites.resolve() / "../data/x.parquet"
    assert suite.resolve(str(tmp_path / "abs.parquet")) == tmp_path / "abs.parquet"
    result = dc.run(suite, as_of="2026-06-30")
    check = result.check("exists_in:person_id")
    assert (check.status, check.evaluated, check.failed) == ("fail", 3, 1)
    # running the path of the suite gives the same
    again = dc.run(str(suites / "cards.yaml"), as_of="2026-06-30")
    assert again.check("exists_in:person_id").failed == 1
    # references given by the caller are relative to the working directory, not the suite
    pl.DataFrame({"person_id": ["3"]}).write_parquet(elsewhere / "mine.parquet")
    override = dc.run(suite, as_of="2026-06-30", references={"population": "mine.parquet"})
    assert override.check("exists_in:person_id").failed == 2


def test_suite_without_source_needs_one():
    with pytest.raises(dc.SourceError, match="source"):
        dc.run(dc.Suite(name="s"), as_of="2026-06-30")


def test_python_suites_check_their_arguments():
    with pytest.raises(dc.SuiteError):
        dc.Suite(name="S")
    with pytest.raises(dc.SuiteError):
        dc.Suite(name="s", checks=["not_null"])
    with pytest.raises(dc.SuiteError):
        dc.Suite(name="s", timezone="Mars/Olympus")
    with pytest.raises(dc.SuiteError):
        dc.Suite(name="s", weights={"speed": 1})


# ---------------------------------------------------------------- round-trip defects


@pytest.mark.parametrize("max_age", ["8640001s", timedelta(days=10, seconds=0.5)])
def test_any_max_age_round_trips(max_age):
    suite = dc.Suite(name="s", checks=[Fresh(columns=["t"], max_age=max_age)])
    assert dc.Suite.loads(suite.to_yaml()) == suite


def test_text_with_a_next_line_character_round_trips():
    suite = dc.Suite(name="s", title="Sở\x85Tư pháp", placeholders=["\x85"])
    assert dc.Suite.loads(suite.to_yaml()) == suite


# ---------------------------------------- plain scalars read as YAML 1.2, not YAML 1.1


@pytest.mark.parametrize(
    ("value", "line"),
    [("010", 6), ("08", 6), ("-010", 6), ("00", 6)],
)
def test_a_number_with_a_leading_zero_is_an_error_that_says_to_quote_it(value, line):
    text = f"suite: s\nchecks:\n  - check: in_set\n    column: code\n    values:\n      - {value}\n"
    err = load_error(text)
    assert_where(err, line, f"the number {value} starts with a zero", f"'{value}'")
    assert f"'{value}'" in err.message("vi")


def test_quoted_codes_with_leading_zeros_stay_codes():
    suite = dc.Suite.loads(
        "suite: s\nchecks:\n  - check: in_set\n    column: code\n    values: ['010', '08']\n"
    )
    frame = pl.DataFrame({"code": ["010", "08", "8", "10"]})
    (result,) = dc.run(suite, frame, as_of="2026-06-30").checks
    assert (result.evaluated, result.failed) == (4, 2)


def test_yaml_1_1_words_and_base_60_numbers_are_text():
    suite = dc.Suite.loads(
        "suite: s\nchecks:\n"
        "  - check: in_set\n    column: answer\n    values: [yes, no, on, off]\n"
        "  - check: in_set\n    column: slot\n    values: [1:30]\n"
    )
    answers, slots = (check.values for check in suite.checks)
    assert answers == ("yes", "no", "on", "off")
    assert slots == ("1:30",)


def test_numbers_without_a_leading_zero_are_numbers():
    suite = dc.Suite.loads(
        "suite: s\nchecks:\n  - check: between\n    column: n\n    min: 0\n    max: 1_000\n"
        "  - check: in_set\n    column: m\n    values: [10, -3, 0x1f, 0o10, 0b11]\n"
    )
    between, in_set = suite.checks
    assert (between.min, between.max) == (0, 1000)
    assert in_set.values == (10, -3, 31, 8, 3)


# ------------------------------------------------ settings given in Python, checked early


def test_bands_given_as_a_mapping_are_parsed_as_in_yaml():
    suite = dc.Suite(name="s", bands={"meets": 90, "improve": 70}, checks=[NotNull(columns=["a"])])
    assert suite.bands == dc.Bands(meets=90, improve=70)
    result = dc.run(suite, pl.DataFrame({"a": [1, None]}), as_of="2026-06-30")
    assert result.band is dc.Band.FAILS


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"bands": {"meet": 90}}, "'bands': unknown key 'meet'"),
        ({"bands": 5}, "'bands' expected 'meets' and 'improve' scores"),
        ({"source": pl.DataFrame({"a": [1]})}, "'source' expected a path or a URI"),
    ],
)
def test_bad_settings_in_python_are_suite_errors_at_once(settings, fragment):
    with pytest.raises(dc.SuiteError, match=re.escape(fragment)):
        dc.Suite(name="s", checks=[NotNull(columns=["a"])], **settings)


def test_a_reference_in_memory_cannot_be_written_as_yaml():
    suite = dc.Suite(
        name="s",
        references={"people": pl.DataFrame({"a": [1]})},
        checks=[ExistsIn(column="a", reference="people")],
    )
    with pytest.raises(
        dc.SuiteError, match=re.escape("'references.people' is a DataFrame in memory")
    ):
        suite.to_yaml()
    on_disk = dc.Suite(
        name="s",
        references={"people": Path("people.parquet")},
        checks=[ExistsIn(column="a", reference="people")],
    )
    assert dc.Suite.loads(on_disk.to_yaml()).references == {"people": "people.parquet"}


def test_an_empty_parameter_is_found_as_nothing():
    err = load_error("suite: s\nchecks:\n  - check: pattern\n    column: a\n    pattern:\n")
    assert str(err).endswith("parameter 'pattern' expected a string, found nothing")
    assert err.message("vi").endswith("nhận được giá trị rỗng")


@pytest.mark.parametrize("name", sorted(dc.checks.registered_checks()))
def test_suites_hash_consistently_with_equality(name: str) -> None:
    text = check_example(name)
    assert text is not None, name
    suite = dc.Suite.loads(text)
    again = dc.Suite.loads(suite.to_yaml(), base_dir=Path("elsewhere"))
    assert again == suite
    assert hash(again) == hash(suite)
    assert {suite: "first", again: "second"} == {suite: "second"}
    other = dataclasses.replace(suite, name=f"{suite.name}_2")
    assert other != suite
    assert len({suite, other}) == 2


def test_a_suite_with_a_frame_reference_hashes() -> None:
    frame = pl.DataFrame({"id": [1]})
    checks = [dc.checks.NotNull(columns=["id"])]
    suite = dc.Suite(name="s", checks=checks, references={"ref": frame}, weights={"clean": 2})
    assert hash(suite) == hash(dc.Suite(name="s", checks=checks))


@pytest.mark.parametrize(
    "entry",
    [
        {"check": "in_set", "column": "a"},  # a required parameter missing
        {"check": "cccd", "column": "a", "allow_abroad": "no"},  # a wrong type
        {"check": "unique", "columns": ["a"], "where": "a = 1"},  # where on a key check
        {"check": "pattern", "column": "a", "pattern": "("},  # a check's own validation
        {"check": "not_null", "column": "a", "colour": 1},  # an unknown parameter
    ],
    ids=["missing", "type", "where", "invalid", "unknown"],
)
def test_vietnamese_messages_name_the_check_in_vietnamese(entry: dict[str, object]) -> None:
    with pytest.raises(dc.SuiteError) as caught:
        dc.Suite.from_dict({"suite": "s", "checks": [entry]})
    vi = caught.value.message("vi")
    assert f"phép kiểm tra '{entry['check']}'" in vi
    assert "check '" not in vi
    assert f"check '{entry['check']}'" in caught.value.message("en")


@pytest.mark.parametrize(
    ("text", "line", "en", "vi"),
    [
        (
            "suite: s\nchecks:\n  - check: in_set\n    values: [a, b\n",
            4,
            "invalid YAML: the list opened with '[' here is not closed before the end of the file",
            "YAML không hợp lệ: danh sách mở bằng '[' ở đây chưa được đóng trước khi hết tệp",
        ),
        (
            'suite: "s\n',
            1,
            "invalid YAML: the quoted text opened here is not closed before the end of the file",
            "YAML không hợp lệ: chuỗi mở dấu nháy ở đây chưa được đóng trước khi hết tệp",
        ),
        (
            "suite: s: t\n",
            1,
            "invalid YAML: mapping values are not allowed here",
            "YAML không hợp lệ: không được đặt ':' (giá trị ánh xạ) ở đây",
        ),
        (
            "suite: s\nkey: [a, {b: 1]\n",
            2,
            "invalid YAML: expected ',' or '}', but got ']'",
            "YAML không hợp lệ: cần ',' hoặc '}', nhưng gặp ']'",
        ),
        (
            "suite: s\nkey: [a, b]]\n",
            2,
            "invalid YAML: expected <block end>, but found ']'",
            "YAML không hợp lệ: cần hết khối (thụt lề), nhưng gặp ']'",
        ),
    ],
    ids=["unclosed-list", "unclosed-quote", "colon", "unclosed-mapping", "extra-bracket"],
)
def test_yaml_syntax_errors_point_at_a_line_of_the_file_in_both_languages(
    text: str, line: int, en: str, vi: str
) -> None:
    with pytest.raises(dc.SuiteError) as caught:
        dc.Suite.loads(text, file="s.yaml")
    assert caught.value.line == line <= text.count("\n")
    assert caught.value.message("en").startswith(f"s.yaml:{line}: {en} (column ")
    assert caught.value.message("vi").startswith(f"s.yaml:{line}: {vi} (cột ")
