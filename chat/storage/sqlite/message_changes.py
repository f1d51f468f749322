"""Changes to stored messages on SQLite: edits, deletions, reactions, each with the next change
number of its conversation, and what changed since a client's change cursor."""

from __future__ import annotations

import sqlite3

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..blind_index import text_tokens
from ..models import Changed, Message, utcnow
from ..sealing import seal
from .database import Database, to_millis
from .rows import MESSAGE_SELECT, message_from_row, parse_id
from .search_index import index_message, stored_tokens, unindex_message

MAX_SEQ = 2**63 - 1


class SqliteMessageChanges:
    _db: Database
    _ring: KeyRing
    change_recheck = 0  # numbers are taken in the writing transaction: they show in order

    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        keys = [k for k in (parse_id(i) for i in message_ids) if k]
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self._db.query(MESSAGE_SELECT + f" WHERE m.id IN ({marks})", keys)
        return {str(row["id"]): message_from_row(row, self._ring) for row in rows}

    def by_seqs(self, conversation_id: str, seqs: list[int]) -> dict[int, Message]:
        wanted = sorted({s for s in seqs if 0 < s <= MAX_SEQ})
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._db.query(
            MESSAGE_SELECT + f" WHERE m.conversation_id = ? AND m.seq IN ({marks})",
            [parse_id(conversation_id) or 0, *wanted],
        )
        return {row["seq"]: message_from_row(row, self._ring) for row in rows}

    def edit(self, message_id: str, editor_id: str, text: str) -> Changed:
        key, now = parse_id(message_id) or 0, utcnow()
        current = self.get_many([message_id]).get(message_id)
        if current is None:
            raise NotFound("message")
        ciphertext, key_id = seal(self._ring, text, current.client_id)  # outside the write
        tokens = text_tokens(self._ring, text, key_id)

        def edit(conn: sqlite3.Connection) -> Changed:
            row = _message(conn, key)
            if row["deleted"] or str(row["sender_id"]) != editor_id or row["kind"] != "text":
                raise Conflict("not editable")
            change = _next_change(conn, row["conversation_id"])
            unindex_message(conn, key, stored_tokens(conn, self._ring, key))
            index_message(conn, key, tokens)
            conn.execute(
                "UPDATE messages SET ciphertext = ?, key_id = ?, edited_at = ?, change_seq = ?"
                " WHERE id = ?",
                (ciphertext, key_id, to_millis(now), change, key),
            )
            return self._changed(conn, key)

        return self._write_and_scrub(edit)

    def delete(self, message_id: str) -> Changed:
        key = parse_id(message_id) or 0

        def delete(conn: sqlite3.Connection) -> Changed:
            row = _message(conn, key)
            if row["deleted"]:
                return self._changed(conn, key, changed=False)
            change = _next_change(conn, row["conversation_id"])
            unindex_message(conn, key, stored_tokens(conn, self._ring, key))
            conn.execute(
                "UPDATE messages SET ciphertext = X'', key_id = '', deleted = 1, change_seq = ?"
                " WHERE id = ?",
                (change, key),
            )
            conn.execute("DELETE FROM message_reactions WHERE message_id = ?", (key,))
            # Mentions it made that are not read yet no longer count.
            conn.execute(
                "UPDATE conversation_members SET unread_mentions = max(0, unread_mentions - 1)"
                " WHERE conversation_id = ?1 AND last_read_seq < ?2 AND left_seq IS NULL"
                " AND instr(?3, ',' || user_id || ',') > 0",
                (row["conversation_id"], row["seq"], row["mentions"] or ""),
            )
            return self._changed(conn, key)

        return self._write_and_scrub(delete)

    def react(
        self, message_id: str, user_id: str, emoji: str, on: bool, max_distinct: int
    ) -> Changed:
        key, user = parse_id(message_id) or 0, parse_id(user_id) or 0

        def react(conn: sqlite3.Connection) -> Changed:
            row = _message(conn, key)
            if row["deleted"] or row["kind"] != "text":
                raise Conflict("deleted")
            present = conn.execute(
                "SELECT 1 FROM message_reactions WHERE message_id = ? AND emoji = ?"
                " AND user_id = ?",
                (key, emoji, user),
            ).fetchone()
            if bool(present) == on:  # already so: nothing changes
                return self._changed(conn, key, changed=False)
            if on:
                emojis = conn.execute(
                    "SELECT count(DISTINCT emoji) FROM message_reactions WHERE message_id = ?"
                    " AND emoji != ?",
                    (key, emoji),
                ).fetchone()[0]
                if emojis >= max_distinct:
                    raise Conflict("too many reactions")
                conn.execute(
                    "INSERT INTO message_reactions (message_id, emoji, user_id, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (key, emoji, user, to_millis(utcnow())),
                )
            else:
                conn.execute(
                    "DELETE FROM message_reactions WHERE message_id = ? AND emoji = ?"
                    " AND user_id = ?",
                    (key, emoji, user),
                )
            change = _next_change(conn, row["conversation_id"])
            conn.execute("UPDATE messages SET change_seq = ? WHERE id = ?", (change, key))
            return self._changed(conn, key)

        return self._db.write(react, brief=True)

    def changed_after(
        self, conversation_id: str, after_change: int, until_seq: int | None, limit: int
    ) -> list[Message]:
        rows = self._db.query(
            # +m.seq: never the seq index (it would scan the history), always the change index
            MESSAGE_SELECT
            + " WHERE m.conversation_id = ? AND m.change_seq > 0 AND m.change_seq > ?"
            " AND +m.seq <= ?"
            " ORDER BY m.change_seq LIMIT ?",
            (
                parse_id(conversation_id) or 0,
                after_change,
                MAX_SEQ if until_seq is None else until_seq,
                limit,
            ),
        )
        return [message_from_row(row, self._ring) for row in rows]

    def _changed(self, conn: sqlite3.Connection, key: int, changed: bool = True) -> Changed:
        row = conn.execute(MESSAGE_SELECT + " WHERE m.id = ?", (key,)).fetchone()
        message = message_from_row(row, self._ring)
        members = conn.execute(
            "SELECT user_id FROM conversation_members WHERE conversation_id = ?"
            " AND left_seq IS NULL",
            (row["conversation_id"],),
        ).fetchall()
        return Changed(message, tuple(sorted(str(m[0]) for m in members)), changed)

    def _write_and_scrub(self, job) -> Changed:
        """A write that removes text: afterwards no copy of the old bytes stays in the files
        (secure_delete zeroes freed space; the checkpoint empties the write-ahead log)."""
        result = self._db.write(job)
        if result.changed:
            self._db.checkpoint()
        return result


def _message(conn: sqlite3.Connection, key: int) -> sqlite3.Row:
    row = conn.execute(
        "SELECT id, conversation_id, seq, sender_id, kind, deleted, mentions FROM messages"
        " WHERE id = ?",
        (key,),
    ).fetchone()
    if row is None:
        raise NotFound("message")
    return row


def _next_change(conn: sqlite3.Connection, conversation: int) -> int:
    return conn.execute(
        "UPDATE conversations SET last_change = last_change + 1 WHERE id = ? RETURNING last_change",
        (conversation,),
    ).fetchone()[0]
