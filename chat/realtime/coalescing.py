"""Receipts are the hidden multiplier: in a 50-member group one message brings 49 `delivered`
receipts in, and relaying each to 49 members would be 2,401 emits. Events published with a
coalescing key go out at once when none with that key went out in the last window; within the
window only the latest is kept and sent when it ends. Cursors only move forward, so the latest
receipt of a conversation says everything the earlier ones did (it goes to everyone the held
ones were for).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

Emit = Callable[[str, dict, list[str]], None]
PRUNE_AT = 10_000  # keys remembered before old ones are forgotten


class Coalescer:
    def __init__(
        self,
        emit: Emit,
        window: float,
        spawn: Callable[..., Any],
        sleep: Callable[[float], Any],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._emit, self._window = emit, window
        self._spawn, self._sleep, self._clock = spawn, sleep, clock
        self._lock = threading.Lock()
        self._last_sent: dict[str, float] = {}
        self._pending: dict[str, tuple[str, dict, list[str]]] = {}

    def publish(self, key: str, event: str, payload: dict, user_ids: Iterable[str]) -> None:
        users = list(user_ids)
        now = self._clock()
        with self._lock:
            waiting = key in self._pending
            last = self._last_sent.get(key)
            if not waiting and (last is None or now - last >= self._window):
                self._last_sent[key] = now
                self._prune(now)
                send_now = True
            else:
                # The latest payload, to everyone any held one was for: receipts skip their
                # mover, and a later mover's receipt must not drop an earlier one's readers.
                held = self._pending.get(key)
                if held is not None:
                    users = list(dict.fromkeys([*held[2], *users]))
                self._pending[key] = (event, payload, users)
                send_now = False
        if send_now:
            self._emit(event, payload, users)
        elif not waiting:  # the first held back in this window schedules the flush
            delay = self._window - (now - (last or now))
            self._spawn(self._flush_later, key, max(delay, 0.0))

    def _flush_later(self, key: str, delay: float) -> None:
        self._sleep(delay)
        self.flush(key)

    def flush(self, key: str) -> None:
        with self._lock:
            held = self._pending.pop(key, None)
            if held is not None:
                self._last_sent[key] = self._clock()
        if held is not None:
            self._emit(*held)

    def _prune(self, now: float) -> None:
        if len(self._last_sent) > PRUNE_AT:
            old = [k for k, t in self._last_sent.items() if now - t >= self._window]
            for k in old:
                if k not in self._pending:
                    del self._last_sent[k]
