"""Messages on MongoDB: seq from an atomic $inc on the conversation, no transactions."""

from __future__ import annotations

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from ..base import NotFound
from ..models import Message, utcnow
from .documents import message_doc, message_from_doc, object_id


class MongoMessages:
    def __init__(self, messages: Collection, conversations: Collection) -> None:
        self._c = messages
        self._conversations = conversations

    def _by_client_id(self, sender: ObjectId, client_id: str) -> Message | None:
        doc = self._c.find_one({"sender_id": sender, "client_id": client_id})
        return message_from_doc(doc) if doc else None

    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        conv_key, sender_key = object_id(conversation_id), object_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        existing = self._by_client_id(sender_key, client_id)
        if existing:
            return existing, False
        now = utcnow()
        counter = self._conversations.find_one_and_update(
            {"_id": conv_key},
            {"$inc": {"last_seq": 1}},
            projection={"last_seq": 1},
            return_document=ReturnDocument.AFTER,
        )
        if counter is None:
            raise NotFound("conversation")
        message = Message(
            str(ObjectId()), conversation_id, counter["last_seq"], sender_id, text, client_id, now
        )
        try:
            self._c.insert_one(message_doc(message))
        except DuplicateKeyError:  # the same client_id raced in: its seq stays a harmless gap
            raced = self._by_client_id(sender_key, client_id)
            if raced is None:
                raise
            return raced, False
        # Concurrent senders may finish out of order: only a newer message replaces the last one.
        self._conversations.update_one(
            {
                "_id": conv_key,
                "$or": [{"last_message": None}, {"last_message.seq": {"$lt": message.seq}}],
            },
            {"$set": {"last_message": message_doc(message), "updated_at": now}},
        )
        return message, True

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        query: dict = {"conversation_id": key}
        if before_seq is not None:
            query["seq"] = {"$lt": before_seq}
        docs = self._c.find(query).sort("seq", DESCENDING).limit(limit)
        return [message_from_doc(d) for d in reversed(list(docs))]
