"""Revoked session tokens on SQLite."""

from __future__ import annotations

from datetime import datetime

from ..models import utcnow
from .database import Database, to_millis


class SqliteRevocations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def revoke(self, jti: str, expires_at: datetime) -> None:
        now = to_millis(utcnow())

        def insert(conn) -> None:
            conn.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)",
                (jti, to_millis(expires_at)),
            )

        self._db.write(insert)

    def is_revoked(self, jti: str) -> bool:
        return bool(self._db.query("SELECT 1 FROM revoked_tokens WHERE jti = ?", (jti,)))
