"""Message text encryption at rest: AES-256-GCM with a key ring and a key id on every message."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .config import ConfigError

log = logging.getLogger(__name__)

NONCE_BYTES = 12
KEY_FILE = "message-encryption.key"
SEARCH_KEY_INFO = b"chat search index v1"  # HKDF purpose: the blind index key of a message key


class KeyConfigError(ConfigError):
    """A message encryption key is malformed or missing."""


class Undecryptable(Exception):
    """Stored text cannot be decrypted: unknown key id, wrong key or damaged data."""


def key_id(key: bytes) -> str:
    """A short public name for a key (not reversible to the key)."""
    return hashlib.sha256(b"chat message key id\0" + key).hexdigest()[:12]


def parse_key(encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as err:
        raise KeyConfigError("MESSAGE_ENCRYPTION_KEY is not valid base64") from err
    if len(key) != 32:
        raise KeyConfigError(f"a message encryption key must be 32 bytes, not {len(key)}")
    return key


def new_key() -> str:
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


class KeyRing:
    """Encrypts with the current key; decrypts with any key it holds, found by key id."""

    def __init__(self, current: bytes, older: list[bytes] | None = None) -> None:
        self.current_id = key_id(current)
        self._keys = {key_id(k): AESGCM(k) for k in [*(older or []), current]}
        self._search_keys = {key_id(k): _search_key(k) for k in [current, *(older or [])]}

    def search_key(self, kid: str) -> bytes | None:
        """The blind index key belonging to a message key (None for a key not held)."""
        return self._search_keys.get(kid)

    def search_keys(self) -> list[bytes]:
        """Every blind index key held, the current key's first."""
        return list(self._search_keys.values())

    def encrypt(self, text: str, associated: str) -> tuple[bytes, str]:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self.current_id].encrypt(nonce, text.encode(), associated.encode())
        return nonce + sealed, self.current_id

    def decrypt(self, blob: bytes, kid: str, associated: str) -> str:
        aead = self._keys.get(kid)
        if aead is None:
            raise Undecryptable(f"no key with id {kid} is configured")
        try:
            nonce, sealed = bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:])
            return aead.decrypt(nonce, sealed, associated.encode()).decode()
        except (InvalidTag, ValueError) as err:
            raise Undecryptable(
                f"key {kid} does not open this message (wrong key or damage)"
            ) from err

    def seal_bytes(self, data: bytes, associated: bytes) -> bytes:
        """nonce || sealed data under the current key (its id is self.current_id)."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._keys[self.current_id].encrypt(nonce, data, associated)

    def open_bytes(self, blob: bytes, kid: str, associated: bytes) -> bytes:
        aead = self._keys.get(kid)
        if aead is None:
            raise Undecryptable(f"no key with id {kid} is configured")
        try:
            return aead.decrypt(bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), associated)
        except (InvalidTag, ValueError) as err:
            raise Undecryptable(f"key {kid} does not open this data (wrong key or damage)") from err

    def open_or_none(self, blob: bytes, kid: str, associated: str, what: str) -> str | None:
        """Decrypt, or log the reason and return None so one bad message never breaks a page."""
        try:
            return self.decrypt(blob, kid, associated)
        except Undecryptable as err:
            log.error("cannot decrypt %s: %s", what, err)
            return None


def _search_key(key: bytes) -> bytes:
    """A separate key for the search index: knowing it reveals nothing of the message key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEARCH_KEY_INFO).derive(key)


def load_key_ring(
    configured: str | None, older: list[str], data_dir: Path, production: bool
) -> KeyRing:
    """The configured key, or (outside production) one generated once into the data directory."""
    old_keys = [parse_key(k) for k in older]
    if configured:
        return KeyRing(parse_key(configured), old_keys)
    if production:
        raise KeyConfigError(
            "MESSAGE_ENCRYPTION_KEY is required when APP_ENV=production "
            "(base64 of 32 random bytes: flask keys generate)"
        )
    path = Path(data_dir) / KEY_FILE
    if _create_key_file(path):
        log.warning(
            "MESSAGE_ENCRYPTION_KEY is not set: generated one into %s; back it up, or messages "
            "become unreadable. Set MESSAGE_ENCRYPTION_KEY in production.",
            path,
        )
    return KeyRing(parse_key(path.read_text()), old_keys)


def _create_key_file(path: Path) -> bool:
    """Write a new key unless one exists; True if written. Linking a finished temporary file
    makes it atomic, so a process starting at the same time never reads a half-written key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(new_key() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
