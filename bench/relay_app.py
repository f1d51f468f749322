"""A bare Socket.IO relay: the chat's event names and shapes with no storage, for a baseline.

Run like the product (the Procfile's command with this app):
    gunicorn -k eventlet -w 1 --bind 127.0.0.1:PORT --graceful-timeout 3 bench.relay_app:app

- identity from the query string: `/socket.io/?user=<id>` (no cookie, no database);
- `send_message {to, text, client_id}` → ack `{ok: true, message}` and `new_message {message}` to
  the rooms `user:<to>` and `user:<sender>` (skipping the sender's socket, as the product does);
  `send_message {conversation_id, ...}` the same to every member of a group made by
  `POST /api/conversations?user=<id> {title, member_ids}` (→ 201 `{conversation: {id}}`, kept in
  memory): one emit to the list of the members' rooms, as the product's `emit_to_users`;
- `delivered` / `read {conversation_id, seq}` → ack, and the event to the other members,
  coalesced per conversation with the product's own `chat/realtime/coalescing.py` (the first at
  once, then at most one per 250 ms; `read` also to the reader's own room, as the product);
  `typing {conversation_id}` → ack and `typing` to the other members;
- same async mode (eventlet), the same max_http_buffer_size, the same websocket-enabled
  `/socket.io/` route, handlers registered on the Socket.IO server itself and websockets without
  permessage-deflate, as the product.

Tuning the product may gain, mirrored by environment variables the benchmark runner sets from the
product's own /api/_diagnostics figures so both run alike:
    RELAY_PING_INTERVAL / RELAY_PING_TIMEOUT   seconds (unset: python-engineio's defaults)
    RELAY_GC_FREEZE=1                          gc.freeze() after start-up and every 10 s
    RELAY_GC_THRESHOLDS=700,10,10              gc.set_threshold (the product's GC_YOUNG_THRESHOLD)
    RELAY_DIRECT_WRITES=1                      the product's own websocket code: its direct
                                               writes (chat/realtime/direct_writes.py) and
                                               frame unmasking (frame_unmasking.py)
                                               (run_messaging --relay-direct: a second relay)
    CHAT_DIAGNOSTICS=1                         the same /api/_diagnostics probes as the product
"""

import eventlet

eventlet.monkey_patch()

import gc  # noqa: E402
import importlib.util  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import parse_qs  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

SOCKET_PAYLOAD_MAX = 64 * 1024  # as chat/__init__.py
ROOT = Path(__file__).resolve().parent.parent


def _load_module(name: str):
    """A chat/ module by path: the relay must not import (and carry) the whole chat app."""
    path = ROOT / "chat" / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"relay_{name.replace('/', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _socketio_options() -> dict:
    options: dict = {
        "async_mode": "eventlet",
        "max_http_buffer_size": SOCKET_PAYLOAD_MAX,
        "cors_allowed_origins": "*",
    }
    if os.environ.get("RELAY_PING_INTERVAL"):
        options["ping_interval"] = float(os.environ["RELAY_PING_INTERVAL"])
    if os.environ.get("RELAY_PING_TIMEOUT"):
        options["ping_timeout"] = float(os.environ["RELAY_PING_TIMEOUT"])
    return options


app = Flask(__name__, static_folder=None)
socketio = SocketIO(app, **_socketio_options())
app.add_url_rule("/socket.io/", "socketio_path", lambda: ("", 404), websocket=True)

_user_by_sid: dict[str, str] = {}
_ids = itertools.count(1)
_members: dict[str, list[str]] = {}  # conversation id -> user ids (groups and direct pairs)
_last_seq: dict[str, int] = {}
COALESCE_SECONDS = 0.25  # as chat/realtime/publish.py


@app.get("/api/auth/me")
def me():  # readiness probe of the runner (the product answers 401 there too)
    return {"error": "not signed in", "code": "unauthorized"}, 401


@app.post("/api/conversations")
def create_group():
    creator = request.args.get("user", "")
    body = request.get_json(silent=True) or {}
    ids = [str(m) for m in body.get("member_ids") or []]
    if not creator or not ids:
        return {"error": "Some fields are invalid", "code": "invalid_input"}, 400
    conversation_id = f"g{next(_ids)}"
    _members[conversation_id] = list(dict.fromkeys([creator, *ids]))
    _last_seq[conversation_id] = 0
    return {"conversation": {"id": conversation_id, "kind": "group"}}, 201


def _rooms(user_ids) -> list[str]:
    return [f"user:{u}" for u in user_ids]


def _emit_to_users(event: str, payload: dict, user_ids, skip_sid: str | None = None) -> None:
    rooms = _rooms(dict.fromkeys(user_ids))
    if rooms:
        socketio.server.emit(event, payload, to=rooms, skip_sid=skip_sid, namespace="/")


_coalescing = _load_module("realtime/coalescing")
_coalescer = _coalescing.Coalescer(
    _emit_to_users, COALESCE_SECONDS, socketio.start_background_task, socketio.sleep
)


def on_connect(sid: str, environ: dict, _auth=None) -> None:
    user = parse_qs(environ.get("QUERY_STRING", "")).get("user", [""])[0]
    if not user:
        raise ConnectionRefusedError("unauthorized")
    _user_by_sid[sid] = user
    socketio.server.enter_room(sid, f"user:{user}", namespace="/")


def on_disconnect(sid: str, _reason=None) -> None:
    _user_by_sid.pop(sid, None)


def on_send_message(sid: str, data=None) -> dict:
    sender = _user_by_sid.get(sid)
    if sender is None:
        return {"ok": False, "error": "unauthorized", "message": "Please sign in"}
    if not isinstance(data, dict) or not data.get("client_id"):
        return _INVALID
    if data.get("conversation_id"):
        conversation_id = str(data["conversation_id"])
        members = _members.get(conversation_id)
        if members is None or sender not in members:
            return {"ok": False, "error": "not_a_member", "message": "Not a member"}
    elif data.get("to"):
        pair = sorted((sender, str(data["to"])))
        conversation_id = f"d:{pair[0]}:{pair[1]}"
        members = _members.setdefault(conversation_id, pair)
    else:
        return _INVALID
    text = str(data.get("text", "")).strip()
    now = datetime.now(UTC)
    seq = _last_seq[conversation_id] = _last_seq.get(conversation_id, 0) + 1
    message = {
        "id": str(next(_ids)),
        "conversation_id": conversation_id,
        "seq": seq,
        "sender_id": sender,
        "text": text,
        "client_id": data["client_id"],
        "created_at": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
    }
    _emit_to_users("new_message", {"message": message}, members, skip_sid=sid)
    return {"ok": True, "message": message}


_INVALID = {"ok": False, "error": "invalid_input", "message": "Some fields are invalid"}


def _member_and_conversation(sid: str, data) -> tuple[str, str, list[str]] | dict:
    user = _user_by_sid.get(sid)
    if user is None:
        return {"ok": False, "error": "unauthorized", "message": "Please sign in"}
    if not isinstance(data, dict) or not data.get("conversation_id"):
        return _INVALID
    conversation_id = str(data["conversation_id"])
    members = _members.get(conversation_id)
    if members is None or user not in members:
        return {"ok": False, "error": "not_a_member", "message": "Not a member"}
    return user, conversation_id, members


def _receipt(event: str):
    def on_receipt(sid: str, data=None) -> dict:
        found = _member_and_conversation(sid, data)
        if isinstance(found, dict):
            return found
        user, conversation_id, members = found
        seq = int(data.get("seq") or 0)
        payload = {"conversation_id": conversation_id, "user_id": user, "seq": seq, "all_seq": seq}
        if event == "read":
            own = {"conversation_id": conversation_id, "user_id": user, "seq": seq, "unread": 0}
            _emit_to_users("read", own, [user])
        others = [m for m in members if m != user]
        _coalescer.publish(f"{event}:{conversation_id}", event, payload, others)
        return {"ok": True, "seq": seq, **({"unread": 0} if event == "read" else {})}

    return on_receipt


def on_typing(sid: str, data=None) -> dict:
    found = _member_and_conversation(sid, data)
    if isinstance(found, dict):
        return found
    user, conversation_id, members = found
    payload = {"conversation_id": conversation_id, "user_id": user}
    _emit_to_users("typing", payload, [m for m in members if m != user])
    return {"ok": True, "sent": True}


# Registered on the Socket.IO server itself, as the product does (no Flask request context per
# event: shared/STACK-NOTES.md).
for _event, _handler in (
    ("connect", on_connect),
    ("disconnect", on_disconnect),
    ("send_message", on_send_message),
    ("delivered", _receipt("delivered")),
    ("read", _receipt("read")),
    ("typing", on_typing),
):
    socketio.server.on(_event, _handler, namespace="/")


def _without_websocket_extensions(inner):
    """The product declines permessage-deflate (chat/realtime/compression.py): so does the relay."""

    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return inner(environ, start_response)

    return app


app.wsgi_app = _without_websocket_extensions(app.wsgi_app)


def _freeze_loop() -> None:
    while True:  # lives as long as the process
        socketio.sleep(10)
        gc.freeze()


# chat/diagnostics.py reads the flag from the app's config, as the product's config sets it
app.config["CHAT_DIAGNOSTICS"] = os.environ.get("CHAT_DIAGNOSTICS", "").strip() == "1"
_diagnostics = _load_module("diagnostics")
if _diagnostics is not None:
    _diagnostics.init_diagnostics(app, socketio)
if os.environ.get("RELAY_DIRECT_WRITES") == "1":
    _load_module("realtime/direct_writes").use_direct_writes()
    _load_module("realtime/frame_unmasking").use_fast_unmasking()
if os.environ.get("RELAY_GC_THRESHOLDS"):
    gc.set_threshold(*(int(t) for t in os.environ["RELAY_GC_THRESHOLDS"].split(",")))
if os.environ.get("RELAY_GC_FREEZE") == "1":
    gc.freeze()
    socketio.start_background_task(_freeze_loop)

app.config["RELAY_STARTED"] = time.time()
