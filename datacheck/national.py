"""The national run: every key database's suite, one weighted national score.

``suites/national.yaml`` lists the databases::

    national: csdl_quoc_gia
    title: Các cơ sở dữ liệu quốc gia trọng điểm
    databases:
      - suite: dan_cu.yaml          # relative to this file
        weight: 2
      - suite: bao_hiem.yaml
        source: ../samples/out/bao_hiem.parquet   # optional: overrides the suite's source
        owner: Bảo hiểm xã hội Việt Nam           # optional: overrides the suite's owner

Each database runs with the same as-of instant; the national score is the weighted mean of
the databases' scores (databases without a score do not count).

Examples
--------
>>> import datacheck as dc
>>> national = dc.NationalSuite.loads('''
... national: demo
... databases:
...   - suite: a.yaml
...     weight: 2
... ''')
>>> [(d.suite_path.name, d.weight) for d in national.databases]
[('a.yaml', 2.0)]
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from datacheck import __version__
from datacheck._atomic import write_text_atomic
from datacheck._time import parse_as_of
from datacheck._yaml import LocatedList, line_of, load_yaml, read_yaml_file
from datacheck.dimensions import Dimension
from datacheck.engine.shared_references import SharedReferences, plan_shared_references
from datacheck.errors import DatacheckError, SuiteError, did_you_mean, did_you_mean_vi
from datacheck.result import SCHEMA_VERSION, Result
from datacheck.runner import run
from datacheck.score import Band, Bands, weighted_mean
from datacheck.sources_postgres import is_postgres_uri
from datacheck.suite import Suite

__all__ = ["DatabaseEntry", "NationalResult", "NationalSuite", "run_national"]

_TOP_KEYS = ("national", "title", "description", "timezone", "bands", "databases")
_DB_KEYS = ("suite", "source", "owner", "title", "weight", "references")


@dataclass(frozen=True)
class DatabaseEntry:
    """One database of the national suite."""

    suite_path: Path
    weight: float = 1.0
    source: Path | str | None = None
    owner: str | None = None
    title: str | None = None
    references: Mapping[str, Path | str] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NationalSuite:
    """The list of key databases with their suites, sources, owners and weights."""

    name: str
    databases: tuple[DatabaseEntry, ...]
    title: str | None = None
    description: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    bands: Bands = field(default_factory=Bands)
    file: str | None = field(default=None, compare=False)

    @classmethod
    def from_yaml(cls, path: str | Path) -> NationalSuite:
        """Load ``national.yaml``; paths in it resolve against its folder."""
        file = Path(path)
        text = read_yaml_file(file, "national suite", "tệp danh sách cơ sở dữ liệu")
        return cls.loads(text, base_dir=file.resolve().parent, file=str(file))

    @classmethod
    def loads(
        cls, text: str, *, base_dir: Path | None = None, file: str | None = None
    ) -> NationalSuite:
        """Load from YAML text."""
        data = load_yaml(text, file)
        base = base_dir or Path.cwd()
        if not isinstance(data, Mapping) or "national" not in data:
            raise SuiteError(
                "a national suite must be a mapping with 'national' and 'databases'",
                "danh sách quốc gia phải là ánh xạ có 'national' và 'databases'",
                file=file,
                line=line_of(data),
            )
        for key in data:
            if key not in _TOP_KEYS:
                raise SuiteError(
                    f"unknown key {key!r}{did_you_mean(str(key), _TOP_KEYS)}",
                    f"khoá không hợp lệ {key!r}{did_you_mean_vi(str(key), _TOP_KEYS)}",
                    file=file,
                    line=line_of(data, key),
                )
        raw = data.get("databases")
        if not isinstance(raw, list) or not raw:
            raise SuiteError(
                "'databases' expected a non-empty list of databases",
                "'databases' cần danh sách các cơ sở dữ liệu (không rỗng)",
                file=file,
                line=line_of(data, "databases") or line_of(data),
            )
        entries = [_entry(item, base, file, _line(raw, i)) for i, item in enumerate(raw)]
        bands = data.get("bands") or {}
        try:
            parsed_bands = Bands(**{k: float(v) for k, v in bands.items()})
        except (TypeError, ValueError, AttributeError, OverflowError) as error:
            raise SuiteError(
                f"'bands' expected 'meets' and 'improve' scores: {error}",
                f"'bands' cần điểm 'meets' và 'improve': {error}",
                file=file,
                line=line_of(data, "bands"),
            ) from None
        return cls(
            name=str(data["national"]),
            databases=tuple(entries),
            title=data.get("title"),
            description=data.get("description"),
            timezone=str(data.get("timezone") or "Asia/Ho_Chi_Minh"),
            bands=parsed_bands,
            file=file,
        )


def _line(items: Any, index: int) -> int | None:
    if isinstance(items, LocatedList) and index < len(items.item_lines):
        return items.item_lines[index]
    return None


def _located(base: Path, value: Any) -> Path | str:
    """A path relative to the national list's folder; database URIs stay as they are."""
    text = str(value)
    return text if is_postgres_uri(text) else base / text


def _entry(item: Any, base: Path, file: str | None, line: int | None) -> DatabaseEntry:
    if isinstance(item, str):
        item = {"suite": item}
    if not isinstance(item, Mapping) or "suite" not in item:
        raise SuiteError(
            "each database needs a 'suite' (path of its YAML suite)",
            "mỗi cơ sở dữ liệu cần 'suite' (đường dẫn tới bộ kiểm tra YAML)",
            file=file,
            line=line,
        )
    for key in item:
        if key not in _DB_KEYS:
            raise SuiteError(
                f"unknown database key {key!r}{did_you_mean(str(key), _DB_KEYS)}",
                f"khoá không hợp lệ {key!r}{did_you_mean_vi(str(key), _DB_KEYS)}",
                file=file,
                line=line_of(item, key) or line,
            )
    weight = item.get("weight", 1.0)
    if (
        not isinstance(weight, int | float)
        or isinstance(weight, bool)
        or not 0 <= weight < float("inf")
        or weight > 1e12
    ):
        raise SuiteError(
            f"'weight' expected a number >= 0, found {weight!r}",
            f"'weight' cần một số >= 0, nhận được {weight!r}",
            file=file,
            line=line_of(item, "weight") or line,
        )
    refs = item.get("references") or {}
    return DatabaseEntry(
        suite_path=base / str(item["suite"]),
        weight=float(weight),
        source=_located(base, item["source"]) if item.get("source") else None,
        owner=item.get("owner"),
        title=item.get("title"),
        references={str(k): _located(base, v) for k, v in refs.items()},
        line=line,
    )


@dataclass(frozen=True)
class DatabaseSummary:
    """One database's line in the national result."""

    suite: str
    title: str | None
    owner: str | None
    weight: float
    score: float | None
    band: Band | None
    dimensions: Mapping[str, float | None]
    rows: int | None
    failing_checks: int | None
    """Checks that failed or could not run; ``None`` when the database could not be checked."""
    result: str | None
    error: Mapping[str, str] | None = None
    tiers: Mapping[str, int] | None = None
    """Records per quality tier (``usable``, ``needs_correction``, ``unusable``), if known."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {
            "error": dict(self.error) if self.error else None,
            "suite": self.suite,
            "title": self.title,
            "owner": self.owner,
            "weight": self.weight,
            "score": self.score,
            "band": self.band.value if self.band else None,
            "dimensions": dict(self.dimensions),
            "rows": self.rows,
            "failing_checks": self.failing_checks,
            "result": self.result,
            "tiers": dict(self.tiers) if self.tiers is not None else None,
        }


@dataclass(frozen=True)
class NationalResult:
    """The national scorecard: every database's score and the weighted national score."""

    name: str
    title: str | None
    as_of: datetime
    score: float | None
    band: Band | None
    databases: tuple[DatabaseSummary, ...]
    dimensions: Mapping[str, float | None]
    worst_checks: tuple[Mapping[str, Any], ...]
    results: tuple[Result, ...] = field(default=(), compare=False, repr=False)
    seconds: float = 0.0
    bands: Bands = field(default_factory=Bands, compare=False, repr=False)
    """The thresholds that gave the national and database bands (the scorecard states them)."""

    @property
    def failed_databases(self) -> list[DatabaseSummary]:
        """Databases that could not be checked (their error says why)."""
        return [d for d in self.databases if d.error is not None]

    def to_dict(self) -> dict[str, Any]:
        """The versioned national JSON form."""
        return {
            "schema_version": SCHEMA_VERSION,
            "incomplete": bool(self.failed_databases),
            "national": self.name,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "score": self.score,
            "band": self.band.value if self.band else None,
            "dimensions": dict(self.dimensions),
            "databases": [d.to_dict() for d in self.databases],
            "worst_checks": [dict(w) for w in self.worst_checks],
            "run": {"seconds": self.seconds, "versions": {"datacheck": __version__}},
        }

    def to_json(self) -> str:
        """The national JSON as text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)

    def write_json(self, path: str | Path) -> Path:
        """Write the national JSON atomically."""
        return write_text_atomic(Path(path), self.to_json() + "\n")


ProgressCallback = Callable[[str, int, int], None]


def _failed_database(
    entry: DatabaseEntry, error: DatacheckError, file: str | None, suite: Suite | None
) -> DatabaseSummary:
    """The line of a database that could not be checked.

    When its suite was read (the source is what failed), the line carries the suite's id,
    title and owner, as a checked database's would; otherwise the suite file's name. Nothing
    was counted: ``failing_checks`` is ``None``, not 0.
    """
    where = f"{file}:{entry.line}: " if file and entry.line else ""
    return DatabaseSummary(
        suite=suite.name if suite is not None else entry.suite_path.stem,
        title=entry.title or (suite.title if suite is not None else None),
        owner=entry.owner or (suite.owner if suite is not None else None),
        weight=entry.weight,
        score=None,
        band=None,
        dimensions={},
        rows=None,
        failing_checks=None,
        result=None,
        error={"en": f"{where}{error.en}", "vi": f"{where}{error.vi}"},
    )


def _worst(results: list[Result], limit: int) -> list[dict[str, Any]]:
    rows = [
        {
            "suite": result.suite,
            "id": check.id,
            "check": check.check,
            "dimension": check.dimension.value,
            "score": check.score,
            "failed": check.failed,
            "evaluated": check.evaluated,
            "status": check.status,
        }
        for result in results
        for check in result.checks
        if check.status in ("fail", "warn") and check.score is not None
    ]
    rows.sort(key=lambda r: (float(r["score"]), -int(r["failed"]), str(r["suite"]), str(r["id"])))
    return rows[:limit]


def _load_suites(
    national: NationalSuite, instant: datetime
) -> tuple[list[Suite | DatacheckError], SharedReferences]:
    """Every database's suite (or why it cannot load) and the reference files to share."""
    suites: list[Suite | DatacheckError] = []
    for entry in national.databases:
        try:
            suites.append(Suite.from_yaml(entry.suite_path))
        except DatacheckError as error:
            suites.append(error)
    indexed = [
        (index, (suite, entry.source, entry.references))
        for index, (suite, entry) in enumerate(zip(suites, national.databases, strict=True))
        if isinstance(suite, Suite)
    ]
    planned = plan_shared_references([item for _, item in indexed], as_of=instant)
    # plan indexes count loaded suites only: map them back to database indexes
    shared = SharedReferences(
        paths={indexed[i][0]: paths for i, paths in planned.paths.items()},
        columns=planned.columns,
        last_use={path: indexed[i][0] for path, i in planned.last_use.items()},
    )
    return suites, shared


def run_national(
    national: NationalSuite | str | Path,
    *,
    as_of: str | date | datetime | None = None,
    out: str | Path | None = None,
    unmask: bool = False,
    on_database: ProgressCallback | None = None,
    worst: int = 10,
) -> NationalResult:
    """Run every database's suite and compute the national scorecard.

    A reference file that several suites read (the population master, most often) is read
    once, with only the columns they need, and freed after its last user (see
    :mod:`datacheck.engine.shared_references`); results equal those of standalone runs.

    Parameters
    ----------
    national
        A :class:`NationalSuite` or the path of ``national.yaml``.
    as_of
        One as-of instant for every database (default now).
    out
        If given, each database's JSON goes to ``out/<suite>.json`` and the national JSON
        to ``out/national.json`` (all written atomically).
    unmask
        Show personal data unmasked in samples.
    on_database
        Called with ``(suite name, index, total)`` before each database runs.
    worst
        How many of the lowest-scoring checks across databases to list.
    """
    started = time.perf_counter()
    if not isinstance(national, NationalSuite):
        national = NationalSuite.from_yaml(national)
    instant = parse_as_of(as_of, national.timezone)
    folder = Path(out) if out is not None else None
    summaries: list[DatabaseSummary] = []
    results: list[Result] = []
    total = len(national.databases)
    used_names: set[str] = set()
    suites, shared = _load_suites(national, instant)
    for index, entry in enumerate(national.databases):
        if on_database is not None:
            on_database(entry.suite_path.stem, index, total)
        try:
            suite = suites[index]
            if isinstance(suite, DatacheckError):
                raise suite
            try:
                frames = shared.frames_for(index)
            except DatacheckError:
                frames = {}  # read by the suite itself, which reports the problem
            result = run(
                suite,
                entry.source,
                as_of=instant,
                references={**entry.references, **frames} or None,
                unmask=unmask,
            )
        except DatacheckError as error:
            # one unreadable database must not hide the others: it is reported, not scored
            parsed = suites[index]
            summaries.append(
                _failed_database(
                    entry, error, national.file, parsed if isinstance(parsed, Suite) else None
                )
            )
            continue
        finally:
            shared.release(index)
        results.append(result)
        written = None
        if folder is not None:
            # the same suite may check several sources: each result gets its own file
            stem, number = suite.name, 2
            while stem in used_names:
                stem, number = f"{suite.name}-{number}", number + 1
            used_names.add(stem)
            written = result.write_json(folder / f"{stem}.json").name
        score = result.score
        summaries.append(
            DatabaseSummary(
                suite=suite.name,
                title=entry.title or suite.title,
                owner=entry.owner or suite.owner,
                weight=entry.weight,
                score=score,
                band=national.bands.band(score),
                dimensions={d.dimension.value: d.score for d in result.dimensions},
                rows=result.rows,
                failing_checks=len(result.by_status("fail", "error")),
                result=written,
                tiers=result.tiers.counts() if result.tiers is not None else None,
            )
        )
    score = weighted_mean((s.score, s.weight) for s in summaries if s.score is not None)
    dimensions: dict[str, float | None] = {}
    for dim in Dimension:
        pairs = [
            (value, s.weight)
            for s in summaries
            if (value := s.dimensions.get(dim.value)) is not None
        ]
        dimensions[dim.value] = weighted_mean(pairs)
    national_result = NationalResult(
        name=national.name,
        title=national.title,
        as_of=instant,
        score=score,
        band=national.bands.band(score),
        databases=tuple(summaries),
        dimensions=dimensions,
        worst_checks=tuple(_worst(results, worst)),
        results=tuple(results),
        seconds=round(time.perf_counter() - started, 6),
        bands=national.bands,
    )
    if folder is not None:
        national_result.write_json(folder / "national.json")
    return national_result
