"""Key handling for message encryption."""

from __future__ import annotations

import stat

import pytest

from chat.crypto import (
    KEY_FILE,
    KeyConfigError,
    KeyRing,
    Undecryptable,
    load_key_ring,
    new_key,
    parse_key,
)


def test_production_without_a_key_refuses_to_start(tmp_path) -> None:
    with pytest.raises(KeyConfigError, match="MESSAGE_ENCRYPTION_KEY"):
        load_key_ring(None, [], tmp_path, production=True)
    assert not (tmp_path / KEY_FILE).exists()


def test_development_generates_one_private_key_once(tmp_path, caplog) -> None:
    first = load_key_ring(None, [], tmp_path, production=False)
    second = load_key_ring(None, [], tmp_path, production=False)
    assert first.current_id == second.current_id
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert "generated" in caplog.text


@pytest.mark.parametrize("bad", ["not base64!", "c2hvcnQ=", ""])
def test_malformed_keys_are_clear_errors(bad) -> None:
    with pytest.raises(KeyConfigError):
        parse_key(bad)


def test_ciphertext_is_bound_to_its_message_and_key() -> None:
    ring = KeyRing(parse_key(new_key()))
    blob, kid = ring.encrypt("hello", "message:a")
    assert ring.decrypt(blob, kid, "message:a") == "hello"
    with pytest.raises(Undecryptable):
        ring.decrypt(blob, kid, "message:b")
    with pytest.raises(Undecryptable):
        ring.decrypt(blob[:-1] + bytes([blob[-1] ^ 1]), kid, "message:a")
    assert ring.encrypt("hello", "message:a")[0] != blob  # a fresh nonce every time
