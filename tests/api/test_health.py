"""Health endpoints answer without a session and reveal nothing."""

from __future__ import annotations

from chat.storage import get_store


def test_healthz_and_readyz(client) -> None:
    assert client.get("/healthz").get_json() == {"ok": True}
    assert client.get("/readyz").get_json() == {"ok": True, "storage": "ok"}


def test_readyz_is_503_when_storage_fails(app, client, monkeypatch) -> None:
    def down() -> None:
        raise OSError("database at 10.0.0.5:27017 refused")

    with app.app_context():
        monkeypatch.setattr(get_store(), "ping", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "storage": "unavailable"}
    assert "10.0.0.5" not in response.get_data(as_text=True)
