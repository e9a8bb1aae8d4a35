"""The check reference, derived from the registry (the only list of checks).

``docs/checks.md`` is this module's output; a test fails if the two drift apart.
Regenerate with ``python -m datacheck.reference > docs/checks.md``.

Examples
--------
>>> text = check_reference()
>>> "### `not_null`" in text
True
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from datacheck._coerce import to_plain, type_name
from datacheck.checks.base import Check, registered_checks
from datacheck.dimensions import Dimension

__all__ = ["COMMON_PARAMETERS", "check_parameters", "check_reference"]

COMMON_PARAMETERS = ("name", "dimension", "threshold", "warn", "severity", "weight", "where")


def check_parameters(cls: type[Check]) -> list[dict[str, Any]]:
    """The parameters of a check class (without the common ones), in declaration order.

    Examples
    --------
    >>> from datacheck.checks import Pattern
    >>> [p["name"] for p in check_parameters(Pattern)]
    ['columns', 'pattern']
    """
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name in COMMON_PARAMETERS:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default: Any = None
        if f.default is not dataclasses.MISSING:
            default = to_plain(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default = to_plain(f.default_factory())
        out.append(
            {
                "name": f.name,
                "type": type_name(hints.get(f.name, Any)),
                "required": required,
                "default": default,
            }
        )
    return out


def _first_paragraph(cls: type[Check]) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


def check_reference() -> str:
    """The Markdown reference of every registered check, grouped by default dimension."""
    checks = registered_checks()
    lines = [
        "# Check reference",
        "",
        "Generated from the check registry by `python -m datacheck.reference`; do not edit.",
        "",
        "Every check also takes the common parameters "
        + ", ".join(f"`{p}`" for p in COMMON_PARAMETERS)
        + " (see the user guide). On row checks, `column: x` is short for `columns: [x]`,",
        "and a list yields one result per column. `where` (a SQL condition restricting the rows",
        "evaluated; false or null: out of scope) is honoured by the checks marked",
        "*supports `where`* below; any other check refuses it.",
        "",
    ]
    for dimension in Dimension:
        members = [(n, c) for n, c in checks.items() if c.default_dimension is dimension]
        if not members:
            continue
        lines += [f"## {dimension.label('en')} ({dimension.label('vi')})", ""]
        lines += [f"{dimension.description('en')}.", ""]
        for name, cls in members:
            vi, en = cls.summary
            lines += [f"### `{name}`", "", f"{_first_paragraph(cls)}", "", f"*{vi}*", ""]
            if cls.supports_where:
                lines += ["*supports `where`*", ""]
            params = check_parameters(cls)
            if params:
                lines += ["| parameter | type | required | default |", "|---|---|---|---|"]
                for p in params:
                    shown = p["default"] not in (None, [], ())
                    default = f"`{p['default']!r}`" if shown else ""
                    required = "yes" if p["required"] else "no"
                    lines.append(f"| `{p['name']}` | {p['type']} | {required} | {default} |")
                lines.append("")
            del en
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(check_reference(), end="")
