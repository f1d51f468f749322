"""Password hashing with argon2id; hashing runs off the event loop so logins never stall chat."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")

# Cheap parameters for the test suite only; production uses argon2-cffi's RFC 9106 defaults.
TEST_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def _off_loop(fn: Callable[..., T], *args: object) -> T:
    """Run CPU-heavy work in a real OS thread when eventlet is patched in, else inline."""
    try:
        from eventlet import patcher, tpool
    except ImportError:  # pragma: no cover - eventlet is a hard dependency
        return fn(*args)
    if patcher.is_monkey_patched("thread"):
        return tpool.execute(fn, *args)
    return fn(*args)


class Passwords:
    def __init__(self, testing: bool = False) -> None:
        self._hasher = PasswordHasher(**TEST_PARAMS) if testing else PasswordHasher()
        self._dummy_hash = self._hasher.hash("timing equaliser for unknown users")

    def hash(self, password: str) -> str:
        return _off_loop(self._hasher.hash, password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when password matches; an unknown user costs the same time as a wrong password."""
        try:
            return _off_loop(self._hasher.verify, password_hash or self._dummy_hash, password) and (
                password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False
