"""Which conversation is the direct one of two users, remembered per process.

A warm send (to someone this process has already sent to for the sender) reads nothing before
its write: the store checks the pair, membership, blocks and the recipient's account in the
send itself, and answers NotFound if the remembered conversation is gone (then it is looked up
again).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

MAX_REMEMBERED = 100_000  # pairs per process; past it the memory starts over

_by_store: WeakKeyDictionary[object, dict[tuple[str, str], str]] = WeakKeyDictionary()


def remembered(store: object, sender_id: str, to: str) -> str | None:
    return _by_store.get(store, {}).get((sender_id, to))


def remember(store: object, sender_id: str, to: str, conversation_id: str) -> None:
    known = _by_store.setdefault(store, {})
    if len(known) >= MAX_REMEMBERED:
        known.clear()
    known[(sender_id, to)] = conversation_id


def forget(store: object, sender_id: str, to: str) -> None:
    _by_store.get(store, {}).pop((sender_id, to), None)
