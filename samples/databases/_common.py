"""Shared building blocks of the linked databases: people, communes, tax codes, ledgers.

Every linked database draws its people from the **clean** rows of the population master
(rows that carry no injected defect), so each linked ``person_id`` occurs exactly once in
``dan_cu`` with the true birth date, sex, name and status; cross-database counts then follow
from the injection bookkeeping alone.

The defect injections several databases share live here too (duplicate pairs, statuses the
facts contradict, ids absent from ``dan_cu`` or malformed, tax codes unknown to
``doanh_nghiep``, birth dates and sexes that disagree, stale or future instants, values out
of their sets, ...): each takes its rows, writes the defect and books its effects on the
ledger, drawing from the table's random stream in a fixed order, so a seed still gives the
same samples.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl

from samples import generator as g
from samples import vn_data as vn
from samples.generator import BoolArray, IntArray

__all__ = [
    "AGREEMENTS",
    "Communes",
    "Effects",
    "Linked",
    "Part",
    "absent_tax_codes",
    "adults",
    "clean_people",
    "communes",
    "double_spaces",
    "drop_last_digit",
    "duplicate_rows",
    "duplicate_values",
    "effects",
    "expect_all",
    "future_days",
    "future_micros",
    "inject_absent_ids",
    "inject_absent_tax_codes",
    "inject_birth_date_mismatch",
    "inject_district_segments",
    "inject_fact_mismatches",
    "inject_future",
    "inject_name_case",
    "inject_other_province",
    "inject_sex_mismatch",
    "inject_stale_updated_at",
    "inject_unlinked_ids",
    "legacy_only_communes",
    "legacy_pool",
    "lower_case",
    "mst_codes",
    "new_table",
    "nfd",
    "person_frame",
    "pool_rows",
    "record_pairs",
    "registered_bases",
    "rng_for",
    "set_flag",
    "stale_micros",
    "take_pairs",
    "transform_rows",
    "upper_case",
]

#: Weights of the first nine digits of a tax code (Thông tư 105/2020/TT-BTC).
MST_WEIGHTS: Final = np.array([31, 29, 23, 19, 17, 13, 7, 5, 3], dtype=np.int64)
MIDDLES: Final = (*vn.MIDDLE_MALE, *vn.MIDDLE_FEMALE)
GIVENS: Final = (*vn.GIVEN_MALE, *vn.GIVEN_FEMALE)

#: Checks comparing a row with its person's facts in ``dan_cu`` (birth date, sex, death):
#: a personal id absent from ``dan_cu`` leaves them nothing to compare.
AGREEMENTS: Final[tuple[str, ...]] = (
    "birth_date_matches_population",
    "sex_matches_population",
    "deceased_still_active",
)

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
    legacy_start: int = 0,
) -> None:
    """Inject legacy-only commune codes and communes lying in another province.

    A legacy code fails ``admin_unit`` and ``admin_unit_current`` and is not evaluated by
    ``unit_in_province``; a commune of another province fails ``unit_in_province``.
    """
    pool_rows(
        t,
        "commune_legacy_code",
        commune_column,
        commune_code,
        legacy_pool(legacy_start),
        fails=[f"admin_unit:{commune_column}", f"admin_unit_current:{commune_column}"],
        unevaluated=[f"unit_in_province:{commune_column}"],
    )
    inject_other_province(
        t,
        commune=commune,
        province=province,
        commune_column=commune_column,
        province_column=province_column,
    )


def legacy_pool(start: int) -> tuple[str, ...]:
    """About fifty legacy-only commune codes (see :func:`legacy_only_communes`) from ``start``."""
    legacy = legacy_only_communes()
    return legacy[start :: max(1, len(legacy) // 50)]


def inject_other_province(
    t: g._Table,
    *,
    commune: IntArray,
    province: pl.Series,
    commune_column: str,
    province_column: str,
) -> IntArray:
    """``commune_other_province``: a province (changed in place) the commune is not in.

    ``commune`` is each row's commune (index into :func:`communes`); the defect fails
    ``unit_in_province:<commune_column>``.
    """
    idx = t.take("commune_other_province")
    if idx.size:
        provinces = communes().provinces
        own = communes().province[commune[idx]]
        other = (own + 1 + t.rng.integers(0, len(provinces) - 1, idx.size)) % len(provinces)
        g._scatter(province, idx, g._lookup("", provinces, other))
    t.record(
        "commune_other_province",
        province_column,
        idx.size,
        effects(idx, [f"unit_in_province:{commune_column}"]),
    )
    return idx


def inject_district_segments(t: g._Table, address: pl.Series, column: str) -> IntArray:
    """``address_district_level``: a district-level segment after an address's second part.

    ``address`` (``<house and street>, <commune>, <province>`` or longer) is changed in
    place; the defect fails ``no_district_level:<column>``.
    """
    idx = t.take("address_district_level")
    if idx.size:
        spread = g._spread(idx.size, len(DISTRICT_SEGMENTS), t.rng)
        seg = g._lookup("", DISTRICT_SEGMENTS, spread)
        pieces = address.gather(idx).str.splitn(", ", 3).struct.unnest()
        a, b, rest = pieces.columns
        g._scatter(
            address, idx, g._concat(pieces[a], ", ", pieces[b], ", ", seg, ", ", pieces[rest])
        )
    t.record(
        "address_district_level", column, idx.size, effects(idx, [f"no_district_level:{column}"])
    )
    return idx


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


# ---------------------------------------------------------------------------------------
# defect injections shared by the linked databases (each takes its rows with ``t.take``)

#: Ledger effects of one defect kind: check id -> measure -> change.
Effects = dict[str, dict[str, int]]


def effects(idx: IntArray, fails: Iterable[str] = (), unevaluated: Iterable[str] = ()) -> Effects:
    """The ledger effects of a defect on the rows ``idx``.

    Parameters
    ----------
    idx
        The defective rows.
    fails
        Checks that fail on each of these rows.
    unevaluated
        Checks that no longer evaluate these rows (a key not found, a null value, ...).

    Returns
    -------
    Effects
        ``{check: {"failed": len(idx)}}`` for each of ``fails`` and
        ``{check: {"evaluated": -len(idx)}}`` for each of ``unevaluated``.

    Examples
    --------
    >>> effects(np.array([3, 9]), ["unique:mst"], ["mst:mst"])
    {'unique:mst': {'failed': 2}, 'mst:mst': {'evaluated': -2}}
    """
    out: Effects = {check: g._fails(idx) for check in fails}
    for check in unevaluated:
        if check in out:
            msg = f"{check} both fails and is not evaluated"
            raise ValueError(msg)
        out[check] = {"evaluated": -idx.size}
    return out


def expect_all(t: g._Table, checks: Iterable[str], evaluated: int) -> None:
    """Expect each of ``checks`` to evaluate ``evaluated`` rows, all passing."""
    for check_id in checks:
        t.ledger.expect(check_id, evaluated)


def nfd(values: pl.Series) -> pl.Series:
    """The values in Unicode NFD (decomposed diacritics)."""
    return values.str.normalize("NFD")


def lower_case(values: pl.Series) -> pl.Series:
    """The values in lower case."""
    return values.str.to_lowercase()


def upper_case(values: pl.Series) -> pl.Series:
    """The values in upper case."""
    return values.str.to_uppercase()


def drop_last_digit(values: pl.Series) -> pl.Series:
    """Personal ids missing their last digit (11 digits)."""
    return values.str.slice(0, 11)


def double_spaces(values: pl.Series) -> pl.Series:
    """The values with their first space doubled."""
    return values.str.replace(" ", "  ", literal=True)


def transform_rows(
    t: g._Table,
    kind: str,
    column: str,
    series: pl.Series,
    fn: Callable[[pl.Series], pl.Series],
    *,
    fails: Iterable[str],
    unevaluated: Iterable[str] = (),
    eligible: BoolArray | None = None,
) -> IntArray:
    """Rewrite the values of ``counts[kind]`` fresh rows of ``series`` with ``fn``.

    Parameters
    ----------
    t
        The table's injection context.
    kind
        The defect kind (a key of the table's defect counts).
    column
        The column the defect is listed under.
    series
        The column's values, changed in place.
    fn
        The defect: the new values of the taken rows from their old values.
    fails, unevaluated
        The effects on the ledger (see :func:`effects`).
    eligible
        Rows that may carry the defect (default: any free row).

    Returns
    -------
    IntArray
        The defective rows.
    """
    idx = t.take(kind, eligible)
    g._transform(series, idx, fn)
    t.record(kind, column, idx.size, effects(idx, fails, unevaluated))
    return idx


def pool_rows(
    t: g._Table,
    kind: str,
    column: str,
    series: pl.Series,
    pool: Sequence[str],
    *,
    fails: Iterable[str],
    unevaluated: Iterable[str] = (),
    eligible: BoolArray | None = None,
) -> IntArray:
    """Write values of ``pool`` (each used once before any repeats) on fresh rows of ``series``.

    Returns the defective rows; ``fails`` and ``unevaluated`` are the effects on the ledger
    (see :func:`effects`).
    """
    values = pl.Series(list(pool), dtype=pl.String)

    def spread(old: pl.Series) -> pl.Series:
        return values.gather(g._spread(old.len(), len(pool), t.rng))

    return transform_rows(
        t, kind, column, series, spread, fails=fails, unevaluated=unevaluated, eligible=eligible
    )


def set_flag(
    t: g._Table,
    kind: str,
    flags: BoolArray,
    eligible: BoolArray,
    *,
    value: bool = True,
    unevaluated: Iterable[str] = (),
) -> IntArray:
    """Set ``flags`` to ``value`` on fresh ``eligible`` rows: a status the facts contradict.

    The check named like the defect kind fails on each row (``deceased_still_active``: a
    deceased person whose record is still active); the defect is listed under ``status``.
    """
    idx = t.take(kind, eligible)
    flags[idx] = value
    t.record(kind, "status", idx.size, effects(idx, [kind], unevaluated))
    return idx


def stale_micros(rng: np.random.Generator, as_of: datetime, size: int) -> IntArray:
    """Instants (µs) before the freshness limit: the first just before it, then up to 3 years."""
    limit = g._us(as_of - g.MAX_AGE)
    stale: IntArray = limit - g._US_PER_S * (1 + g._later(rng, size, 3 * 365 * g._DAY_S))
    return stale


def future_micros(rng: np.random.Generator, as_of: datetime, size: int, days: int) -> IntArray:
    """Instants (µs) after ``as_of``: the first a second after, then up to ``days`` days."""
    future: IntArray = g._us(as_of) + g._US_PER_S * (1 + g._later(rng, size, days * g._DAY_S))
    return future


def future_days(rng: np.random.Generator, as_of_day: int, size: int, days: int) -> IntArray:
    """Days after ``as_of_day``: the first the next day, then up to ``days`` days later."""
    future: IntArray = as_of_day + 1 + g._later(rng, size, days)
    return future


def inject_stale_updated_at(
    t: g._Table, updated: IntArray, as_of: datetime, eligible: BoolArray | None = None
) -> IntArray:
    """``stale_updated_at``: ``updated_at`` (µs, changed in place) older than the fresh limit."""
    idx = t.take("stale_updated_at", eligible)
    updated[idx] = stale_micros(t.rng, as_of, idx.size)
    t.record("stale_updated_at", "updated_at", idx.size, effects(idx, ["fresh:updated_at"]))
    return idx


def inject_future(
    t: g._Table,
    kind: str,
    column: str,
    values: IntArray,
    future: Callable[[int], IntArray],
    *,
    eligible: BoolArray | None = None,
) -> IntArray:
    """Values after the as-of date on fresh rows; ``not_future:<column>`` fails on each.

    ``future(size)`` draws the new values (see :func:`future_micros`, :func:`future_days`);
    ``values`` is changed in place.
    """
    idx = t.take(kind, eligible)
    values[idx] = future(idx.size)
    t.record(kind, column, idx.size, effects(idx, [f"not_future:{column}"]))
    return idx


def take_pairs(
    t: g._Table, kind: str, what: str, eligible: BoolArray | None = None
) -> tuple[IntArray, IntArray]:
    """Rows for ``counts[kind]`` duplicate pairs: the sources, then the copies.

    ``what`` names them in the error raised when the table has too few free rows.
    """
    pairs = t.counts[kind]
    src = t.rows.take(pairs, eligible, f"{what} sources")
    dst = t.rows.take(pairs, eligible, f"{what} copies")
    return src, dst


def record_pairs(t: g._Table, kind: str, column: str, key: str) -> None:
    """Book ``counts[kind]`` duplicate pairs: both rows of each fail ``unique:<key>``."""
    pairs = t.counts[kind]
    t.ledger.record(
        kind,
        column,
        2 * pairs,
        {f"unique:{key}": {"failed": 2 * pairs, "groups": pairs, "surplus": pairs}},
        groups=pairs,
    )


def duplicate_rows(
    t: g._Table,
    kind: str,
    column: str,
    key: str,
    columns: Iterable[npt.NDArray[Any]],
    *,
    what: str = "duplicate",
) -> None:
    """Whole records entered twice: copy every one of ``columns`` from sources to copies.

    Call it before anything is derived from the rows, so the copies stay whole records;
    ``unique:<key>`` fails on both rows of each pair.
    """
    src, dst = take_pairs(t, kind, what)
    for values in columns:
        values[dst] = values[src]
    record_pairs(t, kind, column, key)


def duplicate_values(
    t: g._Table,
    kind: str,
    column: str,
    series: pl.Series,
    *,
    what: str,
    eligible: BoolArray | None = None,
) -> None:
    """One key used twice: copy values of ``series`` (changed in place) to other rows.

    ``column`` is the key's column, unique in a clean table; ``what`` names the rows in the
    error raised when the table has too few free rows.
    """
    src, dst = take_pairs(t, kind, what, eligible)
    g._scatter(series, dst, series.gather(src))
    record_pairs(t, kind, column, column)


def inject_absent_ids(
    t: g._Table,
    kind: str,
    column: str,
    ids: pl.Series,
    *,
    pop: g._Population,
    person: IntArray,
    unevaluated: Iterable[str] = (),
    eligible: BoolArray | None = None,
) -> IntArray:
    """Well-formed personal ids absent from ``dan_cu`` on fresh rows of ``ids`` (in place).

    ``person`` is the ``dan_cu`` row of each row (the new id keeps its sex and birth year);
    ``exists_in:<column>`` fails on each defective row.
    """
    idx = t.take(kind, eligible)
    if idx.size:
        p = pop.people
        g._scatter(ids, idx, absent_ids(pop, t.rng, p.female[person[idx]], p.birth[person[idx]]))
    t.record(kind, column, idx.size, effects(idx, [f"exists_in:{column}"], unevaluated))
    return idx


def inject_unlinked_ids(
    t: g._Table,
    kinds: tuple[str, str],
    column: str,
    ids: pl.Series,
    *,
    pop: g._Population,
    person: IntArray,
    unevaluated: Iterable[str] = (),
    eligible: BoolArray | None = None,
) -> tuple[IntArray, IntArray]:
    """Personal ids that find no one in ``dan_cu``: absent ones, then malformed ones.

    ``kinds`` names the two defect kinds: well-formed ids absent from ``dan_cu`` (see
    :func:`inject_absent_ids`), then ids missing their last digit, which also fail
    ``cccd:<column>``. ``unevaluated`` are the checks that find no one to compare with.

    Returns
    -------
    tuple[IntArray, IntArray]
        The rows of each kind.
    """
    absent_kind, malformed_kind = kinds
    absent = inject_absent_ids(
        t,
        absent_kind,
        column,
        ids,
        pop=pop,
        person=person,
        unevaluated=unevaluated,
        eligible=eligible,
    )
    malformed = transform_rows(
        t,
        malformed_kind,
        column,
        ids,
        drop_last_digit,
        fails=[f"cccd:{column}", f"exists_in:{column}"],
        unevaluated=unevaluated,
        eligible=eligible,
    )
    return absent, malformed


def registered_bases(enterprises: Part) -> IntArray:
    """The 8-digit bases of the tax codes ``doanh_nghiep`` holds (spaced ones included)."""
    known = enterprises.frame["mst"].drop_nulls().str.replace_all(" ", "").str.slice(0, 8)
    bases: IntArray = known.cast(pl.Int64).to_numpy()
    return bases


def absent_tax_codes(province: IntArray, rng: np.random.Generator, exclude: IntArray) -> pl.Series:
    """Valid tax codes of enterprises of ``province`` whose bases are not in ``exclude``."""
    _, codes = mst_codes(tax_prefix(province), rng, exclude=exclude)
    return g._id_strings("", codes, 10)


def inject_absent_tax_codes(
    t: g._Table,
    kind: str,
    column: str,
    codes: pl.Series,
    *,
    province: IntArray,
    exclude: IntArray,
    unevaluated: Iterable[str] = (),
    eligible: BoolArray | None = None,
) -> IntArray:
    """Valid tax codes unknown to ``doanh_nghiep`` on fresh rows of ``codes`` (in place).

    ``province`` is each row's province (index into ``communes().provinces``: the codes'
    prefix), ``exclude`` the registered bases (see :func:`registered_bases`);
    ``exists_in:<column>`` fails on each defective row.
    """
    idx = t.take(kind, eligible)
    if idx.size:
        g._scatter(codes, idx, absent_tax_codes(province[idx], t.rng, exclude))
    t.record(kind, column, idx.size, effects(idx, [f"exists_in:{column}"], unevaluated))
    return idx


def inject_birth_date_mismatch(
    t: g._Table,
    birth: IntArray,
    consistent: str | None,
    *,
    later: bool,
    eligible: BoolArray | None = None,
) -> IntArray:
    """Birth dates (days, changed in place) 1-365 days off ``dan_cu``'s.

    ``later`` moves them later, else earlier; ``consistent`` (a ``cccd_consistent`` check,
    if the table has one) fails where the year changes: the id's year digits disagree.
    """
    idx = t.take("birth_date_mismatch", eligible)
    before = g._birth_years(birth[idx])
    shift = 1 + t.rng.integers(0, 365, idx.size)
    birth[idx] += shift if later else -shift
    booked = effects(idx, ["birth_date_matches_population"])
    if consistent is not None:
        booked[consistent] = {"failed": int((g._birth_years(birth[idx]) != before).sum())}
    t.record("birth_date_mismatch", "birth_date", idx.size, booked)
    return idx


def inject_name_case(t: g._Table, names: pl.Series, decomposable: BoolArray) -> None:
    """``name_nfd`` (on names NFD changes) and ``name_lower_case`` on ``full_name``.

    Both fail ``name_vn:full_name``; NFD also fails ``normalized_text:full_name``.
    """
    transform_rows(
        t,
        "name_nfd",
        "full_name",
        names,
        nfd,
        fails=["name_vn:full_name", "normalized_text:full_name"],
        eligible=decomposable,
    )
    transform_rows(
        t, "name_lower_case", "full_name", names, lower_case, fails=["name_vn:full_name"]
    )


def inject_fact_mismatches(
    t: g._Table,
    birth: IntArray,
    female: BoolArray,
    consistent: str,
    *,
    later: bool,
    eligible: BoolArray | None = None,
) -> None:
    """``birth_date_mismatch`` then ``sex_mismatch``: facts that disagree with ``dan_cu``.

    See :func:`inject_birth_date_mismatch` and :func:`inject_sex_mismatch`.
    """
    inject_birth_date_mismatch(t, birth, consistent, later=later, eligible=eligible)
    inject_sex_mismatch(t, female, consistent, eligible)


def inject_sex_mismatch(
    t: g._Table, female: BoolArray, consistent: str, eligible: BoolArray | None = None
) -> IntArray:
    """Sex (changed in place) opposite to ``dan_cu``'s and to the id's sex digit."""
    idx = t.take("sex_mismatch", eligible)
    female[idx] = ~female[idx]
    t.record(
        "sex_mismatch",
        "gender",
        idx.size,
        effects(idx, ["sex_matches_population", consistent]),
    )
    return idx
