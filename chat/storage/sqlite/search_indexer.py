"""Postings of new messages written in batches, off the send path.

Each posting is a row of message_search_tokens, whose key (token, message) puts the ~15-30
postings of one message on as many pages scattered over the tree. Written by the send itself,
each commit wrote all those pages to the log again: a sixth of the commit thread's time in the
group fan-out benchmark, besides its share of the commit. The indexer instead takes every
message past the search_progress mark, computes their tokens in a worker thread, and writes
them sorted in one transaction, with the mark: each page once per batch, and never inside a
send's commit.

A message is never missed: the mark moves in the transaction that writes the postings of every
message up to it (re-read there, so a text edited or deleted meanwhile is indexed as it is
now), a send whose id is at or under the mark (ids reused after the newest messages were
purged) indexes itself, and a search first catches up. After a crash the next pass, or the
next search, indexes what was left.
"""

from __future__ import annotations

import sqlite3
import threading

from ...blocking import run_blocking
from ...crypto import KeyRing
from .database import Database
from .search_index import TOKEN_ROWS, insert_postings, row_tokens

BATCH = 200  # messages a transaction: it holds up sends while it writes (~5 ms)
MARK = "SELECT indexed_through FROM search_progress WHERE id = 1"


def indexed_through(conn: sqlite3.Connection) -> int:
    row = conn.execute(MARK).fetchone()
    return row[0] if row else 0


class SearchIndexer:
    def __init__(self, db: Database, ring: KeyRing) -> None:
        self._db = db
        self._ring = ring
        self._running = threading.Lock()  # one pass at a time in this process

    def catch_up(self) -> int:
        """Index every message past the mark; how many were indexed."""
        with self._running:
            done = 0
            while True:
                count = self._batch()
                done += count
                if count < BATCH:
                    return done

    def _batch(self) -> int:
        rows = self._db.query(TOKEN_ROWS + f" WHERE id > ({MARK}) ORDER BY id LIMIT ?", (BATCH,))
        if not rows:
            return 0
        last = rows[-1]["id"]
        # HMACs of every word and prefix: ~60 µs a message, off the event loop.
        computed = run_blocking(self._tokens_of, rows)

        def write(conn: sqlite3.Connection) -> None:
            start = indexed_through(conn)
            if start >= last:  # another pass (another process) got here first
                return
            postings: list[tuple[int, int]] = []
            for row in conn.execute(TOKEN_ROWS + " WHERE id > ? AND id <= ?", (start, last)):
                seen = computed.get(row["id"])
                same = seen is not None and seen[0] == row["ciphertext"]
                tokens = seen[1] if same else row_tokens(self._ring, row)
                postings.extend((token, row["id"]) for token in tokens or ())
            postings.sort()  # in key order: each page of the tree visited once
            insert_postings(conn, postings)
            conn.execute("UPDATE search_progress SET indexed_through = ? WHERE id = 1", (last,))

        self._db.write(write)
        return len(rows)

    def _tokens_of(self, rows: list[sqlite3.Row]) -> dict[int, tuple[bytes, list[int] | None]]:
        return {row["id"]: (row["ciphertext"], row_tokens(self._ring, row)) for row in rows}
