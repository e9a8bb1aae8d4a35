"""One scan of a reference dataset shared by every suite of a national run that uses it.

In a national run many suites join the same reference (every linked database checks its
personal ids against the population master). Without sharing, each suite scans that
reference again. :func:`plan_shared_references` compiles every suite once against the
schemas (no data is read), collects the columns each suite reads from each reference file,
and :class:`SharedReferences` then reads every reference used by two or more suites **once**,
only those columns, keeps it in memory while suites still need it, and frees it after the
last one.

A suite whose plan has any error (a missing column, an unavailable reference, ...) reads its
references itself as usual, so its error messages are exactly those of a standalone run.

Examples
--------
>>> import polars as pl
>>> import datacheck as dc
>>> from datacheck.checks.shared import ExistsIn
>>> people = pl.DataFrame({"pid": ["1", "2"], "name": ["An", "Bình"]})
>>> a = dc.Suite(name="a", references={"people": people},
...              checks=[ExistsIn(column="pid", reference="people")])
>>> shared = plan_shared_references([(a, pl.DataFrame({"pid": ["1"]}), {})], as_of=None)
>>> shared.paths  # in-memory references are not files: nothing to share
{}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from datacheck._time import parse_as_of
from datacheck.checks.base import CompileContext
from datacheck.engine.plan import compile_plan
from datacheck.errors import DatacheckError
from datacheck.sources import to_lazyframe
from datacheck.sources_postgres import is_postgres_uri
from datacheck.suite import Suite

__all__ = ["SharedReferences", "plan_shared_references"]

#: One database of the run: its suite, its source (``None``: the suite's) and the
#: reference overrides of the national list.
Entry = tuple[Suite, Any, Mapping[str, Any]]


@dataclass
class SharedReferences:
    """Which reference files are shared, the columns to read, and when to free them.

    Attributes
    ----------
    paths
        For each database index, its shared references by name and resolved path.
    columns
        For each shared path, the columns any suite reads from it (sorted).
    last_use
        For each shared path, the index of the last database that uses it.
    """

    paths: dict[int, dict[str, Path]] = field(default_factory=dict)
    columns: dict[Path, list[str]] = field(default_factory=dict)
    last_use: dict[Path, int] = field(default_factory=dict)
    _loaded: dict[Path, pl.DataFrame] = field(default_factory=dict, repr=False)

    def frames_for(self, index: int) -> dict[str, pl.DataFrame]:
        """The shared references of database ``index``, read on first use.

        In memory (so their row counts are known: a database much smaller than a reference
        joins only the reference rows of its own keys, see
        :func:`~datacheck.engine.local.execute`).

        Raises
        ------
        DatacheckError
            When a shared reference cannot be read (the caller then runs the suite
            without shared references, which reports the problem as usual).
        """
        out: dict[str, pl.DataFrame] = {}
        for name, path in self.paths.get(index, {}).items():
            frame = self._loaded.get(path)
            if frame is None:
                try:
                    frame = to_lazyframe(path).select(self.columns[path]).collect()
                except pl.exceptions.PolarsError as error:
                    raise DatacheckError(
                        f"cannot read reference {path}: {error}",
                        f"không đọc được dữ liệu tham chiếu {path}: {error}",
                    ) from None
                self._loaded[path] = frame
            out[name] = frame
        return out

    def release(self, index: int) -> None:
        """Free the references whose last user is database ``index``."""
        for path in self.paths.get(index, {}).values():
            if self.last_use[path] <= index:
                self._loaded.pop(path, None)

    @property
    def loaded(self) -> int:
        """How many shared references are held in memory now."""
        return len(self._loaded)


def _reference_paths(suite: Suite, overrides: Mapping[str, Any]) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        name: suite.resolve(source) if isinstance(source, str | Path) else source
        for name, source in suite.references.items()
    }
    wanted.update(overrides)
    return wanted


def _columns_read(
    suite: Suite, source: Any, refs: Mapping[str, Any], instant: datetime
) -> dict[str, set[str]] | None:
    """Columns read from each reference by ``suite``; ``None`` if its plan has errors."""
    try:
        if source is None:
            if suite.source is None:
                return None
            source = suite.resolve(suite.source)
        schema = to_lazyframe(source).collect_schema()
        ref_schemas = {name: to_lazyframe(target).collect_schema() for name, target in refs.items()}
    except (DatacheckError, pl.exceptions.PolarsError):
        return None
    ctx = CompileContext(
        schema=schema,
        as_of=instant,
        timezone=suite.timezone,
        placeholders=suite.placeholders,
        key=suite.key,
        reference_schemas=ref_schemas,
        sample_size=suite.samples,
    )
    plan = compile_plan(suite, ctx)
    used: dict[str, set[str]] = {}
    for planned in plan.results:
        if planned.error is not None:
            return None
        if planned.measure is not None:
            for reference, column in planned.measure.reference_inputs:
                used.setdefault(reference, set()).add(column)
    return used


def plan_shared_references(
    entries: Sequence[Entry], *, as_of: str | datetime | None
) -> SharedReferences:
    """Find the reference files two or more suites read, and the columns they read.

    Parameters
    ----------
    entries
        ``(suite, source, reference overrides)`` per database, in run order.
    as_of
        The run's as-of instant (checks may need it to compile).

    Returns
    -------
    SharedReferences
        What to read once; empty when no file is shared.
    """
    usage: dict[Path, list[tuple[int, str, set[str]]]] = {}
    for index, (suite, source, overrides) in enumerate(entries):
        refs = _reference_paths(suite, overrides)
        used = _columns_read(suite, source, refs, parse_as_of(as_of, suite.timezone))
        if used is None:
            continue
        for name, columns in used.items():
            target = refs.get(name)
            if isinstance(target, str | Path) and not is_postgres_uri(str(target)):
                path = Path(target).expanduser().resolve()  # files only, not database URIs
                usage.setdefault(path, []).append((index, name, columns))
    shared = SharedReferences()
    for path, users in usage.items():
        if len({index for index, _, _ in users}) < 2:
            continue
        shared.columns[path] = sorted(set().union(*(columns for _, _, columns in users)))
        shared.last_use[path] = max(index for index, _, _ in users)
        for index, name, _ in users:
            shared.paths.setdefault(index, {})[name] = path
    return shared
