"""The commands as an operator runs them: `flask --app chat …` processes on a DATA_DIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from chat.crypto import KeyRing, new_key, parse_key
from chat.storage import open_store
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def environment(data_dir: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO", "REDIS", "APP_"))}
    # As in production (JSON logs, on stderr). Empty values shadow a developer's .env.
    env.update(
        APP_ENV="production",
        JWT_SECRET="a-production-like-secret-of-more-than-32-chars",
        DATA_DIR=str(data_dir),
        MESSAGE_ENCRYPTION_KEY=key,
        MONGO_DB_URI="",
        REDIS_URL="",
    )
    return env


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "chat", *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def stdout_json(output: str) -> dict:
    return json.loads(output)  # the whole of stdout: log lines go to stderr


def test_an_operator_session(tmp_path: Path) -> None:
    key = new_key()
    live, moved = environment(tmp_path / "live", key), environment(tmp_path / "moved", key)
    assert flask(live, "db", "init").returncode == 0
    for name in ("ann", "bob"):
        created = flask(live, "users", "create", name, "--password-stdin", stdin=PASSWORD)
        assert created.returncode == 0, created.stderr
    store = open_store(None, tmp_path / "live", KeyRing(parse_key(key)))
    ann, bob = (store.users.credentials(n).user.id for n in ("ann", "bob"))
    conv = store.conversations.get_or_create_direct(ann, bob)
    for i in range(3):
        store.messages.send(conv.id, ann, f"hello {i}", f"client-{i:04d}")
    store.close()

    exporter = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "chat", "export", "-"],
        env=live,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    imported = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "chat", "import", "-"],
        stdin=exporter.stdout,
        env=moved,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exporter.wait(60) == 0
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 users, 1 conversations, 3 messages, 0 revocations" in imported.stdout
    assert "before the header" not in imported.stderr  # log lines go to stderr, not the pipe
    stats = stdout_json(flask(moved, "stats", "--json").stdout)
    assert (stats["users"], stats["conversations"], stats["messages"]) == (2, 1, 3)
    assert stats["messages_today"] == 3 and stats["storage_bytes"] > 0

    unknown = flask(live, "users", "show", "nobody")
    assert unknown.returncode == 1 and "Error: no user with username or id" in unknown.stderr
    unconfirmed = flask(live, "users", "delete", "ann", stdin="")
    assert unconfirmed.returncode == 1 and "Aborted" in unconfirmed.stderr
    bad = flask(live, "conversations", "purge", "--older-than", "soon")
    assert bad.returncode == 2
