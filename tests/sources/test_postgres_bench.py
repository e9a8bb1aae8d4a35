"""Driver comparison behind docs/sources.md: 1M rows × 5 columns into Polars (``-m bench``).

Run with ``pytest -m bench -p no:xdist -s tests/sources/test_postgres_bench.py`` (needs
connectorx: ``pip install -e '.[bench]'``). Prints best and median wall time of 5 reads per
way, on the real server the tests start.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

import polars as pl
import pytest

from datacheck.sources import to_lazyframe
from tests.sources.conftest import admin_execute
from tests.sources.pg_server import PostgresServer

pytestmark = [pytest.mark.bench, pytest.mark.postgres]

ROWS = 1_000_000
SQL = "SELECT id, name, birth_date, updated_at, amount FROM public.bench"


def _time(read: Callable[[], pl.DataFrame], repeat: int = 5) -> tuple[float, float, int]:
    read()  # warm: connection caches, page cache
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        frame = read()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), frame.height


def test_read_one_million_rows(postgres_server: PostgresServer) -> None:
    import adbc_driver_postgresql.dbapi as dbapi  # noqa: PLC0415

    connectorx = pytest.importorskip("connectorx", reason="pip install -e '.[bench]'")
    admin_execute(
        postgres_server,
        "DROP TABLE IF EXISTS public.bench",
        "CREATE TABLE public.bench AS SELECT g::bigint AS id, "
        "'Nguyễn Văn ' || (g % 9973)::text AS name, DATE '1950-01-01' + (g % 25000) AS birth_date,"
        " TIMESTAMP '2024-01-01' + g * INTERVAL '1 second' AS updated_at, "
        f"(g % 100000) / 7.0::float8 AS amount FROM generate_series(1, {ROWS}) AS g",
        "VACUUM ANALYZE public.bench",
    )
    uri = postgres_server.admin_uri()

    def adbc_batches() -> pl.DataFrame:
        with dbapi.connect(uri) as conn, conn.cursor() as cursor:
            cursor.execute(SQL)
            frames = [pl.from_arrow(batch) for batch in cursor.fetch_record_batch()]
        return pl.concat([f for f in frames if isinstance(f, pl.DataFrame)])

    def cx_polars() -> pl.DataFrame:
        frame = connectorx.read_sql(uri, SQL, return_type="polars")
        assert isinstance(frame, pl.DataFrame)
        return frame

    def cx_polars_2_partitions() -> pl.DataFrame:
        frame = connectorx.read_sql(
            uri, SQL, return_type="polars", partition_on="id", partition_num=2
        )
        assert isinstance(frame, pl.DataFrame)
        return frame

    source = to_lazyframe(uri + "?table=public.bench")
    ways: dict[str, Callable[[], pl.DataFrame]] = {
        "datacheck source (ADBC), 5 columns": lambda: source.collect(engine="streaming"),
        "datacheck source (ADBC), 2 columns": lambda: source.select("id", "amount").collect(
            engine="streaming"
        ),
        "ADBC record batches → Polars": adbc_batches,
        "connectorx → Polars": cx_polars,
        "connectorx → Polars, 2 partitions": cx_polars_2_partitions,
    }
    print(f"\n{'way':40} {'best s':>8} {'median s':>9}")
    for name, read in ways.items():
        best, median, rows = _time(read)
        assert rows == ROWS
        print(f"{name:40} {best:8.3f} {median:9.3f}")
