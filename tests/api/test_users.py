"""Finding people: prefix search, never a dump of every user."""

from __future__ import annotations

import pytest

from tests.helpers import signup


def test_search_finds_by_username_or_name_prefix_but_not_yourself(make_client) -> None:
    ann, _ = make_client("ann", "Ann Lee")
    make_client("leeroy", "Leeroy Jenkins")
    make_client("bob", "Bob Stone")
    found = ann.get("/api/users/search?q=lee").get_json()["users"]
    assert [u["username"] for u in found] == ["leeroy"]
    assert ann.get("/api/users/search?q=STO").get_json()["users"][0]["username"] == "bob"


def test_search_limit_is_bounded(make_client) -> None:
    ann, _ = make_client("ann")
    for i in range(4):
        make_client(f"user{i}")
    assert len(ann.get("/api/users/search?q=user&limit=2").get_json()["users"]) == 2
    assert ann.get("/api/users/search?q=user&limit=51").status_code == 400


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=" + "x" * 65, "?q=a&limit=x"])
def test_search_needs_a_query(client, query) -> None:
    signup(client, "ann")
    response = client.get("/api/users/search" + query)
    assert response.status_code == 400


def test_search_needs_a_session(client) -> None:
    assert client.get("/api/users/search?q=a").status_code == 401


def test_profile_by_id_and_404(make_client) -> None:
    ann, _ = make_client("ann")
    _, bob = make_client("bob")
    assert ann.get(f"/api/users/{bob['id']}").get_json()["user"] == bob
    assert ann.get("/api/users/does-not-exist").status_code == 404


def test_renaming_yourself_shows_to_contacts_and_in_search(make_client, connect) -> None:
    from tests.helpers import client_id, csrf_headers, received

    ann, ann_user = make_client("ann", "Ann Lee")
    bob, bob_user = make_client("bob")
    ann.post(
        "/api/messages",
        json={"to": bob_user["id"], "text": "hi", "client_id": client_id()},
        headers=csrf_headers(ann),
    )
    bob_sock = connect(bob)
    received(bob_sock)
    renamed = ann.patch(
        "/api/users/me", json={"full_name": "  Ann Marie Lee "}, headers=csrf_headers(ann)
    )
    assert renamed.status_code == 200 and renamed.get_json()["user"]["full_name"] == "Ann Marie Lee"
    assert received(bob_sock)["user_updated"] == [{"user": renamed.get_json()["user"]}]
    found = bob.get("/api/users/search?q=marie").get_json()["users"]
    assert [u["id"] for u in found] == [ann_user["id"]]
    listed = bob.get("/api/conversations").get_json()["conversations"][0]
    assert listed["other"]["full_name"] == "Ann Marie Lee"
    for body in ({"full_name": ""}, {"full_name": "x" * 81}, {"full_name": {"$ne": 1}}, {}):
        bad = ann.patch("/api/users/me", json=body, headers=csrf_headers(ann))
        assert bad.status_code == 400 and "full_name" in bad.get_json()["fields"]
    assert ann.patch("/api/users/me", json={"full_name": "X"}).status_code == 403  # CSRF


def test_muting_is_yours_alone(make_client) -> None:
    from tests.helpers import csrf_headers, send_direct

    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    eve, _ = make_client("eve")
    sent = send_direct(ann, bob_user["id"]).get_json()["message"]
    path = f"/api/conversations/{sent['conversation_id']}/membership"
    muted = ann.patch(path, json={"muted": True}, headers=csrf_headers(ann))
    assert muted.status_code == 200 and muted.get_json()["conversation"]["muted"] is True
    assert ann.get("/api/conversations").get_json()["conversations"][0]["muted"] is True
    assert bob.get("/api/conversations").get_json()["conversations"][0]["muted"] is False
    assert eve.patch(path, json={"muted": True}, headers=csrf_headers(eve)).status_code == 403
    assert ann.patch(path, json={"muted": "yes"}, headers=csrf_headers(ann)).status_code == 400
    back = ann.patch(path, json={"muted": False}, headers=csrf_headers(ann))
    assert back.get_json()["conversation"]["muted"] is False
