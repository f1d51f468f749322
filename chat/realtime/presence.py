"""Who is online in this process: a user is online while any of their sockets is connected."""

from __future__ import annotations

import threading

from flask import current_app

from ..sessions import TokenSession

EXTENSION_KEY = "chat.presence"


class Presence:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session_by_sid: dict[str, TokenSession] = {}
        self._sids_by_user: dict[str, set[str]] = {}

    def add(self, sid: str, session: TokenSession) -> bool:
        """Register a socket; True when this made the user come online."""
        with self._lock:
            self._session_by_sid[sid] = session
            sids = self._sids_by_user.setdefault(session.user_id, set())
            sids.add(sid)
            return len(sids) == 1

    def remove(self, sid: str) -> tuple[str | None, bool]:
        """Forget a socket; (its user, True when the user went offline)."""
        with self._lock:
            session = self._session_by_sid.pop(sid, None)
            if session is None:
                return None, False
            user_id = session.user_id
            sids = self._sids_by_user.get(user_id, set())
            sids.discard(sid)
            if sids:
                return user_id, False
            self._sids_by_user.pop(user_id, None)
            return user_id, True

    def session_of(self, sid: str) -> TokenSession | None:
        return self._session_by_sid.get(sid)

    def sids_of_token(self, jti: str) -> list[str]:
        with self._lock:
            return [sid for sid, s in self._session_by_sid.items() if s.jti == jti]

    def socket_count(self, user_id: str) -> int:
        return len(self._sids_by_user.get(user_id, ()))

    def is_online(self, user_id: str) -> bool:
        return user_id in self._sids_by_user

    def online_among(self, user_ids: list[str]) -> list[str]:
        return [u for u in user_ids if u in self._sids_by_user]


def get_presence() -> Presence:
    return current_app.extensions[EXTENSION_KEY]
