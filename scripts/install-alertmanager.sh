#!/usr/bin/env bash
# Unpack Debian's Alertmanager (prometheus-alertmanager + amtool) into .tools/alertmanager without
# installing the service: the alert-intake tests deliver through a real Alertmanager from there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.tools/alertmanager"
BIN="$DEST/usr/bin/prometheus-alertmanager"
# Debian's build reads its default notification templates from this compiled-in directory (and
# refuses every config without them), so put them where the package itself would.
TEMPLATES="/usr/share/prometheus/alertmanager"

SUDO=""
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null; then
  SUDO="sudo"
fi

install_templates() {
  if [[ ! -f "$TEMPLATES/default.tmpl" ]]; then
    $SUDO install -D -m 644 "$DEST$TEMPLATES/default.tmpl" "$TEMPLATES/default.tmpl"
    $SUDO install -D -m 644 "$DEST$TEMPLATES/email.tmpl" "$TEMPLATES/email.tmpl"
  fi
}

if [[ -x "$BIN" ]]; then
  install_templates
  exit 0
fi

# Refresh the package lists only when apt does not know the package yet.
if ! apt-cache show prometheus-alertmanager >/dev/null 2>&1; then
  $SUDO apt-get update -qq
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"  # apt downloads as the _apt user
(cd "$TMP" && apt-get download prometheus-alertmanager >/dev/null)
mkdir -p "$DEST"
dpkg -x "$TMP"/prometheus-alertmanager_*.deb "$DEST"
install_templates
"$BIN" --version 2>&1 | head -n 1
