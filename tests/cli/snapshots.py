"""A backend-neutral picture of a store (ids replaced by usernames), to compare two stores."""

from __future__ import annotations

from typing import Any

from chat.storage import Store


def _all(fetch) -> list:
    items, after = [], None
    while page := fetch(after):
        items += page
        after = page[-1].id if hasattr(page[-1], "id") else page[-1].user.id
    return items


def _name(username: str) -> str:
    # A deleted account's placeholder embeds its backend id; compare the kind, not the id.
    return "deleted-*" if username.startswith("deleted-") else username


def snapshot(store: Store) -> dict[str, Any]:
    creds = _all(lambda a: store.users.scan(a, 7))
    names = {c.user.id: _name(c.user.username) for c in creds}
    users = {
        names[c.user.id]: (
            c.user.full_name,
            c.user.gender,
            c.user.avatar_url,
            c.user.active,
            c.user.deactivated_at,
            c.user.sessions_reset_at,
            c.user.sessions_reset_by,
            c.user.created_at,
            c.password_hash,
        )
        for c in creds
        if not c.user.deleted
    }
    conversations = {}
    for conv in _all(lambda a: store.conversations.scan(a, 3)):
        members = tuple(sorted(names[m] for m in conv.member_ids))
        history = [
            (m.seq, names[m.sender_id], m.text, m.client_id, m.created_at)
            for m in store.messages.page(conv.id, None, 10_000)
        ]
        conversations[members] = {
            "last_seq": conv.last_seq,
            "cursors": {names[m]: c for m, c in conv.cursors.items()},
            "unread": {names[m]: conv.unread(m) for m in conv.member_ids},
            "last_message": conv.last_message and (conv.last_message.seq, conv.last_message.text),
            "created_at": conv.created_at,
            "updated_at": conv.updated_at,
            "history": history,
        }
    return {
        "users": users,
        "deleted_users": sum(1 for c in creds if c.user.deleted),
        "conversations": conversations,
        "revocations": store.revocations.scan(None, 1000),
        "blocks": sorted((names[a], names[b]) for a, b in store.blocks.scan(None, 1000)),
        "counts": (
            store.users.count(),
            store.users.count(active=True),
            store.conversations.count(),
            store.messages.count(),
        ),
    }
