"""Sending (validate, persist, then publish) and paging history; shared by HTTP and sockets."""

from __future__ import annotations

from typing import Any

from ..attachments.service import claim_for_message
from ..conversations.access import not_a_member, reader_range, unknown
from ..errors import ApiError
from ..metrics import MESSAGES
from ..publishing import NEW_MESSAGE, publish, share_presence
from ..storage import NotFound, Store
from ..storage.attachment_records import Attachment
from ..storage.base import NotAMember, SendRefused
from ..storage.models import TEXT, Sent
from ..users.blocking import check_can_message
from . import direct_ids
from .mentions import mentioned
from .views import message_view, message_views

REFUSALS = {
    SendRefused.BLOCKED_BY_SENDER: (
        403,
        "unblock_first",
        "You blocked this user; unblock them to write",
    ),
    SendRefused.BLOCKED_BY_RECIPIENT: (
        403,
        "cannot_message",
        "You cannot send messages to this user",
    ),
    SendRefused.RECIPIENT_INACTIVE: (404, "user_not_found", "No such user"),
}


def send_message(
    store: Store, sender_id: str, data: dict[str, Any], origin_sid: str | None = None
) -> dict[str, object]:
    """Store the message (once per client_id), then push it to the members' other sockets; the
    message as its members see it.

    Membership, blocks and the recipient's account are checked by the store, in the same write.
    """
    files = _claim_files(store, sender_id, data)
    try:
        reply_to, mentions = _reply_and_mentions(store, sender_id, data)
        sent = _store(store, sender_id, data, reply_to, mentions)
    except Exception:
        if files:  # nothing was stored: the files can go with another message
            store.attachments.release(sender_id, data["client_id"])
        raise
    if files:
        store.attachments.bind(sender_id, data["client_id"], sent.message.id)
    # Without files no read is needed (the warm send stays at 3 round trips on MongoDB).
    known = {sent.message.id: files} if sent.created or not files else None
    view = message_view(store, sent.message, attachments=known)
    if sent.created:
        MESSAGES.inc()
        publish(NEW_MESSAGE, {"message": view}, sent.member_ids, origin_sid)
        if sent.message.seq == 1:  # a first message makes the two contacts (groups start at 2)
            share_presence(sent.member_ids, shared=True)
    return view


def _claim_files(store: Store, sender_id: str, data: dict[str, Any]) -> list[Attachment]:
    ids = data.get("attachment_ids")
    if not ids:
        return []
    return claim_for_message(store, sender_id, data["conversation_id"], data["client_id"], ids)


def _reply_and_mentions(
    store: Store, sender_id: str, data: dict[str, Any]
) -> tuple[int | None, tuple[str, ...]]:
    """The seq the message answers and the members it names: reads only when it has either."""
    conversation, reply_to = None, None
    if (target_id := data.get("reply_to")) is not None:
        target = store.messages.get_many([target_id]).get(target_id)
        conversation = store.conversations.get(target.conversation_id) if target else None
        member = conversation.member(sender_id) if conversation else None
        here = conversation is not None and (
            conversation.id == data.get("conversation_id")
            or ("to" in data and set(conversation.member_ids) == {sender_id, data["to"]})
        )
        if target is None or not here or not member or not member.current:
            message = "Reply to a message of this conversation"
            raise ApiError(404, "message_not_found", message, {"reply_to": [message]})
        if not member.sees(target.seq) or target.kind != TEXT:
            raise ApiError(400, "invalid_input", "You cannot reply to that", {"reply_to": ["?"]})
        if target.deleted:
            message = "That message was deleted"
            raise ApiError(400, "message_deleted", message, {"reply_to": [message]})
        reply_to = target.seq
    mentions: tuple[str, ...] = ()
    if "@" in data["text"] and "conversation_id" in data:
        conversation = conversation or store.conversations.get(data["conversation_id"])
        if conversation is not None:
            mentions = mentioned(store, conversation, sender_id, data["text"])
    return reply_to, mentions


def _store(
    store: Store,
    sender_id: str,
    data: dict[str, Any],
    reply_to: int | None,
    mentions: tuple[str, ...],
) -> Sent:
    extras = {"reply_to": reply_to, "mentions": mentions}
    if "conversation_id" in data:
        return _send(store, data["conversation_id"], sender_id, data, **extras)
    to = data["to"]
    warm = direct_ids.remembered(store, sender_id, to)
    if warm is not None:
        try:
            return _send(store, warm, sender_id, data, direct_with=to, **extras)
        except NotFound:  # the conversation was purged: look it up again
            direct_ids.forget(store, sender_id, to)
    conversation_id = direct_conversation(store, sender_id, to)
    try:
        sent = _send(store, conversation_id, sender_id, data, direct_with=to, **extras)
    except NotFound:  # purged between the look-up and the send
        raise unknown() from None
    direct_ids.remember(store, sender_id, to, conversation_id)
    return sent


def _send(
    store: Store,
    conversation_id: str,
    sender_id: str,
    data: dict[str, Any],
    direct_with: str | None = None,
    reply_to: int | None = None,
    mentions: tuple[str, ...] = (),
) -> Sent:
    """The store's send, its refusals as API errors (NotFound stays for the warm path)."""
    try:
        return store.messages.send(
            conversation_id,
            sender_id,
            data["text"],
            data["client_id"],
            direct_with,
            reply_to,
            mentions,
        )
    except NotFound:
        if direct_with is not None:
            raise
        raise unknown() from None
    except NotAMember as err:
        raise not_a_member() from err
    except SendRefused as err:
        status, code, message = REFUSALS[err.reason]
        raise ApiError(status, code, message, {"to": [message]}) from err


def direct_conversation(store: Store, sender_id: str, to: str) -> str:
    """The id of the sender's direct conversation with `to` (made on the first message)."""
    recipient = store.users.get(to)
    if recipient is None or not recipient.active:  # deactivated and deleted accounts too
        raise ApiError(404, "user_not_found", "No such user", {"to": ["No such user"]})
    if recipient.id == sender_id:
        raise ApiError(400, "invalid_input", "You cannot message yourself", {"to": ["Is you"]})
    check_can_message(store, sender_id, recipient.id)  # no conversation appears across a block
    return store.conversations.direct_id(sender_id, recipient.id)


def history_page(
    store: Store, user_id: str, conversation_id: str, before: int | None, limit: int
) -> dict[str, Any]:
    """One page of what the user may read, ascending by seq, and the next older page's cursor."""
    after, until = reader_range(store.conversations.get(conversation_id), user_id)
    below = until + 1 if before is None else min(before, until + 1)
    messages = store.messages.page(conversation_id, below, limit, after)
    more = len(messages) == limit and messages[0].seq > after + 1
    return {
        "messages": message_views(store, messages, user_id),
        "next_before": messages[0].seq if more else None,
    }
