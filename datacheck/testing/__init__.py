"""Hypothesis strategies that generate data from a suite.

``frames(suite)`` draws Polars DataFrames that pass every check of a suite; with
``violating=[...]`` they fail exactly the named checks and pass all the others. Use them to
test a pipeline that produces or consumes a database's data: feed it clean frames and assert
that nothing breaks, feed it frames with known defects and assert that it catches or repairs
them. ``datasets(suite)`` also generates the reference frames the cross-database checks
(``exists_in``, ``agrees_with``, ``lifecycle``) read, consistent with the frame.

Requires ``hypothesis`` (``pip install 'datacheck[testing]'``); ``import datacheck`` does not
import it. See ``docs/testing.md`` for the guide.

Examples
--------
>>> import datacheck as dc
>>> from datacheck.testing import frames
>>> from hypothesis import given, settings
>>> suite = dc.Suite.loads('''
... suite: people
... checks:
...   - check: not_null
...     columns: [person_id, gender]
...   - check: unique
...     columns: [person_id]
...   - check: cccd
...     column: person_id
...   - check: in_set
...     column: gender
...     values: [Nam, Nữ]
... ''')
>>> @settings(max_examples=5, deadline=None, database=None)
... @given(frames(suite, as_of="2026-06-30"))
... def test_clean(df):
...     result = dc.run(suite, df, as_of="2026-06-30")
...     assert all(c.status in ("pass", "not_applicable") for c in result.checks)
>>> test_clean()
>>> @settings(max_examples=5, deadline=None, database=None)
... @given(frames(suite, violating=["unique:person_id"], as_of="2026-06-30"))
... def test_duplicates(df):
...     result = dc.run(suite, df, as_of="2026-06-30")
...     assert [c.id for c in result.checks if c.status == "fail"] == ["unique:person_id"]
>>> test_duplicates()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from hypothesis import strategies as st

from datacheck.runner import run
from datacheck.suite import Suite
from datacheck.testing._generate import MAX_ROUNDS, MAX_UNIT_ATTEMPTS, Generator, Unit
from datacheck.testing._model import GenerationError, Model, build_model
from datacheck.testing._sources import HypothesisSource
from datacheck.testing._verify import Outcome
from datacheck.testing._violate import Target, dropped_columns, plan_rows, propose, targets

if TYPE_CHECKING:
    from datacheck.result import Result

__all__ = ["Dataset", "GenerationError", "datasets", "frames"]

GenerationError.__module__ = __name__  # shown as datacheck.testing.GenerationError

#: Data one hypothesis example may spend on drawn rows (the rest of the budget is for
#: repairs and violations); rows beyond it come from a seeded ``random.Random``.
_ROW_BUDGET = 1600
_MIN_CORE = 2


@dataclass(frozen=True, eq=False)
class Dataset:
    """A generated frame with the reference frames and as-of instant it was made for.

    Parameters
    ----------
    frame
        The data under test.
    references
        The reference datasets the suite's cross-database checks read, by name.
    as_of
        The as-of instant the frame was generated for (pass it to :func:`datacheck.run`).
    suite
        The suite the data was generated from.
    """

    frame: pl.DataFrame
    references: Mapping[str, pl.DataFrame]
    as_of: datetime
    suite: Suite = field(repr=False, compare=False)

    def run(self) -> Result:
        """Run the suite on the frame with its references and as-of instant.

        Examples
        --------
        >>> import datacheck as dc
        >>> from hypothesis import given, settings
        >>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
        >>> @settings(max_examples=3, database=None, deadline=None)
        ... @given(datasets(suite, rows=3))
        ... def test(ds):
        ...     assert ds.run().check("not_null:a").failed == 0
        >>> test()
        """
        return run(self.suite, self.frame, references=dict(self.references), as_of=self.as_of)


def frames(
    suite: Suite | str | Path,
    rows: int | st.SearchStrategy[int] | None = None,
    *,
    violating: Sequence[str] = (),
    references: Mapping[str, Any] | None = None,
    schema: Mapping[str, Any] | None = None,
    as_of: str | date | datetime | None = None,
    null_probability: float = 0.1,
) -> st.SearchStrategy[pl.DataFrame]:
    """A hypothesis strategy of DataFrames that pass ``suite`` (or fail exactly ``violating``).

    Parameters
    ----------
    suite
        A :class:`~datacheck.Suite` or the path of a YAML suite.
    rows
        The number of rows: an int or a strategy of ints (default ``st.integers(0, 50)``).
        A strategy's draws are moved into the suite's ``row_count`` range and raised to
        what the violations need (an int outside the range is an error).
    violating
        Result ids (``"unique:person_id"``, or a check's ``name``) the frames must fail;
        every other result passes (status ``pass`` or ``not_applicable``). Each named
        result gets at least one failing row, enough to reach status ``fail`` under its
        threshold and warn band.
    references
        Reference frames (by the names the suite's ``references`` use) to draw keys from,
        for ``exists_in``, ``agrees_with`` and ``lifecycle``; anything
        :func:`datacheck.run` accepts as a source. Defaults to the suite's in-memory
        references. To have consistent references generated too, use :func:`datasets`.
    schema
        Column types (``{"birth_date": pl.Date}``) overriding those inferred from the
        checks; columns listed here and read by no check are generated as well.
    as_of
        The as-of instant the frames must pass at (``fresh``, ``not_future``,
        ``between ... today``, birth years in personal ids). Pass the same value to
        :func:`datacheck.run`. Default: now (values are kept a day clear of ``fresh``
        cut-offs so a run moments later still passes).
    null_probability
        How often a column that may be null is null.

    Returns
    -------
    SearchStrategy[pl.DataFrame]

    Raises
    ------
    GenerationError
        At once, when the suite cannot be generated for (contradictory checks, a type the
        checks disagree on, a reference that is needed but not given, an unknown result id
        in ``violating``); while drawing, when a named check cannot fail without another
        failing too (the message names both).

    Examples
    --------
    >>> import datacheck as dc
    >>> from hypothesis import given, settings
    >>> suite = dc.Suite(name="s", checks=[
    ...     dc.checks.NotNull(columns=["phone"]),
    ...     dc.checks.Pattern(columns=["phone"], pattern=r"^0[35789][0-9]{8}$"),
    ... ])
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(frames(suite, rows=4, violating=["pattern:phone"]))
    ... def test(df):
    ...     assert df.height == 4
    ...     assert not df["phone"].str.contains(r"^0[35789][0-9]{8}$").all()
    >>> test()
    """
    built = _build(
        suite,
        schema=schema,
        as_of=as_of,
        references=references,
        generate=False,
        null_probability=null_probability,
    )
    return _strategy(built, rows, violating).map(lambda d: d.frame)


def datasets(
    suite: Suite | str | Path,
    rows: int | st.SearchStrategy[int] | None = None,
    *,
    violating: Sequence[str] = (),
    schema: Mapping[str, Any] | None = None,
    as_of: str | date | datetime | None = None,
    null_probability: float = 0.1,
) -> st.SearchStrategy[Dataset]:
    """A strategy of :class:`Dataset`: a frame with consistent generated reference frames.

    The references hold exactly what the cross-database checks need: every key of the
    frame (with the values ``agrees_with`` compares, and a non-ended status for
    ``lifecycle``). Violations of ``exists_in`` leave a key out of the reference, of
    ``agrees_with`` give the reference another value, of ``lifecycle`` mark the subject
    ended. Parameters are those of :func:`frames`.

    Examples
    --------
    >>> import datacheck as dc
    >>> from hypothesis import given, settings
    >>> suite = dc.Suite(name="s", references={"people": "people.parquet"}, checks=[
    ...     dc.checks.ExistsIn(column="pid", reference="people"),
    ... ])
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(datasets(suite, rows=3, violating=["exists_in:pid"]))
    ... def test(ds):
    ...     assert ds.run().check("exists_in:pid").status == "fail"
    >>> test()
    """
    built = _build(
        suite,
        schema=schema,
        as_of=as_of,
        references=None,
        generate=True,
        null_probability=null_probability,
    )
    return _strategy(built, rows, violating)


# ----------------------------------------------------------------------------- internals


def _build(
    suite: Suite | str | Path,
    *,
    schema: Mapping[str, Any] | None,
    as_of: str | date | datetime | None,
    references: Mapping[str, Any] | None,
    generate: bool,
    null_probability: float,
) -> Model:
    if not isinstance(suite, Suite):
        suite = Suite.from_yaml(suite)
    if not 0.0 <= null_probability < 1.0:
        raise GenerationError(
            f"null_probability must be in [0, 1), found {null_probability}",
            f"null_probability phải trong [0, 1), nhận được {null_probability}",
        )
    return build_model(
        suite,
        schema=schema,
        as_of=as_of,
        references=references,
        generate_references=generate,
        null_probability=null_probability,
    )


def _core_rows(model: Model) -> int:
    cost = 0
    for spec in model.columns.values():
        cost += (spec.domain.cost if spec.domain is not None else 0) + (2 if spec.nullable else 0)
    return max(_MIN_CORE, _ROW_BUDGET // max(cost, 1))


def _strategy(
    model: Model, rows: int | st.SearchStrategy[int] | None, violating: Sequence[str]
) -> st.SearchStrategy[Dataset]:
    names = (violating,) if isinstance(violating, str) else tuple(violating)
    chosen = targets(model, names)
    drop = [t for t in chosen if t.shape == "drop"]
    for target in drop:
        dropped_columns(model, target)  # raises now if impossible
    if rows is None:
        rows = st.integers(0, 50)
    if isinstance(rows, int):
        if rows < 0:
            raise GenerationError(f"rows must be >= 0, found {rows}", f"rows phải >= 0: {rows}")
        low, high = model.row_count
        counted = any(t.shape == "row_count" for t in chosen)
        if not counted and ((low is not None and rows < low) or (high is not None and rows > high)):
            raise GenerationError(
                f"rows={rows} is outside the suite's row_count range [{low}, {high}]",
                f"rows={rows} nằm ngoài khoảng row_count [{low}, {high}] của bộ kiểm tra",
            )
        rows_strategy: st.SearchStrategy[int] = st.just(rows)
    else:
        rows_strategy = rows
    core = _core_rows(model)
    capacity = model.capacity()

    @st.composite
    def draw_dataset(draw: st.DrawFn) -> Dataset:
        source = HypothesisSource(draw)
        count = plan_rows(model, chosen, draw(rows_strategy))
        if capacity is not None and count > capacity[0]:
            raise _too_few_keys(count, *capacity)
        # rows past `core`, and every repair, come from a random source seeded here
        seed = draw(st.integers(0, 2**32 - 1))
        generator = Generator(model, count, min(count, core), source, seed)
        generator.violated = {t.rid for t in chosen}
        generator.fill()
        _violate(generator, chosen, source)
        generator.repairing = True
        _settle(generator, chosen)
        return Dataset(
            frame=generator.frame(),
            references=generator.references(),
            as_of=model.as_of,
            suite=model.suite,
        )

    return draw_dataset()


def _violate(generator: Generator, chosen: list[Target], source: HypothesisSource) -> None:
    free = list(range(generator.n))
    for target in chosen:
        if target.shape == "drop":
            generator.dropped.append(source.pick(dropped_columns(generator.model, target)))
            continue
        if target.shape == "row_count":
            continue
        needed = target.needed(generator.n)
        width = 2 if target.shape == "pair" else 1
        units = -(-needed // width)
        for _ in range(units):
            picked = [free.pop(source.integer(0, len(free) - 1)) for _ in range(width)]
            rows = tuple(sorted(picked))
            generator.pin(propose(generator, target, rows, 0))


def _done(outcome: Outcome, chosen: list[Target], generator: Generator, strict: bool) -> bool:
    """Whether the frame is finished; ``strict``: named checks fail only where planned."""
    violated = {t.rid for t in chosen}
    planned = generator.planned_rows()
    for rid, state in outcome.results.items():
        if rid in violated:
            if state.status != "fail":
                return False
            if strict and any(r not in planned for r in state.rows):
                return False
        elif state.failed or state.error is not None:
            return False
    return True


def _settle(generator: Generator, chosen: list[Target]) -> Outcome:
    """Verify and repair until the frame passes (and fails) what it must."""
    by_rid = {t.rid: t for t in chosen}
    violated = set(by_rid)
    stubborn: Counter[tuple[str, int]] = Counter()
    attempts: Counter[tuple[str, tuple[int, ...]]] = Counter()
    touched: set[int] = set()
    outcome: Outcome | None = None
    for round_ in range(MAX_ROUNDS):
        for row in sorted(touched):
            generator.fill_row(row)
        outcome = generator.verify()
        if _done(outcome, chosen, generator, strict=round_ < MAX_ROUNDS // 2):
            return outcome
        collateral: list[tuple[str, int]] = []
        touched = generator.repair(outcome, violated, stubborn, collateral)
        redo: dict[int, Unit] = {}
        for rid, row in collateral:
            for unit in generator.units:
                if row in unit.rows:
                    by_rid[unit.rid].collateral.add(rid)
                    redo[id(unit)] = unit
        for target in chosen:
            state = outcome.results[target.rid]
            if target.shape in ("row", "pair") and state.status != "fail":
                failing = set(state.rows)
                for unit in generator.units:
                    if unit.rid == target.rid and not set(unit.rows) <= failing:
                        redo[id(unit)] = unit
        for unit in redo.values():
            target = by_rid[unit.rid]
            attempts[(unit.rid, unit.rows)] += 1
            tries = attempts[(unit.rid, unit.rows)]
            if tries > MAX_UNIT_ATTEMPTS:
                raise _stuck(target)
            generator.unpin(unit)
            for row in unit.rows:
                generator.fill_row(row)
                for key in [k for k in stubborn if k[1] == row]:
                    del stubborn[key]
            generator.pin(propose(generator, target, unit.rows, tries))
            touched |= set(unit.rows)
    assert outcome is not None
    stuck = [t for t in chosen if t.collateral]
    if stuck:
        raise _stuck(stuck[0])
    raise _unsettled(outcome, chosen)


def _too_few_keys(rows: int, capacity: int, rid: str) -> GenerationError:
    return GenerationError(
        f"{rows} rows need {rows} distinct keys for '{rid}', but its columns have only "
        f"{capacity} possible non-null values (in_set or catalogue values, or keys of the given "
        "reference that pass the suite's checks): draw fewer rows",
        f"{rows} dòng cần {rows} khoá khác nhau cho '{rid}' nhưng chỉ có {capacity} giá trị",
    )


def _stuck(target: Target) -> GenerationError:
    others = ", ".join(sorted(target.collateral)) or "other checks"
    return GenerationError(
        f"cannot make '{target.rid}' fail without also failing {others}: violate them "
        "together, or loosen one of them",
        f"không thể làm '{target.rid}' trượt mà không làm {others} trượt theo: hãy vi phạm "
        "chúng cùng nhau",
    )


def _unsettled(outcome: Outcome, chosen: list[Target]) -> GenerationError:
    violated = {t.rid for t in chosen}
    bad = [
        f"{rid} ({state.failed} failing)"
        for rid, state in outcome.results.items()
        if rid not in violated and state.failed
    ]
    missed = [
        f"{rid} (status {state.status})"
        for rid, state in outcome.results.items()
        if rid in violated and state.status != "fail"
    ]
    detail = "; ".join([*bad, *missed])
    return GenerationError(
        f"could not generate a frame satisfying the suite after {MAX_ROUNDS} rounds: {detail}",
        f"không sinh được dữ liệu thoả bộ kiểm tra sau {MAX_ROUNDS} vòng: {detail}",
    )
