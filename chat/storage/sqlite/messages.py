"""Messages on SQLite: seq taken and message written in one short transaction."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..models import Message, ResealProgress, SealedMessage, utcnow
from ..sealing import reseal, seal, unseal
from .conversations import advance_member_cursor
from .database import Database, to_millis
from .rows import message_from_row, parse_id, sealed_from_row

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

    def scan_sealed(self, after_id: str | None, limit: int) -> list[SealedMessage]:
        rows = self._db.query(
            "SELECT * FROM messages WHERE id > ? ORDER BY id LIMIT ?",
            (parse_id(after_id or "") or 0, limit),
        )
        return [sealed_from_row(row) for row in rows]

    def count(self, since: datetime | None = None) -> int:
        if since is None:
            return self._db.query("SELECT count(*) FROM messages")[0][0]
        return self._db.query(
            "SELECT count(*) FROM messages WHERE created_at >= ?", (to_millis(since),)
        )[0][0]

    def delete_batch(self, conversation_id: str, limit: int, sender_id: str | None = None) -> int:
        where, params = "conversation_id = ?", [parse_id(conversation_id) or 0]
        if sender_id is not None:
            where, params = where + " AND sender_id = ?", [*params, parse_id(sender_id) or 0]
        sql = f"DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE {where} LIMIT ?)"
        return self._db.write(lambda conn: conn.execute(sql, (*params, limit)).rowcount)

    def insert_sealed(self, messages: list[SealedMessage]) -> int:
        rows = [
            (
                int(m.conversation_id),
                m.seq,
                int(m.sender_id),
                m.client_id,
                m.ciphertext,
                m.key_id,
                to_millis(m.created_at),
            )
            for m in messages
        ]

        sql = (
            "INSERT INTO messages (conversation_id, seq, sender_id, client_id, ciphertext,"
            " key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            self._db.write(lambda conn: conn.executemany(sql, rows))
        except sqlite3.IntegrityError as err:  # a taken seq or client_id, an unknown conversation
            raise Conflict(f"cannot store messages: {err}") from err
        return sum(1 for m in messages if self._unreadable(m))

    def _unreadable(self, m: SealedMessage) -> bool:
        return unseal(self._ring, m.ciphertext, m.key_id, m.client_id, m.client_id) is None
