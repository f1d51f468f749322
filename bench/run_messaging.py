"""Messaging benchmark, open loop: N connected users, R msgs/s, per step.

    bench/run_messaging.sh [--backends sqlite,mongo] [--rates 200,400,600,800,1000] [--users 1000]
                           [--duration 20] [--no-relay] [--profile-rate 600] [--mongo-uri URI]
                           [--pairs random|partners] [--send direct|groups --groups 20x50]
                           [--variants plain,receipts,typing] [--overload 1.2,2] [--interleave]

For each target (the product on SQLite, the bare relay bench/relay_app.py, the product on MongoDB
through a FerretDB started here) it starts the Procfile's web process, connects the users from
one Node process (bench/loadgen), then steps the offered rate. Latency is the receiver's
`new_message` time minus the message's *scheduled* send time (open loop: sends never wait for
acks); to a group, per recipient. A step passes with p99 < 100 ms and nothing lost, errored or
unacked; the highest passing step is the max sustainable rate, and the product's is divided by
the relay's. Each rate runs every variant (receipts on/off, typing load on/off) back to back,
so variants are compared on the same machine state; --interleave does the same for targets
(all set up first, then product and relay alternate rate by rate).
Server CPU per delivered message comes from /proc/<worker>/stat; GC pauses and event-loop lag
from the server's /api/_diagnostics (chat/diagnostics.py).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
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
    create_groups,
    git_commit,
    histogram_quantiles,
    log,
    machine_busy_s,
    partition,
    proc_cpu_s,
    product_app_spec,
    raise_fd_limit,
    require_all_connected,
    results_dir,
    save_json,
    signup_users,
    table,
    wait_sockets,
    wait_until_quiet,
)

P99_TARGET_MS = 100.0
# What each variant adds to a step: the web client's receipts ("on": at most one of each per
# conversation per second or so, as docs/api.md asks and client/src/realtime/receipts.ts sends
# them; "eager": one per message, as the client sent them before it coalesced them) and/or the
# background typing load (--typing-groups).
VARIANTS = {
    "plain": {"receipts": "off", "typing": False},
    "receipts": {"receipts": "on", "typing": False},
    "eager": {"receipts": "eager", "typing": False},
    "typing": {"receipts": "off", "typing": True},
    "receipts+typing": {"receipts": "on", "typing": True},
    "react": {"receipts": "off", "typing": False, "react": True},
}


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
    expected = step["sent"] * step.get("recipients_per_message", 1)
    return p99 > 2000 or step["delivered"] < 0.9 * expected or step["unacked"] > 0.01 * step["sent"]


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
    def __init__(
        self, name: str, kind: str, backend: str | None, env: dict[str, str] | None = None
    ) -> None:
        self.name, self.kind, self.backend = name, kind, backend
        self.env = env or {}
        self.connect: dict[str, Any] | None = None
        self.steps: list[dict[str, Any]] = []
        self.overload: list[dict[str, Any]] = []
        self.tuning: dict[str, Any] = {}
        self.profile: dict[str, Any] | None = None
        self.idle_cpu_pct: float | None = None
        self.notes: list[str] = []

    def variants(self) -> list[str]:
        return list(dict.fromkeys(s["variant"] for s in self.steps))

    def max_rate(self, variant: str | None = None) -> int | None:
        ok = [
            s["rate"]
            for s in self.steps
            if s["pass"] and (variant is None or s["variant"] == variant)
        ]
        return max(ok) if ok else None


class Run:
    """A started target: its server, generator, FerretDB and group layout."""

    def __init__(self, target: Target, server: Server, gen: LoadGen, ferret: FerretDB | None):
        self.target, self.server, self.gen, self.ferret = target, server, gen, ferret
        self.groups: list[dict[str, Any]] = []
        self.typing_groups: list[dict[str, Any]] = []
        self._step_ids = 0
        self.idle_cpu = 0.0  # the worker's CPU seconds per second with sockets open, no messages

    def step_id(self) -> int:
        """A new id per generator step: client_ids repeat across steps otherwise, and the server
        answers a repeated client_id with the stored message (no new delivery)."""
        self._step_ids += 1
        return self._step_ids


def target_steps(
    target: Target, args: argparse.Namespace, relay_env: dict[str, str]
) -> Iterator[None]:
    """One target's whole run, pausing (yield) once it is set up and before each later step, so
    that with --interleave the targets' steps alternate; closing the generator cleans up."""
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
        product_env = target.env
        if product_env and target.kind == "product":
            target.notes.append(f"product environment: {product_env}")
        if target.kind == "relay":
            server = Server(
                target.name,
                data_dir,
                app="bench.relay_app:app",
                extra_env=relay_env,
            )
        else:
            server = Server(
                target.name,
                data_dir,
                mongo_uri=mongo_uri,
                app=product_app_spec(),
                extra_env=product_env,
            )
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
        run = Run(target, server, gen, ferret)
        relay = target.kind == "relay"
        if args.send == "groups":
            run.groups = create_groups(server.url, users, partition(args.groups, args.users), relay)
        if any(VARIANTS[v]["typing"] for v in args.variants + args.relay_variants):
            layout = partition(args.typing_groups, args.users)
            run.typing_groups = create_groups(server.url, users, layout, relay)
        target.connect = gen.call(
            "connect",
            timeout=args.connect_timeout + 60,
            count=args.users,
            timeout_s=args.connect_timeout,
            concurrency=args.connect_concurrency,
        )
        c = target.connect
        log(
            f"{target.name}: connected {c['connected']}/{c['requested']} in {c['total_ms']:.0f} ms "
            f"(p99 {c['per_connect_ms']['p99']} ms)"
        )
        require_all_connected(c)
        time.sleep(args.settle)
        warm_up(run, args)
        run.idle_cpu = idle_cpu(run, args)
        target.idle_cpu_pct = round(100 * run.idle_cpu, 2)
        rates = args.mongo_rates if target.backend == "mongo" else args.rates
        stopped: set[str] = set()
        variants = args.relay_variants if relay and args.relay_variants else args.variants
        n = 0
        for rate in rates:
            for variant in variants:
                if variant in stopped:
                    continue
                n += 1
                yield
                step = measure_quietly(run, args, rate, n, variant)
                target.steps.append(step)
                if overloaded(step):
                    target.notes.append(f"{variant}: stopped after R={rate}: overloaded")
                    stopped.add(variant)
            if len(stopped) == len(variants):
                break
        if args.overload and target.kind == "product":
            capacity = args.capacity or target.max_rate(args.variants[0])
            if capacity:
                for factor in args.overload:
                    n += 1
                    yield
                    rate = round(factor * capacity)
                    step = measure_quietly(run, args, rate, n, args.variants[0])
                    step.update(capacity=capacity, factor=factor)
                    target.overload.append(step)
            else:
                target.notes.append("no capacity found: overload steps skipped")
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


def run_targets(order: list[Target], args: argparse.Namespace) -> list[Target]:
    """Each target in turn, or with --interleave all set up first and their steps alternating
    (product 300, relay 300, product 400, ...): a machine whose speed drifts over the minutes
    then slows both sides of each comparison alike. A target that fails is reported with the
    others."""
    started: list[Target] = []
    running: list[tuple[Target, Iterator[None]]] = []
    for t in order:
        relay_env: dict[str, str] = {}
        if t.kind == "relay":
            relay_env = {**relay_tuning(started), **t.env}
            t.notes.append(f"relay tuning env: {relay_env or 'defaults'}")
        log(f"=== {t.name}")
        steps = target_steps(t, args, relay_env)
        running.append((t, steps))
        started.append(t)
        if not _advance(t, steps):
            running.pop()
        elif not args.interleave:
            while _advance(t, steps):
                pass
            running.pop()
    while running:
        for t, steps in list(running):
            if not _advance(t, steps):
                running.remove((t, steps))
    return started


def _advance(t: Target, steps: Iterator[None]) -> bool:
    """Run the target up to its next pause; False once it is done (or failed)."""
    try:
        next(steps)
        return True
    except StopIteration:
        return False
    except Exception as err:  # report the others anyway
        t.notes.append(f"FAILED: {err}")
        log(f"{t.name} failed: {err}")
        return False


def relay_tuning(started: list[Target]) -> dict[str, str]:
    """The relay runs with the tuning of the product set up before it: GC freeze and
    thresholds, ping settings."""
    product = next((p for p in started if p.kind == "product" and p.tuning), None)
    env: dict[str, str] = {}
    if product is None:
        return env
    if product.tuning.get("frozen_objects"):
        env["RELAY_GC_FREEZE"] = "1"
    if product.tuning.get("gc_thresholds"):
        env["RELAY_GC_THRESHOLDS"] = ",".join(str(t) for t in product.tuning["gc_thresholds"])
    if product.tuning.get("ping_interval"):
        env["RELAY_PING_INTERVAL"] = str(product.tuning["ping_interval"])
    if product.tuning.get("ping_timeout"):
        env["RELAY_PING_TIMEOUT"] = str(product.tuning["ping_timeout"])
    return env


def step_options(run: Run, args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {
        "text_len": args.text_len,
        "send": args.send,
        "pairs": args.pairs,
        "receipt_jitter": args.receipt_jitter,
    }
    if args.send == "groups":
        options["groups"] = run.groups
    return options


def idle_cpu(run: Run, args: argparse.Namespace, seconds: float = 10) -> float:
    """The worker's CPU with every socket open and nothing sent (pings, background tasks,
    probes), in CPU seconds per second: subtracted for the net CPU per message."""
    time.sleep(args.settle)
    own = [run.server.worker_pid, run.gen.process.pid]
    wait_until_quiet(own, args)
    cpu0, t0 = run.server.cpu_s(), time.monotonic()
    time.sleep(seconds)
    return (run.server.cpu_s() - cpu0) / (time.monotonic() - t0)


def warm_up(run: Run, args: argparse.Namespace) -> None:
    """Not reported. Partners: every partner conversation opened once (n x 5 messages), so the
    steps measure warm sends; otherwise a short step."""
    rates = args.mongo_rates if run.target.backend == "mongo" else args.rates
    warm_rate = min(args.warmup_rate, max(rates))
    options = step_options(run, args)
    duration = 3.0
    if args.pairs == "partners" and args.send == "direct":
        options["pairs"] = "partners-all"
        duration = 5 * args.users / warm_rate
    t = time.monotonic()
    res = run.gen.call(
        "step",
        timeout=duration + 180,
        rate=warm_rate,
        duration_s=duration,
        drain_s=10,
        step_id=run.step_id(),
        **options,
    )
    log(
        f"{run.target.name}: warm-up {res['sent']} messages at {warm_rate}/s in "
        f"{time.monotonic() - t:.0f}s (ok {res['ok_acks']}, errors {res['ack_errors'] or 0})"
    )


def measure_quietly(run: Run, args: argparse.Namespace, rate: int, n: int, variant: str) -> dict:
    """measure_step, repeated (--retries) while the rest of the machine used more than
    --max-other % of a core during it; the quietest attempt is kept."""
    best: dict[str, Any] | None = None
    for attempt in range(1, args.retries + 2):
        step = measure_step(run, args, rate, n, variant)
        step["attempt"] = attempt
        if best is None or step["other_cpu_pct"] < best["other_cpu_pct"]:
            best = step
        if step["other_cpu_pct"] <= args.max_other:
            break
        log(f"other {step['other_cpu_pct']}% > {args.max_other}%: measuring again")
    assert best is not None
    return best


def measure_step(run: Run, args: argparse.Namespace, rate: int, n: int, variant: str) -> dict:
    target, server, gen = run.target, run.server, run.gen
    spec = VARIANTS[variant]
    ferret_pid = run.ferret.pid() if run.ferret else None
    time.sleep(args.settle)
    own = [server.worker_pid, gen.process.pid] + ([ferret_pid] if ferret_pid else [])
    wait_until_quiet(own, args)
    typing = None
    if spec["typing"]:
        typing = gen.call(
            "typing_start", groups=run.typing_groups, interval_ms=int(args.typing_interval * 1000)
        )
        time.sleep(args.typing_interval + 1)  # every typist has started
    if spec.get("react"):
        gen.call("react_start", rate=args.react_rate)
        time.sleep(1)  # the reactions are flowing when the clock starts
    server.reset_diagnostics()
    hist0 = server.event_histograms()
    cpu0, gcpu0 = server.cpu_s(), gen.cpu_s()
    fcpu0 = proc_cpu_s(ferret_pid) if ferret_pid else None
    mem0 = server.mem_kib()
    busy0 = machine_busy_s()
    spy = None
    raw = results_dir() / f"pyspy-{target.name}-{variant}-{rate}-{time.strftime('%H%M%S')}.txt"
    if args.profile_rate == rate and variant == (args.profile_variant or args.variants[0]):
        spy = start_pyspy(server.worker_pid, args.duration, raw)
    t0 = time.monotonic()
    step = gen.call(
        "step",
        timeout=args.duration + args.drain + 120,
        rate=rate,
        duration_s=args.duration,
        drain_s=args.drain,
        step_id=run.step_id(),
        seed=n,
        receipts=spec["receipts"],
        **step_options(run, args),
    )
    wall = time.monotonic() - t0
    cpu = server.cpu_s() - cpu0
    gcpu = gen.cpu_s() - gcpu0
    fcpu = proc_cpu_s(ferret_pid) - fcpu0 if ferret_pid else None
    # CPU used by anything else on the machine (other sessions' tests...): noise marker
    other = machine_busy_s() - busy0 - cpu - gcpu - (fcpu or 0)
    diag = server.diagnostics() or {}
    mem1 = server.mem_kib()
    handlers = histogram_quantiles(hist0, server.event_histograms())
    if spec["typing"]:
        step["typing"] = {**(typing or {}), **gen.call("typing_stop", timeout=30)}
    if spec.get("react"):
        step["react"] = gen.call("react_stop", timeout=30)
    if spy is not None:
        try:
            spy.wait(args.duration + 30)
            target.profile = {
                "rate": rate,
                "variant": variant,
                "file": str(raw),
                **summarize_pyspy(raw),
            }
        except (subprocess.TimeoutExpired, OSError) as err:
            spy.kill()
            target.notes.append(f"py-spy failed: {err}")
    per_message = step.get("recipients_per_message") or 1
    messages = max(1.0, step["delivered"] / per_message)
    step.update(
        variant=variant,
        messages_delivered=round(messages),
        messages_per_s=round(step["delivered_per_s"] / per_message, 1),
        server_cpu_s=round(cpu, 2),
        server_cpu_ms_per_msg=round(1000 * cpu / messages, 3),
        # minus what the worker uses with nothing sent (pings, probes): the messages' own cost
        net_cpu_ms_per_msg=round(1000 * max(0.0, cpu - run.idle_cpu * wall) / messages, 3),
        server_cpu_us_per_delivery=round(1e6 * cpu / max(1, step["delivered"]), 1),
        server_cpu_pct=round(100 * cpu / wall, 1),
        generator_cpu_pct=round(100 * gcpu / wall, 1),
        ferretdb_cpu_ms_per_msg=round(1000 * fcpu / messages, 3) if fcpu is not None else None,
        ferretdb_cpu_pct=round(100 * fcpu / wall, 1) if fcpu is not None else None,
        gc=diag.get("gc"),
        loop_lag=diag.get("loop_lag"),
        handler_ms=handlers,
        rss_mib=round(mem1["VmRSS"] / 1024, 1),
        rss_delta_mib=round((mem1["VmRSS"] - mem0["VmRSS"]) / 1024, 1),
        wall_s=round(wall, 2),
        other_cpu_pct=round(100 * max(0.0, other) / wall, 1),
    )
    step["pass"] = passed(step)
    lat = step["latency_ms"]
    log(
        f"{target.name} [{variant}] R={rate}: delivered {step['delivered_per_s']}/s "
        f"p99 {lat['p99']} ms lost {step['lost']} err {step['error_acks']} "
        f"unacked {step['unacked']} cpu {step['server_cpu_ms_per_msg']} ms/msg "
        f"other {step['other_cpu_pct']}% -> {'PASS' if step['pass'] else 'fail'}"
    )
    return step


def start_pyspy(pid: int, duration: float, raw: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "py-spy",
            "record",
            "-p",
            str(pid),
            "--nonblocking",
            "-r",
            "200",
            "-d",
            str(int(duration)),
            "-f",
            "raw",
            "-o",
            str(raw),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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


def receipts_per_s(step: dict[str, Any]) -> float | None:
    r = step.get("receipts") or {}
    if r.get("mode", "off") == "off":
        return None
    return round((r["delivered_sent"] + r["read_sent"]) / step["duration_s"], 1)


def step_rows(steps: list[dict[str, Any]], groups: bool) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "variant",
        "R/s",
        "offered",
        "acc/s",
        "deliv/s" if not groups else "dlv/s",
        "lost",
        "err",
        "unack",
        "p50",
        "p95",
        "p99",
        "max",
        "ack99",
        "hdl99",
        "rcpt/s",
        "typ/s",
        "cpu ms/msg",
        "net",
        *(["us/dlv"] if groups else []),
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
        "try",
        "ok",
    ]
    rows = []
    for s in steps:
        lat, ack = s["latency_ms"], s["ack_latency_ms"]
        rows.append(
            [
                s["variant"],
                s["rate"],
                s["offered_per_s"],
                s.get("accepted_per_s"),
                s["delivered_per_s"],
                s["lost"],
                s["error_acks"],
                s["unacked"],
                lat["p50"],
                lat["p95"],
                lat["p99"],
                lat["max"],
                ack["p99"],
                (s.get("handler_ms") or {}).get("send_message", {}).get("p99_ms"),
                receipts_per_s(s),
                (s.get("typing") or {}).get("sent_per_s"),
                s["server_cpu_ms_per_msg"],
                s.get("net_cpu_ms_per_msg"),
                *([s["server_cpu_us_per_delivery"]] if groups else []),
                s["server_cpu_pct"],
                s["generator_cpu_pct"],
                s["ferretdb_cpu_pct"],
                *gc_cols(s),
                s["rss_mib"],
                s["other_cpu_pct"],
                s.get("attempt"),
                "yes" if s["pass"] else "no",
            ]
        )
    return headers, rows


def print_target(t: Target, args: argparse.Namespace) -> None:
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
    if t.idle_cpu_pct is not None:
        print(f"worker CPU with the sockets open and nothing sent: {t.idle_cpu_pct} % of a core")
    groups = args.send == "groups"
    print(table(*step_rows(t.steps, groups)))
    errs = ack_errors(t.steps)
    if errs:
        print(f"ack errors: {errs}")
    receipt_errs = Counter()
    for s in t.steps:
        receipt_errs.update((s.get("receipts") or {}).get("errors") or {})
    if receipt_errs:
        print(f"receipt ack errors: {dict(receipt_errs)}")
    typing_steps = [s for s in t.steps if s.get("typing")]
    for s in typing_steps:
        ty = s["typing"]
        print(
            f"typing at R={s['rate']}: {ty['typists']} typists every {ty['interval_ms']} ms, "
            f"{ty['sent_per_s']}/s sent, {ty['received_per_s']}/s typing events received, "
            f"ack p99 {ty['ack_latency_ms']['p99']} ms, errors {ty['errors'] or 0}"
        )
    for s in t.steps:
        if rx := s.get("react"):
            print(
                f"reactions at R={s['rate']}: {rx['sent_per_s']}/s sent ({rx['ok']} ok), "
                f"ack p99 {rx['ack_latency_ms']['p99']} ms, errors {rx['errors'] or 0}"
            )
    lags = [s["generator"]["max_send_lag_ms"] for s in t.steps]
    if lags:
        print(f"generator max send lag per step (ms): {lags}")
    for note in t.notes:
        print(f"note: {note}")
    for v in t.variants():
        print(
            f"max sustainable rate [{v}] (p99 < {P99_TARGET_MS:.0f} ms, nothing lost): "
            f"{t.max_rate(v) or 'none'} msgs/s"
        )
    if t.overload:
        print_overload(t)
    if t.profile:
        p = t.profile
        print(
            f"py-spy at R={p['rate']} [{p['variant']}] ({p.get('samples')} samples, {p['file']}):"
        )
        print(
            "  samples by thread state (%): " + ", ".join(f"{k} {v}" for k, v in p["split"].items())
        )
        print("  event-loop busy time, inclusive %:")
        for k, v in p["inclusive"]:
            print(f"    {v:5.1f}  {k}")
        print("  event-loop busy time, self %: " + "; ".join(f"{k} {v}" for k, v in p["self"]))


def print_overload(t: Target) -> None:
    """Offered above capacity (the max sustainable rate), refused messages never resent."""
    rows = []
    for s in t.overload:
        refused = s["ack_errors"].get("server_busy", 0)
        rows.append(
            [
                s["factor"],
                s["capacity"],
                s["rate"],
                s["offered_per_s"],
                s["accepted_per_s"],
                s["messages_per_s"],
                round(s["messages_per_s"] / s["capacity"], 2),
                round(100 * refused / s["sent"], 1),
                s["error_acks"] - refused,
                s["lost"],
                s["unacked"],
                s["latency_ms"]["p50"],
                s["latency_ms"]["p99"],
                s["ack_latency_ms"]["p99"],
                (s.get("handler_ms") or {}).get("send_message", {}).get("p99_ms"),
                s["server_cpu_ms_per_msg"],
                s["server_cpu_pct"],
                s["generator_cpu_pct"],
                (s.get("loop_lag") or {}).get("p99_ms"),
                s["other_cpu_pct"],
            ]
        )
    print(f"\n-- {t.name}: overload (refused messages are not resent)")
    print(
        table(
            [
                "x cap",
                "cap",
                "R/s",
                "offered",
                "acc/s",
                "goodput",
                "good/cap",
                "refused%",
                "other err",
                "lost",
                "unack",
                "p50",
                "p99",
                "ack99",
                "hdl99",
                "cpu ms/msg",
                "srv cpu%",
                "gen cpu%",
                "lag99",
                "other%",
            ],
            rows,
        )
    )


def stop_on_term(_signum: int, _frame: object) -> None:
    """kill <runner pid> stops its servers, FerretDB and generator too (the finally blocks)."""
    raise KeyboardInterrupt


def rate_list(text: str) -> list[int]:
    return [int(r) for r in text.split(",") if r.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backends", default="sqlite,mongo", help="product backends: sqlite,mongo")
    ap.add_argument("--no-relay", action="store_true", help="skip the bare relay baseline")
    ap.add_argument(
        "--relay-direct",
        action="store_true",
        help="also run the relay with the product's own websocket code (direct writes, "
        "chat/realtime/direct_writes.py, and frame unmasking, frame_unmasking.py), as target "
        "relay-direct: the ratio to a relay that reads and delivers the way the product does",
    )
    ap.add_argument(
        "--interleave",
        action="store_true",
        help="set every target up first, then alternate their steps rate by rate (each idle "
        "target keeps its sockets open meanwhile)",
    )
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
        "partners: each user writes to 5 fixed people (every one of those conversations is "
        "opened by the warm-up first)",
    )
    ap.add_argument(
        "--send",
        choices=("direct", "groups"),
        default="direct",
        help="direct: {to} messages (--pairs); groups: {conversation_id} messages from a random "
        "member of a random group (--groups) to all the others",
    )
    ap.add_argument(
        "--groups",
        default="20x50",
        help="with --send groups: COUNTxMEMBERS groups over consecutive users (made over HTTP)",
    )
    ap.add_argument(
        "--variants",
        default="plain",
        help=f"run each rate once per variant, back to back: {', '.join(VARIANTS)}",
    )
    ap.add_argument(
        "--relay-variants",
        default="",
        help="the relay's variants when not all of --variants (e.g. plain: its max rate is "
        "only the baseline for the product's)",
    )
    ap.add_argument(
        "--typing-groups", default="100x10", help="groups the typing variants type in (CxM)"
    )
    ap.add_argument(
        "--typing-interval", type=float, default=3.0, help="seconds between a typist's events"
    )
    ap.add_argument(
        "--receipt-jitter",
        type=float,
        default=0.5,
        help="with receipts: each wait between a conversation's receipts is the interval times "
        "1 ± JITTER/2 at random, and a group's first receipt waits a random part of the interval, "
        "as the web client does (RECEIPT_JITTER); 0: exactly the interval and the first at once, "
        "so a group's members, who get each message at the same instant, report together",
    )
    ap.add_argument(
        "--react-rate",
        type=int,
        default=500,
        help="reactions/s of the react variant (users toggling a reaction on the last message "
        "they received)",
    )
    ap.add_argument(
        "--connect-concurrency",
        type=int,
        default=0,
        help="at most this many socket handshakes at once (0: all at once, as after a restart; "
        "FerretDB needs e.g. 50: a burst of 1,000 outlasts SOCKET_CONNECT_TIMEOUT there)",
    )
    ap.add_argument("--connect-timeout", type=float, default=60, help="seconds to connect all")
    ap.add_argument(
        "--warmup-rate", type=int, default=400, help="msgs/s of the warm-up (capped by the steps)"
    )
    ap.add_argument(
        "--overload",
        default="",
        help="after the steps, offer these multiples of the capacity (the first variant's max "
        "sustainable rate, or --capacity), e.g. 1.2,2: goodput, refused %%, accepted p99",
    )
    ap.add_argument("--capacity", type=int, default=0, help="capacity for --overload (msgs/s)")
    ap.add_argument(
        "--max-other",
        type=float,
        default=30,
        help="repeat a step (up to --retries times) when everything else on the machine used "
        "more than this %% of a core during it; the quietest attempt is kept",
    )
    ap.add_argument("--retries", type=int, default=2, help="see --max-other")
    ap.add_argument(
        "--product-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the product's process (repeatable), e.g. "
        "MAX_EVENTS_IN_FLIGHT=400",
    )
    ap.add_argument(
        "--compare-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="also run the first backend's product again with this environment on top "
        "(repeatable), as target product-<backend>-B, right after the first: an A/B in one run",
    )
    ap.add_argument(
        "--profile-rate",
        type=int,
        default=0,
        help="py-spy record each target (product, relay) at this step",
    )
    ap.add_argument(
        "--profile-variant", default="", help="the variant to profile (default: the first)"
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
    args.rates = rate_list(args.rates)
    args.mongo_rates = rate_list(args.mongo_rates) or args.rates
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    args.relay_variants = [v.strip() for v in args.relay_variants.split(",") if v.strip()]
    args.overload = [float(f) for f in args.overload.split(",") if f.strip()]
    unknown = [v for v in args.variants + args.relay_variants if v not in VARIANTS]
    if unknown or not args.variants:
        ap.error(f"unknown variants {unknown}: choose from {', '.join(VARIANTS)}")
    if any("=" not in kv for kv in args.product_env + args.compare_env):
        ap.error("--product-env and --compare-env take KEY=VALUE")
    if (
        not 2 <= args.users <= 5000
        or not args.rates
        or max(args.rates + args.mongo_rates) > 5000
        or args.duration > 120
        or any(not 0 < f <= 4 for f in args.overload)
    ):
        ap.error("bounds: 2..5000 users, rates <= 5000/s, duration <= 120 s, overload <= 4x")
    signal.signal(signal.SIGTERM, stop_on_term)
    fd = raise_fd_limit(10000)
    started = time.time()
    commit = git_commit()
    log(f"measuring {commit}; fd limit {fd}")

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    order: list[Target] = []
    for i, b in enumerate(backends):
        env = dict(kv.split("=", 1) for kv in args.product_env)
        order.append(Target(f"product-{b}", "product", b, env))
        if i == 0 and args.compare_env:
            other = {**env, **dict(kv.split("=", 1) for kv in args.compare_env)}
            order.append(Target(f"product-{b}-B", "product", b, other))
        if i == 0 and not args.no_relay:
            order += relays(args)
    if not backends and not args.no_relay:
        order += relays(args)
    targets = run_targets(order, args)

    groups = f", groups {args.groups}" if args.send == "groups" else f", pairs {args.pairs}"
    print(f"\n# Messaging benchmark — {commit}")
    print(
        f"{args.users} users/sockets, steps {args.rates} (MongoDB {args.mongo_rates}) msgs/s x "
        f"{args.duration:g} s, open loop, send {args.send}{groups}, variants {args.variants}; "
        f"latency = receive - scheduled send (ms, per recipient); cpu ms/msg = server worker CPU"
        f" / delivered messages"
    )
    for t in targets:
        print_target(t, args)
    print_summary(targets, args)
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


def relays(args: argparse.Namespace) -> list[Target]:
    """The bare relay (stock python-engineio writes, eventlet's unmasking), and with
    --relay-direct the same relay with the product's websocket code (direct writes to idle
    websockets, frames unmasked whole)."""
    stock = Target("relay", "relay", None)
    if not args.relay_direct:
        return [stock]
    return [stock, Target("relay-direct", "relay", None, {"RELAY_DIRECT_WRITES": "1"})]


def print_summary(targets: list[Target], args: argparse.Namespace) -> None:
    baselines = [t for t in targets if t.kind == "relay"]
    print("\n# Summary")
    rows = []
    for t in targets:
        for v in t.variants() or [None]:
            best = t.max_rate(v)
            ratios = []
            for relay in baselines:
                relay_best = relay.max_rate(v) if v in relay.variants() else None
                good = t.kind == "product" and relay_best and best
                ratios.append(round(best / relay_best, 2) if good else None)
            at_max = [s for s in t.steps if s["rate"] == best and s["variant"] == v]
            rows.append(
                [
                    t.name,
                    v,
                    best,
                    at_max[0]["delivered_per_s"] if at_max else None,
                    *ratios,
                    at_max[0]["server_cpu_ms_per_msg"] if at_max else None,
                    at_max[0]["latency_ms"]["p99"] if at_max else None,
                    t.connect["total_ms"] if t.connect else None,
                ]
            )
    print(
        table(
            [
                "target",
                "variant",
                "max msgs/s",
                "deliveries/s" if args.send == "groups" else "deliv/s",
                *(f"vs {relay.name}" for relay in baselines),
                "cpu ms/msg@max",
                "p99@max",
                "connect ms",
            ],
            rows,
        )
    )
    print(
        "targets: sqlite >= 600, mongo >= 300 msgs/s at p99 < 100 ms with nothing lost; "
        "product/relay >= 0.8. p99 varies up to 7x between identical runs on shared cores: "
        "compare within one run."
    )


if __name__ == "__main__":
    main()
