"""A store worth migrating: users in every state, histories with cursors, blocks, a revoked
session."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask import Flask

from chat import create_app
from chat.config import Settings
from chat.crypto import KEY_FILE
from chat.storage import EXTENSION_KEY, Store
from chat.storage.models import Conversation, User
from tests import backends
from tests.helpers import csrf_headers, signup


def settings_for(backend: str, data_dir: Path, template: Settings) -> Settings:
    """Settings of an app on `backend` with its own empty store (a fresh MongoDB database)."""
    uri = backends.mongo_uri(backends.fresh_database_name()) if backend == "mongo" else None
    return replace(template, data_dir=data_dir, mongo_db_uri=uri)


def key_of(settings: Settings) -> str:
    """The message key an app of these settings generated (the importing side needs it)."""
    return settings.message_key or (Path(settings.data_dir) / KEY_FILE).read_text().strip()


def app_store(app: Flask) -> Store:
    return app.extensions[EXTENSION_KEY]


def direct_chat(store: Store, texts: list[str]) -> tuple[User, User, Conversation]:
    """Ann and Bob, and their direct conversation in which Ann sent these texts."""
    ann, bob = store.users.create("ann", "Ann", "h"), store.users.create("bob", "Bob", "h")
    conv = store.conversations.get_or_create_direct(ann.id, bob.id)
    for i, text in enumerate(texts):
        store.messages.send(conv.id, ann.id, text, f"client-{i:04d}")
    return ann, bob, conv


def populate(app: Flask) -> None:
    store = app_store(app)
    clients = {name: app.test_client() for name in ("ann", "bob", "cat", "dan", "eve")}
    ids = {name: signup(client, name)["id"] for name, client in clients.items()}
    gia = store.users.create("gia", "Gia Rossi", "hash", gender="female", avatar_url="https://x/g")
    store.users.set_password(gia.id, "hash-gia", kept_session="gia-laptop")  # sessions reset

    def talk(a: str, b: str, count: int) -> str:
        conv = store.conversations.get_or_create_direct(ids[a], ids[b])
        for i in range(count):
            sender = ids[a] if i % 3 else ids[b]
            store.messages.send(conv.id, sender, f"{a}→{b} #{i} ✓", f"{a}-{b}-{i:04d}")
        return conv.id

    with_bob = talk("ann", "bob", 30)
    store.conversations.advance_cursor(with_bob, ids["bob"], read=20, delivered=25)
    store.conversations.advance_cursor(with_bob, ids["ann"], delivered=29)
    talk("ann", "cat", 5)
    talk("bob", "dan", 4)
    store.conversations.get_or_create_direct(ids["ann"], ids["eve"])  # never used
    store.users.set_active(ids["cat"], False)
    store.blocks.block(ids["eve"], ids["bob"])
    store.blocks.block(ids["ann"], ids["eve"])
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "delete", "dan", "--yes"]).exit_code == 0
    eve = clients["eve"]
    assert eve.post("/api/auth/logout", headers=csrf_headers(eve)).status_code == 200


def app_on(settings: Settings) -> Flask:
    return create_app(settings)
