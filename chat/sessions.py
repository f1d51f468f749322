"""Session tokens as the rest of the app sees them: who, which session, until when; revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app, g, request
from flask_jwt_extended import decode_token, get_jwt

from .storage import get_store


@dataclass(frozen=True)
class TokenSession:
    """Who a raw access token speaks for, and until when."""

    user_id: str
    jti: str
    expires_at: datetime


def session_from_token(token: str | None) -> TokenSession | None:
    """The session of a raw access token; None if missing, invalid, expired or logged out."""
    if not token:
        return None
    try:
        claims = decode_token(token)
    except Exception:  # any decode failure means: not signed in
        return None
    if get_store().revocations.is_revoked(claims["jti"]):
        return None
    return TokenSession(claims["sub"], claims["jti"], datetime.fromtimestamp(claims["exp"], UTC))


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


def revoke_current_session() -> str | None:
    """Revoke the token of this request (inside @jwt_required); its jti, or None if none."""
    claims = get_jwt()
    if not claims:
        return None
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    get_store().revocations.revoke(claims["jti"], expires)
    return claims["jti"]
