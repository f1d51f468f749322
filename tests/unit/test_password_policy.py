"""Password policy per ASVS V2.1: length 12..128, any Unicode, no common passwords."""

from __future__ import annotations

import pytest

from chat.auth.password_policy import check_password
from chat.errors import ApiError


@pytest.mark.parametrize(
    "password",
    ["twelve chars", "пароль-достаточно-длинный", "🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐", "x" * 128],
)
def test_long_enough_uncommon_passwords_are_accepted(password) -> None:
    check_password(password, 12)


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("eleven char", "12 to 128"),
        ("x" * 129, "12 to 128"),
        ("qazwsxedcrfv", "too common"),
        ("1qaz2wsx3edc", "too common"),
        ("Annabelle_1985", "too common"),  # the username itself
    ],
)
def test_short_long_common_or_username_passwords_are_refused(password, rule) -> None:
    with pytest.raises(ApiError) as err:
        check_password(password, 12, username="annabelle_1985")
    assert err.value.status == 400 and rule in " ".join(err.value.fields["password"])


def test_minimum_is_configurable() -> None:
    check_password("short pass", 8)
    with pytest.raises(ApiError):
        check_password("short pass", 16)
