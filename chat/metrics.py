"""Prometheus metrics at /metrics: from loopback, or with `Authorization: Bearer METRICS_TOKEN`.

Each process serves its own numbers; scrape every process (rates come from the counters).
"""

from __future__ import annotations

import hmac
import ipaddress
import time

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)

SOCKETS = Gauge("chat_connected_sockets", "Open sockets on this process")
ONLINE = Gauge("chat_online_users", "Users with at least one socket on this process")
MESSAGES = Counter("chat_messages_stored_total", "Messages stored (rate = messages per second)")
EVENT_SECONDS = Histogram(
    "chat_socket_event_seconds",
    "Socket event handling time until the ack (send_message: the ack latency)",
    ["event"],
    buckets=LATENCY_BUCKETS,
)
HTTP_SECONDS = Histogram(
    "chat_http_request_seconds", "HTTP request time", ["method", "route"], buckets=LATENCY_BUCKETS
)
ERRORS = Counter("chat_errors_total", "Errors by kind", ["kind"])
# Counted in plain ints where they happen (chat/realtime/direct_writes.py), read at scrape
# time: tens of thousands of writes a second cannot afford a counter's lock each.
_socket_writes: dict[str, int] = {}


class _SocketWrites:
    def collect(self):
        family = CounterMetricFamily(
            "chat_socket_writes",
            "Packets to websockets: written at once (direct) or through the socket's writer "
            "green thread (queued: pings, a client slow to read, long polling)",
            labels=["path"],
        )
        for path, count in _socket_writes.items():
            family.add_metric([path], count)
        yield family


REGISTRY.register(_SocketWrites())


def init_metrics(app: Flask, sockets, online, socket_writes: dict[str, int]) -> None:
    """sockets/online: callables giving this process's counts at scrape time; socket_writes:
    the websocket writes by path, counted as they happen."""
    SOCKETS.set_function(sockets)
    ONLINE.set_function(online)
    global _socket_writes
    _socket_writes = socket_writes

    @app.after_request
    def observe(response):
        started = g.get("started")
        if started is not None and request.url_rule is not None:
            HTTP_SECONDS.labels(request.method, request.url_rule.rule).observe(
                time.perf_counter() - started
            )
        if response.status_code >= 500:
            ERRORS.labels("http_5xx").inc()
        return response

    @app.get("/metrics")
    def metrics():
        if not _allowed():
            abort(404)
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
