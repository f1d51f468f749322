"""Static files with the .br and .gz copies the client build writes beside them: each request gets
the best copy its Accept-Encoding allows, and nothing is compressed at request time (that would
hold the event loop for the whole file)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Response, request, send_file
from werkzeug.http import parse_accept_header
from werkzeug.security import safe_join

# Content coding → suffix of its build-time copy, in order of preference when qualities tie.
VARIANTS = {"br": ".br", "gzip": ".gz"}
ALIASES = {"x-gzip": "gzip"}  # RFC 9110 §8.4.1.3


def find_file(directory: Path, path: str) -> Path | None:
    """The file `path` names inside directory, or None. A .br/.gz copy is not a file of the site:
    it is another encoding of its original, served only through Content-Encoding."""
    joined = safe_join(str(directory), path)
    if joined is None:
        return None
    file = Path(joined)
    try:
        if not file.is_file():
            return None
        if file.suffix in VARIANTS.values() and file.with_suffix("").is_file():
            return None
    except OSError:  # ENAMETOOLONG: a client route, not a file
        return None
    return file


def send_static(file: Path, max_age: int) -> Response:
    """file (an existing file) or its best precompressed copy, with the original's Content-Type."""
    available = [coding for coding, suffix in VARIANTS.items() if _sibling(file, suffix).is_file()]
    coding = choose_encoding(request.headers.get("Accept-Encoding"), available)
    body = _sibling(file, VARIANTS[coding]) if coding else file
    mimetype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = send_file(body, mimetype=mimetype, max_age=max_age, conditional=True)
    if available:
        response.vary.add("Accept-Encoding")
    if coding and response.status_code != 304:
        response.headers["Content-Encoding"] = coding
    return response


def choose_encoding(accept_encoding: str | None, available: list[str]) -> str | None:
    """The content coding to send, or None for identity: the highest q among the available
    codings (a specific entry beats `*`, q=0 refuses); br before gzip on equal q; identity when it
    is listed with a higher q than every coding, or when no coding is acceptable."""
    accepted: dict[str, float] = {}
    for item, quality in parse_accept_header(accept_encoding):
        coding = ALIASES.get(item.lower(), item.lower())
        accepted[coding] = max(quality, accepted.get(coding, 0.0))

    def quality(coding: str) -> float:
        return accepted.get(coding, accepted.get("*", 0.0))

    ranked = [(quality(c), -order, c) for order, c in enumerate(VARIANTS) if c in available]
    best = max(((q, order, c) for q, order, c in ranked if q > 0), default=None)
    if best is None:
        return None
    identity = accepted.get("identity")
    return None if identity is not None and identity > best[0] else best[2]


def _sibling(file: Path, suffix: str) -> Path:
    return file.with_name(file.name + suffix)
