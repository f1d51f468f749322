"""Message text is encrypted at rest on every backend, and keys can be rotated."""

from __future__ import annotations

import logging
from pathlib import Path

import bson
from pymongo import MongoClient

from chat.config import Settings
from chat.crypto import KeyRing, new_key, parse_key
from chat.storage import Store, open_store

SECRET = "the-eagle-lands-at-midnight"


def raw_dump(settings: Settings) -> bytes:
    """Every byte the backend holds, as an attacker with the database files would see it."""
    if settings.mongo_db_uri:
        client = MongoClient(settings.mongo_db_uri)
        db = client.get_default_database()
        dump = b"".join(
            bson.encode(doc) for name in db.list_collection_names() for doc in db[name].find()
        )
        client.close()
        return dump
    return b"".join(p.read_bytes() for p in Path(settings.data_dir).glob("chat.sqlite3*"))


def chat_between(store: Store, text: str, count: int = 1):
    ann = store.users.create("ann", "Ann", "h")
    bob = store.users.create("bob", "Bob", "h")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(count):
        store.messages.send(conv.id, ann.id, f"{text} {i}", f"client-{i:04d}")
    return conv


def test_a_raw_dump_shows_no_message_text(store: Store, settings: Settings) -> None:
    conv = chat_between(store, SECRET)
    assert store.messages.page(conv.id, None, 10)[0].text == SECRET + " 0"
    dump = raw_dump(settings)
    assert b"ann" in dump  # the dump is real: user names are not secret
    assert SECRET.encode() not in dump and SECRET.encode("utf-16-le") not in dump


def test_rotation_reencrypts_in_batches_and_old_key_can_go(store: Store, settings) -> None:
    old_key, new = parse_key(new_key()), parse_key(new_key())
    with_old = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(old_key))
    conv = chat_between(with_old, "rotate me", count=7)

    rotating = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new, [old_key]))
    after, total = None, 0
    while True:
        progress = rotating.messages.reseal_batch(after, 3)
        total += progress.resealed
        assert progress.failed == 0
        if progress.next_after is None:
            break
        after = progress.next_after
    assert total == 7

    only_new = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new))
    texts = [m.text for m in only_new.messages.page(conv.id, None, 10)]
    assert texts == [f"rotate me {i}" for i in range(7)]
    listed = only_new.conversations.get(conv.id)
    assert listed is not None and listed.last_message is not None
    assert listed.last_message.text == "rotate me 6"
    assert rotating.messages.reseal_batch(None, 100).resealed == 0  # idempotent
    for s in (with_old, rotating, only_new):
        s.close()


def test_missing_key_hides_only_that_text_and_logs_it(store: Store, settings, caplog) -> None:
    conv = chat_between(store, "readable", count=2)
    stranger = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(parse_key(new_key())))
    with caplog.at_level(logging.ERROR):
        page = stranger.messages.page(conv.id, None, 10)
    assert [m.seq for m in page] == [1, 2]
    assert all(m.text is None for m in page)
    assert "cannot decrypt" in caplog.text and "no key with id" in caplog.text
    stranger.close()
