"""Two server processes behind one Redis: events and presence cross processes; a killed process's
users go offline for the others; a process started without Redis still serves alone."""

from __future__ import annotations

import time
from pathlib import Path

import requests

from tests.conftest import JWT_SECRET
from tests.live import LiveServer
from tests.outbox_client import OutboxClient, sign_up

OFFLINE_WITHIN_SECONDS = 30


def test_chat_and_presence_across_processes_and_after_kill_9(settings, redis_server) -> None:
    env = {"REDIS_URL": redis_server.url}
    a = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
    b = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
    deadline = time.monotonic() + 120
    try:
        ann_session, ann = sign_up(a.url, "ann")
        bob_session, bob = sign_up(b.url, "bob")
        ann_sock = OutboxClient(a.url, ann_session, ann)
        bob_sock = OutboxClient(b.url, bob_session, bob)

        # A first message makes them contacts: each learns the other is online (other process).
        first = ann_sock.send(bob["id"], "hello from A", deadline)
        bob_sock.wait_for("presence", {"user_id": ann["id"], "online": True}, 10)
        ann_sock.wait_for("presence", {"user_id": bob["id"], "online": True}, 10)
        reply = bob_sock.send(ann["id"], "hello from B", deadline)
        _wait_live(bob_sock, first["id"])
        _wait_live(ann_sock, reply["id"])

        b.kill()
        took = ann_sock.wait_for(
            "presence", {"user_id": bob["id"], "online": False}, OFFLINE_WITHIN_SECONDS
        )
        print(f"\nbob shown offline {took:.1f}s after kill -9 of his process")

        ann_sock.events.clear()
        b.start()  # bob's client reconnects to the restarted process by itself
        ann_sock.wait_for("presence", {"user_id": bob["id"], "online": True}, 20)
        again = ann_sock.send(bob["id"], "welcome back", deadline)
        _wait_live(bob_sock, again["id"])
        ann_sock.close()
        bob_sock.close()
    finally:
        a.stop()
        b.stop()


def _wait_live(client: OutboxClient, message_id: str, seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if any(m["id"] == message_id for m in client.live):
            return
        time.sleep(0.05)
    raise TimeoutError(f"message {message_id} never arrived live")


def test_started_without_redis_it_serves_alone_and_says_not_ready(settings) -> None:
    env = {"REDIS_URL": "redis://127.0.0.1:9/0"}  # nothing listens on the discard port
    server = LiveServer(Path(settings.data_dir), settings.mongo_db_uri, JWT_SECRET, env)
    deadline = time.monotonic() + 60
    try:
        assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
        ready = requests.get(server.url + "/readyz", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["redis"] == "unavailable" and ready.json()["storage"] == "ok"
        ann_session, ann = sign_up(server.url, "ann")
        bob_session, bob = sign_up(server.url, "bob")
        ann_sock = OutboxClient(server.url, ann_session, ann)
        bob_sock = OutboxClient(server.url, bob_session, bob)
        sent = ann_sock.send(bob["id"], "single process still works", deadline)
        _wait_live(bob_sock, sent["id"])
        ann_sock.close()
        bob_sock.close()
    finally:
        server.stop()
