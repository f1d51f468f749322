"""Security headers on every response, API and client alike."""

from __future__ import annotations

from dataclasses import replace

from chat import create_app


def test_api_and_client_responses_carry_the_headers(client) -> None:
    for path in ("/api/auth/me", "/", "/some/client/route"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "*" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in headers  # not in development/test


def test_hsts_in_production(settings) -> None:
    prod = create_app(
        replace(settings, app_env="production", message_key="A" * 43 + "=", ratelimit_enabled=True)
    )
    assert "max-age=" in prod.test_client().get("/api/auth/me").headers["Strict-Transport-Security"]
