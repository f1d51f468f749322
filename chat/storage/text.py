"""Text normalisation shared by every backend, so search behaves the same everywhere."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case-insensitive form used for unique usernames and prefix search."""
    return text.casefold()


def search_words(username: str, full_name: str) -> list[str]:
    """Words a user can be found by: the username and each word of the full name."""
    words = [fold(username)] + [fold(w) for w in _WORD.findall(full_name)]
    return list(dict.fromkeys(words))


def direct_key(user_a: str, user_b: str) -> str:
    """The one key of the 1:1 conversation between two users, whatever the order."""
    return ":".join(sorted((user_a, user_b)))
