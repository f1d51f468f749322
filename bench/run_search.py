"""Search benchmark: GET /api/search over 1,000,000 messages in 500 conversations of one user,
on the embedded store (SQLite).

    bench/run_search.sh [--messages 1000000] [--conversations 500] [--requests 300]
                        [--data-dir DIR]

The server runs as in production (the Procfile's gunicorn, one eventlet worker) on a temporary
DATA_DIR. The searcher signs up over HTTP; the other users, the direct conversations and the
messages go straight into the store through chat.storage (open_store): messages by
MessageRepo.insert_sealed in batches, the product's bulk path, which decrypts each text and
writes its blind index tokens in the same transaction. Texts are 3-14 words drawn from a
Zipf-distributed vocabulary of made-up words (frequent ones short), so some words are in most
messages and most are rare. Then, over HTTP as the searcher, --requests sequential searches
(limit 20) of each kind: one word, two words and a word prefix, all taken from a random seeded
message (what a user remembers); p50/p99 client-side and as the server logged them
(duration_ms), and hits per page. Reports the index size per message (SQLite dbstat of the
token table), tokens per message and the whole file per message. --data-dir keeps the seeded
store, so another run measures again without seeding (12 minutes on a busy 2-core machine).
Target: search p99 < 100 ms for one and two words.
"""

from __future__ import annotations

import argparse
import json
import random
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
    PASSWORD,
    Server,
    cleanup_dir,
    git_commit,
    log,
    percentiles,
    product_app_spec,
    save_json,
    signup_users,
    table,
)

from chat.crypto import load_key_ring  # noqa: E402
from chat.search.tokens import words  # noqa: E402
from chat.storage import open_store  # noqa: E402
from chat.storage.models import SealedMessage  # noqa: E402
from chat.storage.sealing import seal  # noqa: E402

P99_TARGET_MS = 100
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "di", "pa", "ben", "tor", "lis",
             "mar", "gu", "fe", "ha", "jo", "zin", "qua")  # fmt: skip


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Distinct made-up words in rank order, the frequent ones short as in a language (half the
    words of 1 syllable, then of 2, 3...): about 5 letters a word in the texts, like English."""
    found: dict[str, None] = {}
    syllables = 1
    while len(found) < size:
        target = min(size, len(found) + len(SYLLABLES) ** syllables // 2)
        while len(found) < target:
            found["".join(rng.choice(SYLLABLES) for _ in range(syllables))] = None
        syllables += 1
    return list(found)


class Texts:
    """Message texts: 3-14 words, word of rank r drawn with weight 1/r."""

    def __init__(self, vocab_size: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary(vocab_size, self.rng)
        cum, total = [], 0.0
        for rank in range(1, vocab_size + 1):
            total += 1 / rank
            cum.append(total)
        self.cum = cum

    def make(self) -> str:
        n = self.rng.randint(3, 14)
        return " ".join(self.rng.choices(self.vocab, cum_weights=self.cum, k=n))


def seed_store(data_dir: Path, searcher: str, args: argparse.Namespace) -> dict[str, Any]:
    """Other users, one direct conversation each with the searcher, then the messages round
    robin over them; returns timings and a sample of texts for the queries."""
    ring = load_key_ring(None, [], data_dir, production=False)  # the server's key
    store = open_store(None, data_dir, ring)
    store._db._writer.execute("PRAGMA cache_size=-1000000")  # type: ignore[attr-defined]
    t0 = time.monotonic()
    people = range(args.conversations)  # peers of the searcher, one direct conversation each
    others = [store.users.create(f"peer{i:04d}", f"Peer {i}", "!").id for i in people]
    convs = [store.conversations.get_or_create_direct(searcher, o).id for o in others]
    texts = Texts(args.vocabulary, args.seed)
    base = datetime.now(UTC) - timedelta(seconds=args.messages + 60)
    sample: list[str] = []
    done = 0
    while done < args.messages:
        batch = []
        for i in range(done, min(done + args.batch, args.messages)):
            k = i % len(convs)
            text, client_id = texts.make(), uuid.uuid4().hex
            if len(sample) < 5000 and texts.rng.random() < 5000 / args.messages:
                sample.append(text)
            ciphertext, key_id = seal(ring, text, client_id)
            sender = searcher if i % 2 else others[k]
            batch.append(SealedMessage(
                "", convs[k], i // len(convs) + 1, sender, client_id, ciphertext, key_id,
                base + timedelta(seconds=i),
            ))  # fmt: skip
        store.messages.insert_sealed(batch)
        done += len(batch)
        if done % 100_000 < args.batch:
            log(f"seeded {done} messages ({done / (time.monotonic() - t0):.0f}/s)")
    for conv in convs:
        store.conversations.refresh_last_message(conv)
    seeded_s = time.monotonic() - t0
    size = sizes(store, done)
    store.close()
    return {"seed_s": round(seeded_s, 1), "rate_per_s": round(done / seeded_s), **size,
            "sample": sample}  # fmt: skip


def sizes(store: Any, messages: int) -> dict[str, Any]:
    db = store._db
    db.checkpoint()
    pages = db.query("SELECT sum(pgsize) FROM dbstat WHERE name = 'message_search_tokens'")[0][0]
    tokens = db.query("SELECT count(*) FROM message_search_tokens")[0][0]
    total = sum(f.stat().st_size for f in db.path.parent.glob(db.path.name + "*"))
    return {
        "index_bytes_per_message": round(pages / messages, 1),
        "tokens_per_message": round(tokens / messages, 1),
        "file_bytes_per_message": round(total / messages, 1),
        "index_mib": round(pages / 2**20, 1),
        "file_mib": round(total / 2**20, 1),
    }


def queries(sample: list[str], kind: str, n: int, rng: random.Random) -> list[str]:
    out = []
    while len(out) < n:
        found = list(dict.fromkeys(words(rng.choice(sample))))
        if kind == "one word":
            out.append(rng.choice(found))
        elif kind == "two words" and len(found) >= 2:
            out.append(" ".join(rng.sample(found, 2)))
        elif kind == "prefix":
            word = rng.choice(found)
            out.append(word[: rng.randint(3, max(3, len(word) - 1))])
    return out


def timed_searches(server: Server, cookie: str, qs: list[str]) -> dict[str, Any]:
    """Client-side times, and the server's own (its access log's duration_ms)."""
    session = requests.Session()
    session.headers["Cookie"] = cookie
    for q in qs[:5]:  # warm-up
        session.get(server.url + "/api/search", params={"q": q}, timeout=60)
    logged = server.log_path.stat().st_size
    times, hits = [], []
    for q in qs:
        t = time.perf_counter()
        r = session.get(server.url + "/api/search", params={"q": q, "limit": 20}, timeout=60)
        times.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
        hits.append(len(r.json()["messages"]))
    return {"ms": percentiles(times), "server_ms": percentiles(server_times(server, logged)),
            "hits_mean": round(sum(hits) / len(hits), 1),
            "empty": sum(1 for h in hits if h == 0)}  # fmt: skip


def server_times(server: Server, offset: int) -> list[float]:
    with open(server.log_path) as log_file:
        log_file.seek(offset)
        lines = [json.loads(line) for line in log_file if line.startswith("{")]
    return [e["duration_ms"] for e in lines if e.get("route") == "/api/search"]


def seeded_store(data_dir: Path, server: Server, args: argparse.Namespace) -> tuple[dict, str]:
    """(what the seeding measured, the searcher's cookie): seeded now, or by an earlier run
    with the same --data-dir (its seed.json)."""
    marker = data_dir / "search-seed.json"
    if marker.exists():
        seeded = json.loads(marker.read_text())
        log(f"reusing the {seeded['messages']} messages seeded in {data_dir}")
        r = requests.post(server.url + "/api/auth/login", timeout=30,
                          json={"username": seeded["username"], "password": PASSWORD})  # fmt: skip
        r.raise_for_status()
        return seeded, "; ".join(f"{c.name}={c.value}" for c in r.cookies)
    (me,) = signup_users(server.url, 1, f"s{int(time.time()) % 100000}_")
    log(f"seeding {args.messages} messages over {args.conversations} conversations")
    seeded = {"messages": args.messages, "conversations": args.conversations,
              "username": me["username"], **seed_store(data_dir, me["id"], args)}  # fmt: skip
    marker.write_text(json.dumps(seeded))
    return seeded, me["cookie"]


def run(args: argparse.Namespace) -> dict[str, Any]:
    kept = args.data_dir is not None
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="bench-search-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        server = Server("search-sqlite", data_dir, app=product_app_spec()).start()
        seeded, cookie = seeded_store(data_dir, server, args)
        out: dict[str, Any] = {**seeded, "search": {}}
        sample = out.pop("sample")
        log(f"seeded in {seeded['seed_s']} s; index {seeded['index_bytes_per_message']} B/msg")
        rng = random.Random(args.seed + 1)
        for kind in ("one word", "two words", "prefix"):
            qs = queries(sample, kind, args.requests, rng)
            out["search"][kind] = timed_searches(server, cookie, qs)
            log(f"{kind}: p99 {out['search'][kind]['ms']['p99']} ms")
        return out
    finally:
        if server:
            server.stop()
        if not kept:
            cleanup_dir(data_dir)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--conversations", type=int, default=500)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--vocabulary", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument(
        "--data-dir",
        help="keep the seeded store here (never removed); a later run with it measures again"
        " without seeding",
    )
    args = ap.parse_args()
    if not (1000 <= args.messages <= 5_000_000 and 1 <= args.conversations <= 5000
            and 1 <= args.requests <= 5000 and 100 <= args.vocabulary <= 200_000):  # fmt: skip
        ap.error("out of bounds")
    commit = git_commit()
    log(f"measuring {commit}")
    result = run(args)
    print(f"\n# Search benchmark — {commit}")
    print(
        f"{result['messages']} messages over {result['conversations']} conversations of one user;"
        f" seeded in {result['seed_s']} s ({result['rate_per_s']}/s)"
    )
    print(
        f"index: {result['index_bytes_per_message']} B/message"
        f" ({result['tokens_per_message']} tokens), {result['index_mib']} MiB;"
        f" whole file {result['file_bytes_per_message']} B/message ({result['file_mib']} MiB)"
    )
    rows = [
        [kind, r["ms"]["p50"], r["ms"]["p99"], r["ms"]["max"], r["server_ms"]["p50"],
         r["server_ms"]["p99"], r["hits_mean"], r["empty"],
         "ok" if kind == "prefix" or r["ms"]["p99"] < P99_TARGET_MS else "MISSED"]
        for kind, r in result["search"].items()
    ]  # fmt: skip
    headers = ["query", "p50 ms", "p99 ms", "max ms", "server p50", "server p99", "hits/page",
               "empty", "p99<100"]  # fmt: skip
    print(table(headers, rows))
    save_json("search", {"commit": commit, "args": vars(args), "result": result})


if __name__ == "__main__":
    main()
