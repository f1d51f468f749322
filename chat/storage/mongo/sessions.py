"""Sign-in session records on MongoDB (expiry by a stored time: TTL indexes are not everywhere)."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING
from pymongo.collection import Collection

from ..models import SessionRecord, utcnow

# What a later record of the same session moves on; its user, start and end stay.
MOVED = ("generation", "last_active_at", "expires_at", "user_agent", "address")


def _record(doc: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        id=doc["_id"],
        user_id=doc["user_id"],
        generation=doc["generation"],
        started_at=doc["started_at"],
        last_active_at=doc["last_active_at"],
        expires_at=doc["expires_at"],
        user_agent=doc["user_agent"],
        address=doc.get("address"),
        ended_at=doc.get("ended_at"),
    )


class MongoSessions:
    def __init__(self, collection: Collection) -> None:
        self._c = collection

    def record(self, session: SessionRecord) -> None:
        self._c.update_one(
            {"_id": session.id},
            {
                "$set": {name: getattr(session, name) for name in MOVED},
                "$setOnInsert": {
                    "user_id": session.user_id,
                    "started_at": session.started_at,
                    "ended_at": None,
                },
            },
            upsert=True,
        )
        self._c.delete_many({"expires_at": {"$lt": utcnow()}})

    def get(self, session_id: str) -> SessionRecord | None:
        doc = self._c.find_one({"_id": session_id})
        return _record(doc) if doc else None

    def list_for_user(self, user_id: str, generation: int, limit: int) -> list[SessionRecord]:
        query = {
            "user_id": user_id,
            "ended_at": None,
            "expires_at": {"$gt": utcnow()},
            "generation": generation,
        }
        docs = self._c.find(query).sort("last_active_at", DESCENDING).limit(limit)
        return [_record(doc) for doc in docs]

    def end(self, session_id: str) -> None:
        self._c.update_one({"_id": session_id, "ended_at": None}, {"$set": {"ended_at": utcnow()}})
