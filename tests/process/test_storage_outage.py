"""The database goes away and comes back: sends get a retryable `unavailable` with
`retry_after` (fast once the outage is known, instead of each waiting out the driver's 5 s),
nothing acknowledged is lost, and the chat recovers by itself when the database returns."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests import backends
from tests.conftest import JWT_SECRET
from tests.live import ROOT, LiveServer, free_port
from tests.outbox_client import OutboxClient, sign_up

FAIL_FAST_SECONDS = 0.5


class Database:
    """A MongoDB-protocol server of this test's own (the shared one must stay up)."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory = free_port(), directory
        self.uri = f"mongodb://127.0.0.1:{self.port}/outage"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "ferretdb.sh"), *args],
            env={**os.environ, "PYTHON": sys.executable},
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self._run("start", str(self.port), str(self.directory))

    def stop(self) -> None:
        self._run("stop", str(self.directory))


def call(client: OutboxClient, payload: dict) -> tuple[dict, float]:
    started = time.monotonic()
    ack = client.sio.call("send_message", payload, timeout=20)
    return ack, time.monotonic() - started


@pytest.mark.parametrize("backend", [b for b in backends.selected() if b == "mongo"])
def test_a_database_outage_is_unavailable_fast_and_loses_nothing(tmp_path, capsys) -> None:
    database = Database(tmp_path / "db")
    database.start()
    server = LiveServer(tmp_path, database.uri, JWT_SECRET)
    try:
        (ann_session, ann), (_, bob) = sign_up(server.url, "ann"), sign_up(server.url, "bob")
        client = OutboxClient(server.url, ann_session, ann)
        deadline = time.monotonic() + 120
        before = client.send(bob["id"], "before the outage", deadline)

        database.stop()
        payload = {"to": bob["id"], "text": "during the outage", "client_id": uuid.uuid4().hex}
        first, first_took = call(client, payload)  # finds out: waits the driver's timeout once
        assert first["ok"] is False and first["error"] == "unavailable", first
        assert first["retry_after"] >= 1
        again, again_took = call(client, payload)  # known down: answered at once
        assert again["error"] == "unavailable" and again_took < FAIL_FAST_SECONDS
        http = ann_session.get(server.url + "/api/conversations", timeout=20)
        assert http.status_code == 503 and http.json()["code"] == "unavailable"
        assert int(http.headers["Retry-After"]) >= 1
        assert requests.get(server.url + "/readyz", timeout=20).status_code == 503

        database.start()
        back = time.monotonic()
        during = client.send(bob["id"], "during the outage", deadline)  # the outbox's resend
        recovered = time.monotonic() - back
        assert requests.get(server.url + "/readyz", timeout=20).status_code == 200
        history = ann_session.get(
            f"{server.url}/api/conversations/{before['conversation_id']}/messages", timeout=10
        ).json()["messages"]
        texts = [m["text"] for m in history]
        assert texts == ["before the outage", "during the outage"]  # once each
        assert during["seq"] > before["seq"]
        with capsys.disabled():
            print(
                f"\noutage: first send answered unavailable in {first_took:.2f}s, the next in "
                f"{again_took * 1000:.0f} ms; sent again and acked {recovered:.1f}s after the "
                f"database came back"
            )
        client.close()
    finally:
        server.stop()
        database.stop()
