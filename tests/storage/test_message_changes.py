"""Edits, deletions, reactions, replies and mentions on every backend: each change takes the
conversation's next change number, and what changed since a cursor can be asked for."""

from __future__ import annotations

import pytest

from chat.storage import Conflict, NotFound, Store


def setup(store: Store):
    ann, bob, cat = (store.users.create(n, n.title(), "h") for n in ("ann", "bob", "cat"))
    group, _ = store.conversations.create_group(ann.id, "G", [bob.id, cat.id], "sys-0001")
    return ann, bob, cat, group


def test_an_edit_replaces_the_text_and_takes_a_change_number(store: Store) -> None:
    ann, bob, _, group = setup(store)
    sent = store.messages.send(group.id, ann.id, "helo", "client-0001").message
    assert (sent.change_seq, sent.edited_at) == (0, None)
    edited = store.messages.edit(sent.id, ann.id, "hello")
    assert edited.changed and edited.message.text == "hello" and edited.message.edited_at
    assert edited.message.change_seq == 1 and set(edited.member_ids) == set(group.member_ids)
    assert store.conversations.get(group.id).last_change == 1
    assert store.conversations.get(group.id).last_message.text == "hello"  # no stale copy
    assert [m.text for m in store.messages.page(group.id, None, 10) if m.kind == "text"] == [
        "hello"
    ]
    with pytest.raises(Conflict):
        store.messages.edit(sent.id, bob.id, "not yours")
    with pytest.raises(NotFound):
        store.messages.edit("424242", ann.id, "x")
    assert store.messages.get_many([sent.id])[sent.id].text == "hello"


def test_a_deletion_leaves_a_tombstone_once(store: Store) -> None:
    ann, bob, _, group = setup(store)
    sent = store.messages.send(group.id, ann.id, "oops", "client-0001").message
    store.messages.react(sent.id, bob.id, "👍", True, 20)
    gone = store.messages.delete(sent.id)
    tombstone = gone.message
    assert gone.changed and tombstone.deleted and tombstone.text is None
    assert tombstone.reactions == {} and tombstone.seq == sent.seq and tombstone.change_seq == 2
    again = store.messages.delete(sent.id)
    assert not again.changed and again.message == tombstone
    last = store.conversations.get(group.id).last_message
    assert last is not None and last.deleted and last.text is None
    with pytest.raises(Conflict):
        store.messages.edit(sent.id, ann.id, "back")
    with pytest.raises(Conflict):
        store.messages.react(sent.id, bob.id, "👍", True, 20)
    [sealed] = [m for m in store.messages.scan_sealed(None, 10) if m.id == sent.id]
    assert sealed.deleted and sealed.ciphertext == b""


def test_reactions_are_idempotent_ordered_and_bounded(store: Store) -> None:
    ann, bob, cat, group = setup(store)
    sent = store.messages.send(group.id, ann.id, "vote", "client-0001").message
    assert store.messages.react(sent.id, bob.id, "👍", True, 3).changed
    assert not store.messages.react(sent.id, bob.id, "👍", True, 3).changed  # twice: one
    store.messages.react(sent.id, cat.id, "👍", True, 3)
    store.messages.react(sent.id, cat.id, "🎉", True, 3)
    reacted = store.messages.react(sent.id, ann.id, "❤️", True, 3).message
    assert reacted.reactions == {"👍": (bob.id, cat.id), "🎉": (cat.id,), "❤️": (ann.id,)}
    with pytest.raises(Conflict):  # a fourth distinct emoji, past the bound
        store.messages.react(sent.id, ann.id, "😮", True, 3)
    assert store.messages.react(sent.id, ann.id, "👍", True, 3).changed  # a known one is fine
    off = store.messages.react(sent.id, bob.id, "👍", False, 3)
    assert off.changed and off.message.reactions["👍"] == (cat.id, ann.id)
    assert not store.messages.react(sent.id, bob.id, "👍", False, 3).changed


def test_changes_after_a_cursor_come_in_change_order(store: Store) -> None:
    ann, bob, _, group = setup(store)
    first, second, third = (
        store.messages.send(group.id, ann.id, t, f"client-000{i}").message
        for i, t in enumerate(("one", "two", "three"))
    )
    store.messages.edit(second.id, ann.id, "2")  # change 1
    store.messages.react(first.id, bob.id, "👍", True, 20)  # change 2
    store.messages.delete(third.id)  # change 3
    store.messages.edit(second.id, ann.id, "two!")  # change 4: second moves to the end
    changed = store.messages.changed_after(group.id, 0, None, 10)
    assert [(m.id, m.change_seq) for m in changed] == [
        (first.id, 2), (third.id, 3), (second.id, 4),
    ]  # fmt: skip
    assert [m.id for m in store.messages.changed_after(group.id, 2, None, 10)] == [
        third.id, second.id,
    ]  # fmt: skip
    assert [m.id for m in store.messages.changed_after(group.id, 0, None, 1)] == [first.id]
    assert [m.id for m in store.messages.changed_after(group.id, 0, second.seq, 10)] == [
        first.id, second.id,
    ]  # fmt: skip
    assert store.messages.changed_after(group.id, 4, None, 10) == []


def test_replies_and_mentions_are_stored_and_mentions_count_until_read(store: Store) -> None:
    ann, bob, cat, group = setup(store)
    asked = store.messages.send(group.id, ann.id, "who?", "client-0001").message
    reply = store.messages.send(
        group.id, bob.id, "@cat you", "client-0002", reply_to=asked.seq, mentions=(cat.id,)
    ).message
    assert (reply.reply_to, reply.mentions) == (asked.seq, (cat.id,))
    stored = store.messages.get_many([reply.id])[reply.id]
    assert (stored.reply_to, stored.mentions) == (asked.seq, (cat.id,))
    conversation = store.conversations.get(group.id)
    assert (conversation.unread_mentions(cat.id), conversation.unread_mentions(ann.id)) == (1, 0)
    assert conversation.unread(cat.id) == 2
    read = store.conversations.advance_cursor(group.id, cat.id, read=reply.seq)
    assert read.unread_mentions(cat.id) == 0
    store.messages.send(group.id, ann.id, "@cat again", "client-0003", mentions=(cat.id,))
    later = store.messages.send(group.id, ann.id, "@cat and again", "c-0004", mentions=(cat.id,))
    assert store.conversations.get(group.id).unread_mentions(cat.id) == 2
    store.messages.delete(later.message.id)  # a deleted mention no longer calls
    assert store.conversations.get(group.id).unread_mentions(cat.id) == 1
    partly = store.conversations.advance_cursor(group.id, cat.id, read=later.message.seq - 1)
    assert partly.unread_mentions(cat.id) == 0


def stored_bytes(store: Store, backend: str, settings) -> bytes:
    """Everything the backend keeps: the SQLite files, or every MongoDB document as BSON."""
    if backend == "sqlite":
        files = sorted(settings.data_dir.glob("chat.sqlite3*"))
        assert files
        return b"".join(f.read_bytes() for f in files)
    from bson import encode
    from pymongo import MongoClient

    client = MongoClient(settings.mongo_db_uri)
    db = client.get_default_database()
    try:
        return b"".join(encode(d) for name in db.list_collection_names() for d in db[name].find())
    finally:
        client.close()


def test_erased_text_leaves_no_bytes_behind(store: Store, backend: str, settings) -> None:
    ann, _, _, group = setup(store)
    deleted = store.messages.send(group.id, ann.id, "the secret plan", "client-0001").message
    edited = store.messages.send(group.id, ann.id, "the first draft", "client-0002").message
    sealed = {m.id: m.ciphertext for m in store.messages.scan_sealed(None, 10)}
    assert sealed[deleted.id] in stored_bytes(store, backend, settings)  # the check can see it
    store.messages.delete(deleted.id)
    store.messages.edit(edited.id, ann.id, "the final text")
    remaining = stored_bytes(store, backend, settings)
    assert sealed[deleted.id] not in remaining
    assert sealed[edited.id] not in remaining


def test_messages_are_found_by_seq_within_their_conversation(store: Store) -> None:
    ann, bob, _, group = setup(store)
    one = store.messages.send(group.id, ann.id, "one", "client-0001").message
    two = store.messages.send(group.id, bob.id, "two", "client-0002").message
    direct = store.conversations.get_or_create_direct(ann.id, bob.id)
    store.messages.send(direct.id, ann.id, "elsewhere", "client-0003")
    found = store.messages.by_seqs(group.id, [one.seq, two.seq, 99, 0, -1])
    assert {s: m.text for s, m in found.items()} == {one.seq: "one", two.seq: "two"}
    assert store.messages.by_seqs(group.id, []) == {}
    assert store.messages.by_seqs("424242", [1]) == {}
