#!/usr/bin/env bash
# Make sure Debian's Chromium is available for the real-browser tests.
# Never downloads a browser build of its own (that fails offline); uses apt-get when root.
set -euo pipefail
CHROMIUM="${CAREERKIT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
echo "careerkit: $CHROMIUM not found; installing Debian's chromium package" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null || true
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || true
fi
if [ ! -x "$CHROMIUM" ]; then
    cat >&2 <<MSG
careerkit: the real-browser tests need Chromium at $CHROMIUM and it could not be installed.
  Install it yourself (Debian/Ubuntu: sudo apt-get install chromium), or point
  CAREERKIT_CHROMIUM at a Chromium/Chrome binary, then run 'make test' again.
  To run everything except the browser tests: make test-fast
MSG
    exit 1
fi
