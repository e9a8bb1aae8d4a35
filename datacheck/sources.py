"""Turn a data source into a :class:`polars.LazyFrame` without loading it.

A *source* is a path (a Parquet, Arrow IPC or CSV file, a folder of such files, or a glob), a
``pyarrow.dataset.Dataset``, a ``pyarrow.Table`` or ``RecordBatch``, a Polars ``LazyFrame`` or
``DataFrame``, a pandas ``DataFrame``, or a PostgreSQL table or query (a
``postgresql://...?table=schema.table`` URI, or :func:`postgres`). Files are *scanned*, never
loaded, so the engine can stream over them; but the cheap parts of every file (Parquet footers,
IPC schemas, CSV headers) are read at once, so a missing, empty, corrupt or unreadable file is
reported here, named, as a :class:`~datacheck.errors.SourceError`, and not halfway through a
run. A PostgreSQL source likewise connects and reads its schema at once (see
:mod:`datacheck.sources_postgres`), then streams Arrow batches of only the columns the run
reads.

Sources are read-only: files are only ever opened for reading, and nothing is written next to
them; PostgreSQL sessions are read-only.

Examples
--------
>>> import polars as pl
>>> from datacheck.sources import describe_source, to_lazyframe
>>> df = pl.DataFrame({"id": [1, 2, 3]})
>>> to_lazyframe(df).collect().height
3
>>> describe_source(df)
'polars.DataFrame (3 rows)'
"""

from __future__ import annotations

import codecs
import glob
import gzip
import inspect
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import polars as pl

from datacheck.errors import SourceError, did_you_mean, did_you_mean_vi
from datacheck.sources_postgres import PostgresSource, describe_uri, postgres, uri_from_path

__all__ = [
    "CSV_SUFFIXES",
    "IPC_SUFFIXES",
    "PARQUET_SUFFIXES",
    "PostgresSource",
    "corrupt_file_error",
    "describe_source",
    "known_rows",
    "os_error",
    "postgres",
    "source_files",
    "to_lazyframe",
]

PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")
"""File extensions read as Parquet."""
IPC_SUFFIXES: tuple[str, ...] = (".arrow", ".feather", ".ipc")
"""File extensions read as Arrow IPC (Feather v2)."""
CSV_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
"""File extensions read as CSV (``.tsv`` defaults to a tab separator)."""

_Kind = Literal["parquet", "ipc", "csv", "tsv"]

_KIND_BY_SUFFIX: dict[str, _Kind] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arrow": "ipc",
    ".feather": "ipc",
    ".ipc": "ipc",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "tsv",
    ".tsv.gz": "tsv",
}
_FORMAT_NAME: dict[_Kind, str] = {
    "parquet": "Parquet",
    "ipc": "Arrow IPC",
    "csv": "CSV",
    "tsv": "TSV",
}
_SUPPORTED = ", ".join(_KIND_BY_SUFFIX)
_ACCEPTED_TYPES = (
    "a path (str or os.PathLike), a postgresql:// URI, polars.LazyFrame, polars.DataFrame, "
    "pandas.DataFrame, pyarrow.Table, pyarrow.RecordBatch, pyarrow.dataset.Dataset or "
    "datacheck.sources.postgres(...)"
)
_ACCEPTED_TYPES_VI = (
    "một đường dẫn (str hoặc os.PathLike), một URI postgresql://, polars.LazyFrame, "
    "polars.DataFrame, pandas.DataFrame, pyarrow.Table, pyarrow.RecordBatch, "
    "pyarrow.dataset.Dataset hoặc datacheck.sources.postgres(...)"
)

# What polars may raise while reading; a Rust panic is a BaseException, caught on its own.
_READ_ERRORS: tuple[type[BaseException], ...] = (Exception, pl.exceptions.PanicException)

_HEAD_BYTES = 64 * 1024  # read from the start of a CSV file to check it is text
_PARALLEL_FROM = 8  # validate at least this many files on a thread pool
_MAX_WORKERS = 16
_PARQUET_MAGIC = (b"PAR1", b"PARE")  # plain and encrypted footers
_IPC_FILE_MAGIC = b"ARROW1"
_IPC_STREAM_MAGIC = b"\xff\xff\xff\xff"
_FEATHER_V1_MAGIC = b"FEA1"
_GZIP_MAGIC = b"\x1f\x8b"
_CSV_RESERVED = frozenset({"source", "glob"})


def _csv_parameters() -> frozenset[str]:
    return frozenset(inspect.signature(pl.scan_csv).parameters) - _CSV_RESERVED


@dataclass(frozen=True)
class _Files:
    """Data files found for a path source, ready to scan."""

    kind: _Kind
    files: list[Path]
    scan_target: str | list[str]  # what polars scans: a folder or the list of files
    hive: bool | None  # None: polars decides (folders)


def to_lazyframe(
    source: object, *, csv_options: Mapping[str, object] | None = None
) -> pl.LazyFrame:
    """Turn ``source`` into a :class:`polars.LazyFrame`, validating it cheaply but eagerly.

    Parameters
    ----------
    source
        One of:

        - a path (``str`` or :class:`os.PathLike`, ``~`` expanded) to a Parquet file
          (``.parquet``, ``.pq``), an Arrow IPC file (``.arrow``, ``.feather``, ``.ipc``) or a
          CSV file (``.csv``, ``.tsv``, ``.csv.gz``, ``.tsv.gz``);
        - a path to a folder of such files, searched recursively (files and folders whose name
          starts with ``.`` or ``_`` are skipped; ``key=value`` folders are read as hive
          partitions);
        - a glob such as ``"data/*.parquet"`` or ``"data/**/*.csv"``;
        - a ``pyarrow.dataset.Dataset``, ``pyarrow.Table`` or ``pyarrow.RecordBatch``;
        - a ``polars.LazyFrame`` (returned as is) or ``polars.DataFrame``;
        - a ``pandas.DataFrame`` (a non-default index becomes columns);
        - a PostgreSQL table or query: a URI
          ``postgresql://[user[:password]@]host[:port]/database?table=schema.table`` (or
          ``?query=SELECT ...``), or a :class:`PostgresSource` from :func:`postgres`. Its
          schema is read now; rows stream later, and only the columns the plan selects are
          read (see :mod:`datacheck.sources_postgres`).
    csv_options
        Keyword arguments for :func:`polars.scan_csv` (for example ``{"separator": ";"}``),
        used for CSV files only. ``source`` and ``glob`` are set by datacheck.

    Returns
    -------
    polars.LazyFrame
        A lazy scan of the source; nothing but metadata has been read.

    Raises
    ------
    SourceError
        The source is of an unsupported type or extension, does not exist, matches no file,
        holds no data file, mixes formats or schemas, or a file is empty, corrupt, truncated or
        unreadable; or a PostgreSQL server cannot be reached, refuses the credentials, or has
        no such table. The message (in English and Vietnamese) names the path, or the
        database URI without its password.

    Examples
    --------
    >>> import polars as pl
    >>> lf = to_lazyframe(pl.DataFrame({"id": [1, 2]}))
    >>> lf.collect_schema()
    Schema([('id', Int64)])
    >>> to_lazyframe(42)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    datacheck.errors.SourceError: cannot use builtins.int as a data source; expected a path ...
    """
    options = _check_csv_options(csv_options)
    if isinstance(source, pl.LazyFrame):
        frame = source
    elif isinstance(source, pl.DataFrame | PostgresSource):
        frame = source.lazy()
    elif isinstance(source, str | os.PathLike):
        path = cast("str | os.PathLike[str]", source)
        uri = uri_from_path(path)
        frame = PostgresSource(uri).lazy() if uri is not None else _scan_path(path, options)
    elif _is_pandas_dataframe(source):
        frame = _from_pandas(source)
    elif _is_arrow(source, "Table", "RecordBatch"):
        frame = _from_arrow(source)
    elif _is_arrow(source, "Dataset"):
        frame = pl.scan_pyarrow_dataset(cast("Any", source))
    else:
        name = _type_name(source)
        raise SourceError(
            en=f"cannot use {name} as a data source; expected {_ACCEPTED_TYPES}",
            vi=f"không dùng được {name} làm nguồn dữ liệu; cần {_ACCEPTED_TYPES_VI}",
        )
    _check_schema(frame, describe_source(source))
    return frame


def known_rows(source: object, frame: pl.LazyFrame) -> int | None:
    """How many rows ``source`` has, when that is known without reading its data.

    Parameters
    ----------
    source
        What :func:`to_lazyframe` was given.
    frame
        What it returned.

    Returns
    -------
    int or None
        An in-memory table's length; the row count in the footers of Parquet and Arrow IPC
        files. ``None`` for the rest: CSV files would have to be read, and a ``LazyFrame``, a
        ``pyarrow`` dataset or a PostgreSQL table may cost a query.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"id": [1, 2, 3]})
    >>> known_rows(frame, frame.lazy())
    3
    >>> known_rows(frame.lazy(), frame.lazy()) is None
    True
    """
    if isinstance(source, pl.DataFrame):
        return source.height
    if _is_pandas_dataframe(source):
        return len(cast("Any", source))
    if _is_arrow(source, "Table", "RecordBatch"):
        return int(cast("Any", source).num_rows)
    if isinstance(source, str | os.PathLike) and uri_from_path(source) is None:
        counted = frame.select(pl.len())
        plan = counted.explain()  # the footers' counts: a scan that reads no column
        if ("Parquet SCAN" in plan or "Ipc SCAN" in plan) and "PROJECT 0/" in plan:
            try:
                return int(counted.collect().item())
            except (pl.exceptions.PolarsError, OSError):  # unreadable now: the run will say so
                return None
    return None


def source_files(source: str | os.PathLike[str]) -> list[Path]:
    """The data files a path source reads, found as :func:`to_lazyframe` finds them.

    Only names and file types are looked at: no file is opened. A file gives itself, a
    folder the data files below it (hidden ones skipped), a glob its matching data files,
    a PostgreSQL URI none.

    Parameters
    ----------
    source
        A path, folder or glob (``~`` expanded), or a ``postgresql://`` URI.

    Returns
    -------
    list of pathlib.Path
        The files, as found (not resolved), in the order they are read.

    Raises
    ------
    SourceError
        As :func:`to_lazyframe` does for a missing path, a glob matching no data file, a
        folder holding none, an unsupported extension or mixed formats.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import polars as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.parquet", "a.parquet", "_hidden.parquet"):
    ...     pl.DataFrame({"id": [1]}).write_parquet(folder / name)
    >>> [path.name for path in source_files(folder)]
    ['a.parquet', 'b.parquet']
    >>> source_files("postgresql://db/x?table=t")
    []
    """
    if uri_from_path(source) is not None:
        return []
    return list(_path_files(source).files)


def describe_source(source: object) -> str:
    """Describe ``source`` in a few words, for reports and messages.

    Parameters
    ----------
    source
        Anything :func:`to_lazyframe` accepts (other objects are described by their type).

    Returns
    -------
    str
        The path as given for paths and globs; a PostgreSQL URI without its password;
        otherwise the type, with the row count when it is known without reading data.

    Examples
    --------
    >>> import polars as pl
    >>> describe_source("data/dan_cu.parquet")
    'data/dan_cu.parquet'
    >>> describe_source(pl.DataFrame({"id": [1, 2, 3]}))
    'polars.DataFrame (3 rows)'
    >>> describe_source(pl.LazyFrame({"id": [1]}))
    'polars.LazyFrame'
    >>> describe_source("postgresql://app:s3cret@db:5432/dancu?table=dan_cu")
    'postgresql://app@db:5432/dancu?table=dan_cu'
    """
    if isinstance(source, pl.LazyFrame):
        return "polars.LazyFrame"
    if isinstance(source, pl.DataFrame):
        return f"polars.DataFrame ({_rows(source.height)})"
    if isinstance(source, PostgresSource):
        return source.description
    if isinstance(source, str | os.PathLike):
        path = cast("str | os.PathLike[str]", source)
        uri = uri_from_path(path)
        return describe_uri(uri) if uri is not None else os.fsdecode(os.fspath(path))
    if _is_pandas_dataframe(source):
        return f"pandas.DataFrame ({_rows(len(cast('Any', source)))})"
    for name in ("Table", "RecordBatch"):
        if _is_arrow(source, name):
            return f"pyarrow.{name} ({_rows(cast('Any', source).num_rows)})"
    if _is_arrow(source, "Dataset"):
        return "pyarrow.dataset"
    return _type_name(source)


# --- objects -----------------------------------------------------------------------------------


def _type_name(obj: object) -> str:
    kind = type(obj)
    return f"{kind.__module__}.{kind.__qualname__}"


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


def _has_base(obj: object, package: str, names: Iterable[str]) -> bool:
    """Whether a class of ``obj``'s MRO named one of ``names`` comes from ``package``.

    This detects pandas and pyarrow objects (and subclasses) without importing either.
    """
    wanted = set(names)
    return any(
        (cls.__module__ == package or cls.__module__.startswith(f"{package}."))
        and cls.__name__ in wanted
        for cls in type(obj).__mro__
    )


def _is_pandas_dataframe(obj: object) -> bool:
    return _has_base(obj, "pandas", ["DataFrame"])


def _is_arrow(obj: object, *names: str) -> bool:
    return _has_base(obj, "pyarrow", names)


def _from_pandas(source: object) -> pl.LazyFrame:
    try:
        frame = pl.from_pandas(cast("Any", source), include_index=True)
    except _READ_ERRORS as exc:
        reason = _reason(exc)
        raise SourceError(
            en=f"cannot convert the pandas.DataFrame to Polars: {reason}",
            vi=f"không chuyển được pandas.DataFrame sang Polars: {reason}",
        ) from exc
    return frame.lazy()


def _from_arrow(source: object) -> pl.LazyFrame:
    where = describe_source(source)
    try:
        frame = pl.from_arrow(cast("Any", source))
    except _READ_ERRORS as exc:
        reason = _reason(exc)
        raise SourceError(
            en=f"cannot convert the {where} to Polars: {reason}",
            vi=f"không chuyển được {where} sang Polars: {reason}",
        ) from exc
    if isinstance(frame, pl.Series):  # not reached for tables and batches; keeps mypy exact
        frame = frame.to_frame()
    return frame.lazy()


def _check_schema(frame: pl.LazyFrame, where: str) -> None:
    try:
        frame.collect_schema()
    except _READ_ERRORS as exc:
        reason = _reason(exc)
        raise SourceError(
            en=f"cannot read the schema of {where}: {reason}",
            vi=f"không đọc được lược đồ (schema) của {where}: {reason}",
        ) from exc


def _reason(exc: BaseException) -> str:
    """Return the first line of an exception's message, kept short, for one-line errors."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 300 else f"{text[:297]}..."


# --- csv options -------------------------------------------------------------------------------


def _check_csv_options(options: Mapping[str, object] | None) -> dict[str, Any]:
    if options is None:
        return {}
    known = _csv_parameters()
    for key in options:
        if key in _CSV_RESERVED:
            raise SourceError(
                en=f"the CSV option '{key}' cannot be set: datacheck sets it from the source",
                vi=f"không được đặt tuỳ chọn CSV '{key}': datacheck tự đặt theo nguồn dữ liệu",
            )
        if key not in known:
            raise SourceError(
                en=f"unknown CSV option '{key}'{did_you_mean(key, known)}; "
                "expected a parameter of polars.scan_csv",
                vi=f"tuỳ chọn CSV không hợp lệ '{key}'{did_you_mean_vi(key, known)}; "
                "cần một tham số của polars.scan_csv",
            )
    return dict(options)


def _csv_kwargs(kind: _Kind, options: Mapping[str, Any]) -> dict[str, Any]:
    kwargs = dict(options)
    if kind == "tsv":
        kwargs.setdefault("separator", "\t")
    return kwargs


# --- paths -------------------------------------------------------------------------------------


def _scan_path(raw: str | os.PathLike[str], options: Mapping[str, Any]) -> pl.LazyFrame:
    found = _path_files(raw)
    _validate(found, options)
    return _scan(found, options)


def _path_files(raw: str | os.PathLike[str]) -> _Files:
    """The data files of a path source (a file, a folder or a glob), found but not read."""
    # os.path keeps the text as typed (Path would drop a trailing "/" or collapse "//").
    text = os.path.expanduser(os.fsdecode(os.fspath(raw)))  # noqa: PTH111
    if "://" in text:
        raise SourceError(
            en=f"remote sources are not supported yet: {text}; expected a local file, "
            "folder or glob, or a postgresql:// URI",
            vi=f"chưa hỗ trợ nguồn dữ liệu từ xa: {text}; cần một tệp, thư mục hoặc mẫu glob "
            "cục bộ, hoặc một URI postgresql://",
        )
    path = Path(text)
    try:
        info: os.stat_result | None = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as exc:
        raise os_error(path, exc) from exc
    if info is None:
        if not glob.has_magic(text):
            raise _not_found(path)
        found = _glob_files(text)
    elif stat.S_ISDIR(info.st_mode):
        found = _folder_files(path)
    elif stat.S_ISREG(info.st_mode):
        kind = _kind_of(path)
        if kind is None:
            raise _unknown_extension(path)
        found = _Files(kind, [path], str(path), hive=False)
    else:
        raise _not_regular(path)
    return found


def _scan(found: _Files, options: Mapping[str, Any]) -> pl.LazyFrame:
    target = found.scan_target
    try:
        if found.kind == "parquet":
            return pl.scan_parquet(target, glob=False, hive_partitioning=found.hive)
        if found.kind == "ipc":
            return pl.scan_ipc(target, glob=False, hive_partitioning=found.hive)
        return pl.scan_csv(target, glob=False, **_csv_kwargs(found.kind, options))
    except _READ_ERRORS as exc:
        where = target if isinstance(target, str) else str(found.files[0].parent)
        reason = _reason(exc)
        raise SourceError(
            en=f"cannot scan {where}: {reason}",
            vi=f"không quét được {where}: {reason}",
        ) from exc


def _kind_of(path: Path) -> _Kind | None:
    name = path.name.lower()
    for suffix, kind in _KIND_BY_SUFFIX.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def _suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suffix in _KIND_BY_SUFFIX:
        if name.endswith(suffix) and "." in suffix[1:]:  # compound suffixes first
            return suffix
    return path.suffix.lower()


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _folder_files(folder: Path) -> _Files:
    """Every data file below ``folder`` (recursively, following links, skipping hidden)."""
    data: list[Path] = []
    others: list[Path] = []
    hidden: list[Path] = []
    seen: set[str] = {os.path.realpath(folder)}
    skipped = False  # hidden entries, or a link cycle

    def fail(exc: OSError) -> None:
        raise os_error(Path(exc.filename or folder), exc)

    for root, dirs, files in os.walk(folder, onerror=fail, followlinks=True):
        keep = []
        for name in sorted(dirs):
            real = os.path.realpath(Path(root, name))
            if _hidden(name) or real in seen:
                skipped = True
                if _hidden(name):
                    hidden.append(Path(root, name))
                continue
            seen.add(real)
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if _hidden(name):
                skipped = True
                hidden.append(Path(root, name))
                continue
            path = Path(root, name)
            (data if _kind_of(path) is not None else others).append(path)
    if not data:
        found_en: list[str] = []
        found_vi: list[str] = []
        if others:
            found_en.append(f"found {len(others)} other file(s), e.g. {others[0].name}")
            found_vi.append(f"chỉ có {len(others)} tệp khác, ví dụ {others[0].name}")
        if hidden:
            # a name starting with '.' or '_' marks a temporary or a marker file (Spark's
            # _SUCCESS, a writer's _tmp…): skipped, but said, or the folder looks empty
            found_en.append(
                f"skipped {len(hidden)} hidden file(s) or folder(s) whose names start with '.' "
                f"or '_', e.g. {hidden[0].name}"
            )
            found_vi.append(
                f"đã bỏ qua {len(hidden)} tệp hoặc thư mục ẩn có tên bắt đầu bằng '.' hoặc '_', "
                f"ví dụ {hidden[0].name}"
            )
        what_en = "; ".join(found_en) or "it is empty"
        what_vi = "; ".join(found_vi) or "thư mục trống"
        raise SourceError(
            en=f"no Parquet, Arrow IPC or CSV files in the folder {folder} ({what_en}); "
            f"supported extensions: {_SUPPORTED}",
            vi=f"thư mục {folder} không có tệp Parquet, Arrow IPC hay CSV nào ({what_vi}); "
            f"các đuôi tệp được hỗ trợ: {_SUPPORTED}",
        )
    kind = _single_kind(data, f"the folder {folder}", f"thư mục {folder}", str(folder))
    # Polars reads a folder itself (and roots hive partitions at it) when it holds nothing but
    # files of one extension; otherwise give it the exact list of files validated here (its
    # rules for skipping hidden files differ from ours). Hive columns are then parsed from every
    # key=value folder in the files' paths, including those above the folder.
    if not (others or skipped) and len({_suffix_of(p) for p in data}) == 1:
        return _Files(kind, data, str(folder), hive=None)
    return _Files(kind, data, [str(p) for p in data], hive=_has_hive_dirs(data, folder))


def _glob_files(pattern: str) -> _Files:
    # Path.glob takes relative patterns only; glob.glob takes any path the user may type.
    matches = [Path(m) for m in sorted(glob.glob(pattern, recursive=True))]  # noqa: PTH207
    files = [m for m in matches if m.is_file() and not _hidden(m.name)]
    data = [p for p in files if _kind_of(p) is not None]
    if not files:
        folders = sum(1 for m in matches if m.is_dir())
        en_hint = f" ({folders} folder(s) match; add '/**/*.parquet' to read their files)"
        vi_hint = f" ({folders} thư mục khớp; thêm '/**/*.parquet' để đọc các tệp bên trong)"
        raise SourceError(
            en=f"no files match the pattern {pattern}{en_hint if folders else ''}",
            vi=f"không có tệp nào khớp với mẫu {pattern}{vi_hint if folders else ''}",
        )
    if not data:
        raise SourceError(
            en=f"the pattern {pattern} matches {len(files)} file(s) but no Parquet, Arrow IPC or "
            f"CSV file (e.g. {files[0].name}); supported extensions: {_SUPPORTED}",
            vi=f"mẫu {pattern} khớp {len(files)} tệp nhưng không có tệp Parquet, Arrow IPC hay "
            f"CSV nào (ví dụ {files[0].name}); các đuôi tệp được hỗ trợ: {_SUPPORTED}",
        )
    root = _glob_root(pattern)
    kind = _single_kind(data, f"the pattern {pattern}", f"mẫu {pattern}", str(root))
    return _Files(kind, data, [str(p) for p in data], hive=_has_hive_dirs(data, root))


def _glob_root(pattern: str) -> Path:
    """Return the folder a glob starts from: its leading parts without wildcards."""
    parts = Path(pattern).parts
    literal: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        literal.append(part)
    return Path(*literal) if literal else Path()


def _has_hive_dirs(files: Sequence[Path], root: Path) -> bool:
    """Whether any file lies below a ``key=value`` folder under ``root``."""
    for path in files:
        try:
            parts = path.parent.relative_to(root).parts
        except ValueError:
            parts = path.parent.parts
        if any("=" in part for part in parts):
            return True
    return False


def _single_kind(data: Sequence[Path], where_en: str, where_vi: str, base: str) -> _Kind:
    counts: dict[_Kind, int] = {}
    for path in data:
        kind = _kind_of(path)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    if len(counts) == 1:
        return next(iter(counts))
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    listed = ", ".join(f"{n} {_FORMAT_NAME[k]}" for k, n in ranked)
    first = ranked[0][0]
    suffix = next(s for s, k in _KIND_BY_SUFFIX.items() if k == first)
    example = str(Path(base, "**", f"*{suffix}"))
    raise SourceError(
        en=f"{where_en} mixes file formats ({listed}); expected one format: select it with a "
        f"glob such as '{example}'",
        vi=f"{where_vi} chứa nhiều định dạng tệp ({listed}); cần một định dạng duy nhất: hãy "
        f"chọn bằng mẫu glob, ví dụ '{example}'",
    )


# --- validation --------------------------------------------------------------------------------


def _validate(found: _Files, options: Mapping[str, Any]) -> None:
    """Read every file's metadata; check the files agree on their columns."""

    def check(path: Path) -> pl.Schema | SourceError:
        try:
            return _check_file(path, found.kind, options)
        except SourceError as exc:
            return exc

    files = found.files
    if len(files) >= _PARALLEL_FROM:
        with ThreadPoolExecutor(max_workers=min(_MAX_WORKERS, len(files))) as pool:
            results = list(pool.map(check, files))
    else:
        results = [check(path) for path in files]
    schemas: list[pl.Schema] = []
    for result in results:
        if isinstance(result, SourceError):
            raise result
        schemas.append(result)
    by_name = found.kind in ("csv", "tsv")
    for path, schema in zip(files[1:], schemas[1:], strict=True):
        _check_same_columns(path, schema, files[0], schemas[0], by_name=by_name)


def _check_file(path: Path, kind: _Kind, options: Mapping[str, Any]) -> pl.Schema:
    head = _read_head(path, kind)
    fmt = _FORMAT_NAME[kind]
    if kind == "parquet":
        if head[:4] not in _PARQUET_MAGIC:
            raise corrupt_file_error(
                path, fmt, "it does not start with 'PAR1'", "tệp không bắt đầu bằng 'PAR1'"
            )
        return _read_schema(path, fmt, lambda: pl.scan_parquet(path, glob=False))
    if kind == "ipc":
        if head.startswith(_IPC_STREAM_MAGIC):
            raise SourceError(
                en=f"{path} is an Arrow IPC stream, but only the Arrow IPC file format can be "
                "scanned; convert it once with polars.read_ipc_stream(path).write_ipc(new_path)",
                vi=f"{path} là một luồng Arrow IPC (stream), nhưng chỉ quét được định dạng tệp "
                "Arrow IPC; hãy chuyển đổi một lần bằng "
                "polars.read_ipc_stream(path).write_ipc(new_path)",
            )
        if head.startswith(_FEATHER_V1_MAGIC):
            raise corrupt_file_error(
                path,
                fmt,
                "it is a Feather v1 file (not supported)",
                "đây là tệp Feather v1 (không hỗ trợ)",
            )
        if not head.startswith(_IPC_FILE_MAGIC):
            raise corrupt_file_error(
                path, fmt, "it does not start with 'ARROW1'", "tệp không bắt đầu bằng 'ARROW1'"
            )
        return _read_schema(path, fmt, lambda: pl.scan_ipc(path, glob=False))
    _check_text(path, head, options)
    kwargs = _csv_kwargs(kind, options)
    return _read_schema(path, fmt, lambda: pl.scan_csv(path, glob=False, **kwargs))


def _read_head(path: Path, kind: _Kind) -> bytes:
    """Check ``path`` is a non-empty regular file we may read; return its first bytes."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path)
        if info.st_size == 0:
            fmt = _FORMAT_NAME[kind]
            raise SourceError(
                en=f"{path} is empty (0 bytes); expected a {fmt} file",
                vi=f"tệp {path} rỗng (0 byte); cần một tệp {fmt}",
            )
        with path.open("rb") as handle:
            # the magic bytes of binary formats; enough of a CSV file to tell it is text
            head = handle.read(8 if kind in ("parquet", "ipc") else _HEAD_BYTES)
            if head.startswith(_GZIP_MAGIC) and path.name.lower().endswith(".gz"):
                handle.seek(0)
                with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                    head = unzipped.read(_HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, gzip.BadGzipFile | EOFError | zlib.error):
            raise corrupt_file_error(path, "gzip", _reason(exc)) from exc
        raise os_error(path, exc) from exc
    return head


def _check_text(path: Path, head: bytes, options: Mapping[str, Any]) -> None:
    if b"\x00" in head:
        raise corrupt_file_error(
            path,
            "CSV",
            "it contains NUL bytes (binary data?)",
            "tệp chứa byte NUL (dữ liệu nhị phân?)",
        )
    if options.get("encoding", "utf8") != "utf8":
        return
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise SourceError(
            en=f"{path} is not valid UTF-8 near byte {exc.start}; expected a UTF-8 CSV file: "
            "save it again as UTF-8 (e.g. 'CSV UTF-8' in Excel, or `iconv -f CP1258 -t UTF-8`); "
            "from Python, csv_options={'encoding': 'utf8-lossy'} reads it with the bad bytes "
            "replaced",
            vi=f"{path} không phải UTF-8 hợp lệ gần byte {exc.start}; cần tệp CSV mã UTF-8: hãy "
            "lưu lại dưới dạng UTF-8 (vd. 'CSV UTF-8' trong Excel, hoặc `iconv -f CP1258 -t "
            "UTF-8`); trong Python, csv_options={'encoding': 'utf8-lossy'} đọc được tệp, thay "
            "các byte lỗi",
        ) from exc


def _read_schema(path: Path, fmt: str, scan: Callable[[], pl.LazyFrame]) -> pl.Schema:
    try:
        return scan().collect_schema()
    except _READ_ERRORS as exc:
        if isinstance(exc, OSError):
            raise os_error(path, exc) from exc
        raise corrupt_file_error(path, fmt, _reason(exc)) from exc


def _check_same_columns(
    path: Path, schema: pl.Schema, first: Path, expected: pl.Schema, *, by_name: bool
) -> None:
    """Raise if ``path``'s columns differ from ``first``'s (for CSV: names, in order)."""
    missing = [name for name in expected if name not in schema]
    extra = [name for name in schema if name not in expected]
    en: list[str] = []
    vi: list[str] = []
    if missing:
        en.append(f"missing {_names(missing)}")
        vi.append(f"thiếu {_names(missing)}")
    if extra:
        en.append(f"extra {_names(extra)}")
        vi.append(f"thừa {_names(extra)}")
    if by_name:
        if not en and list(schema) != list(expected):
            en.append("the columns are in a different order")
            vi.append("các cột theo thứ tự khác")
    else:
        for name, dtype in schema.items():
            if name in expected and dtype != expected[name]:
                en.append(f"{name} is {dtype}, not {expected[name]}")
                vi.append(f"{name} có kiểu {dtype} thay vì {expected[name]}")
    if en:
        raise SourceError(
            en=f"{path} does not match the columns of {first}: {'; '.join(en[:5])}; "
            "expected every file to have the same columns and types",
            vi=f"{path} không khớp với các cột của {first}: {'; '.join(vi[:5])}; "
            "mọi tệp cần có cùng các cột và kiểu dữ liệu",
        )


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:5])
    return shown if len(names) <= 5 else f"{shown}, … (+{len(names) - 5})"


# --- errors ------------------------------------------------------------------------------------


def _not_found(path: Path) -> SourceError:
    """No file at ``path``: say which folder is missing and suggest a close name."""
    missing = path
    parent = path.parent
    while parent != missing and not parent.exists():
        missing, parent = parent, parent.parent
    try:
        siblings = [entry.name for entry in os.scandir(parent)] if parent.is_dir() else []
    except OSError:
        siblings = []
    hint_en = did_you_mean(missing.name, siblings)
    hint_vi = did_you_mean_vi(missing.name, siblings)
    if missing != path:
        return SourceError(
            en=f"source not found: no file or folder at {path} (the folder {missing} does not "
            f"exist){hint_en}",
            vi=f"không tìm thấy nguồn dữ liệu: không có tệp hay thư mục nào tại {path} (thư mục "
            f"{missing} không tồn tại){hint_vi}",
        )
    return SourceError(
        en=f"source not found: no file or folder at {path}{hint_en}",
        vi=f"không tìm thấy nguồn dữ liệu: không có tệp hay thư mục nào tại {path}{hint_vi}",
    )


def _unknown_extension(path: Path) -> SourceError:
    ext = _suffix_of(path)
    sniffed = _sniff(path)
    hint_en = hint_vi = ""
    if sniffed is not None:
        hint_en = f" (its content looks like {sniffed[0]}: rename it to {sniffed[1]})"
        hint_vi = f" (nội dung có vẻ là {sniffed[0]}: hãy đổi đuôi thành {sniffed[1]})"
    if not ext:
        return SourceError(
            en=f"{path} has no file extension; expected one of: {_SUPPORTED}{hint_en}",
            vi=f"{path} không có đuôi tệp; cần một trong các đuôi: {_SUPPORTED}{hint_vi}",
        )
    return SourceError(
        en=f"unsupported file type '{ext}' for {path}; expected one of: {_SUPPORTED}{hint_en}",
        vi=f"không hỗ trợ loại tệp '{ext}' của {path}; cần một trong các đuôi: "
        f"{_SUPPORTED}{hint_vi}",
    )


def _sniff(path: Path) -> tuple[str, str] | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return None
    if head[:4] in _PARQUET_MAGIC:
        return ("Parquet", ".parquet")
    if head.startswith(_IPC_FILE_MAGIC):
        return ("Arrow IPC", ".arrow")
    return None


def _not_regular(path: Path) -> SourceError:
    return SourceError(
        en=f"{path} is not a regular file or folder; expected a data file, a folder or a glob",
        vi=f"{path} không phải là tệp hay thư mục thông thường; cần một tệp dữ liệu, thư mục "
        "hoặc mẫu glob",
    )


def os_error(path: Path, exc: OSError) -> SourceError:
    """The bad-input error for a file the system could not read (named, with the reason)."""
    if isinstance(exc, PermissionError):
        return SourceError(
            en=f"permission denied: cannot read {path}",
            vi=f"không có quyền đọc {path}",
        )
    reason = _reason(exc)
    return SourceError(en=f"cannot read {path}: {reason}", vi=f"không đọc được {path}: {reason}")


def corrupt_file_error(
    path: Path, fmt: str, reason_en: str, reason_vi: str | None = None
) -> SourceError:
    """The bad-input error for a data file that is not valid ``fmt`` (corrupt or truncated)."""
    return SourceError(
        en=f"{path} is not a valid {fmt} file (corrupt or truncated?): {reason_en}",
        vi=f"{path} không phải là tệp {fmt} hợp lệ (bị hỏng hoặc bị cắt cụt?): "
        f"{reason_vi if reason_vi is not None else reason_en}",
    )
