"""One structured log line per request and per failed or slow socket event (every event at
DEBUG); metrics for Prometheus."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from pythonjsonlogger.json import JsonFormatter

from chat import create_app
from chat.extensions import socketio
from tests.helpers import PASSWORD, client_id


def test_requests_and_events_log_one_line_each_without_secrets(make_client, app, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        ann, ann_user = make_client("ann")
        _, bob = make_client("bob")
        sock = socketio.test_client(app, flask_test_client=ann)
        ack = sock.emit(
            "send_message",
            {"to": bob["id"], "text": "top secret plan", "client_id": client_id()},
            callback=True,
        )
        assert ack["ok"]
        ann.get("/api/conversations")
        sock.disconnect()
    requests = [r for r in caplog.records if r.name == "chat.access"]
    listed = next(r for r in requests if r.route == "/api/conversations")
    assert (listed.method, listed.status, listed.user_id) == ("GET", 200, ann_user["id"])
    assert listed.duration_ms >= 0 and len(listed.request_id) > 8
    event = next(r for r in caplog.records if r.name == "chat.events")
    assert (event.event, event.user_id, event.ok) == ("send_message", ann_user["id"], True)
    assert event.levelno == logging.DEBUG  # a successful, quick event: counted in the metrics
    everything = " ".join(str(r.__dict__) for r in caplog.records)
    assert "top secret plan" not in everything and PASSWORD not in everything
    assert ann.get_cookie("access_token_cookie").value not in everything


def test_a_failed_socket_event_is_logged_at_info(make_client, app, caplog) -> None:
    ann, _ = make_client("ann")
    _, bob = make_client("bob")
    sock = socketio.test_client(app, flask_test_client=ann)
    with caplog.at_level(logging.INFO):
        failed = sock.emit("send_message", {"to": "nobody", "text": "hi"}, callback=True)
        sent = sock.emit(
            "send_message", {"to": bob["id"], "text": "hi", "client_id": client_id()}, callback=True
        )
    sock.disconnect()
    assert (failed["ok"], sent["ok"]) == (False, True)
    events = [r for r in caplog.records if r.name == "chat.events"]
    assert [(r.event, r.ok, r.error) for r in events] == [("send_message", False, "invalid_input")]


def test_json_lines_carry_the_fields() -> None:
    record = logging.makeLogRecord(
        {
            "name": "chat.access",
            "levelname": "INFO",
            "msg": "request",
            "route": "/api/x",
            "status": 200,
        }
    )
    line = json.loads(JsonFormatter("%(levelname)s %(name)s %(message)s").format(record))
    assert line["route"] == "/api/x" and line["status"] == 200 and line["message"] == "request"


def test_metrics_from_loopback_or_with_the_token_only(settings, make_client, app) -> None:
    ann, _ = make_client("ann")
    _, bob = make_client("bob")
    sock = socketio.test_client(app, flask_test_client=ann)
    sock.emit(
        "send_message", {"to": bob["id"], "text": "hi", "client_id": client_id()}, callback=True
    )
    client = app.test_client()
    text = client.get("/metrics").get_data(as_text=True)
    assert "chat_connected_sockets 1.0" in text and "chat_online_users 1.0" in text
    assert "chat_messages_stored_total" in text
    assert 'chat_socket_event_seconds_count{event="send_message"}' in text
    assert 'chat_http_request_seconds_count{method="POST",route="/api/auth/signup"}' in text
    sock.disconnect()

    remote = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.get("/metrics", environ_base=remote).status_code == 404
    tokened = create_app(replace(settings, metrics_token="s3cret-metrics-token"))
    outside = tokened.test_client()
    assert outside.get("/metrics", environ_base=remote).status_code == 404
    ok = outside.get(
        "/metrics", environ_base=remote, headers={"Authorization": "Bearer s3cret-metrics-token"}
    )
    assert ok.status_code == 200
