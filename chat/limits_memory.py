"""The limits library's in-process storage, swept once a second instead of every 10 ms.

limits' MemoryStorage checks a counter's expiry whenever it is read, so a fixed window never
outlives its time; on top of that it sweeps every key from a timer 100 times a second to free
memory. Under eventlet that timer is a green thread on the event loop, and with a few thousand
keys (a few per active user) the sweep took 14 % of the loop's busy time at 500 msgs/s
(py-spy, bench/run_messaging.py). Freeing memory once a second is plenty.
"""

from __future__ import annotations

import threading

from limits.storage import MemoryStorage

SWEEP_SECONDS = 1.0


class SweptMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["chat-memory"]  # type: ignore[assignment]  # RATELIMIT_STORAGE_URI scheme

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # its first sweep, 10 ms away
        self._start_sweep()

    # Overrides MemoryStorage's private scheduler (name-mangled): the only change is the period.
    def _MemoryStorage__schedule_expiry(self) -> None:
        if not self.timer.is_alive():
            self._start_sweep()

    def _start_sweep(self) -> None:
        self.timer = threading.Timer(SWEEP_SECONDS, self._MemoryStorage__expire_events)  # type: ignore[attr-defined]
        self.timer.daemon = True
        self.timer.start()
