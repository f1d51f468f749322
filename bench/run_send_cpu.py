"""The product's own CPU per message sent, on both backends, in one run.

    bench/run_send_cpu.sh [--messages 2000] [--backends sqlite,mongo] [--mongo-uri URI]

Sends go through the product's send path in-process (chat.messages.service.send_message: the
checks, encryption, the durable write and the publish call), warm: to direct conversations this
process already served, as in a chat people use. Measured per message: the process's CPU (user
and system time of all its threads: pymongo's and SQLite's work on our side, the kernel's
loopback networking in system time; the database server's excluded), wall time, and MongoDB
commands (pymongo command monitoring, counted in a separate pass after the CPU ones: the
product registers no command listener, and one would add its own CPU). The socket layer is
not included (its cost is the same on both backends; run_messaging measures it). FerretDB,
the MongoDB-protocol test server, is started here unless --mongo-uri is given; its own CPU is
not ours and is left out: judge MongoDB by commands and our CPU, never by FerretDB's latency.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from pymongo import monitoring

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import FerretDB, log, table  # noqa: E402

from chat import create_app  # noqa: E402
from chat.config import Settings  # noqa: E402
from chat.messages.service import send_message  # noqa: E402
from chat.storage import get_store  # noqa: E402

PARTNERS = 5
GOAL_MONGO_MS = 1.5


class Commands(monitoring.CommandListener):
    BACKGROUND = frozenset({"hello", "ismaster", "isMaster", "ping", "endSessions"})

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in self.BACKGROUND:
            self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


COMMANDS = Commands()  # registered only for a last, separate pass: a listener costs CPU too


# Texts of varied words, so the search tokens are those of real chat, not of one repeated word.
WORDS = [
    "meeting",
    "tomorrow",
    "morning",
    "station",
    "coffee",
    "deploy",
    "review",
    "numbers",
    "weekend",
    "parcel",
    "arrived",
    "thanks",
    "later",
    "tonight",
    "dinner",
    "project",
    "window",
    "invoice",
    "holiday",
    "picture",
    "garden",
]


def measure(backend: str, mongo_uri: str | None, messages: int, users: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-send-{backend}-"))
    uri = f"{mongo_uri.rstrip('/')}/bench_send_{uuid.uuid4().hex[:8]}" if mongo_uri else None
    settings = Settings(
        app_env="test",
        data_dir=data_dir,
        jwt_secret="bench-secret-that-is-long-enough-for-hs256-0123456789",
        mongo_db_uri=uri,
        ratelimit_enabled=False,
    )
    app = create_app(settings)
    with app.app_context():
        store = get_store()
        try:
            ids = [store.users.create(f"u{i:04d}", f"User {i}", "x" * 60).id for i in range(users)]
            pairs = [(ids[i], ids[(i + k) % users]) for i in range(users) for k in (1, 2, 3, 4, 5)]

            def send(n: int) -> None:
                sender, to = pairs[n % len(pairs)]
                words = " ".join(WORDS[(n * 7 + k * 13) % len(WORDS)] for k in range(6))
                data = {"to": to, "text": f"message {n} {words}", "client_id": uuid.uuid4().hex}
                send_message(store, sender, data)

            for n in range(len(pairs)):  # every conversation opened once: the sends are warm
                send(n)
            store.search.catch_up()
            commands0, times0, wall0 = COMMANDS.count, os.times(), time.perf_counter()
            for n in range(messages):
                send(n)
            store.search.catch_up()  # SQLite's postings: a serving process's indexer pass
            times1, wall = os.times(), time.perf_counter() - wall0
            user, system = times1.user - times0.user, times1.system - times0.system
            cpu = user + system
            return {
                "backend": backend,
                "messages": messages,
                "cpu_ms_per_msg": round(1000 * cpu / messages, 3),
                "user_ms_per_msg": round(1000 * user / messages, 3),
                "system_ms_per_msg": round(1000 * system / messages, 3),
                "wall_ms_per_msg": round(1000 * wall / messages, 3),
                "commands_per_msg": round((COMMANDS.count - commands0) / messages, 2),
            }
        finally:
            store.drop_all()
            store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--backends", default="sqlite,mongo")
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--users", type=int, default=40, help="each writes to its next 5 users")
    ap.add_argument("--mongo-uri", default=None, help="a running server (else FerretDB here)")
    args = ap.parse_args()
    if not 10 <= args.messages <= 100_000 or not PARTNERS + 1 <= args.users <= 1000:
        ap.error("bounds: 10..100000 messages, 6..1000 users")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    ferret = None
    rows = []
    try:
        for backend in backends:
            uri = None
            if backend == "mongo":
                if args.mongo_uri:
                    uri = args.mongo_uri
                else:
                    ferret = FerretDB()
                    uri = ferret.start()
            log(f"{backend}: {args.messages} warm sends")
            rows.append(measure(backend, uri, args.messages, args.users))
            rows[-1]["uri"] = uri
        monitoring.register(COMMANDS)  # clients made from now on report their commands
        for row in rows:
            if row["backend"] == "mongo":
                log("mongo: counting the commands of 200 warm sends")
                counted = measure("mongo", row["uri"], 200, args.users)
                row["commands_per_msg"] = counted["commands_per_msg"]
    finally:
        if ferret:
            ferret.stop()
    print(
        table(
            ["backend", "messages", "cpu ms/msg", "user", "system", "wall ms/msg", "commands/msg"],
            [
                [
                    r["backend"],
                    r["messages"],
                    r["cpu_ms_per_msg"],
                    r["user_ms_per_msg"],
                    r["system_ms_per_msg"],
                    r["wall_ms_per_msg"],
                    r["commands_per_msg"] if r["backend"] == "mongo" else "-",
                ]
                for r in rows
            ],  # fmt: skip
        )
    )
    print(
        f"goal: MongoDB <= {GOAL_MONGO_MS} ms of the product's CPU per message (our process only;"
        " the socket layer excluded, see run_messaging for it)"
    )


if __name__ == "__main__":
    main()
