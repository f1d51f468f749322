"""Logging: one line per request and per socket event, JSON in production, readable in dev.

Lines carry ids, routes, statuses and durations — never message text, passwords or tokens.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

from .sessions import request_user_id

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
access_log = logging.getLogger("chat.access")


class ReadableFormatter(logging.Formatter):
    """Development: the usual line, then the structured fields as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in record.__dict__.items() if k not in _STANDARD)
        line = super().format(record)
        return f"{line} {extras}" if extras else line


def configure_logging(app: Flask) -> None:
    development = app.config["APP_ENV"] == "development"
    root = logging.getLogger()
    if not any(getattr(h, "_chat", False) for h in root.handlers):
        # stderr: the platform collects it like stdout, and CLI output (export -, stats --json)
        # stays clean for pipes.
        handler = logging.StreamHandler(sys.stderr)
        if app.config.get("LOG_FORMAT", "text" if development else "json") == "json":
            handler.setFormatter(
                JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)
            )
        else:
            handler.setFormatter(
                ReadableFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
            )
        handler._chat = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if development else logging.INFO)
    for noisy in (
        "engineio",
        "socketio",
        "pymongo",
        "werkzeug",
        "flask-limiter",
        "geventwebsocket",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    @app.before_request
    def start_request() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        access_log.info(
            "request",
            extra={
                "request_id": g.get("request_id"),
                "user_id": request_user_id(),
                "method": request.method,
                "route": request.url_rule.rule if request.url_rule else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.get("started", 0)) * 1000, 2),
            },
        )
        return response
