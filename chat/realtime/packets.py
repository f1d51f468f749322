"""Malformed Socket.IO packets drop their client with one log line, never a traceback each.

python-socketio logs a full traceback for every packet it cannot parse (bad JSON, a lying
attachment count, an unknown packet type) and keeps the client, so one client could fill the
logs at line rate. It also buffers binary attachments until the count a client claimed arrives
(up to ten digits of them): the class of socket.io's CVE-2023-32695. Our client sends JSON
only, so a binary packet or frame is refused outright.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import socketio

log = logging.getLogger(__name__)
BINARY_PACKET_TYPES = ("5", "6")  # Socket.IO BINARY_EVENT, BINARY_ACK


def guard_packets(server: socketio.Server) -> None:
    """Wrap the Engine.IO message handler of server: a packet it cannot take drops its client."""
    handle: Callable[[str, str | bytes], None] = server.eio.handlers["message"]

    def on_message(eio_sid: str, data: str | bytes) -> None:
        if isinstance(data, bytes) or data[:1] in BINARY_PACKET_TYPES:
            _drop(server, eio_sid, "binary packet")
            return
        try:
            handle(eio_sid, data)
        except ValueError as err:  # the parser's and dispatcher's error for a bad packet
            _drop(server, eio_sid, str(err))

    server.eio.on("message", on_message)


def _drop(server: socketio.Server, eio_sid: str, reason: str) -> None:
    log.warning("dropped client eio_sid=%s: malformed packet (%s)", eio_sid, reason[:120])
    server.eio.disconnect(eio_sid)
