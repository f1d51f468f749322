"""Messages on SQLite: seq taken and message written in one short transaction."""

from __future__ import annotations

import sqlite3

from ...crypto import KeyRing
from ..base import NotFound
from ..models import Message, ResealProgress, utcnow
from ..sealing import reseal, seal
from .conversations import advance_member_cursor
from .database import Database, to_millis
from .rows import message_from_row, parse_id

MAX_SEQ = 2**63 - 1


class SqliteMessages:
    def __init__(self, db: Database, ring: KeyRing) -> None:
        self._db = db
        self._ring = ring

    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        conv_key, sender_key = parse_id(conversation_id), parse_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        now = utcnow()
        ciphertext, key_id = seal(self._ring, text, client_id)  # outside the write lock

        def insert(conn: sqlite3.Connection) -> tuple[Message, bool]:
            existing = conn.execute(
                "SELECT * FROM messages WHERE sender_id = ? AND client_id = ?",
                (sender_key, client_id),
            ).fetchone()
            if existing:
                return message_from_row(existing, self._ring), False
            row = conn.execute(
                "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?"
                " WHERE id = ? RETURNING last_seq",
                (to_millis(now), conv_key),
            ).fetchone()
            if row is None:
                raise NotFound("conversation")
            seq = row["last_seq"]
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, seq, sender_id, client_id, ciphertext,"
                " key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conv_key, seq, sender_key, client_id, ciphertext, key_id, to_millis(now)),
            )
            conn.execute(
                "UPDATE conversations SET last_message_id = ? WHERE id = ?",
                (cur.lastrowid, conv_key),
            )
            advance_member_cursor(conn, conv_key, sender_key, seq, seq)
            message = Message(
                str(cur.lastrowid), conversation_id, seq, sender_id, text, client_id, now
            )
            return message, True

        return self._db.write(insert)

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        rows = self._db.query(
            "SELECT * FROM messages WHERE conversation_id = ? AND seq < ?"
            " ORDER BY seq DESC LIMIT ?",
            (parse_id(conversation_id) or 0, MAX_SEQ if before_seq is None else before_seq, limit),
        )
        return [message_from_row(row, self._ring) for row in reversed(rows)]

    def after(self, conversation_id: str, after_seq: int, limit: int) -> list[Message]:
        rows = self._db.query(
            "SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (parse_id(conversation_id) or 0, after_seq, limit),
        )
        return [message_from_row(row, self._ring) for row in rows]

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt up to `limit` messages after after_id (by id) not under the current key."""
        rows = self._db.query(
            "SELECT id, ciphertext, key_id, client_id FROM messages WHERE id > ?"
            " ORDER BY id LIMIT ?",
            (parse_id(after_id or "") or 0, limit),
        )
        updates, failed = [], 0
        for r in rows:
            if r["key_id"] != self._ring.current_id:
                sealed = reseal(self._ring, r["ciphertext"], r["key_id"], r["client_id"])
                if sealed is None:
                    failed += 1
                else:
                    updates.append((*sealed, r["id"], r["key_id"]))
        if updates:
            self._db.write(
                lambda conn: conn.executemany(
                    "UPDATE messages SET ciphertext = ?, key_id = ? WHERE id = ? AND key_id = ?",
                    updates,
                )
            )
        last = str(rows[-1]["id"]) if len(rows) == limit else None
        return ResealProgress(last, len(updates), failed)
