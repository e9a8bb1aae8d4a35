"""The command line's second review batch: Vietnamese usage errors and help, convert's input
checks, lint of a suite without checks, pass rates next to scores, ``history`` arguments,
output folders that are files, and the internal-error line."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner, Result

import datacheck as dc
import datacheck.cli as cli
from datacheck.errors import Lang
from datacheck.i18n import format_percent, format_score
from datacheck.score import check_score, pass_rate
from tests.test_cli import assert_bad_input as bad_input
from tests.test_cli import lines

AS_OF = "2026-06-30"

SUITE = """\
suite: people
checks:
  - check: not_null
    columns: [a]
"""

# what Click and Typer say in English; none of it may reach a Vietnamese user
ENGLISH = (
    "Missing",
    "Invalid value",
    "Input should",
    "Value error",
    "No such",
    "Got unexpected",
    "requires an argument",
    "Did you mean",
    "Possible options",
    "Choose from",
)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATACHECK_LANG", "DATACHECK_DEBUG", "NO_COLOR", "FORCE_COLOR", "TYPER_USE_RICH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """``d.parquet`` (4 rows, one null ``a``) and ``suite.yaml`` (not_null a)."""
    pl.DataFrame({"a": [1, None, 3, 4], "s": ["x", "y", "z", "w"]}).write_parquet(
        tmp_path / "d.parquet"
    )
    (tmp_path / "suite.yaml").write_text(SUITE, encoding="utf-8")
    return tmp_path


def invoke(args: Sequence[str], lang: Lang = "vi") -> Result:
    """Run the command line with help texts in ``lang`` (as ``datacheck --lang`` builds it)."""
    return CliRunner().invoke(cli.create_app(lang), list(args))


# ---------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run"], "thiếu đối số 'SUITE'"),
        (
            ["run", "s.yaml", "--engine", "turbo"],
            "giá trị không hợp lệ cho '--engine': 'turbo'; cần một trong: local, partitioned, "
            "dask, spark",
        ),
        (["history", "h", "--drop", "abc"], "giá trị không hợp lệ cho '--drop': 'abc'; cần một số"),
        (
            ["history", "h", "--last", "1.5"],
            "giá trị không hợp lệ cho '--last': '1.5'; cần một số nguyên",
        ),
        (
            ["suggest", "d.parquet", "--sample-rows", "0"],
            "giá trị không hợp lệ cho '--sample-rows': '0'; cần một số ≥ 1",
        ),
        (
            ["checks", "--lang", "xx"],
            "giá trị không hợp lệ cho '--lang': 'xx'; cần một trong: vi, en",
        ),
        (["convert", "x.json"], "thiếu tuỳ chọn '--from'; chọn một trong: pandera, gx"),
        (["run", "s.yaml", "--nosuch"], "không có tuỳ chọn --nosuch"),
        (["run", "s.yaml", "--jsn"], "không có tuỳ chọn --jsn (có phải ý bạn là --json?)"),
        (["run", "s.yaml", "--json"], "tuỳ chọn --json cần một giá trị"),
        (["lint", "a.yaml", "b.yaml"], "thừa đối số: b.yaml"),
        (["rn"], "không có lệnh 'rn' (có phải ý bạn là 'run'?); các lệnh: run, scorecard"),
    ],
)
def test_usage_errors_are_vietnamese_by_default(args: list[str], expected: str) -> None:
    line = bad_input(invoke(args))
    assert line.startswith("Lỗi cú pháp lệnh: "), line
    assert expected in line, line
    for english in ENGLISH:
        assert english not in line, (english, line)


def test_usage_errors_keep_clicks_english_with_lang_en() -> None:
    assert bad_input(invoke(["run", "--lang", "en"])) == (
        "Usage error: Missing argument 'SUITE'. (see `datacheck run --help`)"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["run", "s.yaml", "--engine", "TURBO"],
            "Invalid value for '--engine': 'TURBO'; expected one of: local, partitioned, dask, "
            "spark",
        ),
        (["history", "h", "--drop", "abc"], "Invalid value for '--drop': 'abc'; expected a number"),
        (
            ["history", "h", "--last", "1.5"],
            "Invalid value for '--last': '1.5'; expected a whole number",
        ),
        (
            ["suggest", "d.parquet", "--sample-rows", "0"],
            "Invalid value for '--sample-rows': '0'; expected a number >= 1",
        ),
    ],
)
def test_english_refused_values_name_the_value_and_what_was_expected(
    args: list[str], expected: str
) -> None:
    """Not the validator's wording ("Value error, …", "Input should be a valid integer")."""
    line = bad_input(invoke([*args, "--lang", "en"], lang="en"))
    assert line == f"Usage error: {expected} (see `datacheck {args[0]} --help`)", line


def test_the_console_script_follows_lang_in_its_usage_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["history", "h", "--last", "x"]) == 2
    assert "cần một số nguyên" in capsys.readouterr().err
    assert cli.main(["history", "h", "--last", "x", "--lang", "en"]) == 2
    assert "Invalid value for '--last': 'x'; expected a whole number" in capsys.readouterr().err


# ---------------------------------------------------------------------------- help


@pytest.mark.parametrize("mode", ["rich", "plain"])
def test_vietnamese_help_has_no_english_markers(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if mode == "plain":  # Typer's layout without Rich: its markers go through gettext
        import typer.core  # noqa: PLC0415

        monkeypatch.setattr(typer.core, "HAS_RICH", False)
    for args in (["run", "--help"], ["--help"], ["history", "--help"]):
        result = invoke(args)
        assert result.exit_code == 0, result.output
        page = result.stdout
        for english in ("Usage:", "[required]", "[default:", "Show this message and exit"):
            assert english not in page, (args, english, page)
        assert "Cách dùng: datacheck" in page
        assert "In trợ giúp này rồi thoát." in page
    run_page = invoke(["run", "--help"]).stdout
    assert "bắt buộc]" in run_page
    assert re.search(r"\[mặc\s+định:\s+fail\]", run_page), run_page
    assert re.search(r"\[mặc\s+định:\s+5\]", invoke(["history", "--help"]).stdout)


def test_english_help_is_unchanged_and_vietnamese_help_leaves_no_trace() -> None:
    from typer import rich_utils  # noqa: PLC0415

    before = (rich_utils.REQUIRED_LONG_STRING, rich_utils.DEFAULT_STRING)
    assert invoke(["run", "--help"]).exit_code == 0  # Vietnamese first
    assert before == (rich_utils.REQUIRED_LONG_STRING, rich_utils.DEFAULT_STRING)
    page = invoke(["run", "--help"], lang="en").stdout
    for english in ("Usage: datacheck run", "[required]", "[default: fail]", "Show this message"):
        assert english in page, english
    assert "Cách dùng" not in page


# ---------------------------------------------------------------------------- convert


def test_convert_refuses_a_json_that_is_not_a_pandera_schema(folder: Path) -> None:
    gx = folder / "gx.json"
    gx.write_text(
        json.dumps({"expectation_suite_name": "people", "expectations": []}), encoding="utf-8"
    )
    line = bad_input(invoke(["convert", str(gx), "--from", "pandera"]))
    assert line.startswith(f"Lỗi: {gx}: cần một lược đồ pandera")
    assert "hãy dùng --from gx" in line
    other = folder / "a.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    result = invoke(["convert", str(other), "--from", "pandera", "--lang", "en"])
    assert "found a mapping with keys a" in bad_input(result)
    assert result.stdout == ""  # no "checks: []" suite
    assert "found an object with keys a" in bad_input(
        invoke(["convert", str(other), "--from", "gx", "--lang", "en"])
    )


# ---------------------------------------------------------------------------- lint


def test_lint_refuses_checks_that_is_not_a_list_and_warns_on_no_checks(folder: Path) -> None:
    mapping = folder / "mapping.yaml"
    mapping.write_text("suite: s\nchecks: {}\n", encoding="utf-8")
    line = bad_input(invoke(["lint", str(mapping), "--lang", "en"]))
    assert line == f"Error: {mapping}:2: 'checks' expected a list of checks, found mapping {{}}"
    for text in ("suite: s\n", "suite: s\nchecks: []\n"):
        none = folder / "none.yaml"
        none.write_text(text, encoding="utf-8")
        result = invoke(["lint", str(none)])
        assert result.exit_code == 0, result.output  # valid, as Suite(name="s") is
        assert "OK: 0 phép kiểm tra" in result.stdout
        (warning,) = lines(result.stderr)
        assert warning.startswith("Cảnh báo: bộ kiểm tra 's' không có phép kiểm tra nào")
    english = invoke(["lint", str(folder / "suite.yaml"), "--lang", "en"])
    assert english.exit_code == 0
    assert english.stderr == ""


# ---------------------------------------------------------------------------- pass rates


def test_a_pass_rate_prints_with_the_digits_of_its_score() -> None:
    """0.99975 printed "99,98%" next to the score "99,97" (0.99975 × 100 = 99.97500000000001)."""
    assert format_percent(0.99975, "vi") == "99,97%"
    assert format_score(99.975, "vi") == "99,97"
    for evaluated in range(1, 1001):
        for failed in range(evaluated + 1):
            rate, score = pass_rate(evaluated, failed), check_score(evaluated, failed)
            assert rate is not None
            assert score is not None
            assert format_percent(rate, "en") == format_score(score, "en") + "%", (
                evaluated,
                failed,
            )


def test_the_check_table_shows_the_same_digits(tmp_path: Path) -> None:
    pl.DataFrame({"a": [None, *range(3999)]}).write_parquet(tmp_path / "d.parquet")
    (tmp_path / "suite.yaml").write_text(SUITE, encoding="utf-8")
    args = ["run", str(tmp_path / "suite.yaml"), str(tmp_path / "d.parquet"), "--as-of", AS_OF]
    result = invoke(args)
    assert result.exit_code == 1, result.output
    row = next(line for line in result.stdout.splitlines() if "not_null:a" in line)
    assert "99,97%" in row
    assert "99,97" in row.replace("99,97%", "")
    assert "99,98" not in row


# ---------------------------------------------------------------------------- history


def test_history_last_must_be_positive(folder: Path) -> None:
    for value in ("0", "-3"):
        line = bad_input(invoke(["history", str(folder), "--last", value]))
        assert (
            line == f"Lỗi: --last cần một số nguyên dương (số lần chạy hiển thị), nhận được {value}"
        )
    line = bad_input(invoke(["history", str(folder), "--last", "0", "--lang", "en"]))
    assert "--last expected a positive whole number" in line


def test_history_of_an_unknown_suite_lists_the_suites_it_has(folder: Path) -> None:
    store = folder / "history"
    args = ["run", str(folder / "suite.yaml"), str(folder / "d.parquet"), "--as-of", AS_OF]
    assert invoke([*args, "--history", str(store), "-q"]).exit_code == 1
    line = bad_input(invoke(["history", str(store), "--suite", "peple", "--lang", "en"]))
    assert line == (
        f"Error: the history store {store} has no runs of suite 'peple' (did you mean "
        "'people'?); suites in the store: people"
    )
    vi = bad_input(invoke(["history", str(store), "--suite", "nosuch", "--json"]))
    assert "không có lần chạy nào của bộ kiểm tra 'nosuch'" in vi
    assert "các bộ có trong kho: people" in vi
    shown = invoke(["history", str(store), "--suite", "people", "--json"])
    assert shown.exit_code == 0, shown.output


def test_history_of_a_data_folder_is_not_a_history_store(folder: Path) -> None:
    data = folder / "dan_cu"
    data.mkdir()
    pl.DataFrame({"a": [1]}).write_parquet(data / "part-00000.parquet")
    line = bad_input(invoke(["history", str(data), "--lang", "en"]))
    assert line.startswith(f"Error: {data} is not a history store: expected suite=<name> folders")
    assert "part-00000.parquet" in line
    # and no run appends its history into it: refused before running
    args = ["run", str(folder / "suite.yaml"), str(folder / "d.parquet"), "--history", str(data)]
    result = invoke(args)
    assert "không phải kho lịch sử" in bad_input(result)
    assert result.stdout == ""
    assert sorted(p.name for p in data.iterdir()) == ["part-00000.parquet"]


def test_an_empty_or_missing_store_still_has_no_runs(folder: Path) -> None:
    empty = folder / "store"
    empty.mkdir()
    expected = {empty: "chưa ghi lần chạy nào", folder / "missing": "Chưa có kho lịch sử ở"}
    for store, said in expected.items():
        result = invoke(["history", str(store)])
        assert result.exit_code == 0, result.output
        assert said in result.stdout


# ---------------------------------------------------------------------------- output folders


def test_an_output_folder_that_is_a_file_says_so(folder: Path) -> None:
    """Not "File exists" or "Not a directory": which option, and that the path is a file."""
    data = folder / "d.parquet"
    national = folder / "national.yaml"
    national.write_text("national: n\ndatabases: [suite.yaml]\n", encoding="utf-8")
    samples = bad_input(invoke(["samples", "--out", str(data), "--lang", "en"]))
    assert samples == (
        f"Error: --out {data} is a file, not a folder; expected a folder (or a path where one "
        "can be created)"
    )
    site = data / "site"
    line = bad_input(invoke(["scorecard", str(national), "--out", str(site), "--lang", "en"]))
    assert line == (
        f"Error: --out {site} cannot be written: {data} is not a folder; expected a path inside "
        "a folder"
    )
    under = folder / "suite.yaml" / "history"
    args = ["run", str(folder / "suite.yaml"), str(data), "--history", str(under), "--lang", "en"]
    result = invoke(args)
    assert f"{folder / 'suite.yaml'} is not a folder" in bad_input(result)
    assert result.stdout == ""  # refused before running, not after printing the results
    for result in (invoke(["samples", "--out", str(data)]), invoke(args)):
        assert "File exists" not in result.stderr
        assert "Not a directory" not in result.stderr


# ---------------------------------------------------------------------------- internal errors


def test_the_internal_error_line_says_how_to_report_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> dc.Result:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "run", broken)
    monkeypatch.setattr(cli, "_tracker", lambda: None)  # no Project-URL in the metadata
    args = ["run", str(folder / "suite.yaml"), str(folder / "d.parquet")]
    result = invoke([*args, "--lang", "en"])
    assert result.exit_code == 3
    (line,) = lines(result.stderr)
    assert "RuntimeError: boom" in line
    assert "issue tracker" not in line
    assert "with the command you ran, this line and the output of `datacheck --version`" in line
    vi = invoke(args)
    assert "kết quả của `datacheck --version`" in vi.stderr
    monkeypatch.setattr(cli, "_tracker", lambda: "https://example.org/datacheck/issues")
    line = invoke([*args, "--lang", "en"]).stderr
    assert "Please report it at https://example.org/datacheck/issues with the command" in line
