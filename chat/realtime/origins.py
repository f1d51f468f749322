"""Which browser origins may open a socket: our own, plus the configured ones."""

from __future__ import annotations

from collections.abc import Callable


def allowed_origin(configured: list[str]) -> Callable[[str | None, dict], bool]:
    """An Engine.IO origin check; a list alone would shut out the app's own origin."""
    extra = frozenset(o.rstrip("/") for o in configured)

    def check(origin: str | None, environ: dict) -> bool:
        if origin is None:
            return True  # not a browser; the cookie check in `connect` still applies
        origin = origin.rstrip("/")
        host = environ.get("HTTP_X_FORWARDED_HOST", environ.get("HTTP_HOST", ""))
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", environ.get("wsgi.url_scheme", "http"))
        own = f"{scheme.split(',')[0].strip()}://{host.split(',')[0].strip()}"
        return origin == own or origin in extra

    return check
