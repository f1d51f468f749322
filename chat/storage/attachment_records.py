"""Attachments as stored: the record every backend keeps beside the encrypted bytes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

FILE, THUMBNAIL = "file", "thumbnail"  # the parts of an attachment, stored apart


def new_attachment_id() -> str:
    """Random (not guessable, not ordered by time), the same shape on every backend, chosen
    before the bytes are sealed: their associated data names it, and an import keeps it."""
    return secrets.token_hex(12)


def avatar_home(user_id: str) -> str:
    """The "conversation" of a user's profile pictures (no conversation has such an id)."""
    return f"avatar:{user_id}"


def avatar_binding(attachment_id: str) -> str:
    """What a profile picture is bound to instead of a message (so it is never "unsent")."""
    return f"avatar:{attachment_id}"


@dataclass(frozen=True)
class Attachment:
    id: str
    conversation_id: str
    uploader_id: str
    name: str  # sanitised; stored encrypted like the bytes
    size: int  # bytes of the stored file (an image after its metadata was stripped)
    content_type: str  # decided from the bytes: an image type or application/octet-stream
    created_at: datetime
    key_id: str  # the message key the name, file and thumbnail are sealed under
    width: int | None = None
    height: int | None = None
    has_thumbnail: bool = False
    client_id: str | None = None  # claimed by the uploader's message with this client_id...
    message_id: str | None = None  # ...and bound to it once stored (None: not sent yet)
    sealed_name: bytes = field(default=b"", repr=False, compare=False)  # as stored (export)

    @property
    def parts(self) -> tuple[str, ...]:
        return (FILE, THUMBNAIL) if self.has_thumbnail else (FILE,)

    def public(self) -> dict[str, object]:
        url = f"/api/attachments/{self.id}"
        return {
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "content_type": self.content_type,
            "width": self.width,
            "height": self.height,
            "url": url,
            "thumbnail_url": f"{url}/thumbnail" if self.has_thumbnail else None,
        }


def plain_fields(a: Attachment) -> dict[str, object]:
    """The fields a stored record and an export record both keep as they are."""
    return {
        "conversation_id": a.conversation_id,
        "uploader_id": a.uploader_id,
        "size": a.size,
        "content_type": a.content_type,
        "width": a.width,
        "height": a.height,
        "has_thumbnail": a.has_thumbnail,
        "key_id": a.key_id,
        "client_id": a.client_id,
    }
