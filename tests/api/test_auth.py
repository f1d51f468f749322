"""Signup, login, logout and the session cookie through the HTTP API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask

from chat import create_app
from chat.storage import get_store
from tests.helpers import PASSWORD, csrf_headers, signup


def test_signup_signs_in_and_me_returns_the_user(client) -> None:
    user = signup(client, "ann", full_name="Ann Lee")
    assert user["username"] == "ann" and user["full_name"] == "Ann Lee"
    assert "password" not in str(user) and "hash" not in str(user)
    assert client.get("/api/auth/me").get_json()["user"] == user


def test_session_cookie_is_http_only_and_same_site(client) -> None:
    client.post(
        "/api/auth/signup",
        json={
            "full_name": "Ann",
            "username": "ann",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    access = client.get_cookie("access_token_cookie")
    assert access is not None and access.http_only and access.same_site == "Lax"
    assert client.get_cookie("csrf_access_token") is not None


def test_me_without_session_is_401_json(client) -> None:
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthorized"


def test_username_is_unique_ignoring_case(client, app) -> None:
    signup(client, "Ann")
    other = app.test_client()
    response = other.post(
        "/api/auth/signup",
        json={
            "full_name": "x",
            "username": "aNN",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert response.status_code == 409
    assert response.get_json()["fields"] == {"username": ["Already taken"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "x" * 33}, "username"),
        ({"full_name": "   "}, "full_name"),
        ({"password": "short", "confirm_password": "short"}, "password"),
        ({"confirm_password": "something else"}, "confirm_password"),
        ({"gender": "robot"}, "gender"),
        ({"avatar_url": "javascript:alert(1)"}, "avatar_url"),
        ({"is_admin": True}, "is_admin"),
        ({"username": 42}, "username"),
    ],
)
def test_bad_signup_is_400_with_the_field_and_creates_nobody(client, change, field) -> None:
    body = {
        "full_name": "Ann",
        "username": "ann",
        "password": PASSWORD,
        "confirm_password": PASSWORD,
        **change,
    }
    response = client.post("/api/auth/signup", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]
    assert client.post(
        "/api/auth/login", json={"username": body["username"], "password": PASSWORD}
    ).status_code in (400, 401)


@pytest.mark.parametrize("body", [None, [], "text", {"username": "ann"}])
def test_login_rejects_malformed_bodies(client, body) -> None:
    response = client.post("/api/auth/login", json=body)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_wrong_password_and_unknown_user_get_the_same_answer(client, app) -> None:
    signup(client, "ann")
    fresh = app.test_client()
    wrong = fresh.post("/api/auth/login", json={"username": "ann", "password": "nope nope"})
    unknown = fresh.post("/api/auth/login", json={"username": "zed", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert fresh.get_cookie("access_token_cookie") is None


def test_login_is_case_insensitive_on_username(client, app) -> None:
    signup(client, "Ann")
    fresh = app.test_client()
    response = fresh.post("/api/auth/login", json={"username": "ANN", "password": PASSWORD})
    assert response.status_code == 200
    assert fresh.get("/api/auth/me").get_json()["user"]["username"] == "Ann"


def test_logout_needs_the_csrf_header_then_ends_the_session(client) -> None:
    signup(client, "ann")
    assert client.post("/api/auth/logout").status_code == 403
    assert client.get("/api/auth/me").status_code == 200
    response = client.post("/api/auth/logout", headers=csrf_headers(client))
    assert response.status_code == 200
    assert client.get("/api/auth/me").status_code == 401


def test_tampered_token_is_refused(client) -> None:
    signup(client, "ann")
    token = client.get_cookie("access_token_cookie").value
    client.set_cookie(
        "access_token_cookie", token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    )
    assert client.get("/api/auth/me").status_code == 401


def test_token_is_never_taken_from_the_url_or_a_header(client, app) -> None:
    signup(client, "ann")
    token = client.get_cookie("access_token_cookie").value
    stranger = app.test_client()
    assert stranger.get(f"/api/auth/me?jwt={token}").status_code == 401
    assert stranger.get(f"/api/auth/me?access_token_cookie={token}").status_code == 401
    assert (
        stranger.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


@pytest.mark.parametrize(
    "body", [{}, {"username": "  ", "password": ""}, {"username": None, "password": None}]
)
def test_login_without_username_or_password_says_what_to_enter(client, body) -> None:
    response = client.post("/api/auth/login", json=body)
    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "username": ["Enter your username"],
        "password": ["Enter your password"],
    }


def test_empty_signup_says_what_to_enter(client) -> None:
    body = {"full_name": " ", "username": "ann", "password": "", "confirm_password": ""}
    fields = client.post("/api/auth/signup", json=body).get_json()["fields"]
    assert fields["full_name"] == ["Enter your full name"]
    assert fields["password"] == ["Enter a password"]


@pytest.fixture(params=[12, 16])
def strict_app(settings, request) -> Iterator[Flask]:
    """An app with PASSWORD_MIN_LENGTH set to the parameter."""
    app = create_app(replace(settings, password_min_length=request.param))
    yield app
    with app.app_context():
        get_store().drop_all()
        get_store().close()


def test_password_rules_tell_the_length_signup_enforces(strict_app) -> None:
    min_length = strict_app.config["PASSWORD_MIN_LENGTH"]
    client = strict_app.test_client()  # no session: the rules are shown before signing up
    rules = client.get("/api/auth/password-rules")
    assert rules.status_code == 200
    assert rules.get_json() == {"min_length": min_length, "max_length": 128}
    for length, status in ((min_length - 1, 400), (min_length, 201)):
        password = "Zq9#" + "x" * (length - 4)
        response = client.post(
            "/api/auth/signup",
            json={
                "full_name": "Ann",
                "username": f"ann{length}",
                "password": password,
                "confirm_password": password,
            },
        )
        assert response.status_code == status, response.get_json()
