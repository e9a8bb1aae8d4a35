"""The national catalogues shipped with datacheck: contents, API, lazy loading, build script."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path

import polars as pl
import pytest

import datacheck as dc
from datacheck import catalogues
from datacheck.vn.admin_units import units

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "datacheck" / "catalogues" / "data"

# ------------------------------------------------------------------------- ethnic groups


def test_ethnic_groups_are_54_with_codes_01_to_54():
    frame = catalogues.load("ethnic_groups")
    assert frame.columns == ["code", "name"]
    assert frame.schema == pl.Schema({"code": pl.String, "name": pl.String})
    assert frame["code"].to_list() == [f"{i:02d}" for i in range(1, 55)]
    assert frame["name"].n_unique() == 54
    assert frame.null_count().sum_horizontal().item() == 0


@pytest.mark.parametrize(
    ("code", "name"),
    [
        # read in two copies of the 2008 list (QCVN 109 Phụ lục E and the GSO's document)
        ("01", "Kinh"),
        ("02", "Tày"),
        ("03", "Thái"),
        ("04", "Mường"),  # 06 in the 1979 list
        ("05", "Khmer"),  # "Khơ me" in QCVN 109's reproduction
        ("06", "Hoa"),  # 04 in the 1979 list
        ("07", "Nùng"),
        ("08", "Mông"),
        ("09", "Dao"),
        ("10", "Gia Rai"),
        ("11", "Ê Đê"),  # 12 in the 1979 list, where 11 is Ngái
        ("12", "Ba Na"),
        ("13", "Sán Chay"),
        # read in the GSO's document only
        ("14", "Chăm"),
        ("20", "Mnông"),
    ],
)
def test_ethnic_group_codes_cross_checked(code, name):
    frame = catalogues.load("ethnic_groups")
    assert frame.filter(code=code)["name"].to_list() == [name]


def test_ethnic_group_names_are_clean_nfc():
    for name in catalogues.load("ethnic_groups")["name"]:
        assert name == unicodedata.normalize("NFC", name)
        assert name == " ".join(name.split())


# ------------------------------------------------------------------------- countries


def test_countries_are_the_249_iso_3166_1_entries():
    frame = catalogues.load("countries")
    assert frame.columns == ["alpha2", "alpha3", "numeric", "name"]
    assert frame.height == 249
    for column, pattern in [("alpha2", "^[A-Z]{2}$"), ("alpha3", "^[A-Z]{3}$")]:
        assert frame[column].str.contains(pattern).all()
        assert frame[column].n_unique() == 249
    assert frame["numeric"].str.contains(r"^\d{3}$").all()
    assert frame["numeric"].n_unique() == 249
    assert frame.filter(alpha2="VN").row(0) == ("VN", "VNM", "704", "Viet Nam")
    assert frame.filter(alpha2="AF").row(0) == ("AF", "AFG", "004", "Afghanistan")
    assert "XK" not in frame["alpha2"].to_list()  # user-assigned, not ISO 3166-1


# ------------------------------------------------------------------ administrative units


def test_units_2025_are_views_of_the_admin_unit_snapshot():
    provinces = catalogues.load("provinces_2025")
    communes = catalogues.load("communes_2025")
    assert (provinces.height, communes.height) == (34, 3321)
    assert provinces.columns == ["code", "name"]
    assert communes.columns == ["code", "name", "province"]
    snapshot = units().filter(vintage="2025")
    assert provinces.equals(snapshot.filter(level="province").select("code", "name"))
    assert communes["code"].to_list() == snapshot.filter(level="commune")["code"].to_list()
    assert set(communes["province"]) == set(provinces["code"])
    assert communes.filter(code="26740").row(0) == ("26740", "Phường Sài Gòn", "79")


# ------------------------------------------------------------------------- API


def test_names_get_values_describe():
    assert catalogues.names() == ("communes_2025", "countries", "ethnic_groups", "provinces_2025")
    assert dc.catalogues is catalogues
    info = catalogues.get("countries")
    assert (info.fields, info.default_field) == (("alpha2", "alpha3", "numeric", "name"), "alpha2")
    assert catalogues.values("countries") == catalogues.values("countries", "alpha2")
    assert "VNM" in catalogues.values("countries", "alpha3")
    assert "VNM" not in catalogues.values("countries")
    table = catalogues.describe()
    assert table["catalogue"].to_list() == list(catalogues.names())
    assert table["rows"].to_list() == [3321, 249, 54, 34]
    assert table["default_field"].to_list() == ["code", "alpha2", "code", "code"]


def test_unknown_catalogue_and_field_name_what_exists():
    with pytest.raises(catalogues.CatalogueError, match="did you mean 'countries'") as info:
        catalogues.load("country")
    assert "communes_2025, countries, ethnic_groups, provinces_2025" in str(info.value)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, dc.DatacheckError)
    assert "danh mục" in info.value.message("vi")
    with pytest.raises(catalogues.CatalogueError, match="alpha2, alpha3, numeric, name"):
        catalogues.values("countries", "iso")


def test_importing_datacheck_reads_no_catalogue():
    code = (
        "import datacheck\n"
        "from datacheck import catalogues\n"
        "assert catalogues.load.cache_info().currsize == 0\n"
        "assert catalogues.values.cache_info().currsize == 0\n"
        "from datacheck.vn import admin_units\n"
        "assert admin_units.units.cache_info().currsize == 0\n"
        "assert 'iso3166' not in __import__('sys').modules\n"
        "assert catalogues.names()\n"
        "assert catalogues.load.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_catalogues_are_loaded_once():
    assert catalogues.load("ethnic_groups") is catalogues.load("ethnic_groups")


# ------------------------------------------------------------------------- provenance


def test_attribution_lists_the_sha256_of_every_data_file():
    text = (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for path in sorted(DATA.glob("*.csv")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"| `{path.name}` | `{digest}` |" in text, path.name
    for name in catalogues.names():
        assert f"`{name}`" in text


def _build_script():
    spec = importlib.util.spec_from_file_location(
        "build_catalogues", ROOT / "scripts" / "build_catalogues.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_validates_the_ethnic_groups_file():
    module = _build_script()
    frame = module.read_ethnic_groups(DATA / "ethnic_groups.csv")
    module.validate_ethnic_groups(frame)
    assert module.csv_bytes(frame) == (DATA / "ethnic_groups.csv").read_bytes()
    swapped = frame.with_columns(pl.col("code").reverse())
    with pytest.raises(SystemExit, match=r"'01'\.\.'54' in order"):
        module.validate_ethnic_groups(swapped)
    decomposed = frame.with_columns(pl.col("name").str.normalize("NFD"))
    with pytest.raises(SystemExit, match="NFC"):
        module.validate_ethnic_groups(decomposed)


def test_build_script_reproduces_countries_byte_for_byte(tmp_path):
    pytest.importorskip("iso3166")  # dev extra: the source of countries.csv, never a dependency
    module = _build_script()
    for name in ("ethnic_groups.csv",):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    assert module.main(["--out", str(tmp_path)]) == 0
    assert module.main(["--out", str(tmp_path), "--check"]) == 0
    for name in ("countries.csv", "ethnic_groups.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    assert module.main(["--check"]) == 0  # the shipped files are fresh
