"""National catalogues (danh mục dùng chung) shipped with datacheck as data.

A record is *shared* (dùng chung) when its codes come from the lists every database uses, so
that another system can read them without a translation table. The ``in_catalogue`` check
measures that against these catalogues:

=================== ===================================================== ===============
catalogue           what                                                  fields
=================== ===================================================== ===============
``ethnic_groups``   the 54 ethnic groups of Viet Nam, codes ``"01"``-``"54"`` **code**, name
                    (Danh mục các dân tộc Việt Nam, 1019/QĐ-TCTK, 2008)
``countries``       ISO 3166-1 countries and territories (249 entries)    **alpha2**,
                                                                          alpha3, numeric,
                                                                          name
``provinces_2025``  the 34 provinces in force from 2025-07-01             **code**, name
``communes_2025``   the 3,321 communes in force from 2025-07-01           **code**, name,
                                                                          province
=================== ===================================================== ===============

The field in bold is the catalogue's default. Every value is a string: codes keep their
leading zeros (``"01"``, ``"004"``). The data are read from the installed package the first
time a catalogue is used (never at ``import datacheck``), then kept; nothing is fetched from
the network. Sources, versions and licences: ``datacheck/catalogues/data/ATTRIBUTION.md``.

Examples
--------
>>> from datacheck import catalogues
>>> catalogues.names()
('communes_2025', 'countries', 'ethnic_groups', 'provinces_2025')
>>> catalogues.get("countries").default_field
'alpha2'
>>> catalogues.load("countries").filter(alpha2="VN").row(0)
('VN', 'VNM', '704', 'Viet Nam')
>>> catalogues.load("ethnic_groups").head(3).rows()
[('01', 'Kinh'), ('02', 'Tày'), ('03', 'Thái')]
>>> "VNM" in catalogues.values("countries", "alpha3")
True
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import polars as pl

from datacheck.errors import DatacheckError, did_you_mean, did_you_mean_vi

__all__ = [
    "Catalogue",
    "CatalogueError",
    "describe",
    "get",
    "load",
    "names",
    "values",
]


class CatalogueError(DatacheckError, LookupError):
    """An unknown catalogue or field; the message lists what exists and suggests the closest."""


@dataclass(frozen=True)
class Catalogue:
    """What a catalogue is: its name, fields, default field and source (no data).

    Parameters
    ----------
    name
        The name used in suites (``catalogue: countries``).
    title_vi, title_en
        A one-line title in Vietnamese and English.
    fields
        The columns of the catalogue, in order; every one holds strings.
    default_field
        The field ``in_catalogue`` compares with when a suite names none.
    source
        A one-line citation of the source (details in ``data/ATTRIBUTION.md``).
    """

    name: str
    title_vi: str
    title_en: str
    fields: tuple[str, ...]
    default_field: str
    source: str
    loader: Callable[[], pl.DataFrame] = field(repr=False, compare=False)

    def field_or_default(self, name: str | None) -> str:
        """Return ``name`` if it is a field of the catalogue (the default field for ``None``).

        Raises
        ------
        CatalogueError
            If the catalogue has no such field.

        Examples
        --------
        >>> get("countries").field_or_default(None)
        'alpha2'
        >>> get("countries").field_or_default("alpha4")
        Traceback (most recent call last):
        ...
        datacheck.catalogues.CatalogueError: catalogue 'countries' has no field 'alpha4' \
(did you mean 'alpha3'?); expected one of: alpha2, alpha3, numeric, name
        """
        if name is None:
            return self.default_field
        if name in self.fields:
            return name
        expected = ", ".join(self.fields)
        raise CatalogueError(
            f"catalogue '{self.name}' has no field {name!r}{did_you_mean(name, self.fields)}; "
            f"expected one of: {expected}",
            f"danh mục '{self.name}' không có trường {name!r}"
            f"{did_you_mean_vi(name, self.fields)}; cần một trong: {expected}",
        )


# --------------------------------------------------------------------------- loaders


def _read_csv(file: str, fields: tuple[str, ...]) -> pl.DataFrame:
    data = resources.files("datacheck.catalogues").joinpath("data", file).read_bytes()
    frame = pl.read_csv(io.BytesIO(data), schema=dict.fromkeys(fields, pl.String))
    return frame.select(fields)


def _ethnic_groups() -> pl.DataFrame:
    return _read_csv("ethnic_groups.csv", ("code", "name"))


def _countries() -> pl.DataFrame:
    return _read_csv("countries.csv", ("alpha2", "alpha3", "numeric", "name"))


def _units_2025(level: str) -> pl.DataFrame:
    from datacheck.vn.admin_units import units  # noqa: PLC0415  (reads the shipped snapshot)

    frame = units().filter(vintage="2025", level=level)
    if level == "province":
        return frame.select("code", "name")
    return frame.select("code", "name", pl.col("parent").alias("province"))


_CATALOGUES: dict[str, Catalogue] = {
    c.name: c
    for c in (
        Catalogue(
            name="communes_2025",
            title_vi="Đơn vị hành chính cấp xã từ 01/07/2025 (xã, phường, đặc khu)",
            title_en="Communes (xã, phường, đặc khu) in force from 2025-07-01",
            fields=("code", "name", "province"),
            default_field="code",
            source="Quyết định 19/2025/QĐ-TTg, via vietnamadminunits 1.0.4 (MIT)",
            loader=functools.partial(_units_2025, "commune"),
        ),
        Catalogue(
            name="countries",
            title_vi="Quốc gia và vùng lãnh thổ (ISO 3166-1)",
            title_en="Countries and territories (ISO 3166-1)",
            fields=("alpha2", "alpha3", "numeric", "name"),
            default_field="alpha2",
            source="ISO 3166-1, via the iso3166 package 3.0.0 (MIT)",
            loader=_countries,
        ),
        Catalogue(
            name="ethnic_groups",
            title_vi="Danh mục các dân tộc Việt Nam (54 dân tộc)",
            title_en="The 54 ethnic groups of Viet Nam",
            fields=("code", "name"),
            default_field="code",
            source="Quyết định 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê",
            loader=_ethnic_groups,
        ),
        Catalogue(
            name="provinces_2025",
            title_vi="Đơn vị hành chính cấp tỉnh từ 01/07/2025",
            title_en="Provinces in force from 2025-07-01",
            fields=("code", "name"),
            default_field="code",
            source="Quyết định 19/2025/QĐ-TTg, via vietnamadminunits 1.0.4 (MIT)",
            loader=functools.partial(_units_2025, "province"),
        ),
    )
}


# --------------------------------------------------------------------------- public API


def names() -> tuple[str, ...]:
    """The names of the catalogues, sorted.

    Examples
    --------
    >>> "ethnic_groups" in names()
    True
    """
    return tuple(sorted(_CATALOGUES))


def get(name: str) -> Catalogue:
    """Return the description of the catalogue ``name`` (reads no data).

    Raises
    ------
    CatalogueError
        If there is no such catalogue; the message lists the catalogues.

    Examples
    --------
    >>> get("ethnic_groups").fields
    ('code', 'name')
    >>> get("country")
    Traceback (most recent call last):
    ...
    datacheck.catalogues.CatalogueError: unknown catalogue 'country' (did you mean \
'countries'?); expected one of: communes_2025, countries, ethnic_groups, provinces_2025
    """
    found = _CATALOGUES.get(name)
    if found is not None:
        return found
    expected = ", ".join(names())
    raise CatalogueError(
        f"unknown catalogue {name!r}{did_you_mean(name, names())}; expected one of: {expected}",
        f"không có danh mục {name!r}{did_you_mean_vi(name, names())}; cần một trong: {expected}",
    )


@functools.cache
def load(name: str) -> pl.DataFrame:
    """The rows of the catalogue ``name`` (read on first use, then kept).

    Examples
    --------
    >>> load("provinces_2025").filter(code="79").row(0)
    ('79', 'Thành phố Hồ Chí Minh')
    >>> load("ethnic_groups").height
    54
    """
    return get(name).loader()


@functools.cache
def values(name: str, field: str | None = None) -> frozenset[str]:
    """The distinct non-null values of one field of a catalogue (the default field for None).

    Examples
    --------
    >>> sorted(values("ethnic_groups"))[:3]
    ['01', '02', '03']
    >>> len(values("communes_2025", "province"))
    34
    """
    column = get(name).field_or_default(field)
    return frozenset(load(name)[column].drop_nulls().to_list())


def describe() -> pl.DataFrame:
    """One row per catalogue: name, titles, fields, default field, rows and source.

    Examples
    --------
    >>> describe().select("catalogue", "rows").rows()
    [('communes_2025', 3321), ('countries', 249), ('ethnic_groups', 54), ('provinces_2025', 34)]
    """
    return pl.DataFrame(
        [
            {
                "catalogue": c.name,
                "title_vi": c.title_vi,
                "title_en": c.title_en,
                "fields": list(c.fields),
                "default_field": c.default_field,
                "rows": load(c.name).height,
                "source": c.source,
            }
            for c in (get(n) for n in names())
        ]
    )
