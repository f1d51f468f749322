"""After sending: catching up (sync), and the delivered/read cursors with their receipts."""

from __future__ import annotations

from typing import Any

from ..conversations.service import conversation_for_member, require_member
from ..errors import ApiError
from ..publishing import DELIVERED, READ, publish
from ..storage import Store
from ..storage.models import Conversation, Message


def sync(store: Store, user_id: str, cursors: dict[str, int], limit: int) -> dict[str, Any]:
    """Messages after each cursor, by conversation then seq, at most `limit` in all."""
    found = store.conversations.get_many(list(cursors))
    for conversation_id in cursors:
        require_member(found.get(conversation_id), user_id)
    messages: list[Message] = []
    more = False
    for conversation_id in sorted(cursors):
        after = cursors[conversation_id]
        if found[conversation_id].last_seq <= after:
            continue
        room = limit - len(messages)
        if room == 0:
            more = True
            break
        batch = store.messages.after(conversation_id, after, room + 1)
        messages.extend(batch[:room])
        if len(batch) > room:
            more = True
            break
    return {"messages": [m.public() for m in messages], "more": more}


def mark_delivered(store: Store, user_id: str, conversation_id: str, seq: int) -> dict[str, Any]:
    """The user has received everything up to seq; tell the other members once it moved."""
    conversation = _receivable(store, user_id, conversation_id, seq)
    before = conversation.cursor(user_id).delivered
    cursor = store.conversations.advance_cursor(conversation_id, user_id, delivered=seq)
    if cursor.delivered > before:
        event = {"conversation_id": conversation_id, "user_id": user_id, "seq": cursor.delivered}
        publish(DELIVERED, event, _others(conversation, user_id))
    return {"seq": cursor.delivered}


def mark_read(store: Store, user_id: str, conversation_id: str, seq: int) -> dict[str, Any]:
    """The user has seen everything up to seq: receipts to the others, badges to their tabs."""
    conversation = _receivable(store, user_id, conversation_id, seq)
    before = conversation.cursor(user_id).read
    cursor = store.conversations.advance_cursor(conversation_id, user_id, read=seq)
    unread = max(0, conversation.last_seq - cursor.read)
    if cursor.read > before:
        event = {
            "conversation_id": conversation_id,
            "user_id": user_id,
            "seq": cursor.read,
            "unread": unread,
        }
        publish(READ, event, conversation.member_ids)
    return {"seq": cursor.read, "unread": unread}


def _receivable(store: Store, user_id: str, conversation_id: str, seq: int) -> Conversation:
    conversation = conversation_for_member(store, conversation_id, user_id)
    if seq > conversation.last_seq:
        raise ApiError(
            400, "seq_ahead", "No such message yet", {"seq": [f"Above {conversation.last_seq}"]}
        )
    return conversation


def _others(conversation: Conversation, user_id: str) -> list[str]:
    return [m for m in conversation.member_ids if m != user_id]
