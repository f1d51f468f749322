"""Presence: online while any socket is connected; a list on connect, updates after."""

from __future__ import annotations

from tests.helpers import received


def test_connect_gets_online_list_and_others_get_presence(make_client, connect) -> None:
    ann, ann_user = make_client("ann")
    bob, bob_user = make_client("bob")
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
    ann_sock = connect(ann)
    bob_tab1, bob_tab2 = connect(bob), connect(bob)
    received(ann_sock)

    bob_tab1.disconnect()
    assert "presence" not in received(ann_sock)
    bob_tab2.disconnect()
    assert received(ann_sock)["presence"] == [{"user_id": bob_user["id"], "online": False}]
