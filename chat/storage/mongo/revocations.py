"""Revoked session tokens on MongoDB (expiry by a stored time: TTL indexes are not everywhere)."""

from __future__ import annotations

from datetime import datetime

from pymongo.collection import Collection

from ..models import utcnow


class MongoRevocations:
    def __init__(self, collection: Collection) -> None:
        self._c = collection

    def revoke(self, jti: str, expires_at: datetime) -> None:
        self._c.delete_many({"expires_at": {"$lt": utcnow()}})
        self._c.update_one({"_id": jti}, {"$set": {"expires_at": expires_at}}, upsert=True)

    def is_revoked(self, jti: str) -> bool:
        return self._c.find_one({"_id": jti}, {"_id": 1}) is not None
