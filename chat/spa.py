"""Serve the built React client from chat/static, with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory

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
            raise ApiError(404, "not_found", "No such endpoint")
        if path and (STATIC_DIR / path).is_file():
            return send_from_directory(STATIC_DIR, path, max_age=_cache_seconds(path))
        if not (STATIC_DIR / "index.html").is_file():
            return NOT_BUILT, 503
        response = send_from_directory(STATIC_DIR, "index.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response


def _cache_seconds(path: str) -> int:
    """Vite's hashed assets never change; everything else is revalidated."""
    return 31536000 if path.startswith("assets/") else 0
