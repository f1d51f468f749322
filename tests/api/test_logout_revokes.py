"""Logout ends the session server-side: both its tokens, and every socket opened with it."""

from __future__ import annotations

import time

from chat.extensions import socketio
from chat.realtime.session_ends import close_ended_sockets
from chat.sessions import end_session
from chat.storage import get_store
from chat.storage.models import utcnow
from tests.helpers import (
    PASSWORD,
    client_id,
    copy_refresh,
    csrf_headers,
    refresh,
    signup,
    use_refresh,
)
from tests.session_tokens import claims_of, days_ago, forge


def login(app, username: str):
    client = app.test_client()
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return client


def test_logout_revokes_both_tokens_and_closes_its_sockets_only(app, client) -> None:
    signup(client, "ann")
    other_device = login(app, "ann")
    stolen_access = client.get_cookie("access_token_cookie").value
    stolen_refresh = copy_refresh(client)
    sock = socketio.test_client(app, flask_test_client=client)
    other_sock = socketio.test_client(app, flask_test_client=other_device)
    assert sock.is_connected() and other_sock.is_connected()

    assert client.post("/api/auth/logout", headers=csrf_headers(client)).status_code == 200

    assert not sock.is_connected()  # closed by the logout itself, well within a second
    assert other_sock.is_connected()
    assert other_device.get("/api/auth/me").status_code == 200
    replay = app.test_client()
    replay.set_cookie("access_token_cookie", stolen_access)
    response = replay.get("/api/auth/me")
    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"
    assert not socketio.test_client(app, flask_test_client=replay).is_connected()
    use_refresh(replay, stolen_refresh)
    response = refresh(replay)
    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"


def test_logout_with_an_expired_access_token_still_ends_the_session(app, client) -> None:
    signup(client, "ann")
    forge(app, client, "access", -5)  # the tab slept past its access token
    kept_refresh = copy_refresh(client)
    assert client.post("/api/auth/logout", headers=csrf_headers(client)).status_code == 200
    use_refresh(client, kept_refresh)
    assert refresh(client).status_code == 401


def test_a_session_ended_by_another_process_loses_its_socket_within_a_second(
    app, client, make_client
) -> None:
    """What every serving process runs each second (chat/serving.py), after a logout served
    by another process: only the revocation in storage tells this one."""
    signup(client, "ann")
    other, _ = make_client("bob")
    sock = socketio.test_client(app, flask_test_client=client)
    other_sock = socketio.test_client(app, flask_test_client=other)
    since = utcnow()
    with app.app_context():
        end_session(claims_of(app, client.get_cookie("access_token_cookie").value))
        assert sock.is_connected()  # nothing told this process yet
        assert close_ended_sockets(get_store(), since) == 1
    assert not sock.is_connected() and other_sock.is_connected()


def test_socket_whose_session_reached_its_absolute_end_gets_error_acks_and_is_closed(
    app, make_client
) -> None:
    _, bob = make_client("bob")
    ann, _ = make_client("ann")
    started = days_ago(30) + 1  # the default absolute lifetime ends in about a second
    forge(app, ann, "access", 60, started=started)
    sock = socketio.test_client(app, flask_test_client=ann)
    assert sock.is_connected()
    time.sleep(max(0.0, started + 30 * 86400 - time.time()) + 0.1)
    ack = sock.emit(
        "send_message", {"to": bob["id"], "text": "late", "client_id": client_id()}, callback=True
    )
    assert ack["ok"] is False and ack["error"] == "session_expired"
    assert not sock.is_connected()
