"""Shared pieces of the benchmark runners: servers, FerretDB, users, the Node load generator,
/proc readings and tables. Loopback only; every wait is bounded."""

from __future__ import annotations

import argparse
import json
import os
import queue
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LOADGEN = BENCH / "loadgen"
JWT_SECRET = "bench-secret-that-is-long-enough-for-hs256-0123456789abcdef"
PASSWORD = "bench-Pw-7f3a9c21d4e8"
CLK_TCK = os.sysconf("SC_CLK_TCK")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def log(*parts: object) -> None:
    print("[bench]", *parts, file=sys.stderr, flush=True)


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--oneline"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "chat", "wsgi.py", "Procfile"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return out + (" (+ uncommitted changes in chat/)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit(wanted: int = 10000) -> int:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, wanted), hard) if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


# ---------------------------------------------------------------- /proc
def proc_cpu_s(pid: int) -> float:
    """utime + stime of a process, in seconds (clock-tick resolution)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def machine_busy_s() -> float:
    """CPU seconds spent by the whole machine (all cores, not idle/iowait) since boot."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def wait_quiet(
    own_pids: list[int], max_wait_s: float, threshold: float = 0.3, window_s: float = 2.0
) -> float:
    """Wait (at most max_wait_s) until everything but own_pids uses < threshold of a core over a
    window; the last measured foreign load (cores)."""
    deadline = time.monotonic() + max_wait_s
    while True:
        own0 = sum(proc_cpu_s(p) for p in own_pids)
        busy0 = machine_busy_s()
        time.sleep(window_s)
        foreign = (
            machine_busy_s() - busy0 - (sum(proc_cpu_s(p) for p in own_pids) - own0)
        ) / window_s
        if foreign < threshold or time.monotonic() >= deadline:
            return max(0.0, foreign)


class CpuMeter:
    """CPU seconds used by named processes, and by everything else on the machine, between
    start() and stop(): {name: s, ..., "other": s, "wall": s}."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self._own0: dict[str, float] = {}
        self._busy0 = self._t0 = 0.0

    def start(self) -> CpuMeter:
        self._own0 = {name: proc_cpu_s(pid) for name, pid in self.pids.items()}
        self._busy0, self._t0 = machine_busy_s(), time.monotonic()
        return self

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self._t0
        used = {name: proc_cpu_s(pid) - self._own0[name] for name, pid in self.pids.items()}
        other = machine_busy_s() - self._busy0 - sum(used.values())
        return {**used, "other": max(0.0, other), "wall": wall}


def proc_mem_kib(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


def reset_peak_rss(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            kids.append(int(entry))
    return kids


# ---------------------------------------------------------------- servers
# The product's abuse limits (chat/limits.py) would refuse a load test from one address; "high"
# keeps the limiter running (its cost is measured) with limits no benchmark reaches, "off" sets
# RATELIMIT_ENABLED=false, "product" keeps the product's defaults.
LIMIT_KEYS = (
    "RATELIMIT_API",
    "RATELIMIT_SIGNUP",
    "RATELIMIT_LOGIN",
    "SOCKET_MESSAGE_LIMIT",
    "SOCKET_EVENT_LIMIT",
)
LIMITS_MODE = os.environ.get("BENCH_LIMITS", "high")


# Every load-generator socket comes from loopback, one address: the per-address socket cap
# (MAX_SOCKETS_PER_ADDRESS, default 200) would refuse all but the first 200.
ONE_ADDRESS = {"MAX_SOCKETS_PER_ADDRESS": "1000000"}


def limit_env(mode: str = LIMITS_MODE) -> dict[str, str]:
    if mode == "off":
        return {"RATELIMIT_ENABLED": "false", **ONE_ADDRESS}
    if mode == "high":
        return {**{key: "10000000 per minute" for key in LIMIT_KEYS}, **ONE_ADDRESS}
    return {}


# gunicorn worker class per ASYNC_MODE, as README "Deploy" and wsgi.py's docstring give them
WORKER_CLASSES = {
    "eventlet": "eventlet",
    "gevent": "geventwebsocket.gunicorn.workers.GeventWebSocketWorker",
}


def procfile_web() -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web":
            return shlex.split(command)
    raise LookupError("no web: line in the Procfile")


class Server:
    """The Procfile's web process (gunicorn -k eventlet -w 1), bound to 127.0.0.1.

    app: the WSGI app spec replacing the Procfile's (e.g. bench.relay_app:app); None keeps it.
    worker_connections: gunicorn's eventlet worker serves at most this many connections at once
    (default 1000: the 1,001st connection waits); set through GUNICORN_CMD_ARGS only when the
    Procfile does not choose it itself.
    async_mode: "eventlet" or "gevent" sets ASYNC_MODE and the matching gunicorn worker class
    (WORKER_CLASSES) in place of the Procfile's `-k`; None keeps the Procfile and environment.
    Several Servers may share one data_dir (one SQLite store): start them one after the other.
    """

    def __init__(
        self,
        name: str,
        data_dir: Path,
        mongo_uri: str | None = None,
        app: str | None = None,
        extra_env: dict[str, str] | None = None,
        worker_connections: int | None = None,
        async_mode: str | None = None,
    ) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log_path = data_dir / f"{name}-{self.port}.log"
        argv = procfile_web()
        argv = [a.replace("$PORT", str(self.port)) for a in argv]
        argv = [a.replace("0.0.0.0:", "127.0.0.1:") for a in argv]  # loopback only
        if app:
            argv = [app if a == "wsgi:app" else a for a in argv]
        if async_mode:
            argv = with_worker_class(argv, WORKER_CLASSES[async_mode])
        bin_dir = Path(sys.executable).parent
        if (bin_dir / argv[0]).exists():
            argv[0] = str(bin_dir / argv[0])
        self.argv = argv
        env = {
            **os.environ,
            "APP_ENV": "test",
            "PORT": str(self.port),
            "DATA_DIR": str(data_dir),
            "JWT_SECRET": JWT_SECRET,
            "MONGO_DB_URI": mongo_uri or "",
            "CHAT_DIAGNOSTICS": "1",
            "PYTHONWARNINGS": "ignore",
            **limit_env(),
            **({"ASYNC_MODE": async_mode} if async_mode else {}),
            **(extra_env or {}),
        }
        self.gunicorn_args = ""
        if worker_connections and not any(a.startswith("--worker-connections") for a in argv):
            self.gunicorn_args = f"--worker-connections {worker_connections}"
            env["GUNICORN_CMD_ARGS"] = (
                env.get("GUNICORN_CMD_ARGS", "") + " " + self.gunicorn_args
            ).strip()
        self.env = env
        self.process: subprocess.Popen | None = None
        self.worker_pid: int | None = None

    def start(self, timeout: float = 60) -> Server:
        with open(self.log_path, "a") as out:
            self.process = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/api/auth/me", timeout=2).status_code == 401:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(
                f"{self.name} not ready in {timeout}s: {self.log_path.read_text()[-3000:]}"
            )
        kids = children_of(self.process.pid)
        if len(kids) != 1:
            raise RuntimeError(f"expected one gunicorn worker, found {kids}")
        self.worker_pid = kids[0]
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGQUIT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    # diagnostics (chat/diagnostics.py): None when the app does not expose them
    def diagnostics(self) -> dict[str, Any] | None:
        try:
            r = requests.get(self.url + "/api/_diagnostics", timeout=10)
        except requests.RequestException:
            return None
        return r.json() if r.status_code == 200 else None

    def reset_diagnostics(self) -> dict[str, Any] | None:
        try:
            r = requests.post(self.url + "/api/_diagnostics/reset", timeout=10)
        except requests.RequestException:
            return None
        return r.json() if r.status_code == 200 else None

    def cpu_s(self) -> float:
        return proc_cpu_s(self.worker_pid)

    def event_histograms(self) -> dict[str, dict[float, float]] | None:
        """The product's chat_socket_event_seconds buckets per event from /metrics (cumulative
        counts by upper bound), or None when it has none (the relay)."""
        try:
            r = requests.get(self.url + "/metrics", timeout=10)
        except requests.RequestException:
            return None
        if r.status_code != 200:
            return None
        out: dict[str, dict[float, float]] = {}
        for line in r.text.splitlines():
            if not line.startswith("chat_socket_event_seconds_bucket{"):
                continue
            labels, _, value = line.rpartition(" ")
            fields = dict(kv.split("=", 1) for kv in labels[labels.index("{") + 1 : -1].split(","))
            le = fields["le"].strip('"')
            out.setdefault(fields["event"].strip('"'), {})[float(le)] = float(value)
        return out

    def mem_kib(self) -> dict[str, int]:
        return proc_mem_kib(self.worker_pid)


def with_worker_class(argv: list[str], worker: str) -> list[str]:
    """A gunicorn command line with its worker class (-k X, --worker-class X or =X) replaced."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg in ("-k", "--worker-class") and i + 1 < len(out):
            out[i + 1] = worker
            return out
        if arg.startswith("--worker-class="):
            out[i] = f"--worker-class={worker}"
            return out
    return [out[0], "-k", worker, *out[1:]]


def start_redis() -> RedisServer:
    """A throw-away Debian redis-server on a free loopback port (tests/redis_server.py: no
    persistence); .url, .process.pid, .stop()."""
    from tests.redis_server import RedisServer

    return RedisServer()


def product_app_spec() -> str | None:
    """None (the Procfile's wsgi:app) when chat/__init__.py installs the diagnostics itself,
    else bench.diag_wsgi:app, which adds them to the same app without touching chat/."""
    text = (ROOT / "chat" / "__init__.py").read_text()
    return None if "init_diagnostics" in text else "bench.diag_wsgi:app"


class FerretDB:
    """scripts/ferretdb.sh start/stop around a temporary data directory."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bench-ferretdb-"))
        self.port = free_port()
        self.uri: str | None = None

    def start(self) -> str:
        out = subprocess.run(
            [str(ROOT / "scripts" / "ferretdb.sh"), "start", str(self.port), str(self.dir)],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "PYTHON": sys.executable},
        )
        if out.returncode != 0:
            raise RuntimeError(f"ferretdb.sh start failed: {out.stderr[-2000:]}")
        self.uri = out.stdout.strip().splitlines()[-1]
        return self.uri

    def pid(self) -> int | None:
        try:
            return int((self.dir / "ferretdb.pid").read_text())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "ferretdb.sh"), "stop", str(self.dir)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- users
def signup_users(url: str, count: int, prefix: str, workers: int = 8) -> list[dict[str, str]]:
    """Sign up `count` users over HTTP; [{id, username, cookie}] in order."""

    def one(i: int) -> dict[str, str]:
        username = f"{prefix}{i:05d}"
        for attempt in range(5):
            try:
                r = requests.post(
                    url + "/api/auth/signup",
                    json={
                        "full_name": f"Bench User {i}",
                        "username": username,
                        "password": PASSWORD,
                        "confirm_password": PASSWORD,
                    },
                    timeout=30,
                )
            except requests.RequestException:
                time.sleep(0.2 * (attempt + 1))
                continue
            if r.status_code == 201:
                # access_token_cookie (or __Host-access_token in production): the session cookie
                name = next(
                    c.name for c in r.cookies if "access" in c.name and "csrf" not in c.name
                )
                csrf = next(
                    (c.name for c in r.cookies if "csrf" in c.name and "access" in c.name), ""
                )
                return {
                    "id": r.json()["user"]["id"],
                    "username": username,
                    "cookie": f"{name}={r.cookies.get(name)}",
                    "csrf": r.cookies.get(csrf) if csrf else "",
                }
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"signup of {username} failed: {r.status_code} {r.text[:200]}")

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def partition(spec: str, users: int) -> list[list[int]]:
    """ "COUNTxMEMBERS" -> COUNT groups of MEMBERS consecutive user indices (wrapping around)."""
    count, _, members = spec.lower().partition("x")
    n, m = int(count), int(members)
    if not (1 <= n <= 10_000 and 2 <= m <= users):
        raise ValueError(f"bad group layout {spec!r} for {users} users")
    return [[(g * m + k) % users for k in range(m)] for g in range(n)]


def create_groups(
    url: str, users: list[dict[str, str]], layout: list[list[int]], relay: bool = False
) -> list[dict[str, Any]]:
    """Each group made over HTTP by its first member (POST /api/conversations, CSRF header; the
    relay takes ?user=): [{id, members: [user index]}] for the load generator."""
    groups = []
    with requests.Session() as http:
        for k, members in enumerate(layout):
            owner = users[members[0]]
            body = {"title": f"bench group {k}", "member_ids": [users[i]["id"] for i in members]}
            if relay:
                r = http.post(f"{url}/api/conversations?user={owner['id']}", json=body, timeout=30)
            else:
                r = http.post(
                    url + "/api/conversations",
                    json=body,
                    headers={"Cookie": owner["cookie"], "X-CSRF-TOKEN": owner["csrf"]},
                    timeout=30,
                )
            if r.status_code != 201:
                raise RuntimeError(f"group {k}: {r.status_code} {r.text[:300]}")
            groups.append({"id": r.json()["conversation"]["id"], "members": members})
    log(f"made {len(groups)} groups of {len(layout[0])} members")
    return groups


# ---------------------------------------------------------------- Node load generator
def ensure_loadgen() -> None:
    if (LOADGEN / "node_modules" / "socket.io-client").is_dir():
        return
    log("installing the load generator (npm ci in bench/loadgen)")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"],
        cwd=LOADGEN,
        check=True,
        timeout=300,
        stdout=sys.stderr,
    )


class LoadGen:
    """bench/loadgen/loadgen.mjs as a child process: one JSON command in, one JSON result out.

    url: one server, or a list of server processes: user i then connects to url[i % len(url)].
    """

    def __init__(
        self, url: str | list[str], users: list[dict[str, str]], auth: str = "cookie"
    ) -> None:
        ensure_loadgen()
        urls = [url] if isinstance(url, str) else list(url)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as cfg:
            json.dump({"url": urls[0], "urls": urls, "users": users, "auth": auth}, cfg)
        self._cfg = cfg
        self.process = subprocess.Popen(
            ["node", "--max-old-space-size=2048", str(LOADGEN / "loadgen.mjs"), self._cfg.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=sys.stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def cpu_s(self) -> float:
        return proc_cpu_s(self.process.pid)

    def call(self, cmd: str, timeout: float = 120, **args: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, **args}) + "\n")
        self.process.stdin.flush()
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty as err:
            raise RuntimeError(f"load generator: no answer to {cmd} in {timeout}s") from err
        if line is None:
            raise RuntimeError("load generator exited")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise RuntimeError(f"load generator: {cmd} failed: {reply.get('error')}")
        return reply.get("result", {})

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.call("quit", timeout=10)
        except (RuntimeError, OSError, ValueError):
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        os.unlink(self._cfg.name)


def wait_sockets(server: Server, at_most: int, timeout: float = 60) -> int | None:
    """Wait (bounded) until the server holds at most `at_most` sockets; the count seen."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        d = server.diagnostics()
        seen = d["socketio"].get("sockets") if d else None
        if seen is None or seen <= at_most:
            return seen
        time.sleep(0.5)
    return seen


def cleanup_dir(path: Path) -> None:
    """Remove a run's temporary data directory (databases, server log) unless BENCH_KEEP=1."""
    if os.environ.get("BENCH_KEEP") == "1":
        log(f"kept {path}")
        return
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------- output
def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(out)


def histogram_quantiles(
    before: dict[str, dict[float, float]] | None,
    after: dict[str, dict[float, float]] | None,
    qs: tuple[float, ...] = (0.5, 0.99),
) -> dict[str, dict[str, float | None]]:
    """Per event: how many were handled between two event_histograms() readings and the upper
    bucket bounds (ms) their quantiles fall in (coarse: the product's latency buckets)."""
    out: dict[str, dict[str, float | None]] = {}
    for event, buckets in (after or {}).items():
        old = (before or {}).get(event, {})
        delta = sorted((le, n - old.get(le, 0.0)) for le, n in buckets.items())
        total = delta[-1][1] if delta else 0
        row: dict[str, float | None] = {"n": total}
        for q in qs:
            bound = next((le for le, n in delta if total and n >= q * total), None)
            row[f"p{round(q * 100)}_ms"] = None if bound is None else round(bound * 1000, 1)
        out[event] = row
    return out


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    v = sorted(values)

    def at(q: float) -> float:
        return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))]

    return {"n": len(v), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": v[-1]}


def results_dir() -> Path:
    d = BENCH / "results"
    d.mkdir(exist_ok=True)
    return d


def save_json(name: str, data: Any) -> Path:
    path = results_dir() / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


# ---------------------------------------------------------------- open-loop runners
def add_step_options(ap: argparse.ArgumentParser, rates: str) -> None:
    """The options every open-loop runner (run_messaging, run_scaleout) shares."""
    ap.add_argument("--users", type=int, default=1000, help="connected users, one socket each")
    ap.add_argument("--rates", default=rates, help="offered msgs/s per step")
    ap.add_argument("--duration", type=float, default=20, help="seconds per step")
    ap.add_argument(
        "--drain", type=float, default=5, help="seconds to wait for late acks/deliveries"
    )
    ap.add_argument("--settle", type=float, default=2, help="pause between steps")
    ap.add_argument("--text-len", type=int, default=40)
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=30,
        help="before each step wait up to this long for other processes to use "
        "< 0.3 core (0: never wait)",
    )


def wait_until_quiet(own_pids: list[int], args: argparse.Namespace) -> None:
    """--quiet-wait: before a step, wait for the rest of the machine to calm down."""
    if not args.quiet_wait:
        return
    t = time.monotonic()
    foreign = wait_quiet(own_pids, args.quiet_wait)
    if time.monotonic() - t > 3:
        log(f"waited {time.monotonic() - t:.0f}s for a quieter machine ({foreign:.2f} cores)")


def run_step(gen: LoadGen, args: argparse.Namespace, rate: int, n: int, pairs: str) -> dict:
    """One open-loop step of the load generator (step n, seeded by n), as run_messaging and
    run_scaleout measure it."""
    return gen.call(
        "step",
        timeout=args.duration + args.drain + 120,
        rate=rate,
        duration_s=args.duration,
        drain_s=args.drain,
        step_id=n,
        seed=n,
        text_len=args.text_len,
        pairs=pairs,
    )


def ack_errors(steps: list[dict[str, Any]]) -> dict[str, int]:
    """Error acks by code, summed over the steps."""
    total: dict[str, int] = {}
    for step in steps:
        for code, count in step["ack_errors"].items():
            total[code] = total.get(code, 0) + count
    return total


def require_all_connected(connect: dict[str, Any]) -> None:
    """A partial connect measures something else: stop instead."""
    if connect["connected"] < connect["requested"]:
        got = f"{connect['connected']}/{connect['requested']}"
        raise RuntimeError(f"only {got} sockets connected: {connect['errors']}")
