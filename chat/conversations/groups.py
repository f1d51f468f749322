"""Group conversations: create, rename, add and remove members, change roles.

Owners and admins manage members and the title; only owners change roles; anyone may leave.
Every change is one system message in the group's history (so offline members learn of it
through sync), written together with the change, then published to everyone it concerns.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from ..errors import ApiError
from ..publishing import NEW_MESSAGE, publish, share_presence
from ..storage import NotFound, Store
from ..storage.models import (
    ADMIN,
    GROUP,
    MEMBER_ADDED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    OWNER,
    ROLE_CHANGED,
    TITLE_CHANGED,
    Conversation,
    GroupChange,
    Message,
)
from .access import require_member, unknown
from .service import member_view

MANAGERS = (OWNER, ADMIN)


def create_group(
    store: Store, creator_id: str, title: str, member_ids: list[str], max_members: int
) -> dict[str, object]:
    """A group of the creator (owner) and member_ids; 400 with `fields` and nothing made if
    an id is unknown, deactivated, repeated, or blocked the creator, or there are too many."""
    others = [m for m in member_ids if m != creator_id]
    _check_newcomers(store, creator_id, others, len(others) + 1, max_members)
    if not others:
        raise _invalid("Add at least one other person")
    conversation, message = store.conversations.create_group(
        creator_id, title, others, _system_id()
    )
    _announce(message, conversation.member_ids)
    share_presence(conversation.member_ids, shared=True)
    return member_view(store, conversation.id, creator_id)


def rename(store: Store, actor_id: str, conversation_id: str, title: str) -> dict[str, object]:
    group = _group(store, conversation_id, actor_id, MANAGERS)
    if title != group.title:
        change = GroupChange(TITLE_CHANGED, actor_id, title=title, detail=title)
        _apply(store, group, change)
    return member_view(store, conversation_id, actor_id)


def add_members(
    store: Store, actor_id: str, conversation_id: str, user_ids: list[str], max_members: int
) -> dict[str, object]:
    group = _group(store, conversation_id, actor_id, MANAGERS)
    already = sorted(set(user_ids) & set(group.member_ids))
    if already:
        raise _invalid(f"Already in the group: {', '.join(already)}", "user_ids")
    _check_newcomers(
        store, actor_id, user_ids, len(group.member_ids) + len(user_ids), max_members, "user_ids"
    )
    added = tuple(user_ids)
    after = _apply(store, group, GroupChange(MEMBER_ADDED, actor_id, added, add=added))
    share_presence(after.member_ids, shared=True)
    return member_view(store, conversation_id, actor_id)


def remove_member(
    store: Store, actor_id: str, conversation_id: str, user_id: str
) -> dict[str, object]:
    """Remove someone (owners and admins; an admin cannot remove an owner), or leave (anyone).
    The last owner leaving first hands ownership on: to the oldest admin, else the oldest
    member."""
    leaving = user_id == actor_id
    group = _group(store, conversation_id, actor_id, None if leaving else MANAGERS, user_id)
    if not leaving and group.role(user_id) == OWNER and group.role(actor_id) != OWNER:
        raise _not_allowed("Only an owner can remove an owner")
    if leaving and group.role(actor_id) == OWNER:
        group = _hand_over_ownership(store, group, actor_id)
    event = MEMBER_LEFT if leaving else MEMBER_REMOVED
    after = _apply(store, group, GroupChange(event, actor_id, (user_id,), remove=(user_id,)))
    still = set(store.conversations.contact_ids(user_id))
    for other in after.member_ids:
        if other not in still:
            share_presence([user_id, other], shared=False)
    return member_view(store, conversation_id, actor_id)


def set_role(
    store: Store, actor_id: str, conversation_id: str, user_id: str, role: str
) -> dict[str, object]:
    group = _group(store, conversation_id, actor_id, (OWNER,), user_id)
    owners = [m for m in group.member_ids if group.role(m) == OWNER]
    if role != OWNER and owners == [user_id]:
        raise _invalid("A group keeps at least one owner: make someone else owner first", "role")
    if group.role(user_id) != role:
        change = GroupChange(ROLE_CHANGED, actor_id, (user_id,), roles={user_id: role}, detail=role)
        _apply(store, group, change)
    return member_view(store, conversation_id, actor_id)


def readers(store: Store, user_id: str, conversation_id: str, seq: int) -> dict[str, object]:
    """Who of the current members (but its sender) has read / only received message seq."""
    conversation = require_member(store.conversations.get(conversation_id), user_id)
    message = _message(store, conversation, user_id, seq)
    others = [m for m in conversation.member_ids if m != message.sender_id]
    read = [m for m in others if conversation.cursor(m).shown_read >= seq]
    delivered = [m for m in others if m not in read and conversation.cursor(m).delivered >= seq]
    users = store.users.get_many(read + delivered)
    return {
        "read": [users[m].public() for m in read if m in users],
        "delivered": [users[m].public() for m in delivered if m in users],
    }


def _message(store: Store, conversation: Conversation, user_id: str, seq: int) -> Message:
    member = conversation.member(user_id)
    visible_after = member.visible_after if member else 0
    found = store.messages.page(conversation.id, seq + 1, 1, max(seq - 1, visible_after))
    if not found or found[0].seq != seq:
        raise ApiError(404, "message_not_found", "No such message")
    return found[0]


def _group(
    store: Store,
    conversation_id: str,
    actor_id: str,
    roles: tuple[str, ...] | None,
    target_id: str | None = None,
) -> Conversation:
    """The group the actor may act on (404 unknown, 403 not a member or not allowed); with a
    target, 404 unless the target is a current member."""
    group = require_member(store.conversations.get(conversation_id), actor_id)
    if target_id is not None and target_id not in group.member_ids:
        raise ApiError(404, "member_not_found", "Not a member of this conversation")
    if group.kind != GROUP:
        raise ApiError(400, "not_a_group", "Only groups have members to manage and a title")
    if roles is not None and group.role(actor_id) not in roles:
        who = "owners and admins" if ADMIN in roles else "owners"
        raise _not_allowed(f"Only the group's {who} can do this")
    return group


def _hand_over_ownership(store: Store, group: Conversation, owner_id: str) -> Conversation:
    """Before the last owner leaves: the oldest admin, else the oldest member, becomes owner."""
    others = [m for m in group.member_ids if m != owner_id]
    if not others or any(group.role(m) == OWNER for m in others):
        return group

    def seniority(m: str) -> tuple:
        member = group.members[m]
        return (group.role(m) != ADMIN, member.joined_at or group.updated_at, m)

    heir = min(others, key=seniority)
    change = GroupChange(ROLE_CHANGED, owner_id, (heir,), roles={heir: OWNER}, detail=OWNER)
    return _apply(store, group, change)


def _apply(store: Store, group: Conversation, change: GroupChange) -> Conversation:
    try:
        after, message = store.conversations.change_group(group.id, change, _system_id())
    except NotFound as err:
        raise unknown() from err
    _announce(message, [*group.member_ids, *after.member_ids])
    return after


def _announce(message: Message, user_ids: Iterable[str]) -> None:
    """Everyone the change concerns (those who left too: it is the last message they see)."""
    publish(NEW_MESSAGE, {"message": message.public()}, user_ids)


def _check_newcomers(
    store: Store,
    actor_id: str,
    user_ids: list[str],
    total: int,
    max_members: int,
    field: str = "member_ids",
) -> None:
    problems: list[str] = []
    repeated = sorted({u for u in user_ids if user_ids.count(u) > 1})
    if repeated:
        problems.append(f"Listed more than once: {', '.join(repeated)}")
    if total > max_members:
        problems.append(f"A group has at most {max_members} members")
    users = store.users.get_many(list(dict.fromkeys(user_ids)))
    unknown_ids = [u for u in dict.fromkeys(user_ids) if u not in users or not users[u].active]
    if unknown_ids:
        problems.append(f"No such user: {', '.join(unknown_ids)}")
    related = store.blocks.related(actor_id) & set(users)  # one read; the direction for those
    blocked_actor = sorted(u for u in related if u in store.blocks.blockers_between(u, actor_id))
    if blocked_actor:
        problems.append(f"Cannot be added by you: {', '.join(blocked_actor)}")
    if problems:
        raise ApiError(400, "invalid_input", problems[0], {field: problems})


def _invalid(message: str, field: str = "member_ids") -> ApiError:
    return ApiError(400, "invalid_input", message, {field: [message]})


def _not_allowed(message: str) -> ApiError:
    return ApiError(403, "not_allowed", message)


def _system_id() -> str:
    """System messages take client ids of their own, apart from any client's."""
    return f"sys-{uuid.uuid4().hex}"
