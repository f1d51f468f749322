"""Attachment records on MongoDB (collection `attachments`); their sealed bytes in GridFS."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import Binary
from pymongo import ASCENDING
from pymongo.collection import Collection

from ...crypto import KeyRing
from ..attachment_records import Attachment, plain_fields
from ..attachment_sealing import open_name
from ..attachment_store import SealedAttachmentStore
from .gridfs_blobs import GridBlobs


class MongoAttachments(SealedAttachmentStore):
    def __init__(self, collection: Collection, ring: KeyRing, blobs: GridBlobs) -> None:
        super().__init__(ring, blobs)
        self._c = collection

    def create_indexes(self) -> None:
        self._c.create_index([("uploader_id", ASCENDING), ("client_id", ASCENDING)])
        self._c.create_index("conversation_id")
        # A message's attachments; uploads never sent (message_id null), oldest first.
        self._c.create_index([("message_id", ASCENDING), ("created_at", ASCENDING)])

    def _attachment(self, doc: dict[str, Any]) -> Attachment:
        return Attachment(
            id=doc["_id"],
            conversation_id=doc["conversation_id"],
            uploader_id=doc["uploader_id"],
            name=open_name(self._ring, doc["key_id"], doc["_id"], bytes(doc["name"])),
            size=doc["size"],
            content_type=doc["content_type"],
            width=doc.get("width"),
            height=doc.get("height"),
            has_thumbnail=doc.get("has_thumbnail", False),
            key_id=doc["key_id"],
            client_id=doc.get("client_id"),
            message_id=doc.get("message_id"),
            created_at=doc["created_at"],
            sealed_name=bytes(doc["name"]),
        )

    def _find(self, query: dict[str, Any], **kwargs: Any) -> list[Attachment]:
        return [self._attachment(d) for d in self._c.find(query, **kwargs)]

    def _insert(self, a: Attachment) -> None:
        self._c.insert_one(
            {
                "_id": a.id,
                **plain_fields(a),
                "name": Binary(a.sealed_name),
                "message_id": a.message_id,
                "created_at": a.created_at,
            }
        )

    def get_many(self, attachment_ids: list[str]) -> dict[str, Attachment]:
        return {a.id: a for a in self._find({"_id": {"$in": list(attachment_ids)}})}

    def for_messages(self, message_ids: list[str]) -> dict[str, list[Attachment]]:
        by_message: dict[str, list[Attachment]] = {}
        found = self._find(
            {"message_id": {"$in": list(message_ids)}},
            sort=[("created_at", ASCENDING), ("_id", ASCENDING)],
        )
        for a in found:
            by_message.setdefault(str(a.message_id), []).append(a)
        return by_message

    def claim(
        self, attachment_ids: list[str], uploader_id: str, conversation_id: str, client_id: str
    ) -> bool:
        """Without transactions: claim what is free, and give back what this call took when
        another message got one first."""
        ids = sorted(set(attachment_ids))
        result = self._c.update_many(
            {
                "_id": {"$in": ids},
                "uploader_id": uploader_id,
                "conversation_id": conversation_id,
                "$or": [{"client_id": None, "message_id": None}, {"client_id": client_id}],
            },
            {"$set": {"client_id": client_id}},
        )
        if result.matched_count == len(ids):
            return True
        self.release(uploader_id, client_id)
        return False

    def release(self, uploader_id: str, client_id: str) -> None:
        self._c.update_many(
            {"uploader_id": uploader_id, "client_id": client_id, "message_id": None},
            {"$set": {"client_id": None}},
        )

    def bind(self, uploader_id: str, client_id: str, message_id: str) -> None:
        self._c.update_many(
            {"uploader_id": uploader_id, "client_id": client_id, "message_id": None},
            {"$set": {"message_id": message_id}},
        )

    def delete_for_messages(self, message_ids: list[str]) -> int:
        return self._delete({"message_id": {"$in": list(message_ids)}})

    def delete_for_conversation(self, conversation_id: str) -> int:
        return self._delete({"conversation_id": conversation_id})

    def delete_for_uploader(self, uploader_id: str) -> int:
        return self._delete({"uploader_id": uploader_id})

    def delete_unsent(self, created_before: datetime) -> int:
        return self._delete({"message_id": None, "created_at": {"$lt": created_before}})

    def _delete(self, query: dict[str, Any]) -> int:
        """The records first, then the bytes."""
        attachments = self._find(query)
        if attachments:
            self._c.delete_many({"_id": {"$in": [a.id for a in attachments]}})
        return self._delete_parts(attachments)

    def used_bytes(self, uploader_id: str) -> int:
        rows = list(
            self._c.aggregate(
                [
                    {"$match": {"uploader_id": uploader_id}},
                    {"$group": {"_id": None, "used": {"$sum": "$size"}}},
                ]
            )
        )
        return int(rows[0]["used"]) if rows else 0

    def scan(self, after_id: str | None, limit: int) -> list[Attachment]:
        query = {"_id": {"$gt": after_id}} if after_id else {}
        return self._find(query, sort=[("_id", ASCENDING)], limit=limit)

    def _rekey(self, a: Attachment, key_id: str, sealed_name: bytes) -> None:
        moved = {"$set": {"key_id": key_id, "name": Binary(sealed_name)}}
        self._c.update_one({"_id": a.id, "key_id": a.key_id}, moved)
