"""Build the pinned snapshots of Vietnam's administrative units shipped in ``datacheck/vn/data``.

A DEVELOPMENT-time tool: datacheck never imports it, and never imports, installs or calls
``vietnamadminunits`` at run time. The script reads two data files of the MIT-licensed package
``vietnamadminunits`` 1.0.4 (``data/dataset.db``, ``data/converter_2025.json``), checks their
SHA-256 against the pinned values below, and writes:

``units.parquet``
    One row per unit: ``vintage`` (``"2025"`` or ``"legacy"``), ``level`` (``province``,
    ``district`` – legacy only – or ``commune``), ``code`` (GSO code as a string with its
    leading zeros: 2 digits for provinces, 3 for districts, 5 for communes), ``name`` (the
    official full name), ``parent`` (the code of the unit one level up: province of a 2025
    commune, district of a legacy commune, province of a legacy district; null for provinces)
    and ``province`` (the code of the unit's province; a province's own code).
``successors_2025.parquet``
    For each legacy unit whose 2025 successor the source's converter knows: ``level`` and
    ``code`` of the legacy unit, ``successor_level`` and ``successor`` (2025 code), ``whole``
    (the legacy unit lies wholly in that successor) and ``default`` (for a legacy commune split
    between several 2025 communes — ``whole`` false, one row per part — the part the source
    flags ``isDefaultNewWard``; always true when ``whole``).
``ATTRIBUTION.md``
    The source, its version and licence text, and the SHA-256 of every output file.

The output is byte-identical when the script reruns with the same Polars version.

Usage::

    python scripts/build_admin_units.py --source PATH [--out datacheck/vn/data]

``PATH`` is the ``vietnamadminunits-1.0.4-py3-none-any.whl`` wheel (``pip download
vietnamadminunits==1.0.4 --no-deps -d DIR``) or an installed/unpacked ``vietnamadminunits``
package folder. Without ``--source`` the script downloads the wheel with pip (dev-time network
access only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl

SOURCE_PACKAGE = "vietnamadminunits"
SOURCE_VERSION = "1.0.4"
SOURCE_URL = "https://github.com/tranngocminhhieu/vietnamadminunits"
SOURCE_PYPI = f"https://pypi.org/project/{SOURCE_PACKAGE}/{SOURCE_VERSION}/"
PINNED_SHA256 = {
    "data/dataset.db": "147cbbf81c8964bb594e1dda7ebab5649bce21efbfd6cb508cab7fefca62257d",
    "data/converter_2025.json": "84f0848bf401b047775cbb49768c181a9271f77e4a4ec706d293b09bcb4faddd",
}
WHEEL_SHA256 = "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"
LICENSE_TEXT = """MIT License

Copyright (c) 2025 Tran Ngoc Minh Hieu

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
EXPECTED = {
    ("2025", "province"): 34,
    ("2025", "commune"): 3321,
    ("legacy", "province"): 63,
    ("legacy", "district"): 696,
    ("legacy", "commune"): 10035,
}
OUTPUTS = ("units.parquet", "successors_2025.parquet")
UNITS_SCHEMA = pl.Schema(
    {
        "vintage": pl.String,
        "level": pl.String,
        "code": pl.String,
        "name": pl.String,
        "parent": pl.String,
        "province": pl.String,
    }
)
SUCCESSORS_SCHEMA = pl.Schema(
    {
        "level": pl.String,
        "code": pl.String,
        "successor_level": pl.String,
        "successor": pl.String,
        "whole": pl.Boolean,
        "default": pl.Boolean,
    }
)
_ORDER = {"province": 0, "district": 1, "commune": 2}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(source: Path) -> dict[str, bytes]:
    """The pinned data files of the source (a wheel or a package folder), SHA-256 checked."""
    files: dict[str, bytes] = {}
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            for name in PINNED_SHA256:
                files[name] = wheel.read(f"{SOURCE_PACKAGE}/{name}")
    else:
        package = source / SOURCE_PACKAGE if (source / SOURCE_PACKAGE).is_dir() else source
        for name in PINNED_SHA256:
            files[name] = (package / name).read_bytes()
    for name, data in files.items():
        digest = _sha256(data)
        if digest != PINNED_SHA256[name]:
            msg = (
                f"{name}: SHA-256 {digest} differs from the pinned {PINNED_SHA256[name]} "
                f"of {SOURCE_PACKAGE} {SOURCE_VERSION}"
            )
            raise SystemExit(msg)
    return files


def _query(db: bytes, sql: str) -> list[tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dataset.db"
        path.write_bytes(db)
        connection = sqlite3.connect(path)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()


def build_units(db: bytes) -> pl.DataFrame:
    """Every unit of both vintages (see the module docstring for the columns)."""
    rows: list[tuple[str, str, str, str, str | None, str]] = []
    current = _query(db, "SELECT provinceCode, province, wardCode, ward FROM admin_units")
    provinces: dict[str, str] = {}
    for province_code, province, ward_code, ward in current:
        provinces[province_code] = province
        rows.append(("2025", "commune", ward_code, ward, province_code, province_code))
    rows += [("2025", "province", c, n, None, c) for c, n in provinces.items()]
    legacy = _query(
        db,
        "SELECT provinceCode, province, districtCode, district, wardCode, ward "
        "FROM admin_units_legacy",
    )
    old_provinces: dict[str, str] = {}
    districts: dict[str, tuple[str, str]] = {}
    for province_code, province, district_code, district, ward_code, ward in legacy:
        old_provinces[province_code] = province
        districts[district_code] = (district, province_code)
        if ward_code is not None:  # five island districts had no commune level
            rows.append(("legacy", "commune", ward_code, ward, district_code, province_code))
    rows += [("legacy", "province", c, n, None, c) for c, n in old_provinces.items()]
    rows += [("legacy", "district", c, n, p, p) for c, (n, p) in districts.items()]
    frame = pl.DataFrame(rows, schema=UNITS_SCHEMA, orient="row")
    frame = frame.with_columns(pl.col("level").replace_strict(_ORDER).alias("_order"))
    frame = frame.sort(["vintage", "_order", "code"], descending=[False, False, False])
    frame = frame.drop("_order")
    _validate_units(frame)
    return frame


def _validate_units(units: pl.DataFrame) -> None:
    counts = {(v, lvl): n for v, lvl, n in units.group_by(["vintage", "level"]).len().iter_rows()}
    if counts != EXPECTED:
        raise SystemExit(f"unexpected unit counts {counts}, expected {EXPECTED}")
    if units.select(pl.struct("vintage", "level", "code").is_duplicated().any()).item():
        raise SystemExit("duplicate codes within a vintage and level")
    widths = {"province": 2, "district": 3, "commune": 5}
    for level, width in widths.items():
        codes = units.filter(pl.col("level") == level)["code"]
        if not codes.str.contains(rf"^\d{{{width}}}$").all():
            raise SystemExit(f"{level} codes are not {width} digits")
    for vintage in ("2025", "legacy"):
        rows = units.filter(pl.col("vintage") == vintage)
        known = set(rows["code"].to_list())
        if not set(rows["parent"].drop_nulls().to_list()) <= known:
            raise SystemExit(f"{vintage}: a parent code is not a unit of the same vintage")


def build_successors(db: bytes, converter: dict[str, Any]) -> pl.DataFrame:
    """Legacy unit → 2025 successor(s), by code, from the source's converter (slug keys)."""
    current = _query(db, "SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units")
    new_province = {key: code for key, code, _, _ in current}
    new_commune = {(pkey, wkey): code for pkey, _, wkey, code in current}
    legacy = _query(
        db,
        "SELECT provinceKey, provinceCode, districtKey, districtCode, wardKey, wardCode "
        "FROM admin_units_legacy",
    )
    old_province = {key: code for key, code, *_ in legacy}
    # the converter names a legacy commune 'province_district_ward' (ward empty for the
    # five island districts that had no commune level)
    old_unit: dict[str, tuple[str, str]] = {}
    district_of: dict[str, str] = {}
    for pkey, _, dkey, dcode, wkey, wcode in legacy:
        key = f"{pkey}_{dkey}_{wkey or ''}"
        old_unit[key] = ("commune", wcode) if wcode is not None else ("district", dcode)
        if wcode is not None:
            district_of[wcode] = dcode

    rows: list[tuple[str, str, str, str, bool, bool]] = []
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        rows += [
            ("province", old_province[old], "province", new_province[new_key], True, True)
            for old in old_keys
        ]
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            target = new_commune[(new_pkey, new_wkey)]
            for old in old_keys:
                level, code = old_unit[old]
                rows.append((level, code, "commune", target, True, True))
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            level, code = old_unit[old]
            rows += [
                (
                    level,
                    code,
                    "commune",
                    new_commune[(new_pkey, part["newWardKey"])],
                    False,
                    bool(part["isDefaultNewWard"]),
                )
                for part in parts
            ]
    rows += _district_successors(rows, district_of)
    frame = pl.DataFrame(rows, schema=SUCCESSORS_SCHEMA, orient="row")
    frame = frame.with_columns(pl.col("level").replace_strict(_ORDER).alias("_order"))
    frame = frame.sort(["_order", "code", "successor"]).drop("_order")
    _validate_successors(frame)
    return frame


def _district_successors(
    rows: list[tuple[str, str, str, str, bool, bool]], district_of: dict[str, str]
) -> list[tuple[str, str, str, str, bool, bool]]:
    """A legacy district whose every commune lies wholly in ONE 2025 commune has it as successor."""
    targets: dict[str, set[str]] = defaultdict(set)
    split: set[str] = set()
    for level, code, _, successor, whole, _ in rows:
        if level != "commune":
            continue
        district = district_of[code]
        targets[district].add(successor)
        if not whole:
            split.add(district)
    already = {code for level, code, *_ in rows if level == "district"}
    return [
        ("district", district, "commune", next(iter(found)), True, True)
        for district, found in targets.items()
        if len(found) == 1 and district not in split and district not in already
    ]


def _validate_successors(successors: pl.DataFrame) -> None:
    per_unit = successors.group_by(["level", "code"]).agg(
        pl.len().alias("n"),
        pl.col("whole").all().alias("whole"),
        pl.col("default").sum().alias("defaults"),
    )
    bad = per_unit.filter(
        (pl.col("whole") & (pl.col("n") != 1)) | (~pl.col("whole") & (pl.col("defaults") != 1))
    )
    if bad.height:
        raise SystemExit(f"inconsistent successors: {bad.head(5)}")


def write_outputs(files: dict[str, bytes], out: Path) -> dict[str, str]:
    """Write the snapshots and ATTRIBUTION.md into ``out``; return SHA-256 by file name."""
    db = files["data/dataset.db"]
    converter = json.loads(files["data/converter_2025.json"])
    units = build_units(db)
    successors = build_successors(db, converter)
    out.mkdir(parents=True, exist_ok=True)
    frames = {"units.parquet": units, "successors_2025.parquet": successors}
    digests: dict[str, str] = {}
    for name, frame in frames.items():
        path = out / name
        frame.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
        digests[name] = _sha256(path.read_bytes())
    (out / "ATTRIBUTION.md").write_text(_attribution(digests, units, successors), "utf-8")
    return digests


def _attribution(digests: dict[str, str], units: pl.DataFrame, successors: pl.DataFrame) -> str:
    counts = units.group_by(["vintage", "level"]).len().sort(["vintage", "level"])
    count_lines = "\n".join(f"| {v} | {lvl} | {n:,} |" for v, lvl, n in counts.iter_rows())
    per_unit = successors.group_by(["level", "code"]).agg(pl.col("whole").all())
    kinds = per_unit.group_by(["level", "whole"]).len().sort(["level", "whole"])
    successor_lines = "\n".join(
        f"| {lvl} | {'whole' if whole else 'split'} | {n:,} |"
        for lvl, whole, n in kinds.iter_rows()
    )
    pinned = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in PINNED_SHA256.items())
    outputs = "\n".join(f"| `{name}` | `{digests[name]}` |" for name in OUTPUTS)
    return f"""# Administrative-unit snapshots: attribution

The files in this folder are derived, by `scripts/build_admin_units.py`, from the data files
of the Python package [`{SOURCE_PACKAGE}`]({SOURCE_URL}) version {SOURCE_VERSION}
({SOURCE_PYPI}), by Tran Ngoc Minh Hieu, published under the MIT licence reproduced below.
Only codes, names, parent codes and the legacy → 2025 successor mapping are kept; no
coordinates, keywords or other fields. datacheck never imports that package and never
accesses the network: these snapshots are read from the installed `datacheck` package.

The source compiles the General Statistics Office's list of administrative units
(danhmuchanhchinh.gso.gov.vn; codes of Quyết định 124/2004/QĐ-TTg and its updates for the
legacy list, Quyết định 19/2025/QĐ-TTg for the list in force from 2025-07-01) and
sapnhap.bando.com.vn for the 2025 rearrangement.

## Source files (pinned)

Wheel `{SOURCE_PACKAGE}-{SOURCE_VERSION}-py3-none-any.whl`, SHA-256 `{WHEEL_SHA256}`.

| file in the package | SHA-256 |
|---|---|
{pinned}

## Outputs

| file | SHA-256 |
|---|---|
{outputs}

| vintage | level | units |
|---|---|---|
{count_lines}

Legacy units with a 2025 successor (`whole`: the unit lies wholly in one 2025 unit; `split`:
divided between several, the source marks one part `isDefaultNewWard`):

| legacy level | kind | units |
|---|---|---|
{successor_lines}

## Cross-checks (made when this snapshot was pinned)

* 2025 list against the seed data of `thanglequoc/vietnamese-provinces-database` (which
  follows Quyết định 19/2025/QĐ-TTg): the same 34 provinces and the same code and province
  for all 3,321 communes but one — Xã Ba Chẽ is `06970` here and `06978` there; that project
  later confirmed `06970` from the signed decision (its pull request #202). One name differs
  in spelling (Xã Phố Bảng here, Xã Phó Bảng there).
* Legacy list against the same project's release v2.4.1 (data as of Nghị quyết
  1365/NQ-UBTVQH15, in force from 2025-03-01): identical codes and parents for all 63
  provinces, 696 districts and 10,035 communes; 260 names differ in spelling only (tone-mark
  placement such as Hòa/Hoà, i/y, hyphens).
* `vietnam-provinces` 2025.10.1 (GPL; used only for this comparison): the same provinces and
  the same number of communes in each province, but 114 commune codes differ (a numbering
  that predates Quyết định 19/2025/QĐ-TTg).
* In the source, the `wardType` field disagrees with the name for four 2025 communes
  (`10543`, `11848`, `31213`, `31299`); only names are kept here.

## Licence of the source

```text
{LICENSE_TEXT}```
"""


def _download(target: Path) -> Path:
    subprocess.run(  # noqa: S603  (fixed arguments, dev-time only)
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            f"{SOURCE_PACKAGE}=={SOURCE_VERSION}",
            "--no-deps",
            "-d",
            str(target),
        ],
        check=True,
    )
    return next(target.glob(f"{SOURCE_PACKAGE}-{SOURCE_VERSION}-*.whl"))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="the wheel or the package folder")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "datacheck" / "vn" / "data",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or _download(Path(tmp))
        if source.is_file() and _sha256(source.read_bytes()) != WHEEL_SHA256:
            print(f"note: {source.name} is not the pinned wheel; data files are checked")
        digests = write_outputs(read_source(source), args.out)
    for name, digest in digests.items():
        print(f"{digest}  {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
