"""/api/conversations/<id>/attachments (upload) and /api/attachments/<id>[/thumbnail]."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, jsonify, request
from flask_jwt_extended import jwt_required

from ..auth.tokens import me
from ..crypto import Undecryptable
from ..errors import ApiError
from ..storage import get_store
from ..storage.attachment_records import FILE, THUMBNAIL, Attachment
from . import avatars, bp
from .images import DOWNLOAD
from .service import check_can_upload, read, readable, upload
from .uploads import bound_body, upload_limits

log = logging.getLogger(__name__)
# Whatever a file holds, a browser opening it runs nothing and loads nothing.
SANDBOX = "default-src 'none'; sandbox"


@bp.post("/conversations/<conversation_id>/attachments")
@jwt_required()
def create(conversation_id: str):
    limits = upload_limits()
    bound_body(limits)
    check_can_upload(get_store(), me().id, conversation_id)  # before the body is read
    file = request.files.get("file")
    if file is None:
        raise ApiError(400, "invalid_input", "Send one file in field 'file'", {"file": ["?"]})
    stored = upload(get_store(), me().id, conversation_id, file.filename, file.stream, limits)
    return jsonify({"attachment": stored.public()}), 201


@bp.post("/users/me/avatar")
@jwt_required()
def set_avatar():
    limits = upload_limits()
    bound_body(limits)
    file = request.files.get("file")
    if file is None:
        raise ApiError(400, "invalid_input", "Send one image in field 'file'", {"file": ["?"]})
    user = avatars.set_avatar(get_store(), me(), file.stream, limits)
    return jsonify({"user": user.public()})


@bp.get("/avatars/<attachment_id>")
@jwt_required()
def show_avatar(attachment_id: str):
    return _serve(avatars.avatar(get_store(), attachment_id), FILE)


@bp.get("/attachments/<attachment_id>")
@jwt_required()
def download(attachment_id: str):
    return _serve(readable(get_store(), me().id, attachment_id), FILE)


@bp.get("/attachments/<attachment_id>/thumbnail")
@jwt_required()
def thumbnail(attachment_id: str):
    attachment = readable(get_store(), me().id, attachment_id)
    if not attachment.has_thumbnail:
        raise ApiError(404, "attachment_not_found", "This attachment has no thumbnail")
    return _serve(attachment, THUMBNAIL)


def _serve(attachment: Attachment, part: str) -> Response:
    """Streamed as it is decrypted; images inline, anything else only as a download."""
    chunks = read(get_store(), attachment, part)
    try:
        first = next(chunks)
    except Undecryptable as err:
        log.error("cannot decrypt attachment id=%s: %s", attachment.id, err)
        raise ApiError(500, "attachment_unreadable", "This file cannot be read") from err
    image = attachment.content_type != DOWNLOAD
    response = Response(_then(first, chunks), mimetype="image/webp" if part == THUMBNAIL else None)
    if part == FILE:
        response.headers["Content-Type"] = attachment.content_type
        response.headers["Content-Length"] = str(attachment.size)
    response.headers["Content-Disposition"] = _disposition(
        "inline" if image else "attachment", attachment.name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _then(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    try:
        yield from rest
    except Undecryptable as err:  # headers are sent: cutting the body short is all that is left
        log.error("attachment damaged mid-stream: %s", err)


def _disposition(kind: str, name: str) -> str:
    fallback = "".join(c for c in name if c.isascii() and c not in '"\\;') or "file"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
