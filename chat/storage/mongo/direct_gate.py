"""Whether a direct conversation can take messages, kept on its document as `closed`.

The send path checks membership, blocks and the other member's account in the one update that
takes the seq (`closed: {$ne: true}` in its filter) instead of reading the blocks and the users
on every send. Blocking, unblocking, (de)activating and deleting an account refresh the flag;
the blocks and users collections stay the truth it is computed from.
"""

from __future__ import annotations

from bson import ObjectId
from pymongo.database import Database

from ..text import direct_key
from .documents import object_id


class DirectGate:
    def __init__(self, db: Database) -> None:
        self._db = db

    def closed(self, user_a: str, user_b: str) -> bool:
        pairs = [f"{user_a}:{user_b}", f"{user_b}:{user_a}"]
        if self._db.blocks.count_documents({"_id": {"$in": pairs}}, limit=1):
            return True
        keys = [k for k in (object_id(user_a), object_id(user_b)) if k]
        active = self._db.users.count_documents({"_id": {"$in": keys}, "active": {"$ne": False}})
        return active < len(set(keys))

    def refresh_pair(self, user_a: str, user_b: str) -> None:
        self._db.conversations.update_one(
            {"direct_key": direct_key(user_a, user_b)},
            {"$set": {"closed": self.closed(user_a, user_b)}},
        )

    def refresh_user(self, user_id: str) -> None:
        """Every direct conversation of the user (an account was (de)activated or deleted)."""
        key = object_id(user_id)
        if key is None:
            return
        docs = self._db.conversations.find(
            {"member_ids": key, "kind": {"$ne": "group"}}, {"member_ids": 1}
        )
        for doc in docs:
            others = [str(m) for m in doc["member_ids"] if m != key]
            if others:
                self.refresh_pair(user_id, others[0])


def direct_members(user_a: str, user_b: str) -> list[ObjectId]:
    return sorted({ObjectId(user_a), ObjectId(user_b)})
