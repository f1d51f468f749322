"""Messaging benchmark, open loop: N connected users, R msgs/s to random other users, per step.

    bench/run_messaging.sh [--backends sqlite,mongo] [--rates 200,400,600,800,1000] [--users 1000]
                           [--duration 20] [--no-relay] [--profile-rate 600] [--mongo-uri URI]

For each target (the product on SQLite, the bare relay bench/relay_app.py, the product on MongoDB
through a FerretDB started here) it starts the Procfile's web process, connects the users from
one Node process (bench/loadgen), then steps the offered rate. Latency is the receiver's
`new_message` time minus the message's *scheduled* send time (open loop: sends never wait for
acks). A step passes with p99 < 100 ms and nothing lost, errored or unacked; the highest passing
step is the max sustainable rate, and the product's is divided by the relay's.
Server CPU per delivered message comes from /proc/<worker>/stat; GC pauses and event-loop lag
from the server's /api/_diagnostics (chat/diagnostics.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    FerretDB,
    LoadGen,
    Server,
    ack_errors,
    add_step_options,
    cleanup_dir,
    git_commit,
    log,
    machine_busy_s,
    proc_cpu_s,
    product_app_spec,
    raise_fd_limit,
    require_all_connected,
    results_dir,
    run_step,
    save_json,
    signup_users,
    table,
    wait_sockets,
    wait_until_quiet,
)

P99_TARGET_MS = 100.0


def passed(step: dict[str, Any]) -> bool:
    return (
        step["latency_ms"]["p99"] is not None
        and step["latency_ms"]["p99"] < P99_TARGET_MS
        and step["lost"] == 0
        and step["error_acks"] == 0
        and step["unacked"] == 0
    )


def overloaded(step: dict[str, Any]) -> bool:
    """Past the knee: higher rates would only take long and tell nothing new."""
    p99 = step["latency_ms"]["p99"] or 1e9
    return (
        p99 > 2000
        or step["delivered"] < 0.9 * step["sent"]
        or step["unacked"] > 0.01 * step["sent"]
    )


IDLE_LEAVES = ("Hub.do_poll", "Condition.wait", "Queue.get", "Event.wait")
GENERIC = (
    "GreenThread.main",
    "BaseHub.run",
    "Thread._bootstrap",
    "Thread.run",
    "tworker",
    "__thread_body",
    "Server._handle_event_internal",
    "Server._trigger_event",
    "SocketIO._handle_event",
    "SocketIO.on.<locals>.decorator.<locals>._handler",
    "handler.<locals>.register.<locals>.wrapped",
    "<module>",
)


def summarize_pyspy(raw_path: Path, top: int = 22) -> dict[str, Any]:
    """Where the worker's time goes, from `py-spy record -f raw` (collapsed stacks).

    Greenlets share the main OS thread, so a sample of it is whatever greenlet runs then; a
    waiting greenlet is never sampled. Samples are split into: the event loop idle (epoll wait),
    the event loop busy (all handler/socket/GC work: the CPU that limits throughput), eventlet's
    tpool threads busy (SQLite commits, fsync) or idle. Function shares are inclusive, as a
    percentage of the event loop's busy samples.
    """
    kinds: Counter[str] = Counter()
    busy: Counter[str] = Counter()
    selfc: Counter[str] = Counter()
    busy_total = 0
    for line in raw_path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [f.split(" (")[0] for f in stack.split(";")]
        pool = "tworker" in frames or "tpool_trampoline" in frames
        idle = frames[-1] in IDLE_LEAVES
        kind = ("pool" if pool else "loop") + (" idle" if idle else " busy")
        kinds[kind] += n
        if kind == "loop busy":
            busy_total += n
            selfc[frames[-1]] += n
            for f in set(frames):
                if f not in GENERIC:
                    busy[f] += n
    total = sum(kinds.values())
    if not total:
        return {"samples": 0, "split": {}, "inclusive": [], "self": []}

    def share(counter: Counter[str], base: int) -> list[tuple[str, float]]:
        return [(k, round(100 * v / base, 1)) for k, v in counter.most_common(top)]

    return {
        "samples": total,
        "split": {k: round(100 * v / total, 1) for k, v in sorted(kinds.items())},
        "inclusive": share(busy, busy_total) if busy_total else [],
        "self": share(selfc, busy_total)[:12] if busy_total else [],
    }


class Target:
    def __init__(self, name: str, kind: str, backend: str | None) -> None:
        self.name, self.kind, self.backend = name, kind, backend
        self.connect: dict[str, Any] | None = None
        self.steps: list[dict[str, Any]] = []
        self.tuning: dict[str, Any] = {}
        self.profile: dict[str, Any] | None = None
        self.notes: list[str] = []

    def max_rate(self) -> int | None:
        ok = [s["rate"] for s in self.steps if s["pass"]]
        return max(ok) if ok else None


def run_target(target: Target, args: argparse.Namespace, relay_env: dict[str, str]) -> Target:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-{target.name}-"))
    ferret: FerretDB | None = None
    server: Server | None = None
    gen: LoadGen | None = None
    try:
        mongo_uri = None
        if target.backend == "mongo":
            if args.mongo_uri:
                mongo_uri = args.mongo_uri.rstrip("/") + f"/bench_{int(time.time())}"
            else:
                ferret = FerretDB()
                log("starting FerretDB")
                mongo_uri = ferret.start().rstrip("/") + "/bench"
            if args.mongo_options:
                mongo_uri += "?" + args.mongo_options
                target.notes.append(f"MONGO_DB_URI options: {args.mongo_options}")
        if target.backend == "sqlite" and args.sqlite_pre_sql:
            # Experiment knob: the product's schema plus extra SQL (say an index) before start.
            import sqlite3

            from common import ROOT

            db = sqlite3.connect(data_dir / "chat.sqlite3")
            db.executescript((ROOT / "chat/storage/sqlite/schema.sql").read_text())
            db.executescript(args.sqlite_pre_sql)
            db.close()
            target.notes.append(f"SQLite prepared with: {args.sqlite_pre_sql}")
        if target.kind == "relay":
            server = Server("relay", data_dir, app="bench.relay_app:app", extra_env=relay_env)
        else:
            server = Server(target.name, data_dir, mongo_uri=mongo_uri, app=product_app_spec())
        server.start()
        log(f"{target.name}: {' '.join(server.argv[1:])} (worker pid {server.worker_pid})")
        diag = server.diagnostics()
        if diag:
            target.tuning = {
                "frozen_objects": diag["gc"]["frozen_objects"],
                "gc_thresholds": diag["gc"]["thresholds"],
                **diag["socketio"],
            }
        if target.kind == "relay":
            users = [{"id": f"r{i:05d}", "cookie": ""} for i in range(args.users)]
        else:
            t = time.monotonic()
            users = signup_users(server.url, args.users, f"b{int(time.time()) % 100000}_")
            log(f"{target.name}: signed up {len(users)} users in {time.monotonic() - t:.1f}s")
        gen = LoadGen(server.url, users, auth="query" if target.kind == "relay" else "cookie")
        target.connect = gen.call("connect", timeout=120, count=args.users, timeout_s=60)
        c = target.connect
        log(
            f"{target.name}: connected {c['connected']}/{c['requested']} in {c['total_ms']:.0f} ms "
            f"(p99 {c['per_connect_ms']['p99']} ms)"
        )
        require_all_connected(c)
        time.sleep(args.settle)
        first_rate = (args.mongo_rates if target.backend == "mongo" else args.rates)[0]
        gen.call(
            "step",
            timeout=120,
            # partners: long enough to open most of the 5 x users conversations beforehand
            rate=min(400 if args.pairs == "partners" else 100, first_rate),
            duration_s=20 if args.pairs == "partners" else 3,
            drain_s=5,
            step_id=0,
            text_len=args.text_len,
            pairs=args.pairs,
        )  # warm-up, not reported
        ferret_pid = ferret.pid() if ferret else None
        rates = args.mongo_rates if target.backend == "mongo" else args.rates
        for n, rate in enumerate(rates, start=1):
            time.sleep(args.settle)
            own = [server.worker_pid, gen.process.pid] + ([ferret_pid] if ferret_pid else [])
            wait_until_quiet(own, args)
            server.reset_diagnostics()
            cpu0, gcpu0 = server.cpu_s(), gen.cpu_s()
            fcpu0 = proc_cpu_s(ferret_pid) if ferret_pid else None
            mem0 = server.mem_kib()
            busy0 = machine_busy_s()
            spy = None
            if args.profile_rate == rate and target.kind == "product":
                raw = results_dir() / f"pyspy-{target.name}-{rate}-{time.strftime('%H%M%S')}.txt"
                spy = subprocess.Popen(
                    [
                        "py-spy",
                        "record",
                        "-p",
                        str(server.worker_pid),
                        "--nonblocking",
                        "-r",
                        "200",
                        "-d",
                        str(int(args.duration)),
                        "-f",
                        "raw",
                        "-o",
                        str(raw),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            t0 = time.monotonic()
            step = run_step(gen, args, rate, n, args.pairs)
            wall = time.monotonic() - t0
            cpu = server.cpu_s() - cpu0
            gcpu = gen.cpu_s() - gcpu0
            fcpu = proc_cpu_s(ferret_pid) - fcpu0 if ferret_pid else None
            # CPU used by anything else on the machine (other sessions' tests...): noise marker
            other = machine_busy_s() - busy0 - cpu - gcpu - (fcpu or 0)
            diag = server.diagnostics() or {}
            mem1 = server.mem_kib()
            if spy is not None:
                try:
                    spy.wait(args.duration + 30)
                    target.profile = {"rate": rate, "file": str(raw), **summarize_pyspy(raw)}
                except (subprocess.TimeoutExpired, OSError) as err:
                    spy.kill()
                    target.notes.append(f"py-spy failed: {err}")
            delivered = max(1, step["delivered"])
            step.update(
                server_cpu_s=round(cpu, 2),
                server_cpu_ms_per_msg=round(1000 * cpu / delivered, 3),
                server_cpu_pct=round(100 * cpu / wall, 1),
                generator_cpu_pct=round(100 * gcpu / wall, 1),
                ferretdb_cpu_ms_per_msg=round(1000 * fcpu / delivered, 3)
                if fcpu is not None
                else None,
                ferretdb_cpu_pct=round(100 * fcpu / wall, 1) if fcpu is not None else None,
                gc=diag.get("gc"),
                loop_lag=diag.get("loop_lag"),
                rss_mib=round(mem1["VmRSS"] / 1024, 1),
                rss_delta_mib=round((mem1["VmRSS"] - mem0["VmRSS"]) / 1024, 1),
                wall_s=round(wall, 2),
                other_cpu_pct=round(100 * max(0.0, other) / wall, 1),
            )
            step["pass"] = passed(step)
            target.steps.append(step)
            lat = step["latency_ms"]
            log(
                f"{target.name} R={rate}: delivered {step['delivered_per_s']}/s "
                f"p99 {lat['p99']} ms lost {step['lost']} err {step['error_acks']} "
                f"unacked {step['unacked']} cpu {step['server_cpu_ms_per_msg']} ms/msg -> "
                f"{'PASS' if step['pass'] else 'fail'}"
            )
            if overloaded(step):
                target.notes.append(f"stopped after R={rate}: overloaded")
                break
        gen.call("disconnect", timeout=30, wait_ms=1000)
        wait_sockets(server, 0, timeout=30)
    finally:
        if gen:
            gen.close()
        if server:
            server.stop()
        if ferret:
            ferret.stop()
        cleanup_dir(data_dir)
    return target


def gc_cols(step: dict[str, Any]) -> list[Any]:
    g = step.get("gc") or {}
    lag = step.get("loop_lag") or {}
    gens = g.get("generations") or {}
    full = gens.get("2", {})
    return [
        g.get("max_ms"),
        full.get("count"),
        g.get("total_ms"),
        lag.get("p99_ms"),
        lag.get("max_ms"),
    ]


def print_target(t: Target) -> None:
    print(f"\n== {t.name}  (tuning: {t.tuning})")
    if t.connect:
        c = t.connect
        pc = c["per_connect_ms"]
        print(
            f"connect {c['connected']}/{c['requested']} sockets: total {c['total_ms']:.0f} ms, "
            f"per connect p50 {pc['p50']} / p99 {pc['p99']} / max {pc['max']} ms, "
            f"failed {c['failed']} {c['errors'] or ''}, "
            f"presence events received {c['presence_events']}"
        )
    headers = [
        "R/s",
        "offered",
        "deliv/s",
        "lost",
        "err",
        "unack",
        "p50",
        "p95",
        "p99",
        "max",
        "ack99",
        "cpu ms/msg",
        "srv cpu%",
        "gen cpu%",
        "db cpu%",
        "gc max",
        "gc2 n",
        "gc tot",
        "lag99",
        "lagmax",
        "rss MiB",
        "other%",
        "ok",
    ]
    rows = []
    for s in t.steps:
        lat, ack = s["latency_ms"], s["ack_latency_ms"]
        rows.append(
            [
                s["rate"],
                s["offered_per_s"],
                s["delivered_per_s"],
                s["lost"],
                s["error_acks"],
                s["unacked"],
                lat["p50"],
                lat["p95"],
                lat["p99"],
                lat["max"],
                ack["p99"],
                s["server_cpu_ms_per_msg"],
                s["server_cpu_pct"],
                s["generator_cpu_pct"],
                s["ferretdb_cpu_pct"],
                *gc_cols(s),
                s["rss_mib"],
                s["other_cpu_pct"],
                "yes" if s["pass"] else "no",
            ]
        )
    print(table(headers, rows))
    errs = ack_errors(t.steps)
    if errs:
        print(f"ack errors: {errs}")
    lags = [s["generator"]["max_send_lag_ms"] for s in t.steps]
    if lags:
        print(f"generator max send lag per step (ms): {lags}")
    for note in t.notes:
        print(f"note: {note}")
    print(
        f"max sustainable rate (p99 < {P99_TARGET_MS:.0f} ms, nothing lost): "
        f"{t.max_rate() or 'none'} msgs/s"
    )
    if t.profile:
        p = t.profile
        print(f"py-spy at R={p['rate']} ({p.get('samples')} samples, {p['file']}):")
        print(
            "  samples by thread state (%): " + ", ".join(f"{k} {v}" for k, v in p["split"].items())
        )
        print("  event-loop busy time, inclusive %:")
        for k, v in p["inclusive"]:
            print(f"    {v:5.1f}  {k}")
        print("  event-loop busy time, self %: " + "; ".join(f"{k} {v}" for k, v in p["self"]))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backends", default="sqlite,mongo", help="product backends: sqlite,mongo")
    ap.add_argument("--no-relay", action="store_true", help="skip the bare relay baseline")
    add_step_options(ap, rates="200,400,600,800,1000")
    ap.add_argument(
        "--mongo-rates",
        default="5,10,25,50,100,200,300",
        help="steps for the MongoDB backend (FerretDB here sustains far less than SQLite)",
    )
    ap.add_argument(
        "--pairs",
        choices=("random", "partners"),
        default="random",
        help="random: random sender and recipient (nearly every message opens a conversation); "
        "partners: each user writes to 5 fixed people (existing conversations, after a warm-up)",
    )
    ap.add_argument(
        "--profile-rate", type=int, default=0, help="py-spy record the product at this step"
    )
    ap.add_argument("--mongo-uri", default="", help="use this MongoDB instead of starting FerretDB")
    ap.add_argument(
        "--mongo-options",
        default="",
        help="query options appended to MONGO_DB_URI, e.g. maxPoolSize=4",
    )
    ap.add_argument(
        "--sqlite-pre-sql",
        default="",
        help="experiment: SQL run on a fresh SQLite store (after the product's schema) before "
        "the server starts, e.g. an index to try",
    )
    args = ap.parse_args()
    args.rates = [int(r) for r in args.rates.split(",") if r.strip()]
    args.mongo_rates = [int(r) for r in args.mongo_rates.split(",") if r.strip()] or args.rates
    if (
        not 2 <= args.users <= 5000
        or not args.rates
        or max(args.rates + args.mongo_rates) > 5000
        or args.duration > 120
    ):
        ap.error("bounds: 2..5000 users, rates <= 5000/s, duration <= 120 s")
    fd = raise_fd_limit(10000)
    started = time.time()
    commit = git_commit()
    log(f"measuring {commit}; fd limit {fd}")

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    targets: list[Target] = []
    relay_env: dict[str, str] = {}
    order: list[Target] = []
    for i, b in enumerate(backends):
        order.append(Target(f"product-{b}", "product", b))
        if i == 0 and not args.no_relay:
            order.append(Target("relay", "relay", None))
    if not backends and not args.no_relay:
        order.append(Target("relay", "relay", None))
    for t in order:
        if t.kind == "relay":
            # Same tuning as the product measured just before: its freeze and ping settings.
            product = next((p for p in targets if p.kind == "product" and p.tuning), None)
            if product:
                if product.tuning.get("frozen_objects"):
                    relay_env["RELAY_GC_FREEZE"] = "1"
                if product.tuning.get("ping_interval"):
                    relay_env["RELAY_PING_INTERVAL"] = str(product.tuning["ping_interval"])
                if product.tuning.get("ping_timeout"):
                    relay_env["RELAY_PING_TIMEOUT"] = str(product.tuning["ping_timeout"])
            t.notes.append(f"relay tuning env: {relay_env or 'defaults'}")
        log(f"=== {t.name}")
        try:
            targets.append(run_target(t, args, relay_env))
        except Exception as err:  # report the others anyway
            t.notes.append(f"FAILED: {err}")
            targets.append(t)
            log(f"{t.name} failed: {err}")

    print(f"\n# Messaging benchmark — {commit}")
    print(
        f"{args.users} users/sockets, steps {args.rates} (MongoDB {args.mongo_rates}) msgs/s x "
        f"{args.duration:g} s, open loop, pairs {args.pairs}; "
        f"latency = receive - scheduled send (ms); cpu ms/msg = server worker CPU / delivered"
    )
    for t in targets:
        print_target(t)
    relay = next((t for t in targets if t.kind == "relay"), None)
    print("\n# Summary")
    rows = []
    for t in targets:
        ratio = None
        if t.kind == "product" and relay and relay.max_rate() and t.max_rate():
            ratio = round(t.max_rate() / relay.max_rate(), 2)
        cpu = [s["server_cpu_ms_per_msg"] for s in t.steps if s["rate"] == t.max_rate()]
        rows.append(
            [
                t.name,
                t.max_rate(),
                ratio,
                cpu[0] if cpu else None,
                t.connect["total_ms"] if t.connect else None,
                t.connect["per_connect_ms"]["p99"] if t.connect else None,
            ]
        )
    print(
        table(
            ["target", "max msgs/s", "vs relay", "cpu ms/msg@max", "connect ms", "connect p99"],
            rows,
        )
    )
    print(
        "targets: sqlite >= 600, mongo >= 300 msgs/s at p99 < 100 ms with nothing lost; "
        "product/relay >= 0.8. p99 varies up to 7x between identical runs on shared cores: "
        "compare within one run."
    )
    path = save_json(
        "messaging",
        {
            "commit": commit,
            "args": vars(args),
            "elapsed_s": round(time.time() - started, 1),
            "targets": [t.__dict__ for t in targets],
        },
    )
    print(
        f"raw results: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
    )


if __name__ == "__main__":
    main()
