"""Upgrades of databases created by an older schema.sql, run before it (its indexes need them)."""

from __future__ import annotations

import re
import sqlite3

# Columns added after the first release: table -> [(column, definition)].
ADDED_COLUMNS = {
    "users": [
        ("active", "INTEGER NOT NULL DEFAULT 1"),
        ("deactivated_at", "INTEGER"),
        ("sessions_reset_at", "INTEGER"),
        ("sessions_reset_by", "TEXT"),
        ("last_seen_at", "INTEGER"),
        ("settings", "TEXT"),
        ("settings_changed_at", "INTEGER"),
    ],
    "revoked_tokens": [("revoked_at", "INTEGER NOT NULL DEFAULT 0")],
    "conversations": [
        ("kind", "TEXT NOT NULL DEFAULT 'direct'"),
        ("title", "TEXT"),
        ("last_change", "INTEGER NOT NULL DEFAULT 0"),
    ],
    "conversation_members": [
        ("unread", "INTEGER NOT NULL DEFAULT 0"),
        ("shown_read_seq", "INTEGER NOT NULL DEFAULT 0"),
        ("role", "TEXT NOT NULL DEFAULT 'member'"),
        ("visible_after", "INTEGER NOT NULL DEFAULT 0"),
        ("left_seq", "INTEGER"),
        ("joined_at", "INTEGER NOT NULL DEFAULT 0"),
        ("unread_mentions", "INTEGER NOT NULL DEFAULT 0"),
        ("muted", "INTEGER NOT NULL DEFAULT 0"),
    ],
    "messages": [
        ("kind", "TEXT NOT NULL DEFAULT 'text'"),
        ("event", "TEXT"),
        ("target_ids", "TEXT"),
        ("edited_at", "INTEGER"),
        ("deleted", "INTEGER NOT NULL DEFAULT 0"),
        ("reply_to", "INTEGER"),
        ("mentions", "TEXT"),
        ("change_seq", "INTEGER NOT NULL DEFAULT 0"),
    ],
}

# Filling a new column from the old data, run once, right after the column is added.
BACKFILL = {
    # Before unread counters, unread was "last seq minus the read cursor" (all direct, no
    # system messages): start the counters there, so no badge changes on upgrade.
    "conversation_members.unread": (
        "UPDATE conversation_members SET unread = max(0, (SELECT last_seq FROM conversations c"
        " WHERE c.id = conversation_members.conversation_id) - last_read_seq)"
    ),
    "conversation_members.shown_read_seq": (
        "UPDATE conversation_members SET shown_read_seq = last_read_seq"
    ),
    "conversation_members.joined_at": (
        "UPDATE conversation_members SET joined_at = (SELECT created_at FROM conversations c"
        " WHERE c.id = conversation_members.conversation_id)"
    ),
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
                if f"{table}.{name}" in BACKFILL:
                    conn.execute(BACKFILL[f"{table}.{name}"])
    return added


MEMBERS_KEY = ("conversation_id", "user_id")


def rekey_members(conn: sqlite3.Connection, schema: str) -> bool:
    """Rebuild conversation_members keyed by user first (before 2026-12) with schema.sql's key,
    conversation first (SQLite cannot alter a key); True when it was rebuilt."""
    info = conn.execute("PRAGMA table_info(conversation_members)").fetchall()
    key = tuple(row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5]))
    if not info or key == MEMBERS_KEY:  # a new database, or rebuilt already
        return False
    create = re.search(
        r"CREATE TABLE IF NOT EXISTS conversation_members \(.*?\) WITHOUT ROWID;", schema, re.DOTALL
    )
    if create is None:
        raise RuntimeError("schema.sql has no conversation_members table")
    columns = ", ".join(row[1] for row in info)
    conn.execute(create.group(0).replace("conversation_members (", "members_rekeyed (", 1))
    # Rows of a user or conversation deleted without cascading (old files had no foreign
    # keys) would fail the new table's: nobody can see them, so they are not copied.
    conn.execute(
        f"INSERT INTO members_rekeyed ({columns}) SELECT {columns} FROM conversation_members m"
        " WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)"
        " AND EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id)"
    )
    conn.execute("DROP TABLE conversation_members")  # and its indexes: schema.sql makes ours
    conn.execute("ALTER TABLE members_rekeyed RENAME TO conversation_members")
    return True
