"""Scale-out benchmark, open loop: the product on SQLite with 1 process, 1 process + Redis,
2 processes + Redis, under eventlet and gevent, all at the same offered rates.

    bench/run_scaleout.sh [--setups eventlet:1,eventlet:1+redis,eventlet:2+redis,gevent:1,...]
                          [--rates 200,400,600,800] [--users 1000] [--duration 20]
                          [--pairs random|cross]

A setup is `<async mode>:<processes>[+redis]`. For each one, in a fresh data directory: a
redis-server on a free loopback port when asked (REDIS_URL: Socket.IO's message queue, presence
and rate-limit counters), then the Procfile's web process once per process, one after the
other, all on the same DATA_DIR (one SQLite store in WAL, shared by the processes) and, for
gevent, ASYNC_MODE=gevent with gevent-websocket's gunicorn worker. The users sign up on the
first process; the load generator (one Node process, bench/loadgen) connects user i to process
i % N, so the sockets split evenly, and sends R msgs/s from random users to random other users
(`--pairs cross`: always to a user on another process). Latency is the receiver's `new_message`
time minus the message's *scheduled* send time, as in run_messaging.py (same pass rule:
p99 < 100 ms and nothing lost, errored or unacked).

Per step: delivered msgs/s, p50/p99, lost, CPU ms per delivered message summed over the server
workers, and Redis's, the generator's CPU and everyone else's (other%). Raw figures go to
bench/results/scaleout-<time>.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    WORKER_CLASSES,
    CpuMeter,
    LoadGen,
    Server,
    ack_errors,
    add_step_options,
    cleanup_dir,
    git_commit,
    log,
    product_app_spec,
    raise_fd_limit,
    require_all_connected,
    run_step,
    save_json,
    signup_users,
    start_redis,
    table,
    wait_sockets,
    wait_until_quiet,
)
from run_messaging import P99_TARGET_MS, overloaded, passed  # noqa: E402

DEFAULT_SETUPS = (
    "eventlet:1,eventlet:1+redis,eventlet:2+redis,gevent:1,gevent:1+redis,gevent:2+redis"
)


@dataclass
class Setup:
    mode: str
    processes: int
    redis: bool
    connect: dict[str, Any] | None = None
    tuning: dict[str, Any] = field(default_factory=dict)
    steps: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.mode}:{self.processes}" + ("+redis" if self.redis else "")

    def max_rate(self) -> int | None:
        ok = [s["rate"] for s in self.steps if s["pass"]]
        return max(ok) if ok else None


def parse_setups(spec: str) -> list[Setup]:
    setups = []
    for token in (t.strip() for t in spec.split(",")):
        if not token:
            continue
        mode, _, rest = token.partition(":")
        count, plus, extra = rest.partition("+")
        if mode not in WORKER_CLASSES or not count.isdigit() or (plus and extra != "redis"):
            raise ValueError(f"setup {token!r}: expected <eventlet|gevent>:<processes>[+redis]")
        setup = Setup(mode, int(count), bool(plus))
        if not 1 <= setup.processes <= 4:
            raise ValueError(f"setup {token!r}: 1 to 4 processes")
        if setup.processes > 1 and not setup.redis:
            raise ValueError(f"setup {token!r}: several processes need +redis to reach each other")
        setups.append(setup)
    return setups


def check_redis_mode(server: Server) -> None:
    """A process that found no Redis at start runs alone (single-process mode) and would drop
    cross-process events: /readyz says so."""
    r = requests.get(server.url + "/readyz", timeout=10)
    body = r.json()
    if r.status_code != 200 or body.get("redis") != "ok" or "mode" in body:
        raise RuntimeError(f"{server.name}: not in multi-process mode: {r.status_code} {body}")


def pairs_for(servers: list[Server], args: argparse.Namespace) -> str:
    """--pairs cross only means something with several processes; one process: random."""
    return args.pairs if len(servers) > 1 else "random"


def last_error(log_path: Path, lines: int = 6) -> str:
    """The end of the last traceback (or the last lines) of a server log: why sockets failed."""
    text = log_path.read_text(errors="replace").splitlines() if log_path.exists() else []
    starts = [i for i, line in enumerate(text) if line.startswith("Traceback")]
    if starts:
        end = next((i for i in range(starts[-1] + 1, len(text)) if text[i][:1] not in " \t"), None)
        text = text[: end + 1] if end is not None else text
    return "\n".join(text[-lines:])


def measure_step(
    setup: Setup,
    servers: list[Server],
    gen: LoadGen,
    redis_pid: int | None,
    rate: int,
    n: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    pids = {f"srv{i}": s.worker_pid for i, s in enumerate(servers) if s.worker_pid}
    pids["gen"] = gen.process.pid
    if redis_pid:
        pids["redis"] = redis_pid
    wait_until_quiet(list(pids.values()), args)
    for s in servers:
        s.reset_diagnostics()
    meter = CpuMeter(pids).start()
    step = run_step(gen, args, rate, n, pairs_for(servers, args))
    cpu = meter.stop()
    wall = cpu["wall"]
    diags = [s.diagnostics() or {} for s in servers]
    delivered = max(1, step["delivered"])
    srv = [cpu[f"srv{i}"] for i in range(len(servers))]
    redis_s = cpu.get("redis")

    def worst(section: str, key: str) -> float | None:
        values = [(d.get(section) or {}).get(key) for d in diags]
        present = [v for v in values if v is not None]
        return max(present) if present else None

    step.update(
        setup=setup.name,
        server_cpu_ms_per_msg=round(1000 * sum(srv) / delivered, 3),
        server_cpu_pct=[round(100 * c / wall, 1) for c in srv],
        redis_cpu_ms_per_msg=round(1000 * redis_s / delivered, 3) if redis_s is not None else None,
        redis_cpu_pct=round(100 * redis_s / wall, 1) if redis_s is not None else None,
        total_cpu_ms_per_msg=round(1000 * (sum(srv) + (redis_s or 0)) / delivered, 3),
        generator_cpu_pct=round(100 * cpu["gen"] / wall, 1),
        other_cpu_pct=round(100 * cpu["other"] / wall, 1),
        gc_max_ms=worst("gc", "max_ms"),
        lag99_ms=worst("loop_lag", "p99_ms"),
        lagmax_ms=worst("loop_lag", "max_ms"),
        rss_mib=[round(s.mem_kib()["VmRSS"] / 1024, 1) for s in servers],
        wall_s=round(wall, 2),
    )
    step["pass"] = passed(step)
    return step


def run_setup(setup: Setup, args: argparse.Namespace) -> Setup:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-scaleout-{setup.mode}-{setup.processes}-"))
    redis_server = None
    servers: list[Server] = []
    gen: LoadGen | None = None
    try:
        env: dict[str, str] = {}
        if setup.redis:
            redis_server = start_redis()
            env["REDIS_URL"] = redis_server.url
        for i in range(setup.processes):
            # One after the other: the first creates the schema and the key file in DATA_DIR.
            server = Server(
                f"{setup.mode}-{i}",
                data_dir,
                app=product_app_spec(),
                extra_env=env,
                async_mode=setup.mode,
            )
            servers.append(server)
            server.start()
            if setup.redis:
                check_redis_mode(server)
            log(f"{setup.name}: {' '.join(server.argv[1:])} (worker pid {server.worker_pid})")
        diag = servers[0].diagnostics()
        if diag:
            setup.tuning = {"frozen_objects": diag["gc"]["frozen_objects"], **diag["socketio"]}
        t = time.monotonic()
        users = signup_users(servers[0].url, args.users, f"s{int(time.time()) % 100000}_")
        log(f"{setup.name}: signed up {len(users)} users in {time.monotonic() - t:.1f}s")
        gen = LoadGen([s.url for s in servers], users)
        setup.connect = c = gen.call("connect", timeout=120, count=args.users, timeout_s=60)
        c["sockets_per_process"] = [
            ((s.diagnostics() or {}).get("socketio") or {}).get("sockets") for s in servers
        ]
        log(
            f"{setup.name}: connected {c['connected']}/{c['requested']} in {c['total_ms']:.0f} ms"
            f" (per process {c['sockets_per_process']})"
        )
        if c["connected"] < c["requested"]:
            for s in servers:
                log(f"{s.name} log tail:\n{last_error(s.log_path)}")
        require_all_connected(c)
        time.sleep(args.settle)
        gen.call(
            "step",
            timeout=120,
            rate=min(100, args.rates[0]),
            duration_s=3,
            drain_s=5,
            step_id=0,
            text_len=args.text_len,
            pairs=pairs_for(servers, args),
        )  # warm-up, not reported
        for n, rate in enumerate(args.rates, start=1):
            time.sleep(args.settle)
            step = measure_step(
                setup,
                servers,
                gen,
                redis_server.process.pid if redis_server else None,
                rate,
                n,
                args,
            )
            setup.steps.append(step)
            log(
                f"{setup.name} R={rate}: delivered {step['delivered_per_s']}/s "
                f"p99 {step['latency_ms']['p99']} ms lost {step['lost']} "
                f"err {step['error_acks']} unacked {step['unacked']} "
                f"cpu {step['total_cpu_ms_per_msg']} ms/msg -> "
                f"{'PASS' if step['pass'] else 'fail'}"
            )
            if overloaded(step):
                setup.notes.append(f"stopped after R={rate}: overloaded")
                break
        gen.call("disconnect", timeout=30, wait_ms=1000)
        for s in servers:
            wait_sockets(s, 0, timeout=30)
    finally:
        if gen:
            gen.close()
        for s in servers:
            s.stop()
        if redis_server:
            redis_server.stop()
        cleanup_dir(data_dir)
    return setup


def print_results(setups: list[Setup], rates: list[int]) -> None:
    headers = [
        "R/s",
        "setup",
        "offered",
        "deliv/s",
        "lost",
        "err",
        "unack",
        "p50",
        "p99",
        "cross%",
        "srv ms/msg",
        "redis ms/msg",
        "tot ms/msg",
        "srv cpu%",
        "redis%",
        "gen cpu%",
        "gc max",
        "lag99",
        "other%",
        "ok",
    ]
    rows = []
    for rate in rates:  # grouped by offered rate: the setups side by side at the same load
        for setup in setups:
            s = next((x for x in setup.steps if x["rate"] == rate), None)
            if s is None:
                continue
            lat = s["latency_ms"]
            rows.append(
                [
                    rate,
                    setup.name,
                    s["offered_per_s"],
                    s["delivered_per_s"],
                    s["lost"],
                    s["error_acks"],
                    s["unacked"],
                    lat["p50"],
                    lat["p99"],
                    round(100 * s["cross_process"] / max(1, s["sent"])),
                    s["server_cpu_ms_per_msg"],
                    s["redis_cpu_ms_per_msg"],
                    s["total_cpu_ms_per_msg"],
                    "+".join(f"{p:.0f}" for p in s["server_cpu_pct"]),
                    s["redis_cpu_pct"],
                    s["generator_cpu_pct"],
                    s["gc_max_ms"],
                    s["lag99_ms"],
                    s["other_cpu_pct"],
                    "yes" if s["pass"] else "no",
                ]
            )
    print(table(headers, rows))
    print("\n# Per setup")
    rows = []
    for setup in setups:
        c = setup.connect or {}
        errs = ack_errors(setup.steps)
        rows.append(
            [
                setup.name,
                setup.max_rate(),
                "/".join(str(x) for x in c.get("sockets_per_process") or []) or None,
                c.get("total_ms"),
                setup.tuning.get("async_mode"),
                ", ".join(f"{k} {v}" for k, v in errs.items()) or None,
                "; ".join(setup.notes) or None,
            ]
        )
    print(
        table(
            [
                "setup",
                "max msgs/s",
                "sockets/process",
                "connect ms",
                "async mode",
                "ack errors",
                "notes",
            ],
            rows,
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--setups",
        default=DEFAULT_SETUPS,
        help="comma list of <eventlet|gevent>:<processes>[+redis], run in this order",
    )
    add_step_options(ap, rates="200,400,600,800")
    ap.add_argument(
        "--pairs",
        choices=("random", "cross"),
        default="random",
        help="random distinct users (with 2 processes about half the messages cross), or "
        "cross: the recipient is always on another process",
    )
    args = ap.parse_args()
    try:
        setups = parse_setups(args.setups)
    except ValueError as err:
        ap.error(str(err))
    args.rates = [int(r) for r in args.rates.split(",") if r.strip()]
    if (
        not setups
        or not 2 <= args.users <= 5000
        or not args.rates
        or max(args.rates) > 5000
        or args.duration > 120
    ):
        ap.error("bounds: 1+ setups, 2..5000 users, rates <= 5000/s, duration <= 120 s")
    fd = raise_fd_limit(10000)
    started = time.time()
    commit = git_commit()
    log(f"measuring {commit}; fd limit {fd}; setups {[s.name for s in setups]}")
    for setup in setups:
        log(f"=== {setup.name}")
        try:
            run_setup(setup, args)
        except Exception as err:  # report the others anyway
            setup.notes.append(f"FAILED: {str(err).splitlines()[0]}")
            log(f"{setup.name} failed: {err}")

    print(f"\n# Scale-out benchmark — {commit}")
    print(
        f"{args.users} users/sockets on SQLite (one DATA_DIR per setup, shared by its processes), "
        f"steps {args.rates} msgs/s x {args.duration:g} s, open loop, pairs {args.pairs}; "
        "latency = receive - scheduled send (ms); ms/msg = CPU / delivered message "
        "(srv: all server workers summed; tot = srv + redis); srv cpu% per process"
    )
    print_results(setups, args.rates)
    print(
        f"pass: p99 < {P99_TARGET_MS:.0f} ms, nothing lost/errored/unacked. Everything shares "
        "this machine's cores (servers, Redis, the generator): compare setups within one run, "
        "and mind other%."
    )
    elapsed = round(time.time() - started, 1)
    path = save_json(
        "scaleout",
        {
            "commit": commit,
            "args": vars(args),
            "elapsed_s": elapsed,
            "setups": [{**s.__dict__, "name": s.name} for s in setups],
        },
    )
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    print(f"raw results: {shown} (run took {elapsed:.0f} s)")


if __name__ == "__main__":
    main()
