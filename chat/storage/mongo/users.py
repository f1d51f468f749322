"""Users on MongoDB."""

from __future__ import annotations

import re

from bson import ObjectId
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from ..base import Conflict
from ..models import Credentials, User, utcnow
from ..text import fold, search_words
from .documents import object_id, user_from_doc


class MongoUsers:
    def __init__(self, collection: Collection) -> None:
        self._c = collection

    def create(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        gender: str | None = None,
        avatar_url: str | None = None,
    ) -> User:
        doc = {
            "_id": ObjectId(),
            "username": username,
            "username_folded": fold(username),
            "full_name": full_name,
            "search_words": search_words(username, full_name),
            "password_hash": password_hash,
            "gender": gender,
            "avatar_url": avatar_url,
            "created_at": utcnow(),
        }
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
