"""Plain records passed between storage and services: string ids, aware UTC datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

UNUSABLE_PASSWORD_HASH = "!"  # not an argon2 hash: verifying any password against it fails
# A deleted account keeps a placeholder row (its conversations with others stay readable for
# them): username DELETED_PREFIX + its id. "-" is not allowed in usernames, so it never clashes.
DELETED_PREFIX = "deleted-"
DELETED_NAME = "Deleted user"


def utcnow() -> datetime:
    """Now in UTC, truncated to milliseconds (what MongoDB stores)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class User:
    id: str
    username: str
    full_name: str
    gender: str | None
    avatar_url: str | None
    created_at: datetime
    active: bool = True  # False: deactivated by an admin (or deleted); sign-in is refused
    deactivated_at: datetime | None = None  # set exactly while inactive
    sessions_reset_at: datetime | None = None  # last password change: older sessions ended
    sessions_reset_by: str | None = None  # the session that changed it, which goes on
    last_seen_at: datetime | None = None  # when the last socket closed; shown to contacts only

    @property
    def session_generation(self) -> int:
        """Sessions carry the generation they began in; a password change starts a new one.

        Compared for equality only, so clocks of different hosts never matter.
        """
        at = self.sessions_reset_at
        return 0 if at is None else round(at.timestamp() * 1000)

    @property
    def deleted(self) -> bool:
        """Anonymised by an account deletion (see UserRepo.anonymise)."""
        return not self.active and self.username.startswith(DELETED_PREFIX)

    def public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "username": self.username,
            "full_name": self.full_name,
            "gender": self.gender,
            "avatar_url": self.avatar_url,
        }


@dataclass(frozen=True)
class Credentials:
    user: User
    password_hash: str


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    seq: int
    sender_id: str
    text: str | None  # None: stored text could not be decrypted (logged where it happened)
    client_id: str
    created_at: datetime

    def public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "seq": self.seq,
            "sender_id": self.sender_id,
            "text": self.text,
            "client_id": self.client_id,
            "created_at": iso(self.created_at),
        }


@dataclass(frozen=True)
class Cursor:
    """How far one member has read and received a conversation, by seq; only moves forward."""

    read: int = 0
    delivered: int = 0


@dataclass(frozen=True)
class Conversation:
    id: str
    member_ids: tuple[str, ...]
    last_message: Message | None
    updated_at: datetime
    last_seq: int = 0
    cursors: Mapping[str, Cursor] = field(default_factory=dict)
    created_at: datetime | None = None

    def other_member(self, user_id: str) -> str:
        return next((m for m in self.member_ids if m != user_id), user_id)

    def cursor(self, user_id: str) -> Cursor:
        return self.cursors.get(user_id, Cursor())

    def unread(self, user_id: str) -> int:
        """Messages after the member's read cursor; sending moves it, so all are from others.

        A seq gap (a write that failed after taking its number) counts until read past.
        """
        return max(0, self.last_seq - self.cursor(user_id).read)


@dataclass(frozen=True)
class SealedMessage:
    """A message as stored, ciphertext and key id instead of text (export and import)."""

    id: str
    conversation_id: str
    seq: int
    sender_id: str
    client_id: str
    ciphertext: bytes
    key_id: str
    created_at: datetime


@dataclass(frozen=True)
class ResealProgress:
    """One batch of a key rotation: where to continue (None when done) and what happened."""

    next_after: str | None
    resealed: int
    failed: int
