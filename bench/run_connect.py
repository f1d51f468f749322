"""Connect benchmark: N users (signed up over HTTP) open their sockets at once.

    bench/run_connect.sh [--backends sqlite,mongo] [--users 1000] [--rounds 3] [--no-relay]

Each round the Node load generator opens every socket at the same moment (websocket transport,
the `access_token_cookie` in a Cookie header) and times each one from `io()` to its `connect`
event; the total is from the first `io()` to the last `connect`. Then it closes them all and waits
for the server to see them gone. Also: the server's CPU per connect, the memory each socket holds
(worker RSS after - before, per socket) and the presence/online_users events the clients got.
Targets: all 1,000 connected in < 3 s, p99 per connect < 500 ms.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    FerretDB,
    LoadGen,
    Server,
    cleanup_dir,
    git_commit,
    log,
    machine_busy_s,
    product_app_spec,
    raise_fd_limit,
    save_json,
    signup_users,
    table,
    wait_sockets,
)

TOTAL_TARGET_MS = 3000
P99_TARGET_MS = 500


def run_target(name: str, backend: str | None, args: argparse.Namespace) -> list[dict[str, Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-connect-{name}-"))
    ferret = server = gen = None
    rounds: list[dict[str, Any]] = []
    try:
        mongo_uri = None
        if backend == "mongo":
            if args.mongo_uri:
                mongo_uri = args.mongo_uri.rstrip("/") + f"/bench_connect_{int(time.time())}"
            else:
                ferret = FerretDB()
                mongo_uri = ferret.start().rstrip("/") + "/bench"
        if backend is None:
            server = Server("relay", data_dir, app="bench.relay_app:app").start()
            users = [{"id": f"r{i:05d}", "cookie": ""} for i in range(args.users)]
        else:
            server = Server(name, data_dir, mongo_uri=mongo_uri, app=product_app_spec()).start()
            t = time.monotonic()
            users = signup_users(server.url, args.users, f"c{int(time.time()) % 100000}_")
            log(f"{name}: signed up {len(users)} users in {time.monotonic() - t:.1f}s")
        gen = LoadGen(server.url, users, auth="query" if backend is None else "cookie")
        modes = [0] + ([args.paced] if args.paced else [])
        for r, concurrency in ((r, c) for r in range(1, args.rounds + 1) for c in modes):
            time.sleep(1)
            server.reset_diagnostics()
            mem0, cpu0, busy0 = server.mem_kib(), server.cpu_s(), machine_busy_s()
            gcpu0 = gen.cpu_s()
            res = gen.call(
                "connect",
                timeout=args.timeout + 60,
                count=args.users,
                timeout_s=args.timeout,
                concurrency=concurrency,
            )
            cpu, gcpu = server.cpu_s() - cpu0, gen.cpu_s() - gcpu0
            busy = machine_busy_s() - busy0
            mem1 = server.mem_kib()
            diag = server.diagnostics() or {}
            res.update(
                round=r,
                server_cpu_ms=round(1000 * cpu),
                server_cpu_ms_per_connect=round(1000 * cpu / max(1, res["connected"]), 3),
                kib_per_socket=round((mem1["VmRSS"] - mem0["VmRSS"]) / max(1, res["connected"]), 1),
                rss_mib=round(mem1["VmRSS"] / 1024, 1),
                server_sockets=(diag.get("socketio") or {}).get("sockets"),
                gc_max_ms=(diag.get("gc") or {}).get("max_ms"),
                loop_lag_max_ms=(diag.get("loop_lag") or {}).get("max_ms"),
                other_cpu_s=round(max(0.0, busy - cpu - gcpu), 2),
            )
            res["pass"] = (
                res["connected"] == args.users
                and res["total_ms"] < TOTAL_TARGET_MS
                and (res["per_connect_ms"]["p99"] or 1e9) < P99_TARGET_MS
            )
            rounds.append(res)
            log(
                f"{name} round {r} ({res['concurrency']} at once): {res['connected']}/{args.users} "
                f"in {res['total_ms']:.0f} ms, p99 {res['per_connect_ms']['p99']} ms"
            )
            gen.call("disconnect", timeout=30, wait_ms=500)
            left = wait_sockets(server, 0, timeout=60)
            if left:
                log(f"{name}: {left} sockets still open on the server after 60 s")
    finally:
        if gen:
            gen.close()
        if server:
            server.stop()
        if ferret:
            ferret.stop()
        cleanup_dir(data_dir)
    return rounds


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backends", default="sqlite,mongo")
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30, help="seconds to wait for every connect")
    ap.add_argument(
        "--paced",
        type=int,
        default=50,
        help="also connect with at most this many handshakes in flight (0: burst only)",
    )
    ap.add_argument("--no-relay", action="store_true")
    ap.add_argument("--mongo-uri", default="")
    args = ap.parse_args()
    if not 1 <= args.users <= 5000 or not 1 <= args.rounds <= 20:
        ap.error("bounds: 1..5000 users, 1..20 rounds")
    raise_fd_limit(10000)
    commit = git_commit()
    log(f"measuring {commit}")
    targets = [(f"product-{b.strip()}", b.strip()) for b in args.backends.split(",") if b.strip()]
    if not args.no_relay:
        targets.append(("relay", None))
    results: dict[str, Any] = {}
    for name, backend in targets:
        try:
            results[name] = run_target(name, backend, args)
        except Exception as err:
            log(f"{name} failed: {err}")
            results[name] = {"error": str(err)}

    print(f"\n# Connect benchmark — {commit}")
    print(
        f"{args.users} sockets per round, all at once ('all') or at most --paced handshakes in "
        "flight; per-connect = io() to 'connect' (ms); "
        f"targets: total < {TOTAL_TARGET_MS} ms, p99 < {P99_TARGET_MS} ms"
    )
    rows = []
    for name, rounds in results.items():
        if isinstance(rounds, dict):
            rows.append([name, "-", "-", "FAILED: " + rounds["error"][:60]] + ["-"] * 12)
            continue
        for r in rounds:
            pc = r["per_connect_ms"]
            rows.append(
                [
                    name,
                    r["round"],
                    r["concurrency"],
                    f"{r['connected']}/{r['requested']}",
                    r["failed"],
                    r["total_ms"],
                    pc["p50"],
                    pc["p95"],
                    pc["p99"],
                    pc["max"],
                    r["server_cpu_ms_per_connect"],
                    r["kib_per_socket"],
                    r["presence_events"],
                    r["gc_max_ms"],
                    r["loop_lag_max_ms"],
                    "yes" if r["pass"] else "no",
                ]
            )
    print(
        table(
            [
                "target",
                "round",
                "in flight",
                "connected",
                "failed",
                "total ms",
                "p50",
                "p95",
                "p99",
                "max",
                "cpu ms/conn",
                "KiB/socket",
                "presence ev",
                "gc max",
                "lag max",
                "ok",
            ],
            rows,
        )
    )
    path = save_json("connect", {"commit": commit, "args": vars(args), "results": results})
    print(f"raw results: {path}")


if __name__ == "__main__":
    main()
