"""Changing one's own profile: contacts see the new name at once (and everyone else on their
next look-up)."""

from __future__ import annotations

from ..publishing import USER_UPDATED, publish
from ..storage import Store
from .contacts import visible_contacts


def rename(store: Store, user_id: str, full_name: str) -> dict[str, object]:
    user = store.users.set_full_name(user_id, full_name)
    publish(USER_UPDATED, {"user": user.public()}, [user_id, *visible_contacts(store, user_id)])
    return user.public()
