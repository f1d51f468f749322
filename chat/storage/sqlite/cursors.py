"""Members' cursors on SQLite: moving them, and receipts.

Receipts are the most frequent write of a group (every member reports what it received and
read, ~1,000 a second at 100 group messages a second), so the receipts queued together are
written by four statements, whatever their number: the cursors before (which also refuses a
non-member or a seq past the last), one UPDATE that moves them and recounts the unread, the
cursors after, and how far each conversation's members got. The receipts travel as one JSON
parameter, so the statements are prepared once."""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from ..models import Cursor, CursorMove

_RECEIPTS = (
    "(SELECT key AS i, json_extract(value, '$[0]') AS conv, json_extract(value, '$[1]') AS usr,"
    " json_extract(value, '$[2]') AS rd, json_extract(value, '$[3]') AS dl,"
    " json_extract(value, '$[4]') AS sh FROM json_each(?1)) AS r"
)
_CURSOR = "m.last_read_seq, m.last_delivered_seq, m.unread, m.shown_read_seq, m.unread_mentions"
_MEMBER = "m.conversation_id = r.conv AND m.user_id = r.usr AND m.left_seq IS NULL"
_BEFORE = (
    f"SELECT json_group_array(json_array(r.i, c.last_seq, {_CURSOR})) FROM {_RECEIPTS}"
    f" JOIN conversation_members m ON {_MEMBER} JOIN conversations c ON c.id = r.conv"
)
# Forward only; reading implies receiving; others see the read cursor only when shared. The
# unread are recounted from the new read cursor whenever a read is reported (SET expressions
# see the row as it was, hence max(m.last_read_seq, read)).
_SET_CURSORS = (
    "UPDATE conversation_members AS m SET last_read_seq = max(m.last_read_seq, {rd}),"
    " last_delivered_seq = max(m.last_delivered_seq, {rd}, {dl}),"
    " shown_read_seq = CASE WHEN {sh} THEN max(m.shown_read_seq, {rd}) ELSE m.shown_read_seq END,"
    " unread = CASE WHEN {rd} > 0 THEN (SELECT count(*) FROM messages"
    "  WHERE conversation_id = {conv} AND seq > max(m.last_read_seq, {rd})"
    "  AND kind = 'text' AND sender_id != {usr}) ELSE m.unread END,"
    " unread_mentions = CASE WHEN {rd} > 0 THEN (SELECT count(*) FROM messages"
    "  WHERE conversation_id = {conv} AND seq > max(m.last_read_seq, {rd})"
    "  AND mentions LIKE '%,' || {usr} || ',%' AND deleted = 0) ELSE m.unread_mentions END"
)
_MOVE = _SET_CURSORS.format(rd="r.rd", dl="r.dl", sh="r.sh", conv="r.conv", usr="r.usr") + (
    f" FROM {_RECEIPTS} WHERE {_MEMBER} AND (r.rd > 0 OR r.dl > m.last_delivered_seq)"
    "  AND max(r.rd, r.dl) <= (SELECT last_seq FROM conversations WHERE id = r.conv)"
)
_MOVE_ONE = _SET_CURSORS.format(rd="?1", dl="?2", sh="?3", conv="?4", usr="?5") + (
    " WHERE m.conversation_id = ?4 AND m.user_id = ?5"
)
_AFTER = (
    f"SELECT json_group_array(json_array(r.i, {_CURSOR})) FROM {_RECEIPTS}"
    f" JOIN conversation_members m ON {_MEMBER}"
)
# How far the current members of each conversation got (the "delivered to all" / "read by all"
# marks), and who they are, once the whole batch moved.
_MARKS = (
    "SELECT json_group_array(json_array(conversation_id, delivered, shown_read, ids)) FROM"
    " (SELECT conversation_id, min(last_delivered_seq) AS delivered,"
    "  min(shown_read_seq) AS shown_read, group_concat(user_id) AS ids"
    "  FROM conversation_members WHERE left_seq IS NULL"
    "  AND conversation_id IN (SELECT value FROM json_each(?1)) GROUP BY conversation_id)"
)


Row = list[int]  # a member's cursors, in Cursor's order


class Receipt(NamedTuple):
    conversation: int
    user: int
    read: int
    delivered: int
    share_read: bool


def write_receipts(conn: sqlite3.Connection, items: list[Receipt]) -> list[CursorMove | None]:
    """A batch job (Database.write_batched): each receipt's move, or None (nothing changes) for
    a non-member or a seq past the last. Two receipts of one member go in turn, as if alone;
    the marks of how far everyone got are those the whole batch left (fresher, never behind
    what one by one would say)."""
    moved: dict[int, tuple[Row, Row]] = {}
    todo = list(range(len(items)))
    while todo:
        seen: set[tuple[int, int]] = set()
        now, later = [], []
        for index in todo:
            key = items[index][:2]
            (later if key in seen else now).append(index)
            seen.add(key)
        moved.update(_move_round(conn, items, now))
        todo = later
    conversations = json.dumps(sorted({items[i].conversation for i in moved}))
    marks = {row[0]: row[1:] for row in _json_rows(conn, _MARKS, conversations)}
    moves: list[CursorMove | None] = [None] * len(items)
    for index, (before, after) in moved.items():
        delivered_by_all, read_by_all, ids = marks[items[index].conversation]
        moves[index] = CursorMove(
            before=Cursor(*before),
            after=Cursor(*after),
            member_ids=tuple(sorted(str(ids).split(","))),
            delivered_by_all=delivered_by_all,
            read_by_all=read_by_all,
        )
    return moves


def _move_round(
    conn: sqlite3.Connection, items: list[Receipt], indexes: list[int]
) -> dict[int, tuple[Row, Row]]:
    """Receipts of distinct members: the cursors before and after of those accepted."""
    param = json.dumps([[*items[i][:4], int(items[i].share_read)] for i in indexes])
    before = {row[0]: row[1:] for row in _json_rows(conn, _BEFORE, param)}
    conn.execute(_MOVE, (param,))
    moved = {}
    for position, *after in _json_rows(conn, _AFTER, param):
        last_seq, *cursor = before[position]
        receipt = items[indexes[position]]
        if max(receipt.read, receipt.delivered) > last_seq:
            continue  # past the last message: refused (_MOVE left it as it was)
        moved[indexes[position]] = (cursor, after)
    return moved


def _json_rows(conn: sqlite3.Connection, sql: str, param: str) -> list[list]:
    """Rows aggregated into one JSON array by sql: one step of the statement, not one a row."""
    return json.loads(conn.execute(sql, (param,)).fetchone()[0])


def move_cursor(
    conn: sqlite3.Connection,
    conversation: int,
    user: int,
    read: int,
    delivered: int,
    share_read: bool,
    current_only: bool = True,
) -> bool:
    """Move a member's cursors forward; False for a non-member."""
    sql = _MOVE_ONE + (" AND m.left_seq IS NULL" if current_only else "")
    return conn.execute(sql, (read, delivered, share_read, conversation, user)).rowcount > 0
