"""Users on SQLite."""

from __future__ import annotations

import sqlite3

from ..base import Conflict
from ..models import Credentials, User, utcnow
from ..text import fold, search_words
from .database import Database, to_millis
from .rows import parse_id, user_from_row

_PREFIX_END = "\U0010ffff"


class SqliteUsers:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        gender: str | None = None,
        avatar_url: str | None = None,
    ) -> User:
        now = utcnow()

        def insert(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO users (username, username_folded, full_name, password_hash,"
                " gender, avatar_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    username,
                    fold(username),
                    full_name,
                    password_hash,
                    gender,
                    avatar_url,
                    to_millis(now),
                ),
            )
            conn.executemany(
                "INSERT INTO user_search_words (word, user_id) VALUES (?, ?)",
                [(word, cur.lastrowid) for word in search_words(username, full_name)],
            )
            return cur.lastrowid

        try:
            user_id = self._db.write(insert)
        except sqlite3.IntegrityError as err:
            raise Conflict("username is taken") from err
        return User(str(user_id), username, full_name, gender, avatar_url, now)

    def get(self, user_id: str) -> User | None:
        key = parse_id(user_id)
        rows = self._db.query("SELECT * FROM users WHERE id = ?", (key,)) if key else []
        return user_from_row(rows[0]) if rows else None

    def get_many(self, user_ids: list[str]) -> dict[str, User]:
        keys = [k for k in (parse_id(i) for i in user_ids) if k]
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self._db.query(f"SELECT * FROM users WHERE id IN ({marks})", keys)
        return {str(row["id"]): user_from_row(row) for row in rows}

    def credentials(self, username: str) -> Credentials | None:
        rows = self._db.query("SELECT * FROM users WHERE username_folded = ?", (fold(username),))
        return Credentials(user_from_row(rows[0]), rows[0]["password_hash"]) if rows else None

    def search(self, prefix: str, limit: int, exclude_id: str | None = None) -> list[User]:
        start = fold(prefix)
        rows = self._db.query(
            "SELECT u.* FROM users u WHERE u.id IN ("
            "  SELECT user_id FROM user_search_words WHERE word >= ? AND word < ?)"
            " AND u.id != ? ORDER BY u.username_folded LIMIT ?",
            (start, start + _PREFIX_END, parse_id(exclude_id or "") or 0, limit),
        )
        return [user_from_row(row) for row in rows]
