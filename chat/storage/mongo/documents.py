"""Document ↔ record conversion for the MongoDB backend."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from ..models import Message, User


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
    )


def message_doc(message: Message) -> dict[str, Any]:
    return {
        "_id": ObjectId(message.id),
        "conversation_id": ObjectId(message.conversation_id),
        "seq": message.seq,
        "sender_id": ObjectId(message.sender_id),
        "client_id": message.client_id,
        "text": message.text,
        "created_at": message.created_at,
    }


def message_from_doc(doc: dict[str, Any]) -> Message:
    return Message(
        id=str(doc["_id"]),
        conversation_id=str(doc["conversation_id"]),
        seq=doc["seq"],
        sender_id=str(doc["sender_id"]),
        text=doc["text"],
        client_id=doc["client_id"],
        created_at=doc["created_at"],
    )
