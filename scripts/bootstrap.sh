#!/usr/bin/env bash
# Creates .venv and installs Mopper with its pinned dependencies (constraints.txt).
# Idempotent: does nothing when pyproject.toml and constraints.txt have not changed and
# .venv runs on the interpreter this script would choose.
#
# Which Python: $PYTHON when set; otherwise the first Python 3.11+ among the candidates
# below whose email library refuses to write a header that would inject another one
# (`email.policy.default.verify_generated_headers`: CPython 3.11.10 / 3.12.5 / 3.13,
# and Debian's 3.11.2, which carries the fix). The composer checks what it generates
# on any Python (workers/composing.py); this adds the standard library's own check.
# Without such a Python we take the first 3.11+ and say so.
set -euo pipefail
cd "$(dirname "$0")/.."

has_fix='import sys, email.policy as p; sys.exit(not (sys.version_info >= (3, 11) and hasattr(p.default, "verify_generated_headers")))'
is_311_plus='import sys; sys.exit(sys.version_info < (3, 11))'

choose_python() {
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
    return
  fi
  # 3.11 first: the version of the container image and of constraints.txt.
  local candidates=(python3.11 /usr/bin/python3.11 /usr/local/bin/python3.11 python3.12 python3.13 python3 /usr/bin/python3)
  local candidate
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c "$has_fix" 2>/dev/null; then
      command -v "$candidate"
      return
    fi
  done
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c "$is_311_plus" 2>/dev/null; then
      echo "bootstrap: no Python 3.11+ here has email.policy.verify_generated_headers;" \
        "using $candidate (the composer still checks every header block it writes)." >&2
      command -v "$candidate"
      return
    fi
  done
  echo "bootstrap: Mopper needs Python 3.11 or newer." >&2
  exit 1
}

chosen_by_hand=${PYTHON:+yes}
PYTHON=$(choose_python)
stamp=.venv/.installed
if [ -x .venv/bin/python ] && [ -z "$chosen_by_hand" ] \
  && ! .venv/bin/python -c "$has_fix" 2>/dev/null && "$PYTHON" -c "$has_fix" 2>/dev/null; then
  echo "bootstrap: .venv runs on a Python without the header fix; recreating it with $PYTHON" >&2
  rm -rf .venv
fi
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt constraints.txt ]; then
  exit 0
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian's python3 needs python3-venv for this; install it when we may.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$PYTHON" -m venv .venv
    else
      echo "Cannot create a virtualenv: install python3-venv (sudo apt-get install python3-venv)." >&2
      exit 1
    fi
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
touch "$stamp"
