"""Messages on MongoDB: seq from an atomic $inc on the conversation, no transactions."""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ...crypto import KeyRing
from ..base import Conflict, NotFound, StorageError
from ..models import Message, ResealProgress, SealedMessage, utcnow
from ..sealing import reseal, unseal
from .documents import (
    after_id_query,
    cursor_update,
    message_doc,
    message_from_doc,
    object_id,
    sealed_doc,
    sealed_from_doc,
)
from .locks import ConversationLocks

SEQ_ATTEMPTS = 20


class MongoMessages:
    def __init__(
        self,
        messages: Collection,
        conversations: Collection,
        ring: KeyRing,
        locks: ConversationLocks,
    ) -> None:
        self._c = messages
        self._conversations = conversations
        self._ring = ring
        self._locks = locks

    def _by_client_id(self, sender: ObjectId, client_id: str) -> Message | None:
        doc = self._c.find_one({"sender_id": sender, "client_id": client_id})
        return message_from_doc(doc, self._ring) if doc else None

    def _take_seq(self, conv_key: ObjectId) -> int:
        counter = self._conversations.find_one_and_update(
            {"_id": conv_key}, {"$inc": {"last_seq": 1}}, return_document=ReturnDocument.AFTER
        )
        if counter is None:
            raise NotFound("conversation")
        return counter["last_seq"]

    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        conv_key, sender_key = object_id(conversation_id), object_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        existing = self._by_client_id(sender_key, client_id)
        if existing:
            return existing, False
        with self._locks(conversation_id):
            for _ in range(SEQ_ATTEMPTS):
                seq = self._take_seq(conv_key)
                message = Message(
                    str(ObjectId()), conversation_id, seq, sender_id, text, client_id, utcnow()
                )
                doc = message_doc(message, self._ring)
                try:
                    self._c.insert_one(doc)
                    break
                except DuplicateKeyError:
                    raced = self._by_client_id(sender_key, client_id)
                    if raced is not None:  # the same client_id raced in: our seq stays a gap
                        return raced, False
                    # The seq is taken: the unique (conversation_id, seq) index is the real
                    # guard where $inc is not atomic (FerretDB across processes). Take another.
                    self._conversations.update_one({"_id": conv_key}, {"$max": {"last_seq": seq}})
                    time.sleep(random.uniform(0, 0.005))
            else:
                raise StorageError(f"no free seq after {SEQ_ATTEMPTS} attempts")
            self._after_insert(conv_key, doc, sender_id)
        return message, True

    def _after_insert(self, conv_key: ObjectId, doc: dict[str, Any], sender_id: str) -> None:
        """Move the sender's cursors; make this the last message unless a newer one is there."""
        seq = doc["seq"]
        newer_or_none = {"$or": [{"last_message": None}, {"last_message.seq": {"$lt": seq}}]}
        update = cursor_update(sender_id, seq, seq)
        update["$set"] = {"last_message": doc, "updated_at": doc["created_at"]}
        result = self._conversations.update_one({"_id": conv_key, **newer_or_none}, update)
        if result.matched_count == 0:
            self._conversations.update_one({"_id": conv_key}, cursor_update(sender_id, seq, seq))

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        query: dict = {"conversation_id": key}
        if before_seq is not None:
            query["seq"] = {"$lt": before_seq}
        docs = self._c.find(query).sort("seq", DESCENDING).limit(limit)
        return [message_from_doc(d, self._ring) for d in reversed(list(docs))]

    def after(self, conversation_id: str, after_seq: int, limit: int) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        docs = (
            self._c.find({"conversation_id": key, "seq": {"$gt": after_seq}})
            .sort("seq", ASCENDING)
            .limit(limit)
        )
        return [message_from_doc(d, self._ring) for d in docs]

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt up to `limit` messages after after_id (by id) not under the current key,
        and the copies of them kept as a conversation's last message."""
        query: dict = {}
        start = object_id(after_id or "")
        if start:
            query["_id"] = {"$gt": start}
        docs = list(self._c.find(query).sort("_id", ASCENDING).limit(limit))
        updates, failed = [], 0
        for d in docs:
            if d["key_id"] == self._ring.current_id:
                continue
            sealed = reseal(self._ring, d["ciphertext"], d["key_id"], d["client_id"])
            if sealed is None:
                failed += 1
                continue
            fields = {"ciphertext": sealed[0], "key_id": sealed[1]}
            updates.append(UpdateOne({"_id": d["_id"], "key_id": d["key_id"]}, {"$set": fields}))
            self._conversations.update_one(
                {"_id": d["conversation_id"], "last_message._id": d["_id"]},
                {"$set": {f"last_message.{k}": v for k, v in fields.items()}},
            )
        if updates:
            self._c.bulk_write(updates, ordered=False)
        last = str(docs[-1]["_id"]) if len(docs) == limit else None
        return ResealProgress(last, len(updates), failed)

    def scan_sealed(self, after_id: str | None, limit: int) -> list[SealedMessage]:
        docs = self._c.find(after_id_query(after_id)).sort("_id", ASCENDING).limit(limit)
        return [sealed_from_doc(d) for d in docs]

    def count(self, since: datetime | None = None) -> int:
        return self._c.count_documents({} if since is None else {"created_at": {"$gte": since}})

    def delete_batch(self, conversation_id: str, limit: int, sender_id: str | None = None) -> int:
        query: dict[str, Any] = {"conversation_id": object_id(conversation_id)}
        if sender_id is not None:
            query["sender_id"] = object_id(sender_id)
        ids = [d["_id"] for d in self._c.find(query, {"_id": 1}).limit(limit)]
        return self._c.delete_many({"_id": {"$in": ids}}).deleted_count if ids else 0

    def insert_sealed(self, messages: list[SealedMessage]) -> int:
        docs = [sealed_doc(m) for m in messages]
        if not docs:
            return 0
        try:
            self._c.insert_many(docs, ordered=True)
        except (BulkWriteError, DuplicateKeyError) as err:
            raise Conflict(f"cannot store messages: {err}") from err
        return sum(1 for m in messages if self._unreadable(m))

    def _unreadable(self, m: SealedMessage) -> bool:
        return unseal(self._ring, m.ciphertext, m.key_id, m.client_id, m.client_id) is None
