"""Upgrades of databases created by an older schema.sql, run before it (its indexes need them)."""

from __future__ import annotations

import sqlite3

# Columns added after the first release: table -> [(column, definition)].
ADDED_COLUMNS = {
    "users": [
        ("active", "INTEGER NOT NULL DEFAULT 1"),
        ("deactivated_at", "INTEGER"),
        ("sessions_reset_at", "INTEGER"),
        ("sessions_reset_by", "TEXT"),
        ("last_seen_at", "INTEGER"),
    ],
    "revoked_tokens": [("revoked_at", "INTEGER NOT NULL DEFAULT 0")],
}


def add_missing_columns(conn: sqlite3.Connection) -> list[str]:
    """ALTER existing tables that lack a column; the columns added, as table.column."""
    added = []
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not present:  # a new database: schema.sql creates the table whole
            continue
        for name, definition in columns:
            if name not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
                added.append(f"{table}.{name}")
    return added
