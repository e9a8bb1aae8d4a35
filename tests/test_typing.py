"""Typed user code: what the docs show passes ``mypy --strict``, and wrong values do not.

Check and suite fields name what a caller may pass (``columns=["a"]``, ``severity="critical"``,
``max_age="365d"``, ``bands={...}``) and store the normal form (tuples, enums, timedelta). A
project that type-checks its pipelines must not have to write ``("a",)`` or
``Severity.CRITICAL`` to please mypy.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import pytest

import datacheck as dc
from datacheck.checks import Fresh, InSet, NotNull
from datacheck.dimensions import Dimension, Severity
from datacheck.errors import CheckDefinitionError

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PYTHON_BLOCK = re.compile(r"(<!-- skip[^\n]*-->\n)?```python\n(.*?)^```", re.M | re.S)

USER_CODE = """
from datetime import timedelta

import polars as pl

import datacheck as dc
from datacheck import checks as c
from datacheck.vn.identifiers import Cccd
from datacheck.vn.text import LookalikeChars

checks: list[dc.Check] = [
    c.NotNull(columns=["person_id"], severity="critical", dimension="complete"),
    c.NotNull(columns="person_id", severity=dc.Severity.NORMAL),
    c.Unique(columns=("person_id",), dimension=dc.Dimension.CLEAN),
    c.InSet(columns=["gender"], values=["Nam", "Nữ"]),
    c.Fresh(columns=["updated_at"], max_age="365d"),
    c.Fresh(columns=["updated_at"], max_age=timedelta(days=30)),
    Cccd(columns=["person_id"]),
    LookalikeChars(columns=["full_name"], kinds=["nbsp", "eth"]),
]
suite = dc.Suite(
    name="typed",
    checks=checks,
    key="person_id",
    pii=["full_name"],
    bands={"meets": 95, "improve": 80},
    tiers={"unusable": [{"severity": "critical"}]},
)
frame = pl.DataFrame({"person_id": ["001099012345"], "gender": ["Nam"]})
result: dc.Result = dc.run(suite, frame, as_of="2026-06-30")
score: float | None = result.score
wrong_severity = c.NotNull(columns=["a"], severity="urgent")  # type: ignore[arg-type]
wrong_dimension = c.NotNull(columns=["a"], dimension="fresh")  # type: ignore[arg-type]
wrong_columns = c.NotNull(columns=[1])  # type: ignore[list-item]
wrong_kind = LookalikeChars(columns=["a"], kinds=["tab"])  # type: ignore[list-item]
wrong_bands = dc.Suite(name="s", bands=[95, 80])  # type: ignore[arg-type]
"""


def _doc_modules() -> dict[str, str]:
    """The Python of the pages users copy from, one module per page (blocks run in order)."""
    pages = ["python-api.md", "getting-started.md", "vi/bat-dau.md"]
    return {
        page: "\n".join(m.group(2) for m in PYTHON_BLOCK.finditer((DOCS / page).read_text("utf-8")))
        for page in pages
    }


def test_docs_and_typed_user_code_pass_mypy_strict(tmp_path: Path) -> None:
    files = []
    for page, code in {**_doc_modules(), "user_code": USER_CODE}.items():
        assert code.strip(), f"no Python found for {page}"
        path = tmp_path / (re.sub(r"\W", "_", page) + ".py")
        path.write_text(code, encoding="utf-8")
        files.append(str(path))
    # --warn-unused-ignores (part of --strict): each wrong line above must still be an error
    out, err, status = mypy_api.run(
        ["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", *files]
    )
    assert status == 0, out + err


def test_the_typed_suite_signature_names_every_field() -> None:
    """``Suite``'s type-checking ``__init__`` lists the dataclass fields, in order, no more."""
    tree = ast.parse((ROOT / "datacheck" / "suite.py").read_text("utf-8"))
    suite = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Suite")
    init = next(
        node
        for block in suite.body
        if isinstance(block, ast.If)
        for node in block.body
        if isinstance(node, ast.FunctionDef) and node.name == "__init__"
    )
    names = [a.arg for a in init.args.args[1:]]
    assert names == [f.name for f in dataclasses.fields(dc.Suite) if f.init]


def test_what_callers_pass_is_stored_in_its_normal_form() -> None:
    check = NotNull(columns=["a", "b"], severity="critical", dimension="clean")
    assert check.columns == ("a", "b")
    assert check.severity is Severity.CRITICAL
    assert check.dimension is Dimension.CLEAN
    assert check.effective_dimension is Dimension.CLEAN
    assert InSet(columns="g", values=["x", "y"]).values == ("x", "y")
    fresh = Fresh(columns=["t"], max_age="36h")
    assert fresh.max_age == fresh.age_limit == timedelta(hours=36)
    assert dc.Suite(name="s", key="id", pii=["n"]).key == ("id",)


def test_a_duration_given_as_text_must_parse() -> None:
    """``max_age`` accepts text only as a duration's spelling: it is never kept as text."""
    with pytest.raises(CheckDefinitionError, match=r"expected a duration like '365d', found"):
        Fresh(columns=["t"], max_age="a year")


def test_an_enum_and_its_values_are_named_once_in_errors() -> None:
    with pytest.raises(CheckDefinitionError) as caught:
        NotNull(columns=["a"], severity="urgent")  # type: ignore[arg-type]
    assert "expected 'normal' or 'critical', found" in str(caught.value)
