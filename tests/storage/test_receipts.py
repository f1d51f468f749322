"""A member's receipt on every backend: the cursors before and after, and what the others are
told (who they are, how far all of them got), equal to what the whole conversation says."""

from __future__ import annotations

from chat.conversations.service import shared_cursors
from chat.storage import Store
from chat.storage.models import Cursor, GroupChange

from .test_conformance import make_user


def group_of_four(store: Store):
    ann, bob, cat, dan = (make_user(store, n) for n in ("ann", "bob", "cat", "dan"))
    group, _ = store.conversations.create_group(
        ann.id, "Trip", [bob.id, cat.id, dan.id], "sys-1"
    )  # seq 1: group_created
    for i in range(4):  # seqs 2..5 from ann
        store.messages.send(group.id, ann.id, f"m{i}", f"client-{i:04d}")
    return group, ann, bob, cat, dan


def test_a_receipt_reports_the_move_and_how_far_everyone_got(store: Store) -> None:
    group, ann, bob, cat, dan = group_of_four(store)
    store.conversations.receipt(group.id, cat.id, read=5)
    store.conversations.receipt(group.id, dan.id, delivered=4)

    move = store.conversations.receipt(group.id, bob.id, delivered=3)
    assert move is not None
    # Cursor(read, delivered, unread, shown_read, unread_mentions)
    assert move.before == Cursor(0, 0, 4, 0, 0)
    assert move.after == Cursor(0, 3, 4, 0, 0)
    assert move.member_ids == tuple(sorted((ann.id, bob.id, cat.id, dan.id)))
    assert (move.delivered_by_all, move.read_by_all) == (3, 0)

    move = store.conversations.receipt(group.id, bob.id, read=4)
    assert move is not None and move.before == Cursor(0, 3, 4, 0, 0)
    assert move.after == Cursor(4, 4, 1, 4, 0)
    stored = store.conversations.get(group.id)
    assert stored is not None and stored.cursor(bob.id) == move.after
    assert (move.delivered_by_all, move.read_by_all) == shared_cursors(stored) == (4, 0)


def test_a_repeated_or_older_receipt_moves_nothing(store: Store) -> None:
    group, _, bob, _, _ = group_of_four(store)
    first = store.conversations.receipt(group.id, bob.id, read=5)
    again = store.conversations.receipt(group.id, bob.id, read=3)
    assert first is not None and again is not None
    assert again.before == again.after == first.after == Cursor(5, 5, 0, 5, 0)


def test_a_hidden_read_moves_the_reader_only(store: Store) -> None:
    group, _, bob, _, _ = group_of_four(store)
    move = store.conversations.receipt(group.id, bob.id, read=5, share_read=False)
    assert move is not None and move.after == Cursor(5, 5, 0, 0, 0)


def test_no_receipt_from_outsiders_former_members_or_past_the_last_seq(store: Store) -> None:
    group, ann, bob, _, dan = group_of_four(store)
    eve = make_user(store, "eve")
    store.conversations.change_group(
        group.id, GroupChange("member_removed", ann.id, (dan.id,), remove=(dan.id,)), "sys-2"
    )  # seq 6
    before = store.conversations.get(group.id)
    assert store.conversations.receipt(group.id, eve.id, read=1) is None
    assert store.conversations.receipt(group.id, dan.id, read=6) is None
    assert store.conversations.receipt(group.id, bob.id, read=7) is None
    assert store.conversations.receipt(group.id, bob.id, delivered=7) is None
    assert store.conversations.receipt("999999", bob.id, read=1) is None
    assert store.conversations.get(group.id) == before  # nothing moved


def test_the_senders_of_a_range_of_messages(store: Store) -> None:
    group, ann, bob, cat, _ = group_of_four(store)  # 2..5 from ann
    store.messages.send(group.id, bob.id, "from bob", "client-0100")  # 6
    store.messages.send(group.id, cat.id, "from cat", "client-0101")  # 7
    assert store.messages.senders(group.id, 0, 1) == set()  # seq 1: group_created, by ann
    assert store.messages.senders(group.id, 4, 6) == {ann.id, bob.id}
    assert store.messages.senders(group.id, 5, 7) == {bob.id, cat.id}
    assert store.messages.senders(group.id, 7, 100) == set()
