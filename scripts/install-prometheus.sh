#!/usr/bin/env bash
# Unpack Debian's Prometheus (prometheus + promtool) into .tools/prometheus without installing
# the service: the correlation tests run a real Prometheus from there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.tools/prometheus"
BIN="$DEST/usr/bin/prometheus"

if [[ -x "$BIN" ]]; then
  exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null; then
  SUDO="sudo"
fi

# Refresh the package lists only when apt does not know the package yet.
if ! apt-cache show prometheus >/dev/null 2>&1; then
  $SUDO apt-get update -qq
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# apt fetches as the unprivileged _apt user, which must be able to write here.
if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown _apt "$TMP"
fi
(cd "$TMP" && apt-get download prometheus >/dev/null)
mkdir -p "$DEST"
dpkg -x "$TMP"/prometheus_*.deb "$DEST"
"$BIN" --version 2>&1 | sed -n 1p
