#!/usr/bin/env bash
# The project's Python: makes sure the project (-e ".[test]") is installed in a virtual environment
# and prints that environment's interpreter on stdout (logs go to stderr). `make run`, `make test`,
# `make lint` and scripts/test.sh all run Python through it:
#
#   - an active virtual environment ($VIRTUAL_ENV) is used as is;
#   - otherwise .venv/ in the project, created once from $PYTHON (default python3) and reused.
#
# pip only ever installs into that environment, so a PEP 668 "externally managed" system Python
# (Debian 12, Ubuntu 24.04) works. pip runs only when pyproject.toml is newer than the environment's
# stamp (or the stamp names another checkout): a repeated `make run` costs a few file checks.
# Without Debian's python3-venv (no ensurepip) the environment is made --without-pip and pip is
# bootstrapped with the system pip's --python option; with neither, it says what to install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

die() { printf 'venv.sh: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'venv.sh: %s\n' "$*" >&2; }

runs() { [[ -x "$1/bin/python" ]] && "$1/bin/python" -c '' 2>/dev/null; }

create() {
  local base="$1" dir="$2" out
  command -v "$base" >/dev/null 2>&1 || die "no Python interpreter '$base'; set PYTHON=/path/to/python3.11+"
  "$base" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$base is $("$base" --version 2>&1); the project needs Python 3.11+ (set PYTHON=python3.11)"
  log "creating $dir with $base ($("$base" --version 2>&1))"
  rm -rf "$dir"
  if out="$("$base" -m venv "$dir" 2>&1)"; then return 0; fi
  rm -rf "$dir"
  if [[ "$out" != *ensurepip* ]]; then
    printf '%s\n' "$out" >&2
    die "'$base -m venv $dir' failed"
  fi
  log "$base has no ensurepip (Debian/Ubuntu without python3-venv); trying the system pip"
  if "$base" -m venv --without-pip "$dir" >&2 \
    && "$base" -m pip --python "$dir/bin/python" install -q --disable-pip-version-check pip >&2 \
    && "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$dir"
  die "cannot make a virtual environment with $base: it lacks ensurepip and a usable pip.
  On Debian/Ubuntu: apt-get install python3-venv   (then rerun)
  Or activate a virtual environment made another way (virtualenv, uv venv) and rerun."
}

if [[ -n "${VIRTUAL_ENV:-}" ]]; then
  env_dir="$VIRTUAL_ENV"
  runs "$env_dir" || die "VIRTUAL_ENV=$env_dir has no working bin/python; deactivate it or recreate it"
else
  env_dir="$ROOT/.venv"
  runs "$env_dir" || create "${PYTHON:-python3}" "$env_dir"
fi
python="$env_dir/bin/python"

# The stamp names the checkout it was written for: another clone sharing an active venv reinstalls.
stamp="$env_dir/.chat-installed"
installed_for=""
[[ -f "$stamp" ]] && read -r installed_for <"$stamp" || true
if [[ "$installed_for" != "$ROOT" || ! "$stamp" -nt pyproject.toml ]]; then
  log "installing the project (pip install -e \".[test]\") into $env_dir"
  "$python" -m pip install -q --disable-pip-version-check -e ".[test]" >&2
  printf '%s\n' "$ROOT" >"$stamp"
fi
printf '%s\n' "$python"
