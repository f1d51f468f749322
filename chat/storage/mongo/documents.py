"""Document ↔ record conversion for the MongoDB backend."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from ...crypto import KeyRing
from ..blind_index import text_tokens
from ..models import (
    DIRECT,
    TEXT,
    Conversation,
    Cursor,
    Member,
    Message,
    SealedMessage,
    User,
    with_defaults,
)
from ..sealing import seal, unseal


def object_id(value: str) -> ObjectId | None:
    """Our ids are ObjectId hex strings here; anything else names no record."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None


def id_strings(keys: list[ObjectId]) -> tuple[str, ...]:
    """Ids as the rest of the app has them: strings, sorted."""
    return tuple(sorted(str(k) for k in keys))


def user_from_doc(doc: dict[str, Any]) -> User:
    return User(
        id=str(doc["_id"]),
        username=doc["username"],
        full_name=doc["full_name"],
        gender=doc.get("gender"),
        avatar_url=doc.get("avatar_url"),
        created_at=doc["created_at"],
        active=doc.get("active", True),
        deactivated_at=doc.get("deactivated_at"),
        sessions_reset_at=doc.get("sessions_reset_at"),
        sessions_reset_by=doc.get("sessions_reset_by"),
        last_seen_at=doc.get("last_seen_at"),
        settings=with_defaults(doc.get("settings") or {}),
    )


def _optional_fields(m: Message | SealedMessage) -> dict[str, Any]:
    """Only what differs from a plain new text message is stored (documents stay small)."""
    fields: dict[str, Any] = {}
    if m.kind != TEXT:
        fields.update(kind=m.kind, event=m.event, target_ids=[ObjectId(t) for t in m.target_ids])
    if m.edited_at:
        fields["edited_at"] = m.edited_at
    if m.deleted:
        fields["deleted"] = True
    if m.reactions:
        fields["reactions"] = {e: [ObjectId(u) for u in users] for e, users in m.reactions.items()}
    if m.reply_to:
        fields["reply_to"] = m.reply_to
    if m.mentions:
        fields["mentions"] = [ObjectId(u) for u in m.mentions]
    if m.change_seq:
        fields["change_seq"] = m.change_seq
    return fields


def _read_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The fields of _optional_fields, with their defaults when absent."""
    return {
        "kind": doc.get("kind", TEXT),
        "event": doc.get("event"),
        "target_ids": tuple(str(t) for t in doc.get("target_ids") or ()),
        "edited_at": doc.get("edited_at"),
        "deleted": bool(doc.get("deleted")),
        "reactions": {
            e: tuple(str(u) for u in users) for e, users in (doc.get("reactions") or {}).items()
        },
        "reply_to": doc.get("reply_to"),
        "mentions": tuple(str(u) for u in doc.get("mentions") or ()),
        "change_seq": doc.get("change_seq", 0),
    }


def sealed_doc(message: SealedMessage) -> dict[str, Any]:
    """A stored message document from an imported record (new id; ids already mapped)."""
    return {
        "_id": ObjectId(),
        "conversation_id": ObjectId(message.conversation_id),
        "seq": message.seq,
        "sender_id": ObjectId(message.sender_id),
        "client_id": message.client_id,
        "ciphertext": message.ciphertext,
        "key_id": message.key_id,
        "created_at": message.created_at,
        **_optional_fields(message),
    }


def sealed_from_doc(doc: dict[str, Any]) -> SealedMessage:
    return SealedMessage(
        id=str(doc["_id"]),
        conversation_id=str(doc["conversation_id"]),
        seq=doc["seq"],
        sender_id=str(doc["sender_id"]),
        client_id=doc["client_id"],
        ciphertext=bytes(doc["ciphertext"]),
        key_id=doc["key_id"],
        created_at=doc["created_at"],
        **_read_fields(doc),
    )


def message_doc(message: Message, ring: KeyRing) -> dict[str, Any]:
    """A new message's document; a text message carries its blind index tokens (`search`)."""
    ciphertext, key_id = seal(ring, message.text or "", message.client_id)
    tokens = text_tokens(ring, message.text, key_id) if message.kind == TEXT else []
    return {
        "_id": ObjectId(message.id),
        "conversation_id": ObjectId(message.conversation_id),
        "seq": message.seq,
        "sender_id": ObjectId(message.sender_id),
        "client_id": message.client_id,
        "ciphertext": ciphertext,
        "key_id": key_id,
        "created_at": message.created_at,
        **_optional_fields(message),
        **({"search": tokens} if tokens else {}),
    }


def message_from_doc(doc: dict[str, Any], ring: KeyRing) -> Message:
    message_id, client_id = str(doc["_id"]), doc["client_id"]
    fields = _read_fields(doc)
    text = (
        None
        if fields["deleted"]
        else unseal(ring, doc["ciphertext"], doc["key_id"], client_id, message_id)
    )
    return Message(
        id=message_id,
        conversation_id=str(doc["conversation_id"]),
        seq=doc["seq"],
        sender_id=str(doc["sender_id"]),
        text=text,
        client_id=client_id,
        created_at=doc["created_at"],
        **fields,
    )


def cursor_from_doc(c: dict[str, Any], last_seq: int) -> Cursor:
    """Documents from before unread counters count as they did then: last seq minus read."""
    read = c.get("read", 0)
    return Cursor(
        read,
        c.get("delivered", 0),
        c.get("unread", max(0, last_seq - read)),
        c.get("shown_read", read),
        max(0, c.get("unread_mentions", 0)),
    )


def conversation_from_doc(doc: dict[str, Any], ring: KeyRing) -> Conversation:
    last = doc.get("last_message")
    last_seq = doc.get("last_seq", 0)
    cursors = {uid: cursor_from_doc(c, last_seq) for uid, c in (doc.get("cursors") or {}).items()}
    members = {
        uid: Member(m.get("role", "member"), m.get("visible_after", 0), m.get("left_seq"),
                    m.get("joined_at"), bool(m.get("muted")))
        for uid, m in (doc.get("members") or {}).items()
    }  # fmt: skip
    return Conversation(
        id=str(doc["_id"]),
        member_ids=tuple(sorted(str(m) for m in doc["member_ids"])),
        last_message=message_from_doc(last, ring) if last else None,
        updated_at=doc["updated_at"],
        last_seq=last_seq,
        cursors=cursors,
        created_at=doc.get("created_at"),
        kind=doc.get("kind", DIRECT),
        title=doc.get("title"),
        members=members,
        last_change=doc.get("last_change", 0),
    )


def after_id_query(after_id: str | None) -> dict[str, Any]:
    """The filter of a keyset page by _id."""
    start = object_id(after_id or "")
    return {"_id": {"$gt": start}} if start else {}
