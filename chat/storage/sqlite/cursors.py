"""Members' cursors on SQLite: moving them, and a receipt, which tells the other members with
one member's row and one aggregate rather than the whole conversation (in a group of 50,
parsing every member was most of a receipt's cost)."""

from __future__ import annotations

import sqlite3

from ..models import Cursor, CursorMove

_CURSOR = (
    "SELECT m.last_read_seq, m.last_delivered_seq, m.unread, m.shown_read_seq,"
    " m.unread_mentions, c.last_seq FROM conversation_members m"
    " JOIN conversations c ON c.id = m.conversation_id"
    " WHERE m.conversation_id = ? AND m.user_id = ? AND m.left_seq IS NULL"
)
_ALL = (
    "SELECT min(last_delivered_seq), min(shown_read_seq), group_concat(user_id)"
    " FROM conversation_members WHERE conversation_id = ? AND left_seq IS NULL"
)


def receipt(
    conn: sqlite3.Connection,
    conversation: int,
    user: int,
    read: int,
    delivered: int,
    share_read: bool,
) -> CursorMove | None:
    """Inside a write: None (nothing changes) for a non-member or a seq past the last."""
    before = conn.execute(_CURSOR, (conversation, user)).fetchone()
    if before is None or max(read, delivered) > before[5]:
        return None
    move_cursor(conn, conversation, user, read, delivered, share_read)
    after = conn.execute(_CURSOR, (conversation, user)).fetchone()
    delivered_by_all, read_by_all, members = conn.execute(_ALL, (conversation,)).fetchone()
    return CursorMove(
        before=Cursor(*before[:5]),
        after=Cursor(*after[:5]),
        member_ids=tuple(sorted(members.split(","))),
        delivered_by_all=delivered_by_all,
        read_by_all=read_by_all,
    )


def move_cursor(
    conn: sqlite3.Connection,
    conversation: int,
    user: int,
    read: int,
    delivered: int,
    share_read: bool,
    current_only: bool = True,
) -> bool:
    """Move a member's cursors forward only (reading implies receiving; others see the read
    cursor only when shared); recount their unread when it moved. False for a non-member."""
    left = " AND left_seq IS NULL" if current_only else ""
    row = conn.execute(
        "UPDATE conversation_members SET last_read_seq = max(last_read_seq, ?1),"
        " last_delivered_seq = max(last_delivered_seq, ?1, ?2),"
        " shown_read_seq = CASE WHEN ?3 THEN max(shown_read_seq, ?1) ELSE shown_read_seq END"
        f" WHERE conversation_id = ?4 AND user_id = ?5{left}"
        " RETURNING last_read_seq",
        (read, delivered, share_read, conversation, user),
    ).fetchone()
    if row is None:
        return False
    if read > 0:
        conn.execute(
            "UPDATE conversation_members SET"
            " unread = (SELECT count(*) FROM messages WHERE conversation_id = ?1 AND seq > ?3"
            "  AND kind = 'text' AND sender_id != ?2),"
            " unread_mentions = (SELECT count(*) FROM messages WHERE conversation_id = ?1"
            "  AND seq > ?3 AND mentions LIKE '%,' || ?2 || ',%' AND deleted = 0)"
            " WHERE conversation_id = ?1 AND user_id = ?2",
            (conversation, user, row[0]),
        )
    return True
