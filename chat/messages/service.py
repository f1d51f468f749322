"""Sending (validate, persist, then publish) and paging history; shared by HTTP and sockets."""

from __future__ import annotations

from typing import Any

from ..conversations.service import conversation_for_member
from ..errors import ApiError
from ..metrics import MESSAGES
from ..publishing import NEW_MESSAGE, publish, share_presence
from ..storage import Store
from ..storage.models import Message
from ..users.blocking import check_can_message


def send_message(
    store: Store, sender_id: str, data: dict[str, Any], origin_sid: str | None = None
) -> Message:
    """Store the message (once per client_id), then push it to both members' other sockets."""
    recipient = store.users.get(data["to"])
    if recipient is None or not recipient.active:  # deactivated and deleted accounts too
        raise ApiError(404, "user_not_found", "No such user", {"to": ["No such user"]})
    if recipient.id == sender_id:
        raise ApiError(400, "invalid_input", "You cannot message yourself", {"to": ["Is you"]})
    check_can_message(store, sender_id, recipient.id)
    conversation_id = store.conversations.direct_id(sender_id, recipient.id)
    members = [sender_id, recipient.id]
    message, created = store.messages.add(
        conversation_id, sender_id, data["text"], data["client_id"]
    )
    if created:
        MESSAGES.inc()
        publish(NEW_MESSAGE, {"message": message.public()}, members, origin_sid)
        if message.seq == 1:  # a first message makes them contacts
            share_presence(members, shared=True)
    return message


def history_page(
    store: Store, user_id: str, conversation_id: str, before: int | None, limit: int
) -> dict[str, Any]:
    """One page of history, ascending by seq, and the cursor of the next older page."""
    conversation_for_member(store, conversation_id, user_id)
    messages = store.messages.page(conversation_id, before, limit)
    next_before = messages[0].seq if len(messages) == limit and messages[0].seq > 1 else None
    return {"messages": [m.public() for m in messages], "next_before": next_before}
