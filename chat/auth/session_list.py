"""A user's signed-in sessions (OWASP ASVS 4.0.3 V3.3.4): each sign-in is recorded, moved on at
each refresh, listed with its device and address, and can be ended from any of them.

last_active_at moves with refreshes, not with every request: one write per refresh (about one
per ACCESS_TOKEN_MINUTES while the user acts) instead of one per request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..errors import ApiError
from ..sessions import GENERATION, SESSION, STARTED, Claims, absolute_end, end_session_id
from ..storage import Store, get_store
from ..storage.models import SessionRecord, User, iso, utcnow
from .user_agents import describe

MAX_USER_AGENT = 512  # real ones are under 300 characters; a longer one is cut, not refused
MAX_ADDRESS = 64  # an IPv6 address with a zone fits
MAX_LISTED = 100  # sign-ins are rate-limited; more live sessions than this are not a use case


def note_activity(
    user: User, claims: Claims, idle_left: float, user_agent: str, address: str | None
) -> None:
    """Record the session of these claims as active now (a sign-in or a refresh), from this
    user agent and address, idle for at most `idle_left` seconds more."""
    now = utcnow()
    get_store().sessions.record(
        SessionRecord(
            id=claims[SESSION],
            user_id=user.id,
            generation=claims[GENERATION],
            started_at=datetime.fromtimestamp(claims[STARTED], UTC),
            last_active_at=now,
            expires_at=now + timedelta(seconds=idle_left),
            user_agent=user_agent[:MAX_USER_AGENT],
            address=address[:MAX_ADDRESS] if address else None,
        )
    )


def public(record: SessionRecord, current_id: str) -> dict[str, object]:
    return {
        "id": record.id,
        "device": describe(record.user_agent),
        "address": record.address,
        "started_at": iso(record.started_at),
        "last_active_at": iso(record.last_active_at),
        "current": record.id == current_id,
    }


def list_sessions(store: Store, user: User, current_id: str) -> list[dict[str, object]]:
    """The user's live sessions, most recently active first."""
    records = store.sessions.list_for_user(user.id, user.session_generation, MAX_LISTED)
    return [public(record, current_id) for record in records]


def end_one(store: Store, user: User, session_id: str) -> None:
    """End one live session of the user; 404 for any other id (another user's alike)."""
    record = store.sessions.get(session_id)
    yours = record is not None and record.user_id == user.id
    if record is None or not yours or not record.listed(user.session_generation, utcnow()):
        raise ApiError(404, "session_not_found", "No such session")
    end_session_id(record.id, absolute_end(record.started_at))


def end_others(store: Store, user: User, current_id: str) -> list[str]:
    """End every listed session of the user but `current_id`; their ids."""
    others = [
        record
        for record in store.sessions.list_for_user(user.id, user.session_generation, MAX_LISTED)
        if record.id != current_id
    ]
    for record in others:
        end_session_id(record.id, absolute_end(record.started_at))
    return [record.id for record in others]
