"""`flask users …` through click's runner, checked through the HTTP API where it matters."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from chat.storage import Store
from chat.storage.models import utcnow
from tests.files import send_files, uploaded
from tests.helpers import PASSWORD, csrf_headers, signup

NEW_PASSWORD = "a much better passphrase"


def login(client: FlaskClient, username: str, password: str):
    return client.post("/api/auth/login", json={"username": username, "password": password})


def test_create_then_sign_in_with_that_password(cli, client: FlaskClient) -> None:
    result = cli("users", "create", "ann", "--name", "Ann Lee", "--password-stdin", input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "created user ann (id " in result.output
    response = login(client, "ann", PASSWORD)
    assert response.status_code == 200
    assert response.get_json()["user"]["full_name"] == "Ann Lee"


def test_create_prompts_twice_for_the_password(cli) -> None:
    result = cli("users", "create", "bob", "--gender", "male", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("users", "show", "bob", "--json").output)
    assert (shown["full_name"], shown["gender"], shown["status"]) == ("bob", "male", "active")


def test_create_refuses_what_signup_refuses(cli, client: FlaskClient, app_store: Store) -> None:
    signup(client, "ann")
    cases = [
        (["ann"], PASSWORD, "username 'ann' is taken"),
        (["no-dash"], PASSWORD, "username refused"),
        (["carol"], "password", "password refused"),
        (["carol"], "short", "password refused"),
        (["carol", "--name", "  "], PASSWORD, "full name"),
    ]
    for args, password, message in cases:
        result = cli("users", "create", *args, "--password-stdin", input=password)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output
    assert app_store.users.count() == 1


def test_list_and_show(cli, client: FlaskClient, app: Flask) -> None:
    ann, bob = signup(client, "ann", "Ann Lee"), signup(app.test_client(), "bob")
    cli("users", "deactivate", "bob", "--yes")
    listed = cli("users", "list", "--batch-size", "1")
    assert listed.exit_code == 0
    lines = listed.output.strip().splitlines()
    assert lines[0] == "id\tusername\tstatus\tcreated_at\tfull_name"
    assert [line.split("\t")[1:3] for line in lines[1:]] == [
        ["ann", "active"],
        ["bob", "deactivated"],
    ]
    only = [
        json.loads(line)
        for line in cli("users", "list", "--inactive", "--json").output.splitlines()
    ]
    assert [u["id"] for u in only] == [bob["id"]] and only[0]["deactivated_at"]
    by_id = cli("users", "show", ann["id"])
    assert (
        by_id.exit_code == 0
        and "username: ann" in by_id.output
        and "full_name: Ann Lee" in by_id.output
    )
    missing = cli("users", "show", "nobody")
    assert missing.exit_code == 1 and "no user with username or id 'nobody'" in missing.output


def test_deactivated_account_is_refused_with_403_only_after_the_right_password(
    cli, client: FlaskClient, app: Flask, app_store: Store
) -> None:
    ann = signup(client, "ann")
    assert client.get("/api/auth/me").status_code == 200
    since = utcnow()
    declined = cli("users", "deactivate", "ann", input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert client.get("/api/auth/me").status_code == 200

    result = cli("users", "deactivate", "ann", "--yes")
    assert result.exit_code == 0 and "deactivated ann" in result.output
    assert app_store.users.deactivated_since(since) == [ann["id"]]
    assert client.get("/api/auth/me").status_code == 401  # the open session ends
    fresh = app.test_client()
    assert login(fresh, "ann", "wrong password here").status_code == 401
    refused = login(fresh, "ann", PASSWORD)
    assert refused.status_code == 403 and refused.get_json()["code"] == "account_disabled"
    assert "already deactivated" in cli("users", "deactivate", "ann").output

    assert cli("users", "reactivate", ann["id"]).exit_code == 0
    assert login(fresh, "ann", PASSWORD).status_code == 200
    assert app_store.users.deactivated_since(since) == []
    assert "already active" in cli("users", "reactivate", "ann").output


def test_reset_password(cli, client: FlaskClient) -> None:
    signup(client, "ann")
    weak = cli("users", "reset-password", "ann", "--password-stdin", input="ann")
    assert weak.exit_code == 1 and "password refused" in weak.output
    mismatch = cli(
        "users", "reset-password", "ann", input=f"{NEW_PASSWORD}\nother words here\n" * 3
    )
    assert mismatch.exit_code == 1
    result = cli("users", "reset-password", "ann", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0 and "password of ann changed" in result.output
    assert login(client, "ann", PASSWORD).status_code == 401
    assert login(client, "ann", NEW_PASSWORD).status_code == 200
    assert (
        cli("users", "reset-password", "nobody", "--password-stdin", input=NEW_PASSWORD).exit_code
        == 1
    )


def test_delete_policy(cli, app: Flask, app_store: Store) -> None:
    """Deleting bob: his messages go, ann keeps hers and the conversation; cat's conversation
    with bob goes whole once cat is deleted too; the account is an unusable placeholder."""
    ann_client, bob_client, cat_client = (app.test_client() for _ in range(3))
    ann, bob, cat = (
        signup(c, n) for c, n in ((ann_client, "ann"), (bob_client, "bob"), (cat_client, "cat"))
    )
    for sender, to, text in [
        (ann_client, bob, "a1"),
        (bob_client, ann, "b1"),
        (ann_client, bob, "a2"),
        (bob_client, ann, "b2"),
        (cat_client, bob, "c1"),
        (bob_client, cat, "b3"),
    ]:
        response = sender.post(
            "/api/messages",
            json={"to": to["id"], "text": text, "client_id": f"client-{text}"},
            headers=csrf_headers(sender),
        )
        assert response.status_code == 201, response.get_json()
    store = app_store
    [with_bob] = ann_client.get("/api/conversations").get_json()["conversations"]
    assert with_bob["unread"] == 1

    declined = cli("users", "delete", "bob", input="n\n")
    assert declined.exit_code == 1 and store.users.get(bob["id"]).active
    result = cli("users", "delete", "bob", "--yes", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert f"deleted bob (now deleted-{bob['id']}): 3 message(s)" in result.output
    assert "0 conversation(s) deleted, 2 conversation(s) kept" in result.output

    [kept] = ann_client.get("/api/conversations").get_json()["conversations"]
    assert kept["other"]["username"] == f"deleted-{bob['id']}"
    assert kept["other"]["full_name"] == "Deleted user"
    assert (kept["unread"], kept["last_message"]["text"]) == (0, "a2")
    history = ann_client.get(f"/api/conversations/{kept['id']}/messages").get_json()["messages"]
    assert [(m["seq"], m["text"]) for m in history] == [(1, "a1"), (3, "a2")]
    assert login(app.test_client(), "bob", PASSWORD).status_code == 401
    assert bob_client.get("/api/auth/me").status_code == 401
    assert ann_client.get("/api/users/search?q=bob").get_json()["users"] == []

    again = cli("users", "delete", f"deleted-{bob['id']}", "--yes")
    assert again.exit_code == 0 and "0 message(s)" in again.output
    assert cli("users", "reactivate", f"deleted-{bob['id']}").exit_code == 1

    gone = cli("users", "delete", cat["id"], "--yes")
    assert gone.exit_code == 0 and "1 message(s) and 1 conversation(s) deleted" in gone.output
    assert store.conversations.count() == 1 and store.messages.count() == 2
    assert store.users.count() == 3 and store.users.count(active=True) == 1


def test_deleting_a_group_member(cli, app: Flask, app_store: Store) -> None:
    """In a group the deleted user's messages go and they leave it (an owner hands ownership
    on); the others keep theirs and their unread counts no longer count the removed ones."""
    ann_client, bob_client, cat_client = (app.test_client() for _ in range(3))
    ann, bob, cat = (
        signup(c, n) for c, n in ((ann_client, "ann"), (bob_client, "bob"), (cat_client, "cat"))
    )
    group = ann_client.post(
        "/api/conversations",
        json={"title": "Club", "member_ids": [bob["id"], cat["id"]]},
        headers=csrf_headers(ann_client),
    ).get_json()["conversation"]["id"]
    for sender, text in ((ann_client, "a1"), (bob_client, "b1"), (ann_client, "a2")):
        sender.post(
            "/api/messages",
            json={"conversation_id": group, "text": text, "client_id": f"client-{text}"},
            headers=csrf_headers(sender),
        )
    result = cli("users", "delete", "ann", "--yes")
    assert result.exit_code == 0, result.output
    view = bob_client.get(f"/api/conversations/{group}").get_json()["conversation"]
    roles = {m["user"]["username"]: m["role"] for m in view["members"]}
    assert roles == {"bob": "owner", "cat": "member"}  # the oldest member takes over
    texts = [m["text"] for m in bob_client.get(f"/api/conversations/{group}/messages")
             .get_json()["messages"] if m["kind"] == "text"]  # fmt: skip
    assert texts == ["b1"]
    assert (view["unread"], cat_client.get(f"/api/conversations/{group}").get_json()[
        "conversation"]["unread"]) == (0, 1)  # fmt: skip


def test_deleting_an_account_deletes_its_files(cli, app: Flask, app_store: Store) -> None:
    ann_client, bob_client = app.test_client(), app.test_client()
    ann = signup(ann_client, "ann")
    signup(bob_client, "bob")
    body = {"to": ann["id"], "text": "hi", "client_id": "client-hi-0001"}
    conv = bob_client.post("/api/messages", json=body, headers=csrf_headers(bob_client))
    conv_id = conv.get_json()["message"]["conversation_id"]
    sent = uploaded(bob_client, conv_id, b"bob's file", "b.txt")
    assert send_files(bob_client, conv_id, [sent["id"]]).status_code == 201
    unsent = uploaded(bob_client, conv_id, b"draft", "d.txt")
    assert ann_client.get(sent["url"]).status_code == 200
    assert cli("users", "delete", "bob", "--yes").exit_code == 0
    assert app_store.attachments.get_many([sent["id"], unsent["id"]]) == {}
    assert ann_client.get(sent["url"]).status_code == 404
