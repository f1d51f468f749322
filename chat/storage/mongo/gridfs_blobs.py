"""Sealed attachment parts in GridFS's layout (bucket `attachment_blobs`: a files document and
255 KiB chunk documents), so MongoDB's own tools (mongofiles, any driver's GridFS) read them.

Written and read here, chunk by chunk, rather than through pymongo's GridFSBucket: its upload
stream buffers up to 48 MB of chunks before inserting them (a 10 MB file would sit in memory a
second time, measured), and a download cursor's first batch may hold 16 MB. Checked on the
FerretDB test server too (the unique (files_id, n) index, sorted reads, deletes).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from bson import Binary
from pymongo import ASCENDING
from pymongo.database import Database

from ...crypto import Undecryptable
from ..models import utcnow

BUCKET = "attachment_blobs"
CHUNK_BYTES = 255 * 1024  # GridFS's default chunk size
READ_BATCH = 4  # chunk documents per round trip when reading (~1 MB)


class GridBlobs:
    def __init__(self, db: Database) -> None:
        self._files = db[f"{BUCKET}.files"]
        self._chunks = db[f"{BUCKET}.chunks"]

    def write(self, name: str, frames: Iterable[bytes]) -> None:
        """Chunks as they fill, then the files document (a blob without one is not there)."""
        self.delete(name)  # a retried write replaces a partial one
        buffer, n, length = bytearray(), 0, 0
        try:
            for frame in frames:
                buffer += frame
                length += len(frame)
                while len(buffer) >= CHUNK_BYTES:
                    self._insert_chunk(name, n, bytes(buffer[:CHUNK_BYTES]))
                    del buffer[:CHUNK_BYTES]
                    n += 1
            if buffer:
                self._insert_chunk(name, n, bytes(buffer))
            self._files.insert_one(
                {
                    "_id": name,
                    "filename": name,
                    "length": length,
                    "chunkSize": CHUNK_BYTES,
                    "uploadDate": utcnow(),
                }
            )
        except BaseException:
            self._chunks.delete_many({"files_id": name})
            raise

    def _insert_chunk(self, name: str, n: int, data: bytes) -> None:
        self._chunks.insert_one({"files_id": name, "n": n, "data": Binary(data)})

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        if self._files.find_one({"_id": name}, {"_id": 1}) is None:
            raise Undecryptable(f"attachment blob {name} is missing")
        cursor = (
            self._chunks.find({"files_id": name}, {"data": 1, "_id": 0})
            .sort("n", ASCENDING)
            .batch_size(READ_BATCH)
        )
        try:
            yield io.BufferedReader(_ChunkStream(bytes(d["data"]) for d in cursor))  # type: ignore[arg-type]
        finally:
            cursor.close()

    def delete(self, name: str) -> None:
        """The files document first: from then on the blob is gone for readers."""
        self._files.delete_one({"_id": name})
        self._chunks.delete_many({"files_id": name})

    def create_indexes(self) -> None:
        self._chunks.create_index([("files_id", ASCENDING), ("n", ASCENDING)], unique=True)
        self._files.create_index([("filename", ASCENDING), ("uploadDate", ASCENDING)])

    def delete_all(self) -> None:
        self._files.delete_many({})
        self._chunks.delete_many({})


class _ChunkStream(io.RawIOBase):
    """A readable stream over chunk payloads, one in memory at a time."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._current = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # type: ignore[no-untyped-def]
        while not self._current:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._current = memoryview(chunk)
        size = min(len(target), len(self._current))
        target[:size] = self._current[:size]
        self._current = self._current[size:]
        return size
