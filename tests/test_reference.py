from pathlib import Path

from datacheck.checks import registered_checks
from datacheck.reference import check_reference

DOCS = Path(__file__).resolve().parents[1] / "docs" / "checks.md"


def test_docs_check_reference_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == check_reference(), (
        "docs/checks.md is stale: run `python -m datacheck.reference > docs/checks.md`"
    )


def test_every_registered_check_is_documented() -> None:
    text = check_reference()
    for name in registered_checks():
        assert f"### `{name}`" in text
