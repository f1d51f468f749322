"""Abuse limits: 429 with retry_after, per address, per account and per user; nothing stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chat import create_app
from chat.config import ConfigError, Settings
from chat.extensions import socketio
from chat.limits import limiter
from chat.storage import get_store
from tests.helpers import PASSWORD, client_id, signup


@pytest.fixture
def limited_app(settings: Settings):
    limits = {"RATELIMIT_SIGNUP": "3 per minute", "SOCKET_MESSAGE_LIMIT": "5 per minute"}
    app = create_app(replace(settings, ratelimit_enabled=True, limits=limits))
    limiter.reset()  # counts from earlier tests share this process's memory storage
    yield app
    with app.app_context():
        get_store().drop_all()


def test_signups_per_address_are_limited_with_retry_after(limited_app) -> None:
    client = limited_app.test_client()
    for i in range(3):
        signup(limited_app.test_client(), f"user{i}")
    response = client.post(
        "/api/auth/signup",
        json={
            "full_name": "X",
            "username": "user9",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert response.status_code == 429
    body = response.get_json()
    assert (
        body["code"] == "rate_limited" and 0 < body["retry_after"] <= 61
    )  # whole seconds, rounded up
    assert int(response.headers["Retry-After"]) == body["retry_after"]
    assert (
        client.post("/api/auth/login", json={"username": "user9", "password": PASSWORD}).status_code
        == 401
    )


def test_failed_logins_lock_the_account_not_the_right_password_elsewhere(limited_app) -> None:
    signup(limited_app.test_client(), "ann")
    signup(limited_app.test_client(), "bob")
    attacker = limited_app.test_client()
    codes = [
        attacker.post(
            "/api/auth/login", json={"username": "ann", "password": "wrong guess!"}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    # The account is paused, even with the right password; other accounts are not.
    assert (
        attacker.post("/api/auth/login", json={"username": "ANN", "password": PASSWORD}).status_code
        == 429
    )
    assert (
        attacker.post("/api/auth/login", json={"username": "bob", "password": PASSWORD}).status_code
        == 200
    )


def test_socket_messages_per_user_get_error_acks_and_are_not_stored(limited_app) -> None:
    ann, bob = limited_app.test_client(), limited_app.test_client()
    signup(ann, "ann")
    bob_user = signup(bob, "bob")
    sock = socketio.test_client(limited_app, flask_test_client=ann)
    acks = [
        sock.emit(
            "send_message",
            {"to": bob_user["id"], "text": f"m{i}", "client_id": client_id()},
            callback=True,
        )
        for i in range(7)
    ]
    assert [a["ok"] for a in acks] == [True] * 5 + [False] * 2
    assert acks[5]["error"] == "rate_limited" and acks[5]["retry_after"] > 0
    conv = acks[0]["message"]["conversation_id"]
    stored = bob.get(f"/api/conversations/{conv}/messages").get_json()["messages"]
    assert [m["text"] for m in stored] == [f"m{i}" for i in range(5)]
    sock.disconnect()


def test_turning_limits_off_is_refused_in_production() -> None:
    env = {"APP_ENV": "production", "JWT_SECRET": "s" * 40, "RATELIMIT_ENABLED": "false"}
    with pytest.raises(ConfigError, match="RATELIMIT_ENABLED"):
        Settings.from_env(env).to_flask()
