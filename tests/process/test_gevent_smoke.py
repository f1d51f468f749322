"""The same product under gevent (ASYNC_MODE=gevent, gevent-websocket's gunicorn worker): sign in,
chat live, presence, offline sync, and kill -9 in the middle of a stream without loss."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.conftest import JWT_SECRET
from tests.live import LiveServer
from tests.outbox_client import OutboxClient, sign_up

GEVENT_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"


@pytest.fixture
def gevent_server(settings):
    server = LiveServer(
        Path(settings.data_dir),
        settings.mongo_db_uri,
        JWT_SECRET,
        {"ASYNC_MODE": "gevent"},
        worker=GEVENT_WORKER,
    )
    yield server
    server.stop()


def test_gevent_server_chats_syncs_and_survives_kill_9(gevent_server) -> None:
    url = gevent_server.url
    deadline = time.monotonic() + 120
    assert "gevent" in gevent_server.log_path.read_text().lower()
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio.Client(reconnection=False).connect(url, transports=["websocket"])

    ann_session, ann = sign_up(url, "ann")
    bob_session, bob = sign_up(url, "bob")
    ann_sock = OutboxClient(url, ann_session, ann)
    first = ann_sock.send(bob["id"], "bob is offline", deadline)  # stored for later
    bob_sock = OutboxClient(url, bob_session, bob)
    synced = bob_sock.synced_view([first["conversation_id"]], deadline)
    assert synced[first["conversation_id"]] == [first]
    ann_sock.wait_for("presence", {"user_id": bob["id"], "online": True}, 10)

    sent: list[dict] = []

    def stream() -> None:
        for i in range(200):
            sent.append(ann_sock.send(bob["id"], f"m{i}", deadline))

    thread = threading.Thread(target=stream)
    thread.start()
    while len(sent) < 80:
        time.sleep(0.01)
    gevent_server.kill()
    gevent_server.start()
    thread.join(120)
    assert len(sent) == 200

    history = bob_sock.synced_view([first["conversation_id"]], deadline)[first["conversation_id"]]
    assert [m["id"] for m in history] == [first["id"]] + [m["id"] for m in sent]
    assert [m["seq"] for m in history] == sorted({m["seq"] for m in history})
    assert requests.get(url + "/readyz", timeout=5).status_code == 200
    ann_sock.close()
    bob_sock.close()
