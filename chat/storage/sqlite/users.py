"""Users on SQLite."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime

from ..base import Conflict, NotFound
from ..models import (
    DELETED_NAME,
    DELETED_PREFIX,
    UNUSABLE_PASSWORD_HASH,
    Credentials,
    User,
    utcnow,
    with_defaults,
)
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
        user = User("", username, full_name, gender, avatar_url, utcnow())
        try:
            user_id = self._db.write(lambda conn: _insert(conn, Credentials(user, password_hash)))
        except sqlite3.IntegrityError as err:
            raise Conflict("username is taken") from err
        return replace(user, id=str(user_id))

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

    def scan(self, after_id: str | None, limit: int) -> list[Credentials]:
        rows = self._db.query(
            "SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?",
            (parse_id(after_id or "") or 0, limit),
        )
        return [Credentials(user_from_row(row), row["password_hash"]) for row in rows]

    def count(self, active: bool | None = None) -> int:
        total = self._db.query("SELECT count(*) FROM users")[0][0]
        if active is None:
            return total
        inactive = self._db.query("SELECT count(*) FROM users WHERE deactivated_at IS NOT NULL")[0][
            0
        ]
        return total - inactive if active else inactive

    def set_active(self, user_id: str, active: bool) -> User:
        deactivated = None if active else to_millis(utcnow())
        self._update(
            user_id,
            "UPDATE users SET active = ?, deactivated_at = CASE WHEN ? THEN NULL"
            " ELSE coalesce(deactivated_at, ?) END WHERE id = ?",
            (int(active), int(active), deactivated),
        )
        return self._must_get(user_id)

    def deactivated_since(self, since: datetime) -> list[str]:
        rows = self._db.query(
            "SELECT id FROM users WHERE deactivated_at >= ? ORDER BY deactivated_at",
            (to_millis(since),),
        )
        return [str(row[0]) for row in rows]

    def set_password(self, user_id: str, password_hash: str, kept_session: str | None) -> User:
        self._update(
            user_id,
            "UPDATE users SET password_hash = ?, sessions_reset_at = ?, sessions_reset_by = ?"
            " WHERE id = ?",
            (password_hash, to_millis(utcnow()), kept_session),
        )
        return self._must_get(user_id)

    def update_settings(self, user_id: str, changes: dict[str, bool | str]) -> User:
        current = self._must_get(user_id).settings
        merged = with_defaults({**current, **changes})
        self._update(
            user_id,
            "UPDATE users SET settings = ?, settings_changed_at = ? WHERE id = ?",
            (json.dumps(merged), to_millis(utcnow())),
        )
        return self._must_get(user_id)

    def settings_changed_since(self, since: datetime) -> list[str]:
        return self._ids_since("settings_changed_at", since)

    def set_full_name(self, user_id: str, full_name: str) -> User:
        user = self._must_get(user_id)
        key = int(user.id)

        def rename(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE users SET full_name = ? WHERE id = ?", (full_name, key))
            conn.execute("DELETE FROM user_search_words WHERE user_id = ?", (key,))
            conn.executemany(
                "INSERT INTO user_search_words (word, user_id) VALUES (?, ?)",
                [(word, key) for word in search_words(user.username, full_name)],
            )

        self._db.write(rename)
        return self._must_get(user_id)

    def set_avatar_url(self, user_id: str, avatar_url: str | None) -> User:
        key = int(self._must_get(user_id).id)
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE users SET avatar_url = ? WHERE id = ?", (avatar_url, key)
            )
        )
        return self._must_get(user_id)

    def set_last_seen(self, user_id: str, at: datetime) -> None:
        key = parse_id(user_id) or 0
        self._db.write(
            lambda conn: conn.execute(
                "UPDATE users SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?",
                (to_millis(at), key),
            )
        )

    def sessions_reset_since(self, since: datetime) -> list[str]:
        return self._ids_since("sessions_reset_at", since)

    def _ids_since(self, column: str, since: datetime) -> list[str]:
        """Users whose time in `column` (one of ours, indexed) is at or after `since`."""
        rows = self._db.query(f"SELECT id FROM users WHERE {column} >= ?", (to_millis(since),))
        return [str(row[0]) for row in rows]

    def anonymise(self, user_id: str) -> User:
        key = parse_id(user_id) or 0
        username = DELETED_PREFIX + str(key)

        def strip(conn: sqlite3.Connection) -> int:
            conn.execute("DELETE FROM user_search_words WHERE user_id = ?", (key,))
            return conn.execute(
                "UPDATE users SET username = ?, username_folded = ?, full_name = ?,"
                " password_hash = ?, gender = NULL, avatar_url = NULL, last_seen_at = NULL,"
                " active = 0,"
                " deactivated_at = coalesce(deactivated_at, ?) WHERE id = ?",
                (
                    username,
                    fold(username),
                    DELETED_NAME,
                    UNUSABLE_PASSWORD_HASH,
                    to_millis(utcnow()),
                    key,
                ),
            ).rowcount

        if not self._db.write(strip):
            raise NotFound("user")
        return self._must_get(user_id)

    def insert_many(self, records: list[Credentials]) -> list[str]:
        try:
            ids = self._db.write(lambda conn: [_insert(conn, r) for r in records])
        except sqlite3.IntegrityError as err:
            raise Conflict("username is taken") from err
        return [str(i) for i in ids]

    def _update(self, user_id: str, sql: str, params: tuple) -> None:
        key = parse_id(user_id) or 0
        if not self._db.write(lambda conn: conn.execute(sql, (*params, key)).rowcount):
            raise NotFound("user")

    def _must_get(self, user_id: str) -> User:
        user = self.get(user_id)
        if user is None:
            raise NotFound("user")
        return user


def _insert(conn: sqlite3.Connection, record: Credentials) -> int:
    """One user row and its search words; the new id. A deleted user's placeholder name is
    made from its new id, as anonymise does."""
    user, key = record.user, None
    username = user.username
    if user.deleted:
        key = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM users").fetchone()[0]
        username = DELETED_PREFIX + str(key)
    deactivated = user.deactivated_at or utcnow()
    cur = conn.execute(
        "INSERT INTO users (id, username, username_folded, full_name, password_hash, gender,"
        " avatar_url, created_at, active, deactivated_at, sessions_reset_at, sessions_reset_by,"
        " last_seen_at, settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            username,
            fold(username),
            user.full_name,
            record.password_hash,
            user.gender,
            user.avatar_url,
            to_millis(user.created_at),
            int(user.active),
            None if user.active else to_millis(deactivated),
            to_millis(user.sessions_reset_at) if user.sessions_reset_at else None,
            user.sessions_reset_by,
            to_millis(user.last_seen_at) if user.last_seen_at else None,
            json.dumps(dict(user.settings)),
        ),
    )
    if not user.deleted:
        conn.executemany(
            "INSERT INTO user_search_words (word, user_id) VALUES (?, ?)",
            [(word, cur.lastrowid) for word in search_words(username, user.full_name)],
        )
    return cur.lastrowid
