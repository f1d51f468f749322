"""One's own membership settings: muting a conversation (for this user only; every tab of theirs
hears of it, so a hidden one stops notifying at once)."""

from __future__ import annotations

from ..publishing import MEMBERSHIP_UPDATED, publish
from ..storage import Store
from .access import conversation_for_member
from .service import member_view


def set_muted(store: Store, user_id: str, conversation_id: str, muted: bool) -> dict[str, object]:
    conversation_for_member(store, conversation_id, user_id)  # 404 / 403 as everywhere
    store.conversations.set_muted(conversation_id, user_id, muted)
    publish(MEMBERSHIP_UPDATED, {"conversation_id": conversation_id, "muted": muted}, [user_id])
    return member_view(store, conversation_id, user_id)
