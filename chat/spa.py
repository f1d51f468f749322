"""Serve the built React client from chat/static, with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from flask import Flask, current_app, request, send_from_directory
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.security import safe_join

from .errors import ApiError

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
        if path and _is_static_file(path):
            return send_from_directory(STATIC_DIR, path, max_age=_cache_seconds(path))
        if not (STATIC_DIR / "index.html").is_file():
            return NOT_BUILT, 503
        response = send_from_directory(STATIC_DIR, "index.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response


def _is_static_file(path: str) -> bool:
    """path names a file inside STATIC_DIR; a name too long for the file system names none."""
    joined = safe_join(str(STATIC_DIR), path)
    try:
        return joined is not None and Path(joined).is_file()
    except OSError:  # ENAMETOOLONG: a client route, not a file
        return False


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
