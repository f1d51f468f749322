"""Load shedding: a process handles at most MAX_EVENTS_IN_FLIGHT socket events at once; the
next ones get an immediate `server_busy` error ack, which the client's outbox answers by sending
again after a backoff (nothing is lost: it keeps the message and its client_id).

Why: beyond the rate a process sustains, waiting handlers pile up as greenlets, and some costs
per event grow with their number (eventlet's green current_thread() walks every thread it
knows, and the limits library starts a green Timer per expiry cycle). At 1.4x its sustainable
rate the process delivered 45 msgs/s instead of ~900. Refusing early keeps the work per event
constant, so an overloaded process keeps delivering at capacity.
"""

from __future__ import annotations

import logging
import time

from ..errors import ApiError
from ..metrics import ERRORS

log = logging.getLogger(__name__)
WARN_EVERY_SECONDS = 10.0


def busy_error() -> ApiError:
    return ApiError(503, "server_busy", "The server is busy; try again in a moment", retry_after=1)


class EventGate:
    """Counts socket events in progress. Greenlets switch only where they wait, so a plain
    counter is exact under eventlet and gevent."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0
        self._refused = 0
        self._warned_at = 0.0

    def enter(self) -> bool:
        """Take a place, or count a refusal (and warn about them now and then)."""
        if self.in_flight >= self.limit:
            self._refuse()
            return False
        self.in_flight += 1
        return True

    def leave(self) -> None:
        self.in_flight -= 1

    def _refuse(self) -> None:
        ERRORS.labels("server_busy").inc()
        self._refused += 1
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            log.warning(
                "overloaded: refused %d socket event(s) since the last warning"
                " (MAX_EVENTS_IN_FLIGHT=%d)",
                self._refused,
                self.limit,
            )
            self._refused, self._warned_at = 0, now
