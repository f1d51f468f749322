"""Websockets are not compressed, even when the client offers permessage-deflate (browsers and
Node's ws always do): see chat/realtime/compression.py for why."""

from __future__ import annotations

import base64
import os
import socket

import pytest

OFFER = "permessage-deflate; client_max_window_bits"


def handshake(port: int, extensions: str) -> tuple[bytes, bytes]:
    """(response head, first frame header bytes) of an Engine.IO websocket handshake."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 6:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest[:2]


@pytest.mark.parametrize("backend", ["sqlite"])  # storage plays no part here
def test_the_handshake_declines_permessage_deflate(live_server) -> None:
    head, frame = handshake(live_server.port, OFFER)
    assert head.split(b"\r\n")[0].split()[1] == b"101"
    assert b"sec-websocket-extensions" not in head.lower()
    # The Engine.IO open packet: a final text frame with RSV1 (compressed) clear.
    assert frame[0] == 0x81, f"first frame header {frame!r}"
