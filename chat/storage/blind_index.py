"""Tokens of stored messages for the blind index, the same way on every backend: always under
the search key of the key that sealed the text, so a key rotation moves both together."""

from __future__ import annotations

from ..crypto import KeyRing
from ..search.tokens import message_tokens
from .models import TEXT, SealedMessage
from .sealing import unseal


def text_tokens(ring: KeyRing, text: str | None, key_id: str) -> list[int]:
    """The tokens of a text sealed under key_id ([] without text or without that key)."""
    key = ring.search_key(key_id)
    return message_tokens(key, text) if text and key else []


def sealed_tokens(
    ring: KeyRing, ciphertext: bytes, key_id: str, client_id: str, kind: str, deleted: bool
) -> list[int] | None:
    """The tokens of a stored message: none for tombstones and group notes; None (logged)
    when its text cannot be decrypted."""
    if deleted or kind != TEXT or not ciphertext:
        return []
    text = unseal(ring, ciphertext, key_id, client_id, client_id)
    return None if text is None else text_tokens(ring, text, key_id)


def record_tokens(ring: KeyRing, m: SealedMessage) -> list[int] | None:
    return sealed_tokens(ring, m.ciphertext, m.key_id, m.client_id, m.kind, m.deleted)
