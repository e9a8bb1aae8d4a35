#!/usr/bin/env bash
# The Spark engine's requirements (datacheck.engine.spark, tests/engine/test_spark.py), idempotent.
#
# 1. Java 17: Spark 4 runs on the JVM. Debian's `openjdk-17-jre-headless` is installed with
#    apt-get only when no Java 17+ runtime is found (`java` on PATH or under JAVA_HOME).
# 2. PySpark: the `spark` extra (`pyspark[sql,connect]>=4.0`, about 0.5 GB) into the project's
#    virtual environment, only when `import pyspark` fails there. `make setup` installs it
#    already (it is part of the `dev` extra); this covers a venv made without it.
#
# Measured on a 2-core machine: everything present, about 1 s; `pip install pyspark` 4.3.0
# 52 s and 491 MB (it builds a 456 MB wheel from the sdist once; then pip's cache has it and
# a fresh venv gets `pyspark[sql,connect]` with pandas, numpy and pyarrow in 16 s, 0.9 GB);
# the connect extra's grpcio & co. 3 s; apt-get update + install where the JRE was already
# present (an upgrade) 10 s, longer on a machine without it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${DATACHECK_PYTHON:-$ROOT/.venv/bin/python}"

java_major() {
    local java="$1" version
    version="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" || return 1
    [[ -n "$version" ]] || return 1
    version="${version#1.}"
    echo "${version%%[.+-]*}"
}

find_java() {
    local candidate major
    for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
        [[ -n "$candidate" && -x "$candidate" ]] || continue
        major="$(java_major "$candidate")" || continue
        if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 17 )); then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# parallel test workers may call this at once: one installs, the others wait, then see it
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/datacheck-setup-spark.lock"
    flock 9
fi

if java="$(find_java)"; then
    echo "java: $("$java" -version 2>&1 | head -n 1) ($java)"
else
    if [[ "$(id -u)" -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        echo "setup_spark: Java 17 is missing and this user cannot install packages" \
            "(run as root: apt-get install -y --no-install-recommends openjdk-17-jre-headless)" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup_spark: Java 17 is missing and apt-get is not available;" \
            "install a Java 17 runtime and set JAVA_HOME" >&2
        exit 1
    fi
    echo "Installing Debian's openjdk-17-jre-headless (no Java 17+ found)..."
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq
    # the JRE's postinst needs the man folder that slim images leave out
    "${SUDO[@]}" mkdir -p /usr/share/man/man1
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
    if ! java="$(find_java)"; then
        echo "setup_spark: installed openjdk-17-jre-headless but no java 17+ is on PATH" >&2
        exit 1
    fi
    echo "java: installed $("$java" -version 2>&1 | head -n 1)"
fi

if [[ ! -x "$PYTHON" ]]; then
    echo "setup_spark: no Python at $PYTHON (run make setup, or set DATACHECK_PYTHON)" >&2
    exit 1
fi
if "$PYTHON" -c "import pyspark, pandas, pyarrow, grpc, grpc_status, zstandard" >/dev/null 2>&1; then
    echo "pyspark: $("$PYTHON" -c 'import pyspark; print(pyspark.__version__)') ($PYTHON)"
else
    echo "Installing the spark extra into $("$PYTHON" -c 'import sys; print(sys.prefix)')..."
    "$PYTHON" -m pip install --quiet "pyspark[sql,connect]>=4.0"
    echo "pyspark: installed $("$PYTHON" -c 'import pyspark; print(pyspark.__version__)')"
fi
