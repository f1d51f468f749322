"""Messages on SQLite: seq taken and message written in one short transaction."""

from __future__ import annotations

from ..base import NotFound
from ..models import Message, utcnow
from .database import Database, to_millis
from .rows import message_from_row, parse_id


class SqliteMessages:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        conv_key, sender_key = parse_id(conversation_id), parse_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        now = utcnow()
        with self._db.transaction() as conn:
            existing = conn.execute(
                "SELECT * FROM messages WHERE sender_id = ? AND client_id = ?",
                (sender_key, client_id),
            ).fetchone()
            if existing:
                return message_from_row(existing), False
            row = conn.execute(
                "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?"
                " WHERE id = ? RETURNING last_seq",
                (to_millis(now), conv_key),
            ).fetchone()
            if row is None:
                raise NotFound("conversation")
            seq = row["last_seq"]
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, seq, sender_id, client_id, text,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (conv_key, seq, sender_key, client_id, text, to_millis(now)),
            )
            conn.execute(
                "UPDATE conversations SET last_message_id = ? WHERE id = ?",
                (cur.lastrowid, conv_key),
            )
        return Message(
            str(cur.lastrowid), conversation_id, seq, sender_id, text, client_id, now
        ), True

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        key = parse_id(conversation_id)
        if not key:
            return []
        rows = self._db.query(
            "SELECT * FROM messages WHERE conversation_id = ? AND seq < ?"
            " ORDER BY seq DESC LIMIT ?",
            (key, before_seq if before_seq is not None else 2**63 - 1, limit),
        )
        return [message_from_row(row) for row in reversed(rows)]
