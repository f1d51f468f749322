"""No socket handler can skip the session check, schema and ack shape of `events.handler`."""

from __future__ import annotations

from chat.extensions import socketio

LIFECYCLE = {"connect", "disconnect"}  # authenticate / clean up; they take no client payload


def test_every_registered_event_handler_goes_through_the_guard(app) -> None:
    handlers = socketio.server.handlers["/"]
    events = set(handlers) - LIFECYCLE
    assert {"send_message", "sync", "delivered", "read"} <= events
    unguarded = [name for name in events if not _guarded(handlers[name])]
    assert unguarded == []


def _guarded(fn) -> bool:
    # Flask-SocketIO wraps each handler; follow __wrapped__ down to ours.
    while fn is not None:
        if getattr(fn, "guarded", False):
            return True
        fn = getattr(fn, "__wrapped__", None)
    return False
