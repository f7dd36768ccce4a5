#!/usr/bin/env bash
# Installs and starts what the tests need beyond Python: Debian's Chromium for the
# browser tests and a PostgreSQL server on 127.0.0.1:5432. Needs root (or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "run as root, or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! pg_ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
pg_ready || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }

# The tests connect as postgres without a password over TCP, as CI's machine allows.
if ! psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL on 127.0.0.1 does not let user postgres in without a password;" >&2
  echo "set MOPPER_TEST_POSTGRES_URL=postgres://user:password@127.0.0.1:5432" >&2
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
echo "postgres: $(psql -h 127.0.0.1 -U postgres -Atc 'show server_version' 2>/dev/null || echo '?')"
