"""Conversations on SQLite: one row each; members, with their read/delivered cursors, apart."""

from __future__ import annotations

import sqlite3

from ...crypto import KeyRing
from ..models import Conversation, Cursor, utcnow
from ..text import direct_key
from .database import Database, from_millis, to_millis
from .rows import message_from_row, parse_id

_SELECT = (
    "SELECT c.id, c.updated_at, c.last_seq,"
    " (SELECT group_concat(user_id || ':' || last_read_seq || ':' || last_delivered_seq)"
    "  FROM conversation_members WHERE conversation_id = c.id) AS members,"
    " m.id AS m_id, m.conversation_id AS m_conversation_id, m.seq AS m_seq,"
    " m.sender_id AS m_sender_id, m.ciphertext AS m_ciphertext, m.key_id AS m_key_id,"
    " m.client_id AS m_client_id, m.created_at AS m_created_at"
    " FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id"
)


def _cursors(members: str | None) -> dict[str, Cursor]:
    cursors = {}
    for member in (members or "").split(","):
        if member:
            user_id, read, delivered = member.split(":")
            cursors[user_id] = Cursor(int(read), int(delivered))
    return cursors


class SqliteConversations:
    def __init__(self, db: Database, ring: KeyRing) -> None:
        self._db = db
        self._ring = ring

    def _conversation(self, row: sqlite3.Row) -> Conversation:
        cursors = _cursors(row["members"])
        last = message_from_row(row, self._ring, "m_") if row["m_id"] is not None else None
        return Conversation(
            id=str(row["id"]),
            member_ids=tuple(sorted(cursors)),
            last_message=last,
            updated_at=from_millis(row["updated_at"]),
            last_seq=row["last_seq"],
            cursors=cursors,
        )

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        key = direct_key(user_a, user_b)
        now = to_millis(utcnow())

        def create(conn: sqlite3.Connection) -> None:
            cur = conn.execute(
                "INSERT INTO conversations (direct_key, created_at, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (direct_key) DO NOTHING",
                (key, now, now),
            )
            if cur.rowcount:
                conn.executemany(
                    "INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?)",
                    [(cur.lastrowid, int(u)) for u in {user_a, user_b}],
                )

        if not self._db.query("SELECT 1 FROM conversations WHERE direct_key = ?", (key,)):
            self._db.write(create)
        rows = self._db.query(_SELECT + " WHERE c.direct_key = ?", (key,))
        return self._conversation(rows[0])

    def get(self, conversation_id: str) -> Conversation | None:
        return self.get_many([conversation_id]).get(conversation_id)

    def get_many(self, conversation_ids: list[str]) -> dict[str, Conversation]:
        keys = [k for k in (parse_id(i) for i in conversation_ids) if k]
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self._db.query(_SELECT + f" WHERE c.id IN ({marks})", keys)
        return {str(row["id"]): self._conversation(row) for row in rows}

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        rows = self._db.query(
            _SELECT + " WHERE c.id IN (SELECT conversation_id FROM conversation_members"
            " WHERE user_id = ?) ORDER BY c.updated_at DESC, c.id DESC LIMIT ?",
            (parse_id(user_id) or 0, limit),
        )
        return [self._conversation(row) for row in rows]

    def contact_ids(self, user_id: str) -> list[str]:
        key = parse_id(user_id) or 0
        rows = self._db.query(
            "SELECT DISTINCT other.user_id FROM conversation_members mine"
            " JOIN conversation_members other ON other.conversation_id = mine.conversation_id"
            " WHERE mine.user_id = ? AND other.user_id != ?",
            (key, key),
        )
        return [str(row[0]) for row in rows]

    def advance_cursor(
        self, conversation_id: str, user_id: str, read: int = 0, delivered: int = 0
    ) -> Cursor:
        conv_key, user_key = parse_id(conversation_id) or 0, parse_id(user_id) or 0
        row = self._db.write(
            lambda conn: advance_member_cursor(conn, conv_key, user_key, read, delivered)
        )
        return Cursor(row[0], row[1]) if row else Cursor()


def advance_member_cursor(
    conn: sqlite3.Connection, conversation: int, user: int, read: int, delivered: int
) -> tuple[int, int] | None:
    """Move a member's cursors forward only (reading implies receiving); (read, delivered)."""
    row = conn.execute(
        "UPDATE conversation_members SET last_read_seq = max(last_read_seq, ?),"
        " last_delivered_seq = max(last_delivered_seq, ?, ?)"
        " WHERE conversation_id = ? AND user_id = ? RETURNING last_read_seq, last_delivered_seq",
        (read, read, delivered, conversation, user),
    ).fetchone()
    return (row[0], row[1]) if row else None
