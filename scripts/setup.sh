#!/usr/bin/env bash
# Idempotent setup: Debian packages (when allowed), a virtualenv in .venv, the
# project and its test tools. Safe to re-run; fast when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

install_debian_packages() {
  local wanted missing=()
  wanted=$(grep -v '^\s*#' scripts/debian-packages.txt | xargs)
  for pkg in $wanted; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
      echo "setup: missing Debian packages: ${missing[*]} (install them with apt-get; the tests that need them skip)" >&2
      return 0
    fi
  fi
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v dpkg >/dev/null && install_debian_packages
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
# torch before anything that depends on it (argostranslate -> stanza): the
# pinned CPU build, not the multi-GB CUDA build pip would otherwise choose.
"$VENV/bin/python" -c "import torch" 2>/dev/null || "$VENV/bin/python" -m pip install -q "torch==2.13.0"
"$VENV/bin/python" -m pip install -q -e ".[test,ray]"
# The install compiles the despin hot modules with Cython where it can (setup.py);
# pip -q hides the build's warnings, so say here whether it did.
"$VENV/bin/python" -c "from pipeline.despin.compiled import summary; print('setup:', summary())" >&2
echo "setup: ready ($VENV)" >&2
