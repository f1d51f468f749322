"""One behaviour for every storage backend: the same tests run on SQLite and on MongoDB."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from chat.storage import Conflict, NotFound, Store
from chat.storage.base import NotAMember, SendRefused
from chat.storage.models import Cursor, GroupChange, utcnow


def make_user(store: Store, username: str, full_name: str | None = None):
    return store.users.create(username, full_name or username.title(), "hash:" + username)


def test_created_user_is_found_by_id_and_case_insensitive_username(store: Store) -> None:
    ann = store.users.create("Ann", "Ann Lee", "h1", gender="female", avatar_url=None)
    assert store.users.get(ann.id) == ann
    creds = store.users.credentials("aNN")
    assert creds is not None and creds.user == ann and creds.password_hash == "h1"
    assert store.users.credentials("bob") is None


def test_usernames_are_unique_ignoring_case(store: Store) -> None:
    make_user(store, "Ann")
    with pytest.raises(Conflict):
        make_user(store, "aNN")


@pytest.mark.parametrize("bad_id", ["", "nope", "0", "-1", "1e3", "ffffffffffffffffffffffff", "😀"])
def test_unknown_or_malformed_ids_find_nothing(store: Store, bad_id: str) -> None:
    assert store.users.get(bad_id) is None
    assert store.conversations.get(bad_id) is None
    assert store.users.get_many([bad_id]) == {}
    assert store.messages.page(bad_id, None, 10) == []


def test_get_many_returns_only_known_users(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    found = store.users.get_many([ann.id, bob.id, "missing"])
    assert found == {ann.id: ann, bob.id: bob}


def test_search_matches_username_or_any_name_word_prefix(store: Store) -> None:
    ann = make_user(store, "ann_lee", "Ann Lee")
    bob = make_user(store, "bobby", "Robert Leeming")
    make_user(store, "carol", "Carol King")
    assert [u.id for u in store.users.search("LEE", 10)] == [ann.id, bob.id]
    assert [u.id for u in store.users.search("rob", 10)] == [bob.id]
    assert [u.id for u in store.users.search("lee", 10, exclude_id=ann.id)] == [bob.id]
    assert store.users.search("lee", 1) == [ann]
    assert store.users.search("zz", 10) == []


def test_search_treats_pattern_characters_literally(store: Store) -> None:
    make_user(store, "ann", "Ann")
    assert store.users.search(".*", 10) == []
    assert store.users.search("a%", 10) == []


def test_direct_conversation_is_one_per_pair_in_either_order(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    first = store.conversations.get_or_create_direct(ann.id, bob.id)
    again = store.conversations.get_or_create_direct(bob.id, ann.id)
    assert first.id == again.id
    assert set(first.member_ids) == {ann.id, bob.id}
    assert first.last_message is None


def test_direct_id_names_the_pair_conversation_and_creates_it_once(store: Store) -> None:
    ann, bob, carol = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "carol")
    new = store.conversations.direct_id(ann.id, carol.id)
    assert store.conversations.direct_id(carol.id, ann.id) == new
    assert store.conversations.get_or_create_direct(ann.id, carol.id).id == new
    existing = store.conversations.get_or_create_direct(ann.id, bob.id).id
    assert store.conversations.direct_id(bob.id, ann.id) == existing != new
    assert set(store.conversations.get(new).member_ids) == {ann.id, carol.id}


def test_messages_get_increasing_seq_and_update_the_conversation(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    seqs = []
    for i in range(3):
        message, created, _ = store.messages.send(conv.id, ann.id, f"hello {i}", f"client-{i:04d}")
        assert created
        seqs.append(message.seq)
    assert seqs == [1, 2, 3]
    stored = store.conversations.get(conv.id)
    assert stored is not None and stored.last_message == message
    assert stored.updated_at >= conv.updated_at


def test_same_client_id_stores_once(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    first, created, _ = store.messages.send(conv.id, ann.id, "hi", "client-0001")
    again, created_again, _ = store.messages.send(conv.id, ann.id, "hi", "client-0001")
    assert created and not created_again
    assert again == first
    assert store.messages.page(conv.id, None, 10) == [first]


def test_pages_run_newest_first_by_cursor_and_ascend_within(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(7):
        store.messages.send(conv.id, ann.id if i % 2 else bob.id, f"m{i}", f"client-{i:04d}")
    newest = store.messages.page(conv.id, None, 3)
    assert [m.text for m in newest] == ["m4", "m5", "m6"]
    older = store.messages.page(conv.id, newest[0].seq, 3)
    assert [m.text for m in older] == ["m1", "m2", "m3"]
    assert [m.text for m in store.messages.page(conv.id, older[0].seq, 3)] == ["m0"]


def test_conversations_are_listed_most_recent_first(store: Store) -> None:
    ann, bob, carol = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "carol")
    with_bob = store.conversations.get_or_create_direct(ann.id, bob.id)
    with_carol = store.conversations.get_or_create_direct(ann.id, carol.id)
    store.messages.send(with_carol.id, ann.id, "to carol", "client-0001")
    time.sleep(0.005)  # times are kept to the millisecond
    store.messages.send(with_bob.id, bob.id, "to ann", "client-0002")
    listed = store.conversations.list_for_user(ann.id)
    assert [c.id for c in listed] == [with_bob.id, with_carol.id]
    assert listed[0].last_message is not None and listed[0].last_message.text == "to ann"
    assert [c.id for c in store.conversations.list_for_user(carol.id)] == [with_carol.id]


def test_concurrent_senders_never_share_a_seq(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)

    def send(i: int):
        sender = ann.id if i % 2 else bob.id
        return store.messages.send(conv.id, sender, f"m{i}", f"client-{i:04d}")[0].seq

    with ThreadPoolExecutor(max_workers=8) as pool:
        seqs = list(pool.map(send, range(40)))
    assert sorted(seqs) == list(range(1, 41))
    stored = store.conversations.get(conv.id)
    assert stored is not None and stored.last_message is not None
    assert stored.last_message.seq == 40


def test_cursors_only_move_forward_and_reading_implies_receiving(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(5):
        store.messages.send(conv.id, ann.id, f"m{i}", f"client-{i:04d}")

    def advance(**moves: int) -> Cursor:
        after = store.conversations.advance_cursor(conv.id, bob.id, **moves)
        assert after is not None
        return after.cursor(bob.id)

    # Cursor(read, delivered, unread, shown_read)
    assert advance(delivered=4) == Cursor(0, 4, 5, 0)
    assert advance(delivered=2) == Cursor(0, 4, 5, 0)
    assert advance(read=3) == Cursor(3, 4, 2, 3)
    assert advance(read=5) == Cursor(5, 5, 0, 5)
    assert advance(read=1) == Cursor(5, 5, 0, 5)
    stored = store.conversations.get(conv.id)
    assert stored is not None and stored.cursor(bob.id) == Cursor(5, 5, 0, 5)


def test_a_hidden_read_cursor_moves_for_the_reader_only(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(3):
        store.messages.send(conv.id, ann.id, f"m{i}", f"client-{i:04d}")
    after = store.conversations.advance_cursor(conv.id, bob.id, read=3, share_read=False)
    assert after is not None and after.cursor(bob.id) == Cursor(3, 3, 0, 0)
    store.messages.send(conv.id, bob.id, "reply", "client-reply")  # sending shows it
    assert store.conversations.get(conv.id).cursor(bob.id) == Cursor(4, 4, 0, 4)


def test_unread_counts_others_messages_and_sending_moves_your_cursor(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(3):
        store.messages.send(conv.id, ann.id, f"m{i}", f"client-{i:04d}")
    stored = store.conversations.get(conv.id)
    assert stored is not None
    assert (stored.unread(bob.id), stored.unread(ann.id), stored.last_seq) == (3, 0, 3)
    store.messages.send(conv.id, bob.id, "reply", "client-reply")
    stored = store.conversations.get(conv.id)
    assert stored is not None and stored.unread(bob.id) == 0 and stored.unread(ann.id) == 1


def test_non_member_cursor_changes_nothing(store: Store) -> None:
    ann, bob, eve = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "eve")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    store.messages.send(conv.id, ann.id, "m", "client-0001")
    assert store.conversations.advance_cursor(conv.id, eve.id, read=1) is None
    stored = store.conversations.get(conv.id)
    assert stored is not None and eve.id not in stored.cursors


def test_after_returns_messages_past_a_cursor_in_order(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i in range(6):
        store.messages.send(conv.id, ann.id, f"m{i}", f"client-{i:04d}")
    assert [m.seq for m in store.messages.after(conv.id, 2, 3)] == [3, 4, 5]
    assert [m.seq for m in store.messages.after(conv.id, 0, 100)] == [1, 2, 3, 4, 5, 6]
    assert store.messages.after(conv.id, 6, 10) == []


def test_get_many_conversations(store: Store) -> None:
    ann, bob, carol = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "carol")
    one = store.conversations.get_or_create_direct(ann.id, bob.id)
    two = store.conversations.get_or_create_direct(ann.id, carol.id)
    found = store.conversations.get_many([one.id, two.id, "nope"])
    assert set(found) == {one.id, two.id}


def test_contacts_are_the_people_you_share_a_conversation_with(store: Store) -> None:
    ann, bob, carol = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "carol")
    make_user(store, "dave")
    store.conversations.get_or_create_direct(ann.id, bob.id)
    store.conversations.get_or_create_direct(carol.id, ann.id)
    assert sorted(store.conversations.contact_ids(ann.id)) == sorted([bob.id, carol.id])
    assert store.conversations.contact_ids(bob.id) == [ann.id]
    assert store.conversations.contact_ids("nope") == []


def test_revoked_tokens_are_remembered_until_they_expire(store: Store) -> None:
    from datetime import timedelta

    from chat.storage.models import utcnow

    store.revocations.revoke("jti-live", utcnow() + timedelta(hours=1))
    store.revocations.revoke("jti-live", utcnow() + timedelta(hours=1))  # idempotent
    store.revocations.revoke("jti-old", utcnow() - timedelta(seconds=1))
    assert store.revocations.revoked_at("jti-live") is not None
    assert store.revocations.revoked_at("jti-other") is None
    store.revocations.revoke("jti-next", utcnow() + timedelta(hours=1))  # purges expired ones
    assert store.revocations.revoked_at("jti-old") is None


def test_blocks_are_directed_idempotent_and_removable(store: Store) -> None:
    ann, bob, carol = make_user(store, "ann"), make_user(store, "bob"), make_user(store, "carol")
    store.blocks.block(ann.id, bob.id)
    store.blocks.block(ann.id, bob.id)
    store.blocks.block(carol.id, ann.id)
    assert store.blocks.blockers_between(bob.id, ann.id) == {ann.id}
    assert store.blocks.blocked_ids(ann.id) == [bob.id]
    assert store.blocks.related(ann.id) == {bob.id, carol.id}
    store.blocks.unblock(ann.id, bob.id)
    assert store.blocks.blockers_between(ann.id, bob.id) == set()
    assert store.blocks.related(bob.id) == set()


def test_blocks_scan_in_pages(store: Store) -> None:
    users = [make_user(store, f"user{i}") for i in range(3)]
    pairs = {(a.id, b.id) for a in users for b in users if a != b}
    for a, b in pairs:
        store.blocks.block(a, b)
    seen, after = [], None
    while page := store.blocks.scan(after, 4):
        seen += page
        after = page[-1]
    assert sorted(seen) == sorted(pairs) and len(seen) == len(set(seen))


def test_last_seen_is_recorded_only_forward_and_cleared_by_deletion(store: Store) -> None:
    ann = make_user(store, "ann")
    assert ann.last_seen_at is None
    seen = utcnow()
    store.users.set_last_seen(ann.id, seen)
    assert store.users.get(ann.id).last_seen_at == seen
    store.users.set_last_seen(ann.id, seen - timedelta(minutes=5))  # a late, older report
    assert store.users.get(ann.id).last_seen_at == seen
    store.users.set_last_seen("unknown", seen)  # ignored, no error
    assert store.users.anonymise(ann.id).last_seen_at is None


def test_a_group_starts_with_its_creator_as_owner_and_a_system_message(store: Store) -> None:
    ann, bob, cat = (make_user(store, n) for n in ("ann", "bob", "cat"))
    group, first = store.conversations.create_group(ann.id, "Trip", [bob.id, cat.id], "sys-0001")
    assert (group.kind, group.title, group.last_seq) == ("group", "Trip", 1)
    assert set(group.member_ids) == {ann.id, bob.id, cat.id}
    assert (group.role(ann.id), group.role(bob.id), group.role(cat.id)) == (
        "owner",
        "member",
        "member",
    )
    assert (first.kind, first.event, first.seq, first.sender_id) == (
        "system",
        "group_created",
        1,
        ann.id,
    )
    assert set(first.target_ids) == {bob.id, cat.id} and first.text == "Trip"
    assert store.conversations.get(group.id) == group
    assert [m.id for m in store.messages.page(group.id, None, 10)] == [first.id]
    # The system message does not count as unread; a text message does, for the others.
    assert (group.unread(bob.id), group.unread(ann.id)) == (0, 0)
    store.messages.send(group.id, bob.id, "hi all", "client-0001")
    stored = store.conversations.get(group.id)
    assert [stored.unread(u.id) for u in (ann, bob, cat)] == [1, 0, 1]
    assert {c.id for c in store.conversations.list_for_user(cat.id)} == {group.id}


def test_group_changes_are_system_messages_with_their_own_seq(store: Store) -> None:
    ann, bob, cat, dan = (make_user(store, n) for n in ("ann", "bob", "cat", "dan"))
    group, _ = store.conversations.create_group(ann.id, "Trip", [bob.id], "sys-0001")
    store.messages.send(group.id, bob.id, "before dan", "client-0001")  # seq 2
    added, msg = store.conversations.change_group(
        group.id,
        GroupChange("member_added", ann.id, (cat.id, dan.id), add=(cat.id, dan.id)),
        "sys-2",
    )
    assert (msg.seq, msg.event, set(msg.target_ids)) == (3, "member_added", {cat.id, dan.id})
    assert set(added.member_ids) == {ann.id, bob.id, cat.id, dan.id}
    assert added.member(dan.id).visible_after == 2 and added.cursor(dan.id).read == 2
    # New members see history from their arrival on.
    dan_view = added.member(dan.id)
    assert [m.seq for m in store.messages.page(group.id, None, 10, dan_view.visible_after)] == [3]

    renamed, msg = store.conversations.change_group(
        group.id,
        GroupChange("title_changed", bob.id, title="Trip 2026", detail="Trip 2026"),
        "sys-3",
    )
    assert renamed.title == "Trip 2026" and msg.text == "Trip 2026" and msg.seq == 4
    promoted, _ = store.conversations.change_group(
        group.id,
        GroupChange("role_changed", ann.id, (bob.id,), roles={bob.id: "admin"}, detail="admin"),
        "sys-4",
    )
    assert promoted.role(bob.id) == "admin"

    removed, msg = store.conversations.change_group(
        group.id, GroupChange("member_removed", bob.id, (dan.id,), remove=(dan.id,)), "sys-5"
    )
    assert dan.id not in removed.member_ids and removed.member(dan.id).left_seq == msg.seq == 6
    assert removed.role(dan.id) is None and removed.unread(dan.id) == 0
    # A former member keeps the conversation (read-only) but is nobody's contact through it.
    assert group.id in {c.id for c in store.conversations.list_for_user(dan.id)}
    assert dan.id not in store.conversations.contact_ids(ann.id)
    assert store.conversations.contact_ids(dan.id) == []
    store.messages.send(group.id, ann.id, "after dan", "client-0002")
    dan_member = store.conversations.get(group.id).member(dan.id)
    visible = store.messages.after(group.id, dan_member.visible_after, 50, dan_member.left_seq)
    assert [m.seq for m in visible] == [3, 4, 5, 6]
    with pytest.raises(NotAMember):
        store.messages.send(group.id, dan.id, "still here?", "client-dan")
    assert store.conversations.advance_cursor(group.id, dan.id, read=7) is None

    # Re-added, a former member starts a new window; leaving records its own event.
    back, msg = store.conversations.change_group(
        group.id, GroupChange("member_added", ann.id, (dan.id,), add=(dan.id,)), "sys-6"
    )
    assert back.member(dan.id).current and back.member(dan.id).visible_after == msg.seq - 1
    left, msg = store.conversations.change_group(
        group.id, GroupChange("member_left", cat.id, (cat.id,), remove=(cat.id,)), "sys-7"
    )
    assert cat.id not in left.member_ids and left.member(cat.id).left_seq == msg.seq
    assert left.cursor(cat.id).read == msg.seq  # the actor saw their own change
    with pytest.raises(NotFound):
        direct = store.conversations.get_or_create_direct(ann.id, bob.id)
        store.conversations.change_group(
            direct.id, GroupChange("title_changed", ann.id, title="x"), "s"
        )


def test_direct_sends_are_refused_across_a_block_or_to_an_inactive_account(store: Store) -> None:
    ann, bob, eve = (make_user(store, n) for n in ("ann", "bob", "eve"))
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    with pytest.raises(NotAMember):
        store.messages.send(conv.id, eve.id, "let me in", "client-eve")
    store.blocks.block(bob.id, ann.id)
    with pytest.raises(SendRefused) as refused:
        store.messages.send(conv.id, ann.id, "hi", "client-0001")
    assert refused.value.reason == "blocked_by_recipient"
    with pytest.raises(SendRefused) as refused:
        store.messages.send(conv.id, bob.id, "hi", "client-0002")
    assert refused.value.reason == "blocked_by_sender"
    store.blocks.unblock(bob.id, ann.id)
    assert store.messages.send(conv.id, ann.id, "hi", "client-0003").created
    store.users.set_active(bob.id, False)
    with pytest.raises(SendRefused) as refused:
        store.messages.send(conv.id, ann.id, "there?", "client-0004")
    assert refused.value.reason == "recipient_inactive"
    store.users.set_active(bob.id, True)
    assert store.messages.send(conv.id, ann.id, "back", "client-0005").created
    # A conversation made while a block stands refuses from its first message on.
    store.blocks.block(eve.id, ann.id)
    fresh = store.conversations.get_or_create_direct(ann.id, eve.id)
    with pytest.raises(SendRefused):
        store.messages.send(fresh.id, ann.id, "hi", "client-0006")
    assert store.conversations.get(conv.id).last_seq == 2


def test_a_resend_never_shows_as_an_unread_message(store: Store) -> None:
    ann, bob = make_user(store, "ann"), make_user(store, "bob")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    first = store.messages.send(conv.id, ann.id, "once", "client-0001")
    again = store.messages.send(conv.id, ann.id, "once", "client-0001")
    assert again.message == first.message and not again.created
    assert again.member_ids == tuple(sorted((ann.id, bob.id)))
    stored = store.conversations.get(conv.id)
    assert stored.unread(bob.id) == 1  # whatever seq the resend may have taken
    read = store.conversations.advance_cursor(conv.id, bob.id, read=first.message.seq)
    assert read is not None and read.unread(bob.id) == 0


DEFAULTS = {
    "share_typing": True,
    "share_read_receipts": True,
    "notifications": True,
    "sound": True,
    "theme": "system",
}


def test_settings_default_on_and_keep_what_is_set(store: Store) -> None:
    ann = make_user(store, "ann")
    assert ann.settings == DEFAULTS
    changed = store.users.update_settings(ann.id, {"share_typing": False, "theme": "dark"})
    assert changed.settings == {**DEFAULTS, "share_typing": False, "theme": "dark"}
    assert store.users.get(ann.id).settings == changed.settings
    assert store.users.update_settings(ann.id, {}).settings == changed.settings
    with pytest.raises(NotFound):
        store.users.update_settings("424242", {"share_typing": True})
