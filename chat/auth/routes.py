"""/api/auth: signup, login, logout, me."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import jwt_required, unset_jwt_cookies

from ..limits import login_address_limit, login_failure_limit, signup_limit
from ..realtime.connection import end_sockets_of_token
from ..sessions import revoke_current_session
from ..storage import get_store
from ..validation import load
from . import bp, service
from .schemas import LoginSchema, SignupSchema
from .tokens import me, start_session


def _passwords():
    return current_app.extensions["chat.passwords"]


@bp.post("/signup")
@signup_limit
def signup():
    data = load(SignupSchema(), request.get_json(silent=True))
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    user = service.sign_up(get_store(), _passwords(), data, min_length)
    return start_session(jsonify({"user": user.public()}), user), 201


@bp.post("/login")
@login_address_limit
@login_failure_limit
def login():
    data = load(LoginSchema(), request.get_json(silent=True))
    user = service.authenticate(get_store(), _passwords(), data["username"], data["password"])
    return start_session(jsonify({"user": user.public()}), user)


@bp.post("/logout")
@jwt_required(optional=True)
def logout():
    """Ends this session everywhere it is used: the token is revoked, its sockets closed."""
    jti = revoke_current_session()
    if jti:
        end_sockets_of_token(jti)
    response = jsonify({"ok": True})
    unset_jwt_cookies(response)
    return response


@bp.get("/me")
@jwt_required()
def current():
    return jsonify({"user": me().public()})
