"""Logout ends the session server-side: the token, and every socket opened with it."""

from __future__ import annotations

import time
from datetime import timedelta

from flask_jwt_extended import create_access_token

from chat.extensions import socketio
from tests.helpers import PASSWORD, client_id, csrf_headers, signup


def login(app, username: str):
    client = app.test_client()
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return client


def test_logout_revokes_the_token_and_closes_its_sockets_only(app, client) -> None:
    signup(client, "ann")
    other_device = login(app, "ann")
    stolen = client.get_cookie("access_token_cookie").value
    sock = socketio.test_client(app, flask_test_client=client)
    other_sock = socketio.test_client(app, flask_test_client=other_device)
    assert sock.is_connected() and other_sock.is_connected()

    assert client.post("/api/auth/logout", headers=csrf_headers(client)).status_code == 200

    assert not sock.is_connected()  # closed by the logout itself, well within a second
    assert other_sock.is_connected()
    assert other_device.get("/api/auth/me").status_code == 200
    replay = app.test_client()
    replay.set_cookie("access_token_cookie", stolen)
    response = replay.get("/api/auth/me")
    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"
    assert not socketio.test_client(app, flask_test_client=replay).is_connected()


def test_socket_whose_session_expired_gets_error_acks_and_is_closed(app, make_client) -> None:
    _, bob = make_client("bob")
    ann, ann_user = make_client("ann")
    with app.app_context():
        short = create_access_token(identity=ann_user["id"], expires_delta=timedelta(seconds=1))
    ann.set_cookie("access_token_cookie", short)
    sock = socketio.test_client(app, flask_test_client=ann)
    assert sock.is_connected()
    time.sleep(1.1)
    ack = sock.emit(
        "send_message", {"to": bob["id"], "text": "late", "client_id": client_id()}, callback=True
    )
    assert ack["ok"] is False and ack["error"] == "session_expired"
    assert not sock.is_connected()
    assert ann.get("/api/conversations").status_code == 401
