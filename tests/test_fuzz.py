"""Bad-input campaign: malformed suites and odd data files, through the CLI and the Python API.

Every case must end in one of two ways, never in a traceback, an exit code 3 or a silently
wrong count:

* **bad input** — exit code 2 and ONE line on stderr naming the file (and the line, and the
  column where the character is known); the Python API raises the same
  :class:`~datacheck.errors.DatacheckError`;
* **a result** — every check that cannot run has status ``error`` and a reason; where a count
  is defined, it equals a plain-Python recount of the data.

Hypothesis drives the generators. ``make test`` runs the ``ci`` profile (modest example
counts); ``make fuzz`` runs many more::

    HYPOTHESIS_PROFILE=fuzz pytest -p no:xdist -p no:randomly tests/test_fuzz.py

The number of cases tried per category is printed at the end of the session (stderr) and
stored in pytest's cache under ``datacheck/fuzz/<worker>`` (``pytest --cache-show
'datacheck/fuzz/*'``).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck._yaml import MAX_DEPTH, SuiteDumper, load_yaml
from datacheck.cli import check_vocabulary, main
from datacheck.reference import check_example
from tests.inotify_watch import IN_ACCESS, IN_OPEN, Inotify

AS_OF = "2026-06-30"
FILE = "fuzz.yaml"

# ---------------------------------------------------------------------------------- profiles

settings.register_profile(
    "ci",
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "fuzz"):  # another profile of the run: scale like ci
    PROFILE = "ci"
_BASE = settings.get_profile(PROFILE)


def examples(weight: float = 1.0) -> settings:
    """The profile's settings with ``weight`` times its example count (at least 1)."""
    return settings(_BASE, max_examples=max(1, round(_BASE.max_examples * weight)))


# ---------------------------------------------------------------------------------- counting

CASES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    """At the end of the module: the cases tried per category, on stderr and in the cache."""
    CASES.clear()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    counts = dict(sorted(CASES.items()))
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        cache.set(f"datacheck/fuzz/{worker}", {"profile": PROFILE, "cases": counts})

    def report() -> None:
        total = sum(counts.values())
        lines = [f"datacheck fuzz ({PROFILE} profile, worker {worker}): {total} cases"]
        lines.extend(f"  {name}: {n}" for name, n in counts.items())
        os.write(2, ("\n".join(lines) + "\n").encode())

    request.config.add_cleanup(report)


def tried(category: str) -> None:
    CASES[category] += 1


# ---------------------------------------------------------------------------------- oracles

VOCABULARY = check_vocabulary()
CHECKS: dict[str, dict[str, Any]] = {c["check"]: c for c in VOCABULARY["checks"]}
COMMON = [p["name"] for p in VOCABULARY["common_parameters"]]
STATUSES = {"pass", "warn", "fail", "not_applicable", "error"}


@dataclass
class Cli:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli(*args: str) -> Cli:
    """Run ``datacheck`` in-process (English messages), capturing its output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--lang", "en"])
    return Cli(code, out.getvalue(), err.getvalue())


def assert_one_line(outcome: Cli, *needles: str) -> str:
    """Exit 2, one line on stderr, no traceback; the line holds every needle."""
    assert outcome.code == 2, (outcome.code, outcome.stdout[-500:], outcome.stderr[-500:])
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert len(outcome.lines) == 1, outcome.stderr
    line = outcome.lines[0]
    for needle in needles:
        assert needle in line, (needle, line)
    assert len(line) < 1200
    return line


def assert_not_internal(outcome: Cli) -> None:
    assert outcome.code in (0, 1, 2), (outcome.code, outcome.stderr[-800:])
    assert "Traceback" not in outcome.stdout + outcome.stderr
    if outcome.code == 2:
        assert len(outcome.lines) == 1, outcome.stderr


def assert_sound(result: dc.Result) -> None:
    """A result's invariants: known statuses, reasons for errors, counts in range."""
    assert result.rows is None or result.rows >= 0
    for check in result.checks:
        assert check.status in STATUSES, check
        if check.status == "error":
            assert check.reason("en"), check
            assert check.reason("vi"), check
            # one line, unless a column name itself holds a line break (it is quoted as is)
            assert "\n" not in (check.reason("en") or "") or any("\n" in c for c in check.columns)
        else:
            assert 0 <= check.failed <= check.evaluated, check
            if check.evaluated == 0:
                assert check.status == "not_applicable", check
        assert len(check.samples) <= max(check.failed, 0) or check.status == "error"
    json.loads(result.to_json())


def suite_error_line(error: dc.SuiteError) -> int | None:
    match = re.match(rf"^{re.escape(FILE)}:(\d+): ", str(error))
    return int(match.group(1)) if match else None


def load_or_error(text: str) -> dc.Suite | dc.SuiteError:
    """The API side of a suite case: a suite, or a one-line SuiteError naming the file."""
    try:
        return dc.Suite.loads(text, file=FILE)
    except dc.SuiteError as error:
        outcome = error
    message = str(outcome)
    assert message.startswith(f"{FILE}"), message
    assert "\n" not in message, message
    assert "\n" not in outcome.message("vi"), message
    assert "Traceback" not in message
    assert len(message) < 1200
    return outcome


_WORKDIR: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    _WORKDIR.append(tmp_path_factory.mktemp("lint"))
    yield
    _WORKDIR.clear()


def load_both(text: str) -> dc.Suite | dc.SuiteError:
    """:func:`load_or_error`, and ``datacheck lint`` on the same text must agree.

    Bad input: exit 2 and the API's message, naming the file as the CLI was given it, as the
    one line on stderr. A valid suite: exit 0.
    """
    outcome = load_or_error(text)
    path = _WORKDIR[0] / FILE
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    assert_lint_agrees(path, outcome)
    tried("suite: the same case through `datacheck lint` (CLI)")
    return outcome


def assert_lint_agrees(path: Path, outcome: dc.Suite | dc.SuiteError) -> None:
    """``datacheck lint path`` gives the API's error as its one stderr line, or exit 0."""
    linted = cli("lint", str(path))
    if isinstance(outcome, dc.SuiteError):
        line = assert_one_line(linted, str(path))
        assert line == f"Error: {str(outcome).replace(FILE, str(path), 1)}"
    else:
        assert linted.code == 0, linted.stderr


# ---------------------------------------------------------------------------------- data

COLUMN_PARAMS = {
    "columns",
    "column",
    "key",
    "birth_date",
    "sex",
    "status",
    "name_column",
    "bhxh_column",
    "province",
    "district",
    "reference_column",
    "reference_key",
    "reference_columns",
    "reference_status",
}


def _example_entries() -> dict[str, dict[str, Any]]:
    """The first check of each registered check's documented example, as plain data."""
    out = {}
    for name in CHECKS:
        example = check_example(name)
        assert example is not None, name
        suite = dc.Suite.loads(example)
        out[name] = next(c.params() for c in suite.checks if c.kind == name)
    return out


EXAMPLES = _example_entries()


def _column_names() -> list[str]:
    names: set[str] = set()
    for entry in EXAMPLES.values():
        for key, value in entry.items():
            if key in COLUMN_PARAMS:
                names.update([value] if isinstance(value, str) else value)
    names.update(["applicant_type", "taxpayer_type", "a", "s", "n"])
    return sorted(names)


def _column(name: str, rows: int) -> pl.Series:
    if any(part in name for part in ("date", "_on", "_at")):
        values: list[Any] = [date(1990, 1, 2), date(2030, 5, 6), None, date(2020, 2, 29)]
        dtype: Any = pl.Date
    elif name == "n":
        values, dtype = [1, -5, None, 10**12], pl.Int64
    else:
        values = ["001203005678", "0912345678", None, "Nguyễn Văn An", "N/A", "  x ", "01"]
        dtype = pl.String
    return pl.Series(name, [values[i % len(values)] for i in range(rows)], dtype=dtype)


UNIVERSE = pl.DataFrame([_column(name, 12) for name in _column_names()])
"""One frame holding every column the documented examples name (so most checks run)."""
REFERENCES = {"population": UNIVERSE}


def run_api(suite: dc.Suite, data: Any = None) -> dc.Result:
    refs = dict.fromkeys(suite.references, UNIVERSE) or None
    result = dc.run(suite, UNIVERSE if data is None else data, as_of=AS_OF, references=refs)
    assert_sound(result)
    return result


def suite_text(entries: Sequence[Mapping[str, Any]], **top: Any) -> str:
    data: dict[str, Any] = {"suite": "fuzz", **top}
    refs = {e["reference"] for e in entries if isinstance(e.get("reference"), str)}
    if refs:
        data["references"] = dict.fromkeys(sorted(refs), "population.parquet")
    data["checks"] = [dict(e) for e in entries]
    # SuiteDumper, not yaml.safe_dump: PyYAML writes the text "08" plain, which the YAML 1.2
    # loader refuses as a number with a leading zero (its own test is in tests/test_suite.py)
    return yaml.dump(data, Dumper=SuiteDumper, allow_unicode=True, sort_keys=False, width=1000)


def key_line(text: str, path: Sequence[Any]) -> int | None:
    """The line of a key in YAML text, by path (``["checks", 0, "threshold"]``)."""
    node: Any = load_yaml(text)
    line = None
    for step in path:
        line = node.item_lines[step] if isinstance(step, int) else node.key_lines[step]
        node = node[step]
    return line


# ---------------------------------------------------------------------------------- values

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=6), inner, max_size=3),
    ),
    max_leaves=8,
)
"""Any YAML-able value: the wrong types for a parameter come from here."""

PAIRS = [
    (check, param)
    for check, spec in CHECKS.items()
    for param in [
        *(p["name"] for p in spec["parameters"]),
        *COMMON,
    ]
]


# ================================================================================== suites


@pytest.mark.parametrize(("check", "param"), PAIRS, ids=[f"{c}.{p}" for c, p in PAIRS])
def test_a_mapping_is_refused_for_every_parameter_of_every_check(check: str, param: str) -> None:
    """No parameter takes a mapping: refused on the parameter's own line, API and CLI."""
    entry = {**EXAMPLES[check], param: {"wrong": [1, 2]}}
    text = suite_text([entry])
    outcome = load_both(text)
    assert isinstance(outcome, dc.SuiteError), (check, param)
    assert suite_error_line(outcome) == key_line(text, ["checks", 0, param]), str(outcome)
    tried("suite: mapping for every parameter (API)")


@pytest.mark.parametrize(("check", "param"), PAIRS, ids=[f"{c}.{p}" for c, p in PAIRS])
@given(value=values)
@examples(0.25)
def test_wrong_types_for_every_parameter_of_every_check(check: str, param: str, value: Any) -> None:
    entry = {**EXAMPLES[check], param: value}
    text = suite_text([entry])
    outcome = load_or_error(text)
    tried("suite: wrong types per parameter (API)")
    if isinstance(outcome, dc.SuiteError):
        assert suite_error_line(outcome) is not None, str(outcome)
        return
    run_api(outcome)
    tried("suite: wrong types per parameter, accepted and run (API)")


@given(
    check=st.sampled_from(sorted(CHECKS)),
    param=st.data(),
    value=values,
)
@examples(2)
def test_wrong_types_through_the_cli(
    tmp_path_factory: pytest.TempPathFactory, check: str, param: st.DataObject, value: Any
) -> None:
    names = [p["name"] for p in CHECKS[check]["parameters"]] + COMMON
    chosen = param.draw(st.sampled_from(names))
    folder = tmp_path_factory.mktemp("cli")
    UNIVERSE.write_parquet(folder / "population.parquet")
    suite = folder / FILE
    suite.write_text(suite_text([{**EXAMPLES[check], chosen: value}]), encoding="utf-8")
    api = load_or_error(suite.read_text(encoding="utf-8"))
    assert_lint_agrees(suite, api)
    if not isinstance(api, dc.SuiteError):
        ran = cli(
            "run", str(suite), str(folder / "population.parquet"), "--quiet", "--as-of", AS_OF
        )
        assert_not_internal(ran)
        assert ran.code in (0, 1), ran.stderr
    tried("suite: wrong types (CLI lint/run)")


@given(
    check=st.sampled_from(sorted(CHECKS)),
    key=st.text(
        alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=12
    ),
    top=st.booleans(),
)
@example(check="not_null", key="08", top=False)
@example(check="not_null", key="09", top=True)
@examples(1)
def test_unknown_keys_name_the_key_and_its_line(check: str, key: str, top: bool) -> None:
    entry = dict(EXAMPLES[check])
    known = {p["name"] for p in CHECKS[check]["parameters"]} | set(COMMON) | {"check", "column"}
    tops = {"suite", "title", "owner", "description", "key", "timezone", "pii", "placeholders"}
    tops |= {"references", "source", "weights", "bands", "samples", "tiers", "checks"}
    assume(key not in (tops if top else known))
    extra = {key: 1} if top else {}
    if not top:
        entry[key] = 1
    text = suite_text([entry], **extra)
    loaded = load_yaml(text)
    # YAML may read the key as something else (a number, a boolean): the message shows repr
    actual = next(k for k in (loaded if top else loaded["checks"][0]) if str(k) == key or k == key)
    outcome = load_both(text)
    assert isinstance(outcome, dc.SuiteError)
    assert repr(actual) in str(outcome), str(outcome)
    path = [actual] if top else ["checks", 0, actual]
    assert suite_error_line(outcome) == key_line(text, path), str(outcome)
    tried("suite: unknown keys")


@given(check=st.sampled_from(sorted(CHECKS)), data=st.data())
@examples(1)
def test_missing_required_arguments_are_listed(check: str, data: st.DataObject) -> None:
    required = [p["name"] for p in CHECKS[check]["parameters"] if p["required"]]
    assume(required)
    dropped = data.draw(st.lists(st.sampled_from(required), min_size=1, unique=True))
    entry = {k: v for k, v in EXAMPLES[check].items() if k not in dropped}
    if "reference" in dropped:
        entry.pop("reference", None)
    text = suite_text([entry])
    outcome = load_both(text)
    assert isinstance(outcome, dc.SuiteError), (check, dropped)
    for name in dropped:
        assert repr(name) in str(outcome), str(outcome)
    assert suite_error_line(outcome) == key_line(text, ["checks", 0]), str(outcome)
    tried("suite: missing arguments")


REGEX_ALPHABET = "()[]{}*+?|\\^$.,-:0123456789aAbzZ dws"


@given(pattern=st.text(alphabet=REGEX_ALPHABET, max_size=25))
@example(pattern="08")  # PyYAML would write it plain, the loader would read a number
@examples(2)
def test_bad_regexes_are_refused_or_run(pattern: str) -> None:
    entry = {"check": "pattern", "columns": ["s"], "pattern": pattern}
    text = suite_text([entry])
    outcome = load_both(text)
    tried("suite: regexes")
    if isinstance(outcome, dc.SuiteError):
        assert suite_error_line(outcome) == key_line(text, ["checks", 0, "pattern"])
        return
    frame = pl.DataFrame({"s": ["abc", None, "A1 b", "", "zz--", "0912345678", "ẞ"]})
    started = time.perf_counter()
    result = run_api(outcome, frame)
    assert time.perf_counter() - started < 10
    check = result.checks[0]
    assert check.status != "error", check.reason("en")
    assert check.evaluated == 6  # every non-null value, the empty string included


FORBIDDEN_SQL = re.compile(r"(?i)(?<![\w$])(select|values|with|table|read_\w*)(?![\w$])")
CLOCK_SQL = re.compile(r"(?i)(?<![\w$])(now\s*\(|current_date|current_timestamp)(?![\w$])")
"""The clock, read when the text is parsed: never the run's as-of instant."""
"""What may never reach Polars' SQL parser: queries and table functions."""

SQL_TOKENS = [
    "a",
    "s",
    "n",
    "d",
    "zz",
    "1",
    "0",
    "-1",
    "1e308",
    "99999999999999999999",
    "'x'",
    "''",
    "'a''b'",
    "=",
    "<>",
    "!=",
    ">=",
    "<",
    "+",
    "-",
    "*",
    "/",
    "%",
    "||",
    "AND",
    "OR",
    "NOT",
    "IS",
    "NULL",
    "TRUE",
    "IN",
    "(",
    ")",
    ",",
    ";",
    "LIKE",
    "'%x_'",
    "ILIKE",
    "BETWEEN",
    "~",
    "CAST(",
    "AS",
    "INT",
    "VARCHAR",
    "DATE",
    "UPPER(",
    "LOWER(",
    "LENGTH(",
    "COALESCE(",
    "ABS(",
    "SUBSTR(",
    "REGEXP_LIKE(",
    "'(a+)+$'",
    "SUM(",
    "COUNT(",
    "*",
    "OVER",
    "()",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "EXTRACT(",
    "NOW()",
    "CURRENT_DATE",
    "current_timestamp",
    "YEAR",
    "FROM",
    "SELECT",
    "VALUES",
    "WITH",
    "read_csv(",
    "read_parquet(",
    "READ_JSON(",
    '"read_ipc"(',
    "'CANARY'",
    "__import__(",
    "'os'",
    "eval(",
    "os.system(",
    "--",
    "/*",
    "*/",
    "$$",
    '"',
    "`",
    "\\",
    "DROP",
    "TABLE",
    "UNION",
    "EXISTS",
    "::",
    "[",
    "]",
    "{",
    "}",
    "@",
    "#",
    "?",
    "\x00",
    "ẞ",
]


@given(
    tokens=st.lists(st.sampled_from(SQL_TOKENS), min_size=1, max_size=12),
    where=st.booleans(),
)
@examples(3)
def test_bad_sql_expressions_and_where_conditions(
    canary: Canary, tokens: list[str], where: bool
) -> None:
    text_sql = " ".join(tokens).replace("'CANARY'", repr(str(canary.path)))
    if where:
        entry = {"check": "not_null", "columns": ["a"], "where": text_sql}
    else:
        entry = {"check": "expression", "name": "e", "expr": text_sql}
    text = suite_text([entry])
    outcome = load_both(text)
    tried("suite: SQL expressions and where")
    if FORBIDDEN_SQL.search(text_sql) or CLOCK_SQL.search(text_sql):
        assert isinstance(outcome, dc.SuiteError), text_sql
    if isinstance(outcome, dc.SuiteError):
        assert suite_error_line(outcome) == key_line(
            text, ["checks", 0, "where" if where else "expr"]
        )
        canary.assert_untouched(str(outcome), outcome.message("vi"))
        return
    frame = pl.DataFrame(
        {"a": [1, None, 3], "s": ["x", "a'b", None], "n": [1.5, None, -2.0]},
        schema={"a": pl.Int64, "s": pl.String, "n": pl.Float64},
    ).with_columns(d=pl.lit(date(2020, 1, 1)))
    result = run_api(outcome, frame)
    canary.assert_untouched(result.to_json())
    tried("suite: SQL expressions and where, accepted and run")


YAML_NOISE = [*":[]{}-,#&*!|>'\"%@`\t\n ?\\", "  ", "- ", ": ", "\n  ", "---", "..."]


@given(data=st.data())
@examples(3)
def test_yaml_syntax_errors_name_line_and_column(data: st.DataObject) -> None:
    base = suite_text([EXAMPLES["not_null"], EXAMPLES["pattern"], EXAMPLES["between"]])
    text = base
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        noise = data.draw(st.sampled_from(YAML_NOISE))
        cut = data.draw(st.integers(0, 2))
        text = text[:at] + noise + text[at + cut :]
    outcome = load_both(text)
    tried("suite: YAML syntax mutations")
    if isinstance(outcome, dc.SuiteError) and "invalid YAML" in str(outcome):
        assert suite_error_line(outcome) is not None, str(outcome)
        assert re.search(r"\(column \d+\)$", str(outcome)), str(outcome)
        tried("suite: YAML syntax mutations, invalid YAML")


@given(
    param=st.sampled_from(
        [
            ("threshold", "not_null"),
            ("warn", "not_null"),
            ("weight", "not_null"),
            ("min", "row_count"),
            ("max", "row_count"),
            ("min", "between"),
            ("max", "between"),
            ("min_length", "id_placeholder"),
            ("max_age", "fresh"),
            ("samples", None),
            ("weights", None),
            ("bands", None),
        ]
    ),
    raw=st.one_of(
        st.integers(min_value=-(10**400), max_value=10**400).map(str),
        st.floats().map(lambda f: repr(f).replace("inf", ".inf").replace("nan", ".nan")),
        st.sampled_from(
            [
                "9" * 5000,
                "-" + "9" * 4400,
                "1e999",
                "-.inf",
                ".nan",
                "0x" + "f" * 40,
                "1_000",
                "0o777777777777777777777777",
                "99999999999d",
                "1e308d",
                "2" * 30 + "s",
            ]
        ),
    ),
)
@examples(2)
def test_huge_numbers(tmp_path_factory: pytest.TempPathFactory, param: Any, raw: str) -> None:
    name, check = param
    if check is None:
        wrapped = {"samples": raw, "weights": f"{{clean: {raw}}}", "bands": f"{{meets: {raw}}}"}
        text = (
            f"suite: fuzz\n{name}: {wrapped[name]}\n"
            "checks:\n  - check: not_null\n    columns: [a]\n"
        )
    else:
        column = {"between": "    columns: [n]\n", "fresh": "    columns: [d]\n"}.get(check, "")
        if check == "id_placeholder":
            column = "    columns: [s]\n"
        if check == "not_null":
            column = "    columns: [a]\n"
        text = f"suite: fuzz\nchecks:\n  - check: {check}\n{column}    {name}: {raw}\n"
    outcome = load_or_error(text)
    tried("suite: huge numbers")
    if isinstance(outcome, dc.SuiteError):
        assert suite_error_line(outcome) is not None, str(outcome)
        return
    frame = pl.DataFrame(
        {"a": [1, None], "n": [5, 10**15], "s": ["0000", "x"], "d": [date(2020, 1, 1), None]}
    )
    run_api(outcome, frame)
    folder = tmp_path_factory.mktemp("huge")
    (folder / FILE).write_text(text, encoding="utf-8")
    frame.write_parquet(folder / "d.parquet")
    ran = cli("run", str(folder / FILE), str(folder / "d.parquet"), "--quiet", "--as-of", AS_OF)
    assert ran.code in (0, 1), ran.stderr
    tried("suite: huge numbers, accepted and run (API+CLI)")


@given(data=st.data(), junk=st.binary(min_size=1, max_size=6))
@examples(2)
def test_non_utf8_bytes_name_line_and_column(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, junk: bytes
) -> None:
    raw = suite_text([EXAMPLES["not_null"], EXAMPLES["unique"]]).encode()
    at = data.draw(st.integers(0, len(raw)))
    mutated = raw[:at] + junk + raw[at:]
    path = tmp_path_factory.mktemp("bytes") / FILE
    path.write_bytes(mutated)
    outcome = cli("lint", str(path))
    tried("suite: non-UTF-8 bytes (CLI)")
    try:
        mutated.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = mutated[: error.start].count(b"\n") + 1
        column = error.start - (mutated.rfind(b"\n", 0, error.start) + 1) + 1
        line = assert_one_line(outcome, f"{path}:{bad_line}:", f"(column {column})", "UTF-8")
        with pytest.raises(dc.SuiteError) as info:
            dc.Suite.from_yaml(path)
        assert line == f"Error: {info.value}"
        return
    assert_not_internal(outcome)


@given(
    depth=st.integers(min_value=1, max_value=4000),
    style=st.sampled_from(["flow_list", "flow_map", "block_list", "block_map"]),
    where=st.sampled_from(["title", "checks", "pii", "weights"]),
)
@examples(2)
def test_deeply_nested_yaml(depth: int, style: str, where: str) -> None:
    if style == "flow_list":
        value = " " + "[" * depth + "x" + "]" * depth
    elif style == "flow_map":
        value = " " + "{a: " * depth + "x" + "}" * depth
    elif style == "block_list":
        value = (
            "\n" + "".join("  " * (i + 1) + "-\n" for i in range(depth - 1)) + "  " * depth + "- x"
        )
    else:
        value = (
            "\n"
            + "".join("  " * (i + 1) + "a:\n" for i in range(depth - 1))
            + "  " * depth
            + "a: x"
        )
    text = f"suite: fuzz\n{where}:{value}\n"
    outcome = load_both(text)
    tried("suite: deep nesting")
    if depth == 1 and where == "pii" and "list" in style:
        assert isinstance(outcome, dc.Suite)  # pii: [x] is a valid suite
        return
    assert isinstance(outcome, dc.SuiteError), text[:200]  # no deeper nesting is valid
    if depth + 1 > MAX_DEPTH:
        assert "nested more than" in str(outcome), str(outcome)
        assert suite_error_line(outcome) is not None


@given(data=st.data())
@examples(1)
def test_duplicate_keys_name_both_lines(data: st.DataObject) -> None:
    text = suite_text([EXAMPLES["pattern"], EXAMPLES["between"]], title="T", owner="O")
    lines = text.splitlines(keepends=True)
    candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
    index = data.draw(st.sampled_from(candidates))
    line = lines[index]
    indent = len(line) - len(line.lstrip(" -"))
    duplicate = " " * indent + line.lstrip(" -")
    text = "".join([*lines[: index + 1], duplicate, *lines[index + 1 :]])
    outcome = load_both(text)
    assert isinstance(outcome, dc.SuiteError)
    key = line.lstrip(" -").split(":")[0]
    assert f"duplicate key '{key}' (first on line {index + 1})" in str(outcome), str(outcome)
    assert suite_error_line(outcome) == index + 2
    tried("suite: duplicate keys")


# ------------------------------------------------------------------ bugs found, pinned


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        # characters YAML forbids were raised before the parser's error handling (exit 3)
        ("suite: s\x00\n", 1, "U+0000 is not allowed"),
        ("suite: s\ntitle: \x07\n", 2, "U+0007 is not allowed"),
        # malformed scalars raised ValueError/KeyError/TypeError/AttributeError (exit 3)
        ("suite: s\ntitle: 2020-13-45\n", 2, "month must be in 1..12"),
        ("suite: s\ntitle: !!float abc\n", 2, "cannot read the value 'abc'"),
        ("suite: s\ntitle: !!bool maybe\n", 2, "cannot read the value 'maybe'"),
        ("suite: s\ntitle: !!int 0x\n", 2, "cannot read the value '0x'"),
        ("suite: s\ntitle: !!map [a]\n", 2, "expected a mapping, but found sequence"),
        ("suite: s\ntitle: !!seq {a: 1}\n", 2, "expected a sequence, but found mapping"),
        ("suite: s\nsamples: " + "9" * 5000 + "\n", 2, "too many digits"),
        # nesting exhausted Python's stack (RecursionError, exit 3)
        ("suite: s\nchecks: " + "[" * 3000 + "]" * 3000 + "\n", 2, "nested more than"),
        # settings errors named no line
        ("suite: s\nsamples: 5000\n", 2, "'samples' must be between 0 and 1000"),
        ("suite: s\nweights: {clean: -1}\n", 2, "must be >= 0"),
        ("suite: s\nweights: {happy: 1}\n", 2, "unknown dimension 'happy'"),
        ("suite: s\ntimezone: Mars/Base\n", 2, "unknown timezone"),
        # Python internals in messages
        ("suite: s\nbands: {foo: 1}\n", 2, "'bands': unknown key 'foo'"),
        ("suite: s\nchecks: {a: 1}\n", 2, "expected a list of checks, found mapping"),
        ("suite: s\nreferences: [a]\n", 2, "'references' expected mapping, found list"),
        ("- a\n", 1, "a suite must be a mapping with 'suite' and 'checks', found list"),
        (
            "suite: s\nchecks:\n  - check: not_null\n    columns: [[a]]\n",
            4,
            "expected a list of strings, found list",
        ),
        ("suite: s\nchecks:\n  - check: [not_null]\n", 3, "'check' expected the name of"),
        ("suite: s\nchecks:\n  - check:\n", 3, "found nothing"),
    ],
)
def test_suite_bugs_found_by_the_campaign_are_one_line_errors(
    text: str, line: int, needle: str
) -> None:
    outcome = load_both(text)
    assert isinstance(outcome, dc.SuiteError)
    assert suite_error_line(outcome) == line, str(outcome)
    assert needle in str(outcome), str(outcome)
    assert "Located" not in str(outcome)
    tried("suite: pinned regressions (API+CLI)")


def test_a_date_bound_on_a_text_column_is_an_error_not_a_string_comparison() -> None:
    """``max: today`` on text compared strings: every ISO date is < 'today', so none failed."""
    frame = pl.DataFrame({"d": ["2020-01-01", "2999-01-01", None]})
    suite = dc.Suite.loads(
        "suite: s\nchecks:\n  - check: between\n    column: d\n    max: today\n"
        "  - check: between\n    name: since\n    column: d\n    min: 2000-01-01\n"
    )
    result = dc.run(suite, frame, as_of=AS_OF)
    for check in result.checks:
        assert check.status == "error"
        assert "is a date" in (check.reason("en") or "")
        assert "not a date or datetime column" in (check.reason("en") or "")
    tried("data: pinned regressions")


def test_a_rust_panic_is_an_internal_error_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """pyo3's PanicException is a BaseException: it escaped the CLI's guard (exit 1)."""

    def panic(*_args: Any, **_kwargs: Any) -> dc.Result:
        raise pl.exceptions.PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr("datacheck.cli.run", panic)
    (tmp_path / FILE).write_text("suite: s\n", encoding="utf-8")
    pl.DataFrame({"a": [1]}).write_parquet(tmp_path / "d.parquet")
    outcome = cli("run", str(tmp_path / FILE), str(tmp_path / "d.parquet"))
    assert outcome.code == 3
    assert len(outcome.lines) == 1
    assert "PanicException" in outcome.lines[0]
    assert "Traceback" not in outcome.stderr
    tried("data: pinned regressions")


# ================================================================================== hostile


class Canary:
    """A folder holding a file of unique content; any open of it is seen through inotify.

    ``assert_untouched`` fails if the content shows up in the given texts, or if any file of
    the folder was opened since the canary was laid (Linux inotify; elsewhere the content
    check alone).
    """

    def __init__(self, folder: Path) -> None:
        self.secret = f"CANARY-{os.urandom(8).hex()}"
        self.path = folder / "secret.csv"
        self.path.write_text(f"x\n{self.secret}\n", encoding="utf-8")
        pl.DataFrame({"x": [self.secret]}).write_parquet(folder / "secret.parquet")
        self.watch = Inotify([folder], IN_OPEN | IN_ACCESS)

    def events(self) -> list[str]:
        return [name or "." for _folder, name, _mask in self.watch.events()]

    def assert_untouched(self, *texts: str) -> None:
        for text in texts:
            assert self.secret not in text
        opened = self.events()
        assert not opened, f"files of the canary folder were opened: {opened}"

    def close(self) -> None:
        self.watch.close()


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Canary]:
    watched = Canary(tmp_path_factory.mktemp("canary"))
    yield watched
    watched.close()


def test_the_canary_sees_a_read(canary: Canary) -> None:
    """The detector works: reading the canary is seen (else the hostile tests prove little)."""
    if not canary.watch.active:
        pytest.skip("inotify is not available here")
    pl.read_csv(canary.path)
    assert canary.events()
    canary.assert_untouched()


HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "eval('1')",
    "exec('import os')",
    "os.system('id')",
    "read_parquet('{parquet}')",
    "read_csv('{csv}') IS NOT NULL",
    "a IN (SELECT x FROM read_csv('{csv}'))",
    "a IN (select x from READ_CSV('{csv}'))",
    "a IN (SELECT x FROM \"read_csv\"('{csv}'))",
    "a IN (SELECT x FROM `read_parquet`('{parquet}'))",
    "a IN (FROM read_csv('{csv}'))",
    "a IN (SELECT x FROM read_json('{csv}'))",
    "a IN (SELECT x FROM read_ipc('{csv}'))",
    "a IN (SELECT x FROM read_ndjson('{csv}'))",
    "a IN (SELECT x FROM read_csv(['{csv}']))",
    "a = (SELECT MAX(x) FROM read_parquet('{parquet}'))",
    "EXISTS (SELECT 1)",
    "a IN (VALUES (1))",
    "a IN (WITH t AS (SELECT 1) SELECT * FROM t)",
    "a IN (SELECT/**/x FROM read_csv('{csv}'))",
    "a > 0; DROP TABLE t",
    "a > 0; SELECT * FROM read_csv('{csv}')",
    "a > 0 UNION SELECT x FROM read_csv('{csv}')",
    "pg_read_file('{csv}') IS NOT NULL",
    "load_file('{csv}') = 'x'",
    "a IN (SELECT x FROM '{csv}')",
    "s = '{csv}'",
]


@pytest.mark.parametrize("template", HOSTILE)
@pytest.mark.parametrize("key", ["expr", "where"])
def test_hostile_expressions_never_run_python_or_touch_files(
    canary: Canary, tmp_path: Path, template: str, key: str
) -> None:
    sql = template.format(csv=canary.path, parquet=canary.path.with_suffix(".parquet"))
    if key == "expr":
        entry = {"check": "expression", "name": "hostile", "expr": sql}
    else:
        entry = {"check": "not_null", "columns": ["a"], "where": sql}
    text = suite_text([entry])
    frame = pl.DataFrame({"a": [1, 2, None], "s": ["x", "y", None]})
    frame.write_parquet(tmp_path / "d.parquet")
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    outcome = load_or_error(text)
    outputs: list[str] = []
    if isinstance(outcome, dc.SuiteError):
        outputs += [str(outcome), outcome.message("vi")]
    else:
        result = dc.run(outcome, frame, as_of=AS_OF)
        assert_sound(result)
        outputs.append(result.to_json())
        # harmless: evaluated as a plain row expression (or an error status)
        assert result.checks[0].status in STATUSES
    for command in (
        ["lint", str(tmp_path / FILE)],
        [
            "run",
            str(tmp_path / FILE),
            str(tmp_path / "d.parquet"),
            "--quiet",
            "--json",
            str(tmp_path / "r.json"),
        ],
    ):
        outcome_cli = cli(*command)
        assert_not_internal(outcome_cli)
        outputs += [outcome_cli.stdout, outcome_cli.stderr]
    if (tmp_path / "r.json").exists():
        outputs.append((tmp_path / "r.json").read_text(encoding="utf-8"))
    canary.assert_untouched(*outputs)
    assert not Path("/tmp/pwned").exists()
    if FORBIDDEN_SQL.search(sql):
        assert isinstance(outcome, dc.SuiteError), sql
        assert "subquery or a table function" in str(outcome)
    tried("hostile expressions")


@pytest.mark.parametrize(
    ("pattern", "sql"),
    [
        ("(a+)+$", "regexp_like(s, '(a+)+$')"),
        ("(a|aa)+$", "s ~ '(a|aa)+$'"),
        ("(a*)*b", "s LIKE '%a%a%a%a%a%a%a%a%a%a%b'"),
        ("^(([a-z])+.)+[A-Z]([a-z])+$", "regexp_like(s, '^(([a-z])+.)+[A-Z]([a-z])+$')"),
    ],
)
def test_redos_patterns_run_in_linear_time(pattern: str, sql: str) -> None:
    """Rust's regex engine has no backtracking: catastrophic patterns stay fast."""
    frame = pl.DataFrame({"s": ["a" * 50_000 + "!", "a" * 20_000, None] * 20})
    suite = dc.Suite(
        name="redos",
        checks=[
            dc.checks.Pattern(columns=["s"], pattern=pattern),
            dc.checks.Expression(name="sql", expr=sql),
        ],
    )
    started = time.perf_counter()
    result = dc.run(suite, frame, as_of=AS_OF)
    assert time.perf_counter() - started < 20
    assert_sound(result)
    assert result.check("pattern:s").evaluated == 40
    tried("hostile: ReDoS patterns")


def test_huge_regexes_are_refused_with_a_clear_error() -> None:
    with pytest.raises(dc.SuiteError, match="invalid regular expression"):
        dc.Suite.loads(
            "suite: s\nchecks:\n  - check: pattern\n    column: s\n"
            "    pattern: '(a{1000}){1000}'\n",
            file=FILE,
        )
    tried("hostile: ReDoS patterns")


# ================================================================================== data files

DATA_SUITE = """\
suite: fuzz_data
key: id
pii: [name]
checks:
  - check: not_null
    columns: [id, name, d]
  - check: not_blank
    column: name
  - check: unique
    columns: [id]
  - check: between
    column: n
    min: 0
    max: 100
  - check: in_set
    column: name
    values: [An, Bình, "  x "]
  - check: pattern
    column: name
    pattern: '^[A-Z]'
  - check: normalized_text
    column: name
  - check: expression
    name: n_small
    expr: n < 50
  - check: not_future
    column: d
  - check: row_count
    min: 1
"""

_UPPER_START = re.compile(r"^[A-Z]")
EPOCH = date(1970, 1, 1)


def recount(rows: list[dict[str, Any]]) -> dict[str, Callable[[], tuple[int, int]]]:
    """The DATA_SUITE counts, by plain Python over the rows (None = null), one per result."""

    def present(column: str) -> list[Any]:
        return [r.get(column) for r in rows if r.get(column) is not None]

    names = present("name")
    ids = [r.get("id") for r in rows]
    keyed = [i for i in ids if i is not None]
    dup = {i for i in keyed if keyed.count(i) > 1}
    numbers = [v for v in present("n") if not (isinstance(v, float) and math.isnan(v))]
    nan = [v for v in present("n") if isinstance(v, float) and math.isnan(v)]
    # day numbers (a date may lie beyond Python's range); other types only when d errors
    dates = [(v - EPOCH).days if isinstance(v, date) else v for v in present("d")]
    as_of = (date(2026, 6, 30) - EPOCH).days
    return {
        "not_null:id": lambda: (len(rows), len(rows) - len(keyed)),
        "not_null:name": lambda: (len(rows), len(rows) - len(names)),
        "not_null:d": lambda: (len(rows), len(rows) - len(dates)),
        "not_blank:name": lambda: (len(rows), len(rows) - sum(1 for v in names if str(v).strip())),
        "unique:id": lambda: (len(keyed), sum(1 for i in keyed if i in dup)),
        # NaN is greater than every number in Polars' total order
        "between:n": lambda: (
            len(numbers) + len(nan),
            sum(1 for v in numbers if not 0 <= v <= 100) + len(nan),
        ),
        "in_set:name": lambda: (
            len(names),
            sum(1 for v in names if v not in ("An", "Bình", "  x ")),
        ),
        "pattern:name": lambda: (len(names), sum(1 for v in names if not _UPPER_START.search(v))),
        "normalized_text:name": lambda: (
            len(names),
            sum(1 for v in names if v != " ".join(unicodedata.normalize("NFC", v).split())),
        ),
        "n_small": lambda: (
            len(numbers) + len(nan),
            sum(1 for v in numbers if not v < 50) + len(nan),
        ),
        "not_future:d": lambda: (len(dates), sum(1 for v in dates if v > as_of)),
        "row_count": lambda: (1, 0 if rows else 1),
    }


def assert_counts(result: dc.Result, rows: list[dict[str, Any]]) -> None:
    expected = recount(rows)
    assert result.rows == len(rows)
    for check in result.checks:
        if check.status == "error":
            continue
        assert (check.evaluated, check.failed) == expected[check.id](), (check.id, rows[:5])


names_text = st.one_of(
    st.sampled_from(["An", "Bình", "  x ", "an", "", "   ", "Nguyễn  Văn", "e\u0301", "N/A"]),
    st.text(max_size=8),
)
frames = st.integers(min_value=0, max_value=25).flatmap(
    lambda n: st.fixed_dictionaries(
        {
            "id": st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=n, max_size=n),
            "name": st.lists(st.one_of(st.none(), names_text), min_size=n, max_size=n),
            "n": st.lists(
                st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=32)),
                min_size=n,
                max_size=n,
            ),
            "d": st.lists(
                st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31))),
                min_size=n,
                max_size=n,
            ),
        }
    )
)


@given(columns=frames)
@examples(3)
def test_odd_frames_counts_equal_a_plain_python_recount(columns: dict[str, list[Any]]) -> None:
    frame = pl.DataFrame(
        columns, schema={"id": pl.Int64, "name": pl.String, "n": pl.Float64, "d": pl.Date}
    )
    result = dc.run(dc.Suite.loads(DATA_SUITE), frame, as_of=AS_OF)
    assert_sound(result)
    assert not result.by_status("error"), [c.reason("en") for c in result.by_status("error")]
    assert_counts(result, frame.to_dicts())
    tried("data: odd frames recounted (API)")


DTYPES: list[Any] = [
    pl.Int8,
    pl.UInt8,
    pl.Int64,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
    pl.Boolean,
    pl.String,
    pl.Date,
    pl.Datetime("ns"),
    pl.Datetime("us", "Asia/Ho_Chi_Minh"),
    pl.Time,
    pl.Duration("ms"),
    pl.Decimal(20, 4),
    pl.Binary,
    pl.Categorical,
    pl.Enum(["a", "b"]),
    pl.Null,
    pl.List(pl.Int64),
    pl.Struct({"x": pl.Int64}),
    pl.Int128,
]


@given(
    check=st.sampled_from(sorted(CHECKS)),
    dtype=st.sampled_from(DTYPES),
    rows=st.integers(0, 6),
    nulls=st.booleans(),
)
@examples(3)
def test_every_check_on_unexpected_dtypes(check: str, dtype: Any, rows: int, nulls: bool) -> None:
    """Each check's columns hold an unexpected type: an error status, or a sound result."""
    frame = UNIVERSE.head(rows)
    entry = EXAMPLES[check]
    targets = [v for k, v in entry.items() if k in COLUMN_PARAMS]
    names = {n for v in targets for n in ([v] if isinstance(v, str) else v)}
    odd = pl.Series([None] * rows, dtype=dtype) if nulls else _odd_values(dtype, rows)
    frame = frame.with_columns([odd.alias(n) for n in names if n in frame.columns])
    suite = dc.Suite.loads(suite_text([entry]))
    result = run_api(suite, frame)
    assert result.rows == rows
    tried("data: unexpected dtypes per check (API)")


def _odd_values(dtype: Any, rows: int) -> pl.Series:
    samples: dict[Any, list[Any]] = {
        pl.Boolean: [True, False, None],
        pl.String: ["001203005678", "", None, "x" * 1000],
        pl.Date: [date(1, 1, 1), date(9999, 12, 31), None],
        pl.Time: [None],
        pl.Binary: [b"\xff\x00", None],
        pl.Null: [None],
    }
    base = samples.get(dtype if not isinstance(dtype, pl.Datetime) else pl.Datetime)
    if isinstance(dtype, pl.Datetime):
        base = [datetime(1, 1, 1), datetime(2262, 4, 11), None]
    elif isinstance(dtype, pl.Enum):
        base = ["a", "b", None]
    elif isinstance(dtype, pl.List):
        base = [[1, 2], [], None]
    elif isinstance(dtype, pl.Struct):
        base = [{"x": 1}, None]
    elif dtype == pl.Categorical:
        base = ["a", "b", None]
    elif dtype == pl.Duration("ms"):
        base = [None]
    elif base is None:
        base = [0, 1, None, 127]
    values = [base[i % len(base)] for i in range(rows)]
    try:
        return pl.Series(values, dtype=dtype, strict=False)
    except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError):
        return pl.Series([None] * rows, dtype=dtype)


@given(
    columns=frames,
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
@examples(3)
# found by `make fuzz`: this byte of an empty file's footer makes the Float64 column Boolean
@example(columns={"id": [], "name": [], "n": [], "d": []}, flips=[(469680, 0)], cut=None)
def test_corrupt_parquet_files(
    tmp_path_factory: pytest.TempPathFactory,
    columns: dict[str, list[Any]],
    flips: list[tuple[int, int]],
    cut: int | None,
) -> None:
    """Truncated or bit-flipped Parquet: one line naming the file (exit 2), or exact counts."""
    folder = tmp_path_factory.mktemp("parquet")
    path = folder / "data.parquet"
    pl.DataFrame(columns, schema=WRITTEN).write_parquet(
        path, compression="uncompressed", statistics=False
    )
    raw = bytearray(path.read_bytes())
    headers = _page_headers(path)
    for offset, byte in flips:
        # a changed page header can make Polars abort the process (see
        # test_a_corrupt_page_header_aborts_the_process): no test process survives that
        if offset % len(raw) not in headers:
            raw[offset % len(raw)] = byte
    if cut is not None:
        raw = raw[: cut % (len(raw) + 1)]
    path.write_bytes(bytes(raw))
    (folder / FILE).write_text(DATA_SUITE, encoding="utf-8")
    outcome = cli(
        "run",
        str(folder / FILE),
        str(path),
        "--quiet",
        "--as-of",
        AS_OF,
        "--json",
        str(folder / "r.json"),
    )
    tried("data: corrupt Parquet (CLI)")
    assert_not_internal(outcome)
    if outcome.code == 2:
        assert str(path) in outcome.lines[0] or "data" in outcome.lines[0], outcome.lines
        if "empty dataset" in outcome.lines[0]:  # bad input for the command line only
            assert dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF).rows == 0
            return
        with pytest.raises(dc.DatacheckError):
            dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF)
        return
    result = dc.Result.read_json(folder / "r.json")
    readable: dict[str, pl.Series] = {}
    for column in ("id", "name", "n", "d"):
        with contextlib.suppress(pl.exceptions.PolarsError, pl.exceptions.PanicException, OSError):
            # dates as their day numbers: a flipped byte can leave Python's date range;
            # a column Polars errors (or panics) on is unreadable
            readable[column] = pl.read_parquet(path, columns=[column]).get_column(column)
    rows = [
        dict(zip(readable, values, strict=True))
        for values in zip(*(s.to_physical().to_list() for s in readable.values()), strict=True)
    ]
    if not readable:
        rows = [{} for _ in range(result.rows or 0)]
    expected = recount(rows)
    assert result.rows == len(rows)
    for check in result.checks:
        unreadable = [c for c in INPUTS[check.id] if c not in readable]
        if unreadable:
            # a check reading a column that cannot be read says so; it never guesses
            assert check.status == "error", (check.id, unreadable)
            continue
        retyped = [c for c in INPUTS[check.id] if readable[c].dtype != WRITTEN[c]]
        if retyped and check.status == "error":
            # a flipped byte in the footer gave a column another type: a check that does not
            # take that type says so, naming the column and the type it found
            reason = check.reason("en") or ""
            named = [c for c in retyped if f"'{c}'" in reason and str(readable[c].dtype) in reason]
            assert named, (check.id, reason)
            tried("data: corrupt Parquet with a column of another type")
            continue
        assert check.status != "error", (check.id, check.reason("en"))
        assert (check.evaluated, check.failed) == expected[check.id](), check.id
    tried("data: corrupt Parquet read and recounted per readable column")


WRITTEN: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "name": pl.String(),
    "n": pl.Float64(),
    "d": pl.Date(),
}
"""The columns, and their types, of the Parquet files the corrupt-file tests write."""

INPUTS: dict[str, tuple[str, ...]] = {
    "not_null:id": ("id",),
    "not_null:name": ("name",),
    "not_null:d": ("d",),
    "not_blank:name": ("name",),
    "unique:id": ("id",),
    "between:n": ("n",),
    "in_set:name": ("name",),
    "pattern:name": ("name",),
    "normalized_text:name": ("name",),
    "n_small": ("n",),
    "not_future:d": ("d",),
    "row_count": (),
}
"""The columns each result of DATA_SUITE reads."""


def _page_headers(path: Path) -> set[int]:
    """Byte offsets of the first bytes of each column chunk's pages (their headers)."""
    meta = pq.read_metadata(path)
    starts = set()
    for group in range(meta.num_row_groups):
        for index in range(meta.num_columns):
            column = meta.row_group(group).column(index)
            starts.add(column.data_page_offset)
            if column.has_dictionary_page and column.dictionary_page_offset:
                starts.add(column.dictionary_page_offset)
    return {start + i for start in starts for i in range(48)}


def _corrupt_page(offset: int, tmp: Path) -> Path:
    """A 20-row date column whose page header has byte ``offset`` set to 87."""
    path = tmp / f"page{offset}.parquet"
    frame = pl.DataFrame({"d": [date(2020, 1, 1), None, date(1990, 5, 5), date(2030, 1, 1)] * 5})
    frame.write_parquet(path, compression="uncompressed", statistics=False)
    raw = bytearray(path.read_bytes())
    raw[offset] = 87
    path.write_bytes(bytes(raw))
    return path


def test_a_polars_panic_on_a_corrupt_page_is_an_error_status(tmp_path: Path) -> None:
    path = _corrupt_page(39, tmp_path)
    try:
        pl.read_parquet(path)
    except pl.exceptions.PanicException:
        pass
    except pl.exceptions.PolarsError:  # pragma: no cover (another Polars, another layout)
        pytest.skip("this Polars reads the page header differently")
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["d"])])
    try:
        result = dc.run(suite, path, as_of=AS_OF)
    except dc.SourceError:
        return
    assert result.check("not_null:d").status == "error"


@pytest.mark.xfail(
    strict=True,
    reason="Polars bug, outside datacheck: on this corrupt page header Polars tries to "
    "allocate 2 EiB and aborts the whole process (SIGABRT, exit -6, no message); Python "
    "cannot catch it. datacheck would have to validate page headers itself or read "
    "untrusted files in a child process to turn it into a one-line error (upstream: "
    "pola-rs/polars#15342, 'process crashes when reading small parquet file', open)",
)
def test_a_corrupt_page_header_aborts_the_process(tmp_path: Path) -> None:
    path = _corrupt_page(37, tmp_path)
    suite = tmp_path / FILE
    suite.write_text("suite: s\nchecks:\n  - check: not_null\n    column: d\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "datacheck", "run", str(suite), str(path), "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "RUST_BACKTRACE": "0"},
        check=False,
        timeout=300,
    )
    assert done.returncode in (1, 2), (done.returncode, done.stderr[-500:])


@pytest.mark.parametrize(
    "column",
    [
        pl.Series("d", [12_000_000, 1, None]).cast(pl.Date),
        pl.Series("d", [-800_000, 1, None]).cast(pl.Date),
        pl.Series("d", [9 * 10**18, 1, None]).cast(pl.Datetime("us")),
    ],
    ids=["date_after_9999", "date_before_1", "datetime_after_9999"],
)
def test_samples_of_dates_beyond_python_s_range(column: pl.Series) -> None:
    frame = pl.DataFrame({"id": [1, 2, 3]}).with_columns(column)
    suite = dc.Suite(
        name="s",
        key=["id"],
        checks=[
            dc.checks.NotFuture(columns=["d"]),
            dc.checks.Between(columns=["d"], min="2000-01-01"),
        ],
    )
    result = dc.run(suite, frame, as_of=AS_OF)
    assert_sound(result)
    before_2000 = frame.filter(pl.col("d") < pl.lit(date(2000, 1, 1)).cast(column.dtype)).height
    after_as_of = frame.filter(pl.col("d") > pl.lit(date(2026, 7, 1)).cast(column.dtype)).height
    for check_id, failed in (("between:d", before_2000), ("not_future:d", after_as_of)):
        check = result.check(check_id)
        assert (check.failed, len(check.samples)) == (failed, failed), check_id
    shown = [s.values["d"] for s in result.check("not_future:d").samples]
    assert all(isinstance(v, str) and v for v in shown)  # out of Python's range: as text
    json.dumps(result.to_dict())  # and the JSON still writes


# ---------------------------------------------------------------------------- fixed odd files


def _good_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [1, 2, 2, None],
            "name": ["An", "bình", None, "  x "],
            "n": [5.0, 500.0, None, -1.0],
            "d": [date(2020, 1, 1), date(2030, 1, 1), None, date(1990, 5, 5)],
        }
    )


def _write(folder: Path, kind: str) -> Path:
    good = _good_frame()
    path = folder / f"{kind}.parquet"
    if kind in ("truncated", "wrong_magic", "empty", "footer_only", "csv_named_parquet"):
        good.write_parquet(path)
        raw = path.read_bytes()
        path.write_bytes(
            {
                "truncated": raw[: len(raw) // 2],
                "wrong_magic": b"XXXX" + raw[4:],
                "empty": b"",
                "footer_only": raw[-8:],
                "csv_named_parquet": b"id,name\n1,An\n",
            }[kind]
        )
        return path
    if kind == "zero_rows":
        good.clear().write_parquet(path)
    elif kind == "all_null":
        pl.DataFrame({c: [None] * 3 for c in good.columns}).write_parquet(path)
    elif kind == "all_null_typed":
        good.clear(3).write_parquet(path)
    elif kind == "date_as_int":
        good.with_columns(d=pl.Series([20200101, 20300101, None, 19900505])).write_parquet(path)
    elif kind == "swapped_types":
        pl.DataFrame(
            {"id": ["a", "b"], "name": [1, 2], "n": ["x", "y"], "d": [True, False]}
        ).write_parquet(path)
    elif kind == "missing_columns":
        good.select("id").write_parquet(path)
    elif kind == "ten_thousand_columns":
        wide = {f"c{i}": [i, i] for i in range(10_000)}
        good.head(2).hstack(pl.DataFrame(wide)).write_parquet(path)
    elif kind == "very_long_strings":
        good.with_columns(
            name=pl.Series(["A" * 5_000_000, "b" * 100_000, None, " "])
        ).write_parquet(path)
    elif kind == "odd_column_names":
        good.rename(
            {"name": " name ", "n": unicodedata.normalize("NFD", "nữ"), "d": "d\u200b"}
        ).write_parquet(path)
    elif kind == "bom_csv":
        path = folder / "bom.csv"
        path.write_bytes(b"\xef\xbb\xbfid,name,n,d\n1,An,5,2020-01-01\n2,b,,\n")
    elif kind == "mixed_schema_folder":
        path = folder / "mixed"
        path.mkdir()
        good.write_parquet(path / "a.parquet")
        good.with_columns(pl.col("id").cast(pl.String)).write_parquet(path / "b.parquet")
    elif kind == "mixed_format_folder":
        path = folder / "mixed_formats"
        path.mkdir()
        good.write_parquet(path / "a.parquet")
        good.write_csv(path / "b.csv")
    elif kind == "missing_column_folder":
        path = folder / "missing_column"
        path.mkdir()
        good.write_parquet(path / "a.parquet")
        good.drop("name").write_parquet(path / "b.parquet")
    else:  # pragma: no cover
        raise AssertionError(kind)
    return path


BAD_FILES = {
    "truncated": "not a valid Parquet file",
    "wrong_magic": "does not start with 'PAR1'",
    "empty": "is empty (0 bytes)",
    "footer_only": "not a valid Parquet file",
    "csv_named_parquet": "does not start with 'PAR1'",
    "mixed_schema_folder": "does not match the columns",
    "mixed_format_folder": "mixes file formats",
    "missing_column_folder": "does not match the columns",
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_unreadable_files_are_one_line_naming_the_file(tmp_path: Path, kind: str) -> None:
    path = _write(tmp_path, kind)
    (tmp_path / FILE).write_text(DATA_SUITE, encoding="utf-8")
    outcome = cli("run", str(tmp_path / FILE), str(path), "--as-of", AS_OF)
    assert_one_line(outcome, path.name, BAD_FILES[kind])
    with pytest.raises(dc.SourceError, match=re.escape(BAD_FILES[kind])):
        dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF)
    tried("data: fixed unreadable files (CLI+API)")


WITHOUT_ID = (
    "not_null:name",
    "not_null:d",
    "not_blank:name",
    "between:n",
    "in_set:name",
    "pattern:name",
    "normalized_text:name",
    "n_small",
    "not_future:d",
)
"""The results that read a column other than ``id``."""

ODD_FILES = {
    # kind: (checks that must error, with a fragment of the reason)
    "zero_rows": {},
    "all_null": {},
    "all_null_typed": {},
    "date_as_int": {"not_future:d": "expects a date or datetime column"},
    "swapped_types": {
        "between:n": "cannot compare string with numeric",
        "pattern:name": "expects a string column",
        "normalized_text:name": "expects a string column",
        "not_future:d": "expects a date or datetime column",
        "n_small": "cannot run",
        "in_set:name": "cannot run",
    },
    "missing_columns": dict.fromkeys(WITHOUT_ID, "column '"),
    "ten_thousand_columns": {},
    "very_long_strings": {},
    "odd_column_names": dict.fromkeys(WITHOUT_ID, "not found"),
    "bom_csv": {"not_future:d": "expects a date or datetime column"},
}


@pytest.mark.parametrize("kind", sorted(ODD_FILES))
def test_odd_files_give_results_with_exact_counts_or_error_statuses(
    tmp_path: Path, kind: str
) -> None:
    path = _write(tmp_path, kind)
    (tmp_path / FILE).write_text(DATA_SUITE, encoding="utf-8")
    outcome = cli(
        "run",
        str(tmp_path / FILE),
        str(path),
        "--as-of",
        AS_OF,
        "--quiet",
        "--json",
        str(tmp_path / "r.json"),
    )
    assert "Traceback" not in outcome.stdout + outcome.stderr
    result = dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF)
    assert_sound(result)
    if kind == "zero_rows":
        # an empty dataset is bad input on the command line (one line, exit 2, no output);
        # the library still returns its result: nothing evaluated
        assert outcome.code == 2, outcome.stderr
        assert "empty dataset" in outcome.stderr
        assert str(path) in outcome.stderr
        assert len(outcome.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "r.json").exists()
        assert result.rows == 0
        assert all(c.evaluated == 0 for c in result.checks if c.id != "row_count")
        tried("data: fixed odd files (CLI+API, recounted)")
        return
    assert outcome.code == 1, outcome.stderr  # every case has a failing or errored check
    from_cli = dc.Result.read_json(tmp_path / "r.json")
    assert [(c.id, c.status, c.evaluated, c.failed) for c in from_cli.checks] == [
        (c.id, c.status, c.evaluated, c.failed) for c in result.checks
    ]
    errors = {c.id: c.reason("en") or "" for c in result.checks if c.status == "error"}
    assert set(errors) == set(ODD_FILES[kind]), errors
    for cid, fragment in ODD_FILES[kind].items():
        assert fragment in errors[cid], (cid, errors[cid])
    if path.suffix == ".csv":
        rows = pl.read_csv(path).to_dicts()
    else:
        rows = pq.read_table(path).to_pylist()
    counted = {c.id for c in result.checks} - set(errors)
    expected = recount(rows)
    for check in result.checks:
        if check.id in counted:
            assert (check.evaluated, check.failed) == expected[check.id](), check.id
    tried("data: fixed odd files (CLI+API, recounted)")


def test_unknown_column_hint_for_whitespace_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "odd_column_names")
    result = dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF)
    assert "did you mean ' name '" in (result.check("not_null:name").reason("en") or "")
    tried("data: fixed odd files (CLI+API, recounted)")


@pytest.mark.parametrize("engine", ["local", "partitioned"])
def test_unterminated_quote_in_csv_is_not_counted_as_an_empty_dataset(
    tmp_path: Path, engine: str
) -> None:
    """Polars counts this file's rows as 0 (a line count) and can take ``head`` of it, but
    cannot parse it: the run must refuse it, naming the file, not call it empty."""
    path = tmp_path / "quote.csv"
    path.write_bytes(b'id,name,n,d\n1,"An\n')
    try:
        result = dc.run(dc.Suite.loads(DATA_SUITE), path, as_of=AS_OF, engine=engine)
    except dc.SourceError as error:
        refused: dc.SourceError | None = error
    else:
        refused = None
    if refused is not None:
        assert "quote.csv" in str(refused)
        return
    assert result.rows != 0, "one malformed record is reported as an empty dataset"
    assert result.check("row_count").status == "error"


def test_csv_with_more_fields_than_its_header_is_not_silently_truncated(tmp_path: Path) -> None:
    """Polars refuses the whole file; a run must not count the columns it could project."""
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"id,name,n,d\n1,An,5,2020-01-01\n2,B,6,2020-01-01,extra\n")
    outcome = cli(
        "run",
        str(_suite_file(tmp_path)),
        str(path),
        "--as-of",
        AS_OF,
        "--quiet",
        "--json",
        str(tmp_path / "r.json"),
    )
    assert_not_internal(outcome)
    if outcome.code == 2:
        assert "ragged.csv" in outcome.lines[0]
        return
    result = dc.Result.read_json(tmp_path / "r.json")
    for check in result.checks:
        if check.status != "error" and check.id != "row_count":
            # whatever was counted was read from both records in full
            assert check.evaluated <= 2
    tried("data: fixed odd files (CLI+API, recounted)")


def _suite_file(folder: Path) -> Path:
    (folder / FILE).write_text(DATA_SUITE, encoding="utf-8")
    return folder / FILE
