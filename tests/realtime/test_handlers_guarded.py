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


def test_receipts_and_typing_alone_wait_in_the_places_of_deferrable_events(app) -> None:
    # A burst of them must never take the places of messages (load_shedding.EventGate).
    handlers = socketio.server.handlers["/"]
    deferrable = {
        name for name in set(handlers) - LIFECYCLE if _marked(handlers[name], "deferrable")
    }
    assert deferrable == {"delivered", "read", "typing"}


def _guarded(fn) -> bool:
    return _marked(fn, "guarded")


def _marked(fn, flag: str) -> bool:
    # Flask-SocketIO wraps each handler; follow __wrapped__ down to ours.
    while fn is not None:
        if getattr(fn, flag, False):
            return True
        fn = getattr(fn, "__wrapped__", None)
    return False
