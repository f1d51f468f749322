"""Conversation list and history pages, and who may read them."""

from __future__ import annotations

from tests.helpers import client_id, csrf_headers


def send(client, to: str, text: str) -> dict:
    response = client.post(
        "/api/messages",
        json={"to": to, "text": text, "client_id": client_id()},
        headers=csrf_headers(client),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["message"]


def test_list_shows_other_member_and_last_message_newest_first(make_client) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    _, carol_user = make_client("carol")
    send(ann, carol_user["id"], "hi carol")
    send(bob, ann_user["id"], "hi ann")
    listed = ann.get("/api/conversations").get_json()["conversations"]
    assert [c["other"]["username"] for c in listed] == ["bob", "carol"]
    assert listed[0]["last_message"]["text"] == "hi ann"
    assert listed[0]["last_message"]["sender_id"] == bob_user["id"]
    other = bob.get("/api/conversations").get_json()["conversations"][0]["other"]
    assert other == {**ann_user, "last_seen_at": None}


def test_history_pages_back_with_the_before_cursor(make_client) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    for i in range(5):
        conv_id = send(ann, bob_user["id"], f"m{i}")["conversation_id"]
    first = bob.get(f"/api/conversations/{conv_id}/messages?limit=2").get_json()
    assert [m["text"] for m in first["messages"]] == ["m3", "m4"]
    second = bob.get(
        f"/api/conversations/{conv_id}/messages?limit=2&before={first['next_before']}"
    ).get_json()
    assert [m["text"] for m in second["messages"]] == ["m1", "m2"]
    last = bob.get(
        f"/api/conversations/{conv_id}/messages?limit=2&before={second['next_before']}"
    ).get_json()
    assert [m["text"] for m in last["messages"]] == ["m0"] and last["next_before"] is None


def test_someone_elses_conversation_is_403_and_unknown_is_404(make_client) -> None:
    ann, _ = make_client("ann")
    _, bob_user = make_client("bob")
    eve, _ = make_client("eve")
    conv_id = send(ann, bob_user["id"], "private")["conversation_id"]
    response = eve.get(f"/api/conversations/{conv_id}/messages")
    assert response.status_code == 403
    assert "private" not in response.get_data(as_text=True)
    assert eve.get("/api/conversations/424242/messages").status_code == 404
    assert eve.get("/api/conversations/not-an-id/messages").status_code == 404


def test_bad_paging_parameters_are_400(make_client) -> None:
    ann, _ = make_client("ann")
    _, bob_user = make_client("bob")
    conv_id = send(ann, bob_user["id"], "x")["conversation_id"]
    for query in ("limit=0", "limit=101", "limit=abc", "before=0", "before=-5", "before=1e99"):
        assert ann.get(f"/api/conversations/{conv_id}/messages?{query}").status_code == 400


def test_history_needs_a_session(client) -> None:
    assert client.get("/api/conversations").status_code == 401
    assert client.get("/api/conversations/1/messages").status_code == 401


def test_one_conversation_is_shown_to_members_only(make_client) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
    eve, _ = make_client("eve")
    conv_id = send(ann, bob_user["id"], "private")["conversation_id"]
    shown = bob.get(f"/api/conversations/{conv_id}").get_json()["conversation"]
    assert shown["id"] == conv_id and shown["other"]["id"] == ann_user["id"]
    assert shown["last_message"]["text"] == "private" and shown["unread"] == 1
    assert shown == bob.get("/api/conversations").get_json()["conversations"][0]
    refused = eve.get(f"/api/conversations/{conv_id}")
    assert refused.status_code == 403 and refused.get_json()["code"] == "not_a_member"
    assert "private" not in refused.get_data(as_text=True)
    for unknown in ("424242", "ffffffffffffffffffffffff", "not-an-id"):
        missing = eve.get(f"/api/conversations/{unknown}")
        assert missing.status_code == 404
        assert missing.get_json()["code"] == "conversation_not_found"
