"""PostgreSQL tables and queries as lazy sources, read as Arrow in batches through ADBC.

A PostgreSQL source is a URI: ``postgresql://[user[:password]@][host][:port][/database]``
with ``?table=schema.table`` or ``?query=SELECT ...`` (``postgres://`` works too), or the object
:func:`postgres` builds. It becomes a :class:`polars.LazyFrame` whose scan is a Polars IO
plugin, so Polars' optimiser pushes the run's **column projection** into the SQL (only the
columns the suite's checks read are selected) and a **row limit** (``head``) into a
``LIMIT``. Rows stream from the server in Arrow record batches (ADBC's PostgreSQL driver
reads ``COPY ... TO STDOUT (FORMAT binary)``), into the same one-pass plan as files.

Credentials come from the URI, from libpq's environment (``PGPASSWORD``, ``PGUSER``,
``PGHOST``, ``PGPORT``, ``PGDATABASE``, ``PGSERVICE``, ``PGSSLMODE``, …) or from a password
file (``~/.pgpass`` or ``PGPASSFILE``): the driver is libpq itself. A password is never
shown: the description of a source (:attr:`PostgresSource.description`, used in results,
reports and messages) leaves it out, and every error message is scrubbed of it.

The connection is read-only: each session sets ``default_transaction_read_only``, so even
a ``query=`` calling a function that writes is refused by the server. Sequential scans are
not synchronised and parallel workers are off in the session, so rows come in the same
order on every read (the first failing records shown as samples are reproducible).

The driver is an optional dependency: ``pip install 'datacheck[postgres]'``.

Examples
--------
>>> src = postgres("postgresql://app:s3cret@db.example:5432/dancu", table="public.dan_cu")
>>> src.description
'postgresql://app@db.example:5432/dancu?table=public.dan_cu'
>>> src
PostgresSource('postgresql://app@db.example:5432/dancu?table=public.dan_cu')
>>> is_postgres_uri("postgres://db.example/dancu?query=SELECT 1")
True
>>> describe_uri("postgresql://app:s3cret@db.example/dancu?query=SELECT%20id%20FROM%20t")
'postgresql://app@db.example/dancu?query=SELECT id FROM t'
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote, unquote

import polars as pl

from datacheck.errors import SourceError, did_you_mean, did_you_mean_vi

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "PostgresSource",
    "describe_uri",
    "is_postgres_uri",
    "postgres",
    "uri_from_path",
]

_LOG = logging.getLogger("datacheck.sources")

_SCHEMES: Final = ("postgresql", "postgres")
_SCHEME = re.compile(r"^(?P<scheme>postgres(?:ql)?)://", re.I)
# a path that was once a URI: pathlib collapses "//" (and a suite may prefix its folder)
_MANGLED = re.compile(r"(?:^|[/\\])(?P<scheme>postgres(?:ql)?):[/\\]+(?P<rest>.*)$", re.S | re.I)
_SECRET_PARAMS: Final = frozenset({"password", "sslpassword"})
_OWN_PARAMS: Final = ("table", "query")
_SUBQUERY_ALIAS: Final = "datacheck_query"
_INSTALL_HINT_EN: Final = "install the driver: pip install 'datacheck[postgres]'"
_INSTALL_HINT_VI: Final = "hãy cài trình điều khiển: pip install 'datacheck[postgres]'"
# one round trip when a session starts: read-only, and rows in a stable order
_SESSION_SQL: Final = (
    "SELECT set_config('default_transaction_read_only', 'on', false), "
    "set_config('synchronize_seqscans', 'off', false), "
    "set_config('max_parallel_workers_per_gather', '0', false)"
)
_TABLES_SQL: Final = (
    "SELECT table_schema, table_name FROM information_schema.tables "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
    "ORDER BY table_schema, table_name"
)
_MAX_DECIMAL_PRECISION: Final = 38  # Polars' Decimal holds up to 38 digits

# PostgreSQL's +/-infinity dates and timestamps arrive from the driver as these raw values
# (its sentinels shifted from the 2000 to the 1970 epoch, wrapping around); they are read as
# the largest and smallest values Python's date/datetime hold.
_DATE_INFINITY: Final = (-2_147_472_692, -2_147_472_691)
_TIMESTAMP_INFINITY: Final = (-9_222_425_352_054_775_809, -9_222_425_352_054_775_808)
_DATE_BOUNDS: Final = (date.max, date.min)
_DATETIME_BOUNDS: Final = (datetime.max, datetime.min)

# types read as text in SQL: Polars has no faithful equivalent (or the driver's is opaque)
_AS_TEXT: Final = frozenset({"uuid", "interval", "inet", "cidr", "macaddr", "macaddr8", "xml"})

_Parse = Literal["none", "decimal", "float", "date", "datetime"]


def is_postgres_uri(text: str) -> bool:
    """Whether ``text`` is a ``postgresql://`` or ``postgres://`` URI.

    Examples
    --------
    >>> is_postgres_uri("postgresql://localhost/db?table=t"), is_postgres_uri("data.parquet")
    (True, False)
    """
    return text[:13].lower().startswith(tuple(f"{s}://" for s in _SCHEMES))


def uri_from_path(path: str | os.PathLike[str]) -> str | None:
    """Recover a PostgreSQL URI from a path object that was built from one, else ``None``.

    ``pathlib`` collapses the ``//`` of ``postgresql://host/db`` and a suite resolves a
    relative path against its folder; this undoes both, so a URI in a suite's ``source:``
    or ``references:`` still reaches the database. The empty-host form
    (``postgresql:///db``) cannot be told apart from ``postgresql://db`` once collapsed:
    pass such URIs as strings.

    Examples
    --------
    >>> from pathlib import Path
    >>> uri_from_path(Path("suites") / "postgresql://app@db:5432/dancu?table=dan_cu")
    'postgresql://app@db:5432/dancu?table=dan_cu'
    >>> uri_from_path(Path("data/dan_cu.parquet")) is None
    True
    """
    text = os.fspath(path)
    if isinstance(path, str) and is_postgres_uri(text):
        return text
    match = _MANGLED.search(text)
    if match is None or not isinstance(path, PurePath):
        return None
    return f"{match['scheme']}://{match['rest']}"


def describe_uri(uri: str) -> str:
    """The URI with its password (and any secret parameter) left out.

    Examples
    --------
    >>> describe_uri("postgresql://app:pw@db/x?sslmode=require&password=pw&table=t")
    'postgresql://app@db/x?sslmode=require&table=t'
    """
    try:
        return _Uri.parse(uri).description
    except SourceError:  # not ours: show no more than its scheme (it may hold a password)
        scheme, sep, _ = uri.partition("://")
        return f"{scheme}://…" if sep else "(not a URI)"


# --- URIs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Uri:
    """A parsed PostgreSQL URI, as given (percent-encoded parts kept for libpq)."""

    scheme: str
    userinfo: str | None  # "user" or "user:password", encoded
    hosts: str  # "host:port", "h1:p1,h2:p2", "[::1]:5432" or ""
    path: str  # "/database" (encoded) or ""
    params: tuple[tuple[str, str], ...]  # raw (key, value) pairs, table/query excluded
    table: str | None
    query: str | None

    @classmethod
    def parse(cls, uri: str) -> _Uri:
        """Split ``uri`` (no check of ``table``/``query``: see :meth:`with_target`)."""
        text = uri.strip()
        match = _SCHEME.match(text)
        if match is None:
            raise SourceError(
                en="not a PostgreSQL URI; expected "
                "postgresql://[user@]host[:port]/database?table=schema.table",
                vi="không phải URI PostgreSQL; cần "
                "postgresql://[user@]host[:port]/database?table=schema.table",
            )
        rest, _, query_string = text[match.end() :].partition("?")
        # the user info ends at the LAST "@" before the query: a password written without
        # percent-encoding ("/", ":" or "@" in it) still stays out of host, path and messages
        userinfo, at, location = rest.rpartition("@")
        hosts, slash, database = location.partition("/")
        params: list[tuple[str, str]] = []
        own: dict[str, str] = {}
        for item in query_string.split("&"):
            if not item:
                continue
            key, _, value = item.partition("=")
            if unquote(key) in _OWN_PARAMS:
                own[unquote(key)] = unquote(value)
            else:
                params.append((key, value))
        return cls(
            scheme=match["scheme"].lower(),
            userinfo=userinfo if at else None,
            hosts=hosts,
            path=f"{slash}{database}",
            params=tuple(params),
            table=own.get("table"),
            query=own.get("query"),
        )

    def with_target(self, *, table: str | None, query: str | None) -> _Uri:
        """Apply the ``table=``/``query=`` given as arguments; exactly one must remain."""
        where = _Uri(self.scheme, self.userinfo, self.hosts, self.path, self.params, None, None)
        for key, given, in_uri in (("table", table, self.table), ("query", query, self.query)):
            if given is not None and in_uri is not None and given != in_uri:
                raise SourceError(
                    en=f"{where.description}: '{key}' is given twice, in the URI and as an "
                    "argument, with different values; give it once",
                    vi=f"{where.description}: '{key}' được chỉ định hai lần (trong URI và làm "
                    "tham số) với giá trị khác nhau; hãy chỉ định một lần",
                )
        table = table if table is not None else self.table
        query = query if query is not None else self.query
        if (table is None) == (query is None):
            twice = table is not None
            what_en = "give either table= or query=, not both" if twice else "no table to read"
            what_vi = "chỉ dùng table= hoặc query=, không dùng cả hai" if twice else "thiếu bảng"
            raise SourceError(
                en=f"{where.description}: {what_en}; expected ?table=schema.table or "
                "?query=SELECT ...",
                vi=f"{where.description}: {what_vi}; cần ?table=schema.table hoặc "
                "?query=SELECT ...",
            )
        if table is not None and not table.strip():
            raise SourceError(
                en=f"{where.description}: table= is empty; expected ?table=schema.table",
                vi=f"{where.description}: table= rỗng; cần ?table=schema.table",
            )
        if query is not None and not _strip_query(query):
            raise SourceError(
                en=f"{where.description}: query= is empty; expected ?query=SELECT ...",
                vi=f"{where.description}: query= rỗng; cần ?query=SELECT ...",
            )
        return _Uri(self.scheme, self.userinfo, self.hosts, self.path, self.params, table, query)

    @property
    def user(self) -> str | None:
        if self.userinfo is None:
            return None
        return unquote(self.userinfo.partition(":")[0]) or None

    @property
    def passwords(self) -> list[str]:
        """Every password this URI carries (decoded and as written), to scrub from text."""
        found: list[str] = []
        if self.userinfo is not None and ":" in self.userinfo:
            raw = self.userinfo.partition(":")[2]
            found += [raw, unquote(raw)]
        for key, value in self.params:
            if unquote(key) in _SECRET_PARAMS and value:
                found += [value, unquote(value)]
        return [p for p in dict.fromkeys(found) if p]

    @property
    def database(self) -> str | None:
        return unquote(self.path.lstrip("/")) or None

    @property
    def connection_uri(self) -> str:
        """What libpq is given: the URI less ``table``/``query``, plus an application name."""
        auth = ""
        if self.userinfo is not None:  # re-encoded: libpq wants "/", ":", "@" … encoded
            user, colon, password = self.userinfo.partition(":")
            auth = quote(unquote(user), safe="")
            if colon:
                auth += ":" + quote(unquote(password), safe="")
            auth += "@"
        params = [f"{k}={v}" for k, v in self.params]
        if not any(
            unquote(k) in ("application_name", "fallback_application_name") for k, _ in self.params
        ):
            params.append("fallback_application_name=datacheck")
        return f"{self.scheme}://{auth}{self.hosts}{self.path}?{'&'.join(params)}"

    @property
    def description(self) -> str:
        """The URI without password, for reports and messages (table and query decoded)."""
        user = self.user
        auth = f"{quote(user, safe='')}@" if user else ""
        params = [f"{k}={v}" for k, v in self.params if unquote(k) not in _SECRET_PARAMS]
        if self.table is not None:
            params.append(f"table={self.table}")
        if self.query is not None:
            params.append(f"query={' '.join(self.query.split())}")
        tail = f"?{'&'.join(params)}" if params else ""
        return f"{self.scheme}://{auth}{self.hosts}{self.path}{tail}"


def _strip_query(query: str) -> str:
    return query.strip().rstrip(";").strip()


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _split_table(table: str, where: str) -> list[str]:
    """``schema.table`` → its parts, SQL style: unquoted parts fold to lower case."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    was_quoted = False
    i = 0
    text = table.strip()
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"' and text[i + 1 : i + 2] == '"':
                current.append('"')
                i += 1
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"':
            quoted = was_quoted = True
        elif char == ".":
            parts.append("".join(current) if was_quoted else "".join(current).strip().lower())
            current, was_quoted = [], False
        else:
            current.append(char)
        i += 1
    parts.append("".join(current) if was_quoted else "".join(current).strip().lower())
    if quoted or not 1 <= len(parts) <= 3 or not all(parts):
        raise SourceError(
            en=f"{where}: cannot read the table name {table!r}; expected table, schema.table "
            'or "Quoted Schema"."Quoted Table"',
            vi=f"{where}: tên bảng {table!r} không hợp lệ; cần table, schema.table hoặc "
            '"Quoted Schema"."Quoted Table"',
        )
    return parts


# --- columns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One column: how it is selected in SQL and turned into its Polars type."""

    name: str
    sql: str
    dtype: pl.DataType
    parse: _Parse = "none"

    def expr(self) -> pl.Expr:
        col = pl.col(self.name)
        if self.parse == "decimal":
            col = pl.when(col.is_in(["NaN", "nan"])).then(None).otherwise(col)
        elif self.parse in ("date", "datetime"):
            physical = col.to_physical()
            high, low = _DATE_BOUNDS if self.parse == "date" else _DATETIME_BOUNDS
            positive, negative = _DATE_INFINITY if self.parse == "date" else _TIMESTAMP_INFINITY
            zone = getattr(self.dtype, "time_zone", None)
            bound_type = pl.Datetime("us", zone) if self.parse == "datetime" else pl.Date
            col = (
                pl.when(physical == positive)
                .then(pl.lit(high, dtype=bound_type))
                .when(physical == negative)
                .then(pl.lit(low, dtype=bound_type))
                .otherwise(col)
            )
        return col.cast(self.dtype).alias(self.name)


def _pg_type(field: pa.Field) -> str:
    metadata = field.metadata or {}
    return bytes(metadata.get(b"POSTGRESQL:type", b"")).decode(errors="replace")


def _typmod(field: pa.Field) -> int:
    metadata = field.metadata or {}
    try:
        return int(metadata.get(b"POSTGRESQL:typmod", b"-1"))
    except ValueError:
        return -1


def _has_extension(kind: pa.DataType) -> bool:
    import pyarrow as pa  # noqa: PLC0415 (pyarrow only when PostgreSQL is used)

    if isinstance(kind, pa.BaseExtensionType):
        return True
    return any(_has_extension(kind.field(i).type) for i in range(kind.num_fields))


def _polars_type(kind: pa.DataType) -> pl.DataType | None:
    """The Polars type an Arrow type imports as, or ``None`` if Polars cannot import it."""
    import pyarrow as pa  # noqa: PLC0415 (pyarrow only when PostgreSQL is used)

    try:
        frame = pl.from_arrow(pa.table({"c": pa.array([], type=kind)}))
    except Exception:  # noqa: BLE001 (whatever Polars refuses is read as text instead)
        return None
    assert isinstance(frame, pl.DataFrame)
    return frame.schema["c"]


def _numeric_type(typmod: int) -> tuple[pl.DataType, _Parse]:
    """``numeric(p, s)`` → ``Decimal(p, s)`` when Polars holds it, else ``Float64``."""
    if typmod >= 4:
        precision = ((typmod - 4) >> 16) & 0xFFFF
        scale = (((typmod - 4) & 0x7FF) ^ 1024) - 1024
        width = max(precision, scale)
        if scale >= 0 and 0 < width <= _MAX_DECIMAL_PRECISION:
            return pl.Decimal(width, scale), "decimal"
    return pl.Float64(), "float"


def _plan_column(field: pa.Field) -> _Column:
    import pyarrow as pa  # noqa: PLC0415 (pyarrow only when PostgreSQL is used)

    name = field.name
    ident = _quote_identifier(name)
    pg = _pg_type(field)
    kind = field.type
    storage = kind.storage_type if isinstance(kind, pa.BaseExtensionType) else kind
    if pg == "numeric" and pa.types.is_string(storage):
        dtype, parse = _numeric_type(_typmod(field))
        return _Column(name, ident, dtype, parse)
    if pg == "money":
        return _Column(name, f"{ident}::numeric AS {ident}", pl.Float64(), "float")
    if pg in _AS_TEXT or (pa.types.is_binary(storage) and pg != "bytea") or _has_extension(storage):
        return _Column(name, f"{ident}::text AS {ident}", pl.String())
    imported = _polars_type(storage)
    if imported is None:
        return _Column(name, f"{ident}::text AS {ident}", pl.String())
    if pg == "date" and imported == pl.Date:
        return _Column(name, ident, imported, "date")
    if pg in ("timestamp", "timestamptz") and isinstance(imported, pl.Datetime):
        return _Column(name, ident, imported, "datetime")
    return _Column(name, ident, imported)


# --- the driver --------------------------------------------------------------------------------


def _driver() -> ModuleType:
    try:
        return importlib.import_module("adbc_driver_postgresql.dbapi")
    except ImportError:
        raise SourceError(
            en=f"reading PostgreSQL needs the ADBC PostgreSQL driver; {_INSTALL_HINT_EN}",
            vi=f"đọc PostgreSQL cần trình điều khiển ADBC PostgreSQL; {_INSTALL_HINT_VI}",
        ) from None


def _first_line(exc: BaseException) -> str:
    """The driver's message in one line, without its ``IO: [libpq]`` prefix and SQL echo."""
    text = str(exc).split("\nQuery was:", 1)[0]
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("LINE ", "^", "HINT:  ", "Query was"))]
    line = "; ".join(lines[:2]) if lines else type(exc).__name__
    for prefix in ("IO: [libpq] Failed to connect: ", "IO: ", "NOT_FOUND: ", "INVALID_ARGUMENT: "):
        line = line.removeprefix(prefix)
    line = line.removeprefix("Failed to prepare query: ").removeprefix("[libpq] ")
    line = re.sub(r"^Execution error \[\w+\]: ", "", line)
    line = re.sub(r"\. SQLSTATE: \w+$", "", line)
    return line if len(line) <= 300 else f"{line[:297]}..."


def _sqlstate(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state:
        return state
    found = re.search(r"SQLSTATE: (\w{5})", str(exc))
    return found[1] if found else None


# --- the source --------------------------------------------------------------------------------


class PostgresSource:
    """A PostgreSQL table or query, read lazily as Arrow batches (see :func:`postgres`).

    The object holds no connection: each read opens one (and closes it when done). Its
    ``repr`` and :attr:`description` never show a password.
    """

    def __init__(self, uri: str, *, table: str | None = None, query: str | None = None) -> None:
        if not isinstance(uri, str) or not is_postgres_uri(uri):
            shown = describe_uri(uri) if isinstance(uri, str) else type(uri).__name__
            raise SourceError(
                en=f"not a PostgreSQL URI: {shown}; expected "
                "postgresql://[user@]host[:port]/database?table=schema.table",
                vi=f"không phải URI PostgreSQL: {shown}; cần "
                "postgresql://[user@]host[:port]/database?table=schema.table",
            )
        self._uri = _Uri.parse(uri).with_target(table=table, query=query)
        self._secrets = self._uri.passwords
        self._queries: list[str] = []
        self._lock = threading.Lock()
        self._columns: list[_Column] | None = None
        self._parts: list[str] = []
        if self._uri.table is not None:
            self._parts = _split_table(self._uri.table, self.description)

    # ------------------------------------------------------------------ description

    @property
    def description(self) -> str:
        """The URI with the password left out (for results, reports and messages)."""
        return self._uri.description

    @property
    def table(self) -> str | None:
        """The table read (as given), or ``None`` for a query."""
        return self._uri.table

    @property
    def query(self) -> str | None:
        """The query read, or ``None`` for a table."""
        return self._uri.query

    @property
    def queries(self) -> tuple[str, ...]:
        """The ``SELECT`` statements this source has sent to read data, oldest first."""
        with self._lock:
            return tuple(self._queries)

    def __repr__(self) -> str:
        return f"PostgresSource({self.description!r})"

    def __str__(self) -> str:
        return self.description

    # ------------------------------------------------------------------ SQL

    def _relation(self) -> str:
        if self._uri.table is not None:
            return ".".join(_quote_identifier(p) for p in self._parts)
        query = _strip_query(self._uri.query or "")
        end = "\n)" if "--" in query else ")"  # a trailing comment must not swallow the ")"
        return f"({query}{end} AS {_quote_identifier(_SUBQUERY_ALIAS)}"

    def sql(self, columns: Sequence[str] | None = None, limit: int | None = None) -> str:
        """The ``SELECT`` reading ``columns`` (default all), at most ``limit`` rows.

        Examples
        --------
        >>> src = postgres("postgresql://db/x", table='sales."Orders"')
        >>> src.sql(["id", "Total"], limit=5)
        'SELECT "id", "Total" FROM "sales"."Orders" LIMIT 5'
        >>> postgres("postgresql://db/x", query="SELECT a, b FROM t;").sql(["b"])
        'SELECT "b" FROM (SELECT a, b FROM t) AS "datacheck_query"'
        """
        planned = {c.name: c for c in self._columns or []}
        if columns is None:
            return self._select(None, limit)
        return self._select(
            [planned[c].sql if c in planned else _quote_identifier(c) for c in columns], limit
        )

    def _select(self, items: list[str] | None, limit: int | None) -> str:
        select = "*" if items is None else ", ".join(items)
        # identifiers are quoted; a query= is the user's own SQL, run in a read-only session
        text = f"SELECT {select} FROM {self._relation()}"  # noqa: S608
        return text if limit is None else f"{text} LIMIT {int(limit)}"

    # ------------------------------------------------------------------ errors

    def _scrub(self, text: str) -> str:
        secrets = [*self._secrets]
        env = os.environ.get("PGPASSWORD")
        if env:
            secrets.append(env)
        for secret in sorted(secrets, key=len, reverse=True):
            if len(secret) >= 4:
                text = text.replace(secret, "****")
            else:
                text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", "****", text)
        return text

    def _error(self, en: str, vi: str) -> SourceError:
        return SourceError(en=self._scrub(en), vi=self._scrub(vi))

    def _connect_error(self, exc: BaseException) -> SourceError:
        reason = _first_line(exc)
        hint_en = hint_vi = ""
        lowered = reason.lower()
        if "password" in lowered or "authentication" in lowered:
            hint_en = "; give the password in the URI, in PGPASSWORD or in ~/.pgpass (PGPASSFILE)"
            hint_vi = (
                "; hãy cung cấp mật khẩu trong URI, biến PGPASSWORD hoặc ~/.pgpass (PGPASSFILE)"
            )
        where_en = where_vi = ""
        if not self._uri.hosts:  # the host came from PGHOST, or libpq's default socket
            where_en = " (host from PGHOST or the local socket)"
            where_vi = " (máy chủ lấy từ PGHOST hoặc socket cục bộ)"
        return self._error(
            en=f"cannot connect to PostgreSQL for {self.description}{where_en}: {reason}{hint_en}",
            vi=f"không kết nối được PostgreSQL cho {self.description}{where_vi}: {reason}{hint_vi}",
        )

    def _read_error(self, exc: BaseException, conn: Any) -> SourceError:
        reason = _first_line(exc)
        if self._uri.table is not None and _sqlstate(exc) == "42P01":
            wanted = ".".join(self._parts)
            known = self._tables(conn)
            hint_en = did_you_mean(wanted, known) or did_you_mean(self._parts[-1], known)
            hint_vi = did_you_mean_vi(wanted, known) or did_you_mean_vi(self._parts[-1], known)
            database = self._uri.database or "(default)"
            return self._error(
                en=f"PostgreSQL table {wanted} not found in database {database} "
                f"({self.description}){hint_en}",
                vi=f"không tìm thấy bảng PostgreSQL {wanted} trong cơ sở dữ liệu {database} "
                f"({self.description}){hint_vi}",
            )
        what_en = "table" if self._uri.table is not None else "query"
        what_vi = "bảng" if self._uri.table is not None else "truy vấn"
        return self._error(
            en=f"cannot read the PostgreSQL {what_en} {self.description}: {reason}",
            vi=f"không đọc được {what_vi} PostgreSQL {self.description}: {reason}",
        )

    def _tables(self, conn: Any) -> list[str]:
        try:
            with conn.cursor() as cursor:
                cursor.execute(_TABLES_SQL)
                rows = cursor.fetchall()
        except Exception:  # noqa: BLE001 (only a hint: no list, no hint)
            return []
        return [name for schema, table in rows for name in (f"{schema}.{table}", table)]

    # ------------------------------------------------------------------ reading

    def _connect(self) -> Any:
        driver = _driver()
        try:
            conn = driver.connect(self._uri.connection_uri, autocommit=True)
        except Exception as exc:  # noqa: BLE001 (the driver's errors vary: all become one)
            raise self._connect_error(exc) from None
        try:
            with conn.cursor() as cursor:
                cursor.execute(_SESSION_SQL)
                cursor.fetchall()
        except Exception as exc:  # noqa: BLE001
            conn.close()
            raise self._connect_error(exc) from None
        return conn

    def _fetch_schema(self) -> list[_Column]:
        conn = self._connect()
        try:
            with conn.cursor() as cursor:
                try:  # executed (LIMIT 0), so privileges are checked now, not mid-run
                    cursor.execute(self.sql(limit=0))
                    arrow_schema = cursor.fetch_arrow_table().schema
                except Exception as exc:  # noqa: BLE001
                    raise self._read_error(exc, conn) from None
        finally:
            conn.close()
        names = [field.name for field in arrow_schema]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            shown = ", ".join(duplicated)
            raise self._error(
                en=f"{self.description} returns several columns named {shown}; "
                "give each column its own name (AS ...)",
                vi=f"{self.description} trả về nhiều cột cùng tên {shown}; hãy đặt tên riêng "
                "cho từng cột (AS ...)",
            )
        if not names:
            raise self._error(
                en=f"{self.description} has no columns",
                vi=f"{self.description} không có cột nào",
            )
        return [_plan_column(field) for field in arrow_schema]

    def schema(self) -> pl.Schema:
        """Connect and return the Polars schema the source reads as (no rows are read).

        Raises
        ------
        SourceError
            The driver is missing, the server is unreachable, authentication fails, the table
            does not exist or the query is invalid. The message names host, database and
            table or query, never the password.
        """
        self._columns = self._fetch_schema()
        return pl.Schema({c.name: c.dtype for c in self._columns})

    def lazy(self) -> pl.LazyFrame:
        """A lazy scan of the source; its schema is read now (see :meth:`schema`).

        Projections (``select``) and row limits (``head``) of the plan are pushed into the SQL.
        """
        schema = self.schema()
        columns = {c.name: c for c in self._columns or []}
        order = list(columns)

        def scan(
            with_columns: list[str] | None,
            predicate: pl.Expr | None,
            n_rows: int | None,
            batch_size: int | None,  # noqa: ARG001 (the driver sizes its own batches)
        ) -> Iterator[pl.DataFrame]:
            wanted = [columns[n] for n in (order if with_columns is None else with_columns)]
            if not wanted:  # nothing to read but the row count: read the narrowest column
                wanted = [columns[order[0]]]
            yield from self._read(wanted, predicate, n_rows)

        return pl.io.plugins.register_io_source(
            scan,
            schema=schema,
            is_pure=True,
            explain_name="postgresql",
            explain_detail=self.description,
        )

    def _read(
        self, columns: list[_Column], predicate: pl.Expr | None, n_rows: int | None
    ) -> Iterator[pl.DataFrame]:
        if n_rows is not None and n_rows <= 0:
            return
        limit = n_rows if predicate is None else None
        sql = self._select([c.sql for c in columns], limit)
        with self._lock:
            self._queries.append(sql)
        _LOG.debug("reading %s: %s", self.description, sql)
        exprs = [c.expr() for c in columns]
        names = [c.name for c in columns]
        remaining = n_rows
        conn = self._connect()
        try:
            cursor = conn.cursor()
            try:
                try:
                    cursor.execute(sql)
                    reader = cursor.fetch_record_batch()
                except Exception as exc:  # noqa: BLE001
                    raise self._read_error(exc, conn) from None
                while True:
                    try:
                        batch = reader.read_next_batch()
                    except StopIteration:
                        break
                    except Exception as exc:  # noqa: BLE001
                        raise self._read_error(exc, conn) from None
                    frame = _to_polars(batch, names).select(exprs)
                    if predicate is not None:
                        frame = frame.filter(predicate)
                    if remaining is not None:
                        frame = frame.head(remaining)
                        remaining -= frame.height
                    if frame.height:
                        yield frame
                    if remaining is not None and remaining <= 0:
                        break
            finally:
                cursor.close()
        finally:
            conn.close()


def _to_polars(batch: pa.RecordBatch, names: list[str]) -> pl.DataFrame:
    import pyarrow as pa  # noqa: PLC0415 (pyarrow only when PostgreSQL is used)

    arrays = [
        column.storage if isinstance(column.type, pa.BaseExtensionType) else column
        for column in batch.columns
    ]
    frame = pl.from_arrow(pa.RecordBatch.from_arrays(arrays, names=names))
    assert isinstance(frame, pl.DataFrame)
    return frame


def postgres(uri: str, *, table: str | None = None, query: str | None = None) -> PostgresSource:
    """A PostgreSQL table or query as a data source for :func:`datacheck.run`.

    Parameters
    ----------
    uri
        ``postgresql://[user[:password]@][host][:port][/database][?param=value&...]``, as
        libpq reads it (``postgres://`` too; ``sslmode=``, ``host=/socket/dir``, several
        hosts, … all work). What it leaves out comes from libpq's environment (``PGUSER``,
        ``PGPASSWORD``, ``PGHOST``, ``PGPORT``, ``PGDATABASE``, ``PGSERVICE``, …) and the
        password file (``~/.pgpass`` or ``PGPASSFILE``). It may carry ``table=`` or
        ``query=`` itself (percent-encoded).
    table
        The table (or view) to read: ``table``, ``schema.table`` or
        ``"Quoted Schema"."Quoted Table"`` (unquoted names fold to lower case, as in SQL).
    query
        A ``SELECT`` to read instead of a table; it is wrapped as a subquery, so the columns
        the checks need are still the only ones sent.

    Returns
    -------
    PostgresSource
        A source :func:`datacheck.run` and :func:`datacheck.sources.to_lazyframe` accept;
        nothing is read until then.

    Raises
    ------
    SourceError
        The URI is not a PostgreSQL URI, or gives neither or both of ``table`` and ``query``.

    Examples
    --------
    >>> src = postgres("postgresql://reader@127.0.0.1:5432/dancu", table="public.dan_cu")
    >>> src.description
    'postgresql://reader@127.0.0.1:5432/dancu?table=public.dan_cu'
    >>> postgres("postgresql://reader@db/dancu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    datacheck.errors.SourceError: postgresql://reader@db/dancu: no table to read; expected ...
    """
    return PostgresSource(uri, table=table, query=query)
