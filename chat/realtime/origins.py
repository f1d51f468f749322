"""Which browser origins may open a socket: our own, plus the configured ones."""

from __future__ import annotations

from collections.abc import Callable


def allowed_origin(configured: list[str]) -> Callable[[str | None, dict], bool]:
    """An Engine.IO origin check; a list alone would shut out the app's own origin."""
    extra = frozenset(o.rstrip("/") for o in configured)

    def check(origin: str | None, environ: dict) -> bool:
        if origin is None:
            return True  # not a browser; the cookie check in `connect` still applies
        # The scheme comes from ProxyFix when PROXY_HOPS says proxies are trusted; a client's
        # own X-Forwarded-* headers are never believed here.
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin.rstrip("/") in (own, *extra)

    return check
