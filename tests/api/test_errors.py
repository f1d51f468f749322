"""Every error is JSON with a status that fits, and no internals leak."""

from __future__ import annotations

import logging

from chat.storage import get_store
from tests.helpers import signup


def test_unknown_api_route_is_json_404(client) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_wrong_method_is_json_405(client) -> None:
    response = client.put("/api/auth/login")
    assert response.status_code == 405
    assert response.get_json()["code"] == "method_not_allowed"


def test_oversized_body_is_413(client) -> None:
    response = client.post(
        "/api/auth/login",
        data='{"username": "' + "x" * 70_000 + '"}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "error" in response.get_json()


def test_unexpected_error_is_500_without_details_and_logged_with_request_id(
    app, client, caplog, monkeypatch
) -> None:
    signup(client, "ann")

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    with app.app_context():
        monkeypatch.setattr(get_store().users, "search", explode)
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/users/search?q=a", headers={"X-Request-ID": "req-12345"})
    assert response.status_code == 500
    assert "secret" not in response.get_data(as_text=True)
    assert response.get_json()["code"] == "internal_error"
    assert response.headers["X-Request-ID"] == "req-12345"
    assert any("request_id=req-12345" in r.getMessage() for r in caplog.records)


def test_client_routes_fall_back_to_the_spa(client) -> None:
    response = client.get("/some/client/route")
    assert response.status_code in (200, 503)
    assert "<" in response.get_data(as_text=True)


def test_wrong_method_on_an_api_route_is_405_with_allow(client) -> None:
    for method, path in (("get", "/api/auth/login"), ("put", "/api/auth/login")):
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, path)
        assert "POST" in response.headers["Allow"]
        assert response.get_json()["code"] == "method_not_allowed"
