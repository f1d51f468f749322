"""Forged variants of a client's session tokens (expired, older), signed with the app's key."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token

from .helpers import REFRESH_PATH, refresh_cookie

ACCESS_COOKIE = "access_token_cookie"
REGISTERED = {"exp", "iat", "nbf", "jti", "type", "sub", "fresh", "csrf"}


def claims_of(app: Flask, token: str) -> dict[str, Any]:
    with app.app_context():
        return decode_token(token, allow_expired=True)


def forge(
    app: Flask, client: FlaskClient, kind: str, expires_in: float, **changes: Any
) -> dict[str, Any]:
    """Replace the client's access or refresh cookie by a token of the same session that
    expires in `expires_in` seconds (negative: already expired), with claims changed."""
    current = client.get_cookie(ACCESS_COOKIE).value if kind == "access" else refresh_cookie(client)
    assert current is not None, f"no {kind} cookie"
    claims = {k: v for k, v in claims_of(app, current).items() if k not in REGISTERED}
    claims.update(changes)
    create = create_access_token if kind == "access" else create_refresh_token
    with app.app_context():
        token = create(
            identity=claims_of(app, current)["sub"],
            additional_claims=claims,
            expires_delta=timedelta(seconds=expires_in),
        )
    csrf = claims_of(app, token)["csrf"]
    if kind == "access":
        client.set_cookie(ACCESS_COOKIE, token)
        client.set_cookie("csrf_access_token", csrf)
    else:
        client.set_cookie("refresh_token_cookie", token, path=REFRESH_PATH)
        client.set_cookie("csrf_refresh_token", csrf)
    return claims


def days_ago(days: float) -> int:
    return int(time.time() - days * 86400)
