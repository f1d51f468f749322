"""A real Socket.IO client with outbox semantics: every message is retried, with the same
client_id, until the server acknowledges it — what the web client does, for process tests."""

from __future__ import annotations

import threading
import time
import uuid

import requests
import socketio

from tests.helpers import PASSWORD

RETRY_PAUSE = 0.2
PERMANENT_ERRORS = {"invalid_input", "user_not_found"}


def sign_up(base_url: str, username: str) -> tuple[requests.Session, dict]:
    session = requests.Session()
    response = session.post(
        base_url + "/api/auth/signup",
        json={
            "full_name": username.title(),
            "username": username,
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return session, response.json()["user"]


class OutboxClient:
    def __init__(self, base_url: str, session: requests.Session, user: dict) -> None:
        self.user = user
        self.session = session
        self.sent = 0
        self.retried = 0
        self.refusals: list[str] = []  # error codes of non-ok acks, in order
        self.acked: dict[str, dict] = {}  # client_id → stored message
        self.live: list[dict] = []  # new_message payloads, in arrival order
        self.events: list[tuple[str, dict]] = []  # every other server event, in arrival order
        self._lock = threading.Lock()
        self.sio = socketio.Client(
            reconnection=True,
            reconnection_delay=0.1,
            reconnection_delay_max=0.5,
            randomization_factor=0.2,
        )
        self.sio.on("new_message", self._on_new_message)
        self.sio.on("*", self._on_event)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        self.sio.connect(
            base_url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10
        )

    def _on_new_message(self, data: dict) -> None:
        with self._lock:
            self.live.append(data["message"])

    def _on_event(self, event: str, data: dict) -> None:
        with self._lock:
            self.events.append((event, data))

    def wait_for(self, event: str, payload: dict, seconds: float) -> float:
        """Seconds until `event` with (at least) the fields of `payload` arrived (it may have
        already); TimeoutError."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            with self._lock:
                if any(
                    name == event and payload.items() <= got.items() for name, got in self.events
                ):
                    return time.monotonic() - started
            time.sleep(0.05)
        raise TimeoutError(f"no {event} {payload} within {seconds}s; got {self.events[-5:]}")

    def send(self, to: str, text: str, deadline: float) -> dict:
        """Send to a user until acked (same client_id every time), or fail at the deadline."""
        return self.deliver({"to": to, "text": text}, deadline)

    def send_to(self, conversation_id: str, text: str, deadline: float) -> dict:
        """Send to a conversation (a group) until acked, or fail at the deadline."""
        return self.deliver({"conversation_id": conversation_id, "text": text}, deadline)

    def deliver(self, message: dict, deadline: float) -> dict:
        payload = {**message, "client_id": uuid.uuid4().hex}
        self.sent += 1
        first = True
        while time.monotonic() < deadline:
            if not first:
                self.retried += 1
                time.sleep(RETRY_PAUSE)
            first = False
            try:
                ack = self.sio.call("send_message", payload, timeout=3)
            except socketio.exceptions.SocketIOError:  # down, reconnecting or timed out
                continue
            if not ack["ok"]:
                # As the web client: only a refusal of the message itself is final; anything
                # else (a socket closing under the request, a limit) is retried.
                assert ack["error"] not in PERMANENT_ERRORS, ack
                self.refusals.append(ack["error"])
                continue
            self.acked[payload["client_id"]] = ack["message"]
            return ack["message"]
        raise TimeoutError(f"{self.user['username']}: no ack for {payload['client_id']}")

    def call(self, event: str, data: dict, deadline: float) -> dict:
        """A request that is safe to repeat (sync, read), retried until answered."""
        while time.monotonic() < deadline:
            try:
                ack = self.sio.call(event, data, timeout=3)
            except socketio.exceptions.SocketIOError:
                time.sleep(RETRY_PAUSE)
                continue
            if not ack["ok"] and ack["error"] == "server_busy":  # an overloaded process
                time.sleep(RETRY_PAUSE)
                continue
            assert ack["ok"], ack
            return ack
        raise TimeoutError(f"{self.user['username']}: no answer to {event}")

    def synced_view(self, conversation_ids: list[str], deadline: float) -> dict[str, list[dict]]:
        """Everything in these conversations, fetched from seq 0 the way a fresh client syncs."""
        cursors = dict.fromkeys(conversation_ids, 0)
        view: dict[str, list[dict]] = {c: [] for c in conversation_ids}
        while True:
            ack = self.call("sync", {"cursors": cursors, "limit": 500}, deadline)
            for m in ack["messages"]:
                view[m["conversation_id"]].append(m)
                cursors[m["conversation_id"]] = m["seq"]
            if not ack["more"]:
                return view

    def close(self) -> None:
        self.sio.disconnect()
