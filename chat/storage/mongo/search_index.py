"""The blind index on MongoDB: the tokens in an array on the message document (`search`), with
a multikey index. A send writes them in its own insert (no extra round trip), an edit or a
deletion in its own update; a separate postings collection would cost a write per message and
a second query per search. A search is two commands: the user's windows (one find on
conversations) and one find on messages."""

from __future__ import annotations

from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.collection import Collection
from pymongo.database import Database

from ...crypto import KeyRing
from ...search.tokens import SearchTerms
from ..blind_index import sealed_tokens
from ..models import TEXT, Message, ResealProgress
from .documents import after_id_query, message_from_doc, object_id

FIELD = "search"
INDEX = [(FIELD, ASCENDING), ("_id", DESCENDING)]


def create_search_index(db: Database) -> None:
    db.messages.create_index(INDEX)


def without_index(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A message document as copied onto its conversation (last_message): no tokens."""
    return None if doc is None else {k: v for k, v in doc.items() if k != FIELD}


def doc_tokens(ring: KeyRing, doc: dict[str, Any]) -> list[int] | None:
    """The tokens of a stored message document; None when it cannot be decrypted."""
    return sealed_tokens(
        ring, doc["ciphertext"], doc["key_id"], doc["client_id"],
        doc.get("kind", TEXT), bool(doc.get("deleted")),
    )  # fmt: skip


def set_tokens(tokens: list[int]) -> dict[str, Any]:
    """The update that makes these the message's tokens."""
    return {"$set": {FIELD: tokens}} if tokens else {"$unset": {FIELD: ""}}


class MongoSearchIndex:
    def __init__(self, messages: Collection, conversations: Collection, ring: KeyRing) -> None:
        self._c = messages
        self._conversations = conversations
        self._ring = ring

    def find(
        self,
        user_id: str,
        terms: SearchTerms,
        conversation_id: str | None,
        before_id: str | None,
        limit: int,
    ) -> list[Message]:
        user = object_id(user_id)
        before = None if before_id is None else object_id(before_id)
        if not user or (before_id is not None and not before):
            return []
        windows = self._windows(user, conversation_id)
        if not windows:
            return []
        found: dict[ObjectId, dict] = {}
        for key in self._ring.search_keys():  # older keys: messages not yet re-encrypted
            query: dict[str, Any] = {FIELD: {"$all": terms.tokens(key)}, "$or": windows}
            if before is not None:
                query["_id"] = {"$lt": before}
            # The token index, newest first, whatever the planner makes of the $or of windows:
            # it walks the first (longest) term's postings and stops after `limit` hits.
            docs = self._c.find(query).sort("_id", DESCENDING).limit(limit).hint(INDEX)
            for doc in docs:
                found[doc["_id"]] = doc
        newest = sorted(found, reverse=True)[:limit]
        return [message_from_doc(found[i], self._ring) for i in newest]

    def _windows(self, user: ObjectId, conversation_id: str | None) -> list[dict[str, Any]]:
        """What the user may read, as clauses on messages: whole conversations in one $in,
        and a seq range where they joined late or left."""
        query: dict[str, Any] = {"$or": [{"member_ids": user}, {"former_ids": user}]}
        if conversation_id is not None:
            query["_id"] = object_id(conversation_id)
            if not query["_id"]:
                return []
        whole, ranged = [], []
        for doc in self._conversations.find(query, {f"members.{user}": 1}):
            member = (doc.get("members") or {}).get(str(user)) or {}
            after, left = member.get("visible_after", 0), member.get("left_seq")
            if not after and left is None:
                whole.append(doc["_id"])
                continue
            seq: dict[str, int] = {"$gt": after}
            if left is not None:
                seq["$lte"] = left
            ranged.append({"conversation_id": doc["_id"], "seq": seq})
        return [{"conversation_id": {"$in": whole}}, *ranged] if whole else ranged

    def catch_up(self) -> int:
        return 0  # a send writes its tokens in its own insert

    def reindex_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        docs = list(
            self._c.find(after_id_query(after_id), {"reactions": 0})
            .sort("_id", ASCENDING)
            .limit(limit)
        )
        tokens = {d["_id"]: doc_tokens(self._ring, d) for d in docs}
        updates = [  # unless the text changed meanwhile (its change wrote its own tokens)
            UpdateOne({"_id": d["_id"], "ciphertext": d["ciphertext"]}, set_tokens(t))
            for d in docs
            if (t := tokens[d["_id"]]) is not None
        ]
        if updates:
            self._c.bulk_write(updates, ordered=False)
        last = str(docs[-1]["_id"]) if len(docs) == limit else None
        return ResealProgress(last, len(updates), len(docs) - len(updates))
