"""Groups over HTTP: creating, managing members, roles and the title, and who may do what.
Every refusal changes nothing; every change is a system message with its own seq."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from chat.storage import get_store
from tests.helpers import client_id, csrf_headers


class Person:
    def __init__(self, client: FlaskClient, user: dict) -> None:
        self.client, self.user, self.id = client, user, user["id"]

    def call(self, method: str, path: str, body: Any = None):
        return self.client.open(path, method=method, json=body, headers=csrf_headers(self.client))

    def send(self, conversation_id: str, text: str) -> dict:
        body = {"conversation_id": conversation_id, "text": text, "client_id": client_id()}
        response = self.call("POST", "/api/messages", body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["message"]

    def history(self, conversation_id: str) -> list[dict]:
        response = self.client.get(f"/api/conversations/{conversation_id}/messages?limit=100")
        assert response.status_code == 200, response.get_json()
        return response.get_json()["messages"]

    def listed(self, conversation_id: str) -> dict:
        listed = self.client.get("/api/conversations").get_json()["conversations"]
        return next(c for c in listed if c["id"] == conversation_id)


@pytest.fixture
def people(make_client):
    def make(*names: str) -> list[Person]:
        return [Person(*make_client(name)) for name in names]

    return make


def create(owner: Person, title: str, *others: Person) -> dict:
    response = owner.call(
        "POST", "/api/conversations", {"title": title, "member_ids": [o.id for o in others]}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["conversation"]


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["code"] == code, body
    return body


def test_a_new_group_shows_its_members_roles_and_first_message(people) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    group = create(ann, "  Trip to Rome  ", bob, cat)
    assert (group["kind"], group["title"], group["my_role"], group["left"]) == (
        "group", "Trip to Rome", "owner", False,
    )  # fmt: skip
    roles = {m["user"]["username"]: m["role"] for m in group["members"]}
    assert roles == {"ann": "owner", "bob": "member", "cat": "member"}
    assert group["last_message"]["kind"] == "system"
    assert group["last_message"]["event"] == "group_created"
    assert group["unread"] == 0 and group["last_seq"] == 1
    seen_by_bob = bob.listed(group["id"])
    assert seen_by_bob["my_role"] == "member" and seen_by_bob["unread"] == 0
    [first] = bob.history(group["id"])
    assert (first["event"], first["actor_id"], sorted(first["target_ids"])) == (
        "group_created", ann.id, sorted([bob.id, cat.id]),
    )  # fmt: skip


def test_bad_groups_are_refused_and_nothing_is_made(people, app) -> None:
    ann, bob, cat, eve = people("ann", "bob", "cat", "eve")
    assert eve.call("PUT", f"/api/users/{ann.id}/block").status_code == 200
    bad = [
        ({"title": "", "member_ids": [bob.id]}, "title"),
        ({"title": "   ", "member_ids": [bob.id]}, "title"),
        ({"title": "x" * 81, "member_ids": [bob.id]}, "title"),
        ({"title": 42, "member_ids": [bob.id]}, "title"),
        ({"title": {"$gt": ""}, "member_ids": [bob.id]}, "title"),
        ({"title": "T", "member_ids": []}, "member_ids"),
        ({"title": "T", "member_ids": [ann.id]}, "member_ids"),  # nobody else
        ({"title": "T", "member_ids": [bob.id, bob.id]}, "member_ids"),
        ({"title": "T", "member_ids": [bob.id, "424242"]}, "member_ids"),
        ({"title": "T", "member_ids": [bob.id, "not-an-id"]}, "member_ids"),
        ({"title": "T", "member_ids": [eve.id]}, "member_ids"),  # eve blocked ann
        ({"title": "T", "member_ids": {"$ne": None}}, "member_ids"),
        ({"title": "T", "member_ids": [{"$ne": None}]}, "member_ids.0"),
        ({"title": "T"}, "member_ids"),
    ]
    for body, field in bad:
        answer = refused(ann.call("POST", "/api/conversations", body), 400, "invalid_input")
        assert field in answer["fields"], (body, answer)
    app.config["GROUP_MAX_MEMBERS"] = 2
    answer = refused(
        ann.call("POST", "/api/conversations", {"title": "T", "member_ids": [bob.id, cat.id]}),
        400, "invalid_input",
    )  # fmt: skip
    assert "at most 2" in answer["fields"]["member_ids"][0]
    assert ann.client.get("/api/conversations").get_json()["conversations"] == []


def test_257_members_are_too_many(people, app) -> None:
    """The default GROUP_MAX_MEMBERS (256, the creator included): 255 others fit, 256 do not."""
    (ann,) = people("ann")
    with app.app_context():
        store = get_store()
        others = [store.users.create(f"user{i:03d}", f"User {i}", "h").id for i in range(256)]
    assert app.config["GROUP_MAX_MEMBERS"] == 256
    body = {"title": "Big", "member_ids": others}  # 257 with ann
    answer = refused(ann.call("POST", "/api/conversations", body), 400, "invalid_input")
    assert answer["fields"]["member_ids"] == ["A group has at most 256 members"]
    assert ann.client.get("/api/conversations").get_json()["conversations"] == []
    group = create(ann, "Just fits", *[Person(ann.client, {"id": o}) for o in others[:255]])
    assert len(group["members"]) == 256
    one_more = {"user_ids": [others[255]]}
    refused(
        ann.call("POST", f"/api/conversations/{group['id']}/members", one_more),
        400,
        "invalid_input",
    )


def test_managing_needs_the_right_role(people) -> None:
    ann, bob, cat, dan = people("ann", "bob", "cat", "dan")
    gid = create(ann, "Team", bob, cat)["id"]
    base = f"/api/conversations/{gid}"
    # A member may not rename, add, remove others or change roles.
    refused(bob.call("PATCH", base, {"title": "Mine"}), 403, "not_allowed")
    refused(bob.call("POST", f"{base}/members", {"user_ids": [dan.id]}), 403, "not_allowed")
    refused(bob.call("DELETE", f"{base}/members/{cat.id}"), 403, "not_allowed")
    refused(bob.call("PATCH", f"{base}/members/{cat.id}", {"role": "admin"}), 403, "not_allowed")
    # The owner makes bob an admin: he manages members and the title, not roles, not owners.
    promoted = ann.call("PATCH", f"{base}/members/{bob.id}", {"role": "admin"})
    assert promoted.status_code == 200
    assert (
        bob.call("PATCH", base, {"title": "Team 2"}).get_json()["conversation"]["title"] == "Team 2"
    )
    added = bob.call("POST", f"{base}/members", {"user_ids": [dan.id]}).get_json()["conversation"]
    assert {m["user"]["id"] for m in added["members"]} == {ann.id, bob.id, cat.id, dan.id}
    refused(bob.call("PATCH", f"{base}/members/{dan.id}", {"role": "admin"}), 403, "not_allowed")
    refused(bob.call("DELETE", f"{base}/members/{ann.id}"), 403, "not_allowed")
    refused(bob.call("POST", f"{base}/members", {"user_ids": [cat.id]}), 400, "invalid_input")
    refused(bob.call("PATCH", f"{base}/members/{dan.id}", {"role": "king"}), 400, "invalid_input")
    assert bob.call("DELETE", f"{base}/members/{cat.id}").status_code == 200
    events = [m["event"] for m in ann.history(gid) if m["kind"] == "system"]
    assert events == [
        "group_created", "role_changed", "title_changed", "member_added", "member_removed",
    ]  # fmt: skip
    seqs = [m["seq"] for m in ann.history(gid)]
    assert seqs == sorted(set(seqs))


def test_outsiders_get_403_and_unknown_groups_404(people) -> None:
    ann, bob, eve = people("ann", "bob", "eve")
    gid = create(ann, "Private", bob)["id"]
    ann.send(gid, "secret plans")
    base = f"/api/conversations/{gid}"
    for method, path, body in [
        ("GET", base, None),
        ("GET", f"{base}/messages", None),
        ("PATCH", base, {"title": "Mine"}),
        ("POST", f"{base}/members", {"user_ids": [eve.id]}),
        ("DELETE", f"{base}/members/{bob.id}", None),
        ("PATCH", f"{base}/members/{bob.id}", {"role": "owner"}),
        ("GET", f"{base}/messages/2/readers", None),
    ]:
        answer = refused(eve.call(method, path, body), 403, "not_a_member")
        assert "secret" not in str(answer)
    body = {"conversation_id": gid, "text": "let me in", "client_id": client_id()}
    refused(eve.call("POST", "/api/messages", body), 403, "not_a_member")
    refused(eve.call("GET", "/api/conversations/424242"), 404, "conversation_not_found")
    refused(
        eve.call("PATCH", "/api/conversations/424242", {"title": "x"}),
        404,
        "conversation_not_found",
    )
    assert [m["text"] for m in ann.history(gid) if m["kind"] == "text"] == ["secret plans"]


def test_a_direct_conversation_has_no_members_to_manage(people) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    sent = ann.call("POST", "/api/messages", {"to": bob.id, "text": "hi", "client_id": client_id()})
    direct = sent.get_json()["message"]["conversation_id"]
    refused(ann.call("PATCH", f"/api/conversations/{direct}", {"title": "x"}), 400, "not_a_group")
    refused(
        ann.call("POST", f"/api/conversations/{direct}/members", {"user_ids": [cat.id]}),
        400, "not_a_group",
    )  # fmt: skip
    refused(ann.call("DELETE", f"/api/conversations/{direct}/members/{bob.id}"), 400, "not_a_group")
    listed = ann.listed(direct)
    assert listed["kind"] == "direct" and listed["other"]["id"] == bob.id


def test_a_removed_member_keeps_history_up_to_removal_only(people) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    gid = create(ann, "Club", bob, cat)["id"]
    ann.send(gid, "before")
    assert ann.call("DELETE", f"/api/conversations/{gid}/members/{cat.id}").status_code == 200
    ann.send(gid, "after")
    cat_view = cat.listed(gid)
    assert cat_view["left"] is True and cat_view["my_role"] is None and cat_view["unread"] == 0
    assert cat_view["last_message"]["event"] == "member_removed"
    texts = [m["text"] for m in cat.history(gid) if m["kind"] == "text"]
    assert texts == ["before"]
    assert [m["event"] for m in cat.history(gid) if m["kind"] == "system"][-1] == "member_removed"
    body = {"conversation_id": gid, "text": "still here?", "client_id": client_id()}
    refused(cat.call("POST", "/api/messages", body), 403, "not_a_member")
    refused(cat.call("PATCH", f"/api/conversations/{gid}", {"title": "x"}), 403, "not_a_member")
    assert "after" not in str(cat.client.get(f"/api/conversations/{gid}").get_json())


def test_new_members_see_history_from_their_arrival(people) -> None:
    ann, bob, dan = people("ann", "bob", "dan")
    gid = create(ann, "Club", bob)["id"]
    ann.send(gid, "old news")
    ann.call("POST", f"/api/conversations/{gid}/members", {"user_ids": [dan.id]})
    ann.send(gid, "welcome dan")
    history = dan.history(gid)
    assert [m.get("event") or m["text"] for m in history] == ["member_added", "welcome dan"]
    assert dan.listed(gid)["unread"] == 1


def test_the_last_owner_leaving_hands_over_to_the_oldest_admin_else_member(people) -> None:
    ann, bob, cat, dan = people("ann", "bob", "cat", "dan")
    gid = create(ann, "Family", bob, cat)["id"]
    base = f"/api/conversations/{gid}"
    ann.call("POST", f"{base}/members", {"user_ids": [dan.id]})
    ann.call("PATCH", f"{base}/members/{dan.id}", {"role": "admin"})  # the only admin
    left = ann.call("DELETE", f"{base}/members/{ann.id}").get_json()["conversation"]
    assert left["left"] is True
    roles = {m["user"]["username"]: m["role"] for m in bob.listed(gid)["members"]}
    assert roles == {"bob": "member", "cat": "member", "dan": "owner"}
    events = [m["event"] for m in bob.history(gid) if m["kind"] == "system"][-2:]
    assert events == ["role_changed", "member_left"]
    # No admin left: the oldest member (bob joined before dan and with cat) takes over.
    dan.call("DELETE", f"{base}/members/{dan.id}")
    roles = {m["user"]["username"]: m["role"] for m in cat.listed(gid)["members"]}
    assert roles == {"bob": "owner", "cat": "member"}


def test_a_group_keeps_an_owner(people) -> None:
    ann, bob = people("ann", "bob")
    gid = create(ann, "Duo", bob)["id"]
    path = f"/api/conversations/{gid}/members/{ann.id}"
    answer = refused(ann.call("PATCH", path, {"role": "admin"}), 400, "invalid_input")
    assert "role" in answer["fields"]
    ann.call("PATCH", f"/api/conversations/{gid}/members/{bob.id}", {"role": "owner"})
    assert ann.call("PATCH", path, {"role": "member"}).status_code == 200
    assert ann.listed(gid)["my_role"] == "member"


def test_system_messages_are_not_unread_and_text_is_for_the_others(people) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    gid = create(ann, "Count", bob, cat)["id"]
    ann.call("PATCH", f"/api/conversations/{gid}", {"title": "Count 2"})
    assert bob.listed(gid)["unread"] == 0
    ann.send(gid, "one")
    ann.send(gid, "two")
    assert (ann.listed(gid)["unread"], bob.listed(gid)["unread"]) == (0, 2)
    bob.send(gid, "three")
    assert (bob.listed(gid)["unread"], cat.listed(gid)["unread"]) == (0, 3)
    assert cat.listed(gid)["last_message"]["sender_id"] == bob.id


def test_readers_say_who_read_and_who_only_received(people, connect) -> None:
    ann, bob, cat = people("ann", "bob", "cat")
    gid = create(ann, "Tick", bob, cat)["id"]
    seq = ann.send(gid, "hello")["seq"]
    bob_sock, cat_sock = connect(bob.client), connect(cat.client)
    assert bob_sock.emit("read", {"conversation_id": gid, "seq": seq}, callback=True)["ok"]
    assert cat_sock.emit("delivered", {"conversation_id": gid, "seq": seq}, callback=True)["ok"]
    readers = ann.client.get(f"/api/conversations/{gid}/messages/{seq}/readers").get_json()
    assert [u["id"] for u in readers["read"]] == [bob.id]
    assert [u["id"] for u in readers["delivered"]] == [cat.id]
    group = ann.listed(gid)
    # Delivered to all; read by all only once cat reads too.
    assert (group["peer_delivered_seq"], group["peer_read_seq"]) == (seq, 0)
    assert cat_sock.emit("read", {"conversation_id": gid, "seq": seq}, callback=True)["ok"]
    assert ann.listed(gid)["peer_read_seq"] == seq
    refused(
        ann.call("GET", f"/api/conversations/{gid}/messages/99/readers"), 404, "message_not_found"
    )
    refused(
        ann.call("GET", f"/api/conversations/{gid}/messages/0/readers"), 404, "message_not_found"
    )


def test_a_reader_who_hides_read_receipts_shows_as_delivered(people, connect) -> None:
    ann, bob = people("ann", "bob")
    gid = create(ann, "Quiet", bob)["id"]
    answer = bob.call("PATCH", "/api/users/me/settings", {"share_read_receipts": False})
    assert answer.get_json()["settings"]["share_read_receipts"] is False
    seq = ann.send(gid, "did you read this?")["seq"]
    ann_sock, bob_sock = connect(ann.client), connect(bob.client)
    ann_sock.get_received()
    ack = bob_sock.emit("read", {"conversation_id": gid, "seq": seq}, callback=True)
    assert ack == {"ok": True, "seq": seq, "unread": 0, "unread_mentions": 0}
    got = {m["name"]: m["args"][0] for m in ann_sock.get_received()}
    assert "read" not in got and got["delivered"]["seq"] == seq
    readers = ann.client.get(f"/api/conversations/{gid}/messages/{seq}/readers").get_json()
    assert (readers["read"], [u["id"] for u in readers["delivered"]]) == ([], [bob.id])
    assert bob.listed(gid)["unread"] == 0


def test_settings_take_known_switches_as_booleans_only(people) -> None:
    (ann,) = people("ann")
    assert ann.client.get("/api/users/me/settings").get_json() == {
        "settings": {
            "share_typing": True,
            "share_read_receipts": True,
            "notifications": True,
            "sound": True,
            "theme": "system",
        }
    }
    for body, field in [
        ({"share_typing": "false"}, "share_typing"),
        ({"share_typing": 0}, "share_typing"),
        ({"share_typing": {"$ne": True}}, "share_typing"),
        ({"theme": "neon"}, "theme"),
        ({"theme": True}, "theme"),
        ({"colour": "red"}, "colour"),
    ]:
        answer = refused(ann.call("PATCH", "/api/users/me/settings", body), 400, "invalid_input")
        assert field in answer["fields"]
    assert ann.client.get("/api/users/me/settings").get_json()["settings"]["share_typing"] is True
    dark = ann.call("PATCH", "/api/users/me/settings", {"theme": "dark", "sound": False})
    assert dark.get_json()["settings"]["theme"] == "dark"
    assert ann.client.get("/api/users/me/settings").get_json()["settings"]["sound"] is False
