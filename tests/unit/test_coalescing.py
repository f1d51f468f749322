"""Receipt coalescing: the first of a burst goes at once, the latest of the rest when the
window ends, and nothing is sent twice or lost."""

from __future__ import annotations

from chat.realtime.coalescing import Coalescer
from tests.helpers import FakeClock


def make():
    clock, sent, scheduled = FakeClock(), [], []
    coalescer = Coalescer(
        emit=lambda event, payload, users: sent.append((event, payload["seq"], users)),
        window=0.25,
        spawn=lambda fn, key, delay: scheduled.append((key, delay)),
        sleep=lambda _s: None,
        clock=clock,
    )
    return coalescer, clock, sent, scheduled


def test_a_lone_receipt_goes_at_once() -> None:
    coalescer, _, sent, scheduled = make()
    coalescer.publish("delivered:c1", "delivered", {"seq": 1}, ["ann"])
    assert sent == [("delivered", 1, ["ann"])] and scheduled == []


def test_a_burst_sends_the_first_and_then_only_the_latest() -> None:
    coalescer, clock, sent, scheduled = make()
    for seq in range(1, 50):  # 49 members' receipts for one message, 1 ms apart
        coalescer.publish("delivered:c1", "delivered", {"seq": seq}, ["ann"])
        clock.now += 0.001
    assert sent == [("delivered", 1, ["ann"])]
    assert len(scheduled) == 1 and 0.2 < scheduled[0][1] <= 0.25  # one flush for the burst
    clock.now += 0.25
    coalescer.flush("delivered:c1")
    assert sent == [("delivered", 1, ["ann"]), ("delivered", 49, ["ann"])]
    coalescer.flush("delivered:c1")  # nothing held: nothing sent twice
    assert len(sent) == 2


def test_keys_are_independent_and_a_quiet_key_sends_at_once_again() -> None:
    coalescer, clock, sent, _ = make()
    coalescer.publish("read:c1", "read", {"seq": 1}, ["ann"])
    coalescer.publish("read:c2", "read", {"seq": 7}, ["bob"])
    assert [s[1] for s in sent] == [1, 7]
    clock.now += 1.0
    coalescer.publish("read:c1", "read", {"seq": 2}, ["ann"])
    assert [s[1] for s in sent] == [1, 7, 2]


def test_the_latest_goes_to_everyone_the_held_ones_were_for() -> None:
    """Receipts skip their mover: Cat's held read (for Ann and Bob) replaced by Ann's (for Bob
    and Cat) must still reach Ann, or her message never shows "read by all"."""
    coalescer, clock, sent, _ = make()
    coalescer.publish("read:g", "read", {"seq": 2}, ["ann", "cat"])  # bob's: at once
    coalescer.publish("read:g", "read", {"seq": 3}, ["ann", "bob"])  # cat's: held
    coalescer.publish("read:g", "read", {"seq": 4}, ["bob", "cat"])  # ann's: replaces it
    clock.now += 0.25
    coalescer.flush("read:g")
    assert sent[-1] == ("read", 4, ["ann", "bob", "cat"])
