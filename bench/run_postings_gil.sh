#!/usr/bin/env bash
# Usage from the repo root: bench/run_postings_gil.sh [options]   (--help for the options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10000 ]; then ulimit -n 10000; fi
exec "${PYTHON:-$(scripts/venv.sh)}" bench/run_postings_gil.py "$@"
