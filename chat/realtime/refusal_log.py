"""Refusals a client can cause by the thousand (`rate_limited`, `server_busy`) are logged once
per user per LOG_EVERY_SECONDS, with how many the line stands for, not once each: during a
flood of 5,000 events, writing a log line per refusal took more than half of the event loop's
time (py-spy) — delaying everyone else's messages by up to ~0.35 s — and would bury every other
line. The metrics still count each one."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

LOG_EVERY_SECONDS = 10.0
MAX_TRACKED = 10_000  # users remembered at once; past it, those not logged within the window go
REPEATABLE_ERRORS = frozenset({"rate_limited", "server_busy"})


class RefusalLog:
    def __init__(
        self, every: float = LOG_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._every, self._clock = every, clock
        self._users: dict[str, tuple[float, int]] = {}  # user → (logged at, refused since)

    def due(self, user: str) -> int | None:
        """None: counted, no line now; else the refusals the line to write stands for (this
        one and those held back since the user's last line)."""
        now = self._clock()
        logged_at, held = self._users.get(user, (-math.inf, 0))
        if now - logged_at < self._every:
            self._users[user] = (logged_at, held + 1)
            return None
        if len(self._users) >= MAX_TRACKED:
            self._forget_before(now - self._every)
        self._users[user] = (now, 0)
        return held + 1

    def _forget_before(self, cutoff: float) -> None:
        # Those held back are not lost from the metrics, only from the next line's count.
        self._users = {u: entry for u, entry in self._users.items() if entry[0] >= cutoff}
