"""What both attachment backends do alike: seal the parts and the name, keep the record,
re-encrypt old records under the current key. A backend supplies the record storage."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..crypto import KeyRing, Undecryptable
from .attachment_records import THUMBNAIL, Attachment
from .attachment_sealing import BlobStore, SealedParts, seal_name
from .models import ResealProgress


class SealedAttachmentStore(ABC):
    """The backend-independent half of an attachment repo; subclasses store the records."""

    def __init__(self, ring: KeyRing, blobs: BlobStore) -> None:
        self._ring = ring
        self._parts = SealedParts(blobs, ring)

    @abstractmethod
    def _insert(self, a: Attachment) -> None:
        """Store the record as it is (sealed name and key id included)."""

    @abstractmethod
    def _rekey(self, a: Attachment, key_id: str, sealed_name: bytes) -> None:
        """Point the record at parts and a name re-sealed under key_id, if still at a.key_id."""

    @abstractmethod
    def scan(self, after_id: str | None, limit: int) -> list[Attachment]: ...

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

    def sealed_frames(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        return self._parts.sealed(attachment.id, part, attachment.key_id)

    def insert_sealed(self, attachment: Attachment, parts: dict[str, list[bytes]]) -> None:
        for part, frames in parts.items():
            self._parts.put_sealed(attachment.id, part, attachment.key_id, frames)
        self._insert(attachment)

    def read(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        return self._parts.read(attachment.id, part, attachment.key_id)

    def _delete_parts(self, attachments: list[Attachment]) -> int:
        """After their records are gone (nothing then points at the bytes)."""
        for a in attachments:
            self._parts.delete(a.id, a.parts, a.key_id)
        return len(attachments)

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
            self._rekey(a, kid, seal_name(self._ring, a.id, a.name))
            self._parts.delete(a.id, a.parts, a.key_id)
            resealed += 1
        return ResealProgress(batch[-1].id if len(batch) == limit else None, resealed, failed)
