"""Opt-in runtime diagnostics for benchmarks: GC pauses, event-loop lag, process figures.

Enabled only by CHAT_DIAGNOSTICS=1 (read by config.py; off in every other case, production
included). Then:

- every garbage-collector pass is timed through `gc.callbacks` (count, total and max per
  generation, and the recent pauses for percentiles);
- a background task sleeps 10 ms in a loop and records how late it wakes up (the event-loop lag
  every greenlet sees: GC pauses, blocking sqlite3 calls, long handlers);
- `GET /api/_diagnostics` answers the figures as JSON and `POST /api/_diagnostics/reset` clears
  them; both answer only requests whose socket peer is the loopback address and that no proxy
  relayed (404 for anyone else), and need no session.

Self-contained on purpose (only the standard library and Flask at import time): the bare relay of
the benchmarks (bench/relay_app.py) loads this file too, without importing the chat package.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from typing import Any

from flask import Flask, abort, jsonify, request

ENV_FLAG = "CHAT_DIAGNOSTICS"
LAG_INTERVAL = 0.010  # seconds the lag probe sleeps each round
LAG_SAMPLES = 200_000  # ring of recent lag samples (~40 min at 100 a second)
GC_SAMPLES = 20_000  # ring of recent GC pauses
LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
EXTENSION_KEY = "chat.diagnostics"


def enabled(app: Flask) -> bool:
    return bool(app.config.get(ENV_FLAG))


def _percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


class GcTimer:
    """Times every collection via gc.callbacks; one instance per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started: float | None = None
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.count = [0, 0, 0]
            self.total = [0.0, 0.0, 0.0]
            self.max = [0.0, 0.0, 0.0]
            self.collected = [0, 0, 0]
            self.recent: deque[tuple[int, float]] = deque(maxlen=GC_SAMPLES)
            self.since = time.time()

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        # Runs inside the collector: no allocation-heavy work, never raise.
        if phase == "start":
            self._started = time.perf_counter()
            return
        if self._started is None:
            return
        pause = time.perf_counter() - self._started
        self._started = None
        gen = info.get("generation", 2)
        if not 0 <= gen <= 2:
            return
        self.count[gen] += 1
        self.total[gen] += pause
        if pause > self.max[gen]:
            self.max[gen] = pause
        self.collected[gen] += info.get("collected", 0)
        self.recent.append((gen, pause))

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            recent = list(self.recent)
            per_gen = {
                str(g): {
                    "count": self.count[g],
                    "total_ms": _ms(self.total[g]),
                    "max_ms": _ms(self.max[g]),
                    "collected": self.collected[g],
                }
                for g in range(3)
            }
            since = self.since
        pauses = sorted(p for _, p in recent)
        return {
            "since": since,
            "generations": per_gen,
            "count": sum(v["count"] for v in per_gen.values()),
            "total_ms": _ms(sum(self.total)),
            "max_ms": _ms(max(self.max)),
            "p50_ms": _ms(_percentile(pauses, 0.50)),
            "p99_ms": _ms(_percentile(pauses, 0.99)),
            "thresholds": gc.get_threshold(),
            "counts_now": gc.get_count(),
            "frozen_objects": gc.get_freeze_count(),
            "enabled": gc.isenabled(),
        }


class LagProbe:
    """How late a task that sleeps LAG_INTERVAL wakes up: the event loop's responsiveness."""

    def __init__(self) -> None:
        self.running = False
        self.reset()

    def reset(self) -> None:
        self.samples: deque[float] = deque(maxlen=LAG_SAMPLES)
        self.max = 0.0
        self.count = 0
        self.total = 0.0
        self.since = time.time()

    def run(self, sleep) -> None:
        self.running = True
        while True:  # lives as long as the process; one sample every ~10 ms
            start = time.perf_counter()
            sleep(LAG_INTERVAL)
            lag = max(0.0, time.perf_counter() - start - LAG_INTERVAL)
            self.samples.append(lag)
            self.count += 1
            self.total += lag
            if lag > self.max:
                self.max = lag

    def snapshot(self) -> dict[str, Any]:
        values = sorted(self.samples)
        return {
            "since": self.since,
            "running": self.running,
            "interval_ms": LAG_INTERVAL * 1000,
            "samples": self.count,
            "mean_ms": _ms(self.total / self.count) if self.count else None,
            "p50_ms": _ms(_percentile(values, 0.50)),
            "p99_ms": _ms(_percentile(values, 0.99)),
            "p999_ms": _ms(_percentile(values, 0.999)),
            "max_ms": _ms(self.max),
            "over_50ms": sum(1 for v in values if v > 0.050),
            "over_100ms": sum(1 for v in values if v > 0.100),
        }


_gc_timer: GcTimer | None = None
_lag_probe: LagProbe | None = None
_install_lock = threading.Lock()


def _proc_status() -> dict[str, int]:
    """VmRSS/VmHWM (peak) and threads, in KiB, from /proc/self/status (Linux)."""
    out: dict[str, int] = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "VmSize", "Threads"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False where that is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _socket_figures(socketio: Any) -> dict[str, Any]:
    server = getattr(socketio, "server", None)
    eio = getattr(server, "eio", None)
    if eio is None:
        return {}
    return {
        "async_mode": getattr(eio, "async_mode", None),
        "ping_interval": getattr(eio, "ping_interval", None),
        "ping_timeout": getattr(eio, "ping_timeout", None),
        "sockets": len(getattr(eio, "sockets", {}) or {}),
    }


def init_diagnostics(app: Flask, socketio: Any = None) -> bool:
    """Install the probes and routes when CHAT_DIAGNOSTICS=1; True when installed.

    Call after `socketio.init_app(app)` (the lag probe is a Socket.IO background task).
    `socketio` defaults to the chat app's own instance.
    """
    global _gc_timer, _lag_probe
    if not enabled(app):
        return False
    if socketio is None:
        from .extensions import socketio as chat_socketio

        socketio = chat_socketio
    with _install_lock:  # once per process, however many apps are created in it
        if _gc_timer is None:
            _gc_timer = GcTimer()
            gc.callbacks.append(_gc_timer)
        if _lag_probe is None:
            _lag_probe = LagProbe()
            socketio.start_background_task(_lag_probe.run, socketio.sleep)
    gc_timer, lag_probe = _gc_timer, _lag_probe
    started = time.time()

    def loopback_only() -> None:
        # The socket peer itself (before any ProxyFix rewrite) must be loopback, and so must the
        # address the app believes in; anything relayed by a proxy (X-Forwarded-For) is refused.
        environ = request.environ
        peer = environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR") or environ.get(
            "REMOTE_ADDR"
        )
        if (
            peer not in LOOPBACK
            or request.remote_addr not in LOOPBACK
            or "HTTP_X_FORWARDED_FOR" in environ
        ):
            abort(404)

    def snapshot() -> dict[str, Any]:
        times = os.times()
        return {
            "pid": os.getpid(),
            "time": time.time(),
            "uptime_s": round(time.time() - started, 3),
            "cpu_s": {"user": times.user, "system": times.system},
            "memory_kib": _proc_status(),
            "gc": gc_timer.snapshot(),
            "loop_lag": lag_probe.snapshot(),
            "socketio": _socket_figures(socketio),
        }

    def show():
        loopback_only()
        return jsonify(snapshot())

    def reset():
        loopback_only()
        gc_timer.reset()
        lag_probe.reset()
        peak_reset = _reset_peak_rss() if request.args.get("peak_rss", "1") != "0" else False
        return jsonify({"ok": True, "peak_rss_reset": peak_reset, **snapshot()})

    app.add_url_rule("/api/_diagnostics", "diagnostics", show, methods=["GET"])
    app.add_url_rule("/api/_diagnostics/reset", "diagnostics_reset", reset, methods=["POST"])
    app.extensions[EXTENSION_KEY] = {"gc": gc_timer, "loop_lag": lag_probe}
    return True
