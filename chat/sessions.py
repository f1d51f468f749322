"""Sign-in sessions as the rest of the app sees them: who, which session, until when.

A session begins at sign-in and is carried by two tokens that name it: a short access token
and a refresh token (chat/auth/tokens.py). Ending a session revokes its id, so both die; a
password change starts a new session generation for the user, which ends every older session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, g, request
from flask_jwt_extended import decode_token

from .storage import get_store
from .storage.models import User

# Claims both tokens of a session carry. "session", not "sid": Socket.IO's sid is a socket.
SESSION = "session"
STARTED = "started"  # when the session began (epoch seconds): the absolute lifetime counts from it
GENERATION = "generation"  # the user's session generation at sign-in (User.session_generation)

Claims = dict[str, Any]


@dataclass(frozen=True)
class TokenSession:
    """Who a session speaks for, and until when at the latest (its absolute end)."""

    user_id: str
    session_id: str
    generation: int
    expires_at: datetime


def session_end(claims: Claims) -> datetime:
    """When the session of these claims must end, however active it is."""
    return absolute_end(datetime.fromtimestamp(claims[STARTED], UTC))


def absolute_end(started: datetime) -> datetime:
    """When a session begun at `started` must end, however active it is."""
    lifetime: timedelta = current_app.config["SESSION_ABSOLUTE_LIFETIME"]
    return started + lifetime


def session_of(claims: Claims) -> TokenSession:
    return TokenSession(claims["sub"], claims[SESSION], claims[GENERATION], session_end(claims))


def is_current(user: User | None, claims: Claims) -> bool:
    """The user may still use a session of these claims: active, generation not moved on."""
    return user is not None and user.active and claims.get(GENERATION) == user.session_generation


def socket_session(token: str | None) -> TokenSession | None:
    """The session of a raw access token for a socket handshake; None if missing, invalid,
    expired, ended (logout), or of an older generation or a deactivated user."""
    if not token:
        return None
    try:
        claims = decode_token(token)
    except Exception:  # any decode failure means: not signed in
        return None
    store = get_store()
    if SESSION not in claims or store.revocations.revoked_at(claims[SESSION]) is not None:
        return None
    if not is_current(store.users.get(claims["sub"]), claims):
        return None
    return session_of(claims)


def user_id_from_token(token: str | None) -> str | None:
    """Only for keying rate limits: the user a validly signed token names (no revocation check)."""
    if not token:
        return None
    try:
        return decode_token(token)["sub"]
    except Exception:
        return None


def request_user_id() -> str | None:
    """user_id_from_token for this request's cookie, decoded once per request (limits, logs)."""
    if "_cookie_user_id" not in g:
        cookie = request.cookies.get(current_app.config["JWT_ACCESS_COOKIE_NAME"])
        g._cookie_user_id = user_id_from_token(cookie)
    return g._cookie_user_id


def end_session(claims: Claims) -> str:
    """Revoke the session of these claims (both its tokens) until its absolute end; its id."""
    session_id = claims[SESSION]
    end_session_id(session_id, session_end(claims))
    return session_id


def end_session_id(session_id: str, until: datetime) -> None:
    """Revoke both tokens of a session, kept until `until` (its absolute end), and take it off
    its user's list of sessions. Its sockets are the caller's to close (chat.publishing)."""
    store = get_store()
    store.revocations.revoke(session_id, until)
    store.sessions.end(session_id)
