"""The storage interface every backend implements, and the errors it raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from .attachment_records import Attachment
from .models import (
    Changed,
    Conversation,
    Credentials,
    CursorMove,
    GroupChange,
    Message,
    ResealProgress,
    SealedMessage,
    Sent,
    SessionRecord,
    User,
)

if TYPE_CHECKING:
    from ..search.tokens import SearchTerms


class StorageError(Exception):
    """Base of the errors repositories raise (never a driver's own exception)."""


class NotFound(StorageError):
    pass


class Conflict(StorageError):
    """A unique value is taken (e.g. a username)."""


class NotAMember(StorageError):
    """The user is not (or no longer) a member of the conversation."""


class SendRefused(StorageError):
    """A direct message the other member cannot receive; `reason` says why."""

    BLOCKED_BY_SENDER = "blocked_by_sender"
    BLOCKED_BY_RECIPIENT = "blocked_by_recipient"
    RECIPIENT_INACTIVE = "recipient_inactive"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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

    def scan(self, after_id: str | None, limit: int) -> list[Credentials]:
        """Up to limit users after after_id in id order, with their password hashes."""
        ...

    def count(self, active: bool | None = None) -> int:
        """All users, or only the active (True) or inactive (False) ones."""
        ...

    def set_active(self, user_id: str, active: bool) -> User:
        """(De)activate; deactivating an inactive user keeps its deactivated_at. NotFound."""
        ...

    def deactivated_since(self, since: datetime) -> list[str]:
        """Ids of inactive users deactivated at or after `since` (indexed)."""
        ...

    def set_password(self, user_id: str, password_hash: str, kept_session: str | None) -> User:
        """Replace the password hash and end every session begun before (sessions_reset_at
        becomes now) except `kept_session`, the one that changed it (sessions_reset_by; None:
        an admin reset ends them all); the user after. NotFound."""
        ...

    def update_settings(self, user_id: str, changes: dict[str, bool | str]) -> User:
        """Store some of the user's settings (keys of DEFAULT_SETTINGS) and when they changed;
        the user after. NotFound."""
        ...

    def settings_changed_since(self, since: datetime) -> list[str]:
        """Ids of users whose settings changed at or after `since` (indexed)."""
        ...

    def set_full_name(self, user_id: str, full_name: str) -> User:
        """Rename; search finds the user by the new name's words, no longer the old. NotFound."""
        ...

    def set_avatar_url(self, user_id: str, avatar_url: str | None) -> User:
        """The user's picture (None: none); the user after. NotFound."""
        ...

    def set_last_seen(self, user_id: str, at: datetime) -> None:
        """Record when the user went offline (their last socket closed); never moves back.
        Unknown ids are ignored: the user may have been deleted meanwhile."""
        ...

    def sessions_reset_since(self, since: datetime) -> list[str]:
        """Ids of users whose sessions_reset_at is at or after `since` (indexed)."""
        ...

    def anonymise(self, user_id: str) -> User:
        """Strip to a placeholder: username DELETED_PREFIX + id, name DELETED_NAME, unusable
        password, no profile, not searchable, inactive. Idempotent; NotFound."""
        ...

    def insert_many(self, records: list[Credentials]) -> list[str]:
        """Store users as given (times, flags, hashes; ids are new); the new ids, in order."""
        ...


class ConversationRepo(Protocol):
    def direct_id(self, user_a: str, user_b: str) -> str:
        """The id of the pair's direct conversation, created if new. The send path needs no
        more: it reads no members, cursors or last message (nothing to decrypt)."""
        ...

    def get_or_create_direct(self, user_a: str, user_b: str) -> Conversation: ...

    def get(self, conversation_id: str) -> Conversation | None: ...

    def get_many(self, conversation_ids: list[str]) -> dict[str, Conversation]: ...

    def create_group(
        self, creator_id: str, title: str, member_ids: list[str], client_id: str
    ) -> tuple[Conversation, Message]:
        """A group owned by creator_id with the others as members, and its first message (a
        group_created system message, seq 1), written together."""
        ...

    def change_group(
        self, conversation_id: str, change: GroupChange, client_id: str
    ) -> tuple[Conversation, Message]:
        """Apply a membership, role or title change and record it as a system message with the
        next seq, in one write; the conversation after and the message. Added users see
        messages from that one on (re-adding starts a new window); removed ones keep what
        they could read, up to it. NotFound for an unknown group."""
        ...

    def advance_cursor(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> Conversation | None:
        """Move a current member's cursors forward only (read implies delivered; shown_read
        follows read when share_read); unread becomes the text messages from others after
        the new read cursor. The conversation after; None (nothing changes) for a non-member.
        """
        ...

    def receipt(
        self,
        conversation_id: str,
        user_id: str,
        read: int = 0,
        delivered: int = 0,
        share_read: bool = True,
    ) -> CursorMove | None:
        """advance_cursor for a member's receipt, costing one member's state rather than the
        whole conversation: the move, or None (nothing changes) for a non-member, an unknown
        conversation, or a seq above the conversation's last."""
        ...

    def set_muted(self, conversation_id: str, user_id: str, muted: bool) -> bool:
        """Mute or unmute the conversation for a current member; False for anyone else."""
        ...

    def contact_ids(self, user_id: str) -> list[str]:
        """Everyone who is a current member of a conversation user_id is a current member of."""
        ...

    def list_for_user(self, user_id: str, limit: int = 100) -> list[Conversation]:
        """Conversations user_id is or was a member of, most recently updated first."""
        ...

    def scan(
        self, after_id: str | None, limit: int, member_id: str | None = None
    ) -> list[Conversation]:
        """Up to limit conversations after after_id in id order (only member_id's if given)."""
        ...

    def count(self, idle_before: datetime | None = None) -> int:
        """All conversations, or those last updated before idle_before."""
        ...

    def idle_before(self, cutoff: datetime, limit: int) -> list[str]:
        """Ids of up to limit conversations last updated before cutoff, oldest first."""
        ...

    def delete(self, conversation_id: str) -> bool:
        """Delete a conversation with its members and any messages left; False if unknown.

        Delete big histories first with MessageRepo.delete_batch to keep writes short.
        """
        ...

    def refresh_last_message(self, conversation_id: str) -> None:
        """Point the last message at the highest seq stored (after deletions or an import);
        last_seq is raised to it if lower."""
        ...

    def insert_many(self, conversations: list[Conversation]) -> list[str]:
        """Store conversations as given (members, cursors, last_seq, times; ids are new;
        last_message is ignored: insert_sealed sets it); the new ids, in order."""
        ...


class MessageRepo(Protocol):
    # How far below a client's change cursor sync looks again: a change number up to this
    # many below one a reader has seen may still become visible after it (0 where a number is
    # taken in the transaction that writes its change, so numbers show in order).
    change_recheck: int

    def send(
        self,
        conversation_id: str,
        sender_id: str,
        text: str,
        client_id: str,
        direct_with: str | None = None,
        reply_to: int | None = None,
        mentions: tuple[str, ...] = (),
    ) -> Sent:
        """Store a text message with the conversation's next seq, if the sender is a current
        member (else NotAMember; NotFound for an unknown conversation) and, in a direct
        conversation, neither member blocked the other and the other is active (else
        SendRefused). A message with the same (sender_id, client_id) already stored is
        returned as is with created=False. Also moves the last message and time (unless a
        newer message is there), the sender's cursors to the new seq, and the unread counts.
        With direct_with, the conversation must be the direct one of the sender and that user
        (else NotFound): a remembered id is checked in the same write. The members in
        `mentions` get one more unread mention.
        """
        ...

    def get_many(self, message_ids: list[str]) -> dict[str, Message]:
        """The messages found among these ids (unknown or malformed ones are left out)."""
        ...

    def by_seqs(self, conversation_id: str, seqs: list[int]) -> dict[int, Message]:
        """The conversation's messages with these seqs (replies name their target by seq)."""
        ...

    def edit(self, message_id: str, editor_id: str, text: str) -> Changed:
        """Replace the text of editor_id's own, not deleted, text message (the old text is gone
        from storage); edited_at is now; the next change number. NotFound; Conflict if it is not
        theirs or is deleted."""
        ...

    def delete(self, message_id: str) -> Changed:
        """Make it a tombstone (no text, no ciphertext, no reactions; its seq kept) with the
        next change number; a tombstone is left as it is (changed=False). NotFound."""
        ...

    def react(
        self, message_id: str, user_id: str, emoji: str, on: bool, max_distinct: int
    ) -> Changed:
        """Add (on) or remove user_id's reaction; idempotent (changed=False when already so).
        Conflict on a deleted message, or a new emoji past max_distinct on it. NotFound."""
        ...

    def changed_after(
        self, conversation_id: str, after_change: int, until_seq: int | None, limit: int
    ) -> list[Message]:
        """Up to limit messages (seq <= until_seq) changed after that change number, in
        change order."""
        ...

    def after(
        self, conversation_id: str, after_seq: int, limit: int, until_seq: int | None = None
    ) -> list[Message]:
        """Up to limit messages with after_seq < seq <= until_seq, ascending by seq."""
        ...

    def senders(self, conversation_id: str, after_seq: int, until_seq: int) -> set[str]:
        """Who sent the text messages with after_seq < seq <= until_seq (index-bounded: keep
        the range short)."""
        ...

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt one batch (by id order) of messages not under the current key."""
        ...

    def page(
        self, conversation_id: str, before_seq: int | None, limit: int, after_seq: int = 0
    ) -> list[Message]:
        """The newest limit messages with after_seq < seq < before_seq (no upper bound when
        None), ascending by seq."""
        ...

    def scan_sealed(self, after_id: str | None, limit: int) -> list[SealedMessage]:
        """Up to limit stored messages after after_id in id order, still encrypted."""
        ...

    def count(self, since: datetime | None = None) -> int:
        """All messages, or those created at or after since."""
        ...

    def delete_batch(self, conversation_id: str, limit: int, sender_id: str | None = None) -> int:
        """Delete up to limit messages of a conversation (only sender_id's if given); how many.

        Does not touch the conversation: call refresh_last_message when it stays.
        """
        ...

    def insert_sealed(self, messages: list[SealedMessage]) -> int:
        """Store messages as given (ids are new; conversation and sender ids must exist here).

        Conversations are not touched: call ConversationRepo.refresh_last_message on each
        afterwards (once, not per batch). Returns how many cannot be decrypted with the
        configured keys (they are stored all the same).
        """
        ...


class RevocationRepo(Protocol):
    """Token or session ids ended before their expiry (logout, a rotated refresh token), kept
    until they would have expired anyway."""

    def revoke(self, jti: str, expires_at: datetime) -> None:
        """Idempotent: revoking again keeps the first revocation time."""
        ...

    def revoked_at(self, jti: str) -> datetime | None:
        """When it was first revoked (the epoch for records older than that field); None if it
        is not revoked."""
        ...

    def revoked_since(self, since: datetime) -> list[str]:
        """Ids revoked at or after `since` (indexed): every process polls this."""
        ...

    def scan(self, after_jti: str | None, limit: int) -> list[tuple[str, datetime]]:
        """Up to limit unexpired revocations (jti, expires_at) after after_jti, by jti."""
        ...


class SessionRepo(Protocol):
    """Sign-in sessions as their users see them: device, address, when started and last active.

    A description only: the tokens and RevocationRepo decide whether a session may be used.
    Records past their expires_at are purged as new ones are written (like revocations)."""

    def record(self, session: SessionRecord) -> None:
        """Store a new session, or move a stored one on (generation, last_active_at,
        expires_at, user agent, address; its user, start and end stay); then delete records
        past their expires_at."""
        ...

    def get(self, session_id: str) -> SessionRecord | None: ...

    def list_for_user(self, user_id: str, generation: int, limit: int) -> list[SessionRecord]:
        """Up to limit of the user's sessions not ended, not past expires_at and of this
        generation, most recently active first (indexed by user)."""
        ...

    def end(self, session_id: str) -> None:
        """Mark it ended now (kept until its expires_at); ending again keeps the first time;
        unknown ids are ignored."""
        ...


class BlockRepo(Protocol):
    """Who blocked whom: nothing (messages, presence) from the blocked user reaches the blocker."""

    def block(self, blocker_id: str, blocked_id: str) -> None:
        """Idempotent."""
        ...

    def unblock(self, blocker_id: str, blocked_id: str) -> None: ...

    def blocked_ids(self, blocker_id: str) -> list[str]:
        """Whom blocker_id blocked, oldest first."""
        ...

    def related(self, user_id: str) -> set[str]:
        """Everyone user_id blocked or was blocked by."""
        ...

    def blockers_between(self, user_a: str, user_b: str) -> set[str]:
        """Which of the two users blocked the other: empty, one of them, or both."""
        ...

    def scan(self, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        """Up to limit (blocker, blocked) pairs after `after`, in a stable order (export)."""
        ...


class AttachmentRepo(Protocol):
    """Uploaded files: a record, and the bytes sealed with the message keys in chunks (see
    attachment_sealing.py), never whole in memory. Sent with a message by claim, then bind."""

    def create(
        self, attachment: Attachment, content: Iterable[bytes], thumbnail: bytes | None
    ) -> Attachment:
        """Seal and store the file (its chunks) and thumbnail, then the record (key_id and
        has_thumbnail as stored); the attachment as stored."""
        ...

    def get_many(self, attachment_ids: list[str]) -> dict[str, Attachment]:
        """The attachments found among these ids (unknown ones are left out)."""
        ...

    def for_messages(self, message_ids: list[str]) -> dict[str, list[Attachment]]:
        """Message id → its attachments in upload order (messages without any are left out)."""
        ...

    def read(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        """The part's plaintext, chunk by chunk; Undecryptable when it cannot be opened."""
        ...

    def claim(
        self, attachment_ids: list[str], uploader_id: str, conversation_id: str, client_id: str
    ) -> bool:
        """Reserve all of them for the uploader's message client_id, or none (False): each must
        be the uploader's, of that conversation, and unclaimed or already claimed by it."""
        ...

    def release(self, uploader_id: str, client_id: str) -> None:
        """Undo a claim whose message was not stored (attachments already bound stay)."""
        ...

    def bind(self, uploader_id: str, client_id: str, message_id: str) -> None:
        """Attach the claimed ones to the stored message."""
        ...

    def delete_for_messages(self, message_ids: list[str]) -> int:
        """Delete these messages' attachments, bytes first; how many."""
        ...

    def delete_for_conversation(self, conversation_id: str) -> int: ...

    def delete_for_uploader(self, uploader_id: str) -> int:
        """Everything the user uploaded (their account is deleted with their messages)."""
        ...

    def delete_unsent(self, created_before: datetime) -> int:
        """Delete attachments never bound to a message, uploaded before the time; how many."""
        ...

    def used_bytes(self, uploader_id: str) -> int:
        """What the user's attachments take (file sizes), for the upload quota."""
        ...

    def scan(self, after_id: str | None, limit: int) -> list[Attachment]:
        """Up to limit attachments after after_id in id order (export)."""
        ...

    def reseal_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Re-encrypt one batch (by id order) of attachments not under the current key."""
        ...

    def sealed_frames(self, attachment: Attachment, part: str) -> Iterator[bytes]:
        """The part's chunks as stored, still encrypted (export)."""
        ...

    def insert_sealed(self, attachment: Attachment, parts: dict[str, list[bytes]]) -> None:
        """Store an exported attachment as it was: record (its sealed_name, key_id, claim and
        message as given) and each part's sealed chunks."""
        ...


class SearchIndexRepo(Protocol):
    """The blind index of text messages (keyed tokens of their words, see search/tokens.py).

    Sending, editing, deleting, re-encrypting, importing and purging keep it up to date; only
    equality on tokens is ever asked of the database."""

    def find(
        self,
        user_id: str,
        terms: SearchTerms,
        conversation_id: str | None,
        before_id: str | None,
        limit: int,
    ) -> list[Message]:
        """Up to limit messages holding a token of every term, in conversations the user is
        or was a member of and within what they may read there (visible_after < seq, up to
        left_seq), newest (highest id) first, ids below before_id. Candidates only: a token
        may collide, so the caller checks the text."""
        ...

    def reindex_batch(self, after_id: str | None, limit: int) -> ResealProgress:
        """Rebuild the tokens of one batch of messages (by id order): the backfill of messages
        stored before the index, or after a restore. Idempotent."""
        ...

    def catch_up(self) -> int:
        """Index the messages a send left to be indexed later, if the backend does that
        (SQLite: in batches, see sqlite/search_indexer.py; MongoDB: never); how many. A
        serving process calls it every half second; find() does first."""
        ...


class Store(Protocol):
    users: UserRepo
    conversations: ConversationRepo
    messages: MessageRepo
    revocations: RevocationRepo
    blocks: BlockRepo
    sessions: SessionRepo
    attachments: AttachmentRepo
    search: SearchIndexRepo

    def ping(self) -> None: ...

    def is_outage(self, err: BaseException) -> bool:
        """err means the database cannot be reached (worth retrying later), not a bad call."""
        ...

    def create_indexes(self) -> None:
        """Create the schema and indexes; idempotent."""
        ...

    def storage_size(self) -> int | None:
        """Bytes the data takes (files, or data + indexes); None when the server won't say."""
        ...

    def close(self) -> None: ...

    def drop_all(self) -> None:
        """Delete every record (tests only)."""
        ...
