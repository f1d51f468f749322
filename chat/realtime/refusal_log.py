"""Refusals that come by the thousand are logged at most once per key (a user; an overload
gate) per LOG_EVERY_SECONDS, with how many the line stands for, not once each: during a flood
of 5,000 events, writing a log line per `rate_limited` refusal took more than half of the event
loop's time (py-spy) — delaying everyone else's messages by up to ~0.35 s — and would bury every
other line. The metrics still count each one."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

LOG_EVERY_SECONDS = 10.0
MAX_TRACKED = 10_000  # keys remembered at once; past it, those not logged within the window go
REPEATABLE_ERRORS = frozenset({"rate_limited", "server_busy"})


class RefusalLog:
    def __init__(
        self, every: float = LOG_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._every, self._clock = every, clock
        self._keys: dict[str, tuple[float, int]] = {}  # key → (logged at, refused since)

    def due(self, key: str) -> int | None:
        """None: counted, no line now; else the refusals the line to write stands for (this
        one and those held back since the key's last line)."""
        now = self._clock()
        logged_at, held = self._keys.get(key, (-math.inf, 0))
        if now - logged_at < self._every:
            self._keys[key] = (logged_at, held + 1)
            return None
        if len(self._keys) >= MAX_TRACKED:
            self._forget_before(now - self._every)
        self._keys[key] = (now, 0)
        return held + 1

    def _forget_before(self, cutoff: float) -> None:
        # Those held back are not lost from the metrics, only from the next line's count.
        self._keys = {k: entry for k, entry in self._keys.items() if entry[0] >= cutoff}
