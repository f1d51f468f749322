"""Edit, delete, react, reply and mention over the socket: each action, who may, each refusal
(and that it changes nothing), and a sync that brings an offline client every change."""

from __future__ import annotations

import pytest

from tests.helpers import client_id, csrf_headers, received


@pytest.fixture
def trio(make_client, connect):
    """ann (owner), bob and cat in a group, each with a socket; plus a stranger, eve."""
    (ann, ann_u), (bob, bob_u), (cat, cat_u), (eve, _) = (
        make_client(n) for n in ("ann", "bob", "cat", "eve")
    )
    group = ann.post(
        "/api/conversations",
        json={"title": "Trio", "member_ids": [bob_u["id"], cat_u["id"]]},
        headers=csrf_headers(ann),
    ).get_json()["conversation"]["id"]
    socks = {
        name: connect(c) for name, c in (("ann", ann), ("bob", bob), ("cat", cat), ("eve", eve))
    }
    for sock in socks.values():
        received(sock)
    ids = {"ann": ann_u["id"], "bob": bob_u["id"], "cat": cat_u["id"]}
    return group, socks, ids, {"ann": ann, "bob": bob, "cat": cat}


def send(sock, group: str, text: str, **extra) -> dict:
    payload = {"conversation_id": group, "text": text, "client_id": client_id(), **extra}
    ack = sock.emit("send_message", payload, callback=True)
    assert ack["ok"], ack
    return ack["message"]


def act(sock, event: str, **payload) -> dict:
    return sock.emit(event, payload, callback=True)


def refused(ack: dict, code: str) -> None:
    assert ack["ok"] is False and ack["error"] == code, ack


def test_an_edit_reaches_the_others_and_replaces_the_text(trio, app) -> None:
    group, socks, ids, clients = trio
    message = send(socks["ann"], group, "helo")
    received(socks["bob"])
    ack = act(socks["ann"], "edit_message", message_id=message["id"], text="  hello  ")
    assert ack["ok"] and ack["message"]["text"] == "hello" and ack["message"]["edited_at"]
    [update] = received(socks["bob"])["message_updated"]
    assert update["message"]["text"] == "hello" and update["message"]["change_seq"] == 1
    history = clients["cat"].get(f"/api/conversations/{group}/messages").get_json()["messages"]
    assert [m["text"] for m in history if m["kind"] == "text"] == ["hello"]
    # Refusals, each changing nothing.
    refused(act(socks["bob"], "edit_message", message_id=message["id"], text="mine"), "not_yours")
    refused(act(socks["eve"], "edit_message", message_id=message["id"], text="x"), "not_a_member")
    refused(act(socks["ann"], "edit_message", message_id="424242", text="x"), "message_not_found")
    refused(act(socks["ann"], "edit_message", message_id=message["id"], text=" "), "invalid_input")
    refused(act(socks["ann"], "edit_message", message_id=message["id"], text=42), "invalid_input")
    refused(act(socks["ann"], "edit_message", message_id={"$ne": None}, text="x"), "invalid_input")
    app.config["EDIT_WINDOW_MINUTES"] = 1e-9  # the message is older than the window now
    refused(
        act(socks["ann"], "edit_message", message_id=message["id"], text="late"),
        "edit_window_passed",
    )
    first = clients["ann"].get(f"/api/conversations/{group}/messages").get_json()["messages"][0]
    refused(
        act(socks["ann"], "edit_message", message_id=first["id"], text="x"), "not_a_text_message"
    )
    history = clients["cat"].get(f"/api/conversations/{group}/messages").get_json()["messages"]
    assert [m["text"] for m in history if m["kind"] == "text"] == ["hello"]
    assert "message_updated" not in received(socks["bob"])


def test_deleting_leaves_a_tombstone_for_everyone_once(trio) -> None:
    group, socks, ids, clients = trio
    own = send(socks["bob"], group, "oops")
    act(socks["cat"], "react", message_id=own["id"], emoji="😂", on=True)
    received(socks["ann"])
    refused(act(socks["cat"], "delete_message", message_id=own["id"]), "not_yours")
    ack = act(socks["bob"], "delete_message", message_id=own["id"])
    tombstone = ack["message"]
    assert (tombstone["deleted"], tombstone["text"], tombstone["reactions"]) == (True, None, [])
    assert tombstone["seq"] == own["seq"]
    assert received(socks["ann"])["message_updated"][0]["message"] == {**tombstone}
    again = act(socks["bob"], "delete_message", message_id=own["id"])
    assert again["ok"] and again["message"]["deleted"]
    assert "message_updated" not in received(socks["ann"])  # nothing changed the second time
    refused(act(socks["bob"], "edit_message", message_id=own["id"], text="back"), "message_deleted")
    refused(
        act(socks["ann"], "react", message_id=own["id"], emoji="👍", on=True), "message_deleted"
    )
    # The group's owner may delete anyone's message.
    cats = send(socks["cat"], group, "rude")
    assert act(socks["ann"], "delete_message", message_id=cats["id"])["message"]["deleted"]
    listed = clients["bob"].get("/api/conversations").get_json()["conversations"][0]
    assert listed["last_message"]["deleted"] is True and listed["last_message"]["text"] is None


def test_reactions_toggle_idempotently_and_are_bounded(trio) -> None:
    group, socks, ids, _ = trio
    message = send(socks["ann"], group, "vote")
    received(socks["ann"])
    ack = act(socks["bob"], "react", message_id=message["id"], emoji="👍", on=True)
    assert ack["message"]["reactions"] == [
        {"emoji": "👍", "count": 1, "user_ids": [ids["bob"]], "mine": True}
    ]
    again = act(socks["bob"], "react", message_id=message["id"], emoji="👍", on=True)
    assert again["message"]["reactions"][0]["count"] == 1
    [event] = received(socks["ann"])["reaction"]  # the second changed nothing: no event
    assert event == {
        "conversation_id": group, "message_id": message["id"], "emoji": "👍",
        "user_id": ids["bob"], "on": True, "change_seq": 1,
    }  # fmt: skip
    for emoji in ("a", "👍👍", ":)", "", "👍 ", 7, None, {"$ne": 1}):
        refused(
            act(socks["bob"], "react", message_id=message["id"], emoji=emoji, on=True),
            "invalid_input",
        )
    refused(
        act(socks["bob"], "react", message_id=message["id"], emoji="👍", on="yes"), "invalid_input"
    )
    refused(
        act(socks["eve"], "react", message_id=message["id"], emoji="👍", on=True), "not_a_member"
    )
    for emoji in "😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗😚":  # 19 more: 20 distinct
        assert act(socks["cat"], "react", message_id=message["id"], emoji=emoji, on=True)["ok"]
    refused(
        act(socks["cat"], "react", message_id=message["id"], emoji="🐢", on=True),
        "too_many_reactions",
    )
    off = act(socks["bob"], "react", message_id=message["id"], emoji="👍", on=False)
    assert "👍" not in [r["emoji"] for r in off["message"]["reactions"]]
    assert (
        "👍🏽" and act(socks["cat"], "react", message_id=message["id"], emoji="👍🏽", on=True)["ok"]
    )


def test_replies_quote_the_current_text_of_their_target(trio, make_client) -> None:
    group, socks, ids, clients = trio
    asked = send(socks["ann"], group, "Lunch at noon? " + "x" * 200)
    reply = send(socks["bob"], group, "yes!", reply_to=asked["id"])
    quote = reply["reply_to"]
    assert (quote["id"], quote["seq"], quote["sender_id"]) == (
        asked["id"],
        asked["seq"],
        ids["ann"],
    )
    assert quote["excerpt"] == asked["text"][:100]
    act(socks["ann"], "edit_message", message_id=asked["id"], text="Lunch at one?")
    history = clients["cat"].get(f"/api/conversations/{group}/messages").get_json()["messages"]
    assert history[-1]["reply_to"]["excerpt"] == "Lunch at one?"
    act(socks["ann"], "delete_message", message_id=asked["id"])
    history = clients["cat"].get(f"/api/conversations/{group}/messages").get_json()["messages"]
    assert history[-1]["reply_to"]["excerpt"] is None
    ack = socks["bob"].emit(
        "send_message",
        {
            "conversation_id": group,
            "text": "late",
            "client_id": client_id(),
            "reply_to": asked["id"],
        },
        callback=True,
    )
    refused(ack, "message_deleted")
    # A message of another conversation is not there to answer.
    other = (
        clients["ann"]
        .post(
            "/api/messages",
            json={"to": ids["cat"], "text": "psst", "client_id": client_id()},
            headers=csrf_headers(clients["ann"]),
        )
        .get_json()["message"]
    )
    ack = socks["bob"].emit(
        "send_message",
        {"conversation_id": group, "text": "?", "client_id": client_id(), "reply_to": other["id"]},
        callback=True,
    )
    refused(ack, "message_not_found")


def test_mentions_are_members_named_and_count_until_read(trio) -> None:
    group, socks, ids, clients = trio
    said = send(socks["bob"], group, "@cat and @nobody, see @ann.")
    assert sorted(said["mentions"]) == sorted([ids["cat"], ids["ann"]])
    listed = {
        c["id"]: c for c in clients["cat"].get("/api/conversations").get_json()["conversations"]
    }
    assert listed[group]["unread_mentions"] == 1
    everyone = send(socks["bob"], group, "@all hello")  # bob is a member, not owner or admin
    assert everyone["mentions"] == []
    by_owner = send(socks["ann"], group, "@all meeting now")
    assert sorted(by_owner["mentions"]) == sorted([ids["bob"], ids["cat"]])
    listed = {
        c["id"]: c for c in clients["cat"].get("/api/conversations").get_json()["conversations"]
    }
    assert listed[group]["unread_mentions"] == 2
    act(socks["cat"], "read", conversation_id=group, seq=by_owner["seq"])
    listed = {
        c["id"]: c for c in clients["cat"].get("/api/conversations").get_json()["conversations"]
    }
    assert listed[group]["unread_mentions"] == 0
    direct = (
        clients["ann"]
        .post(
            "/api/messages",
            json={"to": ids["bob"], "text": "@bob hi", "client_id": client_id()},
            headers=csrf_headers(clients["ann"]),
        )
        .get_json()["message"]
    )
    assert direct["mentions"] == []  # mentions are for groups


def test_an_offline_client_syncs_every_change_and_only_the_changes(trio, connect) -> None:
    group, socks, ids, clients = trio
    messages = [send(socks["ann"], group, f"m{i}") for i in range(30)]
    held = messages[-1]["seq"]
    cursor = clients["cat"].get("/api/conversations").get_json()["conversations"][0]["last_change"]
    socks["cat"].disconnect()  # cat goes offline holding everything so far
    act(socks["ann"], "edit_message", message_id=messages[3]["id"], text="m3, edited")
    act(socks["bob"], "react", message_id=messages[5]["id"], emoji="🎉", on=True)
    act(socks["ann"], "delete_message", message_id=messages[7]["id"])
    act(socks["bob"], "react", message_id=messages[5]["id"], emoji="🎉", on=False)
    act(socks["bob"], "react", message_id=messages[9]["id"], emoji="👍", on=True)
    new = send(socks["ann"], group, "after")
    act(socks["bob"], "react", message_id=new["id"], emoji="👍", on=True)

    cat = connect(clients["cat"])
    ack = act(cat, "sync", cursors={group: held}, changes={group: cursor})
    assert ack["ok"] and ack["more"] is False
    assert [m["text"] for m in ack["messages"]] == ["after"]  # new: in its current state
    assert ack["messages"][0]["reactions"][0]["emoji"] == "👍"
    changed = {m["id"]: m for m in ack["changed"]}
    assert set(changed) == {
        messages[3]["id"],
        messages[5]["id"],
        messages[7]["id"],
        messages[9]["id"],
    }
    assert changed[messages[3]["id"]]["text"] == "m3, edited"
    assert changed[messages[5]["id"]]["reactions"] == []
    assert changed[messages[7]["id"]]["deleted"] is True
    assert changed[messages[9]["id"]]["reactions"][0]["user_ids"] == [ids["bob"]]
    latest = clients["cat"].get("/api/conversations").get_json()["conversations"][0]["last_change"]
    assert ack["change_cursors"] == {group: latest}
    # Caught up: the same cursors now bring nothing.
    again = act(cat, "sync", cursors={group: new["seq"]}, changes={group: latest})
    assert (again["messages"], again["changed"], again["more"]) == ([], [], False)
    # A small limit pages the changes with `more`, and ends with every one of them.
    seen, cursors = {}, {group: cursor}
    for _ in range(10):
        page = act(cat, "sync", cursors={group: new["seq"]}, changes=cursors, limit=2)
        seen.update({m["id"]: m for m in page["changed"]})
        cursors.update(page["change_cursors"])
        if not page["more"]:
            break
    assert set(changed) <= set(seen) and cursors == {group: latest}
