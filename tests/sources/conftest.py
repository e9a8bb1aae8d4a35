"""Fixtures for the PostgreSQL source tests: a real server, started once per test session.

The server is initdb'd and started in a temp dir on a free loopback port (as the ``postgres``
user when the tests run as root, as CI does) and stopped at the end. If PostgreSQL is not
installed the tests FAIL, saying how to install it (``bash scripts/setup_postgres.sh``, which
``make test`` runs first): they are never skipped silently.

Loaded data (session-wide, in database ``datacheck``):

- ``public.dan_cu`` and ``public.bao_hiem``: the generated samples (20,000 population rows);
  the Parquet side of the comparisons is an export of those tables (a plain ``SELECT *``
  through the driver), as a user's Parquet export would be: PostgreSQL does not keep rows in
  insertion order, and with the export's order the failing samples must agree too;
- role ``reader`` (password ``READER_PASSWORD``) with ``SELECT`` on them, and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.sources.pg_server import PostgresServer, ServerUnavailableError, start

AS_OF = "2026-06-30"
SAMPLE_ROWS = 20_000
SAMPLE_SEED = 5
READER = "reader"
READER_PASSWORD = "Rd-9f3K2pQx7-secret"
TABLES = ("dan_cu", "bao_hiem")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs the real PostgreSQL server the tests start (tests/sources)"
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A running server (session-wide); fails, never skips, when PostgreSQL is missing."""
    try:
        server = start()
    except ServerUnavailableError as error:
        pytest.fail(f"PostgreSQL source tests need a PostgreSQL server: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def admin_execute(server: PostgresServer, *statements: str) -> list[list[tuple[Any, ...]]]:
    """Run statements as the superuser (autocommit); return each one's rows."""
    import adbc_driver_postgresql.dbapi as dbapi  # noqa: PLC0415

    out: list[list[tuple[Any, ...]]] = []
    with dbapi.connect(server.admin_uri(), autocommit=True) as conn, conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            try:
                out.append(cursor.fetchall())
            except Exception:  # noqa: BLE001 (a statement without rows)
                out.append([])
    return out


def ingest(server: PostgresServer, table: str, frame: pl.DataFrame) -> None:
    """Create ``public.<table>`` from ``frame`` (ADBC bulk ingest: COPY), replacing it."""
    import adbc_driver_postgresql.dbapi as dbapi  # noqa: PLC0415

    data = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    with dbapi.connect(server.admin_uri(), autocommit=True) as conn, conn.cursor() as cursor:
        cursor.adbc_ingest(table, data, mode="replace", db_schema_name="public")


def export(server: PostgresServer, table: str, path: Path) -> Path:
    """Write ``public.<table>`` to a Parquet file, rows in the order the server returns them."""
    import adbc_driver_postgresql.dbapi as dbapi  # noqa: PLC0415

    with dbapi.connect(server.admin_uri(), autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"SELECT * FROM public.{table}")
        frame = pl.from_arrow(cursor.fetch_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    frame.write_parquet(path)
    return path


@dataclass(frozen=True)
class LoadedSamples:
    """The samples both as PostgreSQL tables and as Parquet exports of those tables."""

    server: PostgresServer
    parquet: dict[str, Path]
    schemas: dict[str, pl.Schema]  # of the generated frames

    def uri(self, table: str, *, password: str | None = READER_PASSWORD, **params: str) -> str:
        """``postgresql://reader:…@127.0.0.1:PORT/datacheck?table=public.<table>``."""
        return self.server.uri(user=READER, password=password, table=f"public.{table}", **params)


@pytest.fixture(scope="session")
def pg_samples(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> LoadedSamples:
    """dan_cu and bao_hiem (20,000 people) written as Parquet and loaded into the server."""
    from samples import generate_samples  # noqa: PLC0415

    samples = generate_samples(rows=SAMPLE_ROWS, seed=SAMPLE_SEED, as_of=AS_OF)
    root = tmp_path_factory.mktemp("pg_samples")
    frames = {name: samples.tables[name] for name in TABLES}
    for name, frame in frames.items():
        ingest(postgres_server, name, frame)
    parquet = {name: export(postgres_server, name, root / f"{name}.parquet") for name in TABLES}
    admin_execute(
        postgres_server,
        f"CREATE ROLE {READER} LOGIN PASSWORD '{READER_PASSWORD}'",
        f"GRANT SELECT ON {', '.join(f'public.{t}' for t in TABLES)} TO {READER}",
        "ANALYZE",
    )
    return LoadedSamples(postgres_server, parquet, {n: f.schema for n, f in frames.items()})
