"""Accounts: create, find, (de)activate, reset passwords, delete by the documented policy."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import ValidationError

from ..auth.password_policy import check_password
from ..auth.passwords import Passwords
from ..auth.schemas import USERNAME
from ..conversations.groups import remove_member
from ..errors import ApiError
from ..storage import Conflict, Store
from ..storage.models import GROUP, Conversation, User
from . import AdminError
from .cleanup import delete_messages, purge_conversation

GENDERS = ("male", "female", "other")


@dataclass
class DeleteReport:
    placeholder: str  # the account's username from now on
    messages: int = 0
    conversations_deleted: int = 0
    conversations_kept: int = 0


def find_user(store: Store, ref: str) -> User:
    """By username (ignoring case), else by id."""
    creds = store.users.credentials(ref)
    user = creds.user if creds else store.users.get(ref)
    if user is None:
        raise AdminError(f"no user with username or id {ref!r}")
    return user


def checked_password(password: str, min_length: int, username: str) -> str:
    """The password, if the signup policy accepts it."""
    try:
        check_password(password, min_length, username)
    except ApiError as err:
        raise AdminError(f"password refused: {err.message}") from err
    return password


def create_account(
    store: Store,
    passwords: Passwords,
    username: str,
    full_name: str,
    password: str,
    gender: str | None = None,
) -> User:
    try:
        USERNAME(username)
    except ValidationError as err:
        raise AdminError(f"username refused: {' '.join(err.messages)}") from err
    if not 1 <= len(full_name.strip()) <= 80:
        raise AdminError("the full name must be 1 to 80 characters")
    try:
        return store.users.create(username, full_name.strip(), passwords.hash(password), gender)
    except Conflict as err:
        raise AdminError(f"username {username!r} is taken") from err


def not_deleted(user: User) -> User:
    if user.deleted:
        raise AdminError(f"{user.username} is a deleted account and cannot be changed")
    return user


def reset_password(store: Store, passwords: Passwords, user: User, password: str) -> None:
    """New hash; every session of the user ends (its sockets within a second, chat/serving.py)."""
    store.users.set_password(not_deleted(user).id, passwords.hash(password), kept_session=None)


def delete_account(store: Store, user: User, batch: int) -> DeleteReport:
    """Delete a user's data by the policy in the README (idempotent: safe to run again).

    The account becomes an inactive placeholder first, so it cannot sign in while the rest
    runs. Then, per conversation: if the other member is deleted too (or it is a conversation
    with oneself), the whole conversation goes; otherwise only the user's own messages go,
    and the other member keeps theirs, with their unread count cleared of the removed ones.
    """
    report, after = DeleteReport(store.users.anonymise(user.id).username), None
    while page := store.conversations.scan(after, batch, member_id=user.id):
        for conversation in page:
            _leave(store, conversation, user.id, batch, report)
        after = page[-1].id
    store.attachments.delete_for_uploader(user.id)  # their messages are gone: their files too
    return report


def _leave(
    store: Store, conversation: Conversation, user_id: str, batch: int, report: DeleteReport
) -> None:
    """Take a deleted user out of one conversation (see delete_account)."""
    if conversation.kind == GROUP:
        _leave_group(store, conversation, user_id, batch, report)
        return
    other_id = conversation.other_member(user_id)
    other = store.users.get(other_id) if other_id != user_id else None
    if other is None or other.deleted:
        report.messages += purge_conversation(store, conversation.id, batch)
        report.conversations_deleted += 1
        return
    report.messages += delete_messages(store, conversation.id, batch, sender_id=user_id)
    store.conversations.refresh_last_message(conversation.id)
    # Sending moves your own read cursor, so every message after the other member's read
    # cursor was the deleted user's: nothing is left for them to read.
    store.conversations.advance_cursor(conversation.id, other_id, read=conversation.last_seq)
    report.conversations_kept += 1


def _leave_group(
    store: Store, group: Conversation, user_id: str, batch: int, report: DeleteReport
) -> None:
    """The deleted user's messages go, they leave the group (ownership handed on as when an
    owner leaves), and the others' unread counts are counted again without those messages."""
    report.messages += delete_messages(store, group.id, batch, sender_id=user_id)
    if user_id in group.member_ids:
        remove_member(store, user_id, group.id, user_id)
    store.conversations.refresh_last_message(group.id)
    after = store.conversations.get(group.id)
    for member in after.member_ids if after else ():
        cursor = after.cursor(member)
        store.conversations.advance_cursor(group.id, member, read=max(1, cursor.read))
    report.conversations_kept += 1
