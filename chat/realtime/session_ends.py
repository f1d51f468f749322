"""Closing this process's sockets of sessions that ended anywhere (any process, the CLI).

Sockets outlive their access token: they end with their session. Every event would otherwise
need a storage read to learn that; instead each process polls storage once a second for what
ended since (chat/serving.py), with indexed queries whose answers are almost always empty.
"""

from __future__ import annotations

import logging
from datetime import datetime

from ..storage import Store
from .connection import end_outdated_sockets, end_sockets_of_session, end_sockets_of_user
from .presence import get_presence

log = logging.getLogger(__name__)


def close_ended_sockets(store: Store, since: datetime) -> int:
    """Close sockets of users deactivated, sessions revoked (logout, refresh-token reuse) and
    sessions older than a password change, since `since`; how many were closed."""
    closed = 0
    for user_id in store.users.deactivated_since(since):
        if count := end_sockets_of_user(user_id):
            log.info("closed %d socket(s) of deactivated user_id=%s", count, user_id)
            closed += count
    for session_id in store.revocations.revoked_since(since):  # also rotated refresh tokens:
        closed += end_sockets_of_session(session_id)  # no socket has their id, nothing happens
    presence = get_presence()
    changed = [u for u in store.users.sessions_reset_since(since) if presence.socket_count(u)]
    for user in store.users.get_many(changed).values():
        if count := end_outdated_sockets(user):
            log.info("closed %d socket(s) of older sessions of user_id=%s", count, user.id)
            closed += count
    return closed
