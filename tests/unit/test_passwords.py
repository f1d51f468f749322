"""Passwords are stored only as argon2id hashes."""

from __future__ import annotations

from chat.auth.passwords import Passwords


def test_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    passwords = Passwords(testing=True)
    hashed = passwords.hash("correct horse battery")
    assert hashed.startswith("$argon2id$") and "correct" not in hashed
    assert passwords.verify(hashed, "correct horse battery")
    assert not passwords.verify(hashed, "wrong horse battery")


def test_same_password_hashes_differently_each_time() -> None:
    passwords = Passwords(testing=True)
    assert passwords.hash("same password") != passwords.hash("same password")


def test_unknown_user_and_garbage_hash_never_verify() -> None:
    passwords = Passwords(testing=True)
    assert not passwords.verify(None, "anything")
    assert not passwords.verify("not-a-hash", "anything")


def test_production_parameters_are_memory_hard() -> None:
    hashed = Passwords().hash("x")
    assert "m=65536" in hashed
