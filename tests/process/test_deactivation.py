"""An admin deactivates a user from the CLI (another process): their open sockets close within
seconds, their session is refused, and nobody can message them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import requests

from tests.helpers import PASSWORD
from tests.live import ROOT
from tests.outbox_client import OutboxClient, sign_up


def test_cli_deactivation_closes_sockets_and_refuses_the_session(live_server, settings) -> None:
    deadline = time.monotonic() + 60
    ann_session, ann = sign_up(live_server.url, "ann")
    bob_session, bob = sign_up(live_server.url, "bob")
    ann_sock = OutboxClient(live_server.url, ann_session, ann)
    bob_sock = OutboxClient(live_server.url, bob_session, bob)
    ann_sock.send(bob["id"], "hi", deadline)

    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATA_DIR": str(settings.data_dir),
        "MONGO_DB_URI": settings.mongo_db_uri or "",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "chat", "users", "deactivate", "bob", "--yes"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    started = time.monotonic()
    while bob_sock.sio.connected and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert not bob_sock.sio.connected, "bob's socket is still open"
    print(f"\nsocket closed {time.monotonic() - started:.1f}s after the CLI returned")

    assert bob_session.get(live_server.url + "/api/auth/me", timeout=5).status_code == 401
    login = requests.post(
        live_server.url + "/api/auth/login",
        json={"username": "bob", "password": PASSWORD},
        timeout=10,
    )
    assert login.status_code == 403 and login.json()["code"] == "account_disabled"
    ack = ann_sock.sio.call(
        "send_message", {"to": bob["id"], "text": "hello?", "client_id": "c" * 16}, timeout=10
    )
    assert ack["ok"] is False and ack["error"] == "user_not_found"
    ann_sock.close()
    bob_sock.sio.disconnect()
