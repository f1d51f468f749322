"""Messages on SQLite: seq taken and message written in one short transaction."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ...crypto import KeyRing
from ..base import Conflict, NotAMember, NotFound, SendRefused
from ..blind_index import record_tokens, text_tokens
from ..models import DIRECT, Message, ResealProgress, SealedMessage, Sent, utcnow
from ..sealing import reseal, seal
from ..text import direct_key
from .database import Database, to_millis
from .message_changes import SqliteMessageChanges
from .rows import (
    INSERT_MESSAGE,
    MESSAGE_SELECT,
    insert_reactions,
    mentions_text,
    message_from_row,
    parse_id,
    sealed_from_row,
    sealed_row,
)
from .search_index import TOKEN_ROWS, index_message, row_tokens, unindex_message
from .search_indexer import indexed_through

MAX_SEQ = 2**63 - 1


class SqliteMessages(SqliteMessageChanges):
    def __init__(self, db: Database, ring: KeyRing) -> None:
        self._db = db
        self._ring = ring

    def send(
        self,
        conversation_id: str,
        sender_id: str,
        text: str,
        client_id: str,
        direct_with: str | None = None,
        reply_to: int | None = None,
        mentions: tuple[str, ...] = (),
    ) -> Sent:
        conv_key, sender_key = parse_id(conversation_id), parse_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        now = utcnow()
        ciphertext, key_id = seal(self._ring, text, client_id)  # outside the write lock

        def insert(conn: sqlite3.Connection) -> Sent:
            existing = conn.execute(
                MESSAGE_SELECT + " WHERE m.sender_id = ? AND m.client_id = ?",
                (sender_key, client_id),
            ).fetchone()
            if existing:
                message = message_from_row(existing, self._ring)
                return Sent(message, False, _current_members(conn, message.conversation_id))
            _check_can_send(conn, conv_key, sender_key, direct_with)
            seq = conn.execute(
                "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?"
                " WHERE id = ? RETURNING last_seq",
                (to_millis(now), conv_key),
            ).fetchone()[0]
            sealed = SealedMessage(
                "", conversation_id, seq, sender_id, client_id, ciphertext, key_id, now,
                reply_to=reply_to, mentions=mentions,
            )  # fmt: skip
            message_id = conn.execute(INSERT_MESSAGE, sealed_row(sealed)).lastrowid
            if message_id <= indexed_through(conn):  # an id reused after a purge: not left
                index_message(conn, message_id, text_tokens(self._ring, text, key_id))
            conn.execute(
                "UPDATE conversations SET last_message_id = ? WHERE id = ?", (message_id, conv_key)
            )
            conn.execute(
                "UPDATE conversation_members SET unread = unread + 1, unread_mentions ="
                " unread_mentions + (instr(?3, ',' || user_id || ',') > 0)"
                " WHERE conversation_id = ?1 AND user_id != ?2 AND left_seq IS NULL",
                (conv_key, sender_key, mentions_text(mentions) or ""),
            )
            conn.execute(
                "UPDATE conversation_members SET last_read_seq = ?1, last_delivered_seq = ?1,"
                " shown_read_seq = ?1, unread = 0, unread_mentions = 0"
                " WHERE conversation_id = ?2 AND user_id = ?3",
                (seq, conv_key, sender_key),
            )
            message = Message(
                str(message_id), conversation_id, seq, sender_id, text, client_id, now,
                reply_to=reply_to, mentions=mentions,
            )  # fmt: skip
            return Sent(message, True, _current_members(conn, conversation_id))

        return self._db.write(insert, brief=True)

    def page(
        self, conversation_id: str, before_seq: int | None, limit: int, after_seq: int = 0
    ) -> list[Message]:
        rows = self._db.query(
            MESSAGE_SELECT + " WHERE m.conversation_id = ? AND m.seq < ? AND m.seq > ?"
            " ORDER BY m.seq DESC LIMIT ?",
            (
                parse_id(conversation_id) or 0,
                MAX_SEQ if before_seq is None else before_seq,
                after_seq,
                limit,
            ),
        )
        return [message_from_row(row, self._ring) for row in reversed(rows)]

    def after(
        self, conversation_id: str, after_seq: int, limit: int, until_seq: int | None = None
    ) -> list[Message]:
        rows = self._db.query(
            MESSAGE_SELECT + " WHERE m.conversation_id = ? AND m.seq > ? AND m.seq <= ?"
            " ORDER BY m.seq LIMIT ?",
            (
                parse_id(conversation_id) or 0,
                after_seq,
                MAX_SEQ if until_seq is None else until_seq,
                limit,
            ),
        )
        return [message_from_row(row, self._ring) for row in rows]

    def senders(self, conversation_id: str, after_seq: int, until_seq: int) -> set[str]:
        rows = self._db.query(
            "SELECT DISTINCT sender_id FROM messages WHERE conversation_id = ? AND seq > ?"
            " AND seq <= ? AND kind = 'text'",
            (parse_id(conversation_id) or 0, after_seq, until_seq),
        )
        return {str(row[0]) for row in rows}

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt up to `limit` messages after after_id (by id) not under the current key;
        their blind index tokens move to the new key's search key in the same write."""
        rows = self._db.query(
            TOKEN_ROWS + " WHERE id > ? ORDER BY id LIMIT ?",
            (parse_id(after_id or "") or 0, limit),
        )
        stale = [r for r in rows if r["key_id"] != self._ring.current_id and not r["deleted"]]
        updates = [u for u in map(self._resealed, stale) if u is not None]
        failed = len(stale) - len(updates)

        def write(conn: sqlite3.Connection) -> None:
            for ciphertext, key_id, message_id, old_key_id, old, new in updates:
                if conn.execute(
                    "UPDATE messages SET ciphertext = ?, key_id = ? WHERE id = ? AND key_id = ?",
                    (ciphertext, key_id, message_id, old_key_id),
                ).rowcount:
                    unindex_message(conn, message_id, old)
                    index_message(conn, message_id, new)

        if updates:
            self._db.write(write)
        last = str(rows[-1]["id"]) if len(rows) == limit else None
        return ResealProgress(last, len(updates), failed)

    def _resealed(self, r: sqlite3.Row) -> tuple | None:
        """(ciphertext, key_id, id, old key_id, old tokens, new tokens); None if unreadable."""
        sealed = reseal(self._ring, r["ciphertext"], r["key_id"], r["client_id"])
        if sealed is None:
            return None
        text = sealed.text if r["kind"] == "text" else None  # group notes have no tokens
        old = text_tokens(self._ring, text, r["key_id"])
        new = text_tokens(self._ring, text, sealed.key_id)
        return sealed.ciphertext, sealed.key_id, r["id"], r["key_id"], old, new

    def scan_sealed(self, after_id: str | None, limit: int) -> list[SealedMessage]:
        rows = self._db.query(
            MESSAGE_SELECT + " WHERE m.id > ? ORDER BY m.id LIMIT ?",
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
        """Their blind index postings go in the same write (found from their texts)."""
        where, params = "conversation_id = ?", [parse_id(conversation_id) or 0]
        if sender_id is not None:
            where, params = where + " AND sender_id = ?", [*params, parse_id(sender_id) or 0]
        rows = self._db.query(TOKEN_ROWS + f" WHERE {where} LIMIT ?", (*params, limit))
        doomed = [(r["id"], row_tokens(self._ring, r) or []) for r in rows]

        def delete(conn: sqlite3.Connection) -> int:
            gone = 0
            for message_id, tokens in doomed:
                unindex_message(conn, message_id, tokens)
                gone += conn.execute("DELETE FROM messages WHERE id = ?", (message_id,)).rowcount
            return gone

        return self._db.write(delete) if doomed else 0

    def insert_sealed(self, messages: list[SealedMessage]) -> int:
        tokens = [record_tokens(self._ring, m) for m in messages]  # None: cannot be decrypted

        def insert(conn: sqlite3.Connection) -> None:
            for m, found in zip(messages, tokens, strict=True):
                message_id = conn.execute(INSERT_MESSAGE, sealed_row(m)).lastrowid
                insert_reactions(conn, message_id, m)
                index_message(conn, message_id, found or [])

        try:
            self._db.write(insert)
        except sqlite3.IntegrityError as err:  # a taken seq or client_id, an unknown conversation
            raise Conflict(f"cannot store messages: {err}") from err
        return sum(1 for t in tokens if t is None)


def _current_members(conn: sqlite3.Connection, conversation_id: str) -> tuple[str, ...]:
    # One row, in one step: a row per member would take the GIL back 50 times per group send.
    (joined,) = conn.execute(
        "SELECT group_concat(user_id) FROM conversation_members"
        " WHERE conversation_id = ? AND left_seq IS NULL",
        (int(conversation_id),),
    ).fetchone()
    return tuple(sorted(joined.split(","))) if joined else ()


def _check_can_send(
    conn: sqlite3.Connection, conversation: int, sender: int, direct_with: str | None
) -> None:
    """The sender is a current member; in a direct conversation no block stands between the
    two and the other is active."""
    row = conn.execute(
        "SELECT kind, direct_key FROM conversations WHERE id = ?", (conversation,)
    ).fetchone()
    if row is None:
        raise NotFound("conversation")
    if direct_with is not None and row["direct_key"] != direct_key(str(sender), direct_with):
        raise NotFound("no such direct conversation")
    member = conn.execute(
        "SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?"
        " AND left_seq IS NULL",
        (conversation, sender),
    ).fetchone()
    if member is None:
        raise NotAMember(str(conversation))
    if row["kind"] != DIRECT:
        return
    other = conn.execute(
        "SELECT u.id, u.active FROM conversation_members m JOIN users u ON u.id = m.user_id"
        " WHERE m.conversation_id = ? AND m.user_id != ?",
        (conversation, sender),
    ).fetchone()
    if other is None:  # a conversation with oneself is never made; nothing to refuse
        return
    blockers = {
        r[0]
        for r in conn.execute(
            "SELECT blocker_id FROM blocks WHERE (blocker_id = ?1 AND blocked_id = ?2)"
            " OR (blocker_id = ?2 AND blocked_id = ?1)",
            (sender, other["id"]),
        )
    }
    if sender in blockers:
        raise SendRefused(SendRefused.BLOCKED_BY_SENDER)
    if other["id"] in blockers:
        raise SendRefused(SendRefused.BLOCKED_BY_RECIPIENT)
    if not other["active"]:
        raise SendRefused(SendRefused.RECIPIENT_INACTIVE)
