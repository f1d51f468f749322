"""Signing up, signing in, changing the password; no Flask request in here."""

from __future__ import annotations

from typing import Any

from ..errors import ApiError
from ..storage import Conflict, Store
from ..storage.models import User
from .password_policy import check_password
from .passwords import Passwords


def sign_up(
    store: Store, passwords: Passwords, data: dict[str, Any], min_password_length: int
) -> User:
    check_password(data["password"], min_password_length, data["username"])
    try:
        return store.users.create(
            username=data["username"],
            full_name=data["full_name"],
            password_hash=passwords.hash(data["password"]),
            gender=data.get("gender"),
            avatar_url=data.get("avatar_url"),
        )
    except Conflict as err:
        raise ApiError(
            409, "username_taken", "This username is taken", {"username": ["Already taken"]}
        ) from err


def authenticate(store: Store, passwords: Passwords, username: str, password: str) -> User:
    """The same answer, in about the same time, for an unknown user and a wrong password.

    A deactivated account is told so only after a correct password, so guessers learn nothing.
    """
    found = store.users.credentials(username)
    if not passwords.verify(found.password_hash if found else None, password) or found is None:
        raise ApiError(401, "invalid_credentials", "Wrong username or password")
    if not found.user.active:
        raise ApiError(403, "account_disabled", "This account is disabled")
    return found.user


def change_password(
    store: Store,
    passwords: Passwords,
    user: User,
    session_id: str,
    data: dict[str, Any],
    min_password_length: int,
) -> User:
    """Check the current password, then store the new one, which ends every other session of
    the user (the caller carries `session_id` on with new tokens); the user after."""
    found = store.users.credentials(user.username)
    if found is None or not passwords.verify(found.password_hash, data["current_password"]):
        raise ApiError(
            400, "wrong_password", "The current password is wrong", {"current_password": ["Wrong"]}
        )
    try:
        check_password(data["new_password"], min_password_length, user.username)
    except ApiError as err:  # name the field of this form
        fields = {"new_password": (err.fields or {}).get("password", [err.message])}
        raise ApiError(err.status, err.code, err.message, fields) from err
    new_hash = passwords.hash(data["new_password"])
    return store.users.set_password(user.id, new_hash, kept_session=session_id)
