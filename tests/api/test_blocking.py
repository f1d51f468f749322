"""Blocking: no messages or presence across a block, in either direction, until unblocked."""

from __future__ import annotations

from tests.helpers import client_id, csrf_headers, received


def send(sock, to: str, text: str = "hi") -> dict:
    return sock.emit(
        "send_message", {"to": to, "text": text, "client_id": client_id()}, callback=True
    )


def test_block_stops_messages_and_presence_both_ways_until_unblocked(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    ann_sock = connect(ann)
    assert send(ann_sock, bob_user["id"])["ok"]
    assert received(ann_sock)["presence"][-1]["shared"] is True  # contacts now

    response = bob.put(f"/api/users/{ann_user['id']}/block", headers=csrf_headers(bob))
    assert response.status_code == 200
    hidden = {"user_id": bob_user["id"], "online": False, "shared": False}
    assert received(ann_sock)["presence"] == [hidden]  # ann's client stops showing bob's status
    assert bob.get("/api/users/blocked").get_json()["users"] == [ann_user]
    assert bob.get("/api/conversations").get_json()["conversations"][0]["blocked"] is True
    assert ann.get("/api/conversations").get_json()["conversations"][0]["blocked"] is False

    bob_sock = connect(bob)
    assert received(bob_sock)["online_users"] == [{"user_ids": [bob_user["id"]]}]
    assert "presence" not in received(ann_sock)  # ann is not told bob came online
    refused = send(ann_sock, bob_user["id"], "still there?")
    assert refused["ok"] is False and refused["error"] == "cannot_message"
    mine = send(bob_sock, ann_user["id"], "bye")
    assert mine["ok"] is False and mine["error"] == "unblock_first"
    assert "new_message" not in received(bob_sock)
    ann_sock.disconnect()
    assert "presence" not in received(bob_sock)

    assert (
        bob.delete(f"/api/users/{ann_user['id']}/block", headers=csrf_headers(bob)).status_code
        == 200
    )
    ann_sock = connect(ann)
    assert send(ann_sock, bob_user["id"], "friends again")["ok"]
    assert [m["message"]["text"] for m in received(bob_sock)["new_message"]] == ["friends again"]


def test_blocking_needs_csrf_a_real_user_and_not_yourself(make_client) -> None:
    ann, ann_user = make_client("ann")
    _, bob_user = make_client("bob")
    assert ann.put(f"/api/users/{bob_user['id']}/block").status_code == 403  # no CSRF header
    headers = csrf_headers(ann)
    assert ann.put("/api/users/999999/block", headers=headers).status_code == 404
    assert ann.put(f"/api/users/{ann_user['id']}/block", headers=headers).status_code == 400
    assert ann.put(f"/api/users/{bob_user['id']}/block", headers=headers).status_code == 200
    assert ann.put(f"/api/users/{bob_user['id']}/block", headers=headers).status_code == 200
    assert ann.get("/api/users/blocked").get_json()["users"] == [bob_user]
