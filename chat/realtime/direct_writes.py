"""Events written straight to an idle websocket instead of through its writer green thread.

python-engineio gives every socket a queue and a writer green thread: each delivery is a queue
put, a timer to wake the writer, two green switches and a poll of the queue, before the one
send() that does the work. A group message wakes 49 writers; py-spy put the writers at a third
of the event loop's time in the 50-member fan-out benchmark. When a socket's writer has nothing
queued and no frame in progress, the frame is sent at once with a non-blocking send():

- order: a packet goes to the queue whenever the queue holds one or the send lock is taken or
  wanted, so nothing overtakes what is already on its way;
- a slow reader never stalls the others: the kernel takes what fits, and the rest of the frame
  is finished by a green thread of its own, holding the socket's send lock until it is out;
- one frame per event, not per recipient: Socket.IO encodes an event once for all of them, and
  without permessage-deflate (compression.py declines it) the frame is the same bytes for all.

Pings still go through the queue: the writer takes a socket that queued nothing for
ping_interval + ping_timeout for dead, and closes it. Anything else (long polling, an upgrade in
progress, another async mode's websocket, a socket with compression) goes through the queue, as
before.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import engineio.socket
from engineio import packet
from eventlet import patcher
from eventlet.websocket import RFC6455WebSocket

log = logging.getLogger(__name__)
# The operating system's socket under eventlet's green one (the patched module's names are the
# green classes).
PLAIN_SOCKET = patcher.original("socket").socket
TLS_SOCKET = patcher.original("ssl").SSLSocket
# What of eventlet's websocket this module uses beyond its public API: a version without them
# keeps the stock path.
EVENTLET_INTERNALS = ("_sendlock", "_pack_message", "_get_permessage_deflate_enc")
FRAME_ATTRIBUTE = "_chat_frame"  # the packed frame, kept on the packet all recipients share
# Packets by how they were written (chat_socket_writes_total); plain ints, no import of the app,
# so that bench/relay_app.py can load this module on its own.
WRITES = {"direct": 0, "queued": 0}


class DirectWriteSocket(engineio.socket.Socket):
    """An Engine.IO socket that writes to its websocket directly while the writer is idle."""

    _direct_ws: Any = None

    def _websocket_handler(self, ws: Any) -> Any:
        if _writable_directly(ws):
            self._direct_ws = ws
        try:
            return super()._websocket_handler(ws)
        finally:
            self._direct_ws = None

    def send(self, pkt: Any) -> None:
        ws = self._direct_ws
        if ws is None or pkt.packet_type != packet.MESSAGE or not self._idle(ws):
            WRITES["queued"] += 1
            super().send(pkt)
            return
        if not self.check_ping_timeout():
            return
        frame = getattr(pkt, FRAME_ATTRIBUTE, None)
        if frame is None:
            frame = ws._pack_message(pkt.encode())
            setattr(pkt, FRAME_ATTRIBUTE, frame)
        WRITES["direct"] += 1
        ws._sendlock.acquire()
        try:
            sent = ws.socket.fd.send(frame)
        except BlockingIOError:
            sent = 0
        except OSError as err:  # as the stock writer does: close, the reader then cleans up
            ws._sendlock.release()
            self.server.start_background_task(_close, ws, err)
            return
        if sent == len(frame):
            ws._sendlock.release()
        else:
            self.server.start_background_task(_finish, ws, frame[sent:])

    def _idle(self, ws: Any) -> bool:
        """Nothing of this socket is queued or being sent, and nobody waits to send."""
        return (
            self.upgraded
            and not self.upgrading
            and not self.closing
            and not self.closed
            and self.queue.empty()
            and ws._sendlock.balance > 0
        )


def _finish(ws: Any, rest: bytes) -> None:
    """The part of a frame the kernel did not take at once; the send lock is held meanwhile."""
    try:
        ws.socket.sendall(rest)
    except OSError as err:
        ws._sendlock.release()
        _close(ws, err)
    else:
        ws._sendlock.release()


def _close(ws: Any, err: OSError) -> None:
    """A failed write ends the connection (the client reconnects and syncs what it missed)."""
    log.debug("websocket write failed: %s", err)
    with contextlib.suppress(OSError):
        ws.close()


def _writable_directly(ws: Any) -> bool:
    """eventlet's RFC 6455 websocket without compression, over a plain non-blocking socket
    (TLS has its own rules for a write cut short)."""
    fd = getattr(getattr(ws, "socket", None), "fd", None)
    return (
        isinstance(ws, RFC6455WebSocket)
        and all(hasattr(ws, name) for name in EVENTLET_INTERNALS)
        and ws._get_permessage_deflate_enc() is None
        and isinstance(fd, PLAIN_SOCKET)
        and not isinstance(fd, TLS_SOCKET)
        and fd.gettimeout() == 0.0
    )


def use_direct_writes() -> None:
    """Make python-engineio create its sockets as DirectWriteSocket (it looks the class up
    at each connection)."""
    engineio.socket.Socket = DirectWriteSocket  # type: ignore[misc]
