"""The per-address socket cap's key and count (chat/realtime/admission.py)."""

from __future__ import annotations

import pytest

from chat.realtime.admission import AddressCounter, address_key, init_admission


@pytest.mark.parametrize(
    ("remote_addr", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # the same client over a dual-stack socket
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),  # any address its /64 could pick
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        (None, "unknown"),
        ("not an address", "not an address"),
    ],
)
def test_address_key(remote_addr: str | None, key: str) -> None:
    assert address_key(remote_addr) == key


def test_counter_refuses_past_the_cap_and_forgets_released_addresses() -> None:
    counter = AddressCounter(cap=2)
    assert [counter.admit(sid, "a") for sid in ("s1", "s2", "s3")] == [True, True, False]
    assert counter.admit("t1", "b")
    counter.release("s1")
    counter.release("s1")  # a second disconnect of the same session changes nothing
    assert counter.held("a") == 1
    assert counter.admit("s4", "a")
    for sid in ("s2", "s4", "t1"):
        counter.release(sid)
    assert counter._count == {} and counter._key_of == {}  # nothing kept per address seen


class FakeEngineIO:
    """The slice of an Engine.IO server that init_admission wraps."""

    def __init__(self, accept: bool) -> None:
        self.handlers = {
            "connect": lambda _sid, _environ: None if accept else False,
            "disconnect": lambda _sid, _reason=None: None,
            "message": lambda _sid, _data: None,
        }

    def on(self, event: str, fn) -> None:
        self.handlers[event] = fn


class FakeServer:
    def __init__(self, accept: bool) -> None:
        self.eio = FakeEngineIO(accept)
        self.tasks: list = []

    def start_background_task(self, fn) -> None:
        self.tasks.append(fn)


def test_a_handshake_refused_further_in_gives_its_place_back() -> None:
    server = FakeServer(accept=False)
    init_admission(server, per_address=1, connect_timeout=5)  # type: ignore[arg-type]
    connect = server.eio.handlers["connect"]
    environ = {"REMOTE_ADDR": "203.0.113.7"}
    assert connect("s1", environ) is False
    assert connect("s2", environ) is False  # not "over the cap": s1 holds nothing
    assert server.tasks == []  # no deadline kept for sessions that were never opened


def test_an_accepted_handshake_holds_its_place_until_disconnect() -> None:
    server = FakeServer(accept=True)
    init_admission(server, per_address=1, connect_timeout=5)  # type: ignore[arg-type]
    connect, disconnect = server.eio.handlers["connect"], server.eio.handlers["disconnect"]
    environ = {"REMOTE_ADDR": "203.0.113.7"}
    assert connect("s1", environ) is None
    assert connect("s2", environ) is False  # over the cap of 1
    disconnect("s1")
    assert connect("s3", environ) is None
