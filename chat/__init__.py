"""The chat application factory."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    publishing,
    realtime,  # noqa: F401  (handlers must be registered before socketio.init_app)
    storage,
)
from .attachments.uploads import InMemoryUploads
from .auth.passwords import Passwords
from .auth.tokens import init_tokens
from .cli import init_cli
from .config import Settings
from .crypto import load_key_ring
from .diagnostics import init_diagnostics
from .errors import register_error_handlers
from .extensions import cors, jwt, socketio
from .limits import init_limits
from .logs import configure_logging
from .metrics import init_metrics
from .ops import DEGRADED_KEY, REDIS_KEY, connect_redis
from .ops import bp as ops_bp
from .realtime.admission import init_admission
from .realtime.compression import decline_websocket_compression
from .realtime.direct_writes import WRITES, use_direct_writes
from .realtime.events import bind_guarded_handlers
from .realtime.frame_unmasking import use_fast_unmasking
from .realtime.json_packets import JsonPacket
from .realtime.load_shedding import init_delay_gate
from .realtime.online_directory import RedisDirectory
from .realtime.origins import allowed_origin
from .realtime.packets import guard_packets
from .realtime.presence import EXTENSION_KEY as PRESENCE_KEY
from .realtime.presence import Presence
from .realtime.socket_publisher import SocketPublisher
from .security_headers import init_security_headers
from .spa import init_spa

log = logging.getLogger(__name__)

SOCKET_PAYLOAD_MAX = 64 * 1024


def create_app(config: Settings | None = None) -> Flask:
    """Build an app from settings (read from the environment and `.env` when not given)."""
    settings = config or Settings.from_env()
    app = Flask(__name__, static_folder=None)
    app.request_class = InMemoryUploads  # no plaintext copy of an upload on disk
    app.config.from_mapping(settings.to_flask())
    configure_logging(app)
    ring = load_key_ring(
        settings.message_key,
        settings.message_old_keys,
        settings.data_dir,
        production=settings.app_env == "production",
    )
    storage.init_app(app, ring)
    app.extensions["chat.passwords"] = Passwords(testing=app.config["TESTING"])

    init_limits(app)
    jwt.init_app(app)
    init_tokens(app)
    cors.init_app(
        app, resources={r"/api/*": {"origins": settings.cors_origins}}, supports_credentials=True
    )
    _init_realtime(app, settings)
    init_diagnostics(app)  # GC pauses and loop lag for the benchmarks; off unless asked for
    if settings.proxy_hops:
        # Outermost, so Socket.IO's handshake sees it too: behind N proxies that append to
        # X-Forwarded-For/-Proto, limits, logs and the origin check see the client's address and
        # scheme, not the proxy's (Heroku-style routers: PROXY_HOPS=1). Never trusted otherwise.
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    from .attachments import bp as attachments_bp
    from .auth import bp as auth_bp
    from .conversations import bp as conversations_bp
    from .messages import bp as messages_bp
    from .openapi import bp as openapi_bp
    from .search.routes import bp as search_bp
    from .users import bp as users_bp

    blueprints = (auth_bp, users_bp, conversations_bp, messages_bp, attachments_bp, search_bp)
    for bp in (*blueprints, ops_bp):
        app.register_blueprint(bp)
    app.register_blueprint(openapi_bp)
    register_error_handlers(app)
    init_security_headers(app)
    # A websocket-enabled rule for the socket path: without it Flask builds a NotFound (and its
    # reference cycle) for every socket event, which makes GC pauses dominate latency.
    app.add_url_rule("/socket.io/", "socketio_path", lambda: ("", 404), websocket=True)
    init_spa(app)
    init_cli(app)
    log.info("app ready env=%s", app.config["APP_ENV"])
    return app


def _init_realtime(app: Flask, settings: Settings) -> None:
    """Socket.IO, with Redis as the message queue and presence directory when configured."""
    directory, queue = None, None
    if settings.redis_url:
        client, answered = connect_redis(settings.redis_url)
        app.extensions[REDIS_KEY] = client
        app.extensions[DEGRADED_KEY] = not answered
        if answered:  # a queue that cannot publish would lose even this process's own events
            directory, queue = RedisDirectory(client), settings.redis_url
    presence = app.extensions[PRESENCE_KEY] = Presence(directory)
    init_metrics(app, presence.socket_total, presence.user_total, WRITES)
    socketio.init_app(
        app,
        async_mode=settings.async_mode,
        cors_allowed_origins=allowed_origin(settings.cors_origins),
        max_http_buffer_size=SOCKET_PAYLOAD_MAX,
        message_queue=queue,
        channel="chat-socketio",
        serializer=JsonPacket,
    )
    use_direct_writes()
    use_fast_unmasking()
    publishing.plug(SocketPublisher())
    decline_websocket_compression(app)
    guard_packets(socketio.server)
    init_admission(
        socketio.server, settings.max_sockets_per_address, settings.socket_connect_timeout
    )
    delays = init_delay_gate(socketio.server, settings.event_queue_target_ms / 1000)
    bind_guarded_handlers(app, delays.handlers if delays else None)
