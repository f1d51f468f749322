"""Blocking: nothing from a blocked user (messages, presence) reaches the blocker."""

from __future__ import annotations

from ..errors import ApiError
from ..publishing import share_presence
from ..storage import Store


def _target(store: Store, me: str, user_id: str) -> str:
    if user_id == me:
        raise ApiError(400, "invalid_input", "You cannot block yourself")
    user = store.users.get(user_id)
    if user is None:
        raise ApiError(404, "user_not_found", "No such user")
    return user.id


def block(store: Store, me: str, user_id: str) -> None:
    """Block; contacts stop seeing each other's presence at once (both ways)."""
    target = _target(store, me, user_id)
    store.blocks.block(me, target)
    if target in store.conversations.contact_ids(me):
        share_presence([me, target], shared=False)


def unblock(store: Store, me: str, user_id: str) -> None:
    """Unblock; contacts see each other's presence again unless the other blocked too."""
    target = _target(store, me, user_id)
    store.blocks.unblock(me, target)
    if not store.blocks.blockers_between(me, target) and target in store.conversations.contact_ids(
        me
    ):
        share_presence([me, target], shared=True)


def check_can_message(store: Store, sender_id: str, recipient_id: str) -> None:
    """Refuse a message across a block, in either direction."""
    blockers = store.blocks.blockers_between(sender_id, recipient_id)  # one read per message
    if sender_id in blockers:
        raise ApiError(403, "unblock_first", "You blocked this user; unblock them to write")
    if recipient_id in blockers:
        raise ApiError(403, "cannot_message", "You cannot send messages to this user")
