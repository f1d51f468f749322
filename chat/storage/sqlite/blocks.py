"""Blocks between users on SQLite."""

from __future__ import annotations

from ..models import utcnow
from .database import Database, to_millis
from .rows import parse_id


class SqliteBlocks:
    def __init__(self, db: Database) -> None:
        self._db = db

    def block(self, blocker_id: str, blocked_id: str) -> None:
        row = (parse_id(blocker_id), parse_id(blocked_id), to_millis(utcnow()))
        self._db.write(
            lambda conn: conn.execute(
                "INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at)"
                " VALUES (?, ?, ?)",
                row,
            )
        )

    def unblock(self, blocker_id: str, blocked_id: str) -> None:
        pair = (parse_id(blocker_id), parse_id(blocked_id))
        self._db.write(
            lambda conn: conn.execute(
                "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", pair
            )
        )

    def blocked_ids(self, blocker_id: str) -> list[str]:
        rows = self._db.query(
            "SELECT blocked_id FROM blocks WHERE blocker_id = ? ORDER BY created_at",
            (parse_id(blocker_id) or 0,),
        )
        return [str(r[0]) for r in rows]

    def related(self, user_id: str) -> set[str]:
        key = parse_id(user_id) or 0
        rows = self._db.query(
            "SELECT blocked_id FROM blocks WHERE blocker_id = ?"
            " UNION SELECT blocker_id FROM blocks WHERE blocked_id = ?",
            (key, key),
        )
        return {str(r[0]) for r in rows}

    def blockers_between(self, user_a: str, user_b: str) -> set[str]:
        a, b = parse_id(user_a) or 0, parse_id(user_b) or 0
        rows = self._db.query(
            "SELECT blocker_id FROM blocks"
            " WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)",
            (a, b, b, a),
        )
        return {str(r[0]) for r in rows}

    def scan(self, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        start = (parse_id(after[0]) or 0, parse_id(after[1]) or 0) if after else (0, 0)
        rows = self._db.query(
            "SELECT blocker_id, blocked_id FROM blocks WHERE (blocker_id, blocked_id) > (?, ?)"
            " ORDER BY blocker_id, blocked_id LIMIT ?",
            (*start, limit),
        )
        return [(str(r[0]), str(r[1])) for r in rows]
