"""Sign-in session records on SQLite."""

from __future__ import annotations

import sqlite3

from ..models import SessionRecord, utcnow
from .database import Database, from_millis, to_millis
from .rows import optional_millis, parse_id

COLUMNS = (
    "id, user_id, generation, started_at, last_active_at, expires_at, user_agent, address, ended_at"
)


def _record(row: sqlite3.Row) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        user_id=str(row["user_id"]),
        generation=row["generation"],
        started_at=from_millis(row["started_at"]),
        last_active_at=from_millis(row["last_active_at"]),
        expires_at=from_millis(row["expires_at"]),
        user_agent=row["user_agent"],
        address=row["address"],
        ended_at=optional_millis(row["ended_at"]),
    )


class SqliteSessions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, session: SessionRecord) -> None:
        row = (
            session.id,
            parse_id(session.user_id),
            session.generation,
            to_millis(session.started_at),
            to_millis(session.last_active_at),
            to_millis(session.expires_at),
            session.user_agent,
            session.address,
        )
        now = to_millis(utcnow())

        def upsert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO sessions (id, user_id, generation, started_at, last_active_at,"
                " expires_at, user_agent, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET generation = excluded.generation,"
                " last_active_at = excluded.last_active_at, expires_at = excluded.expires_at,"
                " user_agent = excluded.user_agent, address = excluded.address",
                row,
            )
            conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))

        self._db.write(upsert)

    def get(self, session_id: str) -> SessionRecord | None:
        rows = self._db.query(f"SELECT {COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return _record(rows[0]) if rows else None

    def list_for_user(self, user_id: str, generation: int, limit: int) -> list[SessionRecord]:
        rows = self._db.query(
            f"SELECT {COLUMNS} FROM sessions WHERE user_id = ? AND ended_at IS NULL"
            " AND expires_at > ? AND generation = ? ORDER BY last_active_at DESC LIMIT ?",
            (parse_id(user_id) or 0, to_millis(utcnow()), generation, limit),
        )
        return [_record(row) for row in rows]

    def end(self, session_id: str) -> None:
        params = (to_millis(utcnow()), session_id)
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", params
            )
        )
