"""Document ↔ record conversion for the MongoDB backend."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from ...crypto import KeyRing
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


def _system_fields(kind: str, event: str | None, target_ids: tuple[str, ...]) -> dict[str, Any]:
    """Only system messages carry these (text messages stay as small as before)."""
    if kind == TEXT:
        return {}
    return {"kind": kind, "event": event, "target_ids": [ObjectId(t) for t in target_ids]}


def _targets(doc: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(t) for t in doc.get("target_ids") or ())


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
        **_system_fields(message.kind, message.event, message.target_ids),
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
        kind=doc.get("kind", TEXT),
        event=doc.get("event"),
        target_ids=_targets(doc),
    )


def message_doc(message: Message, ring: KeyRing) -> dict[str, Any]:
    ciphertext, key_id = seal(ring, message.text or "", message.client_id)
    return {
        "_id": ObjectId(message.id),
        "conversation_id": ObjectId(message.conversation_id),
        "seq": message.seq,
        "sender_id": ObjectId(message.sender_id),
        "client_id": message.client_id,
        "ciphertext": ciphertext,
        "key_id": key_id,
        "created_at": message.created_at,
        **_system_fields(message.kind, message.event, message.target_ids),
    }


def message_from_doc(doc: dict[str, Any], ring: KeyRing) -> Message:
    message_id, client_id = str(doc["_id"]), doc["client_id"]
    return Message(
        id=message_id,
        conversation_id=str(doc["conversation_id"]),
        seq=doc["seq"],
        sender_id=str(doc["sender_id"]),
        text=unseal(ring, doc["ciphertext"], doc["key_id"], client_id, message_id),
        client_id=client_id,
        created_at=doc["created_at"],
        kind=doc.get("kind", TEXT),
        event=doc.get("event"),
        target_ids=_targets(doc),
    )


def cursor_from_doc(c: dict[str, Any], last_seq: int) -> Cursor:
    """Documents from before unread counters count as they did then: last seq minus read."""
    read = c.get("read", 0)
    return Cursor(
        read,
        c.get("delivered", 0),
        c.get("unread", max(0, last_seq - read)),
        c.get("shown_read", read),
    )


def conversation_from_doc(doc: dict[str, Any], ring: KeyRing) -> Conversation:
    last = doc.get("last_message")
    last_seq = doc.get("last_seq", 0)
    cursors = {uid: cursor_from_doc(c, last_seq) for uid, c in (doc.get("cursors") or {}).items()}
    members = {
        uid: Member(m.get("role", "member"), m.get("visible_after", 0), m.get("left_seq"),
                    m.get("joined_at"))
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
    )


def after_id_query(after_id: str | None) -> dict[str, Any]:
    """The filter of a keyset page by _id."""
    start = object_id(after_id or "")
    return {"_id": {"$gt": start}} if start else {}
