"""Repository methods of the admin commands, on every backend."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chat.crypto import KeyRing, new_key, parse_key
from chat.storage import Conflict, NotFound, Store
from chat.storage.models import DELETED_NAME, Conversation, Credentials, utcnow
from chat.storage.sealing import seal
from chat.storage.sqlite import SqliteStore


def make_user(store: Store, username: str):
    return store.users.create(username, username.title() + " Lee", "hash:" + username)


def chat(store: Store, a: str, b: str, texts: list[str], prefix: str = "c") -> Conversation:
    conv = store.conversations.get_or_create_direct(a, b)
    for i, text in enumerate(texts):
        store.messages.send(conv.id, a if i % 2 == 0 else b, text, f"{prefix}-{conv.id}-{i:04d}")
    found = store.conversations.get(conv.id)
    assert found is not None
    return found


def test_users_start_active_and_deactivation_is_recorded(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    assert ann.active and ann.deactivated_at is None
    before = utcnow()
    off = store.users.set_active(bob.id, False)
    assert not off.active and off.deactivated_at is not None and off.deactivated_at >= before
    assert store.users.get(bob.id) == off
    creds = store.users.credentials("bob")
    assert creds is not None and not creds.user.active
    assert store.users.deactivated_since(before) == [bob.id]
    assert store.users.deactivated_since(off.deactivated_at + timedelta(milliseconds=1)) == []
    assert (store.users.count(), store.users.count(True), store.users.count(False)) == (2, 1, 1)
    time.sleep(0.005)
    assert store.users.set_active(bob.id, False).deactivated_at == off.deactivated_at
    on = store.users.set_active(bob.id, True)
    assert on.active and on.deactivated_at is None
    assert store.users.deactivated_since(before) == []
    assert store.users.count(False) == 0


def test_unknown_users_cannot_be_changed(store: Store) -> None:
    for bad in ("nope", "12345", "ffffffffffffffffffffffff"):
        with pytest.raises(NotFound):
            store.users.set_active(bad, False)
        with pytest.raises(NotFound):
            store.users.set_password(bad, "h", None)
        with pytest.raises(NotFound):
            store.users.anonymise(bad)


def test_set_password_replaces_the_hash_and_resets_sessions(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    assert ann.sessions_reset_at is None and ann.session_generation == 0
    before = utcnow()
    changed = store.users.set_password(ann.id, "new-hash", kept_session="laptop")
    creds = store.users.credentials("ann")
    assert creds is not None and creds.password_hash == "new-hash" and creds.user == changed
    assert changed.sessions_reset_at is not None and changed.sessions_reset_at >= before
    assert changed.sessions_reset_by == "laptop"
    assert changed == replace(
        ann, sessions_reset_at=changed.sessions_reset_at, sessions_reset_by="laptop"
    )
    assert store.users.sessions_reset_since(before) == [ann.id]
    after = changed.sessions_reset_at + timedelta(milliseconds=1)
    assert store.users.sessions_reset_since(after) == []
    time.sleep(0.005)
    again = store.users.set_password(ann.id, "newer-hash", kept_session=None)  # an admin
    assert again.session_generation > changed.session_generation  # older sessions end too
    assert again.sessions_reset_by is None  # ...the laptop's too
    assert store.users.get(bob.id) == bob


def test_anonymise_leaves_an_unsearchable_inactive_placeholder(store: Store) -> None:
    ann = store.users.create("ann", "Ann Lee", "h", gender="female", avatar_url="https://a/b")
    gone = store.users.anonymise(ann.id)
    assert (gone.username, gone.full_name) == (f"deleted-{ann.id}", DELETED_NAME)
    assert (gone.gender, gone.avatar_url, gone.active, gone.deleted) == (None, None, False, True)
    assert gone.deactivated_at is not None and gone.created_at == ann.created_at
    assert store.users.credentials("ann") is None
    creds = store.users.credentials(gone.username)
    assert creds is not None and creds.password_hash == "!"
    assert store.users.search("ann", 10) == [] and store.users.search("lee", 10) == []
    assert store.users.search("deleted", 10) == []
    assert store.users.anonymise(ann.id) == gone  # idempotent
    assert store.users.create("ann", "Another Ann", "h").active  # the name is free again


def test_scan_pages_through_every_user_with_hashes(store: Store) -> None:
    made = [make_user(store, f"user{i}") for i in range(7)]
    seen, after = [], None
    while page := store.users.scan(after, 3):
        seen += page
        after = page[-1].user.id
    assert [c.user for c in seen] == made
    assert [c.password_hash for c in seen] == [f"hash:user{i}" for i in range(7)]


def test_insert_many_keeps_fields_and_gives_new_ids(store: Store) -> None:
    then = utcnow() - timedelta(days=30)
    ann = replace(make_user(store, "ann"), username="ann2", created_at=then)
    off = replace(ann, username="off", active=False, deactivated_at=then + timedelta(days=1))
    off = replace(off, sessions_reset_at=then + timedelta(hours=1))
    gone = replace(ann, username="deleted-old", full_name=DELETED_NAME, active=False)
    new_ids = store.users.insert_many(
        [Credentials(ann, "h1"), Credentials(off, "h2"), Credentials(gone, "!")]
    )
    assert len(set(new_ids)) == 3 and ann.id not in new_ids
    got = store.users.get_many(new_ids)
    assert got[new_ids[0]] == replace(ann, id=new_ids[0])
    assert got[new_ids[1]] == replace(off, id=new_ids[1])
    placeholder = got[new_ids[2]]
    assert placeholder.username == f"deleted-{new_ids[2]}" and placeholder.deleted
    assert placeholder.deactivated_at is not None
    assert [u.username for u in store.users.search("ann", 10)] == ["ann", "ann2", "off"]
    assert store.users.search("deleted", 10) == []
    with pytest.raises(Conflict):
        store.users.insert_many([Credentials(replace(ann, username="ANN"), "h")])


def test_conversation_scan_pages_all_or_one_members(store: Store) -> None:
    ann, bob, cat = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "cat")
    one = store.conversations.get_or_create_direct(ann.id, bob.id)
    two = store.conversations.get_or_create_direct(bob.id, cat.id)
    three = store.conversations.get_or_create_direct(cat.id, ann.id)
    assert one.created_at is not None and one.created_at <= one.updated_at
    assert [c.id for c in store.conversations.scan(None, 10)] == [one.id, two.id, three.id]
    assert [c.id for c in store.conversations.scan(one.id, 1)] == [two.id]
    assert [c.id for c in store.conversations.scan(None, 10, member_id=ann.id)] == [
        one.id,
        three.id,
    ]
    assert [c.id for c in store.conversations.scan(one.id, 10, member_id=ann.id)] == [three.id]
    assert store.conversations.scan(None, 10, member_id="nope") == []


def test_idle_conversations_are_found_oldest_first(store: Store) -> None:
    ann, bob, cat = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "cat")
    old = store.conversations.get_or_create_direct(ann.id, bob.id)
    time.sleep(0.005)
    older_activity = chat(store, bob.id, cat.id, ["x"])
    time.sleep(0.005)
    cutoff = utcnow()
    time.sleep(0.005)
    chat(store, ann.id, cat.id, ["new"])
    assert store.conversations.idle_before(cutoff, 10) == [old.id, older_activity.id]
    assert store.conversations.idle_before(cutoff, 1) == [old.id]
    assert store.conversations.count(idle_before=cutoff) == 2
    assert store.conversations.count() == 3
    assert store.conversations.idle_before(old.updated_at, 10) == []


def test_delete_batch_by_sender_and_refresh_last_message(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = chat(store, ann.id, bob.id, [f"m{i}" for i in range(7)])  # ann sends the even ones
    assert store.messages.delete_batch(conv.id, 2, sender_id=bob.id) == 2
    assert store.messages.delete_batch(conv.id, 10, sender_id=bob.id) == 1
    assert store.messages.delete_batch(conv.id, 10, sender_id=bob.id) == 0
    assert [m.text for m in store.messages.page(conv.id, None, 10)] == ["m0", "m2", "m4", "m6"]
    assert store.messages.delete_batch(conv.id, 1, sender_id=ann.id) == 1
    store.conversations.refresh_last_message(conv.id)
    after = store.conversations.get(conv.id)
    assert after is not None and after.last_seq == 7
    assert after.last_message is not None and after.last_message.text == "m6"
    while store.messages.delete_batch(conv.id, 2):
        pass
    store.conversations.refresh_last_message(conv.id)
    emptied = store.conversations.get(conv.id)
    assert emptied is not None and emptied.last_message is None and emptied.last_seq == 7
    assert emptied.updated_at == conv.updated_at


def test_delete_removes_conversation_members_and_messages(store: Store) -> None:
    ann, bob, cat = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "cat")
    gone = chat(store, ann.id, bob.id, ["a", "b", "c"])
    kept = chat(store, ann.id, cat.id, ["d"])
    assert store.conversations.delete(gone.id)
    assert not store.conversations.delete(gone.id)
    assert not store.conversations.delete("nope")
    assert store.conversations.get(gone.id) is None
    assert store.messages.page(gone.id, None, 10) == []
    assert store.conversations.contact_ids(ann.id) == [cat.id]
    assert [c.id for c in store.conversations.list_for_user(ann.id)] == [kept.id]
    assert store.messages.count() == 1
    again = store.conversations.get_or_create_direct(bob.id, ann.id)
    assert again.id != gone.id and again.last_seq == 0


def test_message_counts_all_and_since(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    chat(store, ann.id, bob.id, ["a", "b"])
    time.sleep(0.005)
    since = utcnow()
    chat(store, bob.id, ann.id, ["c"], prefix="later")
    assert store.messages.count() == 3
    assert store.messages.count(since=since) == 1
    assert store.messages.count(since=since + timedelta(seconds=5)) == 0


def test_sealed_messages_copy_a_history_exactly(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    original = chat(store, ann.id, bob.id, [f"m{i}" for i in range(5)])
    store.conversations.advance_cursor(original.id, bob.id, delivered=5)
    original = store.conversations.get(original.id)
    assert original is not None
    sealed = store.messages.scan_sealed(None, 3) + store.messages.scan_sealed(None, 100)[3:]
    assert [m.seq for m in sealed] == [1, 2, 3, 4, 5]

    ann2, bob2 = (store.users.create(n, n, "h").id for n in ("ann2", "bob2"))
    names = {ann.id: ann2, bob.id: bob2}
    copy = replace(
        original,
        member_ids=tuple(names[m] for m in original.member_ids),
        cursors={names[m]: c for m, c in original.cursors.items()},
        last_seq=2,  # behind its messages (sent during an export): refresh raises it
    )
    [copy_id] = store.conversations.insert_many([copy])
    moved = [replace(m, conversation_id=copy_id, sender_id=names[m.sender_id]) for m in sealed]
    assert store.messages.insert_sealed(moved[3:]) == 0
    assert store.messages.insert_sealed(moved[:3]) == 0
    untouched = store.conversations.get(copy_id)
    assert untouched is not None and untouched.last_message is None
    store.conversations.refresh_last_message(copy_id)
    got = store.conversations.get(copy_id)
    assert got is not None
    assert (got.last_seq, got.updated_at, got.created_at) == (
        5,
        original.updated_at,
        original.created_at,
    )
    assert got.cursor(bob2) == original.cursor(bob.id) and got.cursor(ann2) == original.cursor(
        ann.id
    )
    assert (got.cursor(bob2).read, got.cursor(bob2).delivered) == (4, 5)
    assert (got.unread(ann2), got.unread(bob2)) == (0, 1)
    assert got.last_message is not None and got.last_message.text == "m4"
    assert [(m.seq, m.text) for m in store.messages.page(copy_id, None, 10)] == [
        (i + 1, f"m{i}") for i in range(5)
    ]
    assert store.conversations.get_or_create_direct(bob2, ann2).id == copy_id
    with pytest.raises(Conflict):
        store.conversations.insert_many([copy])
    message, created, _ = store.messages.send(copy_id, ann2, "next", "client-next")
    assert created and message.seq == 6
    with pytest.raises(Conflict):
        store.messages.insert_sealed(moved[:1])


def test_insert_sealed_counts_messages_the_keys_cannot_open(store: Store, settings) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = chat(store, ann.id, bob.id, ["secret"])
    [sealed] = store.messages.scan_sealed(None, 10)
    stranger = KeyRing(parse_key(new_key()))
    blob, kid = seal(stranger, "other", "client-foreign")
    foreign = replace(sealed, client_id="client-foreign", ciphertext=blob, key_id=kid, seq=2)
    assert store.messages.insert_sealed([foreign]) == 1
    assert [m.text for m in store.messages.page(conv.id, None, 10)] == ["secret", None]


def test_create_indexes_is_idempotent_and_size_is_known(store: Store, backend: str) -> None:
    make_user(store, "ann")
    store.create_indexes()
    store.create_indexes()
    assert store.users.count() == 1
    size = store.storage_size()
    assert size is None or size > 0
    if backend == "sqlite":
        assert size is not None and size > 0


def open_older_sqlite(path: Path, *statements: str) -> SqliteStore:
    """A SQLite file made by an older schema (statements), opened by today's store."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return SqliteStore(path, KeyRing(parse_key(new_key())))


def test_sqlite_database_of_the_first_schema_is_upgraded(tmp_path: Path) -> None:
    store = open_older_sqlite(
        tmp_path / "old.sqlite3",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL,"
        " username_folded TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,"
        " password_hash TEXT NOT NULL, gender TEXT, avatar_url TEXT, created_at INTEGER NOT NULL)",
        "INSERT INTO users VALUES (1, 'Ann', 'ann', 'Ann', 'h', NULL, NULL, 0)",
    )
    ann = store.users.get("1")
    assert ann is not None and ann.active and ann.deactivated_at is None
    assert not store.users.set_active("1", False).active
    changed = store.users.set_password("1", "h2", kept_session="s")
    assert changed.sessions_reset_at is not None and changed.sessions_reset_by == "s"
    store.close()


def test_sqlite_revocations_of_an_older_schema_are_upgraded(tmp_path: Path) -> None:
    store = open_older_sqlite(
        tmp_path / "old.sqlite3",
        "CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)"
        " WITHOUT ROWID",
        "INSERT INTO revoked_tokens VALUES ('old', 99999999999999)",
    )
    before = utcnow()
    store.revocations.revoke("new", before + timedelta(hours=1))
    assert store.revocations.revoked_at("old") == datetime.fromtimestamp(0, UTC)  # long ago
    assert store.revocations.revoked_since(before) == ["new"]
    store.close()


def test_revocations_scan_pages_unexpired_tokens_by_jti(store: Store) -> None:
    later = utcnow() + timedelta(hours=1)
    for jti in ("b", "a", "c"):
        store.revocations.revoke(jti, later)
    store.revocations.revoke("old", utcnow() - timedelta(seconds=1))
    assert store.revocations.scan(None, 2) == [("a", later), ("b", later)]
    assert store.revocations.scan("b", 10) == [("c", later)]


def test_a_revocation_keeps_its_first_time(store: Store) -> None:
    later = utcnow() + timedelta(hours=1)
    assert store.revocations.revoked_at("jti") is None
    before = utcnow()
    store.revocations.revoke("jti", later)
    first = store.revocations.revoked_at("jti")
    assert first is not None and abs((first - before).total_seconds()) < 5
    time.sleep(0.005)
    store.revocations.revoke("jti", later)
    assert store.revocations.revoked_at("jti") == first


def test_revocations_since_a_time_are_listed_once(store: Store) -> None:
    later = utcnow() + timedelta(hours=1)
    store.revocations.revoke("early", later)
    time.sleep(0.005)
    since = utcnow()
    store.revocations.revoke("late", later)
    store.revocations.revoke("early", later)  # again: keeps its first revocation time
    assert store.revocations.revoked_since(since) == ["late"]
    assert sorted(store.revocations.revoked_since(since - timedelta(hours=1))) == ["early", "late"]
