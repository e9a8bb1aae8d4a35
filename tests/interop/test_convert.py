"""Converting pandera and GX files to YAML suites; recognising schemas; lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import datacheck as dc
from datacheck.interop import InteropError, InteropWarning, as_suite, convert_file

ROOT = Path(__file__).resolve().parents[2]


def convert(path: Path, kind: str, **kwargs: str) -> tuple[str, list[InteropWarning]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = convert_file(path, kind, **kwargs)  # type: ignore[arg-type]
    return text, [w.message for w in caught if isinstance(w.message, InteropWarning)]


PANDERA_FILE = """
    import pandera.polars as pa
    import polars as pl

    people = pa.DataFrameSchema(
        {
            "person_id": pa.Column(str, pa.Check.str_matches(r"0\\d{11}"), unique=True),
            "gender": pa.Column(str, pa.Check.isin(["Nam", "Nữ"]), nullable=True),
            "age": pa.Column(int, pa.Check.in_range(0, 150), nullable=True),
            "score": pa.Column(float, pa.Check(lambda d: d.lazyframe.select(pl.col("score") > 0))),
        },
        name="Dân cư",
    )
"""


def test_pandera_python_file_becomes_a_yaml_suite(tmp_path: Path) -> None:
    pytest.importorskip("pandera.polars")
    path = tmp_path / "schema.py"
    path.write_text(textwrap.dedent(PANDERA_FILE), encoding="utf-8")
    text, notes = convert(path, "pandera")
    assert len(notes) == 1
    lines = text.splitlines()
    assert lines[0] == f"# Converted from pandera schema {path} by datacheck."
    assert lines[1] == "# Not converted exactly (review these):"
    assert any("custom check function" in line for line in lines[2:4])
    suite = dc.Suite.loads(text)
    assert suite.name == "dan_cu"
    assert [check.params() for check in suite.checks] == [
        {"check": "required_columns", "columns": ["person_id", "gender", "age", "score"]},
        {"check": "not_null", "columns": ["person_id", "score"]},
        {"check": "unique", "columns": ["person_id"]},
        {"check": "pattern", "columns": ["person_id"], "pattern": r"^0\d{11}"},
        {"check": "in_set", "columns": ["gender"], "values": ["Nam", "Nữ"]},
        {"check": "between", "columns": ["age"], "min": 0, "max": 150},
    ]


def test_a_file_with_several_schemas_needs_a_name(tmp_path: Path) -> None:
    pytest.importorskip("pandera.polars")
    path = tmp_path / "two.py"
    path.write_text(
        textwrap.dedent(
            """
            import pandera.polars as pa

            class Orders(pa.DataFrameModel):
                order_id: int = pa.Field(unique=True)

            people = pa.DataFrameSchema({"pid": pa.Column(nullable=True)})
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(InteropError, match=r"several pandera schemas \(Orders, people\)"):
        convert_file(path, "pandera")
    text, _ = convert(path, "pandera", object_name="Orders")
    assert dc.Suite.loads(text).name == "orders"
    with pytest.raises(InteropError, match="no pandera schema named 'nope'"):
        convert_file(path, "pandera", object_name="nope")


def test_pandera_yaml_file_becomes_a_yaml_suite(tmp_path: Path) -> None:
    pa = pytest.importorskip("pandera.polars")
    schema = pa.DataFrameSchema(
        {
            "code": pa.Column(str, [pa.Check.str_length(5, 5), pa.Check.notin(["00000"])]),
            "n": pa.Column(int, pa.Check.lt(10), nullable=True),
        },
        name="codes",
    )
    path = tmp_path / "codes.yaml"
    schema.to_yaml(path)
    text, notes = convert(path, "pandera")
    assert [item.part for note in notes for item in note.skipped] == [
        "column types (code: String, n: Int64)"
    ]
    suite = dc.Suite.loads(text)
    assert [check.params() for check in suite.checks] == [
        {"check": "required_columns", "columns": ["code", "n"]},
        {"check": "not_null", "columns": ["code"]},
        {
            "check": "expression",
            "name": "str_length:code",
            "expr": 'LENGTH("code") = 5',
            "column": "code",
        },
        {
            "check": "expression",
            "name": "notin:code",
            "expr": "\"code\" NOT IN ('00000')",
            "column": "code",
        },
        {"check": "expression", "name": "less_than:n", "expr": '"n" < 10', "column": "n"},
    ]


def test_gx_json_file_becomes_a_yaml_suite(tmp_path: Path) -> None:
    data = {
        "name": "people",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
            {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "age"}},
        ],
    }
    path = tmp_path / "people.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    text, notes = convert(path, "gx")
    assert "#   - skipped expectation 'expect_column_mean_to_be_between' on 'age'" in text
    assert len(notes) == 1
    assert [check.params() for check in dc.Suite.loads(text).checks] == [
        {"check": "not_null", "columns": ["id"]}
    ]


@pytest.mark.parametrize(
    ("content", "kind", "message"),
    [
        (None, "gx", "file not found"),
        ("{not json", "gx", r"bad\.json:1: not valid JSON"),
        ('{"suite": "x"}', "gx", "expected a GX expectation suite"),
        ("a: [", "pandera", r"bad\.json:\d+: not valid YAML/JSON"),
        ("[1, 2]", "pandera", "expected a pandera schema"),
        ("{}", "csv", "unknown source kind 'csv'"),
    ],
)
def test_bad_files_give_one_line_errors(
    tmp_path: Path, content: str | None, kind: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InteropError, match=message) as raised:
        convert_file(path, kind)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)
    assert raised.value.message("vi") != str(raised.value)


GX_SUITE = (
    '{"expectation_suite_name": "people", "expectations": [{"expectation_type": '
    '"expect_column_values_to_not_be_null", "kwargs": {"column": "a"}}]}'
)


@pytest.mark.parametrize(
    ("content", "kind", "fragments"),
    [
        # pandera's reader ignores what it does not know: these read as an empty schema
        ('{"a": 1}', "pandera", ["expected a pandera schema", "found a mapping with keys a"]),
        ("{}", "pandera", ["expected a pandera schema", "found an empty mapping"]),
        (GX_SUITE, "pandera", ["expectation_suite_name, expectations", "use --from gx"]),
        ("suite: s\nchecks: []\n", "pandera", ["a datacheck suite already"]),
        ('{"columns": {}, "colums": {"a": {}}}', "pandera", ["keys that pandera", "colums"]),
        ('{"schema_type": "series", "columns": {}}', "pandera", ["'series'", "dataframe"]),
        # and a GX file that is something else says what it is
        ('{"a": 1}', "gx", ["expected a GX expectation suite", "found an object with keys a"]),
        ("[1]", "gx", ["found an array"]),
        ('{"schema_type": "dataframe", "columns": {}}', "gx", ["use --from pandera"]),
    ],
)
def test_other_documents_are_refused_not_converted_to_an_empty_suite(
    tmp_path: Path, content: str, kind: str, fragments: list[str]
) -> None:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InteropError) as raised:
        convert_file(path, kind)  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "\n" not in message
    assert raised.value.message("vi").startswith(f"{path}: ")
    assert raised.value.message("vi") != message


def test_a_schema_written_by_pandera_with_every_key_still_converts(tmp_path: Path) -> None:
    pa = pytest.importorskip("pandera.pandas")
    schema = pa.DataFrameSchema(
        {"a": pa.Column(int, pa.Check.ge(0))},
        checks=[pa.Check.ge(0)],
        unique=["a"],
        coerce=True,
        strict=True,
        ordered=True,
        name="every_key",
        title="t",
        description="d",
    )
    path = tmp_path / "schema.yaml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema.to_yaml(path)
    text, _ = convert(path, "pandera")
    assert dc.Suite.loads(text).name == "every_key"
    assert dc.Suite.loads(text).checks


def test_a_python_file_that_fails_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    with pytest.raises(InteropError, match="running the file failed: RuntimeError: boom"):
        convert_file(path, "pandera")
    (tmp_path / "empty.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(InteropError, match="defines no pandera"):
        convert_file(tmp_path / "empty.py", "pandera")


def test_a_python_file_that_exits_is_bad_input(tmp_path: Path) -> None:
    """sys.exit() in the user's file must not end ``datacheck convert`` silently."""
    path = tmp_path / "exits.py"
    path.write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    with pytest.raises(InteropError) as raised:
        convert_file(path, "pandera")
    assert str(raised.value) == (
        f"{path}: expected a file that defines a pandera schema, found one that exits while "
        "it runs (sys.exit(3))"
    )
    assert raised.value.vi.startswith(f"{path}: cần một tệp định nghĩa lược đồ pandera")


@pytest.mark.parametrize("name", ["a\rb", "a\u2028b", "a\u2029b", "a\x85b", "a\nb", "a\x1bb"])
def test_header_comments_escape_line_breaks_and_control_characters(
    tmp_path: Path, name: str
) -> None:
    """A column named with a line break must not break out of the header comment."""
    path = tmp_path / "odd.json"
    data = {
        "name": "x",
        "expectations": [
            {"type": "expect_column_mean_to_be_between", "kwargs": {"column": name}},
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": name}},
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    text, notes = convert(path, "gx")
    assert len(notes) == 1
    escaped = name.encode("unicode_escape").decode("ascii")
    header = [line for line in text.split("\n") if line.startswith("#")]
    assert header[2] == (
        f"#   - skipped expectation 'expect_column_mean_to_be_between' on 'a{escaped[1:-1]}b': "
        "an aggregate of the column, not a rule per row; datacheck counts failing rows"
    )
    suite = dc.Suite.loads(text)
    assert [check.params() for check in suite.checks] == [{"check": "unique", "columns": [name]}]


def test_as_suite_recognises_only_schemas_and_gx_suites() -> None:
    suite = dc.Suite(name="s")
    assert as_suite(suite) is suite
    for other in (None, "suites/dan_cu.yaml", Path("x.yaml"), {"suite": "s"}, 3):
        assert as_suite(other) is None


def test_importing_datacheck_imports_neither_pandera_nor_gx() -> None:
    code = (
        "import sys, datacheck, datacheck.interop;"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'pandera', 'great_expectations', 'pandas'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
