"""Socket.IO packets as the server encodes them: what a Socket.IO client decodes is the payload
sent, emoji included; bytes fail loudly rather than turning into a binary packet."""

from __future__ import annotations

import pytest
import socketio.packet

from chat.realtime.json_packets import JsonPacket

PAYLOAD = {
    "ok": True,
    "messages": [{"id": "7", "text": 'ça va? 👍🏽 \u2028 "quoted" \\', "reactions": []}],
    "change_cursors": {"12": 4},
    "more": False,
}


def decoded(encoded: str) -> socketio.packet.Packet:
    return socketio.packet.Packet(encoded_packet=encoded)  # the parser clients use


def test_an_ack_decodes_to_the_payload_sent() -> None:
    encoded = JsonPacket(socketio.packet.ACK, data=[PAYLOAD], id=42).encode()
    packet = decoded(encoded)
    assert (packet.packet_type, packet.id, packet.data) == (socketio.packet.ACK, 42, [PAYLOAD])
    assert "👍🏽" in encoded  # UTF-8, not \ud83d-escapes


def test_an_event_on_a_namespace_and_int_keys() -> None:
    encoded = JsonPacket(socketio.packet.EVENT, data=["x", {1: "one"}], namespace="/chat").encode()
    packet = decoded(encoded)
    assert (packet.namespace, packet.data) == ("/chat", ["x", {"1": "one"}])


def test_a_packet_without_data() -> None:
    connect = JsonPacket(socketio.packet.CONNECT).encode()
    assert decoded(connect).packet_type == socketio.packet.CONNECT


def test_bytes_are_refused_not_sent_as_a_binary_packet() -> None:
    with pytest.raises(TypeError):
        JsonPacket(socketio.packet.EVENT, data=["file", b"\x00\x01"]).encode()


def test_the_app_encodes_with_it(app) -> None:
    from chat.extensions import socketio as sio

    assert sio.server.packet_class is JsonPacket
