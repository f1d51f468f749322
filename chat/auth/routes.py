"""/api/auth: signup, login, refresh, logout, password, me, password-rules, sessions."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_jwt_extended import get_jwt, jwt_required, unset_jwt_cookies

from ..errors import ApiError
from ..limits import login_address_limit, login_failure_limit, password_failure_limit, signup_limit
from ..publishing import close_outdated_sessions, close_session
from ..sessions import SESSION, end_session
from ..storage import get_store
from ..validation import load
from . import bp, service, session_list
from .password_policy import MAX_LENGTH
from .refresh import retire_refresh_token
from .schemas import LoginSchema, PasswordChangeSchema, SignupSchema
from .tokens import access_claims_to_end, current_session_times, me, session_response


def _passwords():
    return current_app.extensions["chat.passwords"]


@bp.post("/signup")
@signup_limit
def signup():
    data = load(SignupSchema(), request.get_json(silent=True))
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    user = service.sign_up(get_store(), _passwords(), data, min_length)
    return session_response(user, 201)


@bp.post("/login")
@login_address_limit
@login_failure_limit
def login():
    data = load(LoginSchema(), request.get_json(silent=True))
    user = service.authenticate(get_store(), _passwords(), data["username"], data["password"])
    return session_response(user)


@bp.post("/refresh")
@jwt_required(refresh=True)
def refresh():
    """New tokens for the session; a refresh token used again after its grace was copied: the
    session ends (chat/auth/refresh.py)."""
    claims = get_jwt()
    if not retire_refresh_token(claims):
        close_session(claims[SESSION])
        raise ApiError(401, "session_ended", "Please sign in again")
    return session_response(me(), continued=claims)


@bp.post("/logout")
def logout():
    """Ends this session everywhere it is used: both tokens revoked, its sockets closed."""
    claims = access_claims_to_end()
    if claims:
        close_session(end_session(claims))  # other processes: chat/serving.py
    return _signed_out()


def _signed_out():
    response = jsonify({"ok": True})
    unset_jwt_cookies(response)
    return response


@bp.post("/password")
@jwt_required()
@password_failure_limit
def change_password():
    """Every other session of the user ends; this one goes on with new tokens."""
    data = load(PasswordChangeSchema(), request.get_json(silent=True))
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    claims = get_jwt()
    user = service.change_password(
        get_store(), _passwords(), me(), claims[SESSION], data, min_length
    )
    close_outdated_sessions(user)  # this process's at once, the others' within a second
    return session_response(user, continued=claims)


@bp.get("/me")
@jwt_required()
def current():
    return jsonify({"user": me().public(), "session": current_session_times()})


@bp.get("/sessions")
@jwt_required()
def sessions():
    """Your signed-in sessions, most recently active first; this one is `current`."""
    listed = session_list.list_sessions(get_store(), me(), get_jwt()[SESSION])
    return jsonify({"sessions": listed})


@bp.delete("/sessions/<session_id>")
@jwt_required()
def end_one_session(session_id: str):
    """End one of your sessions (its tokens and sockets); ending this one signs you out."""
    session_list.end_one(get_store(), me(), session_id)
    close_session(session_id)  # other processes: chat/serving.py
    return _signed_out() if session_id == get_jwt()[SESSION] else jsonify({"ok": True})


@bp.post("/sessions/end-others")
@jwt_required()
def end_other_sessions():
    """Sign out everywhere else: every other session of yours ends."""
    ended = session_list.end_others(get_store(), me(), get_jwt()[SESSION])
    for session_id in ended:
        close_session(session_id)
    return jsonify({"ok": True, "ended": len(ended)})


@bp.get("/password-rules")
def password_rules():
    """The length a new password needs, so forms can say it before the first attempt."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    return jsonify({"min_length": min_length, "max_length": MAX_LENGTH})
