"""The storage interface every backend implements, and the errors it raises."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from .models import Conversation, Credentials, Cursor, Message, ResealProgress, User


class StorageError(Exception):
    """Base of the errors repositories raise (never a driver's own exception)."""


class NotFound(StorageError):
    pass


class Conflict(StorageError):
    """A unique value is taken (e.g. a username)."""


class UserRepo(Protocol):
    def create(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        gender: str | None = None,
        avatar_url: str | None = None,
    ) -> User: ...

    def get(self, user_id: str) -> User | None: ...

    def get_many(self, user_ids: list[str]) -> dict[str, User]: ...

    def credentials(self, username: str) -> Credentials | None:
        """Look up by username, ignoring case."""
        ...

    def search(self, prefix: str, limit: int, exclude_id: str | None = None) -> list[User]:
        """Users whose username or full name starts with prefix (ignoring case)."""
        ...


class ConversationRepo(Protocol):
    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation: ...

    def get(self, conversation_id: str) -> Conversation | None: ...

    def get_many(self, conversation_ids: list[str]) -> dict[str, Conversation]: ...

    def advance_cursor(
        self, conversation_id: str, user_id: str, read: int = 0, delivered: int = 0
    ) -> Cursor:
        """Move a member's cursors forward only (read implies delivered); the cursors after.

        A non-member gets Cursor() and nothing changes.
        """
        ...

    def contact_ids(self, user_id: str) -> list[str]:
        """Everyone who shares a conversation with user_id."""
        ...

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        """Conversations of user_id, most recently updated first."""
        ...


class MessageRepo(Protocol):
    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        """Store a message with the conversation's next seq; (message, created).

        A message with the same (sender_id, client_id) already stored is returned as is
        with created=False. Also updates the conversation's last message and time, and moves
        the sender's cursors to the new seq.
        """
        ...

    def after(self, conversation_id: str, after_seq: int, limit: int) -> list[Message]:
        """Up to limit messages with seq > after_seq, ascending by seq."""
        ...

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt one batch (by id order) of messages not under the current key."""
        ...

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        """Up to limit messages with seq < before_seq (all when None), ascending by seq."""
        ...


class RevocationRepo(Protocol):
    """Session tokens ended before their expiry (logout), kept until they would have expired."""

    def revoke(self, jti: str, expires_at: datetime) -> None: ...

    def is_revoked(self, jti: str) -> bool: ...


class Store(Protocol):
    users: UserRepo
    conversations: ConversationRepo
    messages: MessageRepo
    revocations: RevocationRepo

    def ping(self) -> None: ...

    def close(self) -> None: ...

    def drop_all(self) -> None:
        """Delete every record (tests only)."""
        ...
