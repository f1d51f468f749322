"""Serve the built React client from chat/static, with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from flask import Flask, current_app, request
from werkzeug.exceptions import MethodNotAllowed

from .errors import ApiError
from .static_files import find_file, send_static

STATIC_DIR = Path(__file__).parent / "static"
NOT_BUILT = (
    "<!doctype html><title>Chat</title><p>The web client is not built yet: "
    "run <code>make client</code>.</p>"
)


def init_spa(app: Flask) -> None:
    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def client(path: str):
        if path.startswith("api/") or path == "api":
            _api_miss(path)
        if path and (file := find_file(STATIC_DIR, path)):
            return send_static(file, max_age=_cache_seconds(path))
        index = STATIC_DIR / "index.html"
        if not index.is_file():
            return NOT_BUILT, 503
        response = send_static(index, max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response


def _cache_seconds(path: str) -> int:
    """Vite's hashed assets never change; everything else is revalidated."""
    return 31536000 if path.startswith("assets/") else 0


def _api_miss(path: str) -> NoReturn:
    """An /api path this catch-all matched: 405 if the path exists for other methods, else 404."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    others = set(adapter.allowed_methods("/" + path)) - {"GET", "HEAD", "OPTIONS"}
    if others:
        raise MethodNotAllowed(valid_methods=sorted(others))
    raise ApiError(404, "not_found", "No such endpoint")
