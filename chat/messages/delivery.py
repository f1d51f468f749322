"""After sending: catching up (sync), and the delivered/read cursors with their receipts."""

from __future__ import annotations

from typing import Any

from ..conversations.access import reader_range, require_member
from ..conversations.service import shared_cursors
from ..errors import ApiError
from ..publishing import DELIVERED, READ, publish
from ..storage import Store
from ..storage.models import Conversation, Message


def sync(store: Store, user_id: str, cursors: dict[str, int], limit: int) -> dict[str, Any]:
    """Messages after each cursor that the user may read, by conversation then seq, at most
    `limit` in all (a former member's stop where they left)."""
    found = store.conversations.get_many(list(cursors))
    ranges = {c: reader_range(found.get(c), user_id) for c in cursors}
    messages: list[Message] = []
    more = False
    for conversation_id in sorted(cursors):
        visible_after, until = ranges[conversation_id]
        after = max(cursors[conversation_id], visible_after)
        if until <= after:
            continue
        room = limit - len(messages)
        if room == 0:
            more = True
            break
        batch = store.messages.after(conversation_id, after, room + 1, until)
        messages.extend(batch[:room])
        if len(batch) > room:
            more = True
            break
    return {"messages": [m.public() for m in messages], "more": more}


def mark_delivered(store: Store, user_id: str, conversation_id: str, seq: int) -> dict[str, Any]:
    """The user has received everything up to seq; tell the other members once it moved."""
    before = _receivable(store, user_id, conversation_id, seq).cursor(user_id)
    after = _advance(store, conversation_id, user_id, delivered=seq)
    cursor = after.cursor(user_id)
    if cursor.delivered > before.delivered:
        _tell_others(DELIVERED, after, user_id, cursor.delivered)
    return {"seq": cursor.delivered}


def mark_read(
    store: Store, user_id: str, conversation_id: str, seq: int, share: bool = True
) -> dict[str, Any]:
    """The user has seen everything up to seq: badges to their other tabs; to the others a read
    receipt, or only a delivery one when the user does not share read receipts."""
    before = _receivable(store, user_id, conversation_id, seq).cursor(user_id)
    after = _advance(store, conversation_id, user_id, read=seq, share_read=share)
    cursor, unread = after.cursor(user_id), after.unread(user_id)
    if cursor.read > before.read or unread != before.unread:
        own = {"conversation_id": conversation_id, "user_id": user_id, "seq": cursor.read}
        publish(READ, {**own, "unread": unread}, [user_id])
    if cursor.shown_read > before.shown_read:
        _tell_others(READ, after, user_id, cursor.shown_read)
    elif cursor.delivered > before.delivered:
        _tell_others(DELIVERED, after, user_id, cursor.delivered)
    return {"seq": cursor.read, "unread": unread}


def _tell_others(event: str, conversation: Conversation, user_id: str, seq: int) -> None:
    """A member's cursor moved: the others learn it, with how far everyone got (`all_seq`, the
    "delivered to all" / "read by all" mark of group ticks)."""
    delivered, read = shared_cursors(conversation)
    payload = {
        "conversation_id": conversation.id,
        "user_id": user_id,
        "seq": seq,
        "all_seq": read if event == READ else delivered,
    }
    others = [m for m in conversation.member_ids if m != user_id]
    publish(event, payload, others, coalesce=f"{event}:{conversation.id}")


def _advance(store: Store, conversation_id: str, user_id: str, **moves: Any) -> Conversation:
    after = store.conversations.advance_cursor(conversation_id, user_id, **moves)
    if after is None:  # removed meanwhile
        raise ApiError(403, "not_a_member", "You are not part of this conversation")
    return after


def _receivable(store: Store, user_id: str, conversation_id: str, seq: int) -> Conversation:
    conversation = require_member(store.conversations.get(conversation_id), user_id)
    if seq > conversation.last_seq:
        raise ApiError(
            400, "seq_ahead", "No such message yet", {"seq": [f"Above {conversation.last_seq}"]}
        )
    return conversation
