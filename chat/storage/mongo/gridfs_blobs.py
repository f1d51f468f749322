"""Sealed attachment parts in GridFS (bucket `attachment_blobs`), MongoDB's store for files.

Checked on the FerretDB test server too: uploads, ranged reads, deletes and the unique
(files_id, n) chunk index all work there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

from gridfs import GridFSBucket
from gridfs.errors import NoFile
from pymongo.database import Database

from ...crypto import Undecryptable

BUCKET = "attachment_blobs"
CHUNK_BYTES = 255 * 1024  # GridFS's default; our sealed frames stream across its chunks


class GridBlobs:
    def __init__(self, db: Database) -> None:
        self._bucket = GridFSBucket(db, bucket_name=BUCKET, chunk_size_bytes=CHUNK_BYTES)
        self._db = db

    def write(self, name: str, frames: Iterable[bytes]) -> None:
        self.delete(name)  # a retried write replaces a partial one
        with self._bucket.open_upload_stream_with_id(name, name) as stream:
            for frame in frames:
                stream.write(frame)

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        try:
            stream = self._bucket.open_download_stream(name)
        except NoFile as err:
            raise Undecryptable(f"attachment blob {name} is missing") from err
        with stream:
            yield stream  # type: ignore[misc]

    def delete(self, name: str) -> None:
        with suppress(NoFile):
            self._bucket.delete(name)

    def create_indexes(self) -> None:
        """GridFS makes its indexes on the first upload; made here so reads find them too."""
        self._db[f"{BUCKET}.chunks"].create_index([("files_id", 1), ("n", 1)], unique=True)
        self._db[f"{BUCKET}.files"].create_index([("filename", 1), ("uploadDate", 1)])

    def delete_all(self) -> None:
        for suffix in ("files", "chunks"):
            self._db[f"{BUCKET}.{suffix}"].delete_many({})
