"""Ending a session, or changing settings, on one process takes effect on another within about a
second: two real servers sharing storage (no Redis), a logout, a password change and a settings
change served by one of them. The session that changed the password keeps its sockets on both."""

from __future__ import annotations

import time

import requests

from tests.helpers import PASSWORD
from tests.outbox_client import OutboxClient, sign_up

WITHIN_SECONDS = 1.5  # one poll a second, plus the time a close takes to arrive


def login(url: str, username: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        url + "/api/auth/login", json={"username": username, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    return session


def post(url: str, session: requests.Session, path: str, body: dict | None = None) -> int:
    csrf = {"X-CSRF-TOKEN": session.cookies["csrf_access_token"]}
    return session.post(url + path, json=body, headers=csrf, timeout=10).status_code


def closed_within(sock: OutboxClient, seconds: float) -> float | None:
    started = time.monotonic()
    while sock.sio.connected and time.monotonic() - started < seconds:
        time.sleep(0.02)
    return None if sock.sio.connected else time.monotonic() - started


def test_logout_and_password_change_on_one_process_close_sockets_on_another(
    live_server_with,
) -> None:
    a, b = live_server_with(), live_server_with()
    phone, ann = sign_up(a.url, "ann")
    laptop, tablet = login(a.url, "ann"), login(a.url, "ann")
    phone_sock, laptop_sock, tablet_sock = (
        OutboxClient(b.url, s, ann) for s in (phone, laptop, tablet)
    )
    laptop_here = OutboxClient(a.url, laptop, ann)  # on the process that serves the change

    assert post(a.url, phone, "/api/auth/logout") == 200
    took = closed_within(phone_sock, WITHIN_SECONDS)
    assert took is not None, "the logged-out session's socket on the other process is open"
    assert laptop_sock.sio.connected and tablet_sock.sio.connected
    print(f"\nlogout: socket on the other process closed after {took:.2f}s")

    body = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    assert post(a.url, laptop, "/api/auth/password", body) == 200
    took = closed_within(tablet_sock, WITHIN_SECONDS)
    assert took is not None, "another session's socket survived the password change"
    print(f"password change: other session's socket closed after {took:.2f}s")
    assert tablet.get(b.url + "/api/auth/me", timeout=5).status_code == 401
    assert laptop.get(b.url + "/api/auth/me", timeout=5).status_code == 200

    # Both processes have polled since: the laptop's sockets are the same ones, and they work.
    laptop_sids = (laptop_here.sio.sid, laptop_sock.sio.sid)
    time.sleep(WITHIN_SECONDS)
    assert (laptop_here.sio.sid, laptop_sock.sio.sid) == laptop_sids
    assert laptop_here.sio.connected and laptop_sock.sio.connected
    deadline = time.monotonic() + 10
    _, bob = sign_up(a.url, "bob")
    for sock in (laptop_here, laptop_sock):
        assert sock.send(bob["id"], "still signed in", deadline)["text"] == "still signed in"
    for sock in (phone_sock, laptop_sock, tablet_sock, laptop_here):
        sock.sio.disconnect()


def test_a_settings_change_served_by_one_process_applies_on_another_within_a_second(
    live_server_with,
) -> None:
    """Processes cache users' settings; a change made through another one reaches them by the
    same once-a-second poll (chat/users/settings.py), not after the cache's long expiry."""
    a, b = live_server_with(), live_server_with()
    ann_http, ann = sign_up(a.url, "ann")
    bob_http, bob = sign_up(a.url, "bob")
    csrf = {"X-CSRF-TOKEN": bob_http.cookies["csrf_access_token"]}
    created = ann_http.post(
        a.url + "/api/conversations",
        json={"title": "Plans", "member_ids": [bob["id"]]},
        headers={"X-CSRF-TOKEN": ann_http.cookies["csrf_access_token"]},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    typing = {"conversation_id": created.json()["conversation"]["id"]}
    bob_on_b = OutboxClient(b.url, bob_http, bob)
    deadline = time.monotonic() + 10
    assert bob_on_b.call("typing", typing, deadline) == {"ok": True, "sent": True}  # now cached

    changed = bob_http.patch(
        a.url + "/api/users/me/settings", json={"share_typing": False}, headers=csrf, timeout=10
    )
    assert changed.status_code == 200, changed.text
    started = time.monotonic()
    while bob_on_b.call("typing", typing, deadline)["sent"]:
        assert time.monotonic() - started < WITHIN_SECONDS, "process b still shares his typing"
        time.sleep(0.2)
    print(f"\nsettings change reached the other process after {time.monotonic() - started:.2f}s")
    bob_on_b.close()
