"""The limiter's in-process storage: counts and expires windows like limits' own, but sweeps
its keys once a second instead of 100 times (an event-loop cost that grew with the users)."""

from __future__ import annotations

import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from chat.limits_memory import SWEEP_SECONDS, SweptMemoryStorage


def test_the_scheme_gives_the_swept_storage_and_limits_still_hold() -> None:
    storage = storage_from_string("chat-memory://")
    assert isinstance(storage, SweptMemoryStorage)
    limiter = FixedWindowRateLimiter(storage)
    item = parse("3 per 1 second")
    assert [limiter.hit(item, "user:1") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(item, "user:2")  # another key has its own window
    time.sleep(1.05)
    assert limiter.hit(item, "user:1")  # the window expired without waiting for a sweep


def test_the_sweep_runs_once_a_second_and_frees_expired_keys() -> None:
    storage = SweptMemoryStorage()
    storage.incr("k", expiry=0.05)
    assert storage.timer.interval == SWEEP_SECONDS == 1.0
    assert "k" in storage.expirations
    storage.timer.join(SWEEP_SECONDS + 1)
    assert "k" not in storage.expirations and "k" not in storage.storage
