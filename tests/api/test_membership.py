"""Muting reaches every tab of the user who muted, and nobody else."""

from __future__ import annotations

from tests.helpers import csrf_headers, received, send_direct


def test_muting_tells_your_other_tabs_and_nobody_else(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    sent = send_direct(ann, bob_user["id"]).get_json()["message"]
    conversation_id = sent["conversation_id"]
    ann_tab, bob_tab = connect(ann), connect(bob)
    received(ann_tab), received(bob_tab)

    path = f"/api/conversations/{conversation_id}/membership"
    assert ann.patch(path, json={"muted": True}, headers=csrf_headers(ann)).status_code == 200
    assert received(ann_tab).get("membership_updated") == [
        {"conversation_id": conversation_id, "muted": True}
    ]
    assert "membership_updated" not in received(bob_tab)

    ann.patch(path, json={"muted": False}, headers=csrf_headers(ann))
    assert received(ann_tab)["membership_updated"] == [
        {"conversation_id": conversation_id, "muted": False}
    ]


def test_a_refused_mute_tells_nobody(make_client, connect) -> None:
    ann, _ = make_client("ann")
    bob, bob_user = make_client("bob")
    eve, _ = make_client("eve")
    sent = send_direct(ann, bob_user["id"]).get_json()["message"]
    eve_tab = connect(eve)
    received(eve_tab)
    path = f"/api/conversations/{sent['conversation_id']}/membership"
    assert eve.patch(path, json={"muted": True}, headers=csrf_headers(eve)).status_code == 403
    assert (
        eve.patch(
            "/api/conversations/nope/membership", json={"muted": True}, headers=csrf_headers(eve)
        ).status_code
        == 404
    )
    assert "membership_updated" not in received(eve_tab)
