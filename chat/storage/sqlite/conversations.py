"""Conversations on SQLite: one row each; members, with their read/delivered cursors, apart."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..models import Conversation, Cursor, utcnow
from ..text import direct_key
from .database import Database, from_millis, to_millis
from .rows import message_from_row, parse_id

_SELECT = (
    "SELECT c.id, c.created_at, c.updated_at, c.last_seq,"
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
            created_at=from_millis(row["created_at"]),
        )

    def direct_id(self, user_a: str, user_b: str) -> str:
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

        select = "SELECT id FROM conversations WHERE direct_key = ?"
        rows = self._db.query(select, (key,))
        if not rows:  # the first message between the two: write, then read what won
            self._db.write(create)
            rows = self._db.query(select, (key,))
        return str(rows[0][0])

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        conversation = self.get(self.direct_id(user_a, user_b))
        if conversation is None:  # deleted in between (an admin purge of a user)
            raise NotFound("conversation")
        return conversation

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

    def scan(
        self, after_id: str | None, limit: int, member_id: str | None = None
    ) -> list[Conversation]:
        after = parse_id(after_id or "") or 0
        if member_id is None:
            where, params = "c.id > ?", (after, limit)
        else:
            where = (
                "c.id IN (SELECT conversation_id FROM conversation_members"
                " WHERE user_id = ? AND conversation_id > ?)"
            )
            params = (parse_id(member_id) or 0, after, limit)
        rows = self._db.query(_SELECT + f" WHERE {where} ORDER BY c.id LIMIT ?", params)
        return [self._conversation(row) for row in rows]

    def count(self, idle_before: datetime | None = None) -> int:
        if idle_before is None:
            return self._db.query("SELECT count(*) FROM conversations")[0][0]
        return self._db.query(
            "SELECT count(*) FROM conversations WHERE updated_at < ?", (to_millis(idle_before),)
        )[0][0]

    def idle_before(self, cutoff: datetime, limit: int) -> list[str]:
        rows = self._db.query(
            "SELECT id FROM conversations WHERE updated_at < ? ORDER BY updated_at, id LIMIT ?",
            (to_millis(cutoff), limit),
        )
        return [str(row[0]) for row in rows]

    def delete(self, conversation_id: str) -> bool:
        key = parse_id(conversation_id) or 0
        # Members and remaining messages go with it (ON DELETE CASCADE).
        sql = "DELETE FROM conversations WHERE id = ?"
        return bool(self._db.write(lambda conn: conn.execute(sql, (key,)).rowcount))

    def refresh_last_message(self, conversation_id: str) -> None:
        key = parse_id(conversation_id) or 0
        self._db.write(lambda conn: refresh_last_message(conn, key))

    def insert_many(self, conversations: list[Conversation]) -> list[str]:
        try:
            ids = self._db.write(lambda conn: [_insert(conn, c) for c in conversations])
        except sqlite3.IntegrityError as err:  # the pair has a conversation, or no such user
            raise Conflict(f"cannot store conversations: {err}") from err
        return [str(i) for i in ids]


def _insert(conn: sqlite3.Connection, conversation: Conversation) -> int:
    members = conversation.member_ids
    cur = conn.execute(
        "INSERT INTO conversations (direct_key, last_seq, created_at, updated_at)"
        " VALUES (?, ?, ?, ?)",
        (
            direct_key(members[0], members[-1]),
            conversation.last_seq,
            to_millis(conversation.created_at or conversation.updated_at),
            to_millis(conversation.updated_at),
        ),
    )
    conn.executemany(
        "INSERT INTO conversation_members (conversation_id, user_id, last_read_seq,"
        " last_delivered_seq) VALUES (?, ?, ?, ?)",
        [
            (cur.lastrowid, int(m), conversation.cursor(m).read, conversation.cursor(m).delivered)
            for m in set(members)
        ],
    )
    return cur.lastrowid


def refresh_last_message(conn: sqlite3.Connection, conversation: int) -> None:
    """Last message = the highest seq stored; last_seq never goes below it."""
    conn.execute(
        "UPDATE conversations SET"
        " last_message_id = (SELECT id FROM messages WHERE conversation_id = ?1"
        "  ORDER BY seq DESC LIMIT 1),"
        " last_seq = max(last_seq, coalesce((SELECT max(seq) FROM messages"
        "  WHERE conversation_id = ?1), 0))"
        " WHERE id = ?1",
        (conversation,),
    )


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
