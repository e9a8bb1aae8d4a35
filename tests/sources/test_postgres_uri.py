"""PostgreSQL sources without a server: URIs, descriptions without passwords, SQL, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import datacheck as dc
from datacheck.errors import SourceError
from datacheck.sources import PostgresSource, describe_source, postgres, to_lazyframe
from datacheck.sources_postgres import _Uri, describe_uri, is_postgres_uri, uri_from_path
from tests.sources import pg_server

SECRET = "S3cr-et/pa:ss@word"
ENCODED = "S3cr-et%2Fpa%3Ass%40word"


def _source_error(call: object, *fragments: str, both: tuple[str, ...] = ()) -> SourceError:
    """A one-line bilingual SourceError: ``fragments`` in English, ``both`` in both languages."""
    with pytest.raises(SourceError) as info:
        call()  # type: ignore[operator]
    err = info.value
    for lang in ("en", "vi"):
        message = err.message(lang)  # type: ignore[arg-type]
        assert "\n" not in message
        assert SECRET not in message
        assert ENCODED not in message
        for fragment in both:
            assert fragment in message, (fragment, message)
    for fragment in fragments:
        assert fragment in str(err), (fragment, str(err))
    assert err.message("vi") != err.message("en")
    return err


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (
            f"postgresql://app:{ENCODED}@db.example:5432/dancu?table=public.dan_cu",
            "postgresql://app@db.example:5432/dancu?table=public.dan_cu",
        ),
        (
            f"postgres://app:{SECRET}@db/dancu?table=dan_cu",  # '@' unencoded: last one wins
            "postgres://app@db/dancu?table=dan_cu",
        ),
        (
            f"postgresql://db/x?user=app&password={ENCODED}&sslmode=require&table=t",
            "postgresql://db/x?user=app&sslmode=require&table=t",
        ),
        (
            f"postgresql://db/x?sslpassword={ENCODED}&query=SELECT%20a%2C%20b%20FROM%20t",
            "postgresql://db/x?query=SELECT a, b FROM t",
        ),
        (
            "postgresql://h1:5432,h2:5433/x?target_session_attrs=any&table=t",
            "postgresql://h1:5432,h2:5433/x?target_session_attrs=any&table=t",
        ),
        (
            f"postgresql://app:{ENCODED}@[::1]:5432/x?table=t",
            "postgresql://app@[::1]:5432/x?table=t",
        ),
        (
            "postgresql:///x?host=/run/postgresql&table=t",
            "postgresql:///x?host=/run/postgresql&table=t",
        ),
        ("postgresql://?table=t", "postgresql://?table=t"),
        ("POSTGRESQL://db/x?table=t", "postgresql://db/x?table=t"),
    ],
)
def test_description_leaves_the_password_out(uri: str, shown: str) -> None:
    src = postgres(uri)
    for text in (src.description, repr(src), str(src), describe_source(uri), describe_uri(uri)):
        assert SECRET not in text
        assert ENCODED not in text
        assert shown in text


def test_description_without_a_target() -> None:
    assert describe_source(f"postgresql://app:{ENCODED}@db/x") == "postgresql://app@db/x"
    assert describe_uri(f"mysql://app:{ENCODED}@db/x") == "mysql://…"


def test_connection_uri_keeps_what_libpq_needs() -> None:
    uri = f"postgresql://app:{ENCODED}@db:5432/dan%20cu?sslmode=require&table=public.t"
    parsed = _Uri.parse(uri)
    raw = _Uri.parse(f"postgresql://app:{SECRET}@db/x?table=t")
    assert raw.connection_uri.startswith(f"postgresql://app:{ENCODED}@db/x?")
    assert parsed.connection_uri == (
        f"postgresql://app:{ENCODED}@db:5432/dan%20cu?sslmode=require"
        "&fallback_application_name=datacheck"
    )
    assert parsed.database == "dan cu"
    assert parsed.user == "app"
    assert SECRET in parsed.passwords
    named = _Uri.parse("postgresql://db/x?application_name=etl&table=t")
    assert "fallback_application_name" not in named.connection_uri


def test_table_and_query_as_arguments() -> None:
    assert postgres("postgresql://db/x", table="s.t").table == "s.t"
    assert postgres("postgresql://db/x?table=s.t", table="s.t").table == "s.t"
    src = postgres("postgresql://db/x", query="SELECT 1 AS one")
    assert (src.table, src.query) == (None, "SELECT 1 AS one")
    assert src.description == "postgresql://db/x?query=SELECT 1 AS one"
    assert isinstance(src, PostgresSource)
    assert dc.sources.postgres is postgres


@pytest.mark.parametrize(
    ("uri", "kwargs", "fragment"),
    [
        ("postgresql://db/x", {}, "no table to read"),
        ("postgresql://db/x?table=a&query=SELECT%201", {}, "not both"),
        ("postgresql://db/x", {"table": "a", "query": "SELECT 1"}, "not both"),
        ("postgresql://db/x?table=a", {"table": "b"}, "given twice"),
        ("postgresql://db/x?table=", {}, "table= is empty"),
        ("postgresql://db/x", {"table": "  "}, "table= is empty"),
        ("postgresql://db/x", {"query": " ; "}, "query= is empty"),
        ("postgresql://db/x", {"table": 'a."b'}, "table name"),
        ("postgresql://db/x", {"table": "a..b"}, "table name"),
        ("postgresql://db/x", {"table": "a.b.c.d"}, "table name"),
    ],
)
def test_bad_targets(uri: str, kwargs: dict[str, str], fragment: str) -> None:
    full = uri.replace("//", f"//app:{ENCODED}@", 1)
    _source_error(lambda: postgres(full, **kwargs), fragment, both=("postgresql://app@db/x",))


def test_not_a_postgres_uri() -> None:
    _source_error(lambda: PostgresSource("mysql://db/x"), "not a PostgreSQL URI")
    assert not is_postgres_uri("data/postgresql.parquet")
    assert is_postgres_uri("Postgres://x")


@pytest.mark.parametrize(
    ("table", "sql"),
    [
        ("dan_cu", '"dan_cu"'),
        ("Public.Dan_Cu", '"public"."dan_cu"'),  # unquoted names fold to lower case, as in SQL
        ('"Sở Dữ Liệu"."Công ""Dân"""', '"Sở Dữ Liệu"."Công ""Dân"""'),
        ('db.public."T.1"', '"db"."public"."T.1"'),
    ],
)
def test_table_names_are_quoted(table: str, sql: str) -> None:
    src = postgres("postgresql://db/x", table=table)
    assert src.sql(["a", 'we"ird']) == f'SELECT "a", "we""ird" FROM {sql}'
    assert src.sql(limit=3) == f"SELECT * FROM {sql} LIMIT 3"


def test_query_is_wrapped_as_a_subquery() -> None:
    src = postgres("postgresql://db/x", query="  SELECT a, b FROM t ORDER BY a;  ")
    assert src.sql(["b"], limit=10) == (
        'SELECT "b" FROM (SELECT a, b FROM t ORDER BY a) AS "datacheck_query" LIMIT 10'
    )


def test_query_ending_in_a_comment() -> None:
    src = postgres("postgresql://db/x", query="SELECT a FROM t -- the comment")
    assert (
        src.sql(["a"]) == 'SELECT "a" FROM (SELECT a FROM t -- the comment\n) AS "datacheck_query"'
    )


def test_uri_from_a_path_built_from_a_uri(tmp_path: Path) -> None:
    """Suites resolve ``source:``/``references:`` as paths; the URI is recovered."""
    uri = f"postgresql://app:{ENCODED}@db:5432/dancu?table=public.dan_cu"
    suite = dc.Suite(name="s", checks=(), base_dir=tmp_path)
    for path in (Path(uri), suite.resolve(uri), Path(uri).expanduser().resolve()):
        assert uri_from_path(path) == uri
        assert describe_source(path) == "postgresql://app@db:5432/dancu?table=public.dan_cu"
    assert uri_from_path(uri) == uri
    assert uri_from_path(tmp_path / "postgresql" / "x.parquet") is None
    assert uri_from_path("postgresql.parquet") is None


def test_a_password_is_scrubbed_from_driver_messages() -> None:
    src = postgres(f"postgresql://app:{ENCODED}@db/x?table=t")
    assert src._scrub(f"failed for {SECRET} and {ENCODED}") == "failed for **** and ****"
    short = postgres("postgresql://app:pw1@db/x?table=t")
    assert short._scrub("password pw1 wrong; pw12 kept") == "password **** wrong; pw12 kept"


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql.dbapi", None)
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql", None)
    err = _source_error(
        lambda: to_lazyframe(f"postgresql://app:{ENCODED}@127.0.0.1:1/x?table=t"),
        "ADBC",
        both=("pip install 'datacheck[postgres]'",),
    )
    assert "127.0.0.1" not in str(err)  # nothing was tried


def test_the_driver_is_not_imported_by_the_package() -> None:
    code = "import sys, datacheck; print('adbc_driver_manager' in sys.modules)"
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


def test_server_helper_fails_clearly_without_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No PostgreSQL: the fixture fails (never skips) and says how to install it."""
    monkeypatch.setenv("PG_BINDIR", str(tmp_path))
    with pytest.raises(pg_server.ServerUnavailableError, match=r"setup_postgres\.sh"):
        pg_server.start()
