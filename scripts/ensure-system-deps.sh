#!/usr/bin/env bash
# Installs the Debian packages SOINS+ needs locally and in tests, only when one is missing.
# Called by `npm start` and `npm test`; safe to run repeatedly.
set -euo pipefail

declare -A NEEDED=(
  [chromium]=/usr/bin/chromium
  [chromium-headless-shell]=/usr/bin/chromium-headless-shell
  [clamav-daemon]=/usr/sbin/clamd
  [poppler-utils]=/usr/bin/pdftotext
  [redis-server]=/usr/bin/redis-server
  [ffmpeg]=/usr/bin/ffmpeg
  [openssl]=/usr/bin/openssl
)

missing=()
for pkg in "${!NEEDED[@]}"; do
  [ -x "${NEEDED[$pkg]}" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "[system] installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "[system] not root and no sudo: install them yourself with: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else SUDO=""; fi
export DEBIAN_FRONTEND=noninteractive
# A lock keeps two callers (npm start and npm test at once) from racing apt.
exec 9>/tmp/soins-apt.lock
flock 9
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packaged services must not run on their own: the project starts clamd and redis itself on its own ports.
for svc in clamav-daemon clamav-freshclam redis-server; do
  $SUDO service "$svc" stop >/dev/null 2>&1 || true
done
echo "[system] installed: ${missing[*]}"
