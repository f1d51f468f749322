"""Keep CPython's garbage collector from pausing every socket at once, and from running often.

With ~1,000 sockets a full collection walks every tracked object and blocks the event loop for
hundreds of milliseconds (measured: shared/STACK-NOTES.md). Long-lived connection state is moved
out of the collected generations with gc.freeze() every few seconds; a rare unfreeze + collect
reclaims any cyclic garbage that was frozen along with it.

The young generation's threshold is raised (GC_YOUNG_THRESHOLD): a message's objects are freed
by reference counting as soon as it is sent, so the collector finds almost nothing, yet at
CPython's 700 it ran passes adding up to 7-9 % of the event loop's time in the group fan-out
benchmark. What cyclic garbage there is waits for at most that many objects.
"""

from __future__ import annotations

import gc
import logging
import time

from flask_socketio import SocketIO

log = logging.getLogger(__name__)

THAW_EVERY_SECONDS = 15 * 60


def start_gc_tuning(socketio: SocketIO, freeze_every_seconds: float, young_threshold: int) -> None:
    """Raise the young generation's threshold, and freeze long-lived objects every few seconds
    (0: never)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young_threshold, middle, old)
    if freeze_every_seconds <= 0:
        return

    def loop() -> None:
        last_thaw = time.monotonic()
        while True:
            socketio.sleep(freeze_every_seconds)
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
