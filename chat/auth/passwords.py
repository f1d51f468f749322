"""Password hashing with argon2id; hashing runs off the event loop so logins never stall chat."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..blocking import run_blocking

# Cheap parameters for the test suite only; production uses argon2-cffi's RFC 9106 defaults.
TEST_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


class Passwords:
    def __init__(self, testing: bool = False) -> None:
        self._hasher = PasswordHasher(**TEST_PARAMS) if testing else PasswordHasher()
        self._dummy_hash = self._hasher.hash("timing equaliser for unknown users")

    def hash(self, password: str) -> str:
        return run_blocking(self._hasher.hash, password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when password matches; an unknown user costs the same time as a wrong password."""
        try:
            return run_blocking(
                self._hasher.verify, password_hash or self._dummy_hash, password
            ) and (password_hash is not None)
        except (VerificationError, InvalidHashError):
            return False
