"""Conversations on MongoDB: members, their cursors and the last message live on the document.

The message history is its own collection; a conversation never holds a growing array.
"""

from __future__ import annotations

from pymongo import DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from ...crypto import KeyRing
from ..models import Conversation, Cursor, utcnow
from ..text import direct_key
from .documents import conversation_from_doc, cursor_update, object_id
from .locks import ConversationLocks


class MongoConversations:
    def __init__(self, collection: Collection, ring: KeyRing, locks: ConversationLocks) -> None:
        self._c = collection
        self._ring = ring
        self._locks = locks

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        key = direct_key(user_a, user_b)
        existing = self._c.find_one({"direct_key": key})  # the usual case: no write
        if existing:
            return conversation_from_doc(existing, self._ring)
        now = utcnow()
        members = sorted({object_id(user_a), object_id(user_b)})
        new = {
            "member_ids": members,
            "last_seq": 0,
            "cursors": {str(m): {"read": 0, "delivered": 0} for m in members},
            "created_at": now,
            "updated_at": now,
        }
        try:
            doc = self._c.find_one_and_update(
                {"direct_key": key},
                {"$setOnInsert": new},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:  # a concurrent upsert won the race: read its result
            doc = self._c.find_one({"direct_key": key})
        return conversation_from_doc(doc, self._ring)

    def get(self, conversation_id: str) -> Conversation | None:
        return self.get_many([conversation_id]).get(conversation_id)

    def get_many(self, conversation_ids: list[str]) -> dict[str, Conversation]:
        keys = [k for k in (object_id(i) for i in conversation_ids) if k]
        if not keys:
            return {}
        docs = self._c.find({"_id": {"$in": keys}})
        return {str(d["_id"]): conversation_from_doc(d, self._ring) for d in docs}

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        key = object_id(user_id)
        if not key:
            return []
        docs = (
            self._c.find({"member_ids": key})
            .sort([("updated_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [conversation_from_doc(d, self._ring) for d in docs]

    def contact_ids(self, user_id: str) -> list[str]:
        key = object_id(user_id)
        if not key:
            return []
        docs = self._c.find({"member_ids": key}, {"member_ids": 1})
        return sorted({str(m) for d in docs for m in d["member_ids"] if m != key})

    def advance_cursor(
        self, conversation_id: str, user_id: str, read: int = 0, delivered: int = 0
    ) -> Cursor:
        conv_key, user_key = object_id(conversation_id), object_id(user_id)
        if not conv_key or not user_key:
            return Cursor()
        with self._locks(conversation_id):
            doc = self._c.find_one_and_update(
                {"_id": conv_key, "member_ids": user_key},
                cursor_update(user_id, read, delivered),
                return_document=ReturnDocument.AFTER,
            )
        return conversation_from_doc(doc, self._ring).cursor(user_id) if doc else Cursor()
