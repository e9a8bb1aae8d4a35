"""The check reference is generated from the registry and complete: a page, an example suite
that loads and lints, a source and a meaning for every argument of every registered check."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import datacheck as dc
from datacheck.checks import registered_checks
from datacheck.cli import main
from datacheck.reference import (
    PAGES_DIR,
    check_example,
    check_page,
    check_pages,
    check_parameters,
    check_reference,
    reference_nav,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = DOCS / PAGES_DIR
REGENERATE = "run `python -m datacheck.reference --all`"
NAMES = sorted(registered_checks())


def test_docs_check_reference_is_generated_from_the_registry() -> None:
    assert (DOCS / "checks.md").read_text(encoding="utf-8") == check_reference(), (
        f"docs/checks.md is stale: {REGENERATE}"
    )


def test_every_registered_check_is_documented() -> None:
    text = check_reference()
    for name in registered_checks():
        assert f"### `{name}`" in text


def test_generated_pages_match_the_registry() -> None:
    expected = check_pages(DOCS)
    on_disk = {path.name for path in PAGES.glob("*.md")}
    assert on_disk == set(expected), f"docs/{PAGES_DIR} has stale or missing pages: {REGENERATE}"
    for file_name, text in expected.items():
        assert (PAGES / file_name).read_text(encoding="utf-8") == text, (
            f"docs/{PAGES_DIR}/{file_name} is stale: {REGENERATE}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_every_check_has_a_page_with_every_part(name: str) -> None:
    assert (PAGES / f"{name}.md").is_file(), f"no reference page for {name!r}: {REGENERATE}"
    page = check_page(name, DOCS)
    for heading in ("## Rule", "## Arguments", "## Example", "## Source of the rule"):
        assert heading in page, f"{name}: no {heading!r}"
    assert "*No example yet.*" not in page, f"{name}: add an example suite to EXAMPLES"
    assert "*Not documented yet.*" not in page, f"{name}: add the source of its rule"
    cls = registered_checks()[name]
    assert cls.default_dimension.value in page
    assert ("supported — a SQL" in page) == cls.supports_where


@pytest.mark.parametrize("name", NAMES)
def test_every_argument_has_a_meaning(name: str) -> None:
    page = check_page(name, DOCS)
    for param in check_parameters(registered_checks()[name]):
        row = next(line for line in page.splitlines() if line.startswith(f"| `{param['name']}` |"))
        meaning = row.rstrip("|").rsplit("|", 1)[1].strip()
        assert meaning, f"{name}.{param['name']}: no meaning (docstring or PARAMETER_NOTES)"


@pytest.mark.parametrize("name", NAMES)
def test_every_example_loads_lints_and_uses_its_check(name: str, tmp_path: Path) -> None:
    example = check_example(name)
    assert example, f"{name}: no example suite"
    suite = dc.Suite.loads(example, file=f"{name}.yaml")
    assert suite.result_ids()
    assert any(check.kind == name for check in suite.checks), f"{name}: example never uses it"
    path = tmp_path / f"{name}.yaml"
    path.write_text(example, encoding="utf-8")
    assert main(["lint", str(path), "--lang", "en"]) == 0
    # the page shows exactly this example
    assert example.rstrip("\n") in check_page(name, DOCS)


@pytest.mark.parametrize("name", NAMES)
def test_python_example_imports_the_registered_class(name: str) -> None:
    page = check_page(name, DOCS).partition("## In Python")[2]
    match = re.search(r"^>>> from (\S+) import (\w+)$", page, re.MULTILINE)
    assert match is not None, f"{name}: the class docstring has no Examples section"
    module = importlib.import_module(match.group(1))
    assert getattr(module, match.group(2)) is registered_checks()[name]


def test_in_depth_pages_are_linked_and_their_sources_shown() -> None:
    for page in sorted((DOCS / "checks" / "vn").glob("*.md")):
        name = page.stem
        assert name in registered_checks(), f"docs/checks/vn/{page.name}: no such check"
        text = check_page(name, DOCS)
        assert f"(../../checks/vn/{name}.md)" in text
        source = re.search(r"^## Sources?\n(.*?)(?=^## |\Z)", page.read_text(), re.M | re.S)
        if source is not None:
            first = source.group(1).strip().splitlines()[0]
            assert first in text, f"{name}: the page does not show the in-depth source"


def test_nav_lists_every_check_page_once() -> None:
    listed = [page for section in reference_nav() for pages in section.values() for page in pages]
    assert sorted(listed) == sorted(f"{PAGES_DIR}/{name}.md" for name in registered_checks())
    assert all((DOCS / page).is_file() for page in listed)


def test_a_plugin_check_can_document_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    cls = registered_checks()["not_null"]
    monkeypatch.setattr(
        cls, "example", "suite: s\nchecks:\n  - check: not_null\n    column: x\n", raising=False
    )
    monkeypatch.setattr(cls, "rule_source", "Our own rule.", raising=False)
    page = check_page("not_null", DOCS)
    assert "    column: x" in page
    assert "Our own rule." in page
