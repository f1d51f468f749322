"""The blind index on SQLite: one row per (token, message), its primary key the only index.

A search walks the postings of its rarest token newest first and checks the other tokens and the
reader's window by primary-key look-ups, stopping at the page size. Postings of a message are
removed by recomputing its tokens from its text (no second index by message: half the size).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

import orjson

from ...crypto import KeyRing
from ...search.tokens import SearchTerms
from ..blind_index import sealed_tokens
from ..models import Message, ResealProgress
from .database import Database
from .rows import MESSAGE_SELECT, message_from_row, parse_id

MAX_ID = 2**63 - 1
COUNT_CAP = 2000  # postings counted per token to pick the rarest (a bounded index range)
# What row_tokens reads of a message, with its id.
TOKEN_ROWS = "SELECT id, ciphertext, key_id, client_id, kind, deleted FROM messages"


# Postings travel as one JSON array of [token, message id] pairs, so that a batch is one
# statement: executemany takes the GIL back for every row, and the busy event loop holds it.
# 4,000 postings written from a thread while another thread runs Python and socket writes held
# the write lock 54-60 ms that way, 6-8.5 ms in one statement (bench/run_postings_gil.sh).
PAIRS = "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"


def insert_postings(conn: sqlite3.Connection, postings: Iterable[tuple[int, int]]) -> None:
    """(token, message id) pairs; those already there are left as they are."""
    conn.execute(
        f"INSERT OR IGNORE INTO message_search_tokens (token, message_id) {PAIRS}",
        (_pairs_json(postings),),
    )


def index_message(conn: sqlite3.Connection, message_id: int, tokens: Iterable[int]) -> None:
    insert_postings(conn, [(t, message_id) for t in tokens])


def unindex_message(conn: sqlite3.Connection, message_id: int, tokens: Iterable[int]) -> None:
    conn.execute(
        f"DELETE FROM message_search_tokens WHERE (token, message_id) IN ({PAIRS})",
        (_pairs_json((t, message_id) for t in tokens),),
    )


def _pairs_json(pairs: Iterable[tuple[int, int]]) -> str:
    return orjson.dumps(list(pairs)).decode()


def row_tokens(ring: KeyRing, row: sqlite3.Row) -> list[int] | None:
    """The tokens of a stored message row (its ciphertext, key_id, client_id, kind, deleted);
    None when it cannot be decrypted."""
    return sealed_tokens(
        ring, row["ciphertext"], row["key_id"], row["client_id"], row["kind"], bool(row["deleted"])
    )


def stored_tokens(conn: sqlite3.Connection, ring: KeyRing, message_id: int) -> list[int]:
    """The tokens a message is indexed under now (read inside the write that changes it)."""
    row = conn.execute(TOKEN_ROWS + " WHERE id = ?", (message_id,)).fetchone()
    return (row_tokens(ring, row) or []) if row else []


class SqliteSearchIndex:
    def __init__(self, db: Database, ring: KeyRing, catch_up: Callable[[], int]) -> None:
        """catch_up: the indexer's (search_indexer.py), which writes new messages' postings."""
        self._db = db
        self._ring = ring
        self.catch_up = catch_up

    def find(
        self,
        user_id: str,
        terms: SearchTerms,
        conversation_id: str | None,
        before_id: str | None,
        limit: int,
    ) -> list[Message]:
        user = parse_id(user_id)
        before = MAX_ID if before_id is None else parse_id(before_id)
        conversation = None if conversation_id is None else parse_id(conversation_id)
        if not user or not before or (conversation_id is not None and not conversation):
            return []
        self.catch_up()  # the newest messages too, however recent
        ids: set[int] = set()
        for key in self._ring.search_keys():  # older keys: messages not yet re-encrypted
            ids.update(self._ids(user, terms.tokens(key), conversation, before, limit))
        newest = sorted(ids, reverse=True)[:limit]
        if not newest:
            return []
        marks = ",".join("?" * len(newest))
        rows = self._db.query(MESSAGE_SELECT + f" WHERE m.id IN ({marks})", newest)
        found = {row["id"]: message_from_row(row, self._ring) for row in rows}
        return [found[i] for i in newest if i in found]

    def _rarest_first(self, tokens: list[int]) -> list[int]:
        """The tokens by how many messages hold them (counted up to COUNT_CAP each): the walk
        follows the rarest, so a common word next to a rare one costs little."""
        if len(tokens) == 1:
            return tokens
        sql = "SELECT count(*) FROM (SELECT 1 FROM message_search_tokens WHERE token = ? LIMIT ?)"
        counts = {t: self._db.query(sql, (t, COUNT_CAP))[0][0] for t in tokens}
        return sorted(tokens, key=counts.__getitem__)

    def _ids(
        self, user: int, tokens: list[int], conversation: int | None, before: int, limit: int
    ) -> list[int]:
        first, *others = self._rarest_first(tokens)
        checks = "".join(
            " AND EXISTS (SELECT 1 FROM message_search_tokens x"
            " WHERE x.token = ? AND x.message_id = t.message_id)"
            for _ in others
        )
        where_conversation = " AND m.conversation_id = ?" if conversation else ""
        rows = self._db.query(
            # CROSS JOIN keeps this order: the token's postings drive, newest first, so the
            # query stops after `limit` hits instead of reading every message of the user.
            "SELECT t.message_id FROM message_search_tokens t"
            " CROSS JOIN messages m ON m.id = t.message_id"
            " CROSS JOIN conversation_members cm"
            " ON cm.user_id = ? AND cm.conversation_id = m.conversation_id"
            " WHERE t.token = ? AND t.message_id < ?"
            " AND m.seq > cm.visible_after AND (cm.left_seq IS NULL OR m.seq <= cm.left_seq)"
            + where_conversation
            + checks
            + " ORDER BY t.message_id DESC LIMIT ?",
            [user, first, before, *([conversation] if conversation else []), *others, limit],
        )
        return [r[0] for r in rows]

    def reindex_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        rows = self._db.query(
            TOKEN_ROWS + " WHERE id > ? ORDER BY id LIMIT ?",
            (parse_id(after_id or "") or 0, limit),
        )
        tokens = {r["id"]: row_tokens(self._ring, r) for r in rows}
        indexed = {k: t for k, t in tokens.items() if t is not None}

        def write(conn: sqlite3.Connection) -> None:
            for message_id, found in indexed.items():
                index_message(conn, message_id, found)

        if indexed:
            self._db.write(write)
        last = str(rows[-1]["id"]) if len(rows) == limit else None
        return ResealProgress(last, len(indexed), len(tokens) - len(indexed))
