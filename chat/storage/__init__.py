"""Storage selection: MongoDB when MONGO_DB_URI is set, else the embedded SQLite default."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app

from ..crypto import KeyRing
from .base import Conflict, NotFound, StorageError, Store
from .health import init_health

__all__ = ["Conflict", "NotFound", "Store", "StorageError", "get_store", "init_app", "open_store"]

log = logging.getLogger(__name__)
EXTENSION_KEY = "chat.store"


def open_store(mongo_uri: str | None, data_dir: Path, ring: KeyRing) -> Store:
    if mongo_uri:
        from .mongo import MongoStore

        store = MongoStore(mongo_uri, ring)
        store.create_indexes()
        return store
    from .sqlite import SqliteStore

    return SqliteStore(Path(data_dir) / "chat.sqlite3", ring)


def init_app(app: Flask, ring: KeyRing) -> None:
    store = open_store(app.config["MONGO_DB_URI"], app.config["DATA_DIR"], ring)
    app.extensions[EXTENSION_KEY] = store
    init_health(app)
    log.info("storage backend=%s", type(store).__name__)


def get_store() -> Store:
    return current_app.extensions[EXTENSION_KEY]
