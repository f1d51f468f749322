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
from ..base import Conflict, NotAMember, NotFound, SendRefused, StorageError
from ..blind_index import record_tokens, text_tokens
from ..models import SYSTEM, TEXT, Message, ResealProgress, SealedMessage, Sent, utcnow
from ..sealing import reseal
from ..text import direct_key
from .documents import (
    after_id_query,
    id_strings,
    message_doc,
    message_from_doc,
    object_id,
    sealed_doc,
    sealed_from_doc,
)
from .locks import ConversationLocks
from .message_changes import MongoMessageChanges
from .projection import ProjectedUpdates
from .search_index import FIELD, without_index
from .unread import newer_or_none, recount

SEQ_ATTEMPTS = 20


class MongoMessages(MongoMessageChanges):
    def __init__(
        self,
        messages: Collection,
        conversations: Collection,
        blocks: Collection,
        ring: KeyRing,
        locks: ConversationLocks,
    ) -> None:
        self._c = messages
        self._conversations = conversations
        self._projected = ProjectedUpdates(conversations)
        self._db_blocks = blocks
        self._ring = ring
        self._locks = locks

    def _by_client_id(self, sender: ObjectId, client_id: str) -> Message | None:
        doc = self._c.find_one({"sender_id": sender, "client_id": client_id})
        return message_from_doc(doc, self._ring) if doc else None

    def send(
        self,
        conversation_id: str,
        sender_id: str,
        text: str,
        client_id: str,
        direct_with: str | None = None,
        reply_to: int | None = None,
        mentions: tuple[str, ...] = (),
    ) -> Sent:
        """Three round trips: the seq (with membership, blocks and the other account checked
        in the same update), the insert (its unique index is the resend check), and the last
        message, the sender's cursors and everyone's unread counts in one update."""
        conv_key, sender_key = object_id(conversation_id), object_id(sender_id)
        if not conv_key or not sender_key:
            raise NotFound("conversation or sender")
        query: dict[str, Any] = {"_id": conv_key, "member_ids": sender_key, "closed": {"$ne": True}}
        if direct_with is not None:
            query["direct_key"] = direct_key(sender_id, direct_with)
        with self._locks(conversation_id):
            for _ in range(SEQ_ATTEMPTS):
                taken = self._projected.find_one_and_update(
                    query,
                    {"$inc": {"last_seq": 1}},
                    {"last_seq": 1, "member_ids": 1},
                )
                if taken is None:
                    raise self._refusal(conv_key, sender_key, query.get("direct_key"))
                seq, members = taken["last_seq"], taken["member_ids"]
                message = Message(
                    str(ObjectId()), conversation_id, seq, sender_id, text, client_id, utcnow(),
                    reply_to=reply_to, mentions=mentions,
                )  # fmt: skip
                doc = message_doc(message, self._ring)
                try:
                    self._c.insert_one(doc)
                    break
                except DuplicateKeyError:
                    earlier = self._by_client_id(sender_key, client_id)
                    if earlier is not None:  # a resend: the seq taken stays a gap (not unread)
                        return Sent(earlier, False, id_strings(members))
                    # The seq is taken: the unique (conversation_id, seq) index is the real
                    # guard where $inc is not atomic (FerretDB across processes). Take another.
                    self._conversations.update_one({"_id": conv_key}, {"$max": {"last_seq": seq}})
                    time.sleep(random.uniform(0, 0.005))
            else:
                raise StorageError(f"no free seq after {SEQ_ATTEMPTS} attempts")
            self._after_insert(conv_key, doc, sender_key, members)
        return Sent(message, True, id_strings(members))

    def _after_insert(
        self, conv_key: ObjectId, doc: dict[str, Any], sender: ObjectId, members: list
    ) -> None:
        """Last message (unless a newer one is there), the sender's cursors, unread counts."""
        seq, uid = doc["seq"], str(sender)
        update: dict[str, Any] = {
            "$max": {f"cursors.{uid}.{f}": seq for f in ("read", "delivered", "shown_read")}
        }
        named = {m for m in doc.get("mentions", ()) if m in members and m != sender}
        others = {f"cursors.{m}.unread": 1 for m in members if m != sender}
        others.update({f"cursors.{m}.unread_mentions": 1 for m in named})
        if others:
            update["$inc"] = others
        newest = {
            **update,
            "$set": {
                "last_message": without_index(doc),
                "updated_at": doc["created_at"],
                f"cursors.{uid}.unread": 0,
                f"cursors.{uid}.unread_mentions": 0,
            },
        }
        if self._conversations.update_one(
            {"_id": conv_key, **newer_or_none(seq)}, newest
        ).matched_count:
            return
        # A newer message is already there (another process): keep it, and count what the
        # sender has not read after their own message.
        after = self._conversations.find_one_and_update(
            {"_id": conv_key}, update, return_document=ReturnDocument.AFTER
        )
        if after is not None:
            recount(self._conversations, self._c, after, sender)

    def _refusal(self, conv_key: ObjectId, sender: ObjectId, pair: str | None) -> StorageError:
        """Why the seq could not be taken (the error path: reads what the send did not)."""
        doc = self._conversations.find_one({"_id": conv_key})
        if doc is None or (pair is not None and doc.get("direct_key") != pair):
            return NotFound("conversation")
        if sender not in doc["member_ids"]:
            return NotAMember(str(conv_key))
        other = next((str(m) for m in doc["member_ids"] if m != sender), None)
        reason = SendRefused.RECIPIENT_INACTIVE
        if other is not None:
            blockers = {
                d["blocker_id"]
                for d in self._db_blocks.find(
                    {"_id": {"$in": [f"{sender}:{other}", f"{other}:{sender}"]}}
                )
            }
            if str(sender) in blockers:
                reason = SendRefused.BLOCKED_BY_SENDER
            elif other in blockers:
                reason = SendRefused.BLOCKED_BY_RECIPIENT
        return SendRefused(reason)

    def page(
        self, conversation_id: str, before_seq: int | None, limit: int, after_seq: int = 0
    ) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        seq: dict[str, int] = {"$gt": after_seq}
        if before_seq is not None:
            seq["$lt"] = before_seq
        docs = (
            self._c.find({"conversation_id": key, "seq": seq}).sort("seq", DESCENDING).limit(limit)
        )
        return [message_from_doc(d, self._ring) for d in reversed(list(docs))]

    def after(
        self, conversation_id: str, after_seq: int, limit: int, until_seq: int | None = None
    ) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        seq: dict[str, int] = {"$gt": after_seq}
        if until_seq is not None:
            seq["$lte"] = until_seq
        docs = (
            self._c.find({"conversation_id": key, "seq": seq}).sort("seq", ASCENDING).limit(limit)
        )
        return [message_from_doc(d, self._ring) for d in docs]

    def senders(self, conversation_id: str, after_seq: int, until_seq: int) -> set[str]:
        key = object_id(conversation_id)
        if not key:
            return set()
        query = {
            "conversation_id": key,
            "seq": {"$gt": after_seq, "$lte": until_seq},
            "kind": {"$ne": SYSTEM},  # documents from before groups have no kind: all text
        }
        return {str(sender) for sender in self._c.distinct("sender_id", query)}

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
            if d["key_id"] == self._ring.current_id or d.get("deleted"):
                continue
            sealed = reseal(self._ring, d["ciphertext"], d["key_id"], d["client_id"])
            if sealed is None:
                failed += 1
                continue
            fields = {"ciphertext": sealed.ciphertext, "key_id": sealed.key_id}
            tokens = text_tokens(self._ring, sealed.text, sealed.key_id)  # under the new key
            indexed = {**fields, FIELD: tokens} if d.get("kind", TEXT) == TEXT else fields
            updates.append(UpdateOne({"_id": d["_id"], "key_id": d["key_id"]}, {"$set": indexed}))
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
        """With their blind index tokens, rebuilt from their texts under this store's keys."""
        tokens = [record_tokens(self._ring, m) for m in messages]  # None: cannot be decrypted
        docs = [
            {**sealed_doc(m), **({FIELD: t} if t else {})}
            for m, t in zip(messages, tokens, strict=True)
        ]
        if not docs:
            return 0
        try:
            self._c.insert_many(docs, ordered=True)
        except (BulkWriteError, DuplicateKeyError) as err:
            raise Conflict(f"cannot store messages: {err}") from err
        return sum(1 for t in tokens if t is None)
