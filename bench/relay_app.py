"""A bare Socket.IO relay: the chat's event names and shapes with no storage, for a baseline.

Run like the product (the Procfile's command with this app):
    gunicorn -k eventlet -w 1 --bind 127.0.0.1:PORT --graceful-timeout 3 bench.relay_app:app

- identity from the query string: `/socket.io/?user=<id>` (no cookie, no database);
- `send_message {to, text, client_id}` → ack `{ok: true, message}` and `new_message {message}` to
  room `user:<to>` (skipping the sender's socket, as the product does);
- same async mode (eventlet), the same max_http_buffer_size, the same websocket-enabled
  `/socket.io/` route, handlers registered on the Socket.IO server itself and websockets without
  permessage-deflate, as the product.

Tuning the product may gain, mirrored by environment variables the benchmark runner sets from the
product's own /api/_diagnostics figures so both run alike:
    RELAY_PING_INTERVAL / RELAY_PING_TIMEOUT   seconds (unset: python-engineio's defaults)
    RELAY_GC_FREEZE=1                          gc.freeze() after start-up and every 10 s
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

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

SOCKET_PAYLOAD_MAX = 64 * 1024  # as chat/__init__.py
ROOT = Path(__file__).resolve().parent.parent


def _load_diagnostics():
    """chat/diagnostics.py by path: the relay must not import (and carry) the whole chat app."""
    path = ROOT / "chat" / "diagnostics.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("relay_diagnostics", path)
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
_seq = itertools.count(1)


@app.get("/api/auth/me")
def me():  # readiness probe of the runner (the product answers 401 there too)
    return {"error": "not signed in", "code": "unauthorized"}, 401


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
    if not isinstance(data, dict) or not data.get("to") or not data.get("client_id"):
        return {"ok": False, "error": "invalid_input", "message": "Some fields are invalid"}
    text = str(data.get("text", "")).strip()
    now = datetime.now(UTC)
    message = {
        "id": str(next(_ids)),
        "conversation_id": "0",
        "seq": next(_seq),
        "sender_id": sender,
        "text": text,
        "client_id": data["client_id"],
        "created_at": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
    }
    socketio.server.emit(
        "new_message", {"message": message}, to=f"user:{data['to']}", skip_sid=sid, namespace="/"
    )
    return {"ok": True, "message": message}


# Registered on the Socket.IO server itself, as the product does (no Flask request context per
# event: shared/STACK-NOTES.md).
for _event, _handler in (
    ("connect", on_connect),
    ("disconnect", on_disconnect),
    ("send_message", on_send_message),
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


_diagnostics = _load_diagnostics()
if _diagnostics is not None:
    _diagnostics.init_diagnostics(app, socketio)
if os.environ.get("RELAY_GC_FREEZE") == "1":
    gc.freeze()
    socketio.start_background_task(_freeze_loop)

app.config["RELAY_STARTED"] = time.time()
