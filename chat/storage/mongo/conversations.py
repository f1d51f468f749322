"""Conversations on MongoDB: members and the last message live on the document.

The message history is its own collection; a conversation never holds a growing array.
"""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from ..models import Conversation, utcnow
from ..text import direct_key
from .documents import message_from_doc, object_id


def conversation_from_doc(doc: dict[str, Any]) -> Conversation:
    last = doc.get("last_message")
    return Conversation(
        id=str(doc["_id"]),
        member_ids=tuple(sorted(str(m) for m in doc["member_ids"])),
        last_message=message_from_doc(last) if last else None,
        updated_at=doc["updated_at"],
    )


class MongoConversations:
    def __init__(self, collection: Collection) -> None:
        self._c = collection

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        key = direct_key(user_a, user_b)
        now = utcnow()
        members = sorted({ObjectId(user_a), ObjectId(user_b)})
        new = {"member_ids": members, "last_seq": 0, "created_at": now, "updated_at": now}
        try:
            doc = self._c.find_one_and_update(
                {"direct_key": key},
                {"$setOnInsert": new},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:  # a concurrent upsert won the race: read its result
            doc = self._c.find_one({"direct_key": key})
        return conversation_from_doc(doc)

    def get(self, conversation_id: str) -> Conversation | None:
        key = object_id(conversation_id)
        doc = self._c.find_one({"_id": key}) if key else None
        return conversation_from_doc(doc) if doc else None

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        key = object_id(user_id)
        if not key:
            return []
        docs = (
            self._c.find({"member_ids": key})
            .sort([("updated_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [conversation_from_doc(d) for d in docs]
