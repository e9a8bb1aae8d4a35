r"""Vietnamese administrative units: the official code lists and the checks that use them.

Two lists ship with datacheck as pinned snapshots (``datacheck/vn/data``, see its
``ATTRIBUTION.md``), read lazily the first time a check compiles:

* ``2025`` — the units in force from 2025-07-01 (Quyết định 19/2025/QĐ-TTg; two-level local
  government under Luật Tổ chức chính quyền địa phương 72/2025/QH15): 34 provinces and
  3,321 communes (xã, phường, đặc khu), each commune under one province.
* ``legacy`` — the units in force until 2025-06-30 (Quyết định 124/2004/QĐ-TTg and its
  updates): 63 provinces, 696 districts, 10,035 communes.

Codes are the General Statistics Office's, as strings with their leading zeros: 2 digits for a
province, 3 for a district, 5 for a commune. The checks read string columns as they are (``"1"``
is not the province ``"01"``) and integer columns as the number of the code (``1`` is ``"01"``,
``97`` is the commune ``"00097"``), since an integer column cannot keep leading zeros.

Checks: ``admin_unit`` (the code is in a list), ``unit_in_province`` (the commune lies in the
record's province), ``admin_unit_current`` (the code is not one that is valid only before
2025-07-01) and ``no_district_level`` (a current address names no district-level unit).

Examples
--------
>>> len(codes("2025", "province")), len(codes("2025", "commune"))
(34, 3321)
>>> len(codes("legacy", "province")), len(codes("legacy", "district"))
(63, 696)
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar, Literal, TypeAlias

import polars as pl

from datacheck.checks.base import (
    STRING,
    ColumnKind,
    CompileContext,
    Measure,
    RowCheck,
    RowRule,
    register,
    row_measure,
)
from datacheck.dimensions import Dimension
from datacheck.engine.stages import GROUP_SIZE, ROW_STAGE, GroupStage
from datacheck.errors import CheckDefinitionError, DatacheckError

__all__ = [
    "CODE",
    "AdminUnit",
    "AdminUnitCurrent",
    "NoDistrictLevel",
    "UnitInProvince",
    "codes",
    "district_level_pattern",
    "name_key",
    "successors_2025",
    "units",
]

Vintage = Literal["2025", "legacy"]
Level = Literal["province", "district", "commune"]

WIDTH: Mapping[str, int] = {"province": 2, "district": 3, "commune": 5}
"""Digits of a code at each level."""

CODE = ColumnKind(
    "a string or integer column",
    "cột chuỗi hoặc số nguyên",
    lambda dtype: STRING.accepts(dtype) or dtype.is_integer(),
)
"""Columns holding administrative-unit codes: strings (as written) or integers (the number)."""


# --------------------------------------------------------------------------- the snapshots


def _read(name: str) -> pl.DataFrame:
    data = resources.files("datacheck.vn").joinpath("data", name).read_bytes()
    return pl.read_parquet(io.BytesIO(data))


@functools.cache
def units() -> pl.DataFrame:
    """Every unit of both lists (read once, on first use).

    Columns: ``vintage`` (``"2025"`` or ``"legacy"``), ``level`` (``province``, ``district``
    — legacy only — or ``commune``), ``code``, ``name`` (official full name), ``parent`` (code
    one level up: a 2025 commune's province, a legacy commune's district, a legacy district's
    province; null for provinces) and ``province`` (the unit's province code).

    Examples
    --------
    >>> units().filter(vintage="2025", level="commune", code="26740")["name"].item()
    'Phường Sài Gòn'
    >>> units().filter(vintage="legacy", level="commune", code="26740")["name"].item()
    'Phường Bến Nghé'
    """
    return _read("units.parquet")


@functools.cache
def successors_2025() -> pl.DataFrame:
    """The 2025 successor(s) of legacy units, by code, where the source's mapping knows them.

    Columns: ``level``/``code`` of the legacy unit, ``successor_level``/``successor`` (a 2025
    code), ``whole`` (the legacy unit lies wholly in that successor) and ``default`` (for a
    legacy commune divided between several 2025 communes — one row per part, ``whole`` false —
    the part the source designates by default; true whenever ``whole``). Every legacy province
    and commune has a row; a legacy district has one only when it lies wholly in one 2025
    commune (an island district become a đặc khu, for instance).

    Examples
    --------
    >>> s = successors_2025().filter(level="commune", code="26740")  # Phường Bến Nghé
    >>> s.select("successor", "whole").rows()
    [('26740', True)]
    >>> s = successors_2025().filter(level="commune", code="26737")  # Phường Đa Kao, divided
    >>> s.select("successor", "whole", "default").rows()
    [('26737', False, False), ('26740', False, True)]
    """
    return _read("successors_2025.parquet")


@functools.cache
def _unit_map(vintage: str, level: str) -> pl.DataFrame:
    return units().filter(vintage=vintage, level=level)


@functools.cache
def codes(vintage: Vintage, level: Level) -> tuple[str, ...]:
    """The codes of one level of one list, sorted.

    Examples
    --------
    >>> codes("2025", "province")[:3]
    ('01', '04', '08')
    >>> codes("2025", "district")
    ()
    """
    return tuple(_unit_map(vintage, level)["code"].to_list())


# --------------------------------------------------------------------------- code columns


@dataclass(frozen=True)
class _Domain:
    """How a code column is compared with the lists: as strings or as integers."""

    integer: bool

    @staticmethod
    def of(dtype: pl.DataType | None) -> _Domain:
        return _Domain(integer=dtype is not None and dtype.is_integer())

    def value(self, column: str) -> pl.Expr:
        """The column in the comparison domain (null where an integer is out of range)."""
        if self.integer:
            return pl.col(column).cast(pl.Int64, strict=False)
        return pl.col(column).cast(pl.String)

    def series(self, values: list[str]) -> pl.Series:
        """Code strings converted to the domain."""
        if self.integer:
            return pl.Series(values, dtype=pl.String).cast(pl.Int64)
        return pl.Series(values, dtype=pl.String)

    def member(self, column: str, vintage: str, level: str) -> pl.Expr:
        """True where the column's value is a code of that list (false for null)."""
        keys = self.series(list(codes(vintage, level)))
        return self.value(column).is_in(pl.lit(keys).implode()).fill_null(value=False)

    def lookup(self, column: str, keys: list[str], values: pl.Series) -> pl.Expr:
        """Map the column's codes to ``values`` (null where not a key)."""
        return self.value(column).replace_strict(
            self.series(keys), values, default=None, return_dtype=values.dtype
        )


def _dtype(ctx: CompileContext, column: str | None) -> pl.DataType | None:
    return None if column is None else ctx.schema.get(column)


def _require_kind(check: str, column: str, dtype: pl.DataType | None, kind: ColumnKind) -> None:
    if dtype is not None and not kind.accepts(dtype):
        raise DatacheckError(
            f"column '{column}' has type {dtype}; check '{check}' expects {kind.name_en}",
            f"cột '{column}' có kiểu {dtype}; phép kiểm tra '{check}' cần {kind.name_vi}",
        )


def _normalise_vintage(check: object) -> None:
    """Accept ``vintage: 2025`` (a YAML integer) as the string ``"2025"``."""
    if vars(check).get("vintage") == 2025:
        object.__setattr__(check, "vintage", "2025")


# --------------------------------------------------------------------------- names

# old-style tone placement (hoà, thuỷ) → new style (hòa, thủy): both spellings are in use
_TONE_STYLE: dict[str, str] = {
    first + unicodedata.normalize("NFC", second + mark): unicodedata.normalize("NFC", first + mark)
    + second
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
}
_UNIT_PREFIX = (
    r"^(?:tỉnh|thành phố|thủ đô|t\.?p\.?|quận|q\.|huyện|h\.|thị xã|tx\.|phường|p\.|xã|x\."
    r"|thị trấn|tt\.|đặc khu)\s*"
)


def name_key(name: pl.Expr) -> pl.Expr:
    """A comparison key for unit names: spelling variants of one name share it.

    NFC, lower case, tone marks placed the new way (``Hoà`` = ``Hòa``, ``Thuỷ`` = ``Thủy``),
    dashes read as spaces, whitespace collapsed, the unit type in front removed (``Phường``,
    ``P.``, ``Xã``, ``Thị trấn``, ``Tỉnh``, ``Thành phố``, ``TP.`` …) and leading zeros of a
    numbered name dropped (``Phường 01`` = ``Phường 1``).

    Examples
    --------
    >>> import polars as pl
    >>> names = pl.Series(["Phường  Hoà Bình", "hòa bình", "P. 01", "Phường 1", "Tp. Huế"])
    >>> pl.select(name_key(pl.lit(names))).to_series().to_list()
    ['hòa bình', 'hòa bình', '1', '1', 'huế']
    """
    return (
        name.cast(pl.String)
        .str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_many(list(_TONE_STYLE), list(_TONE_STYLE.values()))
        .str.replace_all(r"[-‐‑‒–—]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace(_UNIT_PREFIX, "")
        .str.replace(r"^0+(\d+)$", "$1")
    )


@functools.cache
def _name_keys(vintage: str, level: str) -> tuple[list[str], pl.Series]:
    frame = _unit_map(vintage, level)
    keys = frame.select(name_key(pl.col("name"))).to_series()
    return frame["code"].to_list(), keys


# --------------------------------------------------------------------------- admin_unit


@register("admin_unit")
@dataclass(frozen=True, kw_only=True)
class AdminUnit(RowCheck):
    """Non-null values are codes of administrative units of one level of one list.

    ``vintage: "2025"`` (default) is the list in force from 2025-07-01 (34 provinces, 3,321
    communes; no district level); ``vintage: legacy`` the list in force until 2025-06-30 (63
    provinces, 696 districts, 10,035 communes). String values are compared as written (``"1"``
    is not ``"01"``); integer values as numbers (``1`` is ``"01"``). The details give
    ``in_other_vintage``: failing values that are codes of the same level in the other list.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"province": ["01", "79", "02", "1", None]})
    >>> check = AdminUnit(columns=["province"], level="province")
    >>> r = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01")
    >>> c = r.check("admin_unit:province")
    >>> (c.evaluated, c.failed, c.details["in_other_vintage"])
    (4, 2, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "mã đơn vị hành chính có trong danh mục (2025 hoặc trước 2025)",
        "administrative-unit codes are in the official list (2025 or legacy)",
    )
    column_kind: ClassVar[ColumnKind] = CODE

    level: Level
    vintage: Vintage = "2025"

    def __post_init__(self) -> None:
        _normalise_vintage(self)
        super().__post_init__()
        if self.level == "district" and self.vintage == "2025":
            raise CheckDefinitionError(
                "check 'admin_unit': there is no district level since 2025-07-01; use "
                "'vintage: legacy' for district codes",
                "phép kiểm tra 'admin_unit': từ 01/07/2025 không còn cấp huyện; dùng "
                "'vintage: legacy' "
                "cho mã quận/huyện",
                key="level",
            )

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail non-null values that are not codes of the list."""
        domain = _Domain.of(_dtype(ctx, column))
        known = domain.member(column, self.vintage, self.level)
        other = "legacy" if self.vintage == "2025" else "2025"
        # a derived column, computed once: 0 known, 1 a code of the other list only, 2 neither
        # (null values give 2 and are not evaluated)
        where = (
            pl.when(known)
            .then(pl.lit(0, dtype=pl.Int8))
            .when(domain.member(column, other, self.level))
            .then(pl.lit(1, dtype=pl.Int8))
            .otherwise(pl.lit(2, dtype=pl.Int8))
        )
        name = self.derived_name([column], "list")
        return RowRule(
            applies=pl.col(column).is_not_null(),
            fails=pl.col(name) != 0,
            details={"in_other_vintage": (pl.col(name) == 1).sum().cast(pl.Int64)},
            derived={name: where},
        )


# --------------------------------------------------------------------------- unit_in_province


@register("unit_in_province")
@dataclass(frozen=True, kw_only=True)
class UnitInProvince(RowCheck):
    """A commune's code lies in the province (and district) the record names.

    ``columns`` hold commune codes; ``province`` names the column with the record's province
    code (and, with ``vintage: legacy``, ``district`` optionally names a district-code
    column). A row is evaluated when the commune code, the province code (and the district
    code, if given) are non-null and the commune code is in the list; it fails when the
    commune's province in the list differs from the record's (or its district from the
    record's). Commune codes not in the list are not evaluated (``admin_unit`` counts them);
    the details give their number as ``unknown_commune``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"commune": ["26740", "26740", "00004", "99999", None],
    ...                    "province": ["79", "01", "01", "79", "79"]})
    >>> check = UnitInProvince(columns=["commune"], province="province")
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "unit_in_province:commune")
    >>> (c.evaluated, c.failed, c.details["unknown_commune"])
    (3, 1, 1)
    """

    summary: ClassVar[tuple[str, str]] = (
        "xã/phường thuộc đúng tỉnh (và huyện) ghi trong bản ghi",
        "the commune lies in the province (and district) the record names",
    )
    column_kind: ClassVar[ColumnKind] = CODE

    province: str
    vintage: Vintage = "2025"
    district: str | None = None

    def __post_init__(self) -> None:
        _normalise_vintage(self)
        super().__post_init__()
        if self.district is not None and self.vintage == "2025":
            raise CheckDefinitionError(
                "check 'unit_in_province': 'district' needs 'vintage: legacy' (there is no "
                "district level since 2025-07-01)",
                "phép kiểm tra 'unit_in_province': 'district' cần 'vintage: legacy' (từ 01/07/2025 "
                "không còn cấp huyện)",
                key="district",
            )

    def extra_inputs(self, column: str) -> tuple[str, ...]:
        """The province (and district) columns."""
        del column
        return (self.province,) if self.district is None else (self.province, self.district)

    def _parent(self, column: str, ctx: CompileContext, parent: str, level: str) -> pl.Expr:
        """The commune's province (or district) code in the domain of the ``parent`` column."""
        dtype = _dtype(ctx, parent)
        _require_kind(self.kind, parent, dtype, CODE)
        commune = _unit_map(self.vintage, "commune")
        field = "province" if level == "province" else "parent"
        values = _Domain.of(dtype).series(commune[field].to_list())
        return _Domain.of(_dtype(ctx, column)).lookup(column, commune["code"].to_list(), values)

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail known communes whose province (or district) differs from the record's."""
        given = [self.province] if self.district is None else [self.province, self.district]
        present = pl.all_horizontal([pl.col(c).is_not_null() for c in (column, *given)])
        province = self._parent(column, ctx, self.province, "province")
        fails = province != _Domain.of(_dtype(ctx, self.province)).value(self.province)
        if self.district is not None:
            district = self._parent(column, ctx, self.district, "district")
            fails = fails | (
                district != _Domain.of(_dtype(ctx, self.district)).value(self.district)
            )
        known = _Domain.of(_dtype(ctx, column)).member(column, self.vintage, "commune")
        # for a known commune a null comparison means the record's code is out of the integer
        # range: not the commune's
        return RowRule(
            applies=present & known,
            fails=fails.fill_null(value=True),
            details={"unknown_commune": (present & ~known).sum().cast(pl.Int64)},
        )


# --------------------------------------------------------------------------- admin_unit_current


@functools.cache
def _successor_table(level: str) -> tuple[list[str], pl.Series, pl.Series, pl.Series]:
    """Legacy code → (default successor code, its 2025 name, whether the unit lies wholly in it)."""
    table = successors_2025().filter(pl.col("level") == level, pl.col("default"))
    names = (
        units()
        .filter(vintage="2025")
        .select(
            pl.col("level").alias("successor_level"),
            pl.col("code").alias("successor"),
            pl.col("name").alias("successor_name"),
        )
    )
    table = table.join(names, on=["successor_level", "successor"], how="left").sort("code")
    return (
        table["code"].to_list(),
        table["successor"],
        table["successor_name"],
        table["whole"],
    )


@register("admin_unit_current")
@dataclass(frozen=True, kw_only=True)
class AdminUnitCurrent(RowCheck):
    """Codes are not ones valid only before the 2025-07-01 reorganisation.

    A row is evaluated when its code is non-null and in either list (codes in neither are
    ``admin_unit``'s business; the details count them as ``unknown``). It fails when the code
    names a unit that no longer exists:

    * the code is in the legacy list of that ``level`` but not in the 2025 list (every district
      code fails: there is no district level since 2025-07-01);
    * with ``name_column``, also when the code is in both lists — most 2025 commune codes, and
      7 province codes, reuse a legacy number for another unit — and the record's name is the
      legacy unit's name, not the 2025 unit's. Names are compared by :func:`name_key` (case,
      Unicode form, tone-mark placement, dashes, spacing and the unit-type prefix do not
      matter). A null name means the code alone decides.

    Without ``name_column`` a code present in the 2025 list passes, whatever unit the record
    meant. Details: ``successor_whole`` — failing rows whose legacy unit lies wholly in one
    2025 unit; ``successor_split`` — failing rows whose legacy commune was divided (the
    samples then show the source's default part); ``no_successor`` — failing rows without a
    known successor (districts); with ``name_column``, ``unmatched_name`` — rows whose code is
    in the 2025 list but whose name is neither the 2025 nor the legacy unit's (not failed).
    Each failing sample shows the 2025 successor's code and name.

    The rule is evaluated once per distinct code (and name) — a ``group_by`` on them, weighted
    by the number of rows — so normalising names costs per distinct value, not per row.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"ward": ["26737", "26740", "26740", "00004"],
    ...                    "name": ["Phường Đa Kao", "Phường Sài Gòn", "Phường Bến Nghé", None]})
    >>> check = AdminUnitCurrent(columns=["ward"], level="commune", name_column="name")
    >>> c = dc.run(dc.Suite(name="s", checks=[check]), df, as_of="2026-01-01").check(
    ...     "admin_unit_current:ward")
    >>> (c.evaluated, c.failed, c.details["successor_whole"], c.details["successor_split"])
    (4, 2, 1, 1)
    """

    supports_where: ClassVar[bool] = False  # group/window semantics: all rows
    default_dimension: ClassVar[Dimension] = Dimension.LIVE
    summary: ClassVar[tuple[str, str]] = (
        "mã đơn vị hành chính còn hiệu lực sau sắp xếp 01/07/2025",
        "administrative-unit codes are still in force after the 2025-07-01 reorganisation",
    )
    column_kind: ClassVar[ColumnKind] = CODE

    level: Level
    name_column: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.name_column is not None and self.level == "district":
            raise CheckDefinitionError(
                "check 'admin_unit_current': 'name_column' does not apply to level 'district' "
                "(every district code is pre-2025)",
                "phép kiểm tra 'admin_unit_current': 'name_column' không áp dụng cho cấp "
                "'district' "
                "(mọi mã quận/huyện đều trước 2025)",
                key="name_column",
            )

    def extra_inputs(self, column: str) -> tuple[str, ...]:
        """The name column, if any."""
        del column
        return () if self.name_column is None else (self.name_column,)

    def _flags(
        self, column: str, ctx: CompileContext
    ) -> tuple[pl.Expr, pl.Expr, dict[str, pl.Expr]]:
        """Row expressions: (applies, fails, detail flags) — the details count their true rows."""
        domain = _Domain.of(_dtype(ctx, column))
        present = pl.col(column).is_not_null()
        new = domain.member(column, "2025", self.level)
        old = domain.member(column, "legacy", self.level)
        fails = old & ~new
        flags: dict[str, pl.Expr] = {}
        if self.name_column is not None:
            _require_kind(self.kind, self.name_column, _dtype(ctx, self.name_column), STRING)
            key = name_key(pl.col(self.name_column))
            new_codes, new_keys = _name_keys("2025", self.level)
            old_codes, old_keys = _name_keys("legacy", self.level)
            new_name = domain.lookup(column, new_codes, new_keys)
            old_name = domain.lookup(column, old_codes, old_keys)
            legacy_name = ((key == old_name) & (key != new_name)).fill_null(value=False)
            neither = (
                new & (key != new_name) & ((key != old_name) | old_name.is_null())
            ).fill_null(value=False)
            fails = fails | (new & old & legacy_name)
            flags["unmatched_name"] = present & neither
        failing = present & fails
        keys, _, _, whole = _successor_table(self.level)
        kind = domain.lookup(column, keys, whole)
        flags["successor_whole"] = failing & kind.fill_null(value=False)
        flags["successor_split"] = failing & ~kind.fill_null(value=True)
        flags["no_successor"] = failing & kind.is_null()
        flags["unknown"] = present & ~new & ~old
        return present & (new | old), fails, flags

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail codes (or code-and-name pairs) of units that no longer exist (row by row)."""
        applies, fails, flags = self._flags(column, ctx)
        details = {name: flag.sum().cast(pl.Int64) for name, flag in flags.items()}
        return RowRule(applies=applies, fails=fails, details=details)

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One measure per column in the group-by stage of its code (and name)."""
        measures = []
        for column in self.columns:
            inputs = tuple(dict.fromkeys((column, *self.extra_inputs(column))))
            applies, fails, flags = self._flags(column, ctx)
            size = pl.col(GROUP_SIZE)
            applies = applies.fill_null(value=False)
            failing = applies & fails.fill_null(value=False)
            details = {name: size.filter(flag).sum().cast(pl.Int64) for name, flag in flags.items()}
            measures.append(
                Measure(
                    check=self,
                    columns=(column,),
                    stage=GroupStage(inputs),
                    evaluated=size.filter(applies).sum().cast(pl.Int64),
                    failed=size.filter(failing).sum().cast(pl.Int64),
                    details=details,
                    failing=failing,
                    sample_columns=self._sample_columns(column, inputs, _dtype(ctx, column)),
                    inputs=inputs,
                    column_kind=self.column_kind,
                )
            )
        return measures

    def _sample_columns(
        self, column: str, inputs: tuple[str, ...], dtype: pl.DataType | None
    ) -> dict[str, pl.Expr]:
        """What a failing record shows: its code (and name) and the 2025 successor."""
        domain = _Domain.of(dtype)
        keys, successor, successor_name, whole = _successor_table(self.level)
        return {
            **{c: pl.col(c) for c in inputs},
            "successor_2025": domain.lookup(column, keys, successor),
            "successor_2025_name": domain.lookup(column, keys, successor_name),
            "successor_2025_whole": domain.lookup(column, keys, whole),
        }


# --------------------------------------------------------------------------- no_district_level


def _variants(char: str) -> list[str]:
    """Every canonically equivalent spelling of one character (precomposed, combining, mixed)."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks:
        return [char]
    found: set[str] = set()
    for order in set(itertools.permutations(marks)):
        for split in range(len(order) + 1):
            head = unicodedata.normalize("NFC", base + "".join(order[:split]))
            if len(head) == 1:
                found.add(head + "".join(order[split:]))
    return sorted(found, key=lambda v: (len(v), v))


def _word(text: str) -> str:
    r"""A regex matching ``text`` in any Unicode composition; spaces match ``\s+``."""
    parts = []
    for char in unicodedata.normalize("NFC", text):
        if char == " ":
            parts.append(r"\s+")
            continue
        options = [re.escape(v) for v in _variants(char)]
        parts.append(options[0] if len(options) == 1 else f"(?:{'|'.join(options)})")
    return "".join(parts)


def _any_of(*words: str) -> str:
    return "(?:" + "|".join(_word(w) for w in words) + ")"


_W = r"\p{L}\p{M}\p{N}"  # characters of a word (letters, combining marks, digits)
_END = ""  # marks a complete spelling in a trie
_Trie: TypeAlias = dict[str, "_Trie"]


def _spellings(word: str) -> list[str]:
    """Every spelling of ``word``: each character in either case, in any composition."""
    per_char = []
    for char in unicodedata.normalize("NFC", word):
        forms: set[str] = set()
        for cased in {char.lower(), char.upper()}:
            forms.update(_variants(cased))
        per_char.append(sorted(forms))
    return sorted("".join(parts) for parts in itertools.product(*per_char))


def _trie(words: list[str]) -> _Trie:
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _chars(chars: list[str]) -> str:
    return "".join(f"\\x{{{ord(c):X}}}" for c in chars)


def _not_name(word: str) -> str:
    """A regex for the start of a name that is not exactly ``word`` (in any spelling).

    It matches at a letter or digit and fails only where the text is ``word`` followed by the
    end or a character that is not a letter, mark or digit.
    """

    def node(trie: _Trie, depth: int) -> str:
        children = sorted(c for c in trie if c != _END)
        other = f"[^{_chars(children)}]"
        if depth == 0:
            alternatives = [f"[[\\p{{L}}\\p{{N}}]--[{_chars(children)}]]"]
        elif _END in trie:  # the whole word so far: only a longer word is not it
            alternatives = [f"[[{_W}]--[{_chars(children)}]]" if children else f"[{_W}]"]
        else:
            alternatives = [f"$|{other}"]
        alternatives += [f"\\x{{{ord(c):X}}}(?:{node(trie[c], depth + 1)})" for c in children]
        return "|".join(alternatives)

    return f"(?-i:{node(_trie(_spellings(word)), 0)})"


def _not_word_before(word: str) -> str:
    """A regex for text ending with a word character whose word is not ``word``.

    Reads the spellings backwards, so it needs no repetition: only the last few characters
    before the match's end are examined.
    """

    def node(trie: _Trie, depth: int) -> str:
        children = sorted(c for c in trie if c != _END)
        if depth == 0:
            alternatives = [f"[[{_W}]--[{_chars(children)}]]"]
        elif _END in trie:  # a whole spelling: only a longer word is not it
            alternatives = [f"[[{_W}]--[{_chars(children)}]]" if children else f"[{_W}]"]
        else:
            alternatives = [f"(?:^|[^{_chars(children)}])"]
        alternatives += [f"(?:{node(trie[c], depth + 1)})\\x{{{ord(c):X}}}" for c in children]
        return "|".join(alternatives)

    backwards = [spelling[::-1] for spelling in _spellings(word)]
    return f"(?-i:{node(_trie(backwards), 0)})"


_SEPARATORS = r",;|/()\n\r\-–—"
_SEGMENT = rf"(?:^|[{_SEPARATORS}])\s*"
_WORD_START = rf"(?:^|[^{_W}])"
_AFTER_LEVEL = r"\s*[.:]?\s*"
_NAME = rf"{_AFTER_LEVEL}[\p{{L}}\p{{N}}]"
_ABBREVIATIONS = r"(?:q|h|tx|tt|t\.x|t\.t)\.\s*[\p{L}\p{N}]|q\s*\d"


@functools.cache
def district_level_pattern(position: Literal["segment", "anywhere"] = "segment") -> str:
    """The regex of ``no_district_level``: a value fails where it finds a match.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["1 Lê Lợi, Quận 1, TP.HCM", "Huyện lộ 2, Xã Tân Thạnh", "Q.3",
    ...                "Phường Thị Nại", "Huyện Lộc Ninh", "12 Bà Huyện Thanh Quan"])
    >>> pl.select(pl.lit(s).str.contains(district_level_pattern())).to_series().to_list()
    [True, False, True, False, True, False]
    """
    others = _any_of("quận", "thị xã", "thị trấn")
    huyen = f"{_word('huyện')}{_AFTER_LEVEL}{_not_name('lộ')}"
    if position == "segment":
        return f"(?i){_SEGMENT}(?:{others}{_NAME}|{huyen}|{_ABBREVIATIONS})"
    after_word = rf"(?:^\s*|[^{_W}\s]\s*|(?:{_not_word_before('bà')})\s+)"
    return f"(?i){_WORD_START}{others}{_NAME}|{after_word}{huyen}|{_SEGMENT}(?:{_ABBREVIATIONS})"


@register("no_district_level")
@dataclass(frozen=True, kw_only=True)
class NoDistrictLevel(RowCheck):
    """A current address names no district-level unit (abolished on 2025-07-01).

    A non-null value fails when one of its segments — the text at the start of the value or
    after ``,`` ``;`` ``|`` ``/`` ``(`` ``)`` a dash or a line break, spaces skipped — begins
    with ``Quận``, ``Huyện``, ``Thị xã`` or ``Thị trấn`` followed by a name (a letter or digit,
    optionally after ``.`` or ``:`` and spaces), with ``Q.``, ``H.``, ``TX.``, ``TT.``,
    ``T.X.`` or ``T.T.`` followed by a name, or with ``Q`` followed by a number (``Q1``,
    ``Q 10``). ``Huyện lộ`` (a district road, ``lộ`` as a whole word) is not a district.
    Thị trấn was a commune-level type, abolished on the same date. Matching ignores case and
    Unicode composition (precomposed, decomposed or mixed diacritics); spellings without
    diacritics (``Quan 1``) are not flagged (``quan``, ``huyen`` are ordinary words).

    Anchoring at segments keeps street and unit names such as ``Bà Huyện Thanh Quan``,
    ``Nguyễn Thị Minh Khai``, ``Phường Thị Nại`` or ``Xã Tứ Quận`` from failing.
    ``position: anywhere`` also flags the four words at any word start (for addresses
    written without commas), except ``Huyện`` right after the word ``Bà`` and ``Huyện lộ``;
    abbreviations still must start a segment. ``Thành phố``/``TP.`` is never flagged: it
    also names the six centrally-run cities.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> df = pl.DataFrame({"address": [
    ...     "12 Bà Huyện Thanh Quan, Phường Xuân Hòa, Thành phố Hồ Chí Minh",
    ...     "12 Bà Huyện Thanh Quan, Phường Võ Thị Sáu, Quận 3, TP. Hồ Chí Minh",
    ...     "Thôn 2, Xã Tân Hòa, H. Củ Chi", None]})
    >>> c = dc.run(dc.Suite(name="s", checks=[NoDistrictLevel(columns=["address"])]), df,
    ...            as_of="2026-01-01").check("no_district_level:address")
    >>> (c.evaluated, c.failed)
    (3, 2)
    """

    default_dimension: ClassVar[Dimension] = Dimension.LIVE
    summary: ClassVar[tuple[str, str]] = (
        "địa chỉ hiện tại không còn ghi cấp huyện (quận, huyện, thị xã) hay thị trấn",
        "current addresses name no district level (quận, huyện, thị xã) nor thị trấn",
    )
    column_kind: ClassVar[ColumnKind] = STRING

    position: Literal["segment", "anywhere"] = "segment"

    def rule(self, column: str, ctx: CompileContext) -> RowRule:
        """Fail values where the pattern finds a district-level segment."""
        del ctx
        value = pl.col(column).cast(pl.String)
        pattern = district_level_pattern(self.position)
        return RowRule(applies=value.is_not_null(), fails=value.str.contains(pattern))

    def measures(self, ctx: CompileContext) -> list[Measure]:
        """One row-stage measure per column; samples show the first mention found."""
        pattern = district_level_pattern(self.position)
        measures = []
        for column in self.columns:
            rule = self.rule(column, ctx)
            value = pl.col(column).cast(pl.String)
            shown = {column: pl.col(column), "district_level": value.str.extract(pattern, 0)}
            measures.append(
                row_measure(
                    self,
                    (column,),
                    rule,
                    ROW_STAGE,
                    self.column_kind,
                    (column,),
                    sample_columns=shown,
                )
            )
        return measures
