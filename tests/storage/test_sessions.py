"""Sign-in session records on every backend: recorded at sign-in, moved on by refreshes, listed
per user (live ones only, most recently active first), ended, purged once past their end."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from chat.storage import Store
from chat.storage.models import SessionRecord, utcnow

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari"


def session(user_id: str, session_id: str, minutes_ago: int = 0, **changes) -> SessionRecord:
    now = utcnow()
    record = SessionRecord(
        id=session_id,
        user_id=user_id,
        generation=0,
        started_at=now - timedelta(days=1),
        last_active_at=now - timedelta(minutes=minutes_ago),
        expires_at=now + timedelta(days=7),
        user_agent=UA,
        address="203.0.113.7",
    )
    return replace(record, **changes)


def test_a_recorded_session_reads_back_as_written(store: Store) -> None:
    ann = store.users.create("ann", "Ann", "h")
    written = session(ann.id, "s1", address="2001:db8::1")
    store.sessions.record(written)
    assert store.sessions.get("s1") == written
    assert store.sessions.get("unknown") is None
    assert store.sessions.list_for_user(ann.id, 0, 10) == [written]


def test_a_later_record_moves_activity_on_but_keeps_user_start_and_end(store: Store) -> None:
    ann, bob = (store.users.create(n, n.title(), "h") for n in ("ann", "bob"))
    first = session(ann.id, "s1", minutes_ago=30)
    store.sessions.record(first)
    store.sessions.end("s1")
    ended_at = store.sessions.get("s1").ended_at
    later = session(
        bob.id,  # a record never changes hands
        "s1",
        generation=5,
        started_at=utcnow(),
        user_agent="Firefox",
        address="198.51.100.2",
    )
    store.sessions.record(later)
    stored = store.sessions.get("s1")
    assert stored == replace(later, user_id=ann.id, started_at=first.started_at, ended_at=ended_at)


def test_a_users_live_sessions_are_listed_most_recently_active_first(store: Store) -> None:
    ann, bob = (store.users.create(n, n.title(), "h") for n in ("ann", "bob"))
    store.sessions.record(session(ann.id, "old", minutes_ago=60))
    store.sessions.record(session(ann.id, "new", minutes_ago=1))
    store.sessions.record(session(ann.id, "mid", minutes_ago=10))
    store.sessions.record(session(bob.id, "bobs"))
    store.sessions.record(session(ann.id, "ended"))
    store.sessions.end("ended")
    store.sessions.record(session(ann.id, "older-generation", generation=-1))
    assert [s.id for s in store.sessions.list_for_user(ann.id, 0, 10)] == ["new", "mid", "old"]
    assert [s.id for s in store.sessions.list_for_user(ann.id, 0, 2)] == ["new", "mid"]
    assert [s.id for s in store.sessions.list_for_user(bob.id, 0, 10)] == ["bobs"]
    assert store.sessions.list_for_user("424242", 0, 10) == []
    generation = 1_700_000_000_123  # a password change's generation: milliseconds
    store.sessions.record(session(ann.id, "new", generation=generation))
    assert [s.id for s in store.sessions.list_for_user(ann.id, generation, 10)] == ["new"]


def test_a_session_past_its_end_is_not_listed_and_is_purged_by_the_next_write(
    store: Store,
) -> None:
    ann = store.users.create("ann", "Ann", "h")
    store.sessions.record(session(ann.id, "idle", expires_at=utcnow() + timedelta(seconds=0.3)))
    assert [s.id for s in store.sessions.list_for_user(ann.id, 0, 10)] == ["idle"]
    time.sleep(0.4)
    assert store.sessions.list_for_user(ann.id, 0, 10) == []
    assert store.sessions.get("idle") is not None  # nothing written since
    store.sessions.record(session(ann.id, "live"))
    assert store.sessions.get("idle") is None
    assert [s.id for s in store.sessions.list_for_user(ann.id, 0, 10)] == ["live"]


def test_ending_keeps_the_first_time_and_ignores_unknown_ids(store: Store) -> None:
    ann = store.users.create("ann", "Ann", "h")
    store.sessions.record(session(ann.id, "s1"))
    before = utcnow()
    store.sessions.end("s1")
    first = store.sessions.get("s1").ended_at
    assert first is not None and first >= before
    store.sessions.end("s1")
    store.sessions.end("unknown")
    assert store.sessions.get("s1").ended_at == first
    assert store.sessions.list_for_user(ann.id, 0, 10) == []
