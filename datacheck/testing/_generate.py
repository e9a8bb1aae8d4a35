"""Build one frame: propose values, verify them exactly, repair what fails.

1. Every row is filled group by group (:mod:`datacheck.testing._groups`) from the column
   domains; single-column ``unique`` keys are redrawn on a repeat.
2. Planned violations (:mod:`datacheck.testing._violate`) overwrite and *pin* the cells that
   make each named check fail (and, for generated references, what the reference holds).
3. The frame (and the references generated from it) is judged by the suite's own compiled
   measures (:mod:`datacheck.testing._verify`). Cells of rows failing a check that must pass
   are cleared — with the whole group they belong to, pinned cells excepted — and filled
   again; an order comparison ``a >= b`` is first repaired by swapping the two values, and
   a row that keeps failing a value check gets a null in one of the check's nullable columns
   (nulls are never evaluated). A failure that only pinned cells could fix means the
   violation breaks another check too: the violation is proposed again (another value),
   and after enough tries the strategy raises a :class:`~datacheck.testing.GenerationError`
   naming both checks.
4. It stops when every check that must pass has no failing row and every named check fails.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from datacheck.checks import Unique
from datacheck.engine.stages import GroupStage
from datacheck.testing._domains import Domain
from datacheck.testing._groups import UNSET
from datacheck.testing._model import GenerationError, Model, RefSpec
from datacheck.testing._sources import RandomSource, Source
from datacheck.testing._verify import Outcome

__all__ = ["Generator", "Unit"]

MAX_ROUNDS = 60
MAX_UNIT_ATTEMPTS = 10
STUBBORN = 5  # rounds a pinned row may keep failing a check before its violation is redrawn
NULL_AFTER = 3  # rounds a row may keep failing a check before a nullable input is nulled


@dataclass
class Unit:
    """One applied violation: the cells it pins and what it does to generated references.

    ``excluded`` are ``(reference, reference key columns, key)`` kept out of a reference;
    ``overrides`` set a reference cell ``(reference, key columns, key, column) → value``.
    """

    rid: str
    rows: tuple[int, ...]
    cells: dict[tuple[str, int], Any] = field(default_factory=dict)
    excluded: list[tuple[str, tuple[str, ...], tuple[Any, ...]]] = field(default_factory=list)
    overrides: dict[tuple[str, tuple[str, ...], tuple[Any, ...], str], Any] = field(
        default_factory=dict
    )


class Generator:
    """The frame under construction (column-major), its pins and its references.

    Parameters
    ----------
    model
        The suite's model.
    rows
        The number of rows.
    core
        Rows ``[0, core)`` draw through ``hypothesis_source``, the others through a random
        source seeded with ``seed``.
    hypothesis_source
        The hypothesis-backed source.
    seed
        Seed of the random source.
    """

    def __init__(
        self, model: Model, rows: int, core: int, hypothesis_source: Source, seed: int
    ) -> None:
        self.model = model
        self.n = rows
        self.core = core
        self.hypothesis = hypothesis_source
        self.random = RandomSource(random.Random(seed))  # noqa: S311 (test data, not secrets)
        self.data: dict[str, list[Any]] = {c: [UNSET] * rows for c in model.columns}
        self.pinned: dict[str, set[int]] = {c: set() for c in model.columns}
        self.counts: dict[str, Counter[Any]] = {
            c: Counter() for c, spec in model.columns.items() if spec.distinct
        }
        self.units: list[Unit] = []
        self.dropped: list[str] = []
        self.repairing = False
        self.violated: set[str] = set()
        self.held: set[tuple[str, int]] = set()  # cells nulled by a last-resort repair

    # ------------------------------------------------------------------ cells

    def source(self, row: int) -> Source:
        """The source drawing the cells of ``row``.

        Hypothesis draws the first fill of the first ``core`` rows; everything else — later
        rows, and every repair — comes from the seeded random source, so a repair never
        depends on hypothesis offering a new value (it offers the simplest one over and over
        on its first example and while shrinking).
        """
        if self.repairing or row >= self.core:
            return self.random
        return self.hypothesis

    def value(self, column: str, row: int) -> Any:
        """The cell's value, or UNSET."""
        return self.data[column][row]

    def put(self, column: str, row: int, value: Any) -> None:
        """Set a cell (keeping the distinct-value counts)."""
        counts = self.counts.get(column)
        if counts is not None:
            old = self.data[column][row]
            if old is not UNSET and old is not None:
                counts[old] -= 1
            if value is not UNSET and value is not None:
                counts[value] += 1
        self.data[column][row] = value

    def clear(self, column: str, row: int) -> bool:
        """Unset a cell unless it is pinned (or held null); return whether it was cleared."""
        if row in self.pinned[column] or (column, row) in self.held:
            return False
        self.put(column, row, UNSET)
        return True

    def domain(self, column: str) -> Domain | None:
        """The column's domain."""
        return self.model.columns[column].domain

    def null_probability(self, column: str) -> float:
        """How often the column is null."""
        spec = self.model.columns[column]
        if spec.domain is None:
            return 1.0
        return self.model.null_probability if spec.nullable else 0.0

    def draw_value(self, column: str, row: int, src: Source, *, nullable: bool = True) -> Any:
        """Null (sometimes, if allowed) or a value of the column's domain."""
        del row  # every row draws alike; the source already depends on it
        spec = self.model.columns[column]
        if spec.domain is None:
            return None
        if nullable and spec.nullable and src.chance(self.model.null_probability):
            return None
        value = src.draw(spec.domain)
        counts = self.counts.get(column)
        if counts is not None:
            for _ in range(8):
                if counts[value] <= 0:
                    break
                value = src.draw(spec.domain)
        return value

    def draw_nonnull(self, column: str, row: int, src: Source | None = None) -> Any:
        """A non-null value of the column's domain (None if the column is always null)."""
        return self.draw_value(column, row, src or self.random, nullable=False)

    # ------------------------------------------------------------------ filling

    def fill_row(self, row: int) -> None:
        """Fill every unset cell of ``row``, group by group."""
        src = self.source(row)
        for group in self.model.groups:
            unset = [c for c in group.columns if self.data[c][row] is UNSET]
            if not unset:
                continue
            for attempt in range(6):
                group.fill(self, row, src)
                repeated = [c for c in unset if c in self.counts and self._repeated(c, row)]
                if not repeated or attempt == 5:
                    break  # a key still repeated is left to the repairs
                for column in unset:
                    self.clear(column, row)
                src = self.random

    def _repeated(self, column: str, row: int) -> bool:
        value = self.data[column][row]
        return value is not None and value is not UNSET and self.counts[column][value] > 1

    def fill(self) -> None:
        """Fill every row."""
        for row in range(self.n):
            self.fill_row(row)

    # ------------------------------------------------------------------ frames

    def frame(self) -> pl.DataFrame:
        """The frame as it stands (every cell set)."""
        columns = {
            name: pl.Series(name, values, dtype=self.model.columns[name].dtype)
            for name, values in self.data.items()
            if name not in self.dropped
        }
        return pl.DataFrame(columns, height=self.n)

    def references(self) -> dict[str, pl.DataFrame]:
        """The references the frame is judged with: given, or generated from the frame."""
        if self.model.given is not None:
            return self.model.given
        return self._generated_references()

    def _generated_references(self) -> dict[str, pl.DataFrame]:
        excluded = {(r, k, key) for unit in self.units for (r, k, key) in unit.excluded}
        overrides: dict[tuple[str, tuple[str, ...], tuple[Any, ...], str], Any] = {}
        for unit in self.units:
            overrides.update(unit.overrides)
        rows: dict[str, dict[tuple[tuple[str, ...], tuple[Any, ...]], dict[str, Any]]] = {}
        for spec in self.model.ref_specs:
            table = rows.setdefault(spec.reference, {})
            self._reference_rows(spec, table, excluded, overrides)
        out: dict[str, pl.DataFrame] = {}
        for name, schema in self.model.ref_schemas.items():
            records = list(rows.get(name, {}).values())
            out[name] = pl.DataFrame(
                {
                    column: pl.Series(column, [r.get(column) for r in records], dtype=dtype)
                    for column, dtype in schema.items()
                },
                height=len(records),
            )
        return out

    def _reference_rows(
        self,
        spec: RefSpec,
        table: dict[tuple[tuple[str, ...], tuple[Any, ...]], dict[str, Any]],
        excluded: set[tuple[str, tuple[str, ...], tuple[Any, ...]]],
        overrides: dict[tuple[str, tuple[str, ...], tuple[Any, ...], str], Any],
    ) -> None:
        keys = [self.data[c] for c in spec.own_key]
        active_seen: dict[tuple[Any, ...], set[str]] = {}
        for row in range(self.n):
            key = tuple(k[row] for k in keys)
            if any(v is None for v in key):
                continue
            if (spec.reference, spec.ref_key, key) in excluded:
                continue
            entry = table.setdefault((spec.ref_key, key), dict(zip(spec.ref_key, key, strict=True)))
            for own, theirs in spec.agreed:
                if entry.get(theirs) is None:
                    value = self.data[own][row]
                    entry[theirs] = None if value is UNSET else value
            for life in spec.lifecycles:
                if self.data[life.status][row] in life.active:
                    active_seen.setdefault(key, set()).add(life.ref_status)
        for (columns, key), entry in table.items():
            if columns != spec.ref_key:
                continue
            for _, theirs in spec.agreed:
                forced = overrides.get((spec.reference, spec.ref_key, key, theirs), UNSET)
                if forced is not UNSET:
                    entry[theirs] = forced
            for life in spec.lifecycles:
                forced = overrides.get((spec.reference, spec.ref_key, key, life.ref_status), UNSET)
                if forced is not UNSET:
                    entry[life.ref_status] = forced
                elif entry.get(life.ref_status) is None:
                    entry[life.ref_status] = _not_ended(life.ended)

    # ------------------------------------------------------------------ verdicts

    def verify(self) -> Outcome:
        """Judge the frame as it stands."""
        return self.model.verifier.outcome(self.frame(), self.references())

    def clear_component(self, column: str, row: int) -> bool:
        """Clear the unpinned cells of the group component of ``column`` at ``row``."""
        cleared = False
        for member in self.model.components.get(column, (column,)):
            cleared = self.clear(member, row) or cleared
        return cleared

    def repair(
        self,
        outcome: Outcome,
        violated: set[str],
        stubborn: Counter[tuple[str, int]],
        collateral: list[tuple[str, int]],
    ) -> set[int]:
        """Clear what fails a check that must pass; return the rows to fill again.

        ``(result id, row)`` pairs only a planned violation could fix go to ``collateral``.
        """
        touched: set[int] = set()
        planned = self.planned_rows()
        for rid, state in outcome.results.items():
            if state.failed == 0 or (rid in violated and state.dataset_level):
                continue
            if rid in violated:
                # a named check fails where it was planned to; elsewhere it is repaired
                extra = [r for r in state.rows if r not in planned]
                if not extra:
                    continue
            if state.error is not None:
                raise GenerationError(
                    f"check '{rid}' cannot run on the generated data: {state.error}",
                    f"phép kiểm tra '{rid}' không chạy được trên dữ liệu sinh ra: {state.error}",
                )
            measure = state.measure
            if measure is None or state.dataset_level:
                raise GenerationError(
                    f"check '{rid}' fails on the generated data ({state.failed} failed); "
                    "datacheck.testing cannot satisfy it",
                    f"phép kiểm tra '{rid}' không đạt trên dữ liệu sinh ra",
                )
            rows = state.rows
            if rid in violated:
                rows = [r for r in rows if r not in planned]
            if isinstance(measure.stage, GroupStage) and isinstance(state.check, Unique):
                rows = self._surplus(measure.stage.key, state.rows)
                if rid in violated:
                    rows = [r for r in rows if r not in planned]
            for row in rows:
                stubborn[(rid, row)] += 1
                inputs = list(dict.fromkeys(measure.inputs))
                if self._swap(rid, row, stubborn[(rid, row)]):
                    touched.add(row)
                    continue
                if stubborn[(rid, row)] >= NULL_AFTER and self._null_out(inputs, row):
                    touched.add(row)
                    continue
                # a violation is to blame only when the failing check reads a cell it pinned
                # (or a cell drawn together with one)
                blamed = any(
                    row in self.pinned[member]
                    for column in inputs
                    for member in self.model.components.get(column, (column,))
                )
                cleared = False
                for column in inputs:
                    if column in self.data:
                        cleared = self.clear_component(column, row) or cleared
                if blamed and (not cleared or stubborn[(rid, row)] > STUBBORN):
                    collateral.append((rid, row))
                touched.add(row)
        return touched

    def planned_rows(self) -> set[int]:
        """Rows some violation occupies (a named check may fail on any of them)."""
        return {row for unit in self.units for row in unit.rows}

    def _null_out(self, inputs: list[str], row: int) -> bool:
        """Make a stubborn row not evaluated: null one of its nullable, unpinned inputs."""
        for column in inputs:
            spec = self.model.columns.get(column)
            if spec is None or not spec.nullable or row in self.pinned[column]:
                continue
            if self.data[column][row] is None or (column, row) in self.held:
                continue
            self.clear_component(column, row)
            self.put(column, row, None)
            self.held.add((column, row))  # stays null: other repairs must not refill it
            return True
        return False

    def _surplus(self, key: tuple[str, ...], rows: list[int]) -> list[int]:
        """Rows of repeated keys but one per key (a pinned one is kept)."""
        seen: dict[tuple[Any, ...], int] = {}
        out: list[int] = []
        ordered = sorted(rows, key=lambda r: (not any(r in self.pinned[c] for c in key), r))
        for row in ordered:
            value = tuple(self.data[c][row] for c in key)
            if value in seen:
                out.append(row)
            else:
                seen[value] = row
        return out

    def _swap(self, rid: str, row: int, attempt: int) -> bool:
        """Repair ``a <op> b`` by swapping the two values (first attempt only)."""
        comparison = self.model.comparisons.get(rid)
        if comparison is None or attempt > 1:
            return False
        left, _, right = comparison
        if row in self.pinned[left] or row in self.pinned[right]:
            return False
        a, b = self.data[left][row], self.data[right][row]
        if self.model.columns[left].dtype != self.model.columns[right].dtype:
            return False
        self.put(left, row, b)
        self.put(right, row, a)
        return True

    # ------------------------------------------------------------------ pins

    def pin(self, unit: Unit) -> None:
        """Apply a violation: set and pin its cells."""
        for (column, row), value in unit.cells.items():
            self.put(column, row, value)
            self.pinned[column].add(row)
        self.units.append(unit)

    def unpin(self, unit: Unit) -> None:
        """Withdraw a violation: unpin and unset its cells."""
        for column, row in unit.cells:
            self.pinned[column].discard(row)
            self.put(column, row, UNSET)
        self.units.remove(unit)


def _not_ended(ended: tuple[Any, ...]) -> Any:
    """A reference status that is none of ``ended``."""
    if all(isinstance(v, str) for v in ended):
        for word in ("active", "alive", "valid", "current", "open", "living"):
            if word not in ended:
                return word
    numbers = [v for v in ended if isinstance(v, int) and not isinstance(v, bool)]
    if numbers:
        return max(numbers) + 1
    return None
