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
