"""The history store: every run's scores, appended to a partitioned Parquet dataset.

A run appends one file: one row per check (its counts, score and status), one row per
dimension score and one row for the database score, all tagged with the suite, the database,
the as-of instant and a run id. A national run also appends one file with the national score
and the national score of each dimension. The store is plain Parquet any engine can read::

    <store>/
      suite=dan_cu/
        part-20260629T170000Z-3f2a….parquet     one file per append (never rewritten)
        part-20260730T170000Z-9c41….parquet
      suite=bao_hiem/
        …
      suite=csdl_quoc_gia/                      the national rows (level = "national")
        …

* **Atomic appends.** A file is written under a hidden temporary name (``.part-….tmp``) in
  its partition, flushed to disk, then renamed to its final, unique name: a reader sees a
  whole file or no file, and a crash leaves at most a hidden temporary file that readers
  ignore. Names are unique (a random run id), so any number of processes may append at
  once, for different suites or the same one, without locks.
* **The latest run wins.** Re-running a database with the same as-of appends a new file;
  readers keep, for each ``(suite, database, as_of)``, only the run recorded last
  (``recorded_at``, ties broken by ``run_id``), so trends never count a date twice.
* **Trends and alerts** (:func:`trend`): per database and per dimension, the series of
  ``(as_of, score)`` points; an alert when a score drops by more than a set amount between
  consecutive runs, or when a check's failed rate jumps above its recent level
  (:class:`AlertRules`).

See ``docs/history.md`` for the columns and the rules in full.

Examples
--------
>>> import tempfile, polars as pl, datacheck as dc
>>> from datacheck import history
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
>>> store = tempfile.mkdtemp()
>>> for day, data in [("2026-05-31", [1, 2, 3, 4]), ("2026-06-30", [1, None, None, 4])]:
...     _ = history.append(dc.run(suite, pl.DataFrame({"id": data}), as_of=day), store)
>>> demo = history.trend(store).database("demo")
>>> [point.score for point in demo.scores]
[100.0, 50.0]
>>> print(demo.alerts[0].text("en"))
Score of demo dropped by 50 points: from 100 (2026-05-31) to 50 (2026-06-30)
>>> print(demo.alerts[0].text("vi"))
Điểm của demo giảm 50 điểm: từ 100 (31/05/2026) xuống 50 (30/06/2026)
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import statistics
import tempfile
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, get_args
from urllib.parse import quote, unquote

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from datacheck import __version__
from datacheck._atomic import plain_file_mode
from datacheck.dimensions import Dimension
from datacheck.errors import DatacheckError, Lang
from datacheck.i18n import LANGS, format_number, format_percent, format_score, t

if TYPE_CHECKING:
    from datacheck.national import DatabaseSummary, NationalResult
    from datacheck.report.html import DatabaseHistory
    from datacheck.result import Result

__all__ = [
    "SCHEMA",
    "Alert",
    "AlertRules",
    "DatabaseTrend",
    "Level",
    "Point",
    "Rule",
    "Trend",
    "append",
    "append_national",
    "read",
    "stored_suites",
    "trend",
]

Level = Literal["check", "dimension", "database", "national"]
"""What a row (or an alert) is about: a check, a dimension, a database or the nation."""

Rule = Literal["drop", "failed_rate"]
"""The rule that raised an alert."""

STORE_VERSION: Final[str] = "1"
"""Version of the file layout, written in each file's Parquet metadata."""

_ARROW_SCHEMA: Final[pa.Schema] = pa.schema(
    [
        ("level", pa.string()),
        ("suite", pa.string()),
        ("database", pa.string()),
        ("national", pa.string()),
        ("as_of", pa.timestamp("us", tz="UTC")),
        ("as_of_local", pa.string()),
        ("run_id", pa.string()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
        ("check_id", pa.string()),
        ("check_kind", pa.string()),
        ("dimension", pa.string()),
        ("evaluated", pa.int64()),
        ("failed", pa.int64()),
        ("score", pa.float64()),
        ("status", pa.string()),
        ("severity", pa.string()),
        ("threshold", pa.float64()),
        ("weight", pa.float64()),
        ("band", pa.string()),
        ("rows", pa.int64()),
        ("title", pa.string()),
        ("owner", pa.string()),
        ("datacheck_version", pa.string()),
    ],
    metadata={"datacheck.history": STORE_VERSION},
)

SCHEMA: Final[pl.Schema] = pl.Schema(
    {
        field.name: (
            pl.Datetime("us", "UTC")
            if pa.types.is_timestamp(field.type)
            else pl.Int64
            if pa.types.is_integer(field.type)
            else pl.Float64
            if pa.types.is_floating(field.type)
            else pl.String
        )
        for field in _ARROW_SCHEMA
    }
)
"""The columns of the history store, in order (see ``docs/history.md``)."""

_RUN_KEY: Final[tuple[str, ...]] = ("suite", "database", "as_of")
_REQUIRED: Final[tuple[str, ...]] = ("level", "suite", "database", "as_of", "run_id")
_LEVELS: Final[tuple[str, ...]] = get_args(Level)
_FILE_GLOB: Final[str] = "part-*.parquet"
_REASON_CHARS: Final[int] = 160


# ------------------------------------------------------------------------------ writing


class _Clock:
    """UTC timestamps that strictly increase within a process (so re-runs order exactly)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: datetime | None = None

    def now(self) -> datetime:
        with self._lock:
            now = datetime.now(UTC)
            if self._last is not None and now <= self._last:
                now = self._last + timedelta(microseconds=1)
            self._last = now
            return now


_CLOCK: Final[_Clock] = _Clock()


def _aware(value: datetime) -> datetime:
    """An aware datetime (a naive one is read as UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _result_rows(
    result: Result,
    *,
    database: str,
    run_id: str,
    recorded_at: datetime,
    national: str | None = None,
    weight: float | None = None,
    title: str | None = None,
    owner: str | None = None,
) -> list[dict[str, Any]]:
    as_of = _aware(result.as_of)
    base: dict[str, Any] = {
        "suite": result.suite,
        "database": database,
        "national": national,
        "as_of": as_of.astimezone(UTC),  # pyarrow: pass UTC, never rely on tzinfo
        "as_of_local": as_of.isoformat(),
        "run_id": run_id,
        "recorded_at": _aware(recorded_at).astimezone(UTC),
        "rows": result.rows,
        "datacheck_version": __version__,
    }
    rows: list[dict[str, Any]] = [
        {
            **base,
            "level": "database",
            "score": result.score,
            "band": result.band.value if result.band else None,
            "weight": weight,
            "title": title or result.title,
            "owner": owner or result.owner,
        }
    ]
    rows.extend(
        {
            **base,
            "level": "dimension",
            "dimension": item.dimension.value,
            "score": item.score,
            "band": item.band.value if item.band else None,
            "weight": item.weight,
        }
        for item in result.dimensions
    )
    rows.extend(
        {
            **base,
            "level": "check",
            "check_id": check.id,
            "check_kind": check.check,
            "dimension": check.dimension.value,
            "evaluated": check.evaluated,
            "failed": check.failed,
            "score": check.score,
            "status": check.status,
            "severity": check.severity.value,
            "threshold": check.threshold,
            "weight": check.weight,
        }
        for check in result.checks
    )
    return rows


def _store_folder(store: Path) -> Path:
    if store.exists() and not store.is_dir():
        raise DatacheckError(
            f"history store {store} is not a folder: expected a folder of Parquet files",
            f"kho lịch sử {store} không phải thư mục: cần một thư mục chứa các tệp Parquet",
        )
    return store


def _partition(store: Path, suite: str) -> Path:
    """``store/suite=<name>``, the name percent-encoded (Hive style) so any name is safe."""
    return store / f"suite={quote(suite, safe='')}"


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can sync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_part(store: Path, suite: str, as_of: datetime, run_id: str, rows: list[Any]) -> Path:
    """Write ``rows`` as one new Parquet file of ``suite``'s partition, atomically."""
    _existing_store(store)  # a file, or a folder of other files, is refused
    folder = _partition(store, suite)
    stamp = _aware(as_of).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"part-{stamp}-{run_id}.parquet"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise DatacheckError(
            f"cannot write to the history store {folder}: {error.strerror or error}",
            f"không ghi được vào kho lịch sử {folder}: {error.strerror or error}",
        ) from None
    os.close(fd)
    temporary = Path(name)
    try:
        table = pa.Table.from_pylist(rows, schema=_ARROW_SCHEMA)
        pq.write_table(table, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        temporary.chmod(plain_file_mode())
        # the name is unique (random run id): the rename never replaces another run's file
        temporary.rename(target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise DatacheckError(
                f"cannot write to the history store {folder}: {error.strerror or error}",
                f"không ghi được vào kho lịch sử {folder}: {error.strerror or error}",
            ) from error
        raise
    _fsync_folder(folder)
    return target


def append(result: Result, store: str | Path, *, database: str | None = None) -> Path:
    """Append one run's scores to the history store, atomically.

    Writes one new file ``<store>/suite=<suite>/part-<as_of>-<run_id>.parquet`` holding one
    row for the database score, one per dimension and one per check. Safe to call from
    several processes at once, for the same suite or different ones.

    Parameters
    ----------
    result
        The result of a run (:func:`datacheck.run`).
    store
        The folder of the history store (created if needed).
    database
        The database key (default: the suite name). Give one when the same suite checks
        several sources, so each keeps its own trend; the HTML site keys its pages the same
        way.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    DatacheckError
        If the store is not a folder (or a folder of other files) or cannot be written.

    Examples
    --------
    >>> import tempfile, polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> result = dc.run(suite, pl.DataFrame({"id": [1, None]}), as_of="2026-06-30")
    >>> path = append(result, tempfile.mkdtemp())
    >>> path.parent.name, path.name.startswith("part-20260629T170000Z-")
    ('suite=demo', True)
    """
    run_id = uuid.uuid4().hex
    rows = _result_rows(
        result, database=database or result.suite, run_id=run_id, recorded_at=_CLOCK.now()
    )
    return _write_part(Path(store), result.suite, result.as_of, run_id, rows)


def _databases(national: NationalResult) -> list[tuple[str, DatabaseSummary, Result]]:
    """Key, summary and result of each database that ran.

    The same keys as :func:`datacheck.report.html.database_results`: the result file's stem,
    else the suite name, with ``-2``, ``-3`` … for repeats.
    """
    keys: list[str] = []
    out: list[tuple[str, DatabaseSummary, Result]] = []
    ran = iter(national.results)
    for summary in national.databases:
        base = Path(summary.result).stem if summary.result else summary.suite
        key, number = base, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.append(key)
        if summary.error is None:
            result = next(ran, None)
            if result is not None:
                out.append((key, summary, result))
    return out


def append_national(national: NationalResult, store: str | Path) -> list[Path]:
    """Append a national run: one file per database that ran, then one national file.

    Each database is recorded as by :func:`append`, under the key the HTML site gives its
    page (``dan_cu``, ``dan_cu-2`` for a second source of the same suite), with its weight,
    title and owner from the national list. The national file (partition
    ``suite=<national name>``, level ``national``) holds the national score and the national
    score of each dimension. Databases that could not be checked have no result and are not
    recorded.

    Parameters
    ----------
    national
        The result of :func:`datacheck.run_national`.
    store
        The folder of the history store (created if needed).

    Returns
    -------
    list of pathlib.Path
        The files written: the databases in national order, then the national file.

    Examples
    --------
    >>> import tempfile
    >>> from datetime import datetime, timezone
    >>> from datacheck.national import NationalResult
    >>> empty = NationalResult("quoc_gia", None, datetime(2026, 6, 30, tzinfo=timezone.utc),
    ...                        None, None, (), {}, ())
    >>> [p.parent.name for p in append_national(empty, tempfile.mkdtemp())]
    ['suite=quoc_gia']
    """
    folder = Path(store)
    written: list[Path] = []
    for key, summary, result in _databases(national):
        run_id = uuid.uuid4().hex
        rows = _result_rows(
            result,
            database=key,
            run_id=run_id,
            recorded_at=_CLOCK.now(),
            national=national.name,
            weight=summary.weight,
            title=summary.title,
            owner=summary.owner,
        )
        written.append(_write_part(folder, result.suite, result.as_of, run_id, rows))
    run_id = uuid.uuid4().hex
    as_of = _aware(national.as_of)
    base: dict[str, Any] = {
        "level": "national",
        "suite": national.name,
        "database": national.name,
        "national": national.name,
        "as_of": as_of.astimezone(UTC),  # pyarrow: pass UTC, never rely on tzinfo
        "as_of_local": as_of.isoformat(),
        "run_id": run_id,
        "recorded_at": _aware(_CLOCK.now()).astimezone(UTC),
        "datacheck_version": __version__,
    }
    rows = [
        {
            **base,
            "score": national.score,
            "band": national.band.value if national.band else None,
            "title": national.title,
        }
    ]
    rows.extend(
        {**base, "dimension": dimension, "score": score}
        for dimension, score in national.dimensions.items()
        if score is not None
    )
    written.append(_write_part(folder, national.name, national.as_of, run_id, rows))
    return written


# ------------------------------------------------------------------------------ reading


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"


def _bad_file(file: Path | str, reason: str) -> DatacheckError:
    return DatacheckError(
        f"cannot read history file {file}: not a valid file of the history store ({reason}); "
        "move it out of the store",
        f"không đọc được tệp lịch sử {file}: không phải tệp hợp lệ của kho lịch sử ({reason}); "
        "hãy chuyển tệp ra khỏi kho",
    )


def _scan(files: Sequence[Path]) -> pl.LazyFrame:
    return pl.scan_parquet(
        [str(f) for f in files],
        schema=SCHEMA,
        hive_partitioning=False,
        missing_columns="insert",
        extra_columns="ignore",
        include_file_paths="_file",
    )


def _collect_checked(files: Sequence[Path]) -> pl.DataFrame:
    """Read every file; a corrupt or foreign file raises an error that names it."""
    try:
        frame = _scan(files).collect()
    except (pl.exceptions.PolarsError, OSError) as error:
        for file in files:
            try:
                _scan([file]).collect()
            except (pl.exceptions.PolarsError, OSError) as bad:
                raise _bad_file(file, _one_line(bad)) from None
        raise DatacheckError(
            f"cannot read the history store: {_one_line(error)}",
            f"không đọc được kho lịch sử: {_one_line(error)}",
        ) from None
    missing = frame.filter(pl.any_horizontal(pl.col(c).is_null() for c in _REQUIRED))
    if missing.height:
        row = missing.row(0, named=True)
        absent = ", ".join(c for c in _REQUIRED if row[c] is None)
        raise _bad_file(row["_file"], f"no value in column(s) {absent}")
    return frame


def _hidden_entry(name: str) -> bool:
    return name.startswith((".", "_"))


def _existing_store(store: Path) -> bool:
    """Whether ``store`` exists as a history store; raise if it cannot be one.

    A missing store (under folders, or nothing) is an empty store: it is created on the first
    append. A file, a path under a file, or a folder with visible entries but no
    ``suite=<name>`` partition (a folder of data files, say) is refused, naming what it holds.
    """
    if not store.exists():
        existing = store.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if existing.exists() and not existing.is_dir():
            raise DatacheckError(
                f"history store {store} cannot exist: {existing} is not a folder; expected a "
                "path inside a folder",
                f"kho lịch sử {store} không thể có: {existing} không phải thư mục; cần một đường "
                "dẫn nằm trong một thư mục",
            )
        return False
    _store_folder(store)
    try:
        entries = sorted(e for e in store.iterdir() if not _hidden_entry(e.name))
    except OSError as error:
        raise DatacheckError(
            f"cannot read the history store {store}: {error.strerror or error}",
            f"không đọc được kho lịch sử {store}: {error.strerror or error}",
        ) from None
    partitions = [e for e in entries if e.name.startswith("suite=") and e.is_dir()]
    if entries and not partitions:
        count = len(entries)
        raise DatacheckError(
            f"{store} is not a history store: expected suite=<name> folders of part-*.parquet "
            f"files (written by --history), found {count} other file(s) or folder(s), e.g. "
            f"{entries[0].name}",
            f"{store} không phải kho lịch sử: cần các thư mục suite=<tên> chứa tệp "
            f"part-*.parquet (do --history ghi), nhận được {count} tệp hoặc thư mục khác, ví "
            f"dụ {entries[0].name}",
        )
    return True


def stored_suites(store: str | Path) -> list[str]:
    """The suites (and national lists) the history store holds runs of, sorted.

    Parameters
    ----------
    store
        The folder of the history store (missing or empty: no suites).

    Raises
    ------
    DatacheckError
        If ``store`` is not a history store (a file, or a folder of other files).

    Examples
    --------
    >>> import tempfile, polars as pl, datacheck as dc
    >>> store = tempfile.mkdtemp()
    >>> for name in ("thue", "dan_cu"):
    ...     suite = dc.Suite(name=name, checks=[dc.checks.NotNull(columns=["id"])])
    ...     _ = append(dc.run(suite, pl.DataFrame({"id": [1]}), as_of="2026-06-30"), store)
    >>> stored_suites(store)
    ['dan_cu', 'thue']
    """
    folder = Path(store)
    if not _existing_store(folder):
        return []
    names = [
        unquote(partition.name.removeprefix("suite="))
        for partition in folder.glob("suite=*")
        if partition.is_dir() and any(partition.glob(_FILE_GLOB))
    ]
    return sorted(names)


def _files(store: Path, suite: str | None) -> list[Path]:
    if not _existing_store(store):
        return []
    if suite is None:
        return sorted(store.glob(f"suite=*/{_FILE_GLOB}"))
    return sorted(_partition(store, suite).glob(_FILE_GLOB))


def _latest_runs(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Keep, per ``(suite, database, as_of)``, only the rows of the run recorded last."""
    winners = frame.group_by(_RUN_KEY).agg(
        pl.col("run_id").sort_by(["recorded_at", "run_id"]).last()
    )
    return frame.join(winners.select("run_id"), on="run_id", how="semi")


def read(store: str | Path, *, suite: str | None = None, latest: bool = False) -> pl.DataFrame:
    """Read the history store into one frame (all columns of :data:`SCHEMA`).

    Parameters
    ----------
    store
        The folder of the history store. A missing or empty store gives an empty frame
        with the full schema; a file or a folder of other files is refused.
    suite
        Only this suite's rows (only its partition is read).
    latest
        Keep only the latest run of each ``(suite, database, as_of)``, as trends do.

    Returns
    -------
    polars.DataFrame
        Ordered by suite, database, as-of and time of recording; rows of one run keep their
        order (database, dimensions, checks).

    Raises
    ------
    DatacheckError
        If a file of the store is corrupt or not a history file (the message names it), or
        ``store`` is not a history store.

    Examples
    --------
    >>> import tempfile
    >>> frame = read(tempfile.mkdtemp())
    >>> frame.height, frame.columns[:4]
    (0, ['level', 'suite', 'database', 'national'])
    """
    files = _files(Path(store), suite)
    if not files:
        return pl.DataFrame(schema=SCHEMA)
    frame = _collect_checked(files).drop("_file").lazy()
    if suite is not None:
        frame = frame.filter(pl.col("suite") == suite)
    if latest:
        frame = _latest_runs(frame)
    order = [*_RUN_KEY, "recorded_at", "run_id"]
    return frame.sort(order, maintain_order=True).collect()


# ------------------------------------------------------------------------------ alert rules


_ENV_RULES: Final[dict[str, tuple[str, type]]] = {
    "drop": ("DATACHECK_HISTORY_DROP", float),
    "window": ("DATACHECK_HISTORY_WINDOW", int),
    "min_runs": ("DATACHECK_HISTORY_MIN_RUNS", int),
    "k": ("DATACHECK_HISTORY_K", float),
    "min_increase": ("DATACHECK_HISTORY_MIN_INCREASE", float),
}


def _rule_error(name: str, value: object, expected_en: str, expected_vi: str) -> DatacheckError:
    return DatacheckError(
        f"alert rule '{name}' expected {expected_en}, found {value!r}",
        f"quy tắc cảnh báo '{name}' cần {expected_vi}, nhận được {value!r}",
    )


@dataclass(frozen=True)
class AlertRules:
    """When a trend raises an alert.

    **Drop** (level ``database``, ``dimension`` or ``national``): between two consecutive
    runs of a series (by as-of), the score fell by *more than* ``drop`` points (0–100
    scale); runs without a score are skipped over, never compared.

    **Failed rate** (level ``check``): a check's failed rate ``r = failed / evaluated`` at a
    run exceeds ``mean + max(k × std, min_increase)``, where ``mean`` and ``std``
    (population standard deviation) are taken over the check's previous ``window`` runs in
    which it evaluated rows; at least ``min_runs`` such runs are needed.

    Parameters
    ----------
    drop
        Points a score must fall by (strictly more) to alert; default 2.
    window
        How many previous runs form the failed-rate baseline; default 5.
    min_runs
        Fewest previous runs for the failed-rate rule to apply; default 3.
    k
        How many standard deviations above the mean alert; default 3.
    min_increase
        The least rise above the mean that alerts, as a fraction (0.001 = 0.1 percentage
        point), so a perfectly steady history does not alert on noise; default 0.001.

    Examples
    --------
    >>> AlertRules().drop, AlertRules(drop=5).drop
    (2.0, 5)
    >>> AlertRules.from_env(environ={"DATACHECK_HISTORY_DROP": "1.5"}).drop
    1.5
    """

    drop: float = 2.0
    window: int = 5
    min_runs: int = 3
    k: float = 3.0
    min_increase: float = 0.001

    def __post_init__(self) -> None:
        for name in ("drop", "k", "min_increase"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _rule_error(name, value, "a number >= 0", "một số >= 0")
            if not (math.isfinite(value) and value >= 0):
                raise _rule_error(name, value, "a number >= 0", "một số >= 0")
        for name in ("window", "min_runs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _rule_error(name, value, "a whole number >= 1", "một số nguyên >= 1")
        if self.min_runs > self.window:
            raise _rule_error(
                "min_runs",
                self.min_runs,
                f"at most window ({self.window})",
                f"không lớn hơn window ({self.window})",
            )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: float | None
    ) -> AlertRules:
        """Rules from ``DATACHECK_HISTORY_*`` variables, then ``overrides`` (``None`` = unset).

        The variables are ``DATACHECK_HISTORY_DROP``, ``_WINDOW``, ``_MIN_RUNS``, ``_K`` and
        ``_MIN_INCREASE``; unset ones keep the defaults.

        Raises
        ------
        DatacheckError
            If a value is not a valid number for its rule.

        Examples
        --------
        >>> AlertRules.from_env(environ={}, drop=3.0).drop
        3.0
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, (variable, kind) in _ENV_RULES.items():
            text = env.get(variable, "").strip()
            if text:
                try:
                    values[name] = kind(text)
                except ValueError:
                    raise _rule_error(
                        variable,
                        text,
                        "a whole number" if kind is int else "a number",
                        "một số nguyên" if kind is int else "một số",
                    ) from None
        for name, value in overrides.items():
            if name not in _ENV_RULES:
                msg = f"unknown alert rule {name!r}"
                raise TypeError(msg)
            if value is not None:
                values[name] = value
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {
            "drop": self.drop,
            "window": self.window,
            "min_runs": self.min_runs,
            "k": self.k,
            "min_increase": self.min_increase,
        }

    def describe(self, lang: Lang = "vi") -> str:
        """The rules in one sentence, in ``lang``.

        Examples
        --------
        >>> AlertRules().describe("en")
        'Alerts: a score drop of more than 2 points between consecutive runs; a failed rate above the mean + 3 × std of the previous 5 runs (at least 0.1 percentage point above the mean, after 3 runs)'
        """  # noqa: E501
        return t(
            "history.rules",
            lang,
            drop=format_number(self.drop, lang),
            k=format_number(self.k, lang),
            window=self.window,
            min_runs=self.min_runs,
            floor=format_number(self.min_increase * 100, lang, 4),
        )


# ------------------------------------------------------------------------------ trend types


def _date_text(value: datetime, lang: Lang) -> str:
    """``30/06/2026`` (vi) or ``2026-06-30`` (en), with the time unless it is midnight."""
    day = t(
        "history.date",
        lang,
        day=f"{value.day:02d}",
        month=f"{value.month:02d}",
        year=f"{value.year:04d}",
    )
    if value.time() == time(0, 0):
        return day
    return t("history.datetime", lang, date=day, time=f"{value.hour:02d}:{value.minute:02d}")


@dataclass(frozen=True)
class Point:
    """One run in a series: its as-of (in the run's own UTC offset), score and run id."""

    as_of: datetime
    score: float | None
    run_id: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {"as_of": self.as_of.isoformat(), "score": self.score, "run_id": self.run_id}


@dataclass(frozen=True)
class Alert:
    """A sudden change flagged by the trend (see :class:`AlertRules`).

    Attributes
    ----------
    rule
        ``"drop"`` (a score fell) or ``"failed_rate"`` (a check's failed rate jumped).
    level
        ``"national"``, ``"database"``, ``"dimension"`` or ``"check"``.
    suite, database
        Where: the suite and the database key.
    dimension, check
        The dimension (dimension drops and checks) and the check id (``failed_rate``).
    from_as_of, to_as_of
        For a drop, the previous run and the run that dropped; for a failed rate, the first
        run of the baseline window and the run that jumped.
    before, after
        Scores (drop) or failed rates as fractions (failed rate: ``before`` is the mean).
    change
        ``after − before`` (negative for a drop).
    limit
        What was crossed: the drop amount, or the failed-rate ceiling.
    message
        The alert in words, ``{"vi": ..., "en": ...}``.
    """

    rule: Rule
    level: Level
    suite: str
    database: str
    dimension: str | None
    check: str | None
    from_as_of: datetime
    to_as_of: datetime
    before: float
    after: float
    change: float
    limit: float
    message: Mapping[str, str]

    def text(self, lang: Lang = "vi") -> str:
        """The message in ``lang``."""
        return self.message.get(lang) or self.message["en"]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, ready for JSON.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> day = datetime(2026, 6, 30, tzinfo=timezone.utc)
        >>> alert = Alert("drop", "database", "s", "s", None, None, day, day, 99.0, 90.0,
        ...               -9.0, 2.0, {"vi": "giảm", "en": "drop"})
        >>> alert.to_dict()["from"], alert.to_dict()["change"]
        ('2026-06-30T00:00:00+00:00', -9.0)
        """
        return {
            "rule": self.rule,
            "level": self.level,
            "suite": self.suite,
            "database": self.database,
            "dimension": self.dimension,
            "check": self.check,
            "from": self.from_as_of.isoformat(),
            "to": self.to_as_of.isoformat(),
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "limit": self.limit,
            "message": dict(self.message),
        }


@dataclass(frozen=True)
class DatabaseTrend:
    """The score series of one database (or of the nation) and its alerts.

    Attributes
    ----------
    suite, database
        The suite and the database key (the national name for ``level="national"``).
    level
        ``"database"`` or ``"national"``.
    scores
        The database's score at each run, ordered by as-of.
    dimensions
        Per dimension id, in the order of :class:`~datacheck.Dimension`, its score series.
    alerts
        Every alert of this database over its history, ordered by ``to_as_of``.
    title, owner
        As recorded by the latest run.
    """

    suite: str
    database: str
    level: Literal["database", "national"]
    scores: tuple[Point, ...]
    dimensions: Mapping[str, tuple[Point, ...]] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    title: str | None = None
    owner: str | None = None

    @property
    def latest_as_of(self) -> datetime | None:
        """The as-of of the latest run recorded (any series)."""
        points = [*self.scores, *(p for s in self.dimensions.values() for p in s)]
        return max((p.as_of for p in points), default=None)

    @property
    def change(self) -> float | None:
        """Latest score minus the previous one, if both exist."""
        if len(self.scores) < 2:
            return None
        before, after = self.scores[-2].score, self.scores[-1].score
        return None if before is None or after is None else after - before

    @property
    def current_alerts(self) -> tuple[Alert, ...]:
        """The alerts raised at the latest run (what a scorecard of that run shows)."""
        latest = self.latest_as_of
        return tuple(a for a in self.alerts if a.to_as_of == latest)

    def to_html(self, *, all_alerts: bool = False) -> DatabaseHistory:
        """The trend input of the HTML database page.

        Parameters
        ----------
        all_alerts
            Flag every alert of the history, not only those of the latest run.
        """
        from datacheck.report.html import DatabaseHistory  # noqa: PLC0415 (Jinja2 on use)

        alerts = self.alerts if all_alerts else self.current_alerts
        return DatabaseHistory.from_pairs(
            [(p.as_of, p.score) for p in self.scores],
            {
                name: [(p.as_of, p.score) for p in points]
                for name, points in self.dimensions.items()
            },
            [a.message for a in alerts],
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {
            "suite": self.suite,
            "database": self.database,
            "level": self.level,
            "title": self.title,
            "owner": self.owner,
            "scores": [p.to_dict() for p in self.scores],
            "dimensions": {k: [p.to_dict() for p in v] for k, v in self.dimensions.items()},
            "alerts": [a.to_dict() for a in self.alerts],
        }


@dataclass(frozen=True)
class Trend:
    """Trends of every database (and national run) in a history store.

    Attributes
    ----------
    databases
        One :class:`DatabaseTrend` per ``(suite, database)``, ordered by suite then key.
    national
        One per national run name (level ``national``).
    rules
        The alert rules applied.
    """

    databases: tuple[DatabaseTrend, ...] = ()
    national: tuple[DatabaseTrend, ...] = ()
    rules: AlertRules = field(default_factory=AlertRules)

    @property
    def empty(self) -> bool:
        """True when the store had no run."""
        return not self.databases and not self.national

    @property
    def alerts(self) -> tuple[Alert, ...]:
        """Every alert over the whole history (national first, then databases)."""
        return tuple(a for item in (*self.national, *self.databases) for a in item.alerts)

    @property
    def current_alerts(self) -> tuple[Alert, ...]:
        """The alerts raised at each database's (and nation's) latest run."""
        return tuple(a for item in (*self.national, *self.databases) for a in item.current_alerts)

    def database(self, key: str) -> DatabaseTrend:
        """The trend of database ``key`` (or of the only database of suite ``key``).

        Raises
        ------
        KeyError
            If no database or national run has that key.
        """
        for item in (*self.databases, *self.national):
            if item.database == key:
                return item
        matches = [item for item in self.databases if item.suite == key]
        if len(matches) == 1:
            return matches[0]
        msg = f"no history for database {key!r}"
        raise KeyError(msg)

    def to_html(self, *, all_alerts: bool = False) -> dict[str, DatabaseHistory]:
        """Trend inputs of the HTML pages keyed by database key (and national name).

        Pass the mapping as ``history=`` to :func:`datacheck.report.html.write_site`.
        """
        return {
            item.database: item.to_html(all_alerts=all_alerts)
            for item in (*self.databases, *self.national)
        }

    def to_dict(self, *, all_alerts: bool = False) -> dict[str, Any]:
        """Plain-data form: the rules, every series, and the (current) alerts."""
        alerts = self.alerts if all_alerts else self.current_alerts
        return {
            "rules": self.rules.to_dict(),
            "national": [item.to_dict() for item in self.national],
            "databases": [item.to_dict() for item in self.databases],
            "alerts": [a.to_dict() for a in alerts],
        }


# ------------------------------------------------------------------------------ trend building


def _local(row: Mapping[str, Any]) -> datetime:
    text = row.get("as_of_local")
    if text:
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(str(text))
    return _aware(row["as_of"])


def _messages(key: str, **params: Any) -> dict[str, str]:
    """The message ``key`` in every language; ``params`` values may be per-language callables."""
    out: dict[str, str] = {}
    for lang in LANGS:
        filled = {k: (v(lang) if callable(v) else v) for k, v in params.items()}
        out[lang] = t(key, lang, **filled)
    return out


def _dimension_label(dimension: str) -> Any:
    try:
        known = Dimension(dimension)
    except ValueError:
        return dimension
    return known.label


def _alert_name(title: str | None, database: str, level: str) -> str:
    """How an alert names its database: the title people know, with the id when it differs.

    Examples
    --------
    >>> _alert_name("CSDL quốc gia về dân cư", "dan_cu", "database")
    'CSDL quốc gia về dân cư (dan_cu)'
    >>> _alert_name("Các CSDL quốc gia", "csdl_quoc_gia", "national")
    'Các CSDL quốc gia'
    >>> _alert_name(None, "s", "database")
    's'
    """
    if not title or title == database:
        return database
    return title if level == "national" else f"{title} ({database})"


def _drops(
    points: Sequence[Point],
    rules: AlertRules,
    *,
    level: Level,
    suite: str,
    database: str,
    name: str,
    dimension: str | None,
) -> list[Alert]:
    scored = [p for p in points if p.score is not None]
    alerts: list[Alert] = []
    for previous, current in itertools.pairwise(scored):
        before, after = float(previous.score or 0.0), float(current.score or 0.0)
        change = after - before
        # rounded so a drop of exactly `drop` points does not alert by float noise
        if round(-change, 9) <= rules.drop:
            continue
        if dimension is None:
            key = "history.alert.national" if level == "national" else "history.alert.database"
        else:
            key = (
                "history.alert.national_dimension"
                if level == "national"
                else "history.alert.dimension"
            )
        message = _messages(
            key,
            database=name,
            dimension=_dimension_label(dimension or ""),
            drop=lambda lang, c=change: format_number(-c, lang),
            before=lambda lang, b=before: format_score(b, lang),
            after=lambda lang, a=after: format_score(a, lang),
            start=lambda lang, d=previous.as_of: _date_text(d, lang),
            end=lambda lang, d=current.as_of: _date_text(d, lang),
        )
        alerts.append(
            Alert(
                rule="drop",
                level="dimension" if level == "database" and dimension else level,
                suite=suite,
                database=database,
                dimension=dimension,
                check=None,
                from_as_of=previous.as_of,
                to_as_of=current.as_of,
                before=before,
                after=after,
                change=change,
                limit=rules.drop,
                message=message,
            )
        )
    return alerts


def _failed_rate_alerts(
    runs: Sequence[tuple[datetime, float]],
    rules: AlertRules,
    *,
    suite: str,
    database: str,
    name: str,
    dimension: str | None,
    check: str,
) -> list[Alert]:
    """Anomalies of one check's failed rate; ``runs`` are ``(as_of, rate)`` by as-of."""
    alerts: list[Alert] = []
    for index, (as_of, rate) in enumerate(runs):
        window = runs[max(0, index - rules.window) : index]
        if len(window) < rules.min_runs:
            continue
        rates = [r for _, r in window]
        mean = statistics.fmean(rates)
        limit = mean + max(rules.k * statistics.pstdev(rates), rules.min_increase)
        if round(rate - limit, 12) <= 0:
            continue
        message = _messages(
            "history.alert.failed_rate",
            check=check,
            database=name,
            after=lambda lang, r=rate: format_percent(r, lang),
            mean=lambda lang, m=mean: format_percent(m, lang),
            limit=lambda lang, x=limit: format_percent(min(x, 1.0), lang),
            runs=len(window),
            end=lambda lang, d=as_of: _date_text(d, lang),
        )
        alerts.append(
            Alert(
                rule="failed_rate",
                level="check",
                suite=suite,
                database=database,
                dimension=dimension,
                check=check,
                from_as_of=window[0][0],
                to_as_of=as_of,
                before=mean,
                after=rate,
                change=rate - mean,
                limit=limit,
                message=message,
            )
        )
    return alerts


def _level_order(alert: Alert) -> tuple[datetime, int, str, str]:
    return (
        alert.to_as_of,
        _LEVELS[::-1].index(alert.level),
        alert.dimension or "",
        alert.check or "",
    )


_Owner = Literal["database", "national"]
_Group = tuple[_Owner, str, str]


def _build(frame: pl.DataFrame, rules: AlertRules) -> Trend:
    scores: dict[_Group, list[Point]] = {}
    dims: dict[_Group, dict[str, list[Point]]] = {}
    info: dict[_Group, tuple[str | None, str | None]] = {}
    checks: dict[tuple[str, str, str], list[tuple[datetime, float]]] = {}
    check_dims: dict[tuple[str, str, str], str | None] = {}
    for row in frame.iter_rows(named=True):
        level, suite, database = row["level"], row["suite"], row["database"]
        as_of = _local(row)
        if level == "check":
            key = (suite, database, str(row["check_id"]))
            check_dims[key] = row["dimension"]
            evaluated, failed = row["evaluated"], row["failed"]
            if row["status"] != "error" and evaluated and failed is not None:
                checks.setdefault(key, []).append((as_of, failed / evaluated))
            continue
        owner_level: _Owner = "national" if level == "national" else "database"
        group: _Group = (owner_level, suite, database)
        scores.setdefault(group, [])
        dims.setdefault(group, {})
        point = Point(as_of, row["score"], row["run_id"])
        if row["dimension"] is None:
            scores[group].append(point)
            info[group] = (row["title"], row["owner"])
        else:
            dims[group].setdefault(row["dimension"], []).append(point)
    check_alerts: dict[tuple[str, str], list[Alert]] = {}
    for (suite, database, check), runs in checks.items():
        runs.sort(key=lambda item: item[0])
        title = info.get(("database", suite, database), (None, None))[0]
        found = _failed_rate_alerts(
            runs,
            rules,
            suite=suite,
            database=database,
            name=_alert_name(title, database, "database"),
            dimension=check_dims.get((suite, database, check)),
            check=check,
        )
        check_alerts.setdefault((suite, database), []).extend(found)
    items: list[DatabaseTrend] = []
    for group in sorted(scores, key=lambda g: (g[1], g[2])):
        level, suite, database = group
        series = tuple(sorted(scores[group], key=lambda p: p.as_of))
        order = [d.value for d in Dimension]
        by_dim = {
            name: tuple(sorted(points, key=lambda p: p.as_of))
            for name, points in sorted(
                dims[group].items(),
                key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
            )
        }
        title, owner = info.get(group, (None, None))
        name = _alert_name(title, database, level)
        alerts = _drops(
            series, rules, level=level, suite=suite, database=database, name=name, dimension=None
        )
        for dimension, points in by_dim.items():
            alerts.extend(
                _drops(
                    points,
                    rules,
                    level=level,
                    suite=suite,
                    database=database,
                    name=name,
                    dimension=dimension,
                )
            )
        if level == "database":
            alerts.extend(check_alerts.get((suite, database), []))
        items.append(
            DatabaseTrend(
                suite=suite,
                database=database,
                level=level,
                scores=series,
                dimensions=by_dim,
                alerts=tuple(sorted(alerts, key=_level_order)),
                title=title,
                owner=owner,
            )
        )
    return Trend(
        databases=tuple(i for i in items if i.level == "database"),
        national=tuple(i for i in items if i.level == "national"),
        rules=rules,
    )


def trend(store: str | Path, suite: str | None = None, *, rules: AlertRules | None = None) -> Trend:
    """Score trends and alerts from the history store.

    Only the latest run of each ``(suite, database, as_of)`` counts (see :func:`read`).

    Parameters
    ----------
    store
        The folder of the history store (missing or empty: an empty trend).
    suite
        Only this suite (default: every suite and national run).
    rules
        The alert rules; default :meth:`AlertRules.from_env` (``DATACHECK_HISTORY_*``
        variables, else the documented defaults).

    Returns
    -------
    Trend
        Per database and per dimension, the ``(as_of, score)`` points ordered by as-of, and
        the alerts.

    Raises
    ------
    DatacheckError
        If a file of the store is corrupt (the message names it).

    Examples
    --------
    >>> import tempfile, polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["id"])])
    >>> store = tempfile.mkdtemp()
    >>> for day in ("2026-04-30", "2026-05-31", "2026-06-30"):
    ...     _ = append(dc.run(suite, pl.DataFrame({"id": [1, 2]}), as_of=day), store)
    >>> demo = trend(store).database("demo")
    >>> [p.as_of.date().isoformat() for p in demo.scores], demo.alerts
    (['2026-04-30', '2026-05-31', '2026-06-30'], ())
    """
    return _build(read(store, suite=suite, latest=True), rules or AlertRules.from_env())
