"""Row ↔ record conversion for the SQLite backend."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from ...crypto import KeyRing
from ..models import Message, SealedMessage, User, with_defaults
from ..sealing import seal, unseal
from .database import from_millis, to_millis

MAX_ID = 2**63 - 1


def parse_id(value: str) -> int | None:
    """Our ids are decimal integers here; anything else names no record."""
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def user_from_row(row: sqlite3.Row) -> User:
    return User(
        id=str(row["id"]),
        username=row["username"],
        full_name=row["full_name"],
        gender=row["gender"],
        avatar_url=row["avatar_url"],
        created_at=from_millis(row["created_at"]),
        active=bool(row["active"]),
        deactivated_at=optional_millis(row["deactivated_at"]),
        sessions_reset_at=optional_millis(row["sessions_reset_at"]),
        sessions_reset_by=row["sessions_reset_by"],
        last_seen_at=optional_millis(row["last_seen_at"]),
        settings=with_defaults(json.loads(row["settings"]) if row["settings"] else {}),
    )


def optional_millis(ms: int | None) -> datetime | None:
    return None if ms is None else from_millis(ms)


def _targets(value: str | None) -> tuple[str, ...]:
    return tuple(value.split(",")) if value else ()


def _has(row: sqlite3.Row, column: str) -> bool:
    return column in row.keys()  # noqa: SIM118 (`in row` looks at the values)


def _mentions(value: str | None) -> tuple[str, ...]:
    return tuple(m for m in (value or "").split(",") if m)


def mentions_text(user_ids: tuple[str, ...]) -> str | None:
    """ ",1,5," — so `LIKE '%,5,%'` finds a mention of user 5."""
    return f",{','.join(user_ids)}," if user_ids else None


def _reactions(value: str | None) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for emoji, user in json.loads(value) if value else ():
        grouped.setdefault(emoji, []).append(str(user))
    return {emoji: tuple(users) for emoji, users in grouped.items()}


# A message with its reactions, oldest first (the first reaction of an emoji places it).
MESSAGE_SELECT = (
    "SELECT m.*, (SELECT json_group_array(json_array(emoji, user_id)) FROM (SELECT emoji, user_id"
    " FROM message_reactions r WHERE r.message_id = m.id ORDER BY created_at, emoji, user_id))"
    " AS reactions FROM messages m"
)


def sealed_from_row(row: sqlite3.Row) -> SealedMessage:
    return SealedMessage(
        id=str(row["id"]),
        conversation_id=str(row["conversation_id"]),
        seq=row["seq"],
        sender_id=str(row["sender_id"]),
        client_id=row["client_id"],
        ciphertext=bytes(row["ciphertext"]),
        key_id=row["key_id"],
        created_at=from_millis(row["created_at"]),
        kind=row["kind"],
        event=row["event"],
        target_ids=_targets(row["target_ids"]),
        edited_at=optional_millis(row["edited_at"]),
        deleted=bool(row["deleted"]),
        reactions=_reactions(row["reactions"]) if _has(row, "reactions") else {},
        reply_to=row["reply_to"],
        mentions=_mentions(row["mentions"]),
        change_seq=row["change_seq"],
    )


def message_from_row(row: sqlite3.Row, ring: KeyRing, prefix: str = "") -> Message:
    """A stored message; `prefix` names its columns in a join (no reactions there)."""
    message_id, client_id = str(row[prefix + "id"]), row[prefix + "client_id"]
    deleted = bool(row[prefix + "deleted"])
    return Message(
        id=message_id,
        conversation_id=str(row[prefix + "conversation_id"]),
        seq=row[prefix + "seq"],
        sender_id=str(row[prefix + "sender_id"]),
        text=None
        if deleted
        else unseal(
            ring, row[prefix + "ciphertext"], row[prefix + "key_id"], client_id, message_id
        ),
        client_id=client_id,
        created_at=from_millis(row[prefix + "created_at"]),
        kind=row[prefix + "kind"],
        event=row[prefix + "event"],
        target_ids=_targets(row[prefix + "target_ids"]),
        edited_at=optional_millis(row[prefix + "edited_at"]),
        deleted=deleted,
        reactions=_reactions(row["reactions"]) if not prefix and _has(row, "reactions") else {},
        reply_to=row[prefix + "reply_to"],
        mentions=_mentions(row[prefix + "mentions"]),
        change_seq=row[prefix + "change_seq"],
    )


INSERT_MESSAGE = (
    "INSERT INTO messages (conversation_id, seq, sender_id, client_id, ciphertext, key_id,"
    " created_at, kind, event, target_ids, edited_at, deleted, reply_to, mentions, change_seq)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def sealed_row(m: SealedMessage) -> tuple:
    """The INSERT_MESSAGE parameters of a stored (sealed) message."""
    return (
        int(m.conversation_id), m.seq, int(m.sender_id), m.client_id, m.ciphertext, m.key_id,
        to_millis(m.created_at), m.kind, m.event, ",".join(m.target_ids) or None,
        to_millis(m.edited_at) if m.edited_at else None, int(m.deleted),
        m.reply_to, mentions_text(m.mentions), m.change_seq,
    )  # fmt: skip


def insert_reactions(conn: sqlite3.Connection, message_id: int, m: SealedMessage) -> None:
    """An imported message's reactions (their order kept by made-up times in that order)."""
    rows = [
        (message_id, emoji, int(user), i)
        for i, (emoji, user) in enumerate((e, u) for e, users in m.reactions.items() for u in users)
    ]
    conn.executemany(
        "INSERT INTO message_reactions (message_id, emoji, user_id, created_at)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )


def insert_message(conn: sqlite3.Connection, message: Message, ring: KeyRing) -> int:
    """Seal and insert a message; its new row id."""
    ciphertext, key_id = seal(ring, message.text or "", message.client_id)
    sealed = SealedMessage(
        "", message.conversation_id, message.seq, message.sender_id, message.client_id,
        ciphertext, key_id, message.created_at, message.kind, message.event, message.target_ids,
    )  # fmt: skip
    return conn.execute(INSERT_MESSAGE, sealed_row(sealed)).lastrowid
