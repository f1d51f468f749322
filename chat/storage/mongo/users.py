"""Users on MongoDB."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ..base import Conflict, NotFound
from ..models import (
    DELETED_NAME,
    DELETED_PREFIX,
    UNUSABLE_PASSWORD_HASH,
    Credentials,
    User,
    utcnow,
    with_defaults,
)
from ..text import fold, search_words
from .direct_gate import DirectGate
from .documents import after_id_query, object_id, user_from_doc

# Inactive users are exactly those with a deactivated_at; a range on it can use its index.
INACTIVE = {"deactivated_at": {"$gte": datetime(1970, 1, 1, tzinfo=UTC)}}


def _user_doc(record: Credentials) -> dict[str, Any]:
    """A new user document; a deleted user's placeholder name is made from its new id."""
    user, key = record.user, ObjectId()
    username = DELETED_PREFIX + str(key) if user.deleted else user.username
    return {
        "_id": key,
        "username": username,
        "username_folded": fold(username),
        "full_name": user.full_name,
        "search_words": [] if user.deleted else search_words(username, user.full_name),
        "password_hash": record.password_hash,
        "gender": user.gender,
        "avatar_url": user.avatar_url,
        "created_at": user.created_at,
        "active": user.active,
        "deactivated_at": None if user.active else (user.deactivated_at or utcnow()),
        "sessions_reset_at": user.sessions_reset_at,
        "sessions_reset_by": user.sessions_reset_by,
        "last_seen_at": user.last_seen_at,
        "settings": dict(user.settings),
    }


class MongoUsers:
    def __init__(self, collection: Collection, gate: DirectGate) -> None:
        self._c = collection
        self._gate = gate

    def create(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        gender: str | None = None,
        avatar_url: str | None = None,
    ) -> User:
        user = User("", username, full_name, gender, avatar_url, utcnow())
        doc = _user_doc(Credentials(user, password_hash))
        try:
            self._c.insert_one(doc)
        except DuplicateKeyError as err:
            raise Conflict("username is taken") from err
        return user_from_doc(doc)

    def get(self, user_id: str) -> User | None:
        key = object_id(user_id)
        doc = self._c.find_one({"_id": key}) if key else None
        return user_from_doc(doc) if doc else None

    def get_many(self, user_ids: list[str]) -> dict[str, User]:
        keys = [k for k in (object_id(i) for i in user_ids) if k]
        if not keys:
            return {}
        return {str(d["_id"]): user_from_doc(d) for d in self._c.find({"_id": {"$in": keys}})}

    def credentials(self, username: str) -> Credentials | None:
        doc = self._c.find_one({"username_folded": fold(username)})
        return Credentials(user_from_doc(doc), doc["password_hash"]) if doc else None

    def search(self, prefix: str, limit: int, exclude_id: str | None = None) -> list[User]:
        query: dict = {"search_words": {"$regex": "^" + re.escape(fold(prefix))}}
        excluded = object_id(exclude_id or "")
        if excluded:
            query["_id"] = {"$ne": excluded}
        docs = self._c.find(query, {"password_hash": 0}).sort("username_folded", 1).limit(limit)
        return [user_from_doc(d) for d in docs]

    def scan(self, after_id: str | None, limit: int) -> list[Credentials]:
        docs = self._c.find(after_id_query(after_id)).sort("_id", ASCENDING).limit(limit)
        return [Credentials(user_from_doc(d), d["password_hash"]) for d in docs]

    def count(self, active: bool | None = None) -> int:
        total = self._c.count_documents({})
        if active is None:
            return total
        inactive = self._c.count_documents(INACTIVE)
        return total - inactive if active else inactive

    def set_active(self, user_id: str, active: bool) -> User:
        key = self._must_exist(user_id)
        if active:
            self._c.update_one({"_id": key}, {"$set": {"active": True, "deactivated_at": None}})
        else:  # an inactive user keeps the time it was first deactivated
            self._c.update_one(
                {"_id": key, "active": {"$ne": False}},
                {"$set": {"active": False, "deactivated_at": utcnow()}},
            )
        self._gate.refresh_user(user_id)
        return self._must_get(user_id)

    def deactivated_since(self, since: datetime) -> list[str]:
        docs = self._c.find({"deactivated_at": {"$gte": since}}, {"_id": 1}).sort(
            "deactivated_at", ASCENDING
        )
        return [str(d["_id"]) for d in docs]

    def set_password(self, user_id: str, password_hash: str, kept_session: str | None) -> User:
        key = object_id(user_id)
        reset = {"sessions_reset_at": utcnow(), "sessions_reset_by": kept_session}
        update = {"$set": {"password_hash": password_hash, **reset}}
        doc = self._c.find_one_and_update(
            {"_id": key}, update, return_document=ReturnDocument.AFTER
        )
        if key is None or doc is None:
            raise NotFound("user")
        return user_from_doc(doc)

    def update_settings(self, user_id: str, changes: dict[str, bool | str]) -> User:
        key = object_id(user_id)
        known = {f"settings.{k}": v for k, v in with_defaults(changes).items() if k in changes}
        if not known:
            return self._must_get(user_id)
        doc = self._c.find_one_and_update(
            {"_id": key},
            {"$set": {**known, "settings_changed_at": utcnow()}},
            return_document=ReturnDocument.AFTER,
        )
        if key is None or doc is None:
            raise NotFound("user")
        return user_from_doc(doc)

    def settings_changed_since(self, since: datetime) -> list[str]:
        return self._ids_since("settings_changed_at", since)

    def set_full_name(self, user_id: str, full_name: str) -> User:
        user = self._must_get(user_id)
        fields = {"full_name": full_name, "search_words": search_words(user.username, full_name)}
        self._c.update_one({"_id": ObjectId(user.id)}, {"$set": fields})
        return self._must_get(user_id)

    def set_avatar_url(self, user_id: str, avatar_url: str | None) -> User:
        user = self._must_get(user_id)
        self._c.update_one({"_id": ObjectId(user.id)}, {"$set": {"avatar_url": avatar_url}})
        return self._must_get(user_id)

    def set_last_seen(self, user_id: str, at: datetime) -> None:
        key = object_id(user_id)
        if key is not None:
            self._c.update_one({"_id": key}, {"$max": {"last_seen_at": at}})

    def sessions_reset_since(self, since: datetime) -> list[str]:
        return self._ids_since("sessions_reset_at", since)

    def _ids_since(self, field: str, since: datetime) -> list[str]:
        """Users whose time in `field` (one of ours, indexed) is at or after `since`."""
        return [str(d["_id"]) for d in self._c.find({field: {"$gte": since}}, {"_id": 1})]

    def anonymise(self, user_id: str) -> User:
        before = self._must_get(user_id)
        key = ObjectId(before.id)
        username = DELETED_PREFIX + str(key)
        placeholder = {
            "username": username,
            "username_folded": fold(username),
            "full_name": DELETED_NAME,
            "search_words": [],
            "password_hash": UNUSABLE_PASSWORD_HASH,
            "gender": None,
            "avatar_url": None,
            "last_seen_at": None,
            "active": False,
            "deactivated_at": before.deactivated_at or utcnow(),
        }
        self._c.update_one({"_id": key}, {"$set": placeholder})
        self._gate.refresh_user(user_id)
        return self._must_get(user_id)

    def insert_many(self, records: list[Credentials]) -> list[str]:
        docs = [_user_doc(r) for r in records]
        if not docs:
            return []
        try:
            self._c.insert_many(docs, ordered=True)
        except (BulkWriteError, DuplicateKeyError) as err:
            raise Conflict("username is taken") from err
        return [str(d["_id"]) for d in docs]

    def _must_exist(self, user_id: str) -> ObjectId:
        key = object_id(user_id)
        if key is None or self._c.find_one({"_id": key}, {"_id": 1}) is None:
            raise NotFound("user")
        return key

    def _must_get(self, user_id: str) -> User:
        user = self.get(user_id)
        if user is None:
            raise NotFound("user")
        return user
