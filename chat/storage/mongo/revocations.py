"""Revoked session tokens on MongoDB (expiry by a stored time: TTL indexes are not everywhere)."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo import ASCENDING
from pymongo.collection import Collection

from ..models import utcnow

EPOCH = datetime.fromtimestamp(0, UTC)


class MongoRevocations:
    def __init__(self, collection: Collection) -> None:
        self._c = collection

    def revoke(self, jti: str, expires_at: datetime) -> None:
        now = utcnow()
        self._c.delete_many({"expires_at": {"$lt": now}})
        self._c.update_one(
            {"_id": jti},
            {"$set": {"expires_at": expires_at}, "$setOnInsert": {"revoked_at": now}},
            upsert=True,
        )

    def revoked_at(self, jti: str) -> datetime | None:
        doc = self._c.find_one({"_id": jti}, {"revoked_at": 1})
        if doc is None:
            return None
        return doc.get("revoked_at") or EPOCH  # written before the field existed: long ago

    def revoked_since(self, since: datetime) -> list[str]:
        return [d["_id"] for d in self._c.find({"revoked_at": {"$gte": since}}, {"_id": 1})]

    def scan(self, after_jti: str | None, limit: int) -> list[tuple[str, datetime]]:
        query = {"_id": {"$gt": after_jti or ""}, "expires_at": {"$gte": utcnow()}}
        docs = self._c.find(query).sort("_id", ASCENDING).limit(limit)
        return [(d["_id"], d["expires_at"]) for d in docs]
