"""Signed-in sessions (OWASP ASVS 4.0.3 V3.3.4): a user sees their sessions (device, address,
last activity, which one is this) and ends any of them, or all but this one; an ended session's
requests are refused and its sockets close."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient

import chat.auth.routes
from chat.extensions import socketio
from chat.realtime.session_ends import close_ended_sockets
from chat.storage import get_store
from chat.storage.models import utcnow
from tests.helpers import PASSWORD, csrf_headers, refresh, signup

LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"  # noqa: E501
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"  # noqa: E501
TABLET = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


def device(app: Flask, user_agent: str, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    return client


def sign_in(app: Flask, username: str, user_agent: str, address: str) -> FlaskClient:
    client = device(app, user_agent, address)
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return client


def listed(client: FlaskClient) -> list[dict]:
    response = client.get("/api/auth/sessions")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["sessions"]


def end(client: FlaskClient, session_id: str, csrf: bool = True):
    headers = csrf_headers(client) if csrf else {}
    return client.delete(f"/api/auth/sessions/{session_id}", headers=headers)


def end_others(client: FlaskClient, csrf: bool = True):
    headers = csrf_headers(client) if csrf else {}
    return client.post("/api/auth/sessions/end-others", headers=headers)


def ids(client: FlaskClient) -> dict[bool, str]:
    """{True: this session's id, False: another's} (with two sessions)."""
    return {s["current"]: s["id"] for s in listed(client)}


def assert_signed_out(client: FlaskClient) -> None:
    response = client.get("/api/auth/me")
    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"
    assert refresh(client).status_code == 401


def test_sessions_are_listed_with_device_address_and_this_one_marked(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "2001:db8::42")
    tablet = sign_in(app, "ann", TABLET, "198.51.100.9")
    assert tablet.post("/api/auth/logout", headers=csrf_headers(tablet)).status_code == 200
    signup(device(app, TABLET, "198.51.100.1"), "bob")
    # Neither the signed-out tablet nor Bob's session is listed.

    sessions = listed(laptop)

    assert [(s["device"], s["address"], s["current"]) for s in sessions] == [
        ("Safari on iPhone", "2001:db8::42", False),
        ("Chrome on Linux", "203.0.113.7", True),
    ]
    for s in sessions:
        assert set(s) == {"id", "device", "address", "started_at", "last_active_at", "current"}
        assert s["started_at"].endswith("Z") and s["last_active_at"] >= s["started_at"]
    assert [s["current"] for s in listed(phone)] == [True, False]


def test_a_refresh_moves_last_activity_and_address_other_requests_do_not(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    [before] = listed(laptop)
    time.sleep(0.01)
    assert laptop.get("/api/auth/me").status_code == 200
    assert listed(laptop) == [before]  # no write per request

    laptop.environ_base["REMOTE_ADDR"] = "203.0.113.99"  # the laptop moved to another network
    assert refresh(laptop).status_code == 200

    [after] = listed(laptop)
    assert after["last_active_at"] > before["last_active_at"]
    assert (after["id"], after["started_at"]) == (before["id"], before["started_at"])
    assert after["address"] == "203.0.113.99"


def test_ending_another_session_signs_it_out_and_closes_its_sockets_at_once(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")
    laptop_socket, phone_socket = (
        socketio.test_client(app, flask_test_client=c) for c in (laptop, phone)
    )
    assert laptop_socket.is_connected() and phone_socket.is_connected()

    response = end(laptop, ids(laptop)[False])

    assert response.status_code == 200 and response.get_json() == {"ok": True}
    assert not phone_socket.is_connected()
    assert laptop_socket.is_connected()
    assert_signed_out(phone)
    assert not socketio.test_client(app, flask_test_client=phone).is_connected()
    assert [s["device"] for s in listed(laptop)] == ["Chrome on Linux"]


def test_ending_this_session_is_a_logout(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")
    sock = socketio.test_client(app, flask_test_client=laptop)

    response = end(laptop, ids(laptop)[True])

    assert response.status_code == 200
    cleared = [c for c in response.headers.getlist("Set-Cookie") if "access_token_cookie=;" in c]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]
    assert laptop.get_cookie("access_token_cookie") is None
    assert not sock.is_connected()
    assert [s["device"] for s in listed(phone)] == ["Safari on iPhone"]


def test_another_users_session_or_an_unknown_id_is_404_and_ends_nothing(app: Flask) -> None:
    ann = device(app, LAPTOP, "203.0.113.7")
    signup(ann, "ann")
    bob = device(app, PHONE, "198.51.100.2")
    signup(bob, "bob")
    [bobs] = listed(bob)

    for session_id in (bobs["id"], "0" * 32, "end-others"):
        response = end(ann, session_id)
        assert response.status_code == 404, session_id
        assert response.get_json()["code"] == "session_not_found"
    assert bob.get("/api/auth/me").status_code == 200
    assert listed(bob) == [bobs]


def test_a_session_already_ended_is_404(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")
    phone_id = ids(laptop)[False]
    assert phone.post("/api/auth/logout", headers=csrf_headers(phone)).status_code == 200
    assert end(laptop, phone_id).status_code == 404


def test_ending_sessions_needs_the_csrf_header(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")

    for response in (end(laptop, ids(laptop)[False], csrf=False), end_others(laptop, csrf=False)):
        assert response.status_code == 403 and response.get_json()["code"] == "csrf_failed"

    assert phone.get("/api/auth/me").status_code == 200
    assert len(listed(laptop)) == 2


def test_sign_out_everywhere_else_ends_every_other_session_of_the_user(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")
    tablet = sign_in(app, "ann", TABLET, "198.51.100.3")
    bob = device(app, LAPTOP, "198.51.100.4")
    signup(bob, "bob")
    sockets = {c: socketio.test_client(app, flask_test_client=c) for c in (laptop, phone, tablet)}
    bob_socket = socketio.test_client(app, flask_test_client=bob)

    response = end_others(laptop)

    assert response.status_code == 200 and response.get_json() == {"ok": True, "ended": 2}
    for other in (phone, tablet):
        assert_signed_out(other)
        assert not sockets[other].is_connected()
    assert sockets[laptop].is_connected() and bob_socket.is_connected()
    assert laptop.get("/api/auth/me").status_code == 200
    assert [(s["device"], s["current"]) for s in listed(laptop)] == [("Chrome on Linux", True)]
    assert len(listed(bob)) == 1
    assert end_others(laptop).get_json() == {"ok": True, "ended": 0}


def test_a_session_ended_on_another_process_loses_its_socket_through_the_poll(
    app: Flask, monkeypatch
) -> None:
    """The phone's socket is on a process that did not serve the request: only storage tells
    it, through what every serving process polls each second (chat/serving.py)."""
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    phone = sign_in(app, "ann", PHONE, "198.51.100.2")
    phone_socket = socketio.test_client(app, flask_test_client=phone)
    monkeypatch.setattr(chat.auth.routes, "close_session", lambda _session_id: None)
    since = utcnow()

    assert end(laptop, ids(laptop)[False]).status_code == 200

    assert phone_socket.is_connected()  # nothing told this process yet
    with app.app_context():
        assert close_ended_sockets(get_store(), since) == 1
    assert not phone_socket.is_connected()


def test_sessions_ended_by_a_password_change_are_not_listed(app: Flask) -> None:
    laptop = device(app, LAPTOP, "203.0.113.7")
    signup(laptop, "ann")
    sign_in(app, "ann", PHONE, "198.51.100.2")
    body = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    response = laptop.post("/api/auth/password", json=body, headers=csrf_headers(laptop))
    assert response.status_code == 200
    assert [(s["device"], s["current"]) for s in listed(laptop)] == [("Chrome on Linux", True)]


def test_a_long_user_agent_is_cut_and_no_user_agent_is_an_unknown_device(app: Flask) -> None:
    laptop = device(app, "Mozilla/5.0 " + "x" * 5000, "203.0.113.7")
    signup(laptop, "ann")
    bare = app.test_client()
    response = bare.post("/api/auth/login", json={"username": "ann", "password": PASSWORD})
    assert response.status_code == 200
    with app.app_context():
        stored = get_store().sessions.get(ids(laptop)[True])
    assert stored is not None and len(stored.user_agent) == 512
    assert {s["device"] for s in listed(bare)} == {"Unknown device"}


def test_listing_needs_a_session(client: FlaskClient) -> None:
    assert client.get("/api/auth/sessions").status_code == 401
