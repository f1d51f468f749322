"""Health endpoints for load balancers and platforms: no auth, no secrets."""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app, jsonify

from .storage import get_store
from .storage.health import store_health

log = logging.getLogger(__name__)
bp = Blueprint("ops", __name__)
REDIS_KEY = "chat.redis"
DEGRADED_KEY = "chat.single_process"


@bp.get("/healthz")
def healthz():
    """The process is alive and serving."""
    return jsonify({"ok": True})


@bp.get("/readyz")
def readyz():
    """Storage (and Redis, when configured) answer; 503 names what does not."""
    checks = {"storage": _check(lambda: get_store().ping())}
    health = store_health()
    health.mark_up() if checks["storage"] == "ok" else health.mark_down()
    client = current_app.extensions.get(REDIS_KEY)
    if client is not None:
        checks["redis"] = _check(client.ping)
        if current_app.extensions.get(DEGRADED_KEY):
            checks["mode"] = "single-process (started without Redis): restart to join the others"
    ready = all(v == "ok" for v in checks.values())
    return jsonify({"ok": ready, **checks}), 200 if ready else 503


def _check(probe) -> str:
    try:
        probe()
        return "ok"
    except Exception as err:  # any failure means not ready; the reason goes to the log only
        log.warning("readiness check failed: %s", err)
        return "unavailable"


def connect_redis(url: str) -> tuple[redis.Redis, bool]:
    """A Redis client, and whether it answered. Not answering at start is not fatal: the process
    runs alone (single-process mode) and says so in the log and in /readyz (see README)."""
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
        return client, True
    except redis.RedisError as err:
        log.error(
            "REDIS_URL is set but Redis does not answer (%s): running in single-process mode "
            "(events and presence reach only this process's sockets); /readyz answers 503 "
            "until this process is restarted with Redis up",
            err,
        )
        return client, False
