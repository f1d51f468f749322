"""Small helpers shared by tests."""

from __future__ import annotations

import uuid

from flask.testing import FlaskClient

PASSWORD = "correct horse battery"


def signup(client: FlaskClient, username: str, full_name: str | None = None) -> dict:
    response = client.post(
        "/api/auth/signup",
        json={
            "full_name": full_name or username.title(),
            "username": username,
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["user"]


def csrf_headers(client: FlaskClient) -> dict[str, str]:
    cookie = client.get_cookie("csrf_access_token")
    assert cookie is not None, "not signed in"
    return {"X-CSRF-TOKEN": cookie.value}


def client_id() -> str:
    return uuid.uuid4().hex


def received(sock) -> dict[str, list[dict]]:
    """Payloads the socket test client got since the last call, by event name."""
    by_event: dict[str, list[dict]] = {}
    for message in sock.get_received():
        by_event.setdefault(message["name"], []).append(message["args"][0])
    return by_event
