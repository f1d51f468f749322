"""Conversation access rules and list views."""

from __future__ import annotations

from ..errors import ApiError
from ..storage import Store
from ..storage.models import Conversation, User, iso

LIST_LIMIT = 1000  # the sidebar shows every conversation with its unread count


def require_member(conversation: Conversation | None, user_id: str) -> Conversation:
    """The conversation, or 404 when unknown and 403 when the user is not a member."""
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "No such conversation")
    if user_id not in conversation.member_ids:
        raise ApiError(403, "not_a_member", "You are not part of this conversation")
    return conversation


def conversation_for_member(store: Store, conversation_id: str, user_id: str) -> Conversation:
    return require_member(store.conversations.get(conversation_id), user_id)


def conversation_view(
    conversation: Conversation,
    user_id: str,
    other: User | None,
    blocked: bool = False,
    presence_shared: bool = True,
) -> dict:
    """A conversation as one member sees it: the other member, counts and both cursors.

    Presence (online and last seen) is shared between members unless either blocked the other;
    `presence_shared` tells the client whether a missing online mark means "offline"."""
    mine, peer = (
        conversation.cursor(user_id),
        conversation.cursor(conversation.other_member(user_id)),
    )
    last = conversation.last_message
    other_view: dict[str, object] | None = None
    if other is not None:
        seen = other.last_seen_at if presence_shared else None
        other_view = {**other.public(), "last_seen_at": iso(seen) if seen else None}
    return {
        "id": conversation.id,
        "other": other_view,
        "last_message": last.public() if last else None,
        "updated_at": iso(conversation.updated_at),
        "last_seq": conversation.last_seq,
        "unread": conversation.unread(user_id),
        "read_seq": mine.read,
        "peer_read_seq": peer.read,
        "peer_delivered_seq": peer.delivered,
        "blocked": blocked,
        "presence_shared": presence_shared,
    }


def list_view(store: Store, user_id: str) -> list[dict[str, object]]:
    """The user's conversations, newest first."""
    conversations = store.conversations.list_for_user(user_id, LIST_LIMIT)
    return _views(store, user_id, conversations)


def member_view(store: Store, conversation_id: str, user_id: str) -> dict[str, object]:
    """One conversation of the user (404 unknown, 403 not a member)."""
    conversation = conversation_for_member(store, conversation_id, user_id)
    return _views(store, user_id, [conversation])[0]


def _views(store: Store, user_id: str, conversations: list[Conversation]) -> list[dict]:
    others = store.users.get_many([c.other_member(user_id) for c in conversations])
    blocked = set(store.blocks.blocked_ids(user_id))
    hidden = store.blocks.related(user_id)  # either way: no presence between them
    views = []
    for c in conversations:
        other_id = c.other_member(user_id)
        views.append(
            conversation_view(
                c, user_id, others.get(other_id), other_id in blocked, other_id not in hidden
            )
        )
    return views
