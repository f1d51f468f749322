#!/usr/bin/env bash
# MongoDB-protocol test server (FerretDB v1.24.2, SQLite handler) for the test suite.
#
#   scripts/ferretdb.sh build                 build .cache/bin/ferretdb-chat (skipped when up to date)
#   scripts/ferretdb.sh start PORT DATADIR    build if needed, start on 127.0.0.1:PORT in the background,
#                                             wait for a MongoDB ping, print mongodb://127.0.0.1:PORT/
#   scripts/ferretdb.sh stop DATADIR          stop the server started with that DATADIR
#
# DATADIR holds the SQLite files, ferretdb.log and ferretdb.pid.
# Environment: GO (go binary), PYTHON (python3 with pymongo), FERRETDB_START_TIMEOUT (seconds, default 60).
# Go caches: the usual GOCACHE/GOMODCACHE (~/.cache/go-build, ~/go/pkg/mod) so warm builds stay fast
# across fresh clones; only when HOME is unset do they fall back to .cache/go/ in the repo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
SRC="$ROOT/tools/ferretdb"
BIN="$ROOT/.cache/bin/ferretdb-chat"
PYTHON="${PYTHON:-python3}"
TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"

die() { echo "ferretdb.sh: error: $*" >&2; exit 1; }
log() { echo "ferretdb.sh: $*" >&2; }
usage() {
  cat >&2 <<'EOF'
usage: scripts/ferretdb.sh build
       scripts/ferretdb.sh start PORT DATADIR   (prints mongodb://127.0.0.1:PORT/ when ready)
       scripts/ferretdb.sh stop DATADIR
EOF
  exit 2
}

find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go; return; fi
  die "no Go toolchain found (not on PATH, not /usr/local/go/bin/go); set GO=/path/to/go"
}

up_to_date() {
  [[ -x "$BIN" ]] || return 1
  local f
  for f in "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" "${BASH_SOURCE[0]}"; do
    [[ "$f" -nt "$BIN" ]] && return 1
  done
  return 0
}

cmd_build() {
  [[ -f "$SRC/go.mod" && -f "$SRC/go.sum" && -f "$SRC/main.go" ]] || die "missing sources in $SRC"
  if up_to_date; then log "up to date: $BIN"; return 0; fi
  local go; go="$(find_go)"
  if [[ -z "${HOME:-}" ]]; then
    export GOCACHE="${GOCACHE:-$ROOT/.cache/go/build}" GOPATH="${GOPATH:-$ROOT/.cache/go/path}"
  fi
  mkdir -p "$(dirname "$BIN")"
  local tmp="$BIN.tmp.$$" start=$SECONDS
  log "building $BIN with $("$go" version) (cold build ~1 min incl. module download, warm <2 s)"
  # GOTOOLCHAIN=local: never try to download another toolchain. CGO_ENABLED=0: the SQLite
  # driver is pure Go (modernc.org/sqlite). ferretdb_no_postgresql: leave out the unused backend.
  if ! (cd "$SRC" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly \
        "$go" build -trimpath -buildvcs=false -tags ferretdb_no_postgresql -ldflags='-s -w' -o "$tmp" .); then
    rm -f "$tmp"
    die "go build failed in $SRC (Go >= 1.24 and the Go module proxy, or a filled module cache, are needed)"
  fi
  mv -f "$tmp" "$BIN"
  log "built $BIN in $((SECONDS - start)) s"
}

# running PIDFILE: true when the pid in PIDFILE is a live ferretdb-chat process.
running() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *ferretdb-chat* ]]
}

cmd_start() {
  [[ $# -eq 2 ]] || usage
  local port="$1" dir="$2"
  [[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || die "PORT must be 1-65535, got '$port'"
  mkdir -p "$dir" || die "cannot create DATADIR '$dir'"
  dir="$(cd "$dir" && pwd -P)"
  local pidfile="$dir/ferretdb.pid" logfile="$dir/ferretdb.log"
  running "$pidfile" && die "already running (pid $(cat "$pidfile"), $pidfile); stop it first"
  rm -f "$pidfile"

  "$PYTHON" -c 'import pymongo' 2>/dev/null \
    || die "'$PYTHON' cannot import pymongo (pip install pymongo, or set PYTHON=/path/to/python)"
  if "$PYTHON" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
       "$port" 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use"
  fi

  cmd_build

  log "starting on 127.0.0.1:$port, data in $dir, log in $logfile"
  nohup "$BIN" -listen "127.0.0.1:$port" -dir "$dir" </dev/null >>"$logfile" 2>&1 &
  local pid=$!
  echo "$pid" >"$pidfile"

  if ! "$PYTHON" - "$port" "$pid" "$TIMEOUT" <<'EOF'
import os, sys, time
import pymongo
port, pid, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + timeout
last = None
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("ferretdb-chat (pid %d) exited during start-up" % pid)
    if os.path.exists("/proc/%d/status" % pid):
        with open("/proc/%d/status" % pid) as f:
            if any(l.startswith("State:") and "Z" in l.split()[1] for l in f):
                sys.exit("ferretdb-chat (pid %d) exited during start-up" % pid)
    try:
        c = pymongo.MongoClient("127.0.0.1", port, serverSelectionTimeoutMS=500,
                                connectTimeoutMS=500, directConnection=True)
        try:
            c.admin.command("ping")
            sys.exit(0)
        finally:
            c.close()
    except Exception as e:  # not up yet
        last = e
    time.sleep(0.2)
sys.exit("no reply to ping on port %d within %g s (last error: %s)" % (port, timeout, last))
EOF
  then
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    log "last lines of $logfile:"
    tail -n 20 "$logfile" >&2 || true
    die "FerretDB did not start"
  fi
  log "ready (pid $pid)"
  echo "mongodb://127.0.0.1:$port/"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir="$1"
  [[ -d "$dir" ]] || die "DATADIR '$dir' does not exist"
  local pidfile="$dir/ferretdb.pid"
  if [[ ! -f "$pidfile" ]]; then log "not running (no $pidfile)"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  if ! running "$pidfile"; then
    rm -f "$pidfile"
    log "not running (stale pid file removed)"
    return 0
  fi
  kill -TERM "$pid"
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive 10 s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped (pid $pid)"
}

[[ $# -ge 1 ]] || usage
sub="$1"; shift
case "$sub" in
  build) [[ $# -eq 0 ]] || usage; cmd_build ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  -h|--help|help) usage ;;
  *) log "unknown command '$sub'"; usage ;;
esac
