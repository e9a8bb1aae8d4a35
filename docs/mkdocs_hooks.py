"""MkDocs hooks of the datacheck documentation site (``hooks:`` in ``mkdocs.yml``).

The nav in ``mkdocs.yml`` is static, with exactly two documented exceptions:

1. **Optional pages.** ``extra.optional_pages`` in ``mkdocs.yml`` lists pages that work in
   progress may not have written yet. A nav entry for one of them is dropped when its file is
   absent (logged at INFO level). Every other nav entry, link or anchor that points nowhere
   still fails ``mkdocs build --strict``; an optional page that exists is built and checked
   like any other. When a page has landed, move it out of the list.
2. **The check reference.** Right after the nav entry ``reference/checks/index.md`` the hook
   inserts one section per dimension with the generated page of every registered check
   (:func:`datacheck.reference.reference_nav`), so registering a check needs no nav edit.
   The pages themselves are written by ``python -m datacheck.reference --all``; a test fails
   when they are stale.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from datacheck.reference import PAGES_DIR, reference_nav

log = logging.getLogger("mkdocs.hooks.datacheck")

CHECK_INDEX = f"{PAGES_DIR}/index.md"


def _target(item: Any) -> Any:
    """The file (or sub-list) a nav item points to."""
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item.values()))
    return item


def _filter(items: list[Any], absent: set[str]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        target = _target(item)
        if isinstance(target, str) and target in absent:
            log.info("optional page %s is not written yet: left out of the nav", target)
            continue
        if isinstance(target, list):
            title = next(iter(item))
            kept = _filter(target, absent)
            if kept:
                out.append({title: kept})
            continue
        out.append(item)
        if target == CHECK_INDEX:
            out.extend(reference_nav())
    return out


def on_config(config: Any) -> Any:
    """Drop absent optional pages from the nav and add the generated check pages."""
    docs_dir = Path(config["docs_dir"])
    optional = config["extra"].get("optional_pages") or []
    absent = {page for page in optional if not (docs_dir / page).is_file()}
    if config["nav"] is not None:
        config["nav"] = _filter(list(config["nav"]), absent)
    return config
