"""Session hardening: __Host- cookie in production, socket caps, client address behind a proxy."""

from __future__ import annotations

from dataclasses import replace

from chat import create_app
from chat.extensions import socketio
from chat.limits import limiter
from chat.storage import get_store
from tests.helpers import PASSWORD, signup

PROD_KEY = "A" * 43 + "="


def body(username: str) -> dict:
    return {
        "full_name": "X",
        "username": username,
        "password": PASSWORD,
        "confirm_password": PASSWORD,
    }


def test_production_cookie_is_host_prefixed_secure_and_http_only(settings) -> None:
    app = create_app(
        replace(settings, app_env="production", message_key=PROD_KEY, ratelimit_enabled=True)
    )
    limiter.reset()
    response = app.test_client().post(
        "/api/auth/signup", json=body("ann"), base_url="https://chat.example"
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "access_token=" in c)
    assert cookie.startswith("__Host-access_token=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    refresh = next(c for c in response.headers.getlist("Set-Cookie") if "refresh_token=" in c)
    assert refresh.startswith("__Secure-refresh_token=")  # a Path rules out __Host-
    assert "Secure" in refresh and "HttpOnly" in refresh and "Path=/api/auth/refresh" in refresh
    with app.app_context():
        get_store().drop_all()


def test_a_user_cannot_open_more_sockets_than_the_cap(settings) -> None:
    app = create_app(replace(settings, max_sockets_per_user=2))
    client = app.test_client()
    signup(client, "ann")
    socks = [socketio.test_client(app, flask_test_client=client) for _ in range(3)]
    assert [s.is_connected() for s in socks] == [True, True, False]
    socks[0].disconnect()
    assert socketio.test_client(app, flask_test_client=client).is_connected()
    with app.app_context():
        get_store().drop_all()


def test_limits_key_on_the_forwarded_client_address_not_the_proxy(settings) -> None:
    app = create_app(
        replace(
            settings,
            proxy_hops=1,
            ratelimit_enabled=True,
            limits={"RATELIMIT_SIGNUP": "1 per minute"},
        )
    )
    limiter.reset()
    client = app.test_client()

    def signup_from(address: str, username: str) -> int:
        headers = {"X-Forwarded-For": address}
        return client.post("/api/auth/signup", json=body(username), headers=headers).status_code

    assert signup_from("203.0.113.7", "ann") == 201
    assert signup_from("203.0.113.7", "bob") == 429
    assert signup_from("198.51.100.9", "carol") == 201  # another client behind the same proxy
    with app.app_context():
        get_store().drop_all()
