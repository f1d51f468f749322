"""`flask db init`, `flask stats` and `flask conversations purge` through click's runner."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
import redis

from chat.admin.stats import count_online
from chat.realtime.online_directory import RedisDirectory
from chat.storage import Store
from chat.storage.models import utcnow
from tests.redis_server import RedisServer


def chat(store: Store, a: str, b: str, count: int) -> str:
    conv = store.conversations.get_or_create_direct(a, b)
    for i in range(count):
        store.messages.send(conv.id, a if i % 2 else b, f"m{i}", f"c-{conv.id}-{i:04d}")
    return conv.id


def users(store: Store, *names: str) -> list[str]:
    return [store.users.create(n, n.title(), "h").id for n in names]


def test_db_init_is_idempotent(cli, app_store: Store) -> None:
    for _ in range(2):
        result = cli("db", "init")
        assert result.exit_code == 0, result.output
        assert "schema and indexes are in place" in result.output
    assert app_store.users.count() == 0


def test_stats_counts(cli, app_store: Store) -> None:
    ann, bob, cat = users(app_store, "ann", "bob", "cat")
    chat(app_store, ann, bob, 3)
    chat(app_store, bob, cat, 2)
    app_store.users.set_active(cat, False)
    figures = json.loads(cli("stats", "--json").output)
    assert figures["storage_bytes"] is None or figures["storage_bytes"] > 0
    del figures["storage_bytes"]
    assert figures == {
        "users": 3,
        "active_users": 2,
        "conversations": 2,
        "messages": 5,
        "messages_today": 5,
        "online": None,
    }
    text = cli("stats")
    assert text.exit_code == 0
    assert "users: 3 (2 active, 1 inactive)" in text.output
    assert "online: n/a from the CLI" in text.output
    assert "messages: 5 (today UTC: 5)" in text.output
    assert "storage: " in text.output


def test_online_counts_users_of_live_processes_once() -> None:
    server = RedisServer()
    try:
        client = redis.Redis.from_url(server.url)
        assert count_online(client) == 0
        first, second = RedisDirectory(client, "p1"), RedisDirectory(client, "p2")
        first.user_connected("u1")
        first.user_connected("u2")
        second.user_connected("u2")
        dead = RedisDirectory(client, "p3")
        dead.user_connected("u3")
        client.delete("chat:presence:alive:p3")  # as if killed: its liveness key expired
        assert count_online(client) == 2
        client.close()
    finally:
        server.stop()


def test_purge_deletes_idle_conversations_in_batches(cli, app_store: Store, monkeypatch) -> None:
    ann, bob, cat, dan = users(app_store, "ann", "bob", "cat", "dan")
    old = [chat(app_store, ann, bob, 9), chat(app_store, ann, cat, 0), chat(app_store, bob, cat, 4)]
    time.sleep(0.01)
    cutoff = utcnow()
    time.sleep(0.01)
    kept = chat(app_store, ann, dan, 2)
    monkeypatch.setattr("chat.cli.utcnow", lambda: cutoff + timedelta(days=90))

    dry = cli("conversations", "purge", "--older-than", "90d", "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("3 conversation(s) idle since before")
    declined = cli("conversations", "purge", "--older-than", "90d", input="n\n")
    assert declined.exit_code == 1 and app_store.conversations.count() == 4

    result = cli("conversations", "purge", "--older-than", "90d", "--yes", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "purged 3 conversation(s), 13 message(s)" in result.output
    assert app_store.conversations.get_many(old) == {}
    assert app_store.conversations.count() == 1 and app_store.messages.count() == 2
    assert [m.text for m in app_store.messages.page(kept, None, 10)] == ["m0", "m1"]
    again = cli("conversations", "purge", "--older-than", "90d", "--yes")
    assert again.exit_code == 0 and again.output.startswith("0 conversation(s)")


@pytest.mark.parametrize("bad", ["90", "d", "-1d", "3y", "1.5h"])
def test_purge_refuses_a_bad_duration(cli, bad: str) -> None:
    result = cli("conversations", "purge", "--older-than", bad, "--yes")
    assert result.exit_code == 2 and "--older-than" in result.output


def test_every_command_and_option_has_help(app) -> None:
    def walk(command, path):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    ours = ("users", "conversations", "db", "stats", "export", "import", "keys")
    for name in ours:
        for path, command in walk(app.cli.get_command(None, name), [name]):
            assert command.help, path
            for param in command.params:
                if param.param_type_name == "option" and param.name != "help":
                    assert param.help, (path, param.name)
