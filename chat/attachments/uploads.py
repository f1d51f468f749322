"""Request bodies of uploads: bounded before they are read, and kept in memory only.

Werkzeug spools file parts above 500 KB to a temporary file: a plaintext copy on disk, outside
the encrypted store. Uploads are at most MAX_UPLOAD_MB, so they stay in memory, once."""

from __future__ import annotations

import io
from typing import IO

from flask import Request, current_app, request

from .service import MB, UploadLimits, too_large

ENVELOPE = 64 * 1024  # multipart boundaries and part headers around the file


class InMemoryUploads(Request):
    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()


def upload_limits() -> UploadLimits:
    config = current_app.config
    return UploadLimits(config["MAX_UPLOAD_MB"] * MB, config["UPLOAD_QUOTA_MB"] * MB)


def bound_body(limits: UploadLimits) -> None:
    """413 at once when the declared length is over the limit (nothing of the body is read);
    a body without a length is cut off by Werkzeug as soon as it passes the limit."""
    allowed = limits.max_bytes + ENVELOPE
    if (request.content_length or 0) > allowed:
        raise too_large(limits)
    request.max_content_length = allowed
