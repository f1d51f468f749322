"""Revoked session tokens on SQLite."""

from __future__ import annotations

from datetime import datetime

from ..models import utcnow
from .database import Database, from_millis, to_millis


class SqliteRevocations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def revoke(self, jti: str, expires_at: datetime) -> None:
        now = to_millis(utcnow())

        def insert(conn) -> None:
            conn.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT OR IGNORE INTO revoked_tokens (jti, expires_at, revoked_at)"
                " VALUES (?, ?, ?)",
                (jti, to_millis(expires_at), now),
            )

        self._db.write(insert)

    def revoked_at(self, jti: str) -> datetime | None:
        rows = self._db.query("SELECT revoked_at FROM revoked_tokens WHERE jti = ?", (jti,))
        return from_millis(rows[0][0]) if rows else None

    def revoked_since(self, since: datetime) -> list[str]:
        rows = self._db.query(
            "SELECT jti FROM revoked_tokens WHERE revoked_at >= ?", (to_millis(since),)
        )
        return [row[0] for row in rows]

    def scan(self, after_jti: str | None, limit: int) -> list[tuple[str, datetime]]:
        rows = self._db.query(
            "SELECT jti, expires_at FROM revoked_tokens WHERE jti > ? AND expires_at >= ?"
            " ORDER BY jti LIMIT ?",
            (after_jti or "", to_millis(utcnow()), limit),
        )
        return [(row[0], from_millis(row[1])) for row in rows]
