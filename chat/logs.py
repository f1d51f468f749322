"""Logging to stdout in one format, with a request id on every request."""

from __future__ import annotations

import logging
import re
import sys
import uuid

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def configure_logging(app: Flask) -> None:
    level = logging.DEBUG if app.config["APP_ENV"] == "development" else logging.INFO
    root = logging.getLogger()
    if not any(getattr(h, "_chat", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler._chat = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("engineio", "socketio", "pymongo", "werkzeug"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response):
        response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
        return response
