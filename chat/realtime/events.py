"""Every socket handler goes through `handler`: session check, payload schema, one ack shape."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import request
from marshmallow import Schema

from ..errors import ApiError
from ..extensions import socketio
from ..limits import check_socket_rate
from ..validation import load
from .presence import get_presence

log = logging.getLogger(__name__)

# Client → server
SEND_MESSAGE = "send_message"
SYNC = "sync"
# Both ways: the client reports its cursor, the server passes it on to the other members
DELIVERED = "delivered"
READ = "read"
# Server → client
NEW_MESSAGE = "new_message"
ONLINE_USERS = "online_users"
PRESENCE = "presence"

Ack = dict[str, Any]


def error_ack(err: ApiError) -> Ack:
    body = err.to_dict()
    return {"ok": False, "error": body.pop("code"), "message": body.pop("error"), **body}


def handler(event: str, schema: type[Schema]) -> Callable:
    """Register fn(user_id, data, sid) -> dict as the handler of event, acking {"ok": ...}."""

    def register(fn: Callable[[str, dict[str, Any], str], Ack]) -> Callable:
        @functools.wraps(fn)
        def wrapped(payload: Any = None) -> Ack:
            sid = request.sid  # type: ignore[attr-defined]
            try:
                session = get_presence().session_of(sid)
                if session is None:
                    raise ApiError(401, "unauthorized", "Please sign in")
                if session.expires_at <= datetime.now(UTC):
                    socketio.server.disconnect(sid)
                    raise ApiError(401, "session_expired", "Your session has expired")
                user_id = session.user_id
                check_socket_rate(user_id, event)
                return {"ok": True, **fn(user_id, load(schema(), payload), sid)}
            except ApiError as err:
                return error_ack(err)
            except Exception:
                log.exception("socket handler failed event=%s sid=%s", event, sid)
                return {"ok": False, "error": "internal_error", "message": "Something went wrong"}

        wrapped.guarded = True  # type: ignore[attr-defined]  # checked by a test
        socketio.on_event(event, wrapped)
        return wrapped

    return register
