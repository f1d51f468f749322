"""SQLite writes new messages' search postings in batches after the send (search_indexer.py):
whatever the timing, a message is found by its current words, once indexing caught up, after
a crash, after an edit racing the indexer, and when a purge lets a new message reuse an id."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from chat.crypto import KeyRing, new_key, parse_key
from chat.search.tokens import message_tokens
from chat.storage.sqlite import SqliteStore
from chat.storage.sqlite.search_index import insert_postings, unindex_message
from chat.storage.sqlite.search_indexer import SearchIndexer

from .test_search_index import find, people, send


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing(parse_key(new_key()))


def open_sqlite(tmp_path: Path, ring: KeyRing) -> SqliteStore:
    return SqliteStore(tmp_path / "chat.sqlite3", ring)


def two_in_a_chat(tmp_path: Path, ring: KeyRing) -> tuple[SqliteStore, str, str, str]:
    store = open_sqlite(tmp_path, ring)
    ann, bob = people(store, "ann", "bob")
    return store, ann, bob, store.conversations.get_or_create_direct(ann, bob).id


def postings(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "chat.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM message_search_tokens").fetchone()[0]


def tokens_of(tmp_path: Path, message_id: str) -> set[int]:
    with sqlite3.connect(tmp_path / "chat.sqlite3") as conn:
        sql = "SELECT token FROM message_search_tokens WHERE message_id = ?"
        return {row[0] for row in conn.execute(sql, (int(message_id),))}


def test_a_send_leaves_its_postings_to_one_batched_pass(tmp_path: Path, ring: KeyRing) -> None:
    store, ann, bob, conv = two_in_a_chat(tmp_path, ring)
    send(store, conv, ann, *(f"parcel number {i} arrived" for i in range(1200)))
    assert postings(tmp_path) == 0  # nothing written by the sends themselves
    assert store.search.catch_up() == 1200  # six batches
    assert postings(tmp_path) > 0 and store.search.catch_up() == 0
    assert find(store, bob, "parcel 1199") == ["parcel number 1199 arrived"]


def test_a_search_finds_what_was_just_sent_and_a_crash_loses_nothing(
    tmp_path: Path, ring: KeyRing
) -> None:
    store, ann, bob, conv = two_in_a_chat(tmp_path, ring)
    send(store, conv, ann, "lighthouse keeper")
    assert find(store, bob, "lighthouse") == ["lighthouse keeper"]  # the search caught up
    send(store, conv, ann, "harbour master")
    store.close()  # as if killed before the indexer's pass
    reopened = open_sqlite(tmp_path, ring)
    assert reopened.search.catch_up() == 1
    assert find(reopened, bob, "harbour") == ["harbour master"]


def test_an_edit_while_the_indexer_works_is_indexed_as_edited(
    tmp_path: Path, ring: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ann, bob, conv = two_in_a_chat(tmp_path, ring)
    [first, second] = send(store, conv, ann, "walrus sighting", "otter sighting")
    compute = SearchIndexer._tokens_of

    def edit_meanwhile(self, rows):  # the indexer has read the old texts
        computed = compute(self, rows)
        store.messages.edit(first, ann, "penguin sighting")
        store.messages.delete(second)
        return computed

    monkeypatch.setattr(SearchIndexer, "_tokens_of", edit_meanwhile)
    assert store.search.catch_up() == 2
    assert find(store, bob, "walrus") == [] and find(store, bob, "otter") == []
    assert find(store, bob, "penguin") == ["penguin sighting"]
    # Not even a stale candidate left: exactly the tokens of the texts as they are now.
    key = ring.search_key(ring.current_id)
    assert key is not None
    assert tokens_of(tmp_path, first) == set(message_tokens(key, "penguin sighting"))
    assert tokens_of(tmp_path, second) == set()


def test_unchanged_texts_are_written_as_prepared_without_reading_each_row(
    tmp_path: Path, ring: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write holds the single writer: when no text changed since the read, it checks one
    row of ciphertexts and writes the postings prepared before it (message by message only
    when something changed, as in the test above)."""
    store, ann, bob, conv = two_in_a_chat(tmp_path, ring)
    send(store, conv, ann, "heron at the pond", "", "grebe at the lake")

    def per_row(*_args: object) -> None:
        raise AssertionError("read message by message though nothing changed")

    monkeypatch.setattr(SearchIndexer, "_postings_now", per_row)
    assert store.search.catch_up() == 3
    assert find(store, bob, "heron") == ["heron at the pond"]
    assert find(store, bob, "grebe lake") == ["grebe at the lake"]


def test_a_message_reusing_a_purged_id_is_indexed_by_its_send(
    tmp_path: Path, ring: KeyRing
) -> None:
    store, ann, bob, conv = two_in_a_chat(tmp_path, ring)
    [purged] = send(store, conv, ann, "old news")
    store.search.catch_up()
    assert store.messages.delete_batch(conv, 10) == 1  # the newest id is free again
    [reused] = send(store, conv, ann, "fresh news")
    assert reused == purged
    assert store.search.catch_up() == 0  # past the mark: the send indexed it itself
    assert find(store, bob, "news") == ["fresh news"]


def test_two_stores_on_one_file_index_each_message_once(tmp_path: Path, ring: KeyRing) -> None:
    """Two serving processes sharing the file: whichever pass comes second finds it done."""
    first, second = open_sqlite(tmp_path, ring), open_sqlite(tmp_path, ring)
    ann, bob = people(first, "ann", "bob")
    conv = first.conversations.get_or_create_direct(ann, bob).id
    send(first, conv, ann, *(f"kite {uuid.uuid4().hex[:6]}" for _ in range(20)))
    assert first.search.catch_up() == 20
    assert second.search.catch_up() == 0
    assert len(find(second, bob, "kite")) == 20


def test_postings_keep_every_64_bit_token_exactly() -> None:
    """Postings go to SQLite as one JSON array: tokens are signed 64-bit HMAC prefixes, and the
    extremes must come back as the same integers, and go again."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE message_search_tokens (token INTEGER NOT NULL, message_id INTEGER NOT NULL,"
        " PRIMARY KEY (token, message_id)) WITHOUT ROWID"
    )
    extremes = [-(2**63), -(2**53) - 1, -1, 0, 2**53 + 1, 2**63 - 1]
    insert_postings(conn, [(t, 7) for t in extremes] + [(5, 8)])
    insert_postings(conn, [(0, 7)])  # already there: left as it is
    stored = conn.execute("SELECT token, typeof(token) FROM message_search_tokens").fetchall()
    assert sorted(stored) == sorted([(t, "integer") for t in [*extremes, 5]])
    unindex_message(conn, 7, [2**63 - 1, -(2**63), 12345])
    left = {row[0] for row in conn.execute("SELECT token FROM message_search_tokens")}
    assert left == {-(2**53) - 1, -1, 0, 2**53 + 1, 5}
