"""A user's settings (privacy switches): stored with the user, read by hot paths through a
short per-process cache (a change reaches other processes within SETTINGS_TTL seconds)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from weakref import WeakKeyDictionary

from ..storage import Store
from ..storage.models import DEFAULT_SETTINGS

SETTINGS_TTL = 2.0

_caches: WeakKeyDictionary[object, dict[str, tuple[float, Mapping[str, bool | str]]]] = (
    WeakKeyDictionary()
)


def user_settings(store: Store, user_id: str) -> Mapping[str, bool | str]:
    cache = _caches.setdefault(store, {})
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
    _caches.setdefault(store, {})[user_id] = (time.monotonic(), user.settings)
    return user.settings
