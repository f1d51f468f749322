"""The only place that emits to clients: one event to every socket of a list of users."""

from __future__ import annotations

from collections.abc import Iterable

from ..extensions import socketio


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def emit_to_users(
    event: str, payload: dict, user_ids: Iterable[str], skip_sid: str | None = None
) -> None:
    """All tabs of these users get the event (except skip_sid, the socket that caused it)."""
    rooms = [user_room(u) for u in dict.fromkeys(user_ids)]
    if rooms:
        socketio.emit(event, payload, to=rooms, skip_sid=skip_sid)
