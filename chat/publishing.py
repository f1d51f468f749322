"""The port features reach clients through, so that data flows one way: handler → service →
storage → port → sockets. Features never import the socket layer; it plugs its publisher in at
start-up (chat.realtime.socket_publisher), and the Redis queue sits behind that. Besides
events, the port closes the sockets of sessions a feature has just ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .storage.models import User

# Events features publish (server → client); docs/api.md describes their payloads.
NEW_MESSAGE = "new_message"
DELIVERED = "delivered"
READ = "read"
PRESENCE = "presence"
TYPING = "typing"
MESSAGE_UPDATED = "message_updated"
REACTION = "reaction"
USER_UPDATED = "user_updated"
MEMBERSHIP_UPDATED = "membership_updated"


class Publisher(Protocol):
    def publish(
        self,
        event: str,
        payload: dict,
        user_ids: Iterable[str],
        skip_sid: str | None = None,
        coalesce: str | None = None,
    ) -> None:
        """Every connected tab of these users gets the event (but skip_sid, the one that caused
        it); users who are offline get nothing and catch up through storage. Events with the
        same `coalesce` key may be merged: only the latest of a short burst is sent (receipts,
        whose latest says everything the earlier ones did)."""
        ...

    def share_presence(self, user_ids: Sequence[str], shared: bool) -> None:
        """These users have just begun (shared) or stopped seeing each other's presence: tell
        each of them the others' status, or that it is no longer known."""
        ...

    def close_session(self, session_id: str) -> None:
        """This process's sockets of an ended session close now (other processes poll)."""
        ...

    def close_outdated_sessions(self, user: User) -> None:
        """This process's sockets of the user's sessions ended by a password change close now,
        but those of the session that changed it."""
        ...


_publisher: Publisher | None = None


def plug(publisher: Publisher) -> None:
    global _publisher
    _publisher = publisher


def _plugged() -> Publisher:
    if _publisher is None:  # create_app plugs the socket layer in: a bug, not a state
        raise RuntimeError("no publisher plugged in (chat.publishing.plug)")
    return _publisher


def publish(
    event: str,
    payload: dict,
    user_ids: Iterable[str],
    skip_sid: str | None = None,
    coalesce: str | None = None,
) -> None:
    _plugged().publish(event, payload, user_ids, skip_sid, coalesce)


def share_presence(user_ids: Sequence[str], shared: bool) -> None:
    _plugged().share_presence(user_ids, shared)


def close_session(session_id: str) -> None:
    _plugged().close_session(session_id)


def close_outdated_sessions(user: User) -> None:
    _plugged().close_outdated_sessions(user)
