"""Who is online: a user is online while any of their sockets, on any process, is connected.

Sockets and their sessions are this process's; with Redis configured, whether a user is online
anywhere comes from the shared directory. If Redis fails, this process's own view is used.
"""

from __future__ import annotations

import logging
import threading

import redis
from flask import current_app

from ..sessions import TokenSession
from .online_directory import RedisDirectory

EXTENSION_KEY = "chat.presence"
log = logging.getLogger(__name__)


class Presence:
    def __init__(self, directory: RedisDirectory | None = None) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._session_by_sid: dict[str, TokenSession] = {}
        self._sids_by_user: dict[str, set[str]] = {}
        self._sids_by_session: dict[str, set[str]] = {}  # ending a session finds them at once

    def add(self, sid: str, session: TokenSession) -> bool:
        """Register a socket; True when this made the user come online."""
        with self._lock:
            self._session_by_sid[sid] = session
            self._sids_by_session.setdefault(session.session_id, set()).add(sid)
            sids = self._sids_by_user.setdefault(session.user_id, set())
            sids.add(sid)
            first_here = len(sids) == 1
        if first_here and self.directory:
            return self._shared(lambda d: d.user_connected(session.user_id), first_here)
        return first_here

    def remove(self, sid: str) -> tuple[str | None, bool]:
        """Forget a socket; (its user, True when the user went offline)."""
        with self._lock:
            session = self._session_by_sid.pop(sid, None)
            if session is None:
                return None, False
            _discard(self._sids_by_session, session.session_id, sid)
            user_id = session.user_id
            sids = self._sids_by_user.get(user_id, set())
            sids.discard(sid)
            if sids:
                return user_id, False
            self._sids_by_user.pop(user_id, None)
        if self.directory:
            return user_id, self._shared(lambda d: d.user_disconnected(user_id), True)
        return user_id, True

    def session_of(self, sid: str) -> TokenSession | None:
        return self._session_by_sid.get(sid)

    def sids_of_session(self, session_id: str) -> list[str]:
        with self._lock:
            return list(self._sids_by_session.get(session_id, ()))

    def sids_of_user(self, user_id: str) -> list[str]:
        with self._lock:
            return list(self._sids_by_user.get(user_id, ()))

    def socket_total(self) -> int:
        return len(self._session_by_sid)

    def user_total(self) -> int:
        return len(self._sids_by_user)

    def socket_count(self, user_id: str) -> int:
        return len(self._sids_by_user.get(user_id, ()))

    def online_among(self, user_ids: list[str]) -> list[str]:
        local = [u for u in user_ids if u in self._sids_by_user]
        if self.directory:
            return self._shared(lambda d: d.online_among(user_ids), local)
        return local

    def _shared(self, ask, fallback):
        """Ask the shared directory; on a Redis failure, log and answer from this process."""
        try:
            return ask(self.directory)
        except redis.RedisError as err:
            log.error("presence directory unavailable, using this process's view: %s", err)
            return fallback


def _discard(index: dict[str, set[str]], key: str, sid: str) -> None:
    sids = index.get(key)
    if sids is not None:
        sids.discard(sid)
        if not sids:
            del index[key]


def get_presence() -> Presence:
    return current_app.extensions[EXTENSION_KEY]
