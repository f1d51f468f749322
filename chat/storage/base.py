"""The storage interface every backend implements, and the errors it raises."""

from __future__ import annotations

from typing import Protocol

from .models import Conversation, Credentials, Message, User


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

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        """Conversations of user_id, most recently updated first."""
        ...


class MessageRepo(Protocol):
    def add(
        self, conversation_id: str, sender_id: str, text: str, client_id: str
    ) -> tuple[Message, bool]:
        """Store a message with the conversation's next seq; (message, created).

        A message with the same (sender_id, client_id) already stored is returned as is
        with created=False. Also updates the conversation's last message and time.
        """
        ...

    def page(self, conversation_id: str, before_seq: int | None, limit: int) -> list[Message]:
        """Up to limit messages with seq < before_seq (all when None), ascending by seq."""
        ...


class Store(Protocol):
    users: UserRepo
    conversations: ConversationRepo
    messages: MessageRepo

    def ping(self) -> None: ...

    def close(self) -> None: ...

    def drop_all(self) -> None:
        """Delete every record (tests only)."""
        ...
