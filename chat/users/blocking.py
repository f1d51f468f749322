"""Blocking: nothing from a blocked user (messages, presence) reaches the blocker."""

from __future__ import annotations

from ..errors import ApiError
from ..storage import Store


def _target(store: Store, me: str, user_id: str) -> str:
    if user_id == me:
        raise ApiError(400, "invalid_input", "You cannot block yourself")
    user = store.users.get(user_id)
    if user is None:
        raise ApiError(404, "user_not_found", "No such user")
    return user.id


def block(store: Store, me: str, user_id: str) -> None:
    store.blocks.block(me, _target(store, me, user_id))


def unblock(store: Store, me: str, user_id: str) -> None:
    store.blocks.unblock(me, _target(store, me, user_id))


def check_can_message(store: Store, sender_id: str, recipient_id: str) -> None:
    """Refuse a message across a block, in either direction."""
    blockers = store.blocks.blockers_between(sender_id, recipient_id)  # one read per message
    if sender_id in blockers:
        raise ApiError(403, "unblock_first", "You blocked this user; unblock them to write")
    if recipient_id in blockers:
        raise ApiError(403, "cannot_message", "You cannot send messages to this user")
