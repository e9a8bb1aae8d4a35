#!/usr/bin/env bash
# PostgreSQL server binaries for the PostgreSQL source tests (tests/sources/), idempotent.
#
# The tests start their own throw-away server (initdb + pg_ctl in a temp dir, on a free
# loopback port): all they need are the binaries under /usr/lib/postgresql/*/bin. Debian's
# `postgresql` package is installed only when no initdb is there yet; nothing else changes.
set -euo pipefail

find_initdb() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1
}

if initdb="$(find_initdb)" && [ -n "$initdb" ]; then
    echo "PostgreSQL server: $("$initdb" --version) ($(dirname "$initdb"))"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo -n)
else
    echo "error: PostgreSQL is not installed and this user cannot install it;" \
        "run as root: apt-get install -y --no-install-recommends postgresql" >&2
    exit 1
fi

echo "Installing Debian's postgresql (no initdb under /usr/lib/postgresql/*/bin)..."
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql

if initdb="$(find_initdb)" && [ -n "$initdb" ]; then
    echo "PostgreSQL server: $("$initdb" --version) ($(dirname "$initdb"))"
else
    echo "error: apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb exists" >&2
    exit 1
fi
