"""Stores made before groups keep working: a SQLite file of the older schema and MongoDB
documents of schema 1 are upgraded in place, with every unread badge as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bson import ObjectId
from pymongo import MongoClient

from chat.crypto import KeyRing, new_key, parse_key
from chat.storage.models import utcnow
from chat.storage.mongo import MongoStore
from chat.storage.sealing import seal
from chat.storage.sqlite import SqliteStore
from tests import backends
from tests.storage.test_admin_conformance import open_older_sqlite

RING = KeyRing(parse_key(new_key()))

# The tables of the schema before groups (as of a69dccd), with one conversation in it:
# ann wrote 3 messages, bob read the first; bob then wrote one (ann read nothing of it yet).
OLD_SQLITE = (
    "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL,"
    " username_folded TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, gender TEXT, avatar_url TEXT, created_at INTEGER NOT NULL,"
    " active INTEGER NOT NULL DEFAULT 1, deactivated_at INTEGER, sessions_reset_at INTEGER,"
    " sessions_reset_by TEXT)",
    "CREATE TABLE conversations (id INTEGER PRIMARY KEY, direct_key TEXT UNIQUE,"
    " last_seq INTEGER NOT NULL DEFAULT 0, last_message_id INTEGER,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE TABLE conversation_members (conversation_id INTEGER NOT NULL,"
    " user_id INTEGER NOT NULL, last_read_seq INTEGER NOT NULL DEFAULT 0,"
    " last_delivered_seq INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, conversation_id))"
    " WITHOUT ROWID",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, sender_id INTEGER NOT NULL, client_id TEXT NOT NULL,"
    " ciphertext BLOB NOT NULL, key_id TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " UNIQUE (conversation_id, seq), UNIQUE (sender_id, client_id))",
    "INSERT INTO users VALUES (1, 'ann', 'ann', 'Ann', 'h', NULL, NULL, 0, 1, NULL, NULL, NULL)",
    "INSERT INTO users VALUES (2, 'bob', 'bob', 'Bob', 'h', NULL, NULL, 0, 1, NULL, NULL, NULL)",
    "INSERT INTO conversations VALUES (1, '1:2', 4, 4, 0, 4)",
    "INSERT INTO conversation_members VALUES (1, 1, 0, 4)",  # ann: read nothing of bob's
    "INSERT INTO conversation_members VALUES (1, 2, 4, 4)",  # bob: read all (he sent seq 4)
)


def old_messages() -> list[str]:
    rows = []
    for seq, sender in ((1, 1), (2, 1), (3, 1), (4, 2)):
        ciphertext, key_id = seal(RING, f"m{seq}", f"client-{seq:04d}")
        rows.append(
            f"INSERT INTO messages VALUES ({seq}, 1, {seq}, {sender}, 'client-{seq:04d}',"
            f" x'{ciphertext.hex()}', '{key_id}', {seq})"
        )
    return rows


def test_a_store_from_before_groups_is_upgraded(
    backend: str, tmp_path: Path, mongo_database: str
) -> None:
    if backend == "sqlite":
        sqlite_file_is_upgraded(tmp_path)
    else:
        mongo_documents_are_upgraded(mongo_database)


def sqlite_file_is_upgraded(tmp_path: Path) -> None:
    store = open_older_sqlite(tmp_path / "old.sqlite3", *OLD_SQLITE, *old_messages())
    store.close()
    store = SqliteStore(tmp_path / "old.sqlite3", RING)  # opened with the file's key
    conv = store.conversations.get("1")
    assert conv is not None and conv.kind == "direct" and conv.member_ids == ("1", "2")
    assert (conv.unread("1"), conv.unread("2")) == (4, 0)  # as "last seq minus read" said
    assert conv.cursor("2").shown_read == 4 and conv.role("1") == "member"
    assert [m.kind for m in store.messages.page("1", None, 10)] == ["text"] * 4
    assert store.users.get("1").settings["share_read_receipts"] is True  # the defaults
    sent = store.messages.send("1", "2", "after the upgrade", "client-0005")
    assert sent.created and sent.message.seq == 5
    assert store.conversations.get("1").unread("1") == 5
    read = store.conversations.advance_cursor("1", "1", read=5)
    assert read is not None and read.unread("1") == 0
    group, _ = store.conversations.create_group("1", "New", ["2"], "sys-0001")
    assert group.kind == "group" and store.conversations.get(group.id).title == "New"
    store.close()
    # The members' table was rebuilt keyed by conversation, with every row; a second start
    # leaves it as it is.
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        assert members_key(conn) == ["conversation_id", "user_id"]
        rows = conn.execute(
            "SELECT conversation_id, user_id, last_read_seq FROM conversation_members"
            " WHERE conversation_id = 1 ORDER BY user_id"
        ).fetchall()
    assert rows == [(1, 1, 5), (1, 2, 5)]  # both read all: ann read it, bob sent seq 5
    SqliteStore(tmp_path / "old.sqlite3", RING).close()
    assert SqliteStore(tmp_path / "old.sqlite3", RING).conversations.get("1").unread("1") == 0


def members_key(conn: sqlite3.Connection) -> list[str]:
    info = conn.execute("PRAGMA table_info(conversation_members)").fetchall()
    return [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]


def mongo_documents_are_upgraded(mongo_database: str) -> None:
    uri = backends.mongo_uri(mongo_database + "_old")
    client = MongoClient(uri, tz_aware=True)
    db = client.get_default_database()
    try:
        db.conversations.create_index("direct_key", unique=True)  # not sparse, as it was
        ann, bob, eve = ObjectId(), ObjectId(), ObjectId()
        now = utcnow()
        for key, name in ((ann, "ann"), (bob, "bob"), (eve, "eve")):
            db.users.insert_one(
                {"_id": key, "username": name, "username_folded": name, "full_name": name,
                 "search_words": [name], "password_hash": "h", "created_at": now, "active": True}
            )  # fmt: skip
        db.blocks.insert_one(
            {"_id": f"{eve}:{ann}", "blocker_id": str(eve), "blocked_id": str(ann),
             "created_at": now}
        )  # fmt: skip
        with_bob, with_eve = ObjectId(), ObjectId()
        for key, other in ((with_bob, bob), (with_eve, eve)):
            members = sorted([ann, other])
            db.conversations.insert_one(
                {"_id": key, "direct_key": ":".join(str(m) for m in members),
                 "member_ids": members, "last_seq": 3, "last_message": None,
                 "cursors": {str(ann): {"read": 3, "delivered": 3},
                             str(other): {"read": 1, "delivered": 2}},
                 "created_at": now, "updated_at": now}
            )  # fmt: skip

        store = MongoStore(uri, RING)
        store.create_indexes()  # what every start does: upgrades in place
        conv = store.conversations.get(str(with_bob))
        assert conv is not None and conv.kind == "direct"
        assert (conv.unread(str(bob)), conv.unread(str(ann))) == (2, 0)
        assert conv.cursor(str(bob)).shown_read == 1
        doc = db.conversations.find_one({"_id": with_bob})
        assert doc["schema"] == 2 and doc["cursors"][str(bob)]["unread"] == 2
        assert doc["closed"] is False
        assert db.conversations.find_one({"_id": with_eve})["closed"] is True  # eve blocked ann
        # Groups (no direct_key) can now be made, more than one: on MongoDB the unique index
        # became sparse (the test server never refused documents without the key).
        for title in ("One", "Two"):
            store.conversations.create_group(str(ann), title, [str(bob)], f"sys-{title}")
        sent = store.messages.send(str(with_bob), str(ann), "after the upgrade", "client-0009")
        assert sent.created and sent.message.seq == 4
        assert store.conversations.get(str(with_bob)).unread(str(bob)) == 3
        store.create_indexes()  # idempotent: a second start changes nothing
        assert store.conversations.get(str(with_bob)).unread(str(bob)) == 3
        store.close()
    finally:
        client.drop_database(db.name)
        client.close()
