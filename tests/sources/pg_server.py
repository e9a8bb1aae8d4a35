"""A real, throw-away PostgreSQL server for the tests: initdb + pg_ctl in a temp dir.

The server listens on a free loopback port (and a Unix socket in its own folder), with
``scram-sha-256`` password authentication over TCP, ``pg_stat_statements`` loaded (so tests
can see the SQL the server received), and durability switched off (it is thrown away).

``initdb`` and ``pg_ctl`` refuse to run as root, and CI runs as root: there they run as the
``postgres`` user (``runuser -u postgres --``); any other user runs them directly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SETUP_HINT = "run `bash scripts/setup_postgres.sh` (or `make postgres`) to install it"
SUPERUSER = "postgres"
DATABASE = "datacheck"


class ServerUnavailableError(RuntimeError):
    """PostgreSQL cannot be started here; the message says why and what to do."""


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding ``initdb`` (or ``$PG_BINDIR``)."""
    explicit = os.environ.get("PG_BINDIR")
    if explicit:
        return Path(explicit) if (Path(explicit) / "initdb").exists() else None
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; ``stop()`` ends it and removes its folder."""

    bindir: Path
    root: Path
    port: int
    password: str
    as_user: list[str]
    host: str = "127.0.0.1"

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def uri(
        self,
        database: str = DATABASE,
        *,
        user: str = SUPERUSER,
        password: str | None = None,
        **params: str,
    ) -> str:
        """A ``postgresql://`` URI; the password is left out unless given."""
        auth = quote(user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        query = "&".join(f"{k}={quote(v, safe='.,*=()')}" for k, v in params.items())
        return f"postgresql://{auth}@{self.host}:{self.port}/{database}" + (
            f"?{query}" if query else ""
        )

    def admin_uri(self, database: str = DATABASE) -> str:
        return self.uri(database, password=self.password)

    def _pg_ctl(self) -> list[str]:
        return [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir)]

    def _psql(self, database: str, sql: str) -> list[str]:
        return [
            *self.as_user,
            *(str(self.bindir / "psql"), "-h", str(self.root), "-p", str(self.port)),
            *("-U", SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql),
        ]

    def stop(self) -> None:
        subprocess.run(
            [*self._pg_ctl(), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        if log is not None and log.exists():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        raise ServerUnavailableError(f"{what} failed ({' '.join(command)}):\n{detail}")


def start(*, attempts: int = 3) -> PostgresServer:
    """Start a new server (initdb, then pg_ctl start on a free port) and create ``datacheck``.

    Raises
    ------
    ServerUnavailableError
        No PostgreSQL binaries, no ``postgres`` user to run them as root, or the server
        did not start (the message holds its log).
    """
    bindir = find_bindir()
    if bindir is None:
        raise ServerUnavailableError(
            "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb); "
            + SETUP_HINT
        )
    as_user: list[str] = []
    owner: tuple[int, int] | None = None
    if os.geteuid() == 0:
        try:
            import pwd  # noqa: PLC0415

            entry = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise ServerUnavailableError(
                "running as root, but there is no 'postgres' user to run initdb/pg_ctl as; "
                + SETUP_HINT
            ) from None
        as_user = ["runuser", "-u", SUPERUSER, "--"]
        owner = (entry.pw_uid, entry.pw_gid)
    # as root, the folder's parents must let the postgres user through ($TMPDIR may not)
    parent = "/tmp" if owner is not None and Path("/tmp").is_dir() else None
    root = Path(tempfile.mkdtemp(prefix="datacheck-pg-", dir=parent))
    if owner is not None:
        os.chown(root, *owner)
    password = secrets.token_urlsafe(18)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if owner is not None:
        os.chown(pwfile, *owner)
    server = PostgresServer(bindir, root, 0, password, as_user)
    try:
        _run(
            [
                *(*as_user, str(bindir / "initdb"), "-D", str(server.datadir), "-U", SUPERUSER),
                *("--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"),
                *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            ],
            "initdb",
        )
        pwfile.unlink()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={root}",
                "-c shared_preload_libraries=pg_stat_statements",
                "-c pg_stat_statements.track=all",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=40",
            ]
        )
        for attempt in range(attempts):
            server.port = free_port()
            try:
                _run(
                    [
                        *(*server._pg_ctl(), "-l", str(server.log), "-w", "-t", "60"),
                        *("-o", f"-p {server.port} {options}", "start"),
                    ],
                    "pg_ctl start",
                    server.log,
                )
                break
            except ServerUnavailableError:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2)  # the port was taken in between: try another
        _run(server._psql("postgres", f"CREATE DATABASE {DATABASE}"), "CREATE DATABASE")
        _run(
            server._psql(DATABASE, "CREATE EXTENSION pg_stat_statements"),
            "CREATE EXTENSION pg_stat_statements",
        )
    except BaseException:
        with contextlib.suppress(Exception):
            server.stop()
        raise
    return server
