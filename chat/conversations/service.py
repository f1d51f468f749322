"""Conversation views: a conversation as one member (current or former) sees it."""

from __future__ import annotations

from ..storage import Store
from ..storage.models import DIRECT, Conversation, Member, Message, User, iso
from .access import readable_range, require_reader

LIST_LIMIT = 1000  # the sidebar shows every conversation with its unread count


def shared_cursors(conversation: Conversation) -> tuple[int, int]:
    """(delivered, read): how far every current member has received and (visibly) read.

    A message is "delivered to all" / "read by all" at or below them: its sender's own cursors
    are past it (sending moves them), so the minimum over everyone is the minimum over the
    others. A member who does not share read receipts holds "read by all" back."""
    members = conversation.member_ids
    if not members:
        return conversation.last_seq, conversation.last_seq
    delivered = min(conversation.cursor(m).delivered for m in members)
    read = min(conversation.cursor(m).shown_read for m in members)
    return delivered, read


class _Views:
    """Builds the views of several conversations with one read of their users and blocks."""

    def __init__(self, store: Store, user_id: str, conversations: list[Conversation]) -> None:
        self.store, self.user_id = store, user_id
        wanted = {u for c in conversations for u in {*c.member_ids, *c.members}}
        self.users = store.users.get_many(sorted(wanted))
        self.blocked = set(store.blocks.blocked_ids(user_id))
        self.hidden = store.blocks.related(user_id)  # either way: no presence between them

    def view(self, c: Conversation) -> dict[str, object]:
        member = require_reader(c, self.user_id)
        _, until = readable_range(c, member)
        last = c.last_message if member.current else self._last_visible(c, member)
        delivered, read = shared_cursors(c)
        mine = c.cursor(self.user_id)
        view: dict[str, object] = {
            "id": c.id,
            "kind": c.kind,
            "last_message": last.public(self.user_id) if last else None,
            "updated_at": iso(c.updated_at),
            "last_seq": until,
            "unread": c.unread(self.user_id),
            "unread_mentions": c.unread_mentions(self.user_id),
            "last_change": c.last_change,
            "read_seq": mine.read,
            "peer_read_seq": min(read, until),
            "peer_delivered_seq": min(delivered, until),
            "left": not member.current,
            "muted": member.muted,
        }
        if c.kind == DIRECT:
            other_id = c.other_member(self.user_id)
            shared = other_id not in self.hidden
            other = self.users.get(other_id)
            seen = other.last_seen_at if other and shared else None
            view["other"] = (
                {**other.public(), "last_seen_at": iso(seen) if seen else None} if other else None
            )
            view["blocked"] = other_id in self.blocked
            view["presence_shared"] = shared
        else:
            view["title"] = c.title
            view["my_role"] = c.role(self.user_id)
            view["members"] = [
                {"user": self._user(u), "role": c.role(u)} for u in self._by_arrival(c, True)
            ]
            view["former_members"] = [self._user(u) for u in self._by_arrival(c, False)]
        return view

    def _user(self, user_id: str) -> dict[str, object] | None:
        user: User | None = self.users.get(user_id)
        return user.public() if user else None

    @staticmethod
    def _by_arrival(c: Conversation, current: bool) -> list[str]:
        members = [(u, m) for u, m in c.members.items() if m.current == current]
        members.sort(key=lambda um: (um[1].joined_at or c.updated_at, um[0]))
        return [u for u, _ in members]

    def _last_visible(self, c: Conversation, member: Member) -> Message | None:
        after, until = readable_range(c, member)
        page = self.store.messages.page(c.id, until + 1, 1, after)
        return page[-1] if page else None


def list_view(store: Store, user_id: str) -> list[dict[str, object]]:
    """The user's conversations (current and former), newest first."""
    conversations = store.conversations.list_for_user(user_id, LIST_LIMIT)
    views = _Views(store, user_id, conversations)
    return [views.view(c) for c in conversations]


def views_of(
    store: Store, user_id: str, conversations: list[Conversation]
) -> dict[str, dict[str, object]]:
    """Several conversations of the user as the list shows them, by id (one read of users)."""
    views = _Views(store, user_id, conversations)
    return {c.id: views.view(c) for c in conversations}


def member_view(store: Store, conversation_id: str, user_id: str) -> dict[str, object]:
    """One conversation of the user (404 unknown, 403 never a member)."""
    conversation = store.conversations.get(conversation_id)
    require_reader(conversation, user_id)
    assert conversation is not None
    return _Views(store, user_id, [conversation]).view(conversation)
