#!/usr/bin/env bash
# Messaging benchmark (open loop, product on SQLite and MongoDB/FerretDB, bare relay baseline).
# Usage from the repo root: bench/run_messaging.sh [options]   (--help for the options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10000 ]; then ulimit -n 10000; fi
exec "${PYTHON:-$(scripts/venv.sh)}" bench/run_messaging.py "$@"
