"""Conversations on MongoDB: members, roles, cursors and the last message live on the document.

The message history is its own collection; a conversation never holds a growing array. Former
members of a group are in `former_ids` (their conversation stays in their list, read-only).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..models import (
    DIRECT,
    GROUP,
    GROUP_CREATED,
    MEMBER,
    OWNER,
    SYSTEM,
    Conversation,
    CursorMove,
    GroupChange,
    Member,
    Message,
    utcnow,
)
from ..text import direct_key
from .direct_gate import DirectGate, direct_members
from .documents import after_id_query, conversation_from_doc, message_doc, object_id
from .locks import ConversationLocks
from .receipts import receipt
from .unread import advance_cursor, count_unread, newer_or_none

SCHEMA = 2  # documents of version 1 (before groups) are upgraded by upgrade_documents


def new_cursor(seq: int = 0) -> dict[str, int]:
    return {"read": seq, "delivered": seq, "unread": 0, "shown_read": seq}


def member_doc(role: str, visible_after: int, now: datetime) -> dict[str, Any]:
    return {"role": role, "visible_after": visible_after, "left_seq": None, "joined_at": now}


class MongoConversations:
    def __init__(
        self,
        collection: Collection,
        ring: KeyRing,
        locks: ConversationLocks,
        messages: Collection,
        gate: DirectGate,
    ) -> None:
        self._c = collection
        self._ring = ring
        self._locks = locks
        self._messages = messages
        self._gate = gate

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
        members = direct_members(user_a, user_b)
        new = {
            "kind": DIRECT,
            "member_ids": members,
            "former_ids": [],
            "last_seq": 0,
            "cursors": {str(m): new_cursor() for m in members},
            "closed": self._gate.closed(user_a, user_b),
            "schema": SCHEMA,
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

    def create_group(
        self, creator_id: str, title: str, member_ids: list[str], client_id: str
    ) -> tuple[Conversation, Message]:
        now = utcnow()
        key = ObjectId()
        others = [m for m in dict.fromkeys(member_ids) if m != creator_id]
        message = Message(
            str(ObjectId()), str(key), 1, creator_id, title, client_id, now, SYSTEM,
            GROUP_CREATED, tuple(others),
        )  # fmt: skip
        first = message_doc(message, self._ring)
        # The message first: a crash in between leaves an invisible message, never a group
        # whose last message does not exist.
        self._messages.insert_one(first)
        doc = {
            "_id": key,
            "kind": GROUP,
            "title": title,
            "member_ids": [ObjectId(creator_id), *(ObjectId(m) for m in others)],
            "former_ids": [],
            "members": {
                creator_id: member_doc(OWNER, 0, now),
                **{m: member_doc(MEMBER, 0, now) for m in others},
            },
            "cursors": {creator_id: new_cursor(1), **{m: new_cursor() for m in others}},
            "last_seq": 1,
            "last_message": first,
            "schema": SCHEMA,
            "created_at": now,
            "updated_at": now,
        }
        self._c.insert_one(doc)
        return conversation_from_doc(doc, self._ring), message

    def change_group(
        self, conversation_id: str, change: GroupChange, client_id: str
    ) -> tuple[Conversation, Message]:
        key = object_id(conversation_id)
        now = utcnow()
        with self._locks(conversation_id):
            taken = self._c.find_one_and_update(
                {"_id": key, "kind": GROUP},
                {"$inc": {"last_seq": 1}},
                return_document=ReturnDocument.AFTER,
            )
            if key is None or taken is None:
                raise NotFound("group")
            seq = taken["last_seq"]
            message = Message(
                str(ObjectId()), conversation_id, seq, change.actor_id, change.detail or "",
                client_id, now, SYSTEM, change.event, change.target_ids,
            )  # fmt: skip
            doc = message_doc(message, self._ring)
            self._messages.insert_one(doc)
            update = _group_update(change, seq, now, doc)
            after = self._c.find_one_and_update(
                {"_id": key, **newer_or_none(seq)}, update, return_document=ReturnDocument.AFTER
            )
            if after is None:  # a newer message is the last one (another process): keep it
                del update["$set"]["last_message"], update["$set"]["updated_at"]
                after = self._c.find_one_and_update(
                    {"_id": key}, update, return_document=ReturnDocument.AFTER
                )
        return conversation_from_doc(after, self._ring), message

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
            self._c.find({"$or": [{"member_ids": key}, {"former_ids": key}]})
            .sort([("updated_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [conversation_from_doc(d, self._ring) for d in docs]

    def set_muted(self, conversation_id: str, user_id: str, muted: bool) -> bool:
        key, user = object_id(conversation_id), object_id(user_id)
        if not key or not user:
            return False
        result = self._c.update_one(
            {"_id": key, "member_ids": user}, {"$set": {f"members.{user_id}.muted": muted}}
        )
        return bool(result.matched_count)

    def contact_ids(self, user_id: str) -> list[str]:
        key = object_id(user_id)
        if not key:
            return []
        docs = self._c.find({"member_ids": key}, {"member_ids": 1})
        return sorted({str(m) for d in docs for m in d["member_ids"] if m != key})

    def advance_cursor(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> Conversation | None:
        conv_key, user_key = object_id(conversation_id), object_id(user_id)
        if not conv_key or not user_key:
            return None
        with self._locks(conversation_id):
            doc = advance_cursor(
                self._c, self._messages, conv_key, user_key, read, delivered, share_read
            )
        return conversation_from_doc(doc, self._ring) if doc else None

    def receipt(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> CursorMove | None:
        conv_key, user_key = object_id(conversation_id), object_id(user_id)
        if not conv_key or not user_key:
            return None
        with self._locks(conversation_id):
            return receipt(self._c, self._messages, conv_key, user_key, read, delivered, share_read)

    def scan(
        self, after_id: str | None, limit: int, member_id: str | None = None
    ) -> list[Conversation]:
        query = after_id_query(after_id)
        if member_id is not None:
            key = object_id(member_id)
            if key is None:
                return []
            query["$or"] = [{"member_ids": key}, {"former_ids": key}]
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
            last = self._messages.find_one(
                {"conversation_id": key}, {"search": 0}, sort=[("seq", DESCENDING)]
            )
            update: dict[str, Any] = {"$set": {"last_message": last}}
            if last is not None:
                update["$max"] = {"last_seq": last["seq"]}
            self._c.update_one({"_id": key}, update)

    def insert_many(self, conversations: list[Conversation]) -> list[str]:
        docs = [self._conversation_doc(c) for c in conversations]
        try:
            if docs:
                self._c.insert_many(docs, ordered=True)
        except (BulkWriteError, DuplicateKeyError) as err:
            raise Conflict("a conversation between these members exists") from err
        return [str(d["_id"]) for d in docs]

    def _conversation_doc(self, conversation: Conversation) -> dict[str, Any]:
        """An imported conversation as given: members (former ones too), roles, cursors."""
        members = (
            dict(conversation.members)
            if conversation.kind == GROUP
            else {m: Member() for m in conversation.member_ids}
        )
        current = sorted(ObjectId(m) for m, member in members.items() if member.current)
        doc: dict[str, Any] = {
            "_id": ObjectId(),
            "kind": conversation.kind,
            "member_ids": current,
            "former_ids": sorted(ObjectId(m) for m, mm in members.items() if not mm.current),
            "last_seq": conversation.last_seq,
            "last_change": conversation.last_change,
            "cursors": {m: _cursor_doc(conversation, m) for m in members},
            "last_message": None,
            "schema": SCHEMA,
            "created_at": conversation.created_at or conversation.updated_at,
            "updated_at": conversation.updated_at,
        }
        if conversation.kind == DIRECT:
            pair = sorted(members)
            doc["direct_key"] = direct_key(pair[0], pair[-1])
            doc["closed"] = self._gate.closed(pair[0], pair[-1])
        else:
            doc["title"] = conversation.title
            doc["members"] = {
                m: {"role": mm.role, "visible_after": mm.visible_after, "left_seq": mm.left_seq,
                    "joined_at": mm.joined_at or doc["created_at"]}
                for m, mm in members.items()
            }  # fmt: skip
        return doc

    def count_unread(self, conversation_id: str, user_id: str, after_seq: int) -> int:
        """Text messages from others after after_seq (tests and repairs)."""
        return count_unread(
            self._messages, object_id(conversation_id), object_id(user_id), after_seq
        )


def _cursor_doc(conversation: Conversation, user_id: str) -> dict[str, int]:
    c = conversation.cursor(user_id)
    return {
        "read": c.read,
        "delivered": c.delivered,
        "unread": c.unread,
        "shown_read": c.shown_read,
        "unread_mentions": c.unread_mentions,
    }


def _group_update(change: GroupChange, seq: int, now: datetime, last: dict) -> dict[str, Any]:
    """One update for a group change: members in and out, roles, title, the system message as
    the last message, and the actor's cursors (they saw their own change)."""
    sets: dict[str, Any] = {"last_message": last, "updated_at": now}
    maxes: dict[str, int] = {}
    update: dict[str, Any] = {"$set": sets, "$max": maxes}
    if change.add:
        added = [ObjectId(u) for u in change.add]
        update["$addToSet"] = {"member_ids": {"$each": added}}
        update["$pullAll"] = {"former_ids": added}  # FerretDB ignores $pull with $in
        for u in change.add:
            sets[f"members.{u}"] = member_doc(MEMBER, seq - 1, now)
            sets[f"cursors.{u}.unread"] = 0
            for field in ("read", "delivered", "shown_read"):
                maxes[f"cursors.{u}.{field}"] = seq - 1
    if change.remove:
        removed = [ObjectId(u) for u in change.remove]
        update["$pullAll"] = {"member_ids": removed}
        update["$addToSet"] = {"former_ids": {"$each": removed}}
        for u in change.remove:
            sets[f"members.{u}.left_seq"] = seq
            sets[f"cursors.{u}.unread"] = 0
    for u, role in change.roles.items():
        sets[f"members.{u}.role"] = role
    if change.title is not None:
        sets["title"] = change.title
    for field in ("read", "delivered", "shown_read"):
        maxes[f"cursors.{change.actor_id}.{field}"] = seq
    return update
