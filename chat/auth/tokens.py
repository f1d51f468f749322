"""JWT cookie sessions: issuing both tokens, reading the current user, JSON errors for bad tokens.

The access token (ACCESS_TOKEN_MINUTES) is sent with every request; the refresh token lives as
long as the session may stay idle (SESSION_IDLE_HOURS), is sent only to /api/auth/refresh and
is replaced at each use. Neither outlives the session's absolute end (SESSION_ABSOLUTE_DAYS
after sign-in).
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from flask import Flask, Response, current_app, jsonify, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    current_user,
    decode_token,
    get_jwt,
    set_access_cookies,
    set_refresh_cookies,
)
from flask_jwt_extended.exceptions import CSRFError, JWTExtendedException
from jwt import PyJWTError

from ..errors import ApiError
from ..extensions import jwt
from ..sessions import GENERATION, SESSION, STARTED, Claims, is_current, session_end
from ..storage import get_store
from ..storage.models import User
from .session_list import note_activity


def session_response(user: User, status: int = 200, continued: Claims | None = None) -> Response:
    """{"user", "session"} with the cookies of a new session, or of `continued` carried on
    (same id and start, the user's current generation)."""
    now = int(time.time())
    claims = {
        SESSION: continued[SESSION] if continued else uuid.uuid4().hex,
        STARTED: continued[STARTED] if continued else now,
        GENERATION: user.session_generation,
    }
    left = session_end(claims).timestamp() - now
    if left <= 0:
        raise ApiError(401, "session_expired", "Your session has expired")
    config = current_app.config
    access = min(config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds(), left)
    refresh = min(config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds(), left)
    response = jsonify({"user": user.public(), "session": _times(access, left)})
    response.status_code = status
    # The browser keeps both cookies as long as the session may resume, not flask-jwt-extended's
    # default year: an expired access token still tells the server to answer "refresh".
    kept = int(refresh)
    set_access_cookies(response, _token(create_access_token, user, claims, access), kept)
    set_refresh_cookies(response, _token(create_refresh_token, user, claims, refresh), kept)
    note_activity(user, claims, refresh, request.user_agent.string, request.remote_addr)
    return response


def current_session_times() -> dict[str, int]:
    """The "session" object for this request's access token (inside @jwt_required)."""
    claims, now = get_jwt(), time.time()
    return _times(claims["exp"] - now, session_end(claims).timestamp() - now)


def _times(access_seconds: float, session_seconds: float) -> dict[str, int]:
    """Durations, not times: the client's clock may be off, its timers are not."""
    idle = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()
    return {
        "access_expires_in": max(0, int(access_seconds)),
        "idle_timeout": int(idle),
        "expires_in": max(0, int(session_seconds)),
    }


def _token(create, user: User, claims: Claims, seconds: float) -> str:
    return create(
        identity=user.id, additional_claims=claims, expires_delta=timedelta(seconds=seconds)
    )


def me() -> User:
    """The signed-in user of this request (inside @jwt_required)."""
    return current_user


def access_claims_to_end() -> Claims | None:
    """The claims of this request's access token for logout, even if it expired (an idle tab
    must still be able to end its session); None without a validly signed one. CSRF applies."""
    token = request.cookies.get(current_app.config["JWT_ACCESS_COOKIE_NAME"])
    if not token:
        return None
    csrf = request.headers.get(current_app.config["JWT_ACCESS_CSRF_HEADER_NAME"])
    if not csrf:
        raise CSRFError("Missing CSRF token")
    try:
        claims = decode_token(token, csrf_value=csrf, allow_expired=True)
    except CSRFError:
        raise
    except (PyJWTError, JWTExtendedException):
        return None
    return claims if SESSION in claims else None


def _error(status: int, code: str, message: str):
    return jsonify({"error": message, "code": code}), status


def _expired(_header: dict, payload: dict):
    """An expired access token is routine (the client refreshes and retries); an expired
    refresh token means the session is over."""
    if payload.get("type") == "access":
        return _error(401, "token_expired", "Refresh the session and retry")
    return _error(401, "session_expired", "Your session has expired")


def init_tokens(app: Flask) -> None:
    @jwt.token_in_blocklist_loader
    def is_revoked(_header: dict, payload: dict) -> bool:
        # Tokens of older releases name no session: they count as ended.
        if SESSION not in payload:
            return True
        return get_store().revocations.revoked_at(payload[SESSION]) is not None

    jwt.revoked_token_loader(lambda _h, _p: _error(401, "session_ended", "Please sign in again"))

    @jwt.user_lookup_loader
    def load_user(_header: dict, payload: dict) -> User | None:
        user = get_store().users.get(payload["sub"])
        return user if is_current(user, payload) else None  # deactivated, password changed: 401

    jwt.unauthorized_loader(lambda _msg: _error(401, "unauthorized", "Please sign in"))
    jwt.invalid_token_loader(lambda _msg: _error(401, "invalid_token", "Please sign in again"))
    jwt.expired_token_loader(_expired)
    jwt.user_lookup_error_loader(
        lambda _h, _p: _error(401, "session_ended", "Please sign in again")
    )

    @app.errorhandler(CSRFError)  # registered after jwt.init_app, so it replaces its 401
    def csrf_failed(_err: CSRFError):
        return _error(403, "csrf_failed", "Missing or wrong CSRF token")
