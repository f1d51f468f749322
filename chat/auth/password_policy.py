"""Password rules per OWASP ASVS 4.0.3 V2.1: length, not a common password, no composition rules."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ApiError

MAX_LENGTH = 128


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from real breaches.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str, min_length: int, username: str = "") -> None:
    """Raise a 400 naming the rule when the password may not be used. Any Unicode is fine."""
    problems = []
    if not min_length <= len(password) <= MAX_LENGTH:
        problems.append(f"Use {min_length} to {MAX_LENGTH} characters")
    folded = password.casefold()
    if folded in _common_passwords() or (username and folded == username.casefold()):
        problems.append("This password is too common or guessable; choose another")
    if problems:
        raise ApiError(400, "weak_password", problems[0], {"password": problems})
