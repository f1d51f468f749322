"""Who may read and who may write a conversation.

Current members read and write; former group members read what they could read until they
left (read-only); everyone else gets 403 (404 for an unknown id), the same for every kind.
"""

from __future__ import annotations

from ..errors import ApiError
from ..storage import Store
from ..storage.models import Conversation, Member


def unknown() -> ApiError:
    return ApiError(404, "conversation_not_found", "No such conversation")


def not_a_member() -> ApiError:
    return ApiError(403, "not_a_member", "You are not part of this conversation")


def require_reader(conversation: Conversation | None, user_id: str) -> Member:
    """The user's membership, current or former; 404 unknown, 403 never a member."""
    if conversation is None:
        raise unknown()
    member = conversation.member(user_id)
    if member is None:
        raise not_a_member()
    return member


def require_member(conversation: Conversation | None, user_id: str) -> Conversation:
    """The conversation, for a current member; 404 unknown, 403 otherwise (former too)."""
    member = require_reader(conversation, user_id)
    if not member.current:
        raise not_a_member()
    assert conversation is not None
    return conversation


def conversation_for_member(store: Store, conversation_id: str, user_id: str) -> Conversation:
    return require_member(store.conversations.get(conversation_id), user_id)


def reader_range(conversation: Conversation | None, user_id: str) -> tuple[int, int]:
    """What the user may read of the conversation (see readable_range); 404/403 as above."""
    member = require_reader(conversation, user_id)
    assert conversation is not None
    return readable_range(conversation, member)


def readable_range(conversation: Conversation, member: Member) -> tuple[int, int]:
    """(after, until): the seqs the member may read are after < seq <= until."""
    until = member.left_seq if member.left_seq is not None else conversation.last_seq
    return member.visible_after, until
