"""Presence: online while any socket is connected; a list on connect, updates after."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.helpers import client_id, csrf_headers, received


def befriend(connect, client, other_id: str) -> None:
    """A first message makes two people contacts, who see each other's presence."""
    sock = connect(client)
    ack = sock.emit(
        "send_message", {"to": other_id, "text": "hi", "client_id": client_id()}, callback=True
    )
    assert ack["ok"]
    sock.disconnect()


def test_connect_gets_online_list_and_others_get_presence(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    befriend(connect, ann, bob_user["id"])
    ann_sock = connect(ann)
    assert received(ann_sock)["online_users"] == [{"user_ids": [ann_user["id"]]}]

    bob_sock = connect(bob)
    assert set(received(bob_sock)["online_users"][0]["user_ids"]) == {
        ann_user["id"],
        bob_user["id"],
    }
    assert received(ann_sock)["presence"] == [{"user_id": bob_user["id"], "online": True}]


def test_user_stays_online_until_the_last_tab_closes(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    befriend(connect, ann, bob_user["id"])
    ann_sock = connect(ann)
    bob_tab1, bob_tab2 = connect(bob), connect(bob)
    received(ann_sock)

    bob_tab1.disconnect()
    assert "presence" not in received(ann_sock)
    bob_tab2.disconnect()
    [offline] = received(ann_sock)["presence"]
    assert offline["user_id"] == bob_user["id"] and offline["online"] is False
    assert datetime.fromisoformat(
        offline["last_seen_at"]
    ) > datetime.now().astimezone() - timedelta(seconds=30)


def test_strangers_never_see_each_others_presence(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    eve, _ = make_client("eve")
    eve_sock = connect(eve)
    received(eve_sock)
    ann_sock = connect(ann)
    assert received(ann_sock)["online_users"] == [{"user_ids": [ann_user["id"]]}]
    assert "presence" not in received(eve_sock)
    ann_sock.disconnect()
    assert "presence" not in received(eve_sock)


def test_first_message_introduces_online_contacts(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock, bob_sock = connect(ann), connect(bob)
    received(ann_sock), received(bob_sock)
    ack = ann_sock.emit(
        "send_message",
        {"to": bob_user["id"], "text": "hi", "client_id": client_id()},
        callback=True,
    )
    assert ack["ok"]
    shared = {"online": True, "shared": True}
    assert received(ann_sock)["presence"] == [{"user_id": bob_user["id"], **shared}]
    assert received(bob_sock)["presence"] == [{"user_id": ann_user["id"], **shared}]


def test_a_first_message_to_someone_offline_tells_when_they_were_last_seen(
    make_client, connect
) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    connect(bob).disconnect()  # bob was online once
    ann_sock = connect(ann)
    received(ann_sock)
    message = {"to": bob_user["id"], "text": "hi", "client_id": client_id()}
    assert ann_sock.emit("send_message", message, callback=True)["ok"]
    [status] = received(ann_sock)["presence"]
    assert status["user_id"] == bob_user["id"] and status["online"] is False
    assert status["shared"] is True and status["last_seen_at"].endswith("Z")


def test_blocking_stops_presence_both_ways_and_unblocking_restores_it(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    befriend(connect, ann, bob_user["id"])
    ann_sock, bob_sock = connect(ann), connect(bob)
    received(ann_sock), received(bob_sock)
    path = f"/api/users/{bob_user['id']}/block"
    assert ann.put(path, headers=csrf_headers(ann)).status_code == 200
    hidden = {"online": False, "shared": False}
    assert received(bob_sock)["presence"] == [{"user_id": ann_user["id"], **hidden}]
    assert received(ann_sock)["presence"] == [{"user_id": bob_user["id"], **hidden}]

    bob_sock.disconnect()  # nothing reaches ann across the block
    assert "presence" not in received(ann_sock)
    bob_sock = connect(bob)
    assert received(bob_sock)["online_users"] == [{"user_ids": [bob_user["id"]]}]
    assert "presence" not in received(ann_sock)

    assert ann.delete(path, headers=csrf_headers(ann)).status_code == 200
    back = {"online": True, "shared": True}
    assert received(bob_sock)["presence"] == [{"user_id": ann_user["id"], **back}]
    assert received(ann_sock)["presence"] == [{"user_id": bob_user["id"], **back}]


def test_blocking_a_stranger_tells_them_nothing(make_client, connect) -> None:
    ann, _ = make_client("ann")
    eve, eve_user = make_client("eve")
    eve_sock = connect(eve)
    received(eve_sock)
    assert (
        ann.put(f"/api/users/{eve_user['id']}/block", headers=csrf_headers(ann)).status_code == 200
    )
    assert (
        ann.delete(f"/api/users/{eve_user['id']}/block", headers=csrf_headers(ann)).status_code
        == 200
    )
    assert "presence" not in received(eve_sock)


def conversation_with(client, username: str) -> dict:
    listed = client.get("/api/conversations").get_json()["conversations"]
    return next(c for c in listed if c["other"]["username"] == username)


def test_contacts_see_when_someone_was_last_online(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    befriend(connect, ann, bob_user["id"])  # ann's socket opened and closed
    bob_sock = connect(bob)
    seen = conversation_with(bob, "ann")
    assert seen["presence_shared"] is True
    ann_seen = datetime.fromisoformat(seen["other"]["last_seen_at"])
    assert ann_seen > datetime.now().astimezone() - timedelta(seconds=30)
    # Strangers learn nothing: search results carry no presence.
    _, eve_user = make_client("eve")
    found = bob.get("/api/users/search?q=ann").get_json()["users"]
    assert found and all("last_seen_at" not in u for u in found)
    assert "last_seen_at" not in bob.get(f"/api/users/{eve_user['id']}").get_json()["user"]
    bob_sock.disconnect()


def test_a_block_hides_presence_and_last_seen_both_ways(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    befriend(connect, ann, bob_user["id"])
    assert (
        bob.put(
            f"/api/users/{conversation_with(bob, 'ann')['other']['id']}/block",
            headers=csrf_headers(bob),
        ).status_code
        == 200
    )
    for client, other in ((bob, "ann"), (ann, "bob")):
        shown = conversation_with(client, other)
        assert shown["presence_shared"] is False and shown["other"]["last_seen_at"] is None
