"""Changing the password ends every other session of the user (OWASP ASVS 4.0.3 V3.3.3)."""

from __future__ import annotations

from chat.extensions import socketio
from chat.realtime.session_ends import close_ended_sockets
from chat.storage import get_store
from chat.storage.models import utcnow
from tests.helpers import PASSWORD, csrf_headers, refresh, signup

NEW_PASSWORD = "a brand new passphrase"


def login(app, username: str, password: str = PASSWORD):
    client = app.test_client()
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    return client, response.status_code


def change(client, current: str, new: str):
    body = {"current_password": current, "new_password": new}
    return client.post("/api/auth/password", json=body, headers=csrf_headers(client))


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, make_client) -> None:
    signup(client, "ann")
    laptop, _ = login(app, "ann")
    bob, _ = make_client("bob")
    here, there = (socketio.test_client(app, flask_test_client=c) for c in (client, laptop))
    bobs = socketio.test_client(app, flask_test_client=bob)

    response = change(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 200, response.get_json()
    assert client.get("/api/auth/me").status_code == 200  # this session goes on
    assert refresh(client).status_code == 200
    assert socketio.test_client(app, flask_test_client=client).is_connected()
    response = laptop.get("/api/auth/me")
    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"
    assert refresh(laptop).status_code == 401
    assert not there.is_connected() and bobs.is_connected()
    assert here.is_connected()  # this session's socket stays: no reconnect racing the cookies
    assert login(app, "ann")[1] == 401 and login(app, "ann", NEW_PASSWORD)[1] == 200


def test_a_wrong_current_password_changes_nothing(app, client) -> None:
    signup(client, "ann")
    laptop, _ = login(app, "ann")
    response = change(client, "not my password at all", NEW_PASSWORD)
    assert response.status_code == 400
    assert response.get_json()["code"] == "wrong_password"
    assert "current_password" in response.get_json()["fields"]
    assert laptop.get("/api/auth/me").status_code == 200
    assert login(app, "ann")[1] == 200 and login(app, "ann", NEW_PASSWORD)[1] == 401


def test_the_new_password_follows_the_policy(client) -> None:
    signup(client, "ann")
    response = change(client, PASSWORD, "password")
    assert response.status_code == 400 and "new_password" in response.get_json()["fields"]


def test_password_change_needs_the_csrf_header(client) -> None:
    signup(client, "ann")
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/api/auth/password", json=body).status_code == 403


def test_admin_reset_password_ends_every_session(app, client) -> None:
    signup(client, "ann")
    sock = socketio.test_client(app, flask_test_client=client)
    since = utcnow()
    result = app.test_cli_runner().invoke(
        args=["users", "reset-password", "ann", "--password-stdin"], input=NEW_PASSWORD
    )
    assert result.exit_code == 0, result.output
    assert client.get("/api/auth/me").status_code == 401
    assert refresh(client).status_code == 401
    with app.app_context():  # what each serving process runs every second
        assert close_ended_sockets(get_store(), since) == 1
    assert not sock.is_connected()
