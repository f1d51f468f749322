"""Frames from clients unmasked a whole frame at a time (chat/realtime/frame_unmasking.py):
the same bytes as RFC 6455's byte-by-byte definition, and eventlet's websocket reads a
browser's masked frame through it."""

from __future__ import annotations

import os
import socket

import pytest
from eventlet.websocket import RFC6455WebSocket

from chat.realtime.frame_unmasking import unmask, use_fast_unmasking
from tests.helpers import mask_bytes as by_definition
from tests.helpers import masked_text_frame


@pytest.mark.parametrize("offset", [0, 1, 2, 3, 5, 150])
def test_unmask_gives_the_bytes_of_the_definition(offset: int) -> None:
    key = os.urandom(4)
    for size in (0, 1, 3, 4, 5, 7, 8, 125, 126, 150, 5000):
        data = os.urandom(size)
        # eventlet passes the key as the tuple of ints struct.unpack gives
        assert unmask(data, tuple(key), size, offset) == by_definition(data, key, offset)
    data = os.urandom(40)
    assert unmask(data, key) == by_definition(data, key)  # length defaults to the data's
    assert unmask(data, key, 10) == by_definition(data[:10], key)


def test_unmasking_twice_gives_the_text_back() -> None:
    key, text = os.urandom(4), "ünïcode ✓ chat".encode()
    assert unmask(unmask(text, key, len(text), 3), key, len(text), 3) == text


def test_eventlet_reads_a_browsers_frames_through_it() -> None:
    use_fast_unmasking()
    assert RFC6455WebSocket._apply_mask is unmask
    server_end, client_end = socket.socketpair()
    try:
        ws = RFC6455WebSocket(server_end, {})
        texts = ['42["send_message",{"text":"hi"}]', "é" * 300]
        for text in texts:
            client_end.sendall(masked_text_frame(text))
        assert [ws.wait() for _ in texts] == texts
    finally:
        server_end.close()
        client_end.close()
