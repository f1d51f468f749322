"""Moving a deployment between backends: export from one, import into the other, nothing lost.

Runs whenever MongoDB is among the selected backends (always in CI); without MONGO_TEST_URI
it fails loudly like every MongoDB test. CHAT_TEST_BACKENDS=sqlite leaves it out on purpose.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from chat import create_app
from chat.config import Settings
from tests import backends
from tests.conftest import JWT_SECRET
from tests.helpers import PASSWORD

from .population import app_store, key_of, populate, settings_for
from .snapshots import snapshot

PAIRS = [("sqlite", "mongo"), ("mongo", "sqlite")] if "mongo" in backends.selected() else []
BASE = Settings(app_env="test", jwt_secret=JWT_SECRET, ratelimit_enabled=False)


@pytest.fixture
def apps(request: pytest.FixtureRequest, tmp_path: Path):
    source_backend, target_backend = request.param
    source = create_app(settings_for(source_backend, tmp_path / "source", BASE))
    key = key_of(replace(BASE, data_dir=tmp_path / "source"))
    target = create_app(
        replace(settings_for(target_backend, tmp_path / "target", BASE), message_key=key)
    )
    yield source, target
    for app in (source, target):
        app_store(app).drop_all()
        app_store(app).close()


@pytest.mark.parametrize("apps", PAIRS, indirect=True, ids=lambda p: "-to-".join(p))
def test_history_survives_a_move_between_backends(apps, tmp_path: Path) -> None:
    source, target = apps
    populate(source)
    before = snapshot(app_store(source))
    path = tmp_path / "move.jsonl"
    exported = source.test_cli_runner().invoke(args=["export", str(path), "--batch-size", "8"])
    assert exported.exit_code == 0, exported.output
    imported = target.test_cli_runner().invoke(args=["import", str(path), "--batch-size", "8"])
    assert imported.exit_code == 0, imported.output
    assert "imported 6 users, 4 conversations, 37 messages, 1 revocations" in imported.output

    after = snapshot(app_store(target))
    assert after == before  # users, histories (decrypted texts, seqs, order), cursors, counts
    assert after["counts"] == (6, 4, 4, 37)
    ann_bob = after["conversations"][("ann", "bob")]
    assert ann_bob["unread"] == {"ann": 0, "bob": 2} and len(ann_bob["history"]) == 30
    assert [seq for seq, *_ in ann_bob["history"]] == list(range(1, 31))

    client = target.test_client()
    login = client.post("/api/auth/login", json={"username": "ann", "password": PASSWORD})
    assert login.status_code == 200
    listed = client.get("/api/conversations").get_json()["conversations"]
    by_other = {c["other"]["username"]: c for c in listed}
    assert sorted(by_other) == ["bob", "cat", "eve"]
    assert by_other["bob"]["last_message"]["seq"] == 30 and by_other["bob"]["peer_read_seq"] == 28
    disabled = client.post("/api/auth/login", json={"username": "cat", "password": PASSWORD})
    assert disabled.status_code == 403

    store = app_store(target)
    conv = store.conversations.get_or_create_direct(
        store.users.credentials("ann").user.id, store.users.credentials("bob").user.id
    )
    message, created, _ = store.messages.send(
        conv.id, conv.member_ids[0], "after the move", "moved-1"
    )
    assert created and message.seq == 31
    assert json.loads(path.read_text().splitlines()[0])["format"] == "chat-export"
