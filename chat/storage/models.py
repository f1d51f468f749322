"""Plain records passed between storage and services: string ids, aware UTC datetimes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


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
    text: str
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
class Conversation:
    id: str
    member_ids: tuple[str, ...]
    last_message: Message | None
    updated_at: datetime

    def other_member(self, user_id: str) -> str:
        return next((m for m in self.member_ids if m != user_id), user_id)
