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
from collections.abc import Iterable

import orjson

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
        # HMACs of every word and prefix (~60 µs a message) and the sorted postings, before the
        # write and off the event loop: the write only checks that no text changed meanwhile.
        computed, prepared = run_blocking(self._prepare, rows)
        read = _ciphertexts_json(computed)

        def write(conn: sqlite3.Connection) -> None:
            start = indexed_through(conn)
            if start >= last:  # another pass (another process) got here first
                return
            # One row for the whole range: a row per message would take the GIL back each time.
            (now,) = conn.execute(CIPHERTEXTS, (start, last)).fetchone()
            unchanged = dict(orjson.loads(now)) == read
            insert_postings(
                conn, prepared if unchanged else self._postings_now(conn, start, last, computed)
            )
            conn.execute("UPDATE search_progress SET indexed_through = ? WHERE id = 1", (last,))

        self._db.write(write)
        return len(rows)

    def _prepare(self, rows: list[sqlite3.Row]) -> tuple[Computed, list[tuple[int, int]]]:
        computed = self._tokens_of(rows)
        return computed, _sorted_postings((i, tokens) for i, (_, tokens) in computed.items())

    def _tokens_of(self, rows: list[sqlite3.Row]) -> Computed:
        return {row["id"]: (row["ciphertext"], row_tokens(self._ring, row)) for row in rows}

    def _postings_now(
        self, conn: sqlite3.Connection, start: int, last: int, computed: Computed
    ) -> list[tuple[int, int]]:
        """Texts changed (or another pass indexed some) since the read: the messages as they
        are now, reusing the tokens of those that did not change."""
        tokens_now: list[tuple[int, list[int] | None]] = []
        for row in conn.execute(TOKEN_ROWS + " WHERE id > ? AND id <= ?", (start, last)):
            seen = computed.get(row["id"])
            same = seen is not None and seen[0] == row["ciphertext"]
            tokens_now.append((row["id"], seen[1] if same else row_tokens(self._ring, row)))
        return _sorted_postings(tokens_now)


Computed = dict[int, tuple[bytes, list[int] | None]]  # message id -> (ciphertext, its tokens)
# [id, ciphertext in hex] of each message of a range, in one row (hex() is upper case).
CIPHERTEXTS = (
    "SELECT json_group_array(json_array(id, hex(ciphertext))) FROM messages"
    " WHERE id > ? AND id <= ?"
)


def _ciphertexts_json(computed: Computed) -> dict[int, str]:
    """What CIPHERTEXTS gives, as a dict, when nothing changed since the read."""
    return {i: (ciphertext or b"").hex().upper() for i, (ciphertext, _) in computed.items()}


def _sorted_postings(tokens: Iterable[tuple[int, list[int] | None]]) -> list[tuple[int, int]]:
    """In key order: each page of the tree is visited once."""
    return sorted((token, i) for i, found in tokens for token in found or ())
