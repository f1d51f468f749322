"""Load shedding: an overloaded process answers socket events with an immediate `server_busy`
error ack (retry_after 1 s), which the client's outbox answers by sending again after a backoff
(nothing is lost: it keeps the message and its client_id). Two gates:

- **Queueing delay** (EVENT_QUEUE_TARGET_MS, CoDel-like), of two queues: a task sleeps 10 ms in
  a loop and records how late it wakes (how long every ready handler waits for the event loop),
  and every event handler but `sync` reports how long it took (mostly the wait for the durable
  commit). Once either delay has stayed above the target for a whole interval (a standing
  queue, not a GC pause or a burst), new events are refused until a delay falls below the
  target again. The
  refusal is answered from the raw Engine.IO message, before Socket.IO parses the payload or
  starts a handler, so that refusing costs a small fraction of handling (the work a refusal
  saves must exceed what it costs, or an overloaded process delivers less the more it refuses).
- **Events in progress** (MAX_EVENTS_IN_FLIGHT): a backstop for work that waits without using
  the CPU (a slow database): beyond it, events are refused in their handler. Receipts and typing
  are counted apart from everything else, each class against the limit: a group message sets
  off a receipt from each member at once, all waiting for one commit, and those bursts filled
  the places of sends (in 50-member groups at 150 msgs/s, the log put nearly all refusals on
  this count). A refused receipt costs nothing: the client sends it again.

Why refuse at all: beyond the rate a process sustains, waiting work piles up (frames in socket
buffers, handler greenlets) and some costs per event grow with the pile (eventlet's green
current_thread() walks every thread it knows, the limits library starts a green Timer per
expiry cycle). At 1.4x its sustainable rate the process once delivered 45 msgs/s instead of
~900. A count of events in progress alone is a poor overload signal: most of them wait for the
durable commit, not for the CPU, so a fixed count refused a third of the messages at 1.2x the
capacity while the event loop still had room (810/s accepted of 1,200 offered).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Callable

import socketio

from ..errors import ApiError
from ..metrics import ERRORS
from .refusal_log import RefusalLog

log = logging.getLogger(__name__)
PROBE_SECONDS = 0.01  # how often the event loop's wait is sampled (~0.2 % of a core)
INTERVAL_SECONDS = 0.1  # how long the wait must stay above the target before refusing

# A Socket.IO EVENT packet on the default namespace that asks for an ack: 2<id>["event", ...]
_ACKED_EVENT = re.compile(r"2(\d{1,12})\[")


def busy_error() -> ApiError:
    return ApiError(503, "server_busy", "The server is busy; try again in a moment", retry_after=1)


class Refusals:
    """Counts refusals (metrics) and warns about them at most once per LOG_EVERY_SECONDS."""

    def __init__(self, reason: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.reason = reason
        self._log = RefusalLog(clock=clock)

    def count(self) -> None:
        ERRORS.labels("server_busy").inc()
        if (refused := self._log.due(self.reason)) is not None:
            log.warning(
                "overloaded: refused %d socket event(s) since the last warning (%s)",
                refused,
                self.reason,
            )


class EventGate:
    """Counts socket events in progress: `limit` places for deferrable ones (receipts, typing),
    as many for the others. Greenlets switch only where they wait, so plain counters are exact
    under eventlet and gevent."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0  # of both kinds
        self.deferrable_in_flight = 0
        self._refusals = Refusals(f"MAX_EVENTS_IN_FLIGHT={limit}")
        self._deferrable_refusals = Refusals(f"MAX_EVENTS_IN_FLIGHT={limit} receipts and typing")

    def enter(self, deferrable: bool = False) -> bool:
        """Take a place, or count a refusal (and warn about them now and then)."""
        taken = self.deferrable_in_flight if deferrable else self.urgent_in_flight
        if taken >= self.limit:
            (self._deferrable_refusals if deferrable else self._refusals).count()
            return False
        self.in_flight += 1
        if deferrable:
            self.deferrable_in_flight += 1
        return True

    def leave(self, deferrable: bool = False) -> None:
        self.in_flight -= 1
        if deferrable:
            self.deferrable_in_flight -= 1

    @property
    def urgent_in_flight(self) -> int:
        return self.in_flight - self.deferrable_in_flight


class DelayGate:
    """CoDel's rule on a queueing delay: refuse once every delay observed for a whole interval
    exceeded the target. Admit again as soon as one is below it, or when none above it came for
    an interval: a queue whose work is being refused may report nothing more, and must get a
    chance to show it drained."""

    def __init__(
        self,
        target: float,
        what: str,
        interval: float = INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target, self.interval, self._clock = target, interval, clock
        self._above_since: float | None = None
        self._refuse_until = -math.inf
        self._refusals = Refusals(f"{what} above {target * 1000:.0f} ms", clock)

    @property
    def refusing(self) -> bool:
        return self._clock() < self._refuse_until

    def observe(self, delay: float) -> None:
        if delay < self.target:
            self._above_since = None
            self._refuse_until = -math.inf
            return
        now = self._clock()
        if self._above_since is None:
            self._above_since = now
        elif now - self._above_since >= self.interval:
            self._refuse_until = now + self.interval

    def refused(self) -> None:
        self._refusals.count()


class DelayGates:
    """Two queues an overloaded process builds: the event loop's (ready handlers waiting for
    it) and the handlers' own (waiting for the durable commit, which shares the CPU). At 2x
    capacity the loop stood only ~11 ms behind while handlers waited 150-500 ms, so both are
    watched; either refuses."""

    def __init__(self, target: float) -> None:
        self.loop = DelayGate(target, "event loop wait")
        self.handlers = DelayGate(target, "socket event handling")

    @property
    def refusing(self) -> bool:
        return self.loop.refusing or self.handlers.refusing

    def refused(self) -> None:
        (self.loop if self.loop.refusing else self.handlers).refused()


def busy_ack(data: str) -> str | None:
    """The Socket.IO ACK packet refusing this raw EVENT packet with `server_busy`, or None when
    it is something else (a connect, an ack, an event on another namespace or without an ack
    id: those take the usual path)."""
    match = _ACKED_EVENT.match(data)
    return f"3{match.group(1)}{_BUSY_ACK_ARGS}" if match else None


_BUSY_ACK_ARGS = json.dumps([busy_error().to_ack()], separators=(",", ":"))


def watch_queueing_delay(
    gate: DelayGate,
    sleep: Callable[[float], object],
    clock: Callable[[], float] = time.perf_counter,
) -> None:
    """Feed the gate how late a PROBE_SECONDS sleep wakes up, forever (a background task)."""
    while True:
        started = clock()
        sleep(PROBE_SECONDS)
        gate.observe(max(0.0, clock() - started - PROBE_SECONDS))


def init_delay_gate(server: socketio.Server, target_seconds: float) -> DelayGates | None:
    """Refuse events at the Engine.IO level while a queueing delay stands above the target
    (0 disables). Install after every other wrapper of the message handler: refusing first.
    The handlers' delays are fed by the event handlers (realtime/events.py)."""
    if target_seconds <= 0:
        return None
    gates = DelayGates(target_seconds)
    handle: Callable[[str, str | bytes], object] = server.eio.handlers["message"]

    def on_message(eio_sid: str, data: str | bytes) -> object:
        if gates.refusing and isinstance(data, str) and (ack := busy_ack(data)) is not None:
            gates.refused()
            server.eio.send(eio_sid, ack)
            server.sleep(0)  # one frame per turn, as the admission wrapper does for the others
            return None
        return handle(eio_sid, data)

    server.eio.on("message", on_message)
    server.start_background_task(watch_queueing_delay, gates.loop, server.sleep)
    return gates
