"""A user's settings (privacy switches): stored with the user, read by hot paths (every `read`
and `typing` event) from a per-process cache. A change made here updates this process's copy at
once; a change made by another process reaches this one through `forget_changed`, which the
serving process calls every second (chat/serving.py), so a cached copy is never more than about
a second out of date, while a user's settings are read from storage once per SETTINGS_TTL, not
once per event."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from weakref import WeakKeyDictionary

from ..storage import Store
from ..storage.models import DEFAULT_SETTINGS

SETTINGS_TTL = 60.0  # a safety net only: changes arrive through forget_changed

_caches: WeakKeyDictionary[object, dict[str, tuple[float, Mapping[str, bool | str]]]] = (
    WeakKeyDictionary()
)


def _cache(store: Store) -> dict[str, tuple[float, Mapping[str, bool | str]]]:
    return _caches.setdefault(store, {})


def user_settings(store: Store, user_id: str) -> Mapping[str, bool | str]:
    cache = _cache(store)
    now = time.monotonic()
    hit = cache.get(user_id)
    if hit and now - hit[0] < SETTINGS_TTL:
        return hit[1]
    user = store.users.get(user_id)
    settings = user.settings if user else DEFAULT_SETTINGS
    cache[user_id] = (now, settings)
    return settings


def update_settings(
    store: Store, user_id: str, changes: dict[str, bool | str]
) -> Mapping[str, bool | str]:
    user = store.users.update_settings(user_id, changes)
    _cache(store)[user_id] = (time.monotonic(), user.settings)
    return user.settings


def forget_changed(store: Store, since: datetime) -> int:
    """Drop the cached settings of users whose settings changed at or after `since` (in any
    process); how many were cached. The next read takes them from storage."""
    cache = _cache(store)
    return sum(cache.pop(u, None) is not None for u in store.users.settings_changed_since(since))
