"""GET /api/messages/rules: the edit window the server enforces, so the client offers "Edit"
exactly as long as an edit would be taken."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_rules_name_the_configured_edit_window(app, make_client) -> None:
    client, _ = make_client("ann")
    assert client.get("/api/messages/rules").get_json() == {"edit_window_minutes": 60}
    for minutes in (15, 0):  # 0: messages can always be edited
        app.config["EDIT_WINDOW_MINUTES"] = minutes
        assert client.get("/api/messages/rules").get_json() == {"edit_window_minutes": minutes}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_rules_are_for_signed_in_clients(app) -> None:
    assert app.test_client().get("/api/messages/rules").status_code == 401
