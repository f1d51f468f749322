"""Groups over the socket: sending to a group, what a removed member still gets (nothing),
presence between members, and sync that stops where a member left."""

from __future__ import annotations

import time

from chat.realtime.socket_publisher import COALESCE_SECONDS
from tests.helpers import client_id, csrf_headers, received


def make_group(client, title: str, member_ids: list[str]) -> str:
    response = client.post(
        "/api/conversations",
        json={"title": title, "member_ids": member_ids},
        headers=csrf_headers(client),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["conversation"]["id"]


def send(sock, conversation_id: str, text: str, cid: str | None = None) -> dict:
    payload = {"conversation_id": conversation_id, "text": text, "client_id": cid or client_id()}
    return sock.emit("send_message", payload, callback=True)


def texts(events: dict, event: str = "new_message") -> list[str]:
    return [e["message"]["text"] for e in events.get(event, []) if e["message"]["kind"] == "text"]


def test_a_group_message_reaches_every_other_member_once(make_client, connect) -> None:
    (ann, _), (bob, bob_user), (cat, cat_user) = (make_client(n) for n in ("ann", "bob", "cat"))
    gid = make_group(ann, "Trip", [bob_user["id"], cat_user["id"]])
    ann_tab1, ann_tab2 = connect(ann), connect(ann)
    bob_sock, cat_sock = connect(bob), connect(cat)
    for sock in (ann_tab1, ann_tab2, bob_sock, cat_sock):
        received(sock)
    cid = client_id()
    ack = send(ann_tab1, gid, "hello all", cid)
    assert ack["ok"] and ack["message"]["conversation_id"] == gid
    again = send(ann_tab1, gid, "hello all", cid)  # a resend: the same message, no new event
    assert again["message"] == ack["message"]
    assert texts(received(bob_sock)) == ["hello all"]
    assert texts(received(cat_sock)) == ["hello all"]
    assert texts(received(ann_tab2)) == ["hello all"]  # the sender's other tab
    assert "new_message" not in received(ann_tab1)  # not echoed to the sending socket


def test_send_names_one_destination(make_client, connect) -> None:
    (ann, _), (_, bob_user) = make_client("ann"), make_client("bob")
    sock = connect(ann)
    for payload in (
        {"text": "hi", "client_id": client_id()},
        {"to": bob_user["id"], "conversation_id": "1", "text": "hi", "client_id": client_id()},
        {"conversation_id": {"$ne": None}, "text": "hi", "client_id": client_id()},
    ):
        ack = sock.emit("send_message", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == "invalid_input", ack
    ack = sock.emit(
        "send_message", {"conversation_id": "424242", "text": "hi", "client_id": client_id()},
        callback=True,
    )  # fmt: skip
    assert ack["error"] == "conversation_not_found"


def test_a_removed_member_gets_the_removal_and_nothing_after(make_client, connect) -> None:
    (ann, _), (bob, bob_user), (cat, cat_user) = (make_client(n) for n in ("ann", "bob", "cat"))
    gid = make_group(ann, "Club", [bob_user["id"], cat_user["id"]])
    ann_sock, cat_sock = connect(ann), connect(cat)
    assert send(ann_sock, gid, "before")["ok"]
    received(cat_sock)
    removed = ann.delete(
        f"/api/conversations/{gid}/members/{cat_user['id']}", headers=csrf_headers(ann)
    )
    assert removed.status_code == 200
    got = received(cat_sock)
    assert [e["message"]["event"] for e in got["new_message"]] == ["member_removed"]
    # Cat and ann share no other conversation: they stop seeing each other's presence.
    assert {"user_id": ann.get("/api/auth/me").get_json()["user"]["id"], "online": False,
            "shared": False} in got["presence"]  # fmt: skip

    assert send(ann_sock, gid, "after")["ok"]
    assert received(cat_sock) == {}
    refused = send(cat_sock, gid, "let me back")
    assert refused["ok"] is False and refused["error"] == "not_a_member"
    synced = cat_sock.emit("sync", {"cursors": {gid: 0}}, callback=True)
    assert synced["ok"] and [m["text"] for m in synced["messages"] if m["kind"] == "text"] == [
        "before"
    ]
    assert synced["messages"][-1]["event"] == "member_removed"
    for event in ("read", "delivered"):
        ack = cat_sock.emit(event, {"conversation_id": gid, "seq": 1}, callback=True)
        assert ack["ok"] is False and ack["error"] == "not_a_member"


def test_members_of_a_group_are_contacts(make_client, connect) -> None:
    (ann, ann_user), (bob, bob_user), (cat, cat_user) = (
        make_client(n) for n in ("ann", "bob", "cat")
    )
    bob_sock = connect(bob)
    received(bob_sock)
    gid = make_group(ann, "Friends", [bob_user["id"], cat_user["id"]])
    got = received(bob_sock)
    assert texts(got) == [] and got["new_message"][0]["message"]["event"] == "group_created"
    about_ann = next(p for p in got["presence"] if p["user_id"] == ann_user["id"])
    assert (about_ann["online"], about_ann["shared"]) == (False, True)  # ann has no socket
    cat_sock = connect(cat)
    assert set(received(cat_sock)["online_users"][0]["user_ids"]) == {
        bob_user["id"], cat_user["id"],
    }  # fmt: skip
    assert {"user_id": cat_user["id"], "online": True} in received(bob_sock)["presence"]
    assert gid


def test_an_offline_member_syncs_what_happened_from_their_arrival(make_client, connect) -> None:
    (ann, _), (bob, bob_user), (dan, dan_user) = (make_client(n) for n in ("ann", "bob", "dan"))
    gid = make_group(ann, "Club", [bob_user["id"]])
    ann_sock = connect(ann)
    send(ann_sock, gid, "before dan")
    added = ann.post(
        f"/api/conversations/{gid}/members",
        json={"user_ids": [dan_user["id"]]},
        headers=csrf_headers(ann),
    )
    assert added.status_code == 200
    ann.patch(f"/api/conversations/{gid}", json={"title": "Club 2"}, headers=csrf_headers(ann))
    for i in range(3):
        send(ann_sock, gid, f"m{i}")
    dan_sock = connect(dan)
    synced = dan_sock.emit("sync", {"cursors": {gid: 0}}, callback=True)
    kinds = [m.get("event") or m["text"] for m in synced["messages"]]
    assert kinds == ["member_added", "title_changed", "m0", "m1", "m2"]
    listed = dan.get("/api/conversations").get_json()["conversations"][0]
    assert (listed["title"], listed["unread"]) == ("Club 2", 3)


def test_typing_reaches_the_other_members_only_and_is_never_stored(make_client, connect) -> None:
    (ann, ann_user), (bob, bob_user), (cat, cat_user), (eve, _) = (
        make_client(n) for n in ("ann", "bob", "cat", "eve")
    )
    gid = make_group(ann, "Typing", [bob_user["id"], cat_user["id"]])
    ann_sock, bob_sock, cat_sock, eve_sock = connect(ann), connect(bob), connect(cat), connect(eve)
    for sock in (ann_sock, bob_sock, cat_sock, eve_sock):
        received(sock)
    ack = ann_sock.emit("typing", {"conversation_id": gid}, callback=True)
    assert ack == {"ok": True, "sent": True}
    expected = [{"conversation_id": gid, "user_id": ann_user["id"]}]
    assert received(bob_sock)["typing"] == expected and received(cat_sock)["typing"] == expected
    assert "typing" not in received(ann_sock) and received(eve_sock) == {}
    # A stranger or an unknown conversation is refused, and nobody hears anything.
    for payload, code in (
        ({"conversation_id": gid}, "not_a_member"),
        ({"conversation_id": "424242"}, "conversation_not_found"),
        ({"conversation_id": {"$ne": None}}, "invalid_input"),
        ({}, "invalid_input"),
    ):
        ack = eve_sock.emit("typing", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == code, (payload, ack)
    assert received(bob_sock) == {}
    # Nothing was stored: the history holds only the group's first message.
    history = ann.get(f"/api/conversations/{gid}/messages").get_json()["messages"]
    assert [m["kind"] for m in history] == ["system"]


def test_typing_privacy_switch_and_blocks(make_client, connect) -> None:
    (ann, ann_user), (bob, bob_user), (cat, cat_user) = (
        make_client(n) for n in ("ann", "bob", "cat")
    )
    gid = make_group(ann, "Quiet", [bob_user["id"], cat_user["id"]])
    bob_sock, cat_sock = connect(bob), connect(cat)
    received(bob_sock), received(cat_sock)
    # Cat blocked ann: ann's typing reaches bob only.
    cat.put(f"/api/users/{ann_user['id']}/block", headers=csrf_headers(cat))
    ann_sock = connect(ann)
    ann_sock.emit("typing", {"conversation_id": gid}, callback=True)
    assert len(received(bob_sock)["typing"]) == 1 and "typing" not in received(cat_sock)
    # Bob switches off sharing his typing: acked, but nobody is told; he still sees others'.
    bob.patch("/api/users/me/settings", json={"share_typing": False}, headers=csrf_headers(bob))
    assert bob_sock.emit("typing", {"conversation_id": gid}, callback=True) == {
        "ok": True,
        "sent": False,
    }
    assert "typing" not in received(ann_sock) and "typing" not in received(cat_sock)
    ann_sock.emit("typing", {"conversation_id": gid}, callback=True)
    assert len(received(bob_sock)["typing"]) == 1
    # A removed member neither types into the group nor hears it any more.
    ann.delete(f"/api/conversations/{gid}/members/{cat_user['id']}", headers=csrf_headers(ann))
    ack = cat_sock.emit("typing", {"conversation_id": gid}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_a_member"
    received(cat_sock)
    ann_sock.emit("typing", {"conversation_id": gid}, callback=True)
    assert "typing" not in received(cat_sock)


def test_a_receipt_reaches_the_senders_whose_ticks_it_moves_and_nobody_else(
    make_client, connect
) -> None:
    (ann, ann_user), (bob, bob_user), (cat, cat_user) = (
        make_client(n) for n in ("ann", "bob", "cat")
    )
    gid = make_group(ann, "Trip", [bob_user["id"], cat_user["id"]])  # seq 1
    ann_sock, bob_sock, cat_sock = connect(ann), connect(bob), connect(cat)
    assert send(ann_sock, gid, "from ann")["ok"]  # seq 2
    assert send(bob_sock, gid, "from bob")["ok"]  # seq 3
    for sock in (ann_sock, bob_sock, cat_sock):
        received(sock)

    def reads_of_others(sock, me: dict) -> list[dict]:
        """What came within a coalescing window and a half (a held receipt goes at its end)."""
        time.sleep(COALESCE_SECONDS * 1.5)
        return [e for e in received(sock).get("read", []) if e["user_id"] != me["id"]]

    # Cat reads both: everyone has now read ann's message (bob's is unread by ann).
    assert cat_sock.emit("read", {"conversation_id": gid, "seq": 3}, callback=True)["ok"]
    assert [e["all_seq"] for e in reads_of_others(ann_sock, ann_user)] == [2]
    assert reads_of_others(bob_sock, bob_user) == []
    # Ann reads bob's: his is read by all; ann's tick is long done, cat sent nothing.
    assert ann_sock.emit("read", {"conversation_id": gid, "seq": 3}, callback=True)["ok"]
    assert [e["all_seq"] for e in reads_of_others(bob_sock, bob_user)] == [3]
    assert reads_of_others(cat_sock, cat_user) == []
    # Bob reads what he already had: nothing moves, nobody is told.
    assert bob_sock.emit("read", {"conversation_id": gid, "seq": 3}, callback=True)["ok"]
    assert reads_of_others(ann_sock, ann_user) == reads_of_others(cat_sock, cat_user) == []
