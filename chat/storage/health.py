"""Whether the store is reachable, as this process last saw it.

When a storage call fails for want of the database (not for a bad request), the store is taken
as down for a moment: socket events and HTTP requests get a retryable `unavailable` answer with
`retry_after` at once instead of each waiting out the driver's timeout, and clients keep their
messages pending. A probe (the serving process's, each second, and /readyz) brings it back.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from flask import Flask, current_app

from ..errors import ApiError

log = logging.getLogger(__name__)
EXTENSION_KEY = "chat.store_health"
RETRY_AFTER_SECONDS = 2


class StoreHealth:
    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._down_until = 0.0

    def mark_down(self, hold: float = RETRY_AFTER_SECONDS) -> None:
        """Taken as down for `hold` seconds (a probe that may wait out the driver's timeout
        holds it longer, so events keep failing fast meanwhile)."""
        with self._lock:
            first = self._down_until <= self._clock()
            self._down_until = max(self._down_until, self._clock() + hold)
        if first:
            log.error("storage unavailable: answering 'unavailable' until it answers again")

    def mark_up(self) -> None:
        with self._lock:
            was_down = self._down_until > self._clock()
            self._down_until = 0.0
        if was_down:
            log.warning("storage answers again")

    def retry_after(self) -> int | None:
        """Seconds to wait while the store is known to be down, else None."""
        left = self._down_until - self._clock()
        return max(1, math.ceil(left)) if left > 0 else None


def init_health(app: Flask) -> StoreHealth:
    health = app.extensions[EXTENSION_KEY] = StoreHealth()
    return health


def store_health() -> StoreHealth:
    return current_app.extensions[EXTENSION_KEY]


def unavailable(retry_after: int | None = None) -> ApiError:
    return ApiError(
        503,
        "unavailable",
        "The service cannot reach its storage right now; try again shortly",
        retry_after=retry_after or RETRY_AFTER_SECONDS,
    )
