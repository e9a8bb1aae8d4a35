"""The PostgreSQL source against a real server (see conftest.py): same counts as Parquet,
projection pushed into the SQL, types, credentials, and passwords that never leak."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

import datacheck as dc
from datacheck.errors import SourceError
from datacheck.sources import describe_source, postgres, to_lazyframe
from tests.sources.conftest import (
    AS_OF,
    READER,
    READER_PASSWORD,
    LoadedSamples,
    admin_execute,
)
from tests.sources.pg_server import PostgresServer

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
SUITES = REPO / "suites"


def _counts(result: dc.Result) -> dict[str, Any]:
    """Everything a run measured, without where the data came from or how long it took."""
    data = result.to_dict()
    data.pop("source")
    data["run"].pop("seconds")
    return data


def _error(source: object, *fragments: str) -> SourceError:
    """A one-line, bilingual SourceError naming ``fragments``, never the reader's password."""
    with pytest.raises(SourceError) as info:
        to_lazyframe(source)
    err = info.value
    for lang in ("en", "vi"):
        message = err.message(lang)  # type: ignore[arg-type]
        assert "\n" not in message, message
        assert READER_PASSWORD not in message, message
        for fragment in fragments:
            assert fragment in message, (fragment, message)
    assert err.message("vi") != err.message("en")
    return err


# --- same counts as the Parquet run ------------------------------------------------------------


@pytest.mark.parametrize("name", ["dan_cu", "bao_hiem"])
def test_suite_on_postgres_equals_the_parquet_run(pg_samples: LoadedSamples, name: str) -> None:
    suite = dc.Suite.from_yaml(SUITES / f"{name}.yaml")
    refs_pq = dict.fromkeys(suite.references, pg_samples.parquet["dan_cu"])
    refs_pg = {ref: pg_samples.uri("dan_cu") for ref in suite.references}
    on_parquet = dc.run(suite, pg_samples.parquet[name], as_of=AS_OF, references=refs_pq)
    on_postgres = dc.run(suite, pg_samples.uri(name), as_of=AS_OF, references=refs_pg)
    assert on_postgres.rows == on_parquet.rows > 0
    assert not on_postgres.by_status("error")
    assert on_parquet.by_status("fail"), "the samples carry defects: some checks must fail"
    # every count, status, score, detail and sample (the rows come in the same order)
    assert _counts(on_postgres) == _counts(on_parquet)
    assert on_postgres.source == f"postgresql://{READER}@127.0.0.1:{pg_samples.server.port}/" + (
        f"datacheck?table=public.{name}"
    )


@pytest.mark.parametrize("name", ["dan_cu", "bao_hiem"])
def test_postgres_types_match_the_parquet_types(pg_samples: LoadedSamples, name: str) -> None:
    on_postgres = to_lazyframe(pg_samples.uri(name)).collect_schema()
    assert on_postgres == pg_samples.schemas[name]  # the generator's frames, as in Parquet


def test_suite_file_with_postgres_source_and_references(
    pg_samples: LoadedSamples, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``source:`` and ``references:`` of a suite YAML accept the URIs (password from env)."""
    monkeypatch.setenv("PGPASSWORD", READER_PASSWORD)
    data = yaml.safe_load((SUITES / "bao_hiem.yaml").read_text(encoding="utf-8"))
    data["source"] = pg_samples.uri("bao_hiem", password=None)
    data["references"] = {"population": pg_samples.uri("dan_cu", password=None)}
    path = tmp_path / "bao_hiem_pg.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    on_postgres = dc.run(path, as_of=AS_OF)
    on_parquet = dc.run(
        SUITES / "bao_hiem.yaml",
        pg_samples.parquet["bao_hiem"],
        as_of=AS_OF,
        references={"population": pg_samples.parquet["dan_cu"]},
    )
    assert not on_postgres.notes, on_postgres.notes  # the reference was found
    assert _counts(on_postgres) == _counts(on_parquet)
    assert on_postgres.source == pg_samples.uri("bao_hiem", password=None)


def test_national_run_over_postgres_sources(
    pg_samples: LoadedSamples, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """national.yaml entries give PostgreSQL sources and references; same national score."""
    monkeypatch.setenv("PGPASSWORD", READER_PASSWORD)

    def national(sources: dict[str, str], refs: dict[str, str]) -> Path:
        entries = [
            {
                "suite": str(SUITES / f"{name}.yaml"),
                "weight": 1,
                "source": sources[name],
                **({"references": {"population": refs[name]}} if name in refs else {}),
            }
            for name in ("dan_cu", "bao_hiem")
        ]
        data = {"national": "pg", "title": "PostgreSQL", "databases": entries}
        path = tmp_path / f"national_{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    pq = {name: str(path) for name, path in pg_samples.parquet.items()}
    pg = {name: pg_samples.uri(name, password=None) for name in pq}
    on_parquet = dc.run_national(national(pq, {"bao_hiem": pq["dan_cu"]}), as_of=AS_OF)
    on_postgres = dc.run_national(national(pg, {"bao_hiem": pg["dan_cu"]}), as_of=AS_OF)
    assert on_postgres.score == on_parquet.score
    for got, expected in zip(on_postgres.results, on_parquet.results, strict=True):
        assert _counts(got) == _counts(expected)
        assert not got.notes, got.notes


def test_python_api_source_object(pg_samples: LoadedSamples) -> None:
    src = dc.sources.postgres(pg_samples.server.uri(user=READER, password=READER_PASSWORD),
                              table="public.dan_cu")  # fmt: skip
    suite = dc.Suite.from_yaml(SUITES / "dan_cu.yaml")
    result = dc.run(suite, src, as_of=AS_OF)
    expected = dc.run(suite, pg_samples.parquet["dan_cu"], as_of=AS_OF)
    assert _counts(result) == _counts(expected)
    assert result.source == src.description
    assert READER_PASSWORD not in repr(src) + str(src) + result.to_json()


def test_streaming_and_in_memory_engines_read_the_same(pg_samples: LoadedSamples) -> None:
    lf = to_lazyframe(pg_samples.uri("dan_cu"))
    expected = pl.scan_parquet(pg_samples.parquet["dan_cu"]).collect()
    for engine in ("streaming", "in-memory"):
        assert lf.collect(engine=engine).equals(expected)  # type: ignore[arg-type]


# --- projection and limits pushed into the SQL -------------------------------------------------


def _statements(server: PostgresServer, table: str) -> list[str]:
    rows = admin_execute(
        server,
        "SELECT query FROM pg_stat_statements "
        f"WHERE query LIKE '%{table}%' AND query NOT LIKE '%pg_stat_statements%'",
    )[0]
    return [row[0] for row in rows]


def test_only_the_columns_the_checks_read_are_selected(pg_samples: LoadedSamples) -> None:
    server = pg_samples.server
    suite = dc.Suite(
        name="projection",
        key=("person_id",),
        checks=(
            dc.checks.NotNull(columns=["person_id"]),
            dc.checks.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
            dc.checks.Unique(columns=["person_id"]),
        ),
    )
    src = postgres(pg_samples.uri("dan_cu"))
    admin_execute(server, "SELECT pg_stat_statements_reset()")
    result = dc.run(suite, src, as_of=AS_OF)
    assert result.check("pattern:phone").failed > 0  # samples were read too
    # what datacheck sent: each query selects some of the two columns the checks read (the
    # key check's sample lookup needs the key alone), together both, never another
    assert src.queries
    selected = []
    for sql in src.queries:
        found = re.fullmatch(r'SELECT (.+) FROM "public"\."dan_cu".*', sql)
        assert found is not None, sql
        columns = {c.strip() for c in found.group(1).split(",")}
        assert columns <= {'"person_id"', '"phone"'}, sql
        selected.extend(columns)
    assert set(selected) == {'"person_id"', '"phone"'}
    # ... is what the server ran (ADBC reads a SELECT as COPY (SELECT ...) TO STDOUT, and
    # pg_stat_statements lists the SELECT inside too, constants as $1); the schema is read
    # first by a query that returns no rows: the only one selecting *
    ran = _statements(server, "dan_cu")
    probe = 'SELECT * FROM "public"."dan_cu" LIMIT '
    assert f"COPY ({probe}0) TO STDOUT (FORMAT binary)" in ran, ran
    reads = [q for q in ran if probe not in q]
    assert any(q.startswith("COPY") for q in reads), ran
    assert any('"phone"' in q for q in reads), ran
    for query in reads:
        assert '"person_id"' in query or '"phone"' in query, query
        for other in ("full_name", "birth_date", "address", "updated_at", "*"):
            assert other not in query, query


def test_head_is_pushed_as_a_limit(pg_samples: LoadedSamples) -> None:
    src = postgres(pg_samples.uri("dan_cu"))
    frame = to_lazyframe(src).select("person_id").head(7).collect()
    assert frame.height == 7
    assert src.queries == ('SELECT "person_id" FROM "public"."dan_cu" LIMIT 7',)


def test_row_count_reads_one_column(pg_samples: LoadedSamples) -> None:
    src = postgres(pg_samples.uri("bao_hiem"))
    assert to_lazyframe(src).select(pl.len()).collect().item() == 10_000
    assert len(src.queries) == 1
    assert src.queries[0].count('"') == 6  # one column, schema, table


def test_filters_are_applied(pg_samples: LoadedSamples) -> None:
    lf = to_lazyframe(pg_samples.uri("dan_cu"))
    got = lf.filter(pl.col("gender") == "Nữ").select("person_id").collect()
    expected = (
        pl.scan_parquet(pg_samples.parquet["dan_cu"])
        .filter(pl.col("gender") == "Nữ")
        .select("person_id")
        .collect()
    )
    assert got.equals(expected)
    head = lf.filter(pl.col("gender") == "Nữ").select("person_id").head(3).collect()
    assert head.equals(expected.head(3))


# --- query= sources ----------------------------------------------------------------------------


def test_query_source(pg_samples: LoadedSamples) -> None:
    sql = "SELECT person_id, gender, birth_date, phone FROM public.dan_cu WHERE gender = 'Nam';"
    suite = dc.Suite(
        name="query",
        key=("person_id",),
        checks=(
            dc.checks.NotNull(columns=["birth_date"]),
            dc.checks.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
        ),
    )
    expected = dc.run(
        suite,
        pl.scan_parquet(pg_samples.parquet["dan_cu"])
        .filter(pl.col("gender") == "Nam")
        .select("person_id", "gender", "birth_date", "phone"),
        as_of=AS_OF,
    )
    src = postgres(pg_samples.server.uri(user=READER, password=READER_PASSWORD), query=sql)
    by_object = dc.run(suite, src, as_of=AS_OF)
    by_uri = dc.run(suite, pg_samples.server.uri(user=READER, password=READER_PASSWORD,
                                                 query=sql), as_of=AS_OF)  # fmt: skip
    assert _counts(by_object) == _counts(expected) == _counts(by_uri)
    assert by_object.source.endswith("?query=" + sql)
    for statement in src.queries:  # the wrapped query reads only what the checks need
        assert statement.startswith('SELECT "')
        assert '"gender"' not in statement.split(" FROM ")[0]
        assert statement.endswith(') AS "datacheck_query"') or " LIMIT " in statement


def test_query_with_an_error_is_reported(pg_samples: LoadedSamples) -> None:
    uri = pg_samples.server.uri(user=READER, password=READER_PASSWORD)
    err = _error(postgres(uri, query="SELECT no_such_column FROM public.dan_cu"), "no_such_column")
    assert "query" in str(err)
    _error(postgres(uri, query="SELEC 1"), "syntax error")


def test_query_with_duplicate_column_names(pg_samples: LoadedSamples) -> None:
    uri = pg_samples.server.uri(user=READER, password=READER_PASSWORD)
    err = _error(postgres(uri, query="SELECT person_id, person_id FROM public.dan_cu"))
    assert "person_id" in str(err)


def test_sources_are_read_only(pg_samples: LoadedSamples) -> None:
    admin_execute(
        pg_samples.server,
        "CREATE SEQUENCE IF NOT EXISTS public.counter",
        f"GRANT USAGE ON SEQUENCE public.counter TO {READER}",
    )
    uri = pg_samples.server.uri(user=READER, password=READER_PASSWORD)
    lf = to_lazyframe(postgres(uri, query="SELECT nextval('public.counter') AS n"))
    with pytest.raises(SourceError, match="read-only transaction") as info:
        lf.collect()
    assert str(info.value).endswith("ERROR: cannot execute nextval() in a read-only transaction")


# --- errors --------------------------------------------------------------------------------------


def test_missing_table(pg_samples: LoadedSamples) -> None:
    uri = pg_samples.uri("dan_cuu")
    err = _error(uri, "public.dan_cuu", "datacheck", "127.0.0.1")
    assert "not found" in str(err)
    assert "did you mean 'public.dan_cu'" in str(err)
    assert "có phải ý bạn là 'public.dan_cu'" in err.message("vi")


def test_missing_table_via_cli(pg_samples: LoadedSamples, tmp_path: Path) -> None:
    done = _cli(["run", str(SUITES / "dan_cu.yaml"), pg_samples.uri("nosuch")], tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "public.nosuch" in done.stderr
    assert READER_PASSWORD not in done.stdout + done.stderr


def test_wrong_password(pg_samples: LoadedSamples) -> None:
    wrong = "Wr0ng-Pa55word-xyz"
    uri = pg_samples.server.uri(user=READER, password=wrong, table="public.dan_cu")
    port = str(pg_samples.server.port)
    err = _error(uri, "127.0.0.1", port, "datacheck", "public.dan_cu", READER)
    for lang in ("en", "vi"):
        assert wrong not in err.message(lang)  # type: ignore[arg-type]
    assert "password authentication failed" in str(err)
    assert "PGPASSWORD" in str(err)


def test_wrong_password_via_cli(pg_samples: LoadedSamples, tmp_path: Path) -> None:
    wrong = "Wr0ng-Pa55word-xyz"
    uri = pg_samples.server.uri(user=READER, password=wrong, table="public.dan_cu")
    for lang in ("en", "vi"):
        done = _cli(["run", str(SUITES / "dan_cu.yaml"), uri, "--lang", lang], tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert wrong not in done.stdout + done.stderr
        assert "127.0.0.1" in done.stderr
        assert "public.dan_cu" in done.stderr


def test_no_password_at_all(pg_samples: LoadedSamples, monkeypatch: pytest.MonkeyPatch,
                            tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    err = _error(pg_samples.uri("dan_cu", password=None), "127.0.0.1", "public.dan_cu")
    assert "password" in str(err)


def test_missing_database(pg_samples: LoadedSamples) -> None:
    uri = pg_samples.server.uri("nodb", user=READER, password=READER_PASSWORD, table="t")
    _error(uri, "nodb", "does not exist")


def test_unreachable_server() -> None:
    uri = f"postgresql://reader:{READER_PASSWORD}@127.0.0.1:1/datacheck?table=public.dan_cu"
    err = _error(uri, "@127.0.0.1:1/datacheck?table=public.dan_cu")
    assert "cannot connect" in str(err)
    assert "không kết nối được" in err.message("vi")


def test_permission_denied_is_reported_before_the_run(pg_samples: LoadedSamples) -> None:
    admin_execute(pg_samples.server, "CREATE TABLE IF NOT EXISTS public.secret_table (x int)")
    _error(pg_samples.uri("secret_table"), "permission denied", "public.secret_table")


# --- credentials -------------------------------------------------------------------------------


def test_credentials_from_the_environment(
    pg_samples: LoadedSamples, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = pg_samples.server
    for name, value in {
        "PGHOST": server.host,
        "PGPORT": str(server.port),
        "PGUSER": READER,
        "PGPASSWORD": READER_PASSWORD,
        "PGDATABASE": "datacheck",
    }.items():
        monkeypatch.setenv(name, value)
    src = postgres("postgresql://", table="public.bao_hiem")
    assert src.description == "postgresql://?table=public.bao_hiem"
    assert to_lazyframe(src).select(pl.len()).collect().item() == 10_000
    assert describe_source("postgresql:///?table=public.dan_cu") == (
        "postgresql:///?table=public.dan_cu"
    )
    assert to_lazyframe("postgresql:///?table=public.dan_cu").select(pl.len()).collect().item()


def test_credentials_from_a_pgpass_file(
    pg_samples: LoadedSamples, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    server = pg_samples.server
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{server.host}:{server.port}:datacheck:{READER}:{READER_PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    uri = pg_samples.uri("dan_cu", password=None)
    assert to_lazyframe(uri).select(pl.len()).collect().item() == 20_000


def test_password_never_appears_in_outputs(pg_samples: LoadedSamples, tmp_path: Path) -> None:
    """A password in the URI is not in stdout, stderr, the JSON or the HTML report."""
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    args = ["run", str(SUITES / "bao_hiem.yaml"), pg_samples.uri("bao_hiem")]
    args += ["--reference", f"population={pg_samples.uri('dan_cu')}"]
    args += ["--json", str(out_json), "--html", str(out_html), "--fail-on", "never"]
    args += ["--as-of", AS_OF]
    done = _cli(args, tmp_path)
    assert done.returncode == 0, done.stderr
    texts = {
        "stdout": done.stdout,
        "stderr": done.stderr,
        "json": out_json.read_text(encoding="utf-8"),
        "html": out_html.read_text(encoding="utf-8"),
    }
    for where, text in texts.items():
        assert READER_PASSWORD not in text, where
    data = json.loads(texts["json"])
    assert data["source"] == pg_samples.uri("bao_hiem", password=None)
    assert not data.get("notes"), data.get("notes")  # the reference was read
    assert pg_samples.uri("bao_hiem", password=None) in texts["html"]


def test_password_never_appears_in_the_python_api(pg_samples: LoadedSamples) -> None:
    uri = pg_samples.uri("dan_cu")
    suite = dc.Suite.from_yaml(SUITES / "dan_cu.yaml")
    result = dc.run(suite, uri, as_of=AS_OF)
    src = postgres(uri)
    lf = to_lazyframe(src)
    shown = [result.to_json(), repr(result), describe_source(uri), repr(src), lf.explain()]
    for text in shown:
        assert READER_PASSWORD not in text
    assert "postgresql" in lf.explain()


# --- types -------------------------------------------------------------------------------------

TYPES_DDL = """
CREATE TABLE public.typed (
    id integer PRIMARY KEY,
    small smallint, big bigint, real_ real, double_ double precision,
    amount numeric(12, 2), ratio numeric, huge numeric(50, 4),
    name text, code varchar(8), fixed char(3), flag boolean,
    born date, seen timestamp, seen_tz timestamptz, at_time time,
    span interval, ident uuid, doc jsonb, raw bytea, tags text[], mood public.mood, addr inet
)
"""
TYPES_ROWS = """
INSERT INTO public.typed VALUES
 (1, 1, 9000000000, 1.5, 2.25, 1234.56, 3.14159, 12345678901234567890.1234,
  'Nguyễn Văn An', 'AB12', 'x', true,
  '1990-05-17', '2026-06-01 08:30:00.123456', '2026-06-01 08:30:00+07', '12:34:56',
  '1 day 02:00:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '\\xdeadbeef',
  '{a,b}', 'happy', '10.0.0.1'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, -2, -1, 'NaN', '-Infinity', 'NaN', 'NaN', NULL, '', '', '', false,
  'infinity', '-infinity', 'infinity', NULL, NULL, NULL, NULL, NULL, '{}', 'sad', NULL)
"""


@pytest.fixture(scope="module")
def typed_uri(postgres_server: PostgresServer) -> str:
    admin_execute(
        postgres_server,
        "DROP TABLE IF EXISTS public.typed",
        "DROP TYPE IF EXISTS public.mood",
        "CREATE TYPE public.mood AS ENUM ('sad', 'happy')",
        TYPES_DDL,
        TYPES_ROWS,
    )
    return postgres_server.admin_uri() + "?table=public.typed"


def test_types_map_to_the_polars_types_checks_expect(typed_uri: str) -> None:
    lf = to_lazyframe(typed_uri)
    assert dict(lf.collect_schema()) == {
        "id": pl.Int32,
        "small": pl.Int16,
        "big": pl.Int64,
        "real_": pl.Float32,
        "double_": pl.Float64,
        "amount": pl.Decimal(12, 2),
        "ratio": pl.Float64,
        "huge": pl.Float64,
        "name": pl.String,
        "code": pl.String,
        "fixed": pl.String,
        "flag": pl.Boolean,
        "born": pl.Date,
        "seen": pl.Datetime("us"),
        "seen_tz": pl.Datetime("us", "UTC"),
        "at_time": pl.Time,
        "span": pl.String,
        "ident": pl.String,
        "doc": pl.String,
        "raw": pl.Binary,
        "tags": pl.List(pl.String),
        "mood": pl.String,
        "addr": pl.String,
    }
    rows = {row["id"]: row for row in lf.sort("id").collect().to_dicts()}
    first, nulls, odd = rows[1], rows[2], rows[3]
    assert first["amount"] == Decimal("1234.56")
    assert first["ratio"] == pytest.approx(3.14159)
    assert first["huge"] == pytest.approx(12345678901234567890.1234)
    assert first["name"] == "Nguyễn Văn An"
    assert first["fixed"] == "x  "  # char(n) keeps its padding, as PostgreSQL returns it
    assert first["born"] == date(1990, 5, 17)
    assert first["seen"] == datetime(2026, 6, 1, 8, 30, 0, 123456)
    assert first["seen_tz"] == datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    assert first["ident"] == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
    assert json.loads(first["doc"]) == {"a": 1}
    assert first["raw"] == b"\xde\xad\xbe\xef"
    assert first["tags"] == ["a", "b"]
    assert first["mood"] == "happy"
    assert first["span"] == "1 day 02:00:00"
    assert all(value is None for key, value in nulls.items() if key != "id")
    assert odd["amount"] is None  # NaN in numeric(p, s): Decimal has no NaN
    assert odd["ratio"] != odd["ratio"]  # NaN kept in an unconstrained numeric (Float64)
    assert odd["double_"] == float("-inf")
    assert odd["name"] == ""
    assert odd["born"] == date.max  # 'infinity'
    assert odd["seen"] == datetime.min
    assert odd["seen_tz"] == datetime.max.replace(tzinfo=UTC)
    assert odd["tags"] == []


def test_minus_infinity_reads_as_the_smallest_value(postgres_server: PostgresServer) -> None:
    uri = postgres_server.admin_uri()
    sql = "SELECT '-infinity'::date AS d, '-infinity'::timestamp AS t, 'infinity'::timestamp AS u"
    row = to_lazyframe(postgres(uri, query=sql)).collect().row(0)
    assert row == (date.min, datetime.min, datetime.max)


def test_checks_on_database_types(typed_uri: str) -> None:
    suite = dc.Suite(
        name="typed",
        key=("id",),
        checks=(
            dc.checks.Between(columns=["amount"], min=0, max=2000),
            dc.checks.NotNull(columns=["seen_tz", "born"]),
            dc.checks.NotFuture(columns=["seen_tz", "born"]),
            dc.checks.NotBlank(columns=["name"]),
            dc.checks.Pattern(columns=["ident"], pattern="^[0-9a-f-]{36}$"),
            dc.checks.InSet(columns=["mood"], values=["happy", "sad"]),
        ),
    )
    result = dc.run(suite, typed_uri, as_of=AS_OF)
    got = {c.id: (c.evaluated, c.failed) for c in result.checks}
    assert got == {
        "between:amount": (1, 0),  # 1234.56; NULL and NaN are not evaluated
        "not_null:seen_tz": (3, 1),
        "not_null:born": (3, 1),
        "not_future:seen_tz": (2, 1),  # 'infinity' is in the future
        "not_future:born": (2, 1),
        "not_blank:name": (3, 2),  # NULL and ''
        "pattern:ident": (1, 0),
        "in_set:mood": (2, 0),
    }


def test_empty_table(postgres_server: PostgresServer) -> None:
    admin_execute(postgres_server, "CREATE TABLE IF NOT EXISTS public.empty (id int, name text)")
    suite = dc.Suite(name="empty", checks=(dc.checks.NotNull(columns=["id"]),))
    result = dc.run(suite, postgres_server.admin_uri() + "?table=public.empty", as_of=AS_OF)
    assert result.rows == 0
    assert result.check("not_null:id").status == "not_applicable"


def test_quoted_schema_and_table_names(postgres_server: PostgresServer) -> None:
    admin_execute(
        postgres_server,
        'CREATE SCHEMA IF NOT EXISTS "Sở Dữ Liệu"',
        'CREATE TABLE IF NOT EXISTS "Sở Dữ Liệu"."Công Dân" ("Mã Số" int, "Họ Tên" text)',
        'INSERT INTO "Sở Dữ Liệu"."Công Dân" VALUES (1, \'An\'), (2, NULL)',
    )
    src = postgres(postgres_server.admin_uri(), table='"Sở Dữ Liệu"."Công Dân"')
    suite = dc.Suite(name="quoted", checks=(dc.checks.NotNull(columns=["Họ Tên"]),))
    result = dc.run(suite, src, as_of=AS_OF)
    assert (result.check("not_null:Họ Tên").evaluated, result.check("not_null:Họ Tên").failed) == (
        2,
        1,
    )
    assert src.queries[0].startswith('SELECT "Họ Tên" FROM "Sở Dữ Liệu"."Công Dân"')


# --- helpers -----------------------------------------------------------------------------------


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    env.pop("PGPASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "datacheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=300,
    )
