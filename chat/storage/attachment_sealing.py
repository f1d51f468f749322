"""Attachment bytes at rest: AES-256-GCM in 64 KiB chunks, the same format on every backend.

A sealed part is a sequence of frames: a 4-byte big-endian length, then nonce || ciphertext of
one chunk. Each chunk's associated data names the attachment, the part, the chunk's index and
whether it is the last, so chunks cannot be reordered, swapped between attachments or parts,
or the part cut short, without decryption failing. Only one chunk is in memory at a time.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import BinaryIO, Protocol

from ..crypto import NONCE_BYTES, KeyRing, Undecryptable

CHUNK = 64 * 1024
_HEADER = struct.Struct(">I")
_MAX_FRAME = CHUNK + NONCE_BYTES + 16  # + the GCM tag


class BlobStore(Protocol):
    """Where a backend keeps sealed parts, by name; never sees plaintext."""

    def write(self, name: str, frames: Iterable[bytes]) -> None:
        """Store the frames under name, whole or not at all."""
        ...

    def open(self, name: str) -> AbstractContextManager[BinaryIO]:
        """The stored bytes; raises Undecryptable when there is no such blob."""
        ...

    def delete(self, name: str) -> None:
        """Unknown names are ignored."""
        ...


def _associated(attachment_id: str, part: str, index: int, final: bool) -> bytes:
    return f"attachment:{attachment_id}:{part}:{index}:{int(final)}".encode()


def chunks_of(source: BinaryIO) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk


def seal_chunks(
    ring: KeyRing, attachment_id: str, part: str, chunks: Iterable[bytes]
) -> Iterator[bytes]:
    """Frames under the current key; at least one (an empty part is one empty final chunk)."""
    iterator = iter(chunks)
    current, index = next(iterator, b""), 0
    for following in iterator:
        yield _frame(ring, current, _associated(attachment_id, part, index, False))
        current, index = following, index + 1
    yield _frame(ring, current, _associated(attachment_id, part, index, True))


def _frame(ring: KeyRing, chunk: bytes, associated: bytes) -> bytes:
    sealed = ring.seal_bytes(chunk, associated)
    return _HEADER.pack(len(sealed)) + sealed


def open_frames(
    ring: KeyRing, key_id: str, attachment_id: str, part: str, reader: BinaryIO
) -> Iterator[bytes]:
    """The plaintext chunks; raises Undecryptable on a wrong key, damage or a cut."""
    header, index = _read_exact(reader, _HEADER.size), 0
    while True:
        if header is None:
            raise Undecryptable(f"attachment {attachment_id} {part} is empty or cut short")
        (length,) = _HEADER.unpack(header)
        frame = _read_exact(reader, length) if length <= _MAX_FRAME else None
        if frame is None:
            raise Undecryptable(f"attachment {attachment_id} {part} is damaged")
        following = _read_exact(reader, _HEADER.size)
        final = following is None
        yield ring.open_bytes(frame, key_id, _associated(attachment_id, part, index, final))
        if final:
            return
        header, index = following, index + 1


def raw_frames(reader: BinaryIO) -> Iterator[bytes]:
    """The stored frames as they are (still sealed), for an export."""
    while (header := _read_exact(reader, _HEADER.size)) is not None:
        (length,) = _HEADER.unpack(header)
        frame = _read_exact(reader, length) if length <= _MAX_FRAME else None
        if frame is None:
            raise Undecryptable("a stored attachment is damaged")
        yield frame


def _read_exact(reader: BinaryIO, size: int) -> bytes | None:
    data = reader.read(size)
    while data and len(data) < size:
        more = reader.read(size - len(data))
        if not more:
            break
        data += more
    return data if len(data) == size else None


def seal_name(ring: KeyRing, attachment_id: str, name: str) -> bytes:
    return ring.seal_bytes(name.encode(), f"attachment-name:{attachment_id}".encode())


def open_name(ring: KeyRing, key_id: str, attachment_id: str, sealed: bytes) -> str:
    """The file name, or "file" when it cannot be decrypted (the bytes then cannot be either)."""
    try:
        return ring.open_bytes(sealed, key_id, f"attachment-name:{attachment_id}".encode()).decode()
    except Undecryptable:
        return "file"


class SealedParts:
    """Attachment parts sealed into a backend's blobs, named by attachment, part and key id (a
    key rotation writes the new blobs before the record moves, then deletes the old ones)."""

    def __init__(self, blobs: BlobStore, ring: KeyRing) -> None:
        self.blobs = blobs
        self.ring = ring

    @staticmethod
    def blob_name(attachment_id: str, part: str, key_id: str) -> str:
        return f"{attachment_id}.{part}.{key_id}"

    def put(self, attachment_id: str, part: str, chunks: Iterable[bytes]) -> str:
        """Seal and store; the key id used."""
        kid = self.ring.current_id
        frames = seal_chunks(self.ring, attachment_id, part, chunks)
        self.blobs.write(self.blob_name(attachment_id, part, kid), frames)
        return kid

    def read(self, attachment_id: str, part: str, key_id: str) -> Iterator[bytes]:
        """The plaintext, chunk by chunk, opened as it is read."""
        with self.blobs.open(self.blob_name(attachment_id, part, key_id)) as reader:
            yield from open_frames(self.ring, key_id, attachment_id, part, reader)

    def sealed(self, attachment_id: str, part: str, key_id: str) -> Iterator[bytes]:
        """The stored frames, not opened (export)."""
        with self.blobs.open(self.blob_name(attachment_id, part, key_id)) as reader:
            yield from raw_frames(reader)

    def put_sealed(
        self, attachment_id: str, part: str, key_id: str, frames: Iterable[bytes]
    ) -> None:
        """Store frames sealed elsewhere (import), as they are."""
        framed = (_HEADER.pack(len(f)) + f for f in frames)
        self.blobs.write(self.blob_name(attachment_id, part, key_id), framed)

    def reseal(self, attachment_id: str, parts: Iterable[str], key_id: str) -> str:
        """Copy every part under the current key (the old blobs stay until delete); its id."""
        for part in parts:
            self.put(attachment_id, part, self.read(attachment_id, part, key_id))
        return self.ring.current_id

    def delete(self, attachment_id: str, parts: Iterable[str], key_id: str) -> None:
        for part in parts:
            self.blobs.delete(self.blob_name(attachment_id, part, key_id))
