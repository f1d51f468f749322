"""Every socket handler goes through `handler`: session check, payload schema, one ack shape."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from marshmallow import Schema

from ..errors import ApiError
from ..extensions import socketio
from ..limits import check_socket_rate
from ..metrics import ERRORS, EVENT_SECONDS
from ..publishing import DELIVERED as DELIVERED  # re-exported: the socket layer's names
from ..publishing import MESSAGE_UPDATED as MESSAGE_UPDATED
from ..publishing import NEW_MESSAGE as NEW_MESSAGE
from ..publishing import PRESENCE as PRESENCE
from ..publishing import REACTION as REACTION
from ..publishing import READ as READ
from ..publishing import TYPING as TYPING
from ..storage import get_store
from ..storage.health import store_health, unavailable
from ..validation import load
from .load_shedding import DelayGate, EventGate, busy_error
from .presence import get_presence
from .refusal_log import REPEATABLE_ERRORS, RefusalLog

log = logging.getLogger(__name__)
event_log = logging.getLogger("chat.events")
SLOW_EVENT_SECONDS = 0.25

# Client → server
SEND_MESSAGE = "send_message"
SYNC = "sync"
EDIT_MESSAGE = "edit_message"
DELETE_MESSAGE = "delete_message"
REACT = "react"
# Server → client only
ONLINE_USERS = "online_users"
# DELIVERED and READ go both ways (the client reports its cursor, the server passes it on to the
# other members); they, NEW_MESSAGE and PRESENCE are named in chat.publishing, where features
# publish them.

Ack = dict[str, Any]


def _handle(fn: Callable, event: str, schema: Schema, sid: str, session, payload: Any) -> Ack:
    try:
        if session is None:
            raise ApiError(401, "unauthorized", "Please sign in")
        if session.expires_at <= datetime.now(UTC):
            socketio.server.disconnect(sid)
            raise ApiError(401, "session_expired", "Your session has expired")
        check_socket_rate(session.user_id, event)
        health = store_health()
        if (wait := health.retry_after()) is not None:  # known down: do not wait it out again
            raise unavailable(wait)
        return {"ok": True, **fn(session.user_id, load(schema, payload), sid)}
    except ApiError as err:
        return err.to_ack()
    except Exception as err:
        if get_store().is_outage(err):
            ERRORS.labels("unavailable").inc()
            store_health().mark_down()
            return unavailable().to_ack()
        ERRORS.labels("socket_internal").inc()
        log.exception("socket handler failed event=%s sid=%s", event, sid)
        return {"ok": False, "error": "internal_error", "message": "Something went wrong"}


def _log_event(event: str, session, sid: str, ack: Ack, elapsed: float) -> None:
    """Every event is counted and timed in the metrics; the log gets the failed and slow ones
    (a line per message at INFO would cost ~4 % of the event loop and drown everything else),
    refusals a client can repeat by the thousand once per user and interval (refusal_log.py)."""
    failed_or_slow = not ack["ok"] or elapsed >= SLOW_EVENT_SECONDS
    level = logging.INFO if failed_or_slow else logging.DEBUG
    if not event_log.isEnabledFor(level):
        return
    user_id = session.user_id if session else None
    extra = {
        "event": event,
        "user_id": user_id,
        "sid": sid,
        "ok": ack["ok"],
        "error": ack.get("error"),
        "duration_ms": round(elapsed * 1000, 2),
    }
    if ack.get("error") in REPEATABLE_ERRORS:
        refused = _refusals.due(user_id or sid)
        if refused is None:
            return
        extra["refused"] = refused
    event_log.log(level, "event", extra=extra)


_refusals = RefusalLog()


Guarded = Callable[[str, Any], Ack]
GUARDED: dict[str, Guarded] = {}  # event → guarded handler(sid, payload); bound per app


def handler(event: str, schema: type[Schema]) -> Callable:
    """Register fn(user_id, data, sid) -> dict as the handler of event, acking {"ok": ...}."""

    validator = schema()  # built once: marshmallow schemas are reusable, and building costs

    def register(fn: Callable[[str, dict[str, Any], str], Ack]) -> Callable:
        @functools.wraps(fn)
        def guarded(sid: str, payload: Any = None) -> Ack:
            started = time.perf_counter()
            session = get_presence().session_of(sid)
            ack = _handle(fn, event, validator, sid, session, payload)
            elapsed = time.perf_counter() - started
            EVENT_SECONDS.labels(event).observe(elapsed)
            _log_event(event, session, sid, ack, elapsed)
            return ack

        GUARDED[event] = guarded
        return guarded

    return register


# Long by nature (up to 500 messages): its time says nothing about a queue.
UNTIMED_EVENTS = frozenset({"sync"})
# The client sends these again after a refusal, and nobody waits on one: they have their own
# places in the gate, so that their bursts never turn a message away.
DEFERRABLE_EVENTS = frozenset({DELIVERED, READ, TYPING})
QUEUED_EVENTS = 32  # events in progress from which a handler's time counts as queueing delay


def bind_guarded_handlers(app: Flask, delays: DelayGate | None = None) -> None:
    """Register every guarded handler on the Socket.IO server itself (after socketio.init_app).

    Flask-SocketIO's own registration builds a Flask request context for every event, which
    costs about a quarter of a millisecond per message (shared/STACK-NOTES.md); these handlers
    need only the app context. All of them share one gate (realtime/load_shedding.py), and
    report how long they took to `delays` (the handlers' queueing delay), if given.
    """
    gate = EventGate(app.config["MAX_EVENTS_IN_FLIGHT"])
    for event, guarded in GUARDED.items():
        timed = delays if event not in UNTIMED_EVENTS else None
        deferrable = event in DEFERRABLE_EVENTS
        on_event = _in_app_context(app, guarded, gate, timed, deferrable)
        socketio.server.on(event, on_event, namespace="/")


def _in_app_context(
    app: Flask,
    guarded: Guarded,
    gate: EventGate,
    delays: DelayGate | None,
    deferrable: bool = False,
) -> Callable[..., Ack]:
    def on_event(sid: str, *args: Any) -> Ack:
        if not gate.enter(deferrable):
            return busy_error().to_ack()
        started = time.perf_counter()
        try:
            with app.app_context():
                return guarded(sid, args[0] if args else None)
        finally:
            gate.leave(deferrable)
            if delays is not None:
                # A slow store with few events in progress is no queue: only report the time
                # when many wait at once (at 2x capacity: ~150).
                queued = gate.in_flight >= QUEUED_EVENTS
                delays.observe(time.perf_counter() - started if queued else 0.0)

    on_event.guarded = True  # type: ignore[attr-defined]  # checked by a test
    on_event.deferrable = deferrable  # type: ignore[attr-defined]
    return on_event
