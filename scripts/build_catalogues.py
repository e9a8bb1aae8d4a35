"""Build and validate the national catalogues shipped in ``datacheck/catalogues/data``.

A DEVELOPMENT-time tool: datacheck never imports it, and never imports or installs ``iso3166``
at run time (the package is in the ``dev`` extra only, to run this script and its test).

``countries.csv``
    Built from the MIT-licensed ``iso3166`` package, version 3.0.0 (its module file's SHA-256
    is checked against the pinned value below): one row per ISO 3166-1 entry — ``alpha2``,
    ``alpha3``, ``numeric`` (three digits, leading zeros kept) and ``name`` (the ISO short
    name) — sorted by ``alpha2``. Codes of the user-assigned ranges (``AA``, ``QM``-``QZ``,
    ``XA``-``XZ``, ``ZZ``; the package lists Kosovo as ``XK``) are not ISO 3166-1 and are left
    out, which leaves the 249 officially assigned entries.
``ethnic_groups.csv``
    Hand-transcribed from the sources cited in ``ATTRIBUTION.md``; this script only validates
    it: 54 rows, codes ``"01"``-``"54"`` in order, names unique, trimmed and in Unicode NFC.

Usage::

    python scripts/build_catalogues.py [--out datacheck/catalogues/data] [--check]

``--check`` writes nothing and exits 1 when the shipped files differ from a fresh build. The
output is byte-identical on every run. After a change, update the SHA-256 lines of
``ATTRIBUTION.md`` with the ones this script prints.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import io
import unicodedata
from pathlib import Path

import polars as pl

SOURCE_PACKAGE = "iso3166"
SOURCE_VERSION = "3.0.0"
# SHA-256 of iso3166/__init__.py in iso3166-3.0.0-py3-none-any.whl (the wheel's own SHA-256 is
# 990b1e6a433ffd89d67da8ca16f40a2af107aba1660b255a38dbd36ad221090b)
SOURCE_MODULE_SHA256 = "494a20334889f6f5c26b0805b27fdd82f629edc9cdbb2527f50318e51a455f87"
DATA = Path(__file__).resolve().parents[1] / "datacheck" / "catalogues" / "data"
COUNTRY_FIELDS = ("alpha2", "alpha3", "numeric", "name")
ETHNIC_FIELDS = ("code", "name")
ISO_3166_1_ENTRIES = 249
ETHNIC_GROUPS = 54


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def user_assigned(alpha2: str) -> bool:
    """Whether an alpha-2 code lies in a range ISO 3166-1 leaves to users (not a country).

    Examples
    --------
    >>> [user_assigned(c) for c in ("XK", "QZ", "AA", "ZZ", "VN", "QA")]
    [True, True, True, True, False, False]
    """
    return alpha2 in {"AA", "ZZ"} or alpha2[0] == "X" or ("QM" <= alpha2 <= "QZ")


def build_countries() -> pl.DataFrame:
    """The ISO 3166-1 entries of the pinned ``iso3166`` package (see the module docstring)."""
    import iso3166  # noqa: PLC0415  (dev-time only)

    version = importlib.metadata.version(SOURCE_PACKAGE)
    module = Path(iso3166.__file__ or "")
    digest = _sha256(module.read_bytes())
    if version != SOURCE_VERSION or digest != SOURCE_MODULE_SHA256:
        msg = (
            f"{SOURCE_PACKAGE} {version} (module SHA-256 {digest}) is not the pinned "
            f"{SOURCE_VERSION} ({SOURCE_MODULE_SHA256}): pip install {SOURCE_PACKAGE}=="
            f"{SOURCE_VERSION}"
        )
        raise SystemExit(msg)
    rows = [
        (c.alpha2, c.alpha3, c.numeric, unicodedata.normalize("NFC", c.name))
        for c in iso3166.countries
        if not user_assigned(c.alpha2)
    ]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(COUNTRY_FIELDS, pl.String), orient="row")
    frame = frame.sort("alpha2")
    validate_countries(frame)
    return frame


def validate_countries(frame: pl.DataFrame) -> None:
    """Check the shape of the ISO 3166-1 table: 249 rows, well-formed unique codes."""
    problems = []
    if frame.columns != list(COUNTRY_FIELDS):
        problems.append(f"columns {frame.columns}, expected {list(COUNTRY_FIELDS)}")
    if frame.height != ISO_3166_1_ENTRIES:
        problems.append(f"{frame.height} rows, expected {ISO_3166_1_ENTRIES}")
    for column, pattern in (
        ("alpha2", "^[A-Z]{2}$"),
        ("alpha3", "^[A-Z]{3}$"),
        ("numeric", r"^\d{3}$"),
    ):
        if not frame[column].str.contains(pattern).all():
            problems.append(f"{column} values do not all match {pattern}")
        if frame[column].n_unique() != frame.height:
            problems.append(f"{column} values are not unique")
    if problems:
        raise SystemExit("countries: " + "; ".join(problems))


def read_ethnic_groups(path: Path) -> pl.DataFrame:
    """Read ``ethnic_groups.csv`` as strings."""
    return pl.read_csv(path, schema=dict.fromkeys(ETHNIC_FIELDS, pl.String))


def validate_ethnic_groups(frame: pl.DataFrame) -> None:
    """Check the ethnic-group table: 54 rows coded 01..54 in order, clean unique names."""
    problems = []
    if frame.columns != list(ETHNIC_FIELDS):
        problems.append(f"columns {frame.columns}, expected {list(ETHNIC_FIELDS)}")
    expected = [f"{i:02d}" for i in range(1, ETHNIC_GROUPS + 1)]
    if frame["code"].to_list() != expected:
        problems.append("codes are not '01'..'54' in order")
    names = frame["name"].to_list()
    if len(set(names)) != len(names) or None in names:
        problems.append("names are missing or not unique")
    problems += [
        f"name {name!r} is not NFC with single inner spaces"
        for name in filter(None, names)
        if name != unicodedata.normalize("NFC", name) or name != " ".join(name.split())
    ]
    if problems:
        raise SystemExit("ethnic_groups: " + "; ".join(problems))


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The CSV form shipped: UTF-8, a header line, Unix line ends."""
    out = io.BytesIO()
    frame.write_csv(out, line_terminator="\n")
    return out.getvalue()


def build(out: Path) -> dict[str, bytes]:
    """Every data file of the catalogues, as bytes, by file name."""
    ethnic = read_ethnic_groups(out / "ethnic_groups.csv")
    validate_ethnic_groups(ethnic)
    return {"countries.csv": csv_bytes(build_countries()), "ethnic_groups.csv": csv_bytes(ethnic)}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="the data folder")
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, data in build(args.out).items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
        print(f"| `{name}` | `{_sha256(data)}` |")
    if stale:
        print(f"stale: {', '.join(stale)} (run without --check to rebuild)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
