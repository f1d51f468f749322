"""Offline delivery: sync after reconnect, delivered/read receipts, unread counts."""

from __future__ import annotations

import pytest

from tests.helpers import client_id, received


def send(sock, to: str, text: str) -> dict:
    ack = sock.emit(
        "send_message", {"to": to, "text": text, "client_id": client_id()}, callback=True
    )
    assert ack["ok"], ack
    return ack["message"]


def conversation_of(client, other_id: str) -> dict:
    listed = client.get("/api/conversations").get_json()["conversations"]
    return next(c for c in listed if c["other"]["id"] == other_id)


def substitute(value, names: dict[str, str]):
    """The payload with placeholder strings (in keys and values) replaced by real ids."""
    if isinstance(value, dict):
        return {substitute(k, names): substitute(v, names) for k, v in value.items()}
    if isinstance(value, str):
        return names.get(value, value)
    return value


def sync_all(sock, cursors: dict[str, int], limit: int) -> tuple[list[dict], int]:
    """Page through sync like a client does; (messages, number of calls)."""
    messages, calls = [], 0
    while True:
        ack = sock.emit("sync", {"cursors": cursors, "limit": limit}, callback=True)
        assert ack["ok"], ack
        calls += 1
        messages += ack["messages"]
        for m in ack["messages"]:
            cursors[m["conversation_id"]] = max(cursors[m["conversation_id"]], m["seq"])
        if not ack["more"]:
            return messages, calls


def test_offline_receiver_gets_all_50_in_order_then_receipts_flow(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock = connect(ann)
    sent = [send(ann_sock, bob_user["id"], f"message {i}") for i in range(50)]
    conv_id = sent[0]["conversation_id"]

    listed = conversation_of(bob, ann_user["id"])
    assert (listed["unread"], listed["last_seq"], listed["read_seq"]) == (50, 50, 0)
    assert conversation_of(ann, bob_user["id"])["unread"] == 0

    bob_sock = connect(bob)
    received(ann_sock)
    synced, calls = sync_all(bob_sock, {conv_id: 0}, limit=20)
    assert synced == sent and calls == 3
    assert [m["seq"] for m in synced] == list(range(1, 51))

    ack = bob_sock.emit("delivered", {"conversation_id": conv_id, "seq": 50}, callback=True)
    assert ack == {"ok": True, "seq": 50}
    events = received(ann_sock)
    assert events["delivered"] == [
        {"conversation_id": conv_id, "user_id": bob_user["id"], "seq": 50, "all_seq": 50}
    ]
    assert conversation_of(ann, bob_user["id"])["peer_delivered_seq"] == 50

    bob_tab2 = connect(bob)
    received(bob_tab2)
    ack = bob_sock.emit("read", {"conversation_id": conv_id, "seq": 50}, callback=True)
    assert ack == {"ok": True, "seq": 50, "unread": 0, "unread_mentions": 0}
    receipt = {"conversation_id": conv_id, "user_id": bob_user["id"], "seq": 50}
    assert received(ann_sock)["read"] == [{**receipt, "all_seq": 50}]
    # The reader's other tab clears its badge; only the reader's tabs learn the count.
    assert received(bob_tab2)["read"] == [{**receipt, "unread": 0, "unread_mentions": 0}]
    assert "read" not in received(bob_sock)  # the reading tab has it in its answer
    assert conversation_of(bob, ann_user["id"])["unread"] == 0
    assert conversation_of(ann, bob_user["id"])["peer_read_seq"] == 50


def test_sync_across_conversations_is_bounded_and_gapless(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, _ = make_client("bob")
    carol, _ = make_client("carol")
    bob_sock, carol_sock = connect(bob), connect(carol)
    from_bob = [send(bob_sock, ann_user["id"], f"b{i}") for i in range(7)]
    from_carol = [send(carol_sock, ann_user["id"], f"c{i}") for i in range(5)]
    ann_sock = connect(ann)
    cursors = {from_bob[0]["conversation_id"]: 2, from_carol[0]["conversation_id"]: 0}
    synced, _ = sync_all(ann_sock, cursors, limit=4)
    assert sorted(m["id"] for m in synced) == sorted(m["id"] for m in from_bob[2:] + from_carol)
    assert len(synced) == len({m["id"] for m in synced})


def test_read_and_delivered_never_move_back(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock, bob_sock = connect(ann), connect(bob)
    conv_id = [send(ann_sock, bob_user["id"], f"m{i}") for i in range(3)][0]["conversation_id"]
    assert bob_sock.emit("read", {"conversation_id": conv_id, "seq": 3}, callback=True)["seq"] == 3
    received(ann_sock)
    again = bob_sock.emit("read", {"conversation_id": conv_id, "seq": 1}, callback=True)
    assert again == {"ok": True, "seq": 3, "unread": 0, "unread_mentions": 0}
    assert "read" not in received(ann_sock)  # nothing moved, nothing to tell


@pytest.mark.parametrize(
    ("event", "payload", "error"),
    [
        ("sync", {"cursors": {"FOREIGN": 0}}, "not_a_member"),
        ("sync", {"cursors": {"999999": 0}}, "conversation_not_found"),
        ("sync", {"cursors": {"OWN": -1}}, "invalid_input"),
        ("sync", {"cursors": {"OWN": 2**60}}, "invalid_input"),
        ("sync", {"cursors": {"OWN": "3"}}, "invalid_input"),
        ("sync", {"cursors": {"OWN": True}}, "invalid_input"),
        ("sync", {"cursors": {}}, "invalid_input"),
        ("sync", {"cursors": {"OWN": 0}, "limit": 501}, "invalid_input"),
        ("sync", {"cursors": [1, 2]}, "invalid_input"),
        ("read", {"conversation_id": "FOREIGN", "seq": 1}, "not_a_member"),
        ("read", {"conversation_id": "OWN", "seq": 0}, "invalid_input"),
        ("read", {"conversation_id": "OWN", "seq": -3}, "invalid_input"),
        ("read", {"conversation_id": "OWN", "seq": 99}, "seq_ahead"),
        ("read", {"conversation_id": "OWN", "seq": 1.5}, "invalid_input"),
        ("read", {"conversation_id": {"$ne": None}, "seq": 1}, "invalid_input"),
        ("delivered", {"conversation_id": "FOREIGN", "seq": 1}, "not_a_member"),
        ("delivered", {"conversation_id": "OWN", "seq": 2**60}, "invalid_input"),
        ("delivered", {"conversation_id": "OWN"}, "invalid_input"),
        ("delivered", "OWN", "invalid_input"),
    ],
)
def test_bad_sync_and_receipts_get_error_acks_and_change_nothing(
    make_client, connect, event, payload, error
) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    carol, _ = make_client("carol")
    own = send(connect(ann), bob_user["id"], "to bob")["conversation_id"]
    foreign = send(connect(carol), ann_user["id"], "carol to ann")["conversation_id"]
    # bob is not in the carol/ann conversation
    bob_sock = connect(bob)
    received(bob_sock)
    before = conversation_of(bob, ann_user["id"])
    ack = bob_sock.emit(event, substitute(payload, {"OWN": own, "FOREIGN": foreign}), callback=True)
    assert ack["ok"] is False and ack["error"] == error
    assert conversation_of(bob, ann_user["id"]) == before
    assert conversation_of(carol, ann_user["id"])["peer_read_seq"] == 0
