"""The ``datacheck`` command line: exit codes, one-line errors, JSON output, languages."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner, Result

import datacheck as dc
import datacheck.cli as cli
from datacheck.checks import registered_checks
from datacheck.i18n import CATALOG, LANGS, t

AS_OF = "2026-06-30"
REPO = Path(__file__).resolve().parents[1]

PASSING = """\
suite: people
title: Người dân
key: id
pii: [phone]
source: people.parquet
checks:
  - check: not_null
    columns: [id, name]
  - check: unique
    columns: [id]
  - check: pattern
    column: phone
    pattern: '^0\\d{9}$'
"""

FAILING = """\
suite: people
key: id
source: people.parquet
checks:
  - check: not_null
    columns: [id, email]
  - check: in_set
    column: gender
    values: [Nam, Nữ]
"""

# email is null on 1 row of 4 (pass rate 0.75): warn band [0.5, 0.9)
WARNING = """\
suite: people
key: id
source: people.parquet
checks:
  - check: not_null
    columns: [email]
    threshold: 0.9
    warn: 0.5
"""

UNKNOWN_COLUMN = """\
suite: people
key: id
source: people.parquet
checks:
  - check: not_null
    columns: [id, no_such_column]
"""


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATACHECK_LANG", "DATACHECK_DEBUG", "COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with ``people.parquet`` (4 rows) and an empty ``empty.parquet``."""
    pl.DataFrame(
        {
            "id": ["001", "002", "003", "004"],
            "name": ["An", "Bình", "Chi", "Dũng"],
            "phone": ["0901234567", "0912345678", "0987654321", "0976543210"],
            "gender": ["Nam", "Nữ", "M", "Nam"],
            "email": ["a@x.vn", None, "c@x.vn", "d@x.vn"],
        }
    ).write_parquet(tmp_path / "people.parquet")
    pl.DataFrame(
        {"id": [], "name": [], "phone": []},
        schema={"id": pl.String, "name": pl.String, "phone": pl.String},
    ).write_parquet(tmp_path / "empty.parquet")
    return tmp_path


def write(folder: Path, text: str, name: str = "suite.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(args: Sequence[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.app, list(args), env=env)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_bad_input(result: Result) -> str:
    """Exit 2, exactly one non-empty line on stderr, no traceback anywhere."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert len(lines(result.stderr)) == 1, result.stderr
    return result.stderr.strip()


# ---------------------------------------------------------------------------- exit codes


def test_passing_suite_exits_0_with_empty_stderr(folder: Path) -> None:
    result = invoke(["run", str(write(folder, PASSING)), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress display when not on a terminal
    assert "not_null:id" in result.stdout
    assert "Đạt" in result.stdout


def test_failing_suite_exits_1(folder: Path) -> None:
    result = invoke(["run", str(write(folder, FAILING)), "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    assert "Không đạt" in result.stdout
    assert "in_set:gender" in result.stdout
    assert '"M"' in result.stdout  # the failing sample


@pytest.mark.parametrize(
    ("suite", "fail_on", "code"),
    [
        (WARNING, None, 0),
        (WARNING, "fail", 0),
        (WARNING, "warn", 1),
        (WARNING, "never", 0),
        (FAILING, "never", 0),
        (FAILING, "warn", 1),
        (PASSING, "warn", 0),
    ],
)
def test_fail_on(folder: Path, suite: str, fail_on: str | None, code: int) -> None:
    args = ["run", str(write(folder, suite)), "--as-of", AS_OF]
    if fail_on is not None:
        args += ["--fail-on", fail_on]
    result = invoke(args)
    assert result.exit_code == code, result.output


def test_warning_status_is_shown(folder: Path) -> None:
    result = invoke(["run", str(write(folder, WARNING)), "--as-of", AS_OF, "--lang", "en"])
    assert "warn" in result.stdout
    assert "Cảnh báo" in invoke(["run", str(write(folder, WARNING)), "--as-of", AS_OF]).stdout


def test_source_argument_overrides_the_suite_source(folder: Path) -> None:
    suite = write(folder, PASSING.replace("source: people.parquet", "source: nowhere.parquet"))
    result = invoke(["run", str(suite), str(folder / "people.parquet"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output


def test_quiet_prints_one_summary_line(folder: Path) -> None:
    result = invoke(["run", str(write(folder, FAILING)), "--as-of", AS_OF, "--quiet"])
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "people: điểm 81,25 — Cần cải thiện; 2 phép kiểm tra không đạt hoặc lỗi"
    ]
    assert result.stderr == ""


def _comparable(path: Path) -> dict[str, object]:
    """A JSON result without what may differ between engines (timing, the source's name)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("source", None)
    data["run"].pop("seconds")
    return data


@pytest.mark.parametrize("engine", ["partitioned", "dask"])
def test_engines_give_the_local_result(folder: Path, engine: str) -> None:
    suite = str(write(folder, FAILING))
    for part, rows in (("a", slice(0, 2)), ("b", slice(2, 4))):
        pl.read_parquet(folder / "people.parquet")[rows].write_parquet(folder / f"{part}.parquet")
    local = invoke(["run", suite, "--as-of", AS_OF, "--json", str(folder / "local.json")])
    other = invoke(
        [
            "run",
            suite,
            str(folder / "a.parquet"),
            str(folder / "b.parquet"),
            "--engine",
            engine,
            "--as-of",
            AS_OF,
            "--json",
            str(folder / "other.json"),
        ]
    )
    assert (local.exit_code, other.exit_code) == (1, 1), other.output
    assert _comparable(folder / "other.json") == _comparable(folder / "local.json")


def test_incremental_state_gives_the_result_over_all_partitions(folder: Path) -> None:
    suite = str(write(folder, FAILING))
    people = pl.read_parquet(folder / "people.parquet")
    people[:3].write_parquet(folder / "a.parquet")
    people[3:].write_parquet(folder / "b.parquet")
    state = str(folder / "state.json")
    first = invoke(["run", suite, str(folder / "a.parquet"), "--state", state, "--as-of", AS_OF])
    assert first.exit_code == 1, first.output
    # the second run keeps the state's as-of: no --as-of given
    second = invoke(
        [
            "run",
            suite,
            str(folder / "b.parquet"),
            "--state",
            state,
            "--json",
            str(folder / "i.json"),
        ]
    )
    assert second.exit_code == 1, second.output
    invoke(["run", suite, "--as-of", AS_OF, "--json", str(folder / "all.json")])
    assert _comparable(folder / "i.json") == _comparable(folder / "all.json")
    again = invoke(["run", suite, str(folder / "b.parquet"), "--state", state])
    assert "b.parquet" in assert_bad_input(again)  # a partition is never merged twice


# ---------------------------------------------------------------------------- JSON


def test_json_is_written_atomically_and_valid(folder: Path) -> None:
    out = folder / "out" / "people.json"
    result = invoke(["run", str(write(folder, FAILING)), "--as-of", AS_OF, "--json", str(out)])
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.2"
    assert data["suite"] == "people"
    assert data["as_of"].startswith("2026-06-30T00:00:00")
    assert data["run"]["rows"] == 4
    checks = {c["id"]: c for c in data["checks"]}
    assert set(checks) == {"not_null:id", "not_null:email", "in_set:gender"}
    assert (checks["not_null:email"]["evaluated"], checks["not_null:email"]["failed"]) == (4, 1)
    assert (checks["in_set:gender"]["evaluated"], checks["in_set:gender"]["failed"]) == (4, 1)
    assert checks["in_set:gender"]["status"] == "fail"
    assert sorted(p.name for p in out.parent.iterdir()) == ["people.json"]  # no temp files
    assert str(out) in result.stdout


def test_html_page_is_written(folder: Path) -> None:
    out = folder / "out" / "people.html"
    result = invoke(["run", str(write(folder, FAILING)), "--as-of", AS_OF, "--html", str(out)])
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'lang="vi"' in page
    assert "in_set:gender" in page
    assert sorted(p.name for p in out.parent.iterdir()) == ["people.html"]  # no temp files
    assert str(out) in result.stdout


def test_scorecard_writes_html_pages(folder: Path) -> None:
    suite = write(folder, FAILING)
    national = folder / "national.yaml"
    national.write_text(f"national: n\ndatabases: [{suite.name}]\n", encoding="utf-8")
    site = folder / "site"
    result = invoke(["scorecard", str(national), "--out", str(site), "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in site.iterdir())
    assert names == ["index.html", "national.json", "people.html", "people.json"]
    assert 'href="people.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_json_to_an_unwritable_place_is_bad_input(folder: Path) -> None:
    blocker = folder / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "r.json"  # a "folder" that is a file
    result = invoke(["run", str(write(folder, PASSING)), "--as-of", AS_OF, "--json", str(target)])
    message = assert_bad_input(result)
    assert str(target) in message


# ---------------------------------------------------------------------------- bad input


def test_missing_suite_file(folder: Path) -> None:
    message = assert_bad_input(invoke(["run", str(folder / "nope.yaml")]))
    assert "nope.yaml" in message
    assert message.startswith("Lỗi:")


def test_malformed_yaml(folder: Path) -> None:
    suite = write(folder, "suite: people\nchecks:\n  - check: not_null\n   columns: [id]\n")
    message = assert_bad_input(invoke(["run", str(suite), "--as-of", AS_OF]))
    assert "suite.yaml:" in message
    assert "YAML" in message


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("vi", "có phải ý bạn là 'not_null'"), ("en", "did you mean 'not_null'")],
)
def test_unknown_check_suggests_the_closest_name(folder: Path, lang: str, hint: str) -> None:
    suite = write(folder, "suite: people\nchecks:\n  - check: not_nul\n    columns: [id]\n")
    message = assert_bad_input(invoke(["run", str(suite), "--lang", lang]))
    assert hint in message
    assert "suite.yaml:3" in message


def test_missing_required_parameter(folder: Path) -> None:
    suite = write(folder, "suite: people\nchecks:\n  - check: pattern\n    column: phone\n")
    message = assert_bad_input(invoke(["run", str(suite), "--lang", "en"]))
    assert "missing required parameter" in message
    assert "'pattern'" in message


def test_wrong_parameter_type(folder: Path) -> None:
    suite = write(
        folder,
        "suite: people\nchecks:\n  - check: not_null\n    columns: [id]\n    threshold: high\n",
    )
    message = assert_bad_input(invoke(["run", str(suite), "--lang", "en"]))
    assert "threshold" in message
    assert "expected a number" in message


def test_missing_data_file(folder: Path) -> None:
    suite = write(folder, PASSING)
    message = assert_bad_input(invoke(["run", str(suite), str(folder / "missing.parquet")]))
    assert "missing.parquet" in message


def test_corrupt_parquet(folder: Path) -> None:
    corrupt = folder / "corrupt.parquet"
    corrupt.write_bytes(os.urandom(2048))
    message = assert_bad_input(invoke(["run", str(write(folder, PASSING)), str(corrupt)]))
    assert "corrupt.parquet" in message


def test_bad_as_of(folder: Path) -> None:
    message = assert_bad_input(invoke(["run", str(write(folder, PASSING)), "--as-of", "30/06"]))
    assert "--as-of" in message


@pytest.mark.parametrize("value", ["population", "=x.parquet", "population="])
def test_bad_reference_syntax(folder: Path, value: str) -> None:
    result = invoke(["run", str(write(folder, PASSING)), "--reference", value, "--lang", "en"])
    assert "NAME=PATH" in assert_bad_input(result)


def test_unknown_reference_name_is_bad_input(folder: Path) -> None:
    suite = write(
        folder, PASSING.replace("checks:", "references:\n  population: people.parquet\nchecks:")
    )
    result = invoke(["run", str(suite), "-r", f"populaton={folder / 'people.parquet'}"])
    assert "có phải ý bạn là 'population'" in assert_bad_input(result)


def test_missing_reference_file_is_bad_input(folder: Path) -> None:
    suite = write(
        folder, PASSING.replace("checks:", "references:\n  population: people.parquet\nchecks:")
    )
    result = invoke(["run", str(suite), "-r", f"population={folder / 'gone.parquet'}"])
    assert "gone.parquet" in assert_bad_input(result)


def test_reference_override_is_used(folder: Path) -> None:
    pl.DataFrame({"pid": ["001", "002"]}).write_parquet(folder / "master.parquet")
    suite = write(
        folder,
        """\
suite: people
source: people.parquet
references:
  population: nowhere.parquet
checks:
  - check: exists_in
    column: id
    reference: population
    reference_column: pid
""",
    )
    out = folder / "r.json"
    result = invoke(
        ["run", str(suite), "-r", f"population={folder / 'master.parquet'}", "--json", str(out)]
    )
    assert result.exit_code == 1, result.output
    check = json.loads(out.read_text(encoding="utf-8"))["checks"][0]
    assert (check["status"], check["evaluated"], check["failed"]) == ("fail", 4, 2)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--engine", "foo"], "foo"),
        (["--master", "local[2]"], "--engine spark"),
        (["--remote", "sc://localhost:15002"], "--engine spark"),
        (["--engine", "dask", "--master", "local[2]"], "--engine spark"),
        (["--scheduler", "tcp://localhost:8786"], "--engine dask"),
        (["--engine", "spark", "--scheduler", "tcp://localhost:8786"], "--engine dask"),
        (["--state", "s.json", "--failures", "f.parquet"], "--state"),
        (["--bogus"], "--bogus"),
        (["--fail-on", "sometimes"], "sometimes"),
        (["--lang", "fr"], "fr"),
    ],
)
def test_bad_arguments(folder: Path, args: list[str], needle: str) -> None:
    result = invoke(["run", str(write(folder, PASSING)), *args])
    assert needle in assert_bad_input(result)
    assert not (folder / "report.html").exists()


def test_missing_command_argument_is_a_usage_error() -> None:
    message = assert_bad_input(invoke(["run"]))
    assert "SUITE" in message.upper()
    assert_bad_input(invoke(["no-such-command"]))


def test_usage_errors_follow_lang() -> None:
    assert assert_bad_input(invoke(["run", "--lang", "en"])).startswith("Usage error:")
    assert assert_bad_input(invoke(["run"])).startswith("Lỗi cú pháp lệnh:")


# ---------------------------------------------------------------------------- runs that go on


def test_unknown_column_is_an_error_status_and_the_run_goes_on(folder: Path) -> None:
    result = invoke(["run", str(write(folder, UNKNOWN_COLUMN)), "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    assert "not_null:no_such_column" in result.stdout
    assert "Lỗi" in result.stdout
    assert "no_such_column" in result.stdout.split("not_null:no_such_column", 2)[-1]
    assert "not_null:id" in result.stdout  # the other check still ran
    english = invoke(["run", str(write(folder, UNKNOWN_COLUMN)), "--lang", "en"])
    assert re.search(r"not_null:no_such_column\s.*error", english.stdout)
    assert "not found" in english.stdout


def test_empty_dataset_is_bad_input(folder: Path) -> None:
    """DESIGN "Reliability": an empty dataset is bad input, one line naming it, exit 2.

    It used to exit 0 ("Dataset score: none"). Nothing is printed on stdout and no output
    is written: there is no result to report.
    """
    suite = write(folder, PASSING)
    empty = str(folder / "empty.parquet")
    outputs = ["--json", str(folder / "r.json"), "--html", str(folder / "r.html")]
    history = ["--history", str(folder / "history")]
    result = invoke(["run", str(suite), empty, "--as-of", AS_OF, *outputs, *history])
    message = assert_bad_input(result)
    assert message == (
        f"Lỗi: tập dữ liệu rỗng: nguồn dữ liệu ({empty}) có 0 bản ghi, không có gì để kiểm tra; "
        "cần ít nhất một bản ghi"
    )
    assert result.stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == [
        "empty.parquet",
        "people.parquet",
        "suite.yaml",
    ]
    english = assert_bad_input(invoke(["run", str(suite), empty, "--lang", "en", "-q"]))
    assert english == (
        f"Error: empty dataset: the source ({empty}) has 0 rows, there is nothing to check; "
        "expected at least one row"
    )
    # partitions that are all empty: the same, naming them
    other = folder / "empty2.parquet"
    other.write_bytes((folder / "empty.parquet").read_bytes())
    both = assert_bad_input(invoke(["run", str(suite), empty, str(other), "--lang", "en"]))
    assert f"the source (2 partitions: {empty}, {other}) has 0 rows" in both


def test_empty_dataset_is_bad_input_even_when_a_check_counts_rows(folder: Path) -> None:
    suite = write(folder, PASSING.replace("checks:", "checks:\n  - check: row_count\n    min: 1"))
    result = invoke(["run", str(suite), str(folder / "empty.parquet"), "--as-of", AS_OF])
    assert "rỗng" in assert_bad_input(result)
    # the library still gives a result: row_count fails, the rest is not applicable
    result_api = dc.run(dc.Suite.from_yaml(suite), folder / "empty.parquet", as_of=AS_OF)
    assert result_api.rows == 0
    assert result_api.checks[0].status == "fail"


def test_scorecard_reports_an_empty_database_and_scores_the_others(folder: Path) -> None:
    write(folder, FAILING)
    empty_suite = FAILING.replace("people.parquet", "empty.parquet").replace("people", "rong")
    write(folder, empty_suite, "rong.yaml")
    national = folder / "national.yaml"
    national.write_text("national: n\ndatabases: [suite.yaml, rong.yaml]\n", encoding="utf-8")
    site = folder / "site"
    result = invoke(["scorecard", str(national), "--out", str(site), "--as-of", AS_OF])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = lines(result.stderr)
    assert line.startswith("cơ sở dữ liệu rong: tập dữ liệu rỗng, nguồn dữ liệu (")
    assert str(folder / "empty.parquet") in line
    assert "people" in result.stdout  # both on their rows
    assert "rong" in result.stdout
    national_json = json.loads((site / "national.json").read_text(encoding="utf-8"))
    by_suite = {d["suite"]: d for d in national_json["databases"]}
    assert by_suite["people"]["score"] is not None
    assert by_suite["rong"]["rows"] == 0
    assert by_suite["rong"]["score"] is None
    assert national_json["score"] == by_suite["people"]["score"]
    english = invoke(["scorecard", str(national), "--out", str(site), "--lang", "en", "-q"])
    assert english.exit_code == 2
    assert "database rong: empty dataset, the source (" in english.stderr
    assert "has 0 rows, so it is not scored; expected at least one row" in english.stderr


# ---------------------------------------------------------------------------- languages


def test_lang_en_and_default_vi_differ(folder: Path) -> None:
    suite = str(write(folder, PASSING))
    vi = invoke(["run", suite, "--as-of", AS_OF]).stdout
    en = invoke(["run", suite, "--as-of", AS_OF, "--lang", "en"]).stdout
    assert "Đạt" in vi
    assert "Điểm chất lượng tập dữ liệu" in vi
    assert "Đúng" in vi  # the dimension label
    assert "pass" in en
    assert "Dataset score" in en
    assert "Correct" in en
    assert "Đạt" not in en


def test_datacheck_lang_environment_variable(folder: Path) -> None:
    suite = str(write(folder, PASSING))
    assert "Dataset score" in invoke(["run", suite], env={"DATACHECK_LANG": "en"}).stdout
    overridden = invoke(["run", suite, "--lang", "vi"], env={"DATACHECK_LANG": "en"}).stdout
    assert "Điểm chất lượng" in overridden


def test_catalog_has_every_key_in_both_languages() -> None:
    assert LANGS == ("vi", "en")
    fields = string.Formatter()
    for key, templates in CATALOG.items():
        assert set(templates) == set(LANGS), key
        assert all(text.strip() for text in templates.values()), key
        names = [{f[1] for f in fields.parse(templates[lang]) if f[1]} for lang in LANGS]
        assert names[0] == names[1], key


def test_every_status_has_a_label() -> None:
    for status in ("pass", "warn", "fail", "not_applicable", "error"):
        assert t(f"status.{status}", "vi") != t(f"status.{status}", "en")


# ---------------------------------------------------------------------------- checks, lint


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_checks_lists_every_registered_check(lang: str) -> None:
    result = invoke(["checks", "--lang", lang])
    assert result.exit_code == 0, result.output
    for name, cls in registered_checks().items():
        assert name in result.stdout
        summary = cls.summary[0] if lang == "vi" else cls.summary[1]
        assert " ".join(summary.split()[:2]) in result.stdout
    assert ("Tham số chung" if lang == "vi" else "common to every check") in result.stdout
    assert "threshold" in result.stdout


def test_checks_json_is_derived_from_the_registry() -> None:
    result = invoke(["checks", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    registry = registered_checks()
    assert [c["check"] for c in data["checks"]] == list(registry)
    for entry in data["checks"]:
        cls = registry[entry["check"]]
        assert entry["dimension"] == cls.default_dimension.value
        assert entry["summary"] == {"vi": cls.summary[0], "en": cls.summary[1]}
        names = {p["name"] for p in entry["parameters"]}
        assert not names & {"name", "dimension", "threshold", "warn", "severity", "weight"}
    common = [p["name"] for p in data["common_parameters"]]
    assert common == ["name", "dimension", "threshold", "warn", "severity", "weight", "where"]
    pattern = next(c for c in data["checks"] if c["check"] == "pattern")
    assert {"name": "pattern", "type": "string", "required": True, "default": None} in pattern[
        "parameters"
    ]


def test_lint_ok(folder: Path) -> None:
    result = invoke(["lint", str(write(folder, PASSING)), "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert out[0] == "OK: 3 checks, 4 results"
    assert any(
        line.strip().startswith("Complete (complete): not_null:id, not_null:name") for line in out
    )
    assert any("Clean (clean): unique:id" in line for line in out)
    vi = invoke(["lint", str(write(folder, PASSING))])
    assert lines(vi.stdout)[0] == "OK: 3 phép kiểm tra, 4 kết quả"


def test_lint_error(folder: Path) -> None:
    suite = write(folder, "suite: people\nchecks:\n  - check: not_nul\n    columns: [id]\n")
    assert "not_null" in assert_bad_input(invoke(["lint", str(suite)]))
    assert_bad_input(invoke(["lint", str(folder / "absent.yaml")]))


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("datacheck 0.")
    assert f"(polars {pl.__version__})" in result.stdout


def _loads_in_a_new_process(args: Sequence[str]) -> tuple[int, str, list[str]]:
    """Run ``main(args)`` in a new interpreter: exit code, stdout, heavy modules it loaded."""
    code = (
        "import sys\n"
        "from datacheck.cli import main\n"
        f"code = main({list(args)!r})\n"
        "heavy = ('polars', 'yaml', 'jinja2', 'datacheck.runner', 'datacheck.checks')\n"
        "print('LOADED', *[m for m in heavy if m in sys.modules])\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    marker = [line for line in done.stdout.splitlines() if line.startswith("LOADED")]
    assert marker, done.stdout + done.stderr
    return done.returncode, done.stdout, marker[-1].split()[1:]


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["--version"], []])
def test_help_and_version_answer_without_loading_the_engine(args: list[str]) -> None:
    """``--help``, ``--version`` and a bare ``datacheck`` stay fast: no Polars, no engine."""
    code, stdout, loaded = _loads_in_a_new_process(args)
    assert code in (0, 2)
    assert loaded == []
    assert "datacheck" in stdout


def test_version_reads_the_polars_version_without_importing_it() -> None:
    code, stdout, loaded = _loads_in_a_new_process(["--version"])
    assert code == 0
    assert loaded == []
    assert f"(polars {pl.__version__})" in stdout


def test_a_command_that_runs_loads_the_engine(folder: Path) -> None:
    """The other side of the lazy start-up: ``lint`` does load what it needs, and works."""
    suite = write(folder, PASSING)
    code, stdout, loaded = _loads_in_a_new_process(["lint", str(suite), "--lang", "en"])
    assert code == 0, stdout
    assert "polars" in loaded
    assert "people" in stdout


def test_no_arguments_shows_help() -> None:
    result = invoke([])
    assert result.exit_code == 2
    assert "run" in result.stdout
    assert "lint" in result.stdout


# ---------------------------------------------------------------------------- internal errors


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_exits_3_without_traceback(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "run", _boom)
    result = invoke(["run", str(write(folder, PASSING)), "--lang", "en"])
    assert result.exit_code == 3
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = lines(result.stderr)
    assert "RuntimeError: boom" in line
    assert "bug" in line
    assert "report" in line


def test_internal_error_traceback_with_debug(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "run", _boom)
    result = invoke(["run", str(write(folder, PASSING))], env={"DATACHECK_DEBUG": "1"})
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "lỗi phần mềm" in lines(result.stderr)[-1]


def test_main_returns_the_exit_code(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", str(write(folder, PASSING)), "--as-of", AS_OF, "-q"]) == 0
    assert cli.main(["run", str(write(folder, FAILING)), "--as-of", AS_OF, "-q"]) == 1
    assert cli.main(["lint", str(folder / "absent.yaml")]) == 2
    captured = capsys.readouterr()
    assert len(lines(captured.err)) == 1


# ---------------------------------------------------------------------------- real processes


def _console_script() -> Path:
    return Path(sys.executable).with_name("datacheck")


Runner = Callable[..., subprocess.CompletedProcess[str]]


def _process(command: Sequence[str], folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATACHECK_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=folder,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "launcher",
    [
        pytest.param([sys.executable, "-m", "datacheck"], id="python-m"),
        pytest.param(
            [str(_console_script())],
            id="console-script",
            marks=pytest.mark.skipif(
                not _console_script().exists(), reason="datacheck is not installed in this venv"
            ),
        ),
    ],
)
def test_real_process_exit_codes(folder: Path, launcher: list[str]) -> None:
    write(folder, PASSING, "passing.yaml")
    write(folder, FAILING, "failing.yaml")
    ok = _process([*launcher, "run", "passing.yaml", "--as-of", AS_OF], folder)
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""
    failed = _process(
        [*launcher, "run", "failing.yaml", "--as-of", AS_OF, "--json", "r.json"], folder
    )
    assert failed.returncode == 1, failed.stderr
    assert json.loads((folder / "r.json").read_text(encoding="utf-8"))["schema_version"] == "1.2"
    for args in (
        ["run", "absent.yaml"],
        ["run", "passing.yaml", "--engine", "spark-ish"],
        ["run", "passing.yaml", "--nope"],
        ["run", "passing.yaml", "missing.parquet"],
    ):
        bad = _process([*launcher, *args], folder)
        assert bad.returncode == 2, (args, bad.stderr)
        assert "Traceback" not in bad.stdout + bad.stderr
        assert len(lines(bad.stderr)) == 1, (args, bad.stderr)


# ---------------------------------------------------------------------------- samples


def test_samples_command_writes_the_linked_databases(tmp_path: Path) -> None:
    from samples import generate_samples  # noqa: PLC0415
    from samples.databases import TABLES  # noqa: PLC0415

    out = tmp_path / "out"
    result = invoke(["samples", "--scale", "0.005", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {len(TABLES)} cơ sở dữ liệu" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected = generate_samples(5_000, seed=3)
    assert manifest == json.loads(json.dumps(expected.manifest))
    for name in TABLES:
        assert pl.read_parquet(out / name).equals(expected.tables[name]), name


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--scale", "0"], "--scale"),
        (["--scale", "101"], "--scale"),
        (["--as-of", "yesterday-ish"], "yesterday-ish"),
    ],
)
def test_samples_command_bad_input(tmp_path: Path, args: list[str], needle: str) -> None:
    result = invoke(["samples", "--out", str(tmp_path / "o"), *args])
    assert needle in assert_bad_input(result)
    assert not (tmp_path / "o").exists()


def test_samples_command_outside_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "samples", None)  # import fails as in an installed wheel
    result = invoke(["samples", "--out", str(tmp_path / "o"), "--lang", "en"])
    assert "clone of the repository" in assert_bad_input(result)


# ---------------------------------------------------------------------------- history


def test_history_store_trend_and_alert(folder: Path) -> None:
    suite = write(folder, FAILING)
    national = folder / "national.yaml"
    national.write_text(f"national: n\ndatabases: [{suite.name}]\n", encoding="utf-8")
    store, site = folder / "history", folder / "site"
    for as_of in ("2026-04-30", "2026-05-31"):
        result = invoke(
            [
                "scorecard",
                str(national),
                "--out",
                str(site),
                "--as-of",
                as_of,
                "--history",
                str(store),
            ]
        )
        assert result.exit_code == 1, result.output
    # a third run on worse data: the score drops by more than 2 points -> an alert
    pl.DataFrame(
        {"id": [1, 2, None, None], "email": [None] * 4, "gender": ["x"] * 4}
    ).write_parquet(folder / "people.parquet")
    result = invoke(
        [
            "scorecard",
            str(national),
            "--out",
            str(site),
            "--as-of",
            "2026-06-30",
            "--history",
            str(store),
            "--lang",
            "en",
        ]
    )
    assert result.exit_code == 1
    assert "dropped" in result.stderr or "drop" in result.stderr.lower(), result.stderr
    page = (site / "people.html").read_text(encoding="utf-8")
    assert "<svg" in page
    assert "2026-06-30" in page
    shown = invoke(["history", str(store), "--lang", "en", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    people = next(d for d in data["databases"] if d["suite"] == "people")
    assert [p["as_of"][:10] for p in people["scores"]] == ["2026-04-30", "2026-05-31", "2026-06-30"]
    assert data["alerts"], data
    table = invoke(["history", str(store)])
    assert table.exit_code == 0
    assert "people" in table.stdout


def test_run_with_history_appends_one_run(folder: Path) -> None:
    store = folder / "history"
    args = ["run", str(write(folder, FAILING)), "--as-of", AS_OF, "--history", str(store)]
    assert invoke(args).exit_code == 1
    assert invoke(args).exit_code == 1  # same as-of again: latest wins, not counted twice
    data = json.loads(invoke(["history", str(store), "--json"]).stdout)
    (people,) = [d for d in data["databases"] if d["suite"] == "people"]
    assert len(people["scores"]) == 1


def test_history_of_a_missing_store_says_so_apart_from_an_empty_one(folder: Path) -> None:
    missing = invoke(["history", str(folder / "histroy"), "--lang", "en"])
    assert missing.exit_code == 0
    assert f"No history store at {folder / 'histroy'} yet" in " ".join(missing.stdout.split())
    (folder / "history").mkdir()
    empty = invoke(["history", str(folder / "history"), "--lang", "en"])
    assert empty.stdout.strip() == "The history store has no recorded runs yet."


# ---------------------------------------------------------------------------- convert


def test_convert_gx_suite_to_yaml_names_what_was_skipped(folder: Path) -> None:
    source = folder / "gx.json"
    source.write_text(
        json.dumps(
            {
                "name": "people",
                "expectations": [
                    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
                    {
                        "type": "expect_column_mean_to_be_between",
                        "kwargs": {"column": "age", "min_value": 1},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    result = invoke(["convert", str(source), "--from", "gx", "--lang", "en"])
    assert result.exit_code == 0, result.output
    suite = dc.Suite.loads(result.stdout)
    assert suite.result_ids() == ["not_null:id"]
    assert "expect_column_mean_to_be_between" in result.stderr
    bad = invoke(["convert", str(folder / "missing.json"), "--from", "gx"])
    assert "missing.json" in assert_bad_input(bad)
    assert_bad_input(invoke(["convert", str(source), "--from", "soda"]))


# ---------------------------------------------------------------------------- suggest


def test_suggest_prints_a_suite_that_lints_and_passes(tmp_path: Path) -> None:
    from samples import generate_samples, write_samples  # noqa: PLC0415

    write_samples(generate_samples(2_000, seed=4, defect_rate=0.0), tmp_path / "data")
    source = str(tmp_path / "data" / "dan_cu")
    result = invoke(["suggest", source, "--as-of", AS_OF, "--lang", "en"])
    assert result.exit_code == 0, result.output
    suite = dc.Suite.loads(result.stdout)
    assert "cccd:person_id" in suite.result_ids()
    run = dc.run(suite, source, as_of=AS_OF)
    assert [c.id for c in run.checks if c.status != "pass"] == []
    assert_bad_input(invoke(["suggest", str(tmp_path / "nowhere")]))


# ---------------------------------------------------------------------------- inputs are read-only


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes: what a refused run must leave as it was."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _partitions(folder: Path) -> Path:
    """``parts/`` holding ``people.parquet`` split in two files (rows 0-1 and 2-3)."""
    parts = folder / "parts"
    parts.mkdir()
    people = pl.read_parquet(folder / "people.parquet")
    people[:2].write_parquet(parts / "a.parquet")
    people[2:].write_parquet(parts / "b.parquet")
    return parts


REFERENCED = FAILING + "references:\n  codes: codes.parquet\n"


@pytest.mark.parametrize(
    ("option", "target", "needle"),
    [
        ("--json", "people.parquet", "people.parquet"),  # the suite's own source
        ("--html", "suite.yaml", "suite.yaml"),  # the suite file
        ("--failures", "./people.parquet", "people.parquet"),  # another spelling
        ("--state", "people.parquet", "people.parquet"),
        ("--json", "codes.parquet", "codes"),  # a reference
        ("--json", "link.parquet", "people.parquet"),  # a link to the source
        ("--history", "people.parquet", "people.parquet"),
    ],
)
def test_an_output_never_overwrites_an_input(
    folder: Path, monkeypatch: pytest.MonkeyPatch, option: str, target: str, needle: str
) -> None:
    pl.DataFrame({"code": ["Nam"]}).write_parquet(folder / "codes.parquet")
    (folder / "link.parquet").symlink_to(folder / "people.parquet")
    suite = write(folder, REFERENCED)
    before = _snapshot(folder)
    monkeypatch.chdir(folder)
    for lang in ("en", "vi"):
        result = invoke(["run", str(suite), "--as-of", AS_OF, option, target, "--lang", lang])
        message = assert_bad_input(result)
        assert option in message
        assert needle in message
        assert ("overwrite" if lang == "en" else "ghi đè") in message
        assert result.stdout == ""  # refused before running
    assert _snapshot(folder) == before


@pytest.mark.parametrize("option", ["--json", "--failures", "--history"])
def test_an_output_never_goes_into_a_source_folder(folder: Path, option: str) -> None:
    parts = _partitions(folder)
    suite = str(write(folder, FAILING))
    before = _snapshot(parts)
    target = parts / ("history" if option == "--history" else "out.parquet")
    result = invoke(["run", suite, str(parts), "--as-of", AS_OF, option, str(target)])
    message = assert_bad_input(result)
    assert option in message
    assert str(parts) in message
    assert _snapshot(parts) == before


def test_an_output_beside_the_source_is_written(folder: Path) -> None:
    suite = str(write(folder, FAILING))
    args = ["run", suite, str(folder / "people.parquet"), "--as-of", AS_OF, "-q"]
    result = invoke([*args, "--json", str(folder / "people.json")])
    assert result.exit_code == 1, result.output
    assert json.loads((folder / "people.json").read_text(encoding="utf-8"))["suite"] == "people"


def test_scorecard_never_writes_into_a_source_folder(folder: Path) -> None:
    parts = _partitions(folder)
    suite = write(folder, FAILING.replace("source: people.parquet", "source: parts"))
    national = folder / "national.yaml"
    national.write_text(f"national: n\ndatabases: [{suite.name}]\n", encoding="utf-8")
    before = _snapshot(parts)
    for option, target in (("--out", parts), ("--history", parts / "history")):
        args = ["scorecard", str(national), "--as-of", AS_OF, "--out", str(folder / "site")]
        result = invoke([*args, option, str(target), "--lang", "en"])
        message = assert_bad_input(result)
        assert f"{option} {target}" in message
        assert "source folder" in message
    assert _snapshot(parts) == before


# ---------------------------------------------------------------------------- sources read twice


@pytest.mark.parametrize(
    "sources",
    [
        ["people.parquet", "people.parquet"],
        ["people.parquet", "./people.parquet"],
        ["parts", "parts/a.parquet"],
        ["parts/*.parquet", "parts/b.parquet"],
        ["parts/b.parquet", "link"],  # a folder holding a link to b.parquet
    ],
)
def test_a_file_read_by_two_sources_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch, sources: list[str]
) -> None:
    parts = _partitions(folder)
    (folder / "link").mkdir()
    (folder / "link" / "b.parquet").symlink_to(parts / "b.parquet")
    suite = str(write(folder, FAILING))
    monkeypatch.chdir(folder)
    for state in ([], ["--state", "state.json"]):
        result = invoke(["run", suite, *sources, "--as-of", AS_OF, "--lang", "en", *state])
        message = assert_bad_input(result)
        assert "read twice" in message
        assert "a partition counts once" in message
        assert sources[0] in message
        assert sources[1] in message
    assert not (folder / "state.json").exists()


def test_partitions_each_read_once_are_counted_once(folder: Path) -> None:
    parts = _partitions(folder)
    suite = str(write(folder, FAILING))
    out = folder / "r.json"
    sources = [str(parts / "a.parquet"), str(parts / "b.parquet")]
    result = invoke(["run", suite, *sources, "--as-of", AS_OF, "--json", str(out)])
    assert result.exit_code == 1, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["run"]["rows"] == 4


# ---------------------------------------------------------------------------- unwritable state


def test_a_state_under_a_file_is_bad_input(folder: Path) -> None:
    suite = str(write(folder, FAILING))
    state = folder / "people.parquet" / "state.json"
    for lang, needle in (("en", "not a folder"), ("vi", "không phải thư mục")):
        result = invoke(["run", suite, "--as-of", AS_OF, "--state", str(state), "--lang", lang])
        message = assert_bad_input(result)
        assert f"--state {state}" in message
        assert needle in message


def test_a_state_that_is_a_folder_is_bad_input(folder: Path) -> None:
    suite = str(write(folder, FAILING))
    message = assert_bad_input(invoke(["run", suite, "--as-of", AS_OF, "--state", str(folder)]))
    assert str(folder) in message


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_state_where_no_file_can_be_created_is_bad_input(folder: Path) -> None:
    suite = str(write(folder, FAILING))
    result = invoke(["run", suite, "--as-of", AS_OF, "--state", "/proc/state.json"])
    assert "/proc/state.json" in assert_bad_input(result)


def test_a_state_that_fails_to_save_is_bad_input(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = folder / "state.json"

    def fail_to_save(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", f"{state}.tables/0")

    monkeypatch.setattr(cli, "run", fail_to_save)
    result = invoke(["run", str(write(folder, FAILING)), "--state", str(state), "--lang", "en"])
    message = assert_bad_input(result)
    assert f"cannot write {state}" in message


# ---------------------------------------------------------------------------- quiet lines


def test_quiet_summary_names_warnings(folder: Path) -> None:
    args = ["run", str(write(folder, WARNING)), "--as-of", AS_OF, "-q", "--fail-on", "warn"]
    result = invoke([*args, "--lang", "en"])
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "people: score 75 — Fails; 0 check(s) failed or errored, 1 warned"
    ]
    result = invoke(args)
    assert lines(result.stdout) == [
        "people: điểm 75 — Chưa đạt; 0 phép kiểm tra không đạt hoặc lỗi, 1 cảnh báo"
    ]


def test_scorecard_quiet_prints_one_summary_line(folder: Path) -> None:
    suite = write(folder, FAILING)
    national = folder / "national.yaml"
    national.write_text(f"national: n\ndatabases: [{suite.name}]\n", encoding="utf-8")
    site = folder / "site"
    args = ["scorecard", str(national), "--out", str(site), "--as-of", AS_OF, "-q"]
    result = invoke([*args, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert lines(result.stdout) == [
        f"n: national score 81.25 — Needs improvement; 1 database(s), 1 with failed or errored "
        f"checks, 0 not checked; written to {site}"
    ]
    assert result.stderr == ""
    result = invoke(args)
    (line,) = lines(result.stdout)
    assert line.startswith("n: điểm quốc gia 81,25 — Cần cải thiện; 1 cơ sở dữ liệu")
    assert line.endswith(f"đã ghi vào {site}")


# ---------------------------------------------------------------------------- narrow consoles

NARROW = """\
suite: people
source: narrow.parquet
checks:
  - check: in_set
    column: ma_don_vi_hanh_chinh_cap_xa
    values: ['00001']
  - check: in_set
    column: gioi_tinh
    values: [Nam, Nữ]
  - check: unique
    columns: [ma_dinh_danh_ca_nhan]
"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_status_is_whole_at_80_columns(folder: Path, lang: str) -> None:
    pl.DataFrame(
        {
            "ma_dinh_danh_ca_nhan": ["1", "2", "3", "4"],
            "ma_don_vi_hanh_chinh_cap_xa": pl.Series([None] * 4, dtype=pl.String),
            "gioi_tinh": ["Nam", "Nữ", "M", "Nam"],
        }
    ).write_parquet(folder / "narrow.parquet")
    suite = str(write(folder, NARROW))
    result = invoke(["run", suite, "--as-of", AS_OF, "--lang", lang], env={"COLUMNS": "80"})
    assert result.exit_code == 1, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    rows = {
        line.split()[0]: line
        for line in result.stdout.splitlines()
        if line.startswith((" in_set:", " unique:"))
    }
    assert len(rows) == 3, result.stdout
    expected = {"not_applicable": "in_set:ma_don", "fail": "in_set:gioi", "pass": "unique:ma_d"}
    for status, prefix in expected.items():
        (line,) = [line for first, line in rows.items() if first.startswith(prefix)]
        assert line.rstrip().endswith(t(f"status.{status}", lang)), line
    assert "75%" in result.stdout  # the numbers stay whole too


def test_a_log_keeps_every_check_id_on_one_line(folder: Path) -> None:
    # written to a pipe or a file (no terminal, no COLUMNS) the report is LOG_WIDTH wide, so
    # a grep of a pipeline's log finds each check id whole
    pl.DataFrame(
        {
            "ma_dinh_danh_ca_nhan": ["1", "2", "3", "4"],
            "ma_don_vi_hanh_chinh_cap_xa": pl.Series([None] * 4, dtype=pl.String),
            "gioi_tinh": ["Nam", "Nữ", "M", "Nam"],
        }
    ).write_parquet(folder / "narrow.parquet")
    suite = str(write(folder, NARROW))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = CliRunner(env={"COLUMNS": None}).invoke(  # type: ignore[dict-item]
        cli.app, ["run", suite, "--as-of", AS_OF, "--lang", "en"], env=env
    )
    assert result.exit_code == 1, result.output
    for check_id in ("in_set:ma_don_vi_hanh_chinh_cap_xa", "in_set:gioi_tinh"):
        assert any(line.split()[:1] == [check_id] for line in result.stdout.splitlines()), (
            check_id,
            result.stdout,
        )
    assert max(len(line) for line in result.stdout.splitlines()) <= cli.LOG_WIDTH


# ---------------------------------------------------------------------------- --lang first


def test_lang_before_the_command(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "--help"]) == 0
    assert "Display language" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "run", str(write(folder, FAILING)), "--as-of", AS_OF]) == 1
    assert "Dataset score: 81.25" in capsys.readouterr().out
    # the command's own --lang wins
    args = ["--lang", "en", "run", str(write(folder, FAILING)), "--as-of", AS_OF, "--lang", "vi"]
    assert cli.main(args) == 1
    assert "Điểm chất lượng tập dữ liệu" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "lint", str(folder / "absent.yaml")]) == 2
    assert "Error:" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "scorecard", "samples", "history", "suggest", "lint"])
def test_help_shows_no_python_types_for_flags_and_lists(command: str) -> None:
    shown = invoke([command, "--help", "--lang", "en"])
    assert shown.exit_code == 0
    assert "<bool>" not in shown.stdout
    assert "<list[" not in shown.stdout
    assert "...]..." not in shown.stdout
