"""Blocks between users on MongoDB: one document per (blocker, blocked) pair."""

from __future__ import annotations

from pymongo.collection import Collection

from ..models import utcnow
from .direct_gate import DirectGate


def _key(blocker_id: str, blocked_id: str) -> str:
    return f"{blocker_id}:{blocked_id}"


class MongoBlocks:
    def __init__(self, collection: Collection, gate: DirectGate) -> None:
        self._c = collection
        self._gate = gate

    def block(self, blocker_id: str, blocked_id: str) -> None:
        self._c.update_one(
            {"_id": _key(blocker_id, blocked_id)},
            {
                "$setOnInsert": {
                    "blocker_id": blocker_id,
                    "blocked_id": blocked_id,
                    "created_at": utcnow(),
                }
            },
            upsert=True,
        )
        self._gate.refresh_pair(blocker_id, blocked_id)

    def unblock(self, blocker_id: str, blocked_id: str) -> None:
        self._c.delete_one({"_id": _key(blocker_id, blocked_id)})
        self._gate.refresh_pair(blocker_id, blocked_id)

    def blocked_ids(self, blocker_id: str) -> list[str]:
        docs = self._c.find({"blocker_id": blocker_id}).sort("created_at", 1)
        return [d["blocked_id"] for d in docs]

    def related(self, user_id: str) -> set[str]:
        docs = self._c.find({"$or": [{"blocker_id": user_id}, {"blocked_id": user_id}]})
        return {d["blocked_id"] if d["blocker_id"] == user_id else d["blocker_id"] for d in docs}

    def blockers_between(self, user_a: str, user_b: str) -> set[str]:
        pairs = [_key(user_a, user_b), _key(user_b, user_a)]
        return {d["blocker_id"] for d in self._c.find({"_id": {"$in": pairs}}, {"blocker_id": 1})}

    def scan(self, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        query = {"_id": {"$gt": _key(*after)}} if after else {}
        docs = self._c.find(query).sort("_id", 1).limit(limit)
        return [(d["blocker_id"], d["blocked_id"]) for d in docs]
