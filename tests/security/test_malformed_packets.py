"""Hand-made Engine.IO / Socket.IO frames against the real server process (the classes of
socket.io's CVE-2023-32695 and CVE-2024-38355): the sender is dropped or gets an error, the
process lives on, and another user's chat keeps working. Frames are written with
websocket-client (python-socketio[client]'s transport), because a real client cannot lie."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import socketio
import websocket

from chat.config import Settings
from chat.storage import open_store
from tests import backends
from tests.conftest import JWT_SECRET, ring
from tests.helpers import client_id
from tests.live import LiveServer
from tests.outbox_client import sign_up
from tests.realtime.test_live_server import next_new_message, open_socket

OUTCOME_WAIT = 3.0  # seconds a frame has to be answered or the socket closed


@dataclass
class Arena:
    """One server for the module; Carol and Bob chat through it while Ann attacks."""

    server: LiveServer
    cookie: str
    carol: socketio.Client
    bob: socketio.Client
    bob_id: str
    bob_events: object

    def tracebacks(self) -> int:
        return self.server.log_path.read_text().count("Traceback")


@pytest.fixture(scope="module", params=backends.selected())
def arena(request, tmp_path_factory, mongo_database) -> Iterator[Arena]:
    data_dir = Path(tmp_path_factory.mktemp("packets"))
    uri = backends.mongo_uri(mongo_database) if request.param == "mongo" else None
    server = LiveServer(data_dir, uri, JWT_SECRET)
    ann_session, _ = sign_up(server.url, "ann")
    carol_session, _ = sign_up(server.url, "carol")
    bob_session, bob = sign_up(server.url, "bob")
    carol, _ = open_socket(server.url, carol_session)
    bob_sock, bob_events = open_socket(server.url, bob_session)
    cookie = "; ".join(f"{c.name}={c.value}" for c in ann_session.cookies)
    yield Arena(server, cookie, carol, bob_sock, bob["id"], bob_events)
    for sock in (carol, bob_sock):
        sock.disconnect()
    server.stop()
    settings = Settings(app_env="test", data_dir=data_dir, jwt_secret=JWT_SECRET)
    open_store(uri, data_dir, ring(settings)).drop_all()


class RawSocket:
    """Ann's signed-in Socket.IO connection, spoken by hand over a websocket."""

    def __init__(self, arena: Arena, namespace_connect: bool = True) -> None:
        url = arena.server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(
            url, header=[f"Cookie: {arena.cookie}"], timeout=OUTCOME_WAIT
        )
        assert self.ws.recv().startswith("0{"), "no Engine.IO open packet"
        if namespace_connect:
            self.ws.send("40")
            while not (frame := self.ws.recv()).startswith("40{"):
                assert not frame.startswith("44"), frame

    def send(self, *frames: str | bytes) -> None:
        try:
            for frame in frames:
                if isinstance(frame, bytes):
                    self.ws.send_binary(frame)
                else:
                    self.ws.send(frame)
        except (websocket.WebSocketException, OSError):
            pass  # dropped half way: outcome() reports it

    def outcome(self) -> str:
        """ "dropped", "error: <frame>" (an error ack or packet), or "ignored" after the wait."""
        deadline = time.monotonic() + OUTCOME_WAIT
        try:
            while time.monotonic() < deadline:
                frame = self.ws.recv()
                if frame in ("", b"") or frame == "1":  # EOF or Engine.IO CLOSE
                    return "dropped"
                if frame == "2":
                    self.ws.send("3")  # answer pings like a live client
                elif frame.startswith("44") or (frame.startswith("43") and '"ok":false' in frame):
                    return f"error: {frame[:120]}"
        except websocket.WebSocketTimeoutException:
            return "ignored"
        except (websocket.WebSocketException, OSError):
            return "dropped"
        return "ignored"

    def close(self) -> None:
        self.ws.close()


def attack(arena: Arena, *frames: str | bytes) -> str:
    """Send frames from a fresh connection of Ann's; the outcome, after the bystanders check."""
    sock = RawSocket(arena)
    try:
        sock.send(*frames)
        outcome = sock.outcome()
    finally:
        sock.close()
    assert_server_serves_others(arena)
    return outcome


def assert_server_serves_others(arena: Arena) -> None:
    assert requests.get(arena.server.url + "/healthz", timeout=5).status_code == 200
    assert arena.server.process is not None and arena.server.process.poll() is None
    text = f"still here {client_id()}"
    ack = arena.carol.call(
        "send_message", {"to": arena.bob_id, "text": text, "client_id": client_id()}, timeout=10
    )
    assert ack["ok"] is True, ack
    assert next_new_message(arena.bob_events)["message"]["text"] == text


def event(name: str, payload: object, ack_id: int = 1) -> str:
    return f"42{ack_id}" + json.dumps([name, payload])


@pytest.fixture
def no_new_tracebacks(arena: Arena) -> Iterator[None]:
    before = arena.tracebacks()
    yield
    assert arena.tracebacks() == before, arena.server.log_path.read_text()[-3000:]


def test_invalid_json_in_an_event_drops_the_sender_without_a_traceback(
    arena, no_new_tracebacks
) -> None:
    assert attack(arena, '421["send_message",{bad json') == "dropped"


def test_invalid_json_repeated_cannot_flood_the_log(arena, no_new_tracebacks) -> None:
    sock = RawSocket(arena)
    try:
        sock.send(*['42["sync",{' for _ in range(200)])
        assert sock.outcome() == "dropped"
    finally:
        sock.close()
    assert_server_serves_others(arena)


def test_connect_to_an_unknown_namespace_gets_a_connect_error(arena, no_new_tracebacks) -> None:
    assert attack(arena, "40/admin,").startswith("error: 44/admin")


def test_event_to_an_unknown_namespace_is_ignored(arena, no_new_tracebacks) -> None:
    assert attack(arena, '42/admin,1["send_message",{}]') in ("ignored", "dropped")


def test_huge_argument_list_gets_an_error_ack(arena, no_new_tracebacks) -> None:
    frame = "421" + json.dumps(["send_message", *([{"to": "x"}] * 5000)])
    assert len(frame) < 64 * 1024  # under the frame cap: this is about arguments, not size
    assert attack(arena, frame).startswith('error: 431[{"ok":false')


def test_binary_event_claiming_attachments_it_never_sends_drops_the_sender(
    arena, no_new_tracebacks
) -> None:
    frame = '455-1["send_message",{"_placeholder":true,"num":0}]'
    assert attack(arena, frame) == "dropped"


def test_binary_event_with_more_attachments_than_claimed_drops_the_sender(
    arena, no_new_tracebacks
) -> None:
    frame = '451-1["send_message",{"_placeholder":true,"num":0}]'
    assert attack(arena, frame, b"\x01", b"\x02", b"\x03") == "dropped"


def test_binary_attachment_without_a_binary_event_drops_the_sender(
    arena, no_new_tracebacks
) -> None:
    assert attack(arena, b"\x00" * 1000) == "dropped"


def test_negative_attachment_count_drops_the_sender(arena, no_new_tracebacks) -> None:
    assert attack(arena, '45-1-["send_message",{"_placeholder":true,"num":0}]') == "dropped"


def test_huge_attachment_count_drops_the_sender(arena, no_new_tracebacks) -> None:
    """Ten digits of attachments would be buffered until they all arrived (CVE-2023-32695)."""
    assert attack(arena, '459999999999-1["send_message",{}]') == "dropped"
    assert attack(arena, '459999999-1["send_message",{}]') == "dropped"


def test_unknown_socketio_packet_types_drop_the_sender(arena, no_new_tracebacks) -> None:
    for packet_type in ("7", "8", "9", "x", "-"):
        assert attack(arena, f'4{packet_type}["send_message",{{}}]') == "dropped", packet_type


def test_unknown_engineio_packet_type_is_ignored(arena, no_new_tracebacks) -> None:
    assert attack(arena, "9hello") in ("ignored", "dropped")


def test_garbage_engineio_packet_drops_the_sender(arena) -> None:
    """python-engineio decodes the type outside its error handling: the connection ends with
    one traceback from gunicorn (upstream behaviour; one per connection, never per packet)."""
    before = arena.tracebacks()
    assert attack(arena, "xyz") == "dropped"
    assert attack(arena, "") == "dropped"
    assert arena.tracebacks() - before <= 2


def test_polling_with_a_made_up_sid_is_400(arena, no_new_tracebacks) -> None:
    url = arena.server.url + "/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA"
    assert requests.get(url, timeout=5).status_code == 400
    assert requests.post(url, data='42["send_message",{}]', timeout=5).status_code == 400
    assert_server_serves_others(arena)
