"""Attachment storage conformance: records, sealed chunked bytes, claims, deletion, rotation."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest

from chat.crypto import KeyRing, Undecryptable, new_key, parse_key
from chat.storage import NotFound, Store, open_store
from chat.storage.attachment_records import FILE, THUMBNAIL, Attachment, new_attachment_id
from chat.storage.attachment_sealing import CHUNK, chunks_of
from chat.storage.models import utcnow

from .test_encryption import raw_dump


def draft(store: Store, conversation_id: str = "c1", uploader_id: str = "u1", **kw) -> Attachment:
    fields = {
        "id": new_attachment_id(),
        "conversation_id": conversation_id,
        "uploader_id": uploader_id,
        "name": "report.pdf",
        "size": 0,
        "content_type": "application/octet-stream",
        "created_at": utcnow(),
        "key_id": "",
        **kw,
    }
    return Attachment(**fields)


def upload(store: Store, data: bytes, thumbnail: bytes | None = None, **kw) -> Attachment:
    a = draft(store, size=len(data), **kw)
    return store.attachments.create(a, chunks_of(io.BytesIO(data)), thumbnail)


def content(store: Store, a: Attachment, part: str = FILE) -> bytes:
    return b"".join(store.attachments.read(a, part))


def test_bytes_round_trip_in_chunks_and_the_record_is_kept(store: Store) -> None:
    data = os.urandom(3 * CHUNK + 123)
    a = upload(store, data, thumbnail=b"thumb-bytes", width=4, height=3)
    assert a.key_id and a.has_thumbnail
    got = store.attachments.get_many([a.id, "nope"])
    assert list(got) == [a.id]
    assert got[a.id] == a
    chunks = list(store.attachments.read(a, FILE))
    assert len(chunks) == 4 and b"".join(chunks) == data
    assert content(store, a, THUMBNAIL) == b"thumb-bytes"


def test_the_store_size_counts_attachment_bytes(store: Store, backend: str) -> None:
    before = store.storage_size()
    upload(store, os.urandom(300_000))
    after = store.storage_size()
    if backend == "sqlite":  # the test server does not always say (None)
        assert before is not None and after is not None and after - before >= 300_000


def test_an_empty_file_is_stored(store: Store) -> None:
    a = upload(store, b"")
    assert content(store, a) == b"" and not a.has_thumbnail


def test_a_raw_dump_holds_neither_the_bytes_nor_the_name(store: Store, settings) -> None:
    secret = b"TOP-SECRET-PAYLOAD-" * 5000
    upload(store, secret, thumbnail=b"THUMBNAIL-SECRET-BYTES", name="merger-plans.pdf")
    dump = raw_dump(settings) + b"".join(
        p.read_bytes() for p in settings.data_dir.rglob("*") if p.is_file()
    )
    for plain in (b"TOP-SECRET-PAYLOAD-", b"THUMBNAIL-SECRET-BYTES", b"merger-plans"):
        assert plain not in dump


def test_claim_is_all_or_nothing_and_bind_attaches(store: Store) -> None:
    a, b = upload(store, b"a"), upload(store, b"b")
    other_users = upload(store, b"c", uploader_id="u2")
    elsewhere = upload(store, b"d", conversation_id="c2")
    attachments = store.attachments
    assert not attachments.claim([a.id, other_users.id], "u1", "c1", "m-1")
    assert not attachments.claim([a.id, elsewhere.id], "u1", "c1", "m-1")
    assert attachments.claim([a.id, b.id], "u1", "c1", "m-1")
    assert attachments.claim([a.id, b.id], "u1", "c1", "m-1")  # the same message again
    assert not attachments.claim([a.id], "u1", "c1", "m-2")  # taken by another message
    attachments.bind("u1", "m-1", "msg-9")
    assert [x.id for x in attachments.for_messages(["msg-9", "x"])["msg-9"]] == [a.id, b.id]
    assert attachments.claim([a.id], "u1", "c1", "m-1")  # a resend of the stored message
    attachments.release("u1", "m-1")  # bound ones stay bound
    assert attachments.get_many([a.id])[a.id].message_id == "msg-9"


def test_release_frees_a_claim(store: Store) -> None:
    a = upload(store, b"a")
    assert store.attachments.claim([a.id], "u1", "c1", "m-1")
    store.attachments.release("u1", "m-1")
    assert store.attachments.claim([a.id], "u1", "c1", "m-2")


def test_deleting_removes_records_and_bytes(store: Store) -> None:
    sent, unsent, other = upload(store, b"s", b"t"), upload(store, b"u"), upload(store, b"o")
    store.attachments.claim([sent.id], "u1", "c1", "m-1")
    store.attachments.bind("u1", "m-1", "msg-1")
    assert store.attachments.used_bytes("u1") == 3
    assert store.attachments.delete_for_messages(["msg-1"]) == 1
    assert store.attachments.get_many([sent.id]) == {}
    with pytest.raises(Undecryptable):
        content(store, sent)
    assert store.attachments.delete_unsent(utcnow() - timedelta(hours=1)) == 0
    assert store.attachments.delete_unsent(utcnow() + timedelta(seconds=1)) == 2
    assert store.attachments.get_many([unsent.id, other.id]) == {}
    assert store.attachments.used_bytes("u1") == 0
    kept = upload(store, b"k", conversation_id="c9")
    assert store.attachments.delete_for_conversation("c9") == 1
    assert store.attachments.get_many([kept.id]) == {}
    theirs, mine = upload(store, b"t", uploader_id="u7"), upload(store, b"m")
    assert store.attachments.delete_for_uploader("u7") == 1
    assert list(store.attachments.get_many([theirs.id, mine.id])) == [mine.id]


def test_damaged_or_cut_bytes_are_refused(store: Store) -> None:
    """Opening with the wrong associated data (another attachment's id) fails: chunks are bound."""
    a = upload(store, os.urandom(2 * CHUNK + 5))
    moved = Attachment(**{**a.__dict__, "id": new_attachment_id()})
    with pytest.raises(Undecryptable):
        content(store, moved)


def test_rotation_reseals_bytes_and_names(store: Store, settings) -> None:
    old, new = parse_key(new_key()), parse_key(new_key())
    with_old = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(old))
    stored = [
        with_old.attachments.create(draft(with_old, name=f"f{i}.bin", size=1), [bytes([i])], b"t")
        for i in range(5)
    ]
    rotating = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new, [old]))
    after, total = None, 0
    while True:
        progress = rotating.attachments.reseal_batch(after, 2)
        assert progress.failed == 0
        total += progress.resealed
        if progress.next_after is None:
            break
        after = progress.next_after
    assert total == 5
    only_new = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new))
    got = only_new.attachments.get_many([a.id for a in stored])
    for i, a in enumerate(stored):
        assert got[a.id].name == f"f{i}.bin"
        assert content(only_new, got[a.id]) == bytes([i])
        assert content(only_new, got[a.id], THUMBNAIL) == b"t"
    for s in (with_old, rotating, only_new):
        s.close()


def test_a_user_picture_is_set_and_cleared(store: Store) -> None:
    ann = store.users.create("ann", "Ann", "h")
    assert store.users.set_avatar_url(ann.id, "/api/avatars/abc").avatar_url == "/api/avatars/abc"
    assert store.users.get(ann.id).avatar_url == "/api/avatars/abc"
    assert store.users.set_avatar_url(ann.id, None).avatar_url is None
    with pytest.raises(NotFound):
        store.users.set_avatar_url("999999", "/x")
