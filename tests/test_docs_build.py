"""`make docs` builds: MkDocs in strict mode, so a broken link, anchor or nav entry fails.

Needs the ``docs`` extra (``pip install -e '.[docs]'``); skipped without MkDocs. Each build
takes a few seconds (the site is small), so both run in ``make test``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="the docs extra is not installed: pip install -e '.[docs]'",
)


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """The command of `make docs`, into ``site``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site),
        ],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    done = build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "site"
    for page in (
        "index.html",
        "getting-started/index.html",
        "vi/bat-dau/index.html",
        "cli/index.html",
        "python-api/index.html",
        "reference/checks/cccd/index.html",
        "recipes/airflow/index.html",
        "recipes/dagster/index.html",
        "recipes/scheduled-run/index.html",
    ):
        assert (site / page).is_file(), page
    assert "mkdocs_hooks" not in {p.stem for p in site.rglob("*.py")}


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    page = tmp_path / "docs" / "getting-started.md"
    page.write_text(page.read_text("utf-8") + "\n[gone](no-such-page.md)\n", "utf-8")
    done = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert done.returncode != 0
    assert "no-such-page.md" in done.stdout + done.stderr
