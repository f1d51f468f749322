"""Uploading and reading attachments, and reserving them for a message being sent."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from ..blocking import run_blocking
from ..errors import ApiError
from ..storage import Store
from ..storage.attachment_records import FILE, Attachment, new_attachment_id
from ..storage.attachment_sealing import chunks_of
from ..storage.models import utcnow
from .images import ImageRefused, inspect
from .names import sanitise_name

log = logging.getLogger(__name__)
MB = 1024 * 1024
UNSENT_LIFETIME = timedelta(hours=1)
MAX_PER_MESSAGE = 10


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    quota_bytes: int


def too_large(limits: UploadLimits) -> ApiError:
    return ApiError(413, "file_too_large", f"Files may be at most {limits.max_bytes // MB} MB")


def not_found() -> ApiError:
    return ApiError(404, "attachment_not_found", "No such attachment")


def check_can_upload(store: Store, user_id: str, conversation_id: str) -> None:
    """A current member (else 404): checked before the body is read."""
    conversation = store.conversations.get(conversation_id)
    member = conversation.member(user_id) if conversation else None
    if member is None or not member.current:
        raise ApiError(404, "conversation_not_found", "No such conversation")


def upload(
    store: Store,
    user_id: str,
    conversation_id: str,
    filename: str | None,
    content: io.BytesIO,
    limits: UploadLimits,
) -> Attachment:
    """Store a file for the user's next message in a conversation (check_can_upload first)."""
    size = content.seek(0, io.SEEK_END)
    if size > limits.max_bytes:
        raise too_large(limits)
    if store.attachments.used_bytes(user_id) + size > limits.quota_bytes:
        message = f"Your files may take at most {limits.quota_bytes // MB} MB"
        raise ApiError(400, "quota_exceeded", message)
    try:
        inspected = run_blocking(inspect, content)  # decoding is CPU work: off the event loop
    except ImageRefused as err:
        raise ApiError(400, err.code, str(err), {"file": [str(err)]}) from err
    draft = Attachment(
        id=new_attachment_id(),
        conversation_id=conversation_id,
        uploader_id=user_id,
        name=sanitise_name(filename),
        size=inspected.content.seek(0, io.SEEK_END),
        content_type=inspected.content_type,
        created_at=utcnow(),
        key_id="",
        width=inspected.width,
        height=inspected.height,
    )
    inspected.content.seek(0)
    stored = store.attachments.create(draft, chunks_of(inspected.content), inspected.thumbnail)
    log.info(
        "attachment stored id=%s conv_id=%s user_id=%s size=%d type=%s",
        stored.id,
        conversation_id,
        user_id,
        stored.size,
        stored.content_type,
    )
    return stored


def readable(store: Store, user_id: str, attachment_id: str) -> Attachment:
    """An attachment the user may read: of a message they may read (not deleted), or their
    own upload not sent yet. Everyone else learns nothing: 404."""
    attachment = store.attachments.get_many([attachment_id]).get(attachment_id)
    if attachment is None:
        raise not_found()
    conversation = store.conversations.get(attachment.conversation_id)
    member = conversation.member(user_id) if conversation else None
    if member is None:
        raise not_found()
    if attachment.message_id is None:
        if attachment.uploader_id != user_id or not member.current:
            raise not_found()
        return attachment
    message = store.messages.get_many([attachment.message_id]).get(attachment.message_id)
    if message is None or message.deleted or not member.sees(message.seq):
        raise not_found()
    return attachment


def read(store: Store, attachment: Attachment, part: str = FILE) -> Iterator[bytes]:
    return store.attachments.read(attachment, part)


def claim_for_message(
    store: Store, sender_id: str, conversation_id: str, client_id: str, ids: list[str]
) -> list[Attachment]:
    """Reserve the sender's unsent uploads of this conversation for the message client_id (in
    upload order, as messages show them); a clear 400 and nothing reserved otherwise."""
    found = store.attachments.get_many(ids)
    usable = all(
        (a := found.get(i)) is not None
        and a.uploader_id == sender_id
        and a.conversation_id == conversation_id
        and (a.client_id == client_id or (a.client_id is None and a.message_id is None))
        for i in ids
    )
    if not usable or not store.attachments.claim(ids, sender_id, conversation_id, client_id):
        message = "Attach files you uploaded to this conversation and have not sent yet"
        raise ApiError(400, "invalid_attachments", message, {"attachment_ids": [message]})
    return sorted((found[i] for i in ids), key=lambda a: (a.created_at, a.id))


def remove_unsent(store: Store) -> int:
    """Delete uploads not sent within UNSENT_LIFETIME; how many."""
    removed = store.attachments.delete_unsent(utcnow() - UNSENT_LIFETIME)
    if removed:
        log.info("removed %d unsent attachment(s)", removed)
    return removed
