#!/usr/bin/env bash
# Install the headless browser the HTML-report tests drive: Debian's `chromium` package.
#
# Idempotent: does nothing when /usr/bin/chromium is already there. Downloads no browser build
# of its own (Playwright drives this Chromium through `executable_path`; never run
# `playwright install`). About 25 s and 113 MB on a fresh machine; needs root (or sudo).
# Vietnamese text renders with the DejaVu fonts that Debian installs with it.
set -euo pipefail

CHROMIUM="${DATACHECK_CHROMIUM:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM" ]]; then
    echo "chromium: $CHROMIUM already installed"
    exit 0
fi

# parallel test workers may call this at once: one installs, the others wait, then see it
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/datacheck-setup-browser.lock"
    flock 9
    if [[ -x "$CHROMIUM" ]]; then
        echo "chromium: $CHROMIUM already installed"
        exit 0
    fi
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
else
    echo "setup_browser: $CHROMIUM is missing and this user cannot install packages" \
        "(run: apt-get install -y --no-install-recommends chromium as root)" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup_browser: $CHROMIUM is missing and apt-get is not available;" \
        "install Chromium and set DATACHECK_CHROMIUM to its path" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core

if [[ ! -x "$CHROMIUM" ]]; then
    echo "setup_browser: installed the chromium package but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
