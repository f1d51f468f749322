"""Plain records passed between storage and services: string ids, aware UTC datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

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
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"  # "+00:00" → Z


# What a user may choose (all privacy switches on by default); settings of a user are these
# keys with the stored values over the defaults.
THEMES = ("system", "light", "dark")
DEFAULT_SETTINGS: Mapping[str, bool | str] = {
    "share_typing": True,
    "share_read_receipts": True,
    "notifications": True,  # a browser notification for a new message while the tab is hidden
    "sound": True,  # with a short sound
    "theme": "system",
}


def _valid(key: str, value: object) -> bool:
    default = DEFAULT_SETTINGS[key]
    if isinstance(default, bool):
        return isinstance(value, bool)
    return value in THEMES


def with_defaults(stored: Mapping[str, object]) -> dict[str, bool | str]:
    """Stored settings over the defaults; unknown or mistyped keys are ignored."""
    return {k: v if _valid(k, v := stored.get(k)) else d for k, d in DEFAULT_SETTINGS.items()}


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
    settings: Mapping[str, bool | str] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))

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


# Conversation kinds, member roles and the system messages that record every group change.
DIRECT, GROUP = "direct", "group"
OWNER, ADMIN, MEMBER = "owner", "admin", "member"
ROLES = (OWNER, ADMIN, MEMBER)
TEXT, SYSTEM = "text", "system"
GROUP_CREATED = "group_created"
MEMBER_ADDED = "member_added"
MEMBER_REMOVED = "member_removed"
MEMBER_LEFT = "member_left"
TITLE_CHANGED = "title_changed"
ROLE_CHANGED = "role_changed"
SYSTEM_EVENTS = (
    GROUP_CREATED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MEMBER_LEFT,
    TITLE_CHANGED,
    ROLE_CHANGED,
)


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    seq: int
    sender_id: str  # a system message's actor
    text: str | None  # None: deleted, or stored text that could not be decrypted (logged)
    client_id: str
    created_at: datetime
    kind: str = TEXT
    event: str | None = None  # system messages: one of SYSTEM_EVENTS
    target_ids: tuple[str, ...] = ()  # system messages: whom it is about
    edited_at: datetime | None = None
    deleted: bool = False  # a tombstone: no text, no reactions, its seq kept
    reactions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # emoji → user ids
    reply_to: int | None = None  # the seq of the message this one answers (same conversation)
    mentions: tuple[str, ...] = ()  # user ids named with @
    change_seq: int = 0  # the conversation's change number of its last edit, deletion, reaction

    def public(self, viewer_id: str | None = None) -> dict[str, object]:
        """The wire shape; with a viewer, reactions say which are theirs (`mine`)."""
        view: dict[str, object] = {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "seq": self.seq,
            "sender_id": self.sender_id,
            "kind": self.kind,
            "text": self.text,
            "client_id": self.client_id,
            "created_at": iso(self.created_at),
        }
        if self.kind == SYSTEM:
            view.update(event=self.event, actor_id=self.sender_id, target_ids=list(self.target_ids))
            return view
        view.update(
            edited_at=iso(self.edited_at) if self.edited_at else None,
            deleted=self.deleted,
            reactions=[
                {
                    "emoji": emoji,
                    "count": len(users),
                    "user_ids": list(users),
                    **({"mine": viewer_id in users} if viewer_id is not None else {}),
                }
                for emoji, users in self.reactions.items()
                if users
            ],
            mentions=list(self.mentions),
            change_seq=self.change_seq,
        )
        return view


@dataclass(frozen=True)
class Cursor:
    """How far one member has read and received a conversation, by seq; only moves forward.

    `unread` counts text messages from others after `read` (kept by the store, so neither a
    seq gap nor a system message counts). `shown_read` is how far others may see this member
    has read: it stays behind `read` while the member does not share read receipts, and
    sending moves it (a sender has obviously seen the conversation up to their message)."""

    read: int = 0
    delivered: int = 0
    unread: int = 0
    shown_read: int = 0
    unread_mentions: int = 0  # those unread that name this member


@dataclass(frozen=True)
class Member:
    """Someone who is or was in a conversation, and which of its messages they may read."""

    role: str = MEMBER
    visible_after: int = 0  # messages with a higher seq; a new member sees their arrival on
    left_seq: int | None = None  # None while a member; after leaving, messages up to it
    joined_at: datetime | None = None
    muted: bool = False  # no notifications but for mentions; the badge shows greyed

    @property
    def current(self) -> bool:
        return self.left_seq is None

    def sees(self, seq: int) -> bool:
        return seq > self.visible_after and (self.left_seq is None or seq <= self.left_seq)


@dataclass(frozen=True)
class Conversation:
    id: str
    member_ids: tuple[str, ...]  # current members, sorted
    last_message: Message | None
    updated_at: datetime
    last_seq: int = 0
    cursors: Mapping[str, Cursor] = field(default_factory=dict)
    created_at: datetime | None = None
    kind: str = DIRECT
    title: str | None = None
    members: Mapping[str, Member] = field(default_factory=dict)  # current and former
    last_change: int = 0  # the latest change number (edits, deletions, reactions)

    def other_member(self, user_id: str) -> str:
        return next((m for m in self.member_ids if m != user_id), user_id)

    def cursor(self, user_id: str) -> Cursor:
        return self.cursors.get(user_id, Cursor())

    def member(self, user_id: str) -> Member | None:
        """Current or former; a direct conversation's members always are current."""
        found = self.members.get(user_id)
        if found is None and user_id in self.member_ids:
            return Member()
        return found

    def role(self, user_id: str) -> str | None:
        member = self.member(user_id)
        return member.role if member and member.current else None

    def unread(self, user_id: str) -> int:
        """Text messages from others after the member's read cursor (0 after leaving)."""
        member = self.member(user_id)
        return self.cursor(user_id).unread if member and member.current else 0

    def unread_mentions(self, user_id: str) -> int:
        member = self.member(user_id)
        return self.cursor(user_id).unread_mentions if member and member.current else 0


@dataclass(frozen=True)
class CursorMove:
    """A receipt's effect: the member's cursors before and after, and what the others are told
    with it (who they are, how far all of them got), without reading every member's state."""

    before: Cursor
    after: Cursor
    member_ids: tuple[str, ...]  # current members, sorted
    delivered_by_all: int  # the lowest delivered cursor of the current members
    read_by_all: int  # the lowest shown_read cursor


class Sent(NamedTuple):
    """What a send stored: the message, whether it is new, and who is in the conversation."""

    message: Message
    created: bool
    member_ids: tuple[str, ...]


class Changed(NamedTuple):
    """A message after an edit, deletion or reaction, who is in its conversation, and whether
    anything changed (a repeated deletion or reaction changes nothing)."""

    message: Message
    member_ids: tuple[str, ...]
    changed: bool = True


@dataclass(frozen=True)
class GroupChange:
    """One change to a group, recorded by one system message in the same write."""

    event: str
    actor_id: str
    target_ids: tuple[str, ...] = ()
    add: tuple[str, ...] = ()  # become members (role member), seeing history from here on
    remove: tuple[str, ...] = ()  # stop being members; keep what they could read until here
    roles: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None  # the new title
    detail: str | None = None  # the system message's text: the new title or role


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
    kind: str = TEXT
    event: str | None = None
    target_ids: tuple[str, ...] = ()
    edited_at: datetime | None = None
    deleted: bool = False
    reactions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reply_to: int | None = None
    mentions: tuple[str, ...] = ()
    change_seq: int = 0


@dataclass(frozen=True)
class ResealProgress:
    """One batch of a key rotation: where to continue (None when done) and what happened."""

    next_after: str | None
    resealed: int
    failed: int


@dataclass(frozen=True)
class SessionRecord:
    """A sign-in session as its user sees it (GET /api/auth/sessions). Only a description:
    whether a session may still be used is for its tokens and the revocations to say."""

    id: str  # the tokens' "session" claim
    user_id: str
    generation: int  # User.session_generation it was last continued in
    started_at: datetime
    last_active_at: datetime  # sign-in or its latest refresh (not every request: fewer writes)
    expires_at: datetime  # its idle or absolute end, whichever comes first, as of last_active_at
    user_agent: str  # as the browser sent it (bounded by the caller)
    address: str | None  # the client address it was last active from
    ended_at: datetime | None = None  # signed out, or ended from another session

    def listed(self, generation: int, now: datetime) -> bool:
        """Still a session of the user: not ended, not past its end, not of an older generation
        (a password change since)."""
        return self.ended_at is None and self.expires_at > now and self.generation == generation
