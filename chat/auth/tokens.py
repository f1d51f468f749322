"""JWT cookie sessions: issuing, reading the current user, and JSON errors for bad tokens."""

from __future__ import annotations

from flask import Flask, Response, jsonify
from flask_jwt_extended import (
    create_access_token,
    current_user,
    set_access_cookies,
)
from flask_jwt_extended.exceptions import CSRFError

from ..extensions import jwt
from ..storage import get_store
from ..storage.models import User


def start_session(response: Response, user: User) -> Response:
    set_access_cookies(response, create_access_token(identity=user.id))
    return response


def me() -> User:
    """The signed-in user of this request (inside @jwt_required)."""
    return current_user


def _error(status: int, code: str, message: str):
    return jsonify({"error": message, "code": code}), status


def init_tokens(app: Flask) -> None:
    @jwt.token_in_blocklist_loader
    def is_revoked(_header: dict, payload: dict) -> bool:
        return get_store().revocations.is_revoked(payload["jti"])

    jwt.revoked_token_loader(lambda _h, _p: _error(401, "session_ended", "Please sign in again"))

    @jwt.user_lookup_loader
    def load_user(_header: dict, payload: dict) -> User | None:
        user = get_store().users.get(payload["sub"])
        return user if user is not None and user.active else None  # deactivated: 401

    jwt.unauthorized_loader(lambda _msg: _error(401, "unauthorized", "Please sign in"))
    jwt.invalid_token_loader(lambda _msg: _error(401, "invalid_token", "Please sign in again"))
    jwt.expired_token_loader(
        lambda _h, _p: _error(401, "session_expired", "Your session has expired")
    )
    jwt.user_lookup_error_loader(
        lambda _h, _p: _error(401, "unknown_user", "This account no longer exists")
    )

    @app.errorhandler(CSRFError)  # registered after jwt.init_app, so it replaces its 401
    def csrf_failed(_err: CSRFError):
        return _error(403, "csrf_failed", "Missing or wrong CSRF token")
