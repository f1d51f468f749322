"""The gates of load shedding: a place per event in progress, the event loop's queueing delay
(CoDel's rule), the refusal answered at the Engine.IO level, refusals warned about sparingly."""

from __future__ import annotations

import json
import logging

from chat.realtime.load_shedding import (
    DelayGate,
    DelayGates,
    EventGate,
    busy_ack,
    busy_error,
    init_delay_gate,
    watch_queueing_delay,
)
from tests.helpers import FakeClock


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


def test_receipts_and_typing_have_places_of_their_own_and_never_take_a_messages() -> None:
    gate = EventGate(limit=2)
    assert [gate.enter(deferrable=True) for _ in range(3)] == [True, True, False]
    assert [gate.enter() for _ in range(3)] == [True, True, False]  # the burst took none
    gate.leave(deferrable=True)
    assert gate.enter(deferrable=True) and not gate.enter(deferrable=True)
    gate.leave()
    assert gate.enter() and not gate.enter()
    assert (gate.in_flight, gate.deferrable_in_flight, gate.urgent_in_flight) == (4, 2, 2)


def test_the_delay_gate_refuses_only_a_standing_queue_and_admits_once_it_drains() -> None:
    clock = FakeClock()
    gate = DelayGate(target=0.05, what="test", interval=0.1, clock=clock)
    for wait in (0.001, 0.2, 0.001, 0.3, 0.002):  # bursts and GC pauses between short waits
        gate.observe(wait)
        clock.now += 0.04
    assert not gate.refusing
    for _ in range(3):  # above the target for 80 ms: not yet a whole interval
        gate.observe(0.06)
        assert not gate.refusing
        clock.now += 0.04
    gate.observe(0.06)  # 120 ms above the target
    assert gate.refusing
    gate.observe(0.5)
    assert gate.refusing
    gate.observe(0.01)  # the queue drained: admit at once
    assert not gate.refusing
    gate.observe(0.06)  # and the interval starts over
    assert not gate.refusing


def test_a_refusing_gate_that_hears_nothing_more_admits_after_an_interval() -> None:
    """Refused work reports no delay: without this, a queue that drained would stay refused."""
    clock = FakeClock()
    gate = DelayGate(target=0.05, what="test", interval=0.1, clock=clock)
    gate.observe(0.2)
    clock.now += 0.11
    gate.observe(0.2)  # refusing for the next 100 ms
    assert gate.refusing
    clock.now += 0.09
    assert gate.refusing
    clock.now += 0.02
    assert not gate.refusing
    gate.observe(0.2)  # still slow when admitted: refusing again at once
    assert gate.refusing


def test_either_queue_standing_refuses() -> None:
    gates = DelayGates(0.05)
    for gate in (gates.loop, gates.handlers):
        gate._clock = FakeClock()  # noqa: SLF001
    assert not gates.refusing
    gates.handlers.observe(0.3)
    gates.handlers._clock.now += 0.2  # noqa: SLF001
    gates.handlers.observe(0.3)
    assert gates.refusing and not gates.loop.refusing


def test_a_refusal_is_the_ack_the_handlers_give_for_server_busy() -> None:
    ack = busy_ack('217["send_message",{"to":"5","text":"hi","client_id":"abcdefgh"}]')
    assert ack is not None and ack.startswith("317[")
    assert json.loads(ack[3:]) == [busy_error().to_ack()]
    assert json.loads(ack[3:])[0] == {
        "ok": False,
        "error": "server_busy",
        "message": "The server is busy; try again in a moment",
        "retry_after": 1,
    }


def test_only_events_that_wait_for_an_ack_are_refused_at_the_engine_io_level() -> None:
    assert busy_ack('2["typing",{"conversation_id":"1"}]') is None  # no ack id: usual path
    assert busy_ack("0") is None  # namespace connect
    assert busy_ack("31[{}]") is None  # an ack from the client
    assert busy_ack('2/admin,4["x"]') is None  # another namespace


class FakeEngineIO:
    def __init__(self, inner) -> None:
        self.handlers = {"message": inner}
        self.sent: list[tuple[str, str]] = []

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler

    def send(self, eio_sid: str, data: str) -> None:
        self.sent.append((eio_sid, data))


class FakeServer:
    def __init__(self, inner) -> None:
        self.eio = FakeEngineIO(inner)
        self.tasks: list = []

    def sleep(self, seconds: float) -> None:
        pass

    def start_background_task(self, target, *args) -> None:
        self.tasks.append(target)


def test_while_refusing_events_are_answered_before_socket_io_sees_them() -> None:
    seen: list[str] = []
    server = FakeServer(lambda eio_sid, data: seen.append(data))
    gates = init_delay_gate(server, 0.05)
    assert gates is not None and server.tasks == [watch_queueing_delay]
    on_message = server.eio.handlers["message"]
    on_message("e1", '23["send_message",{}]')
    assert seen == ['23["send_message",{}]'] and server.eio.sent == []
    gates.loop._refuse_until = float("inf")  # noqa: SLF001  (a standing queue)
    on_message("e1", '24["send_message",{}]')
    on_message("e1", "0")  # a connect still goes through
    assert seen == ['23["send_message",{}]', "0"]
    assert server.eio.sent == [("e1", busy_ack('24["send_message",{}]'))]


def test_a_zero_target_turns_the_delay_gate_off() -> None:
    server = FakeServer(lambda eio_sid, data: None)
    inner = server.eio.handlers["message"]
    assert init_delay_gate(server, 0) is None
    assert server.eio.handlers["message"] is inner and server.tasks == []
