"""Row ↔ record conversion for the SQLite backend."""

from __future__ import annotations

import sqlite3

from ..models import Message, User
from .database import from_millis

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
    )


def message_from_row(row: sqlite3.Row, prefix: str = "") -> Message:
    return Message(
        id=str(row[prefix + "id"]),
        conversation_id=str(row[prefix + "conversation_id"]),
        seq=row[prefix + "seq"],
        sender_id=str(row[prefix + "sender_id"]),
        text=row[prefix + "text"],
        client_id=row[prefix + "client_id"],
        created_at=from_millis(row[prefix + "created_at"]),
    )
