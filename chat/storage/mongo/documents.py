"""Document ↔ record conversion for the MongoDB backend."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from ...crypto import KeyRing
from ..models import Conversation, Cursor, Message, SealedMessage, User
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
    )


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
    )


def conversation_from_doc(doc: dict[str, Any], ring: KeyRing) -> Conversation:
    last = doc.get("last_message")
    cursors = {
        uid: Cursor(c.get("read", 0), c.get("delivered", 0))
        for uid, c in (doc.get("cursors") or {}).items()
    }
    return Conversation(
        id=str(doc["_id"]),
        member_ids=tuple(sorted(str(m) for m in doc["member_ids"])),
        last_message=message_from_doc(last, ring) if last else None,
        updated_at=doc["updated_at"],
        last_seq=doc.get("last_seq", 0),
        cursors=cursors,
        created_at=doc.get("created_at"),
    )


def after_id_query(after_id: str | None) -> dict[str, Any]:
    """The filter of a keyset page by _id."""
    start = object_id(after_id or "")
    return {"_id": {"$gt": start}} if start else {}


def cursor_update(user_id: str, read: int, delivered: int) -> dict[str, Any]:
    """A forward-only move of one member's cursors (reading implies receiving)."""
    return {
        "$max": {
            f"cursors.{user_id}.read": read,
            f"cursors.{user_id}.delivered": max(read, delivered),
        }
    }
