"""Conversations on SQLite: one row each; members, with their role, cursors and what they may
read, apart. Group changes write their system message in the same transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..models import (
    DIRECT,
    GROUP,
    GROUP_CREATED,
    MEMBER,
    OWNER,
    SYSTEM,
    Conversation,
    Cursor,
    CursorMove,
    GroupChange,
    Member,
    Message,
    utcnow,
)
from ..text import direct_key
from .cursors import Receipt, move_cursor, write_receipts
from .database import Database, from_millis, to_millis
from .rows import insert_message, message_from_row, optional_millis, parse_id

_SELECT = (
    "SELECT c.id, c.kind, c.title, c.created_at, c.updated_at, c.last_seq, c.last_change,"
    " (SELECT json_group_array(json_array(user_id, last_read_seq, last_delivered_seq, unread,"
    "   shown_read_seq, role, visible_after, left_seq, joined_at, unread_mentions, muted))"
    "  FROM conversation_members WHERE conversation_id = c.id) AS members,"
    " m.id AS m_id, m.conversation_id AS m_conversation_id, m.seq AS m_seq,"
    " m.sender_id AS m_sender_id, m.ciphertext AS m_ciphertext, m.key_id AS m_key_id,"
    " m.client_id AS m_client_id, m.created_at AS m_created_at, m.kind AS m_kind,"
    " m.event AS m_event, m.target_ids AS m_target_ids, m.edited_at AS m_edited_at,"
    " m.deleted AS m_deleted, m.reply_to AS m_reply_to, m.mentions AS m_mentions,"
    " m.change_seq AS m_change_seq"
    " FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id"
)


def conversation_from_row(row: sqlite3.Row, ring: KeyRing) -> Conversation:
    cursors: dict[str, Cursor] = {}
    members: dict[str, Member] = {}
    for (
        user,
        read,
        delivered,
        unread,
        shown,
        role,
        after,
        left,
        joined,
        mentions,
        muted,
    ) in json.loads(row["members"]):
        uid = str(user)
        cursors[uid] = Cursor(read, delivered, unread, shown, mentions)
        members[uid] = Member(role, after, left, optional_millis(joined or None), bool(muted))
    last = message_from_row(row, ring, "m_") if row["m_id"] is not None else None
    return Conversation(
        id=str(row["id"]),
        member_ids=tuple(sorted(u for u, m in members.items() if m.current)),
        last_message=last,
        updated_at=from_millis(row["updated_at"]),
        last_seq=row["last_seq"],
        cursors=cursors,
        created_at=from_millis(row["created_at"]),
        kind=row["kind"],
        title=row["title"],
        members=members,
        last_change=row["last_change"],
    )


def read_conversation(conn: sqlite3.Connection, key: int, ring: KeyRing) -> Conversation:
    """One conversation inside a write transaction (what it looks like after the change)."""
    row = conn.execute(_SELECT + " WHERE c.id = ?", (key,)).fetchone()
    if row is None:
        raise NotFound("conversation")
    return conversation_from_row(row, ring)


class SqliteConversations:
    def __init__(self, db: Database, ring: KeyRing) -> None:
        self._db = db
        self._ring = ring

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
                    "INSERT INTO conversation_members (conversation_id, user_id, joined_at)"
                    " VALUES (?, ?, ?)",
                    [(cur.lastrowid, int(u), now) for u in {user_a, user_b}],
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

    def create_group(
        self, creator_id: str, title: str, member_ids: list[str], client_id: str
    ) -> tuple[Conversation, Message]:
        now = utcnow()
        others = [m for m in dict.fromkeys(member_ids) if m != creator_id]
        creator = int(creator_id)

        def create(conn: sqlite3.Connection) -> tuple[Conversation, Message]:
            key = conn.execute(
                "INSERT INTO conversations (kind, title, last_seq, created_at, updated_at)"
                " VALUES (?, ?, 1, ?, ?)",
                (GROUP, title, to_millis(now), to_millis(now)),
            ).lastrowid
            conn.executemany(
                "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at,"
                " last_read_seq, last_delivered_seq, shown_read_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(key, creator, OWNER, to_millis(now), 1, 1, 1)]
                + [(key, int(m), MEMBER, to_millis(now), 0, 0, 0) for m in others],
            )
            message = Message(
                "", str(key), 1, creator_id, title, client_id, now, SYSTEM, GROUP_CREATED,
                tuple(others),
            )  # fmt: skip
            message_id = insert_message(conn, message, self._ring)
            conn.execute(
                "UPDATE conversations SET last_message_id = ? WHERE id = ?", (message_id, key)
            )
            return read_conversation(conn, key, self._ring), _with_id(message, message_id)

        return self._db.write(create)

    def change_group(
        self, conversation_id: str, change: GroupChange, client_id: str
    ) -> tuple[Conversation, Message]:
        key = parse_id(conversation_id) or 0
        now = utcnow()

        def apply(conn: sqlite3.Connection) -> tuple[Conversation, Message]:
            row = conn.execute(
                "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?"
                " WHERE id = ? AND kind = ? RETURNING last_seq",
                (to_millis(now), key, GROUP),
            ).fetchone()
            if row is None:
                raise NotFound("group")
            seq = row[0]
            _apply_members(conn, key, change, seq, to_millis(now))
            if change.title is not None:
                conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (change.title, key))
            message = Message(
                "", conversation_id, seq, change.actor_id, change.detail or "", client_id, now,
                SYSTEM, change.event, change.target_ids,
            )  # fmt: skip
            message_id = insert_message(conn, message, self._ring)
            conn.execute(
                "UPDATE conversations SET last_message_id = ? WHERE id = ?", (message_id, key)
            )
            # The actor has seen their own change (as a sender has seen their message).
            move_cursor(conn, key, int(change.actor_id), seq, seq, True, current_only=False)
            return read_conversation(conn, key, self._ring), _with_id(message, message_id)

        return self._db.write(apply)

    def get(self, conversation_id: str) -> Conversation | None:
        return self.get_many([conversation_id]).get(conversation_id)

    def get_many(self, conversation_ids: list[str]) -> dict[str, Conversation]:
        keys = [k for k in (parse_id(i) for i in conversation_ids) if k]
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self._db.query(_SELECT + f" WHERE c.id IN ({marks})", keys)
        return {str(row["id"]): conversation_from_row(row, self._ring) for row in rows}

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        rows = self._db.query(
            _SELECT + " WHERE c.id IN (SELECT conversation_id FROM conversation_members"
            " WHERE user_id = ?) ORDER BY c.updated_at DESC, c.id DESC LIMIT ?",
            (parse_id(user_id) or 0, limit),
        )
        return [conversation_from_row(row, self._ring) for row in rows]

    def set_muted(self, conversation_id: str, user_id: str, muted: bool) -> bool:
        sql = (
            "UPDATE conversation_members SET muted = ? WHERE conversation_id = ? AND user_id = ?"
            " AND left_seq IS NULL"
        )
        keys = (int(muted), parse_id(conversation_id) or 0, parse_id(user_id) or 0)
        return bool(self._db.write(lambda conn: conn.execute(sql, keys).rowcount))

    def contact_ids(self, user_id: str) -> list[str]:
        key = parse_id(user_id) or 0
        rows = self._db.query(
            "SELECT DISTINCT other.user_id FROM conversation_members mine"
            " JOIN conversation_members other ON other.conversation_id = mine.conversation_id"
            " WHERE mine.user_id = ? AND other.user_id != ?"
            " AND mine.left_seq IS NULL AND other.left_seq IS NULL",
            (key, key),
        )
        return [str(row[0]) for row in rows]

    def advance_cursor(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> Conversation | None:
        conv_key, user_key = parse_id(conversation_id) or 0, parse_id(user_id) or 0

        def advance(conn: sqlite3.Connection) -> Conversation | None:
            moved = move_cursor(conn, conv_key, user_key, read, delivered, share_read)
            return read_conversation(conn, conv_key, self._ring) if moved else None

        return self._db.write(advance, brief=True)

    def receipt(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> CursorMove | None:
        conv_key, user_key = parse_id(conversation_id) or 0, parse_id(user_id) or 0
        receipt = Receipt(conv_key, user_key, read, delivered, share_read)
        return self._db.write_batched(write_receipts, receipt)

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
        return [conversation_from_row(row, self._ring) for row in rows]

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


def _with_id(message: Message, message_id: int) -> Message:
    return Message(
        str(message_id), message.conversation_id, message.seq, message.sender_id, message.text,
        message.client_id, message.created_at, message.kind, message.event, message.target_ids,
    )  # fmt: skip


def _apply_members(
    conn: sqlite3.Connection, key: int, change: GroupChange, seq: int, now: int
) -> None:
    """Additions see messages from this one on; removals keep what they could read up to it."""
    conn.executemany(
        "INSERT INTO conversation_members (conversation_id, user_id, role, visible_after,"
        " joined_at, last_read_seq, last_delivered_seq, shown_read_seq)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?4, ?4)"
        " ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = ?3, visible_after = ?4,"
        " left_seq = NULL, joined_at = ?5, unread = 0, unread_mentions = 0,"
        " last_read_seq = max(last_read_seq, ?4), last_delivered_seq = max(last_delivered_seq, ?4),"
        " shown_read_seq = max(shown_read_seq, ?4)",
        [(key, int(u), MEMBER, seq - 1, now) for u in change.add],
    )
    conn.executemany(
        "UPDATE conversation_members SET left_seq = ?, unread = 0, unread_mentions = 0"
        " WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL",
        [(seq, key, int(u)) for u in change.remove],
    )
    conn.executemany(
        "UPDATE conversation_members SET role = ?"
        " WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL",
        [(role, key, int(u)) for u, role in change.roles.items()],
    )


def _insert(conn: sqlite3.Connection, conversation: Conversation) -> int:
    """An imported conversation as given: members (former ones too), roles, cursors, counts."""
    members = (
        dict(conversation.members)
        if conversation.kind == GROUP
        else {m: Member() for m in conversation.member_ids}
    )
    pair = sorted(members)
    cur = conn.execute(
        "INSERT INTO conversations (kind, title, direct_key, last_seq, last_change, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            conversation.kind,
            conversation.title,
            direct_key(pair[0], pair[-1]) if conversation.kind == DIRECT else None,
            conversation.last_seq,
            conversation.last_change,
            to_millis(conversation.created_at or conversation.updated_at),
            to_millis(conversation.updated_at),
        ),
    )
    joined = to_millis(conversation.created_at or conversation.updated_at)
    rows = []
    for uid, member in members.items():
        c = conversation.cursor(uid)
        at = to_millis(member.joined_at) if member.joined_at else joined
        rows.append(
            (cur.lastrowid, int(uid), c.read, c.delivered, c.unread, c.shown_read, member.role,
             member.visible_after, member.left_seq, at, c.unread_mentions)
        )  # fmt: skip
    conn.executemany(
        "INSERT INTO conversation_members (conversation_id, user_id, last_read_seq,"
        " last_delivered_seq, unread, shown_read_seq, role, visible_after, left_seq, joined_at,"
        " unread_mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
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
