"""Who hears about whose presence: contacts (people who share a conversation), minus blocks."""

from __future__ import annotations

from ..storage import Store


def visible_contacts(store: Store, user_id: str) -> list[str]:
    """Contacts of user_id with no block between them, in either direction."""
    blocked = store.blocks.related(user_id)
    return [c for c in store.conversations.contact_ids(user_id) if c not in blocked]
