"""Changing a message that others may already have: edit, delete, react. Each is checked here
(who may, which message, within which window), written by the store with the conversation's
next change number, then published; clients that were offline catch up through `sync`."""

from __future__ import annotations

from datetime import timedelta

from ..conversations.access import not_a_member, require_member
from ..errors import ApiError
from ..publishing import MESSAGE_UPDATED, REACTION, publish
from ..storage import Conflict, Store
from ..storage.models import ADMIN, GROUP, OWNER, TEXT, Changed, Conversation, Message, utcnow
from .views import message_view

MAX_DISTINCT_REACTIONS = 20


def edit_message(
    store: Store,
    user_id: str,
    message_id: str,
    text: str,
    window_minutes: float,
    origin_sid: str | None = None,
) -> dict[str, object]:
    message, _ = _target(store, user_id, message_id)
    if message.sender_id != user_id:
        raise ApiError(403, "not_yours", "You can only edit your own messages")
    _not_deleted(message)
    if window_minutes and utcnow() - message.created_at > timedelta(minutes=window_minutes):
        raise ApiError(
            403, "edit_window_passed", f"Messages can be edited for {window_minutes:g} minutes"
        )
    if message.text == text:
        return message_view(store, message, user_id)
    try:
        changed = store.messages.edit(message_id, user_id, text)
    except Conflict:  # deleted meanwhile
        raise _deleted() from None
    return _announce(store, changed, user_id, origin_sid)


def delete_message(
    store: Store, user_id: str, message_id: str, origin_sid: str | None = None
) -> dict[str, object]:
    """Your own message, or any in a group you own or administer; twice is a no-op success."""
    message, conversation = _target(store, user_id, message_id)
    manager = conversation.kind == GROUP and conversation.role(user_id) in (OWNER, ADMIN)
    if message.sender_id != user_id and not manager:
        raise ApiError(403, "not_yours", "You can only delete your own messages")
    changed = store.messages.delete(message_id)
    store.attachments.delete_for_messages([message_id])  # also after a delete cut short
    if not changed.changed:
        return message_view(store, changed.message, user_id)
    return _announce(store, changed, user_id, origin_sid)


def react(
    store: Store, user_id: str, message_id: str, emoji: str, on: bool, origin_sid: str | None
) -> dict[str, object]:
    """Idempotent: the same reaction twice is one; others learn only of real changes."""
    message, _ = _target(store, user_id, message_id)
    _not_deleted(message)
    try:
        changed = store.messages.react(message_id, user_id, emoji, on, MAX_DISTINCT_REACTIONS)
    except Conflict:
        fresh = store.messages.get_many([message_id]).get(message_id)
        if fresh is None or fresh.deleted:
            raise _deleted() from None
        raise ApiError(
            400, "too_many_reactions", f"At most {MAX_DISTINCT_REACTIONS} different reactions"
        ) from None
    if changed.changed:
        event = {
            "conversation_id": message.conversation_id,
            "message_id": message_id,
            "emoji": emoji,
            "user_id": user_id,
            "on": on,
            "change_seq": changed.message.change_seq,
        }
        publish(REACTION, event, changed.member_ids, origin_sid)
    return message_view(store, changed.message, user_id)


def _target(store: Store, user_id: str, message_id: str) -> tuple[Message, Conversation]:
    """A text message of a conversation the user is a current member of and may read."""
    message = store.messages.get_many([message_id]).get(message_id)
    if message is None:
        raise ApiError(404, "message_not_found", "No such message")
    conversation = require_member(store.conversations.get(message.conversation_id), user_id)
    member = conversation.member(user_id)
    if member is None or not member.sees(message.seq):
        raise not_a_member()
    if message.kind != TEXT:
        raise ApiError(400, "not_a_text_message", "Group notes cannot be changed")
    return message, conversation


def _not_deleted(message: Message) -> None:
    if message.deleted:
        raise _deleted()


def _deleted() -> ApiError:
    return ApiError(409, "message_deleted", "That message was deleted")


def _announce(
    store: Store, changed: Changed, user_id: str, origin_sid: str | None = None
) -> dict[str, object]:
    view = message_view(store, changed.message)
    publish(MESSAGE_UPDATED, {"message": view}, changed.member_ids, origin_sid)
    return message_view(store, changed.message, user_id)
