"""Random payloads at every socket event: never a crash, always an error ack, nothing stored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.extensions import socketio
from chat.storage import get_store

EDGE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ud7ff",
        "\U0010ffff",
        "𝕏" * 3000,
        "a" * 70_000,
        "$ne",
        "__proto__",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "1e309",
        "-0",
        "NaN",
    ]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | EDGE_TEXT
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(
    ["to", "text", "client_id", "cursors", "limit", "conversation_id", "seq", "sender_id"]
)
PAYLOADS = JSON | st.dictionaries(FIELD_NAMES, JSON, max_size=6)

EVENTS = ["send_message", "sync", "delivered", "read"]


@pytest.mark.parametrize("event", EVENTS)
def test_random_payloads_get_error_acks_and_change_nothing(app, make_client, event) -> None:
    ann, _ = make_client("ann")
    sock = socketio.test_client(app, flask_test_client=ann)
    assert sock.is_connected()

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(payload=PAYLOADS)
    def check(payload) -> None:
        ack = sock.emit(event, payload, callback=True)
        assert isinstance(ack, dict) and ack["ok"] is False, ack
        assert isinstance(ack["error"], str) and ack["error"] != "internal_error"
        assert isinstance(ack["message"], str)

    check()
    with app.app_context():
        assert get_store().conversations.list_for_user(_user_id(ann)) == []
    sock.disconnect()


def _user_id(client) -> str:
    return client.get("/api/auth/me").get_json()["user"]["id"]
