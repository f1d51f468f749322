#!/usr/bin/env bash
# The whole suite: installs deps, builds and checks the client, starts a MongoDB-protocol server
# (FerretDB) so the storage conformance suite runs on both backends, then pytest.
# Extra arguments go to pytest, e.g. scripts/test.sh -k presence.
# Python: the active virtual environment, else .venv/ made from $PYTHON (see scripts/venv.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }

step "python environment and dependencies"
PYTHON="$(scripts/venv.sh)"
echo "python: $PYTHON"

step "client: install, lint, typecheck, unit tests, build"
(cd client && npm ci --no-audit --no-fund --loglevel=error && npm run lint && npm run typecheck \
  && npm test && npm run build)

step "python lint"
"$PYTHON" -m ruff check chat tests wsgi.py
"$PYTHON" -m ruff format --check chat tests wsgi.py

if [ -z "${MONGO_TEST_URI:-}" ]; then
  step "FerretDB (MongoDB protocol) for the mongo backend"
  FERRET_DIR="$(mktemp -d)"
  trap 'scripts/ferretdb.sh stop "$FERRET_DIR" || true; rm -rf "$FERRET_DIR"' EXIT
  FERRET_PORT="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  MONGO_TEST_URI="$(PYTHON="$PYTHON" scripts/ferretdb.sh start "$FERRET_PORT" "$FERRET_DIR")"
  export MONGO_TEST_URI
fi

step "pytest (MONGO_TEST_URI=$MONGO_TEST_URI)"
"$PYTHON" -m pytest "$@"
