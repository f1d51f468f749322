"""Attachment records on MongoDB (collection `attachments`); their sealed bytes in GridFS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from bson import Binary
from pymongo import ASCENDING
from pymongo.collection import Collection

from ...crypto import KeyRing, Undecryptable
from ..attachment_records import THUMBNAIL, Attachment
from ..attachment_sealing import SealedParts, open_name, seal_name
from ..models import ResealProgress
from .gridfs_blobs import GridBlobs


class MongoAttachments:
    def __init__(self, collection: Collection, ring: KeyRing, blobs: GridBlobs) -> None:
        self._c = collection
        self._ring = ring
        self._parts = SealedParts(blobs, ring)

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

    def create(
        self, attachment: Attachment, content: Iterable[bytes], thumbnail: bytes | None
    ) -> Attachment:
        kid = self._parts.put(attachment.id, "file", content)
        if thumbnail is not None:
            self._parts.put(attachment.id, THUMBNAIL, [thumbnail])
        stored = replace(
            attachment,
            key_id=kid,
            has_thumbnail=thumbnail is not None,
            sealed_name=seal_name(self._ring, attachment.id, attachment.name),
        )
        self._insert(stored)
        return stored

    def _insert(self, a: Attachment) -> None:
        self._c.insert_one(
            {
                "_id": a.id,
                "conversation_id": a.conversation_id,
                "uploader_id": a.uploader_id,
                "name": Binary(a.sealed_name),
                "size": a.size,
                "content_type": a.content_type,
                "width": a.width,
                "height": a.height,
                "has_thumbnail": a.has_thumbnail,
                "key_id": a.key_id,
                "client_id": a.client_id,
                "message_id": a.message_id,
                "created_at": a.created_at,
            }
        )

    def sealed_frames(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        return self._parts.sealed(attachment.id, part, attachment.key_id)

    def insert_sealed(self, attachment: Attachment, parts: dict[str, list[bytes]]) -> None:
        for part, frames in parts.items():
            self._parts.put_sealed(attachment.id, part, attachment.key_id, frames)
        self._insert(attachment)

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

    def read(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        return self._parts.read(attachment.id, part, attachment.key_id)

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
        """The records first (nothing then points at the bytes), then the bytes."""
        attachments = self._find(query)
        if attachments:
            self._c.delete_many({"_id": {"$in": [a.id for a in attachments]}})
        for a in attachments:
            self._parts.delete(a.id, a.parts, a.key_id)
        return len(attachments)

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

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        batch = self.scan(after_id, limit)
        resealed = failed = 0
        for a in batch:
            if a.key_id == self._ring.current_id:
                continue
            try:
                kid = self._parts.reseal(a.id, a.parts, a.key_id)
            except Undecryptable:
                failed += 1
                continue
            name = Binary(seal_name(self._ring, a.id, a.name))
            moved = {"$set": {"key_id": kid, "name": name}}
            self._c.update_one({"_id": a.id, "key_id": a.key_id}, moved)
            self._parts.delete(a.id, a.parts, a.key_id)
            resealed += 1
        return ResealProgress(batch[-1].id if len(batch) == limit else None, resealed, failed)
