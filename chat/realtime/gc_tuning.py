"""Keep CPython's full GC passes from pausing every socket at once.

With ~1,000 sockets a full collection walks every tracked object and blocks the event loop for
hundreds of milliseconds (measured: shared/STACK-NOTES.md). Long-lived connection state is moved
out of the collected generations with gc.freeze() every few seconds; a rare unfreeze + collect
reclaims any cyclic garbage that was frozen along with it.
"""

from __future__ import annotations

import gc
import logging
import time

from flask_socketio import SocketIO

log = logging.getLogger(__name__)

THAW_EVERY_SECONDS = 15 * 60


def start_gc_freezer(socketio: SocketIO, every_seconds: float) -> None:
    if every_seconds <= 0:
        return

    def loop() -> None:
        last_thaw = time.monotonic()
        while True:
            socketio.sleep(every_seconds)
            if time.monotonic() - last_thaw > THAW_EVERY_SECONDS:
                gc.unfreeze()
                started = time.perf_counter()
                collected = gc.collect()
                log.info(
                    "gc thaw collected=%d pause_ms=%.1f",
                    collected,
                    (time.perf_counter() - started) * 1000,
                )
                last_thaw = time.monotonic()
            gc.freeze()

    gc.freeze()
    socketio.start_background_task(loop)
