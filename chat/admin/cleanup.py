"""Deleting history in bounded batches: idle conversations, or one user's messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..storage import Store
from . import AdminError

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"(\d+)([smhdw])")


@dataclass
class PurgeReport:
    conversations: int = 0
    messages: int = 0


def parse_duration(text: str) -> timedelta:
    """'90d', '12h', '2w', '30m' (minutes), '45s'."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 90d, 12h, 2w, 30m or 45s")
    return timedelta(**{UNITS[match[2]]: int(match[1])})


def delete_messages(
    store: Store, conversation_id: str, batch: int, sender_id: str | None = None
) -> int:
    """Delete a conversation's messages (or only one sender's) batch by batch; how many."""
    total = 0
    while deleted := store.messages.delete_batch(conversation_id, batch, sender_id):
        total += deleted
    return total


def purge_conversation(store: Store, conversation_id: str, batch: int) -> int:
    """Delete a conversation and its history; how many messages went."""
    store.attachments.delete_for_conversation(conversation_id)
    deleted = delete_messages(store, conversation_id, batch)
    store.conversations.delete(conversation_id)
    return deleted


def purge_idle(store: Store, cutoff: datetime, batch: int) -> PurgeReport:
    """Delete every conversation last updated before cutoff, with its messages."""
    report = PurgeReport()
    while ids := store.conversations.idle_before(cutoff, batch):
        for conversation_id in ids:
            report.messages += purge_conversation(store, conversation_id, batch)
        if ids == store.conversations.idle_before(cutoff, batch):
            raise AdminError(f"conversations {ids[:3]} could not be deleted")  # never loop forever
        report.conversations += len(ids)
    return report
