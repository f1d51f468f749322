"""The event gate: a place per event in progress, refusals counted and warned about sparingly."""

from __future__ import annotations

import logging

from chat.realtime.load_shedding import EventGate


def test_the_gate_refuses_beyond_its_limit_and_warns_once_per_interval(caplog) -> None:
    gate = EventGate(limit=1)
    with caplog.at_level(logging.WARNING, logger="chat.realtime.load_shedding"):
        assert gate.enter()
        assert [gate.enter() for _ in range(3)] == [False, False, False]
        gate.leave()
        assert gate.enter()
    assert gate.in_flight == 1
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "refused 1 socket event" in warnings[0]
