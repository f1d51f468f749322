"""A member's receipt on MongoDB: the cursors moved (unread.advance_cursor) and what the other
members are told, taken from the documents' cursor maps without building the conversation
(its last message decrypted, every member's record)."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo.collection import Collection

from ..models import Cursor, CursorMove
from .documents import cursor_from_doc
from .unread import advance_cursor


def receipt(
    conversations: Collection,
    messages: Collection,
    conversation: ObjectId,
    user: ObjectId,
    read: int,
    delivered: int,
    share_read: bool,
) -> CursorMove | None:
    """None (nothing changes) for a non-member, an unknown conversation, or a seq past the last.
    Call under the conversation's lock."""
    uid = str(user)
    before = conversations.find_one(
        {"_id": conversation, "member_ids": user}, {"last_seq": 1, f"cursors.{uid}": 1}
    )
    if before is None or max(read, delivered) > before.get("last_seq", 0):
        return None
    after = advance_cursor(conversations, messages, conversation, user, read, delivered, share_read)
    if after is None:  # removed meanwhile
        return None
    members = sorted(str(m) for m in after["member_ids"])
    cursors = [_cursor(after, m) for m in members]
    return CursorMove(
        before=_cursor(before, uid),
        after=_cursor(after, uid),
        member_ids=tuple(members),
        delivered_by_all=min(c.delivered for c in cursors),
        read_by_all=min(c.shown_read for c in cursors),
    )


def _cursor(doc: dict[str, Any], uid: str) -> Cursor:
    return cursor_from_doc((doc.get("cursors") or {}).get(uid, {}), doc.get("last_seq", 0))
