"""Who hears about whose presence: contacts (people who share a conversation), minus blocks."""

from __future__ import annotations

from ..storage import Store
from .events import PRESENCE
from .presence import get_presence
from .publish import emit_to_users


def introduce(member_ids: tuple[str, ...]) -> None:
    """New contacts (a first message): tell each member which of the others is online."""
    presence = get_presence()
    for member in presence.online_among(list(member_ids)):
        others = [m for m in member_ids if m != member]
        emit_to_users(PRESENCE, {"user_id": member, "online": True}, others)


def visible_contacts(store: Store, user_id: str) -> list[str]:
    """Contacts of user_id with no block between them, in either direction."""
    blocked = store.blocks.related(user_id)
    return [c for c in store.conversations.contact_ids(user_id) if c not in blocked]
