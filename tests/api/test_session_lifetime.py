"""Short access tokens refreshed silently; idle and absolute session limits; refresh rotation."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from chat import create_app
from chat.extensions import socketio
from chat.storage import get_store
from chat.storage.models import utcnow
from tests.helpers import (
    PASSWORD,
    client_id,
    copy_refresh,
    refresh,
    refresh_cookie,
    signup,
    use_refresh,
)
from tests.session_tokens import claims_of, days_ago, forge


def test_an_expired_access_token_is_refreshed_without_signing_in_again(app, client) -> None:
    signup(client, "ann")
    forge(app, client, "access", -1)
    response = client.get("/api/conversations")
    assert response.status_code == 401 and response.get_json()["code"] == "token_expired"
    before = refresh_cookie(client)

    response = refresh(client)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user"]["username"] == "ann"
    times = response.get_json()["session"]
    assert 0 < times["access_expires_in"] <= 15 * 60 and times["idle_timeout"] == 7 * 86400
    assert client.get("/api/conversations").status_code == 200
    assert refresh_cookie(client) not in (None, before)  # rotated


def test_refreshing_keeps_the_session_and_its_start(app, client) -> None:
    signup(client, "ann")
    first = claims_of(app, client.get_cookie("access_token_cookie").value)
    assert refresh(client).status_code == 200
    second = claims_of(app, client.get_cookie("access_token_cookie").value)
    assert (second["session"], second["started"]) == (first["session"], first["started"])


def test_refresh_after_the_idle_limit_fails(app, client) -> None:
    signup(client, "ann")
    forge(app, client, "refresh", -1)  # its lifetime is the idle limit: nobody refreshed since
    response = refresh(client)
    assert response.status_code == 401 and response.get_json()["code"] == "session_expired"


def test_refresh_after_the_absolute_limit_fails_however_active(app, client) -> None:
    signup(client, "ann")
    forge(app, client, "refresh", 3600, started=days_ago(30) - 60)
    response = refresh(client)
    assert response.status_code == 401 and response.get_json()["code"] == "session_expired"


def test_no_token_outlives_the_absolute_end(settings) -> None:
    app = create_app(replace(settings, session_absolute_days=1 / 24))  # one hour
    client = app.test_client()
    signup(client, "ann")
    for token in (client.get_cookie("access_token_cookie").value, refresh_cookie(client)):
        claims = claims_of(app, token)
        assert claims["exp"] <= claims["started"] + 3600
    assert claims["exp"] - claims["iat"] > 3500  # the refresh token: idle limit cut to the end
    with app.app_context():
        get_store().drop_all()


def later(seconds: float):
    """A clock for chat.auth.refresh that runs `seconds` ahead."""
    return lambda: utcnow() + timedelta(seconds=seconds)


def test_reusing_a_rotated_refresh_token_ends_the_whole_session(
    app, client, make_client, monkeypatch
) -> None:
    signup(client, "ann")
    other, _ = make_client("bob")
    sock = socketio.test_client(app, flask_test_client=client)
    other_sock = socketio.test_client(app, flask_test_client=other)
    stolen = copy_refresh(client)
    assert refresh(client).status_code == 200  # the owner refreshes first
    grace = app.config["REFRESH_REUSE_GRACE"].total_seconds()
    monkeypatch.setattr("chat.auth.refresh.utcnow", later(grace + 1))

    thief = app.test_client()
    use_refresh(thief, stolen)
    response = refresh(thief)

    assert response.status_code == 401 and response.get_json()["code"] == "session_ended"
    assert client.get("/api/auth/me").status_code == 401  # the owner's new tokens died too
    assert refresh(client).status_code == 401
    assert not sock.is_connected() and other_sock.is_connected()


def test_a_refresh_whose_answer_was_lost_is_answered_again_within_the_grace(
    app, client, monkeypatch
) -> None:
    signup(client, "ann")
    sock = socketio.test_client(app, flask_test_client=client)
    before = copy_refresh(client)
    assert refresh(client).status_code == 200  # the server rotated, but its answer got lost:
    use_refresh(client, before)  # the browser still holds the old cookies
    monkeypatch.setattr("chat.auth.refresh.utcnow", later(20))

    again = refresh(client)

    assert again.status_code == 200, again.get_json()
    assert refresh_cookie(client) not in (None, before[0])
    assert client.get("/api/auth/me").status_code == 200
    assert refresh(client).status_code == 200  # the session goes on from the new tokens
    assert sock.is_connected()


def test_refresh_needs_its_csrf_header_and_cookie(app, client) -> None:
    signup(client, "ann")
    assert client.post("/api/auth/refresh").status_code == 403
    assert app.test_client().post("/api/auth/refresh").status_code == 401


def test_the_refresh_cookie_goes_only_to_the_refresh_route(client) -> None:
    response = signup_response(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "refresh_token" in c)
    assert "Path=/api/auth/refresh" in cookie and "HttpOnly" in cookie


def test_the_browser_drops_the_cookies_when_the_session_could_no_longer_resume(app, client) -> None:
    idle = int(app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    cookies = signup_response(client).headers.getlist("Set-Cookie")
    assert len(cookies) == 4  # access, refresh and their CSRF cookies
    assert all(f"Max-Age={idle};" in c for c in cookies), cookies


def signup_response(client):
    body = {"full_name": "A", "username": "ann", "password": PASSWORD, "confirm_password": PASSWORD}
    return client.post("/api/auth/signup", json=body)


def test_a_socket_outlives_its_access_token(app, make_client) -> None:
    _, bob = make_client("bob")
    ann, _ = make_client("ann")
    # JWT expiry has one-second steps: "in 2 s" is at least 1 s away (with "in 1 s", a token
    # made late in a second was already expired at the connect on a slow run), at most 2 s.
    forge(app, ann, "access", 2)
    sock = socketio.test_client(app, flask_test_client=ann)
    assert sock.is_connected()
    time.sleep(2.1)
    assert ann.get("/api/auth/me").status_code == 401  # the access token did expire
    ack = sock.emit(
        "send_message",
        {"to": bob["id"], "text": "still here", "client_id": client_id()},
        callback=True,
    )
    assert ack["ok"] is True and sock.is_connected()
