"""Sealing message text for storage, the same way on every backend."""

from __future__ import annotations

from typing import NamedTuple

from ..crypto import KeyRing


class Resealed(NamedTuple):
    ciphertext: bytes
    key_id: str
    text: str  # for the blind index, rebuilt under the new key too


def _associated(client_id: str) -> str:
    # Binds a ciphertext to its message: a stored text cannot be moved onto another message.
    # client_id (not a database id) so that an export/import between backends keeps it valid.
    return "message:" + client_id


def seal(ring: KeyRing, text: str, client_id: str) -> tuple[bytes, str]:
    """(ciphertext, key id)."""
    return ring.encrypt(text, _associated(client_id))


def unseal(ring: KeyRing, blob: bytes, key_id: str, client_id: str, message_id: str) -> str | None:
    """The text, or None (logged) when it cannot be decrypted."""
    return ring.open_or_none(blob, key_id, _associated(client_id), f"message id={message_id}")


def reseal(ring: KeyRing, blob: bytes, key_id: str, client_id: str) -> Resealed | None:
    """The text re-encrypted under the current key, or None (logged) if it cannot be opened."""
    text = ring.open_or_none(blob, key_id, _associated(client_id), f"client_id={client_id}")
    return None if text is None else Resealed(*seal(ring, text, client_id), text)
