"""Small helpers shared by tests."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import uuid

from flask.testing import FlaskClient

from tests.live import ROOT

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


def send_direct(client: FlaskClient, to_user_id: str, text: str = "hi"):
    """POST a text message to a user (a new client_id, with the CSRF header); the response."""
    return client.post(
        "/api/messages",
        json={"to": to_user_id, "text": text, "client_id": client_id()},
        headers=csrf_headers(client),
    )


def received(sock) -> dict[str, list[dict]]:
    """Payloads the socket test client got since the last call, by event name."""
    by_event: dict[str, list[dict]] = {}
    for message in sock.get_received():
        by_event.setdefault(message["name"], []).append(message["args"][0])
    return by_event


REFRESH_COOKIE = "refresh_token_cookie"
REFRESH_PATH = "/api/auth/refresh"


def refresh(client: FlaskClient):
    """POST /api/auth/refresh as the browser client does: refresh cookie and its CSRF header."""
    csrf = client.get_cookie("csrf_refresh_token")
    headers = {"X-CSRF-TOKEN": csrf.value} if csrf else {}
    return client.post(REFRESH_PATH, headers=headers)


def refresh_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(REFRESH_COOKIE, path=REFRESH_PATH)
    return cookie.value if cookie else None


def copy_refresh(client: FlaskClient) -> tuple[str, str]:
    """The refresh token and its CSRF value, as a thief (or an old backup) would keep them."""
    token, csrf = refresh_cookie(client), client.get_cookie("csrf_refresh_token")
    assert token is not None and csrf is not None, "not signed in"
    return token, csrf.value


def use_refresh(client: FlaskClient, copied: tuple[str, str]) -> None:
    client.set_cookie(REFRESH_COOKIE, copied[0], path=REFRESH_PATH)
    client.set_cookie("csrf_refresh_token", copied[1])


class FakeClock:
    """A clock for code that takes one (`clock=`): it says `now`, which the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def python_json(args: list[str], timeout: float) -> dict:
    """Run `python *args` from the repository root; the JSON of its last line of output (a
    failure shows the end of its stderr)."""
    out = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def mask_bytes(data: bytes, key: bytes, offset: int = 0) -> bytes:
    """RFC 6455 5.3, byte by byte: octet i XOR key octet (i mod 4), counted from the frame's
    start (offset: where this piece of the frame begins)."""
    return bytes(b ^ key[(offset + i) % 4] for i, b in enumerate(data))


def masked_text_frame(text: str) -> bytes:
    """A websocket text frame as a browser sends it: masked, 16-bit length past 125 bytes."""
    payload, key = text.encode(), os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    return header + key + mask_bytes(payload, key)
