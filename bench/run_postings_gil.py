"""How long a batch of search postings holds SQLite's write lock while the event loop is busy.

    bench/run_postings_gil.sh [--postings 4000] [--rounds 3]

The search indexer writes a batch of postings from a worker thread while the event loop keeps
serving sockets. Both need the GIL: a thread waiting for it runs again only when the holder
blocks (a socket write) or after the switch interval. This runs a stand-in for the loop (Python
work and a write to /dev/null, over and over, in another thread) and times, in one run, a
transaction of the same sorted postings written two ways: row by row (executemany, which takes
the GIL back for every row) and as the product writes them (one statement over a JSON array,
chat/storage/sqlite/search_index.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chat.storage.sqlite.search_index import insert_postings  # noqa: E402

TABLE = (
    "CREATE TABLE message_search_tokens (token INTEGER NOT NULL, message_id INTEGER NOT NULL,"
    " PRIMARY KEY (token, message_id)) WITHOUT ROWID"
)


def row_by_row(conn: sqlite3.Connection, postings: list[tuple[int, int]]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO message_search_tokens (token, message_id) VALUES (?, ?)", postings
    )


def busy_loop(stop: threading.Event) -> None:
    """Like the event loop under load: ~10 µs of Python, then a socket-sized write."""
    fd = os.open(os.devnull, os.O_WRONLY)
    while not stop.is_set():
        sum(i * 2 for i in range(200))
        os.write(fd, b"x" * 300)
    os.close(fd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--postings", type=int, default=4000, help="a batch: ~200 messages")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp(prefix="bench-postings-")) / "p.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(TABLE)
    ways = {"row by row (executemany)": row_by_row, "one statement (product)": insert_postings}
    times: dict[str, list[float]] = {name: [] for name in ways}
    stop = threading.Event()
    threading.Thread(target=busy_loop, args=(stop,), daemon=True).start()
    message = 0
    for _ in range(args.rounds):
        for name, write in ways.items():
            postings = sorted(
                (random.getrandbits(64) - 2**63, message + i // 20) for i in range(args.postings)
            )
            message += args.postings // 20
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            write(conn, postings)
            conn.execute("COMMIT")
            times[name].append(1000 * (time.perf_counter() - started))
    stop.set()
    print(f"write lock held for {args.postings} postings, a busy loop in another thread (ms):")
    for name, held in times.items():
        print(f"  {name:26s} " + "  ".join(f"{t:6.1f}" for t in held))


if __name__ == "__main__":
    main()
