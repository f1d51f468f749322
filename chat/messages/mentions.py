"""@username mentions in groups: recognised by the server against the group's members, so a
client cannot make anyone count as mentioned by claiming it."""

from __future__ import annotations

import re

from ..storage import Store
from ..storage.models import ADMIN, GROUP, OWNER, Conversation

MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{3,32})")
EVERYONE = "all"
EVERYONE_MAX_MEMBERS = 50  # @all in bigger groups would page everyone: refused


def mentioned(
    store: Store, conversation: Conversation, sender_id: str, text: str
) -> tuple[str, ...]:
    """The other current members the text names (@all: all of them, for owners and admins of
    groups up to EVERYONE_MAX_MEMBERS); a direct conversation has no mentions."""
    if conversation.kind != GROUP or "@" not in text:
        return ()
    names = {m.group(1).rstrip(".").casefold() for m in MENTION.finditer(text)}
    others = [m for m in conversation.member_ids if m != sender_id]
    if EVERYONE in names and _may_call_everyone(conversation, sender_id):
        return tuple(others)
    users = store.users.get_many(others)
    return tuple(u for u in others if u in users and users[u].username.casefold() in names)


def _may_call_everyone(conversation: Conversation, sender_id: str) -> bool:
    return (
        conversation.role(sender_id) in (OWNER, ADMIN)
        and len(conversation.member_ids) <= EVERYONE_MAX_MEMBERS
    )
