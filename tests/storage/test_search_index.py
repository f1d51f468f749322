"""The blind index, the same on every backend: found by words and prefixes through token
equality, kept up to date by edits, deletions, key rotation, import and purges, and never a
plaintext word in the database."""

from __future__ import annotations

import uuid

from chat.config import Settings
from chat.crypto import KeyRing, new_key, parse_key
from chat.search.tokens import message_tokens, parse_query
from chat.storage import Store, open_store
from chat.storage.models import GroupChange

from ..conftest import ring
from .test_encryption import raw_dump


def find(store: Store, user_id: str, q: str, **kw) -> list[str]:
    terms = parse_query(q)
    assert terms is not None
    found = store.search.find(
        user_id, terms, kw.get("conversation_id"), kw.get("before"), kw.get("limit", 50)
    )
    return [m.text or "" for m in found if terms.match(m.text)]


def people(store: Store, *names: str) -> list[str]:
    return [store.users.create(n, n.title(), "h").id for n in names]


def send(store: Store, conversation_id: str, sender_id: str, *texts: str) -> list[str]:
    sent = [store.messages.send(conversation_id, sender_id, t, uuid.uuid4().hex) for t in texts]
    return [s.message.id for s in sent]


def test_words_prefixes_case_and_accents_newest_first(store: Store) -> None:
    ann, bob = people(store, "ann", "bob")
    conv = store.conversations.get_or_create_direct(ann, bob).id
    send(store, conv, ann, "Meet at the Café tomorrow", "the cafe was closed", "Coffee later?")
    assert find(store, bob, "cafe") == ["the cafe was closed", "Meet at the Café tomorrow"]
    assert find(store, bob, "CAFÉ TOMORROW") == ["Meet at the Café tomorrow"]
    assert find(store, bob, "the caf") == ["the cafe was closed", "Meet at the Café tomorrow"]
    assert find(store, bob, "caf the") == []  # only the last word is a prefix
    assert find(store, bob, "cof") == ["Coffee later?"]
    assert find(store, bob, "tea") == []


def test_only_what_the_user_may_read(store: Store) -> None:
    ann, bob, cat, dan = people(store, "ann", "bob", "cat", "dan")
    direct = store.conversations.get_or_create_direct(ann, bob).id
    send(store, direct, ann, "secret plan alpha")
    group, _ = store.conversations.create_group(ann, "Team", [bob, cat], "g-1-abcdef")
    send(store, group.id, ann, "plan before removal")
    store.conversations.change_group(
        group.id, GroupChange("member_removed", ann, (cat,), remove=(cat,)), "g-2-abcdef"
    )
    send(store, group.id, ann, "plan after removal")
    store.conversations.change_group(
        group.id, GroupChange("member_added", ann, (dan,), add=(dan,)), "g-3-abcdef"
    )
    send(store, group.id, ann, "plan for the newcomer")

    assert find(store, cat, "plan") == ["plan before removal"]
    assert find(store, dan, "plan") == ["plan for the newcomer"]
    assert find(store, bob, "plan") == [
        "plan for the newcomer", "plan after removal", "plan before removal", "secret plan alpha"
    ]  # fmt: skip
    assert find(store, bob, "plan", conversation_id=direct) == ["secret plan alpha"]
    assert find(store, cat, "plan", conversation_id=direct) == []


def test_edits_and_deletes_update_the_index(store: Store, settings: Settings) -> None:
    ann, bob = people(store, "ann", "bob")
    conv = store.conversations.get_or_create_direct(ann, bob).id
    first, second = send(store, conv, ann, "lunch at noon", "bring the umbrella")
    store.messages.edit(first, ann, "dinner at eight")
    store.messages.delete(second)
    assert find(store, bob, "lunch") == []
    assert find(store, bob, "dinner") == ["dinner at eight"]
    assert find(store, bob, "umbrella") == []
    keys = ring(settings)
    key = keys.search_key(keys.current_id)
    assert key is not None
    assert stored_tokens(store, settings) == set(message_tokens(key, "dinner at eight"))
    store.messages.delete_batch(conv, 10)
    assert find(store, bob, "dinner") == []
    assert stored_tokens(store, settings) == set()  # nothing left behind


def test_pages_by_before(store: Store) -> None:
    ann, bob = people(store, "ann", "bob")
    conv = store.conversations.get_or_create_direct(ann, bob).id
    ids = send(store, conv, ann, *[f"report number {i}" for i in range(5)])
    terms = parse_query("report")
    assert terms is not None
    page = store.search.find(bob, terms, None, None, 2)
    assert [m.id for m in page] == [ids[4], ids[3]]
    page = store.search.find(bob, terms, None, page[-1].id, 2)
    assert [m.id for m in page] == [ids[2], ids[1]]
    page = store.search.find(bob, terms, None, page[-1].id, 2)
    assert [m.id for m in page] == [ids[0]]


def test_rotation_moves_the_index_to_the_new_key(store: Store, settings: Settings) -> None:
    old, new = parse_key(new_key()), parse_key(new_key())
    with_old = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(old))
    ann, bob = people(with_old, "ann", "bob")
    conv = with_old.conversations.get_or_create_direct(ann, bob).id
    send(with_old, conv, ann, "rotating keys safely", "another rotation")
    rotating = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new, [old]))
    assert find(rotating, bob, "rotat") == ["another rotation", "rotating keys safely"]
    assert rotating.messages.reseal_batch(None, 100).resealed == 2
    only_new = open_store(settings.mongo_db_uri, settings.data_dir, KeyRing(new))
    assert find(only_new, bob, "rotat") == ["another rotation", "rotating keys safely"]
    for s in (with_old, rotating, only_new):
        s.close()


def test_import_and_reindex_build_the_tokens(store: Store, settings: Settings) -> None:
    ann, bob = people(store, "ann", "bob")
    conv = store.conversations.get_or_create_direct(ann, bob).id
    send(store, conv, ann, "imported history survives")
    sealed = store.messages.scan_sealed(None, 10)
    store.messages.delete_batch(conv, 10)
    assert find(store, bob, "history") == []
    assert store.messages.insert_sealed(sealed) == 0
    assert find(store, bob, "history") == ["imported history survives"]

    forget_tokens(store, settings)
    assert find(store, bob, "history") == []
    progress = store.search.reindex_batch(None, 100)
    assert (progress.resealed, progress.failed, progress.next_after) == (1, 0, None)
    assert find(store, bob, "history") == ["imported history survives"]


def test_no_plaintext_word_in_a_raw_dump(store: Store, settings: Settings) -> None:
    ann, bob = people(store, "ann", "bob")
    conv = store.conversations.get_or_create_direct(ann, bob).id
    text = "Zanzibar quokkas juggle marmalade"
    send(store, conv, ann, text)
    store.messages.edit(send(store, conv, ann, "Xylophone wombat")[0], ann, "edited away")
    assert find(store, bob, "quokkas marm") == [text]
    dump = raw_dump(settings).lower()
    assert b"ann" in dump  # the dump is real
    for word in ("zanzibar", "quokka", "juggle", "marmalade", "xylophone", "wombat", "marm"):
        assert word.encode() not in dump, word


def forget_tokens(store: Store, settings: Settings) -> None:
    """As before the index existed (backfill); the raw handle of each backend."""
    db = store._db  # type: ignore[attr-defined]
    if settings.mongo_db_uri:
        db.messages.update_many({}, {"$unset": {"search": ""}})
    else:  # and marked as indexed, as the upgrade marks the messages it finds
        db.write(lambda conn: conn.execute("DELETE FROM message_search_tokens"))
        mark = "UPDATE search_progress SET indexed_through = (SELECT max(id) FROM messages)"
        db.write(lambda conn: conn.execute(mark))


def stored_tokens(store: Store, settings: Settings) -> set[int]:
    """Every token the backend holds, read raw."""
    db = store._db  # type: ignore[attr-defined]
    if settings.mongo_db_uri:
        return {t for d in db.messages.find({}, {"search": 1}) for t in d.get("search", ())}
    return {r[0] for r in db.query("SELECT token FROM message_search_tokens")}
