"""Presence news for people who just became contacts."""

from __future__ import annotations

from .events import PRESENCE
from .presence import get_presence
from .publish import emit_to_users


def introduce(member_ids: tuple[str, ...]) -> None:
    """New contacts (a first message): tell each member which of the others is online."""
    presence = get_presence()
    for member in presence.online_among(list(member_ids)):
        others = [m for m in member_ids if m != member]
        emit_to_users(PRESENCE, {"user_id": member, "online": True}, others)
