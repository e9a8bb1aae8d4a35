"""Shared building blocks of the linked databases: people, communes, tax codes, ledgers.

Every linked database draws its people from the **clean** rows of the population master
(rows that carry no injected defect), so each linked ``person_id`` occurs exactly once in
``dan_cu`` with the true birth date, sex, name and status; cross-database counts then follow
from the injection bookkeeping alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Final

import numpy as np
import polars as pl

from samples import generator as g
from samples import vn_data as vn
from samples.generator import BoolArray, IntArray

__all__ = [
    "Communes",
    "Linked",
    "Part",
    "adults",
    "clean_people",
    "communes",
    "legacy_only_communes",
    "mst_codes",
    "new_table",
    "person_frame",
    "rng_for",
]

#: Weights of the first nine digits of a tax code (Thông tư 105/2020/TT-BTC).
MST_WEIGHTS: Final = np.array([31, 29, 23, 19, 17, 13, 7, 5, 3], dtype=np.int64)
MIDDLES: Final = (*vn.MIDDLE_MALE, *vn.MIDDLE_FEMALE)
GIVENS: Final = (*vn.GIVEN_MALE, *vn.GIVEN_FEMALE)

#: District-level segments no current address may contain (all fail ``no_district_level``).
DISTRICT_SEGMENTS: Final[tuple[str, ...]] = (
    "Quận 1",
    "Quận Hoàn Kiếm",
    "Huyện Củ Chi",
    "Thị xã Sơn Tây",
    "Thị trấn Đông Anh",
    "Q.3",
    "H. Bình Chánh",
    "TX. Từ Sơn",
)


def rng_for(seed: int, table: str) -> np.random.Generator:
    """An independent random stream per database, so adding one changes no other."""
    salt = int.from_bytes(table.encode("utf-8")[:8].ljust(8, b"\0"), "little")
    return np.random.default_rng(np.random.SeedSequence([seed, salt]))


@dataclass
class Part:
    """What one linked database contributes to the samples and the manifest."""

    name: str
    frame: pl.DataFrame
    ledger: g._Ledger
    references: dict[str, str]
    cross: dict[str, int] = field(default_factory=dict)
    rows: g._Rows | None = None


@dataclass
class Linked:
    """All linked databases: frames and manifest sections."""

    frames: dict[str, pl.DataFrame]
    suites: dict[str, dict[str, Any]]
    defects: list[dict[str, Any]]
    cross: dict[str, dict[str, int]]
    shares: dict[str, float]


def new_table(
    name: str,
    n: int,
    rng: np.random.Generator,
    weights: Mapping[str, float],
    rate: float,
    *,
    checks: Sequence[str],
    descriptions: Mapping[str, str],
    min_rows: int,
) -> g._Table:
    """Row pool, defect counts and a ledger whose every check starts clean on ``n`` rows."""
    ledger = g._Ledger(name, descriptions={**g._DESCRIPTIONS, **descriptions})
    t = g._Table(g._Rows(n, rng, name), g._defect_counts(weights, n, rate), ledger)
    for check_id in checks:
        ledger.expect(check_id, n)
    ledger.expect("enough_rows", 1, int(n < min_rows))
    ledger.expect("has_required_columns", 1)
    return t


def clean_people(pop: g._Population) -> BoolArray:
    """Rows of ``dan_cu`` without any injected defect (unique id, true facts)."""
    clean: BoolArray = ~pop.rows.used
    return clean


def adults(pop: g._Population, as_of: datetime, years: int = 18) -> BoolArray:
    """Clean rows of people at least ``years`` old at the as-of date."""
    limit = g._day(as_of.date()) - round(years * 365.2425)
    ok: BoolArray = clean_people(pop) & (pop.people.birth <= limit)
    return ok


def person_frame(pop: g._Population, rows: IntArray) -> pl.DataFrame:
    """The master's ``person_id``, ``full_name``, ``gender``, ``birth_date``, ``status``."""
    return pop.frame.select("person_id", "full_name", "gender", "birth_date", "status")[rows]


def nfd_changes(pop: g._Population, rows: IntArray) -> BoolArray:
    """Whether the name of each person changes under NFD (``Đ`` alone does not)."""

    def decomposes(pool: Sequence[str]) -> BoolArray:
        return np.array([unicodedata.normalize("NFD", v) != v for v in pool])

    p = pop.people
    ok: BoolArray = decomposes(vn.FAMILY_NAMES)[p.family[rows]]
    ok |= decomposes(MIDDLES)[p.middle[rows]] | decomposes(GIVENS)[p.given[rows]]
    return ok


@dataclass(frozen=True)
class Communes:
    """The 3,321 communes in force since 2025-07-01."""

    code: tuple[str, ...]
    name: tuple[str, ...]
    province: IntArray  # index into PROVINCES (2025 province codes)
    provinces: tuple[str, ...]  # the 34 province codes
    province_names: tuple[str, ...]


@cache
def communes() -> Communes:
    """The 2025 communes and provinces from datacheck's shipped list."""
    from datacheck.vn.admin_units import units  # noqa: PLC0415 (only the data is needed)

    u = units().filter(pl.col("vintage") == "2025")
    prov = u.filter(pl.col("level") == "province").sort("code")
    com = u.filter(pl.col("level") == "commune").sort("code")
    codes = tuple(prov["code"].to_list())
    index = {c: i for i, c in enumerate(codes)}
    return Communes(
        code=tuple(com["code"].to_list()),
        name=tuple(com["name"].to_list()),
        province=np.array([index[c] for c in com["province"].to_list()], dtype=np.int64),
        provinces=codes,
        province_names=tuple(prov["name"].to_list()),
    )


@cache
def legacy_only_communes() -> tuple[str, ...]:
    """Commune codes of the pre-2025 list that are not codes of the 2025 list."""
    from datacheck.vn.admin_units import units  # noqa: PLC0415

    u = units().filter(pl.col("level") == "commune")
    current = set(u.filter(pl.col("vintage") == "2025")["code"].to_list())
    legacy = u.filter(pl.col("vintage") == "legacy")["code"].to_list()
    return tuple(sorted(set(legacy) - current))


def pick_communes(rng: np.random.Generator, n: int) -> IntArray:
    """Random commune indices, weighted towards the two big cities."""
    c = communes()
    big = np.isin(np.asarray(c.provinces)[c.province], ["01", "79"])
    w = np.where(big, 4.0, 1.0)
    picked: IntArray = rng.choice(len(c.code), size=n, p=w / w.sum()).astype(np.int64)
    return picked


def commune_columns(
    commune: IntArray, rng: np.random.Generator, prefix: str
) -> dict[str, pl.Series]:
    """``<prefix>commune``, ``<prefix>province`` and a current address for each commune."""
    c = communes()
    n = commune.size
    province = c.province[commune]
    return {
        "commune": g._lookup(f"{prefix}commune", c.code, commune),
        "province": g._lookup(f"{prefix}province", c.provinces, province),
        "address": g._concat(
            "Số ",
            pl.Series(rng.integers(1, 500, n)).cast(pl.String),
            " ",
            g._lookup("s", vn.STREETS, rng.integers(0, len(vn.STREETS), n)),
            ", ",
            g._lookup("c", c.name, commune),
            ", ",
            g._lookup("p", c.province_names, province),
        ),
    }


def inject_commune_defects(
    t: g._Table,
    *,
    commune: IntArray,
    commune_code: pl.Series,
    province: pl.Series,
    commune_column: str,
    province_column: str,
    rng: np.random.Generator,
    legacy_start: int = 0,
) -> None:
    """Inject legacy-only commune codes and communes lying in another province.

    A legacy code fails ``admin_unit`` and ``admin_unit_current`` and is not evaluated by
    ``unit_in_province``; a commune of another province fails ``unit_in_province``.
    """
    legacy = legacy_only_communes()
    idx = t.take("commune_legacy_code")
    g._inject_pool(commune_code, idx, legacy[legacy_start :: max(1, len(legacy) // 50)], rng)
    t.record(
        "commune_legacy_code",
        commune_column,
        idx.size,
        {
            f"admin_unit:{commune_column}": g._fails(idx),
            f"admin_unit_current:{commune_column}": g._fails(idx),
            f"unit_in_province:{commune_column}": {"evaluated": -idx.size},
        },
    )
    idx = t.take("commune_other_province")
    if idx.size:
        provinces = communes().provinces
        own = communes().province[commune[idx]]
        other = (own + 1 + rng.integers(0, len(provinces) - 1, idx.size)) % len(provinces)
        g._scatter(province, idx, g._lookup("", provinces, other))
    t.record(
        "commune_other_province",
        province_column,
        idx.size,
        {f"unit_in_province:{commune_column}": g._fails(idx)},
    )


def mst_codes(
    province: IntArray, rng: np.random.Generator, exclude: IntArray | None = None
) -> tuple[IntArray, IntArray]:
    """Distinct valid 10-digit tax codes: province prefix, 6 random digits, d9, check digit.

    Returns the 8-digit bases (distinct, none in ``exclude``) and the codes. The ninth
    digit is drawn so that the weighted sum is never ≡ 0 (mod 11) — such prefixes are
    never issued — and the tenth is the check digit ``10 − (Σ mod 11)``.
    """
    base = g._unique_codes(province, 10**6, rng, exclude=exclude)
    digits = np.stack([base // 10 ** (7 - i) % 10 for i in range(8)])
    s8 = (MST_WEIGHTS[:8, None] * digits).sum(axis=0)
    d9 = rng.integers(0, 10, base.size)
    zero = (s8 + 3 * d9) % 11 == 0
    d9[zero] = (d9[zero] + 1) % 10  # 3·d9 takes 10 distinct residues: now non-zero
    check = 10 - (s8 + 3 * d9) % 11
    codes: IntArray = base * 100 + d9 * 10 + check
    return base, codes


def bad_check_digit(codes: pl.Series, rng: np.random.Generator) -> pl.Series:
    """The same codes with another last digit (exactly one last digit is valid)."""
    last = codes.str.slice(9, 1).cast(pl.Int64).to_numpy()
    other = (last + 1 + rng.integers(0, 9, last.size)) % 10
    return g._concat(codes.str.slice(0, 9), pl.Series(other).cast(pl.String))


def absent_ids(
    pop: g._Population, rng: np.random.Generator, female: BoolArray, birth: IntArray
) -> pl.Series:
    """Well-formed personal ids (consistent with sex and birth) that are not in ``dan_cu``."""
    legacy = g._LEGACY_INT[rng.integers(0, g._LEGACY_INT.size, female.size)]
    prefix = g._cccd_prefix(legacy, female, birth)
    ids = g._unique_codes(prefix, 10**6, rng, exclude=pop.people.person_id)
    return g._id_strings("", ids, 12)


def province_index(codes: pl.Series) -> IntArray:
    """Index into ``communes().provinces`` of each 2025 province code (vectorised)."""
    mapping = {code: i for i, code in enumerate(communes().provinces)}
    index: IntArray = codes.replace_strict(mapping, return_dtype=pl.Int64).to_numpy()
    return index


def tax_prefix(province: IntArray) -> IntArray:
    """Two leading digits of a new enterprise's tax code: its province's code."""
    codes = np.array([int(p) for p in communes().provinces], dtype=np.int64)
    prefix: IntArray = codes[province]
    return prefix


def sample_rows(
    candidates: BoolArray, size: int, rng: np.random.Generator, must: BoolArray, k: int
) -> IntArray:
    """``size`` distinct rows among ``candidates``, at least ``k`` of them in ``must``.

    So the defects that need a particular kind of row (a deceased person, ...) find room
    even in small samples; sorted, as the master's rows are.
    """
    special = np.flatnonzero(candidates & must)
    forced = rng.choice(special, size=min(k, special.size, size), replace=False)
    rest = np.flatnonzero(candidates & ~np.isin(np.arange(candidates.size), forced))
    others = rng.choice(rest, size=min(size - forced.size, rest.size), replace=False)
    rows: IntArray = np.sort(np.concatenate([forced, others])).astype(np.int64)
    return rows
