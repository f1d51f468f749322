"""Profile pictures through the attachment pipeline: checked and re-encoded from the bytes,
stored encrypted like any attachment (its own "conversation" avatar:<user id>), shown to every
signed-in user (as names are), the previous one deleted once the new one is in place."""

from __future__ import annotations

import io
import logging

from ..blocking import run_blocking
from ..errors import ApiError
from ..publishing import USER_UPDATED, publish
from ..storage import Store
from ..storage.attachment_records import (
    Attachment,
    avatar_binding,
    avatar_home,
    new_attachment_id,
)
from ..storage.models import User, utcnow
from ..users.contacts import visible_contacts
from .images import ImageRefused, square
from .service import UploadLimits, not_found, too_large

AVATAR_PX = 256
URL_PREFIX = "/api/avatars/"


def set_avatar(store: Store, user: User, content: io.BytesIO, limits: UploadLimits) -> User:
    size = content.seek(0, io.SEEK_END)
    if size > limits.max_bytes:
        raise too_large(limits)
    try:
        picture = run_blocking(square, content, AVATAR_PX)
    except ImageRefused as err:
        raise ApiError(400, err.code, str(err), {"file": [str(err)]}) from err
    draft = Attachment(
        id=new_attachment_id(),
        conversation_id=avatar_home(user.id),
        uploader_id=user.id,
        name="avatar.webp",
        size=len(picture),
        content_type="image/webp",
        created_at=utcnow(),
        key_id="",
        width=AVATAR_PX,
        height=AVATAR_PX,
    )
    stored = store.attachments.create(draft, [picture], None)
    # Bound like a sent file, so the clean-up of unsent uploads leaves it alone.
    store.attachments.claim([stored.id], user.id, avatar_home(user.id), stored.id)
    store.attachments.bind(user.id, stored.id, avatar_binding(stored.id))
    after = store.users.set_avatar_url(user.id, URL_PREFIX + stored.id)
    if user.avatar_url and user.avatar_url.startswith(URL_PREFIX):
        store.attachments.delete_for_messages([avatar_binding(user.avatar_url[len(URL_PREFIX) :])])
    publish(USER_UPDATED, {"user": after.public()}, [user.id, *visible_contacts(store, user.id)])
    logging.getLogger(__name__).info("avatar set user_id=%s", user.id)
    return after


def avatar(store: Store, attachment_id: str) -> Attachment:
    """A current or recent picture of any user (anyone signed in may see it); else 404."""
    found = store.attachments.get_many([attachment_id]).get(attachment_id)
    if found is None or found.message_id != avatar_binding(found.id):
        raise not_found()
    if found.conversation_id != avatar_home(found.uploader_id):
        raise not_found()
    return found
