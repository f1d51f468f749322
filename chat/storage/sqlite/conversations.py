"""Conversations on SQLite: one row each, members in their own table."""

from __future__ import annotations

from ..models import Conversation, utcnow
from ..text import direct_key
from .database import Database, from_millis, to_millis
from .rows import message_from_row, parse_id

_SELECT = (
    "SELECT c.id, c.updated_at,"
    " (SELECT group_concat(user_id) FROM conversation_members WHERE conversation_id = c.id)"
    "   AS member_ids,"
    " m.id AS m_id, m.conversation_id AS m_conversation_id, m.seq AS m_seq,"
    " m.sender_id AS m_sender_id, m.text AS m_text, m.client_id AS m_client_id,"
    " m.created_at AS m_created_at"
    " FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id"
)


def _conversation(row) -> Conversation:
    members = tuple(sorted(row["member_ids"].split(","))) if row["member_ids"] else ()
    last = message_from_row(row, "m_") if row["m_id"] is not None else None
    return Conversation(str(row["id"]), members, last, from_millis(row["updated_at"]))


class SqliteConversations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        key = direct_key(user_a, user_b)
        now = to_millis(utcnow())
        with self._db.transaction() as conn:
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
        rows = self._db.query(_SELECT + " WHERE c.direct_key = ?", (key,))
        return _conversation(rows[0])

    def get(self, conversation_id: str) -> Conversation | None:
        key = parse_id(conversation_id)
        rows = self._db.query(_SELECT + " WHERE c.id = ?", (key,)) if key else []
        return _conversation(rows[0]) if rows else None

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        rows = self._db.query(
            _SELECT + " WHERE c.id IN (SELECT conversation_id FROM conversation_members"
            " WHERE user_id = ?) ORDER BY c.updated_at DESC, c.id DESC LIMIT ?",
            (parse_id(user_id) or 0, limit),
        )
        return [_conversation(row) for row in rows]
