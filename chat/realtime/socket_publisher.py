"""The socket layer's side of the features' port (chat.publishing): events to Socket.IO rooms
(and through the Redis queue when configured), receipts coalesced, presence shared or hidden,
sockets of ended sessions closed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..extensions import socketio
from ..publishing import PRESENCE
from ..storage import get_store
from ..storage.models import User, iso
from .coalescing import Coalescer
from .connection import end_outdated_sockets, end_sockets_of_session
from .presence import get_presence
from .publish import emit_to_users

COALESCE_SECONDS = 0.25  # a receipt waits at most this long; each conversation sends 4/s at most


class SocketPublisher:
    """chat.publishing.Publisher over Socket.IO rooms (and the Redis queue when configured)."""

    def __init__(self) -> None:
        self._coalescer = Coalescer(
            emit_to_users, COALESCE_SECONDS, socketio.start_background_task, socketio.sleep
        )

    def publish(
        self,
        event: str,
        payload: dict,
        user_ids: Iterable[str],
        skip_sid: str | None = None,
        coalesce: str | None = None,
    ) -> None:
        if coalesce is None:
            emit_to_users(event, payload, user_ids, skip_sid)
        else:
            self._coalescer.publish(coalesce, event, payload, user_ids)

    def close_session(self, session_id: str) -> None:
        end_sockets_of_session(session_id)

    def close_outdated_sessions(self, user: User) -> None:
        end_outdated_sockets(user)

    def share_presence(self, user_ids: Sequence[str], shared: bool) -> None:
        members = list(dict.fromkeys(user_ids))
        statuses = _statuses(members) if shared else {m: {"online": False} for m in members}
        # Presence never crosses a block, however the two came to share a conversation.
        hidden = _blocked_pairs(members) if shared else {}
        for member, status in statuses.items():
            payload = {"user_id": member, **status, "shared": shared}
            others = [m for m in members if m != member and m not in hidden.get(member, ())]
            emit_to_users(PRESENCE, payload, others)


def _statuses(members: list[str]) -> dict[str, dict]:
    """Online, or offline since when, for each member."""
    online = set(get_presence().online_among(members))
    offline = [m for m in members if m not in online]
    users = get_store().users.get_many(offline) if offline else {}
    statuses: dict[str, dict] = {}
    for member in members:
        seen = users[member].last_seen_at if member in users else None
        statuses[member] = (
            {"online": True}
            if member in online
            else {"online": False, "last_seen_at": iso(seen) if seen else None}
        )
    return statuses


def _blocked_pairs(members: list[str]) -> dict[str, set[str]]:
    """For each member, the others they blocked or were blocked by."""
    store, wanted = get_store(), set(members)
    return {m: store.blocks.related(m) & wanted for m in members}
