"""SQLite writes the receipts that queue behind a commit together (cursors.write_receipts):
whatever arrives in one batch, each receipt gets what it would have got alone, in order."""

from __future__ import annotations

from pathlib import Path

from chat.conversations.service import shared_cursors
from chat.crypto import KeyRing, new_key, parse_key
from chat.storage.models import GroupChange
from chat.storage.sqlite import SqliteStore

from .test_conformance import make_user
from .test_sqlite_group_commit import queued_together

RING = KeyRing(parse_key(new_key()))


def populated(path: Path) -> tuple[SqliteStore, dict[str, str], str, str]:
    """The same history in every store: a group of five (dan removed), a direct chat."""
    store = SqliteStore(path, RING)
    people = {n: make_user(store, n).id for n in ("ann", "bob", "cat", "dan", "eve", "fay")}
    others = [people[n] for n in ("bob", "cat", "dan", "eve")]
    group, _ = store.conversations.create_group(people["ann"], "Trip", others, "sys-1")
    for i in range(4):  # seqs 2..5; the last names bob
        text = "see you @bob" if i == 3 else f"m{i}"
        named = (people["bob"],) if i == 3 else ()
        store.messages.send(group.id, people["ann"], text, f"client-{i:04d}", mentions=named)
    change = GroupChange("member_removed", people["ann"], (people["dan"],), remove=(people["dan"],))
    store.conversations.change_group(group.id, change, "sys-2")  # seq 6
    direct = store.conversations.get_or_create_direct(people["ann"], people["fay"])
    store.messages.send(direct.id, people["fay"], "hi", "client-0100")
    return store, people, group.id, direct.id


def test_receipts_written_together_get_what_each_would_get_alone(tmp_path: Path) -> None:
    together, people, group, direct = populated(tmp_path / "together.sqlite3")
    alone, _, _, _ = populated(tmp_path / "alone.sqlite3")
    p = people
    receipts = [
        (group, p["bob"], {"delivered": 3}),
        (group, p["cat"], {"read": 5}),
        (group, p["bob"], {"read": 4}),  # bob again: after his delivered 3
        (group, p["eve"], {"read": 6, "share_read": False}),
        (group, p["bob"], {"read": 2}),  # older than his read 4: moves nothing
        (group, p["dan"], {"read": 6}),  # removed: refused
        (group, p["fay"], {"read": 1}),  # not a member: refused
        (group, p["cat"], {"delivered": 7}),  # past the last seq: refused
        (direct, p["ann"], {"read": 1}),
        (direct, p["fay"], {"delivered": 1}),  # her own message: nothing to move
    ]

    def receipt(store: SqliteStore, conv: str, user: str, moves: dict):
        return lambda: store.conversations.receipt(conv, user, **moves)

    batched = queued_together(together._db, [receipt(together, *r) for r in receipts])
    one_by_one = [receipt(alone, *r)() for r in receipts]

    assert together._db.batches == alone._db.batches - len(receipts) + 1  # all in one commit
    assert [move is None for move in batched] == [False] * 5 + [True] * 3 + [False] * 2
    for index, (mine, theirs) in enumerate(zip(batched, one_by_one, strict=True)):
        if mine is None or theirs is None:
            assert mine == theirs, receipts[index]
            continue
        assert (mine.before, mine.after, mine.member_ids) == (
            theirs.before,
            theirs.after,
            theirs.member_ids,
        ), receipts[index]
    # How far everyone got: as the whole batch left it (never behind one by one). In the
    # group: delivered ann 6, bob 4, cat 5, eve 6; read the same but eve's 0 (not shared).
    for conv, moves in ((group, batched[:5]), (direct, batched[8:])):
        marks = shared_cursors(together.conversations.get(conv))
        assert {(m.delivered_by_all, m.read_by_all) for m in moves} == {marks}
    assert marks == (1, 1) and shared_cursors(together.conversations.get(group)) == (4, 0)
    for conv in (group, direct):
        assert cursors(together, conv) == cursors(alone, conv)
    bob = together.conversations.get(group).cursor(p["bob"])
    assert (bob.read, bob.unread, bob.unread_mentions) == (4, 1, 1)  # seq 5 names him
    together.close()
    alone.close()


def cursors(store: SqliteStore, conversation_id: str) -> dict:
    conv = store.conversations.get(conversation_id)
    assert conv is not None
    return {user_id: conv.cursor(user_id) for user_id in conv.members}  # former ones too
