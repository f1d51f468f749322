"""Messages on MongoDB: seq from an atomic $inc on the conversation, no transactions."""

from __future__ import annotations

import random
import threading
import time

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from ..base import NotFound, StorageError
from ..models import Message, utcnow
from .documents import message_doc, message_from_doc, object_id

SEQ_ATTEMPTS = 20
LOCK_STRIPES = 64


class MongoMessages:
    def __init__(self, messages: Collection, conversations: Collection) -> None:
        self._c = messages
        self._conversations = conversations
        # Sends to one conversation from this process take their seq one at a time. MongoDB's
        # $inc is atomic without it; FerretDB's is not (400 concurrent $inc gave 91). It also
        # keeps the last-message update in seq order.
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]

    def _by_client_id(self, sender: ObjectId, client_id: str) -> Message | None:
        doc = self._c.find_one({"sender_id": sender, "client_id": client_id})
        return message_from_doc(doc) if doc else None

    def _next_message(
        self, conv_key: ObjectId, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> Message:
        counter = self._conversations.find_one_and_update(
            {"_id": conv_key}, {"$inc": {"last_seq": 1}}, return_document=ReturnDocument.AFTER
        )
        if counter is None:
            raise NotFound("conversation")
        seq = counter["last_seq"]
        return Message(str(ObjectId()), conversation_id, seq, sender_id, text, client_id, utcnow())

    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        conv_key, sender_key = object_id(conversation_id), object_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        existing = self._by_client_id(sender_key, client_id)
        if existing:
            return existing, False
        with self._locks[hash(conversation_id) % LOCK_STRIPES]:
            for _ in range(SEQ_ATTEMPTS):
                message = self._next_message(conv_key, conversation_id, sender_id, text, client_id)
                try:
                    self._c.insert_one(message_doc(message))
                    break
                except DuplicateKeyError:
                    raced = self._by_client_id(sender_key, client_id)
                    if raced is not None:  # the same client_id raced in: our seq stays a gap
                        return raced, False
                    # The seq is taken: the unique (conversation_id, seq) index is the real guard,
                    # and servers whose $inc is not atomic (FerretDB) can hand a number out twice
                    # or lose an increment. Never seen on MongoDB; back off and take another.
                    self._conversations.update_one(
                        {"_id": conv_key}, {"$max": {"last_seq": message.seq}}
                    )
                    time.sleep(random.uniform(0, 0.005))
            else:
                raise StorageError(f"no free seq after {SEQ_ATTEMPTS} attempts")
            # Senders in other processes may finish out of order: only a newer message wins.
            self._conversations.update_one(
                {
                    "_id": conv_key,
                    "$or": [{"last_message": None}, {"last_message.seq": {"$lt": message.seq}}],
                },
                {"$set": {"last_message": message_doc(message), "updated_at": message.created_at}},
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
