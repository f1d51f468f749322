"""`flask keys` commands through click's runner."""

from __future__ import annotations

from dataclasses import replace

from chat import create_app
from chat.attachments.images import DOWNLOAD
from chat.crypto import load_key_ring, new_key, parse_key
from chat.storage import get_store
from chat.storage.attachment_records import FILE, Attachment
from chat.storage.models import utcnow

from .population import direct_chat


def test_generate_prints_a_usable_key(app) -> None:
    result = app.test_cli_runner().invoke(args=["keys", "generate"])
    assert result.exit_code == 0
    assert len(parse_key(result.output.strip())) == 32


def test_rotate_moves_every_message_to_the_new_key(settings, tmp_path) -> None:
    old = load_key_ring(None, [], settings.data_dir, production=False)
    old_encoded = (settings.data_dir / "message-encryption.key").read_text().strip()
    first = create_app(settings)
    with first.app_context():
        store = get_store()
        ann, _, conv = direct_chat(store, [f"m{i}" for i in range(5)])
        draft = Attachment("a" * 24, conv.id, ann.id, "plan.txt", 4, DOWNLOAD, utcnow(), "")
        store.attachments.create(draft, [b"plan"], None)
    fresh = new_key()
    rotating = create_app(replace(settings, message_key=fresh, message_old_keys=[old_encoded]))
    result = rotating.test_cli_runner().invoke(args=["keys", "rotate", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 5 message(s); 0 could not be decrypted" in result.output
    assert "re-encrypted 1 attachment(s); 0 could not be decrypted" in result.output

    only_new = create_app(replace(settings, message_key=fresh))
    with only_new.app_context():
        assert [m.text for m in get_store().messages.page(conv.id, None, 10)] == [
            f"m{i}" for i in range(5)
        ]
        attachment = get_store().attachments.get_many(["a" * 24])["a" * 24]
        assert attachment.name == "plan.txt"
        assert b"".join(get_store().attachments.read(attachment, FILE)) == b"plan"
        get_store().drop_all()
    assert old.current_id != load_key_ring(fresh, [], tmp_path, production=False).current_id


def test_rotate_without_the_old_key_fails_loudly(app, settings) -> None:
    with app.app_context():
        direct_chat(get_store(), ["lost"])
    orphan = create_app(replace(settings, message_key=new_key()))
    result = orphan.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code != 0
    assert "could not be decrypted" in result.output
