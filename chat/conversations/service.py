"""Conversation access rules and list views."""

from __future__ import annotations

from ..errors import ApiError
from ..storage import Store
from ..storage.models import Conversation, iso


def conversation_for_member(store: Store, conversation_id: str, user_id: str) -> Conversation:
    """The conversation, or 404 when unknown and 403 when the user is not a member."""
    conversation = store.conversations.get(conversation_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "No such conversation")
    if user_id not in conversation.member_ids:
        raise ApiError(403, "not_a_member", "You are not part of this conversation")
    return conversation


def list_view(store: Store, user_id: str) -> list[dict[str, object]]:
    """The user's conversations, newest first, with the other member and the last message."""
    conversations = store.conversations.list_for_user(user_id)
    others = store.users.get_many([c.other_member(user_id) for c in conversations])
    views = []
    for c in conversations:
        other = others.get(c.other_member(user_id))
        views.append(
            {
                "id": c.id,
                "other": other.public() if other else None,
                "last_message": c.last_message.public() if c.last_message else None,
                "updated_at": iso(c.updated_at),
            }
        )
    return views
