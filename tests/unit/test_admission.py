"""The per-address socket cap's key and count (chat/realtime/admission.py)."""

from __future__ import annotations

import pytest

from chat.realtime.admission import AddressCounter, address_key


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
