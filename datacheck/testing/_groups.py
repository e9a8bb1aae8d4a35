"""Groups: columns whose values are drawn together so the checks relating them pass.

Each group fills the cells of one row that are still unset, deriving them from the cells
already set (by another group, or pinned by a planned violation):

* :class:`SingleGroup` — one column on its own;
* :class:`CccdGroup` — a personal id, the birth date and the sex it encodes
  (``cccd_consistent``);
* :class:`UnitGroup` — a commune and the province (and district) it lies in
  (``unit_in_province``);
* :class:`BhytGroup` — a health insurance card and the social insurance code it ends with
  (``bhyt_card`` with ``bhxh_column``);
* :class:`RefGroup` — key columns looked up in a given reference frame, with the values that
  must agree with it (``exists_in``, ``agrees_with``, ``lifecycle``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from datacheck.testing._domains import Choice, Dates, Datetimes, Domain, Integers, bhyt_for
from datacheck.testing._domains import cccd_for_year as _cccd_for_year
from datacheck.testing._sources import Source
from datacheck.vn import strategies as vn

__all__ = [
    "UNSET",
    "BhytGroup",
    "CccdGroup",
    "Cells",
    "Group",
    "RefGroup",
    "RefIndex",
    "SingleGroup",
    "UnitGroup",
    "parse_cccd",
]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks a cell no group has filled yet (``None`` is a null value)."""


class Cells(Protocol):
    """What a group sees of the frame being built."""

    def value(self, column: str, row: int) -> Any:
        """The cell's value, or :data:`UNSET`."""

    def put(self, column: str, row: int, value: Any) -> None:
        """Set an unset cell."""

    def draw_value(self, column: str, row: int, src: Source, *, nullable: bool = True) -> Any:
        """A value for the column: null (if allowed) or one of its domain."""

    def domain(self, column: str) -> Domain | None:
        """The column's domain (``None``: the column is always null)."""

    def null_probability(self, column: str) -> float:
        """How often the column is null (0 when it must not be)."""


class Group:
    """Columns filled together."""

    columns: tuple[str, ...] = ()

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Fill the group's unset cells of ``row``."""
        raise NotImplementedError


def _fill(cells: Cells, column: str, row: int, src: Source) -> Any:
    """Fill ``column`` at ``row`` if unset; return its value."""
    value = cells.value(column, row)
    if value is UNSET:
        value = cells.draw_value(column, row, src)
        cells.put(column, row, value)
    return value


@dataclass(frozen=True)
class SingleGroup(Group):
    """One column, drawn from its domain."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The column."""
        return (self.column,)

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Draw the column's value if unset."""
        _fill(cells, self.column, row, src)


_CCCD = re.compile(r"[0-9]{12}")


def parse_cccd(value: Any) -> tuple[int, bool] | None:
    """``(birth year, male)`` a 12-digit personal id encodes, or ``None``.

    Examples
    --------
    >>> parse_cccd("001099012345"), parse_cccd("079303000123"), parse_cccd("x")
    ((1999, True), (2003, False), None)
    """
    if not isinstance(value, str) or not _CCCD.fullmatch(value):
        return None
    digit = int(value[3])
    return 1900 + 100 * (digit // 2) + int(value[4:6]), digit % 2 == 0


def _year_of(value: Any) -> int | None:
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _in_year(domain: Domain | None, year: int) -> Domain | None:
    """The part of a birth-date domain inside ``year`` (``None`` if empty or unknown)."""
    if isinstance(domain, Dates):
        low, high = max(domain.low, date(year, 1, 1)), min(domain.high, date(year, 12, 31))
        return Dates(low, high) if low <= high else None
    if isinstance(domain, Datetimes):
        start, end = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)
        low, high = max(domain.low, start), min(domain.high, end)
        return Datetimes(low, high, domain.zone, domain.step) if low <= high else None
    if isinstance(domain, Integers):
        return Choice((year,)) if domain.low <= year <= domain.high else None
    if isinstance(domain, Choice):
        kept = tuple(v for v in domain.values if _year_of(v) == year)
        return Choice(kept) if kept else None
    return None


@dataclass(frozen=True)
class CccdGroup(Group):
    """A personal id with the birth date (and sex) it encodes."""

    id: str
    birth: str
    sex: str | None
    male: Any
    female: Any

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The id, birth date and sex columns."""
        return (self.id, self.birth) if self.sex is None else (self.id, self.birth, self.sex)

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Derive unset cells from set ones: the id from birth and sex, or the reverse."""
        known = cells.value(self.id, row)
        if known is not UNSET:
            parsed = parse_cccd(known)
            if parsed is None:
                self._fill_facts(cells, row, src)
            else:
                self._fill_from_id(cells, row, src, *parsed)
            return
        birth, sex = self._fill_facts(cells, row, src)
        if cells.domain(self.id) is None or src.chance(cells.null_probability(self.id)):
            cells.put(self.id, row, None)
            return
        year = _year_of(birth)
        if year is None or not 1900 <= year <= 2399:
            cells.put(self.id, row, cells.draw_value(self.id, row, src, nullable=False))
            return
        if self.sex is not None and str(sex) in (str(self.male), str(self.female)):
            male = str(sex) == str(self.male)
        else:
            male = src.chance(0.5)
        value = src.either(vn.cccd_for(year, male), lambda rng: _cccd_for_year(rng, year, male))
        cells.put(self.id, row, value)

    def _fill_facts(self, cells: Cells, row: int, src: Source) -> tuple[Any, Any]:
        birth = _fill(cells, self.birth, row, src)
        sex = None if self.sex is None else _fill(cells, self.sex, row, src)
        return birth, sex

    def _fill_from_id(self, cells: Cells, row: int, src: Source, year: int, male: bool) -> None:
        if cells.value(self.birth, row) is UNSET:
            domain = _in_year(cells.domain(self.birth), year)
            if domain is None or src.chance(cells.null_probability(self.birth)):
                _fill(cells, self.birth, row, src)
            else:
                cells.put(self.birth, row, src.draw(domain))
        if self.sex is not None and cells.value(self.sex, row) is UNSET:
            wanted = self.male if male else self.female
            domain = cells.domain(self.sex)
            allowed = (
                domain is None
                or not isinstance(domain, Choice)
                or any(str(v) == str(wanted) for v in domain.values)
            )
            if allowed and domain is not None and not src.chance(cells.null_probability(self.sex)):
                cells.put(self.sex, row, _typed_like(wanted, domain))
            else:
                _fill(cells, self.sex, row, src)


def _typed_like(value: Any, domain: Domain) -> Any:
    """``value`` as the domain's values are typed (a male code ``1`` in a string column)."""
    if isinstance(domain, Choice):
        for candidate in domain.values:
            if str(candidate) == str(value):
                return candidate
    return value


@dataclass(frozen=True, eq=False)
class UnitGroup(Group):
    """A commune code with the province (and district) code it lies in."""

    commune: str
    province: str
    district: str | None
    units: tuple[tuple[Any, ...], ...]
    by_commune: Mapping[Any, tuple[Any, ...]] = field(default_factory=dict)
    by_province: Mapping[Any, tuple[tuple[Any, ...], ...]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The commune, province (and district) columns."""
        parents = (self.province,) if self.district is None else (self.province, self.district)
        return (self.commune, *parents)

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Pick a unit consistent with the cells already set."""
        commune = cells.value(self.commune, row)
        province = cells.value(self.province, row)
        if commune is UNSET:
            if (
                not self.units
                or cells.domain(self.commune) is None
                or src.chance(cells.null_probability(self.commune))
            ):
                cells.put(self.commune, row, None)
            else:
                options = self.units
                if province is not UNSET and province is not None:
                    options = self.by_province.get(province, ())
                if options:
                    commune = src.pick(options)[0]
                    cells.put(self.commune, row, commune)
                else:
                    cells.put(
                        self.commune,
                        row,
                        None
                        if cells.null_probability(self.commune) > 0
                        else cells.draw_value(self.commune, row, src, nullable=False),
                    )
            commune = cells.value(self.commune, row)
        unit = self.by_commune.get(commune) if commune is not None else None
        for index, column in enumerate(self.columns[1:], start=1):
            if cells.value(column, row) is not UNSET:
                continue
            if unit is None:
                _fill(cells, column, row, src)
            else:
                cells.put(column, row, unit[index])


@dataclass(frozen=True)
class BhytGroup(Group):
    """A health insurance card code ending in the row's social insurance code."""

    card: str
    bhxh: str

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The card and code columns."""
        return (self.card, self.bhxh)

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Derive the card from the code, or the code from the card."""
        card = cells.value(self.card, row)
        if card is not UNSET:
            if cells.value(self.bhxh, row) is UNSET:
                code = card[5:] if isinstance(card, str) and len(card) == 15 else None
                if code is not None and code.isdigit() and code.isascii():
                    cells.put(self.bhxh, row, _as_code(code, cells.domain(self.bhxh)))
                else:
                    _fill(cells, self.bhxh, row, src)
            return
        code = _fill(cells, self.bhxh, row, src)
        if cells.domain(self.card) is None or src.chance(cells.null_probability(self.card)):
            cells.put(self.card, row, None)
            return
        if code is None:
            cells.put(self.card, row, cells.draw_value(self.card, row, src, nullable=False))
            return
        text = f"{code:010d}" if isinstance(code, int) else str(code)
        cells.put(self.card, row, src.either(vn.bhyt_card(text), lambda rng: bhyt_for(rng, text)))


def _as_code(code: str, domain: Domain | None) -> Any:
    if isinstance(domain, Integers):
        return int(code)
    return code


@dataclass(frozen=True, eq=False)
class RefIndex:
    """The usable rows of a given reference for one relation, by key.

    ``entries`` are ``(key, agreed values by own column, ended flag per lifecycle)``.
    """

    entries: tuple[tuple[tuple[Any, ...], Mapping[str, Any], tuple[bool, ...]], ...]
    by_key: Mapping[tuple[Any, ...], int]
    ended: tuple[int, ...]
    keys: frozenset[tuple[Any, ...]]


@dataclass(frozen=True, eq=False)
class RefGroup(Group):
    """Key columns drawn from a given reference, with the values that must agree with it.

    ``lifecycles`` are ``(own status column, active values)``; a key the reference says has
    ended never gets an active status.
    """

    key: tuple[str, ...]
    agreed: tuple[str, ...]
    lifecycles: tuple[tuple[str, tuple[Any, ...]], ...]
    index: RefIndex

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """Key, agreed and status columns."""
        return tuple(dict.fromkeys([*self.key, *self.agreed, *(s for s, _ in self.lifecycles)]))

    def fill(self, cells: Cells, row: int, src: Source) -> None:
        """Pick a reference row (or keep the key set) and copy what must agree."""
        current = [cells.value(c, row) for c in self.key]
        if all(v is UNSET for v in current):
            null = min(cells.null_probability(c) for c in self.key)
            if not self.index.entries or src.chance(null):
                for column in self.key:
                    cells.put(
                        column,
                        row,
                        None
                        if cells.null_probability(column) > 0
                        else cells.draw_value(column, row, src, nullable=False),
                    )
                return  # agreed columns are left to their own groups
            entry = src.pick(self.index.entries)
            for column, value in zip(self.key, entry[0], strict=True):
                cells.put(column, row, value)
        else:
            for column in self.key:
                _fill(cells, column, row, src)
        key = tuple(cells.value(c, row) for c in self.key)
        found = self.index.by_key.get(key)
        entry_found = self.index.entries[found] if found is not None else None
        if entry_found is None:
            return  # a key the reference does not hold: nothing to agree with
        for column in self.agreed:
            value = entry_found[1].get(column)
            if cells.value(column, row) is UNSET and value is not None:
                cells.put(column, row, value)
        for position, (status, active) in enumerate(self.lifecycles):
            if cells.value(status, row) is not UNSET:
                continue
            ended = entry_found[2][position]
            value = cells.draw_value(status, row, src)
            for _ in range(20):
                if not ended or value not in active:
                    break
                value = cells.draw_value(status, row, src)
            cells.put(status, row, None if ended and value in active else value)


def split_by(
    units: Sequence[tuple[Any, ...]], position: int
) -> dict[Any, tuple[tuple[Any, ...], ...]]:
    """Units grouped by the value at ``position`` (insertion-ordered)."""
    out: dict[Any, list[tuple[Any, ...]]] = {}
    for unit in units:
        out.setdefault(unit[position], []).append(unit)
    return {k: tuple(v) for k, v in out.items()}
