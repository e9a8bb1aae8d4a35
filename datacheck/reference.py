"""The documentation derived from the code: the check registry and the command line.

Three generated outputs, each guarded by a test that fails when it drifts from the code
(``tests/test_reference.py``):

* ``docs/checks.md`` — every check on one page: ``python -m datacheck.reference``;
* ``docs/reference/checks/<name>.md`` — one page per registered check (dimension, rule,
  arguments, an example suite, the source of the rule, ``where`` support, the Python
  example) and ``index.md``: ``python -m datacheck.reference --pages docs/reference/checks``;
* the option tables of ``docs/cli.md``, between ``<!-- BEGIN GENERATED … -->`` markers:
  ``python -m datacheck.reference --cli docs/cli.md`` rewrites them in place.

``python -m datacheck.reference --all`` regenerates the three. The example suites live here
(:data:`EXAMPLES`) unless a check class carries its own ``example`` attribute (a plugin's
way to document itself); the sources of the Vietnamese rules are read from their in-depth
pages in ``docs/checks/``.

Examples
--------
>>> text = check_reference()
>>> "### `not_null`" in text
True
>>> page = check_page("not_null")
>>> page.splitlines()[0]
'# `not_null`'
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import re
import sys
import typing
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from datacheck._coerce import to_plain, type_name
from datacheck.checks.base import Check, RowCheck, registered_checks
from datacheck.dimensions import Dimension

__all__ = [
    "COMMON_PARAMETERS",
    "DEFAULT_DOCS_DIR",
    "EXAMPLES",
    "PAGES_DIR",
    "SOURCES",
    "check_example",
    "check_page",
    "check_pages",
    "check_parameters",
    "check_reference",
    "cli_tables",
    "main",
    "reference_nav",
    "update_cli_doc",
]

COMMON_PARAMETERS = ("name", "dimension", "threshold", "warn", "severity", "weight", "where")

DEFAULT_DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
"""The ``docs/`` folder of a source checkout (absent from an installed wheel)."""

PAGES_DIR = PurePosixPath("reference/checks")
"""Where the per-check pages live, relative to ``docs/``."""

GENERATED = (
    "Generated from the check registry by `python -m datacheck.reference --all`; do not edit."
)

# ------------------------------------------------------------------------------ examples

EXAMPLES: Mapping[str, str] = {
    "admin_unit": """\
suite: dan_cu
checks:
  - check: admin_unit            # codes of the 34 provinces in force from 2025-07-01
    column: province_code
    level: province
  - check: admin_unit            # a pre-2025 district code, checked against the old list
    name: legacy_district_code
    column: district_code
    level: district
    vintage: legacy
""",
    "admin_unit_current": """\
suite: dan_cu
checks:
  - check: admin_unit_current    # no commune that ceased to exist on 2025-07-01
    column: ward_code
    level: commune
    name_column: ward_name       # also catches reused codes written with the old name
""",
    "agrees_with": """\
suite: bao_hiem
references:
  population: ../samples/out/dan_cu      # the population master
checks:
  - check: agrees_with
    name: birth_date_matches_population
    key: [person_id]
    reference: population
    columns: [birth_date]
""",
    "between": """\
suite: dan_cu
checks:
  - check: between
    column: birth_date
    min: 1900-01-01
    max: today                   # the run's as-of date
""",
    "bhxh_code": """\
suite: bao_hiem
checks:
  - check: bhxh_code
    column: bhxh_code
    severity: critical
""",
    "bhyt_card": """\
suite: bao_hiem
checks:
  - check: bhyt_card
    column: card_code
    bhxh_column: bhxh_code       # the card's last 10 characters are the BHXH code
""",
    "cccd": """\
suite: dan_cu
key: person_id
pii: [person_id]
checks:
  - check: cccd
    column: person_id
    severity: critical
""",
    "cccd_consistent": """\
suite: dan_cu
checks:
  - check: cccd_consistent       # the id's century/sex digit and year match the record
    column: person_id
    birth_date: birth_date
    sex: sex
    male: Nam
    female: Nữ
""",
    "exists_in": """\
suite: thue
references:
  population: ../samples/out/dan_cu
checks:
  - check: exists_in             # every taxpayer's personal id is in the population master
    column: person_id
    reference: population
    reference_column: person_id
    where: taxpayer_type = 'individual'
""",
    "expression": """\
suite: ho_tich
checks:
  - check: expression
    name: death_after_birth
    column: death_date
    expr: death_date >= birth_date
""",
    "fresh": """\
suite: dan_cu
checks:
  - check: fresh
    column: updated_at
    max_age: 365d                # units: s, m, h, d, w
    threshold: 0.95
    warn: 0.9
""",
    "id_placeholder": """\
suite: dan_cu
checks:
  - check: id_placeholder
    columns: [person_id, tax_code]
    values: ["KHONG RO", "000000000001"]
""",
    "in_catalogue": """\
suite: dan_cu
checks:
  - check: in_catalogue          # codes of the 54 ethnic groups ("01" Kinh … "54")
    column: ethnicity_code
    catalogue: ethnic_groups
  - check: in_catalogue          # ISO 3166-1 alpha-3 codes
    column: nationality
    catalogue: countries
    field: alpha3
""",
    "in_set": """\
suite: dan_cu
checks:
  - check: in_set
    column: sex
    values: [Nam, Nữ]
""",
    "lifecycle": """\
suite: bao_hiem
references:
  population: ../samples/out/dan_cu
checks:
  - check: lifecycle             # a deceased person has no active insurance
    name: deceased_still_active
    key: [person_id]
    reference: population
    status: status
    active: [active]
    reference_status: status
    ended: [deceased]
    severity: critical
""",
    "lookalike_chars": """\
suite: dan_cu
checks:
  - check: lookalike_chars
    columns: [full_name, address]
  - check: lookalike_chars       # the free-text column may hold tabs and newlines
    column: note
    kinds: [eth, nbsp, invisible]
""",
    "mojibake": """\
suite: dan_cu
checks:
  - check: mojibake
    columns: [full_name, address]
""",
    "mst": """\
suite: thue
checks:
  - check: mst
    column: tax_code
    branch: either               # -NNN and 13-digit branch forms both pass
    allow_personal_id: true      # individuals' tax code is their personal id since 2025-07-01
""",
    "name_vn": """\
suite: dan_cu
checks:
  - check: name_vn
    columns: [full_name, father_name, mother_name]
""",
    "no_district_level": """\
suite: dan_cu
checks:
  - check: no_district_level     # no Quận/Huyện/Thị xã in addresses after 2025-07-01
    column: current_address
""",
    "normalized_text": """\
suite: dan_cu
checks:
  - check: normalized_text       # NFC, trimmed, single spaces
    columns: [full_name, address]
""",
    "not_blank": """\
suite: dan_cu
placeholders: ["N/A", "-", "Không rõ"]
checks:
  - check: not_blank
    column: full_name
    placeholders: ["chưa có"]    # adds to the suite-wide list
""",
    "not_future": """\
suite: dan_cu
checks:
  - check: not_future
    columns: [birth_date, updated_at]
""",
    "not_null": """\
suite: thu_tuc
checks:
  - check: not_null
    columns: [dossier_id, received_at]
    severity: critical
  - check: not_null              # individual applicants' dossiers carry their personal id
    name: applicant_id_present
    column: applicant_person_id
    where: applicant_type = 'individual'
""",
    "pattern": """\
suite: dan_cu
checks:
  - check: pattern               # Rust regex, searched: anchor with ^…$
    column: phone
    pattern: '^0[0-9]{9}$'
    threshold: 0.99
    warn: 0.95
""",
    "phone_vn": """\
suite: dan_cu
checks:
  - check: phone_vn
    column: phone
    allow_landline: false
    allow_separators: true       # 0912 345 678 and 0912.345.678 pass
""",
    "plate_vn": """\
suite: phuong_tien
checks:
  - check: plate_vn
    column: plate
""",
    "required_columns": """\
suite: dan_cu
checks:
  - check: required_columns
    name: has_required_columns
    columns: [person_id, full_name, birth_date, sex, province_code]
""",
    "row_count": """\
suite: dan_cu
checks:
  - check: row_count
    name: enough_rows
    min: 1000
    severity: critical
""",
    "tone_style_consistent": """\
suite: dan_cu
checks:
  - check: tone_style_consistent # Hòa and Hoà are not both in the column
    column: full_name
""",
    "unique": """\
suite: dan_cu
checks:
  - check: unique
    columns: [person_id]         # ONE compound key
    severity: critical
  - check: unique
    name: one_registration_per_event
    columns: [person_id, event_type, event_date]
""",
    "unit_in_province": """\
suite: dat_dai
checks:
  - check: unit_in_province      # the commune lies in the province the record names
    column: commune_code
    province: province_code
""",
}
"""An example suite per check (a complete suite: it loads and lints as it is)."""

# ------------------------------------------------------------------------------ sources

SOURCES: Mapping[str, str] = {
    "not_null": (
        "datacheck's check semantics for *đủ* (complete): a required value is present. "
        "Missing values are counted in one place only — value checks never evaluate nulls — "
        "so one defect is one failure."
    ),
    "not_blank": (
        "datacheck's check semantics for *đủ* (complete): an empty, whitespace-only or "
        "placeholder value (`N/A`, `-`, `Không rõ`) carries no more information than a null. "
        "Placeholders are the suite's `placeholders` plus the check's own, compared trimmed "
        "and case-folded."
    ),
    "required_columns": (
        "datacheck's check semantics for *đủ* (complete): the export carries every column its "
        "data dictionary requires. Dataset-level: `evaluated` is 1."
    ),
    "row_count": (
        "datacheck's check semantics for *đủ* (complete): the expected population is covered "
        "(a national database of the whole population cannot hold a handful of rows). "
        "Dataset-level: `evaluated` is 1."
    ),
    "unique": (
        "datacheck's check semantics for *sạch* (clean), following the convention of Great "
        "Expectations and pandera: every row of a duplicated key fails; `details` add the "
        "number of duplicate groups and the surplus rows (`rows − distinct keys`)."
    ),
    "normalized_text": (
        "Quyết định 72/2002/QĐ-TTg makes Unicode (TCVN 6909:2001) the encoding of Vietnamese "
        "text exchanged by state agencies; NFC is the form its precomposed letters take. "
        "Trimming and single spaces are datacheck's rule for *sạch* (clean) text."
    ),
    "pattern": (
        "The suite's own regular expression. The syntax is that of the Rust `regex` crate, "
        "which Polars uses: the pattern is searched (anchor it with `^…$` for a whole value); "
        "look-around and back-references are not supported."
    ),
    "in_set": (
        "The suite's own list of allowed values (a status vocabulary, a local code list). For "
        "the national catalogues shipped with datacheck use `in_catalogue`."
    ),
    "between": (
        "The suite's own range. `today` and `now` are the run's as-of instant, so a run is "
        "reproducible."
    ),
    "expression": (
        "The suite's own SQL expression, parsed by `polars.sql_expr` (the Polars SQL "
        "dialect). Nothing in a suite is ever passed to Python's `eval`."
    ),
    "fresh": (
        "datacheck's check semantics for *sống* (live): records are updated within "
        "`max_age` of the run's as-of instant."
    ),
    "not_future": (
        "datacheck's check semantics for *sống* (live): a recorded date or time cannot be "
        "after the run's as-of instant."
    ),
    "lifecycle": (
        "datacheck's check semantics for *sống* (live) across databases: a subject that has "
        "ended in its master database — a person deceased in the population database, an "
        "enterprise dissolved in the business register — has no active record elsewhere."
    ),
    "agrees_with": (
        "datacheck's check semantics for *thống nhất* (consistent): the same fact about the "
        "same key agrees across databases, the master database (the population database for "
        "personal facts) being the reference."
    ),
    "exists_in": (
        "datacheck's check semantics for *dùng chung* (shared): records carry the shared keys "
        "(personal id, tax code) that let other databases find them in the master."
    ),
    "id_placeholder": (
        "No legal text lists placeholder identifiers; the rule is datacheck's. Dummy values "
        "(`000000000000`, `123456789012`) fill missing identifiers in real databases and hide "
        "them from `not_null`. The structures of the identifiers themselves are on the pages "
        "of `cccd`, `mst` and `bhxh_code`."
    ),
}
"""The source of each rule that has no ``## Source`` section in an in-depth page."""

# ------------------------------------------------------------------------------ arguments

PARAMETER_NOTES: Mapping[tuple[str, str], str] = {
    ("admin_unit", "level"): "the level the codes belong to",
    ("admin_unit", "vintage"): (
        "the list: `2025` (in force from 2025-07-01, no district level) or `legacy` "
        "(until 2025-06-30)"
    ),
    ("admin_unit_current", "level"): "the level the codes belong to",
    ("admin_unit_current", "name_column"): (
        "a column with the unit's name, to catch reused codes written with the legacy name "
        "(not with `level: district`)"
    ),
    ("between", "min"): "lower bound, inclusive (a number, a date, a date-time, `today`, `now`)",
    ("between", "max"): "upper bound, inclusive (a date as `max` of a date-time includes the day)",
    ("bhyt_card", "bhxh_column"): (
        "a column whose value must equal the card's last 10 characters (the BHXH code)"
    ),
    ("cccd", "allow_abroad"): "accept the country codes 101–295 of births registered abroad",
    ("cccd_consistent", "birth_date"): (
        "the column with the birth date (a date, a date-time or an integer year)"
    ),
    ("cccd_consistent", "sex"): "the column with the sex, compared as text with `male`/`female`",
    ("cccd_consistent", "male"): "the value of `sex` meaning male",
    ("cccd_consistent", "female"): "the value of `sex` meaning female",
    ("cccd_consistent", "allow_abroad"): "accept the country codes of births registered abroad",
    ("expression", "expr"): "a SQL boolean expression (`polars.sql_expr`), true for good rows",
    ("expression", "column"): "the column the result is about (shown in reports and samples)",
    ("fresh", "max_age"): "the greatest age allowed: a number and a unit `s`, `m`, `h`, `d`, `w`",
    ("id_placeholder", "values"): "further placeholder values, compared exactly",
    ("id_placeholder", "min_length"): "the shortest digit run counted as a placeholder (1–32)",
    ("in_catalogue", "catalogue"): (
        "`ethnic_groups`, `countries`, `provinces_2025` or `communes_2025`"
    ),
    ("in_catalogue", "field"): (
        "the catalogue's column to compare with (default: its code field; `alpha2` for countries)"
    ),
    ("in_set", "values"): "the allowed values (compared exactly)",
    ("mst", "branch"): (
        "accepted branch forms: `hyphen` (`-NNN`), `plain` (13 digits), `either`, `never`"
    ),
    ("mst", "allow_personal_id"): "accept a valid 12-digit personal id as a tax code",
    ("no_district_level", "position"): (
        "`segment`: the words must start a comma-separated part; `anywhere`: any word start"
    ),
    ("not_blank", "placeholders"): "further placeholder values, added to the suite's",
    ("pattern", "pattern"): "a regular expression (Rust syntax), searched",
    ("phone_vn", "allow_landline"): "accept landline numbers (`02x` area codes)",
    ("phone_vn", "allow_separators"): "ignore single spaces, dots or hyphens between digit groups",
    ("phone_vn", "mobile_prefixes"): "the mobile carrier prefixes (default: the current list)",
    ("plate_vn", "allow_compact"): "accept plates written without separators (`30A12345`)",
    ("plate_vn", "provinces"): "the locality codes accepted (default: the current list)",
    ("plate_vn", "extra_series"): "further series accepted",
    ("required_columns", "columns"): "the columns the dataset must have (one result)",
    ("row_count", "min"): "fewest rows (inclusive)",
    ("row_count", "max"): "most rows (inclusive)",
    ("unique", "columns"): "ONE compound key (one result)",
    ("unit_in_province", "province"): "the column with the record's province code",
    ("unit_in_province", "vintage"): "the list: `2025` or `legacy`",
    ("unit_in_province", "district"): (
        "the column with the record's district code (only with `vintage: legacy`)"
    ),
}
"""What a parameter means, where the class docstring has no ``Parameters`` entry for it."""

COMMON_NOTES: Mapping[str, str] = {
    "name": "the result id instead of `check:column` (unique within the suite)",
    "dimension": "count the check in another dimension than its default",
    "threshold": "the lowest pass rate with status `pass`",
    "warn": "the lowest pass rate with status `warn` (below: `fail`)",
    "severity": "`normal` or `critical` (a critical check weighs 3× in its dimension)",
    "weight": "the check's weight in its dimension score",
    "where": ("a SQL condition: only rows where it is true are evaluated (row-level checks only)"),
}
"""What each parameter common to every check means."""

_ROW_COLUMNS_NOTE = "the columns checked (`column: x` for one); one result per column"

_NUMPY_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}\n", re.MULTILINE)
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_LINK = re.compile(r"\]\((?!https?:|mailto:|#|/)([^)]+)\)")


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
        if f.name in COMMON_PARAMETERS or not f.init:
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


# ------------------------------------------------------------------------------ docstrings


def _markdown(text: str) -> str:
    """ReStructuredText inline markup of a docstring → Markdown."""
    text = _ROLE.sub(r"`\1`", text)
    return text.replace("``", "`")


def _doc_sections(cls: type[Check]) -> dict[str, str]:
    """A numpy docstring split into ``{"": description, "Parameters": …, "Examples": …}``."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    sections: dict[str, str] = {}
    title = ""
    position = 0
    for match in _NUMPY_SECTION.finditer(doc):
        sections[title] = doc[position : match.start()].strip()
        title, position = match.group(1), match.end()
    sections[title] = doc[position:].strip()
    return sections


def _docstring_parameters(cls: type[Check]) -> dict[str, str]:
    """The ``Parameters`` section of a class docstring: name → one-line description."""
    out: dict[str, str] = {}
    name = None
    for line in _doc_sections(cls).get("Parameters", "").splitlines():
        if line and not line.startswith(" "):
            name = line.split(":")[0].strip()
            for part in name.split(","):
                out[part.strip()] = ""
        elif name is not None:
            for part in name.split(","):
                key = part.strip()
                out[key] = f"{out[key]} {line.strip()}".strip()
    return out


def _first_paragraph(cls: type[Check]) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n")[0].replace("\n", " ")


def _parameter_note(name: str, cls: type[Check], param: str) -> str:
    documented = _docstring_parameters(cls).get(param)
    if documented:  # "The key columns." → "the key columns", like the notes
        text = _markdown(documented).removesuffix(".")
        if len(text) > 1 and text[0].isupper() and text[1].islower():
            text = text[0].lower() + text[1:]
        return text
    if (name, param) in PARAMETER_NOTES:
        return PARAMETER_NOTES[(name, param)]
    if param == "columns" and issubclass(cls, RowCheck):
        return _ROW_COLUMNS_NOTE
    return ""


def _public_path(cls: type[Check]) -> str:
    """The import path of a check class: ``datacheck.checks`` when it exports it."""
    from datacheck import checks  # noqa: PLC0415 (the package imports this module's deps)

    if cls.__name__ in getattr(checks, "__all__", ()):
        return "datacheck.checks"
    return cls.__module__


# ------------------------------------------------------------------------------ sources


def _in_depth_page(name: str, docs_dir: Path) -> PurePosixPath | None:
    """The hand-written in-depth page of a check under ``docs/checks/``, if there is one."""
    for candidate in (
        PurePosixPath("checks/vn") / f"{name}.md",
        PurePosixPath(f"checks/{name}.md"),
    ):
        if (docs_dir / candidate).is_file():
            return candidate
    return None


def _relative(target: PurePosixPath, start: PurePosixPath) -> str:
    return PurePosixPath(os.path.relpath(target, start)).as_posix()


def _source_section(page: PurePosixPath, docs_dir: Path) -> str | None:
    """The ``## Source``/``## Sources`` section of an in-depth page, links re-based."""
    text = (docs_dir / page).read_text(encoding="utf-8")
    match = re.search(r"^## Sources?\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if match is None:
        return None
    body = match.group(1).strip()

    def rebase(link: re.Match[str]) -> str:
        target = page.parent / link.group(1)
        return f"]({_relative(target, PAGES_DIR)})"

    return _LINK.sub(rebase, body)


def _rule_source(name: str, cls: type[Check], docs_dir: Path) -> tuple[str | None, str | None]:
    """``(source text, link to the in-depth page)`` of a check's rule."""
    own = getattr(cls, "rule_source", None)
    page = _in_depth_page(name, docs_dir)
    section = _source_section(page, docs_dir) if page is not None else None
    text = own if isinstance(own, str) else section or SOURCES.get(name)
    link = _relative(page, PAGES_DIR) if page is not None else None
    return text, link


# ------------------------------------------------------------------------------ examples


def check_example(name: str) -> str | None:
    """The example suite (YAML) of a registered check, or ``None`` if it has none.

    A check class may carry its own ``example`` (a YAML suite); else :data:`EXAMPLES`.

    Examples
    --------
    >>> import datacheck as dc
    >>> dc.Suite.loads(check_example("unique")).result_ids()
    ['unique:person_id', 'one_registration_per_event']
    """
    own = getattr(registered_checks()[name], "example", None)
    if isinstance(own, str):
        return own
    return EXAMPLES.get(name)


def _example_results(example: str) -> list[str]:
    from datacheck.suite import Suite  # noqa: PLC0415 (the suite imports the registry)

    return Suite.loads(example).result_ids()


# ------------------------------------------------------------------------------ pages


def _default(value: Any) -> str:
    if value is None or (isinstance(value, list | tuple) and not value):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list | tuple):
        return f"`{json.dumps(list(value), ensure_ascii=False)}`"
    return f"`{value}`"


def _dimension_title(dimension: Dimension) -> str:
    return f"{dimension.label('en')} ({dimension.label('vi')})"


def check_page(name: str, docs_dir: Path | None = None) -> str:
    """The Markdown reference page of one registered check.

    Parameters
    ----------
    name
        The check's registered name, e.g. ``"cccd"``.
    docs_dir
        The ``docs/`` folder whose in-depth pages give the sources of the Vietnamese rules
        (default: the checkout's).
    """
    docs = DEFAULT_DOCS_DIR if docs_dir is None else docs_dir
    cls = registered_checks()[name]
    vi, en = cls.summary
    sections = _doc_sections(cls)
    dimension = cls.default_dimension
    example = check_example(name)
    source, in_depth = _rule_source(name, cls, docs)
    lines = [f"# `{name}`", "", f"{en[:1].upper()}{en[1:]}. *{vi[:1].upper()}{vi[1:]}.*", ""]
    results = ", ".join(f"`{r}`" for r in _example_results(example)) if example else ""
    where = (
        "supported — a SQL condition restricting the rows evaluated"
        if cls.supports_where
        else "not supported — the check refuses it with a definition error"
    )
    lines += [
        f"- **Dimension:** `{dimension.value}` — {_dimension_title(dimension)}; a suite may "
        "override it with `dimension:`.",
        f"- **`where`:** {where}.",
        f"- **Python:** `{_public_path(cls)}.{cls.__name__}`.",
    ]
    if results:
        lines.append(f"- **Results of the example:** {results}.")
    if in_depth:
        lines.append(f"- **In depth:** [`{name}` in depth]({in_depth}).")
    lines += ["", "## Rule", "", _markdown(sections.get("", "")), ""]
    lines += ["## Arguments", ""]
    params = check_parameters(cls)
    if params:
        lines += [
            "| argument | type | required | default | meaning |",
            "|---|---|---|---|---|",
        ]
        for p in params:
            required = "yes" if p["required"] else "no"
            note = _parameter_note(name, cls, p["name"])
            lines.append(
                f"| `{p['name']}` | {p['type']} | {required} | {_default(p['default'])} | {note} |"
            )
        lines.append("")
    else:
        lines += ["No arguments of its own.", ""]
    common = ", ".join(f"`{c}`" for c in COMMON_PARAMETERS if c != "where" or cls.supports_where)
    lines += [
        f"Like every check it also takes {common} "
        "([common parameters](index.md#common-parameters)).",
        "",
    ]
    lines += ["## Example", ""]
    if example:
        lines += ["```yaml", example.rstrip("\n"), "```", ""]
        lines += [
            "The suite loads as it is (`datacheck lint`); paths are relative to the suite "
            "file's folder.",
            "",
        ]
    else:
        lines += ["*No example yet.*", ""]
    lines += ["## Source of the rule", ""]
    lines += [source if source else "*Not documented yet.*", ""]
    if in_depth:
        lines += [
            f"Details, nulls, `details` keys and worked examples: [`{name}` in depth]({in_depth}).",
            "",
        ]
    examples = sections.get("Examples")
    if examples:
        lines += ["## In Python", "", "Run as a doctest by `make test`:", "", "```pycon"]
        lines.append(f">>> from {_public_path(cls)} import {cls.__name__}")
        lines += [examples, "```", ""]
    lines += [f"<!-- {GENERATED} -->"]
    return "\n".join(lines).rstrip() + "\n"


def _index_page() -> str:
    checks = registered_checks()
    lines = [
        "# Checks by dimension",
        "",
        "Generated from the check registry by "
        "`python -m datacheck.reference --pages docs/reference/checks`; do not edit.",
        "One page per check: its dimension, rule, arguments, an example suite and the source "
        "of the rule. The same list is printed by `datacheck checks` (`--json` for tools).",
        "",
    ]
    for dimension in Dimension:
        members = [(n, c) for n, c in checks.items() if c.default_dimension is dimension]
        if not members:
            continue
        description = dimension.description("en")
        lines += [f"## {_dimension_title(dimension)}", ""]
        lines += [f"{description[:1].upper()}{description[1:]}.", ""]
        lines += ["| check | rule | `where` |", "|---|---|---|"]
        for name, cls in members:
            where = "yes" if cls.supports_where else "—"
            lines.append(f"| [`{name}`]({name}.md) | {cls.summary[1]} | {where} |")
        lines.append("")
    hints = typing.get_type_hints(Check)
    lines += [
        "## Common parameters",
        "",
        "Every check takes these besides its own arguments. On row checks `column: x` is short "
        "for `columns: [x]`, and a list of columns yields one result per column.",
        "",
        "| parameter | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for f in dataclasses.fields(Check):
        if f.name not in COMMON_PARAMETERS:
            continue
        default = to_plain(f.default) if f.default is not dataclasses.MISSING else None
        shown = default.value if isinstance(default, Enum) else default
        lines.append(
            f"| `{f.name}` | {type_name(hints.get(f.name, Any))} | {_default(shown)} "
            f"| {COMMON_NOTES.get(f.name, '')} |"
        )
    lines += [
        "",
        "Statuses and scores: [scoring model](../../scoring.md). Which rows a check evaluates "
        "when a suite says `where`: "
        "[user guide](../../user-guide.md#checking-a-subset-of-rows-where).",
    ]
    return "\n".join(lines).rstrip() + "\n"


def check_pages(docs_dir: Path | None = None) -> dict[str, str]:
    """Every generated page of the check reference: file name → Markdown.

    ``index.md`` lists the checks by dimension and the common parameters; ``<name>.md``
    documents one check.
    """
    pages = {"index.md": _index_page()}
    for name in registered_checks():
        pages[f"{name}.md"] = check_page(name, docs_dir)
    return pages


def reference_nav() -> list[dict[str, list[str]]]:
    """The check pages grouped by dimension, as ``mkdocs.yml`` nav entries.

    Examples
    --------
    >>> nav = reference_nav()
    >>> next(iter(nav[0]))
    'Correct (Đúng)'
    >>> "reference/checks/cccd.md" in nav[0]["Correct (Đúng)"]
    True
    """
    checks = registered_checks()
    out = []
    for dimension in Dimension:
        names = [n for n, c in checks.items() if c.default_dimension is dimension]
        if names:
            out.append({_dimension_title(dimension): [f"{PAGES_DIR}/{n}.md" for n in names]})
    return out


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
        + " (see the [user guide](user-guide.md)). On row checks, `column: x` is short for",
        "`columns: [x]`, and a list yields one result per column. `where` (a SQL condition",
        "restricting the rows evaluated; false or null: out of scope) is honoured by the checks",
        "marked *supports `where`* below; any other check refuses it. Each check has its own",
        f"page with an example suite and the source of its rule: [{PAGES_DIR}/]"
        f"({PAGES_DIR}/index.md).",
        "",
    ]
    for dimension in Dimension:
        members = [(n, c) for n, c in checks.items() if c.default_dimension is dimension]
        if not members:
            continue
        lines += [f"## {_dimension_title(dimension)}", ""]
        lines += [f"{dimension.description('en')}.", ""]
        for name, cls in members:
            vi, _en = cls.summary
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
            lines += [f"Reference page: [`{name}`]({PAGES_DIR}/{name}.md)", ""]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------ the CLI

_BEGIN = re.compile(
    r"<!-- BEGIN GENERATED: datacheck (\S+) -->\n.*?<!-- END GENERATED -->", re.DOTALL
)


def _one_of(values: Sequence[str]) -> str:
    quoted = [f"`{v}`" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _value(param: Any) -> str:
    """What an option or argument takes, as shown in the docs (`` `T` ``, `` `vi` or `en` ``)."""
    if getattr(param, "is_flag", False):
        return "flag"
    descriptor = getattr(param, "type_descriptor", None)
    hint: Any = getattr(descriptor, "annotation", None)
    if typing.get_origin(hint) is list:
        hint = typing.get_args(hint)[0]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _one_of([str(m.value) for m in hint])
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return _one_of([str(c) for c in choices])
    if param.metavar and param.param_type_name == "option":
        return f"`{param.metavar}`"
    names = {int: "INTEGER", float: "NUMBER", str: "TEXT", Path: "PATH", bool: "BOOLEAN"}
    return f"`{names.get(hint, 'VALUE')}`" if isinstance(hint, type) else "`VALUE`"


def _shown_default(param: Any) -> str:
    value = param.default
    if value is None or value is False or param.required:
        return ""
    if isinstance(value, Enum):
        value = value.value
    return f"`{value}`"


def _escape(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def cli_tables(lang: str = "en") -> dict[str, str]:
    """Markdown tables of every command's arguments and options, from the Typer app.

    Keys are ``"datacheck"`` (the global options) and ``"datacheck <command>"``.

    Examples
    --------
    >>> tables = cli_tables()
    >>> "| `--fail-on` |" in tables["datacheck run"]
    True
    """
    import typer  # noqa: PLC0415 (only the CLI docs need it)

    from datacheck.cli import create_app  # noqa: PLC0415 (the CLI imports the whole package)

    group: Any = typer.main.get_command(create_app("vi" if lang == "vi" else "en"))
    commands: list[tuple[str, Any]] = [("datacheck", group)]
    commands += [(f"datacheck {name}", cmd) for name, cmd in group.commands.items()]
    out = {}
    for title, command in commands:
        rows = ["| argument or option | value | default | description |", "|---|---|---|---|"]
        for param in command.params:
            if param.param_type_name == "argument":
                dots = "..." if param.nargs != 1 else ""
                label = f"`{param.metavar or param.name.upper()}{dots}`"
                label += " (required)" if param.required else " (optional)"
            else:
                label = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
                label += " (required)" if param.required else ""
            value = _value(param)
            if getattr(param, "multiple", False):
                value += " (repeatable)"
            help_text = _escape(getattr(param, "help", None) or "")
            rows.append(f"| {label} | {value} | {_shown_default(param)} | {help_text} |")
        rows.append("| `-h`, `--help` | | | Show the help and exit. |")
        out[title] = "\n".join(rows)
    return out


def update_cli_doc(text: str, lang: str = "en") -> str:
    """Rewrite the generated option tables of ``docs/cli.md`` (between the markers).

    Raises
    ------
    KeyError
        If a marker names no command of the app, or a command has no marker.
    """
    tables = cli_tables(lang)
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        command = "datacheck" if match.group(1) == "options" else f"datacheck {match.group(1)}"
        if command not in tables:
            msg = f"docs/cli.md has a generated block for {command!r}, which is not a command"
            raise KeyError(msg)
        seen.add(command)
        return (
            f"<!-- BEGIN GENERATED: datacheck {match.group(1)} -->\n{tables[command]}\n"
            "<!-- END GENERATED -->"
        )

    updated = _BEGIN.sub(replace, text)
    missing = sorted(set(tables) - seen)
    if missing:
        markers = ", ".join(
            f"<!-- BEGIN GENERATED: datacheck {m.split(' ', 1)[1] if ' ' in m else 'options'} "
            "--><!-- END GENERATED -->"
            for m in missing
        )
        msg = f"docs/cli.md documents no {', '.join(missing)}: add a section with {markers}"
        raise KeyError(msg)
    return updated


# ------------------------------------------------------------------------------ main


def _write_pages(folder: Path, docs_dir: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = check_pages(docs_dir)
    written = []
    for stale in folder.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for file_name, text in pages.items():
        path = folder / file_name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m datacheck.reference``: regenerate the reference documentation.

    Without options print ``docs/checks.md`` on stdout (the historical use).
    """
    parser = argparse.ArgumentParser(prog="python -m datacheck.reference", description=__doc__)
    parser.add_argument("--pages", type=Path, metavar="DIR", help="write one page per check")
    parser.add_argument("--cli", type=Path, metavar="FILE", help="update the CLI option tables")
    parser.add_argument(
        "--all", action="store_true", help="regenerate docs/checks.md, the pages and docs/cli.md"
    )
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS_DIR, help="the docs/ folder")
    args = parser.parse_args(argv)
    docs: Path = args.docs
    if args.all:
        args.pages = docs / PAGES_DIR
        args.cli = docs / "cli.md"
        (docs / "checks.md").write_text(check_reference(), encoding="utf-8")
    if args.pages is None and args.cli is None:
        sys.stdout.write(check_reference())
        return 0
    if args.pages is not None:
        written = _write_pages(args.pages, docs)
        sys.stdout.write(f"{len(written)} page(s) updated in {args.pages}\n")
    if args.cli is not None:
        path: Path = args.cli
        path.write_text(update_cli_doc(path.read_text(encoding="utf-8")), encoding="utf-8")
        sys.stdout.write(f"updated {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
