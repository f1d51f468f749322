"""Refusals a client repeats by the thousand get one log line per user and interval, saying how
many it stands for; other users' lines are not held back by someone else's flood."""

from __future__ import annotations

from chat.realtime.refusal_log import RefusalLog
from tests.helpers import FakeClock


def test_one_line_per_user_and_interval_with_the_count_held_back() -> None:
    clock = FakeClock()
    log = RefusalLog(every=10, clock=clock)
    assert log.due("mallory") == 1  # the first refusal is logged
    assert [log.due("mallory") for _ in range(4999)] == [None] * 4999
    assert log.due("ann") == 1  # someone else's refusal is not held back by the flood
    clock.now += 9.9
    assert log.due("mallory") is None
    clock.now += 0.2
    assert log.due("mallory") == 5001  # this one and the 5,000 held back
    assert log.due("mallory") is None


def test_users_not_seen_for_a_window_are_forgotten_when_the_table_is_full(monkeypatch) -> None:
    monkeypatch.setattr("chat.realtime.refusal_log.MAX_TRACKED", 3)
    clock = FakeClock()
    log = RefusalLog(every=10, clock=clock)
    for user in ("a", "b", "c"):
        log.due(user)
    clock.now += 11
    assert log.due("d") == 1  # the table was full: a, b and c (logged 11 s ago) go
    assert log.due("a") == 1 and log.due("d") is None
