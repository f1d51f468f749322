"""History benchmark: pages of a 1,000,000-message conversation, a 500-conversation list with
unread counts, and a socket sync of 10,000 missed messages, on each backend.

    bench/run_history.sh [--backends sqlite,mongo] [--messages 1000000] [--requests 300]
                         [--conversations 500] [--sync-messages 10000] [--seed-budget 480]

Seeding goes straight to the store, in the product's own format: the conversation and users
through chat.storage (open_store), the messages by raw batched inserts (SQLite executemany /
MongoDB insert_many) of rows built like the product's (text sealed with chat.storage.sealing.seal
under the key ring the server reads from DATA_DIR). MongoDB (FerretDB) seeding stops at
--seed-budget seconds and says how many it seeded. Then, over HTTP as a member:
GET /api/conversations/<id>/messages?limit=50 (newest page) and ?before=<middle seq>&limit=50,
p50/p99 over --requests each plus the response size; GET /api/conversations for a user with
--conversations conversations (2 unread in each); and over the socket `sync` (limit 500, paged)
from last_seq - 10,000: total time and the server worker's peak RSS growth (VmHWM reset through
/proc/<pid>/clear_refs, then read after); then --changes changes (reactions, edits, deletions)
spread over the history and a `sync` with a change cursor by a client that holds it all (the
same Node client as the new messages, so the two compare): calls,
time, bytes. Targets: page p99 < 20 ms and < 25 KB; list < 50 ms; changes sync <= 300 ms and
<= 5 MB for 10,000 changes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    FerretDB,
    LoadGen,
    Server,
    cleanup_dir,
    git_commit,
    log,
    percentiles,
    proc_mem_kib,
    product_app_spec,
    raise_fd_limit,
    reset_peak_rss,
    save_json,
    signup_users,
    table,
)

from chat.crypto import load_key_ring  # noqa: E402
from chat.storage import open_store  # noqa: E402
from chat.storage.sealing import seal  # noqa: E402

PAGE_P99_TARGET_MS = 20
PAGE_BYTES_TARGET = 25 * 1024
LIST_TARGET_MS = 50
CHANGES_TARGET_MS = 300
CHANGES_BYTES_TARGET = 5_000_000
WORDS = (
    "hello there",
    "see you at the station",
    "ok",
    "did you get the file I sent yesterday",
    "running 10 minutes late, sorry!",
    "what do you think about the new plan for the launch",
    "ha",
    "sounds good to me",
    "can we move the call to tomorrow morning?",
    "I'll check and get back to you",
)


def texts(n: int = 1000) -> list[str]:
    """Distinct texts of 2 to ~180 characters (mean ~70), like a chat."""
    out = []
    for i in range(n):
        parts = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(1 + i % 4)]
        out.append(f"{' '.join(parts)} #{i}")
    return out


class Seeder:
    """Bulk inserts of one conversation's messages in the product's own format."""

    def __init__(self, backend: str, data_dir: Path, mongo_uri: str | None) -> None:
        self.backend = backend
        self.ring = load_key_ring(None, [], data_dir, production=False)  # the server's key
        self.store = open_store(mongo_uri, data_dir, self.ring)
        self.data_dir = data_dir
        self.texts = texts()

    def _rows(self, conv: str, a: str, b: str, start: int, count: int, base: datetime):
        for seq in range(start, start + count):
            text = self.texts[seq % len(self.texts)]
            client_id = uuid.uuid4().hex
            ciphertext, key_id = seal(self.ring, text, client_id)
            yield (
                seq,
                (a if seq % 2 else b),
                client_id,
                ciphertext,
                key_id,
                base + timedelta(seconds=seq),
            )

    def seed(
        self, conv: str, a: str, b: str, total: int, budget_s: float, batch: int
    ) -> dict[str, Any]:
        base = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=total + 60)
        t0 = time.monotonic()
        done = 0
        if self.backend == "sqlite":
            db = sqlite3.connect(self.data_dir / "chat.sqlite3", isolation_level=None, timeout=30)
            db.execute("PRAGMA synchronous=NORMAL")
            while done < total and time.monotonic() - t0 < budget_s:
                n = min(batch, total - done)
                rows = [
                    (int(conv), seq, int(s), cid, ct, kid, int(at.timestamp() * 1000))
                    for seq, s, cid, ct, kid, at in self._rows(conv, a, b, done + 1, n, base)
                ]
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    "INSERT INTO messages (conversation_id, seq, sender_id, client_id, ciphertext,"
                    " key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.execute("COMMIT")
                done += n
            last_at = int((base + timedelta(seconds=done)).timestamp() * 1000)
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "UPDATE conversations SET last_seq = ?, updated_at = ?, last_message_id ="
                " (SELECT id FROM messages WHERE conversation_id = ? AND seq = ?) WHERE id = ?",
                (done, last_at, int(conv), done, int(conv)),
            )
            db.execute(
                "UPDATE conversation_members SET last_read_seq = ?, last_delivered_seq = ?"
                " WHERE conversation_id = ?",
                (done, done, int(conv)),
            )
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
        else:
            from bson import ObjectId

            from chat.storage.models import Message
            from chat.storage.mongo.documents import message_doc

            db = self.store._db  # the store's own database handle
            last_doc = None
            while done < total and time.monotonic() - t0 < budget_s:
                n = min(batch, total - done)
                docs = []
                for seq, s, cid, _ct, _kid, at in self._rows(conv, a, b, done + 1, n, base):
                    # message_doc seals the text itself, exactly as the product stores it
                    text = self.texts[seq % len(self.texts)]
                    docs.append(
                        message_doc(
                            Message(str(ObjectId()), conv, seq, s, text, cid, at), self.ring
                        )
                    )
                db.messages.insert_many(docs, ordered=False)
                last_doc = docs[-1]
                done += n
            if last_doc is not None:
                db.conversations.update_one(
                    {"_id": ObjectId(conv)},
                    {
                        "$set": {
                            "last_seq": done,
                            "last_message": last_doc,
                            "updated_at": last_doc["created_at"],
                            f"cursors.{a}.read": done,
                            f"cursors.{a}.delivered": done,
                            f"cursors.{b}.read": done,
                            f"cursors.{b}.delivered": done,
                        }
                    },
                )
        elapsed = time.monotonic() - t0
        return {
            "seeded": done,
            "requested": total,
            "seconds": round(elapsed, 1),
            "rate_per_s": round(done / elapsed) if elapsed else None,
            "budget_hit": done < total,
        }

    def changes(self, conv: str, reactor: str, seeded: int, count: int) -> float:
        """`count` changes to distinct messages spread over the history, in the product's own
        format: 8 in 10 a reaction, 1 an edit (text sealed again), 1 a deletion."""
        t0 = time.monotonic()
        rng = random.Random(7)
        seqs = rng.sample(range(1, seeded + 1), min(count, seeded))
        if self.backend == "sqlite":
            db = sqlite3.connect(self.data_dir / "chat.sqlite3", isolation_level=None, timeout=30)
            db.execute("BEGIN IMMEDIATE")
            for change, seq in enumerate(seqs, 1):
                mid, cid = db.execute(
                    "SELECT id, client_id FROM messages WHERE conversation_id = ? AND seq = ?",
                    (int(conv), seq),
                ).fetchone()
                if change % 10 == 0:
                    db.execute(
                        "UPDATE messages SET deleted = 1, ciphertext = X'', key_id = '',"
                        " change_seq = ? WHERE id = ?",
                        (change, mid),
                    )
                elif change % 10 == 1:
                    ct, kid = seal(self.ring, f"edited {seq}", cid)
                    db.execute(
                        "UPDATE messages SET ciphertext = ?, key_id = ?, edited_at = ?,"
                        " change_seq = ? WHERE id = ?",
                        (ct, kid, int(time.time() * 1000), change, mid),
                    )
                else:
                    db.execute(
                        "INSERT INTO message_reactions VALUES (?, ?, ?, ?)",
                        (mid, "👍", int(reactor), change),
                    )
                    db.execute("UPDATE messages SET change_seq = ? WHERE id = ?", (change, mid))
            db.execute(
                "UPDATE conversations SET last_change = ? WHERE id = ?", (len(seqs), int(conv))
            )
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as the product's auto-checkpoints do
            db.close()
        else:
            from bson import ObjectId

            db = self.store._db
            key = ObjectId(conv)
            for change, seq in enumerate(seqs, 1):
                doc = db.messages.find_one({"conversation_id": key, "seq": seq})
                if change % 10 == 0:
                    fields = {"deleted": True, "ciphertext": b"", "key_id": ""}
                elif change % 10 == 1:
                    ct, kid = seal(self.ring, f"edited {seq}", doc["client_id"])
                    fields = {"ciphertext": ct, "key_id": kid, "edited_at": datetime.now(UTC)}
                else:
                    fields = {"reactions": {"👍": [ObjectId(reactor)]}}
                db.messages.update_one(
                    {"_id": doc["_id"]}, {"$set": {**fields, "change_seq": change}}
                )
            db.conversations.update_one({"_id": key}, {"$set": {"last_change": len(seqs)}})
        return time.monotonic() - t0

    def many_conversations(self, user: str, count: int, tag: str) -> float:
        """`count` conversations for user, each with 2 messages from the other member (unread)."""
        t0 = time.monotonic()
        for i in range(count):
            other = self.store.users.create(f"{tag}{i:04d}", f"Contact {i}", "not-a-real-hash")
            conv = self.store.conversations.get_or_create_direct(user, other.id)
            for k in range(2):
                self.store.messages.send(
                    conv.id, other.id, self.texts[(i + k) % 1000], uuid.uuid4().hex
                )
        return time.monotonic() - t0

    def close(self) -> None:
        self.store.close()


def timed_gets(session: requests.Session, url: str, n: int, budget_s: float) -> dict[str, Any]:
    """n sequential GETs, or fewer (at least 3) when they take longer than budget_s in all."""
    times, sizes, statuses = [], [], {}
    t0 = time.monotonic()
    for i in range(n):
        if i >= 3 and time.monotonic() - t0 > budget_s:
            break
        t = time.perf_counter()
        r = session.get(url, timeout=300)
        times.append((time.perf_counter() - t) * 1000)
        sizes.append(len(r.content))
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    body = r.json() if r.status_code == 200 else {"error": r.text[:200]}
    p = percentiles(times)
    return {
        "ms": {k: (round(v, 2) if isinstance(v, float) else v) for k, v in p.items()},
        "bytes": max(sizes),
        "statuses": statuses,
        "last_body": body,
        "budget_hit": len(times) < n,
    }


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-history-{backend}-"))
    ferret = server = gen = seeder = None
    out: dict[str, Any] = {"backend": backend}
    try:
        mongo_uri = None
        if backend == "mongo":
            if args.mongo_uri:
                mongo_uri = args.mongo_uri.rstrip("/") + f"/bench_history_{int(time.time())}"
            else:
                ferret = FerretDB()
                mongo_uri = ferret.start().rstrip("/") + "/bench"
        server = Server(
            f"history-{backend}", data_dir, mongo_uri=mongo_uri, app=product_app_spec()
        ).start()
        a, b, u = signup_users(server.url, 3, f"h{int(time.time()) % 100000}_")
        seeder = Seeder(backend, data_dir, mongo_uri)

        # A user with --conversations conversations, 2 unread in each. Seeded first: through the
        # product's repositories, whose per-message duplicate check would scan a big messages
        # collection on FerretDB.
        log(f"{backend}: seeding {args.conversations} conversations")
        tag = f"k{int(time.time()) % 100000}_"
        out["list_seed_s"] = round(seeder.many_conversations(u["id"], args.conversations, tag), 1)

        # 1. one conversation with --messages messages
        conv = seeder.store.conversations.get_or_create_direct(a["id"], b["id"]).id
        budget = args.seed_budget if backend == "mongo" else max(args.seed_budget, 900)
        log(f"{backend}: seeding {args.messages} messages (budget {budget:.0f}s)")
        out["seed"] = seeder.seed(conv, a["id"], b["id"], args.messages, budget, args.batch)
        seeded = out["seed"]["seeded"]
        log(
            f"{backend}: seeded {seeded} in {out['seed']['seconds']}s "
            f"({out['seed']['rate_per_s']}/s)"
        )

        session = requests.Session()
        session.headers["Cookie"] = a["cookie"]
        base = f"{server.url}/api/conversations/{conv}/messages"
        for _ in range(5):  # warm-up (one when a page takes seconds: FerretDB)
            t = time.monotonic()
            session.get(base + "?limit=50", timeout=300)
            if time.monotonic() - t > 1:
                break
        out["newest"] = timed_gets(session, base + "?limit=50", args.requests, args.measure_budget)
        middle = max(2, seeded // 2)
        out["middle"] = timed_gets(
            session, f"{base}?before={middle}&limit=50", args.requests, args.measure_budget
        )
        for key in ("newest", "middle"):
            msgs = out[key].pop("last_body").get("messages", [])
            out[key]["messages"] = len(msgs)
            out[key]["seqs"] = [msgs[0]["seq"], msgs[-1]["seq"]] if msgs else None
            out[key]["undecryptable"] = sum(1 for m in msgs if m.get("text") is None)
        log(
            f"{backend}: pages newest p99 {out['newest']['ms']['p99']} ms, "
            f"middle p99 {out['middle']['ms']['p99']} ms"
        )

        # 2. the conversation list of that user
        s2 = requests.Session()
        s2.headers["Cookie"] = u["cookie"]
        for _ in range(5):
            s2.get(server.url + "/api/conversations", timeout=300)
        out["list"] = timed_gets(
            s2, server.url + "/api/conversations", args.requests, args.measure_budget
        )
        convs = out["list"].pop("last_body").get("conversations", [])
        out["list"]["items"] = len(convs)
        out["list"]["unread_total"] = sum(c.get("unread", 0) for c in convs)
        log(f"{backend}: list of {len(convs)} p99 {out['list']['ms']['p99']} ms")

        # 3. socket sync of --sync-messages missed messages (user b, limit 500 a call)
        gen = LoadGen(server.url, [b])
        gen.call("connect", count=1, timeout_s=30)
        start_seq = max(0, seeded - args.sync_messages)
        runs = []
        for _ in range(args.sync_rounds):
            time.sleep(0.5)
            before = proc_mem_kib(server.worker_pid)
            peak_reset = reset_peak_rss(server.worker_pid)
            res = gen.call(
                "sync",
                timeout=args.measure_budget + 400,
                user=0,
                cursors={conv: start_seq},
                limit=500,
                max_calls=1000,
                timeout_ms=300_000,
                budget_ms=args.measure_budget * 1000,
            )
            after = proc_mem_kib(server.worker_pid)
            res.update(
                rss_before_mib=round(before["VmRSS"] / 1024, 1),
                peak_delta_mib=round((after["VmHWM"] - before["VmRSS"]) / 1024, 1)
                if peak_reset
                else None,
                rss_after_delta_mib=round((after["VmRSS"] - before["VmRSS"]) / 1024, 1),
            )
            runs.append(res)
            if res.get("budget_hit"):
                break  # one partial sync says it; repeating would only take longer
        out["sync"] = runs
        log(f"{backend}: sync {[r['total_ms'] for r in runs]} ms")

        # 4. socket sync of --changes changes (reactions, edits, deletions) to messages the
        # client already holds, spread over the whole history, from its change cursor
        log(f"{backend}: {args.changes} changes to the conversation")
        out["changes_seed_s"] = round(seeder.changes(conv, b["id"], seeded, args.changes), 1)
        # the same Node client as the new messages of step 3, from change cursor 0, holding the
        # whole history: only the changed messages come
        out["changes"] = [
            gen.call(
                "sync",
                timeout=args.measure_budget + 400,
                user=0,
                cursors={conv: seeded},
                changes={conv: 0},
                limit=500,
                max_calls=1000,
                timeout_ms=300_000,
                budget_ms=args.measure_budget * 1000,
            )
            for _ in range(args.sync_rounds)
        ]
        log(f"{backend}: changes sync {[r['total_ms'] for r in out['changes']]} ms")
    finally:
        if gen:
            gen.close()
        if seeder:
            seeder.close()
        if server:
            server.stop()
        if ferret:
            ferret.stop()
        cleanup_dir(data_dir)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backends", default="sqlite,mongo")
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--seed-budget", type=float, default=480, help="max seconds to seed MongoDB")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument(
        "--measure-budget",
        type=float,
        default=90,
        help="max seconds per measurement (fewer requests / a partial sync past it)",
    )
    ap.add_argument("--conversations", type=int, default=500)
    ap.add_argument("--sync-messages", type=int, default=10_000)
    ap.add_argument("--sync-rounds", type=int, default=3)
    ap.add_argument("--changes", type=int, default=10_000)
    ap.add_argument("--mongo-uri", default="")
    args = ap.parse_args()
    if not (
        1000 <= args.messages <= 5_000_000
        and 1 <= args.requests <= 5000
        and 1 <= args.conversations <= 5000
        and args.seed_budget <= 1800
    ):
        ap.error("out of bounds")
    raise_fd_limit(10000)
    commit = git_commit()
    log(f"measuring {commit}")
    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        try:
            results.append(run_backend(backend, args))
        except Exception as err:
            log(f"{backend} failed: {err!r}")
            results.append({"backend": backend, "error": repr(err)})

    print(f"\n# History benchmark — {commit}")
    print(
        f"pages: {args.requests} sequential GETs each, client-side ms; list: {args.conversations} "
        f"conversations; sync: {args.sync_messages} messages, limit 500 per call"
    )
    rows = []
    for r in results:
        if "error" in r:
            print(f"{r['backend']}: FAILED {r['error']}")
            continue
        s = r["seed"]
        rows.append(
            [
                r["backend"],
                f"{s['seeded']}/{s['requested']}",
                s["rate_per_s"],
                s["seconds"],
                r["newest"]["ms"]["n"],
                r["newest"]["ms"]["p50"],
                r["newest"]["ms"]["p99"],
                r["newest"]["bytes"],
                r["middle"]["ms"]["n"],
                r["middle"]["ms"]["p50"],
                r["middle"]["ms"]["p99"],
                r["middle"]["bytes"],
            ]
        )
    print(
        table(
            [
                "backend",
                "seeded",
                "seed/s",
                "seed s",
                "n",
                "newest p50",
                "newest p99",
                "bytes",
                "n",
                "middle p50",
                "middle p99",
                "bytes",
            ],
            rows,
        )
    )
    rows = []
    for r in results:
        if "error" in r:
            continue
        lst = r["list"]
        rows.append(
            [
                r["backend"],
                args.conversations,
                lst["items"],
                lst["unread_total"],
                lst["ms"]["n"],
                lst["ms"]["p50"],
                lst["ms"]["p99"],
                lst["bytes"],
            ]
        )
    print(
        table(
            ["backend", "convs", "listed", "unread sum", "n", "list p50", "list p99", "bytes"], rows
        )
    )
    rows = []
    for r in results:
        if "error" in r:
            continue
        for i, s in enumerate(r["sync"], 1):
            if s.get("budget_hit"):
                s["error"] = "time budget"
            rows.append(
                [
                    r["backend"],
                    i,
                    s["messages"],
                    s["calls"],
                    s["total_ms"],
                    s["per_call_ms"]["p50"],
                    s["per_call_ms"]["max"],
                    s["json_bytes"],
                    s["rss_before_mib"],
                    s["peak_delta_mib"],
                    s["rss_after_delta_mib"],
                    "yes" if s["complete"] else f"no {s['error'] or ''}",
                ]
            )
    print(
        table(
            [
                "backend",
                "run",
                "messages",
                "calls",
                "total ms",
                "call p50",
                "call max",
                "json bytes",
                "rss MiB",
                "peak +MiB",
                "after +MiB",
                "complete",
            ],
            rows,
        )
    )
    rows = []
    for r in results:
        if "error" in r:
            continue
        for run, c in enumerate(r["changes"], 1):
            rows.append(
                [r["backend"], run, c["changed"], c["calls"], c["total_ms"],
                 c["per_call_ms"]["p50"], c["per_call_ms"]["max"], c["json_bytes"],
                 "yes" if c["complete"] else "no"]
            )  # fmt: skip
    print(
        table(
            [
                "backend",
                "run",
                "changed",
                "calls",
                "total ms",
                "call p50",
                "call max",
                "json bytes",
                "complete",
            ],
            rows,
        )  # fmt: skip
    )
    print(
        f"targets: page p99 < {PAGE_P99_TARGET_MS} ms and < {PAGE_BYTES_TARGET // 1024} KB; "
        f"list < {LIST_TARGET_MS} ms; changes sync <= {CHANGES_TARGET_MS} ms and "
        f"<= {CHANGES_BYTES_TARGET // 1_000_000} MB"
    )
    for r in results:
        if "error" not in r and r["seed"]["budget_hit"]:
            print(
                f"note: {r['backend']}: seeding stopped at the {args.seed_budget:.0f}s budget: "
                f"{r['seed']['seeded']} of {r['seed']['requested']} messages"
            )
        for key in ("newest", "middle", "list"):
            if "error" not in r and r[key].get("budget_hit"):
                print(
                    f"note: {r['backend']}: {key}: only {r[key]['ms']['n']} requests within the "
                    f"{args.measure_budget:.0f}s budget"
                )
        if "error" not in r and r["list"]["items"] < args.conversations:
            print(
                f"note: {r['backend']}: /api/conversations listed {r['list']['items']} of "
                f"{args.conversations} conversations (capped)"
            )
    path = save_json("history", {"commit": commit, "args": vars(args), "results": results})
    print(f"raw results: {path}")


if __name__ == "__main__":
    main()
