"""Real socket clients against the real server process (eventlet, cookie handshake, rooms)."""

from __future__ import annotations

import queue
import re
import time

import pytest
import requests
import socketio

from tests.helpers import PASSWORD, client_id
from tests.outbox_client import sign_up


def open_socket(
    base_url: str, session: requests.Session | None
) -> tuple[socketio.Client, queue.Queue]:
    events: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("new_message", lambda data: events.put(("new_message", data)))
    client.on("presence", lambda data: events.put(("presence", data)))
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies) if session else ""
    client.connect(base_url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    return client, events


def next_new_message(events: queue.Queue) -> dict:
    """The next new_message payload a socket got, skipping other events."""
    name, payload = events.get(timeout=10)
    while name != "new_message":
        name, payload = events.get(timeout=10)
    return payload


def test_two_real_clients_chat_through_the_server_process(live_server) -> None:
    ann_session, _ = sign_up(live_server.url, "ann")
    _, bob = sign_up(live_server.url, "bob")
    bob_session = requests.Session()  # Bob signs in again, as on another device
    login = bob_session.post(
        live_server.url + "/api/auth/login",
        json={"username": "bob", "password": PASSWORD},
        timeout=10,
    )
    assert login.status_code == 200
    ann_sock, _ = open_socket(live_server.url, ann_session)
    bob_sock, bob_events = open_socket(live_server.url, bob_session)
    try:
        ack = ann_sock.call(
            "send_message",
            {"to": bob["id"], "text": "over the wire", "client_id": client_id()},
            timeout=10,
        )
        assert ack["ok"] is True
        assert next_new_message(bob_events) == {"message": ack["message"]}
        conv = ack["message"]["conversation_id"]
        page = bob_session.get(f"{live_server.url}/api/conversations/{conv}/messages", timeout=10)
        assert page.json()["messages"] == [ack["message"]]
        # The server process wrote it straight to the idle websockets
        # (chat/realtime/direct_writes.py), not through a writer green thread each.
        assert socket_writes(live_server.url)["direct"] >= 2  # Bob's new_message, Ann's ack
    finally:
        ann_sock.disconnect()
        bob_sock.disconnect()


def socket_writes(url: str) -> dict[str, float]:
    """chat_socket_writes_total by path, from the process's /metrics (served to loopback)."""
    found = re.findall(
        r'chat_socket_writes_total\{path="(\w+)"\} (\S+)',
        requests.get(url + "/metrics", timeout=5).text,
    )
    return {path: float(value) for path, value in found}


def test_real_handshake_without_cookie_is_refused(live_server) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        open_socket(live_server.url, None)


def connect_from(url: str, session, origin: str, **headers: str) -> socketio.Client:
    """A socket whose handshake carries this Origin, as a browser page there would send it."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    client = socketio.Client(reconnection=False, websocket_extra_options={"origin": origin})
    client.connect(
        url, headers={"Cookie": cookie, **headers}, transports=["websocket"], wait_timeout=5
    )
    return client


def test_socket_from_a_foreign_origin_is_refused(live_server) -> None:
    session, _ = sign_up(live_server.url, "ann")
    connect_from(live_server.url, session, live_server.url).disconnect()  # our own page
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect_from(live_server.url, session, "https://evil.example")


def test_an_oversize_frame_closes_only_that_client(live_server) -> None:
    ann_session, _ = sign_up(live_server.url, "ann")
    bob_session, bob = sign_up(live_server.url, "bob")
    carol_session, _ = sign_up(live_server.url, "carol")
    abuser, _ = open_socket(live_server.url, ann_session)
    bystander, _ = open_socket(live_server.url, carol_session)
    receiver, events = open_socket(live_server.url, bob_session)
    try:
        abuser.emit(
            "send_message", {"to": bob["id"], "text": "x" * 100_000, "client_id": client_id()}
        )
        deadline = time.monotonic() + 10
        while abuser.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not abuser.connected
        ack = bystander.call(
            "send_message",
            {"to": bob["id"], "text": "still fine", "client_id": client_id()},
            timeout=10,
        )
        assert ack["ok"] is True
        assert next_new_message(events)["message"]["text"] == "still fine"
    finally:
        for sock in (abuser, bystander, receiver):
            sock.disconnect()


def test_behind_a_trusted_proxy_the_https_origin_is_ours(live_server_with) -> None:
    server = live_server_with(PROXY_HOPS="1")  # the store is emptied afterwards
    session, _ = sign_up(server.url, "ann")
    host = server.url.removeprefix("http://")
    via_tls_proxy = {"X-Forwarded-Proto": "https"}
    connect_from(server.url, session, f"https://{host}", **via_tls_proxy).disconnect()
    with pytest.raises(socketio.exceptions.ConnectionError):  # forwarded host: not believed
        connect_from(
            server.url,
            session,
            "https://evil.example",
            **via_tls_proxy,
            **{"X-Forwarded-Host": "evil.example"},
        )
