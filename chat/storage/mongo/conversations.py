"""Conversations on MongoDB: members, their cursors and the last message live on the document.

The message history is its own collection; a conversation never holds a growing array.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ...crypto import KeyRing
from ..base import Conflict
from ..models import Conversation, Cursor, utcnow
from ..text import direct_key
from .documents import after_id_query, conversation_from_doc, cursor_update, object_id
from .locks import ConversationLocks


class MongoConversations:
    def __init__(
        self,
        collection: Collection,
        ring: KeyRing,
        locks: ConversationLocks,
        messages: Collection,
    ) -> None:
        self._c = collection
        self._ring = ring
        self._locks = locks
        self._messages = messages

    def direct_id(self, user_a: str, user_b: str) -> str:
        existing = self._c.find_one({"direct_key": direct_key(user_a, user_b)}, {"_id": 1})
        if existing:  # the usual case: no write
            return str(existing["_id"])
        return str(self._create_direct(user_a, user_b)["_id"])

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation:
        existing = self._c.find_one({"direct_key": direct_key(user_a, user_b)})
        doc = existing or self._create_direct(user_a, user_b)
        return conversation_from_doc(doc, self._ring)

    def _create_direct(self, user_a: str, user_b: str) -> dict:
        """Insert the pair's conversation unless a concurrent call did; the stored document."""
        key = direct_key(user_a, user_b)
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
        return doc

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

    def scan(
        self, after_id: str | None, limit: int, member_id: str | None = None
    ) -> list[Conversation]:
        query = after_id_query(after_id)
        if member_id is not None:
            query["member_ids"] = object_id(member_id)
        docs = self._c.find(query).sort("_id", ASCENDING).limit(limit)
        return [conversation_from_doc(d, self._ring) for d in docs]

    def count(self, idle_before: datetime | None = None) -> int:
        query = {} if idle_before is None else {"updated_at": {"$lt": idle_before}}
        return self._c.count_documents(query)

    def idle_before(self, cutoff: datetime, limit: int) -> list[str]:
        docs = (
            self._c.find({"updated_at": {"$lt": cutoff}}, {"_id": 1})
            .sort([("updated_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        return [str(d["_id"]) for d in docs]

    def delete(self, conversation_id: str) -> bool:
        key = object_id(conversation_id)
        if not key:
            return False
        # Messages before and after: none left behind by a crash, nor by a send racing in.
        self._messages.delete_many({"conversation_id": key})
        deleted = self._c.delete_one({"_id": key}).deleted_count
        self._messages.delete_many({"conversation_id": key})
        return bool(deleted)

    def refresh_last_message(self, conversation_id: str) -> None:
        key = object_id(conversation_id)
        if not key:
            return
        with self._locks(conversation_id):
            last = self._messages.find_one({"conversation_id": key}, sort=[("seq", DESCENDING)])
            update: dict[str, Any] = {"$set": {"last_message": last}}
            if last is not None:
                update["$max"] = {"last_seq": last["seq"]}
            self._c.update_one({"_id": key}, update)

    def insert_many(self, conversations: list[Conversation]) -> list[str]:
        docs = [_conversation_doc(c) for c in conversations]
        try:
            if docs:
                self._c.insert_many(docs, ordered=True)
        except (BulkWriteError, DuplicateKeyError) as err:
            raise Conflict("a conversation between these members exists") from err
        return [str(d["_id"]) for d in docs]


def _conversation_doc(conversation: Conversation) -> dict[str, Any]:
    members = sorted({ObjectId(m) for m in conversation.member_ids})
    cursors = {str(m): conversation.cursor(str(m)) for m in members}
    return {
        "_id": ObjectId(),
        "direct_key": direct_key(str(members[0]), str(members[-1])),
        "member_ids": members,
        "last_seq": conversation.last_seq,
        "cursors": {m: {"read": c.read, "delivered": c.delivered} for m, c in cursors.items()},
        "last_message": None,
        "created_at": conversation.created_at or conversation.updated_at,
        "updated_at": conversation.updated_at,
    }
