"""Admission of Engine.IO sessions: a cap per client address, and a deadline for the namespace
connect, so sockets that never authenticate cannot pile up in the process.

Both work on the Engine.IO session, not in the Socket.IO `connect` handler: every session holds
memory and a file descriptor whether or not it ever authenticates; a refused namespace connect
never reaches `disconnect` (a count taken in `connect` would leak); python-socketio keeps the
session open after refusing its connect (so it is closed here), and has no connect timeout of its
own (socket.io's JavaScript server has `connectTimeout`). Over the cap, Engine.IO answers the
handshake with a plain 401, before any websocket upgrade.

Counts are this process's: with N processes an address can hold N x the cap. A shared count in
Redis would leak whenever a process dies without its disconnects (kill -9, OOM).
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

import socketio

from ..metrics import ERRORS

log = logging.getLogger(__name__)
NAMESPACE = "/"
CONNECT_PACKET = "0"  # Socket.IO's packet type, first character of an Engine.IO message


def address_key(remote_addr: str | None) -> str:
    """What the cap counts: the address; an IPv6 one by its /64, which one host usually owns."""
    try:
        ip = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return remote_addr or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class AddressCounter:
    """Open Engine.IO sessions per client address, refused past `cap`."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._lock = threading.Lock()
        self._count: dict[str, int] = {}
        self._key_of: dict[str, str] = {}

    def admit(self, eio_sid: str, key: str) -> bool:
        with self._lock:
            held = self._count.get(key, 0)
            if held >= self.cap:
                return False
            self._count[key] = held + 1
            self._key_of[eio_sid] = key
            return True

    def release(self, eio_sid: str) -> None:
        with self._lock:
            key = self._key_of.pop(eio_sid, None)
            if key is None:
                return
            left = self._count[key] - 1
            if left:
                self._count[key] = left
            else:
                del self._count[key]  # no entry per address ever seen: memory stays bounded

    def held(self, key: str) -> int:
        return self._count.get(key, 0)


class ConnectDeadlines:
    """Close Engine.IO sessions that have not connected the namespace `timeout` s after opening.

    One task walks a FIFO of deadlines (all sessions get the same timeout, so it stays sorted)
    while any is pending, instead of a sleeping greenlet per session.
    """

    def __init__(self, server: socketio.Server, timeout: float) -> None:
        self.server = server
        self.timeout = timeout
        self._pending: deque[tuple[float, str]] = deque()
        self._running = False

    def watch(self, eio_sid: str) -> None:
        self._pending.append((time.monotonic() + self.timeout, eio_sid))
        if not self._running:
            self._running = True
            self.server.start_background_task(self._run)

    def _run(self) -> None:
        try:
            while self._pending:
                due, eio_sid = self._pending[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self.server.sleep(wait)
                    continue
                self._pending.popleft()
                try:
                    self._close_if_unconnected(eio_sid)
                except Exception:  # one odd session must not stop the deadlines of the others
                    log.exception("could not close eio_sid=%s", eio_sid)
        finally:
            self._running = False

    def _close_if_unconnected(self, eio_sid: str) -> None:
        if close_unless_connected(self.server, eio_sid):
            ERRORS.labels("socket_connect_timeout").inc()
            log.info("closed eio_sid=%s: no namespace connect in %ss", eio_sid, self.timeout)


def close_unless_connected(server: socketio.Server, eio_sid: str) -> bool:
    """Close the Engine.IO session unless its namespace is connected; True when closed."""
    session = server.eio.sockets.get(eio_sid)
    if session is None or session.closed:
        return False
    sid = server.manager.sid_from_eio_sid(eio_sid, NAMESPACE)
    if sid is not None and server.manager.is_connected(sid, NAMESPACE):
        return False
    session.close(wait=False)  # queued after the CONNECT_ERROR; never waits on the client
    return True


def init_admission(server: socketio.Server, per_address: int, connect_timeout: float) -> None:
    """Wrap the Engine.IO connect/disconnect handlers of server with the cap and the deadline."""
    counter = AddressCounter(per_address)
    deadlines = ConnectDeadlines(server, connect_timeout)
    on_connect: Callable[[str, dict], object] = server.eio.handlers["connect"]
    on_disconnect: Callable[[str, object], object] = server.eio.handlers["disconnect"]
    on_message: Callable[[str, str | bytes], object] = server.eio.handlers["message"]

    def connect(eio_sid: str, environ: dict) -> object:
        # REMOTE_ADDR is the client's: ProxyFix (PROXY_HOPS) runs before Engine.IO sees environ.
        key = address_key(environ.get("REMOTE_ADDR"))
        if not counter.admit(eio_sid, key):
            ERRORS.labels("socket_address_cap").inc()
            log.debug("refused socket: address=%s holds %d", key, counter.cap)
            return False  # Engine.IO answers 401; no disconnect event follows
        accepted = on_connect(eio_sid, environ)
        if accepted is False:  # refused further in: no disconnect event will release the place
            counter.release(eio_sid)
        else:
            deadlines.watch(eio_sid)
        return accepted

    def disconnect(eio_sid: str, reason: object = None) -> object:
        counter.release(eio_sid)
        return on_disconnect(eio_sid, reason)

    def message(eio_sid: str, data: str | bytes) -> object:
        handled = on_message(eio_sid, data)
        if isinstance(data, str) and data[:1] == CONNECT_PACKET:
            # A refused connect leaves python-socketio's session open for the client to try
            # again (a new handshake each time costs it more); socket.io's clients close it
            # themselves on a refusal anyway.
            close_unless_connected(server, eio_sid)
        # This runs in the socket's reader, which reads frames that already arrived without
        # yielding and starts a handler for each: a burst of 2,000 frames from one client kept
        # every other socket waiting ~0.6 s. Yielding once per frame lets the loop serve the
        # others in between (a few microseconds per frame).
        server.sleep(0)
        return handled

    server.eio.on("connect", connect)
    server.eio.on("message", message)
    server.eio.on("disconnect", disconnect)
