"""The hand-written documentation stays true: code blocks compile or run, the walkthrough's
numbers are the program's, every CLI option and public name is documented."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer

import datacheck as dc
from datacheck.cli import create_app, main
from datacheck.reference import PAGES_DIR, update_cli_doc

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RECIPES = sorted((DOCS / "recipes").glob("*.md"))
OWN_PAGES = [
    DOCS / "getting-started.md",
    DOCS / "vi" / "bat-dau.md",
    DOCS / "cli.md",
    DOCS / "python-api.md",
    *RECIPES,
]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(page.read_text("utf-8")) if lang == language]


def test_recipes_exist() -> None:
    assert {p.name for p in RECIPES} >= {"scheduled-run.md", "airflow.md", "dagster.md"}


@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_compile(page: Path) -> None:
    modules: list[list[str]] = []
    for index, body in enumerate(blocks(page, "python")):
        compile(body, f"{page.name}[{index}]", "exec")
        # a block opening with a docstring starts a file; the next blocks continue it
        if not modules or body.lstrip().startswith('"""'):
            modules.append([])
        modules[-1].append(body)
    for index, module in enumerate(modules):
        compile("\n".join(module), f"{page.name}: file {index}", "exec")


@pytest.mark.parametrize("page", RECIPES, ids=lambda p: p.name)
def test_recipes_use_the_pipeline_interfaces(page: Path) -> None:
    text = page.read_text("utf-8")
    if page.name in ("airflow.md", "dagster.md"):
        assert "raise_on_failure" in text
        assert "ValidationFailed" in text
    assert "exit code" in text.lower()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize("page", OWN_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_bash_blocks_parse(page: Path) -> None:
    for index, body in enumerate(blocks(page, "bash")):
        done = subprocess.run(
            ["bash", "-n"], input=body, text=True, capture_output=True, check=False
        )
        assert done.returncode == 0, f"{page.name}[{index}]: {done.stderr}"


# ---------------------------------------------------------------------- getting started


WALKTHROUGHS = [DOCS / "getting-started.md", DOCS / "vi" / "bat-dau.md"]
ROW = re.compile(r"^ (\w+(?::\w+)?)\s+(\d+)\s+(\d+)\s+\d+%", re.MULTILINE)


@pytest.mark.parametrize("page", WALKTHROUGHS, ids=lambda p: p.name)
def test_walkthrough_output_is_what_datacheck_prints(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "suites").mkdir()
    exec(compile(blocks(page, "python")[0], page.name, "exec"), {})
    (tmp_path / "suites" / "can_bo.yaml").write_text(blocks(page, "yaml")[0], "utf-8")
    assert main(["lint", "suites/can_bo.yaml"]) == 0
    code = main(
        [
            "run",
            "suites/can_bo.yaml",
            "--as-of",
            "2026-06-30",
            "--quiet",
            "--json",
            "out/can_bo.json",
        ]
    )
    shown = blocks(page, "console")
    assert code == 1
    assert shown[-1].rstrip().endswith("$ echo $?\n1")
    result = dc.Result.read_json(tmp_path / "out" / "can_bo.json")
    rows = ROW.findall(shown[-1])
    assert len(rows) == len(result.checks)
    for result_id, evaluated, failed in rows:
        check = result.check(result_id)
        assert (check.evaluated, check.failed) == (int(evaluated), int(failed)), result_id
    assert result.score is not None
    score = f"{result.score:.2f}"
    assert score in shown[-1] or score.replace(".", ",") in shown[-1]
    assert score in page.read_text("utf-8") or score.replace(".", ",") in page.read_text("utf-8")


# ---------------------------------------------------------------------- python API


def test_python_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = (DOCS / "python-api.md").read_text("utf-8")
    namespace: dict[str, Any] = {}
    ran = 0
    for match in re.finditer(r"(<!-- skip[^\n]*-->\n)?```python\n(.*?)^```", text, re.M | re.S):
        if match.group(1):
            continue
        exec(compile(match.group(2), "python-api.md", "exec"), namespace)
        ran += 1
    assert ran >= 6


def test_every_public_name_is_documented() -> None:
    text = (DOCS / "python-api.md").read_text("utf-8")
    missing = [name for name in dc.__all__ if f"`{name}`" not in text]
    assert not missing, f"docs/python-api.md does not document {missing}"


# ---------------------------------------------------------------------- command line


def _commands() -> list[tuple[str, Any]]:
    group: Any = typer.main.get_command(create_app("en"))
    return [("datacheck", group), *((f"datacheck {n}", c) for n, c in group.commands.items())]


def test_cli_option_tables_are_generated_from_the_app() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    assert update_cli_doc(text) == text, (
        "docs/cli.md is stale: run `python -m datacheck.reference --cli docs/cli.md`"
    )


def test_every_command_and_option_appears_in_the_cli_page() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    for title, command in _commands():
        if title != "datacheck":
            assert f"## `{title}`" in text, f"docs/cli.md has no section for {title}"
        for param in command.params:
            for opt in [*param.opts, *param.secondary_opts]:
                shown = opt if opt.startswith("-") else (param.metavar or opt.upper())
                assert f"`{shown}`" in text, f"docs/cli.md does not document {title} {shown}"


def test_every_exit_code_is_documented() -> None:
    from datacheck import cli  # noqa: PLC0415

    text = (DOCS / "cli.md").read_text("utf-8")
    codes = [value for name, value in vars(cli).items() if name.startswith("EXIT_")]
    for code in codes:
        assert f"| `{code}` |" in text, f"exit code {code} is not in docs/cli.md"


# ---------------------------------------------------------------------- the site


def _hooks() -> Any:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", DOCS / "mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_drops_only_absent_optional_pages_and_adds_the_check_pages() -> None:
    hooks = _hooks()
    config: dict[str, Any] = {
        "docs_dir": str(DOCS),
        "extra": {"optional_pages": ["nowhere.md", "index.md"]},
        "nav": [
            {"Home": "index.md"},
            {"Guide": [{"Gone": "nowhere.md"}, "user-guide.md"]},
            {"Only gone": ["nowhere.md"]},
            {"Checks": [f"{PAGES_DIR}/index.md"]},
        ],
    }
    nav = hooks.on_config(config)["nav"]
    assert nav[0] == {"Home": "index.md"}  # optional but present: kept
    assert nav[1] == {"Guide": ["user-guide.md"]}
    assert all("Only gone" not in item for item in nav)  # a section left empty goes too
    checks = nav[2]["Checks"]
    assert checks[0] == f"{PAGES_DIR}/index.md"
    assert len(checks) > 1


def test_nav_pages_exist_or_are_declared_optional() -> None:
    import yaml  # noqa: PLC0415

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    optional = set(config["extra"]["optional_pages"])

    def pages(items: list[Any]) -> list[str]:
        out: list[str] = []
        for item in items:
            target = next(iter(item.values())) if isinstance(item, dict) else item
            out += pages(target) if isinstance(target, list) else [target]
        return out

    for page in pages(config["nav"]):
        assert (DOCS / page).is_file() or page in optional, f"mkdocs.yml nav: no docs/{page}"
    assert json.dumps(sorted(optional))  # plain names
    assert not config.get("site_dir", "").startswith("site/")
    assert config["site_dir"] != "site"
