"""Abuse limits: Flask-Limiter for HTTP, the same storage for per-user socket event limits.

Storage is Redis when REDIS_URL is set (shared by every process), memory otherwise (swept
sparingly: chat/limits_memory.py). Two windows
per socket limit ("20 per 10 seconds; 120 per minute") behave like a token bucket with a burst.
"""

from __future__ import annotations

import functools
import math
import time

from flask import Flask, current_app, jsonify, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from . import limits_memory  # noqa: F401  (registers the chat-memory:// storage)
from .errors import ApiError
from .sessions import request_user_id
from .storage.text import fold


def requester_key() -> str:
    """The signed-in user (whatever address they come from), else the client address."""
    user_id = request_user_id()
    return f"user:{user_id}" if user_id else f"ip:{get_remote_address()}"


def login_account_key() -> str:
    body = request.get_json(silent=True)
    username = body.get("username") if isinstance(body, dict) else None
    return "account:" + fold(username[:64]) if isinstance(username, str) else "account:?"


limiter = Limiter(key_func=requester_key)

signup_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_SIGNUP"], key_func=get_remote_address
)
login_address_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"], key_func=get_remote_address
)
# Only failures count, per account: growing waits after 5, 20 and 100 wrong passwords (ASVS 2.2.1).
login_failure_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_FAILURES"],
    key_func=login_account_key,
    deduct_when=lambda response: response.status_code == 401,
)

# A wrong current password at a password change counts like a failed login, per account.
password_failure_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_FAILURES"],
    key_func=lambda: "password:" + requester_key(),
    deduct_when=lambda response: (
        response.status_code == 400
        and (response.get_json(silent=True) or {}).get("code") == "wrong_password"
    ),
)


def init_limits(app: Flask) -> None:
    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def too_many(_err: RateLimitExceeded):
        current = limiter.current_limit
        wait = max(1, int(current.reset_at - time.time())) if current else 60  # as its header
        body = {
            "error": "Too many requests; try again later",
            "code": "rate_limited",
            "retry_after": wait,
        }
        return jsonify(body), 429, {"Retry-After": str(wait)}


@functools.lru_cache(maxsize=16)
def _parsed(limits: str) -> tuple[RateLimitItem, ...]:
    """A limit setting, parsed once rather than for every event (~6 % of a receipt's handler)."""
    return tuple(parse_many(limits))


def check_socket_rate(user_id: str, event: str) -> None:
    """Count one socket event for the user; ApiError(429) with retry_after when over the limit."""
    if not limiter.enabled:
        return
    setting = "SOCKET_MESSAGE_LIMIT" if event == "send_message" else "SOCKET_EVENT_LIMIT"
    key = f"socket:{event}:{user_id}"
    for item in _parsed(current_app.config[setting]):
        if not limiter.limiter.hit(item, key):
            reset_at = limiter.limiter.get_window_stats(item, key).reset_time
            wait = max(1, math.ceil(reset_at - time.time()))
            raise ApiError(429, "rate_limited", "Too many events; slow down", retry_after=wait)
