"""Changes to stored messages on MongoDB: edits, deletions, reactions.

Each takes the next change number of its conversation ($inc last_change; a number taken by a
change that then does not happen is a gap nobody waits for), then changes the message only if it
is still in the state the change needs (not deleted, still theirs, reaction not yet there), and
refreshes the conversation's copy of its last message when it is that one, so no old text stays
in the conversation document either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.collection import Collection

from ...crypto import KeyRing
from ..base import Conflict, NotFound
from ..blind_index import text_tokens
from ..models import SYSTEM, Changed, Message, utcnow
from ..sealing import seal
from .documents import id_strings, message_from_doc, object_id
from .locks import ConversationLocks
from .projection import ProjectedUpdates
from .search_index import FIELD, without_index


class MongoMessageChanges:
    _c: Collection
    _conversations: Collection
    _projected: ProjectedUpdates
    _ring: KeyRing
    _locks: ConversationLocks
    # A number is taken before its message is written (processes share no lock), so one taken
    # earlier can land after a later one was read.
    change_recheck = 16

    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        keys = [k for k in (object_id(i) for i in message_ids) if k]
        if not keys:
            return {}
        docs = self._c.find({"_id": {"$in": keys}})
        return {str(d["_id"]): message_from_doc(d, self._ring) for d in docs}

    def by_seqs(self, conversation_id: str, seqs: list[int]) -> dict[int, Message]:
        key, wanted = object_id(conversation_id), sorted(set(seqs))
        if not key or not wanted:
            return {}
        docs = self._c.find({"conversation_id": key, "seq": {"$in": wanted}})
        return {d["seq"]: message_from_doc(d, self._ring) for d in docs}

    def edit(self, message_id: str, editor_id: str, text: str) -> Changed:
        current = self._current(message_id)
        ciphertext, key_id = seal(self._ring, text, current["client_id"])
        fields = {"ciphertext": ciphertext, "key_id": key_id, "edited_at": utcnow()}
        fields[FIELD] = text_tokens(self._ring, text, key_id)
        query = {
            "_id": current["_id"],
            "sender_id": object_id(editor_id),
            "deleted": {"$ne": True},
            "kind": {"$ne": SYSTEM},
        }
        update = lambda n: {"$set": {**fields, "change_seq": n}}  # noqa: E731
        return self._change(current, query, update, raced_means_done=False)

    def delete(self, message_id: str) -> Changed:
        current = self._current(message_id)
        if current.get("deleted"):
            return self._unchanged(current)
        tombstone = {"ciphertext": b"", "key_id": "", "deleted": True, "reactions": {}}
        query = {"_id": current["_id"], "deleted": {"$ne": True}}
        update = lambda n: {"$set": {**tombstone, "change_seq": n}, "$unset": {FIELD: ""}}  # noqa: E731
        changed = self._change(current, query, update, raced_means_done=True)
        if changed.changed and current.get("mentions"):
            self._forget_mentions(current)
        return changed

    def react(
        self, message_id: str, user_id: str, emoji: str, on: bool, max_distinct: int
    ) -> Changed:
        current = self._current(message_id)
        if current.get("deleted") or current.get("kind") == SYSTEM:
            raise Conflict("deleted")
        user, field = object_id(user_id), f"reactions.{emoji}"
        users = (current.get("reactions") or {}).get(emoji, [])
        if (user in users) == on:
            return self._unchanged(current)
        emojis = [e for e, us in (current.get("reactions") or {}).items() if us and e != emoji]
        if on and len(emojis) >= max_distinct:
            raise Conflict("too many reactions")
        query: dict[str, Any] = {"_id": current["_id"], "deleted": {"$ne": True}}
        query[field] = {"$ne": user} if on else user  # a racing twin changes nothing
        op = "$addToSet" if on else "$pull"
        update = lambda n: {op: {field: user}, "$set": {"change_seq": n}}  # noqa: E731
        return self._change(current, query, update, raced_means_done=True)

    def changed_after(
        self, conversation_id: str, after_change: int, until_seq: int | None, limit: int
    ) -> list[Message]:
        key = object_id(conversation_id)
        if not key:
            return []
        query: dict[str, Any] = {"conversation_id": key, "change_seq": {"$gt": after_change}}
        if until_seq is not None:
            query["seq"] = {"$lte": until_seq}
        docs = self._c.find(query).sort("change_seq", ASCENDING).limit(limit)
        return [message_from_doc(d, self._ring) for d in docs]

    def _current(self, message_id: str) -> dict:
        doc = self._c.find_one({"_id": object_id(message_id)}) if object_id(message_id) else None
        if doc is None:
            raise NotFound("message")
        return doc

    def _change(
        self, current: dict, query: dict, update_for: Callable[[int], dict], raced_means_done: bool
    ) -> Changed:
        """Take the conversation's next change number, apply the update if the message is still
        as the query says; else it changed meanwhile: Conflict, or — when a twin of this change
        (a second deletion, the same reaction) got there first — unchanged."""
        conversation = current["conversation_id"]
        with self._locks(str(conversation)):
            taken = self._projected.find_one_and_update(
                {"_id": conversation},
                {"$inc": {"last_change": 1}},
                {"last_change": 1, "member_ids": 1},
            )
            if taken is None:
                raise NotFound("conversation")
            after = self._c.find_one_and_update(
                query, update_for(taken["last_change"]), return_document=ReturnDocument.AFTER
            )
            if after is None:
                if raced_means_done:
                    return self._unchanged(self._current(str(current["_id"])), taken["member_ids"])
                raise Conflict("changed meanwhile")
            self._conversations.update_one(
                {"_id": conversation, "last_message._id": after["_id"]},
                {"$set": {"last_message": without_index(after)}},
            )
        return Changed(message_from_doc(after, self._ring), id_strings(taken["member_ids"]))

    def _unchanged(self, doc: dict, members: list | None = None) -> Changed:
        if members is None:
            conversation = self._conversations.find_one(
                {"_id": doc["conversation_id"]}, {"member_ids": 1}
            )
            members = conversation["member_ids"] if conversation else []
        return Changed(message_from_doc(doc, self._ring), id_strings(members), False)

    def _forget_mentions(self, message: dict) -> None:
        """A deleted message's mentions no longer count for members who had not read it."""
        conversation = self._conversations.find_one({"_id": message["conversation_id"]})
        if conversation is None:
            return
        cursors = conversation.get("cursors") or {}
        unread = [
            m
            for m in message["mentions"]
            if m in conversation["member_ids"]
            and cursors.get(str(m), {}).get("read", 0) < message["seq"]
        ]
        if unread:
            self._conversations.update_one(
                {"_id": conversation["_id"]},
                {"$inc": {f"cursors.{m}.unread_mentions": -1 for m in unread}},
            )
